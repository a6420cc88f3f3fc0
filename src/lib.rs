//! # ninesim
//!
//! A discrete-event Monte Carlo availability simulator. A model (JSON) says which components
//! exist, how they fail and get repaired, and which combinations keep the service up; ninesim
//! simulates many independent lives of the system in parallel and reports availability with a
//! confidence interval, the nines, downtime per year, failure frequency, MTBF, MUT, MDT, MTTFF,
//! outage durations, where the downtime comes from, and the single points of failure.
//!
//! ```text
//! model::load ─► model::System ─► sim::simulate (rayon) ─► sim::Tally ─► RunResult ─► report
//!                      └────────► analysis (exact: BDD, cut sets, importance, Markov chains)
//! ```
//!
//! Where the maths allows, [`analysis`] gives the exact answer beside the simulated one:
//! [`run`] attaches it to the result with a verdict, and [`analysis::analyze`] reports it alone.
//!
//! Guarantees:
//! - Events at equal times are processed in the order they were scheduled.
//! - The same model and seed give bit-identical results for any thread count: replication `i`
//!   of component `c` draws from its own `Xoshiro256PlusPlus` stream seeded from
//!   (seed, i, name of c), and tallies are merged in replication order.
//! - The library never prints, exits, or reads files other than the model in [`model::load`].
//!
//! ```
//! let model = ninesim::model::parse_str(r#"{
//!     "name": "one server",
//!     "components": [{ "id": "server",
//!         "failure": { "dist": "exponential", "mean": 1000 },
//!         "repair":  { "dist": "exponential", "mean": 10 } }],
//!     "system": "server"
//! }"#, "inline.json").unwrap();
//! let mut config = ninesim::RunConfig::from_model(&model.system);
//! config.replications = 100;
//! let result = ninesim::run(&model, &config, &|_| {}).unwrap();
//! let exact = 1000.0 / 1010.0;
//! assert!((result.availability.mean - exact).abs() < 1e-3);
//! ```

#![warn(missing_docs)]

pub mod analysis;
pub mod compare;
pub mod model;
pub mod plot;
pub mod rare;
pub mod report;
pub mod results;
pub mod shard;
pub mod sim;
pub mod stats;
pub mod sweep;

pub use model::{Model, ModelError, System, load};
pub use results::RunResult;
pub use sim::{RunConfig, RunError};

/// Hours in a (Julian) year, the year of every "per year" figure.
pub const HOURS_PER_YEAR: f64 = 8766.0;
/// Minutes in a year.
pub const MINUTES_PER_YEAR: f64 = HOURS_PER_YEAR * 60.0;

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
