//! Which charts each kind of result gets, drawn from its figures by [`crate::plot`].

use crate::plot::{self, Chart, PlotError};
use crate::stats::Estimate;
use crate::study::compare::Comparison;
use crate::study::results::{ObjectiveResult, RunResult};
use crate::study::sweep::{Sweep, show};
use crate::units::fmt::{number, probability, small};

/// A run's charts: where the downtime comes from, outage durations, A(t), R(t), convergence,
/// then for each objective the distribution of its period downtime (`objective-K-downtime`).
/// Each title names the model; A(t) and convergence draw the exact value when it is known.
pub fn run_charts(r: &RunResult) -> Result<Vec<Chart>, PlotError> {
    let subject = r.model.name.as_str();
    let axis = plot::TimeAxis { unit: r.time_unit.symbol(), hours_per_unit: r.time_unit.hours() };
    let curves = &r.curves;
    let exact = r.exact.as_ref();
    let availability = exact.and_then(|e| e.availability).map(|a| (a, format!("exact steady-state A {}", probability(a))));
    // The run estimates the unavailability over its window from new; that is what it converges to.
    let unavailability = exact.and_then(|e| match (e.window_unavailability, e.unavailability) {
        (Some(u), _) => Some((u, format!("exact U over the window {}", small(u)))),
        (None, Some(u)) => Some((u, format!("exact steady-state U {}", small(u)))),
        (None, None) => None,
    });
    fn reference(r: &Option<(f64, String)>) -> Option<plot::Reference<'_>> {
        r.as_ref().map(|(value, label)| plot::Reference { value: *value, label })
    }
    let mut charts = vec![
        plot::downtime_pareto(subject, &curves.contributions, r.downtime_minutes_per_year.mean)?,
        plot::outage_durations(subject, &curves.outages, axis)?,
        plot::availability_over_time(subject, &curves.availability, axis, reference(&availability))?,
        plot::reliability(subject, &curves.reliability, axis)?,
        plot::convergence(subject, &curves.convergence, reference(&unavailability))?,
    ];
    for (k, o) in r.objectives.iter().enumerate() {
        charts.push(period_downtime(r, k, o)?);
    }
    Ok(charts)
}

/// The histogram of one objective's period downtime, in minutes, with the allowed downtime.
fn period_downtime(r: &RunResult, k: usize, o: &ObjectiveResult) -> Result<Chart, PlotError> {
    let minutes = r.time_unit.hours() * 60.0;
    let bins: Vec<(f64, f64, u64)> = o.downtime_histogram.iter().map(|&(lo, hi, n)| (lo * minutes, hi * minutes, n)).collect();
    let allowed = o.max_downtime * minutes;
    let label = format!("{} ({} min)", target_label(o.target), number(allowed));
    let axis = format!("downtime per {} (log scale)", o.period_name);
    let title = format!("{} — {}: downtime per {}", r.model.name, o.id, o.period_name);
    let periods = plot::PeriodHistogram {
        bins: &bins,
        no_downtime_share: o.no_downtime_share,
        allowed,
        allowed_label: &label,
        axis: &axis,
        hours_per_unit: 1.0 / 60.0,
    };
    plot::period_downtime(&format!("objective-{}-downtime", k + 1), &title, &periods)
}

/// "target 99.95 %": the availability target as a percentage with as many decimals as its
/// nines need (99.9, 99.95, 99.999).
pub fn target_label(target: f64) -> String {
    format!("target {}", crate::units::fmt::target_percent(target))
}

/// The designs' cost against their downtime, when any has costs (a design without is left
/// out), with the currency of the first that names one.
fn cost_chart<'a>(runs: impl Iterator<Item = (String, &'a RunResult)>) -> Result<Option<Chart>, PlotError> {
    let mut currency = None;
    let mut points = Vec::new();
    for (name, r) in runs {
        if let Some(c) = &r.costs {
            currency = currency.or(c.currency.clone());
            points.push((name, r.downtime_minutes_per_year, c.total_per_year));
        }
    }
    if points.is_empty() {
        return Ok(None);
    }
    plot::cost_against_downtime(&points, currency.as_deref()).map(Some)
}

/// The ids of the objectives of `runs`, in order of first appearance.
pub fn objective_ids<'a>(runs: impl Iterator<Item = &'a RunResult>) -> Vec<String> {
    let mut ids: Vec<String> = Vec::new();
    for o in runs.flat_map(|r| &r.objectives) {
        if !ids.contains(&o.id) {
            ids.push(o.id.clone());
        }
    }
    ids
}

/// P(breach) per objective and design, when any design has objectives.
fn breach_chart(c: &Comparison) -> Result<Option<Chart>, PlotError> {
    let ids = objective_ids(c.designs.iter());
    if ids.is_empty() {
        return Ok(None);
    }
    let objectives: Vec<String> = ids
        .iter()
        .map(|id| {
            let period = c.designs.iter().flat_map(|d| &d.objectives).find(|o| o.id == *id).map(|o| o.period_name.as_str());
            period.map_or_else(|| id.clone(), |p| format!("{id} (per {p})"))
        })
        .collect();
    let designs: Vec<(String, Vec<Option<Estimate>>)> = c
        .designs
        .iter()
        .map(|d| {
            let values = ids.iter().map(|id| d.objectives.iter().find(|o| o.id == *id).map(|o| o.breach_probability)).collect();
            (d.model.name.clone(), values)
        })
        .collect();
    plot::breach_by_design(&objectives, &designs).map(Some)
}

