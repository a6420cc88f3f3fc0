//! Likelihoods, maximisation and intervals (placeholder signatures; filled in by the fitting work).

use super::{FitError, FitSet, KaplanMeierStep, Law, LawFit, Observation};

/// Fits one law by maximum likelihood with right censoring.
pub fn fit(law: Law, data: &[Observation]) -> Result<LawFit, FitError> {
    let _ = (law, data);
    todo!()
}

/// Fits every law that the data allow, best first, with the Kaplan–Meier estimate beside them.
pub fn fit_all(data: &[Observation]) -> Result<FitSet, FitError> {
    let _ = data;
    todo!()
}

/// The Kaplan–Meier estimate with Greenwood's log(−log) interval.
pub fn kaplan_meier(data: &[Observation]) -> Vec<KaplanMeierStep> {
    let _ = data;
    todo!()
}

/// S(t) from the sampling coordinates (exponential [ln λ]; Weibull and gamma [ln k, ln η];
/// lognormal [μ, ln σ]).
pub(super) fn survival(law: Law, coordinates: &[f64], t: f64) -> f64 {
    use statrs::distribution::ContinuousCDF;
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
        Law::Gamma => statrs::distribution::Gamma::new(coordinates[0].exp(), (-coordinates[1]).exp()).map_or(f64::NAN, |d| d.sf(t)),
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
