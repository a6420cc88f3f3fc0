//! Exporters: each renders a [`RunResult`] to bytes and never writes; the caller decides where
//! the bytes go ([`write_atomic`] for files).
//!
//! Each kind of result is built once into a [`document::Document`] (`document::of_run`, …);
//! one renderer per format (`text`, `markdown`, `html`, `csv`) renders any document. JSON is
//! the result's own serialisation. `analyze` and `explain` still have exporters of their own.

mod analysis;
pub mod charts;
mod csv;
pub mod document;
mod explain;
pub mod html;
mod json;
mod markdown;
mod rare;
mod run;
mod scenarios;
mod text;

use std::io::Write;
use std::path::Path;

use crate::results::RunResult;

/// Output formats of a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Readable report (the default).
    Text,
    /// The stable result format of DESIGN.md.
    Json,
    /// Tidy table: one row per (scope, id, metric).
    Csv,
    /// Markdown tables.
    Markdown,
}

/// Renders `result` in `format`.
pub fn render(result: &RunResult, format: Format) -> Vec<u8> {
    rendered(result, document::of_run, format)
}

/// Renders the result of a run by whichever method ran.
pub fn render_outcome(outcome: &crate::results::Outcome, format: Format) -> Vec<u8> {
    match outcome {
        crate::results::Outcome::Plain(r) => render(r, format),
        crate::results::Outcome::RareEvent(r) => render_rare_event(r, format),
    }
}

/// Renders a failure-biasing result.
pub fn render_rare_event(result: &crate::results::RareEventResult, format: Format) -> Vec<u8> {
    rendered(result, document::of_rare_event, format)
}

