//! Where `--plots` and `--report` put their files: the library draws the charts and writes the
//! HTML; this decides the file names and writes them atomically.

use std::path::{Path, PathBuf};

use anyhow::Context;
use ninesim::RunResult;
use ninesim::compare::Comparison;
use ninesim::plot::Chart;
use ninesim::report::{charts, html};
use ninesim::sweep::Sweep;

use crate::cli::VisualArgs;

fn write(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).with_context(|| format!("could not create '{}'", dir.display()))?;
    }
    crate::output::write_atomic(path, bytes).with_context(|| format!("could not write '{}'", path.display()))
}

fn write_charts(dir: &Path, charts: &[Chart]) -> anyhow::Result<()> {
    for chart in charts {
        write(&dir.join(format!("{}.svg", chart.name)), chart.svg.as_bytes())?;
        write(&dir.join(format!("{}.png", chart.name)), &chart.png)?;
    }
    Ok(())
}

/// The model file's text, for the report (a file that cannot be read again is left out).
fn model_text(path: &Path) -> Option<String> {
    std::fs::read_to_string(path).ok()
}

fn stem(path: &Path) -> String {
    path.file_stem().map_or_else(|| "model".into(), |s| s.to_string_lossy().into_owned())
}

/// Charts and report of one run or of a batch (a sub-directory of charts per scenario).
pub fn for_runs(args: &VisualArgs, runs: &[(PathBuf, RunResult)]) -> anyhow::Result<()> {
    if args.plots.is_none() && args.report.is_none() {
        return Ok(());
    }
    let drawn: Vec<Vec<Chart>> = runs.iter().map(|(_, r)| charts::run_charts(r)).collect::<Result<_, _>>()?;
    if let Some(dir) = &args.plots {
        for ((path, _), charts) in runs.iter().zip(&drawn) {
            let target = if runs.len() == 1 { dir.clone() } else { dir.join(stem(path)) };
            write_charts(&target, charts)?;
        }
    }
    if let Some(dir) = &args.report {
        let texts: Vec<Option<String>> = runs.iter().map(|(p, _)| model_text(p)).collect();
        let page = match runs {
            [(_, r)] => html::run_report(r, texts[0].as_deref(), &drawn[0]),
            _ => {
                let parts: Vec<(&RunResult, Option<&str>, &[Chart])> =
                    runs.iter().zip(&texts).zip(&drawn).map(|(((_, r), t), c)| (r, t.as_deref(), c.as_slice())).collect();
                html::batch_report(&parts)
            }
        };
        write(&dir.join("index.html"), page.as_bytes())?;
    }
    Ok(())
}

/// Charts and report of a comparison.
pub fn for_comparison(args: &VisualArgs, models: &[PathBuf], comparison: &Comparison) -> anyhow::Result<()> {
    if args.plots.is_none() && args.report.is_none() {
        return Ok(());
    }
    let drawn = charts::comparison_charts(comparison)?;
    if let Some(dir) = &args.plots {
        write_charts(dir, &drawn)?;
    }
    if let Some(dir) = &args.report {
        let texts: Vec<Option<String>> = models.iter().map(|p| model_text(p)).collect();
        write(&dir.join("index.html"), html::comparison_report(comparison, &texts, &drawn).as_bytes())?;
    }
    Ok(())
}

/// Chart and report of a sweep.
pub fn for_sweep(args: &VisualArgs, model: &Path, sweep: &Sweep) -> anyhow::Result<()> {
    if args.plots.is_none() && args.report.is_none() {
        return Ok(());
    }
    let chart = charts::sweep_chart(sweep)?;
    if let Some(dir) = &args.plots {
        write_charts(dir, std::slice::from_ref(&chart))?;
    }
    if let Some(dir) = &args.report {
        write(&dir.join("index.html"), html::sweep_report(sweep, model_text(model).as_deref(), &chart).as_bytes())?;
    }
    Ok(())
}
