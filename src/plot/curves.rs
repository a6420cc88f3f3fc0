//! Charts of estimates along a line: A(t), R(t), convergence, and parameter sweeps.

use std::ops::Range;

use plotters::coord::Shift;
use plotters::coord::combinators::IntoLogRange;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::render::{Failure, Figure};
use super::scale::{Ticks, axis_time_unit, linear_range, linear_tick_labels, log_range, log_tick_labels, loggable, usable};
use super::style::{
    Areas, AxisSpec, BLUE, CurvePoint, Interval, LABELS, PALETTE, RED, chart_builder, draw_curve, draw_legend, draw_mesh, draw_no_data,
    draw_notes, legend_entry, not_shown, steps, text_size, tick_style,
};
use super::{Reference, TimeAxis};
use crate::stats::Estimate;

/// Curves with at most this many points get a marker on each.
const MARKERS_UP_TO: usize = 40;
/// Shown when no point is usable.
const FALLBACK: Range<f64> = 0.0..1.0;
/// Shown on a log axis when no point is usable.
const FALLBACK_LOG: Range<f64> = 1e-6..1e-1;
/// Headroom above and below the data, as a fraction of its span.
const PAD: f64 = 0.05;

/// The usable points of `points` sorted by x, and how many were left out.
fn sorted_usable<T: Copy>(points: &[T], x: impl Fn(&T) -> f64, keep: impl Fn(&T) -> bool) -> (Vec<T>, usize) {
    let mut kept: Vec<T> = points.iter().copied().filter(|p| usable(x(p)) && keep(p)).collect();
    kept.sort_by(|a, b| x(a).total_cmp(&x(b)));
    let dropped = points.len() - kept.len();
    (kept, dropped)
}

/// The interval [a, b] (either order) clamped into `limits`, or `None` when an end is unknown.
/// An end clamped up to the lower limit marks the interval as running off the axis.
fn interval(a: f64, b: f64, limits: &Range<f64>) -> Option<Interval> {
    if !(usable(a) && usable(b)) {
        return None;
    }
    let (lo, hi) = (a.min(b), a.max(b));
    Some(Interval { lo: lo.clamp(limits.start, limits.end), hi: hi.clamp(limits.start, limits.end), clipped_low: lo < limits.start })
}

/// The y values a curve shows: points and band ends.
fn curve_values(points: &[CurvePoint]) -> impl Iterator<Item = f64> + '_ {
    points.iter().flat_map(|p| [Some(p.y), p.band.map(|b| b.lo), p.band.map(|b| b.hi)]).flatten()
}

/// One estimate curve on linear axes (A(t), R(t), convergence): everything but the data
/// preparation is the same for the three.
pub(super) struct Curve {
    x_desc: String,
    y_desc: &'static str,
    points: Vec<CurvePoint>,
    /// Draw as steps (a survival curve holds its value until the next event).
    stepped: bool,
    y_range: Range<f64>,
    /// The exact value, drawn as a dashed line across the plot with its label.
    reference: Option<(f64, String)>,
    notes: Vec<String>,
}

/// The x values of `points` from the model's unit to the unit the axis reads best in, and the
/// axis description ("time (years)").
fn human_time<T>(points: &mut [T], x: impl Fn(&mut T) -> &mut f64, axis: TimeAxis) -> String {
    let span = points.iter_mut().map(|p| *x(p)).filter(|v| usable(*v)).fold(0.0f64, |a, v| a.max(v.abs())) * axis.hours_per_unit;
    // Converted, every x stays within span / (1 s in hours): keep that far from overflowing.
    let unit = (axis.hours_per_unit > 0.0 && span.is_finite() && span <= 1e290).then(|| axis_time_unit(span));
    match unit {
        Some(unit) => {
            let factor = axis.hours_per_unit / unit.hours;
            points.iter_mut().for_each(|p| *x(p) *= factor);
            format!("time ({})", unit.name)
        }
        None => format!("time ({})", axis.unit),
    }
}

impl Curve {
    /// Point availability: y fitted to the data (availabilities crowd just under 1).
    pub(super) fn availability(points: &[(f64, Estimate)], axis: TimeAxis, exact: Option<Reference<'_>>) -> Self {
        let limits = 0.0..1.0;
        let (kept, dropped) = sorted_usable(points, |p| p.0, |p| usable(p.1.mean));
        let mut points: Vec<CurvePoint> = kept
            .iter()
            .map(|(t, e)| CurvePoint { x: *t, y: e.mean.clamp(0.0, 1.0), band: interval(e.ci95[0], e.ci95[1], &limits) })
            .collect();
        let x_desc = human_time(&mut points, |p| &mut p.x, axis);
        let reference = reference_within(exact, &limits);
        let y_range = linear_range(curve_values(&points).chain(reference.as_ref().map(|r| r.0)), PAD, limits, FALLBACK);
        Self::new(x_desc, "availability A(t)", points, false, y_range, reference, dropped)
    }

