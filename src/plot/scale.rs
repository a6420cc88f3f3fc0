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

/// A log range from `values`' smallest usable value divided by `reach` to their largest times
/// `reach`, widened about its middle to at least one decade (so that some tick falls inside);
/// no such value gives `fallback`. Unlike [`log_range`] the ends are not rounded to decades,
/// which would leave up to a decade empty on each side.
pub(super) fn log_range_around(values: impl IntoIterator<Item = f64>, reach: f64, fallback: Range<f64>) -> Range<f64> {
    let Some((min, max)) = min_max(values, loggable) else { return fallback };
    let reach = reach.max(1.0).log10();
    let (mut lo, mut hi) = (min.log10() - reach, max.log10() + reach);
    if hi - lo < 1.0 {
        let middle = (lo + hi) / 2.0;
        (lo, hi) = (middle - 0.5, middle + 0.5);
    }
    10f64.powf(lo.max(DECADES.start))..10f64.powf(hi.min(DECADES.end))
}

/// Tick values for a log axis over `range` that read well however many decades it spans (for
/// ranges not aligned to decades, where plotters' own choice crowds nine labels into each
/// decade): 1, 2 and 5 times each power of ten across up to two decades, the powers alone
/// beyond, every second or further one past [`MAX_LOG_LABELS`] decades. Then the values for
/// light grid lines: 1 to 9 times each power across up to four decades, the powers beyond.
pub(super) fn log_key_points(range: &Range<f64>) -> (Vec<f64>, Vec<f64>) {
    if !(loggable(range.start) && loggable(range.end) && range.start < range.end) {
        return (Vec::new(), Vec::new());
    }
    let decades = (range.end / range.start).log10();
    let (first, last) = (range.start.log10().floor() as i32, range.end.log10().ceil() as i32);
    let within = |v: &f64| (range.start * (1.0 - 1e-12)..=range.end * (1.0 + 1e-12)).contains(v);
    let power = |k: i32| 10f64.powi(k);
    let multiples: &[f64] = if decades <= 2.0 { &[1.0, 2.0, 5.0] } else { &[1.0] };
    let stride = ((decades / MAX_LOG_LABELS as f64).ceil() as i32).max(1);
    let bold = (first..=last).filter(|k| k.rem_euclid(stride) == 0).flat_map(|k| multiples.iter().map(move |m| m * power(k)));
    let light: Vec<f64> = if decades <= 4.0 {
        (first..=last).flat_map(|k| (1..=9).map(move |m| f64::from(m) * power(k))).filter(within).collect()
    } else {
        (first..=last).map(power).filter(within).collect()
    };
    (bold.filter(within).collect(), light)
}

/// The most decades a log axis labels one by one; see [`log_key_points`].
const MAX_LOG_LABELS: usize = 10;

/// A unit of time people read an axis in.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct HumanUnit {
    /// Its name in an axis description ("years").
    pub(super) name: &'static str,
    /// Its symbol in a tick label ("min").
    pub(super) symbol: &'static str,
    /// Hours in one.
    pub(super) hours: f64,
}

/// Seconds to years, smallest first (a year is 8766 h, as everywhere in ninesim).
const HUMAN_UNITS: [HumanUnit; 5] = [
    HumanUnit { name: "seconds", symbol: "s", hours: 1.0 / 3600.0 },
    HumanUnit { name: "minutes", symbol: "min", hours: 1.0 / 60.0 },
    HumanUnit { name: "hours", symbol: "h", hours: 1.0 },
    HumanUnit { name: "days", symbol: "d", hours: 24.0 },
    HumanUnit { name: "years", symbol: "y", hours: crate::units::HOURS_PER_YEAR },
];

/// The unit a linear time axis from 0 to `span_hours` reads best in: the largest of which it
/// spans at least two (876,600 h reads as 100 years; 40 h stays 40 hours; 90 s is 90 seconds).
pub(super) fn axis_time_unit(span_hours: f64) -> HumanUnit {
    let fits = |u: &&HumanUnit| span_hours.is_finite() && span_hours / u.hours >= 2.0;
    *HUMAN_UNITS.iter().rev().find(fits).unwrap_or(&HUMAN_UNITS[0])
}

/// The unit one duration reads best in: the largest not longer than it (45 s, 6 min, 2.5 h).
fn duration_unit(hours: f64) -> HumanUnit {
    let fits = |u: &&HumanUnit| hours >= u.hours * (1.0 - 1e-9);
    *HUMAN_UNITS.iter().rev().find(fits).unwrap_or(&HUMAN_UNITS[0])
}

/// `hours` as a person says it, to three significant digits: `36 s`, `1 min`, `2.5 h`, `4.2 d`.
pub(super) fn human_duration(hours: f64) -> String {
    if !(hours.is_finite() && hours > 0.0) {
        return if hours == 0.0 { "0".to_string() } else { String::new() };
    }
    let unit = duration_unit(hours);
    let v = hours / unit.hours;
    let decimals = (2 - v.log10().floor() as i32).clamp(0, 15) as usize;
    let text = format!("{v:.decimals$}");
    let text = if text.contains('.') { text.trim_end_matches('0').trim_end_matches('.') } else { &text };
    format!("{text} {}", unit.symbol)
}

