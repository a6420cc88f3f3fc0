//! Maximising a smooth two-parameter log-likelihood: Nelder–Mead (argmin) from a closed-form
//! start, then Newton's method on finite differences to reach the maximum to ~10 digits, and the
//! one-dimensional maximisation and root finding that profile likelihood needs.
//!
//! Every function here takes the log-likelihood as a closure that returns −∞ (never NaN) where
//! it cannot be evaluated, and steps measured in the coordinates' natural scales
//! ([`super::laws::coordinate_scales`]).

use argmin::core::{CostFunction, Error, Executor};
use argmin::solver::brent::BrentRoot;
use argmin::solver::neldermead::NelderMead;

/// Relative finite-difference step for gradients (balances truncation, O(h²), against rounding,
/// O(ε/h), for log-likelihoods up to ~10⁶ in size).
const GRADIENT_STEP: f64 = 1e-5;
/// Relative finite-difference step for second derivatives (O(h²) against O(ε/h²)).
const HESSIAN_STEP: f64 = 1e-4;
/// Newton stops after a step whose predicted increase, gᵀ(−H)⁻¹g/2, is below this times
/// max(1, |ln L|): that is the rounding level of a sum of many log-densities, and the step it
/// leaves is below 10⁻⁵ standard deviations.
const DECREMENT: f64 = 1e-11;

/// A maximum found: the point, the log-likelihood there and its Hessian.
#[derive(Debug, Clone, Copy)]
pub(super) struct Maximum {
    /// The coordinates.
    pub point: [f64; 2],
    /// ln L there.
    pub value: f64,
    /// ∂² ln L at the point (negative definite).
    pub hessian: [[f64; 2]; 2],
}

/// −ln L as argmin's cost; +∞ where ln L is −∞ or NaN (argmin's Nelder–Mead orders costs with
/// `partial_cmp` and would treat NaN as equal to anything).
struct Cost<'a, F: Fn([f64; 2]) -> f64> {
    ln_l: &'a F,
}

impl<F: Fn([f64; 2]) -> f64> CostFunction for Cost<'_, F> {
    type Param = Vec<f64>;
    type Output = f64;

    fn cost(&self, p: &Vec<f64>) -> Result<f64, Error> {
        let v = -(self.ln_l)([p[0], p[1]]);
        Ok(if v.is_nan() { f64::INFINITY } else { v })
    }
}

/// Maximises `ln_l` from `start`: Nelder–Mead to get close, Newton to finish. Fails (with the
/// reason) when no point with a negative definite Hessian and a vanishing gradient is reached,
/// which is what a likelihood without a finite maximum (a shape running off to ∞) produces.
pub(super) fn maximise(
    ln_l: &impl Fn([f64; 2]) -> f64,
    start: [f64; 2],
    scales: &impl Fn([f64; 2]) -> [f64; 2],
) -> Result<Maximum, String> {
    if !ln_l(start).is_finite() {
        return Err("the likelihood cannot be evaluated at the starting point".to_string());
    }
    let s = scales(start);
    // A first simplex a few standard deviations wide for a sample of ~10 failures.
    let simplex = vec![start.to_vec(), vec![start[0] + 0.5 * s[0], start[1]], vec![start[0], start[1] + 0.5 * s[1]]];
    // Nelder–Mead only has to bring the point into Newton's reach: it stops when the simplex's
    // log-likelihoods agree to 10⁻⁶ (within ~10⁻³ standard deviations of the maximum).
    let solver = NelderMead::new(simplex).with_sd_tolerance(1e-6).map_err(|e| e.to_string())?;
    let result = Executor::new(Cost { ln_l }, solver).configure(|state| state.max_iters(200)).run().map_err(|e| e.to_string())?;
    let best = result.state.best_param.as_deref().map_or(start, |p| [p[0], p[1]]);
    newton(ln_l, best, scales)
}

/// Newton's method with step halving from `point` (already near the maximum).
fn newton(ln_l: &impl Fn([f64; 2]) -> f64, mut point: [f64; 2], scales: &impl Fn([f64; 2]) -> [f64; 2]) -> Result<Maximum, String> {
    let mut value = ln_l(point);
    for _ in 0..100 {
        let s = scales(point);
        let g = gradient(ln_l, point, s);
        let h = hessian(ln_l, point, value, s);
        let Some(step) = newton_step(g, h) else {
            return Err("the likelihood has no maximum where the optimiser stopped (it is not concave there)".to_string());
        };
        let converged = 0.5 * (g[0] * step[0] + g[1] * step[1]) < DECREMENT * value.abs().max(1.0);
        let mut t = 1.0;
        let mut moved = false;
        for _ in 0..50 {
            let candidate = [point[0] + t * step[0], point[1] + t * step[1]];
            let v = ln_l(candidate);
            if v >= value {
                (point, value, moved) = (candidate, v, true);
                break;
            }
            t *= 0.5;
        }
        if converged {
            // The last, tiny step is taken when it does not lower ln L; the Hessian moves by
            // less than its finite-difference error over it.
            return Ok(Maximum { point, value, hessian: h });
        }
        if !moved {
            return Err("the optimiser could not improve the likelihood further".to_string());
        }
    }
    Err("the optimiser did not converge (the estimate keeps moving: a parameter may be heading to 0 or ∞)".to_string())
}

/// −H⁻¹g when H is negative definite.
fn newton_step(g: [f64; 2], h: [[f64; 2]; 2]) -> Option<[f64; 2]> {
    let det = h[0][0] * h[1][1] - h[0][1] * h[1][0];
    if !(h[0][0] < 0.0 && det > 0.0 && det.is_finite() && g[0].is_finite() && g[1].is_finite()) {
        return None;
    }
    Some([-(h[1][1] * g[0] - h[0][1] * g[1]) / det, -(-h[1][0] * g[0] + h[0][0] * g[1]) / det])
}

