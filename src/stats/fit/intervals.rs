//! 95 % intervals: the exponential rate's exact chi-square interval, profile likelihood for the
//! two-parameter laws, and the delta method on ln(mean) from the observed information.

use super::optimise::{maximise_1d, root};
use statrs::distribution::{ChiSquared, ContinuousCDF};

/// Two-sided 95 %.
pub(super) const Z_975: f64 = 1.959_963_984_540_054;

/// The exponential rate's exact interval for time-censored data with r failures in exposure T,
/// in log form: [ln(χ²_{0.025}(2r)/2) − ln T, ln(χ²_{0.975}(2r+2)/2) − ln T] (e.g. Meeker &
/// Escobar, *Statistical Methods for Reliability Data*, 1998, ch. 7; Lawless 2003, ch. 4).
/// r ≥ 1.
pub(super) fn exponential_rate_ln_interval(failures: usize, ln_exposure: f64) -> Result<[f64; 2], String> {
    let r = failures as f64;
    let quantile = |dof: f64, p: f64| ChiSquared::new(dof).map(|d| d.inverse_cdf(p)).map_err(|e| e.to_string());
    let lower = quantile(2.0 * r, 0.025)?;
    let upper = quantile(2.0 * r + 2.0, 0.975)?;
    Ok([(0.5 * lower).ln() - ln_exposure, (0.5 * upper).ln() - ln_exposure])
}

/// The covariance of the coordinates, the inverse of the observed information −H (H the Hessian
/// of ln L at the maximum, negative definite).
pub(super) fn covariance(hessian: [[f64; 2]; 2]) -> [[f64; 2]; 2] {
    let [[a, b], [_, d]] = hessian;
    let det = a * d - b * b;
    [[-d / det, b / det], [b / det, -a / det]]
}

/// The 95 % profile likelihood interval of coordinate `index`: the two values v where
/// max over the other coordinate of ln L(v, ·) = ln L̂ − 1.92 (Meeker & Escobar 1998, ch. 8;
/// Lawless 2003, ch. 5). Each end is the root of the signed root statistic
/// √(2(ln L̂ − ln L_p(v))) − 1.96, which is nearly linear in v, so that Brent's method needs few
/// steps; it is bracketed by stepping out from the estimate in standard deviations. Fails when
/// the profile has not fallen that far 4000 standard deviations away (the data do not bound the
/// parameter).
pub(super) fn profile_interval(
    ln_l: &impl Fn([f64; 2]) -> f64,
    estimate: [f64; 2],
    maximum: f64,
    covariance: [[f64; 2]; 2],
    index: usize,
    scales: &impl Fn([f64; 2]) -> [f64; 2],
) -> Result<[f64; 2], String> {
    let other = 1 - index;
    let sd = covariance[index][index].sqrt();
    // The other coordinate's best value moves along the regression line of the normal
    // approximation; it is the starting point of each inner maximisation.
    let slope = covariance[index][other] / covariance[index][index];
    let at = |v: f64, w: f64| {
        let mut p = [0.0; 2];
        p[index] = v;
        p[other] = w;
        p
    };
    // √(2 × fall) − 1.96 (so = 0 where the fall is 1.92); the fall is clamped at 0, which
    // rounding can undercut next to the estimate.
    let signed_root = |v: f64| {
        let guess = estimate[other] + slope * (v - estimate[index]);
        let scale = scales(at(v, guess))[other];
        let (_, best) = maximise_1d(&|w: f64| ln_l(at(v, w)), guess, scale);
        (2.0 * (maximum - best).max(0.0)).sqrt() - Z_975
    };
    let mut ends = [0.0; 2];
    for (end, side) in ends.iter_mut().zip([-1.0, 1.0]) {
        let mut inner = estimate[index];
        let mut distance = 2.0;
        let outer = loop {
            let v = estimate[index] + side * distance * sd;
            // NaN (the likelihood failed: it has fallen off) counts as beyond the root.
            let z = signed_root(v);
            if z.is_nan() || z >= 0.0 {
                break v;
            }
            inner = v;
            distance *= 2.0;
            if distance > 4000.0 {
                return Err(format!(
                    "the profile likelihood stays within 1.92 of its maximum {} 4000 standard deviations away",
                    if side < 0.0 { "below" } else { "above" }
                ));
            }
        };
        *end = root(&signed_root, inner, outer, 1e-9 * sd)?;
    }
    Ok(ends)
}

/// The 95 % interval of ln(mean) by the delta method: ln m ± 1.96 √(∇ᵀ Σ ∇).
pub(super) fn delta_ln_interval(ln_value: f64, gradient: [f64; 2], covariance: [[f64; 2]; 2]) -> [f64; 2] {
    let mut variance = 0.0;
    for i in 0..2 {
        for j in 0..2 {
            variance += gradient[i] * covariance[i][j] * gradient[j];
        }
    }
    let half = Z_975 * variance.max(0.0).sqrt();
    [ln_value - half, ln_value + half]
}
