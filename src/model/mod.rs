//! Model files: loading, checking, and the compiled [`System`].
//!
//! ```text
//! model.json ─► spec (serde mirror) ─► validate (all errors, with JSON paths) ─► System
//! ```

pub mod costs;
pub mod distribution;
pub mod incidents;
mod json;
pub mod spec;
pub mod system;
pub mod validate;

use std::fmt;
use std::path::{Path, PathBuf};

use serde::Serialize;
use serde::de::{DeserializeOwned, DeserializeSeed};
use serde_json::Value;

pub use distribution::{Distribution, DistributionSpec, ParameterUncertainty, UncertaintySpec};
pub use spec::{ComponentSpec, CreditTierSpec, ModelSpec, ObjectiveSpec, PeriodSpec, SimulationSpec, StandbyMode, TimeUnit};
pub use system::{
    Block, BlockKind, CommonCause, Component, Crew, LawRole, Maintenance, Node, Objective, ParameterDrawError, Remediation, Standby,
    System, UncertainLaw,
};

/// One problem in a model, located by its JSON path (`components[3].failure.shape`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Diagnostic {
    /// JSON path of the offending value (`$` for the whole document).
    pub path: String,
    /// What is wrong and what would be valid.
    pub message: String,
}

impl Diagnostic {
    /// A diagnostic at `path`.
    pub fn new(path: impl Into<String>, message: impl Into<String>) -> Self {
        Self { path: path.into(), message: message.into() }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

/// Why a model could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    /// The file could not be read.
    #[error("could not read model file '{}'", file.display())]
    Io {
        /// The file.
        file: PathBuf,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// The file is larger than [`MAX_MODEL_BYTES`].
    #[error("model file '{}' is larger than {limit} bytes (64 MiB), the most a model may be", file.display())]
    TooLarge {
        /// The file.
        file: PathBuf,
        /// The limit, [`MAX_MODEL_BYTES`].
        limit: u64,
    },
    /// The path names a device, directory or socket rather than a file or a pipe.
    #[error("'{}' is {what}, not a model file", file.display())]
    NotAFile {
        /// The path.
        file: PathBuf,
        /// What it is instead ("a character device").
        what: &'static str,
    },
    /// The text is not JSON.
    #[error("{}:{line}:{column}: not valid JSON: {message}", file.display())]
    Syntax {
        /// The file.
        file: PathBuf,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// The parser's message.
        message: String,
    },
    /// The JSON is not a valid model; every problem found is listed.
    #[error("{}: {} error(s) in the model:\n{}", file.display(), errors.len(), list(errors))]
    Invalid {
        /// The file.
        file: PathBuf,
        /// Every error found.
        errors: Vec<Diagnostic>,
        /// Warnings found along the way.
        warnings: Vec<Diagnostic>,
    },
}

impl ModelError {
    /// Whether the user must fix the model (anything but a file that could not be read).
    pub fn is_bad_input(&self) -> bool {
        !matches!(self, ModelError::Io { .. })
    }
}

fn list(items: &[Diagnostic]) -> String {
    items.iter().map(|d| format!("  {d}")).collect::<Vec<_>>().join("\n")
}

/// A loaded model: the checked system plus what the file said and any warnings.
#[derive(Debug, Clone)]
pub struct Model {
    /// Where it came from (a path, or a name for text that did not come from a file).
    pub file: PathBuf,
    /// The file's contents as parsed.
    pub spec: ModelSpec,
    /// The compiled system.
    pub system: System,
    /// Non-fatal findings (e.g. a component that no block uses).
    pub warnings: Vec<Diagnostic>,
}

/// The largest model file (or text) accepted: 64 MiB, far above any real model (the bundled
/// ones are a few kB), and bounded so that `/dev/zero` or a runaway pipe is refused instead of
/// read until memory runs out.
pub const MAX_MODEL_BYTES: u64 = 64 * 1024 * 1024;

/// The model path that means standard input, as in most command-line tools.
pub const STDIN_PATH: &str = "-";

/// How a model read from standard input is named in messages.
pub const STDIN_NAME: &str = "<stdin>";

/// Whether `path` is [`STDIN_PATH`]: the model is read from standard input.
pub fn is_stdin(path: &Path) -> bool {
    path.as_os_str() == STDIN_PATH
}

/// The name of the model at `path` in messages and results: the path, or [`STDIN_NAME`].
pub fn source_name(path: &Path) -> PathBuf {
    if is_stdin(path) { PathBuf::from(STDIN_NAME) } else { path.to_path_buf() }
}

/// Reads and checks a model file (`-`: standard input).
pub fn load(path: impl AsRef<Path>) -> Result<Model, ModelError> {
    let text = read_text(path.as_ref())?;
    parse_str(&text, source_name(path.as_ref()))
}

/// Reads a model file's text: a regular file or a pipe (`<(...)`), at most [`MAX_MODEL_BYTES`];
/// `-` reads standard input (to the same limit), which can be read only once.
/// Devices (`/dev/zero` never ends), directories and sockets are refused by what they are.
pub fn read_text(file: &Path) -> Result<String, ModelError> {
    if is_stdin(file) {
        return read_limited(std::io::stdin().lock(), &source_name(file));
    }
    let io = |source| ModelError::Io { file: file.to_path_buf(), source };
    let handle = std::fs::File::open(file).map_err(io)?;
    // The metadata of the opened file, not of the path again: what is read is what was checked.
    let kind = handle.metadata().map_err(io)?.file_type();
    if let Some(what) = not_a_file(kind) {
        return Err(ModelError::NotAFile { file: file.to_path_buf(), what });
    }
    read_limited(handle, file)
}

/// At most [`MAX_MODEL_BYTES`] of text from `reader`; `file` names it in errors.
fn read_limited(reader: impl std::io::Read, file: &Path) -> Result<String, ModelError> {
    use std::io::Read;
    let mut text = String::new();
    // One byte more than the limit tells a file of exactly the limit from a larger one.
    reader.take(MAX_MODEL_BYTES + 1).read_to_string(&mut text).map_err(|source| ModelError::Io { file: file.to_path_buf(), source })?;
    if text.len() as u64 > MAX_MODEL_BYTES {
        return Err(ModelError::TooLarge { file: file.to_path_buf(), limit: MAX_MODEL_BYTES });
    }
    Ok(text)
}

/// What a file type is when it is no model file (devices, directories, sockets); `None` for a
/// regular file or a pipe.
fn not_a_file(kind: std::fs::FileType) -> Option<&'static str> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_char_device() {
            return Some("a character device");
        }
        if kind.is_block_device() {
            return Some("a block device");
        }
        if kind.is_socket() {
            return Some("a socket");
        }
        if kind.is_fifo() {
            return None;
        }
    }
    if kind.is_dir() {
        return Some("a directory");
    }
    None
}

