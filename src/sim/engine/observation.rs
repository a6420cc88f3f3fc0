//! What a replication observes: the window, the [`Observation`], and the recording of the
//! system's outages and of the time between events.
//!
//! During [`Engine::run`] the observation is moved out of the engine and passed, as
//! `obs: &mut Observation`, to the handlers of real events only; the critical search holds only
//! the engine, so it has no way to write one. As a [`Recorder`], an `Observation` is the real
//! side of the state propagation.

use crate::model::System;
use crate::stats::LogHistogram;

use super::periods::PeriodLog;
use super::{Engine, NO_STANDBY, Recorder};

/// The observation window and seeds of one replication.
#[derive(Debug, Clone, Copy)]
pub struct Window {
    /// Statistics start here (steady-state warm-up excluded).
    pub warmup: f64,
    /// The replication ends here.
    pub horizon: f64,
}

impl Window {
    /// Length of the part of [a, b) inside [warmup, horizon).
    #[inline]
    pub(super) fn overlap(&self, a: f64, b: f64) -> f64 {
        (b.min(self.horizon) - a.max(self.warmup)).max(0.0)
    }

    /// True when an instant counts for statistics.
    #[inline]
    pub(super) fn contains(&self, t: f64) -> bool {
        t >= self.warmup && t < self.horizon
    }

    /// Length of the window.
    pub fn length(&self) -> f64 {
        self.horizon - self.warmup
    }
}

/// What one replication observed (times in the model's unit, within the window unless noted).
#[derive(Debug, Clone, Default)]
pub struct Observation {
    /// System downtime.
    pub downtime: f64,
    /// The part of the downtime in outages that planned maintenance began.
    pub planned_downtime: f64,
    /// Time the system was up with reduced redundancy: some block had a member down (or less
    /// than its nominal capacity).
    pub degraded_time: f64,
    /// System failures (up → down transitions), planned ones included.
    pub failures: u64,
    /// The system failures that the start of a planned maintenance window caused (the event
    /// that took the system down was a window's start); the others are unplanned.
    pub planned_failures: u64,
    /// Time of the first system failure from t = 0 (`None`: none before the horizon).
    pub first_failure: Option<f64>,
    /// Durations of the outages that began in the window and ended before the horizon.
    pub outages: LogHistogram,
    /// Events processed (failures, repair steps, maintenance, shocks, switchovers), over the
    /// whole replication.
    pub events: u64,
    /// Per component: its own downtime (failures and maintenance).
    pub component_downtime: Vec<f64>,
    /// Per component: its failures (maintenance is not a failure).
    pub component_failures: Vec<u64>,
    /// Per component: system downtime during which it was down and critical (its return alone
    /// would have brought the system back up).
    pub component_contribution: Vec<f64>,
    /// Per block: its downtime (for `explain`'s block-by-block comparison).
    pub block_downtime: Vec<f64>,
    /// System downtime in each of [`TIME_BINS`] equal bins of [0, horizon] (from t = 0, warm-up
    /// included): the point availability A(t) over the life.
    pub bin_downtime: Vec<f64>,
    /// Per standby block: switchovers begun (failovers and failbacks).
    pub switchovers: Vec<u64>,
    /// Per standby block: failover attempts that failed.
    pub failed_switches: Vec<u64>,
    /// Per standby block: system downtime during which its switchover alone kept the system
    /// down (the end of the switchover would have restored service).
    pub switchover_contribution: Vec<f64>,
    /// Per service-level objective: its periods (empty without objectives).
    pub periods: Vec<PeriodLog>,
    /// Per component: time spent in the repair phase proper (not detection, queueing or a
    /// crew's response).
    pub component_repair_time: Vec<f64>,
    /// Per crew: assignments of a crew member to a repair that began in the window.
    pub crew_call_outs: Vec<u64>,
    /// Per crew: crew-member time busy (response and repair), summed over members.
    pub crew_busy_time: Vec<f64>,
    /// Lost service, ∫ (1 − delivered fraction) dt (see `service`): the downtime itself for a
    /// model without a `demand`.
    pub lost_service: f64,
    /// Per component (empty without a `demand`): its share of the service lost while the
    /// system was up (see `service` for the rule).
    pub service_deficit: Vec<f64>,
}

/// Bins of [0, horizon] for the point availability A(t) and the reliability R(t).
pub const TIME_BINS: usize = 100;

impl Observation {
    /// Empties it for a replication of a model of `components`, `blocks` and `standbys`
    /// (keeping its memory).
    pub(super) fn clear(&mut self, components: usize, blocks: usize, standbys: usize) {
        self.downtime = 0.0;
        self.planned_downtime = 0.0;
        self.degraded_time = 0.0;
        self.failures = 0;
        self.planned_failures = 0;
        self.first_failure = None;
        self.outages = LogHistogram::default();
        self.events = 0;
        reset_vec(&mut self.component_downtime, components, 0.0);
        reset_vec(&mut self.component_failures, components, 0);
        reset_vec(&mut self.component_contribution, components, 0.0);
        reset_vec(&mut self.block_downtime, blocks, 0.0);
        reset_vec(&mut self.bin_downtime, TIME_BINS, 0.0);
        reset_vec(&mut self.switchovers, standbys, 0);
        reset_vec(&mut self.failed_switches, standbys, 0);
        reset_vec(&mut self.switchover_contribution, standbys, 0.0);
        self.lost_service = 0.0;
        self.service_deficit.clear();
        reset_vec(&mut self.component_repair_time, components, 0.0);
    }

