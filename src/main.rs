//! The `ninesim` binary: parse arguments, call the library, print, exit.

mod cli;
mod failure;
mod output;
mod validate;
mod visuals;

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use anyhow::Context;
use clap::{CommandFactory, Parser};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use ninesim::study::plan::{self, Method};
use ninesim::study::results::Outcome;
use ninesim::{RunConfig, report};

use ninesim::units::fmt::visible;
use output::Outputs;

use cli::{AnalyzeArgs, Cli, Command, CompareArgs, ExplainArgs, MergeArgs, RunArgs, SweepArgs};

fn main() -> ExitCode {
    match run() {
        Ok(code) => code,
        Err(e) => {
            if e.is_broken_pipe() {
                return ExitCode::SUCCESS;
            }
            eprintln!("error: {}", shown(&format!("{e:#}")));
            ExitCode::from(e.exit_code())
        }
    }
}

fn run() -> failure::Result<ExitCode> {
    let cli = Cli::parse();
    match cli.command {
        Command::Run(args) => run_model(&args),
        Command::Compare(args) => compare(&args),
        Command::Sweep(args) => sweep(&args),
        Command::Merge(args) => merge(&args),
        Command::Analyze(args) => analyze(&args),
        Command::Explain(args) => explain(&args),
        Command::Diagram(args) => diagram(&args),
        Command::Fit(args) => fit(&args),
        Command::Validate(args) => validate::command(&args),
        Command::Schema { out, quiet } => {
            emit(&Outputs::new::<&Path>(&[]).quiet(quiet), ninesim::model::spec::json_schema().as_bytes(), out.as_deref())?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Completions { shell } => {
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "ninesim", &mut script);
            emit(&Outputs::new::<&Path>(&[]), &script, None)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Man { command, out, out_dir, quiet } => {
            let outputs = Outputs::new::<&Path>(&[]).quiet(quiet);
            match out_dir {
                Some(dir) => {
                    std::fs::create_dir_all(&dir).with_context(|| format!("could not create '{}'", dir.display()))?;
                    for (name, page) in man_pages()? {
                        outputs.write(&dir.join(format!("{name}.1")), &page)?;
                    }
                }
                None => {
                    let wanted = command.as_deref().map_or_else(|| "ninesim".to_string(), |c| format!("ninesim-{c}"));
                    let pages = man_pages()?;
                    let Some((_, page)) = pages.iter().find(|(name, _)| *name == wanted) else {
                        let names: Vec<&str> = pages.iter().filter_map(|(n, _)| n.strip_prefix("ninesim-")).collect();
                        return Err(bad_input(&format!(
                            "ninesim has no command `{}`; its commands: {}",
                            visible(command.as_deref().unwrap_or_default()),
                            names.join(", ")
                        )));
                    };
                    emit(&outputs, page, out.as_deref())?;
                }
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// A progress callback that shows the bar only once a run has lasted about a second.
fn delayed<'a>(bar: &'a ProgressBar, started: Instant, shown: &'a AtomicBool) -> impl Fn(u64) + Sync + 'a {
    move |done| {
        if !shown.load(Ordering::Relaxed) && started.elapsed() > Duration::from_secs(1) && !shown.swap(true, Ordering::Relaxed) {
            bar.set_draw_target(ProgressDrawTarget::stderr());
        }
        bar.inc(done);
    }
}

/// The model's run settings with the command line's overrides.
fn run_config(model: &ninesim::Model, simulation: &cli::SimulationArgs, window: &cli::WindowArgs) -> RunConfig {
    let mut config = RunConfig::from_model(&model.system);
    simulation.apply(&mut config);
    window.apply(&mut config);
    config
}

fn warn(model: &ninesim::Model, quiet: bool) {
    if !quiet {
        for w in &model.warnings {
            eprintln!("warning: {}: {}", model.file.display(), visible(&w.to_string()));
        }
    }
}

fn run_model(args: &RunArgs) -> failure::Result<ExitCode> {
    stdin_at_most_once(&args.models)?;
    if args.models.len() > 1 && args.models.iter().any(|p| ninesim::model::is_stdin(p)) {
        return Err(bad_input("`-` (standard input) is the model of a single run: a batch reads its models from files"));
    }
    if let Some((index, count)) = args.shard {
        return run_shard(args, index, count);
    }
    if args.models.len() > 1 {
        return run_batch(args);
    }
    let outputs = Outputs::new(&args.models).quiet(args.quiet);
    let path = &args.models[0];
    // Read once: standard input cannot be read again for the report.
    let text = ninesim::model::read_text(path)?;
    let model = ninesim::model::parse_str(&text, ninesim::model::source_name(path))?;
    warn(&model, args.quiet);
    let config = run_config(&model, &args.simulation, &args.window);
    let plan = plan::plan(&model, &config, &request(args))?;
    let out = match &args.out_dir {
        Some(dir) => Some(result_path(dir, path, args.output.format.into())),
        None => args.output.out.clone(),
    };
    if let Some(dir) = &args.out_dir {
        std::fs::create_dir_all(dir).with_context(|| format!("could not create '{}'", dir.display()))?;
    }
    let targets = Targets::claim(&outputs, out.as_deref(), args.export.files())?;
    targets.check_visuals(&args.visuals, &[])?;
    let bar = progress_bar(plan.units, args.quiet);
    let (started, shown) = (Instant::now(), AtomicBool::new(false));
    let outcome = plan::execute(&model, &config, plan, &delayed(&bar, started, &shown))?;
    bar.finish_and_clear();
    let elapsed = started.elapsed().as_secs_f64();
    targets.deliver(&outputs, args.output.format.into(), |f| report::render_outcome(&outcome, f))?;
    if let Outcome::Plain(result) = &outcome {
        visuals::for_runs(&outputs, &args.visuals, &[visuals::Scenario::from_text(path, Some(text), result)])?;
    }
    if !args.quiet && std::io::stderr().is_terminal() {
        eprintln!(
            "simulated {} events in {:.2} s ({:.1} million events/s on {} threads)",
            outcome.events(),
            elapsed,
            outcome.events() as f64 / elapsed / 1e6,
            outcome.threads()
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// What the command line asks of a run, for the library's plan.
fn request(args: &RunArgs) -> plan::Request {
    plan::Request {
        method: Method::from(args.simulation.method),
        replications: args.simulation.replications,
        cycles: args.cycles,
        rel_error: args.simulation.rel_error,
        max_replications: args.simulation.max_replications,
        max_time: args.simulation.max_time,
        charts: args.visuals.plots.is_some() || args.visuals.report.is_some(),
        uncertainty: args
            .uncertainty
            .map(|draws| ninesim::study::uncertainty::UncertaintyRequest { draws, method: args.uncertainty_method.into() }),
    }
}

/// Several models: each runs in turn and its result is written as soon as it is known; a model
/// that fails is reported and the others still run; a summary table ends the batch.
fn run_batch(args: &RunArgs) -> failure::Result<ExitCode> {
    if args.output.out.is_some() {
        return Err(ninesim::RunError::Config("--out names one file; for a batch of models use --out-dir DIR".into()).into());
    }
    let format = args.output.format.into();
    let outputs = Outputs::new(&args.models).quiet(args.quiet);
    // Every result's file is claimed before anything runs: two models with the same file name
    // would otherwise overwrite each other's result, and a result may not replace a model.
    let mut claimed = Vec::new();
    if let Some(dir) = &args.out_dir {
        std::fs::create_dir_all(dir).with_context(|| format!("could not create '{}'", dir.display()))?;
        for path in &args.models {
            claimed.push(outputs.claim(&result_path(dir, path, format)).map_err(refused)?);
        }
    }
    let exports = Targets::claim(&outputs, None, args.export.files())?;
    exports.check_visuals(&args.visuals, &claimed)?;
    let loaded: Vec<failure::Result<(ninesim::Model, RunConfig, plan::Plan)>> = args
        .models
        .iter()
        .map(|path| {
            let model = ninesim::load(path)?;
            let config = run_config(&model, &args.simulation, &args.window);
            let plan = plan::plan(&model, &config, &request(args))?;
            Ok((model, config, plan))
        })
        .collect();
    let total: u64 = loaded.iter().flatten().map(|(_, _, plan)| plan.units).sum();
    let bar = progress_bar(total, args.quiet);
    let (started, shown) = (Instant::now(), AtomicBool::new(false));
    let progress = delayed(&bar, started, &shown);
    let mut rows: Vec<(String, Result<Outcome, String>)> = Vec::new();
    let mut worst = 0u8;
    let mut csv_header_written = false;
    for (i, (path, loaded)) in args.models.iter().zip(loaded).enumerate() {
        let name = path.display().to_string();
        let outcome = loaded.and_then(|(model, config, plan)| {
            warn(&model, args.quiet);
            let outcome = plan::execute(&model, &config, plan, &progress)?;
            match (&args.out_dir, format) {
                (Some(_), _) => bar.suspend(|| outputs.write_to(&claimed[i], &report::render_outcome(&outcome, format)))?,
                // Standard output holds one document: JSON comes as one array at the end, NDJSON
                // one line per model (below, failures too), CSV one header then every model's rows.
                (None, report::Format::Json | report::Format::Ndjson) => {}
                (None, report::Format::Csv) => {
                    let bytes = report::render_batch_csv(&outcome, !csv_header_written);
                    csv_header_written = true;
                    bar.suspend(|| emit(&outputs, &bytes, None))?;
                }
                (None, _) => bar.suspend(|| emit(&outputs, &report::render_outcome(&outcome, format), None))?,
            }
            Ok(outcome)
        });
        // A model's own errors already begin with its file's name: say it once.
        let message = |e: &failure::Failure| {
            let text = format!("{e:#}");
            text.strip_prefix(&format!("{name}: ")).map_or(text.clone(), str::to_string)
        };
        if let Err(e) = &outcome {
            worst = worst.max(e.exit_code());
            bar.suspend(|| eprintln!("error: {name}: {}", message(e)));
        }
        let outcome = outcome.map_err(|e| message(&e));
        if args.out_dir.is_none() && format == report::Format::Ndjson {
            bar.suspend(|| emit(&outputs, &report::render_batch_line(&name, &outcome), None))?;
        }
        rows.push((name, outcome));
        // A closed standard output (`| head`) ends the batch quietly when standard output was
        // all it made; files asked for (results, exports, charts) are still written.
        let files =
            args.out_dir.is_some() || !args.export.files().is_empty() || args.visuals.plots.is_some() || args.visuals.report.is_some();
        if outputs.stdout_closed() && !files {
            return Ok(ExitCode::from(worst));
        }
    }
    bar.finish_and_clear();
    if args.out_dir.is_none() && format == report::Format::Json {
        emit(&outputs, &report::render_batch_json(&rows), None)?;
    }
    exports.deliver_exports(&outputs, |f| report::render_batch(&rows, f))?;
    let summary = report::render_batch_summary(&rows);
    // The summary goes with the results when they are files or text; beside machine-readable
    // output on standard output it goes to standard error.
    if args.out_dir.is_some() || format == report::Format::Text {
        emit(&outputs, &summary, None)?;
    } else if !args.quiet {
        eprint!("{}", String::from_utf8_lossy(&summary));
    }
    let finished: Vec<visuals::Scenario> = args
        .models
        .iter()
        .zip(&rows)
        .filter_map(|(p, (_, r))| match r {
            Ok(Outcome::Plain(r)) => Some(visuals::Scenario::from_file(p, r)),
            _ => None,
        })
        .collect();
    visuals::for_runs(&outputs, &args.visuals, &finished)?;
    Ok(ExitCode::from(worst))
}

/// One shard of a run, written as a shard file for `ninesim merge`.
fn run_shard(args: &RunArgs, index: u64, count: u64) -> failure::Result<ExitCode> {
    if args.models.len() != 1
        || args.out_dir.is_some()
        || args.visuals.plots.is_some()
        || args.visuals.report.is_some()
        || !args.export.files().is_empty()
    {
        return Err(ninesim::RunError::Config(
            "--shard runs one model and writes one shard file (--out FILE); charts, reports, exports and batches come after `ninesim merge`"
                .into(),
        )
        .into());
    }
    // Shards run a fixed number of replications, so that they merge into exactly one run: a
    // precision target or a count of cycles would otherwise be silently ignored.
    if args.simulation.rel_error.is_some() || args.cycles.is_some() {
        return Err(bad_input("--shard runs -n replications split over the shards; --rel-error and --cycles need one machine"));
    }
    let path = &args.models[0];
    let text = ninesim::model::read_text(path)?;
    let model = ninesim::model::parse_str(&text, ninesim::model::source_name(path))?;
    warn(&model, args.quiet);
    let config = run_config(&model, &args.simulation, &args.window);
    // Shards run plain Monte Carlo, and say what an unsharded run would have done.
    let method = plan::shard_method(&plan::plan(&model, &config, &request(args))?)?;
    let bar = progress_bar(config.replications, args.quiet);
    let (started, shown) = (Instant::now(), AtomicBool::new(false));
    let shard = ninesim::shard::run(&model, &text, &config, index, count, method, &delayed(&bar, started, &shown))?;
    bar.finish_and_clear();
    emit(&Outputs::new(&args.models).quiet(args.quiet), &report::render_json(&shard), args.output.out.as_deref())?;
    Ok(ExitCode::SUCCESS)
}

fn fit(args: &cli::FitArgs) -> failure::Result<ExitCode> {
    use ninesim::model::incidents;
    use ninesim::study::fit::{IntoRequest, SampleKind};
    // Bytes: text that is not UTF-8 is a problem of the data, at its line.
    let bytes = if ninesim::model::is_stdin(&args.data) {
        read_limited_from(std::io::stdin().lock(), MAX_DATA_BYTES).context("could not read the data from standard input")?
    } else {
        read_limited(&args.data, MAX_DATA_BYTES).with_context(|| format!("could not read data file '{}'", args.data.display()))?
    };
    let data_name = ninesim::model::source_name(&args.data);
    let options = incidents::DataOptions {
        shape: args.shape.map(|s| match s {
            cli::ShapeArg::Durations => incidents::DataShape::Durations,
            cli::ShapeArg::Timeline => incidents::DataShape::Timeline,
        }),
        unit: args.unit.into(),
        from: args.from.clone(),
        to: args.to.clone(),
    };
    let data = incidents::parse_bytes(&bytes, &data_name, &options).map_err(|e| failure::Failure { error: e.into(), bad_input: true })?;
    let result = ninesim::study::fit::fit(&data, &data_name.display().to_string());
    let mut inputs = vec![args.data.clone()];
    inputs.extend(args.into.clone());
    let outputs = Outputs::new(&inputs).quiet(args.quiet);
    let report = report::render_fit(&result, args.format.into());
    let exports = Targets::claim(&outputs, None, args.export.files())?;
    match &args.into {
        Some(model_path) => {
            let request = IntoRequest {
                component: args.component.clone(),
                role: if args.failure {
                    Some(SampleKind::Failure)
                } else if args.repair {
                    Some(SampleKind::Repair)
                } else {
                    None
                },
                law: args.law.map(Into::into),
            };
            let model_text = ninesim::model::read_text(model_path)?;
            let (new_model, written) = ninesim::study::fit::into_model(&model_text, model_path, &result, &request)
                .map_err(|e| failure::Failure { bad_input: e.is_bad_input(), error: e.into() })?;
            // The new model's file is claimed before the report is printed: a refused target
            // (an input, through a link or not) leaves no report behind a failed command.
            let target = args.out.as_deref().unwrap_or(model_path);
            if to_file(Some(target)).is_none() {
                return Err(bad_input("with --into, --out is the new model's file; standard output carries the report"));
            }
            let claimed = outputs.claim(target).map_err(refused)?;
            emit(&outputs, &report, None)?;
            outputs.write_to(&claimed, new_model.as_bytes())?;
            for w in written.iter().filter(|_| !args.quiet) {
                eprintln!("wrote the {} {} law of `{}` into '{}'", w.law.name(), w.role.field(), visible(&w.component), target.display());
                if let Some(warning) = &w.warning {
                    eprintln!("warning: {}", visible(warning));
                }
            }
        }
        None => emit(&outputs, &report, args.out.as_deref())?,
    }
    exports.deliver_exports(&outputs, |f| report::render_fit(&result, f))?;
    visuals::for_fit(&outputs, args.plots.as_deref(), &result)?;
    Ok(ExitCode::SUCCESS)
}

fn merge(args: &MergeArgs) -> failure::Result<ExitCode> {
    let mut shards = Vec::with_capacity(args.shards.len());
    for path in &args.shards {
        let text = read_shard(path).with_context(|| format!("could not read shard file '{}'", path.display()))?;
        let shard: ninesim::shard::Shard =
            serde_json::from_str(&text).with_context(|| format!("'{}' is not a ninesim shard file", path.display()))?;
        shards.push(shard);
    }
    let model_text = shards.first().map(|s| s.model_text.clone()).unwrap_or_default();
    let outputs = Outputs::new(&args.shards).quiet(args.quiet);
    let targets = Targets::claim(&outputs, args.output.out.as_deref(), args.export.files())?;
    targets.check_visuals(&args.visuals, &[])?;
    let result = ninesim::shard::merge(shards, rayon::current_num_threads())?;
    targets.deliver(&outputs, args.output.format.into(), |f| report::render(&result, f))?;
    // The report shows the model the shards carry (checked when merging), never a file named
    // inside a shard: a shard must not be able to make the report include another file.
    let scenario = visuals::Scenario { stem: "model".into(), model_text: Some(model_text), result };
    visuals::for_runs(&outputs, &args.visuals, &[scenario])?;
    Ok(ExitCode::SUCCESS)
}

/// Where a scenario's result goes in `--out-dir`: `<dir>/<model file stem>.<ext>`.
fn result_path(dir: &Path, model: &Path, format: report::Format) -> PathBuf {
    // Standard input has no file name: its result is `model.<ext>`, as its charts are `model`.
    let stem = if ninesim::model::is_stdin(model) {
        "model".into()
    } else {
        model.file_stem().map_or_else(|| "result".into(), |s| s.to_string_lossy().into_owned())
    };
    let ext = match format {
        report::Format::Text => "txt",
        // One document per file: a one-line JSON result is JSON.
        report::Format::Json | report::Format::Ndjson => "json",
        report::Format::Csv => "csv",
        report::Format::Markdown => "md",
    };
    dir.join(format!("{stem}.{ext}"))
}

/// Most bytes read from a data file of `fit`: far more than any incident history.
const MAX_DATA_BYTES: u64 = 256 << 20;

/// Most bytes read from one shard file: far above any real shard (a few tallies per batch),
/// so that a device or an endless pipe named as a shard cannot grow memory without bound.
const MAX_SHARD_BYTES: u64 = 4 << 30;

/// A shard file's text, read to at most [`MAX_SHARD_BYTES`].
fn read_shard(path: &Path) -> anyhow::Result<String> {
    Ok(String::from_utf8(read_limited(path, MAX_SHARD_BYTES)?)?)
}

/// A regular file's or a pipe's bytes, at most `limit` of them: a device or an endless pipe
/// cannot grow memory without bound.
fn read_limited(path: &Path, limit: u64) -> anyhow::Result<Vec<u8>> {
    let file = std::fs::File::open(path)?;
    let kind = file.metadata()?.file_type();
    if kind.is_dir() || !(kind.is_file() || is_fifo(&kind)) {
        anyhow::bail!("it is not a regular file or a pipe");
    }
    read_limited_from(file, limit)
}

/// At most `limit` bytes of `reader`, or an error saying it holds more.
fn read_limited_from(reader: impl std::io::Read, limit: u64) -> anyhow::Result<Vec<u8>> {
    use std::io::Read;
    let mut text = Vec::new();
    reader.take(limit + 1).read_to_end(&mut text)?;
    if text.len() as u64 > limit {
        anyhow::bail!("it is larger than {} MiB, the most read", limit >> 20);
    }
    Ok(text)
}

#[cfg(unix)]
fn is_fifo(kind: &std::fs::FileType) -> bool {
    std::os::unix::fs::FileTypeExt::is_fifo(kind)
}

#[cfg(not(unix))]
fn is_fifo(_: &std::fs::FileType) -> bool {
    false
}

fn compare(args: &CompareArgs) -> failure::Result<ExitCode> {
    let files: Vec<PathBuf> = std::iter::once(args.baseline.clone()).chain(args.designs.iter().cloned()).collect();
    stdin_at_most_once(&files)?;
    let precision = whole_lives("compare", &args.simulation)?;
    let models = files.iter().map(ninesim::load).collect::<Result<Vec<_>, _>>()?;
    for model in &models {
        warn(model, args.quiet);
    }
    let outputs = Outputs::new(&files).quiet(args.quiet);
    let targets = Targets::claim(&outputs, args.output.out.as_deref(), args.export.files())?;
    targets.check_visuals(&args.visuals, &[])?;
    // The first design's settings, with the command line's overrides, apply to all.
    let config = run_config(&models[0], &args.simulation, &args.window);
    let streams = if args.independent { ninesim::sim::Streams::Independent } else { ninesim::sim::Streams::Common };
    let units = precision.map_or(config.replications, |p| p.max_replications);
    let bar = progress_bar(units, args.quiet);
    let (started, shown) = (Instant::now(), AtomicBool::new(false));
    let progress = delayed(&bar, started, &shown);
    let mut comparison = match precision {
        None => ninesim::compare::compare(&models, &config, streams, &progress)?,
        Some(p) => ninesim::compare::compare_to_precision(&models, &config, streams, p, &progress)?,
    };
    bar.finish_and_clear();
    let rank = match args.rank {
        cli::RankArg::Given => ninesim::study::ranking::Rank::Given,
        cli::RankArg::Cost => ninesim::study::ranking::Rank::Cost,
    };
    ninesim::study::ranking::rank(&mut comparison, rank)?;
    targets.deliver(&outputs, args.output.format.into(), |f| report::render_comparison(&comparison, f))?;
    visuals::for_comparison(&outputs, &args.visuals, &files, &comparison)?;
    Ok(ExitCode::SUCCESS)
}

fn sweep(args: &SweepArgs) -> failure::Result<ExitCode> {
    let precision = whole_lives("sweep", &args.simulation)?;
    let varies = args.vary.iter().map(|v| v.parse::<ninesim::sweep::Vary>()).collect::<Result<Vec<_>, _>>()?;
    let text = ninesim::model::read_text(&args.model)?;
    let points = ninesim::sweep::points(&text, &args.model, &varies)?;
    if let Some(point) = points.first() {
        warn(&point.model, args.quiet);
    }
    let outputs = Outputs::new(&[&args.model]).quiet(args.quiet);
    let targets = Targets::claim(&outputs, args.output.out.as_deref(), args.export.files())?;
    targets.check_visuals(&args.visuals, &[])?;
    let configs: Vec<RunConfig> = points.iter().map(|p| run_config(&p.model, &args.simulation, &args.window)).collect();
    let units = configs.iter().map(|c| precision.map_or(c.replications, |p| p.max_replications)).fold(0u64, u64::saturating_add);
    let bar = progress_bar(units, args.quiet);
    let (started, shown) = (Instant::now(), AtomicBool::new(false));
    let sweep = ninesim::sweep::run(
        &args.model,
        &points,
        &varies,
        |m| run_config(m, &args.simulation, &args.window),
        precision,
        &delayed(&bar, started, &shown),
    )?;
    bar.finish_and_clear();
    targets.deliver(&outputs, args.output.format.into(), |f| report::render_sweep(&sweep, f))?;
    visuals::for_sweep(&outputs, &args.visuals, &text, &sweep)?;
    Ok(ExitCode::SUCCESS)
}

/// The stopping rule of a command that simulates whole lives of plain Monte Carlo (compare,
/// sweep, explain, analyze): `--rel-error`'s precision, if given. Failure biasing estimates one
/// model's steady state only, so it is refused by name; `auto` means plain here.
fn whole_lives(command: &str, simulation: &cli::SimulationArgs) -> failure::Result<Option<ninesim::sim::Precision>> {
    if simulation.method == cli::MethodArg::FailureBiasing {
        return Err(bad_input(&format!(
            "`{command}` needs whole simulated lives (plain Monte Carlo); failure biasing estimates one model's steady state: run `ninesim run MODEL --method failure-biasing` on each model"
        )));
    }
    Ok(plan::precision(simulation.rel_error, simulation.max_replications, simulation.max_time)?)
}

fn analyze(args: &AnalyzeArgs) -> failure::Result<ExitCode> {
    if !args.simulate && args.simulation.any_given() {
        return Err(bad_input("-n, --seed, --threads, --method, --rel-error and --max-time set analyze's simulation: add --simulate"));
    }
    let precision = whole_lives("analyze", &args.simulation)?;
    let model = ninesim::load(&args.model)?;
    warn(&model, args.quiet);
    let mut config = ninesim::analysis::AnalysisConfig::from_model(&model.system);
    config.max_order = args.max_order as usize;
    config.path_sets = args.path_sets.is_some();
    config.max_path_order = args.path_sets.unwrap_or(8) as usize;
    config.horizon = args.horizon.unwrap_or(config.horizon);
    config.warmup = args.warmup.unwrap_or(config.warmup);
    config.max_states = args.max_states;
    check_window(config.horizon, config.warmup)?;
    let outputs = Outputs::new(&[&args.model]).quiet(args.quiet);
    let targets = Targets::claim(&outputs, args.output.out.as_deref(), args.export.files())?;
    let page = args.report.as_deref().map(|dir| visuals::claim_page(&outputs, dir)).transpose().map_err(refused)?;
    let mut simulated = None;
    let mut analysis = ninesim::analysis::analyze(&model.system, &model.file.display().to_string(), &config)?;
    if args.simulate {
        let mut run = RunConfig::from_model(&model.system);
        args.simulation.apply(&mut run);
        run.horizon = config.horizon;
        run.warmup = config.warmup;
        let result = match precision {
            None => ninesim::run(&model, &run, &|_| {})?,
            Some(p) => ninesim::study::run_to_precision(&model, &run, p, &|_| {})?,
        };
        ninesim::study::attach_simulation(&mut analysis, &result);
        simulated = Some(result);
    }
    targets.deliver(&outputs, args.output.format.into(), |f| report::render_analysis(&analysis, f))?;
    if let Some(page) = page {
        // The diagram carries the exact figures where the model has them, else the simulation's.
        let figures =
            ninesim::study::diagram::exact_figures(&model).or_else(|| simulated.as_ref().map(ninesim::study::diagram::run_figures));
        let svg = visuals::diagram_svg(&model, figures.as_ref());
        let html = report::html::analysis_report(&analysis, visuals::model_file_text(&args.model).as_deref(), svg.as_deref());
        outputs.write_to(&page, html.as_bytes())?;
    }
    Ok(ExitCode::SUCCESS)
}

fn explain(args: &ExplainArgs) -> failure::Result<ExitCode> {
    let precision = whole_lives("explain", &args.simulation)?;
    let model = ninesim::load(&args.model)?;
    warn(&model, args.quiet);
    // A model with no formulas to show (no steady state, dependent components) is refused
    // before any time is spent on a simulation; the derivation itself is cheap.
    ninesim::analysis::explain::explain_model(&model, None)?;
    let outputs = Outputs::new(&[&args.model]).quiet(args.quiet);
    let targets = Targets::claim(&outputs, args.out.as_deref(), args.export.files())?;
    let page = args.report.as_deref().map(|dir| visuals::claim_page(&outputs, dir)).transpose().map_err(refused)?;
    let tally = if args.no_simulation {
        None
    } else {
        let config = run_config(&model, &args.simulation, &args.window);
        let tally = match precision {
            None => ninesim::sim::simulate(&model.system, &config, &|_| {})?,
            Some(p) => ninesim::sim::simulate_to_precision(&model.system, &config, p, &|_| {})?.0,
        };
        Some(ninesim::study::simulated_for_explanation(&tally))
    };
    let explanation = ninesim::analysis::explain::explain_model(&model, tally.as_ref())?;
    targets.deliver(&outputs, args.format.into(), |f| report::render_explanation(&explanation, f))?;
    if let Some(page) = page {
        // Students see the picture beside the derivation, each block with its exact figure
        // where the model has one.
        let figures = ninesim::study::diagram::exact_figures(&model);
        let svg = visuals::diagram_svg(&model, figures.as_ref());
        let html = report::html::explanation_report(&explanation, visuals::model_file_text(&args.model).as_deref(), svg.as_deref());
        outputs.write_to(&page, html.as_bytes())?;
    }
    Ok(ExitCode::SUCCESS)
}

/// `ninesim diagram`: the block diagram in the format asked for (else --out's extension,
/// else SVG); a PNG never goes to a terminal.
fn diagram(args: &cli::DiagramArgs) -> failure::Result<ExitCode> {
    use cli::DiagramFormatArg as F;
    let format = args.format.or_else(|| args.out.as_deref().and_then(F::from_extension)).unwrap_or(F::Svg);
    if format == F::Png && args.out.is_none() && std::io::stdout().is_terminal() {
        return Err(bad_input("a PNG is binary: write it to a file with --out FILE.png, or pipe it"));
    }
    let precision = whole_lives("diagram", &args.simulation)?;
    let model = ninesim::load(&args.model)?;
    warn(&model, args.quiet);
    let outputs = Outputs::new(&[&args.model]).quiet(args.quiet);
    let targets = Targets::claim(&outputs, args.out.as_deref(), Vec::new())?;
    let figures = if args.annotate {
        let config = run_config(&model, &args.simulation, &args.window);
        Some(ninesim::study::diagram::diagram_figures(&model, &config, precision, &|_| {})?)
    } else {
        None
    };
    let drawing = report::diagram::block_diagram(&model.system, figures.as_ref(), !args.expand);
    let bytes = match format {
        F::Svg => ninesim::plot::diagram::svg(&drawing).map_err(anyhow::Error::from)?.into_bytes(),
        F::Png => ninesim::plot::diagram::png(&drawing).map_err(anyhow::Error::from)?,
        F::Dot => report::diagram::dot(&drawing).into_bytes(),
        F::Mermaid => report::diagram::mermaid(&drawing).into_bytes(),
    };
    match &targets.out {
        Some(path) => outputs.write_to(path, &bytes)?,
        None => emit(&outputs, &bytes, None)?,
    }
    Ok(ExitCode::SUCCESS)
}

/// The same check `run` makes on its settings, so that bad values exit 2 with a clear message.
fn check_window(horizon: f64, warmup: f64) -> failure::Result<()> {
    let config = ninesim::RunConfig { horizon, warmup, replications: 1, seed: 0, threads: None };
    config.check_window().map_err(failure::Failure::from)
}

/// Refuses `-` named twice: standard input can be read only once.
fn stdin_at_most_once(paths: &[PathBuf]) -> failure::Result<()> {
    if paths.iter().filter(|p| ninesim::model::is_stdin(p)).count() > 1 {
        return Err(bad_input("`-` (standard input) is named more than once: it can be read only once"));
    }
    Ok(())
}

/// A failure of the user's input that no library error describes.
fn bad_input(message: &str) -> failure::Failure {
    failure::Failure { error: anyhow::anyhow!("{message}"), bad_input: true }
}

/// A message for the terminal: each line with its control characters and bidi overrides
/// written out visibly (a model's names reach messages), the line breaks kept.
fn shown(text: &str) -> String {
    text.split('\n').map(visible).collect::<Vec<_>>().join("\n")
}

/// Where a command's result goes: `--out` (else standard output) in the chosen format, and each
/// `--export-*` file in its own. Every file is claimed before anything runs, so a refused target
/// (an input, or two results in one file) costs no simulation and writes nothing.
struct Targets {
    /// `None`: standard output.
    out: Option<PathBuf>,
    /// Each export's format and file (`None`: standard output, `--export-json -`).
    exports: Vec<(report::Format, Option<PathBuf>)>,
}

impl Targets {
    /// `out`: `--out` (`None` or `-`: standard output, which then carries the main result).
    fn claim(outputs: &Outputs, out: Option<&Path>, exports: Vec<(report::Format, PathBuf)>) -> failure::Result<Self> {
        let out = to_file(out).map(|p| outputs.claim(p)).transpose().map_err(refused)?;
        let mut stdout_taken = out.is_none();
        let mut claimed = Vec::new();
        for (format, path) in exports {
            if to_file(Some(&path)).is_none() {
                // Standard output holds one document: two would run into each other.
                if stdout_taken {
                    let flag = match format {
                        report::Format::Csv => "--export-csv",
                        report::Format::Markdown => "--export-md",
                        _ => "--export-json",
                    };
                    return Err(bad_input(&format!(
                        "{flag} -: standard output already carries a result; give --out FILE, or export into a file"
                    )));
                }
                stdout_taken = true;
                claimed.push((format, None));
            } else {
                claimed.push((format, Some(outputs.claim(&path).map_err(refused)?)));
            }
        }
        Ok(Self { out, exports: claimed })
    }

    /// Refuses the files that `--plots` or `--report` could write over (see
    /// [`visuals::check_targets`]); `more`: the command's other result files.
    fn check_visuals(&self, visuals: &cli::VisualArgs, more: &[PathBuf]) -> failure::Result<()> {
        let files: Vec<&Path> =
            self.out.iter().chain(self.exports.iter().filter_map(|(_, p)| p.as_ref())).chain(more).map(PathBuf::as_path).collect();
        visuals::check_targets(visuals, &files).map_err(refused)
    }

    /// Writes the result in `format` to `--out` or standard output, then the exports.
    fn deliver(&self, outputs: &Outputs, format: report::Format, render: impl Fn(report::Format) -> Vec<u8>) -> failure::Result<()> {
        let bytes = render(format);
        match &self.out {
            Some(path) => outputs.write_to(path, &bytes)?,
            None => outputs.print(&bytes)?,
        }
        self.deliver_exports(outputs, render)
    }

    /// Writes the exports only.
    fn deliver_exports(&self, outputs: &Outputs, render: impl Fn(report::Format) -> Vec<u8>) -> failure::Result<()> {
        for (format, path) in &self.exports {
            match path {
                Some(path) => outputs.write_to(path, &render(*format))?,
                None => outputs.print(&render(*format))?,
            }
        }
        Ok(())
    }
}

/// An output path this command may not write (an input, or a second result in one file): the
/// user's choice of path, so exit code 2.
fn refused(error: anyhow::Error) -> failure::Failure {
    failure::Failure { error, bad_input: true }
}

/// The man pages: `ninesim` (1) and one per command (`ninesim-run`, …), each named and rendered.
fn man_pages() -> failure::Result<Vec<(String, Vec<u8>)>> {
    let mut command = Cli::command();
    command.build();
    let mut pages = Vec::new();
    let mut page = Vec::new();
    clap_mangen::Man::new(command.clone()).render(&mut page)?;
    pages.push(("ninesim".to_string(), page));
    for sub in command.get_subcommands().filter(|s| s.get_name() != "help") {
        let name = format!("ninesim-{}", sub.get_name());
        let sub = sub.clone().name(name.clone()).bin_name(format!("ninesim {}", sub.get_name()));
        let mut page = Vec::new();
        clap_mangen::Man::new(sub).render(&mut page)?;
        pages.push((name, page));
    }
    Ok(pages)
}

/// Writes to the file (see [`Outputs`]), or to standard output.
fn emit(outputs: &Outputs, bytes: &[u8], out: Option<&Path>) -> failure::Result<()> {
    match to_file(out) {
        // A refused path (an input, a directory) is the user's choice: exit code 2.
        Some(path) => Ok(outputs.write_to(&outputs.claim(path).map_err(refused)?, bytes)?),
        None => Ok(outputs.print(bytes)?),
    }
}

/// An output path, or `None` for standard output: `-` is standard output (as it is standard
/// input where a model is read), never a file named `-`.
fn to_file(out: Option<&Path>) -> Option<&Path> {
    out.filter(|p| !ninesim::model::is_stdin(p))
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
