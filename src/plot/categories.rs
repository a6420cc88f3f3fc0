//! Charts over named things: downtime by design, the downtime Pareto, P(breach) by design.

use std::ops::Range;

use plotters::coord::Shift;
use plotters::coord::combinators::{BindKeyPoints, IntoLogRange};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::render::{Failure, Figure};
use super::scale::{Ticks, linear_range, linear_tick_labels, log_key_points, log_range, log_tick_labels, loggable, usable};
use super::style::{
    Areas, AxisSpec, BLUE, CategoryLabels, INK, Interval, LABELS, PALETTE, chart_builder, draw_error_bar, draw_legend, draw_mesh,
    draw_no_data, draw_notes, draw_secondary_y_axis, not_shown, note_style, side_area, tick_style,
};
use crate::stats::Estimate;
use crate::units::MINUTES_PER_YEAR;

/// At most this many bars in the Pareto, "others" included: more would not be read.
const MAX_BARS: usize = 15;
/// Slots at least this wide (in pixels) have room for the value beside the point.
const VALUE_LABEL_SLOT: f64 = 90.0;
/// Slots at least this wide have room for the value and its interval.
const WIDE_VALUE_LABEL_SLOT: f64 = 260.0;
/// Shown when no decent range can be derived from the data.
const FALLBACK_LOG: Range<f64> = 1e-6..1e-1;

/// The x range of `n` categories at 0, 1, …, n − 1, half a slot of room on each side.
fn category_range(n: usize) -> Range<f64> {
    -0.5..(n.max(1) as f64 - 0.5)
}

/// The x axis of categories: no ticks from plotters, [`CategoryLabels`] draws them.
fn category_axis(desc: &str) -> AxisSpec<'_> {
    AxisSpec { desc, ticks: Ticks::Hidden, labels: 0, grid: false }
}

/// Joins `names` for a note, cut short so that the note stays on one line.
fn name_list(names: &[&str]) -> String {
    const MAX_CHARS: usize = 70;
    let mut out = String::new();
    for (i, name) in names.iter().enumerate() {
        let sep = if i == 0 { "" } else { ", " };
        if i == 0 && name.chars().count() > MAX_CHARS {
            out = name.chars().take(MAX_CHARS).chain(std::iter::once('…')).collect();
            continue;
        }
        if out.chars().count() + sep.len() + name.chars().count() > MAX_CHARS {
            return format!("{out}{sep}and {} more", names.len() - i);
        }
        out.push_str(sep);
        out.push_str(name);
    }
    out
}

/// A design's downtime as drawn.
struct DesignPoint {
    index: usize,
    mean: f64,
    /// The 95% interval when both ends are known; its lower end before clipping to the axis.
    ci: Option<(f64, f64)>,
}

/// Downtime in minutes per year by design, with 95% error bars, on a log axis; the same
/// axis read as unavailability on the right.
pub(super) struct DowntimeByDesign {
    names: Vec<String>,
    points: Vec<DesignPoint>,
    /// Designs with no downtime at all (no place on a log axis).
    zeros: Vec<usize>,
    y_range: Range<f64>,
    notes: Vec<String>,
}

/// "36.26 min/yr [35.49, 37.03]", or without the interval where the slot is narrow.
fn downtime_label(p: &DesignPoint, with_interval: bool) -> String {
    use crate::units::fmt::number;
    match p.ci {
        Some((lo, hi)) if with_interval => format!("{} min/yr [{}, {}]", number(p.mean), number(lo.max(0.0)), number(hi)),
        _ => format!("{} min/yr", number(p.mean)),
    }
}

