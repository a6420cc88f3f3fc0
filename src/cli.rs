//! Command-line definition. Parsing only: `main.rs` turns these into library calls.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// How many nines does this design have? Monte Carlo availability simulation with
/// confidence intervals, from a JSON model of components, failures, repairs and redundancy.
#[derive(Debug, Parser)]
#[command(name = "ninesim", version, about, long_about = None, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

// Each subcommand's help ends with examples that work from the repository root as written
// (`tests/cli.rs` runs every one of them).
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Simulate a model (or a batch of models) and report availability, nines, downtime, MTBF,
    /// MDT and SPOFs.
    #[command(after_help = "Examples:
  ninesim run models/web-service.json
  ninesim run models/web-service.json -n 10000 --seed 7 --format json --out result.json
  ninesim run models/two-zone.json models/three-zone.json --out-dir results
  ninesim run models/metadata-store.json --method failure-biasing --rel-error 0.05")]
    Run(RunArgs),
    /// Designs side by side, each against the first, with common random numbers.
    #[command(after_help = "Examples:
  ninesim compare models/two-zone.json models/three-zone.json
  ninesim compare models/two-zone.json models/three-zone.json --rank cost --plots charts --report report")]
    Compare(CompareArgs),
    /// Run a model over a grid of parameter values.
    #[command(after_help = "Examples:
  ninesim sweep models/web-service.json --vary components.app.count=2..6
  ninesim sweep models/web-service.json --vary components.app.count=2..4 --vary components.db.repair.mean=1,4,12 --format csv")]
    Sweep(SweepArgs),
    /// Merge the shard files of a run (`run --shard I/N`) into exactly the single-machine result.
    #[command(after_help = "Examples (two shards of one run, then their merge):
  ninesim run models/web-service.json -n 20000 --seed 7 --shard 0/2 --out shard-0.json
  ninesim run models/web-service.json -n 20000 --seed 7 --shard 1/2 --out shard-1.json
  ninesim merge shard-0.json shard-1.json")]
    Merge(MergeArgs),
    /// Exact analysis: steady state, mission reliability, minimal cut sets, importance measures.
    #[command(after_help = "Examples:
  ninesim analyze models/bridge.json
  ninesim analyze models/web-service.json --path-sets 4 --format md
  ninesim analyze models/bridge.json --simulate -n 2000
  ninesim analyze models/web-service.json --report analysis")]
    Analyze(AnalyzeArgs),
    /// A worked, block-by-block derivation of the availability, with the simulated values beside it.
    #[command(after_help = "Examples:
  ninesim explain models/web-service.json
  ninesim explain models/bridge.json --no-simulation --format md
  ninesim explain models/web-service.json --report worked-example")]
    Explain(ExplainArgs),
    /// Draw the reliability block diagram: SVG or PNG, or Graphviz DOT and Mermaid text for
    /// docs and wikis. Series run left to right, redundant branches stack under their rule
    /// ("2 of 3"), single points of failure are red, shared components purple.
    #[command(after_help = "The format is --format, else --out's extension (.svg, .png, .dot or .gv, .mmd), else SVG.
A PNG is written to a file or a pipe, never to a terminal.

