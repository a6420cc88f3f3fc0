//! The report of `ninesim fit`: per sample (a component's times to failure or repair
//! durations), every law fitted with its parameters and their intervals, the ranking by AICc,
//! the goodness of fit, the best law as a model fragment, and what the data cannot say.
//! Kaplan–Meier steps go to CSV (and JSON); the charts show them.

use super::document::{Align, Cell, Column, Document, Figure, Figures, Interval, Num, Row, Table, Targets, TextLayout, name, plain};
use super::fmt::{count, number};
use crate::stats::fit::{FitSet, LawFit};
use crate::study::fit::{FitResult, SampleFit, SampleKind};

/// The fit report as a document.
pub fn of_fit(r: &FitResult) -> Document {
    let mut doc = Document { csv_heads: vec!["scope".into(), "id".into()], blocks: Vec::new() };
    let unit = r.time_unit.symbol();
    doc.heading(1, vec![plain("Laws fitted to "), name(&r.file)], Targets::MARKUP);
    let shape = match r.shape {
        crate::model::incidents::DataShape::Durations => "durations".to_string(),
        crate::model::incidents::DataShape::Timeline => {
            let components = r.samples.iter().filter(|s| s.kind == SampleKind::Failure).count();
            format!("incident timeline of {} component(s)", count(components as u64))
        }
    };
    let mut head = vec![plain("Data: "), name(&r.file), plain(format!(", {shape}, times in {unit}"))];
    if let Some(w) = r.window_length {
        head.push(plain(format!(", observed for {} {unit}", number(w))));
    }
    doc.line(head, Targets::TEXT | Targets::MARKUP);
    for w in &r.warnings {
        doc.remark(vec![plain(format!("warning: {w}"))], super::document::Tone::Quiet, Targets::TEXT | Targets::MARKUP);
    }
    if let Some(w) = r.window_length {
        doc.figures(
            Figures {
                heads: vec!["metric".into(), "value".into()],
                csv_prefix: vec!["data".into(), r.file.clone()],
                rows: vec![Figure::new("window_length", "Window", Cell::of(Num::Plain(w))).unit(unit)],
                text_line: None,
            },
            Targets::CSV,
        );
    }
    for s in &r.samples {
        sample(&mut doc, r, s);
    }
    if r.samples.iter().any(|s| s.fits.as_ref().is_some_and(|f| !f.fits.is_empty())) {
        let how = "95 % intervals: the exponential rate's exact chi-square interval, profile likelihood for the other laws' parameters, \
                   the delta method on ln(mean) for the means. Laws are ranked by AICc (lower is better; a difference under 2 is no \
                   real preference). A² is the Anderson–Darling statistic, for complete samples only.";
        doc.blank(Targets::TEXT | Targets::MARKDOWN);
        doc.words(how, Targets::TEXT | Targets::MARKUP);
    }
    doc
}

/// `web, times to failure`.
fn sample_title(s: &SampleFit) -> String {
    let what = s.kind.described();
    match &s.component {
        Some(id) => format!("{id}, {what}"),
        None => what.to_string(),
    }
}

/// `web/failure`: the sample's id in CSV.
fn sample_id(s: &SampleFit) -> String {
    let kind = s.kind.field();
    match &s.component {
        Some(id) => format!("{id}/{kind}"),
        None => kind.to_string(),
    }
}

fn sample(doc: &mut Document, r: &FitResult, s: &SampleFit) {
    let unit = r.time_unit.symbol();
    doc.blank(Targets::TEXT | Targets::MARKDOWN);
    let title = match &s.component {
        Some(id) => vec![name(id), plain(format!(": {}", sample_title(s).split_once(", ").map_or("", |(_, w)| w)))],
        None => vec![plain(sample_title(s))],
    };
    doc.heading(2, title.clone(), Targets::MARKUP);
    let Some(set) = &s.fits else {
        let mut line = title;
        line.push(plain(": nothing to fit"));
        doc.line(line, Targets::TEXT);
        for n in &s.notes {
            doc.remark(vec![plain(n.clone())], super::document::Tone::Quiet, Targets::TEXT | Targets::MARKUP);
        }
        return;
    };
    let censored = set.observations - set.failures;
    let mut line = title;
    line.push(plain(format!(
        ": {} observation(s), {} failure(s), {} censored, {} {unit} observed in all",
        count(set.observations as u64),
        count(set.failures as u64),
        count(censored as u64),
        number(set.exposure)
    )));
    doc.line(line.clone(), Targets::TEXT);
    line.remove(0);
    doc.line(
        vec![plain(format!(
            "{} observation(s), {} failure(s), {} censored, {} {unit} observed in all.",
            count(set.observations as u64),
            count(set.failures as u64),
            count(censored as u64),
            number(set.exposure)
        ))],
        Targets::MARKUP,
    );
    doc.figures(
        Figures {
            heads: vec!["metric".into(), "value".into()],
            csv_prefix: vec!["sample".into(), sample_id(s)],
            rows: vec![
                Figure::new("observations", "Observations", Cell::of(Num::Count(set.observations as u64))),
                Figure::new("failures", "Failures", Cell::of(Num::Count(set.failures as u64))),
                Figure::new("exposure", "Exposure", Cell::of(Num::Plain(set.exposure))).unit(unit),
            ]
            .into_iter()
            .chain(set.mean_lower_bound.map(|b| Figure::new("mean_lower_bound", "Mean at least", Cell::of(Num::Plain(b))).unit(unit)))
            .collect(),
            text_line: None,
        },
        Targets::CSV,
    );
    if !set.fits.is_empty() {
        doc.table(laws_table(set, s, unit));
    }
    for n in &s.notes {
        doc.remark(vec![plain(format!("  {n}"))], super::document::Tone::Quiet, Targets::TEXT);
        doc.remark(vec![plain(n.clone())], super::document::Tone::Quiet, Targets::MARKUP);
    }
    if set.failures > 0 {
        let median = match &s.median {
            Some(m) => {
                format!("{} {unit} [{}, {}]", number(m.value), number(m.low), m.high.map_or_else(|| "beyond the data".to_string(), number))
            }
            None => "not reached: more than half of the durations outlast the data".to_string(),
        };
        doc.words(format!("  Kaplan–Meier median (no law assumed): {median}"), Targets::TEXT);
        doc.blank(Targets::MARKDOWN);
        doc.words(format!("Kaplan–Meier median (no law assumed): {median}."), Targets::MARKUP);
        if let Some(m) = &s.median {
            // An interval open above has no upper end in CSV (an empty cell, never "inf").
            let cell = Cell::interval(m.value, [m.low, m.high.unwrap_or(f64::INFINITY)], Num::Plain);
            doc.figures(
                Figures {
                    heads: vec!["metric".into(), "value".into()],
                    csv_prefix: vec!["sample".into(), sample_id(s)],
                    rows: vec![Figure::new("kaplan_meier_median", "Kaplan–Meier median", cell).unit(unit)],
                    text_line: None,
                },
                Targets::CSV,
            );
        }
    }
    if let (Some(best), Some(fragment)) = (s.best, &s.fragment) {
        let what = match s.kind {
            SampleKind::Failure => "\"failure\"",
            SampleKind::Repair => "\"repair\"",
            SampleKind::Durations => "the law",
        };
        let json = serde_json::to_string(fragment).unwrap_or_default();
        doc.line(vec![plain(format!("  Best: {}. As {what} of a model: ", best.name())), name(json.clone())], Targets::TEXT);
        doc.blank(Targets::MARKDOWN);
        doc.line(vec![plain(format!("Best: {}. As {what} of a model: ", best.name())), name(json)], Targets::MARKUP);
    }
    kaplan_meier(doc, s, set);
}

