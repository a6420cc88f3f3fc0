//! The block structure: the typed tree of `system` (see [`BlockSpec`]) checked against the
//! components and compiled into blocks, depth first, so that errors come in document order.

use std::collections::{HashMap, HashSet};

use super::components::{Kind, MAX_LINKS, index_by_id, resolve_unit};
use super::{Diagnostic, StreamOwner, compile_distribution, stream_key};
use crate::model::spec::{BlockSpec, KOfNSpec, StandbyMode, StandbySpec};
use crate::model::system::{Block, BlockKind, CapacityUnit, MAX_CAPACITY_RATIO, Node, Standby};

/// Checks the structure and compiles it: the root, the blocks and the standby arrangements.
/// `None` when the structure has errors (they are appended).
pub(super) fn build(
    system: &BlockSpec,
    kinds: &[Kind],
    errors: &mut Vec<Diagnostic>,
    warnings: &mut Vec<Diagnostic>,
) -> Option<(Node, Vec<Block>, Vec<Standby>)> {
    let by_id = index_by_id(kinds);
    let mut builder = StructureBuilder {
        kinds,
        by_id,
        blocks: Vec::new(),
        standbys: Vec::new(),
        standby_units: HashSet::new(),
        members: 0,
        errors,
        warnings,
    };
    let root = builder.block(system, "system", None, true)?;
    Some((root, builder.blocks, builder.standbys))
}

struct StructureBuilder<'a> {
    kinds: &'a [Kind],
    by_id: HashMap<String, usize>,
    blocks: Vec<Block>,
    standbys: Vec<Standby>,
    /// Every unit of the standby blocks so far (a unit may serve only one).
    standby_units: HashSet<u32>,
    /// Block members so far, replicated ids expanded (at most [`MAX_LINKS`]).
    members: usize,
    errors: &'a mut Vec<Diagnostic>,
    warnings: &'a mut Vec<Diagnostic>,
}

/// When a block with members is up.
enum Rule {
    Series,
    Parallel,
    Count { k: u32, demand: Option<f64> },
    Capacity { min: f64, nominal: Option<f64>, demand: Option<f64> },
}

