//! Several runs at once: a comparison of designs, a parameter sweep, the summary of a batch.
//! One table of runs, shared by the three: a row per run with its headline figures.

use super::document::{
    Align, Cell, Column, Document, Figure, Figures, Interval, Num, Row, Span, TIDY_HEADS, Table, Targets, TextLayout, name, plain,
};
use crate::study::compare::Comparison;
use crate::study::results::{Headline, Outcome, RunResult};
use crate::study::sweep::{Sweep, show};

/// A row per run: `label_heads` name the label columns, each row gives one label per head.
pub fn runs_table(label_heads: &[String], rows: &[(Vec<String>, Headline)]) -> Table {
    let unit = rows.first().map_or("h", |(_, r)| r.time_unit.symbol());
    let columns = vec![
        Column::new("availability", "availability").only(Targets::TEXT),
        Column::new("unavailability", "unavailability [95% CI]").heading("unavailability").interval(Interval::Column),
        // HTML has a column of its own here (its table's order), read like the others.
        Column::new("nines", "nines").only(Targets::TEXT | Targets::MARKDOWN),
        Column::new("nines", "nines").only(Targets::HTML),
        Column::new("downtime_minutes_per_year", "downtime min/yr [95% CI]").heading("downtime min/yr").interval(Interval::Hidden),
        Column::new("failure_frequency_per_year", "failures/yr [95% CI]").heading("failures/yr").interval(Interval::Hidden),
        // Inconsistency kept: the HTML table has no MDT.
        Column::new("mdt_hours", format!("MDT {unit} [95% CI]"))
            .heading("MDT")
            .interval(Interval::Hidden)
            .only(Targets::ALL.except(Targets::HTML)),
        // CSV writes nines last, with its interval.
        Column::new("nines", "nines").only(Targets::CSV),
    ];
    let costs = rows.iter().any(|(_, r)| r.cost_per_year.is_some());
    let mut columns = columns;
    if costs {
        columns.push(Column::new("cost_total_per_year", "cost/yr [95% CI]").heading("cost/yr").interval(Interval::Hidden));
    }
    let rows = rows
        .iter()
        .map(|(labels, r)| Row {
            labels: labels.clone(),
            cells: vec![
                Cell::of(Num::Probability(r.availability.mean)),
                Cell::estimate(&r.unavailability, Num::Small),
                Cell::of(Num::NinesOrNa(r.nines.mean)),
                Cell::of(Num::NinesOrNa(r.nines.mean)),
                Cell::estimate(&r.downtime_minutes_per_year, Num::Plain),
                Cell::estimate(&r.failure_frequency_per_year, Num::Plain),
                r.mdt.as_ref().map_or(Cell::of(Num::Words("n/a".into())), |m| Cell::estimate(m, Num::Plain)),
                Cell::interval(r.nines.mean, r.nines.ci95, Num::Nines),
            ]
            .into_iter()
            .chain(costs.then(|| r.cost_per_year.as_ref().map_or(Cell::of(Num::Words("n/a".into())), |e| Cell::estimate(e, Num::Plain))))
            .collect(),
        })
        .collect();
    Table::new(label_heads.to_vec(), columns, rows, TextLayout::Columns)
}

/// Adds to a table of runs (one row per run, in the order of `runs`) a `P(breach) ID` column
/// per objective id the runs have, in order of first appearance; a run without that objective
/// reads n/a. Nothing when no run has objectives.
pub fn add_breach_columns(table: &mut Table, runs: &[&RunResult]) {
    let ids = super::charts::objective_ids(runs.iter().copied());
    for id in &ids {
        let head = format!("P(breach) {}", super::fmt::visible(id));
        table.columns.push(
            Column::keyed(format!("breach_probability_{id}").into(), format!("{head} [95% CI]")).heading(head).interval(Interval::Hidden),
        );
        for (row, run) in table.rows.iter_mut().zip(runs) {
            let objective = run.objectives.iter().find(|o| o.id == *id);
            row.cells.push(objective.map_or(Cell::of(Num::Words("n/a".into())), |o| Cell::estimate(&o.breach_probability, Num::Percent)));
        }
    }
}