/// The deepest nesting of arrays and objects a model may have, the model object included:
/// serde_json's recursion limit (128) less one. It bounds how deep blocks nest (a `series` or
/// `parallel` block is two levels, a `k_of_n` three), and so every recursion over the structure
/// in validation, compilation and analysis.
pub const MAX_JSON_DEPTH: usize = 127;

/// The [`ModelError::Syntax`] of `e` in `file`: the parser's message without its position
/// (given apart), and for a document nested too deep, the limit in the model's terms.
pub(crate) fn syntax_error(file: &Path, e: &serde_json::Error) -> ModelError {
    let message = e.to_string().split(" at line ").next().unwrap_or_default().to_string();
    let message = if message == "recursion limit exceeded" {
        format!(
            "arrays and objects nest more than {MAX_JSON_DEPTH} deep, the most a model may: a `series` or \
             `parallel` block takes 2 levels and a `k_of_n` 3, so blocks nest at most 63 deep (42 `k_of_n`)"
        )
    } else {
        message
    };
    ModelError::Syntax { file: file.to_path_buf(), line: e.line(), column: e.column(), message }
}

/// Checks a model given as JSON text; `file` names it in messages.
pub fn parse_str(text: &str, file: impl Into<PathBuf>) -> Result<Model, ModelError> {
    let file = file.into();
    if text.len() as u64 > MAX_MODEL_BYTES {
        return Err(ModelError::TooLarge { file, limit: MAX_MODEL_BYTES });
    }
    let syntax = |e: serde_json::Error| syntax_error(&file, &e);
    // Duplicate keys are found while the text is read (serde_json keeps the last silently);
    // they are errors, reported with the others.
    let mut errors = Vec::new();
    let mut reader = serde_json::Deserializer::from_str(text);
    let value = json::CheckedValue { path: String::new(), duplicates: &mut errors }.deserialize(&mut reader).map_err(syntax)?;
    reader.end().map_err(syntax)?;
    let mut warnings = Vec::new();
    let spec = parse_spec(value, &mut errors);
    let system = spec.as_ref().and_then(|spec| validate::validate(spec, &mut errors, &mut warnings));
    match (spec, system) {
        (Some(spec), Some(system)) if errors.is_empty() => Ok(Model { file, spec, system, warnings }),
        _ => Err(ModelError::Invalid { file, errors, warnings }),
    }
}

