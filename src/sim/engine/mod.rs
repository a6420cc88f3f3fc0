//! One replication: a discrete-event simulation of one life of the system.
//!
//! Each component runs a small state machine (`lifecycle`):
//!
//! ```text
//! working ──failure──► detecting ─► remediating ──────────────────────────► working
//!    ▲  │                   └──────► (queued for a crew) ─► responding ─► repairing ─► working
//!    │  └──maintenance due──► maintenance ─────────────────────────────────────► working
//! ```
//! (phases without a duration in the model are skipped). A component is *effectively* up
//! while it is working and everything it `depends_on` is effectively up; only the effective
//! state reaches the structure (`structure`, `standby`).
//!
//! Pending timers wait in a queue ordered by (time, sequence number) (`queue`): events at
//! equal times leave in the order they were scheduled, so runs are deterministic. A timer that
//! is overtaken (a failure clock stopped by a shock or by maintenance, a switchover
//! interrupted) is not searched for: its owner's generation counter moves on and the stale
//! entry is dropped when it surfaces.
//!
//! The engine is one struct, for locality in the hot loop; each file adds the methods of one
//! concern. While the system is down, the critical search (`critical`) flips down components
//! tentatively through the same propagation code as real events and undoes the flips. A
//! what-if must never become history, so the propagation is generic over a `Recorder`:
//! [`Observation`] records a real change (`observation`), `Tentative` only logs how to undo
//! it. Each instantiation is monomorphised, so the choice costs no branch, and `run` keeps the
//! observation out of the engine while it simulates: code reached from the search, which holds
//! only the engine, has no observation to write to.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use rand::SeedableRng;
use rand::rngs::Xoshiro256PlusPlus;

use crate::model::{Distribution, Node, System};

mod critical;
mod lifecycle;
mod observation;
mod periods;
mod queue;
mod service;
mod standby;
mod streams;
mod structure;

use critical::Undo;
use lifecycle::{ComponentState, Phase};
pub use observation::{Observation, TIME_BINS, Window};
pub use periods::{ExhaustionClass, MAX_OUTAGES_PER_PERIOD, PeriodLog, exhaustion_bin};
use queue::{Event, Queue, Timer};
use standby::StandbyState;
pub use streams::stream_seed;

