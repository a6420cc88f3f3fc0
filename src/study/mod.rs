//! Orchestration: what a run does (the [`plan`]), running it, comparing designs, sweeping
//! parameters and sharding, and the result documents they return ([`results`]). The exact
//! references and the verdicts are attached here, where a simulation meets its analysis: the
//! layers below know nothing of each other's results.

pub mod compare;
mod costs;
pub mod diagram;
pub mod fit;
mod objectives;
pub mod plan;
pub mod ranking;
pub mod results;
pub mod shard;
mod summary;
pub mod sweep;
pub mod uncertainty;

use crate::model::Model;
use crate::sim::{RunConfig, RunError};
use crate::{analysis, rare, sim};
use results::RunResult;

/// Simulates `model` with `config` and summarises the result. `progress` is called from worker
/// threads with the number of replications just finished.
pub fn run(model: &Model, config: &RunConfig, progress: &(dyn Fn(u64) + Sync)) -> Result<RunResult, RunError> {
    let tally = sim::simulate(&model.system, config, progress)?;
    let threads = config.threads.unwrap_or_else(rayon::current_num_threads);
    Ok(summarize(model, config, threads, &tally))
}

/// Simulates `model` until the 95% interval of U is within `precision.rel_error` of U (or a
/// limit is reached): the result says which, and the precision reached.
pub fn run_to_precision(
    model: &Model,
    config: &RunConfig,
    precision: sim::Precision,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<RunResult, RunError> {
    let (tally, stopped_by) = sim::simulate_to_precision(&model.system, config, precision, progress)?;
    let threads = config.threads.unwrap_or_else(rayon::current_num_threads);
    let done = RunConfig { replications: tally.replications(), ..config.clone() };
    let mut result = summarize(model, &done, threads, &tally);
    let reached = sim::relative_half_width(&tally);
    result.precision = Some(results::PrecisionReached {
        target_rel_error: precision.rel_error,
        rel_error: reached.is_finite().then_some(reached),
        stopped_by,
    });
    Ok(result)
}

/// Estimates the steady state of `model` by failure biasing ([`rare`]): for highly available
/// exponential models, where plain Monte Carlo sees too few outages. `method` records what was
/// asked for and why this ran.
pub fn run_failure_biasing(
    model: &Model,
    config: &rare::Config,
    method: results::MethodUsed,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<results::RareEventResult, RunError> {
    let (tally, stopped_by) = rare::simulate(&model.system, config, progress)?;
    let threads = config.threads.unwrap_or_else(rayon::current_num_threads);
    let mut result = results::RareEventResult::new(&model.system, &model.file.display().to_string(), config.seed, threads, &tally, method);
    if let (Some(stopped_by), rare::Stop::Precision(p)) = (stopped_by, config.stop) {
        let reached = tally.relative_half_width();
        result.precision = Some(results::PrecisionReached {
            target_rel_error: p.rel_error,
            rel_error: reached.is_finite().then_some(reached),
            stopped_by,
        });
    }
    Ok(result)
}

/// The result of a finished simulation of `model`: the estimates, with the exact answers
/// beside them where the model has them (or why it has none).
pub fn summarize(model: &Model, config: &RunConfig, threads: usize, tally: &sim::Tally) -> RunResult {
    let reference = analysis::reference_for_run(&model.system, config.horizon, config.warmup);
    let mut result = RunResult::new(&model.system, &model.file.display().to_string(), config, threads, tally, reference.as_ref());
    result.no_exact = analysis::solvable(&model.system).err().map(|e| e.to_string());
    result
}

/// Puts a run's results beside an exact analysis: the simulated unavailability with the
/// verdict, and each component's simulated downtime contribution and criticality.
pub fn attach_simulation(analysis: &mut analysis::Analysis, run: &RunResult) {
    for (imp, c) in analysis.importance.iter_mut().zip(&run.components) {
        imp.simulated_criticality = Some(c.criticality);
        imp.simulated_contribution = Some(c.downtime_contribution);
    }
    analysis.simulation = Some(analysis::SimulationCheck {
        replications: run.replications,
        seed: run.seed,
        unavailability: run.unavailability,
        verdict: run.exact.as_ref().map(|e| e.verdict.clone()),
    });
}

/// A run's figures in the form the worked example shows beside each step.
pub fn simulated_for_explanation(tally: &sim::Tally) -> analysis::explain::Simulated {
    analysis::explain::Simulated {
        replications: tally.replications(),
        unavailability: tally.unavailability.estimate(),
        components: tally.components.iter().map(|c| c.unavailability.estimate()).collect(),
        blocks: tally.blocks.iter().map(|b| b.estimate()).collect(),
    }
}