impl DowntimeByDesign {
    pub(super) fn new(designs: &[(String, Estimate)]) -> Self {
        let mut points = Vec::new();
        let mut zeros = Vec::new();
        let mut invalid = 0;
        for (index, (_, e)) in designs.iter().enumerate() {
            if loggable(e.mean) {
                let [a, b] = e.ci95;
                let ci = (usable(a) && usable(b) && loggable(a.max(b))).then(|| (a.min(b), a.max(b)));
                points.push(DesignPoint { index, mean: e.mean, ci });
            } else if e.mean == 0.0 {
                zeros.push(index);
            } else {
                invalid += 1;
            }
        }
        let values = points.iter().flat_map(|p| [Some(p.mean), p.ci.map(|c| c.0), p.ci.map(|c| c.1)]).flatten();
        let y_range = log_range(values, FALLBACK_LOG);
        let zero_names: Vec<&str> = zeros.iter().map(|&i| designs[i].0.as_str()).collect();
        let notes = [
            (!zeros.is_empty()).then(|| format!("no downtime (not shown): {}", name_list(&zero_names))),
            not_shown(invalid, "design with an invalid estimate", "designs with an invalid estimate"),
        ];
        Self { names: designs.iter().map(|d| d.0.clone()).collect(), points, zeros, y_range, notes: notes.into_iter().flatten().collect() }
    }
}

impl Figure for DowntimeByDesign {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>, title: &str) -> Result<(), Failure> {
        let n = self.names.len();
        let y_ticks = Ticks::log(&self.y_range);
        let u_range = self.y_range.start / MINUTES_PER_YEAR..self.y_range.end / MINUTES_PER_YEAR;
        let u_ticks = Ticks::log(&u_range);
        let mut areas = Areas::fitting(root, &log_tick_labels(&self.y_range, LABELS, y_ticks));
        areas.right = side_area(root, &log_key_points(&u_range).0.iter().map(|&u| u_ticks.label(u)).collect::<Vec<_>>());
        let slot = f64::from(areas.plot_width()) / n.max(1) as f64;
        let categories = CategoryLabels::new(root, &self.names, slot);
        areas.bottom = categories.area(root);
        let mut chart = chart_builder(root, title, areas, self.notes.len())
            .build_cartesian_2d(category_range(n), self.y_range.clone().log_scale())?
            .set_secondary_coord(category_range(n), {
                // Plotters' own ticks leave a range within a decade or two nearly bare.
                let (ticks, light) = log_key_points(&u_range);
                u_range.clone().log_scale().with_key_points(ticks).with_light_points(light)
            });
        draw_mesh(&mut chart, &category_axis("design"), &AxisSpec::new("downtime (min/year, log scale)", y_ticks))?;
        draw_secondary_y_axis(&mut chart, &AxisSpec::new("unavailability (log scale)", u_ticks))?;
        categories.draw(root, &chart)?;

        for p in &self.points {
            let x = p.index as f64;
            if let Some((lo, hi)) = p.ci {
                let clipped_low = !loggable(lo);
                draw_error_bar(&mut chart, x, Interval { lo: if clipped_low { self.y_range.start } else { lo }, hi, clipped_low }, INK)?;
            }
        }
        chart.draw_series(self.points.iter().map(|p| Circle::new((p.index as f64, p.mean), 6, BLUE.filled())))?;
        if slot >= VALUE_LABEL_SLOT {
            let with_interval = slot >= WIDE_VALUE_LABEL_SLOT;
            let style = tick_style().pos(Pos::new(HPos::Left, VPos::Center));
            chart.draw_series(self.points.iter().map(|p| {
                EmptyElement::at((p.index as f64, p.mean)) + Text::new(downtime_label(p, with_interval), (10, 0), style.clone())
            }))?;
        }
        let style = note_style().pos(Pos::new(HPos::Center, VPos::Bottom));
        chart.draw_series(
            self.zeros.iter().map(|&i| EmptyElement::at((i as f64, self.y_range.start)) + Text::new("no downtime", (0, -8), style.clone())),
        )?;

        if n == 0 {
            draw_no_data(chart.plotting_area())?;
        }
        draw_notes(root, &self.notes)
    }
}

/// The downtime Pareto: contributions as bars, largest first, read on the left in minutes per
/// year and on the right as a share of all system downtime: the share of it during which the
/// component was critical, as the text reports' "critical" column says. Shares are not
/// summed: a component is counted whenever its repair alone would restore service, so two
/// redundant parts down together are both critical and shares can add up past 100 %.
pub(super) struct Pareto {
    /// (name, minutes per year), largest first, "others" last.
    bars: Vec<(String, f64)>,
    /// The system's downtime in minutes per year, when it is known and positive.
    total: Option<f64>,
    notes: Vec<String>,
}

