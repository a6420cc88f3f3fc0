//! Exporters of a failure-biasing result ([`RareEventResult`]): text, Markdown and CSV (JSON
//! is its serialisation).

use std::fmt::Write;

use super::csv::quote;
use super::fmt::{count, interval, nines, number, probability, small};
use crate::stats::Estimate;
use crate::study::results::RareEventResult;

/// The lines that say how the estimate was made.
fn method_lines(r: &RareEventResult) -> Vec<String> {
    let mut lines = vec![
        format!(
            "method: failure biasing (importance sampling; failures get probability {} where a repair could happen instead), regenerative cycles",
            r.failure_bias
        ),
        format!(
            "{} biased + {} unbiased cycles, seed {}, {} events simulated; estimates the steady state",
            count(r.cycles),
            count(r.unbiased_cycles),
            r.seed,
            count(r.events)
        ),
    ];
    if r.method.requested == crate::study::plan::Method::Auto {
        lines.push(format!("auto chose it: {}", r.method.reason));
    }
    if let Some(p) = &r.precision {
        lines.push(super::fmt::precision_line(p, Some("cycles")));
    }
    lines
}

/// The readable report.
pub fn text(r: &RareEventResult) -> String {
    let unit = r.time_unit.symbol();
    let mut w = String::new();
    let _ = writeln!(w, "{}  ({})", r.model.name, r.model.file);
    for line in method_lines(r) {
        let _ = writeln!(w, "{line}");
    }
    let _ = writeln!(w);
    let row = |w: &mut String, label: &str, value: String, ci: String| {
        let _ = writeln!(w, "{label:<26}{value:<20}95% CI {ci}");
    };
    let a = &r.availability;
    row(&mut w, "Availability", probability(a.mean), format!("[{}, {}]", probability(a.ci95[0]), probability(a.ci95[1])));
    let u = &r.unavailability;
    row(&mut w, "Unavailability", small(u.mean), format!("[{}, {}]", small(u.ci95[0]), small(u.ci95[1])));
    row(&mut w, "Nines", nines(r.nines.mean), format!("[{}, {}]", nines(r.nines.ci95[0]), nines(r.nines.ci95[1])));
    let d = &r.downtime_minutes_per_year;
    row(&mut w, "Downtime", format!("{} min/year", number(d.mean)), interval(d.ci95));
    let f = &r.failure_frequency_per_year;
    row(&mut w, "Failure frequency", format!("{} /year", number(f.mean)), interval(f.ci95));
    match &r.mtbf {
        Some(m) => row(&mut w, "MTBF", format!("{} {unit}", number(m.mean)), interval(m.ci95)),
        None => row(&mut w, "MTBF", "n/a".into(), "no system failure in any cycle".into()),
    }
    match &r.mdt {
        Some(m) => row(&mut w, "MDT (system MTTR)", format!("{} {unit}", number(m.mean)), interval(m.ci95)),
        None => row(&mut w, "MDT (system MTTR)", "n/a".into(), "no system failure in any cycle".into()),
    }
    if let Some(e) = &r.exact {
        let _ = writeln!(w);
        let mut parts = Vec::new();
        if let Some(u) = e.unavailability {
            parts.push(format!("U {} · {} nines · {} min/year", small(u), nines(-u.log10()), number(u * crate::units::MINUTES_PER_YEAR)));
        }
        if let Some(f) = e.failure_frequency_per_year {
            parts.push(format!("ω {} /year", number(f)));
        }
        if let Some(m) = e.mdt {
            parts.push(format!("MDT {} {unit}", number(m)));
        }
        let _ = writeln!(w, "{:<26}{}  ({})", "Exact", parts.join(" · "), e.method);
        let mark = match (e.verdict.z, e.verdict.inside_ci99) {
            (None, _) => "·",
            (Some(_), true) => "✓",
            (Some(_), false) => "✗",
        };
        let _ = writeln!(w, "{:<26}{mark} {}", "", e.verdict.summary);
    }
    let _ = writeln!(w);
    if r.spof.is_empty() {
        let _ = writeln!(w, "Single points of failure: none");
    } else {
        let _ = writeln!(w, "Single points of failure: {}", r.spof.join(", "));
    }
    let mut order: Vec<usize> = (0..r.components.len()).filter(|&i| r.components[i].criticality > 0.0).collect();
    order.sort_by(|&a, &b| r.components[b].criticality.total_cmp(&r.components[a].criticality).then(a.cmp(&b)));
    if !order.is_empty() {
        let has_exact = r.components.iter().any(|c| c.criticality_exact.is_some());
        let _ = writeln!(w);
        let _ = writeln!(w, "Where the downtime comes from (largest first; \"critical\" is the share of system downtime during");
        let _ = writeln!(w, "which the component was down and its return alone would have restored service)");
        let width = r.components.iter().map(|c| c.id.chars().count()).max().unwrap_or(9).max(9);
        let exact_header = if has_exact { format!("  {:>7}", "exact") } else { String::new() };
        let _ = writeln!(w, "  {:<width$}  {:>16}  {:>8}{exact_header}", "component", "downtime min/yr", "critical");
        for c in order.into_iter().map(|i| &r.components[i]) {
            let exact = match (has_exact, c.criticality_exact) {
                (true, Some(x)) => format!("  {:>6.1}%", 100.0 * x),
                (true, None) => format!("  {:>7}", "n/a"),
                _ => String::new(),
            };
            let _ = writeln!(
                w,
                "  {:<width$}  {:>16}  {:>7.1}%{exact}{}",
                c.id,
                number(c.downtime_contribution.mean),
                100.0 * c.criticality,
                if c.spof { "  SPOF" } else { "" }
            );
        }
    }
    let _ = writeln!(w);
    let _ = writeln!(w, "(Failure biasing estimates the steady state: for outage durations, A(t), R(t) and charts, run");
    let _ = writeln!(w, "--method plain.)");
    w
}

