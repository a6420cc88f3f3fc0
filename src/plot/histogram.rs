//! Histograms: outage durations, and the downtime of an objective's periods.

use std::ops::Range;

use plotters::coord::Shift;
use plotters::coord::combinators::{BindKeyPoints, IntoLogRange, LogCoord, WithKeyPoints};
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::TimeAxis;
use super::render::{Failure, Figure};
use super::scale::{Ticks, duration_key_points, linear_range, linear_tick_labels, log_range, loggable, usable};
use super::style::{Areas, AxisSpec, BLUE, LABELS, RED, chart_builder, draw_mesh, draw_no_data, draw_notes, not_shown, tick_style};

/// Shown when no bin has a usable range: a minute to a day, in hours, is typical.
const FALLBACK_DURATIONS: Range<f64> = 1e-2..1e2;
/// The count axis reaches at least this high, so that its ticks are whole numbers.
const MIN_COUNT_AXIS: f64 = 5.0;

/// Outage durations as bars between bin edges on a log axis.
pub(super) struct Durations {
    /// (low, high, count) of the bins with usable edges.
    bins: Vec<(f64, f64, u64)>,
    x_desc: String,
    x_range: Range<f64>,
    /// Hours in the unit of the bin edges (the ticks are written in seconds, minutes, …).
    hours_per_unit: f64,
    notes: Vec<String>,
}

/// A log axis of durations over `range` (in units of `hours_per_unit` hours), ticked at round
/// durations.
fn duration_axis(range: &Range<f64>, hours_per_unit: f64) -> WithKeyPoints<LogCoord<f64>> {
    let (ticks, light) = duration_key_points(range, hours_per_unit);
    range.clone().log_scale().with_key_points(ticks).with_light_points(light)
}

/// The bins a log axis can show, and a note counting the others.
fn loggable_bins(bins: &[(f64, f64, u64)]) -> (Vec<(f64, f64, u64)>, Option<String>) {
    let kept: Vec<(f64, f64, u64)> = bins.iter().copied().filter(|&(lo, hi, _)| loggable(lo) && loggable(hi) && lo < hi).collect();
    let note = not_shown(bins.len() - kept.len(), "bin with an invalid range", "bins with an invalid range");
    (kept, note)
}

/// The non-empty bins as bars (filled in `color` of their low edge, outlined in white).
fn draw_bars<DB: DrawingBackend>(
    chart: &mut ChartContext<'_, DB, Cartesian2d<WithKeyPoints<LogCoord<f64>>, RangedCoordf64>>,
    bins: &[(f64, f64, u64)],
    color: impl Fn(f64) -> RGBColor,
) -> Result<(), Failure> {
    let bars = bins.iter().filter(|b| b.2 > 0);
    chart.draw_series(bars.clone().map(|&(lo, hi, n)| Rectangle::new([(lo, 0.0), (hi, n as f64)], color(lo).mix(0.8).filled())))?;
    chart.draw_series(bars.map(|&(lo, hi, n)| Rectangle::new([(lo, 0.0), (hi, n as f64)], WHITE.stroke_width(1))))?;
    Ok(())
}

impl Durations {
    pub(super) fn new(bins: &[(f64, f64, u64)], axis: TimeAxis) -> Self {
        let (kept, note) = loggable_bins(bins);
        let per_hour = if axis.hours_per_unit > 0.0 && axis.hours_per_unit.is_finite() { 1.0 / axis.hours_per_unit } else { 1.0 };
        let fallback = FALLBACK_DURATIONS.start * per_hour..FALLBACK_DURATIONS.end * per_hour;
        let fallback = if loggable(fallback.start) && loggable(fallback.end) { fallback } else { FALLBACK_DURATIONS };
        let x_range = log_range(kept.iter().flat_map(|&(lo, hi, _)| [lo, hi]), fallback);
        Self {
            bins: kept,
            x_desc: "outage duration (log scale)".to_string(),
            x_range,
            hours_per_unit: axis.hours_per_unit,
            notes: note.into_iter().collect(),
        }
    }
}

