//! Cost against downtime: "the price of each nine", one labelled point per design.

use std::ops::Range;

use plotters::coord::Shift;
use plotters::coord::combinators::IntoLogRange;
use plotters::coord::ranged1d::ValueFormatter;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::render::{Failure, Figure};
use super::scale::{Ticks, linear_range, linear_tick_labels, log_range, log_tick_labels, loggable, usable};
use super::style::{
    Areas, AxisSpec, BLUE, INK, Interval, LABELS, chart_builder, draw_error_bar, draw_mesh, draw_no_data, draw_notes, not_shown, tick_style,
};
use crate::stats::Estimate;

/// An axis goes logarithmic when its positive values span at least this ratio (two decades).
const LOG_SPAN: f64 = 100.0;
/// Half-height of an error bar cap, in pixels.
const CAP: i32 = 6;
/// Headroom around the points of a linear axis, as a fraction of their span.
const PAD: f64 = 0.1;

/// One design as drawn: where, and its intervals (both ends known), before clipping to the axes.
struct Point {
    name: String,
    x: f64,
    y: f64,
    x_ci: Option<(f64, f64)>,
    y_ci: Option<(f64, f64)>,
}

/// One axis: its range and whether it is logarithmic.
struct Axis {
    range: Range<f64>,
    log: bool,
}

impl Axis {
    /// A log axis when the positive values span two decades or more, else linear from zero.
    fn fitting(values: &[f64], intervals: impl Iterator<Item = f64> + Clone) -> Self {
        let positive = values.iter().copied().filter(|&v| loggable(v));
        let (lo, hi) = positive.clone().fold((f64::INFINITY, 0.0f64), |(lo, hi), v| (lo.min(v), hi.max(v)));
        if hi / lo >= LOG_SPAN && values.iter().all(|&v| loggable(v)) {
            let range = log_range(positive.chain(intervals.filter(|&v| loggable(v))), 1.0..10.0);
            return Self { range, log: true };
        }
        let range = linear_range(values.iter().copied().chain(intervals).chain([0.0]), PAD, 0.0..f64::INFINITY, 0.0..1.0);
        Self { range, log: false }
    }

    fn ticks(&self) -> Ticks {
        if self.log { Ticks::log(&self.range) } else { Ticks::linear(&self.range, LABELS) }
    }

    fn tick_labels(&self) -> Vec<String> {
        if self.log { log_tick_labels(&self.range, LABELS, self.ticks()) } else { linear_tick_labels(&self.range, LABELS, self.ticks()) }
    }

    /// An interval as drawn on this axis: clipped to the axis, marked when its lower end runs off.
    fn interval(&self, (lo, hi): (f64, f64)) -> Interval {
        let clipped_low = lo < self.range.start;
        Interval { lo: lo.max(self.range.start), hi: hi.min(self.range.end), clipped_low }
    }

    fn desc(&self, what: &str) -> String {
        if self.log { format!("{what}, log scale") } else { what.to_string() }
    }
}

/// Annual cost against downtime per year.
pub(super) struct CostScatter {
    points: Vec<Point>,
    x: Axis,
    y: Axis,
    x_desc: String,
    y_desc: String,
    notes: Vec<String>,
}

fn ci(e: &Estimate) -> Option<(f64, f64)> {
    let [a, b] = e.ci95;
    (usable(a) && usable(b)).then(|| (a.min(b), a.max(b)))
}

impl CostScatter {
    pub(super) fn new(designs: &[(String, Estimate, Estimate)], currency: Option<&str>) -> Self {
        let mut points: Vec<Point> = designs
            .iter()
            .filter(|(_, x, y)| usable(x.mean) && usable(y.mean) && x.mean >= 0.0)
            .map(|(name, x, y)| Point { name: name.clone(), x: x.mean, y: y.mean, x_ci: ci(x), y_ci: ci(y) })
            .collect();
        let invalid = designs.len() - points.len();
        let xs: Vec<f64> = points.iter().map(|p| p.x).collect();
        let x = Axis::fitting(&xs, points.iter().flat_map(|p| p.x_ci.map_or([f64::NAN; 2], |c| [c.0, c.1])).filter(|v| v.is_finite()));
        let ys: Vec<f64> = points.iter().map(|p| p.y).collect();
        let y = Axis::fitting(&ys, points.iter().flat_map(|p| p.y_ci.map_or([f64::NAN; 2], |c| [c.0, c.1])).filter(|v| v.is_finite()));
        // A lower interval end past the axis is clipped when drawn; an upper one too. A point
        // itself below a logarithmic axis (zero downtime) cannot be drawn: it is counted in a
        // note, never dropped silently.
        let before = points.len();
        points.retain(|p| p.x >= x.range.start && p.y >= y.range.start);
        let off_axis = before - points.len();
        let money = currency.filter(|c| !c.is_empty()).map_or_else(|| "cost per year".to_string(), |c| format!("cost per year ({c})"));
        Self {
            x_desc: x.desc("downtime (min/year)"),
            y_desc: y.desc(&money),
            points,
            x,
            y,
            notes: not_shown(invalid, "design with an invalid estimate", "designs with an invalid estimate")
                .into_iter()
                .chain(not_shown(off_axis, "design below the logarithmic axis (zero)", "designs below the logarithmic axis (zero)"))
                .collect(),
        }
    }

