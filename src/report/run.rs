//! The report of one run by plain Monte Carlo ([`RunResult`]).

use super::document::{
    Align, Cell, Column, Document, Figure, Figures, Interval, Num, Row, Span, Table, Targets, TextLayout, Tone, name, plain,
};
use super::fmt::{count, duration, number, percent};
use crate::study::results::RunResult;

/// The run in one sentence, for the top of its report: its nines, its downtime per year, and
/// where most of it comes from: "4.89 nines, 6.8 min/yr, 87 % of it from dns, the single point
/// of failure." The share is the component's "critical" share (of the system's downtime, the
/// time its repair alone would have restored service), the largest of the run.
pub fn summary(r: &RunResult) -> String {
    if r.unavailability.mean.is_nan() || r.unavailability.mean <= 0.0 {
        return format!(
            "No downtime observed in {} replications of {} {}: the nines cannot be told from this run.",
            count(r.replications),
            number(r.horizon),
            r.time_unit.symbol()
        );
    }
    let mut sentence = format!("{} nines, {} min/yr", super::fmt::nines(r.nines.mean), significant(r.downtime_minutes_per_year.mean));
    let top = r.components.iter().filter(|c| c.criticality.is_finite()).max_by(|a, b| a.criticality.total_cmp(&b.criticality));
    if let Some(c) = top.filter(|c| c.criticality >= 0.005) {
        sentence.push_str(&format!(", {} % of it from {}", (100.0 * c.criticality).round(), super::fmt::visible(&c.id)));
        if c.spof {
            sentence.push_str(if r.spof.len() == 1 { ", the single point of failure" } else { ", a single point of failure" });
        }
    }
    sentence.push('.');
    sentence
}

/// Two significant figures below 10, three to 1,000, whole numbers grouped above: 6.8, 36.3,
/// 0.012, 1,073.
fn significant(x: f64) -> String {
    if !x.is_finite() || x <= 0.0 {
        return number(x);
    }
    let digits = if x < 10.0 { 2 } else { 3 };
    let decimals = (digits - 1 - x.log10().floor() as i32).clamp(0, 15) as usize;
    super::fmt::group(&format!("{x:.decimals$}"))
}

