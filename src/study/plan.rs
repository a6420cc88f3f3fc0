//! What a run does, decided before it starts: the estimation method (`auto` chooses between
//! plain Monte Carlo and failure biasing), when it stops, and what a shard may run. The binary
//! and the tests call the same functions, so neither copies the defaults.

use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::results::{MethodUsed, Outcome};
use super::uncertainty::{UncertaintyPlan, UncertaintyRequest};
use crate::analysis::{self, ExactMethod};
use crate::model::{Model, System};
use crate::rare::{self, DEFAULT_MAX_CYCLES, DEFAULT_REL_ERROR};
use crate::sim::{Precision, RunConfig, RunError};
use crate::units::fmt::{count, number};

/// How a run estimates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Method {
    /// Failure biasing when the model allows it and plain Monte Carlo would see too few
    /// outages; plain otherwise.
    Auto,
    /// Plain Monte Carlo of the whole life (every result, charts included).
    Plain,
    /// Balanced failure biasing with regenerative cycles (steady-state U, ω, MTBF, MDT).
    FailureBiasing,
}

impl Method {
    /// The name used on the command line and in results.
    pub fn name(self) -> &'static str {
        match self {
            Method::Auto => "auto",
            Method::Plain => "plain",
            Method::FailureBiasing => "failure-biasing",
        }
    }
}

/// Outages a fixed-count plain run should expect for `auto` to keep it: about ±9% on U at 95%
/// when outage durations vary like an exponential's (relative variance ≈ 2/outages).
pub const AUTO_MIN_OUTAGES: f64 = 1000.0;

/// What `--method auto` runs for `system` with the plain settings `config` (and `precision`
/// when the run is precision-driven), and why.
///
/// A model of independent components has its exact ω from the structure function. Otherwise a
/// pilot, 1,024 biased cycles on their own random stream within a fixed budget of work,
/// estimates ω and the variance of failure biasing; a pilot over budget (long cycles over many
/// components) means plain. Plain Monte Carlo needs about 2·(1.96/r)² outages for a relative precision
/// r at 95% (outage durations vary like an exponential's), so about that many over ω̂ units of
/// simulated time.
/// - A fixed-count run gets failure biasing when plain Monte Carlo would expect fewer than
///   [`AUTO_MIN_OUTAGES`] outages in it.
/// - A precision-driven run gets failure biasing when plain Monte Carlo cannot reach the
///   target within `--max-replications`, or would need more than [`AUTO_COST_RATIO`] times
///   the events failure biasing needs (plain gives more figures, worth some cost).
///
/// Either way failure biasing is then kept only if the pilot passes [`rare::untrustworthy`]
/// for the run's budget of cycles (it saw a system failure, and the fewest failures in a row
/// it took are within reach of the budget).
pub fn choose(system: &System, config: &RunConfig, precision: Option<&Precision>) -> (Method, String) {
    let (method, reason) = choose_by_cost(system, config, precision);
    if method != Method::FailureBiasing {
        return (method, reason);
    }
    // Cheaper is not enough: the pilot must show that the run's budget can reach the paths
    // that carry U (rare::untrustworthy). A model of many units in parallel needs so many
    // failures in a row that balanced failure biasing never samples them.
    let budget = precision.map_or(DEFAULT_MAX_CYCLES, |p| p.max_replications);
    match rare::pilot(system, config.seed ^ PILOT_KEY).and_then(|tally| rare::untrustworthy(&tally, budget, false)) {
        Some(why) => (Method::Plain, format!("failure biasing cannot be trusted on this model: {why}")),
        None => (method, reason),
    }
}

