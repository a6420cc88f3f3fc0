//! Markdown tables, for pasting into design documents and pull requests.

use std::fmt::Write;

use super::fmt::{count, interval, number, percent, percent_interval, probability, small};
use crate::study::results::RunResult;

pub fn render(r: &RunResult) -> String {
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