/// The document of a run.
pub fn of_run(r: &RunResult) -> Document {
    let unit = r.time_unit.symbol();
    let mut doc = Document { csv_heads: vec!["scope".into(), "id".into()], blocks: Vec::new() };
    let text_md = Targets::TEXT | Targets::MARKDOWN;
    doc.words(format!("{}  ({})", r.model.name, r.model.file), Targets::TEXT);
    doc.words(
        format!(
            "{} replications × {} {unit} (warm-up {} {unit}), seed {}, {} events simulated",
            count(r.replications),
            number(r.horizon),
            number(r.warmup),
            r.seed,
            count(r.events)
        ),
        Targets::TEXT,
    );
    if r.method.requested == crate::study::plan::Method::Auto {
        doc.words(format!("method: plain Monte Carlo (auto: {})", r.method.reason), Targets::TEXT);
    }
    if let Some(p) = &r.precision {
        doc.words(super::fmt::precision_line(p, None), Targets::TEXT);
    }
    doc.heading(2, vec![plain(&r.model.name)], Targets::MARKDOWN);
    doc.blank(text_md);
    doc.line(
        vec![
            name(&r.model.file),
            plain(format!(
                " · {} replications × {} {unit} · warm-up {} {unit} · seed {} · ninesim {}",
                count(r.replications),
                number(r.horizon),
                number(r.warmup),
                r.seed,
                r.ninesim_version
            )),
        ],
        Targets::MARKDOWN,
    );
    doc.blank(Targets::MARKDOWN);
    if r.unavailability.mean == 0.0 && r.failure_frequency_per_year.mean == 0.0 {
        doc.words(
            format!(
                "No system downtime observed in {} × {} {unit}: the failure frequency is below {} /year (95%),",
                count(r.replications),
                number(r.horizon - r.warmup),
                number(r.failure_frequency_per_year.ci95[1])
            ),
            Targets::TEXT,
        );
        doc.words("but availability cannot be estimated without an outage. Raise --replications or --horizon.", Targets::TEXT);
        doc.blank(Targets::TEXT);
    }
    doc.figures(headline(r), Targets::ALL);
    let o = &r.outage_duration;
    if let (Some(p50), Some(p90), Some(p99), Some(max)) = (o.p50, o.p90, o.p99, o.max) {
        doc.blank(Targets::MARKDOWN);
        doc.words(
            format!(
                "Outage duration ({} outages): p50 {} {unit}, p90 {} {unit}, p99 {} {unit}, max {} {unit}.",
                count(o.count),
                number(p50),
                number(p90),
                number(p99),
                number(max)
            ),
            Targets::MARKDOWN,
        );
    }
    if let Some(why) = &r.no_exact {
        doc.blank(Targets::TEXT);
        doc.words(format!("Exact: {why}"), Targets::TEXT);
    }
    match (&r.exact, &r.no_exact) {
        (Some(e), _) => exact(&mut doc, r, e),
        (None, Some(why)) => doc.remark(vec![plain(why)], Tone::Quiet, Targets::HTML),
        (None, None) => {}
    }
    doc.blank(text_md);
    let mut spof = vec![plain("Single points of failure: ")];
    for (k, id) in r.spof.iter().enumerate() {
        if k > 0 {
            spof.push(plain(", "));
        }
        spof.push(name(id));
    }
    if r.spof.is_empty() {
        spof.push(plain("none"));
    }
    doc.line(spof, Targets::TEXT | Targets::MARKUP);
    doc.blank(text_md);
    components(&mut doc, r);
    if let Some(why) = &r.no_exact {
        doc.blank(Targets::MARKDOWN);
        doc.words(why, Targets::MARKDOWN);
    }
    standby(&mut doc, r);
    lost_service(&mut doc, r);
    super::objectives::section(&mut doc, r);
    super::costs::section(&mut doc, r);
    super::uncertainty::section(&mut doc, r);
    doc.in_scenario(&r.model.file)
}