/// The tidy CSV of one run among several (a design, a point of a sweep) under `scenario`: the
/// figures of its row in a table of runs, each as a run's own CSV names it (`system`, `costs`,
/// `objective` scopes).
fn run_rows(doc: &mut Document, scenario: &str, r: &RunResult) {
    let hours = r.time_unit.hours();
    let mut system = vec![
        Figure::new("unavailability", "", Cell::estimate(&r.unavailability, Num::Small)),
        Figure::new("downtime_minutes_per_year", "", Cell::estimate(&r.downtime_minutes_per_year, Num::Plain)),
        Figure::new("failure_frequency_per_year", "", Cell::estimate(&r.failure_frequency_per_year, Num::Plain)),
    ];
    system.extend(r.mdt.as_ref().map(|m| Figure::new("mdt_hours", "", Cell::estimate(m, Num::Plain)).csv_scale(hours)));
    system.push(Figure::new("nines", "", Cell::interval(r.nines.mean, r.nines.ci95, Num::Nines)));
    let subject = |scope: &str, id: &str, rows: Vec<Figure>| Figures {
        heads: Vec::new(),
        csv_prefix: vec![scenario.into(), scope.into(), id.into()],
        rows,
        text_line: None,
    };
    doc.figures(subject("system", &r.model.name, system), Targets::CSV);
    if let Some(cost) = r.cost_per_year() {
        let rows = vec![Figure::new("cost_total_per_year", "", Cell::estimate(&cost, Num::Plain))];
        doc.figures(subject("costs", &r.model.name, rows), Targets::CSV);
    }
    for o in &r.objectives {
        let rows = vec![Figure::new("breach_probability", "", Cell::estimate(&o.breach_probability, Num::Percent))];
        doc.figures(subject("objective", &o.id, rows), Targets::CSV);
    }
}

/// The scenario of a point of a sweep: `path=value` for each varied path, joined with `;` (the
/// values as given on the command line).
pub fn point_label(parameters: &[String], values: &[serde_json::Value]) -> String {
    parameters.iter().zip(values).map(|(p, v)| format!("{p}={}", show(v))).collect::<Vec<_>>().join(";")
}

fn settings(c: &Comparison) -> String {
    format!(
        "seed {}, {} replications × {} {} (warm-up {}), {}",
        c.seed,
        super::fmt::count(c.replications),
        super::fmt::number(c.horizon),
        c.time_unit.symbol(),
        super::fmt::number(c.warmup),
        if c.common_random_numbers { "common random numbers" } else { "independent random numbers" }
    )
}

