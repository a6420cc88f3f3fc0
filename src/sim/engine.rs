//! One replication: a discrete-event simulation of one life of the system.
//!
//! Each component has exactly one pending event (its next failure or repair), kept in a binary
//! heap ordered by (time, sequence number): events at equal times leave in the order they were
//! scheduled, so runs are deterministic. The system state is kept incrementally: every block
//! counts its children that are up, and a component's change walks up only through the blocks
//! whose state flips, so an event costs O(depth), not O(components).

use std::cmp::Ordering;
use std::collections::BinaryHeap;
use std::collections::binary_heap::PeekMut;

use rand::SeedableRng;
use rand::rngs::Xoshiro256PlusPlus;

use crate::model::{Node, System};
use crate::stats::LogHistogram;

/// A scheduled state change of one component.
#[derive(Debug, Clone, Copy)]
struct Event {
    time: f64,
    seq: u64,
    component: u32,
}

impl PartialEq for Event {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl Eq for Event {}
impl PartialOrd for Event {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Event {
    /// Reversed, so that std's max-heap pops the earliest event (and, at equal times, the
    /// earliest scheduled) first. Event times are finite and ≥ +0.0 (never −0.0, see `reset`),
    /// and for such floats the IEEE bit patterns order like the numbers, so one integer
    /// comparison does; it is the hottest comparison of the engine.
    #[inline]
    fn cmp(&self, other: &Self) -> Ordering {
        (other.time.to_bits(), other.seq).cmp(&(self.time.to_bits(), self.seq))
    }
}

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
    fn overlap(&self, a: f64, b: f64) -> f64 {
        (b.min(self.horizon) - a.max(self.warmup)).max(0.0)
    }

    /// True when an instant counts for statistics.
    #[inline]
    fn contains(&self, t: f64) -> bool {
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
    /// System failures (up → down transitions).
    pub failures: u64,
    /// Time of the first system failure from t = 0 (`None`: none before the horizon).
    pub first_failure: Option<f64>,
    /// Durations of the outages that began in the window and ended before the horizon.
    pub outages: LogHistogram,
    /// Events processed (failures and repairs of components), over the whole replication.
    pub events: u64,
    /// Per component: its own downtime.
    pub component_downtime: Vec<f64>,
    /// Per component: its failures.
    pub component_failures: Vec<u64>,
    /// Per component: system downtime during which it was down and critical (its repair alone
    /// would have brought the system back up).
    pub component_contribution: Vec<f64>,
    /// Per block: its downtime (for `explain`'s block-by-block comparison).
    pub block_downtime: Vec<f64>,
}

/// Reusable simulation state for one system; `run` simulates one replication.
pub struct Engine<'a> {
    system: &'a System,
    heap: BinaryHeap<Event>,
    rngs: Vec<Xoshiro256PlusPlus>,
    state: State,
}

/// The system's state during a replication, and what has been observed so far.
struct State {
    /// `thresholds[b]`: children of block b that must be up.
    thresholds: Vec<u32>,
    block_parent: Vec<u32>,
    /// Component → parent blocks, as in [`System`] (copied for locality).
    parent_start: Vec<u32>,
    parents: Vec<u32>,
    root: Node,
    up_children: Vec<u32>,
    component_up: Vec<bool>,
    down_since: Vec<f64>,
    /// Components currently down, and each one's position in that list (for O(1) removal).
    down: Vec<u32>,
    down_position: Vec<u32>,
    /// While the system is down: the down components whose repair alone would restore it.
    critical: Vec<u32>,
    system_up: bool,
    system_down_since: f64,
    /// Per block: when it last went down.
    block_down_since: Vec<f64>,
    /// False while `find_critical` flips components tentatively: those flips are not history.
    recording: bool,
    window: Window,
    last_event: f64,
    seq: u64,
    observation: Observation,
}

const NO_PARENT: u32 = u32::MAX;

impl<'a> Engine<'a> {
    /// Prepares an engine for `system`.
    pub fn new(system: &'a System) -> Self {
        let n = system.components().len();
        let blocks = system.blocks();
        Self {
            system,
            heap: BinaryHeap::with_capacity(n),
            rngs: Vec::with_capacity(n),
            state: State {
                thresholds: blocks.iter().map(|b| b.threshold()).collect(),
                block_parent: blocks.iter().map(|b| b.parent.unwrap_or(NO_PARENT)).collect(),
                parent_start: system.parent_start.clone(),
                parents: system.parents.clone(),
                root: system.root(),
                up_children: vec![0; blocks.len()],
                component_up: vec![true; n],
                down_since: vec![0.0; n],
                down: Vec::with_capacity(n),
                down_position: vec![0; n],
                critical: Vec::new(),
                system_up: true,
                system_down_since: 0.0,
                block_down_since: vec![0.0; blocks.len()],
                recording: true,
                window: Window { warmup: 0.0, horizon: 0.0 },
                last_event: 0.0,
                seq: 0,
                observation: Observation::default(),
            },
        }
    }

