//! Log-space distribution and survival functions for the likelihood's terms.
//!
//! The plain functions underflow to 0 in the far tails (statrs' `erfc` below about 1e-308, the
//! regularised incomplete gamma likewise), and ln 0 = −∞ would leave the optimiser no slope to
//! follow; these stay finite wherever the logarithm is.

use statrs::function::erf::erfc;
use std::f64::consts::{FRAC_1_SQRT_2, LN_2};

/// ln √(2π).
pub(super) const LN_SQRT_2PI: f64 = 0.918_938_533_204_672_8;

/// ln(1 − eˣ) for x ≤ 0 without cancellation: `expm1` near 0, `ln_1p` further out
/// (Mächler, "Accurately computing log(1 − exp(−|a|))", 2012).
pub(super) fn ln_one_minus_exp(x: f64) -> f64 {
    if x > -LN_2 { (-x.exp_m1()).ln() } else { (-x.exp()).ln_1p() }
}

/// ln Q(y) with Q(y) = 1 − Φ(y), the standard normal survival.
pub(super) fn ln_normal_sf(y: f64) -> f64 {
    if y < 0.0 {
        // Q = 1 − Φ(y) with Φ(y) < ½: ln_1p keeps the digits of a Q close to 1.
        (-0.5 * erfc(-y * FRAC_1_SQRT_2)).ln_1p()
    } else if y < 26.0 {
        (0.5 * erfc(y * FRAC_1_SQRT_2)).ln()
    } else if y.is_finite() {
        // Q(y) = φ(y)/y · (1 − 1/y² + 1·3/y⁴ − 1·3·5/y⁶ + …) (Abramowitz & Stegun 26.2.12):
        // from y = 26 on, the first term left out (15!!/y¹⁶) is below 1e-16 of the sum.
        let inverse_square = 1.0 / (y * y);
        let (mut term, mut sum) = (1.0, 1.0);
        for m in 1..=7 {
            term *= -f64::from(2 * m - 1) * inverse_square;
            sum += term;
        }
        -0.5 * y * y - y.ln() - LN_SQRT_2PI + sum.ln()
    } else {
        // +∞ gives −∞; NaN stays NaN (the caller maps it to an impossible point).
        -y
    }
}

/// ln Φ(y), the standard normal distribution function.
pub(super) fn ln_normal_cdf(y: f64) -> f64 {
    ln_normal_sf(-y)
}

/// Below this, a continued-fraction denominator is treated as zero (Lentz's method).
const TINY: f64 = 1e-300;
/// Enough terms for shapes up to about 10⁷ (both expansions need O(√k) terms near x ≈ k).
const MAX_TERMS: usize = 20_000;