/// Round durations, in hours, for the ticks of a log duration axis: 1 s, 10 s, 1 min, 10 min,
/// 1 h, 10 h, 1 d, 10 d, 100 d, 1 y and powers of ten of seconds below and of years above; over
/// two decades or less also 2 s, 5 s, 30 s, 2 min, 5 min, 30 min, 2 h, 6 h, 12 h, 2 d, 5 d, 30 d.
fn round_durations(fine: bool) -> Vec<f64> {
    let (s, m, h, d, y) = (1.0 / 3600.0, 1.0 / 60.0, 1.0, 24.0, crate::units::HOURS_PER_YEAR);
    let mut out: Vec<f64> = (-6..0).map(|k| 10f64.powi(k) * s).collect();
    out.extend([s, 10.0 * s, m, 10.0 * m, h, 10.0 * h, d, 10.0 * d, 100.0 * d, y]);
    out.extend((1..=8).map(|k| 10f64.powi(k) * y));
    if fine {
        out.extend([2.0 * s, 5.0 * s, 30.0 * s, 2.0 * m, 5.0 * m, 30.0 * m, 2.0 * h, 6.0 * h, 12.0 * h, 2.0 * d, 5.0 * d, 30.0 * d]);
        out.extend((-6..0).flat_map(|k| [2.0, 5.0].map(|f| f * 10f64.powi(k) * s)));
        out.sort_by(f64::total_cmp);
    }
    out
}

