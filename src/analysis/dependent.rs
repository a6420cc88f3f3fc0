//! The Markov chain of an exponential model whose components depend on each other: shared
//! repair crews (with their queue order and response delay), standby blocks (roles, switchover,
//! switch failures, failback), common-cause shocks, detection and remediation, and `depends_on`.
//!
//! Every law must be exponential (memoryless), so that a state needs only each component's
//! phase, each crew's queue in arrival order, and each standby block's serving unit and whether
//! it is switching over. The transitions follow the simulator's rules (`sim::engine`), written
//! again here over discrete states: the two are independent implementations of the same
//! semantics, and the tests hold each against the other and against hand-written chains.
//!
//! A probabilistic branch inside a transition (a switch attempt that fails with probability p,
//! a remediation that works with probability p) splits it: the transition is replayed for each
//! sequence of outcomes, each with its probability.

use super::AnalysisError;
use super::markov::ChainModel;
use crate::model::{BlockKind, Distribution, Node, System};

/// Phases of a component (as in the simulator, without maintenance).
const WORKING: u8 = 0;
const DETECTING: u8 = 1;
const REMEDIATING: u8 = 2;
const QUEUED: u8 = 3;
const RESPONDING: u8 = 4;
const REPAIRING: u8 = 5;
const FAILED: u8 = 6;

/// A state of the chain.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct State {
    phase: Vec<u8>,
    /// Per crew, the waiting components in arrival order.
    queues: Vec<Vec<u32>>,
    /// Per standby block: the serving unit's position, and whether it is switching over.
    standby: Vec<(u32, bool)>,
}

/// The chain of a dependent exponential model.
pub struct DependentChain<'a> {
    system: &'a System,
    failure: Vec<f64>,
    repair: Vec<Option<f64>>,
    detection: Vec<Option<f64>>,
    /// (probability, rate of the remediation time).
    remediation: Vec<Option<(f64, f64)>>,
    response: Vec<Option<f64>>,
    shock: Vec<f64>,
    switchover: Vec<Option<f64>>,
    dependents: Vec<Vec<u32>>,
    /// Per component: the standby blocks it is a unit of (at most one) with its position.
    unit_of: Vec<Option<(usize, u32)>>,
}

/// The longest chain of `depends_on` (a component that needs one that needs one …): how deep
/// [`DependentChain::effective`] and the propagation of a failure recurse. Measured on an
/// explicit stack; a cycle (refused by validation) is cut where it closes.
fn dependency_depth(system: &System) -> usize {
    let components = system.components();
    let (mut depth, mut state) = (vec![0usize; components.len()], vec![0u8; components.len()]);
    for c in 0..components.len() {
        let mut stack = vec![c];
        while let Some(&x) = stack.last() {
            match state[x] {
                0 => {
                    state[x] = 1;
                    stack.extend(components[x].depends_on.iter().map(|&d| d as usize).filter(|&d| state[d] == 0));
                }
                1 => {
                    depth[x] = 1 + components[x].depends_on.iter().map(|&d| depth[d as usize]).max().unwrap_or(0);
                    state[x] = 2;
                    stack.pop();
                }
                _ => {
                    stack.pop();
                }
            }
        }
    }
    depth.into_iter().max().unwrap_or(0)
}

/// The rate of an exponential law, or an error naming what is not exponential.
fn rate(law: &Distribution, what: impl FnOnce() -> String) -> Result<f64, AnalysisError> {
    law.exponential_rate()
        .ok_or_else(|| AnalysisError::Unsupported(format!("{} is not exponential (a Markov chain needs memoryless laws)", what())))
}