/// `choose` by cost alone.
fn choose_by_cost(system: &System, config: &RunConfig, precision: Option<&Precision>) -> (Method, String) {
    if let Err(why) = rare::chain(system) {
        return (Method::Plain, format!("failure biasing cannot run this model: {why}"));
    }
    let window = config.window().length();
    // Independent components: the structure function's exact ω decides a fixed-count run at
    // no cost.
    if precision.is_none()
        && let Ok(ExactMethod::Structure(_)) = analysis::solvable(system)
        && let Some((_, steady)) = analysis::steady_reference(system)
    {
        return fixed_count_choice(system, config, steady.failure_frequency);
    }
    let Some(tally) = rare::pilot(system, config.seed ^ PILOT_KEY) else {
        return (
            Method::Plain,
            "failure biasing would be slow on this model (its pilot did not finish within its budget: long cycles over many components)"
                .into(),
        );
    };
    let (Some(omega), Some(u)) = (tally.failure_frequency(), tally.unavailability()) else {
        return (Method::Plain, "the failure-biasing pilot saw no system failure".into());
    };
    if !(omega.mean > 0.0 && u.mean > 0.0) {
        return (Method::Plain, "the failure-biasing pilot saw no system failure".into());
    }
    let Some(p) = precision else {
        return fixed_count_choice(system, config, omega.mean);
    };
    let z = 1.96 / p.rel_error;
    let outages = 2.0 * z * z;
    let plain_time = outages / omega.mean;
    let plain_events = plain_time * plain_events_per_unit_time(system, config);
    let relative_variance = tally.cycles() as f64 * (u.std_error / u.mean).powi(2);
    // Cycles needed: z²·(relative variance per cycle); each costs the pilot's events per biased
    // cycle (its share of unbiased cycles included).
    let biased_events = z * z * relative_variance * tally.events as f64 / tally.cycles() as f64;
    let target = format!("±{}%", number(100.0 * p.rel_error));
    if plain_time > window * p.max_replications as f64 {
        (
            Method::FailureBiasing,
            format!(
                "plain Monte Carlo would need about {} replications for {target}, over --max-replications {}",
                number(plain_time / window),
                count(p.max_replications)
            ),
        )
    } else if plain_events > AUTO_COST_RATIO * biased_events {
        (
            Method::FailureBiasing,
            format!(
                "for {target} plain Monte Carlo would need about {} events, failure biasing about {}",
                number(plain_events),
                number(biased_events)
            ),
        )
    } else {
        (
            Method::Plain,
            format!("for {target} it needs about {} events, failure biasing about {}", number(plain_events), number(biased_events)),
        )
    }
}

/// A fixed-count run: failure biasing when plain Monte Carlo would expect fewer than
/// [`AUTO_MIN_OUTAGES`] outages, given the failure frequency `omega`.
fn fixed_count_choice(system: &System, config: &RunConfig, omega: f64) -> (Method, String) {
    let window = config.window().length();
    let expected = omega * window * config.replications as f64;
    let plan = format!("{} replications of {} {}", count(config.replications), number(window), system.time_unit.symbol());
    if expected < AUTO_MIN_OUTAGES {
        (Method::FailureBiasing, format!("plain Monte Carlo would expect {} outages in {plan}, too few", number(expected)))
    } else {
        (Method::Plain, format!("it expects {} outages in {plan}, enough", number(expected)))
    }
}

/// How many times cheaper failure biasing must be for `auto` to prefer it in a precision-driven
/// run.
pub const AUTO_COST_RATIO: f64 = 10.0;

/// Events of plain Monte Carlo per unit of simulated time, from the renewal estimate of
/// [`RunConfig::expected_events`].
fn plain_events_per_unit_time(system: &System, config: &RunConfig) -> f64 {
    let one = RunConfig { replications: 1, ..config.clone() };
    one.expected_events(system) / config.horizon
}

/// Mixed into the seed of `auto`'s pilot, so that its cycles are not the run's first ones.
const PILOT_KEY: u64 = 0x7069_6c6f_7400_0000;

/// What the user asked of a run of one model, before anything is decided.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Request {
    /// The method asked for.
    pub method: Method,
    /// A number of replications (whole lives of plain Monte Carlo) the user gave, if any.
    pub replications: Option<u64>,
    /// A number of regenerative cycles of failure biasing the user gave, if any.
    pub cycles: Option<u64>,
    /// Run until U is known to this relative precision (95% half-width over U).
    pub rel_error: Option<f64>,
    /// With `rel_error`: most replications (or biased cycles).
    pub max_replications: u64,
    /// With `rel_error`: stop at the first check after this many seconds.
    pub max_time: Option<f64>,
    /// Charts or a report are wanted (they need whole lives: plain Monte Carlo).
    pub charts: bool,
    /// Draws of the laws' uncertain parameters, beside the run of the model as given.
    pub uncertainty: Option<UncertaintyRequest>,
}

impl Default for Request {
    fn default() -> Self {
        Self {
            method: Method::Auto,
            replications: None,
            cycles: None,
            rel_error: None,
            max_replications: 1_000_000,
            max_time: None,
            charts: false,
            uncertainty: None,
        }
    }
}

/// What a run of one model will do: its method and when it stops.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// The method that will run, what was asked for, and why.
    pub method: MethodUsed,
    /// Run to this precision (else a fixed count).
    pub precision: Option<Precision>,
    /// Failure biasing: a fixed number of biased cycles, else run to precision.
    pub cycles: Option<u64>,
    /// Progress units (replications or cycles) at most, the parameter draws' included.
    pub units: u64,
    /// The parameter draws, when asked for.
    pub uncertainty: Option<UncertaintyPlan>,
}