/// `value` as JSON, or its document (built only then) in any other format.
fn rendered<T: serde::Serialize>(value: &T, document: fn(&T) -> document::Document, format: Format) -> Vec<u8> {
    match format {
        Format::Json => json::render(value),
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
pub fn render_comparison(c: &crate::compare::Comparison, format: Format) -> Vec<u8> {
    rendered(c, document::of_comparison, format)
}

/// Renders a parameter sweep.
pub fn render_sweep(s: &crate::sweep::Sweep, format: Format) -> Vec<u8> {
    rendered(s, document::of_sweep, format)
}

/// The summary table that ends a batch of runs (text): each scenario's file and its result or
/// its error.
pub fn render_batch_summary(rows: &[(String, Result<crate::results::Outcome, String>)]) -> Vec<u8> {
    text::render(&document::of_batch(rows)).into_bytes()
}

/// Renders the report of `ninesim analyze`.
pub fn render_analysis(a: &crate::analysis::Analysis, format: Format) -> Vec<u8> {
    match format {
        Format::Text => analysis::text(a).into_bytes(),
        Format::Json => json::render(a),
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
        Format::Markdown => explain::markdown(x).into_bytes(),
    }
}

/// Writes `bytes` to `path` so that readers never see a partial file: the bytes go to a
/// temporary file in the same directory, which is then renamed over `path`.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "result".into());
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let written = (|| {
        let mut file = std::fs::File::create(&tmp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    written
}

/// Number formatting shared by the human-readable exporters.
pub(crate) mod fmt {
    /// A probability close to 1 with enough digits to show its nines (0.9999123).
    pub fn probability(p: f64) -> String {
        if !p.is_finite() {
            return "n/a".into();
        }
        let digits = if p > 0.9 && p < 1.0 { ((-(1.0 - p).log10()).ceil() as usize + 2).min(15) } else { 4 };
        format!("{p:.digits$}")
    }

    /// A small quantity in scientific notation (8.77e-5).
    pub fn small(x: f64) -> String {
        if !x.is_finite() {
            "n/a".into()
        } else if x == 0.0 {
            "0".into()
        } else {
            format!("{x:.3e}")
        }
    }

    /// A probability that may be tiny or not: scientific notation below 1% (8.770e-5), plain
    /// above (0.5000, 1.000 — never 1.000e0).
    pub fn small_or_plain(x: f64) -> String {
        if x >= 1e-2 { number(x) } else { small(x) }
    }

    /// A quantity with four significant figures, grouped for readability (16,850 or 1.482).
    pub fn number(x: f64) -> String {
        if !x.is_finite() {
            return if x.is_nan() { "n/a".into() } else { "∞".into() };
        }
        let a = x.abs();
        if a >= 1e9 || (a < 1e-3 && a > 0.0) {
            return format!("{x:.3e}");
        }
        let decimals = if a >= 1000.0 || a == 0.0 { 0 } else { (3 - a.log10().floor() as i32).max(0) as usize };
        let s = format!("{x:.decimals$}");
        group(&s)
    }

    fn group(s: &str) -> String {
        let (sign, rest) = s.strip_prefix('-').map_or(("", s), |r| ("-", r));
        let (int, frac) = rest.split_once('.').map_or((rest, None), |(i, f)| (i, Some(f)));
        let mut out = String::new();
        for (i, ch) in int.chars().enumerate() {
            if i > 0 && (int.len() - i) % 3 == 0 {
                out.push(',');
            }
            out.push(ch);
        }
        match frac {
            Some(f) => format!("{sign}{out}.{f}"),
            None => format!("{sign}{out}"),
        }
    }

    /// A count, grouped (1,000).
    pub fn count(n: u64) -> String {
        group(&n.to_string())
    }

    /// `[lo, hi]` with [`number`].
    pub fn interval(ci: [f64; 2]) -> String {
        format!("[{}, {}]", number(ci[0]), number(ci[1]))
    }

    /// A fraction as a percentage with four significant figures (99.12%, 0.0012%).
    pub fn percent(x: f64) -> String {
        if !x.is_finite() {
            return "n/a".into();
        }
        let p = 100.0 * x;
        if p != 0.0 && p.abs() < 1e-3 { format!("{p:.2e}%") } else { format!("{}%", number(p)) }
    }

    /// A number of nines with two decimals (∞ with no downtime, n/a when unknown).
    pub fn nines(x: f64) -> String {
        if x.is_nan() {
            "n/a".into()
        } else if x.is_finite() {
            format!("{x:.2}")
        } else {
            "∞".into()
        }
    }

    /// How a precision-driven run stopped, in one line.
    /// `counted`: what --max-replications counts, when it is not replications.
    pub fn precision_line(p: &crate::results::PrecisionReached, counted: Option<&str>) -> String {
        let why = match p.stopped_by {
            crate::sim::StoppedBy::Precision => "target reached".to_string(),
            crate::sim::StoppedBy::MaxReplications => match counted {
                Some(what) => format!("stopped at --max-replications ({what}) before the target"),
                None => "stopped at --max-replications before the target".to_string(),
            },
            crate::sim::StoppedBy::MaxTime => "stopped at --max-time before the target".to_string(),
        };
        let reached = p.rel_error.map_or("unknown (no downtime observed)".into(), |x| format!("±{:.3}%", 100.0 * x));
        format!("precision: U known to {reached} (95% CI half-width; target ±{:.3}%): {why}", 100.0 * p.target_rel_error)
    }

    /// `[lo, hi]` with [`percent`].
    pub fn percent_interval(ci: [f64; 2]) -> String {
        format!("[{}, {}]", percent(ci[0]), percent(ci[1]))
    }
}

#[cfg(test)]
mod tests {
    use super::fmt;

    #[test]
    fn numbers_are_readable() {
        assert_eq!(fmt::number(16850.4), "16,850");
        assert_eq!(fmt::number(1.48234), "1.482");
        assert_eq!(fmt::number(0.5), "0.5000");
        assert_eq!(fmt::probability(0.99991234), "0.9999123");
        assert_eq!(fmt::small(8.77e-5), "8.770e-5");
    }

    #[test]
    fn atomic_write_replaces_the_file_and_leaves_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.json");
        super::write_atomic(&path, b"one").unwrap();
        super::write_atomic(&path, b"two").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"two");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
