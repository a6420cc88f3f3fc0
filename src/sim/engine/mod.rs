//! One replication: a discrete-event simulation of one life of the system.
//!
//! Each component runs a small state machine:
//!
//! ```text
//! working ──failure──► detecting ─► remediating ──────────────────────────► working
//!    ▲  │                   └──────► (queued for a crew) ─► responding ─► repairing ─► working
//!    │  └──maintenance due──► maintenance ─────────────────────────────────────► working
//! ```
//! (phases without a duration in the model are skipped). A component is *effectively* up
//! while it is working and everything it `depends_on` is effectively up; only the effective
//! state reaches the structure.
//!
//! Pending timers live in one binary heap ordered by (time, sequence number): events at equal
//! times leave in the order they were scheduled, so runs are deterministic. A timer that is
//! overtaken (a failure clock stopped by a shock or by maintenance, a switchover interrupted)
//! is not searched for: its owner's generation counter moves on and the stale entry is
//! dropped when it surfaces.
//!
//! The system state is kept incrementally: every block sums the weights of its children that
//! are up (weight 1, or a capacity), and a change walks up only through the blocks whose state
//! flips, so an event costs O(depth), not O(components).

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use rand::rngs::Xoshiro256PlusPlus;
use rand::{RngExt, SeedableRng};

use crate::model::{Distribution, Node, System};
use crate::stats::LogHistogram;

mod queue;
mod streams;

use queue::{Event, Queue, Timer};
pub use streams::stream_seed;

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
    /// The part of the downtime in outages that planned maintenance began.
    pub planned_downtime: f64,
    /// Time the system was up with reduced redundancy: some block had a member down (or less
    /// than its nominal capacity).
    pub degraded_time: f64,
    /// System failures (up → down transitions).
    pub failures: u64,
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
}

/// Bins of [0, horizon] for the point availability A(t) and the reliability R(t).
pub const TIME_BINS: usize = 100;

/// Where a component is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
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

/// A standby block during a replication.
#[derive(Debug, Clone, Copy)]
struct StandbyState {
    /// Position in `units` of the unit in service (or the failed one waiting for its repair).
    active: u32,
    switching: bool,
    generation: u32,
    /// The block's output as the structure sees it.
    up: bool,
}

/// A tentative change made by `find_critical`, to be undone.
#[derive(Debug, Clone, Copy)]
enum Undo {
    Weight(u32, u64),
    Effective(u32, bool),
    DepsDown(u32, u32),
    StandbyUp(u32, bool),
    SystemUp(bool),
}

