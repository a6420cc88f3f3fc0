//! The report of a failure-biasing run ([`RareEventResult`]). JSON is its serialisation.

use super::document::{Cell, Column, Document, Figure, Figures, Interval, Num, Row, Span, Table, Targets, TextLayout, plain};
use super::fmt::count;
use crate::study::results::RareEventResult;

/// The lines that say how the estimate was made.
fn method_lines(r: &RareEventResult) -> Vec<String> {
    let how = format!(
        "importance sampling; failures get probability {} where a repair could happen instead), regenerative cycles",
        r.failure_bias
    );
    // When `auto` changed the method, that comes first: the figures below are not a plain run's.
    let mut lines = if r.method.requested == crate::study::plan::Method::Auto {
        vec![format!("method: failure biasing, chosen by auto: {}", r.method.reason), format!("({how}")]
    } else {
        vec![format!("method: failure biasing ({how}")]
    };
    lines.push(format!(
        "{} biased + {} unbiased cycles, seed {}, {} events simulated; estimates the steady state",
        count(r.cycles),
        count(r.unbiased_cycles),
        r.seed,
        count(r.events)
    ));
    if let Some(p) = &r.precision {
        lines.push(super::fmt::precision_line(p, Some("cycles")));
    }
    lines
}

/// The document of a failure-biasing run. Inconsistencies kept: its Markdown headings are
/// capitalised and its nines read as in text, unlike a plain run's; CSV lists MDT before nines
/// and MTBF; Markdown has neither the exact figures nor the components.
pub fn of_rare_event(r: &RareEventResult) -> Document {
    let unit = r.time_unit.symbol();
    let hours = r.time_unit.hours();
    let mut doc = Document { csv_heads: vec!["scope".into(), "id".into()], blocks: Vec::new() };
    doc.words(format!("{}  ({})", r.model.name, r.model.file), Targets::TEXT);
    doc.heading(1, vec![plain(&r.model.name)], Targets::MARKDOWN);
    doc.blank(Targets::MARKDOWN);
    for line in method_lines(r) {
        doc.words(&line, Targets::TEXT);
        doc.line(vec![Span::Markup("- "), plain(&line)], Targets::MARKDOWN);
    }
    doc.blank(Targets::TEXT | Targets::MARKDOWN);
    let none = "no system failure in any cycle";
    let not_csv = Targets::TEXT | Targets::MARKDOWN;
    let mut rows = vec![
        Figure::new("availability", "Availability", Cell::estimate(&r.availability, Num::Probability)),
        Figure::new("unavailability", "Unavailability", Cell::estimate(&r.unavailability, Num::Small)),
        Figure::new("nines", "Nines", Cell::interval(r.nines.mean, r.nines.ci95, Num::Nines)).only(not_csv),
        Figure::new("downtime_minutes_per_year", "Downtime", Cell::estimate(&r.downtime_minutes_per_year, Num::Plain))
            .heading("Downtime (min/year)")
            .unit("min/year"),
        Figure::new("failure_frequency_per_year", "Failure frequency", Cell::estimate(&r.failure_frequency_per_year, Num::Plain))
            .heading("Failure frequency (/year)")
            .unit("/year"),
        match &r.mtbf {
            Some(m) => Figure::new("mtbf_hours", "MTBF", Cell::interval(m.mean, m.ci95, Num::Plain))
                .heading(format!("MTBF ({unit})"))
                .unit(unit)
                .only(not_csv),
            None => Figure::new("mtbf_hours", "MTBF", Cell::of(Num::Words("n/a".into()))).note(none).only(Targets::TEXT),
        },
        match &r.mdt {
            Some(m) => Figure::new("mdt_hours", "MDT (system MTTR)", Cell::estimate(m, Num::Plain))
                .heading(format!("MDT ({unit})"))
                .unit(unit)
                .csv_scale(hours),
            None => Figure::new("mdt_hours", "MDT (system MTTR)", Cell::of(Num::Words("n/a".into()))).note(none).only(Targets::TEXT),
        },
        Figure::new("nines", "Nines", Cell::interval(r.nines.mean, r.nines.ci95, Num::Nines)).only(Targets::CSV),
    ];
    rows.extend(
        r.mtbf.map(|m| Figure::new("mtbf_hours", "MTBF", Cell::interval(m.mean, m.ci95, Num::Plain)).csv_scale(hours).only(Targets::CSV)),
    );
    doc.figures(
        Figures {
            heads: vec!["metric".into(), "value".into(), "95% CI".into()],
            csv_prefix: vec!["system".into(), r.model.name.clone()],
            rows,
            text_line: None,
        },
        Targets::ALL,
    );
    let run = vec![
        Figure::new("cycles", "cycles", Cell::of(Num::Count(r.cycles))).only(Targets::CSV),
        Figure::new("events", "events", Cell::of(Num::Count(r.events))).only(Targets::CSV),
    ];
    doc.figures(
        Figures { heads: Vec::new(), csv_prefix: vec!["run".into(), r.model.name.clone()], rows: run, text_line: None },
        Targets::CSV,
    );
    if let Some(e) = &r.exact {
        let mut rows = Vec::new();
        if let Some(u) = e.unavailability {
            rows.push(Figure::new("unavailability", "U", Cell::of(Num::Small(u))));
            rows.push(Figure::new("nines", "", Cell::of(Num::Nines(crate::units::nines(u)))).unit("nines"));
            rows.push(
                Figure::new("downtime_minutes_per_year", "", Cell::of(Num::Plain(u * crate::units::MINUTES_PER_YEAR))).unit("min/year"),
            );
        }
        rows.extend(
            e.failure_frequency_per_year.map(|f| Figure::new("failure_frequency_per_year", "ω", Cell::of(Num::Plain(f))).unit("/year")),
        );
        rows.extend(e.mdt.map(|m| Figure::new("mdt_hours", "MDT", Cell::of(Num::Plain(m))).unit(unit)));
        doc.blank(Targets::TEXT | Targets::MARKDOWN);
        let text_line = Some(("Exact".into(), format!("  ({})", e.method)));
        doc.figures(Figures { heads: Vec::new(), csv_prefix: Vec::new(), rows, text_line }, Targets::TEXT);
        let mark = match (e.verdict.z, e.verdict.inside_ci99) {
            (None, _) => "·",
            (Some(_), true) => "✓",
            (Some(_), false) => "✗",
        };
        doc.words(format!("{:<26}{mark} {}", "", e.verdict.summary), Targets::TEXT);
        doc.words(&e.verdict.summary, Targets::MARKDOWN);
    }
    doc.blank(Targets::TEXT);
    let spof = if r.spof.is_empty() { "none".to_string() } else { r.spof.join(", ") };
    doc.words(format!("Single points of failure: {spof}"), Targets::TEXT);
    components(&mut doc, r);
    doc.blank(Targets::TEXT);
    doc.words("(Failure biasing estimates the steady state: for outage durations, A(t), R(t) and charts, run", Targets::TEXT);
    doc.words("--method plain.)", Targets::TEXT);
    doc.in_scenario(&r.model.file)
}

