//! The "Objectives" section of a run's report: per service-level objective, the risk of missing
//! it in a period, the distribution of period availability and downtime, the error budget, the
//! outages per period, the credits and the worst period expected in N years. Only runs of models
//! with objectives have it.

use super::document::{Cell, Document, Figure, Figures, Num, Targets, name, plain};
use super::fmt::{count, duration, percent, probability, target_percent, trimmed};
use crate::study::results::{ObjectiveResult, RunResult};

/// Appends one section per objective.
pub(super) fn section(doc: &mut Document, r: &RunResult) {
    if r.objectives.is_empty() {
        return;
    }
    doc.blank(Targets::TEXT | Targets::MARKDOWN);
    doc.heading(3, vec![plain("Objectives, period by period")], Targets::MARKDOWN | Targets::HTML);
    for o in &r.objectives {
        objective(doc, r, o);
    }
}

fn objective(doc: &mut Document, r: &RunResult, o: &ObjectiveResult) {
    let hours = r.time_unit.hours();
    let human = |x: f64| duration(x * hours);
    let to_minutes = 60.0 * hours;
    let period = &o.period_name;
    let planned = if o.counts_planned { "planned downtime counts" } else { "planned downtime excluded" };
    let title = format!(
        "availability ≥ {} per {period} (at most {} down in {}); {planned}",
        target_percent(o.target),
        human(o.max_downtime),
        human(o.period),
    );
    doc.blank(Targets::TEXT | Targets::MARKDOWN);
    doc.line(vec![plain("Objective "), name(&o.id), plain(format!(": {title}"))], Targets::TEXT | Targets::MARKUP);
    let mut note = format!("{} complete periods per life; P(breach) counts each life as one observation", count(o.periods_per_replication));
    if o.left_out > 0.0 {
        note.push_str(&format!(" (the partial last period, {}, is left out)", human(o.left_out)));
    }
    doc.words(format!("  {note}"), Targets::TEXT);
    doc.blank(Targets::MARKDOWN);
    doc.words(format!("{note}."), Targets::MARKUP);
    doc.blank(Targets::MARKDOWN);
    let a = &o.availability;
    let d = &o.downtime;
    let mut rows = vec![
        Figure::new("breach_probability", format!("P(breach) per {period}"), Cell::estimate(&o.breach_probability, Num::Percent))
            .heading(format!("P(breach) per {period}")),
        Figure::new("breaches_per_year", "Breaching periods", Cell::estimate(&o.breaches_per_year, Num::Plain))
            .heading("breaching periods per year")
            .unit("/year"),
        Figure::new("period_availability_mean", format!("Availability per {period}"), Cell::estimate(&a.mean, Num::Probability))
            .heading(format!("mean availability per {period}")),
        Figure::new(
            "",
            "  distribution",
            Cell::of(Num::Words(format!(
                "p1 {} · p5 {} · p50 {}",
                probability_or_one(a.p1),
                probability_or_one(a.p5),
                probability_or_one(a.p50)
            ))),
        )
        .only(Targets::TEXT | Targets::MARKUP),
        Figure::new("period_availability_p1", "", Cell::of(Num::Plain(a.p1))).only(Targets::CSV),
        Figure::new("period_availability_p5", "", Cell::of(Num::Plain(a.p5))).only(Targets::CSV),
        Figure::new("period_availability_p50", "", Cell::of(Num::Plain(a.p50))).only(Targets::CSV),
        Figure::new(
            "period_downtime_mean_minutes",
            format!("Downtime per {period}"),
            Cell::estimate(&d.mean.map_increasing(|x| x * to_minutes, to_minutes), Num::Plain),
        )
        .heading(format!("mean downtime per {period} (min)"))
        .unit("min"),
        Figure::new(
            "",
            "  distribution",
            Cell::of(Num::Words(format!("p50 {} · p95 {} · p99 {}", human(d.p50), human(d.p95), human(d.p99)))),
        )
        .only(Targets::TEXT | Targets::MARKUP),
        Figure::new("period_downtime_p95_minutes", "", Cell::of(Num::Plain(d.p95 * to_minutes))).only(Targets::CSV),
        Figure::new("period_downtime_p99_minutes", "", Cell::of(Num::Plain(d.p99 * to_minutes))).only(Targets::CSV),
        Figure::new("budget_used", "Error budget used", Cell::estimate(&o.budget_used, Num::Percent))
            .heading(format!("error budget used per {period} (mean)")),
    ];
    if let Some(e) = &o.exhaustion {
        let class = &e.class_name;
        rows.push(
            Figure::new(
                "",
                "Budget runs out",
                Cell::of(Num::Words(format!(
                    "in a breaching {period}: {class} {} (median; 10 % by {class} {}, 90 % by {class} {})",
                    e.median, e.p10, e.p90
                ))),
            )
            .only(Targets::TEXT | Targets::MARKUP),
        );
        rows.push(Figure::new("budget_exhausted_median", "", Cell::of(Num::Count(e.median))).only(Targets::CSV));
    }
    let none = o.outages_distribution.first().copied().unwrap_or(1.0);
    rows.push(
        Figure::new("outages_per_period", format!("Outages per {period}"), Cell::estimate(&o.outages_per_period, Num::Plain))
            .heading(format!("outages per {period} (mean)"))
            .note(format!("{} of periods have none", percent(none))),
    );
    for l in &o.long_outages {
        let x = human(l.longer_than);
        rows.push(
            Figure::new("p_outage_longer_than", format!("P(outage > {x})"), Cell::estimate(&l.probability, Num::Percent))
                .heading(format!("P(a {period} has an outage > {x})"))
                .only(Targets::TEXT | Targets::MARKUP),
        );
    }
    if let Some(c) = &o.credits_per_year {
        rows.push(
            Figure::new("cost_sla_credits_per_year", "Credits owed", Cell::estimate(c, Num::Plain))
                .heading("credits owed per year")
                .unit("/year"),
        );
    }
    match &o.worst {
        Some(w) => {
            rows.push(
                Figure::new(
                    "",
                    format!("Worst {period}, {} years", trimmed(w.years)),
                    Cell::of(Num::Words(format!(
                        "{} down (availability {}, median over spans); one span in ten has one worse than {}",
                        human(w.median_downtime),
                        probability_or_one(w.median_availability),
                        human(w.p90_downtime)
                    ))),
                )
                .only(Targets::TEXT | Targets::MARKUP),
            );
            rows.push(
                Figure::new("worst_period_downtime_median_minutes", "", Cell::of(Num::Plain(w.median_downtime * to_minutes)))
                    .only(Targets::CSV),
            );
            rows.push(
                Figure::new("worst_period_downtime_p90_minutes", "", Cell::of(Num::Plain(w.p90_downtime * to_minutes))).only(Targets::CSV),
            );
        }
        None => rows.push(
            Figure::new("", "Worst period", Cell::of(Num::Words("n/a".into())))
                .note("a simulated life is shorter than the span asked for")
                .only(Targets::TEXT),
        ),
    }
    doc.figures(
        Figures {
            heads: vec!["metric".into(), "estimate".into(), "95% CI".into()],
            csv_prefix: vec!["objective".into(), o.id.clone()],
            rows,
            text_line: None,
        },
        Targets::ALL,
    );
}

/// An availability, or 1 written as such.
fn probability_or_one(a: f64) -> String {
    if a >= 1.0 { "1".into() } else { probability(a) }
}
