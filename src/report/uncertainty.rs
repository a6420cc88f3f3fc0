//! The "Parameter uncertainty" section of a run's report: the spread of U, nines and downtime
//! over draws of the laws' uncertain parameters, and the laws that drive it. Monte Carlo error
//! and parameter uncertainty are kept apart in every format: the run's 95 % CI is written as
//! such, with the words "Monte Carlo", and the draws' spread as percentiles "over parameter
//! uncertainty", never as an interval of the same kind.

use super::document::{Align, Cell, Column, Document, Figure, Figures, Num, Row, Table, Targets, TextLayout, plain};
use super::fmt::{count, number, small, trimmed};
use crate::model::UncertaintySpec;
use crate::study::results::{RunResult, Spread, UncertaintyDriver, UncertaintyMethod, UncertaintyResult};

/// Appends the section when the run drew parameters.
pub(super) fn section(doc: &mut Document, r: &RunResult) {
    let Some(u) = &r.uncertainty else { return };
    let unit = r.time_unit.symbol();
    let text_md = Targets::TEXT | Targets::MARKDOWN;
    doc.blank(text_md);
    doc.heading(3, vec![plain("Parameter uncertainty")], Targets::MARKDOWN | Targets::HTML);
    let how = match u.method {
        UncertaintyMethod::Exact => "each solved exactly".to_string(),
        _ => format!(
            "each simulated with {} replications and seed {} (common random numbers)",
            count(u.replications_per_draw.unwrap_or(r.replications)),
            u.seed
        ),
    };
    doc.words(format!("Parameter uncertainty: {} draws of the uncertain laws' parameters, {how}", count(u.draws)), Targets::TEXT);
    doc.blank(Targets::MARKDOWN);
    doc.words(format!("{} draws of the uncertain laws' parameters, {how}.", count(u.draws)), Targets::MARKUP);
    let method = if u.requested == UncertaintyMethod::Auto { format!("auto: {}", u.reason) } else { u.reason.clone() };
    doc.words(format!("  method: {} ({method}); each draw gives {}", u.method.name(), u.estimand), Targets::TEXT);
    doc.blank(Targets::MARKDOWN);
    doc.words(format!("Method: {} ({method}); each draw gives {}.", u.method.name(), u.estimand), Targets::MARKUP);
    // The two kinds of uncertainty, each named for what it is.
    let e = &r.unavailability;
    let monte_carlo = format!(
        "Monte Carlo (the model as given): U = {}, 95% CI [{}, {}] from {} replications",
        small(e.mean),
        small(e.ci95[0]),
        small(e.ci95[1]),
        count(r.replications)
    );
    let spread = format!(
        "over parameter uncertainty: U 5% {} · 50% {} · 95% {} (a spread of the draws, not a confidence interval)",
        small(u.unavailability.p5),
        small(u.unavailability.p50),
        small(u.unavailability.p95)
    );
    doc.words(format!("  {monte_carlo}"), Targets::TEXT);
    doc.blank(Targets::MARKDOWN);
    doc.words(format!("{monte_carlo}; {spread}."), Targets::MARKUP);
    doc.blank(Targets::MARKDOWN);
    doc.table(Table { targets: Targets::ALL.except(Targets::CSV), ..spread_table(u) });
    // CSV: one subject per percentile, so that each quantity keeps its metric name.
    for statistic in ["p5", "p50", "p95", "mean"] {
        let pick = |s: &Spread| match statistic {
            "p5" => s.p5,
            "p50" => s.p50,
            "p95" => s.p95,
            _ => s.mean,
        };
        let rows = vec![
            Figure::new("unavailability", "", Cell::of(Num::Small(pick(&u.unavailability)))),
            Figure::new("nines", "", Cell::of(Num::Nines(pick(&u.nines)))),
            Figure::new("downtime_minutes_per_year", "", Cell::of(Num::Plain(pick(&u.downtime_minutes_per_year)))),
        ];
        let csv_prefix = vec!["parameter_uncertainty".into(), statistic.into()];
        doc.figures(Figures { heads: Vec::new(), csv_prefix, rows, text_line: None }, Targets::CSV);
    }
    doc.words("  (percentiles of the draws: the spread the data leave, not a confidence interval)", Targets::TEXT);
    if let Some(h) = u.monte_carlo_half_width {
        let line = format!(
            "Monte Carlo error of one draw: ±{} on U (median 95% half-width over the draws), beside a 5%–95% spread of {} to {}",
            small(h),
            small(u.unavailability.p5),
            small(u.unavailability.p95)
        );
        doc.blank(Targets::MARKDOWN);
        doc.words(format!("  {line}"), Targets::TEXT);
        doc.words(format!("{line}."), Targets::MARKUP);
    }
    if !u.drivers.is_empty() {
        let noise = u.rank_correlation_noise.map_or(String::new(), |n| {
            format!("; with {} draws a rank correlation within ±{} of 0 is noise", count(u.draws), trimmed((n * 100.0).round() / 100.0))
        });
        doc.blank(text_md);
        let close = if noise.is_empty() { ")" } else { ";" };
        doc.words(
            format!("  What drives it (Spearman rank correlation of each law's drawn mean with U; share: its square over the sum of squares{close}"),
            Targets::TEXT,
        );
        doc.words(format!("  {})", noise.trim_start_matches("; ")), Targets::TEXT.when(!noise.is_empty()));
        doc.words(
            format!("What drives it: Spearman rank correlation of each law's drawn mean with U; share: its square over the sum of squares{noise}."),
            Targets::MARKUP,
        );
        doc.blank(Targets::MARKDOWN);
        doc.table(drivers_table(u, unit, r.time_unit.hours()));
    }
    for note in &u.notes {
        doc.blank(Targets::MARKDOWN);
        doc.words(format!("  note: {note}"), Targets::TEXT);
        doc.line(vec![plain("Note: "), plain(note)], Targets::MARKUP);
    }
}

