//! The compiled model: index-based, checked, and the only thing the engine and the analysis see.

use super::costs::CostModel;
use super::distribution::Distribution;
use super::spec::{SimulationSpec, StandbyMode, TimeUnit};

/// Horizon when neither the model nor the caller says: 100 years.
pub const DEFAULT_HORIZON_YEARS: f64 = 100.0;

/// One component instance (a `count: 3` component gives three).
#[derive(Debug, Clone)]
pub struct Component {
    /// Instance name: the id, or `id[i]` (1-based) for replicated components.
    pub name: String,
    /// The id of the component kind in the model file.
    pub kind_id: String,
    /// Time to failure from the moment the component is (again) up.
    pub failure: Distribution,
    /// Time to repair; `None` for a non-repairable component.
    pub repair: Option<Distribution>,
    /// Key of this component's own random stream: a hash of its instance name, so the same
    /// component draws the same numbers in two designs that share it (common random numbers).
    pub stream_key: u64,
    /// Delay from failure until detection (repair starts only then).
    pub detection: Option<Distribution>,
    /// Automated remediation tried once the failure is detected.
    pub remediation: Option<Remediation>,
    /// Index into [`System::crews`] of the crew that repairs it (`None`: a repairer at once).
    pub crew: Option<u32>,
    /// Place in the crew's queue (higher first; FIFO among equals).
    pub repair_priority: i32,
    /// Components (indices) it needs: effectively down while any of them is down.
    pub depends_on: Vec<u32>,
    /// Periodic planned downtime.
    pub maintenance: Option<Maintenance>,
    /// Capacity in `min_capacity` votes.
    pub capacity: f64,
}

/// Automated remediation: with `probability` it fixes a detected failure after `time`.
#[derive(Debug, Clone)]
pub struct Remediation {
    /// Probability that it works.
    pub probability: f64,
    /// Its duration when it works.
    pub time: Distribution,
}

/// Periodic planned downtime: windows of `duration` starting at `offset`, `offset + every`, ...
#[derive(Debug, Clone)]
pub struct Maintenance {
    /// Interval between window starts.
    pub every: f64,
    /// Length of a window.
    pub duration: Distribution,
    /// Start of this instance's first window.
    pub offset: f64,
}

/// A repair crew.
#[derive(Debug, Clone)]
pub struct Crew {
    /// Id from the model file.
    pub id: String,
    /// Repairs that can run at once.
    pub size: u32,
    /// Response delay before each repair (the crew member is busy during it).
    pub response: Option<Distribution>,
}

/// A common-cause shock process.
#[derive(Debug, Clone)]
pub struct CommonCause {
    /// Id from the model file.
    pub id: String,
    /// Component indices it strikes.
    pub members: Vec<u32>,
    /// Time between shocks.
    pub every: Distribution,
    /// Key of its random stream.
    pub stream_key: u64,
}

/// The rules of a standby block (see [`BlockKind::Standby`]).
#[derive(Debug, Clone)]
pub struct Standby {
    /// The block it belongs to.
    pub block: u32,
    /// Units in priority order (component indices).
    pub units: Vec<u32>,
    /// How spares age.
    pub mode: StandbyMode,
    /// Ageing rate of a waiting spare relative to an active unit: 1 hot, the factor warm, 0 cold.
    pub dormant_factor: f64,
    /// Time to bring a spare into service.
    pub switchover: Option<Distribution>,
    /// Probability that a failover attempt fails.
    pub switch_failure_prob: f64,
    /// Return to a higher-priority unit once repaired.
    pub failback: bool,
    /// Key of its random stream (switch failures, switchover times).
    pub stream_key: u64,
}

impl Component {
    /// Mean time to failure (the failure distribution's mean).
    pub fn mttf(&self) -> f64 {
        self.failure.mean()
    }

