//! What each law contributes: its log-density and log-survival in the sampling coordinates,
//! its mean, its starting point, and its parameters in model-file form.

use super::sample::Sample;
use super::special::{LN_SQRT_2PI, ln_gamma_cdf_sf, ln_normal_cdf, ln_normal_sf, ln_one_minus_exp};
use super::{Law, LawFit};
use statrs::function::gamma::{digamma, ln_gamma};

/// One law at one point of its sampling coordinates, with what depends only on the coordinates
/// computed once (the likelihood evaluates it at every observation).
#[derive(Debug, Clone, Copy)]
pub(super) enum Kernel {
    /// f(t) = λ e^(−λt); coordinate ln λ.
    Exponential { ln_rate: f64 },
    /// f(t) = (k/η)(t/η)^(k−1) e^(−(t/η)^k); coordinates ln k, ln η.
    Weibull { ln_shape: f64, shape: f64, ln_scale: f64 },
    /// ln t ~ N(μ, σ²); coordinates μ, ln σ.
    Lognormal { mu: f64, sigma: f64, ln_sigma: f64 },
    /// f(t) = t^(k−1) e^(−t/θ) / (Γ(k) θ^k); coordinates ln k, ln θ.
    Gamma { shape: f64, ln_scale: f64, ln_gamma_shape: f64 },
}

impl Kernel {
    /// The kernel of `law` at `coordinates` (see [`LawFit::coordinates`]).
    pub fn new(law: Law, c: &[f64]) -> Self {
        match law {
            Law::Exponential => Kernel::Exponential { ln_rate: c[0] },
            Law::Weibull => Kernel::Weibull { ln_shape: c[0], shape: c[0].exp(), ln_scale: c[1] },
            Law::Lognormal => Kernel::Lognormal { mu: c[0], sigma: c[1].exp(), ln_sigma: c[1] },
            Law::Gamma => {
                let shape = c[0].exp();
                Kernel::Gamma { shape, ln_scale: c[1], ln_gamma_shape: ln_gamma(shape) }
            }
        }
    }

    /// ln f(t) from ln t.
    pub fn ln_density(&self, ln_t: f64) -> f64 {
        match *self {
            // ln λ − λt = z − eᶻ − ln t with z = ln λ + ln t.
            Kernel::Exponential { ln_rate } => {
                let z = ln_rate + ln_t;
                z - z.exp() - ln_t
            }
            // ln k − ln η + (k−1)(ln t − ln η) − (t/η)^k = ln k + z − eᶻ − ln t with z = k(ln t − ln η).
            Kernel::Weibull { ln_shape, shape, ln_scale } => {
                let z = shape * (ln_t - ln_scale);
                ln_shape + z - z.exp() - ln_t
            }
            Kernel::Lognormal { mu, sigma, ln_sigma } => {
                let y = (ln_t - mu) / sigma;
                -0.5 * y * y - ln_sigma - LN_SQRT_2PI - ln_t
            }
            // (k−1) ln t − t/θ − ln Γ(k) − k ln θ = k ln x − x − ln Γ(k) − ln t with x = t/θ.
            Kernel::Gamma { shape, ln_scale, ln_gamma_shape } => {
                let ln_x = ln_t - ln_scale;
                shape * ln_x - ln_x.exp() - ln_gamma_shape - ln_t
            }
        }
    }

    /// ln S(t) from ln t, in log space all the way (no underflow to ln 0).
    pub fn ln_survival(&self, ln_t: f64) -> f64 {
        match *self {
            Kernel::Exponential { ln_rate } => -(ln_rate + ln_t).exp(),
            Kernel::Weibull { shape, ln_scale, .. } => -(shape * (ln_t - ln_scale)).exp(),
            Kernel::Lognormal { mu, sigma, .. } => ln_normal_sf((ln_t - mu) / sigma),
            Kernel::Gamma { shape, ln_scale, ln_gamma_shape } => ln_gamma_cdf_sf(shape, ln_t - ln_scale, ln_gamma_shape).1,
        }
    }

    /// ln F(t) from ln t.
    pub fn ln_cdf(&self, ln_t: f64) -> f64 {
        let weibull = |z: f64| {
            // ln(1 − e^(−w)) with w = eᶻ; for tiny w it is z − w/2 + O(w²), where eᶻ may underflow.
            if z < -20.0 { z - 0.5 * z.exp() } else { ln_one_minus_exp(-z.exp()) }
        };
        match *self {
            Kernel::Exponential { ln_rate } => weibull(ln_rate + ln_t),
            Kernel::Weibull { shape, ln_scale, .. } => weibull(shape * (ln_t - ln_scale)),
            Kernel::Lognormal { mu, sigma, .. } => ln_normal_cdf((ln_t - mu) / sigma),
            Kernel::Gamma { shape, ln_scale, ln_gamma_shape } => ln_gamma_cdf_sf(shape, ln_t - ln_scale, ln_gamma_shape).0,
        }
    }
}

