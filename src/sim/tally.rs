//! Accumulates replications into mergeable totals. A replication is one independent
//! observation; estimators and their standard errors are taken across replications.

use serde::{Deserialize, Serialize};

use super::costs::{CostSample, CostTally};
use super::engine::{Observation, PeriodLog, TIME_BINS, Window};
use crate::model::System;
use crate::stats::{LogHistogram, Moments, PairedMoments};

/// Per-component totals across replications.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ComponentTally {
    /// Fraction of the window the component was down, per replication.
    pub unavailability: Moments,
    /// Component failures per unit of time, per replication.
    pub failure_rate: Moments,
    /// Fraction of the window the system was down with this component down and critical.
    pub contribution: Moments,
}

/// Per standby block totals across replications.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct StandbyTally {
    /// Switchovers per unit of time, per replication.
    pub switchover_rate: Moments,
    /// Failed switch attempts per unit of time, per replication.
    pub failed_switch_rate: Moments,
    /// Fraction of the window the system was down only because this block was switching over.
    pub contribution: Moments,
}

/// Per service-level objective totals across replications (see `engine::PeriodLog`). Each
/// replication's share of periods is one observation: periods of one life are correlated, lives
/// are independent.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ObjectiveTally {
    /// Complete periods per replication.
    pub periods: u64,
    /// Share of a life's periods that missed the objective, per replication.
    pub breach: Moments,
    /// Mean availability of a life's periods, per replication.
    pub availability: Moments,
    /// Credits owed per unit of time (of complete periods), per replication.
    pub credits_rate: Moments,
    /// Mean share of the downtime allowance used per period, per replication.
    pub budget: Moments,
    /// Mean outages begun per period, per replication.
    pub outages: Moments,
    /// Per long-outage length X: share of a life's periods in which an outage longer than X
    /// began, per replication.
    pub long_outages: Vec<Moments>,
    /// Replications with at least one breaching period.
    pub lives_with_breach: u64,
    /// Breaching periods in all.
    pub breaches: u64,
    /// Downtime of every period (pooled).
    pub period_downtime: LogHistogram,
    /// Periods by outages begun in them (the last class: that many or more).
    pub outages_per_period: Vec<u64>,
    /// Breaching periods by the class of the moment their allowance ran out.
    pub exhausted_on: Vec<u64>,
    /// The worst period's downtime in each span of N years (pooled).
    pub worst: LogHistogram,
}

impl ObjectiveTally {
    fn add(&mut self, log: &PeriodLog) {
        let period = log.period();
        let n = log.closed.max(1) as f64;
        self.periods = log.closed;
        self.breach.push(log.breaches as f64 / n);
        self.availability.push(1.0 - log.downtime / (n * period));
        self.credits_rate.push(log.credits_owed / (n * period));
        self.budget.push(log.budget_used() / n);
        self.outages.push(log.outage_count as f64 / n);
        if self.long_outages.len() < log.long_outage_periods.len() {
            self.long_outages.resize(log.long_outage_periods.len(), Moments::default());
        }
        for (m, &k) in self.long_outages.iter_mut().zip(&log.long_outage_periods) {
            m.push(k as f64 / n);
        }
        self.lives_with_breach += u64::from(log.breaches > 0);
        self.breaches += log.breaches;
        self.period_downtime.merge(&log.period_downtime);
        add_counts(&mut self.outages_per_period, &log.outages_per_period);
        add_counts(&mut self.exhausted_on, &log.exhausted_on);
        self.worst.merge(&log.worst);
    }

    fn merge(&mut self, other: &Self) {
        self.periods = self.periods.max(other.periods);
        self.breach.merge(&other.breach);
        self.availability.merge(&other.availability);
        self.credits_rate.merge(&other.credits_rate);
        self.budget.merge(&other.budget);
        self.outages.merge(&other.outages);
        if self.long_outages.len() < other.long_outages.len() {
            self.long_outages.resize(other.long_outages.len(), Moments::default());
        }
        for (mine, theirs) in self.long_outages.iter_mut().zip(&other.long_outages) {
            mine.merge(theirs);
        }
        self.lives_with_breach += other.lives_with_breach;
        self.breaches += other.breaches;
        self.period_downtime.merge(&other.period_downtime);
        add_counts(&mut self.outages_per_period, &other.outages_per_period);
        add_counts(&mut self.exhausted_on, &other.exhausted_on);
        self.worst.merge(&other.worst);
    }