/// Central differences.
pub(super) fn gradient(f: &impl Fn([f64; 2]) -> f64, x: [f64; 2], scales: [f64; 2]) -> [f64; 2] {
    let mut g = [0.0; 2];
    for i in 0..2 {
        let h = GRADIENT_STEP * scales[i];
        let (mut up, mut down) = (x, x);
        up[i] += h;
        down[i] -= h;
        g[i] = (f(up) - f(down)) / (2.0 * h);
    }
    g
}

/// Central second differences (the mixed one from the four diagonal neighbours).
pub(super) fn hessian(f: &impl Fn([f64; 2]) -> f64, x: [f64; 2], fx: f64, scales: [f64; 2]) -> [[f64; 2]; 2] {
    let h = [HESSIAN_STEP * scales[0], HESSIAN_STEP * scales[1]];
    let at = |a: f64, b: f64| f([x[0] + a * h[0], x[1] + b * h[1]]);
    let d00 = (at(1.0, 0.0) - 2.0 * fx + at(-1.0, 0.0)) / (h[0] * h[0]);
    let d11 = (at(0.0, 1.0) - 2.0 * fx + at(0.0, -1.0)) / (h[1] * h[1]);
    let d01 = (at(1.0, 1.0) - at(1.0, -1.0) - at(-1.0, 1.0) + at(-1.0, -1.0)) / (4.0 * h[0] * h[1]);
    [[d00, d01], [d01, d11]]
}

/// Maximises a unimodal `f` of one variable from `x`, with steps of natural size `scale`:
/// Newton on central differences where f is concave, a step uphill otherwise, halved until f
/// does not decrease. Returns the point and f there.
pub(super) fn maximise_1d(f: &impl Fn(f64) -> f64, mut x: f64, scale: f64) -> (f64, f64) {
    let mut fx = f(x);
    let h = HESSIAN_STEP * scale;
    for _ in 0..200 {
        let (up, down) = (f(x + h), f(x - h));
        let slope = (up - down) / (2.0 * h);
        let curvature = (up - 2.0 * fx + down) / (h * h);
        if !slope.is_finite() {
            break;
        }
        let mut step = if curvature < 0.0 && curvature.is_finite() { -slope / curvature } else { slope.signum() * scale };
        step = step.clamp(-10.0 * scale, 10.0 * scale);
        let mut moved = false;
        for _ in 0..50 {
            let v = f(x + step);
            if v >= fx {
                (x, fx, moved) = (x + step, v, true);
                break;
            }
            step *= 0.5;
        }
        if !moved || step.abs() < 1e-10 * scale {
            break;
        }
    }
    (x, fx)
}

/// g(x) = `f` as argmin's cost for Brent's root finder, with NaN and ±∞ mapped to a large
/// positive value (for profile likelihood they mean "the likelihood has fallen off": beyond the
/// root).
struct Root<'a, F: Fn(f64) -> f64> {
    f: &'a F,
}

impl<F: Fn(f64) -> f64> CostFunction for Root<'_, F> {
    type Param = f64;
    type Output = f64;

    fn cost(&self, x: &f64) -> Result<f64, Error> {
        let v = (self.f)(*x);
        Ok(if v.is_finite() { v } else { 1e300 })
    }
}

/// The root of `f` between `a` (f < 0) and `b` (f > 0) by Brent's method, to `tolerance`.
pub(super) fn root(f: &impl Fn(f64) -> f64, a: f64, b: f64, tolerance: f64) -> Result<f64, String> {
    let solver = BrentRoot::new(a.min(b), a.max(b), tolerance);
    let result = Executor::new(Root { f }, solver).configure(|state| state.max_iters(200)).run().map_err(|e| e.to_string())?;
    result.state.best_param.ok_or_else(|| "the root finder returned no point".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maximises_a_correlated_quadratic_exactly() {
        let f = |p: [f64; 2]| -(p[0] - 1.0).powi(2) - 3.0 * (p[1] + 2.0).powi(2) - (p[0] - 1.0) * (p[1] + 2.0);
        let m = maximise(&f, [0.0, 0.0], &|_| [1.0, 1.0]).expect("a maximum");
        assert!((m.point[0] - 1.0).abs() < 1e-8 && (m.point[1] + 2.0).abs() < 1e-8, "{:?}", m.point);
        assert!((m.hessian[0][0] + 2.0).abs() < 1e-5 && (m.hessian[0][1] + 1.0).abs() < 1e-5 && (m.hessian[1][1] + 6.0).abs() < 1e-5);
    }

    #[test]
    fn a_function_without_maximum_is_refused() {
        // Increasing without bound in x: the optimiser runs and must say so rather than return.
        let f = |p: [f64; 2]| p[0] - p[1] * p[1];
        assert!(maximise(&f, [0.0, 0.0], &|_| [1.0, 1.0]).is_err());
    }

    #[test]
    fn finds_one_dimensional_maximum_and_root() {
        let (x, fx) = maximise_1d(&|x: f64| -(x - 3.0).powi(2) + 2.0, -5.0, 1.0);
        assert!((x - 3.0).abs() < 1e-8 && (fx - 2.0).abs() < 1e-12);
        let r = root(&|x: f64| x * x - 2.0, 0.0, 5.0, 1e-12).expect("a root");
        assert!((r - 2f64.sqrt()).abs() < 1e-10);
    }
}
