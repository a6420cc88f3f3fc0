//! Axis ranges and tick labels.
//!
//! Simulation output can be empty, constant, zero, NaN or astronomically small; plotters asserts
//! on NaN ranges and cannot place zero on a log axis, so every range handed to it comes from
//! here, finite and with a non-zero span.

use std::ops::Range;

use plotters::coord::combinators::{IntoLogRange, LogCoord};
use plotters::coord::ranged1d::Ranged;
use plotters::coord::types::RangedCoordf64;

/// Magnitudes beyond this are treated as unusable: spans between them could overflow to infinity.
const HUGE: f64 = 1e300;
/// Spans below this are treated as no span: tick positions would be subnormal numbers.
const TINY: f64 = 1e-200;
/// Decades a log axis may reach. Plotters counts the decades of a log axis through the ratio of
/// its ends and loops for ever when that ratio overflows, so the ends stay within 1e±150.
const DECADES: Range<f64> = -150.0..150.0;
/// Headroom, in decades, below the smallest and above the largest value of a log axis, so that
/// points on a decade do not sit on the frame.
const LOG_MARGIN: f64 = 0.05;

/// True for a value that can be placed on a linear axis.
pub(super) fn usable(v: f64) -> bool {
    v.is_finite() && v.abs() <= HUGE
}

/// True for a value that can be placed on a log axis (zero, negatives and NaN cannot).
pub(super) fn loggable(v: f64) -> bool {
    v.is_finite() && (10f64.powf(DECADES.start)..=10f64.powf(DECADES.end)).contains(&v)
}

fn min_max(values: impl IntoIterator<Item = f64>, keep: fn(f64) -> bool) -> Option<(f64, f64)> {
    values.into_iter().filter(|&v| keep(v)).fold(None, |acc, v| match acc {
        None => Some((v, v)),
        Some((lo, hi)) => Some((lo.min(v), hi.max(v))),
    })
}

/// A linear range covering the usable `values`, widened by `pad` (a fraction of the span) on each
/// side but not past `limits` (e.g. 0 for a count; 1 for a probability) unless the data does.
/// All-equal values get a span of 20% of their magnitude (or 0 to 1 around zero); no usable
/// value gives `fallback`.
pub(super) fn linear_range(values: impl IntoIterator<Item = f64>, pad: f64, limits: Range<f64>, fallback: Range<f64>) -> Range<f64> {
    let Some((min, max)) = min_max(values, usable) else { return fallback };
    let magnitude = min.abs().max(max.abs());
    // Below about 1e-9 of the magnitude, tick positions drown in rounding error.
    let min_span = (magnitude * 1e-9).max(TINY);
    let (lo, hi) = if max - min >= min_span {
        let pad = (max - min) * pad;
        (min - pad, max + pad)
    } else {
        let half = if magnitude >= TINY { magnitude * 0.1 } else { 1.0 };
        let mid = min / 2.0 + max / 2.0;
        (mid - half, mid + half)
    };
    let lo = if min >= limits.start { lo.max(limits.start) } else { lo };
    let hi = if max <= limits.end { hi.min(limits.end) } else { hi };
    if lo < hi && lo.is_finite() && hi.is_finite() { lo..hi } else { fallback }
}

/// A decade-aligned log range covering the positive usable `values` with a small margin, at least
/// one decade wide; no such value gives `fallback`.
pub(super) fn log_range(values: impl IntoIterator<Item = f64>, fallback: Range<f64>) -> Range<f64> {
    let Some((min, max)) = min_max(values, loggable) else { return fallback };
    let lo = (min.log10() - LOG_MARGIN).floor().clamp(DECADES.start, DECADES.end - 1.0);
    let hi = (max.log10() + LOG_MARGIN).ceil().clamp(lo + 1.0, DECADES.end);
    10f64.powf(lo)..10f64.powf(hi)
}

/// How the tick values of an axis are written.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Ticks {
    /// Fixed decimals, just enough for the tick step (which is 1, 2 or 5 × 10^`step_exp`).
    Fixed { step_exp: i32 },
    /// Scientific notation (`1.5e-6`), for axes whose numbers are very small or very large.
    Scientific { step_exp: i32 },
    /// Decades and their multiples on a log axis, as `2e-5`.
    Log,
    /// Log axis within a range where plain numbers (`0.01`, `200`) read better than exponents.
    LogPlain,
    /// Whole numbers only (a count axis: "2.5 outages" means nothing).
    Whole,
    /// No tick labels: a categorical axis whose names are drawn separately.
    Hidden,
}

