//! Meaning checks on a parsed model, and compilation into a [`System`].
//!
//! Every problem is collected (not only the first), each with the JSON path of the offending
//! value and what would be valid.

use std::collections::HashMap;

use serde_json::Value;

use super::Diagnostic;
use super::distribution::DistributionSpec;
use super::spec::{ComponentSpec, ModelSpec};
use super::system::{Block, BlockKind, Component, Node, System};

/// Checks `spec` and builds the system. Errors and warnings are appended; the system is
/// returned only when there are no errors.
pub fn validate(spec: &ModelSpec, errors: &mut Vec<Diagnostic>, warnings: &mut Vec<Diagnostic>) -> Option<System> {
    let kinds = compile_components(&spec.components, errors);
    if let Some(sim) = &spec.simulation {
        check_simulation(sim, errors);
    }
    let mut builder = StructureBuilder { kinds: &kinds, blocks: Vec::new(), errors, warnings };
    let root = builder.block(&spec.system, "system", None, true);
    let blocks = builder.blocks;
    let root = root?;
    if !errors.is_empty() {
        return None;
    }
    let components: Vec<Component> = kinds.into_iter().flat_map(|k| k.instances).collect();
    let system = System::new(
        spec.name.clone(),
        spec.description.clone(),
        spec.time_unit,
        spec.simulation.clone().unwrap_or_default(),
        components,
        blocks,
        root,
    );
    for c in system.unused_components() {
        let comp = &system.components()[c];
        warnings.push(Diagnostic::new(
            format!("components[{}]", spec.components.iter().position(|k| k.id == comp.kind_id).unwrap_or(0)),
            format!("`{}` is not used by any block of `system`, so it cannot affect availability", comp.name),
        ));
    }
    Some(system)
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
    errors: &'a mut Vec<Diagnostic>,
    warnings: &'a mut Vec<Diagnostic>,
}

const BLOCK_FORMS: &str =
    r#"a component id ("dns"), an instance ("app[2]"), {"series": [...]}, {"parallel": [...]} or {"k_of_n": {"k": 2, "of": [...]}}"#;

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
                        format!("a block object has exactly one key (series, parallel or k_of_n), found {keys:?}"),
                    ));
                    return None;
                }
                let (key, inner) = map.iter().next()?;
                let index = self.blocks.len() as u32;
                let (kind, list, list_path, k_path) = match key.as_str() {
                    "series" => (BlockKind::Series, inner, format!("{path}.series"), None),
                    "parallel" => (BlockKind::Parallel, inner, format!("{path}.parallel"), None),
                    "k_of_n" => {
                        let kp = format!("{path}.k_of_n");
                        let Value::Object(vote) = inner else {
                            self.errors.push(Diagnostic::new(kp, r#"must be an object {"k": 2, "of": [...]}"#));
                            return None;
                        };
                        for unknown in vote.keys().filter(|k| *k != "k" && *k != "of") {
                            self.errors.push(Diagnostic::new(format!("{kp}.{unknown}"), "unknown field; a k_of_n block has `k` and `of`"));
                        }
                        let k = match vote.get("k") {
                            Some(v) => match v.as_u64() {
                                Some(k) if k >= 1 && k <= u64::from(u32::MAX) => Some(k as u32),
                                _ => {
                                    self.errors.push(Diagnostic::new(format!("{kp}.k"), format!("must be a whole number ≥ 1, got {v}")));
                                    None
                                }
                            },
                            None => {
                                self.errors.push(Diagnostic::new(format!("{kp}.k"), "is missing: how many of the blocks must be up"));
                                None
                            }
                        };
                        let Some(of) = vote.get("of") else {
                            self.errors.push(Diagnostic::new(format!("{kp}.of"), "is missing: the list of blocks that vote"));
                            return None;
                        };
                        (BlockKind::KOfN(k.unwrap_or(1)), of, format!("{kp}.of"), Some((format!("{kp}.k"), k.is_some())))
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
                self.blocks.push(Block { kind, children: Vec::new(), parent, path: path.to_string() });
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
                let mut listed: Vec<Node> = children.clone();
                listed.sort_by_key(|n| match n {
                    Node::Component(c) => *c,
                    Node::Block(_) => u32::MAX,
                });
                let repeated = listed.windows(2).find_map(|w| match (w[0], w[1]) {
                    (Node::Component(a), Node::Component(b)) if a == b => Some(a),
                    _ => None,
                });
                if let Some(c) = repeated {
                    let name = self.instance_name(c);
                    self.warnings.push(Diagnostic::new(
                        list_path.clone(),
                        format!("`{name}` is listed more than once in this block; it is one shared component and counts once per listing"),
                    ));
                }
                if let (BlockKind::KOfN(k), Some((kp, true))) = (kind, k_path) {
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
                }
                self.blocks[index as usize].children = children;
                Some(Node::Block(index))
            }
            other => {
                self.errors.push(Diagnostic::new(path, format!("must be {BLOCK_FORMS}, got {}", type_name(other))));
                None
            }
        }
    }

    /// Resolves `id` or `id[i]` to its component instances.
    fn unit(&mut self, text: &str, path: &str) -> Option<Vec<Node>> {
        let (id, index) = match text.split_once('[') {
            Some((id, rest)) => match rest.strip_suffix(']').map(str::parse::<u32>) {
                Some(Ok(i)) => (id, Some(i)),
                _ => {
                    self.errors.push(Diagnostic::new(
                        path,
                        format!("`{text}` is not a valid reference; write an id (\"{id}\") or one instance (\"{id}[1]\")"),
                    ));
                    return None;
                }
            },
            None => (text, None),
        };
        let Some(kind) = self.kinds.iter().find(|k| k.id == id) else {
            let hint = match closest(id, self.kinds.iter().map(|k| k.id.as_str())) {
                Some(best) => format!("did you mean `{best}`?"),
                None => format!("known ids: {}", self.kinds.iter().map(|k| k.id.as_str()).collect::<Vec<_>>().join(", ")),
            };
            self.errors.push(Diagnostic::new(path, format!("unknown component `{id}`; {hint}")));
            return None;
        };
        match index {
            None => Some((kind.first..kind.first + kind.count).map(Node::Component).collect()),
            Some(i) if i >= 1 && i <= kind.count => Some(vec![Node::Component(kind.first + i - 1)]),
            Some(i) => {
                self.errors.push(Diagnostic::new(
                    path,
                    format!("`{text}`: `{id}` has {} instance(s), numbered 1 to {}; {i} is out of range", kind.count, kind.count),
                ));
                None
            }
        }
    }

    fn instance_name(&self, c: u32) -> String {
        self.kinds
            .iter()
            .find(|k| c >= k.first && c < k.first + k.count)
            .and_then(|k| k.instances.get((c - k.first) as usize))
            .map(|component| component.name.clone())
            .unwrap_or_default()
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
