//! Several runs at once: a comparison of designs, a parameter sweep, the summary of a batch.
//! One table layout per format, shared by the three: a row per run with its headline figures.

use std::fmt::Write;

use super::csv::quote;
use super::fmt::{interval, number, small};
use crate::stats::Estimate;
use crate::study::compare::Comparison;
use crate::study::results::{Headline, Outcome, RunResult};
use crate::study::sweep::{Sweep, show};

/// `mean [lo, hi]` of a small quantity.
fn small_ci(e: &Estimate) -> String {
    format!("{} [{}, {}]", small(e.mean), small(e.ci95[0]), small(e.ci95[1]))
}

/// `mean [lo, hi]` of a readable quantity.
fn plain_ci(e: &Estimate) -> String {
    format!("{} {}", number(e.mean), interval(e.ci95))
}

fn nines(r: &Headline) -> String {
    if r.nines.mean.is_finite() { format!("{:.2}", r.nines.mean) } else { "n/a".into() }
}

fn mdt(r: &Headline) -> String {
    r.mdt.as_ref().map_or("n/a".into(), |m| number(m.mean))
}

/// Text table of runs: `labels[i]` names row i.
fn text_table(w: &mut String, header: &str, labels: &[String], runs: &[Headline]) {
    let unit = runs.first().map_or("h", |r| r.time_unit.symbol());
    let rows: Vec<[String; 7]> = labels
        .iter()
        .zip(runs)
        .map(|(label, r)| {
            [
                label.clone(),
                super::fmt::probability(r.availability.mean),
                small_ci(&r.unavailability),
                nines(r),
                plain_ci(&r.downtime_minutes_per_year),
                plain_ci(&r.failure_frequency_per_year),
                r.mdt.as_ref().map_or("n/a".into(), plain_ci),
            ]
        })
        .collect();
    let heads = [
        header.to_string(),
        "availability".into(),
        "unavailability [95% CI]".into(),
        "nines".into(),
        "downtime min/yr [95% CI]".into(),
        "failures/yr [95% CI]".into(),
        format!("MDT {unit} [95% CI]"),
    ];
    let widths: Vec<usize> =
        (0..heads.len()).map(|i| rows.iter().map(|r| r[i].chars().count()).chain([heads[i].chars().count()]).max().unwrap_or(0)).collect();
    let line = |w: &mut String, cells: &[String]| {
        let padded: Vec<String> = cells.iter().zip(&widths).map(|(c, &n)| format!("{c:<n$}")).collect();
        let _ = writeln!(w, "  {}", padded.join("  ").trim_end());
    };
    line(w, &heads);
    for row in &rows {
        line(w, row);
    }
}

fn markdown_table(w: &mut String, header: &str, labels: &[String], runs: &[Headline]) {
    let _ = writeln!(
        w,
        "| {header} | unavailability | 95% CI | nines | downtime min/yr | failures/yr | MDT |\n|---|---:|---|---:|---:|---:|---:|"
    );
    for (label, r) in labels.iter().zip(runs) {
        let _ = writeln!(
            w,
            "| {label} | {} | [{}, {}] | {} | {} | {} | {} |",
            small(r.unavailability.mean),
            small(r.unavailability.ci95[0]),
            small(r.unavailability.ci95[1]),
            nines(r),
            number(r.downtime_minutes_per_year.mean),
            number(r.failure_frequency_per_year.mean),
            mdt(r)
        );
    }
}

/// CSV rows `kind,label,metric,value,std_error,ci95_low,ci95_high` for each run.
fn csv_rows(w: &mut String, kind: &str, labels: &[String], runs: &[Headline]) {
    let num = |x: f64| if x.is_finite() { format!("{x}") } else { String::new() };
    for (label, r) in labels.iter().zip(runs) {
        let label = quote(label);
        let mut est = |metric: &str, e: &Estimate| {
            let _ = writeln!(w, "{kind},{label},{metric},{},{},{},{}", num(e.mean), num(e.std_error), num(e.ci95[0]), num(e.ci95[1]));
        };
        est("unavailability", &r.unavailability);
        est("downtime_minutes_per_year", &r.downtime_minutes_per_year);
        est("failure_frequency_per_year", &r.failure_frequency_per_year);
        if let Some(m) = &r.mdt {
            est("mdt", m);
        }
        let _ = writeln!(w, "{kind},{label},nines,{},,{},{}", num(r.nines.mean), num(r.nines.ci95[0]), num(r.nines.ci95[1]));
    }
}

const CSV_HEADER: &str = "kind,label,metric,value,std_error,ci95_low,ci95_high";

fn settings(c: &Comparison) -> String {
    format!(
        "seed {}, {} replications × {} {} (warm-up {}), {}",
        c.seed,
        super::fmt::count(c.replications),
        number(c.horizon),
        c.time_unit.symbol(),
        number(c.warmup),
        if c.common_random_numbers { "common random numbers" } else { "independent random numbers" }
    )
}

/// The text report of a comparison.
pub fn comparison_text(c: &Comparison) -> String {
    let mut w = String::new();
    let _ = writeln!(w, "Comparison of {} designs  ({})\n", c.designs.len(), settings(c));
    let labels: Vec<String> = c.designs.iter().map(|d| d.model.name.clone()).collect();
    text_table(&mut w, "design", &labels, &c.designs.iter().map(RunResult::headline).collect::<Vec<_>>());
    if let Some(first) = c.differences.first() {
        let how = if c.common_random_numbers { "paired over the same replications" } else { "independent runs" };
        let _ = writeln!(w, "\nDifferences from \"{}\" (design − baseline, 95% CI, {how})", first.baseline);
        for d in &c.differences {
            let _ = writeln!(
                w,
                "  {}: ΔU {} · Δdowntime {} min/yr · Δfailures {} /yr → {}",
                d.design,
                small_ci(&d.unavailability),
                plain_ci(&d.downtime_minutes_per_year),
                plain_ci(&d.failure_frequency_per_year),
                d.verdict
            );
        }
    }
    w
}