    /// The per-replication figures, for [`Tally::check_batch`].
    fn moments(&self) -> impl Iterator<Item = &Moments> {
        [&self.breach, &self.availability, &self.credits_rate, &self.budget, &self.outages].into_iter().chain(&self.long_outages)
    }
}

fn add_counts(into: &mut Vec<u64>, from: &[u64]) {
    if into.len() < from.len() {
        into.resize(from.len(), 0);
    }
    for (a, b) in into.iter_mut().zip(from) {
        *a += b;
    }
}

/// Delivered service across replications (a model with a `demand` only).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ServiceTally {
    /// Lost service, ∫ (1 − delivered fraction) dt / window, per replication.
    pub unavailability: Moments,
    /// Per component: its share of the lost service / window, per replication (its critical
    /// share of the downtime plus its share of the deficit while up).
    pub components: Vec<Moments>,
}

impl ServiceTally {
    fn add(&mut self, obs: &Observation, length: f64) {
        self.unavailability.push(obs.lost_service / length);
        if self.components.len() < obs.service_deficit.len() {
            self.components.resize(obs.service_deficit.len(), Moments::default());
        }
        for (c, tally) in self.components.iter_mut().enumerate() {
            tally.push((obs.component_contribution[c] + obs.service_deficit[c]) / length);
        }
    }

    fn merge(&mut self, other: &Self) {
        self.unavailability.merge(&other.unavailability);
        if self.components.len() < other.components.len() {
            self.components.resize(other.components.len(), Moments::default());
        }
        for (mine, theirs) in self.components.iter_mut().zip(&other.components) {
            mine.merge(theirs);
        }
    }
}

/// Everything a run accumulates; merging two tallies equals tallying their replications
/// together, in that order.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Tally {
    /// System unavailability (downtime / window), per replication.
    pub unavailability: Moments,
    /// System failures per unit of time, per replication.
    pub failure_rate: Moments,
    /// Unplanned system failures (those no maintenance window began) per unit of time, per
    /// replication.
    #[serde(default)]
    pub unplanned_failure_rate: Moments,
    /// Planned system downtime (outages that maintenance began) / window, per replication.
    pub planned: Moments,
    /// Unplanned system downtime / window, per replication.
    pub unplanned: Moments,
    /// Time up with reduced redundancy / window, per replication.
    pub degraded: Moments,
    /// Time up with every block at full strength / window, per replication.
    pub fully_redundant: Moments,
    /// (failures, downtime) per replication: ΣD/ΣN is the mean down time.
    pub down_per_failure: PairedMoments,
    /// (failures, uptime) per replication: ΣU/ΣN is the mean up time.
    pub up_per_failure: PairedMoments,
    /// min(time to first system failure, horizon), per replication.
    pub first_failure: Moments,
    /// Replications with no system failure before the horizon.
    pub survivors: u64,
    /// Outage durations.
    pub outages: LogHistogram,
    /// Component events processed.
    pub events: u64,
    /// Per component, in the system's component order.
    pub components: Vec<ComponentTally>,
    /// Per block: fraction of the window it was down, per replication.
    pub blocks: Vec<Moments>,
    /// Per standby block.
    #[serde(default)]
    pub standbys: Vec<StandbyTally>,
    /// Per time bin of [0, horizon] (see [`super::engine::TIME_BINS`]): fraction of the bin the
    /// system was down, per replication.
    #[serde(default)]
    pub bins: Vec<Moments>,
    /// Times of the first system failure (replications with one before the horizon).
    #[serde(default)]
    pub first_failure_times: LogHistogram,
    /// The running estimate of U after each batch (replications so far, their moments), kept by
    /// the runner for the convergence plot; [`Tally::merge`] leaves it alone.
    #[serde(default)]
    pub convergence: Vec<(u64, Moments)>,
    /// Per service-level objective, in the model's order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub objectives: Vec<ObjectiveTally>,
    /// Costs per year by category, per replication (models with costs only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub costs: Option<CostTally>,
    /// Delivered service, for a model with a `demand` (absent otherwise).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service: Option<ServiceTally>,
}

impl Tally {
    /// An empty tally for `n` components.
    pub fn new(components: usize, blocks: usize) -> Self {
        Self { components: vec![ComponentTally::default(); components], blocks: vec![Moments::default(); blocks], ..Self::default() }
    }