    /// Mean time from a failure until the component is up again, `None` when non-repairable:
    /// detection, then remediation with its probability, else the repair. Crew queueing and
    /// response are not included (they depend on the other components).
    pub fn mttr(&self) -> Option<f64> {
        let repair = self.repair.as_ref()?.mean();
        let detection = self.detection.as_ref().map_or(0.0, Distribution::mean);
        let after = match &self.remediation {
            Some(r) => r.probability * r.time.mean() + (1.0 - r.probability) * repair,
            None => repair,
        };
        Some(detection + after)
    }

    /// The rate of an exponential restoration (no detection delay or remediation, exponential
    /// repair), which Markov-chain answers need.
    pub fn restoration_rate(&self) -> Option<f64> {
        if self.detection.is_some() || self.remediation.is_some() {
            return None;
        }
        self.repair.as_ref()?.exponential_rate()
    }
}

/// Which of a component's laws.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum LawRole {
    /// Time to failure.
    Failure,
    /// Time to repair.
    Repair,
}

impl LawRole {
    /// The field's name in a model file.
    pub fn name(self) -> &'static str {
        match self {
            LawRole::Failure => "failure",
            LawRole::Repair => "repair",
        }
    }
}

/// A component kind's law whose parameters are uncertain. Its instances are copies of one
/// kind of part, so they share one draw: what is uncertain is the kind's law, not each copy's.
#[derive(Debug, Clone, PartialEq)]
pub struct UncertainLaw {
    /// The component kind's id.
    pub kind_id: String,
    /// Which law.
    pub role: LawRole,
    /// Its instances, indices into [`System::components`] (a kind's instances are consecutive).
    pub instances: std::ops::Range<u32>,
    /// Key of the random stream its parameters are drawn from: different from every stream
    /// key of a simulation (a tag no name can produce; see `validate::stream_key`), and the
    /// same for the same kind and law in any model, so two designs that share a component
    /// kind draw its parameters alike.
    pub stream_key: u64,
}

/// A drawn parameter set that cannot be used (see [`System::with_drawn_parameters`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParameterDrawError {
    /// The component kind's id.
    pub kind_id: String,
    /// Which law.
    pub role: LawRole,
    /// Why.
    pub message: String,
}

impl std::fmt::Display for ParameterDrawError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "the {} law of `{}`: {}", self.role.name(), self.kind_id, self.message)
    }
}

/// A node of the structure: a component or a block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Node {
    /// Index into [`System::components`].
    Component(u32),
    /// Index into [`System::blocks`].
    Block(u32),
}

/// How a block combines its children.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    /// All children up.
    Series,
    /// Any child up.
    Parallel,
    /// At least `k` children up.
    KOfN(u32),
    /// Children up with total capacity (the weights) at least the block's `need`; used only when
    /// the capacities differ (equal ones compile to `KOfN`).
    Capacity,
    /// One active unit; index into [`System::standbys`]. Up while its active unit is up and
    /// not switching over.
    Standby(u32),
}

/// A `series`, `parallel` or `k_of_n` block.
#[derive(Debug, Clone)]
pub struct Block {
    /// How the children combine.
    pub kind: BlockKind,
    /// The children, in file order (a child may repeat if the file lists it twice).
    pub children: Vec<Node>,
    /// Enclosing block, `None` for the root. Blocks form a tree; only components are shared.
    pub parent: Option<u32>,
    /// JSON path of the block in the model file, for messages.
    pub path: String,
    /// Per child, its weight in the vote: 1, or its capacity in the vote's [`CapacityUnit`]
    /// for a [`BlockKind::Capacity`] block (every total below 1e15).
    pub weights: Vec<u64>,
    /// Total weight of the up children that keeps the block up.
    pub need: u64,
    /// Total weight of the up children below which the block is degraded (reduced redundancy).
    pub full: u64,
    /// A vote's `demand`, in the unit of `weights`: the available weight needed for full
    /// service (see `sim::engine::service`). `None`: the block serves fully while up.
    pub demand: Option<f64>,
}

/// In one `min_capacity` vote, the members' total capacity may be at most this many times the
/// smallest member's capacity (see [`CapacityUnit`]).
pub const MAX_CAPACITY_RATIO: f64 = 1e8;