/// U, nines and downtime over the draws: 5th, 50th and 95th percentiles and the mean.
fn spread_table(u: &UncertaintyResult) -> Table {
    let labels = ["U", "nines", "downtime (min/year)"];
    let columns = vec![
        Column::new("p5", "5%").width(12),
        Column::new("p50", "50%").width(12),
        Column::new("p95", "95%").width(12),
        Column::new("mean", "mean").width(12),
    ];
    let row = |label: &str, s: &Spread, kind: fn(f64) -> Num| Row {
        labels: vec![label.to_string()],
        cells: vec![Cell::of(kind(s.p5)), Cell::of(kind(s.p50)), Cell::of(kind(s.p95)), Cell::of(kind(s.mean))],
    };
    let rows = vec![
        row(labels[0], &u.unavailability, Num::Small),
        row(labels[1], &u.nines, Num::Nines),
        row(labels[2], &u.downtime_minutes_per_year, Num::Plain),
    ];
    Table::new(vec!["over parameter uncertainty".into()], columns, rows, TextLayout::Aligned)
}

/// The uncertain laws, the largest share of the variance first.
/// CSV writes the drawn means in hours (`hours`: hours in the model's time unit).
fn drivers_table(u: &UncertaintyResult, unit: &str, hours: f64) -> Table {
    let columns = vec![
        Column::new("", "uncertainty").align(Align::Left),
        Column::new("mean_duration_p5_hours", format!("mean 5% ({unit})")).csv_scale(hours),
        Column::new("mean_duration_p95_hours", format!("mean 95% ({unit})")).csv_scale(hours),
        Column::new("rank_correlation", "rank corr."),
        Column::new("variance_share", "share"),
    ];
    let rows = u
        .drivers
        .iter()
        .map(|d: &UncertaintyDriver| Row {
            labels: vec![format!("{} ({})", d.component, d.law.name())],
            cells: vec![
                Cell::of(Num::Words(format!("{}, {}", d.distribution, described(&d.uncertainty, unit)))),
                Cell::of(Num::Plain(d.mean_duration.p5)),
                Cell::of(Num::Plain(d.mean_duration.p95)),
                Cell::of(d.rank_correlation.map_or(Num::Words("n/a".into()), |x| Num::Fixed(x, 2))),
                Cell::of(d.variance_share.map_or(Num::Words("n/a".into()), |x| Num::Share(x, 1))),
            ],
        })
        .collect();
    Table {
        names: true,
        csv_scope: vec!["uncertainty_driver".into()],
        ..Table::new(vec!["law".into()], columns, rows, TextLayout::Columns)
    }
}

/// A law's uncertainty in words: `3 failures in 30,000 h` or `sd 0.1, 0.2 (ρ 0.3)`.
fn described(spec: &UncertaintySpec, unit: &str) -> String {
    match (spec.failures, spec.exposure, &spec.sd) {
        (Some(r), Some(t), _) => format!("{} failures in {} {unit}", trimmed(r), number(t)),
        (_, _, Some(sd)) => {
            // Three figures: the spread of a spread needs no more.
            let sds: Vec<String> = sd.iter().map(|s| number(*s)).collect();
            match spec.correlation {
                Some(rho) if rho != 0.0 => format!("sd {} (ρ {:.2})", sds.join(", "), rho),
                _ => format!("sd {}", sds.join(", ")),
            }
        }
        _ => String::new(),
    }
}