/// The per-replication state of one component, kept together: an event touches one component,
/// and with 10,000 components each separate per-component array would cost a cache miss.
#[derive(Debug, Clone)]
struct ComponentState {
    /// Its own random stream.
    rng: Xoshiro256PlusPlus,
    /// Ageing rate while working: 1, or a standby spare's dormant factor.
    rate: f64,
    /// Remaining life in active time as of `since` (while working).
    life: f64,
    since: f64,
    down_since: f64,
    generation: u32,
    deps_down: u32,
    /// Its position in `down` while it is not working.
    down_position: u32,
    phase: Phase,
    effective: bool,
    /// Repaired at once on failure (no detection, remediation or crew).
    immediate_repair: bool,
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
    standby: Vec<StandbyState>,
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
    /// False while `find_critical` flips components tentatively: those flips are not history.
    recording: bool,
    /// Whether `critical` may be out of date: set by every change that can alter which down
    /// components would restore the system alone (a down block's weight, a flip, a dependency,
    /// a standby block). An event elsewhere, in blocks that stay up, leaves it alone, so a large
    /// model that is down does not search for critical components at every event.
    critical_stale: bool,
    /// Tests: search at every event, to check that skipping the search changes nothing.
    #[cfg(test)]
    always_find_critical: bool,
    undo: Vec<Undo>,
    window: Window,
    now: f64,
    last_event: f64,
    /// Orders the crew queues' entries of equal priority: first come, first served.
    crew_seq: u64,
    observation: Observation,
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
            standby: Vec::with_capacity(system.standbys.len()),
            down: Vec::with_capacity(n),
            critical: Vec::new(),
            critical_switchovers: Vec::new(),
            system_up: true,
            system_down_since: 0.0,
            outage_planned: false,
            planned_cause: false,
            recording: true,
            critical_stale: true,
            #[cfg(test)]
            always_find_critical: false,
            undo: Vec::new(),
            window: Window { warmup: 0.0, horizon: 0.0 },
            now: 0.0,
            last_event: 0.0,
            crew_seq: 0,
            observation: Observation::default(),
        }
    }

    /// What the last replication observed.
    pub fn observation(&self) -> &Observation {
        &self.observation
    }

    /// Simulates replication `replication` of the run seeded with `seed`, leaving the result in
    /// [`Engine::observation`].
    pub fn run(&mut self, seed: u64, replication: u64, window: Window) {
        self.window = window;
        self.reset(seed, replication);
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
            self.advance(time);
            let was_up = self.system_up;
            match timer {
                Timer::Phase => self.phase_ends(index),
                Timer::Maintenance => self.maintenance_due(index),
                Timer::Shock => self.shock(index),
                Timer::Switchover => self.switchover_ends(index),
            }
            self.queue.settle();
            if self.system_up != was_up {
                self.system_changed();
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
        self.finish();
    }

    fn reset(&mut self, seed: u64, replication: u64) {
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
        for queue in &mut self.crew_queue {
            queue.clear();
        }
        let obs = &mut self.observation;
        obs.downtime = 0.0;
        obs.planned_downtime = 0.0;
        obs.degraded_time = 0.0;
        obs.failures = 0;
        obs.first_failure = None;
        obs.outages = LogHistogram::default();
        obs.events = 0;
        reset_vec(&mut obs.component_downtime, n, 0.0);
        reset_vec(&mut obs.component_failures, n, 0);
        reset_vec(&mut obs.component_contribution, n, 0.0);
        reset_vec(&mut obs.block_downtime, system.blocks().len(), 0.0);
        reset_vec(&mut obs.bin_downtime, TIME_BINS, 0.0);
        reset_vec(&mut obs.switchovers, system.standbys.len(), 0);
        reset_vec(&mut obs.failed_switches, system.standbys.len(), 0);
        reset_vec(&mut obs.switchover_contribution, system.standbys.len(), 0.0);
        // Standby blocks: the first unit serves, the others wait at their dormant rate.
        self.standby.clear();
        self.standby_rngs.clear();
        for standby in &system.standbys {
            self.standby.push(StandbyState { active: 0, switching: false, generation: 0, up: true });
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

    #[inline]
    fn schedule(&mut self, time: f64, timer: Timer, index: u32, generation: u32) {
        self.queue.push(time, Event::new(timer, index, generation));
    }

    /// Starts a new timer for component `c`'s current phase, ending `duration` from now.
    #[inline]
    fn start_phase(&mut self, c: usize, phase: Phase, duration: f64) {
        self.comp[c].phase = phase;
        self.comp[c].generation = self.comp[c].generation.wrapping_add(1);
        self.schedule(self.now + duration, Timer::Phase, c as u32, self.comp[c].generation);
    }

    /// Before the event at `t`: credit the elapsed time (critical components' share of the
    /// downtime, degraded time).
    #[inline]
    fn advance(&mut self, t: f64) {
        let elapsed = self.window.overlap(self.last_event, t);
        if !self.system_up {
            for &k in &self.critical {
                self.observation.component_contribution[k as usize] += elapsed;
            }
            for &s in &self.critical_switchovers {
                self.observation.switchover_contribution[s as usize] += elapsed;
            }
        } else if self.deficient_blocks > 0 {
            self.observation.degraded_time += elapsed;
        }
        self.now = t;
        self.last_event = t;
        self.observation.events += 1;
    }

    fn phase_ends(&mut self, c: usize) {
        match self.comp[c].phase {
            Phase::Working => self.fails(c),
            Phase::Detecting => self.restoration_starts(c),
            Phase::Responding => {
                let repair = self.repair[c].as_ref().map_or(0.0, |r| r.sample(&mut self.comp[c].rng));
                self.start_phase(c, Phase::Repairing, repair);
            }
            Phase::Repairing => {
                if !self.comp[c].immediate_repair
                    && let Some(crew) = self.system.components()[c].crew
                {
                    self.crew_released(crew as usize);
                }
                self.back_in_service(c);
            }
            Phase::Remediating | Phase::Maintenance => self.back_in_service(c),
            Phase::Queued | Phase::Failed => {}
        }
    }

    /// Component `c` fails now (its own clock or a shock).
    fn fails(&mut self, c: usize) {
        if self.window.contains(self.now) {
            self.observation.component_failures[c] += 1;
        }
        if self.comp[c].immediate_repair
            && let Some(repair) = &self.repair[c]
        {
            let duration = repair.sample(&mut self.comp[c].rng);
            self.start_phase(c, Phase::Repairing, duration);
            self.goes_down(c);
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
            self.restoration_starts(c);
        }
        self.goes_down(c);
    }

    /// The failure of `c` is known: automated remediation, else a repair (with a crew when it
    /// has one).
    fn restoration_starts(&mut self, c: usize) {
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
                let k = crew as usize;
                if self.crew_busy[k] < system.crews[k].size {
                    self.crew_assigned(c, k);
                } else {
                    self.comp[c].phase = Phase::Queued;
                    self.comp[c].generation = self.comp[c].generation.wrapping_add(1);
                    self.crew_seq += 1;
                    self.crew_queue[k].push((component.repair_priority, Reverse(self.crew_seq), c as u32));
                }
            }
            None => {
                let repair = component.repair.as_ref().map_or(0.0, |r| r.sample(&mut self.comp[c].rng));
                self.start_phase(c, Phase::Repairing, repair);
            }
        }
    }

    fn crew_assigned(&mut self, c: usize, k: usize) {
        let system = self.system;
        self.crew_busy[k] += 1;
        match &system.crews[k].response {
            Some(response) => {
                let delay = response.sample(&mut self.comp[c].rng);
                self.start_phase(c, Phase::Responding, delay);
            }
            None => {
                let repair = system.components()[c].repair.as_ref().map_or(0.0, |r| r.sample(&mut self.comp[c].rng));
                self.start_phase(c, Phase::Repairing, repair);
            }
        }
    }

    /// A crew member is free: the next in the queue (highest priority, then first come).
    fn crew_released(&mut self, k: usize) {
        self.crew_busy[k] -= 1;
        if let Some((_, _, next)) = self.crew_queue[k].pop() {
            self.crew_assigned(next as usize, k);
        }
    }

    /// `c` works again, as good as new.
    fn back_in_service(&mut self, c: usize) {
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
        self.observation.component_downtime[c] += self.window.overlap(self.comp[c].down_since, t);
        let at = self.comp[c].down_position as usize;
        self.down.swap_remove(at);
        if let Some(&moved) = self.down.get(at) {
            self.comp[moved as usize].down_position = at as u32;
        }
        self.effective_may_change(c);
    }

    /// `c` has just stopped working (failure or maintenance).
    fn goes_down(&mut self, c: usize) {
        self.comp[c].down_since = self.now;
        self.comp[c].down_position = self.down.len() as u32;
        self.down.push(c as u32);
        self.effective_may_change(c);
    }

    /// The ageing rate of `c` changes (a standby unit changes role).
    fn set_rate(&mut self, c: usize, rate: f64) {
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

    fn maintenance_due(&mut self, c: usize) {
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
        self.goes_down(c);
    }

    fn shock(&mut self, k: usize) {
        let system = self.system;
        let cause = &system.common_causes[k];
        let next = cause.every.sample(&mut self.cause_rngs[k]);
        self.schedule(self.now + next, Timer::Shock, k as u32, 0);
        for &m in &cause.members {
            if self.comp[m as usize].phase == Phase::Working {
                self.fails(m as usize);
            }
        }
    }

    fn switchover_ends(&mut self, s: usize) {
        self.critical_stale = true;
        self.standby[s].switching = false;
        self.standby_output(s);
    }

    /// Recomputes whether `c` is effectively up; on a change, tells its dependents and the
    /// blocks that use it.
    fn effective_may_change(&mut self, c: usize) {
        let now_up = self.comp[c].phase == Phase::Working && self.comp[c].deps_down == 0;
        if now_up == self.comp[c].effective {
            return;
        }
        if !self.recording {
            self.undo.push(Undo::Effective(c as u32, self.comp[c].effective));
        }
        self.comp[c].effective = now_up;
        for i in self.dependent_start[c]..self.dependent_start[c + 1] {
            let d = self.dependents[i as usize] as usize;
            if self.recording {
                self.critical_stale = true;
            } else {
                self.undo.push(Undo::DepsDown(d as u32, self.comp[d].deps_down));
            }
            if now_up {
                self.comp[d].deps_down -= 1;
            } else {
                self.comp[d].deps_down += 1;
            }
            self.effective_may_change(d);
        }
        if let Node::Component(root) = self.root
            && root as usize == c
        {
            self.set_system_up(now_up);
            return;
        }
        for i in self.link_start[c]..self.link_start[c + 1] {
            let (b, weight) = self.links[i as usize];
            let s = if self.has_standby { self.block_standby[b as usize] } else { NO_STANDBY };
            if s == NO_STANDBY {
                self.change_weight(b as usize, weight, now_up);
            } else {
                self.unit_changed(s as usize, c, now_up);
            }
        }
    }

    /// Adds or removes `weight` of up children in block `b`, walking up while blocks flip.
    fn change_weight(&mut self, mut b: usize, mut weight: u64, up: bool) {
        loop {
            let before = self.up_weight[b];
            if !self.recording {
                self.undo.push(Undo::Weight(b as u32, before));
            }
            let after = if up { before + weight } else { before - weight };
            self.up_weight[b] = after;
            let need = self.need[b];
            if self.recording {
                self.set_deficient(b, after < self.full[b]);
                // Only a block that is (or was) down decides which components are critical.
                self.critical_stale |= before < need || after < need;
            }
            // A block flips exactly when its total crosses its need.
            if (before >= need) == (after >= need) {
                return;
            }
            if !self.block_flips(b, up) {
                return;
            }
            weight = self.block_weight[b];
            b = self.block_parent[b] as usize;
        }
    }

    /// Block `b`'s output flips to `up`: keeps its downtime, and returns false at the root.
    fn block_flips(&mut self, b: usize, up: bool) -> bool {
        if self.recording {
            if up {
                self.observation.block_downtime[b] += self.window.overlap(self.block_down_since[b], self.now);
            } else {
                self.block_down_since[b] = self.now;
            }
        }
        if self.block_parent[b] == NO_PARENT {
            self.set_system_up(up);
            return false;
        }
        true
    }

    fn set_system_up(&mut self, up: bool) {
        if self.recording {
            self.critical_stale = true;
        } else {
            self.undo.push(Undo::SystemUp(self.system_up));
        }
        self.system_up = up;
    }

    fn set_deficient(&mut self, b: usize, deficient: bool) {
        if self.deficient[b] != deficient {
            self.deficient[b] = deficient;
            if deficient {
                self.deficient_blocks += 1;
            } else {
                self.deficient_blocks -= 1;
            }
        }
    }

    /// A unit of standby block `s` became effectively up or down.
    fn unit_changed(&mut self, s: usize, c: usize, up: bool) {
        let system = self.system;
        let spec = &system.standbys[s];
        let b = spec.block as usize;
        if self.recording {
            self.critical_stale = true;
        } else {
            self.undo.push(Undo::Weight(b as u32, self.up_weight[b]));
        }
        if up {
            self.up_weight[b] += 1;
        } else {
            self.up_weight[b] -= 1;
        }
        if !self.recording {
            // Tentatively: would the block be up with this unit back? Roles do not change.
            let state = self.standby[s];
            let active = spec.units[state.active as usize] as usize;
            let would_be_up = !state.switching && (self.comp[active].effective || (up && active != c));
            if would_be_up != state.up {
                self.undo.push(Undo::StandbyUp(s as u32, state.up));
                self.standby[s].up = would_be_up;
                if self.block_flips(b, would_be_up) {
                    self.change_weight(self.block_parent[b] as usize, self.block_weight[b], would_be_up);
                }
            }
            return;
        }
        let active_position = self.standby[s].active as usize;
        let active = spec.units[active_position] as usize;
        let (_, position) = self.unit_of[c];
        if !up {
            if c == active {
                // Failover: the first working spare in priority order, unless the switch fails.
                if self.standby[s].switching {
                    self.standby[s].switching = false;
                    self.standby[s].generation = self.standby[s].generation.wrapping_add(1);
                }
                let spare = spec.units.iter().position(|&u| u as usize != c && self.comp[u as usize].effective);
                if let Some(next) = spare {
                    let switch_fails = spec.switch_failure_prob > 0.0 && self.standby_rngs[s].random::<f64>() < spec.switch_failure_prob;
                    if !switch_fails {
                        self.take_over(s, next, active);
                    } else if self.window.contains(self.now) {
                        self.observation.failed_switches[s] += 1;
                    }
                }
            }
        } else if c == active {
            // The unit in service is back (no spare had taken over).
        } else if !self.comp[active].effective && !self.standby[s].switching {
            // Nothing serves: the repaired unit is put into service directly.
            self.standby[s].active = position;
            self.set_rate(c, 1.0);
            self.set_rate(active, spec.dormant_factor);
        } else if spec.failback && (position as usize) < active_position {
            self.take_over(s, position as usize, active);
        } else {
            self.set_rate(c, spec.dormant_factor);
        }
        self.standby_output(s);
    }

    /// Unit at `position` takes over block `s` from unit `from`, through a switchover.
    fn take_over(&mut self, s: usize, position: usize, from: usize) {
        self.critical_stale = true;
        let system = self.system;
        let spec = &system.standbys[s];
        let unit = spec.units[position] as usize;
        self.standby[s].active = position as u32;
        self.set_rate(unit, 1.0);
        self.set_rate(from, spec.dormant_factor);
        if self.window.contains(self.now) {
            self.observation.switchovers[s] += 1;
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
    fn standby_output(&mut self, s: usize) {
        let spec = &self.system.standbys[s];
        let b = spec.block as usize;
        let state = self.standby[s];
        let up = !state.switching && self.comp[spec.units[state.active as usize] as usize].effective;
        self.set_deficient(b, !up || self.up_weight[b] < self.full[b]);
        if up == state.up {
            return;
        }
        self.standby[s].up = up;
        if self.block_flips(b, up) {
            self.change_weight(self.block_parent[b] as usize, self.block_weight[b], up);
        }
    }

    fn system_changed(&mut self) {
        let t = self.now;
        if self.system_up {
            let duration = t - self.system_down_since;
            self.record_bins(self.system_down_since, t);
            let downtime = self.window.overlap(self.system_down_since, t);
            self.observation.downtime += downtime;
            if self.outage_planned {
                self.observation.planned_downtime += downtime;
            }
            if self.window.contains(self.system_down_since) {
                self.observation.outages.record(duration);
            }
            self.critical.clear();
            self.critical_switchovers.clear();
        } else {
            self.system_down_since = t;
            self.outage_planned = self.planned_cause;
            if self.window.contains(t) {
                self.observation.failures += 1;
            }
            if self.observation.first_failure.is_none() {
                self.observation.first_failure = Some(t);
            }
        }
    }

    /// While the system is down: which down components would bring it back up if they alone
    /// returned (with everything else as it is)?
    fn find_critical(&mut self) {
        self.critical.clear();
        self.critical_switchovers.clear();
        self.recording = false;
        for i in 0..self.down.len() {
            let c = self.down[i] as usize;
            if self.comp[c].deps_down > 0 || !self.may_restore(c) {
                continue;
            }
            // Tentatively working: flip the effective state through the structure, then undo.
            let phase = self.comp[c].phase;
            self.comp[c].phase = Phase::Working;
            self.effective_may_change(c);
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
                if self.block_flips(b, true) {
                    self.change_weight(self.block_parent[b] as usize, self.block_weight[b], true);
                }
                let restores = self.system_up;
                self.rollback();
                if restores {
                    self.critical_switchovers.push(s as u32);
                }
            }
        }
        self.recording = true;
        self.critical_stale = false;
    }

    /// Adds the outage [a, b) to the time bins it overlaps.
    fn record_bins(&mut self, a: f64, b: f64) {
        let width = self.window.horizon / TIME_BINS as f64;
        let first = ((a / width) as usize).min(TIME_BINS - 1);
        let last = ((b / width) as usize).min(TIME_BINS - 1);
        for (i, bin) in self.observation.bin_downtime.iter_mut().enumerate().take(last + 1).skip(first) {
            let (lo, hi) = (i as f64 * width, (i + 1) as f64 * width);
            *bin += (b.min(hi) - a.max(lo)).max(0.0);
        }
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

    fn finish(&mut self) {
        let window = self.window;
        let end = window.horizon;
        let elapsed = window.overlap(self.last_event, end);
        if self.system_up && self.deficient_blocks > 0 {
            self.observation.degraded_time += elapsed;
        }
        for &c in &self.down {
            self.observation.component_downtime[c as usize] += window.overlap(self.comp[c as usize].down_since, end);
        }
        for b in 0..self.need.len() {
            let down = match self.block_standby[b] {
                NO_STANDBY => self.up_weight[b] < self.need[b],
                s => !self.standby[s as usize].up,
            };
            if down {
                self.observation.block_downtime[b] += window.overlap(self.block_down_since[b], end);
            }
        }
        if !self.system_up {
            self.record_bins(self.system_down_since, end);
            let downtime = window.overlap(self.system_down_since, end);
            self.observation.downtime += downtime;
            if self.outage_planned {
                self.observation.planned_downtime += downtime;
            }
            for &c in &self.critical {
                self.observation.component_contribution[c as usize] += elapsed;
            }
            for &s in &self.critical_switchovers {
                self.observation.switchover_contribution[s as usize] += elapsed;
            }
        }
    }
}

fn reset_vec<T: Copy>(v: &mut Vec<T>, n: usize, value: T) {
    v.clear();
    v.resize(n, value);
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

    fn observe(model: &str, window: Window) -> Observation {
        let model = parse_str(model, "test.json").expect("valid");
        let mut engine = Engine::new(&model.system);
        engine.run(1, 0, window);
        engine.observation().clone()
    }

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
}