    /// Empties the per-crew counters for a model of `crews` crews.
    pub(super) fn clear_crews(&mut self, crews: usize) {
        reset_vec(&mut self.crew_call_outs, crews, 0);
        reset_vec(&mut self.crew_busy_time, crews, 0.0);
    }

    /// SLA credits owed over the window by every objective. Credits are owed per complete
    /// period; over the window they accrue at the rate of the judged periods (the partial last
    /// period is judged by none).
    pub fn sla_credits(&self, window: Window) -> f64 {
        self.periods
            .iter()
            .filter(|log| log.closed > 0)
            .map(|log| log.credits_owed * window.length() / (log.closed as f64 * log.period()))
            .sum()
    }

    /// Empties the objectives' period logs for a replication over `window` (making them anew
    /// when the window changed).
    pub(super) fn clear_periods(&mut self, system: &System, window: Window) {
        let fresh = self.periods.len() == system.objectives.len() && self.periods.iter().all(|p| p.is_for(window.warmup, window.horizon));
        if fresh {
            self.periods.iter_mut().for_each(PeriodLog::clear);
        } else {
            let hours = system.time_unit.hours();
            self.periods = system.objectives.iter().map(|o| PeriodLog::new(o, window.warmup, window.horizon, hours)).collect();
        }
    }

    /// Adds the outage [a, b) to the bins of [0, horizon] it overlaps.
    fn record_bins(&mut self, horizon: f64, a: f64, b: f64) {
        let width = horizon / TIME_BINS as f64;
        let first = ((a / width) as usize).min(TIME_BINS - 1);
        let last = ((b / width) as usize).min(TIME_BINS - 1);
        for (i, bin) in self.bin_downtime.iter_mut().enumerate().take(last + 1).skip(first) {
            let (lo, hi) = (i as f64 * width, (i + 1) as f64 * width);
            *bin += (b.min(hi) - a.max(lo)).max(0.0);
        }
    }
}

fn reset_vec<T: Copy>(v: &mut Vec<T>, n: usize, value: T) {
    v.clear();
    v.resize(n, value);
}

/// A real change: recorded, and kept as the history the next events depend on (deficient
/// blocks, when each block went down, standby roles, whether `critical` is stale).
impl Recorder for Observation {
    #[inline]
    fn effective_flips(&mut self, _: &mut Engine<'_>, _: usize) {}

    #[inline]
    fn dependency_changes(&mut self, engine: &mut Engine<'_>, _: usize) {
        engine.critical_stale = true;
    }

    #[inline]
    fn weight_changed(&mut self, engine: &mut Engine<'_>, b: usize, before: u64, after: u64) {
        engine.set_deficient(b, after < engine.full[b]);
        // Only a block that is (or was) down decides which components are critical.
        let need = engine.need[b];
        engine.critical_stale |= before < need || after < need;
        engine.service_dirty = true;
    }

    #[inline]
    fn block_flips(&mut self, engine: &mut Engine<'_>, b: usize, up: bool) {
        engine.service_dirty = true;
        if up {
            self.block_downtime[b] += engine.window.overlap(engine.block_down_since[b], engine.now);
        } else {
            engine.block_down_since[b] = engine.now;
        }
    }

    #[inline]
    fn system_flips(&mut self, engine: &mut Engine<'_>) {
        engine.critical_stale = true;
        engine.service_dirty = true;
    }

    #[inline]
    fn unit_changed(&mut self, engine: &mut Engine<'_>, s: usize, c: usize, up: bool) {
        engine.service_dirty = true;
        engine.unit_changed_for_real(self, s, c, up);
    }
}

impl Engine<'_> {
    /// Before the event at `t`: credit the elapsed time (critical components' share of the
    /// downtime, degraded time).
    #[inline]
    pub(super) fn advance(&mut self, obs: &mut Observation, t: f64) {
        let elapsed = self.window.overlap(self.last_event, t);
        if !self.system_up {
            for &k in &self.critical {
                obs.component_contribution[k as usize] += elapsed;
            }
            for &s in &self.critical_switchovers {
                obs.switchover_contribution[s as usize] += elapsed;
            }
        } else if self.deficient_blocks > 0 {
            obs.degraded_time += elapsed;
        }
        if self.service.is_some() {
            self.service_credit(obs, elapsed);
        }
        self.now = t;
        self.last_event = t;
        obs.events += 1;
    }

