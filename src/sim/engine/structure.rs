//! The structure, kept incrementally: every block sums the weights of its children that are
//! up (weight 1, or a capacity), and a change walks up only through the blocks whose state
//! flips, so an event costs O(depth), not O(components).
//!
//! The same code propagates real changes and the critical search's tentative ones: it is
//! generic over the [`Recorder`] that decides what a change does besides itself.

use crate::model::Node;

use super::lifecycle::Phase;
use super::{Engine, NO_PARENT, NO_STANDBY, Recorder};

impl Engine<'_> {
    /// Recomputes whether `c` is effectively up; on a change, tells its dependents and the
    /// blocks that use it.
    pub(super) fn effective_may_change<R: Recorder>(&mut self, rec: &mut R, c: usize) {
        let now_up = self.comp[c].phase == Phase::Working && self.comp[c].deps_down == 0;
        if now_up == self.comp[c].effective {
            return;
        }
        rec.effective_flips(self, c);
        self.comp[c].effective = now_up;
        for i in self.dependent_start[c]..self.dependent_start[c + 1] {
            let d = self.dependents[i as usize] as usize;
            rec.dependency_changes(self, d);
            if now_up {
                self.comp[d].deps_down -= 1;
            } else {
                self.comp[d].deps_down += 1;
            }
            self.effective_may_change(rec, d);
        }
        if let Node::Component(root) = self.root
            && root as usize == c
        {
            self.set_system_up(rec, now_up);
            return;
        }
        for i in self.link_start[c]..self.link_start[c + 1] {
            let (b, weight) = self.links[i as usize];
            let s = if self.has_standby { self.block_standby[b as usize] } else { NO_STANDBY };
            if s == NO_STANDBY {
                self.change_weight(rec, b as usize, weight, now_up);
            } else {
                rec.unit_changed(self, s as usize, c, now_up);
            }
        }
    }

    /// Adds or removes `weight` of up children in block `b`, walking up while blocks flip.
    pub(super) fn change_weight<R: Recorder>(&mut self, rec: &mut R, mut b: usize, mut weight: u64, up: bool) {
        loop {
            let before = self.up_weight[b];
            let after = if up { before + weight } else { before - weight };
            self.up_weight[b] = after;
            rec.weight_changed(self, b, before, after);
            let need = self.need[b];
            // A block flips exactly when its total crosses its need.
            if (before >= need) == (after >= need) {
                return;
            }
            if !self.block_flips(rec, b, up) {
                return;
            }
            weight = self.block_weight[b];
            b = self.block_parent[b] as usize;
        }
    }

    /// Block `b`'s output flips to `up`; returns false at the root, whose flip is the system's.
    pub(super) fn block_flips<R: Recorder>(&mut self, rec: &mut R, b: usize, up: bool) -> bool {
        rec.block_flips(self, b, up);
        if self.block_parent[b] == NO_PARENT {
            self.set_system_up(rec, up);
            return false;
        }
        true
    }

    fn set_system_up<R: Recorder>(&mut self, rec: &mut R, up: bool) {
        rec.system_flips(self);
        self.system_up = up;
    }

    /// Block `b` has less than its nominal capacity (or not): the system is degraded while any
    /// block is.
    pub(super) fn set_deficient(&mut self, b: usize, deficient: bool) {
        if self.deficient[b] != deficient {
            self.deficient[b] = deficient;
            if deficient {
                self.deficient_blocks += 1;
            } else {
                self.deficient_blocks -= 1;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::Window;
    use super::super::tests::observe;

    #[test]
    fn block_downtime_is_kept_and_the_root_block_is_the_system() {
        // (a ∥ b) in series with c, random durations, a warm-up: the root block's downtime is
        // the system's, and the parallel block is down no longer than both its members.
        let model = r#"{"name": "blocks", "components": [
            {"id": "a", "failure": {"dist": "exponential", "mean": 20}, "repair": {"dist": "exponential", "mean": 5}},
            {"id": "b", "failure": {"dist": "exponential", "mean": 20}, "repair": {"dist": "exponential", "mean": 5}},
            {"id": "c", "failure": {"dist": "exponential", "mean": 50}, "repair": {"dist": "exponential", "mean": 2}}],
            "system": {"series": [{"parallel": ["a", "b"]}, "c"]}}"#;
        let obs = observe(model, Window { warmup: 100.0, horizon: 20_000.0 });
        assert!(obs.downtime > 0.0);
        assert_eq!(obs.block_downtime.len(), 2);
        let root = obs.block_downtime.iter().copied().fold(0.0, f64::max);
        assert!((root - obs.downtime).abs() < 1e-9 * obs.downtime, "{root} vs {}", obs.downtime);
        let pair = obs.block_downtime.iter().copied().fold(f64::INFINITY, f64::min);
        assert!(pair > 0.0 && pair <= obs.component_downtime[0].min(obs.component_downtime[1]));
    }
}