    fn plot<DB, X, Y>(&self, chart: &mut ChartContext<'_, DB, Cartesian2d<X, Y>>) -> Result<(), Failure>
    where
        DB: DrawingBackend,
        X: Ranged<ValueType = f64> + ValueFormatter<f64>,
        Y: Ranged<ValueType = f64> + ValueFormatter<f64>,
    {
        draw_mesh(chart, &AxisSpec::new(&self.x_desc, self.x.ticks()), &AxisSpec::new(&self.y_desc, self.y.ticks()))?;
        for p in &self.points {
            if let Some(c) = p.y_ci {
                draw_error_bar(chart, p.x, self.y.interval(c), INK)?;
            }
            if let Some(c) = p.x_ci {
                let i = self.x.interval(c);
                let style = INK.stroke_width(2);
                chart.draw_series(std::iter::once(PathElement::new(vec![(i.lo, p.y), (i.hi, p.y)], style)))?;
                let cap = |x: f64| EmptyElement::at((x, p.y)) + PathElement::new(vec![(0, -CAP), (0, CAP)], style);
                chart.draw_series(std::iter::once(cap(i.hi)))?;
                if !i.clipped_low {
                    chart.draw_series(std::iter::once(cap(i.lo)))?;
                }
            }
        }
        chart.draw_series(self.points.iter().map(|p| Circle::new((p.x, p.y), 6, BLUE.filled())))?;
        // Names right of their point in the left half of the plot, left of it in the right
        // half, so that they stay inside the frame.
        let middle = {
            let (xs, _) = chart.plotting_area().get_pixel_range();
            (xs.start + xs.end) / 2
        };
        let left = tick_style().pos(Pos::new(HPos::Left, VPos::Bottom));
        let right = tick_style().pos(Pos::new(HPos::Right, VPos::Bottom));
        let labels: Vec<_> = self
            .points
            .iter()
            .map(|p| {
                let on_right = chart.backend_coord(&(p.x, p.y)).0 > middle;
                let (style, dx) = if on_right { (right.clone(), -9) } else { (left.clone(), 9) };
                EmptyElement::at((p.x, p.y)) + Text::new(p.name.clone(), (dx, -6), style)
            })
            .collect();
        chart.draw_series(labels)?;
        if self.points.is_empty() {
            draw_no_data(chart.plotting_area())?;
        }
        Ok(())
    }
}

impl Figure for CostScatter {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>, title: &str) -> Result<(), Failure> {
        let areas = Areas::fitting(root, &self.y.tick_labels());
        let mut builder = chart_builder(root, title, areas, self.notes.len());
        let (x, y) = (self.x.range.clone(), self.y.range.clone());
        match (self.x.log, self.y.log) {
            (false, false) => self.plot(&mut builder.build_cartesian_2d(x, y)?)?,
            (true, false) => self.plot(&mut builder.build_cartesian_2d(x.log_scale(), y)?)?,
            (false, true) => self.plot(&mut builder.build_cartesian_2d(x, y.log_scale())?)?,
            (true, true) => self.plot(&mut builder.build_cartesian_2d(x.log_scale(), y.log_scale())?)?,
        }
        draw_notes(root, &self.notes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn est(mean: f64, half: f64) -> Estimate {
        Estimate { mean, std_error: half / 1.96, ci95: [mean - half, mean + half], dof: 99.0 }
    }

    #[test]
    fn axes_go_logarithmic_only_across_decades() {
        let near = CostScatter::new(&[("a".into(), est(10.0, 1.0), est(100.0, 5.0)), ("b".into(), est(50.0, 1.0), est(300.0, 5.0))], None);
        assert!(!near.x.log && !near.y.log);
        assert_eq!(near.y_desc, "cost per year");
        let far =
            CostScatter::new(&[("a".into(), est(0.5, 1.0), est(100.0, 5.0)), ("b".into(), est(500.0, 1.0), est(300.0, 5.0))], Some("EUR"));
        assert!(far.x.log && !far.y.log);
        assert_eq!(far.x_desc, "downtime (min/year), log scale");
        assert_eq!(far.y_desc, "cost per year (EUR)");
        // A design with no downtime keeps the axis linear, so that it can be shown.
        let zero = CostScatter::new(&[("a".into(), est(0.0, 0.0), est(100.0, 5.0)), ("b".into(), est(500.0, 1.0), est(300.0, 5.0))], None);
        assert!(!zero.x.log && zero.points.len() == 2);
    }
}
