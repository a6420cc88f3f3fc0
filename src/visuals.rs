//! Where `--plots` and `--report` put their files: the library draws the charts and writes the
//! HTML; this decides the file names and writes them atomically.

use std::path::{Path, PathBuf};

use anyhow::Context;
use ninesim::RunResult;
use ninesim::compare::Comparison;
use ninesim::plot::Chart;
use ninesim::report::html::ReportContext;
use ninesim::report::{charts, html};
use ninesim::sweep::Sweep;

use crate::cli::VisualArgs;
use crate::output::Outputs;

fn write(outputs: &Outputs, path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).with_context(|| format!("could not create '{}'", dir.display()))?;
    }
    outputs.write(path, bytes)
}

/// Writes each chart as SVG and PNG into `dir`, and says so in one line.
fn write_charts(outputs: &Outputs, dir: &Path, charts: &[Chart]) -> anyhow::Result<()> {
    if let Err(e) = std::fs::create_dir_all(dir) {
        return Err(e).with_context(|| format!("could not create '{}'", dir.display()));
    }
    for chart in charts {
        outputs.write_unannounced(&dir.join(format!("{}.svg", chart.name)), chart.svg.as_bytes())?;
        outputs.write_unannounced(&dir.join(format!("{}.png", chart.name)), &chart.png)?;
    }
    if !charts.is_empty() {
        let many = if charts.len() == 1 { "chart" } else { "charts" };
        outputs.announce(&format!(
            "wrote {} {many} (SVG and PNG) into '{}'",
            charts.len(),
            ninesim::units::fmt::visible(&dir.display().to_string())
        ));
    }
    Ok(())
}

/// Refuses, before anything runs, a result file (`targets`, links resolved) where `--plots` or
/// `--report` would write: an SVG or PNG in the charts directory (or in a scenario's
/// sub-directory of it) or the report's `index.html`. Found only when the charts are written,
/// it would fail the command after the simulation, with the result written and the charts not.
pub fn check_targets(args: &VisualArgs, targets: &[&Path]) -> anyhow::Result<()> {
    let plots = args.plots.as_deref().and_then(|d| std::fs::canonicalize(d).ok());
    let report = args.report.as_deref().and_then(|d| std::fs::canonicalize(d).ok()).map(|d| d.join("index.html"));
    for target in targets {
        let chart = target.extension().is_some_and(|e| e == "svg" || e == "png");
        let dir = target.parent();
        let in_plots = plots.as_deref().is_some_and(|p| dir == Some(p) || dir.and_then(Path::parent) == Some(p));
        if (chart && in_plots) || report.as_deref() == Some(*target) {
            anyhow::bail!(
                "'{}' is where --plots or --report may write a chart or the report: choose another path",
                ninesim::units::fmt::visible(&target.display().to_string())
            );
        }
    }
    Ok(())
}

/// The model file's text, for the report (a file that cannot be read again is left out, and so
/// is standard input: what it gave was read already).
fn model_text(path: &Path) -> Option<String> {
    if ninesim::model::is_stdin(path) {
        return None;
    }
    ninesim::model::read_text(path).ok()
}

/// How the report is being made: this command, now. `SOURCE_DATE_EPOCH` (seconds since 1970,
/// the reproducible-builds convention) stands in for the clock, so that a test or a build can
/// make the same page twice.
fn report_context() -> ReportContext {
    let now = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .and_then(|s| jiff::Timestamp::from_second(s).ok())
        .unwrap_or_else(jiff::Timestamp::now);
    let generated_at = now.round(jiff::Unit::Second).map_or_else(|_| now.to_string(), |t| t.to_string());
    let words: Vec<String> = std::env::args_os().skip(1).map(|a| shell_word(&a.to_string_lossy())).collect();
    let command_line = std::iter::once("ninesim".to_string()).chain(words).collect::<Vec<_>>().join(" ");
    // The diagram is the run report's own (see `for_runs`): the other reports go without it.
    ReportContext { command_line, generated_at, diagram_svg: None }
}

/// `word` as a POSIX shell reads it back: as it is when it is plain, else in single quotes.
fn shell_word(word: &str) -> String {
    let plain = |c: char| c.is_ascii_alphanumeric() || "-_./=:,+@%".contains(c);
    if !word.is_empty() && word.chars().all(plain) { word.to_string() } else { format!("'{}'", word.replace('\'', "'\\''")) }
}

/// One finished run for the charts and the report.
pub struct Scenario {
    /// Its charts' sub-directory in a batch.
    pub stem: String,
    /// The model's text, shown in the report.
    pub model_text: Option<String>,
    /// The result.
    pub result: RunResult,
}

impl Scenario {
    /// The run of the model file `path` (named on the command line), with that file's text.
    pub fn from_file(path: &Path, result: &RunResult) -> Self {
        Self::from_text(path, model_text(path), result)
    }

    /// The run of the model at `path` whose text was read already (standard input cannot be
    /// read twice).
    pub fn from_text(path: &Path, model_text: Option<String>, result: &RunResult) -> Self {
        let stem = if ninesim::model::is_stdin(path) { None } else { path.file_stem() };
        Self { stem: stem.map_or_else(|| "model".into(), |s| s.to_string_lossy().into_owned()), model_text, result: result.clone() }
    }
}