/// How one `min_capacity` vote counts capacity: as whole multiples of its own unit, a millionth
/// of the power of ten at or below its smallest member's capacity (1e-6 for capacities from 1 to
/// 10, 1 for a pool in MB whose smallest disk is 4e6, 1e6 for the same pool in bytes). Integers
/// make adding and removing members in any order give exactly the same totals; a unit relative to
/// the vote makes the same pool in bytes and in MB give the same weights (the unit is an exact
/// power of ten for values up to 1e22), keeps each member to one part in a million at least, and,
/// with totals at most [`MAX_CAPACITY_RATIO`] times the smallest, keeps every total below 1e15:
/// exact in f64 and far from u64's range, however the members are summed. (A fixed micro-unit
/// wrapped at 1.8e13: a pool of 4e12-byte disks became a pool of single points of failure.)
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CapacityUnit {
    /// A capacity c weighs c × 10^shift units.
    shift: i32,
}

impl CapacityUnit {
    /// The unit of a vote whose smallest member capacity is `smallest` (finite, > 0).
    pub fn for_smallest(smallest: f64) -> Self {
        // floor(log10) of a finite positive f64 lies in -324..=308, so the cast cannot saturate.
        Self { shift: 6 - smallest.log10().floor() as i32 }
    }

    /// `capacity` in this unit, rounded to a whole number (as f64, so that a huge value compares
    /// as huge rather than saturating).
    pub fn weight(self, capacity: f64) -> f64 {
        // Parsing "1e{n}" gives the correctly rounded power of ten (exact up to 1e22); one
        // multiplication or division by it is then correctly rounded too.
        if self.shift >= 0 { (capacity * power_of_ten(self.shift)).round() } else { (capacity / power_of_ten(-self.shift)).round() }
    }

    /// A weight back in the model's capacity units, for messages.
    pub fn capacity(self, weight: u64) -> f64 {
        let w = weight as f64;
        if self.shift >= 0 { w / power_of_ten(self.shift) } else { w * power_of_ten(-self.shift) }
    }
}

fn power_of_ten(n: i32) -> f64 {
    format!("1e{n}").parse().unwrap_or(f64::INFINITY)
}

impl Block {
    /// A block whose children all weigh 1: series needs all, parallel one, k-of-n k.
    pub fn counting(kind: BlockKind, children: Vec<Node>, parent: Option<u32>, path: String) -> Self {
        let n = children.len() as u64;
        let need = match kind {
            BlockKind::Series => n,
            BlockKind::KOfN(k) => u64::from(k),
            BlockKind::Parallel | BlockKind::Capacity | BlockKind::Standby(_) => 1,
        };
        Self { kind, weights: vec![1; children.len()], children, parent, path, need, full: n, demand: None }
    }

    /// Number of children that must be up for a counting block to be up (the total weight for
    /// a capacity vote).
    pub fn threshold(&self) -> u32 {
        match self.kind {
            BlockKind::Series => self.children.len() as u32,
            BlockKind::Parallel | BlockKind::Standby(_) => 1,
            BlockKind::KOfN(k) => k,
            BlockKind::Capacity => u32::try_from(self.need).unwrap_or(u32::MAX),
        }
    }

    /// Is the block up when exactly the children with `child_up` are?
    pub fn up_when(&self, child_up: impl Fn(Node) -> bool) -> bool {
        let up: u64 = self.children.iter().zip(&self.weights).filter(|&(&c, _)| child_up(c)).map(|(_, &w)| w).sum();
        up >= self.need
    }
}