impl<'a> DependentChain<'a> {
    /// Checks that every law of `system` is exponential and that it has no maintenance.
    pub fn new(system: &'a System) -> Result<Self, AnalysisError> {
        let components = system.components();
        super::structure::check_depth(system)?;
        if let Some(c) = components.iter().find(|c| c.maintenance.is_some()) {
            return Err(AnalysisError::Unsupported(format!("planned maintenance of `{}` (periodic, not memoryless)", c.kind_id)));
        }
        let mut failure = Vec::new();
        let (mut repair, mut detection, mut remediation) = (Vec::new(), Vec::new(), Vec::new());
        for c in components {
            failure.push(rate(&c.failure, || format!("the failure law of `{}`", c.name))?);
            repair.push(c.repair.as_ref().map(|r| rate(r, || format!("the repair law of `{}`", c.name))).transpose()?);
            detection.push(c.detection.as_ref().map(|d| rate(d, || format!("the detection delay of `{}`", c.name))).transpose()?);
            remediation.push(
                c.remediation
                    .as_ref()
                    .map(|r| Ok((r.probability, rate(&r.time, || format!("the remediation time of `{}`", c.name))?)))
                    .transpose()?,
            );
        }
        let response = system
            .crews
            .iter()
            .map(|k| k.response.as_ref().map(|r| rate(r, || format!("the response delay of crew `{}`", k.id))).transpose())
            .collect::<Result<_, _>>()?;
        let shock = system
            .common_causes
            .iter()
            .map(|k| rate(&k.every, || format!("the time between `{}` shocks", k.id)))
            .collect::<Result<_, _>>()?;
        let switchover = system
            .standbys
            .iter()
            .map(|s| {
                s.switchover
                    .as_ref()
                    .map(|d| rate(d, || format!("the switchover of {}", system.blocks()[s.block as usize].path)))
                    .transpose()
            })
            .collect::<Result<_, _>>()?;
        let mut dependents = vec![Vec::new(); components.len()];
        for (c, component) in components.iter().enumerate() {
            for &d in &component.depends_on {
                dependents[d as usize].push(c as u32);
            }
        }
        if dependency_depth(system) > super::structure::MAX_DEPTH {
            return Err(AnalysisError::TooLarge { what: "components in a chain of `depends_on`", limit: super::structure::MAX_DEPTH });
        }
        let mut unit_of = vec![None; components.len()];
        for (s, standby) in system.standbys.iter().enumerate() {
            for (position, &u) in standby.units.iter().enumerate() {
                unit_of[u as usize] = Some((s, position as u32));
            }
        }
        Ok(Self { system, failure, repair, detection, remediation, response, shock, switchover, dependents, unit_of })
    }

    /// Whether component `c` is effectively up: working, and everything it needs too.
    fn effective(&self, state: &State, c: usize) -> bool {
        state.phase[c] == WORKING && self.system.components()[c].depends_on.iter().all(|&d| self.effective(state, d as usize))
    }

    fn node_up(&self, state: &State, effective: &[bool], node: Node) -> bool {
        match node {
            Node::Component(c) => effective[c as usize],
            Node::Block(b) => {
                let block = &self.system.blocks()[b as usize];
                match block.kind {
                    BlockKind::Standby(s) => {
                        let (active, switching) = state.standby[s as usize];
                        !switching && effective[self.system.standbys[s as usize].units[active as usize] as usize]
                    }
                    _ => block.up_when(|child| self.node_up(state, effective, child)),
                }
            }
        }
    }

    /// The rate at which working component `c` fails: a waiting spare ages at its dormant factor.
    fn failure_rate(&self, state: &State, c: usize) -> f64 {
        match self.unit_of[c] {
            Some((s, position)) if state.standby[s].0 != position => self.failure[c] * self.system.standbys[s].dormant_factor,
            _ => self.failure[c],
        }
    }

    /// Replays `event` from `state` for every sequence of branch outcomes.
    fn outcomes(&self, state: &State, event: Event, out: &mut Vec<(State, f64)>, rate: f64) {
        let mut prefixes: Vec<Vec<bool>> = vec![Vec::new()];
        while let Some(prefix) = prefixes.pop() {
            let mut step = Step::new(self, state.clone(), &prefix);
            match step.apply(event) {
                Ok(()) => out.push((step.state, rate * step.probability)),
                Err(NeedCoin(_)) => {
                    let mut yes = prefix.clone();
                    yes.push(true);
                    let mut no = prefix;
                    no.push(false);
                    prefixes.push(yes);
                    prefixes.push(no);
                }
            }
        }
    }
}

