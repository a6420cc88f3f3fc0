//! Non-negative numbers with an f64 significand and an i64 binary exponent, for probabilities
//! far below f64's range (a 1-of-200 parallel of units with q = 1/1001 has U ≈ 10⁻⁶⁰⁰).
//!
//! A value is m·2ᵉ with m in [0.5, 1) (or m = 0). Scaling by a power of two is exact, so each
//! operation rounds once, on the significands, exactly as the same f64 operation would: when
//! no intermediate leaves f64's normal range the results are bit-identical to plain f64
//! arithmetic (an addend more than 2¹⁰²¹ times smaller than the other cannot change a rounded
//! sum in either arithmetic). The exact analysis therefore runs in this type everywhere and
//! converts back at the end, with no change to the figures of ordinary models.

use std::cmp::Ordering;

/// m·2ᵉ, m ∈ [0.5, 1) or m = 0 (then e = 0). Only non-negative finite values are meant; a
/// non-finite input is kept in m with e = 0 so that it shows in the result instead of hiding.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Ext {
    m: f64,
    e: i64,
}

/// 2ᵏ for k in [−1022, 1023], built from its bits (exact).
fn pow2(k: i64) -> f64 {
    debug_assert!((-1022..=1023).contains(&k));
    f64::from_bits(((k + 1023) as u64) << 52)
}

/// x·2ᵏ for x in [0.5, 1), rounded once (to a subnormal or 0 below f64's normal range).
fn ldexp(x: f64, k: i64) -> f64 {
    if k > 1024 {
        f64::INFINITY
    } else if k > 1023 {
        x * 2.0 * pow2(k - 1)
    } else if k >= -1021 {
        x * pow2(k)
    } else if k >= -1100 {
        // x·2^(k+1022) is still normal (exact); the last factor rounds once.
        x * pow2(k + 1022) * pow2(-1022)
    } else {
        0.0
    }
}

impl Ext {
    /// Zero.
    pub const ZERO: Ext = Ext { m: 0.0, e: 0 };
    /// One.
    pub const ONE: Ext = Ext { m: 0.5, e: 1 };

    /// The value of `x` (exact, subnormals included).
    pub fn from_f64(x: f64) -> Self {
        if x == 0.0 || !x.is_finite() {
            return Ext { m: if x == 0.0 { 0.0 } else { x }, e: 0 };
        }
        let (x, shift) = if x.abs() < f64::MIN_POSITIVE { (x * pow2(64), -64) } else { (x, 0) };
        let bits = x.to_bits();
        let exponent = ((bits >> 52) & 0x7ff) as i64;
        // Replace the biased exponent by 1022 (2⁻¹): the significand in [0.5, 1).
        let m = f64::from_bits((bits & !(0x7ff << 52)) | (1022 << 52));
        Ext { m, e: exponent - 1022 + shift }
    }

    /// The nearest f64: 0 or a subnormal below f64's range, ∞ above it.
    pub fn to_f64(self) -> f64 {
        if self.m == 0.0 || !self.m.is_finite() { self.m } else { ldexp(self.m, self.e) }
    }

    /// Whether the value is a normal f64 (or 0): converting it loses nothing.
    pub fn fits_f64(self) -> bool {
        self.m == 0.0 || (self.m.is_finite() && (-1021..=1024).contains(&self.e))
    }

    /// Whether it is 0.
    pub fn is_zero(self) -> bool {
        self.m == 0.0
    }

    fn normalised(m: f64, e: i64) -> Self {
        let n = Ext::from_f64(m);
        if n.m == 0.0 || !n.m.is_finite() { n } else { Ext { m: n.m, e: n.e + e } }
    }

    /// log₁₀ of the value (−∞ for 0).
    pub fn log10(self) -> f64 {
        if self.m == 0.0 {
            return f64::NEG_INFINITY;
        }
        self.m.log10() + self.e as f64 * std::f64::consts::LOG10_2
    }

    /// a + b, rounded once.
    pub fn add(self, other: Ext) -> Ext {
        if other.m == 0.0 {
            return self;
        }
        if self.m == 0.0 {
            return other;
        }
        if !self.m.is_finite() || !other.m.is_finite() {
            return Ext { m: self.m + other.m, e: 0 };
        }
        let (big, small) = if self.e >= other.e { (self, other) } else { (other, self) };
        Ext::normalised(big.m + ldexp(small.m, small.e - big.e), big.e)
    }