/// A checked system: components, the structure over them, and the model's run defaults.
#[derive(Debug, Clone)]
pub struct System {
    /// Model name.
    pub name: String,
    /// Model description.
    pub description: Option<String>,
    /// Unit of every duration.
    pub time_unit: TimeUnit,
    /// Run defaults from the model file.
    pub simulation: SimulationSpec,
    pub(crate) components: Vec<Component>,
    pub(crate) blocks: Vec<Block>,
    pub(crate) root: Node,
    /// For component c, its parent blocks are `parents[parent_start[c]..parent_start[c + 1]]`
    /// (one entry per occurrence, so a component listed twice in a block counts twice).
    pub(crate) parent_start: Vec<u32>,
    pub(crate) parents: Vec<u32>,
    /// Repair crews.
    pub crews: Vec<Crew>,
    /// Common-cause shocks.
    pub common_causes: Vec<CommonCause>,
    /// Standby blocks' rules.
    pub standbys: Vec<Standby>,
    /// What the components, crews and downtime cost (`None`: the model gives no cost).
    pub costs: Option<CostModel>,
    /// Service-level objectives judged period by period.
    pub objectives: Vec<Objective>,
}

/// A service-level objective, in the model's time unit (see `ObjectiveSpec`).
#[derive(Debug, Clone, PartialEq)]
pub struct Objective {
    /// Id from the model file.
    pub id: String,
    /// Length of one period.
    pub period: f64,
    /// How the period was given (`month`, or the length written out), for reports.
    pub period_name: String,
    /// Downtime allowed per period: a period with more misses the objective.
    pub max_downtime: f64,
    /// The availability target, 1 − max_downtime / period.
    pub target: f64,
    /// Whether planned downtime counts.
    pub counts_planned: bool,
    /// The fee per period, when credits are shares of it.
    pub fee: Option<f64>,
    /// Credit tiers, `below` decreasing: (below, credit as an amount per period).
    pub credits: Vec<(f64, f64)>,
    /// Outage lengths X for P(a period has an outage longer than X), increasing.
    pub long_outages: Vec<f64>,
    /// Span of "the worst period in N years", in years.
    pub worst_in_years: f64,
}

impl Objective {
    /// The credit owed for a period of availability `a` (0 when no tier applies): the last tier
    /// (lowest `below`) that `a` falls under.
    pub fn credit(&self, a: f64) -> f64 {
        credit_owed(&self.credits, a)
    }
}

/// The credit owed for a period of availability `a` under `tiers` (below, credit), `below`
/// decreasing: the last tier (lowest `below`) that `a` falls under, 0 when none does.
pub fn credit_owed(tiers: &[(f64, f64)], a: f64) -> f64 {
    tiers.iter().rev().find(|&&(below, _)| a < below).map_or(0.0, |&(_, credit)| credit)
}

impl System {
    pub(crate) fn new(
        name: String,
        description: Option<String>,
        time_unit: TimeUnit,
        simulation: SimulationSpec,
        components: Vec<Component>,
        blocks: Vec<Block>,
        root: Node,
    ) -> Self {
        let mut per_component: Vec<Vec<u32>> = vec![Vec::new(); components.len()];
        for (b, block) in blocks.iter().enumerate() {
            for child in &block.children {
                if let Node::Component(c) = *child {
                    per_component[c as usize].push(b as u32);
                }
            }
        }
        let mut parent_start = Vec::with_capacity(components.len() + 1);
        let mut parents = Vec::new();
        parent_start.push(0);
        for list in per_component {
            parents.extend(list);
            parent_start.push(parents.len() as u32);
        }
        Self {
            name,
            description,
            time_unit,
            simulation,
            components,
            blocks,
            root,
            parent_start,
            parents,
            crews: Vec::new(),
            common_causes: Vec::new(),
            standbys: Vec::new(),
            objectives: Vec::new(),
            costs: None,
        }
    }

    /// What makes the components' failures and repairs depend on each other (a shared crew,
    /// standby, common cause), in words; empty when each component lives its own independent
    /// life (maintenance aside), so the structure function gives exact steady-state answers.
    pub fn dependence(&self) -> Vec<String> {
        let mut reasons = Vec::new();
        // Members per crew in one pass (a pass per crew is quadratic in a large model).
        let mut per_crew = vec![0usize; self.crews.len()];
        for c in &self.components {
            if let Some(k) = c.crew.and_then(|k| per_crew.get_mut(k as usize)) {
                *k += 1;
            }
        }
        for (k, crew) in self.crews.iter().enumerate() {
            let members = per_crew[k];
            if members > crew.size as usize {
                reasons.push(format!("crew `{}` ({} for {members} components)", crew.id, crew.size));
            } else if crew.response.is_some() && members > 0 {
                reasons.push(format!("crew `{}`'s response delay", crew.id));
            }
        }
        for s in &self.standbys {
            reasons.push(format!("standby block at {}", self.blocks[s.block as usize].path));
        }
        for cc in &self.common_causes {
            reasons.push(format!("common cause `{}`", cc.id));
        }
        reasons
    }