/// Chooses the method (`auto` deciding from the model) and the stopping rule for `model` with
/// the plain settings `config`.
pub fn plan(model: &Model, config: &RunConfig, request: &Request) -> Result<Plan, RunError> {
    let precision = precision(request.rel_error, request.max_replications, request.max_time)?;
    let requested = request.method;
    check_counts(request)?;
    let uncertainty = request.uncertainty.map(|u| super::uncertainty::plan(model, config, &u, precision.is_some())).transpose()?;
    let (used, reason) = match requested {
        Method::Plain => (Method::Plain, "asked for".to_string()),
        // The draws are evaluated exactly or by plain Monte Carlo; failure biasing would need a
        // trust check (its pilot) and its own budget of cycles per draw, which it does not have.
        Method::FailureBiasing if uncertainty.is_some() => {
            return Err(RunError::Config(
                "failure biasing is not combined with parameter draws (each draw would need its own pilot and budget of biased cycles); use plain Monte Carlo: the draws are then evaluated exactly where the model allows, else simulated".into(),
            ));
        }
        Method::FailureBiasing if request.charts => {
            return Err(RunError::Config(
                "--method failure-biasing estimates the steady state only; --plots and --report need --method plain".into(),
            ));
        }
        // Delivered service alone does not stop failure biasing: it still estimates the
        // steady-state availability, and reports no service figure.
        Method::FailureBiasing => match whole_life_figures(&model.system, false) {
            Some(what) => {
                return Err(RunError::Config(format!(
                    "failure biasing estimates the steady state only, and the model's {what} measured over whole lives: use plain Monte Carlo"
                )));
            }
            None => (Method::FailureBiasing, "asked for".to_string()),
        },
        Method::Auto if request.charts => {
            (Method::Plain, "charts and reports need whole lives, which only plain Monte Carlo simulates".into())
        }
        Method::Auto => match whole_life_figures(&model.system, true) {
            Some(what) => (Method::Plain, format!("the model's {what} measured over whole lives, which only plain Monte Carlo simulates")),
            None => choose(&model.system, config, precision.as_ref()),
        },
    };
    let (used, reason) = match used {
        Method::FailureBiasing if uncertainty.is_some() => (
            Method::Plain,
            format!(
                "failure biasing is not combined with parameter draws, so plain Monte Carlo (alone, auto would choose failure biasing: {reason})"
            ),
        ),
        _ => (used, reason),
    };
    let method = MethodUsed { requested, used, reason };
    let draw_units = uncertainty.as_ref().map_or(0, |u| u.units);
    let mut plan = match used {
        Method::FailureBiasing => {
            let cycles = if precision.is_none() { request.cycles } else { None };
            let precision = precision.or((cycles.is_none()).then_some(Precision {
                rel_error: DEFAULT_REL_ERROR,
                max_replications: DEFAULT_MAX_CYCLES,
                max_time: None,
            }));
            let units = cycles.or(precision.map(|p| p.max_replications)).unwrap_or(0);
            Plan { method, precision, cycles, units, uncertainty: None }
        }
        _ => Plan {
            method,
            precision,
            cycles: None,
            units: precision.map_or(config.replications, |p| p.max_replications),
            uncertainty: None,
        },
    };
    plan.units = plan.units.saturating_add(draw_units);
    plan.uncertainty = uncertainty;
    Ok(plan)
}

/// The stopping rule of a precision-driven run (`None` without a target), with `max_time`
/// checked: every command that runs to a precision builds it here.
pub fn precision(rel_error: Option<f64>, max_replications: u64, max_time: Option<f64>) -> Result<Option<Precision>, RunError> {
    let max_time = match max_time {
        Some(s) if s.is_finite() && s > 0.0 && s <= MAX_TIME_SECONDS => Some(Duration::from_secs_f64(s)),
        Some(s) => {
            return Err(RunError::Config(format!(
                "--max-time must be a number of seconds > 0 and at most {MAX_TIME_SECONDS:e} (a year), got {s}"
            )));
        }
        None => None,
    };
    Ok(rel_error.map(|rel_error| Precision { rel_error, max_replications, max_time }))
}