/// A comparison's charts: those of the designs side by side, and each design's own.
#[derive(Debug, Clone)]
pub struct ComparisonCharts {
    /// The designs' downtime side by side, their cost against their downtime (designs with
    /// costs) and their P(breach) (designs with objectives).
    pub together: Vec<Chart>,
    /// Each design's name and its run's charts ([`run_charts`]), in the order given.
    pub designs: Vec<(String, Vec<Chart>)>,
}

impl ComparisonCharts {
    /// Every chart, each design's named `design-K-...` so that files do not collide.
    pub fn files(&self) -> Vec<Chart> {
        let mut all = self.together.clone();
        for (k, (_, charts)) in self.designs.iter().enumerate() {
            all.extend(charts.iter().map(|c| Chart { name: format!("design-{}-{}", k + 1, c.name), ..c.clone() }));
        }
        all
    }
}

/// A comparison's charts ([`ComparisonCharts`]).
pub fn comparison_charts(c: &Comparison) -> Result<ComparisonCharts, PlotError> {
    let designs: Vec<(String, Estimate)> = c.designs.iter().map(|d| (d.model.name.clone(), d.downtime_minutes_per_year)).collect();
    let mut together = vec![plot::downtime_by_design(&designs)?];
    together.extend(cost_chart(c.designs.iter().map(|d| (d.model.name.clone(), d)))?);
    together.extend(breach_chart(c)?);
    let designs = c.designs.iter().map(|d| Ok((d.model.name.clone(), run_charts(d)?))).collect::<Result<_, PlotError>>()?;
    Ok(ComparisonCharts { together, designs })
}

/// A sweep's charts: unavailability against the parameters ([`sweep_chart`]), then, when the
/// points have costs, each point's cost against its downtime.
pub fn sweep_charts(s: &Sweep) -> Result<Vec<Chart>, PlotError> {
    let mut charts = vec![sweep_chart(s)?];
    let points = s.rows.iter().map(|row| {
        let name =
            s.parameters.iter().zip(&row.values).map(|(p, v)| format!("{}={}", short_path(p), show(v))).collect::<Vec<_>>().join(", ");
        (name, &row.result)
    });
    charts.extend(cost_chart(points)?);
    Ok(charts)
}

/// The last two segments of a parameter's path (`repair.mean`), enough to tell the
/// parameters of one sweep apart in a point's label.
fn short_path(path: &str) -> &str {
    match path.rmatch_indices('.').nth(1) {
        Some((i, _)) => &path[i + 1..],
        None => path,
    }
}

/// A sweep's chart: unavailability against the first parameter, one line per combination of
/// the others. Values that are not numbers are placed at their position in the list.
pub fn sweep_chart(s: &Sweep) -> Result<Chart, PlotError> {
    let mut series: Vec<(String, Vec<(f64, crate::stats::Estimate)>)> = Vec::new();
    let first_values: Vec<String> = {
        let mut seen: Vec<String> = Vec::new();
        for row in &s.rows {
            let v = row.values.first().map(show).unwrap_or_default();
            if !seen.contains(&v) {
                seen.push(v);
            }
        }
        seen
    };
    for row in &s.rows {
        let label = s.parameters.iter().zip(&row.values).skip(1).map(|(p, v)| format!("{p}={}", show(v))).collect::<Vec<_>>().join(", ");
        let first = row.values.first();
        let x = first.and_then(serde_json::Value::as_f64).unwrap_or_else(|| {
            let text = first.map(show).unwrap_or_default();
            first_values.iter().position(|v| *v == text).unwrap_or(0) as f64
        });
        let label = if label.is_empty() { s.model.clone() } else { label };
        match series.iter_mut().find(|(l, _)| *l == label) {
            Some((_, points)) => points.push((x, row.result.unavailability)),
            None => series.push((label, vec![(x, row.result.unavailability)])),
        }
    }
    plot::sweep(s.parameters.first().map_or("parameter", String::as_str), &series)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_read_with_the_decimals_their_nines_need() {
        assert_eq!(target_label(0.9995), "target 99.95 %");
        assert_eq!(target_label(0.999), "target 99.9 %");
        assert_eq!(target_label(0.99999), "target 99.999 %");
        assert_eq!(target_label(0.9), "target 90 %");
        assert_eq!(target_label(0.995), "target 99.5 %");
    }

    #[test]
    fn sweep_labels_keep_the_end_of_the_path() {
        assert_eq!(short_path("components.web.repair.mean"), "repair.mean");
        assert_eq!(short_path("simulation.horizon"), "simulation.horizon");
        assert_eq!(short_path("seed"), "seed");
    }
}