impl DependentChain<'_> {
    /// The events that can happen in `state`, each with its rate (per unit of time).
    pub fn events(&self, state: &State, out: &mut Vec<(Event, f64)>) {
        for c in 0..state.phase.len() {
            let (event, rate) = match state.phase[c] {
                WORKING => (Event::Fail(c), self.failure_rate(state, c)),
                DETECTING => (Event::PhaseEnds(c), self.detection[c].unwrap_or(0.0)),
                REMEDIATING => (Event::PhaseEnds(c), self.remediation[c].map_or(0.0, |(_, r)| r)),
                RESPONDING => {
                    let crew = self.system.components()[c].crew.map_or(0, |k| k as usize);
                    (Event::PhaseEnds(c), self.response.get(crew).copied().flatten().unwrap_or(0.0))
                }
                REPAIRING => (Event::PhaseEnds(c), self.repair[c].unwrap_or(0.0)),
                _ => continue,
            };
            if rate > 0.0 {
                out.push((event, rate));
            }
        }
        for (k, &rate) in self.shock.iter().enumerate() {
            if rate > 0.0 {
                out.push((Event::Shock(k), rate));
            }
        }
        for (s, rate) in self.switchover.iter().enumerate() {
            if let (Some(rate), (_, true)) = (rate, state.standby[s])
                && *rate > 0.0
            {
                out.push((Event::SwitchoverEnds(s), *rate));
            }
        }
    }

    /// The state after `event` happens in `state`. Each probabilistic branch (a switch attempt,
    /// a remediation) is decided by `coin(p)`, which must return true with probability p: this
    /// draws one transition for a simulation of the chain.
    pub fn apply(&self, state: &State, event: Event, coin: &mut impl FnMut(f64) -> bool) -> State {
        let mut outcomes = Vec::new();
        loop {
            let mut step = Step::new(self, state.clone(), &outcomes);
            match step.apply(event) {
                Ok(()) => return step.state,
                Err(NeedCoin(p)) => outcomes.push(coin(p)),
            }
        }
    }

    /// Number of components.
    pub fn components(&self) -> usize {
        self.failure.len()
    }

    /// The components, not working in `state`, that would bring the system back up by
    /// returning to service alone, now, with the model's rules for a return (a spare whose
    /// active unit is down takes over at once; everything else stays as it is): the
    /// simulator's "critical" (`sim::engine`). Appends them to `out`.
    pub fn critical(&self, state: &State, out: &mut Vec<usize>) {
        let n = state.phase.len();
        let mut effective: Vec<bool> = (0..n).map(|c| self.effective(state, c)).collect();
        for c in 0..n {
            if state.phase[c] == WORKING {
                continue;
            }
            let restores = if self.dependents[c].is_empty() && self.unit_of[c].is_none() {
                // Only the structure sees it: flip it alone.
                let needs = &self.system.components()[c].depends_on;
                if !needs.iter().all(|&d| effective[d as usize]) {
                    continue;
                }
                effective[c] = true;
                let up = self.node_up(state, &effective, self.system.root());
                effective[c] = false;
                up
            } else {
                // Its return changes other components or a standby block's roles: replay it.
                // Ending a remediation is a return to service with no crew to release.
                let mut returning = state.clone();
                returning.phase[c] = REMEDIATING;
                let after = self.apply(&returning, Event::PhaseEnds(c), &mut |_| false);
                self.is_up(&after)
            };
            if restores {
                out.push(c);
            }
        }
    }
}

impl ChainModel for DependentChain<'_> {
    type State = State;

    fn initial(&self) -> State {
        State {
            phase: vec![WORKING; self.failure.len()],
            queues: vec![Vec::new(); self.system.crews.len()],
            standby: vec![(0, false); self.system.standbys.len()],
        }
    }

    fn is_up(&self, state: &State) -> bool {
        let effective: Vec<bool> = (0..state.phase.len()).map(|c| self.effective(state, c)).collect();
        self.node_up(state, &effective, self.system.root())
    }

    fn state_bytes(&self) -> usize {
        // The phases, each crew's queue (at most every component), each standby's roles.
        let queues: usize = self.system.crews.len() * (std::mem::size_of::<Vec<u32>>() + 4 * self.failure.len().min(64));
        std::mem::size_of::<State>() + self.failure.len() + queues + 8 * self.system.standbys.len()
    }

    fn transitions(&self, state: &State, out: &mut Vec<(State, f64)>) {
        let mut events = Vec::new();
        self.events(state, &mut events);
        for (event, rate) in events {
            self.outcomes(state, event, out, rate);
        }
    }
}

