//! Parameter (epistemic) uncertainty carried to the nines: a two-level Monte Carlo.
//!
//! The outer loop draws N parameter sets for the laws that carry an `uncertainty`; the inner
//! loop evaluates each draw: exactly (the steady-state U of the structure function or the
//! Markov chain, [`crate::analysis::SteadySolver`]) where that applies, else by simulating it with
//! the run's replications and seed, so every draw lives through the same random numbers and
//! the differences between draws are the parameters' doing (common random numbers). The
//! result ([`UncertaintyResult`]) gives the spread of U, nines and downtime over the draws and
//! which laws drive it, beside (never mixed with) the run's Monte Carlo interval. The maths is
//! in `docs/maths.md` §16.
//!
//! Determinism: law `l` of draw `k` draws its parameters from its own `Xoshiro256PlusPlus`
//! seeded from (seed, k, the law's stream key); the keys carry a tag no simulation stream's
//! key can (see [`crate::model::UncertainLaw::stream_key`]). Exact draws run in parallel and
//! are collected in draw order; simulated draws run one after the other, each in parallel over
//! its replications (itself deterministic). Same bits for any thread count.

use rand::SeedableRng;
use rand::rngs::Xoshiro256PlusPlus;
use rayon::prelude::*;

use super::results::{Spread, UncertaintyDriver, UncertaintyMethod, UncertaintyResult};
use crate::analysis::{AnalysisError, SteadySolver};
use crate::model::{LawRole, Model, System, UncertainLaw};
use crate::sim::runner::MAX_EVENTS;
use crate::sim::{self, RunConfig, RunError};
use crate::stats::Estimate;
use crate::stats::rank::{quantile_of_sorted, spearman};
use crate::units::fmt::{count, number};
use crate::units::{MINUTES_PER_YEAR, nines};

/// The most parameter draws a run may ask for: a million draws of an exact answer take
/// minutes, and percentiles are already known to a fraction of a percent of the draws.
pub const MAX_DRAWS: u64 = 1_000_000;

/// The most work the exact method may do: draws × (nodes of the structure function's diagram,
/// or states × components of the Markov chain). About 5 million such steps a second on one
/// core were measured (the metadata store's chain, the storefront's diagram), so this is about
/// a minute of one core, less on several.
pub const MAX_EXACT_WORK: f64 = 3e8;

/// What was asked of the parameter draws.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UncertaintyRequest {
    /// Parameter draws (the outer loop).
    pub draws: u64,
    /// How each draw is evaluated.
    pub method: UncertaintyMethod,
}

/// What the parameter draws will do, decided before anything runs.
#[derive(Debug, Clone, PartialEq)]
pub struct UncertaintyPlan {
    /// Parameter draws.
    pub draws: u64,
    /// The method asked for.
    pub requested: UncertaintyMethod,
    /// The method that will run (`Exact` or `Simulation`).
    pub used: UncertaintyMethod,
    /// Why.
    pub reason: String,
    /// Progress units the draws report: one per draw (exact) or per replication (simulation).
    pub units: u64,
}

