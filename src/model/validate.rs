//! Meaning checks on a parsed model, and compilation into a [`System`].
//!
//! Every problem is collected (not only the first), each with the JSON path of the offending
//! value and what would be valid.

use std::collections::HashMap;

use serde_json::Value;

use super::Diagnostic;
use super::distribution::DistributionSpec;
use super::spec::{ComponentSpec, ModelSpec, StandbyMode, StandbySpec};
use super::system::{Block, BlockKind, CAPACITY_SCALE, CommonCause, Component, Crew, Maintenance, Node, Remediation, Standby, System};

/// Checks `spec` and builds the system. Errors and warnings are appended; the system is
/// returned only when there are no errors.
pub fn validate(spec: &ModelSpec, errors: &mut Vec<Diagnostic>, warnings: &mut Vec<Diagnostic>) -> Option<System> {
    let mut kinds = compile_components(&spec.components, errors);
    if let Some(sim) = &spec.simulation {
        check_simulation(sim, errors);
    }
    let crews = compile_crews(spec, errors);
    link_components(spec, &mut kinds, &crews, errors);
    let common_causes = compile_common_causes(spec, &kinds, errors);
    let mut builder = StructureBuilder { kinds: &kinds, blocks: Vec::new(), standbys: Vec::new(), errors, warnings };
    let root = builder.block(&spec.system, "system", None, true);
    let StructureBuilder { blocks, standbys, .. } = builder;
    let root = root?;
    if !errors.is_empty() {
        return None;
    }
    let components: Vec<Component> = kinds.into_iter().flat_map(|k| k.instances).collect();
    if let Some(cycle) = dependency_cycle(&components) {
        let names: Vec<&str> = cycle.iter().map(|&c| components[c as usize].name.as_str()).collect();
        let first = spec.components.iter().position(|k| k.id == components[cycle[0] as usize].kind_id).unwrap_or(0);
        errors.push(Diagnostic::new(
            format!("components[{first}].depends_on"),
            format!("dependency cycle {}: a component cannot (indirectly) depend on itself", names.join(" → ")),
        ));
        return None;
    }
    let mut system = System::new(
        spec.name.clone(),
        spec.description.clone(),
        spec.time_unit,
        spec.simulation.clone().unwrap_or_default(),
        components,
        blocks,
        root,
    );
    system.crews = crews.into_iter().map(|(crew, _)| crew).collect();
    system.common_causes = common_causes;
    system.standbys = standbys;
    let needed_by_others: Vec<bool> = {
        let mut needed = vec![false; system.components().len()];
        for c in system.components() {
            for &d in &c.depends_on {
                needed[d as usize] = true;
            }
        }
        needed
    };
    for c in system.unused_components() {
        if needed_by_others[c] {
            continue;
        }
        let comp = &system.components()[c];
        warnings.push(Diagnostic::new(
            format!("components[{}]", spec.components.iter().position(|k| k.id == comp.kind_id).unwrap_or(0)),
            format!("`{}` is not used by any block of `system`, so it cannot affect availability", comp.name),
        ));
    }
    Some(system)
}

/// The crews, each with the index of its spec; duplicate ids and bad sizes are errors.
fn compile_crews(spec: &ModelSpec, errors: &mut Vec<Diagnostic>) -> Vec<(Crew, usize)> {
    let mut crews: Vec<(Crew, usize)> = Vec::new();
    for (i, crew) in spec.crews.iter().enumerate() {
        let path = format!("crews[{i}]");
        if let Some((_, first)) = crews.iter().find(|(c, _)| c.id == crew.id) {
            errors.push(Diagnostic::new(
                format!("{path}.id"),
                format!("`{}` is already the id of crews[{first}]; ids must be unique", crew.id),
            ));
        }
        if crew.id.trim().is_empty() {
            errors.push(Diagnostic::new(format!("{path}.id"), "must not be empty"));
        }
        let size = crew.size.unwrap_or(1);
        if size == 0 {
            errors.push(Diagnostic::new(format!("{path}.size"), "must be at least 1 (the number of repairs that can run at once)"));
        }
        let response = crew.response.as_ref().and_then(|r| compile_distribution(r, &format!("{path}.response"), errors));
        crews.push((Crew { id: crew.id.clone(), size, response }, i));
    }
    crews
}

