//! Exporters of `ninesim analyze`.

use std::fmt::Write;

use super::fmt::{column_width, number, pad_right, probability, small_or_plain as small, visible};
use super::markdown::{
    self as md,
    Place::{Cell, Line},
};
use crate::analysis::{Analysis, Approximation};

/// Whether `figure` (a name of [`Approximation::figures`]) is approximate in `a`.
fn approx(a: &Analysis, figure: &str) -> bool {
    Approximation::covers(a.approximate.as_ref(), figure)
}

/// "≈ " before an approximate figure's value.
fn mark(approximate: bool) -> &'static str {
    if approximate { "≈ " } else { "" }
}

/// The figure groups of [`Approximation::figures`], and the mission's, in the order reports list them.
const FIGURES: [&str; 4] = ["steady_state", "mission", "importance", "cut_set_probabilities"];

/// Cut sets listed in the readable formats (all of them are in JSON and CSV).
const LISTED: usize = 25;

fn opt(x: Option<f64>, f: fn(f64) -> String) -> String {
    x.map_or_else(|| "n/a".into(), f)
}

fn reliability(r: f64) -> String {
    if r < 1e-4 { small(r) } else { format!("{r:.6}") }
}

/// Sorting key that treats values equal to 9 significant digits as ties (symmetric components
/// differ in the last bits only), so ties keep model order.
fn rank(x: f64) -> i64 {
    if x > 0.0 { (x.ln() * 1e9).round() as i64 } else { i64::MIN }
}

fn ratio(x: f64) -> String {
    if x.is_finite() { format!("{x:.4}") } else { "∞".into() }
}