    /// Number of replications tallied.
    pub fn replications(&self) -> u64 {
        self.unavailability.n
    }

    /// Adds one replication.
    pub fn add(&mut self, obs: &Observation, window: Window, system: &System) {
        let length = window.length();
        let failures = obs.failures as f64;
        self.unavailability.push(obs.downtime / length);
        self.failure_rate.push(failures / length);
        self.unplanned_failure_rate.push((obs.failures - obs.planned_failures) as f64 / length);
        self.planned.push(obs.planned_downtime / length);
        self.unplanned.push((obs.downtime - obs.planned_downtime) / length);
        self.degraded.push(obs.degraded_time / length);
        self.fully_redundant.push((length - obs.downtime - obs.degraded_time).max(0.0) / length);
        self.down_per_failure.push(failures, obs.downtime);
        self.up_per_failure.push(failures, length - obs.downtime);
        self.first_failure.push(obs.first_failure.unwrap_or(window.horizon));
        self.survivors += u64::from(obs.first_failure.is_none());
        self.outages.merge(&obs.outages);
        self.events += obs.events;
        for (c, tally) in self.components.iter_mut().enumerate() {
            tally.unavailability.push(obs.component_downtime[c] / length);
            tally.failure_rate.push(obs.component_failures[c] as f64 / length);
            tally.contribution.push(obs.component_contribution[c] / length);
        }
        for (tally, downtime) in self.blocks.iter_mut().zip(&obs.block_downtime) {
            tally.push(downtime / length);
        }
        let bins = obs.bin_downtime.len();
        if self.bins.len() < bins {
            self.bins.resize(bins, Moments::default());
        }
        let width = window.horizon / bins.max(1) as f64;
        for (tally, downtime) in self.bins.iter_mut().zip(&obs.bin_downtime) {
            tally.push(downtime / width);
        }
        if let Some(t) = obs.first_failure {
            self.first_failure_times.record(t);
        }
        if self.objectives.len() < obs.periods.len() {
            self.objectives.resize(obs.periods.len(), ObjectiveTally::default());
        }
        for (tally, log) in self.objectives.iter_mut().zip(&obs.periods) {
            tally.add(log);
        }
        if self.standbys.len() < obs.switchovers.len() {
            self.standbys.resize(obs.switchovers.len(), StandbyTally::default());
        }
        for (s, tally) in self.standbys.iter_mut().enumerate() {
            tally.switchover_rate.push(obs.switchovers[s] as f64 / length);
            tally.failed_switch_rate.push(obs.failed_switches[s] as f64 / length);
            tally.contribution.push(obs.switchover_contribution[s] / length);
        }
        if !obs.service_deficit.is_empty() {
            self.service.get_or_insert_with(ServiceTally::default).add(obs, length);
        }
        if let Some(costs) = &system.costs {
            let sample = CostSample::of(obs, window, costs, system.time_unit.hours());
            self.costs.get_or_insert_with(CostTally::default).push(&sample);
        }
    }