/// Resolves what needs the other components: crews, dependencies, maintenance schedules,
/// remediation, capacity.
fn link_components(spec: &ModelSpec, kinds: &mut [Kind], crews: &[(Crew, usize)], errors: &mut Vec<Diagnostic>) {
    for (i, component) in spec.components.iter().enumerate() {
        let path = format!("components[{i}]");
        let repairable = component.repair.is_some();
        for (field, given) in [
            ("detection", component.detection.is_some()),
            ("remediation", component.remediation.is_some()),
            ("crew", component.crew.is_some()),
        ] {
            if given && !repairable {
                errors.push(Diagnostic::new(
                    format!("{path}.{field}"),
                    "applies to repairs, but this component has no `repair` (it is never repaired); add a `repair` or remove it",
                ));
            }
        }
        let crew = component.crew.as_ref().and_then(|name| match crews.iter().position(|(c, _)| &c.id == name) {
            Some(k) => Some(k as u32),
            None => {
                let hint = match closest(name, crews.iter().map(|(c, _)| c.id.as_str())) {
                    Some(best) => format!("did you mean `{best}`?"),
                    None if crews.is_empty() => {
                        "the model has no `crews`; declare one: \"crews\": [{\"id\": \"...\", \"size\": 1}]".to_string()
                    }
                    None => format!("known crews: {}", crews.iter().map(|(c, _)| c.id.as_str()).collect::<Vec<_>>().join(", ")),
                };
                errors.push(Diagnostic::new(format!("{path}.crew"), format!("unknown crew `{name}`; {hint}")));
                None
            }
        });
        if component.repair_priority.is_some() && component.crew.is_none() {
            errors.push(Diagnostic::new(format!("{path}.repair_priority"), "orders a crew's queue, but this component names no `crew`"));
        }
        let detection = component.detection.as_ref().and_then(|d| compile_distribution(d, &format!("{path}.detection"), errors));
        let remediation = component.remediation.as_ref().and_then(|r| {
            if !(0.0..=1.0).contains(&r.probability) {
                errors.push(Diagnostic::new(
                    format!("{path}.remediation.probability"),
                    format!("must be between 0 and 1, got {}", r.probability),
                ));
            }
            let time = compile_distribution(&r.time, &format!("{path}.remediation.time"), errors)?;
            Some(Remediation { probability: r.probability, time })
        });
        let capacity = component.capacity.unwrap_or(1.0);
        if !(capacity > 0.0 && capacity.is_finite()) {
            errors.push(Diagnostic::new(format!("{path}.capacity"), format!("must be a finite number > 0, got {capacity}")));
        }
        let mut depends_on = Vec::new();
        for (j, text) in component.depends_on.iter().enumerate() {
            if let Some(found) = resolve_unit(kinds, text, &format!("{path}.depends_on[{j}]"), errors) {
                depends_on.extend(found);
            }
        }
        let maintenance = component.maintenance.as_ref().and_then(|m| {
            let mpath = format!("{path}.maintenance");
            if !(m.every > 0.0 && m.every.is_finite()) {
                errors.push(Diagnostic::new(format!("{mpath}.every"), format!("must be a finite number > 0, got {}", m.every)));
                return None;
            }
            if let Some(offset) = m.offset
                && !(offset >= 0.0 && offset.is_finite())
            {
                errors.push(Diagnostic::new(format!("{mpath}.offset"), format!("must be a finite number ≥ 0, got {offset}")));
                return None;
            }
            let duration = compile_distribution(&m.duration, &format!("{mpath}.duration"), errors)?;
            if duration.mean() >= m.every {
                errors.push(Diagnostic::new(
                    format!("{mpath}.duration"),
                    format!(
                        "lasts {} on average, not less than the interval `every` ({}): the component would never be in service",
                        duration.mean(),
                        m.every
                    ),
                ));
                return None;
            }
            Some((m.every, duration, m.offset.unwrap_or(m.every), m.stagger))
        });
        let kind = &mut kinds[i];
        let own: Vec<u32> = (kind.first..kind.first + kind.count).collect();
        if depends_on.iter().any(|d| own.contains(d)) {
            errors.push(Diagnostic::new(format!("{path}.depends_on"), format!("`{}` cannot depend on itself", kind.id)));
        }
        let n = kind.instances.len();
        for (m, instance) in kind.instances.iter_mut().enumerate() {
            instance.crew = crew;
            instance.repair_priority = component.repair_priority.unwrap_or(0);
            instance.detection = detection.clone();
            instance.remediation = remediation.clone();
            instance.capacity = capacity;
            instance.depends_on = depends_on.clone();
            instance.maintenance = maintenance.as_ref().map(|(every, duration, offset, stagger)| Maintenance {
                every: *every,
                duration: duration.clone(),
                // Rolling: instance m of n starts m/n of an interval later.
                offset: offset + if *stagger { every * m as f64 / n as f64 } else { 0.0 },
            });
        }
    }
}