/// The components that took part in an outage, largest criticality first (text only).
fn components(doc: &mut Document, r: &RareEventResult) {
    let mut order: Vec<usize> = (0..r.components.len()).filter(|&i| r.components[i].criticality > 0.0).collect();
    if order.is_empty() {
        return;
    }
    order.sort_by(|&a, &b| r.components[b].criticality.total_cmp(&r.components[a].criticality).then(a.cmp(&b)));
    let has_exact = r.components.iter().any(|c| c.criticality_exact.is_some());
    doc.blank(Targets::TEXT);
    doc.words("Where the downtime comes from (largest first; \"critical\" is the share of system downtime during", Targets::TEXT);
    doc.words("which the component was down and its return alone would have restored service)", Targets::TEXT);
    let columns = vec![
        Column::new("downtime_contribution_minutes_per_year", "downtime min/yr").width(16).interval(Interval::Hidden),
        Column::new("criticality", "critical").width(8),
        Column::new("criticality_exact", "exact").width(7).only(Targets::ALL.when(has_exact)),
        Column::flag("spof", "SPOF"),
    ];
    let rows = order
        .into_iter()
        .map(|i| &r.components[i])
        .map(|c| Row {
            labels: vec![c.id.clone()],
            cells: vec![
                Cell::estimate(&c.downtime_contribution, Num::Plain),
                Cell::of(Num::Share(c.criticality, 1)),
                Cell::of(c.criticality_exact.map_or(Num::Words("n/a".into()), |x| Num::Share(x, 1))),
                Cell::of(Num::Count(u64::from(c.spof))),
            ],
        })
        .collect();
    doc.table(Table { targets: Targets::TEXT, ..Table::new(vec!["component".into()], columns, rows, TextLayout::Aligned) });
}