impl Ticks {
    /// Tick labels for a linear axis over `range` with at most `labels` labels.
    pub(super) fn linear(range: &Range<f64>, labels: usize) -> Self {
        // Plotters may fit `labels` ticks in a little less than the span (the first and last sit
        // inside it), so its step can be as fine as span / (labels + 1).
        let step = nice_step((range.end - range.start) / (labels + 1) as f64);
        let step_exp = step.log10().floor() as i32;
        let magnitude = range.start.abs().max(range.end.abs());
        if (1e-3..1e6).contains(&magnitude) { Ticks::Fixed { step_exp } } else { Ticks::Scientific { step_exp } }
    }

    /// Tick labels for a log axis over `range`.
    pub(super) fn log(range: &Range<f64>) -> Self {
        if range.start >= 1e-2 && range.end <= 1e5 { Ticks::LogPlain } else { Ticks::Log }
    }

    /// The text of the tick at `v`.
    pub(super) fn label(self, v: f64) -> String {
        if !v.is_finite() {
            return String::new();
        }
        match self {
            Ticks::Fixed { step_exp } => {
                let decimals = (-step_exp).clamp(0, 15) as usize;
                // A tick meant to be zero may come out as -1e-17; "-0.0" would look like a bug.
                let v = if v.abs() < 0.5 * 10f64.powi(step_exp) { 0.0 } else { v };
                format!("{v:.decimals$}")
            }
            Ticks::Scientific { step_exp } => {
                if v.abs() < 0.5 * 10f64.powi(step_exp) {
                    "0".to_string()
                } else {
                    let digits = (v.abs().log10().floor() as i32 - step_exp).clamp(0, 15) as usize;
                    scientific(v, digits)
                }
            }
            Ticks::Log if v > 0.0 => scientific(v, 1),
            Ticks::LogPlain if v > 0.0 => {
                let decimals = (-(v.log10() + 1e-6).floor() as i32).clamp(0, 15) as usize;
                format!("{v:.decimals$}")
            }
            Ticks::Whole if (v - v.round()).abs() < 1e-9 => format!("{}", v.round() as i64),
            Ticks::Log | Ticks::LogPlain | Ticks::Whole | Ticks::Hidden => String::new(),
        }
    }
}

/// The tick labels plotters will draw on a linear axis over `range` asked for `labels` labels
/// (the same key points its mesh uses), to size the label area before the chart is built.
pub(super) fn linear_tick_labels(range: &Range<f64>, labels: usize, ticks: Ticks) -> Vec<String> {
    RangedCoordf64::from(range.clone()).key_points(labels).into_iter().map(|v| ticks.label(v)).collect()
}

/// The tick labels of a log axis over `range`; see [`linear_tick_labels`].
pub(super) fn log_tick_labels(range: &Range<f64>, labels: usize, ticks: Ticks) -> Vec<String> {
    LogCoord::from(range.clone().log_scale()).key_points(labels).into_iter().map(|v| ticks.label(v)).collect()
}

/// `v` in scientific notation with `digits` decimals in the mantissa, trailing zeros dropped:
/// `1e-5`, `2.5e-7`.
pub(super) fn scientific(v: f64, digits: usize) -> String {
    let text = format!("{v:.digits$e}");
    match text.split_once('e') {
        Some((mantissa, exponent)) if mantissa.contains('.') => {
            format!("{}e{exponent}", mantissa.trim_end_matches('0').trim_end_matches('.'))
        }
        _ => text,
    }
}

