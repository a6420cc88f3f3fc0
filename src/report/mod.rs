//! Exporters: each renders a [`RunResult`] to bytes and never writes; the caller (the binary)
//! decides where the bytes go.
//!
//! Each kind of result is built once into a [`document::Document`] (`document::of_run`, …);
//! one renderer per format (`text`, `markdown`, `html`, `csv`) renders any document. JSON is
//! the result's own serialisation. `analyze` and `explain` still have exporters of their own.

mod analysis;
pub mod charts;
mod costs;
mod csv;
pub mod diagram;
pub mod document;
mod explain;
mod fit;
pub mod html;
mod json;
mod markdown;
mod objectives;
mod rare;
mod run;
mod scenarios;
pub mod schema;
mod text;
mod uncertainty;

use crate::study::results::RunResult;

/// Output formats of a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Readable report (the default).
    Text,
    /// The stable result format of DESIGN.md.
    Json,
    /// Tidy table: one row per (scenario, scope, id, metric).
    Csv,
    /// Markdown tables.
    Markdown,
    /// The JSON result on one line (newline-delimited JSON: a batch writes one line per
    /// scenario).
    Ndjson,
}

/// Renders `result` in `format`.
pub fn render(result: &RunResult, format: Format) -> Vec<u8> {
    rendered(result, document::of_run, format)
}

/// Renders the result of a run by whichever method ran.
pub fn render_outcome(outcome: &crate::study::results::Outcome, format: Format) -> Vec<u8> {
    match outcome {
        crate::study::results::Outcome::Plain(r) => render(r, format),
        crate::study::results::Outcome::RareEvent(r) => render_rare_event(r, format),
    }
}

/// Renders a failure-biasing result.
pub fn render_rare_event(result: &crate::study::results::RareEventResult, format: Format) -> Vec<u8> {
    rendered(result, document::of_rare_event, format)
}

/// `value` as JSON, or its document (built only then) in any other format.
fn rendered<T: serde::Serialize>(value: &T, document: fn(&T) -> document::Document, format: Format) -> Vec<u8> {
    match format {
        Format::Json => json::render(value),
        Format::Ndjson => json::line(value),
        Format::Text => text::render(&document(value)).into_bytes(),
        Format::Csv => csv::render(&document(value)).into_bytes(),
        Format::Markdown => markdown::render(&document(value)).into_bytes(),
    }
}

/// Any serialisable value as the project's pretty JSON (with a final newline).
pub fn render_json<T: serde::Serialize>(value: &T) -> Vec<u8> {
    json::render(value)
}

/// Renders a comparison of designs.
pub fn render_comparison(c: &crate::study::compare::Comparison, format: Format) -> Vec<u8> {
    rendered(c, document::of_comparison, format)
}

/// Renders the laws fitted to incident data.
pub fn render_fit(r: &crate::study::fit::FitResult, format: Format) -> Vec<u8> {
    rendered(r, fit::of_fit, format)
}

/// Renders a parameter sweep.
pub fn render_sweep(s: &crate::study::sweep::Sweep, format: Format) -> Vec<u8> {
    rendered(s, document::of_sweep, format)
}

/// The summary table that ends a batch of runs (text): each scenario's file and its result or
/// its error.
pub fn render_batch_summary(rows: &[(String, Result<crate::study::results::Outcome, String>)]) -> Vec<u8> {
    text::render(&document::of_batch(rows)).into_bytes()
}

/// One scenario of a batch in a machine-readable listing: its result, or, where it failed, an
/// object naming its file and the error, so that the n-th entry is always the n-th model.
#[derive(serde::Serialize, schemars::JsonSchema)]
#[serde(untagged)]
enum BatchEntry<'a> {
    /// The scenario's result.
    Finished(&'a crate::study::results::Outcome),
    /// A scenario that failed to load or run.
    Failed {
        /// Its model file, as given.
        file: &'a str,
        /// Why it failed.
        error: &'a str,
    },
}

impl<'a> BatchEntry<'a> {
    fn of(file: &'a str, outcome: &'a Result<crate::study::results::Outcome, String>) -> Self {
        match outcome {
            Ok(outcome) => Self::Finished(outcome),
            Err(error) => Self::Failed { file, error },
        }
    }
}

/// A whole batch as one JSON document: an array of the scenarios' results in the order given,
/// a failed scenario's `{"file", "error"}` in its place.
pub fn render_batch_json(rows: &[(String, Result<crate::study::results::Outcome, String>)]) -> Vec<u8> {
    let entries: Vec<BatchEntry> = rows.iter().map(|(file, outcome)| BatchEntry::of(file, outcome)).collect();
    json::render(&entries)
}