/// The headline figures, in the order Markdown and CSV list them. Inconsistencies kept: text
/// and HTML list planned downtime and the time in each state after the reliability, text
/// shows MTBF, MUT and MDT as n/a where Markdown, HTML and CSV leave them out, and the time in
/// each state has four forms.
fn headline(r: &RunResult) -> Figures {
    let unit = r.time_unit.symbol();
    let hours = r.time_unit.hours();
    let none = "no system failure observed";
    let planned = r.downtime_by_cause.planned_minutes_per_year.mean > 0.0;
    let by_cause = &r.downtime_by_cause;
    let (p, u) = (&by_cause.planned_minutes_per_year, &by_cause.unplanned_minutes_per_year);
    let t = &r.time_in_state;
    let f = &r.mttff;
    let o = &r.outage_duration;
    let mut rows = vec![
        Figure::new("availability", "Availability", Cell::estimate(&r.availability, Num::Probability)).heading("availability"),
        Figure::new("unavailability", "Unavailability", Cell::estimate(&r.unavailability, Num::Small)).heading("unavailability"),
        Figure::new("nines", "Nines", Cell::interval(r.nines.mean, r.nines.ci95, Num::Nines)).only(Targets::TEXT | Targets::CSV),
        Figure::new("nines", "nines", Cell::interval(r.nines.mean, r.nines.ci95, Num::Nines)).only(Targets::MARKUP),
        Figure::new("downtime_minutes_per_year", "Downtime", Cell::estimate(&r.downtime_minutes_per_year, Num::Plain))
            .heading("downtime (min/year)")
            .unit("min/year"),
        Figure::new("failure_frequency_per_year", "Failure frequency", Cell::estimate(&r.failure_frequency_per_year, Num::Plain))
            .heading("failure frequency (/year)")
            .unit("/year"),
        match &r.mtbf {
            Some(m) => Figure::new("mtbf_hours", "MTBF", Cell::interval(m.mean, m.ci95, Num::Plain))
                .heading(format!("MTBF ({unit})"))
                .unit(unit)
                .csv_scale(hours),
            None => not_available("mtbf_hours", "MTBF", none),
        },
        match &r.r#mut {
            Some(m) => Figure::new("mut_hours", "MUT (mean up time)", Cell::estimate(m, Num::Plain))
                .heading(format!("MUT ({unit})"))
                .unit(unit)
                .csv_scale(hours),
            None => not_available("mut_hours", "MUT (mean up time)", none),
        },
        match &r.mdt {
            Some(m) => Figure::new("mdt_hours", "MDT (system MTTR)", Cell::estimate(m, Num::Plain))
                .heading(format!("MDT, system MTTR ({unit})"))
                .unit(unit)
                .csv_scale(hours),
            None => not_available("mdt_hours", "MDT (system MTTR)", none),
        },
        Figure::new("planned_downtime_minutes_per_year", "Planned downtime", Cell::estimate(p, Num::Plain))
            .heading("planned downtime (min/year)")
            .only(Targets::CSV | Targets::MARKDOWN.when(planned)),
        Figure::new("unplanned_downtime_minutes_per_year", "Unplanned downtime", Cell::estimate(u, Num::Plain))
            .heading("unplanned downtime (min/year)")
            .only(Targets::CSV | Targets::MARKDOWN.when(planned)),
        Figure::new("time_fully_redundant", "time fully redundant", Cell::estimate(&t.fully_redundant, Num::Percent))
            .only(Targets::CSV | Targets::MARKDOWN),
        Figure::new("time_degraded", "time degraded", Cell::estimate(&t.degraded, Num::Percent)).only(Targets::CSV | Targets::MARKDOWN),
        Figure::new("mttff_hours", "MTTFF (from new)", Cell::interval(f.estimate.mean, f.estimate.ci95, Num::Plain))
            .heading(format!("MTTFF ({unit})"))
            .unit(unit)
            .csv_scale(hours)
            .at_least(f.censored > 0)
            .note(format!("{} of {} replications had no failure within the horizon", f.censored, r.replications)),
        // CSV has always written these two counts as f64 (the same digits below 2^53).
        Figure::new("mttff_censored", "", Cell::of(Num::Plain(f.censored as f64))).only(Targets::CSV),
        Figure::new(
            "reliability",
            format!("Reliability R({})", number(r.horizon)),
            Cell::interval(r.reliability.mean, r.reliability.ci95, |x| Num::Fixed(x, 4)),
        )
        .heading(format!("reliability R({})", number(r.horizon))),
        Figure::new("outages", "", Cell::of(Num::Plain(o.count as f64))).only(Targets::CSV),
    ];
    if let Some(unplanned) = &r.unplanned_failures {
        // Beside ω and MTBF, only for a model with planned maintenance (whose windows count in ω).
        let at = rows.iter().position(|f| f.key == "mtbf_hours").map_or(rows.len(), |i| i + 1);
        let omega = &unplanned.failure_frequency_per_year;
        let mut figures = vec![
            Figure::new("unplanned_failure_frequency_per_year", "Unplanned failures", Cell::estimate(omega, Num::Plain))
                .heading("unplanned failure frequency (/year)")
                .unit("/year"),
        ];
        if let Some(m) = &unplanned.mtbf {
            figures.push(
                Figure::new("unplanned_mtbf_hours", "Unplanned MTBF", Cell::interval(m.mean, m.ci95, Num::Plain))
                    .heading(format!("unplanned MTBF ({unit})"))
                    .unit(unit)
                    .csv_scale(hours),
            );
        }
        rows.splice(at..at, figures);
    }
    if let Some(service) = &r.service_availability {
        // Next to availability, only for a model with a `demand`.
        let figure = Figure::new("service_availability", "Availability (delivered)", Cell::estimate(service, Num::Probability))
            .heading("service availability (delivered)");
        rows.insert(1, figure);
    }
    if let Some(lost) = &r.lost_service_minutes_per_year {
        rows.push(
            Figure::new("lost_service_minutes_per_year", "Lost service", Cell::estimate(lost, Num::Plain))
                .heading("lost service (full-service min/year)")
                .unit("min/year"),
        );
    }
    let quantiles = [
        ("outage_duration_p50_hours", o.p50),
        ("outage_duration_p90_hours", o.p90),
        ("outage_duration_p99_hours", o.p99),
        ("outage_duration_max_hours", o.max),
    ];
    for (key, q) in quantiles {
        if let Some(q) = q {
            rows.push(Figure::new(key, "", Cell::of(Num::Plain(q))).csv_scale(hours).only(Targets::CSV));
        }
    }
    let outages = match (o.p50, o.p90, o.p99, o.max) {
        (Some(p50), Some(p90), Some(p99), Some(max)) => format!(
            "p50 {} {unit} · p90 {} {unit} · p99 {} {unit} · max {} {unit}  ({} outages)",
            number(p50),
            number(p90),
            number(p99),
            number(max),
            count(o.count)
        ),
        _ => "no outage observed".into(),
    };
    rows.push(Figure::new("", "Outage duration", Cell::of(Num::Words(outages))).only(Targets::TEXT));
    // In the page, durations in the unit each reads best in (21.6 min, 1.2 h).
    let hours = r.time_unit.hours();
    let outages = match (o.p50, o.p90, o.p99) {
        (Some(p50), Some(p90), Some(p99)) => format!(
            "p50 {} · p90 {} · p99 {} ({} outages)",
            duration(p50 * hours),
            duration(p90 * hours),
            duration(p99 * hours),
            count(o.count)
        ),
        _ => "no outage observed".into(),
    };
    rows.push(Figure::new("", "outage duration", Cell::of(Num::Words(outages))).only(Targets::HTML));
    let html_share = |x: f64| Cell::of(Num::Share(x, 4));
    rows.extend([
        Figure::new("", "time fully redundant", html_share(t.fully_redundant.mean)).only(Targets::HTML),
        Figure::new("", "time degraded", html_share(t.degraded.mean)).only(Targets::HTML),
        Figure::new("planned_downtime_minutes_per_year", "Planned downtime", Cell::estimate(p, Num::Plain))
            .heading("planned downtime (min/year)")
            .unit("min/year")
            .only((Targets::TEXT | Targets::HTML).when(planned)),
        Figure::new("unplanned_downtime_minutes_per_year", "Unplanned downtime", Cell::estimate(u, Num::Plain))
            .heading("unplanned downtime (min/year)")
            .unit("min/year")
            .only((Targets::TEXT | Targets::HTML).when(planned)),
        Figure::new(
            "",
            "Time in state",
            Cell::of(Num::Words(format!(
                "fully redundant {} · degraded {} · down {}",
                percent(t.fully_redundant.mean),
                percent(t.degraded.mean),
                percent(t.down.mean)
            ))),
        )
        .only(Targets::TEXT),
    ]);
    Figures {
        heads: vec!["metric".into(), "estimate".into(), "95% CI".into()],
        csv_prefix: vec!["system".into(), r.model.name.clone()],
        rows,
        text_line: None,
    }
}