    /// Reliability: a step curve on a fixed 0–1 axis.
    pub(super) fn reliability(points: &[(f64, f64, f64, f64)], axis: TimeAxis) -> Self {
        let limits = 0.0..1.0;
        let (kept, dropped) = sorted_usable(points, |p| p.0, |p| usable(p.1));
        let mut points: Vec<CurvePoint> =
            kept.iter().map(|&(t, r, lo, hi)| CurvePoint { x: t, y: r.clamp(0.0, 1.0), band: interval(lo, hi, &limits) }).collect();
        let x_desc = human_time(&mut points, |p| &mut p.x, axis);
        Self::new(x_desc, "R(t)", points, true, limits, None, dropped)
    }

    /// Convergence: the running estimate against replications; never below zero.
    pub(super) fn convergence(points: &[(u64, Estimate)], exact: Option<Reference<'_>>) -> Self {
        let limits = 0.0..f64::INFINITY;
        let (kept, dropped) = sorted_usable(points, |p| p.0 as f64, |p| usable(p.1.mean));
        let points: Vec<CurvePoint> = kept
            .iter()
            .map(|(n, e)| CurvePoint { x: *n as f64, y: e.mean.max(0.0), band: interval(e.ci95[0], e.ci95[1], &limits) })
            .collect();
        let reference = reference_within(exact, &limits);
        let y_range = linear_range(curve_values(&points).chain(reference.as_ref().map(|r| r.0)), PAD, limits, FALLBACK);
        Self::new("replications".to_string(), "unavailability", points, false, y_range, reference, dropped)
    }

    fn new(
        x_desc: String,
        y_desc: &'static str,
        points: Vec<CurvePoint>,
        stepped: bool,
        y_range: Range<f64>,
        reference: Option<(f64, String)>,
        dropped: usize,
    ) -> Self {
        let notes = not_shown(dropped, "point with an invalid value", "points with an invalid value").into_iter().collect();
        Self { x_desc, y_desc, points, stepped, y_range, reference, notes }
    }
}

/// The exact value when it can be drawn on an axis within `limits`.
fn reference_within(exact: Option<Reference<'_>>, limits: &Range<f64>) -> Option<(f64, String)> {
    exact.filter(|r| usable(r.value) && (limits.start..=limits.end).contains(&r.value)).map(|r| (r.value, r.label.to_string()))
}

impl Figure for Curve {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>, title: &str) -> Result<(), Failure> {
        let x_range = linear_range(self.points.iter().map(|p| p.x), 0.0, f64::NEG_INFINITY..f64::INFINITY, FALLBACK);
        let (x_ticks, y_ticks) = (Ticks::linear(&x_range, LABELS), Ticks::linear(&self.y_range, LABELS));
        let areas = Areas::fitting(root, &linear_tick_labels(&self.y_range, LABELS, y_ticks));
        let mut chart = chart_builder(root, title, areas, self.notes.len()).build_cartesian_2d(x_range, self.y_range.clone())?;
        draw_mesh(&mut chart, &AxisSpec::new(&self.x_desc, x_ticks), &AxisSpec::new(self.y_desc, y_ticks))?;
        let points = if self.stepped { steps(&self.points) } else { self.points.clone() };
        let markers = !self.stepped && points.len() <= MARKERS_UP_TO;
        if points.is_empty() {
            draw_no_data(chart.plotting_area())?;
        } else {
            draw_curve(&mut chart, &[points], BLUE, markers)?;
        }
        if let Some((value, label)) = &self.reference {
            let (start, end) = (chart.x_range().start, chart.x_range().end);
            chart.draw_series(DashedLineSeries::new([(start, *value), (end, *value)], 8, 5, RED.stroke_width(2)))?;
            // Above the line when it is in the lower half of the plot, else below it.
            let middle = (self.y_range.start + self.y_range.end) / 2.0;
            let (v, dy) = if *value < middle { (VPos::Bottom, -6) } else { (VPos::Top, 6) };
            // On a white box: the band and the curve run under it.
            let style = tick_style().color(&RED).pos(Pos::new(HPos::Right, v));
            let (w, h) = text_size(root, label, &style);
            let (x, y) = chart.backend_coord(&(end, *value));
            let (right, top) = (x - 8, if dy < 0 { y + dy - h as i32 } else { y + dy });
            root.draw(&Rectangle::new([(right - w as i32 - 4, top - 2), (right + 4, top + h as i32 + 2)], WHITE.mix(0.85).filled()))?;
            root.draw(&Text::new(label.clone(), (right, y + dy), style))?;
        }
        draw_notes(root, &self.notes)
    }
}