impl StructureBuilder<'_> {
    /// Checks one block at `path`. `single` is true where exactly one unit is expected (the
    /// root), so a bare replicated id is an error there.
    fn block(&mut self, spec: &BlockSpec, path: &str, parent: Option<u32>, single: bool) -> Option<Node> {
        match spec {
            BlockSpec::Unit(s) => {
                let nodes = self.unit(s, path)?;
                if single && nodes.len() > 1 {
                    self.errors.push(Diagnostic::new(
                        path,
                        format!(
                            "`{s}` has {} instances but one unit is expected here; write {{\"parallel\": [\"{s}\"]}}, {{\"series\": [\"{s}\"]}}, {{\"k_of_n\": {{\"k\": 2, \"of\": [\"{s}\"]}}}} or one instance such as \"{s}[1]\"",
                            nodes.len()
                        ),
                    ));
                    return None;
                }
                nodes.first().copied()
            }
            BlockSpec::Series { series } => self.with_members(Rule::Series, series, path, &format!("{path}.series"), parent),
            BlockSpec::Parallel { parallel } => self.with_members(Rule::Parallel, parallel, path, &format!("{path}.parallel"), parent),
            BlockSpec::KOfN { k_of_n } => {
                let kp = format!("{path}.k_of_n");
                self.report(&k_of_n.problems, path);
                let rule = self.vote(k_of_n, &kp)?;
                self.with_members(rule, &k_of_n.of, path, &format!("{kp}.of"), parent)
            }
            BlockSpec::Standby { standby } => self.standby(standby, &format!("{path}.standby"), parent),
            BlockSpec::Malformed(malformed) => {
                self.report(&malformed.problems, path);
                // A vote without a valid count still has its members checked.
                if let Some(members) = &malformed.members {
                    let list_path = format!("{path}.k_of_n.of");
                    if let Some((_, children)) = self.members(members, path, &list_path, parent) {
                        self.warn_repeated(&children, &list_path);
                    }
                }
                None
            }
        }
    }

    /// Records problems found while reading the block at `path` (their paths are relative to it).
    fn report(&mut self, problems: &[Diagnostic], path: &str) {
        self.errors.extend(problems.iter().map(|d| Diagnostic::new(format!("{path}{}", d.path), d.message.clone())));
    }

    /// The rule of a vote. The file's reader has already reported (in `problems`) anything it
    /// could not read; what is left are combinations of readable fields.
    fn vote(&mut self, vote: &KOfNSpec, kp: &str) -> Option<Rule> {
        match (vote.k, vote.min_capacity) {
            (Some(k), None) if k >= 1 => {
                if vote.nominal_capacity.is_some() {
                    self.errors.push(Diagnostic::new(format!("{kp}.nominal_capacity"), "goes with `min_capacity`, not with `k`"));
                }
                Some(Rule::Count { k, demand: vote.demand })
            }
            (None, Some(min)) if min > 0.0 && min.is_finite() => {
                Some(Rule::Capacity { min, nominal: vote.nominal_capacity, demand: vote.demand })
            }
            // The reader never yields these; a vote built in code can.
            _ => {
                self.errors
                    .push(Diagnostic::new(kp, "needs exactly one of `k` (a whole number ≥ 1) and `min_capacity` (a finite number > 0)"));
                None
            }
        }
    }

    /// A block with members (series, parallel, k_of_n) at `path`, its members at `list_path`.
    fn with_members(&mut self, rule: Rule, items: &[BlockSpec], path: &str, list_path: &str, parent: Option<u32>) -> Option<Node> {
        let (index, children) = self.members(items, path, list_path, parent)?;
        self.warn_repeated(&children, list_path);
        let block = match rule {
            Rule::Series => Block::counting(BlockKind::Series, children, parent, path.to_string()),
            Rule::Parallel => Block::counting(BlockKind::Parallel, children, parent, path.to_string()),
            Rule::Count { k, demand } => {
                let n = children.len() as u32;
                if k > n {
                    self.errors.push(Diagnostic::new(
                        format!("{path}.k_of_n.k"),
                        format!("is {k} but the block has only {n} members (after expanding replicated ids); k must be between 1 and {n}"),
                    ));
                    return None;
                }
                let demand = match demand {
                    Some(d) => Some(self.demand(d, f64::from(k), "k", f64::from(n), path)?),
                    None => None,
                };
                let mut block = Block::counting(BlockKind::KOfN(k), children, parent, path.to_string());
                block.demand = demand;
                block
            }
            Rule::Capacity { min, nominal, demand } => self.capacity_vote(children, min, nominal, demand, path, parent)?,
        };
        self.blocks[index as usize] = block;
        Some(Node::Block(index))
    }

    /// Checks the members of the block at `path` and reserves the block's index, so that the
    /// members can name their parent. `None` when a member is invalid (every member is checked).
    fn members(&mut self, items: &[BlockSpec], path: &str, list_path: &str, parent: Option<u32>) -> Option<(u32, Vec<Node>)> {
        if items.is_empty() {
            self.errors.push(Diagnostic::new(list_path, "is empty: a block needs at least one member"));
            return None;
        }
        let index = self.blocks.len() as u32;
        self.blocks.push(Block::counting(BlockKind::Series, Vec::new(), parent, path.to_string()));
        let mut children = Vec::new();
        let mut ok = true;
        for (i, item) in items.iter().enumerate() {
            let item_path = format!("{list_path}[{i}]");
            // A replicated id among members stands for all its instances.
            let found = match item {
                BlockSpec::Unit(s) => self.unit(s, &item_path),
                _ => self.block(item, &item_path, Some(index), false).map(|node| vec![node]),
            };
            match found {
                Some(nodes) => children.extend(nodes),
                None => ok = false,
            }
        }
        ok.then_some((index, children))
    }

    /// A vote on capacity. Equal capacities compile to a plain k-of-n (exactly solvable);
    /// unequal ones to a weighted vote. Capacities are counted in the vote's own
    /// [`CapacityUnit`], so the weights are exact integers below 1e15 whatever the scale.
    fn capacity_vote(
        &mut self,
        children: Vec<Node>,
        min: f64,
        nominal: Option<f64>,
        demand: Option<f64>,
        path: &str,
        parent: Option<u32>,
    ) -> Option<Block> {
        let kp = format!("{path}.k_of_n");
        let mut capacities = Vec::with_capacity(children.len());
        for (i, child) in children.iter().enumerate() {
            match child {
                Node::Component(c) => capacities.push((*c, self.capacity(*c))),
                Node::Block(_) => {
                    self.errors.push(Diagnostic::new(
                        format!("{kp}.of[{i}]"),
                        "a `min_capacity` vote counts the `capacity` of components; its members must be components, not blocks",
                    ));
                    return None;
                }
            }
        }
        // An invalid capacity is already an error at its component; the vote cannot be weighed.
        if capacities.iter().any(|&(_, c)| !(c > 0.0 && c.is_finite())) {
            return None;
        }
        // No members only where a member has `count: 0`, which is already an error.
        let &(smallest_member, smallest) = capacities.iter().min_by(|a, b| a.1.total_cmp(&b.1))?;
        let sum: f64 = capacities.iter().map(|&(_, c)| c).sum();
        // Capacities are finite and > 0, so the ratio is a number (∞ when the sum overflows: refused).
        if sum / smallest > MAX_CAPACITY_RATIO {
            self.errors.push(Diagnostic::new(
                format!("{kp}.of"),
                format!(
                    "the members' capacities span too wide a range: their total ({sum:e}) is more than {MAX_CAPACITY_RATIO:e} times the smallest (`{}`, {smallest:e}), \
                     and a vote counts capacity to a millionth of its smallest member; give the capacities in a coarser unit, or leave out members too small to matter",
                    self.name(smallest_member)
                ),
            ));
            return None;
        }
        let unit = CapacityUnit::for_smallest(smallest);
        // Every weight is at least 1e6 and at most 1e15 (the ratio above): exact as u64.
        let weights: Vec<u64> = capacities.iter().map(|&(_, c)| unit.weight(c) as u64).collect();
        let Some(total) = weights.iter().try_fold(0u64, |sum, &w| sum.checked_add(w)) else {
            // Unreachable with the ratio checked above; refused rather than wrapped, should it change.
            self.errors.push(Diagnostic::new(format!("{kp}.of"), "the members' total capacity cannot be represented exactly"));
            return None;
        };
        // Compared as f64 before any cast: a min_capacity of 1e300 is far above the total, not
        // a saturated u64 that happens to equal it.
        let need = unit.weight(min);
        if need > total as f64 {
            self.errors.push(Diagnostic::new(
                format!("{kp}.min_capacity"),
                format!("is {min} but all members together have only {}; it must be at most that", unit.capacity(total)),
            ));
            return None;
        }
        let need = need as u64;
        let full = match nominal {
            Some(nominal) => {
                let full = unit.weight(nominal);
                if full < need as f64 || full > total as f64 {
                    self.errors.push(Diagnostic::new(
                        format!("{kp}.nominal_capacity"),
                        format!(
                            "must be between min_capacity ({min}) and the members' total capacity ({}), got {nominal}",
                            unit.capacity(total)
                        ),
                    ));
                    return None;
                }
                full as u64
            }
            None => total,
        };
        let demand = match demand {
            // Checked in the model's units, kept in the vote's.
            Some(d) => Some(unit.weight(self.demand(d, min, "min_capacity", unit.capacity(total), path)?)),
            None => None,
        };
        let w = weights[0];
        let n = children.len();
        let equal = weights.iter().all(|&x| x == w);
        let mut block = if equal {
            // k = the fewest members whose capacity reaches min_capacity.
            let k = need.div_ceil(w).max(1) as u32;
            let mut block = Block::counting(BlockKind::KOfN(k), children, parent, path.to_string());
            block.full = full.div_ceil(w).min(n as u64);
            block
        } else {
            let mut block = Block::counting(BlockKind::Capacity, children, parent, path.to_string());
            block.weights = weights;
            block.need = need.max(1);
            block.full = full;
            block
        };
        // A plain k-of-n counts members of capacity w each: demand in members.
        block.demand = demand.map(|d| if equal { d / w as f64 } else { d });
        block.path = path.to_string();
        Some(block)
    }

    /// Checks a vote's `demand` (finite and > 0 already, by the reader) against its hard
    /// minimum `min` (the field `min_field`) and the members' total `total`.
    fn demand(&mut self, demand: f64, min: f64, min_field: &str, total: f64, path: &str) -> Option<f64> {
        let at = format!("{path}.k_of_n.demand");
        if !(demand > 0.0 && demand.is_finite()) {
            self.errors.push(Diagnostic::new(at, format!("must be a finite number > 0, got {demand}")));
            return None;
        }
        if demand < min {
            self.errors.push(Diagnostic::new(
                at,
                format!("is {demand} but the hard minimum `{min_field}` is {min}: full service cannot need less than the minimum; demand must be at least {min}"),
            ));
            return None;
        }
        if demand > total {
            self.errors.push(Diagnostic::new(
                at,
                format!("is {demand} but all members together have only {total}: full service could never be reached; demand must be at most {total}"),
            ));
            return None;
        }
        Some(demand)
    }

    /// Checks a `standby` block at `sp` (the path of its object).
    fn standby(&mut self, spec: &StandbySpec, sp: &str, parent: Option<u32>) -> Option<Node> {
        let mut units = Vec::new();
        for (i, text) in spec.units.iter().enumerate() {
            let path = format!("{sp}.units[{i}]");
            let found = resolve_unit(self.kinds, &self.by_id, text, &path, self.errors)?;
            self.count_members(found.len(), &path)?;
            units.extend(found);
        }
        if units.len() < 2 {
            self.errors.push(Diagnostic::new(
                format!("{sp}.units"),
                format!("has {} unit(s); a standby block needs a primary and at least one spare", units.len()),
            ));
            return None;
        }
        let mut sorted = units.clone();
        sorted.sort_unstable();
        if sorted.windows(2).any(|w| w[0] == w[1]) {
            self.errors.push(Diagnostic::new(format!("{sp}.units"), "lists a unit twice; each unit is one component instance"));
            return None;
        }
        if let Some(&taken) = units.iter().find(|u| self.standby_units.contains(u)) {
            self.errors.push(Diagnostic::new(
                format!("{sp}.units"),
                format!("`{}` is already a unit of another standby block; a unit can serve only one", self.name(taken)),
            ));
            return None;
        }
        let dormant_factor = match (spec.mode, spec.dormant_factor) {
            (StandbyMode::Warm, Some(f)) if (0.0..=1.0).contains(&f) => f,
            (StandbyMode::Warm, Some(f)) => {
                self.errors.push(Diagnostic::new(format!("{sp}.dormant_factor"), format!("must be between 0 and 1, got {f}")));
                return None;
            }
            (StandbyMode::Warm, None) => {
                self.errors.push(Diagnostic::new(
                    format!("{sp}.dormant_factor"),
                    "is missing: a warm spare ages at this fraction of its active failure rate (0 to 1)",
                ));
                return None;
            }
            (mode, Some(_)) => {
                let (name, rate) = if mode == StandbyMode::Hot { ("hot", "the active rate") } else { ("cold", "zero rate") };
                self.errors.push(Diagnostic::new(
                    format!("{sp}.dormant_factor"),
                    format!("applies to `\"mode\": \"warm\"` only; {name} spares age at {rate}"),
                ));
                return None;
            }
            (StandbyMode::Hot, None) => 1.0,
            (StandbyMode::Cold, None) => 0.0,
        };
        let switch_failure_prob = spec.switch_failure_prob.unwrap_or(0.0);
        if !(0.0..1.0).contains(&switch_failure_prob) {
            self.errors.push(Diagnostic::new(
                format!("{sp}.switch_failure_prob"),
                format!("must be at least 0 and less than 1, got {switch_failure_prob}"),
            ));
            return None;
        }
        let switchover = match &spec.switchover {
            Some(d) => Some(compile_distribution(d, &format!("{sp}.switchover"), self.errors)?),
            None => None,
        };
        self.standby_units.extend(units.iter().copied());
        let index = self.blocks.len() as u32;
        let kind = BlockKind::Standby(self.standbys.len() as u32);
        let block_path = sp.strip_suffix(".standby").unwrap_or(sp).to_string();
        self.blocks.push(Block::counting(kind, units.iter().map(|&u| Node::Component(u)).collect(), parent, block_path.clone()));
        self.standbys.push(Standby {
            block: index,
            units,
            mode: spec.mode,
            dormant_factor,
            switchover,
            switch_failure_prob,
            failback: spec.failback,
            stream_key: stream_key(StreamOwner::Standby, &block_path),
        });
        Some(Node::Block(index))
    }

    fn warn_repeated(&mut self, children: &[Node], list_path: &str) {
        let mut listed: Vec<u32> = children
            .iter()
            .filter_map(|n| match n {
                Node::Component(c) => Some(*c),
                Node::Block(_) => None,
            })
            .collect();
        listed.sort_unstable();
        if let Some(w) = listed.windows(2).find(|w| w[0] == w[1]) {
            let name = self.name(w[0]);
            self.warnings.push(Diagnostic::new(
                list_path,
                format!("`{name}` is listed more than once in this block; it is one shared component and counts once per listing"),
            ));
        }
    }

    /// Resolves `id` or `id[i]` to its component instances.
    fn unit(&mut self, text: &str, path: &str) -> Option<Vec<Node>> {
        let found = resolve_unit(self.kinds, &self.by_id, text, path, self.errors)?;
        self.count_members(found.len(), path)?;
        Some(found.into_iter().map(Node::Component).collect())
    }

    /// Counts `n` more block members against [`MAX_LINKS`]; `None` (and one error) past it.
    fn count_members(&mut self, n: usize, path: &str) -> Option<()> {
        let before = self.members;
        self.members = self.members.saturating_add(n);
        if self.members <= MAX_LINKS {
            return Some(());
        }
        if before <= MAX_LINKS {
            self.errors.push(Diagnostic::new(
                path,
                format!(
                    "brings the blocks' members to more than {MAX_LINKS} (a replicated id counts once per instance); a model may have at most that many"
                ),
            ));
        }
        None
    }

    fn name(&self, c: u32) -> String {
        Kind::of(self.kinds, c).map(|kind| kind.name(c)).unwrap_or_default()
    }

    fn capacity(&self, c: u32) -> f64 {
        Kind::of(self.kinds, c).map_or(1.0, |kind| kind.capacity)
    }
}
