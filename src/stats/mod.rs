//! Mergeable accumulators and the [`Estimate`] every result is reported with.
//!
//! Accumulators merge with Chan et al.'s pairwise update, so a run split over threads or shards
//! gives the same numbers as long as the merge order is fixed (the runner guarantees it).

pub mod fit;
mod histogram;
pub mod rank;
mod scaled;

pub use histogram::LogHistogram;
pub use scaled::{Scaled, binary_exponent, ldexp};

use serde::{Deserialize, Serialize};
use statrs::distribution::{ContinuousCDF, Normal, StudentsT};

/// A point estimate with its standard error and 95% confidence interval.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Estimate {
    /// Point estimate.
    pub mean: f64,
    /// Standard error of the point estimate.
    pub std_error: f64,
    /// Two-sided 95% confidence interval.
    pub ci95: [f64; 2],
    /// Degrees of freedom of the Student t interval (replications − 1).
    #[serde(skip)]
    pub dof: f64,
}

impl Estimate {
    /// Student t interval around `mean` with standard error `std_error` and `dof` degrees of freedom.
    pub fn new(mean: f64, std_error: f64, dof: f64) -> Self {
        let mut e = Self { mean, std_error, ci95: [mean, mean], dof };
        e.ci95 = e.ci(0.95);
        e
    }

    /// The two-sided confidence interval at `level` (e.g. 0.999).
    pub fn ci(&self, level: f64) -> [f64; 2] {
        let half = t_quantile(0.5 + level / 2.0, self.dof) * self.std_error;
        [self.mean - half, self.mean + half]
    }

    /// True when `x` lies in the two-sided interval at `level`.
    pub fn contains(&self, x: f64, level: f64) -> bool {
        let [lo, hi] = self.ci(level);
        lo <= x && x <= hi
    }

    /// Applies a monotone increasing function to the point and the interval ends (e.g. unit
    /// conversion); the standard error is scaled by the derivative at the mean, `slope`.
    pub fn map_increasing(&self, f: impl Fn(f64) -> f64, slope: f64) -> Self {
        Self { mean: f(self.mean), std_error: self.std_error * slope.abs(), ci95: [f(self.ci95[0]), f(self.ci95[1])], dof: self.dof }
    }
}

/// Quantile of Student's t distribution with `dof` degrees of freedom (the normal quantile
/// when `dof` is infinite).
///
/// statrs inverts the regularised incomplete beta function, which is exact but slow, and does
/// not converge, for very large `dof`; from 100 degrees of freedom on, the Cornish–Fisher
/// expansion in 1/ν (Abramowitz & Stegun 26.7.5) is used instead, accurate to better than 1e-8.
pub fn t_quantile(p: f64, dof: f64) -> f64 {
    let z = Normal::standard().inverse_cdf(p);
    if !(1.0..100.0).contains(&dof) {
        if !dof.is_finite() {
            return z;
        }
        let v = dof.max(100.0);
        let (z3, z5, z7) = (z.powi(3), z.powi(5), z.powi(7));
        return z
            + (z3 + z) / (4.0 * v)
            + (5.0 * z5 + 16.0 * z3 + 3.0 * z) / (96.0 * v * v)
            + (3.0 * z7 + 19.0 * z5 + 17.0 * z3 - 15.0 * z) / (384.0 * v * v * v);
    }
    StudentsT::new(0.0, 1.0, dof).map(|t| t.inverse_cdf(p)).unwrap_or(f64::NAN)
}

/// ln of the `p`-quantile of Gamma(`shape`, 1) (shape > 0, 0 < p < 1); −∞ where the quantile is
/// below the smallest normal double. The quantile of Gamma(shape, rate T) is this one less
/// ln T, so no T, however extreme, enters the search.
///
/// statrs' gamma quantile halves its bracket to 0 and panics when a quantile is tiny, and its
/// incomplete gamma function sums one term per unit of the shape; here the regularised
/// incomplete gamma function is bisected on ln x up to a shape of 10⁴, and from there the
/// Wilson–Hilferty approximation, (X/k)^(1/3) ≈ N(1 − 1/9k, 1/9k) (Johnson, Kotz &
/// Balakrishnan, *Continuous Univariate Distributions*, vol. 1, 2nd ed., 1994, §17.5), is used,
/// whose relative error there is below 1e-6.
pub fn ln_gamma_quantile(shape: f64, p: f64) -> f64 {
    if shape >= 1e4 {
        let z = Normal::standard().inverse_cdf(p);
        let nine_k = 9.0 * shape;
        return shape.ln() + 3.0 * (-1.0 / nine_k + z / nine_k.sqrt()).ln_1p();
    }
    // Both ends are normal, finite doubles, where statrs' function is defined (it takes a
    // subnormal x for 0).
    let cdf = |ln_x: f64| statrs::function::gamma::checked_gamma_lr(shape, ln_x.exp()).unwrap_or(f64::NAN);
    let (mut low, mut high) = (f64::MIN_POSITIVE.ln(), f64::MAX.ln());
    if cdf(low) >= p {
        return f64::NEG_INFINITY;
    }
    if cdf(high) < p {
        return f64::INFINITY;
    }
    for _ in 0..200 {
        let middle = 0.5 * (low + high);
        if cdf(middle) < p {
            low = middle;
        } else {
            high = middle;
        }
        if high - low <= 1e-13 * (1.0 + low.abs()) {
            break;
        }
    }
    0.5 * (low + high)
}