    /// The same system with every `depends_on` written into the structure: each use of a
    /// component that depends on others becomes a series block of it and (recursively) its
    /// dependencies. Component indices are unchanged, so answers on this view apply to the
    /// original; the structure function then includes shared fate exactly.
    pub fn with_dependencies_in_structure(&self) -> System {
        if self.components.iter().all(|c| c.depends_on.is_empty()) {
            return self.clone();
        }
        let mut blocks = self.blocks.clone();
        let root = match self.root {
            Node::Component(c) => self.expand_dependency(c, None, "system", &mut blocks),
            root => root,
        };
        for b in 0..self.blocks.len() {
            for i in 0..blocks[b].children.len() {
                if let Node::Component(c) = blocks[b].children[i] {
                    let key = match blocks[b].kind {
                        BlockKind::Series => "series",
                        BlockKind::Parallel => "parallel",
                        BlockKind::KOfN(_) | BlockKind::Capacity => "k_of_n.of",
                        BlockKind::Standby(_) => "standby.units",
                    };
                    let path = format!("{}.{key}[{i}]", blocks[b].path);
                    blocks[b].children[i] = self.expand_dependency(c, Some(b as u32), &path, &mut blocks);
                }
            }
        }
        let mut system = System::new(
            self.name.clone(),
            self.description.clone(),
            self.time_unit,
            self.simulation.clone(),
            self.components.clone(),
            blocks,
            root,
        );
        system.crews = self.crews.clone();
        system.common_causes = self.common_causes.clone();
        system.standbys = self.standbys.clone();
        system.costs = self.costs.clone();
        system
    }

    /// The use of `c` at `path` with its dependencies written in: `c` itself when it has none,
    /// else a series block of `c` and (recursively) its dependencies' expansions. Iterative with
    /// an explicit stack, as a dependency chain can be as long as the model (a recursive walk
    /// overflowed the stack on a chain of 200,000 components); blocks are numbered in the same
    /// pre-order as a recursive walk.
    fn expand_dependency(&self, c: u32, parent: Option<u32>, path: &str, blocks: &mut Vec<Block>) -> Node {
        struct Open {
            c: u32,
            parent: Option<u32>,
            index: u32,
            next: usize,
            children: Vec<Node>,
        }
        let label = format!("{path} with its dependencies");
        // A component without dependencies is itself; one with them opens a block, reserved now.
        let open = |c: u32, parent: Option<u32>, blocks: &mut Vec<Block>| -> Result<Open, Node> {
            if self.components[c as usize].depends_on.is_empty() {
                return Err(Node::Component(c));
            }
            let index = blocks.len() as u32;
            blocks.push(Block::counting(BlockKind::Series, Vec::new(), parent, label.clone()));
            Ok(Open { c, parent, index, next: 0, children: vec![Node::Component(c)] })
        };
        let mut stack = match open(c, parent, blocks) {
            Ok(first) => vec![first],
            Err(node) => return node,
        };
        let mut done = Node::Component(c);
        while let Some(top) = stack.last_mut() {
            if let Some(&d) = self.components[top.c as usize].depends_on.get(top.next) {
                top.next += 1;
                let index = top.index;
                match open(d, Some(index), blocks) {
                    Ok(frame) => stack.push(frame),
                    Err(node) => top.children.push(node),
                }
                continue;
            }
            let Some(frame) = stack.pop() else { break };
            let mut block = Block::counting(BlockKind::Series, frame.children, frame.parent, label.clone());
            block.full = block.need;
            blocks[frame.index as usize] = block;
            done = Node::Block(frame.index);
            if let Some(up) = stack.last_mut() {
                up.children.push(done);
            }
        }
        done
    }

