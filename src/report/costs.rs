//! The "Costs" section of a run's report: each category's expected cost per year with its 95%
//! interval, the total, the one-off acquisition and the expected total over the horizon. Only
//! runs of models with costs have it.

use super::document::{Cell, Document, Figure, Figures, Num, Targets, plain};
use super::fmt::number;
use crate::study::results::RunResult;

/// Appends the section when the run has costs.
pub(super) fn section(doc: &mut Document, r: &RunResult) {
    let Some(c) = &r.costs else { return };
    let currency = c.currency.clone().unwrap_or_default();
    let per_year = if currency.is_empty() { "/year".to_string() } else { format!("{currency}/year") };
    let mut rows = vec![
        Figure::new("cost_infrastructure_per_year", "Infrastructure", Cell::estimate(&c.infrastructure_per_year, Num::Plain))
            .heading(format!("infrastructure ({per_year})"))
            .unit(&per_year),
        Figure::new("cost_failures_per_year", "Failures", Cell::estimate(&c.failures_per_year, Num::Plain))
            .heading(format!("failures ({per_year})"))
            .unit(&per_year),
        Figure::new("cost_repair_per_year", "Repair labour", Cell::estimate(&c.repair_per_year, Num::Plain))
            .heading(format!("repair labour ({per_year})"))
            .unit(&per_year),
        Figure::new("cost_downtime_per_year", "Downtime", Cell::estimate(&c.downtime_per_year, Num::Plain))
            .heading(format!("downtime ({per_year})"))
            .unit(&per_year),
    ];
    if let Some(sla) = &c.sla_credits_per_year {
        rows.push(
            Figure::new("cost_sla_credits_per_year", "SLA credits", Cell::estimate(sla, Num::Plain))
                .heading(format!("SLA credits ({per_year})"))
                .unit(&per_year),
        );
    }
    let money = if currency.is_empty() { String::new() } else { currency.clone() };
    rows.extend([
        Figure::new("cost_total_per_year", "Total per year", Cell::estimate(&c.total_per_year, Num::Plain))
            .heading(format!("total ({per_year})"))
            .unit(&per_year),
        Figure::new("cost_acquisition", "Acquisition (one-off)", Cell::of(Num::Plain(c.acquisition)))
            .heading(if money.is_empty() { "acquisition (one-off)".into() } else { format!("acquisition ({money}, one-off)") })
            .unit(&money),
        Figure::new(
            "cost_total_over_horizon",
            format!("Total over {} years", number(c.horizon_years)),
            Cell::interval(c.total_over_horizon.mean, c.total_over_horizon.ci95, Num::Plain),
        )
        .heading(if money.is_empty() {
            format!("total over {} years", number(c.horizon_years))
        } else {
            format!("total over {} years ({money})", number(c.horizon_years))
        })
        .unit(&money),
    ]);
    doc.blank(Targets::TEXT | Targets::MARKDOWN);
    doc.words("Costs (expected per year of the observation window, 95% CI over replications)", Targets::TEXT);
    doc.heading(3, vec![plain("Costs")], Targets::MARKDOWN | Targets::HTML);
    doc.blank(Targets::MARKDOWN);
    doc.figures(
        Figures {
            heads: vec!["cost".into(), "expected".into(), "95% CI".into()],
            csv_prefix: vec!["costs".into(), r.model.name.clone()],
            rows,
            text_line: None,
        },
        Targets::ALL,
    );
}