/// What happens in one transition of the chain.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event {
    /// Working component `c` fails.
    Fail(usize),
    /// Component `c`'s current phase (detection, remediation, response, repair) ends.
    PhaseEnds(usize),
    /// Common cause `k` strikes.
    Shock(usize),
    /// Standby block `s` finishes its switchover.
    SwitchoverEnds(usize),
}

impl Event {
    /// Whether it is a failure (a component failing, or a shock): the rare transitions that
    /// failure biasing makes likelier.
    pub fn is_failure(self) -> bool {
        matches!(self, Event::Fail(_) | Event::Shock(_))
    }
}

/// A branch outcome was needed beyond the given prefix: one that goes one way with this
/// probability.
struct NeedCoin(f64);

/// One transition being applied, with the simulator's order of operations.
struct Step<'m, 'p> {
    chain: &'m DependentChain<'m>,
    state: State,
    effective: Vec<bool>,
    deps_down: Vec<u32>,
    coins: &'p [bool],
    used: usize,
    probability: f64,
    /// Standby blocks whose unit in service went down: their failover is decided once the
    /// event has settled, as the simulator does.
    failovers_due: Vec<usize>,
    /// Crews asked for during the event: their free members take the queue's head once it
    /// has settled, as in the simulator.
    crews_due: Vec<usize>,
}

impl<'m, 'p> Step<'m, 'p> {
    fn new(chain: &'m DependentChain<'m>, state: State, coins: &'p [bool]) -> Self {
        let n = state.phase.len();
        let effective: Vec<bool> = (0..n).map(|c| chain.effective(&state, c)).collect();
        let deps_down =
            (0..n).map(|c| chain.system.components()[c].depends_on.iter().filter(|&&d| !effective[d as usize]).count() as u32).collect();
        Self { chain, state, effective, deps_down, coins, used: 0, probability: 1.0, failovers_due: Vec::new(), crews_due: Vec::new() }
    }

    /// A branch that goes one way with probability `p`.
    fn coin(&mut self, p: f64) -> Result<bool, NeedCoin> {
        if p <= 0.0 {
            return Ok(false);
        }
        if p >= 1.0 {
            return Ok(true);
        }
        let outcome = *self.coins.get(self.used).ok_or(NeedCoin(p))?;
        self.used += 1;
        self.probability *= if outcome { p } else { 1.0 - p };
        Ok(outcome)
    }

    fn apply(&mut self, event: Event) -> Result<(), NeedCoin> {
        self.handle(event)?;
        for i in 0..self.crews_due.len() {
            let k = self.crews_due[i];
            while self.busy(k) < self.chain.system.crews[k].size && !self.state.queues[k].is_empty() {
                self.crew_released(k);
            }
        }
        for i in 0..self.failovers_due.len() {
            self.decide_failover(self.failovers_due[i])?;
        }
        Ok(())
    }

    /// The failover of standby block `s`, whose unit in service went down: the first spare
    /// still up once the event has settled, unless the switch fails.
    fn decide_failover(&mut self, s: usize) -> Result<(), NeedCoin> {
        let spec = &self.chain.system.standbys[s];
        let active = spec.units[self.state.standby[s].0 as usize] as usize;
        if self.effective[active] {
            return Ok(());
        }
        let spare = spec.units.iter().position(|&u| u as usize != active && self.effective[u as usize]);
        if let Some(next) = spare
            && !self.coin(spec.switch_failure_prob)?
        {
            self.take_over(s, next as u32);
        }
        Ok(())
    }

