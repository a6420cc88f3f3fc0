//! A run split into deterministic shards for a cluster, and merged back into exactly the
//! single-machine result.
//!
//! The run's batches (fixed by the replication count alone) are split evenly: shard i of N
//! simulates its batches and keeps each batch's tally unmerged. Merging replays the single
//! run's merges, batch after batch in order, so the floating-point sums happen in the same
//! order and the result is bit-identical. A shard file carries the model's text and the
//! settings, so merging needs nothing else, and refuses shards of different runs.

use serde::{Deserialize, Serialize};

use crate::model::{Model, ModelError};
use crate::sim::{RunConfig, RunError, Tally};
use crate::study::results::{MethodUsed, RunResult};

/// What a shard file says it is.
const FORMAT: &str = "ninesim shard";

/// One shard of a run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Shard {
    /// Always "ninesim shard".
    pub format: String,
    /// The version of ninesim that ran it (merging needs the same version).
    pub ninesim_version: String,
    /// The model file's name.
    pub model_file: String,
    /// The model file's text.
    pub model_text: String,
    /// Master seed.
    pub seed: u64,
    /// Replications of the whole run.
    pub replications: u64,
    /// Length of each replication.
    pub horizon: f64,
    /// Start of the observation window.
    pub warmup: f64,
    /// This shard's index, from 0.
    pub index: u64,
    /// The number of shards.
    pub count: u64,
    /// The method, as the result will report it (shards always run plain Monte Carlo).
    #[serde(default = "MethodUsed::plain")]
    pub method: MethodUsed,
    /// The tally of each of its batches, in order.
    pub batches: Vec<Tally>,
}

/// Why shards could not be merged.
#[derive(Debug, thiserror::Error)]
pub enum MergeError {
    /// The shards do not belong together, or some are missing.
    #[error("{0}")]
    Mismatch(String),
    /// The model in the shards does not load.
    #[error(transparent)]
    Model(#[from] ModelError),
}

impl MergeError {
    /// Always the user's to fix: shards that do not belong together, or a model that does not
    /// load from them.
    pub fn is_bad_input(&self) -> bool {
        true
    }
}

/// Runs shard `index` of `count` of `model` (whose file text is `text`).
pub fn run(
    model: &Model,
    text: &str,
    config: &RunConfig,
    index: u64,
    count: u64,
    method: MethodUsed,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<Shard, RunError> {
    let batches = crate::sim::simulate_shard(&model.system, config, index, count, progress)?;
    Ok(Shard {
        format: FORMAT.to_string(),
        ninesim_version: env!("CARGO_PKG_VERSION").to_string(),
        model_file: model.file.display().to_string(),
        model_text: text.to_string(),
        seed: config.seed,
        replications: config.replications,
        horizon: config.horizon,
        warmup: config.warmup,
        index,
        count,
        method,
        batches,
    })
}

/// The result of the whole run from all its shards (in any order).
pub fn merge(mut shards: Vec<Shard>, threads: usize) -> Result<RunResult, MergeError> {
    let mismatch = |m: String| MergeError::Mismatch(m);
    let Some(first) = shards.first().cloned() else {
        return Err(mismatch("no shard to merge".into()));
    };
    for s in &shards {
        if s.format != FORMAT {
            return Err(mismatch(format!("shard {} is not a ninesim shard file", s.index)));
        }
        let same = s.ninesim_version == first.ninesim_version
            && s.model_text == first.model_text
            && s.seed == first.seed
            && s.replications == first.replications
            && s.horizon.to_bits() == first.horizon.to_bits()
            && s.warmup.to_bits() == first.warmup.to_bits()
            && s.count == first.count
            && s.method == first.method;
        if !same {
            return Err(mismatch(format!(
                "shard {}/{} and shard {}/{} are not of the same run (model, settings, shard count and ninesim version must match)",
                first.index, first.count, s.index, s.count
            )));
        }
    }
    shards.sort_by_key(|s| s.index);
    let indexes: Vec<u64> = shards.iter().map(|s| s.index).collect();
    let expected: Vec<u64> = (0..first.count).collect();
    if indexes != expected {
        let missing: Vec<String> = expected.iter().filter(|i| !indexes.contains(i)).map(u64::to_string).collect();
        return Err(mismatch(format!(
            "a run of {} shards needs each index 0..{} once; got {:?}{}",
            first.count,
            first.count,
            indexes,
            if missing.is_empty() { String::new() } else { format!(" (missing {})", missing.join(", ")) }
        )));
    }
    let model = crate::model::parse_str(&first.model_text, &first.model_file)?;
    // A shard's batches must be exactly the ones its header says it ran: an edited count, an
    // emptied shard or a truncated component list would otherwise merge into wrong figures.
    for s in &shards {
        let range = crate::sim::runner::shard_batches(s.replications, s.index, s.count);
        if s.batches.len() as u64 != range.end - range.start {
            return Err(mismatch(format!(
                "shard {}/{} holds {} batches; a run of {} replications gives it {}",
                s.index,
                s.count,
                s.batches.len(),
                s.replications,
                range.end - range.start
            )));
        }
        for (batch, tally) in range.zip(&s.batches) {
            let replications = crate::sim::runner::batch_replications(s.replications, batch);
            tally
                .check_batch(&model.system, replications)
                .and_then(|()| tally.check_periods(&model.system, s.horizon - s.warmup))
                .map_err(|why| {
                    mismatch(format!("shard {}/{}: batch {batch} does not match its header or the model: {why}", s.index, s.count))
                })?;
        }
    }
    let config =
        RunConfig { replications: first.replications, horizon: first.horizon, warmup: first.warmup, seed: first.seed, threads: None };
    let tally = crate::sim::merge_shards(shards.iter().flat_map(|s| &s.batches), &model.system);
    let mut result = super::summarize(&model, &config, threads, &tally);
    result.method = first.method;
    Ok(result)
}
