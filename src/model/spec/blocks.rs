//! How `system` is read into [`BlockSpec`].
//!
//! A block is read from its JSON value one level at a time instead of by serde's untagged
//! matching, for two reasons: serde's message for an untagged enum ("did not match any variant")
//! names neither the field nor what would be valid, and serde stops at the first error, while a
//! malformed block here becomes a located [`BlockSpec::Malformed`] and the blocks around it are
//! still read, so that validation reports every error in `system` at once.
//!
//! Problems carry paths relative to their block (`""` for the block itself, `.k_of_n.k`), in the
//! order in which they are found.

use serde::{Deserialize, Deserializer};
use serde_json::{Map, Value};

use super::{BlockSpec, KOfNSpec, MalformedBlock, StandbySpec};
use crate::model::{Diagnostic, deserialize_at};

const BLOCK_FORMS: &str = r#"a component id ("dns"), an instance ("app[2]"), {"series": [...]}, {"parallel": [...]}, {"k_of_n": {"k": 2, "of": [...]}} or {"standby": {"units": [...]}}"#;

const VOTE_FIELDS: [&str; 5] = ["k", "of", "min_capacity", "nominal_capacity", "demand"];

impl<'de> Deserialize<'de> for BlockSpec {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Value::deserialize(deserializer).map(read_block)
    }
}

fn read_block(value: Value) -> BlockSpec {
    match value {
        Value::String(id) => BlockSpec::Unit(id),
        Value::Object(map) => read_object(map),
        other => malformed(vec![Diagnostic::new("", format!("must be {BLOCK_FORMS}, got {}", type_name(&other)))]),
    }
}

fn read_object(map: Map<String, Value>) -> BlockSpec {
    let mut entries = map.into_iter();
    let (key, inner) = match (entries.next(), entries.next()) {
        (Some(only), None) => only,
        (first, second) => {
            let keys: Vec<String> = first.into_iter().chain(second).chain(entries).map(|(key, _)| key).collect();
            return malformed(vec![Diagnostic::new(
                "",
                format!("a block object has exactly one key (series, parallel, k_of_n or standby), found {keys:?}"),
            )]);
        }
    };
    match key.as_str() {
        "series" => read_members(inner, ".series").map_or_else(malformed, |series| BlockSpec::Series { series }),
        "parallel" => read_members(inner, ".parallel").map_or_else(malformed, |parallel| BlockSpec::Parallel { parallel }),
        "k_of_n" => read_vote(inner),
        "standby" => match deserialize_at::<StandbySpec>(inner, ".standby") {
            Ok(standby) => BlockSpec::Standby { standby },
            Err(problem) => malformed(vec![problem]),
        },
        other => malformed(vec![Diagnostic::new(format!(".{other}"), format!("unknown block type `{other}`; a block is {BLOCK_FORMS}"))]),
    }
}

/// The member list of a block at `at`; an empty list is left to validation.
fn read_members(value: Value, at: &str) -> Result<Vec<BlockSpec>, Vec<Diagnostic>> {
    match value {
        Value::Array(items) => Ok(items.into_iter().map(read_block).collect()),
        other => Err(vec![Diagnostic::new(at, format!("must be a list of blocks, got {}", type_name(&other)))]),
    }
}

/// How a vote reads before its members: the count or the capacity, or why there is none.
enum Reading {
    Count(u32),
    Capacity(f64),
    /// `k` is missing or invalid: the members are still checked.
    NoCount,
    /// Nothing to check the members against.
    Unreadable,
}