    fn handle(&mut self, event: Event) -> Result<(), NeedCoin> {
        match event {
            Event::Fail(c) => self.fails(c),
            Event::PhaseEnds(c) => match self.state.phase[c] {
                DETECTING => self.restoration_starts(c),
                RESPONDING => {
                    self.state.phase[c] = REPAIRING;
                    Ok(())
                }
                REPAIRING => {
                    if let Some(k) = self.chain.system.components()[c].crew {
                        self.crew_released(k as usize);
                    }
                    self.back_in_service(c)
                }
                _ => self.back_in_service(c),
            },
            Event::Shock(k) => {
                for &m in &self.chain.system.common_causes[k].members {
                    if self.state.phase[m as usize] == WORKING {
                        self.fails(m as usize)?;
                    }
                }
                Ok(())
            }
            Event::SwitchoverEnds(s) => {
                self.state.standby[s].1 = false;
                Ok(())
            }
        }
    }

    fn fails(&mut self, c: usize) -> Result<(), NeedCoin> {
        if self.chain.repair[c].is_none() {
            self.state.phase[c] = FAILED;
        } else if self.chain.detection[c].is_some() {
            self.state.phase[c] = DETECTING;
        } else {
            self.restoration_starts(c)?;
        }
        self.effective_may_change(c)
    }

    fn restoration_starts(&mut self, c: usize) -> Result<(), NeedCoin> {
        if let Some((p, _)) = self.chain.remediation[c]
            && self.coin(p)?
        {
            self.state.phase[c] = REMEDIATING;
            return Ok(());
        }
        match self.chain.system.components()[c].crew {
            Some(k) => {
                let k = k as usize;
                self.state.phase[c] = QUEUED;
                self.state.queues[k].push(c as u32);
                if !self.crews_due.contains(&k) {
                    self.crews_due.push(k);
                }
            }
            None => self.state.phase[c] = REPAIRING,
        }
        Ok(())
    }

    fn busy(&self, k: usize) -> u32 {
        let components = self.chain.system.components();
        (0..self.state.phase.len())
            .filter(|&c| components[c].crew == Some(k as u32) && matches!(self.state.phase[c], RESPONDING | REPAIRING))
            .count() as u32
    }

    fn assign(&mut self, c: usize, k: usize) {
        self.state.phase[c] = if self.chain.response[k].is_some() { RESPONDING } else { REPAIRING };
    }

    /// A member of crew `k` takes the next in its queue: highest priority, then first come.
    fn crew_released(&mut self, k: usize) {
        let components = self.chain.system.components();
        let queue = &self.state.queues[k];
        let next = (0..queue.len()).max_by_key(|&i| (components[queue[i] as usize].repair_priority, std::cmp::Reverse(i)));
        if let Some(i) = next {
            let c = self.state.queues[k].remove(i) as usize;
            self.assign(c, k);
        }
    }

    fn back_in_service(&mut self, c: usize) -> Result<(), NeedCoin> {
        self.state.phase[c] = WORKING;
        self.effective_may_change(c)
    }

    fn effective_may_change(&mut self, c: usize) -> Result<(), NeedCoin> {
        let now_up = self.state.phase[c] == WORKING && self.deps_down[c] == 0;
        if now_up == self.effective[c] {
            return Ok(());
        }
        self.effective[c] = now_up;
        for i in 0..self.chain.dependents[c].len() {
            let d = self.chain.dependents[c][i] as usize;
            if now_up {
                self.deps_down[d] -= 1;
            } else {
                self.deps_down[d] += 1;
            }
            self.effective_may_change(d)?;
        }
        if let Some((s, position)) = self.chain.unit_of[c] {
            self.unit_changed(s, c, position, now_up)?;
        }
        Ok(())
    }

    fn unit_changed(&mut self, s: usize, c: usize, position: u32, up: bool) -> Result<(), NeedCoin> {
        let spec = &self.chain.system.standbys[s];
        let (active_position, switching) = self.state.standby[s];
        let active = spec.units[active_position as usize] as usize;
        if !up {
            if c == active {
                self.state.standby[s].1 = false;
                if !self.failovers_due.contains(&s) {
                    self.failovers_due.push(s);
                }
            }
        } else if c == active {
            // The serving unit is back.
        } else if !self.effective[active] && !switching {
            self.state.standby[s].0 = position;
        } else if spec.failback && position < active_position {
            self.take_over(s, position);
        }
        Ok(())
    }

    fn take_over(&mut self, s: usize, position: u32) {
        self.state.standby[s].0 = position;
        if self.chain.switchover[s].is_some() {
            self.state.standby[s].1 = true;
        }
    }
}