/// The smallest 1, 2 or 5 × 10^k at least `raw` (the spacing plotters gives its ticks).
fn nice_step(raw: f64) -> f64 {
    if !(raw > 0.0 && raw.is_finite()) {
        return 1.0;
    }
    let decade = 10f64.powf(raw.log10().floor());
    [1.0, 2.0, 5.0, 10.0].iter().map(|m| m * decade).find(|&s| s >= raw * (1.0 - 1e-9)).unwrap_or(10.0 * decade)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log_ranges_are_decade_aligned_with_margin() {
        let close = |a: f64, b: f64| (a / b - 1.0).abs() < 1e-12;
        let r = log_range([3e-5, 4e-4], 1.0..10.0);
        assert!(close(r.start, 1e-5) && close(r.end, 1e-3), "{r:?}");
        // A value on a decade gets a decade of headroom rather than sitting on the frame.
        let r = log_range([1e-5], 1.0..10.0);
        assert!(close(r.start, 1e-6) && close(r.end, 1e-4), "{r:?}");
        assert_eq!(log_range([0.0, -1.0, f64::NAN], 1e-3..1.0), 1e-3..1.0);
        let tiny = log_range([1e-9, 2e-9], 1.0..10.0);
        assert!(tiny.start > 0.0 && tiny.start < 1e-9 && tiny.end > 2e-9);
        // Plotters needs the ratio of the ends to be finite.
        let extreme = log_range([1e-150, 1e150, f64::MIN_POSITIVE, 1e300], 1.0..10.0);
        assert!((extreme.end / extreme.start).is_finite(), "{extreme:?}");
    }

    #[test]
    fn linear_ranges_always_have_a_span() {
        let r = linear_range([0.9999, 0.9999], 0.05, 0.0..1.0, 0.0..1.0);
        assert!(r.start < 0.9999 && r.end <= 1.0 && r.end > r.start);
        assert_eq!(linear_range([0.0, 0.0], 0.05, 0.0..f64::INFINITY, 0.0..1.0), 0.0..1.0);
        assert_eq!(linear_range([1e-310, 2e-310], 0.05, f64::NEG_INFINITY..f64::INFINITY, 0.0..1.0), -1.0..1.0);
        assert_eq!(linear_range([f64::NAN], 0.05, 0.0..1.0, 0.0..2.0), 0.0..2.0);
        let r = linear_range([-1e308, 1e308, 5.0], 0.05, f64::NEG_INFINITY..f64::INFINITY, 0.0..1.0);
        assert_eq!(r, 4.5..5.5);
        let r = linear_range([0.0, 10.0], 0.0, 0.0..f64::INFINITY, 0.0..1.0);
        assert_eq!(r, 0.0..10.0);
    }

    #[test]
    fn neighbouring_ticks_never_read_the_same() {
        for (lo, hi) in
            [(0.99952, 1.0), (0.9, 1.0), (0.0, 1.0), (0.0, 2e-6), (1e-4, 1.7e-4), (0.0, 123456.0), (5.0, 5.001), (-3e7, 2e7), (0.0, 1.05)]
        {
            let range = lo..hi;
            let ticks = Ticks::linear(&range, 10);
            let labels = linear_tick_labels(&range, 10, ticks);
            assert!(labels.len() > 1, "{range:?}: {labels:?}");
            assert!(labels.windows(2).all(|w| w[0] != w[1]), "{range:?}: {labels:?}");
        }
        let labels = log_tick_labels(&(1e-4..1e-3), 10, Ticks::Log);
        assert!(labels.windows(2).all(|w| w[0] != w[1]), "{labels:?}");
    }

    #[test]
    fn tick_labels_read_naturally() {
        assert_eq!(Ticks::Log.label(1e-5), "1e-5");
        assert_eq!(Ticks::Log.label(2.0000000000000003e-7), "2e-7");
        assert_eq!(Ticks::Log.label(9.999999999e-10), "1e-9");
        assert_eq!(Ticks::LogPlain.label(0.01), "0.01");
        assert_eq!(Ticks::LogPlain.label(300.0), "300");
        let fixed = Ticks::linear(&(0.99990..1.0), 10);
        assert_eq!(fixed.label(0.99995), "0.99995");
        assert_eq!(Ticks::linear(&(0.0..100.0), 10).label(-1e-15), "0");
        let sci = Ticks::linear(&(0.0..2e-6), 10);
        assert_eq!(sci.label(1.2e-6), "1.2e-6");
        assert_eq!(sci.label(0.0), "0");
        assert_eq!(Ticks::Whole.label(2.5), "");
        assert_eq!(Ticks::Whole.label(3.0), "3");
        assert_eq!(Ticks::Log.label(0.0), "");
        assert_eq!(Ticks::Hidden.label(1.0), "");
    }
}