/// (ln P(k, x), ln Q(k, x)), the regularised lower and upper incomplete gamma functions, from
/// ln x (x itself may under- or overflow) and ln Γ(k) (which the likelihood computes once for
/// all observations). The series for P when x < k + 1 and Legendre's
/// continued fraction for Q otherwise (Press et al., *Numerical Recipes*, 3rd ed., §6.2, evaluated
/// by the modified Lentz method), each kept in log form; the other one is ln(1 − e^(·)).
pub(super) fn ln_gamma_cdf_sf(k: f64, ln_x: f64, ln_gamma_k: f64) -> (f64, f64) {
    if ln_x == f64::NEG_INFINITY {
        return (f64::NEG_INFINITY, 0.0);
    }
    let x = ln_x.exp();
    if x == f64::INFINITY {
        return (0.0, f64::NEG_INFINITY);
    }
    // ln(xᵏ e⁻ˣ / Γ(k)), the common factor of both expansions.
    let front = k * ln_x - x - ln_gamma_k;
    if x < k + 1.0 {
        // P = xᵏ e⁻ˣ / Γ(k) · Σₙ xⁿ / (k (k+1) ⋯ (k+n)).
        let (mut denominator, mut term) = (k, 1.0 / k);
        let mut sum = term;
        for _ in 0..MAX_TERMS {
            denominator += 1.0;
            term *= x / denominator;
            sum += term;
            if term < sum * f64::EPSILON {
                break;
            }
        }
        let ln_p = front + sum.ln();
        (ln_p, ln_one_minus_exp(ln_p.min(0.0)))
    } else {
        // Q = xᵏ e⁻ˣ / Γ(k) · 1/(x+1−k − 1(1−k)/(x+3−k − 2(2−k)/(x+5−k − ⋯))).
        let mut b = x + 1.0 - k;
        let mut c = 1.0 / TINY;
        let mut d = 1.0 / b;
        let mut h = d;
        for i in 1..MAX_TERMS {
            let i = i as f64;
            let a = -i * (i - k);
            b += 2.0;
            d = a * d + b;
            if d.abs() < TINY {
                d = TINY;
            }
            c = b + a / c;
            if c.abs() < TINY {
                c = TINY;
            }
            d = 1.0 / d;
            let delta = d * c;
            h *= delta;
            if (delta - 1.0).abs() < f64::EPSILON {
                break;
            }
        }
        let ln_q = front + h.ln();
        (ln_one_minus_exp(ln_q.min(0.0)), ln_q)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use statrs::function::gamma::{gamma_lr, gamma_ur, ln_gamma};

    #[test]
    fn normal_tail_matches_erfc_where_erfc_is_representable() {
        for y in [-40.0, -8.0, -1.0, 0.0, 0.5, 3.0, 10.0, 25.9, 26.1, 30.0, 37.0] {
            let direct = (0.5 * erfc(y * FRAC_1_SQRT_2)).ln();
            let relative = (ln_normal_sf(y) - direct).abs() / direct.abs().max(1e-300);
            assert!(relative < 1e-13 || (ln_normal_sf(y) - direct).abs() < 1e-15, "y = {y}: {} vs {direct}", ln_normal_sf(y));
        }
    }

    #[test]
    fn normal_tail_stays_finite_where_erfc_underflows() {
        // ln Q(100) = −5005.524 (the asymptotic series; erfc(70.7) is 0 in double precision).
        let v = ln_normal_sf(100.0);
        assert!((v - (-5000.0 - 100f64.ln() - LN_SQRT_2PI + (1.0 - 1e-4 + 3e-8f64).ln())).abs() < 1e-9);
        assert_eq!(ln_normal_cdf(-1e3), ln_normal_sf(1e3));
        assert!(ln_normal_sf(f64::INFINITY) == f64::NEG_INFINITY);
        assert_eq!(ln_normal_sf(f64::NEG_INFINITY), 0.0);
    }

    #[test]
    fn incomplete_gamma_logs_match_statrs_in_range() {
        for k in [0.05, 0.5, 1.0, 2.5, 10.0, 300.0] {
            for x in [1e-3, 0.1, 1.0, 2.0, 5.0, 20.0, 250.0, 350.0] {
                let (ln_p, ln_q) = ln_gamma_cdf_sf(k, f64::ln(x), ln_gamma(k));
                let (p, q) = (gamma_lr(k, x), gamma_ur(k, x));
                for (mine, theirs) in [(ln_p, p), (ln_q, q)] {
                    if theirs > 1e-280 {
                        assert!(
                            (mine - theirs.ln()).abs() < 1e-10 * theirs.ln().abs().max(1.0),
                            "k = {k}, x = {x}: {mine} vs {}",
                            theirs.ln()
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn incomplete_gamma_tail_stays_finite_where_it_underflows() {
        // Exponential case k = 1: Q(1, x) = e⁻ˣ exactly, so ln Q = −x even at x = 10⁴.
        let (_, ln_q) = ln_gamma_cdf_sf(1.0, 1e4f64.ln(), 0.0);
        assert!((ln_q + 1e4).abs() < 1e-9);
        // And P(1, x) = 1 − e⁻ˣ ≈ x for tiny x.
        let (ln_p, _) = ln_gamma_cdf_sf(1.0, -800.0, 0.0);
        assert!((ln_p + 800.0).abs() < 1e-12);
        assert_eq!(ln_gamma_cdf_sf(2.0, f64::INFINITY, 0.0), (0.0, f64::NEG_INFINITY));
    }
}
