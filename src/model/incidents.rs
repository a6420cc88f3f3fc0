//! Incident data for fitting laws: durations, or incident timelines per component.
//!
//! Two shapes of CSV (or JSON) are read, detected from the header or chosen by the caller:
//! - **durations**: a `duration` column and an optional `censored` (true when cut off) or
//!   `event` (true when the event happened) column;
//! - **timelines**: `component, start, end`, each row one incident (the component failed at
//!   `start` and was restored at `end`); timestamps are RFC 3339 or numbers in the data's unit.
//!   Times between failures are the up times between one incident's end and the next one's
//!   start; the first starts at the observation window's start, the last is right-censored at
//!   its end, and an incident without an `end` is a repair still running (censored).
//!
//! The library never reads files (the binary passes the text); every problem is collected
//! with its line and column.

use std::path::{Path, PathBuf};

use crate::model::TimeUnit;
use crate::stats::fit::Observation;

/// The two shapes of incident data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DataShape {
    /// One duration per row.
    Durations,
    /// One incident per row: component, start, end.
    Timeline,
}

/// How to read a data file.
#[derive(Debug, Clone, Default)]
pub struct DataOptions {
    /// The shape; `None` detects it from the header.
    pub shape: Option<DataShape>,
    /// The unit of plain numbers (durations, or numeric timestamps); hours by default.
    /// Durations derived from RFC 3339 timestamps are expressed in it too.
    pub unit: TimeUnit,
    /// Start of the observation window (timeline only): RFC 3339 or a number. `None`: the
    /// earliest incident start (with a warning that the first up times are then unknown).
    pub from: Option<String>,
    /// End of the observation window (timeline only). `None`: the latest incident end or start.
    pub to: Option<String>,
}

/// The durations observed for one component (or the one sample of a durations file).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ComponentData {
    /// Component id from the data (`None` for a durations file).
    pub id: Option<String>,
    /// Times to failure (up times), the last ones censored.
    pub failures: Vec<Observation>,
    /// Repair durations (censored when still open at the window's end).
    pub repairs: Vec<Observation>,
}

/// A data file, read.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct IncidentData {
    /// The shape it had.
    pub shape: DataShape,
    /// The unit every duration is in.
    pub unit: TimeUnit,
    /// One entry per component in order of first appearance (one entry for durations).
    pub components: Vec<ComponentData>,
    /// Observation window [from, to] in `unit` relative to `from` (timeline only): `[0, length]`.
    pub window_length: Option<f64>,
    /// Things the reader should know (window taken from the data, rows skipped as blank, …).
    pub warnings: Vec<String>,
}

/// One problem in a data file.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct DataProblem {
    /// 1-based line (0 for the file as a whole).
    pub line: usize,
    /// Column name, when the problem is in one field.
    pub column: Option<String>,
    /// What is wrong and what would be valid.
    pub message: String,
}

impl std::fmt::Display for DataProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (self.line, &self.column) {
            (0, _) => write!(f, "{}", self.message),
            (line, Some(column)) => write!(f, "line {line}, column `{column}`: {}", self.message),
            (line, None) => write!(f, "line {line}: {}", self.message),
        }
    }
}

/// Why a data file could not be read.
#[derive(Debug, thiserror::Error)]
#[error("{}: {} problem(s) in the data:\n{}", file.display(), problems.len(), problems.iter().map(|p| format!("  {p}")).collect::<Vec<_>>().join("\n"))]
pub struct DataError {
    /// The file.
    pub file: PathBuf,
    /// Every problem found.
    pub problems: Vec<DataProblem>,
}

/// Reads incident data from `text` (the contents of `file`, CSV or JSON).
pub fn parse(text: &str, file: &Path, options: &DataOptions) -> Result<IncidentData, DataError> {
    let _ = (text, file, options);
    todo!()
}