/// Chooses how the draws of `request` are evaluated for `model` run with `config`, and refuses
/// what cannot be trusted or would not finish: no draw, too many, a simulation of each draw
/// with a relative precision (`precision`) instead of a count, or more work than a run may do.
pub fn plan(model: &Model, config: &RunConfig, request: &UncertaintyRequest, precision: bool) -> Result<UncertaintyPlan, RunError> {
    let draws = request.draws;
    if draws == 0 {
        return Err(RunError::Config("the number of parameter draws must be at least 1".into()));
    }
    if draws > MAX_DRAWS {
        return Err(RunError::Config(format!(
            "the number of parameter draws is {}, more than the {} a run may make",
            count(draws),
            count(MAX_DRAWS)
        )));
    }
    // The exact solver is built only where it may be used.
    let solver = (request.method != UncertaintyMethod::Simulation).then(|| SteadySolver::new(&model.system));
    let (used, reason) = match (request.method, &solver) {
        (UncertaintyMethod::Exact, Some(Err(why))) => {
            return Err(RunError::Unsupported(format!(
                "the parameter draws cannot be evaluated exactly: {}; evaluate them by simulation",
                short(why)
            )));
        }
        (UncertaintyMethod::Exact, Some(Ok(s))) => (UncertaintyMethod::Exact, format!("asked for: {}", s.method())),
        (UncertaintyMethod::Auto, Some(Ok(s))) => (
            UncertaintyMethod::Exact,
            format!("the model's exact steady state applies ({}), so each draw is solved, not simulated", s.method()),
        ),
        (UncertaintyMethod::Auto, Some(Err(why))) => (UncertaintyMethod::Simulation, format!("no exact steady state: {}", short(why))),
        _ => (UncertaintyMethod::Simulation, "asked for".to_string()),
    };
    let units = match (used, &solver) {
        (UncertaintyMethod::Exact, Some(Ok(s))) => {
            let work = draws as f64 * s.work() as f64;
            if work > MAX_EXACT_WORK {
                return Err(RunError::Config(format!(
                    "{} parameter draws of this model's exact answer ({}) would do about {work:.1e} steps, more than {MAX_EXACT_WORK:.0e}; make fewer draws",
                    count(draws),
                    s.method()
                )));
            }
            draws
        }
        _ => {
            if precision {
                return Err(RunError::Config(
                    "the parameter draws are simulated with a fixed count of replications each; give a count of replications rather than a relative precision, or evaluate the draws exactly".into(),
                ));
            }
            let events = config.expected_events(&model.system) * draws as f64;
            if events > MAX_EVENTS {
                return Err(RunError::Config(format!(
                    "{} parameter draws of {} replications each would simulate about {events:.1e} events (more than {MAX_EVENTS:.0e}, days of computing); make fewer draws or replications",
                    count(draws),
                    count(config.replications)
                )));
            }
            draws.saturating_mul(config.replications)
        }
    };
    Ok(UncertaintyPlan { draws, requested: request.method, used, reason, units })
}

/// An analysis error without the advice that the simulation covers the model (here the
/// simulation is what runs instead).
fn short(why: &AnalysisError) -> String {
    let text = why.to_string();
    text.trim_end_matches("; the simulation covers it").trim_end_matches("; the simulation covers the model").to_string()
}

/// Draw `k` of the parameter sets of `system` (see the module's note on determinism).
pub fn draw(system: &System, laws: &[UncertainLaw], seed: u64, k: u64) -> Result<System, RunError> {
    system
        .with_drawn_parameters(laws, |law| Xoshiro256PlusPlus::seed_from_u64(sim::engine::stream_seed(seed, k, law.stream_key)))
        .map_err(|e| {
            RunError::Config(format!(
                "parameter draw {k}: {e}; the uncertainty is too wide for this law (smaller `sd`, or more `failures` over a longer `exposure`)"
            ))
        })
}

/// What one draw gives: its U and the mean duration of each uncertain law.
struct DrawOutcome {
    unavailability: Estimate,
    law_means: Vec<f64>,
}

/// The means of the uncertain laws in a drawn system.
fn law_means(system: &System, laws: &[UncertainLaw]) -> Vec<f64> {
    laws.iter()
        .map(|law| {
            let c = &system.components()[law.instances.start as usize];
            match law.role {
                LawRole::Failure => c.failure.mean(),
                LawRole::Repair => c.repair.as_ref().map_or(f64::NAN, |r| r.mean()),
            }
        })
        .collect()
}