/// Deserialises the document. serde stops at its first error, so when the whole document fails,
/// each component (and within it each distribution) is deserialised on its own to report every
/// shape error, not only the first.
fn parse_spec(value: Value, errors: &mut Vec<Diagnostic>) -> Option<ModelSpec> {
    let first = match deserialize_at::<ModelSpec>(value.clone(), "") {
        Ok(spec) => {
            if spec.components.is_empty() {
                errors.push(Diagnostic::new("components", "is empty: a model needs at least one component"));
            }
            return Some(spec);
        }
        Err(d) => d,
    };
    let before = errors.len();
    if let Value::Object(top) = &value {
        if let Some(Value::Array(components)) = top.get("components") {
            for (i, component) in components.iter().enumerate() {
                collect_component_errors(component, &format!("components[{i}]"), errors);
            }
        }
        for (key, check) in [("crews", check_crew as fn(&Value, &str) -> Option<Diagnostic>), ("common_causes", check_common_cause)] {
            if let Some(Value::Array(items)) = top.get(key) {
                for (i, item) in items.iter().enumerate() {
                    if let Some(d) = check(item, &format!("{key}[{i}]")) {
                        errors.push(d);
                    }
                }
            }
        }
        if let Some(sim) = top.get("simulation")
            && let Err(d) = deserialize_at::<SimulationSpec>(sim.clone(), "simulation")
        {
            errors.push(d);
        }
        // The top level itself, with the parts checked above replaced by valid stand-ins.
        let mut rest = top.clone();
        if rest.contains_key("components") && errors.len() > before {
            rest.insert("components".into(), Value::Array(Vec::new()));
        }
        for key in ["crews", "common_causes"] {
            if rest.contains_key(key) {
                rest.insert(key.into(), Value::Array(Vec::new()));
            }
        }
        if rest.get("simulation").is_some() {
            rest.insert("simulation".into(), Value::Object(Default::default()));
        }
        if let Err(d) = deserialize_at::<ModelSpec>(Value::Object(rest), "") {
            errors.push(d);
        }
    }
    if errors.len() == before {
        errors.push(first);
    }
    None
}

fn check_crew(value: &Value, path: &str) -> Option<Diagnostic> {
    deserialize_at::<spec::CrewSpec>(value.clone(), path).err()
}

fn check_common_cause(value: &Value, path: &str) -> Option<Diagnostic> {
    deserialize_at::<spec::CommonCauseSpec>(value.clone(), path).err()
}

fn collect_component_errors(component: &Value, path: &str, errors: &mut Vec<Diagnostic>) {
    let Value::Object(fields) = component else {
        errors.push(Diagnostic::new(path, "must be an object with `id`, `failure` and optionally `count`, `repair`, `detection`, `remediation`, `crew`, `repair_priority`, `depends_on`, `maintenance`, `capacity`, `description`"));
        return;
    };
    let mut rest = fields.clone();
    // A valid stand-in lets the rest of the component be checked independently.
    let stand_in = serde_json::json!({ "dist": "fixed", "value": 1.0 });
    for key in ["failure", "repair", "detection"] {
        if let Some(dist) = fields.get(key) {
            if let Err(d) = deserialize_at::<DistributionSpec>(dist.clone(), &format!("{path}.{key}")) {
                // Inside the tagged distribution serde loses the path into `uncertainty`: the
                // object alone, checked on its own, names the field.
                let inner = dist
                    .get("uncertainty")
                    .and_then(|u| deserialize_at::<distribution::UncertaintySpec>(u.clone(), &format!("{path}.{key}.uncertainty")).err());
                errors.push(inner.unwrap_or(d));
            }
            rest.insert(key.into(), stand_in.clone());
        }
    }
    if let Err(d) = deserialize_at::<ComponentSpec>(Value::Object(rest), path) {
        errors.push(d);
    }
}

