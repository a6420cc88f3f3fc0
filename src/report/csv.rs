//! Tidy CSV: one row per (scope, id, metric), so runs and scenarios stack by concatenation.

use std::fmt::Write;

use crate::stats::Estimate;
use crate::study::results::RunResult;

const HEADER: &str = "scope,id,metric,value,std_error,ci95_low,ci95_high";

pub fn render(r: &RunResult) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{HEADER}");
    let model = quote(&r.model.name);
    let est = |out: &mut String, scope: &str, id: &str, metric: &str, e: &Estimate| {
        let _ = writeln!(out, "{scope},{id},{metric},{},{},{},{}", num(e.mean), num(e.std_error), num(e.ci95[0]), num(e.ci95[1]));
    };
    let val = |out: &mut String, scope: &str, id: &str, metric: &str, v: f64, ci: Option<[f64; 2]>| {
        let (lo, hi) = ci.map_or((String::new(), String::new()), |c| (num(c[0]), num(c[1])));
        let _ = writeln!(out, "{scope},{id},{metric},{},,{lo},{hi}", num(v));
    };
    est(&mut out, "system", &model, "availability", &r.availability);
    est(&mut out, "system", &model, "unavailability", &r.unavailability);
    val(&mut out, "system", &model, "nines", r.nines.mean, Some(r.nines.ci95));
    est(&mut out, "system", &model, "downtime_minutes_per_year", &r.downtime_minutes_per_year);
    est(&mut out, "system", &model, "failure_frequency_per_year", &r.failure_frequency_per_year);
    if let Some(m) = &r.mtbf {
        val(&mut out, "system", &model, "mtbf", m.mean, Some(m.ci95));
    }
    if let Some(m) = &r.r#mut {
        est(&mut out, "system", &model, "mut", m);
    }
    if let Some(m) = &r.mdt {
        est(&mut out, "system", &model, "mdt", m);
    }
    est(&mut out, "system", &model, "planned_downtime_minutes_per_year", &r.downtime_by_cause.planned_minutes_per_year);
    est(&mut out, "system", &model, "unplanned_downtime_minutes_per_year", &r.downtime_by_cause.unplanned_minutes_per_year);
    est(&mut out, "system", &model, "time_fully_redundant", &r.time_in_state.fully_redundant);
    est(&mut out, "system", &model, "time_degraded", &r.time_in_state.degraded);
    val(&mut out, "system", &model, "mttff", r.mttff.estimate.mean, Some(r.mttff.estimate.ci95));
    val(&mut out, "system", &model, "mttff_censored", r.mttff.censored as f64, None);
    val(&mut out, "system", &model, "reliability", r.reliability.mean, Some(r.reliability.ci95));
    let o = &r.outage_duration;
    val(&mut out, "system", &model, "outages", o.count as f64, None);
    for (name, q) in [("outage_p50", o.p50), ("outage_p90", o.p90), ("outage_p99", o.p99), ("outage_max", o.max)] {
        if let Some(q) = q {
            val(&mut out, "system", &model, name, q, None);
        }
    }
    if let Some(e) = &r.exact {
        let exact = [
            ("availability", e.availability),
            ("unavailability", e.unavailability),
            ("failure_frequency_per_year", e.failure_frequency_per_year),
            ("mtbf", e.mtbf),
            ("mut", e.r#mut),
            ("mdt", e.mdt),
            ("window_unavailability", e.window_unavailability),
            ("reliability", e.reliability),
            ("mttff", e.mttff),
            ("verdict_z", e.verdict.z),
        ];
        for (metric, value) in exact {
            if let Some(v) = value {
                val(&mut out, "exact", &model, metric, v, None);
            }
        }
        val(&mut out, "exact", &model, "verdict_inside_ci99", f64::from(u8::from(e.verdict.inside_ci99)), None);
    }
    for c in &r.components {
        let id = quote(&c.id);
        est(&mut out, "component", &id, "unavailability", &c.unavailability);
        est(&mut out, "component", &id, "failures_per_year", &c.failures_per_year);
        est(&mut out, "component", &id, "downtime_contribution_minutes_per_year", &c.downtime_contribution);
        val(&mut out, "component", &id, "criticality", c.criticality, None);
        if let Some(x) = c.criticality_exact {
            val(&mut out, "component", &id, "criticality_exact", x, None);
        }
        val(&mut out, "component", &id, "spof", f64::from(u8::from(c.spof)), None);
    }
    for s in &r.standby {
        let id = quote(&s.block);
        est(&mut out, "standby", &id, "switchovers_per_year", &s.switchovers_per_year);
        est(&mut out, "standby", &id, "failed_switches_per_year", &s.failed_switches_per_year);
        est(&mut out, "standby", &id, "downtime_contribution", &s.downtime_contribution);
        val(&mut out, "standby", &id, "criticality", s.criticality, None);
    }
    out
}

/// Shortest round-trip representation; empty for a non-finite value.
fn num(x: f64) -> String {
    if x.is_finite() { format!("{x}") } else { String::new() }
}

/// RFC 4180 quoting where needed.
pub(super) fn quote(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) { format!("\"{}\"", s.replace('"', "\"\"")) } else { s.to_string() }
}
