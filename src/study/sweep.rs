//! Parameter sweeps: a model run once per point of a grid of parameter values.
//!
//! `--vary PATH=VALUES` names a value in the model file by a dotted path. Lists of objects with
//! an `id` (components, crews, common causes) are addressed by id, others by index:
//! `components.db.repair.mean`, `crews.oncall.size`, `system.series.1.k_of_n.k`,
//! `simulation.horizon`. VALUES is a list (`1,4,12`), an inclusive integer range (`2..6`) or a
//! range with a step (`0.5..2:0.5`). Several `--vary` make a grid. Every point is built and
//! checked before anything runs, so a bad path or value is reported at once.

use std::fmt;
use std::path::Path;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::model::{Model, ModelError};
use crate::sim::{RunConfig, RunError};
use crate::study::results::{RunResult, SCHEMA_VERSION};

/// One varied parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct Vary {
    /// Dotted path into the model file.
    pub path: String,
    /// The values it takes, in order.
    pub values: Vec<Value>,
}

/// Why a sweep could not be set up or run.
#[derive(Debug, thiserror::Error)]
pub enum SweepError {
    /// A `--vary` argument is malformed.
    #[error("--vary {arg}: {message}")]
    Argument {
        /// The argument as given.
        arg: String,
        /// What is wrong and what would be valid.
        message: String,
    },
    /// A path does not lead to a value of the model.
    #[error("--vary {path}: {message}")]
    Path {
        /// The path.
        path: String,
        /// What is wrong.
        message: String,
    },
    /// A point of the grid is not a valid model.
    #[error("the sweep point {point} is not a valid model")]
    Point {
        /// The parameter values of the point.
        point: String,
        /// The model errors.
        #[source]
        source: ModelError,
    },
    /// The base model itself.
    #[error(transparent)]
    Model(#[from] ModelError),
    /// A run failed.
    #[error(transparent)]
    Run(#[from] RunError),
}

impl SweepError {
    /// Whether the user must fix the sweep (an argument, a path, a point that is not a valid
    /// model), rather than a run or a file read failing.
    pub fn is_bad_input(&self) -> bool {
        match self {
            SweepError::Run(e) => e.is_bad_input(),
            SweepError::Model(e) => e.is_bad_input(),
            _ => true,
        }
    }
}

impl std::str::FromStr for Vary {
    type Err = SweepError;

    fn from_str(arg: &str) -> Result<Self, SweepError> {
        let bad = |message: &str| SweepError::Argument { arg: arg.to_string(), message: message.to_string() };
        let (path, values) = arg.split_once('=').ok_or_else(|| bad("expected PATH=VALUES, e.g. components.app.count=2..6"))?;
        let path = path.trim();
        if path.is_empty() || path.split('.').any(str::is_empty) {
            return Err(bad("the path is empty or has an empty segment; write it like components.db.repair.mean"));
        }
        let values = parse_values(values.trim()).map_err(|m| bad(&m))?;
        Ok(Self { path: path.to_string(), values })
    }
}

/// `1,4,12`, `2..6` (integers, inclusive) or `0.5..2:0.5`; non-numbers are taken as strings.
/// The most points of a sweep's grid.
pub const MAX_POINTS: usize = 100_000;
/// The most values of one range.
pub const MAX_RANGE_VALUES: usize = 10_000;

fn parse_values(text: &str) -> Result<Vec<Value>, String> {
    const FORMS: &str = "write a list (1,4,12), an integer range (2..6) or a range with a step (0.5..2:0.5)";
    if text.is_empty() {
        return Err(format!("no values; {FORMS}"));
    }
    if let Some((from, rest)) = text.split_once("..") {
        let (to, step) = match rest.split_once(':') {
            Some((to, step)) => (to, Some(step)),
            None => (rest, None),
        };
        let number = |s: &str| s.trim().parse::<f64>().ok().filter(|x| x.is_finite());
        let (Some(from), Some(to)) = (number(from), number(to)) else {
            return Err(format!("`{text}` is not a range of numbers; {FORMS}"));
        };
        let step = match step {
            Some(s) => number(s).filter(|&s| s > 0.0).ok_or_else(|| format!("the step of `{text}` must be a number > 0"))?,
            None if from.fract() == 0.0 && to.fract() == 0.0 => 1.0,
            None => return Err(format!("`{text}` has decimals: give a step, e.g. {from}..{to}:0.5")),
        };
        if to < from {
            return Err(format!("`{text}` runs backwards: the first value must not exceed the last"));
        }
        // Counted in f64 and checked before converting: a range of more values than usize
        // holds would otherwise wrap to an empty sweep.
        let count = ((to - from) / step + 1e-9).floor() + 1.0;
        if count > MAX_RANGE_VALUES as f64 {
            return Err(format!("`{text}` has {count:.3e} values; a range takes at most {MAX_RANGE_VALUES}"));
        }
        let count = count as usize;
        let integers = from.fract() == 0.0 && step.fract() == 0.0;
        return Ok((0..count)
            .map(|i| {
                let x = from + step * i as f64;
                if integers { Value::from(x as i64) } else { Value::from((x * 1e12).round() / 1e12) }
            })
            .collect());
    }
    Ok(text
        .split(',')
        .map(str::trim)
        .map(|v| match serde_json::from_str::<Value>(v) {
            Ok(value @ (Value::Number(_) | Value::Bool(_))) => value,
            _ => Value::String(v.to_string()),
        })
        .collect())
}

/// Sets the value at `path` in `doc` (creating the last key of an existing object).
fn set(doc: &mut Value, path: &str, value: Value) -> Result<(), SweepError> {
    let error = |message: String| SweepError::Path { path: path.to_string(), message };
    let segments: Vec<&str> = path.split('.').collect();
    let mut node = doc;
    for (depth, &segment) in segments.iter().enumerate() {
        let last = depth + 1 == segments.len();
        let here = segments[..depth].join(".");
        let at = if here.is_empty() { "the top level".to_string() } else { format!("`{here}`") };
        node = match node {
            Value::Object(map) => {
                if last {
                    map.insert(segment.to_string(), value);
                    return Ok(());
                }
                let keys: Vec<String> = map.keys().cloned().collect();
                map.get_mut(segment).ok_or_else(|| error(format!("{at} has no `{segment}`; it has {}", keys.join(", "))))?
            }
            Value::Array(items) => {
                let by_id = items.iter().position(|item| item.get("id").and_then(Value::as_str) == Some(segment));
                let index = by_id.or_else(|| segment.parse::<usize>().ok().filter(|&i| i < items.len())).ok_or_else(|| {
                    let ids: Vec<&str> = items.iter().filter_map(|item| item.get("id").and_then(Value::as_str)).collect();
                    if ids.is_empty() {
                        error(format!("{at} is a list of {} items: `{segment}` is not an index from 0", items.len()))
                    } else {
                        error(format!("{at} has no item with id `{segment}`; ids: {}", ids.join(", ")))
                    }
                })?;
                if last {
                    items[index] = value;
                    return Ok(());
                }
                &mut items[index]
            }
            _ => return Err(error(format!("{at} is a value, not an object or a list: `{segment}` cannot be inside it"))),
        };
    }
    Ok(())
}

/// One point of the grid: the parameter values and the model they give.
#[derive(Debug, Clone)]
pub struct Point {
    /// (path, value) of each varied parameter.
    pub values: Vec<(String, Value)>,
    /// The model at this point.
    pub model: Model,
}

impl Point {
    /// `path=value, path=value`.
    pub fn label(&self) -> String {
        self.values.iter().map(|(p, v)| format!("{p}={}", show(v))).collect::<Vec<_>>().join(", ")
    }
}

/// A value as written on the command line (strings without quotes).
pub fn show(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Every point of the grid over `varies` (the last parameter varies fastest), each checked.
pub fn points(text: &str, file: &Path, varies: &[Vary]) -> Result<Vec<Point>, SweepError> {
    let base: Value = serde_json::from_str(text).map_err(|e| SweepError::Model(crate::model::syntax_error(file, &e)))?;
    // Check the base model first: its errors are not the sweep's.
    crate::model::parse_str(text, file)?;
    // The grid's size, checked at every factor so that a product beyond usize cannot wrap.
    let total = varies.iter().try_fold(1usize, |n, v| n.checked_mul(v.values.len()).filter(|&n| n <= MAX_POINTS));
    let Some(total) = total else {
        let size: f64 = varies.iter().map(|v| v.values.len() as f64).product();
        return Err(SweepError::Argument { arg: "(grid)".into(), message: format!("the grid has {size:.0} points; at most {MAX_POINTS}") });
    };
    let mut points = Vec::with_capacity(total);
    for index in 0..total {
        let mut doc = base.clone();
        let mut values = Vec::with_capacity(varies.len());
        let mut rest = index;
        for vary in varies.iter().rev() {
            let value = vary.values[rest % vary.values.len()].clone();
            rest /= vary.values.len();
            set(&mut doc, &vary.path, value.clone())?;
            values.push((vary.path.clone(), value));
        }
        values.reverse();
        let text = serde_json::to_string(&doc).unwrap_or_default();
        let label = values.iter().map(|(p, v)| format!("{p}={}", show(v))).collect::<Vec<_>>().join(", ");
        let model = crate::model::parse_str(&text, file).map_err(|source| SweepError::Point { point: label, source })?;
        points.push(Point { values, model });
    }
    Ok(points)
}

/// One row of a sweep.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct SweepRow {
    /// The parameter values, in the order of the `--vary` options.
    pub values: Vec<Value>,
    /// The run at this point.
    pub result: RunResult,
}

/// A finished sweep.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Sweep {
    /// Version of this format.
    pub schema_version: u32,
    /// The version of ninesim that ran it.
    pub ninesim_version: String,
    /// The base model's file.
    pub model: String,
    /// The varied paths, in order.
    pub parameters: Vec<String>,
    /// One row per point, the last parameter varying fastest.
    pub rows: Vec<SweepRow>,
}

impl fmt::Display for Vary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}={}", self.path, self.values.iter().map(show).collect::<Vec<_>>().join(","))
    }
}