/// Tick values (labelled) and light grid values for a log axis of durations over `range`, in
/// a unit of `hours_per_unit` hours: round durations ([`round_durations`]) where at least three
/// fall inside the range, else the usual decades ([`log_key_points`]), which
/// [`Ticks::Duration`] still writes in human units.
pub(super) fn duration_key_points(range: &Range<f64>, hours_per_unit: f64) -> (Vec<f64>, Vec<f64>) {
    let (decimal, light) = log_key_points(range);
    if !(hours_per_unit.is_finite() && hours_per_unit > 0.0) {
        return (decimal, light);
    }
    let within = |v: &f64| (range.start * (1.0 - 1e-12)..=range.end * (1.0 + 1e-12)).contains(v);
    let fine = range.end / range.start <= 100.0;
    let round: Vec<f64> = round_durations(fine).into_iter().map(|h| h / hours_per_unit).filter(within).collect();
    if round.len() >= 3 { (round, light) } else { (decimal, light) }
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
    /// The y axis of Weibull probability paper, at y = ln(−ln(1 − F)), labelled with F as a
    /// percentage (`63.2%`).
    WeibullPercent,
    /// Durations in a unit of `hours_per_unit` hours, written in the unit that reads best for
    /// each (`30 s`, `10 min`, `2 h`).
    Duration { hours_per_unit: f64 },
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
                // 876,600 reads; 876600 must be counted. Four digits stay as they are (2000).
                let text = format!("{v:.decimals$}");
                if v.abs() >= 1e4 { crate::units::fmt::group(&text) } else { text }
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
            Ticks::WeibullPercent => weibull_percent(v),
            Ticks::Duration { hours_per_unit } => human_duration(v * hours_per_unit),
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

/// F = 1 − exp(−e^y) as a percentage with the digits that tell the ticks of probability paper
/// apart: `0.1%`, `5%`, `63.2%`, `99.9%` (near 100 % as many decimals as the distance to it
/// needs, so that 99.9 and 99.99 never both read `100%`).
fn weibull_percent(y: f64) -> String {
    let p = -100.0 * (-y.exp()).exp_m1();
    if !(p > 0.0 && p < 100.0) {
        return String::new();
    }
    if p < 1e-3 {
        return format!("{}%", scientific(p, 0));
    }
    let decimals = |distance: f64| (-distance.log10() - 1e-6).ceil().clamp(0.0, 15.0) as usize;
    let digits = if p < 1.0 {
        decimals(p)
    } else if p > 99.0 {
        decimals(100.0 - p)
    } else {
        1
    };
    let text = format!("{p:.digits$}");
    let text = if text.contains('.') { text.trim_end_matches('0').trim_end_matches('.') } else { &text };
    format!("{text}%")
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
    fn log_ranges_around_values_reach_past_them_by_a_factor() {
        let close = |a: f64, b: f64| (a / b - 1.0).abs() < 1e-12;
        let r = log_range_around([112.0, 1950.0], 1.5, 1.0..10.0);
        assert!(close(r.start, 112.0 / 1.5) && close(r.end, 1950.0 * 1.5), "{r:?}");
        let r = log_range_around([5.0, 5.0], 1.5, 1.0..10.0);
        assert!(close(r.end / r.start, 10.0) && close(r.start * r.end, 25.0), "{r:?}");
        assert_eq!(log_range_around([0.0, f64::NAN, -2.0], 1.5, 1.0..10.0), 1.0..10.0);
        let r = log_range_around([1e-150, 1e150], 1.5, 1.0..10.0);
        assert!((r.end / r.start).is_finite(), "{r:?}");
    }

    #[test]
    fn log_key_points_thin_out_with_the_decades() {
        let (bold, light) = log_key_points(&(70.0..3120.0));
        assert_eq!(bold, [100.0, 200.0, 500.0, 1000.0, 2000.0]);
        assert_eq!((light.first(), light.last(), light.len()), (Some(&70.0), Some(&3000.0), 15));
        let (bold, _) = log_key_points(&(1e-7..1e10));
        assert!(bold.len() <= MAX_LOG_LABELS && bold.len() >= 5, "{bold:?}");
        let (bold, _) = log_key_points(&(3.2..32.0));
        assert_eq!(bold, [5.0, 10.0, 20.0]);
        assert_eq!(log_key_points(&(0.0..1.0)), (vec![], vec![]));
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
    fn time_axes_read_in_the_largest_unit_they_span_twice() {
        assert_eq!(axis_time_unit(876_600.0).name, "years");
        assert_eq!(axis_time_unit(17_532.0).name, "years");
        assert_eq!(axis_time_unit(17_000.0).name, "days");
        assert_eq!(axis_time_unit(40.0).name, "hours");
        assert_eq!(axis_time_unit(1.5).name, "minutes");
        assert_eq!(axis_time_unit(0.02).name, "seconds");
        assert_eq!(axis_time_unit(1e-6).name, "seconds");
        assert_eq!(axis_time_unit(f64::NAN).name, "seconds");
    }

    #[test]
    fn durations_read_in_seconds_minutes_hours_days_and_years() {
        assert_eq!(human_duration(1e-3), "3.6 s");
        assert_eq!(human_duration(1.0 / 3600.0), "1 s");
        assert_eq!(human_duration(0.1), "6 min");
        assert_eq!(human_duration(1.0), "1 h");
        assert_eq!(human_duration(2.5), "2.5 h");
        assert_eq!(human_duration(100.0), "4.17 d");
        assert_eq!(human_duration(8766.0 * 3.0), "3 y");
        assert_eq!(human_duration(1e-7), "0.00036 s");
        assert_eq!(human_duration(0.0), "0");
        assert_eq!(human_duration(f64::NAN), "");
        assert_eq!(Ticks::Duration { hours_per_unit: 1.0 / 60.0 }.label(90.0), "1.5 h");
    }

    #[test]
    fn duration_axes_tick_at_round_durations() {
        // Outages of 1e-5 h to 100 h: seconds, minutes, hours and days, not 1e-3 h.
        let (ticks, _) = duration_key_points(&(1e-5..1e2), 1.0);
        let labels: Vec<String> = ticks.iter().map(|&v| Ticks::Duration { hours_per_unit: 1.0 }.label(v)).collect();
        assert_eq!(labels, ["0.1 s", "1 s", "10 s", "1 min", "10 min", "1 h", "10 h", "1 d"]);
        // The same axis in minutes has the same ticks.
        let (minutes, _) = duration_key_points(&(6e-4..6e3), 1.0 / 60.0);
        assert_eq!(minutes.len(), ticks.len());
        // Two decades or less: the finer ladder.
        let (fine, _) = duration_key_points(&(0.05..2.0), 1.0);
        let labels: Vec<String> = fine.iter().map(|&v| human_duration(v)).collect();
        assert_eq!(labels, ["5 min", "10 min", "30 min", "1 h", "2 h"]);
        // Too narrow for three round durations: decades.
        let (few, _) = duration_key_points(&(1.1..1.9), 1.0);
        assert_eq!(few, log_key_points(&(1.1..1.9)).0);
    }

    #[test]
    fn large_fixed_ticks_are_grouped() {
        let ticks = Ticks::linear(&(0.0..900_000.0), 10);
        assert_eq!(ticks.label(800_000.0), "800,000");
        assert_eq!(Ticks::linear(&(0.0..9000.0), 10).label(2000.0), "2000");
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
        let weibull = |f: f64| Ticks::WeibullPercent.label((-(-f).ln_1p()).ln());
        let labels: Vec<String> = [1e-6, 0.001, 0.01, 0.05, 0.5, 1.0 - (-1.0f64).exp(), 0.9, 0.99, 0.999, 0.9999].map(weibull).to_vec();
        assert_eq!(labels, ["1e-4%", "0.1%", "1%", "5%", "50%", "63.2%", "90%", "99%", "99.9%", "99.99%"]);
        assert_eq!(Ticks::WeibullPercent.label(f64::NAN), "");
    }
}