pub fn text(a: &Analysis) -> String {
    let unit = a.time_unit.symbol();
    let mut out = String::new();
    let w = &mut out;
    let title = if a.approximate.is_some() { "analysis (≈: approximate, independence assumed)" } else { "exact analysis" };
    let _ = writeln!(w, "{} — {title}  ({})", visible(&a.model.name), visible(&a.model.file));
    let _ = writeln!(w, "{}\n", visible(&a.method));
    let steady_mark = mark(approx(a, "steady_state"));
    let row = |w: &mut String, label: &str, value: String| {
        let _ = writeln!(w, "  {label:<28}{steady_mark}{value}");
    };
    // A U below f64's range comes as its log (the analysis never gives it as 0).
    let u = a.unavailability.map(small).or_else(|| a.log10_unavailability.map(|l| format!("10^{l:.4} (below the range of f64)")));
    if let (Some(av), Some(u)) = (a.availability, u) {
        if a.method.starts_with("Markov chain") {
            let _ = writeln!(w, "Steady state (exact: the stationary distribution of the chain)");
        } else if approx(a, "steady_state") {
            let _ = writeln!(
                w,
                "Steady state (≈ approximate: the structure function at each component's own MTTF and MTTR, as if the components were independent)"
            );
        } else {
            let _ = writeln!(w, "Steady state (exact for any distributions: it depends only on each component's MTTF and MTTR)");
        }
        row(w, "Availability", probability(av));
        row(w, "Unavailability", u);
        row(w, "Nines", a.nines.map_or("n/a".into(), |n| format!("{n:.2}")));
        row(w, "Downtime", format!("{} min/year", opt(a.downtime_minutes_per_year, number)));
        row(w, "Failure frequency", format!("{} /year", opt(a.failure_frequency_per_year, number)));
        row(w, "MTBF", format!("{} {unit}", opt(a.mtbf, number)));
        row(w, "MUT (mean up time)", format!("{} {unit}", opt(a.r#mut, number)));
        row(w, "MDT (system MTTR)", format!("{} {unit}", opt(a.mdt, number)));
    } else {
        let _ = writeln!(w, "Steady state: none (some component is never repaired)");
    }
    let m = &a.mission;
    let _ = writeln!(w, "\nOver the window [{}, {}] {unit}, from new ({})", number(m.warmup), number(m.horizon), m.method);
    if m.window_unavailability.is_some() || m.reliability.is_some() || m.mttff.is_some() {
        row(w, "Unavailability (window)", opt(m.window_unavailability, small));
        row(w, &format!("U at t = {}", number(m.horizon)), opt(m.point_unavailability, small));
        row(w, &format!("Reliability R({})", number(m.horizon)), opt(m.reliability, reliability));
        row(w, "MTTFF (from new)", m.mttff.map_or("n/a".into(), |t| format!("{} {unit}", number(t))));
    }
    if let Some(cs) = &a.cut_sets {
        let complete = if cs.complete { "these are all of them" } else { "higher orders exist" };
        let _ = writeln!(w, "\nMinimal cut sets up to order {} ({}; {complete})", cs.max_order, plural(cs.sets.len(), "set"));
        let approximate = approx(a, "cut_set_probabilities");
        if approximate {
            let _ = writeln!(w, "  The sets are exact; their probabilities (≈) take the components as independent.");
        }
        if let Some(total) = cs.rare_event_sum {
            let _ = writeln!(w, "  Σ Π q_i {} {} (rare-event approximation of U)", if approximate { "≈" } else { "=" }, small(total));
        }
        let _ = writeln!(w, "  {:>5}  {:>11}  {:>7}  components", "order", if approximate { "≈ prob." } else { "probability" }, "share");
        for set in cs.sets.iter().take(LISTED) {
            let _ = writeln!(
                w,
                "  {:>5}  {:>11}  {:>7}  {}",
                set.components.len(),
                opt(set.probability, small),
                set.share.map_or("n/a".into(), |s| format!("{:.1}%", 100.0 * s)),
                visible(&set.components.join(", "))
            );
        }
        if cs.sets.len() > LISTED {
            let _ = writeln!(w, "  … and {} more (all are in --format json or csv)", cs.sets.len() - LISTED);
        }
    }
    if let Some(ps) = &a.path_sets {
        let _ = writeln!(w, "\nMinimal path sets up to order {} ({})", ps.max_order, plural(ps.sets.len(), "set"));
        for set in ps.sets.iter().take(LISTED) {
            let _ = writeln!(w, "  {}", visible(&set.join(", ")));
        }
        if ps.sets.len() > LISTED {
            let _ = writeln!(w, "  … and {} more", ps.sets.len() - LISTED);
        }
    }
    if let Some(sim) = &a.simulation {
        let u = &sim.unavailability;
        let _ = writeln!(
            w,
            "\nSimulated ({} replications, seed {}): U = {} [{}, {}]",
            super::fmt::count(sim.replications),
            sim.seed,
            small(u.mean),
            small(u.ci95[0]),
            small(u.ci95[1])
        );
        if let Some(v) = &sim.verdict {
            let _ = writeln!(w, "  {} {}", if v.inside_ci99 { "✓" } else { "✗" }, visible(&v.summary));
        }
        if let Some(approximate) = a.unavailability.filter(|_| approx(a, "steady_state")) {
            let _ = writeln!(w, "  ≈ the approximate steady-state U above, {}, {}", small(approximate), versus(approximate, u.mean));
        }
    }
    if !a.importance.is_empty() {
        let simulated = a.simulation.is_some();
        let _ = writeln!(
            w,
            "\nImportance (largest criticality first{}{})",
            if approx(a, "importance") { "; ≈ approximate: every measure takes the components as independent" } else { "" },
            if simulated { "; \"simulated\" is the run's downtime share, its estimate of criticality" } else { "" }
        );
        let ids: Vec<String> = a.importance.iter().map(|c| visible(&c.id).into_owned()).collect();
        let width = column_width(ids.iter().map(String::as_str), 9);
        let _ = write!(
            w,
            "  {}  {:>10}  {:>10}  {:>11}  {:>10}  {:>10}  {:>8}",
            pad_right("component", width),
            "q",
            "Birnbaum",
            "criticality",
            "F-V",
            "RAW",
            "RRW"
        );
        let _ = writeln!(w, "{}", if simulated { format!("  {:>9}  {:>15}", "simulated", "downtime min/yr") } else { String::new() });
        let mut order: Vec<usize> = (0..a.importance.len()).collect();
        order.sort_by_key(|&k| (std::cmp::Reverse(rank(a.importance[k].criticality)), k));
        for (i, id) in order.into_iter().map(|k| (&a.importance[k], &ids[k])) {
            let _ = write!(
                w,
                "  {}  {:>10}  {:>10}  {:>10.2}%  {:>10}  {:>10}  {:>8}",
                pad_right(id, width),
                small(i.unavailability),
                small(i.birnbaum),
                100.0 * i.criticality,
                i.fussell_vesely.map_or("n/a".into(), |f| format!("{:.2}%", 100.0 * f)),
                number(i.raw),
                i.rrw.map_or("∞".into(), ratio),
            );
            if let (Some(c), Some(d)) = (i.simulated_criticality, &i.simulated_contribution) {
                let _ = write!(w, "  {:>8.2}%  {:>15}", 100.0 * c, number(d.mean));
            }
            let _ = writeln!(w, "{}", if i.spof { "  SPOF" } else { "" });
        }
    }
    let _ = writeln!(
        w,
        "\nSingle points of failure: {}",
        if a.spof.is_empty() { "none".into() } else { visible(&a.spof.join(", ")).into_owned() }
    );
    if let Some(x) = &a.approximate {
        let _ = writeln!(w, "\nApproximate (≈): {}", x.figures.iter().map(|f| f.replace('_', " ")).collect::<Vec<_>>().join(", "));
        let _ = writeln!(w, "  They take each component at its own long-run unavailability, as if independent, but:");
        for reason in &x.reasons {
            let _ = writeln!(w, "  - {}", visible(reason));
        }
        if let Some(why) = &x.no_exact {
            let _ = writeln!(w, "  No exact method: {}", visible(why));
        }
    }
    for note in &a.notes {
        let _ = writeln!(w, "note: {}", visible(note));
    }
    out
}

/// "is 1.8× the simulated U", or what stands in for it when the simulation saw no downtime.
fn versus(approximate: f64, simulated: f64) -> String {
    if simulated > 0.0 {
        format!("is {:.2}× the simulated U", approximate / simulated)
    } else {
        "against a simulation that saw no downtime".into()
    }
}

pub fn markdown(a: &Analysis) -> String {
    let unit = a.time_unit.symbol();
    let mut out = String::new();
    let w = &mut out;
    let title = if a.approximate.is_some() { "analysis (≈: approximate)" } else { "exact analysis" };
    let _ = writeln!(w, "## {} — {title}\n", md::text(&a.model.name));
    let _ = writeln!(w, "{} · {} · ninesim {}\n", md::code(&a.model.file, Line), md::prose(&a.method, Line), a.ninesim_version);
    let steady_mark = mark(approx(a, "steady_state"));
    if a.approximate.is_some() {
        let _ = writeln!(w, "| metric | value (≈: approximate) |\n|---|---:|");
    } else {
        let _ = writeln!(w, "| metric | exact |\n|---|---:|");
    }
    let m = &a.mission;
    let rows = [
        ("availability".to_string(), a.availability.map(probability)),
        ("unavailability".into(), a.unavailability.map(small)),
        ("nines".into(), a.nines.map(|n| format!("{n:.2}"))),
        ("downtime (min/year)".into(), a.downtime_minutes_per_year.map(number)),
        ("failure frequency (/year)".into(), a.failure_frequency_per_year.map(number)),
        (format!("MTBF ({unit})"), a.mtbf.map(number)),
        (format!("MUT ({unit})"), a.r#mut.map(number)),
        (format!("MDT ({unit})"), a.mdt.map(number)),
        (format!("unavailability over [{}, {}]", number(m.warmup), number(m.horizon)), m.window_unavailability.map(small)),
        (format!("reliability R({})", number(m.horizon)), m.reliability.map(|r| format!("{r:.6}"))),
        (format!("MTTFF ({unit})"), m.mttff.map(number)),
    ];
    for (k, (label, value)) in rows.into_iter().enumerate() {
        // The first eight rows are the steady state; the rest, the mission's (never approximate).
        let marked = if k < 8 { steady_mark } else { "" };
        if let Some(v) = value {
            let _ = writeln!(w, "| {label} | {marked}{v} |");
        }
    }
    if let Some(cs) = &a.cut_sets {
        let _ = writeln!(
            w,
            "\n### Minimal cut sets (order ≤ {}, {} sets{})\n",
            cs.max_order,
            cs.sets.len(),
            if cs.complete { ", complete" } else { "" }
        );
        let approximate = approx(a, "cut_set_probabilities");
        if approximate {
            let _ = writeln!(w, "The sets are exact; their probabilities (≈) take the components as independent.\n");
        }
        let _ = writeln!(w, "| order | probability | share | components |\n|---:|---:|---:|---|");
        for set in cs.sets.iter().take(LISTED) {
            let _ = writeln!(
                w,
                "| {} | {}{} | {} | {} |",
                set.components.len(),
                mark(approximate && set.probability.is_some()),
                opt(set.probability, small),
                set.share.map_or("n/a".into(), |s| format!("{:.1}%", 100.0 * s)),
                set.components.iter().map(|c| md::code(c, Cell)).collect::<Vec<_>>().join(", ")
            );
        }
    }
    if let Some(ps) = &a.path_sets {
        let _ = writeln!(w, "\n### Minimal path sets (order ≤ {})\n", ps.max_order);
        for set in ps.sets.iter().take(LISTED) {
            let _ = writeln!(w, "- {}", set.iter().map(|c| md::code(c, Line)).collect::<Vec<_>>().join(", "));
        }
    }
    if !a.importance.is_empty() {
        let _ = writeln!(w, "\n### Importance\n");
        if approx(a, "importance") {
            let _ = writeln!(w, "≈ Approximate: every measure takes the components as independent.\n");
        }
        let _ = writeln!(
            w,
            "| component | q | Birnbaum | criticality | simulated | Fussell–Vesely | RAW | RRW | SPOF |\n|---|---:|---:|---:|---:|---:|---:|---:|:---:|"
        );
        for i in &a.importance {
            let _ = writeln!(
                w,
                "| {} | {} | {} | {:.2}% | {} | {} | {} | {} | {} |",
                md::code(&i.id, Cell),
                small(i.unavailability),
                small(i.birnbaum),
                100.0 * i.criticality,
                i.simulated_criticality.map_or(String::new(), |c| format!("{:.2}%", 100.0 * c)),
                i.fussell_vesely.map_or("n/a".into(), |f| format!("{:.2}%", 100.0 * f)),
                number(i.raw),
                i.rrw.map_or("∞".into(), ratio),
                if i.spof { "yes" } else { "" }
            );
        }
    }
    if let Some(x) = &a.approximate {
        let _ = writeln!(w, "\n### Approximate figures (≈)\n");
        let _ = writeln!(
            w,
            "{} take each component at its own long-run unavailability, as if the components were independent, but:\n",
            md::prose(&x.figures.iter().map(|f| f.replace('_', " ")).collect::<Vec<_>>().join(", "), Line)
        );
        for reason in &x.reasons {
            let _ = writeln!(w, "- {}", md::prose(reason, Line));
        }
        if let Some(why) = &x.no_exact {
            let _ = writeln!(w, "\nNo exact method: {}", md::prose(why, Line));
        }
        if let (Some(sim), Some(u)) = (&a.simulation, a.unavailability.filter(|_| approx(a, "steady_state"))) {
            let _ = writeln!(w, "\nThe approximate U, {}, {}.", small(u), versus(u, sim.unavailability.mean));
        }
    }
    for note in &a.notes {
        let _ = writeln!(w, "\n> {}", md::prose(note, Line));
    }
    out
}

pub fn csv(a: &Analysis) -> String {
    let mut out = String::from("scope,id,metric,value\n");
    let model = super::csv::text(&a.model.name);
    let mut val = |scope: &str, id: &str, metric: &str, v: Option<f64>| {
        if let Some(v) = v.filter(|v| v.is_finite()) {
            let _ = writeln!(out, "{scope},{id},{metric},{v}");
        }
    };
    let m = &a.mission;
    for (metric, v) in [
        ("availability", a.availability),
        ("unavailability", a.unavailability),
        ("nines", a.nines),
        ("downtime_minutes_per_year", a.downtime_minutes_per_year),
        ("failure_frequency_per_year", a.failure_frequency_per_year),
        ("mtbf", a.mtbf),
        ("mut", a.r#mut),
        ("mdt", a.mdt),
        ("window_unavailability", m.window_unavailability),
        ("point_unavailability", m.point_unavailability),
        ("reliability", m.reliability),
        ("mttff", m.mttff),
    ] {
        val("system", &model, metric, v);
    }
    if let Some(sim) = &a.simulation {
        val("simulation", &model, "unavailability", Some(sim.unavailability.mean));
        val("simulation", &model, "unavailability_std_error", Some(sim.unavailability.std_error));
        val("simulation", &model, "verdict_z", sim.verdict.as_ref().and_then(|v| v.z));
    }
    // Which figures are exact (1) or approximate (0), when some are approximate; without these
    // rows every figure is exact. The mission's are exact whenever given.
    if let Some(x) = &a.approximate {
        for figure in FIGURES {
            val("exactness", figure, "exact", Some(if x.figures.iter().any(|f| f == figure) { 0.0 } else { 1.0 }));
        }
    }
    if let Some(cs) = &a.cut_sets {
        for set in &cs.sets {
            let id = super::csv::text(&set.components.join(" & "));
            val("cut_set", &id, "order", Some(set.components.len() as f64));
            val("cut_set", &id, "probability", set.probability);
            val("cut_set", &id, "share", set.share);
        }
    }
    if let Some(ps) = &a.path_sets {
        for set in &ps.sets {
            val("path_set", &super::csv::text(&set.join(" & ")), "order", Some(set.len() as f64));
        }
    }
    for i in &a.importance {
        let id = super::csv::text(&i.id);
        val("component", &id, "unavailability", Some(i.unavailability));
        val("component", &id, "birnbaum", Some(i.birnbaum));
        val("component", &id, "criticality", Some(i.criticality));
        val("component", &id, "fussell_vesely", i.fussell_vesely);
        val("component", &id, "raw", Some(i.raw));
        val("component", &id, "rrw", i.rrw);
        val("component", &id, "spof", Some(f64::from(u8::from(i.spof))));
        val("component", &id, "simulated_criticality", i.simulated_criticality);
        val("component", &id, "simulated_contribution_minutes_per_year", i.simulated_contribution.map(|e| e.mean));
    }
    out
}

/// "1 set", "4 sets".
fn plural(n: usize, noun: &str) -> String {
    if n == 1 { format!("1 {noun}") } else { format!("{n} {noun}s") }
}
