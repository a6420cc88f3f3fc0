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
//! with its line and column. The format, its aliases and its rules are documented for users in
//! `docs/model.md`, "Incident data".
//!
//! ```text
//! text ─► table (CSV or JSON: header + trimmed fields, each row with its line)
//!       ─► header (which column plays which role, hence the shape)
//!       ─► durations: one sample          timeline: per component, up times and repairs
//! ```

use std::path::{Path, PathBuf};

use crate::model::TimeUnit;
use crate::stats::fit::Observation;

mod durations;
mod header;
mod json;
mod table;
mod timeline;
mod values;

use header::Layout;

/// The two shapes of incident data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, schemars::JsonSchema)]
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
    /// Component id from the data, as written (`None` for a durations file).
    pub id: Option<String>,
    /// Times to failure (up times), the last ones censored. A durations file's one sample is
    /// here too: which law it is for is the user's to say.
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
            // The name comes from the data: control characters are escaped, not sent to a terminal.
            (line, Some(column)) => write!(f, "line {line}, column `{}`: {}", column.escape_debug(), self.message),
            (line, None) => write!(f, "line {line}: {}", self.message),
        }
    }
}

/// Why a data file could not be read.
#[derive(Debug, thiserror::Error)]
#[error("{}: {} problem(s) in the data:\n{}", file.display(), problems.len() + omitted, listing(problems, *omitted))]
pub struct DataError {
    /// The file.
    pub file: PathBuf,
    /// The problems found, in line order, at most [`MAX_PROBLEMS`] of them.
    pub problems: Vec<DataProblem>,
    /// How many more were found and not listed.
    pub omitted: usize,
}

fn listing(problems: &[DataProblem], omitted: usize) -> String {
    let mut lines: Vec<String> = problems.iter().map(|p| format!("  {p}")).collect();
    if omitted > 0 {
        lines.push(format!("  … and {omitted} more"));
    }
    lines.join("\n")
}

/// The most problems a [`DataError`] lists: a file with a wrong column gives one problem per row,
/// and the first fifty say what the rest would.
pub const MAX_PROBLEMS: usize = 50;

/// Reads incident data from `text` (the contents of `file`, CSV or JSON).
///
/// JSON is recognised by its first character other than white space, `[` or `{`; anything else is
/// read as CSV. Every problem found is returned, each with its line and column.
pub fn parse(text: &str, file: &Path, options: &DataOptions) -> Result<IncidentData, DataError> {
    let mut problems = Problems::default();
    let mut warnings = Vec::new();
    let data = read(text, options, &mut problems, &mut warnings);
    match data {
        Some(data) if problems.is_empty() => Ok(IncidentData { warnings, ..data }),
        _ => Err(problems.into_error(file)),
    }
}

/// [`parse`] on a file's bytes: text that is not UTF-8 is a problem at the line of its first
/// byte that is not, with its place in the line.
pub fn parse_bytes(bytes: &[u8], file: &Path, options: &DataOptions) -> Result<IncidentData, DataError> {
    match std::str::from_utf8(bytes) {
        Ok(text) => parse(text, file, options),
        Err(e) => {
            let at = e.valid_up_to();
            // The prefix is valid UTF-8, so its characters can be counted.
            let before = String::from_utf8_lossy(&bytes[..at]);
            let line = before.matches('\n').count() + 1;
            let character = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            let mut problems = Problems::default();
            problems.push(
                line,
                None,
                format!(
                    "character {character} (byte {at} of the file) is not UTF-8 text: save the file as UTF-8 (in a spreadsheet, \"CSV UTF-8\")"
                ),
            );
            Err(problems.into_error(file))
        }
    }
}