/// The document of a comparison: the designs side by side, then each one's difference from the
/// baseline.
pub fn of_comparison(c: &Comparison) -> Document {
    let mut doc = Document { csv_heads: TIDY_HEADS.map(String::from).to_vec(), blocks: Vec::new() };
    let title = format!("Comparison of {} designs", c.designs.len());
    doc.words(format!("{title}  ({})", settings(c)), Targets::TEXT);
    doc.heading(1, vec![plain(&title)], Targets::MARKDOWN);
    doc.blank(Targets::MARKDOWN);
    doc.words(settings(c), Targets::MARKDOWN);
    if let Some(line) = least_precise(c.designs.iter(), "designs") {
        doc.blank(Targets::MARKDOWN);
        doc.words(line, Targets::TEXT | Targets::MARKDOWN);
    }
    doc.blank(Targets::TEXT | Targets::MARKDOWN);
    let rows: Vec<(Vec<String>, Headline)> = c.designs.iter().map(|d| (vec![d.model.name.clone()], d.headline())).collect();
    let mut designs = runs_table(&["design".into()], &rows);
    add_breach_columns(&mut designs, &c.designs.iter().collect::<Vec<_>>());
    // CSV writes each design as its run would, under its file.
    designs.targets = Targets::ALL.except(Targets::CSV);
    if let Some(order) = &c.ranked_by_cost {
        doc.words("Designs ranked by expected total cost per year, cheapest first", Targets::TEXT | Targets::MARKDOWN);
        designs.ranking = Some((order.clone(), Targets::ALL));
    }
    let csv_order: Vec<usize> = match &designs.ranking {
        Some((ranked, _)) => ranked.clone(),
        None => (0..c.designs.len()).collect(),
    };
    doc.table(designs);
    for d in csv_order.into_iter().filter_map(|i| c.designs.get(i)) {
        run_rows(&mut doc, &d.model.file, d);
    }
    let Some(first) = c.differences.first() else { return doc };
    let how = if c.common_random_numbers { "paired over the same replications" } else { "independent runs" };
    doc.blank(Targets::TEXT | Targets::MARKDOWN);
    doc.words(format!("Differences from \"{}\" (design − baseline, 95% CI, {how})", first.baseline), Targets::TEXT);
    doc.line(vec![plain("Differences from "), Span::Strong(first.baseline.clone()), plain(" (design − baseline):")], Targets::MARKDOWN);
    doc.blank(Targets::MARKDOWN);
    doc.heading(2, vec![plain(format!("Differences from {}", first.baseline))], Targets::HTML);
    let not_html = Targets::ALL.except(Targets::HTML);
    let columns = vec![
        // Inconsistency kept: Markdown writes each interval after its value, HTML gives ΔU's
        // interval a column of its own and leaves Δfailures out.
        Column::new("unavailability", "ΔU").heading("ΔU [95% CI]").align(Align::Left).only(not_html),
        Column::new("unavailability", "ΔU").interval(Interval::Column).only(Targets::HTML),
        Column::new("downtime_minutes_per_year", "Δdowntime")
            .heading("Δdowntime min/yr [95% CI]")
            .unit("min/yr")
            .align(Align::Left)
            .only(not_html),
        Column::new("downtime_minutes_per_year", "Δdowntime").heading("Δdowntime min/yr").only(Targets::HTML),
        Column::new("failure_frequency_per_year", "Δfailures")
            .heading("Δfailures/yr [95% CI]")
            .unit("/yr")
            .align(Align::Left)
            .only(not_html),
        Column::new("verdict", "verdict").align(Align::Left),
    ];
    let rows = c
        .differences
        .iter()
        .map(|d| Row {
            labels: vec![d.design.clone()],
            cells: vec![
                Cell::estimate(&d.unavailability, Num::Small),
                Cell::estimate(&d.unavailability, Num::Small),
                Cell::estimate(&d.downtime_minutes_per_year, Num::Plain),
                Cell::estimate(&d.downtime_minutes_per_year, Num::Plain),
                Cell::estimate(&d.failure_frequency_per_year, Num::Plain),
                Cell::of(Num::Words(d.verdict.clone())),
            ],
        })
        .collect();
    doc.table(Table {
        targets: Targets::ALL.except(Targets::CSV),
        ..Table::new(vec!["design".into()], columns, rows, TextLayout::Sentences)
    });
    // CSV: under the design's file, scope `difference`, id the baseline's file.
    let baseline = c.designs.first().map_or("", |b| b.model.file.as_str());
    // The k-th difference is the (k+1)-th design's.
    for (d, design) in c.differences.iter().zip(c.designs.iter().skip(1)) {
        let rows = vec![
            Figure::new("unavailability", "", Cell::estimate(&d.unavailability, Num::Small)),
            Figure::new("downtime_minutes_per_year", "", Cell::estimate(&d.downtime_minutes_per_year, Num::Plain)),
            Figure::new("failure_frequency_per_year", "", Cell::estimate(&d.failure_frequency_per_year, Num::Plain)),
        ];
        let csv_prefix = vec![design.model.file.clone(), "difference".into(), baseline.into()];
        doc.figures(Figures { heads: Vec::new(), csv_prefix, rows, text_line: None }, Targets::CSV);
    }
    doc
}