Examples:
  ninesim diagram models/web-service.json --out web-service.svg
  ninesim diagram models/two-zone.json --annotate --out two-zone.png
  ninesim diagram models/bridge.json --format dot
  ninesim diagram models/oncall-20.json --expand --format mermaid")]
    Diagram(DiagramArgs),
    /// Fit failure and repair laws to incident data (durations, or an incident timeline per
    /// component) with censoring: every law ranked, the best as a model fragment to paste, or
    /// written into a copy of a model with its parameter uncertainty.
    #[command(after_help = "Examples:
  ninesim fit examples/data/incident-log.csv --from 2021-01-01T00:00:00Z --to 2026-01-01T00:00:00Z
  ninesim fit examples/data/incident-log.csv --from 2021-01-01T00:00:00Z --to 2026-01-01T00:00:00Z --into models/storefront.json --out storefront-fitted.json
  ninesim run storefront-fitted.json --uncertainty 200
  ninesim fit examples/data/disk-ages.csv --plots disk-charts")]
    Fit(FitArgs),
    /// Check models and list every problem with its JSON path (exit code 2 if any is invalid).
    #[command(after_help = "Examples:
  ninesim validate models/web-service.json
  ninesim validate models/two-zone.json models/three-zone.json --format json")]
    Validate(ValidateArgs),
    /// Print the JSON Schema of the model format.
    #[command(after_help = "Examples:
  ninesim schema
  ninesim schema --out model.schema.json")]
    Schema {
        /// Write it to this file (atomically) instead of standard output.
        #[arg(long, short)]
        out: Option<PathBuf>,
        /// No "wrote …" line on standard error.
        #[arg(long, short)]
        quiet: bool,
    },
    /// Print the shell completion script for SHELL.
    #[command(after_help = "Examples:
  ninesim completions bash > ~/.local/share/bash-completion/completions/ninesim
  ninesim completions zsh > ~/.zfunc/_ninesim
  ninesim completions fish > ~/.config/fish/completions/ninesim.fish")]
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff) of ninesim or of one command, or write them all.
    #[command(after_help = "Examples:
  ninesim man > ~/.local/share/man/man1/ninesim.1
  ninesim man run --out ninesim-run.1
  ninesim man --out-dir man-pages")]
    Man {
        /// The command whose page to print (`run`, `compare`, …; default: ninesim's own).
        command: Option<String>,
        /// Write the page to this file (atomically) instead of standard output.
        #[arg(long, short, conflicts_with = "out_dir")]
        out: Option<PathBuf>,
        /// Write every page into this directory: `ninesim.1` and `ninesim-<command>.1`.
        #[arg(long, value_name = "DIR", conflicts_with = "command")]
        out_dir: Option<PathBuf>,
        /// No "wrote …" lines on standard error.
        #[arg(long, short)]
        quiet: bool,
    },
}

#[derive(Debug, Args)]
pub struct RunArgs {
    /// The model file (`-`: standard input); several files (or a shell glob) make a batch.
    #[arg(required = true, num_args = 1.., value_name = "MODEL")]
    pub models: Vec<PathBuf>,
    #[command(flatten)]
    pub simulation: SimulationArgs,
    #[command(flatten)]
    pub window: WindowArgs,
    #[command(flatten)]
    pub output: OutputArgs,
    #[command(flatten)]
    pub export: ExportArgs,
    /// Write each scenario's result into this directory (`<model>.<ext>`, atomically) as soon as
    /// it finishes.
    #[arg(long, value_name = "DIR")]
    pub out_dir: Option<PathBuf>,
    #[command(flatten)]
    pub visuals: VisualArgs,
    /// Failure biasing: run this many regenerative cycles (instead of running to --rel-error,
    /// by default 0.01). With --method auto it applies when failure biasing is chosen.
    #[arg(long, value_name = "N", conflicts_with = "rel_error")]
    pub cycles: Option<u64>,
    /// Parameter uncertainty: draw the uncertain laws' parameters (`uncertainty` in the model)
    /// N times and report the spread of the unavailability, nines and downtime over the draws
    /// (5 %, 50 %, 95 %) and which laws drive it, beside the run of the model as given.
    #[arg(long, value_name = "N")]
    pub uncertainty: Option<u64>,
    /// With --uncertainty: how each draw is evaluated. `exact`: its exact steady-state
    /// unavailability (structure function or Markov chain). `simulation`: a run with the same
    /// replications and seed (common random numbers). `auto`: exact where the model allows.
    #[arg(long, value_enum, default_value_t = UncertaintyMethodArg::Auto, requires = "uncertainty")]
    pub uncertainty_method: UncertaintyMethodArg,
    /// Run only shard I of N (from 0) and write a shard file (JSON) for `ninesim merge`; the
    /// shards of a run merge into exactly the single-machine result.
    #[arg(long, value_name = "I/N", value_parser = parse_shard)]
    pub shard: Option<(u64, u64)>,
    /// No progress bar, summary line, warnings or "wrote …" lines on standard error.
    #[arg(long, short)]
    pub quiet: bool,
}