/// Running count, mean and sum of squared deviations (Welford), mergeable.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Moments {
    /// Number of observations.
    pub n: u64,
    /// Their mean.
    pub mean: f64,
    /// Sum of squared deviations from the mean.
    pub m2: f64,
}

impl Moments {
    /// Adds one observation.
    pub fn push(&mut self, x: f64) {
        self.n += 1;
        let d = x - self.mean;
        self.mean += d / self.n as f64;
        self.m2 += d * (x - self.mean);
    }

    /// Adds all observations of `other` (Chan, Golub & LeVeque 1979).
    pub fn merge(&mut self, other: &Self) {
        if other.n == 0 {
            return;
        }
        if self.n == 0 {
            *self = *other;
            return;
        }
        let n = self.n + other.n;
        let d = other.mean - self.mean;
        let w = other.n as f64 / n as f64;
        self.mean += d * w;
        self.m2 += other.m2 + d * d * self.n as f64 * w;
        self.n = n;
    }

    /// Sample variance (n − 1 in the denominator); 0 with fewer than two observations.
    pub fn variance(&self) -> f64 {
        if self.n < 2 { 0.0 } else { self.m2 / (self.n - 1) as f64 }
    }

    /// The mean as an [`Estimate`] with the standard error √(s²/n).
    pub fn estimate(&self) -> Estimate {
        let se = if self.n < 2 { f64::NAN } else { (self.variance() / self.n as f64).sqrt() };
        Estimate::new(self.mean, se, self.n.saturating_sub(1) as f64)
    }
}

/// Paired observations (x, y) for a ratio estimator ΣY/ΣX, e.g. MDT = downtime / failures.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct PairedMoments {
    /// Number of pairs.
    pub n: u64,
    /// Mean of x.
    pub mean_x: f64,
    /// Mean of y.
    pub mean_y: f64,
    /// Sum of squared deviations of x.
    pub m2_x: f64,
    /// Sum of squared deviations of y.
    pub m2_y: f64,
    /// Sum of cross deviations.
    pub c_xy: f64,
}

impl PairedMoments {
    /// Adds one pair.
    pub fn push(&mut self, x: f64, y: f64) {
        self.merge(&Self { n: 1, mean_x: x, mean_y: y, ..Self::default() });
    }

    /// Adds all pairs of `other`.
    pub fn merge(&mut self, other: &Self) {
        if other.n == 0 {
            return;
        }
        if self.n == 0 {
            *self = *other;
            return;
        }
        let n = self.n + other.n;
        let (na, nb) = (self.n as f64, other.n as f64);
        let dx = other.mean_x - self.mean_x;
        let dy = other.mean_y - self.mean_y;
        let f = na * nb / n as f64;
        self.m2_x += other.m2_x + dx * dx * f;
        self.m2_y += other.m2_y + dy * dy * f;
        self.c_xy += other.c_xy + dx * dy * f;
        self.mean_x += dx * nb / n as f64;
        self.mean_y += dy * nb / n as f64;
        self.n = n;
    }

    /// The ratio R = ȳ/x̄ with the delta-method standard error
    /// SE(R) = √(s²_y − 2R s_xy + R² s²_x) / (x̄ √n) (e.g. Cochran, *Sampling Techniques*, §6.4).
    /// `None` when x̄ = 0 (no event in any replication: the ratio is not estimable).
    pub fn ratio(&self) -> Option<Estimate> {
        if self.n == 0 || self.mean_x <= 0.0 {
            return None;
        }
        let r = self.mean_y / self.mean_x;
        let se = if self.n < 2 {
            f64::NAN
        } else {
            let k = (self.n - 1) as f64;
            let var = (self.m2_y - 2.0 * r * self.c_xy + r * r * self.m2_x) / k;
            (var.max(0.0) / self.n as f64).sqrt() / self.mean_x
        };
        Some(Estimate::new(r, se, self.n.saturating_sub(1) as f64))
    }
}

