//! A run's costs ([`Costs`]) from its tally: each category's expected cost per year with the
//! interval of its per-replication values, the total likewise, the one-off acquisition and the
//! expected total over the horizon.

use crate::model::System;
use crate::sim::costs::CostTally;
use crate::units::HOURS_PER_YEAR;

use super::results::{Costs, Interval};

impl Costs {
    /// The costs of a run of `system` over a horizon of `horizon` (model time units), from what
    /// its replications cost (`None` when the model has no costs or nothing was tallied).
    pub(crate) fn new(system: &System, tally: Option<&CostTally>, horizon: f64) -> Option<Self> {
        let model = system.costs.as_ref()?;
        let tally = tally.filter(|t| t.total.n > 0)?;
        let total = tally.total.estimate();
        let acquisition = model.acquisition();
        let years = horizon * system.time_unit.hours() / HOURS_PER_YEAR;
        let sla = tally.sla_credits.estimate();
        Some(Costs {
            currency: model.currency.clone(),
            infrastructure_per_year: tally.infrastructure.estimate(),
            failures_per_year: tally.failures.estimate(),
            repair_per_year: tally.repair.estimate(),
            downtime_per_year: tally.downtime.estimate(),
            sla_credits_per_year: system.objectives.iter().any(|o| !o.credits.is_empty()).then_some(sla),
            total_per_year: total,
            acquisition,
            horizon_years: years,
            total_over_horizon: Interval {
                mean: acquisition + total.mean * years,
                ci95: [acquisition + total.ci95[0] * years, acquisition + total.ci95[1] * years],
            },
        })
    }
}