/// The censored log-likelihood Σ_failures ln f(t) + Σ_censored ln S(t) of `sample` (in its
/// rescaled units) at coordinates `c`; −∞ where it cannot be evaluated, never NaN.
pub(super) fn log_likelihood(law: Law, c: &[f64], sample: &Sample) -> f64 {
    let kernel = Kernel::new(law, c);
    let failures: f64 = sample.failures.iter().map(|&(x, w)| w * kernel.ln_density(x)).sum();
    let censored: f64 = sample.censored.iter().map(|&(x, w)| w * kernel.ln_survival(x)).sum();
    let total = failures + censored;
    if total.is_nan() { f64::NEG_INFINITY } else { total }
}

/// ln(mean) of `law` at coordinates `c`, and its gradient in the coordinates (for the delta
/// method): exponential −ln λ; Weibull ln η + ln Γ(1 + 1/k); lognormal μ + σ²/2; gamma ln k + ln θ.
pub(super) fn ln_mean(law: Law, c: &[f64]) -> (f64, [f64; 2]) {
    match law {
        Law::Exponential => (-c[0], [-1.0, 0.0]),
        Law::Weibull => {
            let inverse_shape = (-c[0]).exp();
            // d/d(ln k) ln Γ(1 + 1/k) = −ψ(1 + 1/k)/k.
            (c[1] + ln_gamma(1.0 + inverse_shape), [-digamma(1.0 + inverse_shape) * inverse_shape, 1.0])
        }
        Law::Lognormal => {
            let variance = (2.0 * c[1]).exp();
            (c[0] + 0.5 * variance, [1.0, variance])
        }
        Law::Gamma => (c[0] + c[1], [1.0, 1.0]),
    }
}

/// Names of the parameters in model-file form, in coordinate order.
pub(super) fn parameter_names(law: Law) -> &'static [&'static str] {
    match law {
        Law::Exponential => &["rate"],
        Law::Weibull | Law::Gamma => &["shape", "scale"],
        Law::Lognormal => &["mu", "sigma"],
    }
}

/// True when coordinate `index` is the logarithm of the parameter (every one but the lognormal μ,
/// which is its own coordinate).
pub(super) fn is_logarithm(law: Law, index: usize) -> bool {
    !(law == Law::Lognormal && index == 0)
}

/// The coordinates in the data's units from those fitted to the sample divided by s:
/// the coordinate that carries the scale moves by ln s (by −ln s for the exponential ln λ).
pub(super) fn unscaled(law: Law, c: &[f64], ln_s: f64) -> Vec<f64> {
    let mut out = c.to_vec();
    match law {
        Law::Exponential => out[0] -= ln_s,
        Law::Weibull | Law::Gamma => out[1] += ln_s,
        Law::Lognormal => out[0] += ln_s,
    }
    out
}

/// Natural step lengths of the two coordinates near `c`: the log-likelihood changes by O(r)
/// over one of them. Finite differences and the optimiser's first simplex use them, so that a
/// Weibull of shape 50 (ln η known to 1/k) or a lognormal of small σ are treated as well as
/// shape 1. Weibull: ln η varies on the scale 1/k. Lognormal: μ on the scale σ. Gamma: for a
/// large shape ln k and ln θ are tied through the mean kθ, known to 1/√k.
pub(super) fn coordinate_scales(law: Law, c: &[f64]) -> [f64; 2] {
    match law {
        Law::Gamma => {
            let s = gamma_mean_scale(c);
            [s, s]
        }
        _ => frame_scales(law, c),
    }
}

/// The relative precision of a gamma law's mean, 1/√k (capped for tiny shapes).
fn gamma_mean_scale(c: &[f64]) -> f64 {
    (-0.5 * c[0]).exp().min(1e3)
}

/// The linear map T from the sampling coordinates c to those the maximisation works in, d = T c,
/// and its inverse. The identity, except for the gamma law: its ln k and ln θ are strongly
/// anti-correlated (the mean kθ is known far better than either), so that finite differences of
/// ln L in them give a nearly singular Hessian whose determinant drowns in rounding once k is
/// large. d = (ln k, ln k + ln θ) = (ln k, ln mean) is nearly uncorrelated.
pub(super) fn frame(law: Law) -> ([[f64; 2]; 2], [[f64; 2]; 2]) {
    match law {
        Law::Gamma => ([[1.0, 0.0], [1.0, 1.0]], [[1.0, 0.0], [-1.0, 1.0]]),
        _ => ([[1.0, 0.0], [0.0, 1.0]], [[1.0, 0.0], [0.0, 1.0]]),
    }
}

