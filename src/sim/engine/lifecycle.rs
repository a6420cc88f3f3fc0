//! Component lifecycles: failure, detection, remediation, crews and repair, planned
//! maintenance, common-cause shocks, and the ageing rate of standby units.

use std::cmp::Reverse;

use rand::RngExt;
use rand::rngs::Xoshiro256PlusPlus;

use super::queue::{Event, Timer};
use super::{Engine, Observation};

/// Where a component is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Phase {
    Working,
    Detecting,
    Remediating,
    Queued,
    Responding,
    Repairing,
    Maintenance,
    /// Failed for good (no repair).
    Failed,
}

/// The per-replication state of one component, kept together: an event touches one component,
/// and with 10,000 components each separate per-component array would cost a cache miss.
#[derive(Debug, Clone)]
pub(super) struct ComponentState {
    /// Its own random stream.
    pub(super) rng: Xoshiro256PlusPlus,
    /// Ageing rate while working: 1, or a standby spare's dormant factor.
    pub(super) rate: f64,
    /// Remaining life in active time as of `since` (while working).
    pub(super) life: f64,
    pub(super) since: f64,
    pub(super) down_since: f64,
    pub(super) generation: u32,
    pub(super) deps_down: u32,
    /// Its position in `down` while it is not working.
    pub(super) down_position: u32,
    pub(super) phase: Phase,
    pub(super) effective: bool,
    /// Repaired at once on failure (no detection, remediation or crew).
    pub(super) immediate_repair: bool,
}