/// `--method`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MethodArg {
    /// Failure biasing for rare outages of exponential models, else plain.
    Auto,
    /// Plain Monte Carlo.
    Plain,
    /// Balanced failure biasing with regenerative cycles.
    FailureBiasing,
}

impl From<MethodArg> for ninesim::Method {
    fn from(m: MethodArg) -> Self {
        match m {
            MethodArg::Auto => Self::Auto,
            MethodArg::Plain => Self::Plain,
            MethodArg::FailureBiasing => Self::FailureBiasing,
        }
    }
}

/// `--uncertainty-method`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum UncertaintyMethodArg {
    /// Exact where the model's exact steady state applies, else simulation.
    Auto,
    /// Each draw's exact steady-state unavailability.
    Exact,
    /// Each draw simulated with the run's replications and seed.
    Simulation,
}

impl From<UncertaintyMethodArg> for ninesim::results::UncertaintyMethod {
    fn from(m: UncertaintyMethodArg) -> Self {
        match m {
            UncertaintyMethodArg::Auto => Self::Auto,
            UncertaintyMethodArg::Exact => Self::Exact,
            UncertaintyMethodArg::Simulation => Self::Simulation,
        }
    }
}

fn parse_shard(text: &str) -> Result<(u64, u64), String> {
    let bad = || format!("`{text}` is not I/N with 0 ≤ I < N (e.g. 0/4 for the first of four shards)");
    let (i, n) = text.split_once('/').ok_or_else(bad)?;
    let (i, n) = (i.trim().parse::<u64>().map_err(|_| bad())?, n.trim().parse::<u64>().map_err(|_| bad())?);
    if n == 0 || i >= n {
        return Err(bad());
    }
    Ok((i, n))
}

#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// The model files (`-`: standard input).
    #[arg(required = true, num_args = 1..)]
    pub models: Vec<PathBuf>,
    /// Output format.
    #[arg(long, short, value_enum, default_value_t = ValidateFormatArg::Text)]
    pub format: ValidateFormatArg,
    /// Only the errors: no warnings, nothing for a valid file (the exit code is the same).
    #[arg(long, short)]
    pub quiet: bool,
}

/// `validate --format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ValidateFormatArg {
    /// A line per valid file, its errors per invalid one.
    Text,
    /// One JSON array, a record per file: file, valid, name, components, blocks,
    /// single_points_of_failure, errors and warnings (each {path, message}).
    Json,
}

#[derive(Debug, Args)]
pub struct MergeArgs {
    /// The shard files of one run (any order; every index once).
    #[arg(required = true, num_args = 1..)]
    pub shards: Vec<PathBuf>,
    #[command(flatten)]
    pub output: OutputArgs,
    #[command(flatten)]
    pub export: ExportArgs,
    #[command(flatten)]
    pub visuals: VisualArgs,
    /// Nothing on standard error but errors (no "wrote …" lines).
    #[arg(long, short)]
    pub quiet: bool,
}

#[derive(Debug, Args)]
pub struct CompareArgs {
    /// The baseline design's model file (`-`: standard input): every other design is compared
    /// with it.
    pub baseline: PathBuf,
    /// The other designs' model files.
    #[arg(required = true, num_args = 1.., value_name = "DESIGN")]
    pub designs: Vec<PathBuf>,
    #[command(flatten)]
    pub simulation: SimulationArgs,
    #[command(flatten)]
    pub window: WindowArgs,
    /// Give each design its own random numbers instead of common ones (wider intervals of the
    /// differences; for checking what common random numbers gain).
    #[arg(long)]
    pub independent: bool,
    /// Order of the designs in the report: as given, or by expected total cost per year
    /// (cheapest first; every design needs costs).
    #[arg(long, value_enum, default_value_t = RankArg::Given)]
    pub rank: RankArg,
    #[command(flatten)]
    pub output: OutputArgs,
    #[command(flatten)]
    pub export: ExportArgs,
    #[command(flatten)]
    pub visuals: VisualArgs,
    /// No progress bar, warnings or "wrote …" lines on standard error.
    #[arg(long, short)]
    pub quiet: bool,
}

/// How `compare` orders its designs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RankArg {
    /// In the order given.
    Given,
    /// By expected total cost per year.
    Cost,
}