/// Charts and report of one run or of a batch (a sub-directory of charts per scenario).
pub fn for_runs(outputs: &Outputs, args: &VisualArgs, runs: &[Scenario]) -> anyhow::Result<()> {
    if args.plots.is_none() && args.report.is_none() {
        return Ok(());
    }
    let drawn: Vec<Vec<Chart>> = runs.iter().map(|s| charts::run_charts(&s.result)).collect::<Result<_, _>>()?;
    if let Some(dir) = &args.plots {
        for (scenario, charts) in runs.iter().zip(&drawn) {
            let target = if runs.len() == 1 { dir.clone() } else { dir.join(&scenario.stem) };
            write_charts(outputs, &target, charts)?;
        }
    }
    if let Some(dir) = &args.report {
        let page = match runs {
            [s] => {
                // The run's model as a block diagram, with this run's figures on its boxes.
                let model =
                    s.model_text.as_deref().and_then(|t| ninesim::model::parse_str(t, std::path::PathBuf::from(&s.result.model.file)).ok());
                let figures = ninesim::study::diagram::run_figures(&s.result);
                let context = ReportContext { diagram_svg: model.and_then(|m| diagram_svg(&m, Some(&figures))), ..report_context() };
                html::run_report(&s.result, s.model_text.as_deref(), &drawn[0], &context)
            }
            _ => {
                let parts: Vec<(&RunResult, Option<&str>, &[Chart])> =
                    runs.iter().zip(&drawn).map(|(s, c)| (&s.result, s.model_text.as_deref(), c.as_slice())).collect();
                html::batch_report(&parts, &report_context())
            }
        };
        write(outputs, &dir.join("index.html"), page.as_bytes())?;
    }
    Ok(())
}

/// Charts and report of a comparison.
pub fn for_comparison(outputs: &Outputs, args: &VisualArgs, models: &[PathBuf], comparison: &Comparison) -> anyhow::Result<()> {
    if args.plots.is_none() && args.report.is_none() {
        return Ok(());
    }
    let drawn = charts::comparison_charts(comparison)?;
    if let Some(dir) = &args.plots {
        write_charts(outputs, dir, &drawn.files())?;
    }
    if let Some(dir) = &args.report {
        let texts: Vec<Option<String>> = models.iter().map(|p| model_text(p)).collect();
        let page = html::comparison_report(comparison, &texts, &drawn, &report_context());
        write(outputs, &dir.join("index.html"), page.as_bytes())?;
    }
    Ok(())
}

/// Charts and report of a sweep of the model whose text is `model_text`.
pub fn for_sweep(outputs: &Outputs, args: &VisualArgs, model_text: &str, sweep: &Sweep) -> anyhow::Result<()> {
    if args.plots.is_none() && args.report.is_none() {
        return Ok(());
    }
    let drawn = charts::sweep_charts(sweep)?;
    if let Some(dir) = &args.plots {
        write_charts(outputs, dir, &drawn)?;
    }
    if let Some(dir) = &args.report {
        write(outputs, &dir.join("index.html"), html::sweep_report(sweep, Some(model_text), &drawn, &report_context()).as_bytes())?;
    }
    Ok(())
}

/// The charts of a fit, two per sample with fits: `<n>-<component>-<failure|repair>-survival`
/// and `…-probability`. Component ids come from the data file, so they are reduced to letters,
/// digits, `-` and `_` and prefixed with the sample's number: a name in the data never becomes
/// a path of its own.
pub fn for_fit(outputs: &Outputs, dir: Option<&Path>, result: &ninesim::study::fit::FitResult) -> anyhow::Result<()> {
    let Some(dir) = dir else { return Ok(()) };
    let unit = result.time_unit.symbol();
    let mut charts = Vec::new();
    for (i, sample) in result.samples.iter().enumerate() {
        let Some(set) = &sample.fits else { continue };
        let kind = sample.kind.field();
        let (stem, what) = match &sample.component {
            Some(id) => (format!("{}-{}-{kind}", i + 1, file_safe(id)), format!("{id}: {}", sample.kind.described())),
            None => (format!("{}-{kind}", i + 1), sample.kind.described().to_string()),
        };
        charts.push(ninesim::plot::survival_fit(
            &format!("{stem}-survival"),
            &format!("{what}: Kaplan–Meier and fitted laws"),
            set,
            &sample.censored_times,
            unit,
        )?);
        charts.push(ninesim::plot::probability_plot(
            &format!("{stem}-probability"),
            &format!("{what}: Weibull probability plot"),
            set,
            unit,
        )?);
    }
    write_charts(outputs, dir, &charts)
}

/// At most 40 letters, digits, `-` and `_` of `id`; anything else becomes `_`.
fn file_safe(id: &str) -> String {
    id.chars().take(40).map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '_' { c } else { '_' }).collect()
}

/// The block diagram of `model` for a report (groups collapsed), with `figures` on its boxes;
/// `None` when it cannot be drawn, and the report then goes without it.
pub fn diagram_svg(model: &ninesim::Model, figures: Option<&ninesim::study::diagram::DiagramFigures>) -> Option<String> {
    let drawing = ninesim::report::diagram::block_diagram(&model.system, figures, true);
    ninesim::plot::diagram::svg(&drawing).ok()
}

/// Claims `dir/index.html` for a one-page report before anything runs (the directory is
/// created: a path in a missing one cannot be checked).
pub fn claim_page(outputs: &Outputs, dir: &Path) -> anyhow::Result<PathBuf> {
    std::fs::create_dir_all(dir).with_context(|| format!("could not create '{}'", dir.display()))?;
    outputs.claim(&dir.join("index.html"))
}

/// The text of the model file `path` for a report (`None` for standard input, read already).
pub fn model_file_text(path: &Path) -> Option<String> {
    model_text(path)
}