    /// The component instances.
    pub fn components(&self) -> &[Component] {
        &self.components
    }

    /// The blocks of the structure.
    pub fn blocks(&self) -> &[Block] {
        &self.blocks
    }

    /// The top of the structure.
    pub fn root(&self) -> Node {
        self.root
    }

    /// Length of a year in the model's time unit (a year is 8766 h).
    pub fn year(&self) -> f64 {
        crate::units::HOURS_PER_YEAR / self.time_unit.hours()
    }

    /// The end of a life, as the model sets it or [`DEFAULT_HORIZON_YEARS`]: the mission time of
    /// the exact analysis and the horizon of a simulation alike.
    pub fn horizon(&self) -> f64 {
        self.simulation.horizon.unwrap_or(DEFAULT_HORIZON_YEARS * self.year())
    }

    /// The start of the observation window, as the model sets it (0 by default).
    pub fn warmup(&self) -> f64 {
        self.simulation.warmup.unwrap_or(0.0)
    }

    /// The blocks that list component `c` directly.
    pub(crate) fn parents_of(&self, c: usize) -> &[u32] {
        &self.parents[self.parent_start[c] as usize..self.parent_start[c + 1] as usize]
    }

    /// The structure function φ: is the system up when component `c` is up exactly when `up[c]`?
    pub fn is_up(&self, up: &[bool]) -> bool {
        self.node_up(self.root, up)
    }

    /// Whether `c` and everything it depends on, directly or not, are up. Iterative, with each
    /// component visited once: a dependency chain can be as long as the model.
    fn effectively_up(&self, c: u32, up: &[bool]) -> bool {
        let mut seen = std::collections::HashSet::from([c]);
        let mut stack = vec![c];
        while let Some(x) = stack.pop() {
            if !up[x as usize] {
                return false;
            }
            for &d in &self.components[x as usize].depends_on {
                if seen.insert(d) {
                    stack.push(d);
                }
            }
        }
        true
    }

    fn node_up(&self, node: Node, up: &[bool]) -> bool {
        match node {
            Node::Component(c) => self.effectively_up(c, up),
            Node::Block(b) => self.blocks[b as usize].up_when(|child| self.node_up(child, up)),
        }
    }

    /// Single points of failure, found from the structure (not by sampling): the components
    /// whose failure alone, with every other component up, brings the system down (a standby
    /// block counts as up while any unit is). Each test walks up only through the blocks that
    /// flip (block counters, as in the engine), so all n tests cost O(n × depth), not O(n²).
    pub fn single_points_of_failure(&self) -> Vec<usize> {
        if self.components.iter().any(|c| !c.depends_on.is_empty()) {
            return self.with_dependencies_in_structure().structural_spofs();
        }
        self.structural_spofs()
    }

    /// Single points of failure of the structure alone (dependencies not followed).
    fn structural_spofs(&self) -> Vec<usize> {
        if let Node::Component(root) = self.root {
            return vec![root as usize];
        }
        let all_up: Vec<u64> = self.blocks.iter().map(|b| b.weights.iter().sum()).collect();
        // Each component's weight in each block that lists it (both listings of a component
        // listed twice in one block), and each block's weight in its parent, computed once:
        // summing a block's children per component made a block of n members cost O(n²).
        let mut links: Vec<Vec<(u32, u64)>> = vec![Vec::new(); self.components.len()];
        let mut block_weight = vec![0u64; self.blocks.len()];
        for (b, block) in self.blocks.iter().enumerate() {
            for (&child, &w) in block.children.iter().zip(&block.weights) {
                match child {
                    Node::Component(c) => match links[c as usize].last_mut() {
                        Some((last, sum)) if *last == b as u32 => *sum += w,
                        _ => links[c as usize].push((b as u32, w)),
                    },
                    Node::Block(k) => block_weight[k as usize] += w,
                }
            }
        }
        let mut up_weight = all_up.clone();
        let mut touched = Vec::new();
        (0..self.components.len())
            .filter(|&c| {
                let mut root_down = false;
                let mut pending: Vec<(u32, u64)> = links[c].clone();
                while let Some((b, weight)) = pending.pop() {
                    let block = &self.blocks[b as usize];
                    let need = block.need;
                    let count = &mut up_weight[b as usize];
                    let was_up = *count >= need;
                    *count -= weight;
                    touched.push(b);
                    if was_up && *count < need {
                        match block.parent {
                            Some(parent) => pending.push((parent, block_weight[b as usize])),
                            None => root_down = true,
                        }
                    }
                }
                for b in touched.drain(..) {
                    up_weight[b as usize] = all_up[b as usize];
                }
                root_down
            })
            .collect()
    }

