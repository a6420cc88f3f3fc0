//! Components and their laws: expanding replicated components into instances, crews, the links
//! between components (dependencies, common causes) and references to them (`id`, `id[i]`).

use std::collections::HashMap;

use super::suggestions::closest;
use super::{Diagnostic, StreamOwner, compile_distribution, compile_law, stream_key};
use crate::model::spec::{ComponentSpec, ModelSpec};
use crate::model::system::{CommonCause, Component, Crew, Maintenance, Remediation};

/// A component kind from the file, expanded into its instances.
pub(super) struct Kind {
    pub(super) id: String,
    /// Index of the first instance among all instances.
    pub(super) first: u32,
    pub(super) count: u32,
    /// Whether instances are named `id[i]` rather than `id`.
    indexed: bool,
    /// Capacity of each instance, as given (checked with the links).
    pub(super) capacity: f64,
    /// Empty when a law is invalid: what the structure needs to know of an instance is above.
    pub(super) instances: Vec<Component>,
}

impl Kind {
    /// The kind of instance `c`. Kinds number their instances in file order, so the first kind
    /// that ends after `c` is found by binary search (a linear scan made a vote over a million
    /// one-instance components quadratic).
    pub(super) fn of(kinds: &[Kind], c: u32) -> Option<&Kind> {
        let i = kinds.partition_point(|k| u64::from(k.first) + u64::from(k.count) <= u64::from(c));
        kinds.get(i).filter(|k| c >= k.first && c - k.first < k.count)
    }

    /// The name of instance `c` of this kind.
    pub(super) fn name(&self, c: u32) -> String {
        instance_name(&self.id, self.indexed, c - self.first)
    }
}

fn instance_name(id: &str, indexed: bool, n: u32) -> String {
    if indexed { format!("{id}[{}]", n + 1) } else { id.to_string() }
}

/// The most component instances a model may have (all `count`s together), checked before any
/// instance is built: a million instances validate in about a second, a `count` of 1e9 would
/// need gigabytes.
pub const MAX_INSTANCES: u32 = 1_000_000;

/// The longest id (of a component, crew or common cause), in characters: ids are printed in
/// tables and charts, and a 65,536-character one broke the text renderers.
pub const MAX_ID_CHARS: usize = 256;

/// The most references to component instances that one concern may hold after replicated ids are
/// expanded: block members, dependency links (instances × `depends_on`), common-cause members.
/// A reference to a replicated id stands for all its instances, so a short file could otherwise
/// ask for billions (a million instances listed a thousand times).
pub const MAX_LINKS: usize = 10_000_000;

/// Whether an id is longer than [`MAX_ID_CHARS`]; if so, the error is recorded at `path`, with
/// only the id's beginning (the whole id would make the message as long as the id).
pub(super) fn id_too_long(id: &str, path: &str, errors: &mut Vec<Diagnostic>) -> bool {
    let chars = id.chars().count();
    if chars > MAX_ID_CHARS {
        let start: String = id.chars().take(40).collect();
        errors.push(Diagnostic::new(path, format!("`{start}…` has {chars} characters; an id may have at most {MAX_ID_CHARS}")));
        return true;
    }
    false
}