fn compile_common_causes(spec: &ModelSpec, kinds: &[Kind], errors: &mut Vec<Diagnostic>) -> Vec<CommonCause> {
    let mut out: Vec<CommonCause> = Vec::new();
    for (i, cc) in spec.common_causes.iter().enumerate() {
        let path = format!("common_causes[{i}]");
        if let Some(first) = spec.common_causes[..i].iter().position(|o| o.id == cc.id) {
            errors.push(Diagnostic::new(
                format!("{path}.id"),
                format!("`{}` is already the id of common_causes[{first}]; ids must be unique", cc.id),
            ));
        }
        if cc.members.is_empty() {
            errors.push(Diagnostic::new(format!("{path}.members"), "is empty: list the components the shock fails"));
        }
        let mut members = Vec::new();
        for (j, text) in cc.members.iter().enumerate() {
            if let Some(found) = resolve_unit(kinds, text, &format!("{path}.members[{j}]"), errors) {
                members.extend(found);
            }
        }
        members.sort_unstable();
        members.dedup();
        if let Some(every) = compile_distribution(&cc.every, &format!("{path}.every"), errors) {
            out.push(CommonCause { id: cc.id.clone(), members, every, stream_key: stream_key(&format!("common cause {}", cc.id)) });
        }
    }
    out
}

/// A cycle in `depends_on`, as the components along it (first repeated at the end).
fn dependency_cycle(components: &[Component]) -> Option<Vec<u32>> {
    // Iterative depth-first search with colours: 0 new, 1 on the stack, 2 done.
    let mut colour = vec![0u8; components.len()];
    for start in 0..components.len() {
        if colour[start] != 0 {
            continue;
        }
        let mut stack: Vec<(u32, usize)> = vec![(start as u32, 0)];
        colour[start] = 1;
        while let Some(&mut (c, ref mut next)) = stack.last_mut() {
            match components[c as usize].depends_on.get(*next) {
                Some(&d) => {
                    *next += 1;
                    match colour[d as usize] {
                        0 => {
                            colour[d as usize] = 1;
                            stack.push((d, 0));
                        }
                        1 => {
                            let from = stack.iter().position(|&(x, _)| x == d).unwrap_or(0);
                            let mut cycle: Vec<u32> = stack[from..].iter().map(|&(x, _)| x).collect();
                            cycle.push(d);
                            return Some(cycle);
                        }
                        _ => {}
                    }
                }
                None => {
                    colour[c as usize] = 2;
                    stack.pop();
                }
            }
        }
    }
    None
}