/// What a change of state does besides the change itself. The propagation through
/// dependencies, blocks and standby blocks calls these hooks at each step; see the module
/// documentation for the two implementations.
trait Recorder {
    /// `c`'s effective state is about to flip.
    fn effective_flips(&mut self, engine: &mut Engine<'_>, c: usize);
    /// The count of down dependencies of `d` is about to change.
    fn dependency_changes(&mut self, engine: &mut Engine<'_>, d: usize);
    /// Block `b`'s up weight has just gone from `before` to `after`.
    fn weight_changed(&mut self, engine: &mut Engine<'_>, b: usize, before: u64, after: u64);
    /// Block `b`'s output flips to `up`.
    fn block_flips(&mut self, engine: &mut Engine<'_>, b: usize, up: bool);
    /// The system's state is about to flip.
    fn system_flips(&mut self, engine: &mut Engine<'_>);
    /// Unit `c` of standby block `s` became effectively `up` or down (the block's count of up
    /// units, its roles and its output are the recorder's to update).
    fn unit_changed(&mut self, engine: &mut Engine<'_>, s: usize, c: usize, up: bool);
}

const NO_PARENT: u32 = u32::MAX;
const NO_STANDBY: u32 = u32::MAX;

/// Reusable simulation state for one system; `run` simulates one replication.
pub struct Engine<'a> {
    system: &'a System,
    queue: Queue<Event>,
    /// Per component, everything an event on it touches (see [`ComponentState`]).
    comp: Vec<ComponentState>,
    cause_rngs: Vec<Xoshiro256PlusPlus>,
    standby_rngs: Vec<Xoshiro256PlusPlus>,
    // The compiled structure, copied for locality.
    /// Per component, its (block, weight) links: `links[link_start[c]..link_start[c + 1]]`.
    link_start: Vec<u32>,
    links: Vec<(u32, u64)>,
    /// Per component, the components that depend on it.
    dependent_start: Vec<u32>,
    dependents: Vec<u32>,
    need: Vec<u64>,
    full: Vec<u64>,
    block_parent: Vec<u32>,
    /// Weight of each block in its parent.
    block_weight: Vec<u64>,
    /// Per block: index into `standbys` or NO_STANDBY.
    block_standby: Vec<u32>,
    has_standby: bool,
    /// Per component: its standby block and position there, or NO_STANDBY.
    unit_of: Vec<(u32, u32)>,
    root: Node,
    /// Per component, its laws, copied out of the (large) component records for locality.
    failure: Vec<Distribution>,
    repair: Vec<Option<Distribution>>,
    // Per replication.
    up_weight: Vec<u64>,
    deficient: Vec<bool>,
    deficient_blocks: u32,
    block_down_since: Vec<f64>,
    crew_busy: Vec<u32>,
    crew_queue: Vec<BinaryHeap<(i32, Reverse<u64>, u32)>>,
    /// Crews with a free member and a new request during the event being handled.
    crews_due: Vec<u32>,
    standby: Vec<StandbyState>,
    /// Standby blocks whose failover waits for the event to settle, in the order their units
    /// in service went down.
    failovers_due: Vec<u32>,
    /// Components not working, and each one's position in that list (O(1) removal).
    down: Vec<u32>,
    /// While the system is down: the down components whose return alone would restore it.
    critical: Vec<u32>,
    /// Likewise, the standby blocks whose switchover alone keeps the system down.
    critical_switchovers: Vec<u32>,
    system_up: bool,
    system_down_since: f64,
    outage_planned: bool,
    /// True while the event being handled is the start of planned maintenance.
    planned_cause: bool,
    /// Whether `critical` may be out of date: set by every change that can alter which down
    /// components would restore the system alone (a down block's weight, a flip, a dependency,
    /// a standby block). An event elsewhere, in blocks that stay up, leaves it alone, so a large
    /// model that is down does not search for critical components at every event.
    critical_stale: bool,
    /// Tests: search at every event, to check that skipping the search changes nothing.
    #[cfg(test)]
    always_find_critical: bool,
    /// The critical search's tentative changes, undone last first.
    undo: Vec<Undo>,
    window: Window,
    now: f64,
    last_event: f64,
    /// Orders the crew queues' entries of equal priority: first come, first served.
    crew_seq: u64,
    /// The last replication's observation; `run` moves it out while it simulates.
    observation: Observation,
    /// Delivered service, only for a model with a `demand` (`service`).
    service: Option<service::Service>,
    /// Whether the delivered fraction may have changed since it was computed.
    service_dirty: bool,
    /// Whether the model has costs, which need repair hours and crew time counted.
    count_costs: bool,
}

impl<'a> Engine<'a> {
    /// Prepares an engine for `system`.
    pub fn new(system: &'a System) -> Self {
        let n = system.components().len();
        let blocks = system.blocks();
        let mut per_component: Vec<Vec<(u32, u64)>> = vec![Vec::new(); n];
        let mut block_weight = vec![1u64; blocks.len()];
        for (b, block) in blocks.iter().enumerate() {
            for (child, &weight) in block.children.iter().zip(&block.weights) {
                match *child {
                    Node::Component(c) => per_component[c as usize].push((b as u32, weight)),
                    Node::Block(k) => block_weight[k as usize] = weight,
                }
            }
        }
        let (link_start, links) = csr(per_component);
        let mut per_dependency: Vec<Vec<u32>> = vec![Vec::new(); n];
        for (c, component) in system.components().iter().enumerate() {
            for &d in &component.depends_on {
                per_dependency[d as usize].push(c as u32);
            }
        }
        let (dependent_start, dependents) = csr(per_dependency);
        let mut unit_of = vec![(NO_STANDBY, 0); n];
        let mut block_standby = vec![NO_STANDBY; blocks.len()];
        for (s, standby) in system.standbys.iter().enumerate() {
            block_standby[standby.block as usize] = s as u32;
            for (position, &u) in standby.units.iter().enumerate() {
                unit_of[u as usize] = (s as u32, position as u32);
            }
        }
        Self {
            system,
            queue: Queue::with_capacity(2 * n),
            comp: system
                .components()
                .iter()
                .map(|c| ComponentState {
                    rng: Xoshiro256PlusPlus::seed_from_u64(0),
                    rate: 1.0,
                    life: 0.0,
                    since: 0.0,
                    down_since: 0.0,
                    generation: 0,
                    deps_down: 0,
                    down_position: 0,
                    phase: Phase::Working,
                    effective: true,
                    immediate_repair: c.detection.is_none() && c.remediation.is_none() && c.crew.is_none(),
                })
                .collect(),
            cause_rngs: Vec::new(),
            standby_rngs: Vec::new(),
            link_start,
            links,
            dependent_start,
            dependents,
            need: blocks.iter().map(|b| b.need).collect(),
            full: blocks.iter().map(|b| b.full).collect(),
            block_parent: blocks.iter().map(|b| b.parent.unwrap_or(NO_PARENT)).collect(),
            block_weight,
            block_standby,
            has_standby: !system.standbys.is_empty(),
            unit_of,
            root: system.root(),
            failure: system.components().iter().map(|c| c.failure.clone()).collect(),
            repair: system.components().iter().map(|c| c.repair.clone()).collect(),
            up_weight: vec![0; blocks.len()],
            deficient: vec![false; blocks.len()],
            deficient_blocks: 0,
            block_down_since: vec![0.0; blocks.len()],
            crew_busy: vec![0; system.crews.len()],
            crew_queue: vec![BinaryHeap::new(); system.crews.len()],
            crews_due: Vec::new(),
            standby: Vec::with_capacity(system.standbys.len()),
            failovers_due: Vec::new(),
            down: Vec::with_capacity(n),
            critical: Vec::new(),
            critical_switchovers: Vec::new(),
            system_up: true,
            system_down_since: 0.0,
            outage_planned: false,
            planned_cause: false,
            critical_stale: true,
            #[cfg(test)]
            always_find_critical: false,
            undo: Vec::new(),
            window: Window { warmup: 0.0, horizon: 0.0 },
            now: 0.0,
            last_event: 0.0,
            crew_seq: 0,
            observation: Observation::default(),
            service: service::Service::for_system(system),
            service_dirty: false,
            count_costs: system.costs.is_some(),
        }
    }

    /// What the last replication observed.
    pub fn observation(&self) -> &Observation {
        &self.observation
    }

    /// Simulates replication `replication` of the run seeded with `seed`, leaving the result in
    /// [`Engine::observation`].
    pub fn run(&mut self, seed: u64, replication: u64, window: Window) {
        // Only the code handed `obs` can record (see the module documentation).
        let mut obs = std::mem::take(&mut self.observation);
        self.window = window;
        self.reset(&mut obs, seed, replication);
        while let Some((time, event)) = self.queue.peek() {
            if time >= window.horizon {
                break;
            }
            let (timer, index) = (event.timer(), event.index());
            let live = match timer {
                Timer::Phase => self.comp[index].generation == event.generation,
                Timer::Switchover => self.standby[index].generation == event.generation,
                Timer::Maintenance | Timer::Shock => true,
            };
            if !live {
                self.queue.pop();
                continue;
            }
            // The event stays on top while it is handled (anything scheduled now is later, or
            // equal and scheduled later); the first timer it schedules replaces it in place,
            // one sift instead of a pop and a push.
            self.queue.defer_pop();
            self.advance(&mut obs, time);
            let was_up = self.system_up;
            match timer {
                Timer::Phase => self.phase_ends(&mut obs, index),
                Timer::Maintenance => self.maintenance_due(&mut obs, index),
                Timer::Shock => self.shock(&mut obs, index),
                Timer::Switchover => self.switchover_ends(&mut obs, index),
            }
            if !self.crews_due.is_empty() {
                self.dispatch_crews(&mut obs);
            }
            if !self.failovers_due.is_empty() {
                self.decide_failovers(&mut obs);
            }
            self.queue.settle();
            if self.system_up != was_up {
                self.system_changed(&mut obs);
            }
            self.planned_cause = false;
            #[cfg(test)]
            if self.always_find_critical {
                self.critical_stale = true;
            }
            if !self.system_up && self.critical_stale {
                self.find_critical();
            }
        }
        self.finish(&mut obs);
        self.observation = obs;
    }

    /// Every component up and new, its stream seeded for this replication, its first timers set.
    fn reset(&mut self, obs: &mut Observation, seed: u64, replication: u64) {
        let system = self.system;
        let n = system.components().len();
        self.queue.clear();
        self.crew_seq = 0;
        self.now = 0.0;
        self.last_event = 0.0;
        for state in &mut self.comp {
            state.phase = Phase::Working;
            state.rate = 1.0;
            state.effective = true;
            state.deps_down = 0;
        }
        self.down.clear();
        self.critical.clear();
        self.critical_switchovers.clear();
        self.critical_stale = true;
        self.system_up = true;
        self.system_down_since = 0.0;
        self.outage_planned = false;
        self.planned_cause = false;
        self.deficient.fill(false);
        self.deficient_blocks = 0;
        for (weight, block) in self.up_weight.iter_mut().zip(system.blocks()) {
            *weight = block.weights.iter().sum();
        }
        self.crew_busy.fill(0);
        self.crews_due.clear();
        for queue in &mut self.crew_queue {
            queue.clear();
        }
        obs.clear(n, system.blocks().len(), system.standbys.len());
        obs.clear_periods(system, self.window);
        obs.clear_crews(system.crews.len());
        self.service_reset(obs);
        // Standby blocks: the first unit serves, the others wait at their dormant rate.
        self.standby.clear();
        self.standby_rngs.clear();
        self.failovers_due.clear();
        for standby in &system.standbys {
            self.standby.push(StandbyState { active: 0, switching: false, generation: 0, up: true, failover_due: false });
            self.standby_rngs.push(Xoshiro256PlusPlus::seed_from_u64(stream_seed(seed, replication, standby.stream_key)));
            for &u in &standby.units[1..] {
                self.comp[u as usize].rate = standby.dormant_factor;
            }
        }
        for (c, component) in system.components().iter().enumerate() {
            let mut rng = Xoshiro256PlusPlus::seed_from_u64(stream_seed(seed, replication, component.stream_key));
            self.comp[c].life = component.failure.sample(&mut rng);
            self.comp[c].since = 0.0;
            self.comp[c].rng = rng;
            self.comp[c].generation = self.comp[c].generation.wrapping_add(1);
            if self.comp[c].rate > 0.0 {
                let time = self.comp[c].life / self.comp[c].rate;
                self.schedule(time, Timer::Phase, c as u32, self.comp[c].generation);
            }
        }
        for (c, component) in system.components().iter().enumerate() {
            if let Some(m) = &component.maintenance {
                self.schedule(m.offset, Timer::Maintenance, c as u32, 0);
            }
        }
        self.cause_rngs.clear();
        for (k, cause) in system.common_causes.iter().enumerate() {
            let mut rng = Xoshiro256PlusPlus::seed_from_u64(stream_seed(seed, replication, cause.stream_key));
            let time = cause.every.sample(&mut rng);
            self.cause_rngs.push(rng);
            self.schedule(time, Timer::Shock, k as u32, 0);
        }
    }
}

/// Compressed rows: `items[start[i]..start[i + 1]]` are row i's.
fn csr<T>(rows: Vec<Vec<T>>) -> (Vec<u32>, Vec<T>) {
    let mut start = Vec::with_capacity(rows.len() + 1);
    let mut items = Vec::new();
    start.push(0);
    for row in rows {
        items.extend(row);
        start.push(items.len() as u32);
    }
    (start, items)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::parse_str;

    pub(super) fn observe(model: &str, window: Window) -> Observation {
        let model = parse_str(model, "test.json").expect("valid");
        let mut engine = Engine::new(&model.system);
        engine.run(1, 0, window);
        engine.observation().clone()
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
}