impl Engine<'_> {
    /// Sets a timer for `index` (a component, common cause or standby block) at `time`.
    #[inline]
    pub(super) fn schedule(&mut self, time: f64, timer: Timer, index: u32, generation: u32) {
        self.queue.push(time, Event::new(timer, index, generation));
    }

    /// Starts a new timer for component `c`'s current phase, ending `duration` from now.
    #[inline]
    pub(super) fn start_phase(&mut self, c: usize, phase: Phase, duration: f64) {
        self.comp[c].phase = phase;
        self.comp[c].generation = self.comp[c].generation.wrapping_add(1);
        self.schedule(self.now + duration, Timer::Phase, c as u32, self.comp[c].generation);
    }

    /// The timer of `c`'s current phase is due.
    pub(super) fn phase_ends(&mut self, obs: &mut Observation, c: usize) {
        match self.comp[c].phase {
            Phase::Working => self.fails(obs, c),
            Phase::Detecting => self.restoration_starts(obs, c),
            Phase::Responding => {
                let repair = self.repair[c].as_ref().map_or(0.0, |r| r.sample(&mut self.comp[c].rng));
                self.start_repair(obs, c, repair);
            }
            Phase::Repairing => {
                if !self.comp[c].immediate_repair
                    && let Some(crew) = self.system.components()[c].crew
                {
                    self.crew_released(obs, crew as usize);
                }
                self.back_in_service(obs, c);
            }
            Phase::Remediating | Phase::Maintenance => self.back_in_service(obs, c),
            Phase::Queued | Phase::Failed => {}
        }
    }

    /// Component `c` fails now (its own clock or a shock).
    pub(super) fn fails(&mut self, obs: &mut Observation, c: usize) {
        if self.window.contains(self.now) {
            obs.component_failures[c] += 1;
        }
        if self.comp[c].immediate_repair
            && let Some(repair) = &self.repair[c]
        {
            let duration = repair.sample(&mut self.comp[c].rng);
            self.start_repair(obs, c, duration);
            self.goes_down(obs, c);
            return;
        }
        let system = self.system;
        let component = &system.components()[c];
        if component.repair.is_none() {
            self.comp[c].phase = Phase::Failed;
            self.comp[c].generation = self.comp[c].generation.wrapping_add(1);
        } else if let Some(detection) = &component.detection {
            let delay = detection.sample(&mut self.comp[c].rng);
            self.start_phase(c, Phase::Detecting, delay);
        } else {
            self.restoration_starts(obs, c);
        }
        self.goes_down(obs, c);
    }

    /// The failure of `c` is known: automated remediation, else a repair (with a crew when it
    /// has one).
    pub(super) fn restoration_starts(&mut self, obs: &mut Observation, c: usize) {
        let system = self.system;
        let component = &system.components()[c];
        if let Some(remediation) = &component.remediation
            && self.comp[c].rng.random::<f64>() < remediation.probability
        {
            let time = remediation.time.sample(&mut self.comp[c].rng);
            self.start_phase(c, Phase::Remediating, time);
            return;
        }
        match component.crew {
            Some(crew) => {
                // Every request joins the queue; free crew members take the queue's head once
                // the event has settled, so requests of one instant (the members of one shock)
                // are served by priority, not by the order they were made in.
                let k = crew as usize;
                self.comp[c].phase = Phase::Queued;
                self.comp[c].generation = self.comp[c].generation.wrapping_add(1);
                self.crew_seq += 1;
                self.crew_queue[k].push((component.repair_priority, Reverse(self.crew_seq), c as u32));
                if self.crew_busy[k] < system.crews[k].size && !self.crews_due.contains(&crew) {
                    self.crews_due.push(crew);
                }
            }
            None => {
                let repair = component.repair.as_ref().map_or(0.0, |r| r.sample(&mut self.comp[c].rng));
                self.start_repair(obs, c, repair);
            }
        }
    }

    /// `c`'s repair proper starts now and lasts `duration` (a repair is never interrupted, so
    /// its time in the window is known now); a crew member repairing it is busy meanwhile.
    #[inline]
    fn start_repair(&mut self, obs: &mut Observation, c: usize, duration: f64) {
        self.start_phase(c, Phase::Repairing, duration);
        // Repair hours and crew time are counted only for the costs that need them: reading
        // the component's record is a cache miss per repair on a large model.
        if !self.count_costs {
            return;
        }
        let time = self.window.overlap(self.now, self.now + duration);
        obs.component_repair_time[c] += time;
        if !self.comp[c].immediate_repair
            && let Some(k) = self.system.components()[c].crew
        {
            obs.crew_busy_time[k as usize] += time;
        }
    }

    /// Crew `k` takes on `c`: its response, then the repair.
    pub(super) fn crew_assigned(&mut self, obs: &mut Observation, c: usize, k: usize) {
        let system = self.system;
        self.crew_busy[k] += 1;
        if self.window.contains(self.now) {
            obs.crew_call_outs[k] += 1;
        }
        match &system.crews[k].response {
            Some(response) => {
                let delay = response.sample(&mut self.comp[c].rng);
                self.start_phase(c, Phase::Responding, delay);
                if self.count_costs {
                    obs.crew_busy_time[k] += self.window.overlap(self.now, self.now + delay);
                }
            }
            None => {
                let repair = system.components()[c].repair.as_ref().map_or(0.0, |r| r.sample(&mut self.comp[c].rng));
                self.start_repair(obs, c, repair);
            }
        }
    }

    /// The crews asked for during the event just handled: each free member takes the next in
    /// its crew's queue.
    pub(super) fn dispatch_crews(&mut self, obs: &mut Observation) {
        let mut due = std::mem::take(&mut self.crews_due);
        for &k in &due {
            let k = k as usize;
            while self.crew_busy[k] < self.system.crews[k].size {
                let Some((_, _, next)) = self.crew_queue[k].pop() else { break };
                self.crew_assigned(obs, next as usize, k);
            }
        }
        due.clear();
        self.crews_due = due;
    }

    /// A crew member is free: the next in the queue (highest priority, then first come).
    pub(super) fn crew_released(&mut self, obs: &mut Observation, k: usize) {
        self.crew_busy[k] -= 1;
        if let Some((_, _, next)) = self.crew_queue[k].pop() {
            self.crew_assigned(obs, next as usize, k);
        }
    }

    /// `c` works again, as good as new.
    pub(super) fn back_in_service(&mut self, obs: &mut Observation, c: usize) {
        let life = self.failure[c].sample(&mut self.comp[c].rng);
        self.comp[c].phase = Phase::Working;
        self.comp[c].life = life;
        self.comp[c].since = self.now;
        self.comp[c].generation = self.comp[c].generation.wrapping_add(1);
        let rate = self.comp[c].rate;
        if rate == 1.0 {
            self.schedule(self.now + life, Timer::Phase, c as u32, self.comp[c].generation);
        } else if rate > 0.0 {
            self.schedule(self.now + life / rate, Timer::Phase, c as u32, self.comp[c].generation);
        }
        let t = self.now;
        obs.component_downtime[c] += self.window.overlap(self.comp[c].down_since, t);
        let at = self.comp[c].down_position as usize;
        self.down.swap_remove(at);
        if let Some(&moved) = self.down.get(at) {
            self.comp[moved as usize].down_position = at as u32;
        }
        self.effective_may_change(obs, c);
    }

    /// `c` has just stopped working (failure or maintenance).
    pub(super) fn goes_down(&mut self, obs: &mut Observation, c: usize) {
        self.comp[c].down_since = self.now;
        self.comp[c].down_position = self.down.len() as u32;
        self.down.push(c as u32);
        self.effective_may_change(obs, c);
    }

    /// The ageing rate of `c` changes (a standby unit changes role).
    pub(super) fn set_rate(&mut self, c: usize, rate: f64) {
        if self.comp[c].rate == rate {
            return;
        }
        if self.comp[c].phase == Phase::Working {
            self.comp[c].life = (self.comp[c].life - (self.now - self.comp[c].since) * self.comp[c].rate).max(0.0);
            self.comp[c].since = self.now;
            self.comp[c].generation = self.comp[c].generation.wrapping_add(1);
            if rate > 0.0 {
                self.schedule(self.now + self.comp[c].life / rate, Timer::Phase, c as u32, self.comp[c].generation);
            }
        }
        self.comp[c].rate = rate;
    }

    /// `c`'s next maintenance window is due.
    pub(super) fn maintenance_due(&mut self, obs: &mut Observation, c: usize) {
        let system = self.system;
        let Some(m) = &system.components()[c].maintenance else { return };
        self.schedule(self.now + m.every, Timer::Maintenance, c as u32, 0);
        // A component already down for a failure (or still in the last window) skips this one.
        if self.comp[c].phase != Phase::Working {
            return;
        }
        let duration = m.duration.sample(&mut self.comp[c].rng);
        self.start_phase(c, Phase::Maintenance, duration);
        self.planned_cause = true;
        self.goes_down(obs, c);
    }

    /// Common cause `k` strikes: every member still working fails.
    pub(super) fn shock(&mut self, obs: &mut Observation, k: usize) {
        let system = self.system;
        let cause = &system.common_causes[k];
        let next = cause.every.sample(&mut self.cause_rngs[k]);
        self.schedule(self.now + next, Timer::Shock, k as u32, 0);
        for &m in &cause.members {
            if self.comp[m as usize].phase == Phase::Working {
                self.fails(obs, m as usize);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::Window;
    use super::super::tests::observe;

    /// One component (fails 10 h after each return, repaired in 2 h) and a crew that takes 1 h
    /// to respond: down over [10, 13), [23, 26), [36, 39), each a response then a repair.
    const CREWED: &str = r#"{"name": "crewed", "components": [{"id": "a",
        "failure": {"dist": "fixed", "value": 10}, "repair": {"dist": "fixed", "value": 2}, "crew": "ops"}],
        "crews": [{"id": "ops", "response": {"dist": "fixed", "value": 1}}], "costs": {"per_hour_down": 1}, "system": "a"}"#;

    #[test]
    fn repair_hours_call_outs_and_busy_hours_follow_a_hand_computed_history() {
        // Window [11.5, 38): the first failure (10) and its call-out are before it; its repair
        // [11, 13) counts 1.5 h, its response none. Then call-outs at 23 and 36; repairs
        // [24, 26) and [37, 38) (cut by the horizon); busy 1.5 + (1 + 2) + (1 + 1).
        let obs = observe(CREWED, Window { warmup: 11.5, horizon: 38.0 });
        assert_eq!(obs.component_failures, [2]);
        assert_eq!(obs.component_repair_time, [4.5]);
        assert_eq!(obs.crew_call_outs, [2]);
        assert_eq!(obs.crew_busy_time, [6.5]);
        assert_eq!(obs.downtime, 6.5);
        assert_eq!(obs.failures, 2);
        assert_eq!(obs.sla_credits(Window { warmup: 11.5, horizon: 38.0 }), 0.0);
        // Without a crew the repair is all: no call-outs, busy time or response.
        let alone = CREWED.replace(r#", "crew": "ops""#, "");
        let obs = observe(&alone, Window { warmup: 0.0, horizon: 40.0 });
        assert_eq!(obs.component_repair_time, [6.0], "down [10, 12), [22, 24), [34, 36)");
        assert_eq!(obs.crew_call_outs, [0]);
        assert_eq!(obs.crew_busy_time, [0.0]);
        // Without costs nothing needs repair hours or crew time, and the engine skips them.
        let free = CREWED.replace(r#""costs": {"per_hour_down": 1}, "#, "");
        let obs = observe(&free, Window { warmup: 11.5, horizon: 38.0 });
        assert_eq!((obs.component_repair_time[0], obs.crew_busy_time[0], obs.downtime), (0.0, 0.0, 6.5));
    }

    #[test]
    fn a_non_repairable_component_stays_down() {
        let model = r#"{"name": "n", "components": [{"id": "s", "failure": {"dist": "fixed", "value": 5}}], "system": "s"}"#;
        let obs = observe(model, Window { warmup: 0.0, horizon: 100.0 });
        assert_eq!(obs.failures, 1);
        assert_eq!(obs.downtime, 95.0);
        assert_eq!(obs.events, 1);
        assert_eq!(obs.outages.count(), 0);
    }
}