fn check_simulation(sim: &super::spec::SimulationSpec, errors: &mut Vec<Diagnostic>) {
    if let Some(h) = sim.horizon
        && !(h > 0.0 && h.is_finite())
    {
        errors.push(Diagnostic::new("simulation.horizon", format!("must be a finite number > 0, got {h}")));
    }
    if let Some(w) = sim.warmup {
        if !(w >= 0.0 && w.is_finite()) {
            errors.push(Diagnostic::new("simulation.warmup", format!("must be a finite number ≥ 0, got {w}")));
        } else if let Some(h) = sim.horizon
            && w >= h
        {
            errors.push(Diagnostic::new("simulation.warmup", format!("must be less than the horizon ({h}), got {w}")));
        }
    }
    if sim.replications == Some(0) {
        errors.push(Diagnostic::new("simulation.replications", "must be at least 1"));
    }
}

/// A component kind from the file, expanded into its instances.
struct Kind {
    id: String,
    /// Index of the first instance among all instances.
    first: u32,
    count: u32,
    instances: Vec<Component>,
}

fn compile_components(specs: &[ComponentSpec], errors: &mut Vec<Diagnostic>) -> Vec<Kind> {
    let mut kinds: Vec<Kind> = Vec::with_capacity(specs.len());
    let mut seen: HashMap<&str, usize> = HashMap::new();
    let mut next_instance = 0u32;
    for (i, spec) in specs.iter().enumerate() {
        let path = format!("components[{i}]");
        let id = spec.id.as_str();
        if id.trim().is_empty() {
            errors.push(Diagnostic::new(format!("{path}.id"), "must not be empty"));
        } else if id.contains(['[', ']', '"']) || id.chars().any(char::is_control) {
            errors.push(Diagnostic::new(
                format!("{path}.id"),
                format!("`{id}` may not contain brackets, quotes or control characters (`id[i]` is how an instance is named)"),
            ));
        }
        if let Some(&first) = seen.get(id) {
            errors.push(Diagnostic::new(
                format!("{path}.id"),
                format!("`{id}` is already the id of components[{first}]; ids must be unique"),
            ));
        } else {
            seen.insert(id, i);
        }
        let count = spec.count.unwrap_or(1);
        if count == 0 {
            errors.push(Diagnostic::new(format!("{path}.count"), "must be at least 1"));
        }
        let failure = compile_distribution(&spec.failure, &format!("{path}.failure"), errors);
        // Outer None: the repair spec is invalid; inner None: non-repairable.
        let repair = match &spec.repair {
            None => Some(None),
            Some(r) => compile_distribution(r, &format!("{path}.repair"), errors).map(Some),
        };
        let mut instances = Vec::new();
        if let (Some(failure), Some(repair)) = (failure, repair) {
            for n in 0..count {
                let name = if spec.count.is_some_and(|c| c > 1) { format!("{id}[{}]", n + 1) } else { id.to_string() };
                instances.push(Component {
                    stream_key: stream_key(&name),
                    name,
                    kind_id: id.to_string(),
                    failure: failure.clone(),
                    repair: repair.clone(),
                    detection: None,
                    remediation: None,
                    crew: None,
                    repair_priority: 0,
                    depends_on: Vec::new(),
                    maintenance: None,
                    capacity: 1.0,
                });
            }
        }
        kinds.push(Kind { id: id.to_string(), first: next_instance, count, instances });
        next_instance += count;
    }
    kinds
}

fn compile_distribution(spec: &DistributionSpec, path: &str, errors: &mut Vec<Diagnostic>) -> Option<super::distribution::Distribution> {
    match spec.compile() {
        Ok(d) => Some(d),
        Err(problems) => {
            for p in problems {
                let at = if p.field.is_empty() { path.to_string() } else { format!("{path}.{}", p.field) };
                errors.push(Diagnostic::new(at, p.message));
            }
            None
        }
    }
}

/// FNV-1a of the instance name: a stable, portable key for the component's random stream.
fn stream_key(name: &str) -> u64 {
    name.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3))
}