    /// The system has just gone up or down: the outage it ends, or the failure it is.
    pub(super) fn system_changed(&mut self, obs: &mut Observation) {
        let t = self.now;
        if self.system_up {
            let duration = t - self.system_down_since;
            obs.record_bins(self.window.horizon, self.system_down_since, t);
            let downtime = self.window.overlap(self.system_down_since, t);
            obs.downtime += downtime;
            if self.outage_planned {
                obs.planned_downtime += downtime;
            }
            if self.window.contains(self.system_down_since) {
                obs.outages.record(duration);
            }
            for log in &mut obs.periods {
                log.outage(self.system_down_since, t, self.outage_planned);
            }
            self.critical.clear();
            self.critical_switchovers.clear();
        } else {
            self.system_down_since = t;
            self.outage_planned = self.planned_cause;
            if self.window.contains(t) {
                obs.failures += 1;
                obs.planned_failures += u64::from(self.outage_planned);
            }
            if obs.first_failure.is_none() {
                obs.first_failure = Some(t);
            }
        }
    }

    /// The end of the replication: credits what is still running at the horizon.
    pub(super) fn finish(&mut self, obs: &mut Observation) {
        let window = self.window;
        let end = window.horizon;
        let elapsed = window.overlap(self.last_event, end);
        if self.system_up && self.deficient_blocks > 0 {
            obs.degraded_time += elapsed;
        }
        for &c in &self.down {
            obs.component_downtime[c as usize] += window.overlap(self.comp[c as usize].down_since, end);
        }
        for b in 0..self.need.len() {
            let down = match self.block_standby[b] {
                NO_STANDBY => self.up_weight[b] < self.need[b],
                s => !self.standby[s as usize].up,
            };
            if down {
                obs.block_downtime[b] += window.overlap(self.block_down_since[b], end);
            }
        }
        if !self.system_up {
            obs.record_bins(end, self.system_down_since, end);
            let downtime = window.overlap(self.system_down_since, end);
            obs.downtime += downtime;
            if self.outage_planned {
                obs.planned_downtime += downtime;
            }
            for &c in &self.critical {
                obs.component_contribution[c as usize] += elapsed;
            }
            for &s in &self.critical_switchovers {
                obs.switchover_contribution[s as usize] += elapsed;
            }
            for log in &mut obs.periods {
                log.outage(self.system_down_since, end, self.outage_planned);
            }
        }
        for log in &mut obs.periods {
            log.finish();
        }
        if self.service.is_some() {
            self.service_credit(obs, elapsed);
        } else {
            obs.lost_service = obs.downtime;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::observe;
    use super::Window;

    const FIXED: &str = r#"{"name": "fixed", "components": [{"id": "s",
        "failure": {"dist": "fixed", "value": 10}, "repair": {"dist": "fixed", "value": 2}}], "system": "s"}"#;

    #[test]
    fn fixed_durations_give_a_hand_computed_history() {
        // Down over [10, 12), [22, 24) and [34, 36): the last outage is cut by the horizon.
        let obs = observe(FIXED, Window { warmup: 0.0, horizon: 36.0 });
        assert_eq!(obs.failures, 3);
        assert_eq!(obs.downtime, 6.0);
        assert_eq!(obs.first_failure, Some(10.0));
        assert_eq!(obs.outages.count(), 2, "only outages that ended are durations");
        assert_eq!(obs.outages.max(), Some(2.0));
        assert_eq!(obs.component_downtime, [6.0]);
        assert_eq!(obs.component_contribution, [6.0]);
        assert_eq!(obs.events, 5, "the repair due at the horizon itself is not processed");
    }

    #[test]
    fn warm_up_excludes_what_happens_before_it() {
        // Window [11, 36): the outage [10, 12) counts 1 h but is not a failure in the window.
        let obs = observe(FIXED, Window { warmup: 11.0, horizon: 36.0 });
        assert_eq!(obs.failures, 2);
        assert_eq!(obs.downtime, 5.0);
        assert_eq!(obs.first_failure, Some(10.0), "time to first failure is from new, not from the warm-up");
        assert_eq!(obs.component_failures, [2]);
    }

    #[test]
    fn failures_while_the_system_is_down_are_not_system_failures() {
        // Series a, b: a down over [10, 14), b fails at 12 (down [12, 13)): one system failure.
        let model = r#"{"name": "s", "components": [
            {"id": "a", "failure": {"dist": "fixed", "value": 10}, "repair": {"dist": "fixed", "value": 4}},
            {"id": "b", "failure": {"dist": "fixed", "value": 12}, "repair": {"dist": "fixed", "value": 1}}
        ], "system": {"series": ["a", "b"]}}"#;
        let obs = observe(model, Window { warmup: 0.0, horizon: 20.0 });
        assert_eq!(obs.failures, 1);
        assert_eq!(obs.downtime, 4.0);
        assert_eq!(obs.component_failures, [1, 1]);
        // a alone is critical over [10, 12) and [13, 14); during [12, 13) both are down and
        // neither repair alone restores a series system.
        assert_eq!(obs.component_contribution, [3.0, 0.0]);
    }
}
