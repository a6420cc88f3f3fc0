//! Delivered service: the fraction of full service the system delivers, for models where a vote
//! declares a `demand` (nothing here runs otherwise: `Engine::new` decides once).
//!
//! A block's service fraction, from its members' (a component serves 0 or 1, effectively):
//! - a vote with `demand` d: min(1, Σ wᵢ·fᵢ / d) while its members with fᵢ > 0 reach its hard
//!   minimum, 0 below it (wᵢ is the member's weight: its capacity, or 1 in a count vote);
//! - series: the smallest fᵢ; parallel: the largest; standby: its output (0 or 1, as its serving
//!   unit is a component; 0 while switching);
//! - a vote without demand: the largest f such that the members with fᵢ ≥ f reach the hard
//!   minimum (the k-th largest fᵢ for a count vote).
//!
//! With every fraction 0 or 1 this is the structure's up/down, so a block serves > 0 exactly
//! while it is up and the system's fraction is 0 exactly while it is down.
//!
//! The recorder marks the fraction stale on every real change of a block's weight, a flip or a
//! standby unit change; it is recomputed (over the blocks, children first) before the next
//! interval is credited. Lost service is ∫ (1 − fraction) dt over the window.
//!
//! Attribution of the service lost while the system is up (fraction f < 1): each down component
//! c that is down by itself (not only through a dependency) is asked what the fraction would be
//! were it alone back up (standby roles unchanged), f_c; its gain is g_c = f_c − f. The deficit
//! (1 − f)·dt is split among the components in proportion to g_c; when no single return raises
//! the fraction it is left unattributed. While the system is down, the critical components'
//! attribution of the downtime (`component_contribution`) applies.

use crate::model::{BlockKind, Node};

use super::lifecycle::Phase;
use super::{Engine, NO_STANDBY, Observation};

/// The delivered-service state of a model with a `demand`.
#[derive(Debug, Clone, Default)]
pub(super) struct Service {
    /// Blocks reachable from the root, children before their parents.
    order: Vec<u32>,
    /// Per block, its fraction in the evaluation under way.
    fraction: Vec<f64>,
    /// The system's fraction since the last event.
    current: f64,
    /// The deficit's split while the system is up: (component, share of dt), shares summing to
    /// 1 − `current` (or empty).
    shares: Vec<(u32, f64)>,
    /// Scratch: a vote's (fraction, weight) pairs.
    scratch: Vec<(f64, u64)>,
}

impl Service {
    /// The evaluation order of `system`'s blocks (children first), or `None` without a demand.
    pub(super) fn for_system(system: &crate::model::System) -> Option<Self> {
        if !system.has_demand() {
            return None;
        }
        let blocks = system.blocks();
        let mut order = Vec::with_capacity(blocks.len());
        // Pre-order from the root, reversed: every block after its children.
        let mut stack: Vec<u32> = match system.root() {
            Node::Block(b) => vec![b],
            Node::Component(_) => Vec::new(),
        };
        while let Some(b) = stack.pop() {
            order.push(b);
            for child in &blocks[b as usize].children {
                if let Node::Block(k) = *child {
                    stack.push(k);
                }
            }
        }
        order.reverse();
        Some(Self { order, fraction: vec![0.0; blocks.len()], current: 1.0, shares: Vec::new(), scratch: Vec::new() })
    }
}