/// Natural step lengths of the coordinates d of [`frame`] near the sampling coordinates `c`.
pub(super) fn frame_scales(law: Law, c: &[f64]) -> [f64; 2] {
    match law {
        Law::Exponential => [1.0, 1.0],
        Law::Weibull => [1.0, (-c[0]).exp().min(1e6)],
        Law::Lognormal => [c[1].exp().min(1e6), 1.0],
        Law::Gamma => [1.0, gamma_mean_scale(c)],
    }
}

/// A starting point for the maximisation (on the rescaled sample, whose failures have
/// mean ln u = 0), from closed forms that ignore censoring or nearly so.
pub(super) fn start(law: Law, sample: &Sample) -> [f64; 2] {
    let r = sample.failure_count as f64;
    let mean_ln = sample.failures.iter().map(|&(x, w)| w * x).sum::<f64>() / r;
    let sd_ln = (sample.failures.iter().map(|&(x, w)| w * (x - mean_ln).powi(2)).sum::<f64>() / r).sqrt();
    match law {
        // Only the two-parameter laws are maximised numerically.
        Law::Exponential => [0.0, 0.0],
        Law::Weibull => {
            // sd(ln T) = π/(k√6) for a Weibull law; given k the scale has the closed form
            // η^k = Σ_all t^k / r (the score in η), censored durations included.
            let shape = std::f64::consts::PI / (6f64.sqrt() * sd_ln);
            let ln_scale = (Sample::ln_sum_exp(sample.all(), |x| shape * x) - r.ln()) / shape;
            [shape.ln(), ln_scale]
        }
        Law::Lognormal => [mean_ln, sd_ln.ln()],
        Law::Gamma => {
            // Thom's (1958) approximation to the complete-sample MLE:
            // k ≈ (3 − A + √((A − 3)² + 24A)) / 12A with A = ln(mean t) − mean(ln t) > 0.
            let ln_mean = Sample::ln_sum_exp(sample.failures.iter(), |x| x) - r.ln();
            let a = (ln_mean - mean_ln).max(1e-12);
            let shape = (3.0 - a + ((a - 3.0).powi(2) + 24.0 * a).sqrt()) / (12.0 * a);
            [shape.ln(), ln_mean - shape.ln()]
        }
    }
}

/// S(t) from the sampling coordinates (exponential [ln λ]; Weibull and gamma [ln k, ln η];
/// lognormal [μ, ln σ]).
pub(super) fn survival(law: Law, coordinates: &[f64], t: f64) -> f64 {
    if t <= 0.0 {
        return 1.0;
    }
    match law {
        Law::Exponential => (-coordinates[0].exp() * t).exp(),
        Law::Weibull => (-(t / coordinates[1].exp()).powf(coordinates[0].exp())).exp(),
        Law::Lognormal => {
            let z = (t.ln() - coordinates[0]) / (coordinates[1].exp() * std::f64::consts::SQRT_2);
            0.5 * statrs::function::erf::erfc(z)
        }
        // In log space: statrs' `Gamma::sf` panics when t/θ overflows.
        Law::Gamma => {
            let shape = coordinates[0].exp();
            ln_gamma_cdf_sf(shape, t.ln() - coordinates[1], ln_gamma(shape)).1.exp()
        }
    }
}

/// The delta method on g = ln(−ln S(t)) with the coordinates' covariance; the gradient by
/// central differences (g is smooth in the coordinates wherever 0 < S < 1).
pub(super) fn survival_band(fit: &LawFit, t: f64) -> [f64; 2] {
    let g = |c: &[f64]| (-survival(fit.law, c, t).ln()).ln();
    let centre = g(&fit.coordinates);
    if !centre.is_finite() {
        let s = fit.survival(t);
        return [s, s];
    }
    let gradient: Vec<f64> = (0..fit.coordinates.len())
        .map(|i| {
            let h = 1e-5 * fit.coordinates[i].abs().max(1.0);
            let (mut up, mut down) = (fit.coordinates.clone(), fit.coordinates.clone());
            up[i] += h;
            down[i] -= h;
            (g(&up) - g(&down)) / (2.0 * h)
        })
        .collect();
    let sd = &fit.coordinate_sd;
    let mut variance = 0.0;
    for i in 0..gradient.len() {
        for j in 0..gradient.len() {
            let rho = if i == j { 1.0 } else { fit.correlation };
            variance += gradient[i] * gradient[j] * rho * sd[i] * sd[j];
        }
    }
    let half = 1.959_963_984_540_054 * variance.max(0.0).sqrt();
    // S = exp(−e^g) decreases in g: the upper end of g gives the lower end of S.
    [(-(centre + half).exp()).exp(), (-(centre - half).exp()).exp()]
}
