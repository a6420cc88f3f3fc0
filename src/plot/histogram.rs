//! The histogram of outage durations.

use std::ops::Range;

use plotters::coord::Shift;
use plotters::coord::combinators::IntoLogRange;
use plotters::prelude::*;

use super::render::{Failure, Figure};
use super::scale::{Ticks, linear_range, linear_tick_labels, log_range, loggable};
use super::style::{Areas, AxisSpec, BLUE, LABELS, chart_builder, draw_mesh, draw_no_data, draw_notes, not_shown};

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
    notes: Vec<String>,
}

impl Durations {
    pub(super) fn new(bins: &[(f64, f64, u64)], unit: &str) -> Self {
        let kept: Vec<(f64, f64, u64)> = bins.iter().copied().filter(|&(lo, hi, _)| loggable(lo) && loggable(hi) && lo < hi).collect();
        let x_range = log_range(kept.iter().flat_map(|&(lo, hi, _)| [lo, hi]), FALLBACK_DURATIONS);
        let notes = not_shown(bins.len() - kept.len(), "bin with an invalid range", "bins with an invalid range").into_iter().collect();
        Self { bins: kept, x_desc: format!("outage duration ({unit}, log scale)"), x_range, notes }
    }
}

impl Figure for Durations {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>, title: &str) -> Result<(), Failure> {
        let counts = self.bins.iter().map(|b| b.2 as f64);
        let y_range = linear_range(counts.chain([0.0, MIN_COUNT_AXIS]), 0.08, 0.0..f64::INFINITY, 0.0..MIN_COUNT_AXIS);
        let areas = Areas::fitting(root, &linear_tick_labels(&y_range, LABELS, Ticks::Whole));
        let mut chart =
            chart_builder(root, title, areas, self.notes.len()).build_cartesian_2d(self.x_range.clone().log_scale(), y_range)?;
        draw_mesh(&mut chart, &AxisSpec::new(&self.x_desc, Ticks::log(&self.x_range)), &AxisSpec::new("outages", Ticks::Whole))?;

        let bars = self.bins.iter().filter(|b| b.2 > 0);
        chart.draw_series(bars.clone().map(|&(lo, hi, n)| Rectangle::new([(lo, 0.0), (hi, n as f64)], BLUE.mix(0.8).filled())))?;
        chart.draw_series(bars.map(|&(lo, hi, n)| Rectangle::new([(lo, 0.0), (hi, n as f64)], WHITE.stroke_width(1))))?;

        if self.bins.iter().all(|b| b.2 == 0) {
            draw_no_data(chart.plotting_area())?;
        }
        draw_notes(root, &self.notes)
    }
}
