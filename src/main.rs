//! The `ninesim` binary: parse arguments, call the library, print, exit.

mod cli;

use std::io::{IsTerminal, Write};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use anyhow::Context;
use clap::Parser;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use ninesim::{ModelError, RunConfig, report};

use cli::{AnalyzeArgs, Cli, Command, ExplainArgs, RunArgs};

/// Exit code for a model or setting that is not valid.
const EXIT_BAD_INPUT: u8 = 2;

fn main() -> ExitCode {
    match run() {
        Ok(code) => code,
        Err(e) => {
            if is_broken_pipe(&e) {
                return ExitCode::SUCCESS;
            }
            eprintln!("error: {e:#}");
            let bad_input = e.chain().any(|c| {
                c.downcast_ref::<ModelError>().is_some_and(|m| !matches!(m, ModelError::Io { .. }))
                    || matches!(c.downcast_ref::<ninesim::RunError>(), Some(ninesim::RunError::Config(_)))
            });
            ExitCode::from(if bad_input { EXIT_BAD_INPUT } else { 1 })
        }
    }
}

fn run() -> anyhow::Result<ExitCode> {
    let cli = Cli::parse();
    match cli.command {
        Command::Run(args) => run_model(&args),
        Command::Analyze(args) => analyze(&args),
        Command::Explain(args) => explain(&args),
        Command::Validate { model } => validate(&model),
        Command::Schema { out } => {
            emit(ninesim::model::spec::json_schema().as_bytes(), out.as_deref())?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn run_model(args: &RunArgs) -> anyhow::Result<ExitCode> {
    let model = ninesim::load(&args.model)?;
    if !args.quiet {
        for w in &model.warnings {
            eprintln!("warning: {}: {w}", args.model.display());
        }
    }
    let mut config = RunConfig::from_model(&model.system);
    args.simulation.apply(&mut config);
    config.horizon = args.horizon.unwrap_or(config.horizon);
    config.warmup = args.warmup.unwrap_or(config.warmup);

    let bar = progress_bar(config.replications, args.quiet);
    let started = Instant::now();
    let shown = AtomicBool::new(false);
    let result = ninesim::run(&model, &config, &|done| {
        // Appear only for runs longer than about a second.
        if !shown.load(Ordering::Relaxed) && started.elapsed() > Duration::from_secs(1) && !shown.swap(true, Ordering::Relaxed) {
            bar.set_draw_target(ProgressDrawTarget::stderr());
        }
        bar.inc(done);
    })?;
    bar.finish_and_clear();
    let elapsed = started.elapsed().as_secs_f64();

    emit(&report::render(&result, args.output.format.into()), args.output.out.as_deref())?;
    if !args.quiet && std::io::stderr().is_terminal() {
        eprintln!(
            "simulated {} events in {:.2} s ({:.1} million events/s on {} threads)",
            result.events,
            elapsed,
            result.events as f64 / elapsed / 1e6,
            result.threads
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn analyze(args: &AnalyzeArgs) -> anyhow::Result<ExitCode> {
    let model = ninesim::load(&args.model)?;
    let mut config = ninesim::analysis::AnalysisConfig::from_model(&model.system);
    config.max_order = args.max_order as usize;
    config.path_sets = args.path_sets.is_some();
    config.max_path_order = args.path_sets.unwrap_or(8) as usize;
    config.horizon = args.horizon.unwrap_or(config.horizon);
    config.warmup = args.warmup.unwrap_or(config.warmup);
    config.max_states = args.max_states;
    check_window(config.horizon, config.warmup)?;
    let mut analysis = ninesim::analysis::analyze(&model.system, &model.file.display().to_string(), &config)?;
    if args.simulate {
        let mut run = RunConfig::from_model(&model.system);
        cli::SimulationArgs { replications: args.replications, seed: args.seed, threads: args.threads }.apply(&mut run);
        run.horizon = config.horizon;
        run.warmup = config.warmup;
        analysis.attach_simulation(&ninesim::run(&model, &run, &|_| {})?);
    }
    emit(&report::render_analysis(&analysis, args.output.format.into()), args.output.out.as_deref())?;
    Ok(ExitCode::SUCCESS)
}

fn explain(args: &ExplainArgs) -> anyhow::Result<ExitCode> {
    if args.output.format == cli::FormatArg::Csv {
        eprintln!("error: explain writes prose: use --format text, md or json");
        return Ok(ExitCode::from(EXIT_BAD_INPUT));
    }
    let model = ninesim::load(&args.model)?;
    // A model with no formulas to show (no steady state, dependent components) is refused
    // before any time is spent on a simulation; the derivation itself is cheap.
    ninesim::analysis::explain::explain_model(&model, None)?;
    let tally = if args.no_simulation {
        None
    } else {
        let mut config = RunConfig::from_model(&model.system);
        args.simulation.apply(&mut config);
        Some(ninesim::sim::simulate(&model.system, &config, &|_| {})?)
    };
    let explanation = ninesim::analysis::explain::explain_model(&model, tally.as_ref())?;
    emit(&report::render_explanation(&explanation, args.output.format.into()), args.output.out.as_deref())?;
    Ok(ExitCode::SUCCESS)
}

/// The same check `run` makes on its settings, so that bad values exit 2 with a clear message.
fn check_window(horizon: f64, warmup: f64) -> anyhow::Result<()> {
    let config = ninesim::RunConfig { horizon, warmup, replications: 1, seed: 0, threads: None };
    config.check_window().map_err(anyhow::Error::from)
}

fn validate(path: &std::path::Path) -> anyhow::Result<ExitCode> {
    match ninesim::load(path) {
        Ok(model) => {
            for w in &model.warnings {
                eprintln!("warning: {}: {w}", path.display());
            }
            let s = &model.system;
            println!(
                "{}: valid — \"{}\", {} component instance(s), {} block(s), single points of failure: {}",
                path.display(),
                s.name,
                s.components().len(),
                s.blocks().len(),
                spof_list(s)
            );
            Ok(ExitCode::SUCCESS)
        }
        Err(ModelError::Invalid { file, errors, warnings }) => {
            for w in &warnings {
                eprintln!("warning: {}: {w}", file.display());
            }
            eprintln!("{}: {} error(s):", file.display(), errors.len());
            for e in &errors {
                eprintln!("  {e}");
            }
            Ok(ExitCode::from(EXIT_BAD_INPUT))
        }
        Err(e) => Err(e.into()),
    }
}

fn spof_list(s: &ninesim::System) -> String {
    let names: Vec<&str> = s.single_points_of_failure().into_iter().map(|c| s.components()[c].name.as_str()).collect();
    if names.is_empty() { "none".into() } else { names.join(", ") }
}

/// Writes to the file atomically, or to standard output.
fn emit(bytes: &[u8], out: Option<&std::path::Path>) -> anyhow::Result<()> {
    match out {
        Some(path) => report::write_atomic(path, bytes).with_context(|| format!("could not write '{}'", path.display())),
        None => {
            let mut stdout = std::io::stdout().lock();
            stdout.write_all(bytes)?;
            stdout.flush()?;
            Ok(())
        }
    }
}

/// Hidden until a second has passed; never drawn with `--quiet` or when stderr is not a terminal.
fn progress_bar(total: u64, quiet: bool) -> ProgressBar {
    if quiet || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::hidden());
    if let Ok(style) = ProgressStyle::with_template("{spinner} [{elapsed_precise}] {bar:40} {pos}/{len} replications, ETA {eta}") {
        bar.set_style(style);
    }
    bar
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| c.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe))
}