impl Pareto {
    pub(super) fn new(components: &[(String, f64)], system_downtime: f64) -> Self {
        let mut bars: Vec<(String, f64)> = components.iter().filter(|(_, v)| usable(*v) && *v > 0.0).cloned().collect();
        let no_downtime = components.iter().filter(|(_, v)| *v == 0.0).count();
        let invalid = components.len() - bars.len() - no_downtime;
        // Stable: equal contributions keep the caller's order.
        bars.sort_by(|a, b| b.1.total_cmp(&a.1));
        if bars.len() > MAX_BARS {
            let rest = bars.split_off(MAX_BARS - 1);
            bars.push((format!("others ({})", rest.len()), rest.iter().map(|(_, v)| v).sum()));
        }
        let total = Some(system_downtime).filter(|t| usable(*t) && *t > 0.0);
        let summed: f64 = bars.iter().map(|(_, v)| v).sum();
        let overlap = total
            .is_some_and(|t| summed > t * 1.005)
            .then(|| "shares add up past 100 %: redundant parts down together are each critical".to_string());
        let notes = [
            not_shown(no_downtime, "component with no downtime", "components with no downtime"),
            not_shown(invalid, "component with an invalid contribution", "components with an invalid contribution"),
            overlap,
        ];
        Self { bars, total, notes: notes.into_iter().flatten().collect() }
    }

    /// A bar's share of the system's downtime, in percent.
    fn share(&self, minutes: f64) -> Option<f64> {
        self.total.map(|t| 100.0 * minutes / t)
    }
}

impl Figure for Pareto {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>, title: &str) -> Result<(), Failure> {
        let n = self.bars.len();
        let y_range = linear_range(self.bars.iter().map(|b| b.1).chain([0.0]), 0.08, 0.0..f64::INFINITY, 0.0..1.0);
        let y_ticks = Ticks::linear(&y_range, LABELS);
        // The right axis reads the same bars as a share: both axes start at 0, so one scale.
        // (A tiny total would put the axis's end past any finite number: no right axis then.)
        let share_range =
            self.share(y_range.start).zip(self.share(y_range.end)).map(|(a, b)| a..b).filter(|r| usable(r.end) && r.end > r.start);
        let share_ticks = share_range.as_ref().map(|r| Ticks::linear(r, LABELS));
        let mut areas = Areas::fitting(root, &linear_tick_labels(&y_range, LABELS, y_ticks));
        if let (Some(range), Some(ticks)) = (&share_range, share_ticks) {
            areas.right = side_area(root, &linear_tick_labels(range, LABELS, ticks));
        }
        let names: Vec<String> = self.bars.iter().map(|b| b.0.clone()).collect();
        let slot = f64::from(areas.plot_width()) / n.max(1) as f64;
        let categories = CategoryLabels::new(root, &names, slot);
        areas.bottom = categories.area(root);

        let mut chart = chart_builder(root, title, areas, self.notes.len())
            .build_cartesian_2d(category_range(n), y_range.clone())?
            .set_secondary_coord(category_range(n), share_range.clone().unwrap_or(0.0..100.0));
        draw_mesh(&mut chart, &category_axis("component"), &AxisSpec::new("downtime contribution (min/year)", y_ticks))?;
        if let Some(ticks) = share_ticks {
            draw_secondary_y_axis(&mut chart, &AxisSpec::new("share of system downtime while critical (%)", ticks))?;
        }
        categories.draw(root, &chart)?;

        chart.draw_series(self.bars.iter().enumerate().map(|(i, (_, v))| {
            let x = i as f64;
            Rectangle::new([(x - 0.35, 0.0), (x + 0.35, *v)], BLUE.mix(0.85).filled())
        }))?;
        // Each bar's share above it, where the slots leave room for "87.4 %".
        if slot >= VALUE_LABEL_SLOT / 1.5 {
            let style = tick_style().pos(Pos::new(HPos::Center, VPos::Bottom));
            chart.draw_series(self.bars.iter().enumerate().filter_map(|(i, (_, v))| {
                let share = self.share(*v)?;
                Some(EmptyElement::at((i as f64, *v)) + Text::new(share_label(share), (0, -6), style.clone()))
            }))?;
        }