impl Engine<'_> {
    /// At the start of a replication: everything up, full service.
    pub(super) fn service_reset(&mut self, obs: &mut Observation) {
        self.service_dirty = false;
        if let Some(service) = &mut self.service {
            service.current = 1.0;
            service.shares.clear();
            obs.service_deficit.resize(self.comp.len(), 0.0);
        }
    }

    /// Credits `elapsed` (inside the window) of the state since the last event: the lost
    /// service and its split. Called only for a model with a demand.
    pub(super) fn service_credit(&mut self, obs: &mut Observation, elapsed: f64) {
        // Nothing to credit (the warm-up, simultaneous events): the state stays marked stale
        // and is evaluated once, when time that counts has passed in it.
        if elapsed <= 0.0 {
            return;
        }
        if self.service_dirty {
            self.service_dirty = false;
            self.service_recompute();
        }
        let Some(service) = &self.service else { return };
        obs.lost_service += (1.0 - service.current) * elapsed;
        for &(c, share) in &service.shares {
            obs.service_deficit[c as usize] += share * elapsed;
        }
    }

    /// The system's fraction now, and the split of its deficit while it is up.
    fn service_recompute(&mut self) {
        let Some(mut service) = self.service.take() else { return };
        service.shares.clear();
        let f = self.service_fraction(&mut service, None);
        service.current = f;
        if self.system_up && f < 1.0 {
            let mut total = 0.0;
            for i in 0..self.down.len() {
                let c = self.down[i];
                let state = &self.comp[c as usize];
                if state.deps_down > 0 || state.phase == Phase::Working {
                    continue;
                }
                let gain = self.service_fraction(&mut service, Some(c as usize)) - f;
                if gain > 0.0 {
                    service.shares.push((c, gain));
                    total += gain;
                }
            }
            if total > 0.0 {
                for (_, share) in &mut service.shares {
                    *share *= (1.0 - f) / total;
                }
            }
        }
        self.service = Some(service);
    }

    /// The system's service fraction, with component `restored` (if any) counted as up.
    fn service_fraction(&self, service: &mut Service, restored: Option<usize>) -> f64 {
        let serves = |c: u32| -> f64 { if self.comp[c as usize].effective || restored == Some(c as usize) { 1.0 } else { 0.0 } };
        let blocks = self.system.blocks();
        let Service { order, fraction, scratch, .. } = service;
        for &b in order.iter() {
            let block = &blocks[b as usize];
            let child = |node: &Node| match *node {
                Node::Component(c) => serves(c),
                Node::Block(k) => fraction[k as usize],
            };
            let value = match block.kind {
                BlockKind::Standby(s) => {
                    debug_assert_ne!(self.block_standby[b as usize], NO_STANDBY);
                    if self.standby[s as usize].up { 1.0 } else { 0.0 }
                }
                BlockKind::Series => block.children.iter().map(child).fold(1.0, f64::min),
                BlockKind::Parallel => block.children.iter().map(child).fold(0.0, f64::max),
                BlockKind::KOfN(_) | BlockKind::Capacity => {
                    scratch.clear();
                    scratch.extend(block.children.iter().map(child).zip(block.weights.iter().copied()));
                    vote_fraction(scratch, block.need, block.demand)
                }
            };
            fraction[b as usize] = value;
        }
        match self.root {
            Node::Component(c) => serves(c),
            Node::Block(b) => fraction[b as usize],
        }
    }
}