/// One kind per entry of `components`, even an invalid one, so that `kinds[i]` is `components[i]`.
pub(super) fn compile_components(specs: &[ComponentSpec], errors: &mut Vec<Diagnostic>) -> Vec<Kind> {
    let mut kinds: Vec<Kind> = Vec::with_capacity(specs.len());
    let mut seen: HashMap<&str, usize> = HashMap::new();
    let mut next_instance = 0u32;
    // Once the instances exceed the limit, no more are built (the model is invalid anyway).
    let mut too_many = false;
    for (i, spec) in specs.iter().enumerate() {
        let path = format!("components[{i}]");
        let id = spec.id.as_str();
        if id_too_long(id, &format!("{path}.id"), errors) {
            // Its other checks would quote the whole id again.
        } else if id.trim().is_empty() {
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
        let mut count = spec.count.unwrap_or(1);
        if count == 0 {
            errors.push(Diagnostic::new(format!("{path}.count"), "must be at least 1"));
        }
        if !too_many && u64::from(next_instance) + u64::from(count) > u64::from(MAX_INSTANCES) {
            too_many = true;
            errors.push(Diagnostic::new(
                format!("{path}.count"),
                format!(
                    "is {count}, which brings the model to {} component instances; a model may have at most {MAX_INSTANCES}",
                    u64::from(next_instance) + u64::from(count)
                ),
            ));
        }
        if too_many {
            // Kept within the limit so that later indices stay valid; nothing is built.
            count = count.min(MAX_INSTANCES - next_instance);
        }
        let failure = compile_law(&spec.failure, &format!("{path}.failure"), errors);
        // Outer None: the repair spec is invalid; inner None: non-repairable.
        let repair = match &spec.repair {
            None => Some(None),
            Some(r) => compile_law(r, &format!("{path}.repair"), errors).map(Some),
        };
        let indexed = spec.count.is_some_and(|c| c > 1);
        let capacity = spec.capacity.unwrap_or(1.0);
        let mut instances = Vec::new();
        if let (Some(failure), Some(repair), false) = (failure, repair, too_many) {
            for n in 0..count {
                let name = instance_name(id, indexed, n);
                instances.push(Component {
                    stream_key: stream_key(StreamOwner::Component, &name),
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
                    capacity,
                });
            }
        }
        kinds.push(Kind { id: id.to_string(), first: next_instance, count, indexed, capacity, instances });
        next_instance += count;
    }
    kinds
}

/// The crews, each with the index of its spec; duplicate ids and bad sizes are errors.
pub(super) fn compile_crews(spec: &ModelSpec, errors: &mut Vec<Diagnostic>) -> Vec<(Crew, usize)> {
    let mut crews: Vec<(Crew, usize)> = Vec::new();
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (i, crew) in spec.crews.iter().enumerate() {
        let path = format!("crews[{i}]");
        if let Some(&first) = seen.get(crew.id.as_str()) {
            errors.push(Diagnostic::new(
                format!("{path}.id"),
                format!("`{}` is already the id of crews[{first}]; ids must be unique", crew.id),
            ));
        } else {
            seen.insert(&crew.id, i);
        }
        if id_too_long(&crew.id, &format!("{path}.id"), errors) {
            // Reported once.
        } else if crew.id.trim().is_empty() {
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
pub(super) fn link_components(spec: &ModelSpec, kinds: &mut [Kind], crews: &[(Crew, usize)], errors: &mut Vec<Diagnostic>) {
    // The first crew of each id (a duplicate id is already an error).
    let mut crew_index: HashMap<&str, u32> = HashMap::new();
    for (k, (crew, _)) in crews.iter().enumerate() {
        crew_index.entry(crew.id.as_str()).or_insert(k as u32);
    }
    let by_id = index_by_id(kinds);
    let mut links = 0usize;
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
        let crew = component.crew.as_ref().and_then(|name| match crew_index.get(name.as_str()) {
            Some(&k) => Some(k),
            None => {
                let hint = match closest(name, crews.iter().map(|(c, _)| c.id.as_str())) {
                    Some(best) => format!("did you mean `{best}`?"),
                    None if crews.is_empty() => {
                        "the model has no `crews`; declare one: \"crews\": [{\"id\": \"...\", \"size\": 1}]".to_string()
                    }
                    None => format!("known crews: {}", known(crews.iter().map(|(c, _)| c.id.as_str()))),
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
        let capacity = kinds[i].capacity;
        if !(capacity > 0.0 && capacity.is_finite()) {
            errors.push(Diagnostic::new(format!("{path}.capacity"), format!("must be a finite number > 0, got {capacity}")));
        }
        let mut depends_on = Vec::new();
        for (j, text) in component.depends_on.iter().enumerate() {
            if let Some(found) = resolve_unit(kinds, &by_id, text, &format!("{path}.depends_on[{j}]"), errors) {
                depends_on.extend(found);
            }
        }
        // Every instance gets its own copy of the list: checked before copying.
        let these = depends_on.len().saturating_mul(kinds[i].instances.len());
        if these > 0 && links.saturating_add(these) > MAX_LINKS {
            errors.push(Diagnostic::new(
                format!("{path}.depends_on"),
                format!(
                    "makes {these} dependency links (instances × dependencies), more than the {MAX_LINKS} a model may have in all; depend on fewer instances"
                ),
            ));
            depends_on.clear();
        }
        links = links.saturating_add(these);
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
        // A range test, not a list of its own instances searched per dependency (quadratic).
        if depends_on.iter().any(|&d| d >= kind.first && d - kind.first < kind.count) {
            errors.push(Diagnostic::new(format!("{path}.depends_on"), format!("`{}` cannot depend on itself", kind.id)));
        }
        let n = kind.instances.len();
        for (m, instance) in kind.instances.iter_mut().enumerate() {
            instance.crew = crew;
            instance.repair_priority = component.repair_priority.unwrap_or(0);
            instance.detection = detection.clone();
            instance.remediation = remediation.clone();
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

pub(super) fn compile_common_causes(spec: &ModelSpec, kinds: &[Kind], errors: &mut Vec<Diagnostic>) -> Vec<CommonCause> {
    let mut out: Vec<CommonCause> = Vec::new();
    let mut seen: HashMap<&str, usize> = HashMap::new();
    let by_id = index_by_id(kinds);
    let mut links = 0usize;
    for (i, cc) in spec.common_causes.iter().enumerate() {
        let path = format!("common_causes[{i}]");
        if let Some(&first) = seen.get(cc.id.as_str()) {
            errors.push(Diagnostic::new(
                format!("{path}.id"),
                format!("`{}` is already the id of common_causes[{first}]; ids must be unique", cc.id),
            ));
        } else {
            seen.insert(&cc.id, i);
        }
        id_too_long(&cc.id, &format!("{path}.id"), errors);
        if cc.members.is_empty() {
            errors.push(Diagnostic::new(format!("{path}.members"), "is empty: list the components the shock fails"));
        }
        let mut members = Vec::new();
        for (j, text) in cc.members.iter().enumerate() {
            if let Some(found) = resolve_unit(kinds, &by_id, text, &format!("{path}.members[{j}]"), errors) {
                links = links.saturating_add(found.len());
                if links > MAX_LINKS {
                    errors.push(Diagnostic::new(
                        format!("{path}.members[{j}]"),
                        format!("brings the common causes' members to more than {MAX_LINKS} instances in all, more than a model may have"),
                    ));
                    return out;
                }
                members.extend(found);
            }
        }
        members.sort_unstable();
        members.dedup();
        if let Some(every) = compile_distribution(&cc.every, &format!("{path}.every"), errors) {
            out.push(CommonCause { id: cc.id.clone(), members, every, stream_key: stream_key(StreamOwner::CommonCause, &cc.id) });
        }
    }
    out
}

/// A cycle in `depends_on`, as the components along it (first repeated at the end).
pub(super) fn dependency_cycle(components: &[Component]) -> Option<Vec<u32>> {
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

/// The index of each component kind by id (the first, where ids repeat: already an error), so
/// that resolving a reference costs O(1), not a scan of every kind.
pub(super) fn index_by_id(kinds: &[Kind]) -> HashMap<String, usize> {
    let mut by_id = HashMap::with_capacity(kinds.len());
    for (i, kind) in kinds.iter().enumerate() {
        by_id.entry(kind.id.clone()).or_insert(i);
    }
    by_id
}

/// At most this many names are listed in a message ("known ids: ...").
const LISTED_NAMES: usize = 20;

/// Names for a message, the first [`LISTED_NAMES`] of them.
pub(super) fn known<'a>(names: impl ExactSizeIterator<Item = &'a str>) -> String {
    let n = names.len();
    let listed: Vec<&str> = names.take(LISTED_NAMES).collect();
    if n > LISTED_NAMES { format!("{}, … ({n} in all)", listed.join(", ")) } else { listed.join(", ") }
}

/// Resolves `id` or `id[i]` to the indices of its component instances.
pub(super) fn resolve_unit(
    kinds: &[Kind],
    by_id: &HashMap<String, usize>,
    text: &str,
    path: &str,
    errors: &mut Vec<Diagnostic>,
) -> Option<Vec<u32>> {
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
    let Some(kind) = by_id.get(id).and_then(|&k| kinds.get(k)) else {
        let hint = match closest(id, kinds.iter().map(|k| k.id.as_str())) {
            Some(best) => format!("did you mean `{best}`?"),
            None => format!("known ids: {}", known(kinds.iter().map(|k| k.id.as_str()))),
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