impl Figure for Durations {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>, title: &str) -> Result<(), Failure> {
        let counts = self.bins.iter().map(|b| b.2 as f64);
        let y_range = linear_range(counts.chain([0.0, MIN_COUNT_AXIS]), 0.08, 0.0..f64::INFINITY, 0.0..MIN_COUNT_AXIS);
        let areas = Areas::fitting(root, &linear_tick_labels(&y_range, LABELS, Ticks::Whole));
        let x = duration_axis(&self.x_range, self.hours_per_unit);
        let mut chart = chart_builder(root, title, areas, self.notes.len()).build_cartesian_2d(x, y_range)?;
        let x_ticks = Ticks::Duration { hours_per_unit: self.hours_per_unit };
        draw_mesh(&mut chart, &AxisSpec::new(&self.x_desc, x_ticks), &AxisSpec::new("outages", Ticks::Whole))?;

        draw_bars(&mut chart, &self.bins, |_| BLUE)?;

        if self.bins.iter().all(|b| b.2 == 0) {
            draw_no_data(chart.plotting_area())?;
        }
        draw_notes(root, &self.notes)
    }
}

/// The distribution of a period's downtime as bars on a log axis, with the downtime the
/// objective allows as a vertical line; bars wholly past it (breaching periods) in red.
pub(super) struct PeriodDowntime {
    /// (low, high, count) of the bins with usable edges.
    bins: Vec<(f64, f64, u64)>,
    /// The allowed downtime, when it can be placed on the axis.
    allowed: Option<f64>,
    allowed_label: String,
    x_desc: String,
    x_range: Range<f64>,
    hours_per_unit: f64,
    /// Whether there is anything to show at all (periods were judged).
    any: bool,
    notes: Vec<String>,
}

impl PeriodDowntime {
    pub(super) fn new(periods: &super::PeriodHistogram<'_>) -> Self {
        let (kept, invalid) = loggable_bins(periods.bins);
        let allowed = Some(periods.allowed).filter(|&a| loggable(a));
        let x_range = log_range(kept.iter().flat_map(|&(lo, hi, _)| [lo, hi]).chain(allowed), FALLBACK_DURATIONS);
        let share = periods.no_downtime_share;
        let zero_note = (usable(share) && share > 0.0)
            .then(|| format!("{} of periods had no downtime at all (not shown on the log axis)", crate::units::fmt::percent(share)));
        let any = kept.iter().any(|b| b.2 > 0) || (usable(share) && share > 0.0);
        Self {
            bins: kept,
            allowed,
            allowed_label: periods.allowed_label.to_string(),
            x_desc: periods.axis.to_string(),
            x_range,
            hours_per_unit: periods.hours_per_unit,
            any,
            notes: zero_note.into_iter().chain(invalid).collect(),
        }
    }
}

impl Figure for PeriodDowntime {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>, title: &str) -> Result<(), Failure> {
        let counts = self.bins.iter().map(|b| b.2 as f64);
        let y_range = linear_range(counts.chain([0.0, MIN_COUNT_AXIS]), 0.12, 0.0..f64::INFINITY, 0.0..MIN_COUNT_AXIS);
        let areas = Areas::fitting(root, &linear_tick_labels(&y_range, LABELS, Ticks::Whole));
        let x = duration_axis(&self.x_range, self.hours_per_unit);
        let mut chart = chart_builder(root, title, areas, self.notes.len()).build_cartesian_2d(x, y_range.clone())?;
        let x_ticks = Ticks::Duration { hours_per_unit: self.hours_per_unit };
        draw_mesh(&mut chart, &AxisSpec::new(&self.x_desc, x_ticks), &AxisSpec::new("periods", Ticks::Whole))?;

        let breaching = |lo: f64| self.allowed.is_some_and(|a| lo >= a * (1.0 - 1e-9));
        draw_bars(&mut chart, &self.bins, |lo| if breaching(lo) { RED } else { BLUE })?;

        if let Some(a) = self.allowed {
            chart.draw_series(std::iter::once(PathElement::new(vec![(a, y_range.start), (a, y_range.end)], RED.stroke_width(2))))?;
            let style = tick_style().color(&RED).pos(Pos::new(HPos::Left, VPos::Top));
            chart
                .draw_series(std::iter::once(EmptyElement::at((a, y_range.end)) + Text::new(self.allowed_label.clone(), (6, 6), style)))?;
        }
        if !self.any {
            draw_no_data(chart.plotting_area())?;
        }
        draw_notes(root, &self.notes)
    }
}