/// A parameter sweep: one unavailability curve per series, on a log axis.
pub(super) struct Sweep {
    x_desc: String,
    /// (label, line segments): a point that cannot be shown breaks the line.
    series: Vec<(String, Vec<Vec<CurvePoint>>)>,
    x_range: Range<f64>,
    y_range: Range<f64>,
    /// True when the curves mostly rise to the right (this decides where the legend goes).
    rising: bool,
    notes: Vec<String>,
}

impl Sweep {
    pub(super) fn new(parameter: &str, series: &[(String, Vec<(f64, Estimate)>)]) -> Self {
        let (mut zeros, mut invalid) = (0, 0);
        let mut prepared = Vec::with_capacity(series.len());
        for (label, points) in series {
            let (kept, dropped) = sorted_usable(points, |p| p.0, |_| true);
            invalid += dropped;
            let mut segments: Vec<Vec<CurvePoint>> = vec![Vec::new()];
            for (x, e) in kept {
                if loggable(e.mean) {
                    // The band's lower end is fixed once the axis is known (see below).
                    let band = interval(e.ci95[0], e.ci95[1], &(f64::NEG_INFINITY..f64::INFINITY)).filter(|b| loggable(b.hi));
                    if let Some(segment) = segments.last_mut() {
                        segment.push(CurvePoint { x, y: e.mean, band });
                    }
                    continue;
                }
                if e.mean == 0.0 {
                    zeros += 1
                } else {
                    invalid += 1
                }
                segments.push(Vec::new());
            }
            segments.retain(|s| !s.is_empty());
            prepared.push((label.clone(), segments));
        }

        let all = || prepared.iter().flat_map(|(_, segments)| segments.iter().flatten());
        let y_range = log_range(all().flat_map(|p| [Some(p.y), p.band.map(|b| b.lo), p.band.map(|b| b.hi)]).flatten(), FALLBACK_LOG);
        let x_range = linear_range(all().map(|p| p.x), PAD, f64::NEG_INFINITY..f64::INFINITY, FALLBACK);
        // A lower end at or below zero runs off the bottom of a log axis.
        for p in prepared.iter_mut().flat_map(|(_, segments)| segments.iter_mut().flatten()) {
            if let Some(b) = p.band.as_mut().filter(|b| !loggable(b.lo)) {
                *b = Interval { lo: y_range.start, hi: b.hi, clipped_low: true };
            }
        }
        let (mut up, mut down) = (0, 0);
        for (_, segments) in &prepared {
            if let (Some(first), Some(last)) = (segments.first().and_then(|s| s.first()), segments.last().and_then(|s| s.last())) {
                if last.y > first.y { up += 1 } else { down += 1 }
            }
        }
        let notes = [
            (zeros > 0).then(|| format!("U = 0 (not shown) at {zeros} point{}", if zeros == 1 { "" } else { "s" })),
            not_shown(invalid, "point with an invalid value", "points with an invalid value"),
        ];
        Self {
            x_desc: parameter.to_string(),
            series: prepared,
            x_range,
            y_range,
            rising: up > down,
            notes: notes.into_iter().flatten().collect(),
        }
    }
}

