//! Time-dependent exact answers for independent components, from the structure function.
//!
//! With independent components the system's point availability at time t is the structure's
//! reliability polynomial h evaluated at the components' point availabilities A_i(t)
//! (Barlow & Proschan 1975, ch. 2): independence holds at every instant. A_i(t) is known in
//! closed form for
//! - an exponential failure with an exponential repair, from new:
//!   A_i(t) = μ/(λ+μ) + λ/(λ+μ)·e^{−(λ+μ)t};
//! - a non-repairable component with any failure law: A_i(t) = S_i(t), its survival function.
//!
//! The expected unavailability over the simulation window is then ∫ U(t) dt / L, integrated
//! numerically (adaptive Gauss–Kronrod 7–15 on panels that grow geometrically from the start,
//! so the early transient is resolved). When every component is non-repairable, the system
//! never comes back once down, so R(t) = A(t) and MTTFF = ∫₀^∞ A(t) dt.

use super::bdd::Flat;
use super::extended::Ext;
use super::structure::Structure;
use crate::model::{Distribution, System};

/// How one component's point availability is known.
#[derive(Debug, Clone)]
enum Law {
    /// Exponential failure (rate λ) and repair (rate μ).
    Alternating { lambda: f64, mu: f64 },
    /// No repair: A(t) = S(t).
    NonRepairable(Distribution),
}

/// Point availability over time for a system of independent components.
#[derive(Debug)]
pub struct Transient {
    /// The structure function, laid out flat once: it is evaluated hundreds of times.
    flat: Flat,
    laws: Vec<Law>,
}

impl Transient {
    /// `None` when some component's A_i(t) has no closed form here (a repairable component
    /// whose failure or repair is not exponential: its renewal function is not elementary).
    pub fn new(system: &System, structure: &Structure) -> Option<Self> {
        let laws = system
            .components()
            .iter()
            .map(|c| match &c.repair {
                None => Some(Law::NonRepairable(c.failure.clone())),
                Some(_) => Some(Law::Alternating { lambda: c.failure.exponential_rate()?, mu: c.restoration_rate()? }),
            })
            .collect::<Option<Vec<_>>>()?;
        Some(Self { flat: structure.bdd.flatten(structure.root), laws })
    }

    /// Whether no component is ever repaired (the system's first failure is its last).
    pub fn all_non_repairable(&self) -> bool {
        self.laws.iter().all(|l| matches!(l, Law::NonRepairable(_)))
    }

    /// (A(t), U(t)) of the system at time t from new.
    pub fn point(&self, t: f64) -> (f64, f64) {
        let (p, q) = self.components(t);
        self.flat.probability(&p, &q)
    }

    /// [`Transient::point`] in extended range (the same figures when they are within f64's).
    pub fn point_ext(&self, t: f64) -> (Ext, Ext) {
        let (p, q) = self.components(t);
        let ext = |v: Vec<f64>| v.into_iter().map(Ext::from_f64).collect::<Vec<_>>();
        self.flat.probability_ext(&ext(p), &ext(q))
    }

    /// Every component's (A_i(t), U_i(t)) at time t from new.
    pub fn components(&self, t: f64) -> (Vec<f64>, Vec<f64>) {
        self.laws
            .iter()
            .map(|law| match law {
                Law::Alternating { lambda, mu } => {
                    let s = lambda + mu;
                    let decay = (-s * t).exp();
                    (mu / s + lambda / s * decay, -lambda / s * (-s * t).exp_m1())
                }
                Law::NonRepairable(d) => (d.survival(t), d.cdf(t)),
            })
            .unzip()
    }

    /// Times at which the integrand changes character: geometric steps from `from` at a
    /// fraction of each component's time scale, and the jumps of fixed or empirical laws.
    fn panels(&self, from: f64, to: f64) -> Vec<f64> {
        let mut points = vec![from, to];
        let mut scales = Vec::new();
        for law in &self.laws {
            match law {
                Law::Alternating { lambda, mu } => scales.push(1.0 / (lambda + mu)),
                Law::NonRepairable(d) => {
                    scales.push(d.mean());
                    points.extend(d.breakpoints());
                }
            }
        }
        let smallest = scales.iter().copied().fold(f64::INFINITY, f64::min);
        if smallest.is_finite() && smallest > 0.0 {
            let mut h = smallest / 64.0;
            while from + h < to {
                points.push(from + h);
                h *= 2.0;
            }
        }
        points.retain(|&t| t >= from && t <= to);
        points.sort_by(f64::total_cmp);
        points.dedup();
        points
    }

