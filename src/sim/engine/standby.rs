//! Standby blocks: one unit serves, the others wait at their dormant ageing rate; when the unit
//! in service goes down, the first working spare in priority order takes over through a
//! switchover (which may fail), and a repaired unit of higher priority may take back.

use rand::RngExt;

use super::critical::Undo;
use super::queue::Timer;
use super::{Engine, Observation};

/// A standby block during a replication.
#[derive(Debug, Clone, Copy)]
pub(super) struct StandbyState {
    /// Position in `units` of the unit in service (or the failed one waiting for its repair).
    pub(super) active: u32,
    pub(super) switching: bool,
    pub(super) generation: u32,
    /// The block's output as the structure sees it.
    pub(super) up: bool,
    /// The unit in service went down during the event being handled: the failover is decided
    /// once the event has settled (see [`Engine::decide_failovers`]), and the block's output
    /// waits for it.
    pub(super) failover_due: bool,
}

impl Engine<'_> {
    /// Standby block `s`'s switchover has ended.
    pub(super) fn switchover_ends(&mut self, obs: &mut Observation, s: usize) {
        self.critical_stale = true;
        self.standby[s].switching = false;
        self.standby_output(obs, s);
    }

    /// Unit `c` of standby block `s` became effectively `up`: the block's count of up units.
    #[inline]
    fn unit_weight_changes(&mut self, s: usize, up: bool) {
        let b = self.system.standbys[s].block as usize;
        if up {
            self.up_weight[b] += 1;
        } else {
            self.up_weight[b] -= 1;
        }
    }

    /// Unit `c` of standby block `s` became effectively `up` or down, for real: failover,
    /// failback or a change of roles, then the block's output.
    pub(super) fn unit_changed_for_real(&mut self, obs: &mut Observation, s: usize, c: usize, up: bool) {
        self.critical_stale = true;
        self.unit_weight_changes(s, up);
        let system = self.system;
        let spec = &system.standbys[s];
        let active_position = self.standby[s].active as usize;
        let active = spec.units[active_position] as usize;
        let (_, position) = self.unit_of[c];
        if !up {
            if c == active {
                if self.standby[s].switching {
                    self.standby[s].switching = false;
                    self.standby[s].generation = self.standby[s].generation.wrapping_add(1);
                }
                // The spare is chosen once the event has settled: the same event (a zone, a
                // shock) may take down the spares too, and a failover to a unit going down in
                // the same instant is no failover.
                if !self.standby[s].failover_due {
                    self.standby[s].failover_due = true;
                    self.failovers_due.push(s as u32);
                }
                return;
            }
        } else if c == active {
            // The unit in service is back (no spare had taken over).
        } else if !self.comp[active].effective && !self.standby[s].switching {
            // Nothing serves: the repaired unit is put into service directly.
            self.standby[s].active = position;
            self.set_rate(c, 1.0);
            self.set_rate(active, spec.dormant_factor);
        } else if spec.failback && (position as usize) < active_position {
            self.take_over(obs, s, position as usize, active);
        } else {
            self.set_rate(c, spec.dormant_factor);
        }
        self.standby_output(obs, s);
    }

    /// Decides the failovers of the standby blocks whose unit in service went down during the
    /// event just handled, in the order they went down: each takes the first spare in priority
    /// order that is still up once the event has settled, unless the switch fails.
    pub(super) fn decide_failovers(&mut self, obs: &mut Observation) {
        let mut due = std::mem::take(&mut self.failovers_due);
        for &s in &due {
            let s = s as usize;
            self.standby[s].failover_due = false;
            let system = self.system;
            let spec = &system.standbys[s];
            let active = spec.units[self.standby[s].active as usize] as usize;
            if !self.comp[active].effective {
                let spare = spec.units.iter().position(|&u| u as usize != active && self.comp[u as usize].effective);
                if let Some(next) = spare {
                    let switch_fails = spec.switch_failure_prob > 0.0 && self.standby_rngs[s].random::<f64>() < spec.switch_failure_prob;
                    if !switch_fails {
                        self.take_over(obs, s, next, active);
                    } else if self.window.contains(self.now) {
                        obs.failed_switches[s] += 1;
                    }
                }
            }
            self.standby_output(obs, s);
        }
        due.clear();
        self.failovers_due = due;
    }

    /// Unit `c` of standby block `s` became effectively `up` or down, tentatively: would the
    /// block be up with this unit back? Roles do not change.
    pub(super) fn unit_changed_tentatively(&mut self, s: usize, c: usize, up: bool) {
        let system = self.system;
        let spec = &system.standbys[s];
        let b = spec.block as usize;
        self.undo.push(Undo::Weight(b as u32, self.up_weight[b]));
        self.unit_weight_changes(s, up);
        let state = self.standby[s];
        let active = spec.units[state.active as usize] as usize;
        let would_be_up = !state.switching && (self.comp[active].effective || (up && active != c));
        if would_be_up != state.up {
            self.undo.push(Undo::StandbyUp(s as u32, state.up));
            self.standby[s].up = would_be_up;
            let tentative = &mut super::critical::Tentative;
            if self.block_flips(tentative, b, would_be_up) {
                self.change_weight(tentative, self.block_parent[b] as usize, self.block_weight[b], would_be_up);
            }
        }
    }

    /// Unit at `position` takes over block `s` from unit `from`, through a switchover.
    fn take_over(&mut self, obs: &mut Observation, s: usize, position: usize, from: usize) {
        self.critical_stale = true;
        let system = self.system;
        let spec = &system.standbys[s];
        let unit = spec.units[position] as usize;
        self.standby[s].active = position as u32;
        self.set_rate(unit, 1.0);
        self.set_rate(from, spec.dormant_factor);
        if self.window.contains(self.now) {
            obs.switchovers[s] += 1;
        }
        if let Some(switchover) = &spec.switchover {
            let duration = switchover.sample(&mut self.standby_rngs[s]);
            let state = &mut self.standby[s];
            state.switching = true;
            state.generation = state.generation.wrapping_add(1);
            let generation = state.generation;
            self.schedule(self.now + duration, Timer::Switchover, s as u32, generation);
        }
    }

    /// Sets standby block `s`'s output from its state, telling its parent on a change.
    fn standby_output(&mut self, obs: &mut Observation, s: usize) {
        let spec = &self.system.standbys[s];
        let b = spec.block as usize;
        let state = self.standby[s];
        if state.failover_due {
            return;
        }
        let up = !state.switching && self.comp[spec.units[state.active as usize] as usize].effective;
        self.set_deficient(b, !up || self.up_weight[b] < self.full[b]);
        if up == state.up {
            return;
        }
        self.standby[s].up = up;
        if self.block_flips(obs, b, up) {
            self.change_weight(obs, self.block_parent[b] as usize, self.block_weight[b], up);
        }
    }
}