impl Figure for Sweep {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>, title: &str) -> Result<(), Failure> {
        let (x_ticks, y_ticks) = (Ticks::linear(&self.x_range, LABELS), Ticks::log(&self.y_range));
        let areas = Areas::fitting(root, &log_tick_labels(&self.y_range, LABELS, y_ticks));
        let mut chart = chart_builder(root, title, areas, self.notes.len())
            .build_cartesian_2d(self.x_range.clone(), self.y_range.clone().log_scale())?;
        draw_mesh(&mut chart, &AxisSpec::new(&self.x_desc, x_ticks), &AxisSpec::new("unavailability (log scale)", y_ticks))?;
        for (i, (label, segments)) in self.series.iter().enumerate() {
            let color = PALETTE[i % PALETTE.len()];
            draw_curve(&mut chart, segments, color, true)?;
            if self.series.len() > 1 {
                legend_entry(&mut chart, label, color)?;
            }
        }
        if self.series.len() > 1 {
            // Rising curves leave the lower right free (the lowest curve ends high), falling ones
            // the lower left; the top corners hold the highest curve.
            let position = if self.rising { SeriesLabelPosition::LowerRight } else { SeriesLabelPosition::LowerLeft };
            draw_legend(&mut chart, position)?;
        }
        if self.series.iter().all(|(_, segments)| segments.is_empty()) {
            draw_no_data(chart.plotting_area())?;
        }
        draw_notes(root, &self.notes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn est(mean: f64, lo: f64, hi: f64) -> Estimate {
        Estimate { mean, std_error: (hi - lo) / 3.92, ci95: [lo, hi], dof: 99.0 }
    }

    #[test]
    fn sweep_breaks_lines_at_zeros_and_clips_negative_lower_ends() {
        let points =
            vec![(1.0, est(1e-4, -1e-5, 2e-4)), (2.0, est(0.0, 0.0, 0.0)), (3.0, est(3e-4, 2e-4, 4e-4)), (f64::NAN, est(1e-4, 0.0, 1.0))];
        let sweep = Sweep::new("mttr", &[("a".to_string(), points)]);
        let segments = &sweep.series[0].1;
        assert_eq!(segments.len(), 2);
        let band = segments[0][0].band.expect("both ends are finite");
        assert!(band.clipped_low && band.lo == sweep.y_range.start);
        assert_eq!(sweep.notes, ["U = 0 (not shown) at 1 point", "1 point with an invalid value not shown"]);
        assert!(sweep.rising);
    }

    #[test]
    fn steps_hold_each_value_until_the_next_time() {
        let p = |x, y| CurvePoint { x, y, band: None };
        let stepped = steps(&[p(0.0, 1.0), p(1.0, 0.5), p(2.0, 0.25)]);
        let xy: Vec<(f64, f64)> = stepped.iter().map(|p| (p.x, p.y)).collect();
        assert_eq!(xy, [(0.0, 1.0), (1.0, 1.0), (1.0, 0.5), (2.0, 0.5), (2.0, 0.25)]);
    }

    #[test]
    fn time_runs_in_years_when_the_lives_are_long() {
        let points: Vec<(f64, Estimate)> = (0..=100).map(|i| (f64::from(i) * 8766.0, est(0.9999, 0.9998, 1.0))).collect();
        let curve = Curve::availability(&points, TimeAxis { unit: "h", hours_per_unit: 1.0 }, None);
        assert_eq!(curve.x_desc, "time (years)");
        assert!((curve.points.last().map_or(0.0, |p| p.x) - 100.0).abs() < 1e-9);
        // A model in minutes whose lives last three days.
        let points = [(0.0, 1.0, 1.0, 1.0), (4320.0, 0.5, 0.4, 0.6)];
        let curve = Curve::reliability(&points, TimeAxis { unit: "min", hours_per_unit: 1.0 / 60.0 });
        assert_eq!(curve.x_desc, "time (days)");
        assert!((curve.points[1].x - 3.0).abs() < 1e-9);
    }

    #[test]
    fn the_exact_value_is_kept_in_view() {
        let points: Vec<(u64, Estimate)> = (1..=10).map(|n| (n * 100, est(2e-4, 1.9e-4, 2.1e-4))).collect();
        let curve = Curve::convergence(&points, Some(Reference { value: 1e-4, label: "exact U 1e-4" }));
        assert!(curve.y_range.start <= 1e-4, "{:?}", curve.y_range);
        assert_eq!(curve.reference, Some((1e-4, "exact U 1e-4".to_string())));
        let curve = Curve::convergence(&points, Some(Reference { value: f64::NAN, label: "n/a" }));
        assert_eq!(curve.reference, None);
    }

    #[test]
    fn availability_axis_hugs_the_data() {
        let points: Vec<(f64, Estimate)> = (0..50).map(|i| (f64::from(i), est(0.9995, 0.9993, 0.9997))).collect();
        let curve = Curve::availability(&points, TimeAxis { unit: "h", hours_per_unit: 1.0 }, None);
        assert!(curve.y_range.start > 0.999 && curve.y_range.end <= 1.0, "{:?}", curve.y_range);
    }
}