/// A proportion with its Wilson score interval (good near 0 and 1, unlike the normal interval).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Proportion {
    /// Observed fraction.
    pub mean: f64,
    /// Wilson 95% interval.
    pub ci95: [f64; 2],
}

impl Proportion {
    /// `successes` out of `trials` (trials > 0).
    pub fn wilson(successes: u64, trials: u64) -> Self {
        let n = trials as f64;
        let p = successes as f64 / n;
        let z = t_quantile(0.975, f64::INFINITY);
        let denom = 1.0 + z * z / n;
        let centre = (p + z * z / (2.0 * n)) / denom;
        let half = z * (p * (1.0 - p) / n + z * z / (4.0 * n * n)).sqrt() / denom;
        Self { mean: p, ci95: [(centre - half).max(0.0), (centre + half).min(1.0)] }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gamma_quantiles_match_statrs_in_range_and_stay_finite_beyond_it() {
        for shape in [0.5, 1.0, 3.0, 50.0, 2000.0] {
            let gamma = statrs::distribution::Gamma::new(shape, 1.0).expect("gamma");
            for p in [0.05, 0.5, 0.95] {
                let (ours, theirs) = (ln_gamma_quantile(shape, p).exp(), gamma.inverse_cdf(p));
                assert!((ours - theirs).abs() < 1e-9 * theirs, "shape {shape}, p {p}: {ours} vs {theirs}");
            }
        }
        // Both sides of the switch to Wilson–Hilferty agree to 1e-6.
        for p in [0.05, 0.95] {
            let (below, above) = (ln_gamma_quantile(9999.999, p), ln_gamma_quantile(1e4, p));
            assert!((below - above).abs() < 1e-6, "p {p}: {below} vs {above}");
        }
        // A tiny shape puts both quantiles below the smallest double; a huge one within ulps of it.
        assert_eq!(ln_gamma_quantile(1e-300, 0.95), f64::NEG_INFINITY);
        let huge = ln_gamma_quantile(1e300, 0.05);
        assert!((huge - 1e300f64.ln()).abs() < 1e-12, "{huge}");
    }

    #[test]
    fn merged_moments_equal_one_pass_moments() {
        let xs: Vec<f64> = (0..100).map(|i| (i as f64 * 0.37).sin() + 2.0).collect();
        let mut all = Moments::default();
        xs.iter().for_each(|&x| all.push(x));
        let (mut a, mut b) = (Moments::default(), Moments::default());
        xs[..37].iter().for_each(|&x| a.push(x));
        xs[37..].iter().for_each(|&x| b.push(x));
        a.merge(&b);
        assert_eq!(a.n, all.n);
        assert!((a.mean - all.mean).abs() < 1e-14);
        assert!((a.m2 - all.m2).abs() < 1e-12);
    }

    #[test]
    fn ratio_of_proportional_pairs_has_zero_error() {
        let mut p = PairedMoments::default();
        for x in [1.0, 2.0, 5.0] {
            p.push(x, 3.0 * x);
        }
        let r = p.ratio().unwrap();
        assert!((r.mean - 3.0).abs() < 1e-14);
        // Zero up to the square root of rounding error.
        assert!(r.std_error < 1e-6);
        assert!(PairedMoments::default().ratio().is_none());
    }

    #[test]
    fn student_t_quantile_matches_tables() {
        assert!((t_quantile(0.975, 10.0) - 2.228_138_851_986_27).abs() < 1e-6);
        assert!((t_quantile(0.975, f64::INFINITY) - 1.959_963_984_540_054).abs() < 1e-9);
        // Across the switch to the expansion: t(0.9995, 99) and t(0.9995, 100) from tables.
        assert!((t_quantile(0.9995, 99.0) - 3.391_529_576).abs() < 1e-6);
        assert!((t_quantile(0.9995, 100.0) - 3.390_491_311).abs() < 1e-6);
        assert!((t_quantile(0.975, 1e9) - 1.959_963_984_540_054).abs() < 1e-8);
    }

    #[test]
    fn wilson_interval_stays_inside_zero_one() {
        let p = Proportion::wilson(0, 50);
        assert_eq!(p.ci95[0], 0.0);
        assert!(p.ci95[1] > 0.0 && p.ci95[1] < 0.1);
    }
}