#[derive(Debug, Args)]
pub struct SweepArgs {
    /// The model file (`-`: standard input).
    pub model: PathBuf,
    /// PATH=VALUES: a value of the model file and the values it takes. PATH is dotted, with
    /// items of a list by their `id` or their index (`components.app.count`,
    /// `system.series.0.k_of_n.k`). VALUES is a list `1,4,12` (words allowed: `cold,warm`), a
    /// range of integers `2..6` (both ends included), or a stepped range `0.5..2:0.5`. Several
    /// --vary make a grid, the last varying fastest.
    #[arg(long = "vary", required = true, value_name = "PATH=VALUES")]
    pub vary: Vec<String>,
    #[command(flatten)]
    pub simulation: SimulationArgs,
    #[command(flatten)]
    pub window: WindowArgs,
    #[command(flatten)]
    pub output: OutputArgs,
    #[command(flatten)]
    pub export: ExportArgs,
    #[command(flatten)]
    pub visuals: VisualArgs,
    /// No progress bar, warnings or "wrote …" lines on standard error.
    #[arg(long, short)]
    pub quiet: bool,
}

#[derive(Debug, Args)]
pub struct FitArgs {
    /// The data file (`-`: standard input): CSV or JSON, durations (`duration`, optional
    /// `censored` or `event`) or an incident timeline (`component, start, end`).
    pub data: PathBuf,
    /// The data's shape (default: from the header).
    #[arg(long, value_enum)]
    pub shape: Option<ShapeArg>,
    /// Unit of plain numbers in the data, and of the durations fitted.
    #[arg(long, value_enum, default_value_t = UnitArg::Hours)]
    pub unit: UnitArg,
    /// Start of the observation window of a timeline (RFC 3339 or a number; default: the first
    /// incident, and then the first up time is unknown).
    #[arg(long)]
    pub from: Option<String>,
    /// End of the observation window of a timeline (default: the last incident's end).
    #[arg(long)]
    pub to: Option<String>,
    /// Write the fitted laws into a copy of this model (with --out NEW; the model is never
    /// overwritten): a timeline gives each of its components found in the model both laws; a
    /// durations file needs --component and --failure or --repair.
    #[arg(long, value_name = "MODEL", requires = "out")]
    pub into: Option<PathBuf>,
    /// With --into: the model component to write (a timeline: only this one).
    #[arg(long, value_name = "ID", requires = "into")]
    pub component: Option<String>,
    /// With --into and a durations file: the durations are times to failure.
    #[arg(long, requires = "into", conflicts_with = "repair")]
    pub failure: bool,
    /// With --into and a durations file: the durations are repair times.
    #[arg(long, requires = "into")]
    pub repair: bool,
    /// With --into: write this law instead of the best by AICc.
    #[arg(long, value_enum, requires = "into")]
    pub law: Option<LawArg>,
    /// Output format of the report.
    #[arg(long, short, value_enum, default_value_t = FormatArg::Text)]
    pub format: FormatArg,
    #[command(flatten)]
    pub export: ExportArgs,
    /// Without --into: write the report to this file. With --into: the new model's file (the
    /// report goes to standard output).
    #[arg(long, short)]
    pub out: Option<PathBuf>,
    /// Write the charts (Kaplan–Meier with the fitted laws, Weibull probability plot; SVG and
    /// PNG) of every sample into this directory.
    #[arg(long, value_name = "DIR")]
    pub plots: Option<PathBuf>,
    /// Nothing on standard error but errors (no list of the laws written).
    #[arg(long, short)]
    pub quiet: bool,
}

/// `fit --shape`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ShapeArg {
    /// One duration per row.
    Durations,
    /// One incident per row: component, start, end.
    Timeline,
}

/// A unit of time on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum UnitArg {
    /// Seconds.
    Seconds,
    /// Minutes.
    Minutes,
    /// Hours.
    Hours,
    /// Days of 24 h.
    Days,
    /// Years of 8766 h.
    Years,
}

impl From<UnitArg> for ninesim::model::TimeUnit {
    fn from(u: UnitArg) -> Self {
        match u {
            UnitArg::Seconds => Self::Seconds,
            UnitArg::Minutes => Self::Minutes,
            UnitArg::Hours => Self::Hours,
            UnitArg::Days => Self::Days,
            UnitArg::Years => Self::Years,
        }
    }
}

