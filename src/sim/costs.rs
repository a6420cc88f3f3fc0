//! What a replication cost, per year of its observation window, by category. Each replication
//! gives one value per category (and their sum), so each category's mean over replications has
//! a valid interval, and so has the total (summed per replication, not from the means).

use serde::{Deserialize, Serialize};

use super::engine::{Observation, Window};
use crate::model::costs::CostModel;
use crate::stats::Moments;
use crate::units::HOURS_PER_YEAR;

/// Costs per year of the observation window, per replication, by category.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct CostTally {
    /// Running costs of the components and crew retainers.
    pub infrastructure: Moments,
    /// Per-failure costs of the components.
    pub failures: Moments,
    /// Repair labour: components' repair hours, crews' busy hours and call-outs.
    pub repair: Moments,
    /// System downtime: per hour down and per outage.
    pub downtime: Moments,
    /// SLA credits owed.
    pub sla_credits: Moments,
    /// The sum of the categories.
    pub total: Moments,
}

/// One replication's costs per year, by category (see [`CostTally`]).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct CostSample {
    /// Running costs.
    pub infrastructure: f64,
    /// Failures.
    pub failures: f64,
    /// Repair labour.
    pub repair: f64,
    /// Downtime.
    pub downtime: f64,
    /// SLA credits.
    pub sla_credits: f64,
}

impl CostSample {
    /// What `obs` cost per year of `window`, with `costs` and `hours` hours per model time unit.
    pub fn of(obs: &Observation, window: Window, costs: &CostModel, hours: f64) -> Self {
        let years = window.length() * hours / HOURS_PER_YEAR;
        let failures: f64 = costs.components.iter().zip(&obs.component_failures).map(|(c, &n)| c.per_failure * n as f64).sum();
        let repair_hours: f64 = costs.components.iter().zip(&obs.component_repair_time).map(|(c, &t)| c.per_repair_hour * t * hours).sum();
        let crews: f64 = costs
            .crews
            .iter()
            .zip(obs.crew_call_outs.iter().zip(&obs.crew_busy_time))
            .map(|(k, (&calls, &busy))| k.per_call_out * calls as f64 + k.per_hour * busy * hours)
            .sum();
        let downtime = costs.per_hour_down * obs.downtime * hours + costs.per_outage * obs.failures as f64;
        Self {
            infrastructure: costs.infrastructure_per_year(),
            failures: failures / years,
            repair: (repair_hours + crews) / years,
            downtime: downtime / years,
            sla_credits: obs.sla_credits(window) / years,
        }
    }

    /// The sum of the categories.
    pub fn total(&self) -> f64 {
        self.infrastructure + self.failures + self.repair + self.downtime + self.sla_credits
    }
}

impl CostTally {
    /// Adds one replication.
    pub fn push(&mut self, sample: &CostSample) {
        self.infrastructure.push(sample.infrastructure);
        self.failures.push(sample.failures);
        self.repair.push(sample.repair);
        self.downtime.push(sample.downtime);
        self.sla_credits.push(sample.sla_credits);
        self.total.push(sample.total());
    }

    /// Adds every replication of `other` after these.
    pub fn merge(&mut self, other: &Self) {
        for (mine, (_, theirs)) in self.moments_mut().into_iter().zip(other.moments()) {
            mine.merge(theirs);
        }
    }

