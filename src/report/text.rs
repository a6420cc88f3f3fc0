//! The readable report printed by default.

use std::fmt::Write;

use super::fmt::{count, interval, nines, number, percent, probability, small};
use crate::study::results::RunResult;

pub fn render(r: &RunResult) -> String {
    let unit = r.time_unit.symbol();
    let mut out = String::new();
    let w = &mut out;
    let _ = writeln!(w, "{}  ({})", r.model.name, r.model.file);
    let _ = writeln!(
        w,
        "{} replications × {} {unit} (warm-up {} {unit}), seed {}, {} events simulated",
        count(r.replications),
        number(r.horizon),
        number(r.warmup),
        r.seed,
        count(r.events)
    );
    if r.method.requested == crate::study::plan::Method::Auto {
        let _ = writeln!(w, "method: plain Monte Carlo (auto: {})", r.method.reason);
    }
    if let Some(p) = &r.precision {
        let _ = writeln!(w, "{}", super::fmt::precision_line(p, None));
    }
    let _ = writeln!(w);
    let row = |w: &mut String, label: &str, value: String, ci: String| {
        let _ = writeln!(w, "{label:<26}{value:<20}95% CI {ci}");
    };
    if r.unavailability.mean == 0.0 && r.failure_frequency_per_year.mean == 0.0 {
        let _ = writeln!(
            w,
            "No system downtime observed in {} × {} {unit}: the failure frequency is below {} /year (95%),\n\
             but availability cannot be estimated without an outage. Raise --replications or --horizon.\n",
            count(r.replications),
            number(r.horizon - r.warmup),
            number(r.failure_frequency_per_year.ci95[1])
        );
    }
    row(
        w,
        "Availability",
        probability(r.availability.mean),
        format!("[{}, {}]", probability(r.availability.ci95[0]), probability(r.availability.ci95[1])),
    );
    row(
        w,
        "Unavailability",
        small(r.unavailability.mean),
        format!("[{}, {}]", small(r.unavailability.ci95[0]), small(r.unavailability.ci95[1])),
    );
    row(w, "Nines", nines(r.nines.mean), format!("[{}, {}]", nines(r.nines.ci95[0]), nines(r.nines.ci95[1])));
    row(w, "Downtime", format!("{} min/year", number(r.downtime_minutes_per_year.mean)), interval(r.downtime_minutes_per_year.ci95));
    row(
        w,
        "Failure frequency",
        format!("{} /year", number(r.failure_frequency_per_year.mean)),
        interval(r.failure_frequency_per_year.ci95),
    );
    let none = "no system failure observed";
    match &r.mtbf {
        Some(m) => row(w, "MTBF", format!("{} {unit}", number(m.mean)), interval(m.ci95)),
        None => row(w, "MTBF", "n/a".into(), none.into()),
    }
    match &r.r#mut {
        Some(m) => row(w, "MUT (mean up time)", format!("{} {unit}", number(m.mean)), interval(m.ci95)),
        None => row(w, "MUT (mean up time)", "n/a".into(), none.into()),
    }
    match &r.mdt {
        Some(m) => row(w, "MDT (system MTTR)", format!("{} {unit}", number(m.mean)), interval(m.ci95)),
        None => row(w, "MDT (system MTTR)", "n/a".into(), none.into()),
    }
    let f = &r.mttff;
    if f.censored == 0 {
        row(w, "MTTFF (from new)", format!("{} {unit}", number(f.estimate.mean)), interval(f.estimate.ci95));
    } else {
        let _ = writeln!(
            w,
            "{:<26}≥ {} {unit}  ({} of {} replications had no failure within the horizon)",
            "MTTFF (from new)",
            number(f.estimate.mean),
            f.censored,
            r.replications
        );
    }
    row(
        w,
        &format!("Reliability R({})", number(r.horizon)),
        format!("{:.4}", r.reliability.mean),
        format!("[{:.4}, {:.4}]", r.reliability.ci95[0], r.reliability.ci95[1]),
    );
    let o = &r.outage_duration;
    match (o.p50, o.p90, o.p99, o.max) {
        (Some(p50), Some(p90), Some(p99), Some(max)) => {
            let _ = writeln!(
                w,
                "{:<26}p50 {} {unit} · p90 {} {unit} · p99 {} {unit} · max {} {unit}  ({} outages)",
                "Outage duration",
                number(p50),
                number(p90),
                number(p99),
                number(max),
                count(o.count)
            );
        }
        _ => {
            let _ = writeln!(w, "{:<26}no outage observed", "Outage duration");
        }
    }
    let by_cause = &r.downtime_by_cause;
    if by_cause.planned_minutes_per_year.mean > 0.0 {
        let (p, u) = (&by_cause.planned_minutes_per_year, &by_cause.unplanned_minutes_per_year);
        row(w, "Planned downtime", format!("{} min/year", number(p.mean)), interval(p.ci95));
        row(w, "Unplanned downtime", format!("{} min/year", number(u.mean)), interval(u.ci95));
    }
    let t = &r.time_in_state;
    let _ = writeln!(
        w,
        "{:<26}fully redundant {} · degraded {} · down {}",
        "Time in state",
        percent(t.fully_redundant.mean),
        percent(t.degraded.mean),
        percent(t.down.mean)
    );
    if let Some(reason) = &r.no_exact {
        let _ = writeln!(w);
        let _ = writeln!(w, "Exact: {reason}");
    }
    if let Some(e) = &r.exact {
        let _ = writeln!(w);
        let mut parts = Vec::new();
        if let (Some(a), Some(u)) = (e.availability, e.unavailability) {
            parts.push(format!(
                "A {} · U {} · {} nines · {} min/year",
                probability(a),
                small(u),
                nines(-u.log10()),
                number(u * crate::units::MINUTES_PER_YEAR)
            ));
        }
        if let Some(f) = e.failure_frequency_per_year {
            parts.push(format!("ω {} /year", number(f)));
        }
        if let Some(m) = e.mdt {
            parts.push(format!("MDT {} {unit}", number(m)));
        }
        if let Some(wu) = e.window_unavailability {
            parts.push(format!("U over the window {}", small(wu)));
        }
        if let Some(rel) = e.reliability {
            parts.push(format!("R({}) {rel:.4}", number(r.horizon)));
        }
        if let Some(m) = e.mttff {
            parts.push(format!("MTTFF {} {unit}", number(m)));
        }
        let _ = writeln!(w, "{:<26}{}", "Exact", parts.join(" · "));
        let mark = match (e.verdict.z, e.verdict.inside_ci99) {
            (None, _) => "·",
            (Some(_), true) => "✓",
            (Some(_), false) => "✗",
        };
        let _ = writeln!(w, "{:<26}{mark} {}", "", e.verdict.summary);
        if let Some(caveat) = &e.verdict.caveat {
            let _ = writeln!(w, "{:<26}  note: {caveat}", "");
        }
    }
    let _ = writeln!(w);
    if r.spof.is_empty() {
        let _ = writeln!(w, "Single points of failure: none");
    } else {
        let _ = writeln!(w, "Single points of failure: {}", r.spof.join(", "));
    }
    let _ = writeln!(w);
    let has_exact = r.components.iter().any(|c| c.criticality_exact.is_some());
    let _ = writeln!(w, "Where the downtime comes from (largest first; \"critical\" is the share of system downtime during");
    if has_exact {
        let _ = writeln!(w, "which the component was down and its repair alone would have restored service; \"exact\" is the");
        let _ = writeln!(w, "criticality importance from the structure function, the value \"critical\" estimates)");
    } else {
        let _ = writeln!(w, "which the component was down and its repair alone would have restored service)");
    }
    let width = r.components.iter().map(|c| c.id.chars().count()).max().unwrap_or(9).max(9);
    let exact_header = if has_exact { format!("  {:>7}", "exact") } else { String::new() };
    let _ = writeln!(
        w,
        "  {:<width$}  {:>14}  {:>12}  {:>16}  {:>8}{exact_header}",
        "component", "unavailability", "failures/yr", "downtime min/yr", "critical"
    );
    let mut order: Vec<usize> = (0..r.components.len()).collect();
    order.sort_by(|&a, &b| r.components[b].criticality.total_cmp(&r.components[a].criticality).then(a.cmp(&b)));
    for c in order.into_iter().map(|i| &r.components[i]) {
        let exact = if has_exact {
            format!("  {:>7}", c.criticality_exact.map_or("n/a".into(), |x| format!("{:.1}%", 100.0 * x)))
        } else {
            String::new()
        };
        let _ = writeln!(
            w,
            "  {:<width$}  {:>14}  {:>12}  {:>16}  {:>7.1}%{exact}{}",
            c.id,
            small(c.unavailability.mean),
            number(c.failures_per_year.mean),
            number(c.downtime_contribution.mean),
            100.0 * c.criticality,
            if c.spof { "  SPOF" } else { "" }
        );
    }
    if !r.standby.is_empty() {
        let _ = writeln!(w);
        let _ = writeln!(w, "Standby blocks (failovers and failbacks; downtime spent waiting for a switchover to finish)");
        for s in &r.standby {
            let _ = writeln!(
                w,
                "  {} ({}): {} switchovers/yr · {} failed switches/yr · {} min/yr switching ({:.1}% of the downtime)",
                s.block,
                s.units.join(" → "),
                number(s.switchovers_per_year.mean),
                number(s.failed_switches_per_year.mean),
                number(s.downtime_contribution.mean),
                100.0 * s.criticality
            );
        }
    }
    out
}