/// `fit --law`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LawArg {
    /// Exponential.
    Exponential,
    /// Two-parameter Weibull.
    Weibull,
    /// Lognormal.
    Lognormal,
    /// Gamma.
    Gamma,
}

impl From<LawArg> for ninesim::stats::fit::Law {
    fn from(l: LawArg) -> Self {
        match l {
            LawArg::Exponential => Self::Exponential,
            LawArg::Weibull => Self::Weibull,
            LawArg::Lognormal => Self::Lognormal,
            LawArg::Gamma => Self::Gamma,
        }
    }
}

/// The observation window of a simulation.
#[derive(Debug, Clone, Copy, Args)]
pub struct WindowArgs {
    /// Length of each replication, in the model's time unit (default: the model's, else 100 years).
    #[arg(long)]
    pub horizon: Option<f64>,
    /// Initial time excluded from the statistics, in the model's time unit (default: 0).
    #[arg(long)]
    pub warmup: Option<f64>,
}

impl WindowArgs {
    /// Overrides the model's window with the one given.
    pub fn apply(&self, config: &mut ninesim::RunConfig) {
        config.horizon = self.horizon.unwrap_or(config.horizon);
        config.warmup = self.warmup.unwrap_or(config.warmup);
    }
}

/// Charts and the HTML report.
#[derive(Debug, Args)]
pub struct VisualArgs {
    /// Write the charts (SVG and PNG) into this directory.
    #[arg(long, value_name = "DIR")]
    pub plots: Option<PathBuf>,
    /// Write a self-contained HTML report (tables, charts, settings) into this directory.
    #[arg(long, value_name = "DIR")]
    pub report: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct AnalyzeArgs {
    /// The model file (`-`: standard input).
    pub model: PathBuf,
    /// Largest order of the minimal cut sets listed.
    #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u32).range(1..=32))]
    pub max_order: u32,
    /// Also list the minimal path sets (up to this order).
    #[arg(long, value_name = "ORDER", value_parser = clap::value_parser!(u32).range(1..=64))]
    pub path_sets: Option<u32>,
    /// Mission time for R(T) and the window figures, in the model's time unit (default: as `run`).
    #[arg(long)]
    pub horizon: Option<f64>,
    /// Start of the window, in the model's time unit (default: as `run`).
    #[arg(long)]
    pub warmup: Option<f64>,
    /// Largest Markov chain to build, in states.
    #[arg(long, default_value_t = 1_000_000)]
    pub max_states: usize,
    /// Also simulate, and show each component's simulated downtime contribution beside its
    /// exact importance (and the verdict on U); the simulation options below need it.
    #[arg(long)]
    pub simulate: bool,
    #[command(flatten)]
    pub simulation: SimulationArgs,
    #[command(flatten)]
    pub output: OutputArgs,
    #[command(flatten)]
    pub export: ExportArgs,
    /// Write a self-contained HTML report into this directory: the block diagram with each
    /// block's exact availability (where the model has one), then the analysis.
    #[arg(long, value_name = "DIR")]
    pub report: Option<PathBuf>,
    /// No warnings or "wrote …" lines on standard error.
    #[arg(long, short)]
    pub quiet: bool,
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// The model file (`-`: standard input).
    pub model: PathBuf,
    /// Show the formulas only, without simulating.
    #[arg(long)]
    pub no_simulation: bool,
    #[command(flatten)]
    pub simulation: SimulationArgs,
    #[command(flatten)]
    pub window: WindowArgs,
    /// Output format (a derivation is prose: no CSV).
    #[arg(long, short, value_enum, default_value_t = ExplainFormatArg::Text)]
    pub format: ExplainFormatArg,
    /// Write the result to this file (atomically) instead of standard output.
    #[arg(long, short)]
    pub out: Option<PathBuf>,
    #[command(flatten)]
    pub export: ProseExportArgs,
    /// Write a self-contained HTML page into this directory: the block diagram beside the
    /// derivation.
    #[arg(long, value_name = "DIR")]
    pub report: Option<PathBuf>,
    /// No warnings or "wrote …" lines on standard error.
    #[arg(long, short)]
    pub quiet: bool,
}

/// `explain --format`: the formats of [`FormatArg`] that suit prose.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExplainFormatArg {
    /// Readable report.
    Text,
    /// Machine-readable result (stable format).
    Json,
    /// Markdown.
    Md,
}

