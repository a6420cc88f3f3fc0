//! Designs side by side: each simulated over the same replications, with common random numbers
//! by default, and each design's difference from the first estimated pairwise.
//!
//! Common random numbers: replication i of every design uses the same master seed, and every
//! component instance draws from a stream keyed by its name, so a component two designs share
//! lives the same life in both. The per-replication differences then vary less than the
//! designs themselves, and the interval of the difference is narrower than two independent
//! runs would give (Law 2015, ch. 11.2).

use serde::{Deserialize, Serialize};

use crate::model::{Model, TimeUnit};
use crate::sim::{
    DesignTallies, Precision, RunConfig, RunError, StoppedBy, Streams, relative_half_width, simulate_designs, simulate_designs_to_precision,
};
use crate::stats::Estimate;
use crate::study::results::{PrecisionReached, RunResult, SCHEMA_VERSION};

/// Designs compared over the same replications.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Comparison {
    /// Version of this format.
    pub schema_version: u32,
    /// The version of ninesim that ran it.
    pub ninesim_version: String,
    /// Master seed.
    pub seed: u64,
    /// Replications of each design.
    pub replications: u64,
    /// Length of each replication.
    pub horizon: f64,
    /// Start of the observation window.
    pub warmup: f64,
    /// Unit of every time.
    pub time_unit: TimeUnit,
    /// Whether the designs shared random numbers (else each had its own seed).
    pub common_random_numbers: bool,
    /// Each design's full result, in the order given.
    pub designs: Vec<RunResult>,
    /// Each design after the first, against the first.
    pub differences: Vec<Difference>,
    /// The designs (indices) from cheapest to dearest expected total cost per year, when ranked
    /// by cost ([`crate::study::ranking::rank`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ranked_by_cost: Option<Vec<usize>>,
}

/// One design against the first (the baseline): design − baseline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Difference {
    /// The design's name.
    pub design: String,
    /// The baseline's name.
    pub baseline: String,
    /// Difference of unavailability.
    pub unavailability: Estimate,
    /// Difference of downtime, minutes per year.
    pub downtime_minutes_per_year: Estimate,
    /// Difference of system failures per year.
    pub failure_frequency_per_year: Estimate,
    /// `better`, `worse` or `not distinguishable`: whether the 95% interval of the difference of
    /// unavailability lies below zero, above it, or contains it.
    pub verdict: String,
}

/// Simulates `models` with the same settings (`config`) and compares them to the first.
pub fn compare(models: &[Model], config: &RunConfig, streams: Streams, progress: &(dyn Fn(u64) + Sync)) -> Result<Comparison, RunError> {
    let systems = designs_of(models)?;
    let tallies = simulate_designs(&systems, config, streams, progress)?;
    Ok(assemble(models, config, streams, &tallies, None))
}

/// As [`compare`], checkpoint after checkpoint until every design's U is known to
/// `precision.rel_error` (the least precise design decides; `config.replications` is ignored).
/// Each design's result records the precision it reached and why the run stopped.
pub fn compare_to_precision(
    models: &[Model],
    config: &RunConfig,
    streams: Streams,
    precision: Precision,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<Comparison, RunError> {
    let systems = designs_of(models)?;
    let (tallies, stopped_by) = simulate_designs_to_precision(&systems, config, streams, precision, progress)?;
    let done = RunConfig { replications: tallies.tallies.first().map_or(0, |t| t.replications()), ..config.clone() };
    Ok(assemble(models, &done, streams, &tallies, Some((precision, stopped_by))))
}

/// The designs' systems, checked to count time in one unit.
fn designs_of(models: &[Model]) -> Result<Vec<&crate::model::System>, RunError> {
    let Some(first) = models.first() else {
        return Err(RunError::Config("compare needs at least one design".into()));
    };
    if let Some(other) = models.iter().find(|m| m.system.time_unit != first.system.time_unit) {
        return Err(RunError::Config(format!(
            "`{}` counts time in {:?} but `{}` in {:?}: designs compared together must use one time unit",
            other.file.display(),
            other.system.time_unit,
            first.file.display(),
            first.system.time_unit
        )));
    }
    Ok(models.iter().map(|m| &m.system).collect())
}

/// The comparison of the designs' tallies over `config.replications` replications.
fn assemble(
    models: &[Model],
    config: &RunConfig,
    streams: Streams,
    tallies: &DesignTallies,
    precision: Option<(Precision, StoppedBy)>,
) -> Comparison {
    let first = &models[0];
    let threads = config.threads.unwrap_or_else(rayon::current_num_threads);
    let designs: Vec<RunResult> = models
        .iter()
        .zip(&tallies.tallies)
        .map(|(model, tally)| {
            let mut result = super::summarize(model, config, threads, tally);
            if let Some((precision, stopped_by)) = precision {
                let reached = relative_half_width(tally);
                result.precision = Some(PrecisionReached {
                    target_rel_error: precision.rel_error,
                    rel_error: reached.is_finite().then_some(reached),
                    stopped_by,
                });
            }
            result
        })
        .collect();
    let year = first.system.year();
    let minutes = crate::units::MINUTES_PER_YEAR;
    let differences = designs
        .iter()
        .enumerate()
        .skip(1)
        .map(|(k, design)| {
            let u = tallies.unavailability_difference[k].estimate();
            let verdict = if u.ci95[1] < 0.0 {
                "better"
            } else if u.ci95[0] > 0.0 {
                "worse"
            } else {
                "not distinguishable"
            };
            Difference {
                design: design.model.name.clone(),
                baseline: designs[0].model.name.clone(),
                unavailability: u,
                downtime_minutes_per_year: u.map_increasing(|x| x * minutes, minutes),
                failure_frequency_per_year: tallies.failure_rate_difference[k].estimate().map_increasing(|w| w * year, year),
                verdict: verdict.to_string(),
            }
        })
        .collect();
    Comparison {
        schema_version: SCHEMA_VERSION,
        ninesim_version: env!("CARGO_PKG_VERSION").to_string(),
        seed: config.seed,
        replications: config.replications,
        horizon: config.horizon,
        warmup: config.warmup,
        time_unit: first.system.time_unit,
        common_random_numbers: streams == Streams::Common,
        designs,
        differences,
        ranked_by_cost: None,
    }
}