fn read(text: &str, options: &DataOptions, problems: &mut Problems, warnings: &mut Vec<String>) -> Option<IncidentData> {
    // Spreadsheets write a byte-order mark; neither csv nor serde_json skips it.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let table =
        if text.trim_start().starts_with(['[', '{']) { json::read(text, problems, warnings)? } else { table::read_csv(text, problems)? };
    if table.rows.is_empty() {
        if problems.is_empty() {
            let what = if table.blank_lines.is_empty() { "" } else { " (only rows with every field empty)" };
            problems.push(
                table.header_line,
                None,
                format!("the data have a header but no rows{what}: one row per duration or incident is needed"),
            );
        }
        return None;
    }
    if !table.blank_lines.is_empty() {
        warnings.push(format!(
            "{} row(s) with every field empty were skipped (line {})",
            table.blank_lines.len(),
            lines_list(&table.blank_lines)
        ));
    }
    let shape = match (options.shape, table.shape) {
        (Some(asked), Some(found)) if asked != found => {
            problems.push(0, None, format!("the data hold {} but the `shape` setting asks for {}", shape_name(found), shape_name(asked)));
            return None;
        }
        (asked, found) => asked.or(found),
    };
    let header = header::read(&table, shape, problems)?;
    if !header.ignored.is_empty() {
        let names: Vec<String> = header.ignored.iter().map(|&c| values::quote(&table.columns[c])).collect();
        warnings.push(format!("column(s) {} ignored: {}", names.join(", "), header.layout.reads()));
    }
    match header.layout {
        Layout::Durations { duration, flag } => {
            if options.from.is_some() || options.to.is_some() {
                warnings.push("the window (`from`, `to`) applies to timelines only, and was ignored for this durations file".to_string());
            }
            let sample = durations::read(&table, duration, flag, options.unit, problems);
            let component = ComponentData { id: None, failures: sample, repairs: Vec::new() };
            Some(IncidentData {
                shape: DataShape::Durations,
                unit: options.unit,
                components: vec![component],
                window_length: None,
                warnings: Vec::new(),
            })
        }
        Layout::Timeline(columns) => {
            let timeline = timeline::read(&table, columns, options, problems, warnings)?;
            Some(IncidentData {
                shape: DataShape::Timeline,
                unit: options.unit,
                components: timeline.components,
                window_length: Some(timeline.window_length),
                warnings: Vec::new(),
            })
        }
    }
}

fn shape_name(shape: DataShape) -> &'static str {
    match shape {
        DataShape::Durations => "durations",
        DataShape::Timeline => "a timeline",
    }
}

/// "3, 7, 12" or "3, 7, 12, … (40 in all)": a list of lines that stays short.
fn lines_list(lines: &[usize]) -> String {
    const SHOWN: usize = 10;
    let shown: Vec<String> = lines.iter().take(SHOWN).map(usize::to_string).collect();
    if lines.len() > SHOWN { format!("{}, … ({} in all)", shown.join(", "), lines.len()) } else { shown.join(", ") }
}

/// The problems found so far. Only the [`MAX_PROBLEMS`] with the lowest lines are listed in the
/// end, so a long list is cut down as it grows: a file of a million bad rows costs little memory.
#[derive(Default)]
struct Problems {
    list: Vec<DataProblem>,
    dropped: usize,
}

impl Problems {
    fn push(&mut self, line: usize, column: Option<&str>, message: impl Into<String>) {
        self.list.push(DataProblem { line, column: column.map(str::to_string), message: message.into() });
        if self.list.len() >= 4 * MAX_PROBLEMS {
            self.keep_first();
        }
    }

    fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// Keeps the [`MAX_PROBLEMS`] with the lowest lines; the sort is stable, so problems of one
    /// line stay in the order they were found, and cutting early keeps what cutting once would.
    fn keep_first(&mut self) {
        self.list.sort_by_key(|p| p.line);
        self.dropped += self.list.len().saturating_sub(MAX_PROBLEMS);
        self.list.truncate(MAX_PROBLEMS);
    }

    fn into_error(mut self, file: &Path) -> DataError {
        self.keep_first();
        DataError { file: file.to_path_buf(), problems: self.list, omitted: self.dropped }
    }
}