    /// What the last replication observed.
    pub fn observation(&self) -> &Observation {
        &self.state.observation
    }

    /// Simulates replication `replication` of the run seeded with `seed`, leaving the result in
    /// [`Engine::observation`].
    pub fn run(&mut self, seed: u64, replication: u64, window: Window) {
        self.reset(seed, replication);
        self.state.window = window;
        let components = self.system.components();
        let Self { heap, rngs, state, .. } = self;
        while let Some(mut next) = heap.peek_mut() {
            let t = next.time;
            if t >= window.horizon {
                break;
            }
            let c = next.component as usize;
            state.advance(t, window);
            let component = &components[c];
            let changed = if state.component_up[c] {
                // Failure: schedule the repair, or leave the component down for good.
                match &component.repair {
                    Some(repair) => {
                        next.time = t + repair.sample(&mut rngs[c]);
                        next.seq = state.next_seq();
                        drop(next);
                    }
                    None => {
                        PeekMut::pop(next);
                    }
                }
                state.component_fails(c, t, window)
            } else {
                next.time = t + component.failure.sample(&mut rngs[c]);
                next.seq = state.next_seq();
                drop(next);
                state.component_repaired(c, t, window)
            };
            if changed {
                state.system_changed(t, window);
            }
            if !state.system_up {
                state.find_critical();
            }
        }
        state.finish(window);
    }

    fn reset(&mut self, seed: u64, replication: u64) {
        let n = self.system.components().len();
        self.heap.clear();
        self.rngs.clear();
        let state = &mut self.state;
        state.seq = 0;
        state.component_up.fill(true);
        state.down.clear();
        state.critical.clear();
        state.system_up = true;
        state.system_down_since = 0.0;
        state.last_event = 0.0;
        for (count, block) in state.up_children.iter_mut().zip(self.system.blocks()) {
            *count = block.children.len() as u32;
        }
        let obs = &mut state.observation;
        obs.downtime = 0.0;
        obs.failures = 0;
        obs.first_failure = None;
        obs.outages = LogHistogram::default();
        obs.events = 0;
        obs.component_downtime.clear();
        obs.component_downtime.resize(n, 0.0);
        obs.component_failures.clear();
        obs.component_failures.resize(n, 0);
        obs.component_contribution.clear();
        obs.component_contribution.resize(n, 0.0);
        obs.block_downtime.clear();
        obs.block_downtime.resize(self.system.blocks().len(), 0.0);
        for (c, component) in self.system.components().iter().enumerate() {
            let mut rng = Xoshiro256PlusPlus::seed_from_u64(stream_seed(seed, replication, component.stream_key));
            // `+ 0.0` turns a −0.0 into +0.0, which the bitwise event order relies on.
            let time = component.failure.sample(&mut rng) + 0.0;
            self.rngs.push(rng);
            let seq = self.state.next_seq();
            self.heap.push(Event { time, seq, component: c as u32 });
        }
    }
}

impl State {
    fn next_seq(&mut self) -> u64 {
        self.seq += 1;
        self.seq
    }

    /// Before the event at `t`: credit the elapsed system downtime to the critical components.
    #[inline]
    fn advance(&mut self, t: f64, window: Window) {
        if !self.system_up {
            for &k in &self.critical {
                self.observation.component_contribution[k as usize] += window.overlap(self.last_event, t);
            }
        }
        self.last_event = t;
        self.observation.events += 1;
    }

    /// Component `c` fails at `t`; returns true when the system's state flips.
    #[inline]
    fn component_fails(&mut self, c: usize, t: f64, window: Window) -> bool {
        self.component_up[c] = false;
        self.down_since[c] = t;
        if window.contains(t) {
            self.observation.component_failures[c] += 1;
        }
        self.mark_down(c);
        self.propagate(c, false)
    }

    /// Component `c` is repaired at `t`; returns true when the system's state flips.
    #[inline]
    fn component_repaired(&mut self, c: usize, t: f64, window: Window) -> bool {
        self.component_up[c] = true;
        self.observation.component_downtime[c] += window.overlap(self.down_since[c], t);
        self.mark_up(c);
        self.propagate(c, true)
    }

    fn mark_down(&mut self, c: usize) {
        self.down_position[c] = self.down.len() as u32;
        self.down.push(c as u32);
    }

    fn mark_up(&mut self, c: usize) {
        let at = self.down_position[c] as usize;
        self.down.swap_remove(at);
        if let Some(&moved) = self.down.get(at) {
            self.down_position[moved as usize] = at as u32;
        }
    }

