//! The report of one run by plain Monte Carlo ([`RunResult`]).

use std::fmt::Write;

use crate::results::RunResult;
use crate::stats::Estimate;

/// The document of a run.
pub fn of_run(r: &RunResult) -> super::document::Document {
    let _ = r;
    super::document::Document::default()
}

pub fn text(r: &RunResult) -> String {
    use super::fmt::{count, interval, nines, number, percent, probability, small};
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
    if r.method.requested == crate::rare::Method::Auto {
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
                number(u * crate::MINUTES_PER_YEAR)
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

pub fn markdown(r: &RunResult) -> String {
    use super::fmt::{count, interval, number, percent, percent_interval, probability, small};
    let unit = r.time_unit.symbol();
    let mut out = String::new();
    let w = &mut out;
    let _ = writeln!(w, "## {}\n", r.model.name);
    let _ = writeln!(
        w,
        "`{}` · {} replications × {} {unit} · warm-up {} {unit} · seed {} · ninesim {}\n",
        r.model.file,
        count(r.replications),
        number(r.horizon),
        number(r.warmup),
        r.seed,
        r.ninesim_version
    );
    let _ = writeln!(w, "| metric | estimate | 95% CI |\n|---|---:|---|");
    let _ = writeln!(
        w,
        "| availability | {} | [{}, {}] |",
        probability(r.availability.mean),
        probability(r.availability.ci95[0]),
        probability(r.availability.ci95[1])
    );
    let _ = writeln!(
        w,
        "| unavailability | {} | [{}, {}] |",
        small(r.unavailability.mean),
        small(r.unavailability.ci95[0]),
        small(r.unavailability.ci95[1])
    );
    let _ = writeln!(w, "| nines | {:.2} | [{:.2}, {:.2}] |", r.nines.mean, r.nines.ci95[0], r.nines.ci95[1]);
    let _ = writeln!(
        w,
        "| downtime (min/year) | {} | {} |",
        number(r.downtime_minutes_per_year.mean),
        interval(r.downtime_minutes_per_year.ci95)
    );
    let _ = writeln!(
        w,
        "| failure frequency (/year) | {} | {} |",
        number(r.failure_frequency_per_year.mean),
        interval(r.failure_frequency_per_year.ci95)
    );
    if let Some(m) = &r.mtbf {
        let _ = writeln!(w, "| MTBF ({unit}) | {} | {} |", number(m.mean), interval(m.ci95));
    }
    if let Some(m) = &r.r#mut {
        let _ = writeln!(w, "| MUT ({unit}) | {} | {} |", number(m.mean), interval(m.ci95));
    }
    if let Some(m) = &r.mdt {
        let _ = writeln!(w, "| MDT, system MTTR ({unit}) | {} | {} |", number(m.mean), interval(m.ci95));
    }
    let by_cause = &r.downtime_by_cause;
    if by_cause.planned_minutes_per_year.mean > 0.0 {
        for (what, e) in [("planned", &by_cause.planned_minutes_per_year), ("unplanned", &by_cause.unplanned_minutes_per_year)] {
            let _ = writeln!(w, "| {what} downtime (min/year) | {} | {} |", number(e.mean), interval(e.ci95));
        }
    }
    for (what, e) in [("fully redundant", &r.time_in_state.fully_redundant), ("degraded", &r.time_in_state.degraded)] {
        let _ = writeln!(w, "| time {what} | {} | {} |", percent(e.mean), percent_interval(e.ci95));
    }
    let bound = if r.mttff.censored > 0 { "≥ " } else { "" };
    let _ = writeln!(w, "| MTTFF ({unit}) | {bound}{} | {} |", number(r.mttff.estimate.mean), interval(r.mttff.estimate.ci95));
    let _ = writeln!(
        w,
        "| reliability R({}) | {:.4} | [{:.4}, {:.4}] |",
        number(r.horizon),
        r.reliability.mean,
        r.reliability.ci95[0],
        r.reliability.ci95[1]
    );
    let o = &r.outage_duration;
    if let (Some(p50), Some(p90), Some(p99), Some(max)) = (o.p50, o.p90, o.p99, o.max) {
        let _ = writeln!(
            w,
            "\nOutage duration ({} outages): p50 {} {unit}, p90 {} {unit}, p99 {} {unit}, max {} {unit}.",
            count(o.count),
            number(p50),
            number(p90),
            number(p99),
            number(max)
        );
    }
    if let Some(e) = &r.exact {
        let _ = writeln!(w, "\n**Exact** ({}):\n", e.method);
        let _ = writeln!(w, "| metric | exact |\n|---|---:|");
        let rows = [
            ("availability", e.availability.map(probability)),
            ("unavailability", e.unavailability.map(small)),
            ("failure frequency (/year)", e.failure_frequency_per_year.map(number)),
            (&*format!("MTBF ({unit})"), e.mtbf.map(number)),
            (&*format!("MDT ({unit})"), e.mdt.map(number)),
            ("unavailability over the window", e.window_unavailability.map(small)),
            (&*format!("reliability R({})", number(r.horizon)), e.reliability.map(|x| format!("{x:.4}"))),
            (&*format!("MTTFF ({unit})"), e.mttff.map(number)),
        ];
        for (label, value) in rows {
            if let Some(v) = value {
                let _ = writeln!(w, "| {label} | {v} |");
            }
        }
        let mark = if e.verdict.inside_ci99 { "✓" } else { "✗" };
        let _ = writeln!(w, "\n{mark} {}", e.verdict.summary);
        if let Some(caveat) = &e.verdict.caveat {
            let _ = writeln!(w, "\n> {caveat}");
        }
    }
    let spof = if r.spof.is_empty() { "none".to_string() } else { r.spof.iter().map(|s| format!("`{s}`")).collect::<Vec<_>>().join(", ") };
    let _ = writeln!(w, "\nSingle points of failure: {spof}\n");
    let _ = writeln!(
        w,
        "| component | unavailability | failures/yr | downtime min/yr | critical in % of downtime | exact | SPOF |\n|---|---:|---:|---:|---:|---:|:---:|"
    );
    for c in &r.components {
        let _ = writeln!(
            w,
            "| `{}` | {} | {} | {} | {:.1}% | {} | {} |",
            c.id,
            small(c.unavailability.mean),
            number(c.failures_per_year.mean),
            number(c.downtime_contribution.mean),
            100.0 * c.criticality,
            c.criticality_exact.map_or("n/a".into(), |x| format!("{:.1}%", 100.0 * x)),
            if c.spof { "yes" } else { "" }
        );
    }
    if let Some(reason) = &r.no_exact {
        let _ = writeln!(w, "\n{reason}");
    }
    if !r.standby.is_empty() {
        let _ = writeln!(
            w,
            "\n| standby block | units | switchovers/yr | failed switches/yr | switching min/yr | % of downtime |\n|---|---|---:|---:|---:|---:|"
        );
        for s in &r.standby {
            let _ = writeln!(
                w,
                "| `{}` | {} | {} | {} | {} | {:.1}% |",
                s.block,
                s.units.iter().map(|u| format!("`{u}`")).collect::<Vec<_>>().join(" → "),
                number(s.switchovers_per_year.mean),
                number(s.failed_switches_per_year.mean),
                number(s.downtime_contribution.mean),
                100.0 * s.criticality
            );
        }
    }
    out
}

pub fn csv(r: &RunResult) -> String {
    use super::csv::quote;
    use super::document::csv_number as num;
    const HEADER: &str = "scope,id,metric,value,std_error,ci95_low,ci95_high";
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
