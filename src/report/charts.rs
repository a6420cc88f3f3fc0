//! Which charts each kind of result gets, drawn from its figures by [`crate::plot`].

use crate::plot::{self, Chart, PlotError};
use crate::study::compare::Comparison;
use crate::study::results::RunResult;
use crate::study::sweep::{Sweep, show};

/// A run's charts: where the downtime comes from, outage durations, A(t), R(t), convergence.
pub fn run_charts(r: &RunResult) -> Result<Vec<Chart>, PlotError> {
    let unit = r.time_unit.symbol();
    let curves = &r.curves;
    Ok(vec![
        plot::downtime_pareto(&curves.contributions)?,
        plot::outage_durations(&curves.outages, unit)?,
        plot::availability_over_time(&curves.availability, unit)?,
        plot::reliability(&curves.reliability, unit)?,
        plot::convergence(&curves.convergence)?,
    ])
}

/// A comparison's charts: the designs' unavailability side by side, then each design's own
/// charts (named `design-K-...`).
pub fn comparison_charts(c: &Comparison) -> Result<Vec<Chart>, PlotError> {
    let designs: Vec<(String, crate::stats::Estimate)> = c.designs.iter().map(|d| (d.model.name.clone(), d.unavailability)).collect();
    let mut charts = vec![plot::unavailability_by_design(&designs)?];
    for (k, design) in c.designs.iter().enumerate() {
        for mut chart in run_charts(design)? {
            chart.name = format!("design-{}-{}", k + 1, chart.name);
            charts.push(chart);
        }
    }
    Ok(charts)
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
