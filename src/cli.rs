//! Command-line definition. Parsing only: `main.rs` turns these into library calls.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// ninesim: how many nines does this design have? Monte Carlo availability simulation with
/// confidence intervals, from a JSON model of components, failures, repairs and redundancy.
#[derive(Debug, Parser)]
#[command(name = "ninesim", version, about, long_about = None, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Simulate a model and report availability, nines, downtime, MTBF, MDT and SPOFs.
    Run(RunArgs),
    /// Check a model and list every problem with its JSON path.
    Validate {
        /// The model file.
        model: PathBuf,
    },
    /// Print the JSON Schema of the model format.
    Schema {
        /// Write it to this file (atomically) instead of standard output.
        #[arg(long, short)]
        out: Option<PathBuf>,
    },
}

#[derive(Debug, Args)]
pub struct RunArgs {
    /// The model file.
    pub model: PathBuf,
    /// Independent replications (default: the model's, else 1000).
    #[arg(long, short = 'n')]
    pub replications: Option<u64>,
    /// Length of each replication, in the model's time unit (default: the model's, else 100 years).
    #[arg(long)]
    pub horizon: Option<f64>,
    /// Initial time excluded from the statistics, in the model's time unit (default: 0).
    #[arg(long)]
    pub warmup: Option<f64>,
    /// Master seed; the same seed gives the same result on any number of threads.
    #[arg(long, short)]
    pub seed: Option<u64>,
    /// Worker threads (default: all cores).
    #[arg(long, short = 'j')]
    pub threads: Option<usize>,
    /// Output format.
    #[arg(long, short, value_enum, default_value_t = FormatArg::Text)]
    pub format: FormatArg,
    /// Write the result to this file (atomically) instead of standard output.
    #[arg(long, short)]
    pub out: Option<PathBuf>,
    /// No progress bar, no summary line, no warnings on standard error.
    #[arg(long, short)]
    pub quiet: bool,
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
}

impl From<FormatArg> for ninesim::report::Format {
    fn from(f: FormatArg) -> Self {
        match f {
            FormatArg::Text => Self::Text,
            FormatArg::Json => Self::Json,
            FormatArg::Csv => Self::Csv,
            FormatArg::Md => Self::Markdown,
        }
    }
}