    /// Whether some vote declares a `demand`: then service is delivered in fractions, not only
    /// up or down.
    pub fn has_demand(&self) -> bool {
        self.blocks.iter().any(|b| b.demand.is_some())
    }

    /// Whether some component's `failure` or `repair` law carries parameter uncertainty.
    pub fn has_parameter_uncertainty(&self) -> bool {
        self.components.iter().any(|c| c.failure.uncertainty().is_some() || c.repair.as_ref().is_some_and(|r| r.uncertainty().is_some()))
    }

    /// The laws with parameter uncertainty, one per component kind and role, in model order
    /// (each kind's failure law before its repair law): the order in which they are drawn and
    /// reported.
    pub fn uncertain_laws(&self) -> Vec<UncertainLaw> {
        let mut laws = Vec::new();
        let mut start = 0usize;
        while start < self.components.len() {
            let first = &self.components[start];
            let end = start + self.components[start..].iter().take_while(|c| c.kind_id == first.kind_id).count();
            let range = start as u32..end as u32;
            for (role, law) in [(LawRole::Failure, Some(&first.failure)), (LawRole::Repair, first.repair.as_ref())] {
                if law.is_some_and(|l| l.uncertainty().is_some()) {
                    let key = format!("{}\0{}", first.kind_id, role.name());
                    laws.push(UncertainLaw {
                        kind_id: first.kind_id.clone(),
                        role,
                        instances: range.clone(),
                        stream_key: super::validate::stream_key(super::validate::StreamOwner::ParameterDraws, &key),
                    });
                }
            }
            start = end;
        }
        laws
    }

    /// The same system with the parameters of every law in `laws` (from
    /// [`System::uncertain_laws`]) drawn from their uncertainty, each law from the generator
    /// `rng_for` gives it, and shared by all the kind's instances. Drawn laws carry no
    /// uncertainty; the other laws are unchanged.
    pub fn with_drawn_parameters<R: rand::Rng>(
        &self,
        laws: &[UncertainLaw],
        mut rng_for: impl FnMut(&UncertainLaw) -> R,
    ) -> Result<System, ParameterDrawError> {
        let mut drawn = self.clone();
        for law in laws {
            let Some(first) = self.components.get(law.instances.start as usize) else { continue };
            let current = match law.role {
                LawRole::Failure => Some(&first.failure),
                LawRole::Repair => first.repair.as_ref(),
            };
            let Some(current) = current else { continue };
            let new = current.with_drawn_parameters(&mut rng_for(law)).map_err(|message| ParameterDrawError {
                kind_id: law.kind_id.clone(),
                role: law.role,
                message,
            })?;
            for c in law.instances.clone() {
                let component = &mut drawn.components[c as usize];
                match law.role {
                    LawRole::Failure => component.failure = new.clone(),
                    LawRole::Repair => component.repair = Some(new.clone()),
                }
            }
        }
        Ok(drawn)
    }

    /// Components that no block uses (they cannot affect the system).
    pub fn unused_components(&self) -> Vec<usize> {
        (0..self.components.len()).filter(|&c| self.parents_of(c).is_empty() && self.root != Node::Component(c as u32)).collect()
    }
}