/// Markdown.
pub fn markdown(r: &RareEventResult) -> String {
    let unit = r.time_unit.symbol();
    let mut w = String::new();
    let _ = writeln!(w, "# {}\n", r.model.name);
    for line in method_lines(r) {
        let _ = writeln!(w, "- {line}");
    }
    let _ = writeln!(w, "\n| metric | value | 95% CI |\n|---|---:|---|");
    let mut row = |label: &str, value: String, ci: String| {
        let _ = writeln!(w, "| {label} | {value} | {ci} |");
    };
    let u = &r.unavailability;
    row(
        "Availability",
        probability(r.availability.mean),
        format!("[{}, {}]", probability(r.availability.ci95[0]), probability(r.availability.ci95[1])),
    );
    row("Unavailability", small(u.mean), format!("[{}, {}]", small(u.ci95[0]), small(u.ci95[1])));
    row("Nines", nines(r.nines.mean), format!("[{}, {}]", nines(r.nines.ci95[0]), nines(r.nines.ci95[1])));
    row("Downtime (min/year)", number(r.downtime_minutes_per_year.mean), interval(r.downtime_minutes_per_year.ci95));
    row("Failure frequency (/year)", number(r.failure_frequency_per_year.mean), interval(r.failure_frequency_per_year.ci95));
    if let Some(m) = &r.mtbf {
        row(&format!("MTBF ({unit})"), number(m.mean), interval(m.ci95));
    }
    if let Some(m) = &r.mdt {
        row(&format!("MDT ({unit})"), number(m.mean), interval(m.ci95));
    }
    if let Some(e) = &r.exact {
        let _ = writeln!(w, "\n{}", e.verdict.summary);
    }
    w
}

/// Tidy CSV: `scope,id,metric,value,std_error,ci95_low,ci95_high`.
pub fn csv(r: &RareEventResult) -> String {
    let num = |x: f64| if x.is_finite() { format!("{x}") } else { String::new() };
    let mut w = String::from("scope,id,metric,value,std_error,ci95_low,ci95_high\n");
    let id = quote(&r.model.name);
    let mut est = |metric: &str, e: &Estimate| {
        let _ = writeln!(w, "system,{id},{metric},{},{},{},{}", num(e.mean), num(e.std_error), num(e.ci95[0]), num(e.ci95[1]));
    };
    est("availability", &r.availability);
    est("unavailability", &r.unavailability);
    est("downtime_minutes_per_year", &r.downtime_minutes_per_year);
    est("failure_frequency_per_year", &r.failure_frequency_per_year);
    if let Some(m) = &r.mdt {
        est("mdt", m);
    }
    let _ = writeln!(w, "system,{id},nines,{},,{},{}", num(r.nines.mean), num(r.nines.ci95[0]), num(r.nines.ci95[1]));
    if let Some(m) = &r.mtbf {
        let _ = writeln!(w, "system,{id},mtbf,{},,{},{}", num(m.mean), num(m.ci95[0]), num(m.ci95[1]));
    }
    let _ = writeln!(w, "run,{id},cycles,{},,,", r.cycles);
    let _ = writeln!(w, "run,{id},events,{},,,", r.events);
    w
}
