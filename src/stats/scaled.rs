//! Numbers beyond f64's range: a mantissa with its own binary exponent, for the likelihood
//! ratios of importance sampling (a product of hundreds of factors below 1 leaves f64's range
//! long before it stops mattering) and the scale of accumulators of such ratios.
//!
//! Every operation on the mantissa is an ordinary f64 operation, and the exponent moves only by
//! whole powers of two, which are exact in IEEE 754: wherever the plain f64 computation stays
//! normal, the scaled one gives the same bits.

use serde::{Deserialize, Serialize};

/// `mantissa · 2^exponent`, with the mantissa in [1, 2) (or 0).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Scaled {
    /// In [1, 2), or 0.
    pub mantissa: f64,
    /// Binary exponent.
    pub exponent: i64,
}

impl Scaled {
    /// One.
    pub const ONE: Self = Self { mantissa: 1.0, exponent: 0 };
    /// Zero.
    pub const ZERO: Self = Self { mantissa: 0.0, exponent: 0 };

    /// `x` (finite and ≥ 0; anything else is 0).
    pub fn new(x: f64) -> Self {
        let e = binary_exponent(x);
        if e == i64::MIN { Self::ZERO } else { Self { mantissa: ldexp(x, -e), exponent: e } }
    }

    /// Multiplies by `factor` (finite, ≥ 0). The mantissa product is rounded once, as the
    /// plain f64 product would be.
    pub fn times(self, factor: f64) -> Self {
        let f = Self::new(factor);
        if f.mantissa == 0.0 || self.mantissa == 0.0 {
            return Self::ZERO;
        }
        let m = Self::new(self.mantissa * f.mantissa);
        Self { mantissa: m.mantissa, exponent: m.exponent + self.exponent + f.exponent }
    }

    /// The value as an f64 (0 below its range, ∞ above it).
    pub fn to_f64(self) -> f64 {
        ldexp(self.mantissa, self.exponent)
    }

    /// log₁₀ of the value (−∞ for 0), whatever its size.
    pub fn log10(self) -> f64 {
        self.mantissa.log10() + self.exponent as f64 * std::f64::consts::LOG10_2
    }

    /// The value times 2^`k`, as an f64.
    pub fn ldexp(self, k: i64) -> f64 {
        ldexp(self.mantissa, self.exponent.saturating_add(k))
    }
}

/// The binary exponent of `x` (`floor(log₂ |x|)`), subnormals included; `i64::MIN` for 0 and
/// for anything not finite.
pub fn binary_exponent(x: f64) -> i64 {
    if x == 0.0 || !x.is_finite() {
        return i64::MIN;
    }
    let biased = ((x.to_bits() >> 52) & 0x7ff) as i64;
    if biased == 0 {
        // Subnormal: 2⁶⁴ brings it into the normal range exactly.
        return binary_exponent(x * TWO_POW_64) - 64;
    }
    biased - 1023
}

const TWO_POW_64: f64 = 18_446_744_073_709_551_616.0;

/// `x · 2^k`, exact wherever the result is a normal f64 (the C library's `ldexp`): applied in
/// steps of at most 2¹⁰⁰⁰, each an exact power of two.
pub fn ldexp(mut x: f64, mut k: i64) -> f64 {
    if x == 0.0 || !x.is_finite() {
        return x;
    }
    while k > 1000 {
        x *= pow2(1000);
        k -= 1000;
        if x.is_infinite() {
            return x;
        }
    }
    while k < -1000 {
        x *= pow2(-1000);
        k += 1000;
        if x == 0.0 {
            return x;
        }
    }
    x * pow2(k)
}

/// 2^k for k in [−1022, 1023], built from its bits.
fn pow2(k: i64) -> f64 {
    f64::from_bits(((k + 1023) as u64) << 52)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn products_match_f64_where_f64_is_normal_and_continue_beyond_it() {
        let factors = [0.3, 1.7e-3, 0.5, 2.0 / 3.0, 1e-5, 0.999];
        let (mut plain, mut scaled) = (1.0f64, Scaled::ONE);
        for f in factors {
            plain *= f;
            scaled = scaled.times(f);
            assert_eq!(scaled.to_f64().to_bits(), plain.to_bits());
        }
        // 1e-5 forty times: 1e-200, then its square, far below f64.
        let mut tiny = Scaled::ONE;
        for _ in 0..80 {
            tiny = tiny.times(1e-5);
        }
        assert!((tiny.log10() + 400.0).abs() < 1e-9, "{}", tiny.log10());
        assert_eq!(tiny.to_f64(), 0.0);
        // Brought back into range by 2¹³²⁹: 10^(1329·log₁₀2 − 400) ≈ 1.18.
        let back = 10f64.powf(1329.0 * std::f64::consts::LOG10_2 - 400.0);
        assert!((tiny.ldexp(1329) / back - 1.0).abs() < 1e-9);
    }

    #[test]
    fn exponents_of_subnormals_and_ldexp_round_trip() {
        assert_eq!(binary_exponent(1.0), 0);
        assert_eq!(binary_exponent(3.0), 1);
        assert_eq!(binary_exponent(f64::MIN_POSITIVE), -1022);
        assert_eq!(binary_exponent(5e-324), -1074);
        assert_eq!(binary_exponent(0.0), i64::MIN);
        // Below the subnormals: rounded once, to nearest.
        assert_eq!(ldexp(1.5, -1075), 5e-324);
        assert_eq!(ldexp(1.0, -1076), 0.0);
        assert_eq!(ldexp(ldexp(1.25, -1500), 1500), 0.0);
        assert_eq!(ldexp(1.25, 1000 + 23).to_bits(), (1.25 * 2f64.powi(1023)).to_bits());
        assert_eq!(Scaled::new(6.0), Scaled { mantissa: 1.5, exponent: 2 });
    }
}