        if n == 0 {
            draw_no_data(chart.plotting_area())?;
        }
        draw_notes(root, &self.notes)
    }
}

/// A share in percent as the text reports write it: one decimal, two below 1 % ("87.4 %",
/// "0.35 %"), "< 0.01 %" for less.
fn share_label(percent: f64) -> String {
    if percent < 0.01 {
        "< 0.01 %".to_string()
    } else if percent < 1.0 {
        format!("{percent:.2} %")
    } else {
        format!("{percent:.1} %")
    }
}

/// A bar as drawn: the mean, and its interval when both ends are known.
type Bar = (f64, Option<(f64, f64)>);

/// P(breach) per objective, one bar per design in each objective's group, with 95% error bars.
pub(super) struct Breach {
    objectives: Vec<String>,
    designs: Vec<String>,
    /// Per design, per objective: the estimate as (mean, its interval when known), or none
    /// when the design has no such objective or the estimate is unusable.
    values: Vec<Vec<Option<Bar>>>,
    y_range: Range<f64>,
    notes: Vec<String>,
}

impl Breach {
    pub(super) fn new(objectives: &[String], designs: &[(String, Vec<Option<Estimate>>)]) -> Self {
        let mut invalid = 0;
        let values: Vec<Vec<Option<Bar>>> = designs
            .iter()
            .map(|(_, estimates)| {
                (0..objectives.len())
                    .map(|k| {
                        let e = estimates.get(k).copied().flatten()?;
                        if !(usable(e.mean) && e.mean >= 0.0) {
                            invalid += 1;
                            return None;
                        }
                        let [a, b] = e.ci95;
                        let ci = (usable(a) && usable(b)).then(|| (a.min(b).max(0.0), a.max(b).max(0.0)));
                        Some((e.mean, ci))
                    })
                    .collect()
            })
            .collect();
        let all = values.iter().flatten().flatten().flat_map(|&(m, ci)| [Some(m), ci.map(|c| c.1)]).flatten();
        let y_range = linear_range(all.chain([0.0]), 0.08, 0.0..1.0, 0.0..1.0);
        let notes = not_shown(invalid, "estimate that is not a probability", "estimates that are not probabilities").into_iter().collect();
        Self { objectives: objectives.to_vec(), designs: designs.iter().map(|d| d.0.clone()).collect(), values, y_range, notes }
    }
}

impl Figure for Breach {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>, title: &str) -> Result<(), Failure> {
        let n = self.objectives.len();
        let y_ticks = Ticks::linear(&self.y_range, LABELS);
        let mut areas = Areas::fitting(root, &linear_tick_labels(&self.y_range, LABELS, y_ticks));
        let categories = CategoryLabels::new(root, &self.objectives, f64::from(areas.plot_width()) / n.max(1) as f64);
        areas.bottom = categories.area(root);
        let mut chart = chart_builder(root, title, areas, self.notes.len()).build_cartesian_2d(category_range(n), self.y_range.clone())?;
        draw_mesh(&mut chart, &category_axis("objective"), &AxisSpec::new("P(breach) of a period", y_ticks))?;
        categories.draw(root, &chart)?;