/// Runs every point with the settings `config` gives for its model, each for its replications
/// or, with `precision`, until its U is known to that relative precision (each point records
/// the precision it reached); `progress` is told the replications as they finish.
pub fn run(
    file: &Path,
    points: &[Point],
    varies: &[Vary],
    config: impl Fn(&Model) -> RunConfig,
    precision: Option<crate::sim::Precision>,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<Sweep, SweepError> {
    let mut rows = Vec::with_capacity(points.len());
    for point in points {
        let config = config(&point.model);
        let result = match precision {
            None => super::run(&point.model, &config, progress)?,
            Some(p) => super::run_to_precision(&point.model, &config, p, progress)?,
        };
        rows.push(SweepRow { values: point.values.iter().map(|(_, v)| v.clone()).collect(), result });
    }
    Ok(Sweep {
        schema_version: SCHEMA_VERSION,
        ninesim_version: env!("CARGO_PKG_VERSION").to_string(),
        model: file.display().to_string(),
        parameters: varies.iter().map(|v| v.path.clone()).collect(),
        rows,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const MODEL: &str = r#"{"name": "m", "components": [
        {"id": "app", "count": 3, "failure": {"dist": "exponential", "mean": 100}, "repair": {"dist": "exponential", "mean": 2}},
        {"id": "db", "failure": {"dist": "exponential", "mean": 100}, "repair": {"dist": "exponential", "mean": 2}}],
        "system": {"series": [{"k_of_n": {"k": 2, "of": ["app"]}}, "db"]}}"#;

    #[test]
    fn values_are_lists_ranges_and_stepped_ranges() {
        let v: Vary = "components.app.count=2..4".parse().expect("valid");
        assert_eq!(v.values, [Value::from(2), Value::from(3), Value::from(4)]);
        let v: Vary = "components.db.repair.mean=1,4,12".parse().expect("valid");
        assert_eq!(v.values, [Value::from(1), Value::from(4), Value::from(12)]);
        let v: Vary = "x=0.5..1.5:0.5".parse().expect("valid");
        assert_eq!(v.values, [Value::from(0.5), Value::from(1.0), Value::from(1.5)]);
        let v: Vary = "system.standby.mode=cold,warm".parse().expect("valid");
        assert_eq!(v.values, [Value::from("cold"), Value::from("warm")]);
        for bad in ["nothing", "a=", "=1", "a..b=1", "a=3..1", "a=0.5..2", "a=1..2:0"] {
            assert!(bad.parse::<Vary>().is_err(), "{bad}");
        }
    }

    #[test]
    fn a_grid_varies_the_last_parameter_fastest_and_checks_every_point() {
        let varies: Vec<Vary> =
            ["components.app.count=3..4", "components.db.repair.mean=1,2"].iter().map(|s| s.parse().expect("valid")).collect();
        let grid = points(MODEL, Path::new("m.json"), &varies).expect("valid grid");
        let labels: Vec<String> = grid.iter().map(Point::label).collect();
        assert_eq!(
            labels,
            [
                "components.app.count=3, components.db.repair.mean=1",
                "components.app.count=3, components.db.repair.mean=2",
                "components.app.count=4, components.db.repair.mean=1",
                "components.app.count=4, components.db.repair.mean=2"
            ]
        );
        assert_eq!(grid[2].model.system.components().len(), 5);
        assert_eq!(grid[3].model.system.components()[4].mttr(), Some(2.0));
    }

    #[test]
    fn bad_paths_and_values_are_named_before_anything_runs() {
        let check = |arg: &str, needle: &str| {
            let vary: Vary = arg.parse().expect("parses");
            let err = points(MODEL, Path::new("m.json"), &[vary]).expect_err("rejected");
            // The message with its causes, as the CLI prints it.
            let mut text = err.to_string();
            let mut source = std::error::Error::source(&err);
            while let Some(cause) = source {
                text = format!("{text}: {cause}");
                source = cause.source();
            }
            let err = text;
            assert!(err.contains(needle), "{err}");
        };
        check("components.ap.count=2", "no item with id `ap`; ids: app, db");
        check("sytem.k=2", "the top level has no `sytem`");
        check("components.app.count.x=2", "is a value");
        // k = 4 of 3 apps is caught by the model's own validation, at its JSON path.
        check("system.series.0.k_of_n.k=2..4", "system.series[0].k_of_n.k");
    }
}