/// Parameters read as `shape 1.62 [1.21, 2.10] · scale 3,010 [2,410, 3,880]`.
fn parameters_words(f: &LawFit) -> String {
    f.parameters.iter().map(|p| format!("{} {} {}", p.name, number(p.value), super::fmt::interval(p.ci95))).collect::<Vec<_>>().join(" · ")
}

const PARAMETER_NAMES: [&str; 5] = ["rate", "shape", "scale", "mu", "sigma"];

fn laws_table(set: &FitSet, s: &SampleFit, unit: &str) -> Table {
    let best_aicc = set.fits.first().and_then(|f| f.aicc);
    let mut columns = vec![
        Column::new("parameters", "parameters [95% CI]")
            .heading("parameters [95% CI]")
            .align(Align::Left)
            .only(Targets::TEXT | Targets::MARKUP),
        Column::new("mean", format!("mean {unit} [95% CI]")).heading(format!("mean ({unit})")).interval(Interval::Column),
        Column::new("aicc", "AICc"),
        Column::new("delta_aicc", "ΔAICc"),
        Column::new("bic", "BIC"),
        Column::new("log_likelihood", "ln L"),
        Column::new("anderson_darling", "A²"),
        Column::flag("best", "best").only(Targets::CSV),
    ];
    for p in PARAMETER_NAMES {
        columns.push(Column::new(p, p).only(Targets::CSV));
    }
    let missing = || Cell::of(Num::Words("n/a".into()));
    let rows = set
        .fits
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let label = f.law.name().to_string();
            let mut cells = vec![
                Cell::of(Num::Words(parameters_words(f))),
                Cell::interval(f.mean.value, f.mean.ci95, Num::Plain),
                f.aicc.map_or_else(missing, |a| Cell::of(Num::Fixed(a, 2))),
                match (f.aicc, best_aicc) {
                    (Some(a), Some(b)) => Cell::of(Num::Fixed(a - b, 2)),
                    _ => missing(),
                },
                Cell::of(Num::Fixed(f.bic, 2)),
                Cell::of(Num::Fixed(f.log_likelihood, 2)),
                f.anderson_darling.map_or_else(missing, |a| Cell::of(Num::Fixed(a, 3))),
                Cell::of(Num::Count(u64::from(i == 0))),
            ];
            for name in PARAMETER_NAMES {
                cells.push(
                    f.parameters.iter().find(|p| p.name == name).map_or_else(missing, |p| Cell::interval(p.value, p.ci95, Num::Plain)),
                );
            }
            Row { labels: vec![label], cells }
        })
        .collect();
    Table { csv_scope: vec![format!("fit:{}", sample_id(s))], ..Table::new(vec!["law".into()], columns, rows, TextLayout::Columns) }
}

/// Kaplan–Meier steps, in CSV only (the survival chart draws them).
fn kaplan_meier(doc: &mut Document, s: &SampleFit, set: &FitSet) {
    if set.kaplan_meier.is_empty() {
        return;
    }
    let columns = vec![
        Column::new("at_risk", "at risk"),
        Column::new("events", "events"),
        Column::new("survival", "survival").interval(Interval::Column),
    ];
    let rows = set
        .kaplan_meier
        .iter()
        .map(|k| Row {
            labels: vec![super::document::csv_number(k.time)],
            cells: vec![
                Cell::of(Num::Count(k.at_risk as u64)),
                Cell::of(Num::Count(k.events as u64)),
                Cell::interval(k.survival, k.ci95, Num::Plain),
            ],
        })
        .collect();
    doc.table(Table {
        csv_scope: vec![format!("kaplan_meier:{}", sample_id(s))],
        targets: Targets::CSV,
        ..Table::new(vec!["time".into()], columns, rows, TextLayout::Columns)
    });
}