/// A vote's fraction from its members' (fraction, weight) pairs (reordered), its hard minimum
/// `need` and its `demand` (in weight units).
pub(super) fn vote_fraction(members: &mut [(f64, u64)], need: u64, demand: Option<f64>) -> f64 {
    let serving: u64 = members.iter().filter(|m| m.0 > 0.0).map(|m| m.1).sum();
    if serving < need {
        return 0.0;
    }
    match demand {
        Some(d) => {
            let available: f64 = members.iter().map(|&(f, w)| f * w as f64).sum();
            (available / d).min(1.0)
        }
        None => {
            // The largest f such that the members serving at least f reach the minimum.
            members.sort_by(|a, b| b.0.total_cmp(&a.0));
            let mut reached = 0u64;
            for &(f, w) in members.iter() {
                reached += w;
                if reached >= need {
                    return f;
                }
            }
            0.0
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::Window;
    use super::super::tests::observe;
    use super::vote_fraction;

    #[test]
    fn a_vote_without_demand_serves_its_kth_largest_member() {
        assert_eq!(vote_fraction(&mut [(0.5, 1), (1.0, 1), (0.25, 1)], 2, None), 0.5);
        assert_eq!(vote_fraction(&mut [(0.5, 1), (1.0, 1), (0.0, 1)], 3, None), 0.0);
        assert_eq!(vote_fraction(&mut [(0.5, 3), (1.0, 1)], 2, None), 0.5);
        assert_eq!(vote_fraction(&mut [(0.5, 3), (1.0, 1)], 1, None), 1.0);
        // With demand: min(1, Σ w f / d) at or above the minimum, 0 below it.
        assert_eq!(vote_fraction(&mut [(1.0, 1), (1.0, 1), (0.0, 1), (0.0, 1)], 2, Some(4.0)), 0.5);
        assert_eq!(vote_fraction(&mut [(1.0, 1), (0.0, 1), (0.0, 1), (0.0, 1)], 2, Some(4.0)), 0.0);
        assert_eq!(vote_fraction(&mut [(1.0, 1), (1.0, 1), (1.0, 1), (1.0, 1)], 2, Some(3.0)), 1.0);
    }

    /// Four servers with fixed lives, a vote needing 2 and 4 for full service. Server i fails at
    /// 10·i and is repaired after 25: up counts over [0, 40) are 4 (0–10), 3 (10–20), 2 (20–30),
    /// 1 (30–35: down), 2 (35–40), so the lost service is 0·10 + ¼·10 + ½·10 + 1·5 + ½·5 = 15
    /// and the downtime is 5.
    const FOUR: &str = r#"{"name": "four", "components": [
        {"id": "s1", "failure": {"dist": "fixed", "value": 10}, "repair": {"dist": "fixed", "value": 25}},
        {"id": "s2", "failure": {"dist": "fixed", "value": 20}, "repair": {"dist": "fixed", "value": 25}},
        {"id": "s3", "failure": {"dist": "fixed", "value": 30}, "repair": {"dist": "fixed", "value": 25}},
        {"id": "s4", "failure": {"dist": "fixed", "value": 100}, "repair": {"dist": "fixed", "value": 1}}],
        "system": {"k_of_n": {"k": 2, "demand": 4, "of": ["s1", "s2", "s3", "s4"]}}}"#;

    #[test]
    fn fixed_durations_give_a_hand_computed_lost_service() {
        let obs = observe(FOUR, Window { warmup: 0.0, horizon: 40.0 });
        assert_eq!(obs.downtime, 5.0);
        assert_eq!(obs.lost_service, 15.0);
        // Deficit while up: over [10, 20) only s1 is down (gain ¼, all 2.5 h its); over
        // [20, 30) s1 and s2 gain ¼ each (5 h split evenly); over [35, 40) s2 and s3 (s1 is
        // back at 35) split 2.5 h. Down over [30, 35): s1, s2, s3 each critical, 5 h each.
        assert_eq!(obs.service_deficit, [2.5 + 2.5, 2.5 + 1.25, 1.25, 0.0]);
        assert_eq!(obs.component_contribution, [5.0, 5.0, 5.0, 0.0]);
        // The warm-up cuts the integral too: [12, 40) loses 15 − ¼·2.
        let obs = observe(FOUR, Window { warmup: 12.0, horizon: 40.0 });
        assert_eq!(obs.lost_service, 14.5);
    }

    #[test]
    fn without_demand_lost_service_is_the_downtime() {
        let model = FOUR.replace(r#""demand": 4, "#, "");
        let obs = observe(&model, Window { warmup: 0.0, horizon: 40.0 });
        assert_eq!(obs.downtime, 5.0);
        assert_eq!(obs.lost_service, obs.downtime);
        assert!(obs.service_deficit.is_empty());
    }

    #[test]
    fn series_takes_the_smallest_and_parallel_the_largest_fraction() {
        // The vote of FOUR in series with a component x down over [15, 17) and [32, 34), then
        // in parallel with it.
        let pair = |how: &str| {
            FOUR.replace(r#""system": {"k_of_n""#, &format!(r#""system": {{"{how}": ["x", {{"k_of_n""#))
                .replace(r#""s4"]}}}"#, r#""s4"]}}]}}"#)
                .replace(
                    r#"{"id": "s1","#,
                    r#"{"id": "x", "failure": {"dist": "fixed", "value": 15}, "repair": {"dist": "fixed", "value": 2}}, {"id": "s1","#,
                )
        };
        // Series: x down over [15, 17) adds (1 − ¼)·2 to 15, and 2 h of downtime ([32, 34) is
        // inside the vote's outage).
        let obs = observe(&pair("series"), Window { warmup: 0.0, horizon: 40.0 });
        assert_eq!(obs.downtime, 7.0);
        assert_eq!(obs.lost_service, 15.0 + 1.5);
        // Parallel: full service while x is up; the vote's ¾ over [15, 17) and its 0 over
        // [32, 34) while x is down.
        let obs = observe(&pair("parallel"), Window { warmup: 0.0, horizon: 40.0 });
        assert_eq!(obs.downtime, 2.0);
        assert_eq!(obs.lost_service, 0.25 * 2.0 + 2.0);
    }
}