struct StructureBuilder<'a> {
    kinds: &'a [Kind],
    blocks: Vec<Block>,
    standbys: Vec<Standby>,
    errors: &'a mut Vec<Diagnostic>,
    warnings: &'a mut Vec<Diagnostic>,
}

const BLOCK_FORMS: &str = r#"a component id ("dns"), an instance ("app[2]"), {"series": [...]}, {"parallel": [...]}, {"k_of_n": {"k": 2, "of": [...]}} or {"standby": {"units": [...]}}"#;

/// How a vote is counted, as read from a `k_of_n` object.
enum Vote {
    Count(Option<u32>),
    Capacity { min: f64, nominal: Option<f64> },
}

impl StructureBuilder<'_> {
    /// Parses one block value. `single` is true where exactly one unit is expected (the root),
    /// so a bare replicated id is an error there.
    fn block(&mut self, value: &Value, path: &str, parent: Option<u32>, single: bool) -> Option<Node> {
        match value {
            Value::String(s) => {
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
            Value::Object(map) => {
                if map.len() != 1 {
                    let keys: Vec<&str> = map.keys().map(String::as_str).collect();
                    self.errors.push(Diagnostic::new(
                        path,
                        format!("a block object has exactly one key (series, parallel, k_of_n or standby), found {keys:?}"),
                    ));
                    return None;
                }
                let (key, inner) = map.iter().next()?;
                if key == "standby" {
                    return self.standby(inner, &format!("{path}.standby"), parent);
                }
                let (vote, list, list_path) = match key.as_str() {
                    "series" => (None, inner, format!("{path}.series")),
                    "parallel" => (Some(Vote::Count(Some(1))), inner, format!("{path}.parallel")),
                    "k_of_n" => {
                        let kp = format!("{path}.k_of_n");
                        let (vote, of) = self.vote(inner, &kp)?;
                        (Some(vote), of, format!("{kp}.of"))
                    }
                    other => {
                        self.errors.push(Diagnostic::new(
                            format!("{path}.{other}"),
                            format!("unknown block type `{other}`; a block is {BLOCK_FORMS}"),
                        ));
                        return None;
                    }
                };
                let Value::Array(items) = list else {
                    self.errors.push(Diagnostic::new(list_path, format!("must be a list of blocks, got {}", type_name(list))));
                    return None;
                };
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
                    match item {
                        Value::String(s) => match self.unit(s, &item_path) {
                            Some(nodes) => children.extend(nodes),
                            None => ok = false,
                        },
                        _ => match self.block(item, &item_path, Some(index), false) {
                            Some(node) => children.push(node),
                            None => ok = false,
                        },
                    }
                }
                if !ok {
                    return None;
                }
                self.warn_repeated(&children, &list_path);
                let block = match vote {
                    None => Block::counting(BlockKind::Series, children, parent, path.to_string()),
                    Some(Vote::Count(k)) => {
                        let kp = format!("{path}.k_of_n.k");
                        let k = k?;
                        let n = children.len() as u32;
                        if k > n {
                            self.errors.push(Diagnostic::new(
                                kp,
                                format!(
                                    "is {k} but the block has only {n} members (after expanding replicated ids); k must be between 1 and {n}"
                                ),
                            ));
                            return None;
                        }
                        let kind = if key == "parallel" { BlockKind::Parallel } else { BlockKind::KOfN(k) };
                        Block::counting(kind, children, parent, path.to_string())
                    }
                    Some(Vote::Capacity { min, nominal }) => self.capacity_vote(children, min, nominal, path, parent)?,
                };
                self.blocks[index as usize] = block;
                Some(Node::Block(index))
            }
            other => {
                self.errors.push(Diagnostic::new(path, format!("must be {BLOCK_FORMS}, got {}", type_name(other))));
                None
            }
        }
    }

    /// Reads a `k_of_n` object: the vote and its `of` list.
    fn vote<'v>(&mut self, inner: &'v Value, kp: &str) -> Option<(Vote, &'v Value)> {
        let Value::Object(vote) = inner else {
            self.errors.push(Diagnostic::new(kp, r#"must be an object {"k": 2, "of": [...]} or {"min_capacity": 300, "of": [...]}"#));
            return None;
        };
        for unknown in vote.keys().filter(|k| !["k", "of", "min_capacity", "nominal_capacity"].contains(&k.as_str())) {
            self.errors.push(Diagnostic::new(
                format!("{kp}.{unknown}"),
                "unknown field; a k_of_n block has `of` and either `k` or `min_capacity` (with optional `nominal_capacity`)",
            ));
        }
        let number = |errors: &mut Vec<Diagnostic>, field: &str| -> Option<f64> {
            let v = vote.get(field)?;
            match v.as_f64() {
                Some(x) if x > 0.0 && x.is_finite() => Some(x),
                _ => {
                    errors.push(Diagnostic::new(format!("{kp}.{field}"), format!("must be a finite number > 0, got {v}")));
                    None
                }
            }
        };
        let min = number(self.errors, "min_capacity");
        let nominal = number(self.errors, "nominal_capacity");
        let result = match (vote.get("k"), vote.contains_key("min_capacity")) {
            (Some(_), true) => {
                self.errors.push(Diagnostic::new(kp, "give either `k` (a count) or `min_capacity` (a total capacity), not both"));
                None
            }
            (Some(v), false) => {
                if nominal.is_some() {
                    self.errors.push(Diagnostic::new(format!("{kp}.nominal_capacity"), "goes with `min_capacity`, not with `k`"));
                }
                match v.as_u64() {
                    Some(k) if k >= 1 && k <= u64::from(u32::MAX) => Some(Vote::Count(Some(k as u32))),
                    _ => {
                        self.errors.push(Diagnostic::new(format!("{kp}.k"), format!("must be a whole number ≥ 1, got {v}")));
                        Some(Vote::Count(None))
                    }
                }
            }
            (None, true) => Some(Vote::Capacity { min: min?, nominal }),
            (None, false) => {
                self.errors.push(Diagnostic::new(
                    format!("{kp}.k"),
                    "is missing: how many of the blocks must be up (or give `min_capacity`, the total capacity that must be up)",
                ));
                Some(Vote::Count(None))
            }
        };
        let Some(of) = vote.get("of") else {
            self.errors.push(Diagnostic::new(format!("{kp}.of"), "is missing: the list of blocks that vote"));
            return None;
        };
        Some((result?, of))
    }

    /// A vote on capacity. Equal capacities compile to a plain k-of-n (exactly solvable);
    /// unequal ones to a weighted vote.
    fn capacity_vote(&mut self, children: Vec<Node>, min: f64, nominal: Option<f64>, path: &str, parent: Option<u32>) -> Option<Block> {
        let kp = format!("{path}.k_of_n");
        let mut weights = Vec::with_capacity(children.len());
        for (i, child) in children.iter().enumerate() {
            match child {
                Node::Component(c) => weights.push((self.component(*c).capacity * CAPACITY_SCALE).round().max(1.0) as u64),
                Node::Block(_) => {
                    self.errors.push(Diagnostic::new(
                        format!("{kp}.of[{i}]"),
                        "a `min_capacity` vote counts the `capacity` of components; its members must be components, not blocks",
                    ));
                    return None;
                }
            }
        }
        let total: u64 = weights.iter().sum();
        let need = (min * CAPACITY_SCALE).round() as u64;
        if need > total {
            self.errors.push(Diagnostic::new(
                format!("{kp}.min_capacity"),
                format!("is {min} but all members together have only {}; it must be at most that", total as f64 / CAPACITY_SCALE),
            ));
            return None;
        }
        let full = match nominal {
            Some(nominal) => {
                let full = (nominal * CAPACITY_SCALE).round() as u64;
                if full < need || full > total {
                    self.errors.push(Diagnostic::new(
                        format!("{kp}.nominal_capacity"),
                        format!(
                            "must be between min_capacity ({min}) and the members' total capacity ({}), got {nominal}",
                            total as f64 / CAPACITY_SCALE
                        ),
                    ));
                    return None;
                }
                full
            }
            None => total,
        };
        let n = children.len();
        let mut block = if weights.iter().all(|&w| w == weights[0]) {
            // k = the fewest members whose capacity reaches min_capacity.
            let w = weights[0];
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
        block.path = path.to_string();
        Some(block)
    }

    /// Parses a `standby` block.
    fn standby(&mut self, inner: &Value, sp: &str, parent: Option<u32>) -> Option<Node> {
        let spec: StandbySpec = match super::deserialize_at(inner.clone(), sp) {
            Ok(spec) => spec,
            Err(d) => {
                self.errors.push(d);
                return None;
            }
        };
        let mut units = Vec::new();
        for (i, text) in spec.units.iter().enumerate() {
            units.extend(resolve_unit(self.kinds, text, &format!("{sp}.units[{i}]"), self.errors)?);
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
        if let Some(&taken) = units.iter().find(|u| self.standbys.iter().any(|s| s.units.contains(u))) {
            self.errors.push(Diagnostic::new(
                format!("{sp}.units"),
                format!("`{}` is already a unit of another standby block; a unit can serve only one", self.component(taken).name),
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
            stream_key: stream_key(&format!("standby {block_path}")),
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
            let name = self.component(w[0]).name.clone();
            self.warnings.push(Diagnostic::new(
                list_path,
                format!("`{name}` is listed more than once in this block; it is one shared component and counts once per listing"),
            ));
        }
    }

    /// Resolves `id` or `id[i]` to its component instances.
    fn unit(&mut self, text: &str, path: &str) -> Option<Vec<Node>> {
        resolve_unit(self.kinds, text, path, self.errors).map(|found| found.into_iter().map(Node::Component).collect())
    }

    fn component(&self, c: u32) -> &Component {
        let kind = self.kinds.iter().find(|k| c >= k.first && c < k.first + k.count).unwrap_or(&self.kinds[0]);
        &kind.instances[((c - kind.first) as usize).min(kind.instances.len().saturating_sub(1))]
    }
}

/// Resolves `id` or `id[i]` to the indices of its component instances.
fn resolve_unit(kinds: &[Kind], text: &str, path: &str, errors: &mut Vec<Diagnostic>) -> Option<Vec<u32>> {
    let (id, index) = match text.split_once('[') {
        Some((id, rest)) => match rest.strip_suffix(']').map(str::parse::<u32>) {
            Some(Ok(i)) => (id, Some(i)),
            _ => {
                errors.push(Diagnostic::new(
                    path,
                    format!("`{text}` is not a valid reference; write an id (\"{id}\") or one instance (\"{id}[1]\")"),
                ));
                return None;
            }
        },
        None => (text, None),
    };
    let Some(kind) = kinds.iter().find(|k| k.id == id) else {
        let hint = match closest(id, kinds.iter().map(|k| k.id.as_str())) {
            Some(best) => format!("did you mean `{best}`?"),
            None => format!("known ids: {}", kinds.iter().map(|k| k.id.as_str()).collect::<Vec<_>>().join(", ")),
        };
        errors.push(Diagnostic::new(path, format!("unknown component `{id}`; {hint}")));
        return None;
    };
    match index {
        None => Some((kind.first..kind.first + kind.count).collect()),
        Some(i) if i >= 1 && i <= kind.count => Some(vec![kind.first + i - 1]),
        Some(i) => {
            errors.push(Diagnostic::new(
                path,
                format!("`{text}`: `{id}` has {} instance(s), numbered 1 to {}; {i} is out of range", kind.count, kind.count),
            ));
            None
        }
    }
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// The candidate nearest to `word` by edit distance, if it is close enough to be a likely typo.
pub(crate) fn closest<'a>(word: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    candidates.map(|c| (levenshtein(word, c), c)).filter(|&(d, c)| d <= 2.max(c.len() / 3)).min_by_key(|&(d, _)| d).map(|(_, c)| c)
}

fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}
