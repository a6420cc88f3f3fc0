//! The critical search: while the system is down, which down components (and which
//! switchovers) would bring it back up if they alone returned? Each candidate is flipped
//! through the structure tentatively and the changes are undone.
//!
//! The tentative flips run the same propagation code as real events, with [`Tentative`] as
//! the [`Recorder`]: it logs how to undo each change and nothing else. Nothing here holds the
//! replication's [`super::Observation`] (`Engine::run` keeps it out of the engine), so a
//! what-if cannot be recorded as history.

use crate::model::Node;

use super::lifecycle::Phase;
use super::{Engine, NO_STANDBY, Recorder};

/// A tentative change, to be undone.
#[derive(Debug, Clone, Copy)]
pub(super) enum Undo {
    Weight(u32, u64),
    Effective(u32, bool),
    DepsDown(u32, u32),
    StandbyUp(u32, bool),
    SystemUp(bool),
}

/// The critical search's [`Recorder`]: every change is logged in `Engine::undo`, nothing is
/// recorded, and standby roles do not change.
pub(super) struct Tentative;

impl Recorder for Tentative {
    #[inline]
    fn effective_flips(&mut self, engine: &mut Engine<'_>, c: usize) {
        engine.undo.push(Undo::Effective(c as u32, engine.comp[c].effective));
    }

    #[inline]
    fn dependency_changes(&mut self, engine: &mut Engine<'_>, d: usize) {
        engine.undo.push(Undo::DepsDown(d as u32, engine.comp[d].deps_down));
    }

    #[inline]
    fn weight_changed(&mut self, engine: &mut Engine<'_>, b: usize, before: u64, _: u64) {
        engine.undo.push(Undo::Weight(b as u32, before));
    }

    #[inline]
    fn block_flips(&mut self, _: &mut Engine<'_>, _: usize, _: bool) {}

    #[inline]
    fn system_flips(&mut self, engine: &mut Engine<'_>) {
        engine.undo.push(Undo::SystemUp(engine.system_up));
    }

    #[inline]
    fn unit_changed(&mut self, engine: &mut Engine<'_>, s: usize, c: usize, up: bool) {
        engine.unit_changed_tentatively(s, c, up);
    }
}

impl Engine<'_> {
    /// While the system is down: which down components would bring it back up if they alone
    /// returned (with everything else as it is)?
    pub(super) fn find_critical(&mut self) {
        self.critical.clear();
        self.critical_switchovers.clear();
        for i in 0..self.down.len() {
            let c = self.down[i] as usize;
            if self.comp[c].deps_down > 0 || !self.may_restore(c) {
                continue;
            }
            // Tentatively working: flip the effective state through the structure, then undo.
            let phase = self.comp[c].phase;
            self.comp[c].phase = Phase::Working;
            self.effective_may_change(&mut Tentative, c);
            let restores = self.system_up;
            self.comp[c].phase = phase;
            self.rollback();
            if restores {
                self.critical.push(c as u32);
            }
        }
        for s in 0..self.standby.len() {
            let state = self.standby[s];
            let spec = &self.system.standbys[s];
            // Tentatively switched over: is the system up then?
            if state.switching && !state.up && self.comp[spec.units[state.active as usize] as usize].effective {
                let b = spec.block as usize;
                self.undo.push(Undo::StandbyUp(s as u32, false));
                self.standby[s].up = true;
                if self.block_flips(&mut Tentative, b, true) {
                    self.change_weight(&mut Tentative, self.block_parent[b] as usize, self.block_weight[b], true);
                }
                let restores = self.system_up;
                self.rollback();
                if restores {
                    self.critical_switchovers.push(s as u32);
                }
            }
        }
        self.critical_stale = false;
    }

    /// False when `c` coming back cannot change the system: every block it sits in is already
    /// up (more weight keeps an up block up), and nothing else hangs on it (no dependents, not
    /// a standby unit). This keeps `find_critical` proportional to the components in down
    /// blocks, not to all the down components of a large model.
    #[inline]
    fn may_restore(&self, c: usize) -> bool {
        if self.dependent_start[c] != self.dependent_start[c + 1]
            || self.unit_of[c].0 != NO_STANDBY
            || self.root == Node::Component(c as u32)
        {
            return true;
        }
        (self.link_start[c]..self.link_start[c + 1]).any(|i| {
            let b = self.links[i as usize].0 as usize;
            self.up_weight[b] < self.need[b]
        })
    }

    /// Undoes the tentative changes, last first.
    fn rollback(&mut self) {
        while let Some(undo) = self.undo.pop() {
            match undo {
                Undo::Weight(b, w) => self.up_weight[b as usize] = w,
                Undo::Effective(c, e) => self.comp[c as usize].effective = e,
                Undo::DepsDown(c, d) => self.comp[c as usize].deps_down = d,
                Undo::StandbyUp(s, up) => self.standby[s as usize].up = up,
                Undo::SystemUp(up) => self.system_up = up,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Engine, Window};
    use crate::model::parse_str;

    /// Skipping the critical search when nothing relevant changed must give exactly what a
    /// search at every event gives, on every kind of model the examples hold.
    #[test]
    fn skipping_the_critical_search_changes_nothing() {
        // Twenty groups of 8-of-10 in series, often down: events in up groups while a group is
        // down are the ones whose search is skipped.
        let components: Vec<String> = (1..=20)
            .map(|g| format!(r#"{{"id": "g{g}", "count": 10, "failure": {{"dist": "exponential", "mean": 100}}, "repair": {{"dist": "exponential", "mean": 10}}}}"#))
            .collect();
        let votes: Vec<String> = (1..=20).map(|g| format!(r#"{{"k_of_n": {{"k": 8, "of": ["g{g}"]}}}}"#)).collect();
        let groups =
            format!(r#"{{"name": "groups", "components": [{}], "system": {{"series": [{}]}}}}"#, components.join(","), votes.join(","));
        let groups = parse_str(&groups, "groups.json").expect("valid");
        let window = Window { warmup: 0.0, horizon: 5000.0 };
        let (mut lazy, mut eager) = (Engine::new(&groups.system), Engine::new(&groups.system));
        eager.always_find_critical = true;
        lazy.run(1, 0, window);
        eager.run(1, 0, window);
        assert!(lazy.observation().downtime > 0.1 * window.horizon, "the model is often down");
        assert_eq!(format!("{:?}", lazy.observation()), format!("{:?}", eager.observation()));
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("models");
        for name in [
            "two-zone",
            "three-zone",
            "db-failover",
            "oncall-20",
            "rolling-deploy",
            "capacity-fleet",
            "erasure-pool",
            "bridge",
            "web-service",
        ] {
            let model = crate::model::load(dir.join(format!("{name}.json"))).expect("bundled model");
            let window = Window { warmup: 0.0, horizon: 20.0 * model.system.year() };
            let mut lazy = Engine::new(&model.system);
            let mut eager = Engine::new(&model.system);
            eager.always_find_critical = true;
            for replication in 0..5 {
                lazy.run(3, replication, window);
                eager.run(3, replication, window);
                assert_eq!(format!("{:?}", lazy.observation()), format!("{:?}", eager.observation()), "{name}, replication {replication}");
            }
        }
    }
}