        let width = 0.8 / self.designs.len().max(1) as f64;
        // Each bar's value above it, where the bars leave room for it (a bar of a tiny
        // probability is invisible next to a large one; its number is not).
        let bar_pixels = f64::from(chart.plotting_area().dim_in_pixel().0) / n.max(1) as f64 * width;
        let labelled = bar_pixels >= VALUE_LABEL_SLOT / 1.5;
        for (d, (name, values)) in self.designs.iter().zip(&self.values).enumerate() {
            let color = PALETTE[d % PALETTE.len()];
            let x = |k: usize| k as f64 - 0.4 + (d as f64 + 0.5) * width;
            let bars = values.iter().enumerate().filter_map(|(k, v)| v.map(|(m, _)| (x(k), m)));
            chart
                .draw_series(bars.map(|(x, m)| Rectangle::new([(x - 0.45 * width, 0.0), (x + 0.45 * width, m)], color.mix(0.85).filled())))?
                .label(name.as_str())
                .legend(move |(x, y)| Rectangle::new([(x, y - 6), (x + 20, y + 6)], color.mix(0.85).filled()));
            for (k, v) in values.iter().enumerate() {
                if let Some((_, Some((lo, hi)))) = v {
                    draw_error_bar(&mut chart, x(k), Interval { lo: *lo, hi: hi.min(self.y_range.end), clipped_low: false }, INK)?;
                }
            }
            if labelled {
                let style = tick_style().pos(Pos::new(HPos::Center, VPos::Bottom));
                chart.draw_series(values.iter().enumerate().filter_map(|(k, v)| {
                    let (m, ci) = (*v)?;
                    let top = ci.map_or(m, |c| c.1.max(m)).min(self.y_range.end);
                    Some(EmptyElement::at((x(k), top)) + Text::new(crate::units::fmt::percent(m), (0, -9), style.clone()))
                }))?;
            }
        }
        if n == 0 || self.designs.is_empty() {
            draw_no_data(chart.plotting_area())?;
        } else {
            draw_legend(&mut chart, SeriesLabelPosition::UpperRight)?;
        }
        draw_notes(root, &self.notes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pareto_keeps_fifteen_bars_and_sums_the_rest() {
        let components: Vec<(String, f64)> = (1..=20).map(|i| (format!("c{i}"), f64::from(i))).collect();
        let pareto = Pareto::new(&components, 210.0);
        assert_eq!(pareto.bars.len(), MAX_BARS);
        assert_eq!(pareto.bars[0], ("c20".to_string(), 20.0));
        assert_eq!(pareto.bars[MAX_BARS - 1], ("others (6)".to_string(), 21.0));
        assert!(pareto.notes.is_empty(), "{:?}", pareto.notes);
    }

    #[test]
    fn pareto_shares_are_of_the_system_downtime_as_in_the_text() {
        // web-service: dns 5.954 of 6.814 min/yr is 87.4 %, whatever the others add up to.
        let components = [("dns".to_string(), 5.954), ("db[1]".to_string(), 0.4587), ("db[2]".to_string(), 0.4587)];
        let pareto = Pareto::new(&components, 6.814);
        assert_eq!(share_label(pareto.share(5.954).expect("a total")), "87.4 %");
        assert_eq!(share_label(0.349), "0.35 %");
        assert_eq!(share_label(0.001), "< 0.01 %");
        // Redundant parts down together are each critical: shares may pass 100 %, and a note says why.
        let overlapping = Pareto::new(&[("a".to_string(), 5.0), ("b".to_string(), 5.0)], 6.0);
        assert_eq!(overlapping.notes.len(), 1);
        assert_eq!(Pareto::new(&components, 0.0).share(1.0), None);
    }

    #[test]
    fn pareto_leaves_out_zero_and_invalid_contributions_with_a_note() {
        let components = [("a".to_string(), 5.0), ("b".to_string(), 0.0), ("c".to_string(), f64::NAN), ("d".to_string(), -1.0)];
        let pareto = Pareto::new(&components, 5.0);
        assert_eq!(pareto.bars.len(), 1);
        assert_eq!(pareto.notes, ["1 component with no downtime not shown", "2 components with an invalid contribution not shown"]);
    }

    #[test]
    fn long_name_lists_are_cut() {
        let names: Vec<String> = (0..40).map(|i| format!("design-{i}")).collect();
        let refs: Vec<&str> = names.iter().map(String::as_str).collect();
        let list = name_list(&refs);
        assert!(list.len() < 100 && list.ends_with("more"), "{list}");
        assert_eq!(name_list(&["a", "b"]), "a, b");
        let long = "x".repeat(500);
        assert_eq!(name_list(&[&long, "b"]).chars().count(), 71 + ", and 1 more".len());
    }
}