/// Deserialises `value`, turning the first error into a [`Diagnostic`] at `prefix` + the inner path.
pub(crate) fn deserialize_at<T: DeserializeOwned>(value: Value, prefix: &str) -> Result<T, Diagnostic> {
    serde_path_to_error::deserialize::<_, T>(value).map_err(|e| {
        let inner = e.path().to_string();
        let path = match (prefix.is_empty(), inner == ".") {
            (true, true) => "$".to_string(),
            (true, false) => inner,
            (false, true) => prefix.to_string(),
            (false, false) if inner.starts_with('[') => format!("{prefix}{inner}"),
            (false, false) => format!("{prefix}.{inner}"),
        };
        let message = e.into_inner().to_string();
        // Inside a tagged enum (a distribution) serde loses the last path segment: restore it.
        let path = match message.strip_prefix("unknown field `").and_then(|m| m.split_once('`')) {
            Some((field, _)) if !path.ends_with(field) => format!("{path}.{field}"),
            _ => path,
        };
        Diagnostic::new(path, explain_serde(&message))
    })
}

/// serde's messages are good but terse about what would be valid for a distribution tag.
fn explain_serde(message: &str) -> String {
    if message.starts_with("missing field `dist`") {
        return "missing field `dist`: one of exponential, weibull, lognormal, normal, gamma, uniform, fixed, empirical".to_string();
    }
    if message.starts_with("unknown field `uncertainty`") {
        return format!(
            "{message}: parameter uncertainty (`uncertainty`) can be given for exponential, weibull, lognormal and gamma laws only"
        );
    }
    match did_you_mean(message) {
        Some(near) => format!("{message} (did you mean `{near}`?)"),
        None => message.to_string(),
    }
}

/// The valid name nearest a misspelt one in serde's "unknown field `failur`, expected one of
/// `id`, …" (or "unknown variant …, expected …").
fn did_you_mean(message: &str) -> Option<&str> {
    let rest = message.strip_prefix("unknown field `").or_else(|| message.strip_prefix("unknown variant `"))?;
    let (word, rest) = rest.split_once('`')?;
    let (_, expected) = rest.split_once("expected")?;
    let candidates = expected.split('`').skip(1).step_by(2);
    validate::suggestions::closest(word, candidates)
}

/// Which model ran.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize, schemars::JsonSchema)]
pub struct ModelInfo {
    /// The model's name.
    pub name: String,
    /// The file it was loaded from.
    pub file: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errors_of(text: &str) -> Vec<Diagnostic> {
        match parse_str(text, "test.json") {
            Err(ModelError::Invalid { errors, .. }) => errors,
            other => panic!("expected invalid model, got {other:?}"),
        }
    }

    #[test]
    fn every_component_shape_error_is_reported_not_only_the_first() {
        let errors = errors_of(
            r#"{"name": "x", "components": [
                {"id": "a", "failure": {"dist": "weibul", "shape": 1, "mean": 2}},
                {"id": "b", "failure": {"dist": "exponential", "mean": 1}, "repair": {"dist": "fixed", "valu": 1}},
                {"id": "c", "failure": {"dist": "exponential", "mean": 1}, "reapir": {}}
            ], "system": {"series": ["a", "b", "c"]}}"#,
        );
        let paths: Vec<&str> = errors.iter().map(|d| d.path.as_str()).collect();
        assert_eq!(paths, ["components[0].failure.dist", "components[1].repair.valu", "components[2].reapir"], "{errors:#?}");
        assert!(errors[0].message.contains("weibull"), "{}", errors[0].message);
        assert!(errors[2].message.contains("reapir"));
    }
}