    /// Why this tally cannot be a batch of `replications` replications of `system` (a shard
    /// file edited or truncated by hand), or `Ok`: every per-replication figure counts exactly
    /// those replications, the per-component, per-block, per-standby and per-bin lists have the
    /// model's lengths, and every mean and spread is a finite number in its range.
    pub fn check_batch(&self, system: &System, replications: u64) -> Result<(), String> {
        let count = |what: &str, m: &Moments| -> Result<(), String> {
            if m.n != replications {
                return Err(format!("{what} counts {} replications, not {replications}", m.n));
            }
            if !(m.mean.is_finite() && m.m2.is_finite() && m.m2 >= 0.0) {
                return Err(format!("{what} is not a finite mean and spread"));
            }
            Ok(())
        };
        let length = |what: &str, got: usize, want: usize| -> Result<(), String> {
            if got == want { Ok(()) } else { Err(format!("{got} {what}, the model has {want}")) }
        };
        length("components", self.components.len(), system.components().len())?;
        length("blocks", self.blocks.len(), system.blocks().len())?;
        length("standby blocks", self.standbys.len(), system.standbys.len())?;
        length("time bins", self.bins.len(), TIME_BINS)?;
        length("objectives", self.objectives.len(), system.objectives.len())?;
        for (o, objective) in self.objectives.iter().zip(&system.objectives) {
            for m in o.moments() {
                count("an objective's figure", m)?;
            }
            // Every period is counted once in each of its distributions.
            let periods = o.periods.saturating_mul(replications);
            let consistent = o.long_outages.len() == objective.long_outages.len()
                && o.lives_with_breach <= replications
                && o.breaches <= periods
                && o.period_downtime.count() == periods
                && o.outages_per_period.iter().sum::<u64>() == periods
                && o.exhausted_on.iter().sum::<u64>() == o.breaches;
            if !consistent {
                return Err(format!("objective `{}`'s periods do not add up", objective.id));
            }
        }
        for (what, m) in [
            ("unavailability", &self.unavailability),
            ("failure rate", &self.failure_rate),
            ("unplanned failure rate", &self.unplanned_failure_rate),
            ("planned downtime", &self.planned),
            ("unplanned downtime", &self.unplanned),
            ("degraded time", &self.degraded),
            ("fully redundant time", &self.fully_redundant),
            ("first failure", &self.first_failure),
        ] {
            count(what, m)?;
        }
        for (what, p) in [("down time per failure", &self.down_per_failure), ("up time per failure", &self.up_per_failure)] {
            if p.n != replications {
                return Err(format!("{what} counts {} replications, not {replications}", p.n));
            }
        }
        for c in &self.components {
            for m in [&c.unavailability, &c.failure_rate, &c.contribution] {
                count("a component's figure", m)?;
            }
        }
        for s in &self.standbys {
            for m in [&s.switchover_rate, &s.failed_switch_rate, &s.contribution] {
                count("a standby block's figure", m)?;
            }
        }
        for m in self.blocks.iter().chain(&self.bins) {
            count("a block's or time bin's downtime", m)?;
        }
        match (&self.costs, &system.costs) {
            (Some(costs), Some(_)) => {
                for (what, m) in costs.moments() {
                    count(what, m)?;
                }
            }
            (None, None) => {}
            (Some(_), None) => return Err("costs, the model has none".into()),
            (None, Some(_)) => return Err("no costs, the model has costs".into()),
        }
        match (&self.service, system.has_demand()) {
            (Some(service), true) => {
                count("lost service", &service.unavailability)?;
                length("components' lost service", service.components.len(), system.components().len())?;
                for m in &service.components {
                    count("a component's lost service", m)?;
                }
            }
            (None, false) => {}
            (Some(_), false) => return Err("delivered service is tallied but the model has no demand".into()),
            // A batch of no replication has nothing to tally.
            (None, true) if replications == 0 => {}
            (None, true) => return Err("the model has a demand but the delivered service is missing".into()),
        }
        if self.survivors > replications {
            return Err(format!("{} survivors of {replications} replications", self.survivors));
        }
        Ok(())
    }

    /// Why this tally's objectives cannot come from a window of length `window` (each life holds
    /// ⌊window / period⌋ complete periods), or `Ok`.
    pub fn check_periods(&self, system: &System, window: f64) -> Result<(), String> {
        for (o, objective) in self.objectives.iter().zip(&system.objectives) {
            let expected = (window / objective.period).floor();
            if o.breach.n > 0 && o.periods as f64 != expected {
                return Err(format!("objective `{}` counts {} periods per life, the window holds {expected}", objective.id, o.periods));
            }
        }
        Ok(())
    }