    /// Expected fraction of [from, to] during which the system is down, starting new at 0.
    pub fn window_unavailability(&self, from: f64, to: f64) -> f64 {
        let points = self.panels(from, to);
        let total: f64 = points.windows(2).map(|w| integrate(&|t| self.point(t).1, w[0], w[1], 1e-12, 20)).sum();
        total / (to - from)
    }

    /// Mean time to first failure when no component is repaired: ∫₀^∞ R(t) dt with R = A.
    pub fn non_repairable_mttff(&self) -> f64 {
        let scale = self
            .laws
            .iter()
            .map(|l| match l {
                Law::NonRepairable(d) => d.mean(),
                Law::Alternating { lambda, mu } => 1.0 / (lambda + mu),
            })
            .fold(f64::INFINITY, f64::min);
        let points = self.panels(0.0, scale);
        let mut end = scale;
        let mut total: f64 = points.windows(2).map(|w| integrate(&|t| self.point(t).0, w[0], w[1], 1e-13, 20)).sum();
        // Double the panel until the survival left is negligible, splitting at the jumps of
        // fixed, uniform and empirical laws.
        for _ in 0..200 {
            let next = end * 2.0;
            let part: f64 = self.panels(end, next).windows(2).map(|w| integrate(&|t| self.point(t).0, w[0], w[1], 1e-13, 20)).sum();
            total += part;
            end = next;
            if self.point(end).0 * end < 1e-15 * total {
                break;
            }
        }
        total
    }
}

/// Gauss–Kronrod 7–15 nodes on [−1, 1] (the Kronrod nodes; odd ones are Gauss nodes).
const XGK: [f64; 8] = [
    0.991_455_371_120_812_6,
    0.949_107_912_342_758_5,
    0.864_864_423_359_769_1,
    0.741_531_185_599_394_4,
    0.586_087_235_467_691_1,
    0.405_845_151_377_397_2,
    0.207_784_955_007_898_5,
    0.0,
];
const WGK: [f64; 8] = [
    0.022_935_322_010_529_22,
    0.063_092_092_629_978_55,
    0.104_790_010_322_250_2,
    0.140_653_259_715_525_9,
    0.169_004_726_639_267_9,
    0.190_350_578_064_785_4,
    0.204_432_940_075_298_9,
    0.209_482_141_084_728,
];
const WG: [f64; 4] = [0.129_484_966_168_869_7, 0.279_705_391_489_276_7, 0.381_830_050_505_118_9, 0.417_959_183_673_469_4];

/// ∫_a^b f by adaptive Gauss–Kronrod 7–15 (Piessens et al., QUADPACK, 1983): a panel is
/// accepted when the Gauss and Kronrod sums agree to `rel` of the Kronrod sum, else halved.
pub(crate) fn integrate(f: &dyn Fn(f64) -> f64, a: f64, b: f64, rel: f64, depth: u32) -> f64 {
    let centre = 0.5 * (a + b);
    let half = 0.5 * (b - a);
    let mut kronrod = WGK[7] * f(centre);
    let mut gauss = WG[3] * f(centre);
    for j in 0..7 {
        let dx = half * XGK[j];
        let sum = f(centre - dx) + f(centre + dx);
        kronrod += WGK[j] * sum;
        if j % 2 == 1 {
            gauss += WG[j / 2] * sum;
        }
    }
    let (kronrod, gauss) = (kronrod * half, gauss * half);
    // Accepted at `rel` of the panel's value, or when the error is at the rounding floor of an
    // integrand of order one (1e-16 per unit length): a function that is 1 − S(t) computed in
    // floating point carries that much noise, and no halving can remove it.
    let error = (kronrod - gauss).abs();
    if depth == 0 || error <= rel * kronrod.abs() || error <= 1e-16 * (b - a) {
        kronrod
    } else {
        integrate(f, a, centre, rel, depth - 1) + integrate(f, centre, b, rel, depth - 1)
    }
}

#[cfg(test)]
mod tests {
    use super::integrate;

    #[test]
    fn gauss_kronrod_integrates_exactly_enough() {
        let v = integrate(&|t: f64| (-t).exp(), 0.0, 10.0, 1e-14, 30);
        assert!((v - (1.0 - (-10.0f64).exp())).abs() < 1e-14);
        let v = integrate(&|t: f64| t.powi(5), 0.0, 2.0, 1e-14, 30);
        assert!((v - 64.0 / 6.0).abs() < 1e-12);
    }
}