    /// Applies component `c` going up or down to the block counters; returns true when the
    /// system's state flips.
    #[inline]
    fn propagate(&mut self, c: usize, up: bool) -> bool {
        let parents = &self.parents[self.parent_start[c] as usize..self.parent_start[c + 1] as usize];
        if let Node::Component(root) = self.root {
            if root as usize == c {
                self.system_up = up;
                return true;
            }
            return false;
        }
        let mut flipped = false;
        for &first in parents {
            let mut b = first as usize;
            loop {
                let threshold = self.thresholds[b];
                let count = &mut self.up_children[b];
                // A block flips exactly when its count crosses its threshold.
                let block_flips = if up {
                    *count += 1;
                    *count == threshold
                } else {
                    *count -= 1;
                    *count + 1 == threshold
                };
                if !block_flips {
                    break;
                }
                if self.recording {
                    // A real change (not a tentative one): keep the block's own downtime.
                    if up {
                        self.observation.block_downtime[b] += self.window.overlap(self.block_down_since[b], self.last_event);
                    } else {
                        self.block_down_since[b] = self.last_event;
                    }
                }
                match self.block_parent[b] {
                    NO_PARENT => {
                        flipped = true;
                        break;
                    }
                    parent => b = parent as usize,
                }
            }
        }
        if flipped {
            self.system_up = up;
        }
        flipped
    }

    fn system_changed(&mut self, t: f64, window: Window) {
        if self.system_up {
            let duration = t - self.system_down_since;
            self.observation.downtime += window.overlap(self.system_down_since, t);
            if window.contains(self.system_down_since) {
                self.observation.outages.record(duration);
            }
            self.critical.clear();
        } else {
            self.system_down_since = t;
            if window.contains(t) {
                self.observation.failures += 1;
            }
            if self.observation.first_failure.is_none() {
                self.observation.first_failure = Some(t);
            }
        }
    }

    /// While the system is down: which down components would bring it back up if repaired alone?
    fn find_critical(&mut self) {
        self.critical.clear();
        self.recording = false;
        for i in 0..self.down.len() {
            let c = self.down[i] as usize;
            let restores = self.propagate(c, true);
            self.propagate(c, false);
            if restores {
                self.critical.push(c as u32);
            }
        }
        self.recording = true;
    }

    fn finish(&mut self, window: Window) {
        let end = window.horizon;
        for &c in &self.down {
            self.observation.component_downtime[c as usize] += window.overlap(self.down_since[c as usize], end);
        }
        for b in 0..self.thresholds.len() {
            if self.up_children[b] < self.thresholds[b] {
                self.observation.block_downtime[b] += window.overlap(self.block_down_since[b], end);
            }
        }
        if !self.system_up {
            self.observation.downtime += window.overlap(self.system_down_since, end);
            for &c in &self.critical {
                self.observation.component_contribution[c as usize] += window.overlap(self.last_event, end);
            }
        }
    }
}

/// Seed of one component's stream in one replication: SplitMix64-style mixing of the master
/// seed, the replication index and the component's key, so streams are independent of the
/// thread that runs them and shared between designs that share the component.
pub fn stream_seed(master: u64, replication: u64, key: u64) -> u64 {
    mix64(mix64(mix64(master ^ 0x6a09_e667_f3bc_c909) ^ replication.wrapping_mul(0x9e37_79b9_7f4a_7c15)) ^ key)
}

/// The SplitMix64 finaliser (Steele, Lea & Flood 2014).
fn mix64(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::parse_str;

    fn observe(model: &str, window: Window) -> Observation {
        let model = parse_str(model, "test.json").expect("valid");
        let mut engine = Engine::new(&model.system);
        engine.run(1, 0, window);
        engine.observation().clone()
    }

    const FIXED: &str = r#"{"name": "fixed", "components": [{"id": "s",
        "failure": {"dist": "fixed", "value": 10}, "repair": {"dist": "fixed", "value": 2}}], "system": "s"}"#;

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

    #[test]
    fn a_non_repairable_component_stays_down() {
        let model = r#"{"name": "n", "components": [{"id": "s", "failure": {"dist": "fixed", "value": 5}}], "system": "s"}"#;
        let obs = observe(model, Window { warmup: 0.0, horizon: 100.0 });
        assert_eq!(obs.failures, 1);
        assert_eq!(obs.downtime, 95.0);
        assert_eq!(obs.events, 1);
        assert_eq!(obs.outages.count(), 0);
    }

    #[test]
    fn equal_times_are_processed_in_scheduling_order() {
        // Both fail at 10 exactly; the system (1-of-2) fails once, at the second of the two.
        let model = r#"{"name": "tie", "components": [{"id": "s", "count": 2,
            "failure": {"dist": "fixed", "value": 10}, "repair": {"dist": "fixed", "value": 1}}],
            "system": {"parallel": ["s"]}}"#;
        let obs = observe(model, Window { warmup: 0.0, horizon: 10.5 });
        assert_eq!(obs.failures, 1);
        assert_eq!(obs.downtime, 0.5);
        assert_eq!(obs.component_contribution, [0.5, 0.5]);
    }

    #[test]
    fn stream_seeds_differ_by_replication_and_component() {
        let a = stream_seed(1, 0, 7);
        assert_ne!(a, stream_seed(1, 1, 7));
        assert_ne!(a, stream_seed(1, 0, 8));
        assert_ne!(a, stream_seed(2, 0, 7));
        assert_eq!(a, stream_seed(1, 0, 7));
    }
}