impl From<ExplainFormatArg> for ninesim::report::Format {
    fn from(f: ExplainFormatArg) -> Self {
        match f {
            ExplainFormatArg::Text => Self::Text,
            ExplainFormatArg::Json => Self::Json,
            ExplainFormatArg::Md => Self::Markdown,
        }
    }
}

/// How a command simulates: how many replications (or until what precision), from which seed,
/// on how many threads, by which method. Every simulating command takes the same options (run,
/// compare, sweep, explain; analyze with --simulate).
#[derive(Debug, Clone, Copy, Args)]
pub struct SimulationArgs {
    /// Independent replications, i.e. simulated lives (default: the model's, else 1000).
    #[arg(long, short = 'n')]
    pub replications: Option<u64>,
    /// Master seed; the same seed gives the same result on any number of threads.
    #[arg(long, short)]
    pub seed: Option<u64>,
    /// Worker threads (default: all cores; never changes the result).
    #[arg(long, short = 'j')]
    pub threads: Option<usize>,
    /// How to estimate. `plain`: Monte Carlo of whole lives (every figure and chart).
    /// `failure-biasing` (run only): importance sampling for highly available models whose
    /// laws are all exponential (no maintenance): the steady-state U, ω, MTBF and MDT with valid
    /// intervals, thousands of times faster at six nines and more; it runs to --rel-error
    /// (default 0.01), or --cycles N. `auto`: for run, failure biasing when the model allows it
    /// and plain Monte Carlo would see too few outages (fewer than 1,000, or too few for
    /// --rel-error), and the report's first line says so; compare, sweep, explain and analyze
    /// need whole lives and always run plain.
    #[arg(long, value_enum, default_value_t = MethodArg::Auto)]
    pub method: MethodArg,
    /// Run until the 95% CI half-width of the unavailability is at most this fraction of it
    /// (e.g. 0.01), checking after every 1,024 replications (compare: every design's); the result
    /// says the precision reached and why it stopped.
    #[arg(long, value_name = "FRACTION", conflicts_with = "replications")]
    pub rel_error: Option<f64>,
    /// With --rel-error: stop at this many replications (failure biasing: cycles) at the latest.
    #[arg(long, value_name = "N", default_value_t = 1_000_000, requires = "rel_error")]
    pub max_replications: u64,
    /// With --rel-error: stop at the first check after this many seconds (then the result
    /// depends on timing and is not reproducible).
    #[arg(long, value_name = "SECONDS", requires = "rel_error")]
    pub max_time: Option<f64>,
}

impl SimulationArgs {
    /// Overrides the model's settings with the ones given.
    pub fn apply(&self, config: &mut ninesim::RunConfig) {
        config.replications = self.replications.unwrap_or(config.replications);
        config.seed = self.seed.unwrap_or(config.seed);
        config.threads = self.threads;
    }

    /// Whether any option was given (analyze takes them only with --simulate).
    pub fn any_given(&self) -> bool {
        self.replications.is_some()
            || self.seed.is_some()
            || self.threads.is_some()
            || self.method != MethodArg::Auto
            || self.rel_error.is_some()
            || self.max_time.is_some()
    }
}

/// Files written beside the main output, each in its own format whatever `--format` says (the
/// habit of hyperfine's `--export-json`): the text on the terminal and the data in files, from
/// one run.
#[derive(Debug, Clone, Args)]
pub struct ExportArgs {
    /// Also write the result as JSON into FILE (atomically).
    #[arg(long, value_name = "FILE")]
    pub export_json: Option<PathBuf>,
    /// Also write the result as tidy CSV into FILE (atomically).
    #[arg(long, value_name = "FILE")]
    pub export_csv: Option<PathBuf>,
    /// Also write the result as Markdown into FILE (atomically).
    #[arg(long, value_name = "FILE")]
    pub export_md: Option<PathBuf>,
}