/// Runs the draws of `plan` for `model` with the run settings `config`. `progress` is called
/// with each draw's units (a draw, or its replications).
pub fn run(
    model: &Model,
    config: &RunConfig,
    plan: &UncertaintyPlan,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<UncertaintyResult, RunError> {
    let system = &model.system;
    let laws = system.uncertain_laws();
    let inner = RunConfig { threads: None, ..config.clone() };
    let evaluate = || -> Result<Vec<DrawOutcome>, RunError> {
        match plan.used {
            UncertaintyMethod::Exact => {
                let solver = SteadySolver::new(system).map_err(|e| RunError::Unsupported(e.to_string()))?;
                let outcomes: Vec<Result<DrawOutcome, RunError>> = (0..plan.draws)
                    .into_par_iter()
                    .map(|k| {
                        let drawn = draw(system, &laws, config.seed, k)?;
                        let u = solver.unavailability(&drawn).map_err(|e| RunError::Unsupported(format!("parameter draw {k}: {e}")))?;
                        progress(1);
                        Ok(DrawOutcome { unavailability: Estimate::new(u, 0.0, f64::INFINITY), law_means: law_means(&drawn, &laws) })
                    })
                    .collect();
                // The first failed draw in draw order, whichever thread met one first.
                outcomes.into_iter().collect()
            }
            _ => (0..plan.draws)
                .map(|k| {
                    let drawn = draw(system, &laws, config.seed, k)?;
                    // The run's seed for every draw: common random numbers.
                    let tally = sim::simulate(&drawn, &inner, progress).map_err(|e| match e {
                        RunError::Config(why) => RunError::Config(format!("parameter draw {k}: {why}")),
                        other => other,
                    })?;
                    Ok(DrawOutcome { unavailability: tally.unavailability.estimate(), law_means: law_means(&drawn, &laws) })
                })
                .collect(),
        }
    };
    let outcomes = match config.threads {
        Some(threads) => rayon::ThreadPoolBuilder::new().num_threads(threads).build()?.install(evaluate)?,
        None => evaluate()?,
    };
    Ok(summarize(model, config, plan, &laws, &outcomes))
}

/// The mean of `values` as x₀ + Σ(xᵢ − x₀)/n: the same value as the plain sum up to rounding,
/// and exactly x₀ when every value is x₀ (a spread with no parameter uncertainty is then
/// degenerate to the bit). Values that are not all finite (nines of U = 0) take the plain sum.
fn mean(values: &[f64]) -> f64 {
    let n = values.len() as f64;
    match values.first() {
        Some(&first) if values.iter().all(|x| x.is_finite()) => first + values.iter().map(|x| x - first).sum::<f64>() / n,
        _ => values.iter().sum::<f64>() / n,
    }
}

/// The spread of `values` (any order).
fn spread(values: &[f64]) -> Spread {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let q = |p: f64| quantile_of_sorted(&sorted, p).unwrap_or(f64::NAN);
    Spread { mean: mean(values), p5: q(0.05), p50: q(0.5), p95: q(0.95) }
}

fn summarize(
    model: &Model,
    config: &RunConfig,
    plan: &UncertaintyPlan,
    laws: &[UncertainLaw],
    outcomes: &[DrawOutcome],
) -> UncertaintyResult {
    let system = &model.system;
    let u: Vec<f64> = outcomes.iter().map(|o| o.unavailability.mean).collect();
    let unavailability = spread(&u);
    // Nines decrease with U, so their percentiles are U's, mirrored.
    let nines_spread = Spread {
        mean: mean(&u.iter().map(|&x| nines(x)).collect::<Vec<_>>()),
        p5: nines(unavailability.p95),
        p50: nines(unavailability.p50),
        p95: nines(unavailability.p5),
    };
    let minutes = |x: f64| x * MINUTES_PER_YEAR;
    let downtime = Spread {
        mean: mean(&u.iter().map(|&x| minutes(x)).collect::<Vec<_>>()),
        p5: minutes(unavailability.p5),
        p50: minutes(unavailability.p50),
        p95: minutes(unavailability.p95),
    };
    let exact = plan.used == UncertaintyMethod::Exact;
    let monte_carlo_half_width = (!exact)
        .then(|| {
            let mut halves: Vec<f64> =
                outcomes.iter().map(|o| (o.unavailability.ci95[1] - o.unavailability.ci95[0]) / 2.0).filter(|h| h.is_finite()).collect();
            halves.sort_by(f64::total_cmp);
            quantile_of_sorted(&halves, 0.5)
        })
        .flatten();
    let correlations: Vec<Option<f64>> =
        (0..laws.len()).map(|l| spearman(&outcomes.iter().map(|o| o.law_means[l]).collect::<Vec<_>>(), &u)).collect();
    let total: f64 = correlations.iter().flatten().map(|r| r * r).sum();
    let mut drivers: Vec<UncertaintyDriver> = laws
        .iter()
        .zip(&correlations)
        .enumerate()
        .map(|(l, (law, &rho))| {
            let spec = system_law_spec(model, law);
            UncertaintyDriver {
                component: law.kind_id.clone(),
                law: law.role,
                distribution: spec.map_or_else(String::new, |s| s.name().to_string()),
                uncertainty: spec.and_then(|s| s.uncertainty()).cloned().unwrap_or_else(empty_spec),
                mean_duration: spread(&outcomes.iter().map(|o| o.law_means[l]).collect::<Vec<_>>()),
                rank_correlation: rho,
                variance_share: rho.map(|r| if total > 0.0 { r * r / total } else { 0.0 }),
            }
        })
        .collect();
    // Largest share first; a stable sort keeps model order among equals (and for the undefined).
    drivers.sort_by(|a, b| b.variance_share.unwrap_or(-1.0).total_cmp(&a.variance_share.unwrap_or(-1.0)));
    let mut notes = Vec::new();
    if laws.is_empty() {
        notes.push("the model gives no parameter uncertainty (no law has an `uncertainty`): every draw is the model as given, and the spread is zero".into());
    } else if laws.iter().all(|l| degenerate(system, l)) {
        notes.push(
            "every law's parameter uncertainty is zero (all `sd` are 0): every draw is the model as given, and the spread is zero".into(),
        );
    }
    let window = format!("[{}, {}] {}", number(config.warmup), number(config.horizon), system.time_unit.symbol());
    let estimand = if exact {
        "its exact steady-state unavailability".to_string()
    } else {
        format!("its simulated unavailability over the window {window}, from new")
    };
    if exact && model.system.components().iter().any(|c| c.failure.exponential_rate().is_none() || c.restoration_rate().is_none()) {
        notes.push(format!(
            "each draw's U is its long-run steady state; the run of the model as given estimates U over the window {window} from new, which a short window of non-exponential laws can move"
        ));
    }
    UncertaintyResult {
        draws: plan.draws,
        requested: plan.requested,
        method: plan.used,
        reason: plan.reason.clone(),
        estimand,
        seed: config.seed,
        replications_per_draw: (!exact).then_some(config.replications),
        unavailability,
        nines: nines_spread,
        downtime_minutes_per_year: downtime,
        monte_carlo_half_width,
        drivers,
        // Under no association Spearman's ρ is about normal with variance 1/(N − 1).
        rank_correlation_noise: (plan.draws >= 3).then(|| 1.96 / ((plan.draws - 1) as f64).sqrt()),
        notes,
        per_draw: outcomes.iter().map(|o| o.unavailability).collect(),
    }
}

/// Whether `law`'s uncertainty can give nothing but the law itself.
fn degenerate(system: &System, law: &UncertainLaw) -> bool {
    let c = &system.components()[law.instances.start as usize];
    let distribution = match law.role {
        LawRole::Failure => Some(&c.failure),
        LawRole::Repair => c.repair.as_ref(),
    };
    distribution.and_then(|d| d.uncertainty()).is_none_or(|u| u.is_degenerate())
}

/// The model file's law for `law`.
fn system_law_spec<'a>(model: &'a Model, law: &UncertainLaw) -> Option<&'a crate::model::DistributionSpec> {
    let kind = model.spec.components.iter().find(|k| k.id == law.kind_id)?;
    match law.role {
        LawRole::Failure => Some(&kind.failure),
        LawRole::Repair => kind.repair.as_ref(),
    }
}

fn empty_spec() -> crate::model::UncertaintySpec {
    crate::model::UncertaintySpec { failures: None, exposure: None, sd: None, correlation: None }
}