    /// a − b, rounded once. (A coherent structure's branches are ordered, so the analysis only
    /// forms non-negative differences; one that rounding makes negative stays negative, as it
    /// would in f64.)
    pub fn sub(self, other: Ext) -> Ext {
        if other.m == 0.0 {
            return self;
        }
        if self.m == 0.0 {
            return Ext { m: -other.m, e: other.e };
        }
        if !self.m.is_finite() || !other.m.is_finite() {
            return Ext { m: self.m - other.m, e: 0 };
        }
        if self.e >= other.e {
            Ext::normalised(self.m - ldexp(other.m, other.e - self.e), self.e)
        } else {
            Ext::normalised(ldexp(self.m, self.e - other.e) - other.m, other.e)
        }
    }

    /// a·b, rounded once.
    pub fn mul(self, other: Ext) -> Ext {
        if self.m == 0.0 || other.m == 0.0 {
            return Ext::ZERO;
        }
        if !self.m.is_finite() || !other.m.is_finite() {
            return Ext { m: self.m * other.m, e: 0 };
        }
        Ext::normalised(self.m * other.m, self.e + other.e)
    }

    /// a/b, rounded once (b ≠ 0; a/0 is ∞ or NaN, kept visible).
    pub fn div(self, other: Ext) -> Ext {
        if other.m == 0.0 || !self.m.is_finite() || !other.m.is_finite() {
            return Ext { m: self.to_f64() / other.to_f64(), e: 0 };
        }
        if self.m == 0.0 {
            return Ext::ZERO;
        }
        Ext::normalised(self.m / other.m, self.e - other.e)
    }

    /// Compares two finite non-negative values.
    pub fn cmp(self, other: Ext) -> Ordering {
        match (self.m == 0.0, other.m == 0.0) {
            (true, true) => Ordering::Equal,
            (true, false) => Ordering::Less,
            (false, true) => Ordering::Greater,
            _ => self.e.cmp(&other.e).then(self.m.total_cmp(&other.m)),
        }
    }

    /// Whether the value is less than `x`.
    pub fn lt(self, x: Ext) -> bool {
        self.cmp(x) == Ordering::Less
    }
}

#[cfg(test)]
mod tests {
    use super::Ext;

    #[test]
    fn round_trips_and_matches_f64_bit_for_bit() {
        let values = [1.0, 0.5, 3.0, 1e-300, 7.3e-12, 0.999_999_9, 123_456.789, f64::MIN_POSITIVE, 5e-324, 1e308];
        for &a in &values {
            assert_eq!(Ext::from_f64(a).to_f64().to_bits(), a.to_bits(), "{a}");
            for &b in &values {
                let (x, y) = (Ext::from_f64(a), Ext::from_f64(b));
                if (a * b).is_normal() {
                    assert_eq!(x.mul(y).to_f64().to_bits(), (a * b).to_bits(), "{a}·{b}");
                }
                if (a + b).is_normal() && a.is_normal() && b.is_normal() {
                    assert_eq!(x.add(y).to_f64().to_bits(), (a + b).to_bits(), "{a}+{b}");
                }
                if a >= b && (a - b).is_normal() && a.is_normal() && b.is_normal() {
                    assert_eq!(x.sub(y).to_f64().to_bits(), (a - b).to_bits(), "{a}−{b}");
                }
                if (a / b).is_normal() && a.is_normal() && b.is_normal() {
                    assert_eq!(x.div(y).to_f64().to_bits(), (a / b).to_bits(), "{a}/{b}");
                }
            }
        }
    }

    #[test]
    fn keeps_numbers_far_below_f64() {
        // (1/1001)^200 = 10^(−200·log10 1001).
        let q = Ext::from_f64(1.0 / 1001.0);
        let mut u = Ext::ONE;
        for _ in 0..200 {
            u = u.mul(q);
        }
        assert_eq!(u.to_f64(), 0.0);
        let exact = -200.0 * 1001f64.log10();
        assert!((u.log10() - exact).abs() < 1e-12 * exact.abs(), "{} vs {exact}", u.log10());
        // u/u and (u + u)/u are exact.
        assert_eq!(u.div(u).to_f64(), 1.0);
        assert_eq!(u.add(u).div(u).to_f64(), 2.0);
    }
}