/// A figure text shows as n/a, saying why; the other formats leave it out.
fn not_available(key: &'static str, label: &str, why: &str) -> Figure {
    Figure::new(key, label, Cell::of(Num::Words("n/a".into()))).note(why).only(Targets::TEXT)
}

/// The exact reference values and the verdict on the run. Inconsistencies kept: text writes
/// the figures on one line with nines and downtime, Markdown as a table with MTBF, CSV adds
/// MUT; the mark is · in text when there was nothing to compare, Markdown has no such mark.
fn exact(doc: &mut Document, r: &RunResult, e: &crate::study::results::Exact) {
    let unit = r.time_unit.symbol();
    let hours = r.time_unit.hours();
    let both = e.availability.is_some() && e.unavailability.is_some();
    let main = Targets::MARKDOWN | Targets::CSV | Targets::TEXT.when(both);
    let mut rows = Vec::new();
    let mut add = |value: Option<f64>, figure: &dyn Fn(f64) -> Figure| rows.extend(value.map(figure));
    add(e.availability, &|a| Figure::new("availability", "A", Cell::of(Num::Probability(a))).heading("availability").only(main));
    add(e.unavailability, &|u| Figure::new("unavailability", "U", Cell::of(Num::Small(u))).heading("unavailability").only(main));
    let u = e.unavailability.filter(|_| both);
    add(u, &|u| Figure::new("", "", Cell::of(Num::Nines(crate::units::nines(u)))).unit("nines").only(Targets::TEXT));
    add(u, &|u| Figure::new("", "", Cell::of(Num::Plain(u * crate::units::MINUTES_PER_YEAR))).unit("min/year").only(Targets::TEXT));
    add(e.failure_frequency_per_year, &|f| {
        Figure::new("failure_frequency_per_year", "ω", Cell::of(Num::Plain(f))).heading("failure frequency (/year)").unit("/year")
    });
    add(e.mtbf, &|m| {
        Figure::new("mtbf_hours", "MTBF", Cell::of(Num::Plain(m)))
            .heading(format!("MTBF ({unit})"))
            .csv_scale(hours)
            .only(Targets::MARKDOWN | Targets::CSV)
    });
    add(e.r#mut, &|m| Figure::new("mut_hours", "MUT", Cell::of(Num::Plain(m))).csv_scale(hours).only(Targets::CSV));
    add(e.mdt, &|m| Figure::new("mdt_hours", "MDT", Cell::of(Num::Plain(m))).heading(format!("MDT ({unit})")).unit(unit).csv_scale(hours));
    add(e.window_unavailability, &|w| {
        Figure::new("window_unavailability", "U over the window", Cell::of(Num::Small(w))).heading("unavailability over the window")
    });
    add(e.reliability, &|x| {
        Figure::new("reliability", format!("R({})", number(r.horizon)), Cell::of(Num::Fixed(x, 4)))
            .heading(format!("reliability R({})", number(r.horizon)))
    });
    add(e.mttff, &|m| {
        Figure::new("mttff_hours", "MTTFF", Cell::of(Num::Plain(m))).heading(format!("MTTFF ({unit})")).unit(unit).csv_scale(hours)
    });
    add(e.verdict.z, &|z| Figure::new("verdict_z", "", Cell::of(Num::Plain(z))).only(Targets::CSV));
    rows.push(Figure::new("verdict_inside_ci99", "", Cell::of(Num::Count(u64::from(e.verdict.inside_ci99)))).only(Targets::CSV));
    doc.blank(Targets::TEXT | Targets::MARKDOWN);
    doc.line(vec![Span::Strong("Exact".into()), plain(format!(" ({}):", e.method))], Targets::MARKDOWN);
    doc.blank(Targets::MARKDOWN);
    doc.figures(
        Figures {
            heads: vec!["metric".into(), "exact".into()],
            csv_prefix: vec!["exact".into(), r.model.name.clone()],
            rows,
            text_line: Some(("Exact".into(), String::new())),
        },
        Targets::TEXT | Targets::MARKDOWN | Targets::CSV,
    );
    let v = &e.verdict;
    let mark = match (v.z, v.inside_ci99) {
        (None, _) => "·",
        (Some(_), true) => "✓",
        (Some(_), false) => "✗",
    };
    doc.words(format!("{:<26}{mark} {}", "", v.summary), Targets::TEXT);
    doc.blank(Targets::MARKDOWN);
    doc.words(format!("{} {}", if v.inside_ci99 { "✓" } else { "✗" }, v.summary), Targets::MARKDOWN);
    if let Some(caveat) = &v.caveat {
        doc.words(format!("{:<26}  note: {caveat}", ""), Targets::TEXT);
        doc.blank(Targets::MARKDOWN);
        doc.line(vec![Span::Markup("> "), plain(caveat)], Targets::MARKDOWN);
    }
    let tone = if v.inside_ci99 { Tone::Good } else { Tone::Bad };
    doc.remark(vec![plain(format!("Exact ({}): {}", e.method, v.summary))], tone, Targets::HTML);
}

/// Where the downtime comes from, a row per component. Inconsistencies kept: Markdown and CSV
/// list the components in model order, text and HTML largest criticality first; text shows
/// the exact criticality only when some component has one, Markdown always, HTML never.
fn components(doc: &mut Document, r: &RunResult) {
    let has_exact = r.components.iter().any(|c| c.criticality_exact.is_some());
    doc.words("Where the downtime comes from (largest first; \"critical\" is the share of system downtime during", Targets::TEXT);
    if has_exact {
        doc.words("which the component was down and its repair alone would have restored service; \"exact\" is the", Targets::TEXT);
        doc.words("criticality importance from the structure function, the value \"critical\" estimates)", Targets::TEXT);
    } else {
        doc.words("which the component was down and its repair alone would have restored service)", Targets::TEXT);
    }
    let columns = vec![
        Column::new("unavailability", "unavailability").width(14).interval(Interval::Hidden),
        Column::new("failure_frequency_per_year", "failures/yr").width(12).interval(Interval::Hidden),
        Column::new("downtime_contribution_minutes_per_year", "downtime min/yr").width(16).interval(Interval::Hidden),
        Column::new("criticality", "critical").width(8).only(Targets::ALL.except(Targets::MARKDOWN)),
        Column::new("criticality", "critical in % of downtime").only(Targets::MARKDOWN),
        Column::new("criticality_exact", "exact").width(7).only(Targets::MARKDOWN | Targets::CSV | Targets::TEXT.when(has_exact)),
        Column::flag("spof", "SPOF").heading("SPOF"),
    ];
    let rows = r
        .components
        .iter()
        .map(|c| Row {
            labels: vec![c.id.clone()],
            cells: vec![
                Cell::estimate(&c.unavailability, Num::Small),
                Cell::estimate(&c.failures_per_year, Num::Plain),
                Cell::estimate(&c.downtime_contribution, Num::Plain),
                Cell::of(Num::Share(c.criticality, 1)),
                Cell::of(Num::Share(c.criticality, 1)),
                Cell::of(c.criticality_exact.map_or(Num::Words("n/a".into()), |x| Num::Share(x, 1))),
                Cell::of(Num::Count(u64::from(c.spof))),
            ],
        })
        .collect();
    let mut order: Vec<usize> = (0..r.components.len()).collect();
    order.sort_by(|&a, &b| r.components[b].criticality.total_cmp(&r.components[a].criticality).then(a.cmp(&b)));
    doc.table(Table {
        ranking: Some((order, Targets::TEXT | Targets::HTML)),
        names: true,
        csv_scope: vec!["component".into()],
        ..Table::new(vec!["component".into()], columns, rows, TextLayout::Aligned)
    });
}

/// Standby blocks. Inconsistency kept: text writes a sentence per block, Markdown a table with
/// the units in a column, HTML a table with the units after the block and the share headed
/// differently; so three blocks, one per form.
/// Each component's share of the lost service, for a model with a `demand` (largest first in
/// text and HTML).
fn lost_service(doc: &mut Document, r: &RunResult) {
    if r.lost_service.is_empty() {
        return;
    }
    doc.blank(Targets::TEXT | Targets::MARKDOWN);
    doc.words("Where the lost service comes from (full-service minutes per year; critical while the system is down,", Targets::TEXT);
    doc.words("in proportion to the service each return alone would restore while it is up)", Targets::TEXT);
    let columns = vec![
        Column::new("lost_service_minutes_per_year", "lost service min/yr").width(20).interval(Interval::Hidden),
        Column::new("lost_service_share", "share").width(8).only(Targets::ALL.except(Targets::MARKDOWN)),
        Column::new("lost_service_share", "share in % of lost service").only(Targets::MARKDOWN),
    ];
    let rows = r
        .lost_service
        .iter()
        .map(|c| Row {
            labels: vec![c.id.clone()],
            cells: vec![
                Cell::estimate(&c.minutes_per_year, Num::Plain),
                Cell::of(Num::Share(c.share, 1)),
                Cell::of(Num::Share(c.share, 1)),
            ],
        })
        .collect();
    let mut order: Vec<usize> = (0..r.lost_service.len()).collect();
    order.sort_by(|&a, &b| r.lost_service[b].share.total_cmp(&r.lost_service[a].share).then(a.cmp(&b)));
    doc.table(Table {
        ranking: Some((order, Targets::TEXT | Targets::HTML)),
        names: true,
        csv_scope: vec!["lost_service".into()],
        ..Table::new(vec!["component".into()], columns, rows, TextLayout::Aligned)
    });
}

fn standby(doc: &mut Document, r: &RunResult) {
    if r.standby.is_empty() {
        return;
    }
    doc.blank(Targets::TEXT | Targets::MARKDOWN);
    doc.words("Standby blocks (failovers and failbacks; downtime spent waiting for a switchover to finish)", Targets::TEXT);
    for s in &r.standby {
        doc.words(
            format!(
                "  {} ({}): {} switchovers/yr · {} failed switches/yr · {} min/yr switching ({:.1}% of the downtime)",
                s.block,
                s.units.join(" → "),
                number(s.switchovers_per_year.mean),
                number(s.failed_switches_per_year.mean),
                number(s.downtime_contribution.mean),
                100.0 * s.criticality
            ),
            Targets::TEXT,
        );
    }
    let figures = |s: &crate::study::results::StandbyResult| {
        vec![
            Cell::estimate(&s.switchovers_per_year, Num::Plain),
            Cell::estimate(&s.failed_switches_per_year, Num::Plain),
            Cell::estimate(&s.downtime_contribution, Num::Plain),
            Cell::of(Num::Share(s.criticality, 1)),
        ]
    };
    let columns = |share: &str| {
        vec![
            Column::new("switchovers_per_year", "switchovers/yr").interval(Interval::Hidden),
            Column::new("failed_switches_per_year", "failed switches/yr").interval(Interval::Hidden),
            Column::new("downtime_contribution_minutes_per_year", "switching min/yr").interval(Interval::Hidden),
            Column::new("criticality", share),
        ]
    };
    let mut md = columns("% of downtime");
    md.insert(0, Column::new("", "units").align(Align::Left).only(Targets::MARKDOWN));
    let rows = r
        .standby
        .iter()
        .map(|s| Row { labels: vec![s.block.clone()], cells: [vec![Cell::of(Num::Chain(s.units.clone()))], figures(s)].concat() })
        .collect();
    doc.table(Table {
        names: true,
        csv_scope: vec!["standby".into()],
        targets: Targets::MARKDOWN | Targets::CSV,
        ..Table::new(vec!["standby block".into()], md, rows, TextLayout::Columns)
    });
    let rows =
        r.standby.iter().map(|s| Row { labels: vec![format!("{} ({})", s.block, s.units.join(" → "))], cells: figures(s) }).collect();
    doc.table(Table {
        targets: Targets::HTML,
        ..Table::new(vec!["standby block".into()], columns("share of downtime"), rows, TextLayout::Columns)
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summaries_round_to_what_a_person_reads() {
        assert_eq!(significant(6.814), "6.8");
        assert_eq!(significant(36.26), "36.3");
        assert_eq!(significant(0.01234), "0.012");
        assert_eq!(significant(1073.4), "1,073");
    }
}