/// The Markdown report of a comparison.
pub fn comparison_markdown(c: &Comparison) -> String {
    let mut w = String::new();
    let _ = writeln!(w, "# Comparison of {} designs\n\n{}\n", c.designs.len(), settings(c));
    let labels: Vec<String> = c.designs.iter().map(|d| d.model.name.clone()).collect();
    markdown_table(&mut w, "design", &labels, &c.designs.iter().map(RunResult::headline).collect::<Vec<_>>());
    if let Some(first) = c.differences.first() {
        let _ = writeln!(
            w,
            "\nDifferences from **{}** (design − baseline):\n\n| design | ΔU [95% CI] | Δdowntime min/yr [95% CI] | Δfailures/yr [95% CI] | verdict |\n|---|---|---|---|---|",
            first.baseline
        );
        for d in &c.differences {
            let _ = writeln!(
                w,
                "| {} | {} | {} | {} | {} |",
                d.design,
                small_ci(&d.unavailability),
                plain_ci(&d.downtime_minutes_per_year),
                plain_ci(&d.failure_frequency_per_year),
                d.verdict
            );
        }
    }
    w
}

/// The CSV of a comparison: each design's figures, then each difference.
pub fn comparison_csv(c: &Comparison) -> String {
    let mut w = String::new();
    let _ = writeln!(w, "{CSV_HEADER}");
    let labels: Vec<String> = c.designs.iter().map(|d| d.model.name.clone()).collect();
    csv_rows(&mut w, "design", &labels, &c.designs.iter().map(RunResult::headline).collect::<Vec<_>>());
    let num = |x: f64| if x.is_finite() { format!("{x}") } else { String::new() };
    for d in &c.differences {
        let label = quote(&d.design);
        for (metric, e) in [
            ("unavailability", &d.unavailability),
            ("downtime_minutes_per_year", &d.downtime_minutes_per_year),
            ("failure_frequency_per_year", &d.failure_frequency_per_year),
        ] {
            let _ = writeln!(w, "difference,{label},{metric},{},{},{},{}", num(e.mean), num(e.std_error), num(e.ci95[0]), num(e.ci95[1]));
        }
    }
    w
}

fn sweep_labels(s: &Sweep) -> Vec<String> {
    s.rows.iter().map(|row| row.values.iter().map(show).collect::<Vec<_>>().join(", ")).collect()
}

/// The text report of a sweep.
pub fn sweep_text(s: &Sweep) -> String {
    let mut w = String::new();
    let _ = writeln!(w, "Sweep of {} over {} points  ({})\n", s.parameters.join(" × "), s.rows.len(), s.model);
    text_table(&mut w, &s.parameters.join(", "), &sweep_labels(s), &s.rows.iter().map(|r| r.result.headline()).collect::<Vec<_>>());
    w
}

/// The Markdown report of a sweep.
pub fn sweep_markdown(s: &Sweep) -> String {
    let mut w = String::new();
    let _ = writeln!(w, "# Sweep of {}\n\n{} points of `{}`\n", s.parameters.join(" × "), s.rows.len(), s.model);
    markdown_table(&mut w, &s.parameters.join(", "), &sweep_labels(s), &s.rows.iter().map(|r| r.result.headline()).collect::<Vec<_>>());
    w
}

/// The CSV of a sweep: one column per parameter, then the tidy metric columns.
pub fn sweep_csv(s: &Sweep) -> String {
    let mut w = String::new();
    let params: Vec<String> = s.parameters.iter().map(|p| quote(p)).collect();
    let _ = writeln!(w, "{},metric,value,std_error,ci95_low,ci95_high", params.join(","));
    for row in &s.rows {
        let mut body = String::new();
        csv_rows(&mut body, "", &[String::new()], &[row.result.headline()]);
        let prefix: Vec<String> = row.values.iter().map(|v| quote(&show(v))).collect();
        for line in body.lines() {
            // Each line starts with the empty kind and label: replace them by the values.
            let rest = line.splitn(3, ',').nth(2).unwrap_or_default();
            let _ = writeln!(w, "{},{rest}", prefix.join(","));
        }
    }
    w
}

/// The summary table that ends a batch: one row per scenario, failed ones with their error.
pub fn batch_summary(rows: &[(String, Result<Outcome, String>)]) -> String {
    let mut w = String::new();
    let ok: Vec<(String, Headline)> = rows.iter().filter_map(|(f, r)| r.as_ref().ok().map(|r| (f.clone(), r.headline()))).collect();
    let failed = rows.len() - ok.len();
    let _ = writeln!(w, "Batch of {} scenarios: {} done, {failed} failed\n", rows.len(), ok.len());
    let (labels, runs): (Vec<String>, Vec<Headline>) = ok.into_iter().unzip();
    if !runs.is_empty() {
        text_table(&mut w, "scenario", &labels, &runs);
    }
    for (file, result) in rows {
        if let Err(e) = result {
            let _ = writeln!(w, "  {file}: FAILED: {}", e.lines().next().unwrap_or_default());
        }
    }
    w
}