/// A batch's results as one document in `format`: a JSON array (error records in place), one
/// CSV table with a `scenario` column, or the Markdown reports one after another.
pub fn render_batch(rows: &[(String, Result<crate::study::results::Outcome, String>)], format: Format) -> Vec<u8> {
    match format {
        Format::Json => render_batch_json(rows),
        Format::Csv => {
            let mut bytes = Vec::new();
            let mut header = true;
            for (_, outcome) in rows {
                if let Ok(outcome) = outcome {
                    bytes.extend(render_batch_csv(outcome, header));
                    header = false;
                }
            }
            bytes
        }
        Format::Ndjson => rows.iter().flat_map(|(name, outcome)| render_batch_line(name, outcome)).collect(),
        Format::Text | Format::Markdown => {
            let mut bytes = Vec::new();
            for (name, outcome) in rows {
                match outcome {
                    Ok(outcome) => bytes.extend(render_outcome(outcome, format)),
                    Err(e) => bytes.extend(format!("# {}\n\nFailed: {}\n", fmt::visible(name), fmt::visible(e)).into_bytes()),
                }
                bytes.push(b'\n');
            }
            bytes
        }
    }
}

/// One scenario of a batch as one line of newline-delimited JSON: its result, or its file and
/// its error.
pub fn render_batch_line(file: &str, outcome: &Result<crate::study::results::Outcome, String>) -> Vec<u8> {
    json::line(&BatchEntry::of(file, outcome))
}

/// One scenario of a batch as tidy CSV rows, its `scenario` column the file the model was
/// read from (as given), so that the scenarios of a batch stack into one table; `header`:
/// begin with the header line.
pub fn render_batch_csv(outcome: &crate::study::results::Outcome, header: bool) -> Vec<u8> {
    let doc = match outcome {
        crate::study::results::Outcome::Plain(r) => document::of_run(r),
        crate::study::results::Outcome::RareEvent(r) => document::of_rare_event(r),
    };
    csv::render_rows(&doc, header).into_bytes()
}

/// One file's verdict in `ninesim validate --format json` (an array of these, one per file).
#[derive(Debug, serde::Serialize, schemars::JsonSchema)]
pub struct ValidationRecord {
    /// The file as named on the command line (`<stdin>` for `-`).
    pub file: String,
    /// Whether it is a valid model.
    pub valid: bool,
    /// The model's name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Component instances.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub components: Option<usize>,
    /// Blocks.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub blocks: Option<usize>,
    /// Its single points of failure.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub single_points_of_failure: Option<Vec<String>>,
    /// Every problem; one at `$` for a file that could not be read or is not JSON.
    pub errors: Vec<crate::model::Diagnostic>,
    /// Problems that do not make it invalid.
    pub warnings: Vec<crate::model::Diagnostic>,
}

/// Renders the report of `ninesim analyze`.
pub fn render_analysis(a: &crate::analysis::Analysis, format: Format) -> Vec<u8> {
    match format {
        Format::Text => analysis::text(a).into_bytes(),
        Format::Json => json::render(a),
        Format::Ndjson => json::line(a),
        Format::Csv => analysis::csv(a).into_bytes(),
        Format::Markdown => analysis::markdown(a).into_bytes(),
    }
}

/// Renders the worked example of `ninesim explain`. It is prose, so CSV falls back to text
/// (the CLI refuses `--format csv` for it).
pub fn render_explanation(x: &crate::analysis::explain::Explanation, format: Format) -> Vec<u8> {
    match format {
        Format::Text | Format::Csv => explain::text(x).into_bytes(),
        Format::Json => json::render(x),
        Format::Ndjson => json::line(x),
        Format::Markdown => explain::markdown(x).into_bytes(),
    }
}

/// Number formatting: the shared helpers of [`crate::units::fmt`], and the precision line,
/// which names result types.
pub(crate) mod fmt {
    pub use crate::units::fmt::*;

    /// How a precision-driven run stopped, in one line.
    /// `counted`: what --max-replications counts, when it is not replications.
    pub fn precision_line(p: &crate::study::results::PrecisionReached, counted: Option<&str>) -> String {
        let why = match p.stopped_by {
            crate::sim::StoppedBy::Precision => "target reached".to_string(),
            crate::sim::StoppedBy::MaxReplications => match counted {
                Some(what) => format!("stopped at --max-replications ({what}) before the target"),
                None => "stopped at --max-replications before the target".to_string(),
            },
            crate::sim::StoppedBy::MaxTime => "stopped at --max-time before the target".to_string(),
        };
        let target = 100.0 * p.target_rel_error;
        match p.rel_error {
            Some(x) => format!("precision: U known to ±{:.3}% (95% CI half-width; target ±{target:.3}%): {why}", 100.0 * x),
            None => format!("precision: U not estimated, no downtime observed (target ±{target:.3}%): {why}"),
        }
    }
}