    /// Adds every replication of `other` after this tally's own.
    pub fn merge(&mut self, other: &Self) {
        self.unavailability.merge(&other.unavailability);
        self.failure_rate.merge(&other.failure_rate);
        self.unplanned_failure_rate.merge(&other.unplanned_failure_rate);
        self.planned.merge(&other.planned);
        self.unplanned.merge(&other.unplanned);
        self.degraded.merge(&other.degraded);
        self.fully_redundant.merge(&other.fully_redundant);
        self.down_per_failure.merge(&other.down_per_failure);
        self.up_per_failure.merge(&other.up_per_failure);
        self.first_failure.merge(&other.first_failure);
        self.survivors += other.survivors;
        self.outages.merge(&other.outages);
        self.events += other.events;
        if self.components.is_empty() {
            self.components = vec![ComponentTally::default(); other.components.len()];
        }
        if self.blocks.is_empty() {
            self.blocks = vec![Moments::default(); other.blocks.len()];
        }
        for (mine, theirs) in self.blocks.iter_mut().zip(&other.blocks) {
            mine.merge(theirs);
        }
        if self.bins.len() < other.bins.len() {
            self.bins.resize(other.bins.len(), Moments::default());
        }
        for (mine, theirs) in self.bins.iter_mut().zip(&other.bins) {
            mine.merge(theirs);
        }
        self.first_failure_times.merge(&other.first_failure_times);
        if self.standbys.len() < other.standbys.len() {
            self.standbys.resize(other.standbys.len(), StandbyTally::default());
        }
        for (mine, theirs) in self.standbys.iter_mut().zip(&other.standbys) {
            mine.switchover_rate.merge(&theirs.switchover_rate);
            mine.failed_switch_rate.merge(&theirs.failed_switch_rate);
            mine.contribution.merge(&theirs.contribution);
        }
        if self.objectives.len() < other.objectives.len() {
            self.objectives.resize(other.objectives.len(), ObjectiveTally::default());
        }
        for (mine, theirs) in self.objectives.iter_mut().zip(&other.objectives) {
            mine.merge(theirs);
        }
        for (mine, theirs) in self.components.iter_mut().zip(&other.components) {
            mine.unavailability.merge(&theirs.unavailability);
            mine.failure_rate.merge(&theirs.failure_rate);
            mine.contribution.merge(&theirs.contribution);
        }
        if let Some(theirs) = &other.costs {
            self.costs.get_or_insert_with(CostTally::default).merge(theirs);
        }
        if let Some(theirs) = &other.service {
            self.service.get_or_insert_with(ServiceTally::default).merge(theirs);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::engine::{Engine, Window};
    use super::Tally;
    use crate::model::parse_str;

    /// Delivered service is tallied only for a model with a demand, merges like tallying the
    /// replications together, and a batch without it (or with it for a model without a demand)
    /// is refused.
    #[test]
    fn service_is_tallied_merged_and_checked_only_with_a_demand() {
        let text = r#"{"name": "d", "components": [{"id": "s", "count": 4,
            "failure": {"dist": "exponential", "mean": 20}, "repair": {"dist": "exponential", "mean": 5}}],
            "system": {"k_of_n": {"k": 2, "demand": 3, "of": ["s"]}}}"#;
        let with = parse_str(text, "d.json").expect("valid");
        let without = parse_str(&text.replace(r#""demand": 3, "#, ""), "d.json").expect("valid");
        let window = Window { warmup: 0.0, horizon: 500.0 };
        let tally = |system: &crate::model::System, from: u64, to: u64| {
            let mut engine = Engine::new(system);
            let mut tally = Tally::new(system.components().len(), system.blocks().len());
            for r in from..to {
                engine.run(7, r, window);
                tally.add(engine.observation(), window, system);
            }
            tally
        };
        let all = tally(&with.system, 0, 6);
        let mut merged = tally(&with.system, 0, 2);
        merged.merge(&tally(&with.system, 2, 6));
        let service = all.service.as_ref().expect("tallied with a demand");
        let parts = merged.service.as_ref().expect("merged");
        let close = |a: &crate::stats::Moments, b: &crate::stats::Moments| {
            a.n == b.n && (a.mean - b.mean).abs() < 1e-12 && (a.m2 - b.m2).abs() < 1e-12
        };
        assert!(close(&parts.unavailability, &service.unavailability), "{parts:?} vs {service:?}");
        assert_eq!(parts.components.len(), 4);
        assert!(parts.components.iter().zip(&service.components).all(|(a, b)| close(a, b)));
        assert!(service.unavailability.mean > all.unavailability.mean, "lost service exceeds the downtime");
        assert_eq!(all.check_batch(&with.system, 6), Ok(()));
        let plain = tally(&without.system, 0, 6);
        assert!(plain.service.is_none());
        assert_eq!(plain.check_batch(&without.system, 6), Ok(()));
        assert!(plain.check_batch(&with.system, 6).is_err(), "a demand model's batch must carry the service");
        assert!(all.check_batch(&without.system, 6).is_err());
        // Old shard files (no `service` field) still load.
        let json = serde_json::to_string(&plain).expect("serialises");
        assert!(!json.contains("service"));
        let back: Tally = serde_json::from_str(&json).expect("loads");
        assert_eq!(back, plain);
    }
}