/// The document of a sweep: a row per point, labelled by its parameter values.
pub fn of_sweep(s: &Sweep) -> Document {
    let mut doc = Document { csv_heads: TIDY_HEADS.map(String::from).to_vec(), blocks: Vec::new() };
    let over = s.parameters.join(" × ");
    doc.words(format!("Sweep of {over} over {} points  ({})", s.rows.len(), s.model), Targets::TEXT);
    doc.heading(1, vec![plain(format!("Sweep of {over}"))], Targets::MARKDOWN);
    doc.blank(Targets::MARKDOWN);
    doc.line(vec![plain(format!("{} points of ", s.rows.len())), name(&s.model)], Targets::MARKDOWN);
    if let Some(line) = least_precise(s.rows.iter().map(|row| &row.result), "points") {
        doc.blank(Targets::MARKDOWN);
        doc.words(line, Targets::TEXT | Targets::MARKDOWN);
    }
    doc.blank(Targets::TEXT | Targets::MARKDOWN);
    let rows: Vec<(Vec<String>, Headline)> =
        s.rows.iter().map(|row| (row.values.iter().map(show).collect(), row.result.headline())).collect();
    let mut table = runs_table(&s.parameters, &rows);
    add_breach_columns(&mut table, &s.rows.iter().map(|row| &row.result).collect::<Vec<_>>());
    table.targets = Targets::ALL.except(Targets::CSV);
    doc.table(table);
    for row in &s.rows {
        run_rows(&mut doc, &point_label(&s.parameters, &row.values), &row.result);
    }
    doc
}

/// The precision line of runs made to `--rel-error` (`None` otherwise): that of the least
/// precise run (one without downtime is the least precise), so that a comparison or a sweep
/// says what a run reports alone. `what`: what the runs are (`designs`, `points`); a sweep's
/// points stop each on its own, so it also says how many stopped before the target.
fn least_precise<'a>(runs: impl Iterator<Item = &'a RunResult>, what: &str) -> Option<String> {
    let reached: Vec<(&RunResult, &crate::study::results::PrecisionReached)> =
        runs.filter_map(|r| r.precision.as_ref().map(|p| (r, p))).collect();
    // No downtime observed (no precision known) counts as the least precise.
    let (run, worst) =
        reached.iter().max_by(|(_, a), (_, b)| a.rel_error.unwrap_or(f64::INFINITY).total_cmp(&b.rel_error.unwrap_or(f64::INFINITY)))?;
    let short = reached.iter().filter(|(_, p)| p.stopped_by != crate::sim::StoppedBy::Precision).count();
    let line = super::fmt::precision_line(worst, None);
    let which = match what {
        "designs" => format!(": {}", run.model.name),
        _ => String::new(),
    };
    Some(match (what, short) {
        ("points", k) if k > 0 => format!("{line} (the least precise of {} {what}; {k} stopped before the target)", reached.len()),
        _ => format!("{line} (the least precise of {} {what}{which})", reached.len()),
    })
}

/// The summary that ends a batch (text only): a row per scenario done, then the failed ones
/// with the first line of their error.
pub fn of_batch(rows: &[(String, Result<Outcome, String>)]) -> Document {
    let mut doc = Document::default();
    let ok: Vec<(Vec<String>, Headline)> =
        rows.iter().filter_map(|(f, r)| r.as_ref().ok().map(|r| (vec![f.clone()], r.headline()))).collect();
    let failed = rows.len() - ok.len();
    doc.words(format!("Batch of {} scenarios: {} done, {failed} failed", rows.len(), ok.len()), Targets::TEXT);
    doc.blank(Targets::TEXT);
    if !ok.is_empty() {
        let mut table = runs_table(&["scenario".into()], &ok);
        table.targets = Targets::TEXT;
        doc.table(table);
    }
    for (file, result) in rows {
        if let Err(e) = result {
            doc.words(format!("  {file}: FAILED: {}", e.lines().next().unwrap_or_default()), Targets::TEXT);
        }
    }
    doc
}

/// The rows of a runs table for whole runs named by their model.
pub fn named_runs<'a>(runs: impl Iterator<Item = &'a RunResult>) -> Vec<(Vec<String>, Headline)> {
    runs.map(|r| (vec![r.model.name.clone()], r.headline())).collect()
}