/// Refuses counts that do not belong to the method asked for: replications count whole lives of
/// plain Monte Carlo, cycles count the regenerative cycles of failure biasing, and a precision
/// target is a third way to stop. (`auto` takes both counts: the one of the method it chooses
/// applies, and the result names that method on its first line.)
fn check_counts(request: &Request) -> Result<(), RunError> {
    if let Some(cycles) = request.cycles {
        // An interval needs two cycles (the estimator refuses fewer; say so by the flag's name).
        if cycles < 2 {
            return Err(RunError::Config(format!("--cycles must be at least 2, got {cycles}")));
        }
        // Each cycle is at least a failure and a repair: past this, the run is days of
        // computing, refused as `-n` is by the plain run's event bound.
        if cycles as f64 * 2.0 > crate::sim::runner::MAX_EVENTS {
            return Err(RunError::Config(format!(
                "--cycles {cycles} would simulate more than {:.0e} events (days of computing); give fewer cycles or --rel-error",
                crate::sim::runner::MAX_EVENTS
            )));
        }
    }
    if request.cycles.is_some() && request.rel_error.is_some() {
        return Err(RunError::Config(
            "--cycles and --rel-error are two ways to stop failure biasing: give one (--max-replications caps the cycles of a precision-driven run)"
                .into(),
        ));
    }
    match request.method {
        Method::FailureBiasing if request.replications.is_some() => Err(RunError::Config(
            "-n counts replications (whole lives) of plain Monte Carlo; failure biasing counts regenerative cycles: give --cycles N, or --rel-error".into(),
        )),
        Method::Plain if request.cycles.is_some() => Err(RunError::Config(
            "--cycles counts the regenerative cycles of failure biasing; plain Monte Carlo counts replications: give -n N".into(),
        )),
        _ => Ok(()),
    }
}

/// What the model asks for that only whole simulated lives measure (objectives judged period by
/// period, costs, and with `service` delivered service), as a list in words ending in its verb
/// (`costs are`), or `None`.
fn whole_life_figures(system: &System, service: bool) -> Option<String> {
    // Each figure, and whether its name is plural.
    let what: Vec<(&str, bool)> = [
        (!system.objectives.is_empty()).then_some(("objectives (judged period by period)", true)),
        system.costs.is_some().then_some(("costs", true)),
        (service && system.has_demand()).then_some(("delivered service (a `demand`)", false)),
    ]
    .into_iter()
    .flatten()
    .collect();
    let verb = if what.len() > 1 || what.iter().any(|&(_, plural)| plural) { "are" } else { "is" };
    let names: Vec<&str> = what.iter().map(|&(name, _)| name).collect();
    match names.as_slice() {
        [] => None,
        [one] => Some(format!("{one} {verb}")),
        [first @ .., last] => Some(format!("{} and {last} {verb}", first.join(", "))),
    }
}

/// The longest `max_time` accepted: a year of seconds (a `Duration` holds far more, but no run
/// is meant to last longer, and a larger value is a typo).
pub const MAX_TIME_SECONDS: f64 = 3.2e7;

/// Runs one model as planned.
pub fn execute(model: &Model, config: &RunConfig, plan: Plan, progress: &(dyn Fn(u64) + Sync)) -> Result<Outcome, RunError> {
    if plan.method.used == Method::FailureBiasing {
        let stop = match (plan.cycles, plan.precision) {
            (Some(n), _) => rare::Stop::Cycles(n),
            (None, Some(p)) => rare::Stop::Precision(p),
            (None, None) => rare::Stop::Cycles(config.replications),
        };
        let rare = rare::Config { seed: config.seed, threads: config.threads, stop };
        return Ok(Outcome::RareEvent(Box::new(super::run_failure_biasing(model, &rare, plan.method, progress)?)));
    }
    let mut result = match plan.precision {
        None => super::run(model, config, progress)?,
        Some(precision) => super::run_to_precision(model, config, precision, progress)?,
    };
    result.method = plan.method;
    if let Some(draws) = &plan.uncertainty {
        result.uncertainty = Some(super::uncertainty::run(model, config, draws, progress)?);
    }
    Ok(Outcome::Plain(Box::new(result)))
}

/// The method a shard of a run records: shards split plain Monte Carlo, and say what an
/// unsharded run would have done. Failure biasing asked for explicitly is refused.
pub fn shard_method(plan: &Plan) -> Result<MethodUsed, RunError> {
    if plan.uncertainty.is_some() {
        return Err(RunError::Config(
            "a shard splits the replications of one run; parameter draws are not split into shards (run them on one machine, where the exact method usually makes them quick)".into(),
        ));
    }
    let m = &plan.method;
    if m.used == Method::Plain {
        return Ok(m.clone());
    }
    if m.requested == Method::FailureBiasing {
        return Err(RunError::Config("--shard splits plain Monte Carlo; failure biasing needs no cluster (run it on one machine)".into()));
    }
    Ok(MethodUsed {
        requested: m.requested,
        used: Method::Plain,
        reason: format!("a sharded run is plain Monte Carlo (alone it would use failure biasing: {})", m.reason),
    })
}