/// A `k_of_n` object. Every problem of the vote itself is found, in the order of its fields'
/// meaning (unknown fields, capacities, count, members), before any member is looked at.
fn read_vote(value: Value) -> BlockSpec {
    const AT: &str = ".k_of_n";
    let Value::Object(mut vote) = value else {
        return malformed(vec![Diagnostic::new(AT, r#"must be an object {"k": 2, "of": [...]} or {"min_capacity": 300, "of": [...]}"#)]);
    };
    let mut problems: Vec<Diagnostic> = vote
        .keys()
        .filter(|key| !VOTE_FIELDS.contains(&key.as_str()))
        .map(|key| {
            Diagnostic::new(
                format!("{AT}.{key}"),
                "unknown field; a k_of_n block has `of` and either `k` or `min_capacity` (with optional `nominal_capacity`)",
            )
        })
        .collect();
    let min_capacity = positive(&vote, "min_capacity", &mut problems);
    let nominal_capacity = positive(&vote, "nominal_capacity", &mut problems);
    let demand = positive(&vote, "demand", &mut problems);
    // Validation finds a `nominal_capacity` beside a valid `k` in the typed vote; it is recorded
    // here only for a vote that never gets that far.
    let mut nominal_beside_k = None;
    let reading = match (vote.get("k"), vote.contains_key("min_capacity")) {
        (Some(_), true) => {
            problems.push(Diagnostic::new(AT, "give either `k` (a count) or `min_capacity` (a total capacity), not both"));
            Reading::Unreadable
        }
        (Some(k), false) => {
            if nominal_capacity.is_some() {
                nominal_beside_k = Some(problems.len());
                problems.push(Diagnostic::new(format!("{AT}.nominal_capacity"), "goes with `min_capacity`, not with `k`"));
            }
            match k.as_u64().and_then(|k| u32::try_from(k).ok()) {
                Some(k) if k >= 1 => Reading::Count(k),
                _ => {
                    problems.push(Diagnostic::new(format!("{AT}.k"), format!("must be a whole number ≥ 1, got {k}")));
                    Reading::NoCount
                }
            }
        }
        (None, true) => match min_capacity {
            Some(min) => Reading::Capacity(min),
            // A vote on a capacity that cannot be read says nothing about its members yet.
            None => return malformed(problems),
        },
        (None, false) => {
            problems.push(Diagnostic::new(
                format!("{AT}.k"),
                "is missing: how many of the blocks must be up (or give `min_capacity`, the total capacity that must be up)",
            ));
            Reading::NoCount
        }
    };
    let Some(of) = vote.remove("of") else {
        problems.push(Diagnostic::new(format!("{AT}.of"), "is missing: the list of blocks that vote"));
        return malformed(problems);
    };
    let (k, min_capacity) = match reading {
        Reading::Count(k) => (Some(k), None),
        Reading::Capacity(min) => (None, Some(min)),
        Reading::NoCount => (None, None),
        Reading::Unreadable => return malformed(problems),
    };
    let of = match read_members(of, ".k_of_n.of") {
        Ok(of) => of,
        Err(more) => {
            problems.extend(more);
            return malformed(problems);
        }
    };
    if let Reading::NoCount = reading {
        return BlockSpec::Malformed(MalformedBlock { problems, members: Some(of) });
    }
    if let Some(i) = nominal_beside_k {
        problems.remove(i);
    }
    BlockSpec::KOfN { k_of_n: KOfNSpec { k, min_capacity, nominal_capacity, demand, of, problems } }
}

/// A capacity field of a vote: a finite number > 0, or a problem.
fn positive(vote: &Map<String, Value>, field: &str, problems: &mut Vec<Diagnostic>) -> Option<f64> {
    let value = vote.get(field)?;
    match value.as_f64() {
        Some(x) if x > 0.0 && x.is_finite() => Some(x),
        _ => {
            problems.push(Diagnostic::new(format!(".k_of_n.{field}"), format!("must be a finite number > 0, got {value}")));
            None
        }
    }
}

fn malformed(problems: Vec<Diagnostic>) -> BlockSpec {
    BlockSpec::Malformed(MalformedBlock { problems, members: None })
}

fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_valid_structure_reads_back_what_it_writes() {
        let text = r#"{"series": ["dns", {"parallel": ["app[1]", "app[2]"]}, {"k_of_n": {"k": 2, "of": ["db"]}},
            {"k_of_n": {"min_capacity": 300.0, "nominal_capacity": 400.0, "of": ["node"]}},
            {"k_of_n": {"k": 2, "demand": 3.0, "of": ["web"]}},
            {"standby": {"units": ["a", "b"], "mode": "warm", "dormant_factor": 0.5, "switchover": {"dist": "fixed", "value": 1.0}}}]}"#;
        let block: BlockSpec = serde_json::from_str(text).expect("reads");
        let written = serde_json::to_value(&block).expect("a valid structure serialises");
        let again: BlockSpec = serde_json::from_value(written).expect("reads");
        assert_eq!(block, again);
    }

    #[test]
    fn a_malformed_member_is_located_and_its_siblings_still_read() {
        let block: BlockSpec = serde_json::from_str(r#"{"series": [3, "db"]}"#).expect("reading never stops at a bad block");
        let BlockSpec::Series { series } = block else { panic!("a series: {block:?}") };
        let BlockSpec::Malformed(malformed) = &series[0] else { panic!("malformed: {series:?}") };
        assert_eq!(malformed.problems[0].path, "");
        assert!(malformed.problems[0].message.ends_with("got a number"), "{}", malformed.problems[0].message);
        assert_eq!(series[1], BlockSpec::Unit("db".into()));
    }
}