    /// Every category and the total, with their names (for checks).
    pub fn moments(&self) -> [(&'static str, &Moments); 6] {
        [
            ("infrastructure cost", &self.infrastructure),
            ("failure cost", &self.failures),
            ("repair cost", &self.repair),
            ("downtime cost", &self.downtime),
            ("SLA credits", &self.sla_credits),
            ("total cost", &self.total),
        ]
    }

    fn moments_mut(&mut self) -> [&mut Moments; 6] {
        [&mut self.infrastructure, &mut self.failures, &mut self.repair, &mut self.downtime, &mut self.sla_credits, &mut self.total]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::parse_str;
    use crate::sim::Engine;

    #[test]
    fn each_category_of_a_hand_computed_history() {
        // The history of `repair_hours_call_outs_and_busy_hours_follow_a_hand_computed_history`
        // (engine lifecycle tests): in the window [11.5, 38) h, 2 component failures, 4.5 repair
        // hours, 2 call-outs, 6.5 busy hours, 2 system failures and 6.5 h down.
        let model = r#"{"name": "crewed", "components": [{"id": "a", "failure": {"dist": "fixed", "value": 10},
            "repair": {"dist": "fixed", "value": 2}, "crew": "ops",
            "cost": {"acquisition": 1000, "per_year": 50, "per_failure": 100, "per_repair_hour": 10}}],
            "crews": [{"id": "ops", "response": {"dist": "fixed", "value": 1},
            "cost": {"per_year": 20, "per_call_out": 30, "per_hour": 5}}],
            "costs": {"per_hour_down": 1000, "per_outage": 7, "currency": "EUR"}, "system": "a"}"#;
        for (unit, scale) in [("hours", 1.0), ("minutes", 60.0)] {
            let text = model.replace(r#""name": "crewed","#, &format!(r#""name": "crewed", "time_unit": "{unit}","#));
            let text = if scale == 1.0 { text } else { scale_durations(&text) };
            let system = parse_str(&text, "t.json").expect("valid").system;
            let window = Window { warmup: 11.5 * scale, horizon: 38.0 * scale };
            let mut engine = Engine::new(&system);
            engine.run(1, 0, window);
            let costs = system.costs.as_ref().expect("costs");
            let sample = CostSample::of(engine.observation(), window, costs, system.time_unit.hours());
            let years = 26.5 / HOURS_PER_YEAR;
            let close = |got: f64, want: f64| assert!((got - want).abs() <= 1e-9 * want.abs(), "{unit}: {got} ≠ {want}");
            close(sample.infrastructure, 70.0);
            close(sample.failures, 200.0 / years);
            close(sample.repair, (10.0 * 4.5 + 30.0 * 2.0 + 5.0 * 6.5) / years);
            close(sample.downtime, (1000.0 * 6.5 + 7.0 * 2.0) / years);
            assert_eq!(sample.sla_credits, 0.0);
            close(sample.total(), 70.0 + (200.0 + 137.5 + 6514.0) / years);
            assert_eq!(costs.acquisition(), 1000.0);
        }
    }

    /// The same model in minutes: every fixed duration × 60.
    fn scale_durations(text: &str) -> String {
        text.replace(r#""value": 10}"#, r#""value": 600}"#)
            .replace(r#""value": 2}"#, r#""value": 120}"#)
            .replace(r#""value": 1}"#, r#""value": 60}"#)
    }

    #[test]
    fn merging_equals_pushing_in_order_and_the_total_is_summed_per_replication() {
        let samples = [
            CostSample { infrastructure: 1.0, failures: 2.0, repair: 0.0, downtime: 10.0, sla_credits: 0.0 },
            CostSample { infrastructure: 1.0, failures: 0.0, repair: 3.0, downtime: 0.0, sla_credits: 0.0 },
            CostSample { infrastructure: 1.0, failures: 4.0, repair: 1.0, downtime: 5.0, sla_credits: 2.0 },
        ];
        let mut all = CostTally::default();
        samples.iter().for_each(|s| all.push(s));
        let (mut first, mut rest) = (CostTally::default(), CostTally::default());
        first.push(&samples[0]);
        samples[1..].iter().for_each(|s| rest.push(s));
        first.merge(&rest);
        for ((what, merged), (_, pushed)) in first.moments().into_iter().zip(all.moments()) {
            assert_eq!(merged.n, pushed.n, "{what}");
            assert!((merged.mean - pushed.mean).abs() < 1e-12 && (merged.m2 - pushed.m2).abs() < 1e-9, "{what}");
        }
        assert!((all.total.mean - (13.0 + 4.0 + 13.0) / 3.0).abs() < 1e-12);
        // The total's spread is that of the per-replication sums (13, 4, 13), not of the parts.
        assert!((all.total.variance() - 27.0).abs() < 1e-9, "{}", all.total.variance());
    }
}