impl ExportArgs {
    /// The files asked for, with their formats.
    pub fn files(&self) -> Vec<(ninesim::report::Format, PathBuf)> {
        use ninesim::report::Format;
        [(Format::Json, &self.export_json), (Format::Csv, &self.export_csv), (Format::Markdown, &self.export_md)]
            .into_iter()
            .filter_map(|(f, p)| p.clone().map(|p| (f, p)))
            .collect()
    }
}

/// `explain`'s exports: a derivation is prose, so JSON and Markdown only.
#[derive(Debug, Clone, Args)]
pub struct ProseExportArgs {
    /// Also write the result as JSON into FILE (atomically).
    #[arg(long, value_name = "FILE")]
    pub export_json: Option<PathBuf>,
    /// Also write the result as Markdown into FILE (atomically).
    #[arg(long, value_name = "FILE")]
    pub export_md: Option<PathBuf>,
}

impl ProseExportArgs {
    /// The files asked for, with their formats.
    pub fn files(&self) -> Vec<(ninesim::report::Format, PathBuf)> {
        ExportArgs { export_json: self.export_json.clone(), export_csv: None, export_md: self.export_md.clone() }.files()
    }
}

/// Where a result goes and in which format (shared by run, compare, sweep, merge and analyze).
#[derive(Debug, Args)]
pub struct OutputArgs {
    /// Output format.
    #[arg(long, short, value_enum, default_value_t = FormatArg::Text)]
    pub format: FormatArg,
    /// Write the result to this file (atomically) instead of standard output.
    #[arg(long, short)]
    pub out: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    /// Readable report.
    Text,
    /// Machine-readable result (stable format).
    Json,
    /// Tidy CSV, one row per metric.
    Csv,
    /// Markdown tables.
    Md,
    /// The JSON result on one line; a batch writes one line per model as each finishes.
    Ndjson,
}

impl From<FormatArg> for ninesim::report::Format {
    fn from(f: FormatArg) -> Self {
        match f {
            FormatArg::Text => Self::Text,
            FormatArg::Json => Self::Json,
            FormatArg::Csv => Self::Csv,
            FormatArg::Md => Self::Markdown,
            FormatArg::Ndjson => Self::Ndjson,
        }
    }
}

/// `ninesim diagram`.
#[derive(Debug, Args)]
pub struct DiagramArgs {
    /// The model file (`-`: standard input).
    pub model: PathBuf,
    /// Output format (default: from --out's extension, else SVG).
    #[arg(long, short, value_enum)]
    pub format: Option<DiagramFormatArg>,
    /// Write the diagram to this file (atomically) instead of standard output.
    #[arg(long, short)]
    pub out: Option<PathBuf>,
    /// Give each block its availability and each component its availability and share of the
    /// downtime: exact where the components are independent, else simulated (with the
    /// simulation options below).
    #[arg(long)]
    pub annotate: bool,
    /// Draw consecutive instances of one component kind in a block as one box ("app × 3"),
    /// the default.
    #[arg(long, conflicts_with = "expand")]
    pub collapse: bool,
    /// Draw every instance in a box of its own.
    #[arg(long)]
    pub expand: bool,
    #[command(flatten)]
    pub simulation: SimulationArgs,
    #[command(flatten)]
    pub window: WindowArgs,
    /// No warnings or "wrote …" lines on standard error.
    #[arg(long, short)]
    pub quiet: bool,
}

/// `diagram --format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiagramFormatArg {
    /// Scalable vector graphics.
    Svg,
    /// PNG image.
    Png,
    /// Graphviz DOT (`dot -Tsvg`).
    Dot,
    /// Mermaid flowchart (Markdown code blocks on GitHub and GitLab).
    Mermaid,
}

impl DiagramFormatArg {
    /// The format a file name's extension asks for.
    pub fn from_extension(path: &std::path::Path) -> Option<Self> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "svg" => Some(Self::Svg),
            "png" => Some(Self::Png),
            "dot" | "gv" => Some(Self::Dot),
            "mmd" | "mermaid" => Some(Self::Mermaid),
            _ => None,
        }
    }
}
