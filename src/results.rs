//! The result of a run in its stable, machine-readable form (see DESIGN.md, "Result format").
//! Every exporter in [`crate::report`] renders this one type.

use serde::{Deserialize, Serialize};

use crate::MINUTES_PER_YEAR;
use crate::model::{System, TimeUnit};
use crate::rare::Method;
use crate::sim::{RunConfig, Tally};
use crate::stats::{Estimate, Proportion};

/// Version of this result format; bumped when a field changes meaning or disappears.
pub const SCHEMA_VERSION: u32 = 1;

/// A point value with a 95% interval, for quantities derived from an [`Estimate`] by a
/// monotone transform (nines, MTBF). Unbounded ends are written as `null` in JSON.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Interval {
    /// Point value.
    pub mean: f64,
    /// 95% confidence interval.
    pub ci95: [f64; 2],
}

/// Which model ran.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelInfo {
    /// The model's name.
    pub name: String,
    /// The file it was loaded from.
    pub file: String,
}

/// Mean time to first system failure, from new.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct FirstFailure {
    /// Mean of min(T₁, horizon) across replications, with its standard error and interval.
    #[serde(flatten)]
    pub estimate: Estimate,
    /// Replications with no system failure before the horizon. When > 0, the mean is the
    /// restricted mean E[min(T₁, horizon)], a lower bound on the MTTFF.
    pub censored: u64,
}

/// Quantiles of the duration of system outages (in the model's time unit).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct OutageDurations {
    /// Outages observed (that began in the window and ended before the horizon).
    pub count: u64,
    /// Median.
    pub p50: Option<f64>,
    /// 90th percentile.
    pub p90: Option<f64>,
    /// 99th percentile.
    pub p99: Option<f64>,
    /// Longest.
    pub max: Option<f64>,
}

/// Per standby block results.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StandbyResult {
    /// JSON path of the block in the model file.
    pub block: String,
    /// Its units, in priority order.
    pub units: Vec<String>,
    /// Switchovers (failovers and failbacks) per year.
    pub switchovers_per_year: Estimate,
    /// Failed failover attempts per year.
    pub failed_switches_per_year: Estimate,
    /// Minutes per year of system downtime spent waiting for this block's switchovers (the end
    /// of the switchover alone would have restored service).
    pub downtime_contribution: Estimate,
    /// That as a share of all system downtime.
    pub criticality: f64,
}

/// Per-component results.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ComponentResult {
    /// Instance name (`app[2]`).
    pub id: String,
    /// Fraction of the time this component itself was down.
    pub unavailability: Estimate,
    /// Its own failures per year.
    pub failures_per_year: Estimate,
    /// System downtime, in minutes per year, during which this component was down and
    /// critical: its repair alone would have brought the system back up.
    pub downtime_contribution: Estimate,
    /// Criticality importance as simulated: the share of all system downtime that is this
    /// component's contribution (0 to 1; shares need not sum to 1, since an outage with two
    /// failed parts in series is no single part's).
    pub criticality: f64,
    /// Whether its failure alone brings the system down (from the structure).
    pub spof: bool,
    /// The exact criticality importance B_i·q_i/U, the quantity `criticality` estimates
    /// (`null` when the model has no exact steady state).
    pub criticality_exact: Option<f64>,
}

/// The exact answers beside the simulated ones (see DESIGN.md, "exact").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Exact {
    /// How they were computed.
    pub method: String,
    /// Steady-state A (`null` when some component is never repaired).
    pub availability: Option<f64>,
    /// Steady-state U.
    pub unavailability: Option<f64>,
    /// Steady-state ω per year.
    pub failure_frequency_per_year: Option<f64>,
    /// 1/ω.
    pub mtbf: Option<f64>,
    /// A/ω.
    pub r#mut: Option<f64>,
    /// U/ω.
    pub mdt: Option<f64>,
    /// Expected unavailability over this run's window, from new: what the run estimates.
    pub window_unavailability: Option<f64>,
    /// R(horizon).
    pub reliability: Option<f64>,
    /// Mean time to first failure.
    pub mttff: Option<f64>,
    /// Whether the simulation agrees.
    pub verdict: Verdict,
}

/// Does the exact unavailability lie inside the simulated 99% interval?
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Verdict {
    /// Which exact value was compared: "window" (expected U over the run's window, the very
    /// quantity simulated) or "steady_state" (when the window's value has no closed form).
    pub compared_with: String,
    /// The exact unavailability compared.
    pub exact: f64,
    /// (simulated − exact) / standard error (`null` when no downtime was observed).
    pub z: Option<f64>,
    /// Whether the exact value lies inside the simulated 99% confidence interval.
    pub inside_ci99: bool,
    /// One line for people.
    pub summary: String,
    /// Why the comparison may be off even with a correct simulator (a short run from new
    /// compared with the steady state), when that applies.
    pub caveat: Option<String>,
}

/// Everything a run reports.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunResult {
    /// Version of this format.
    pub schema_version: u32,
    /// Version of ninesim that produced it.
    pub ninesim_version: String,
    /// The model.
    pub model: ModelInfo,
    /// Master seed.
    pub seed: u64,
    /// Replications run.
    pub replications: u64,
    /// Length of each replication.
    pub horizon: f64,
    /// Start of the observation window.
    pub warmup: f64,
    /// Unit of every time in this result.
    pub time_unit: TimeUnit,
    /// Worker threads (informational: the result does not depend on it).
    pub threads: usize,
    /// Component events simulated.
    pub events: u64,
    /// Steady-state availability A (fraction of time up in the window).
    pub availability: Estimate,
    /// Unavailability U = 1 − A, estimated directly at full precision.
    pub unavailability: Estimate,
    /// −log₁₀ U.
    pub nines: Interval,
    /// U × 525,960 minutes.
    pub downtime_minutes_per_year: Estimate,
    /// System failures (up → down transitions) per year, ω.
    pub failure_frequency_per_year: Estimate,
    /// Downtime split by cause: outages that planned maintenance began, and the others.
    pub downtime_by_cause: DowntimeByCause,
    /// Share of the time the system spent fully redundant, degraded (up with some block short
    /// of its full strength) and down.
    pub time_in_state: TimeInState,
    /// Mean time between failures, 1/ω = MUT + MDT (`null` with no failure observed).
    pub mtbf: Option<Interval>,
    /// Mean up time, A/ω.
    pub r#mut: Option<Estimate>,
    /// Mean down time (system MTTR), U/ω.
    pub mdt: Option<Estimate>,
    /// Mean time to first failure, from new.
    pub mttff: FirstFailure,
    /// Probability of no system failure in [0, horizon] (Wilson interval).
    pub reliability: Proportion,
    /// Outage duration quantiles.
    pub outage_duration: OutageDurations,
    /// Per component, in model order.
    pub components: Vec<ComponentResult>,
    /// Per standby block (absent when there is none).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub standby: Vec<StandbyResult>,
    /// Single points of failure, found from the structure.
    pub spof: Vec<String>,
    /// The exact answers, when the model is solvable exactly.
    pub exact: Option<Exact>,
    /// Why there are no exact answers, when the model has features the exact methods do not
    /// cover.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub no_exact: Option<String>,
    /// How a precision-driven run (`--rel-error`) stopped (absent for a fixed count).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub precision: Option<PrecisionReached>,
    /// Which method ran (plain Monte Carlo here), what was asked for, and why.
    #[serde(default = "MethodUsed::plain")]
    pub method: MethodUsed,
    /// The curves behind the charts.
    #[serde(skip)]
    pub curves: Curves,
}

/// The finished run of one model, by whichever method ran.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Outcome {
    /// Plain Monte Carlo: every result.
    Plain(Box<RunResult>),
    /// Failure biasing: the steady state.
    RareEvent(Box<RareEventResult>),
}

impl Outcome {
    /// The figures every run has.
    pub fn headline(&self) -> Headline {
        match self {
            Outcome::Plain(r) => r.headline(),
            Outcome::RareEvent(r) => r.headline(),
        }
    }

    /// Events simulated.
    pub fn events(&self) -> u64 {
        match self {
            Outcome::Plain(r) => r.events,
            Outcome::RareEvent(r) => r.events,
        }
    }

    /// Worker threads.
    pub fn threads(&self) -> usize {
        match self {
            Outcome::Plain(r) => r.threads,
            Outcome::RareEvent(r) => r.threads,
        }
    }
}

/// The headline figures of a run, whatever its method: one row of a batch, comparison or sweep
/// table.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Headline {
    /// Unit of the MDT.
    pub time_unit: TimeUnit,
    /// Availability.
    pub availability: Estimate,
    /// Unavailability.
    pub unavailability: Estimate,
    /// −log₁₀ U.
    pub nines: Interval,
    /// Minutes down per year.
    pub downtime_minutes_per_year: Estimate,
    /// System failures per year.
    pub failure_frequency_per_year: Estimate,
    /// Mean down time.
    pub mdt: Option<Estimate>,
}

/// `headline()` for result types whose headline fields have the same names.
macro_rules! impl_headline {
    ($($result:ty),*) => {$(
        impl $result {
            /// The headline figures.
            pub fn headline(&self) -> Headline {
                Headline {
                    time_unit: self.time_unit,
                    availability: self.availability,
                    unavailability: self.unavailability,
                    nines: self.nines,
                    downtime_minutes_per_year: self.downtime_minutes_per_year,
                    failure_frequency_per_year: self.failure_frequency_per_year,
                    mdt: self.mdt,
                }
            }
        }
    )*};
}

impl_headline!(RunResult, RareEventResult);

/// Which estimation method ran, and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MethodUsed {
    /// What was asked for (`--method`).
    pub requested: Method,
    /// What ran.
    pub used: Method,
    /// Why `auto` chose it (or that it was asked for).
    pub reason: String,
}

impl MethodUsed {
    /// Plain Monte Carlo, asked for.
    pub fn plain() -> Self {
        Self { requested: Method::Plain, used: Method::Plain, reason: "asked for".into() }
    }
}

/// The result of a failure-biasing run (`--method failure-biasing`): steady-state estimates
/// from regenerative cycles of the embedded chain ([`crate::rare`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RareEventResult {
    /// Version of this format.
    pub schema_version: u32,
    /// Version of ninesim that produced it.
    pub ninesim_version: String,
    /// The model.
    pub model: ModelInfo,
    /// Which method ran, and why.
    pub method: MethodUsed,
    /// What is estimated: always "steady state" (the long-run fraction of time down, not a
    /// window from new).
    pub estimand: String,
    /// Master seed.
    pub seed: u64,
    /// Unit of every time in this result.
    pub time_unit: TimeUnit,
    /// Worker threads (informational: the result does not depend on it).
    pub threads: usize,
    /// Regenerative cycles with failure biasing (they estimate downtime and failures).
    pub cycles: u64,
    /// Cycles of the unbiased chain (they estimate the mean cycle length).
    pub unbiased_cycles: u64,
    /// Transitions simulated.
    pub events: u64,
    /// The probability failure biasing gives to failures in a state that can also repair.
    pub failure_bias: f64,
    /// Steady-state availability.
    pub availability: Estimate,
    /// Steady-state unavailability.
    pub unavailability: Estimate,
    /// −log₁₀ U.
    pub nines: Interval,
    /// U × 525,960 minutes.
    pub downtime_minutes_per_year: Estimate,
    /// System failures per year, ω.
    pub failure_frequency_per_year: Estimate,
    /// 1/ω.
    pub mtbf: Option<Interval>,
    /// Mean down time, U/ω.
    pub mdt: Option<Estimate>,
    /// Single points of failure, found from the structure.
    pub spof: Vec<String>,
    /// Per component, in model order: where the downtime comes from.
    pub components: Vec<RareComponentResult>,
    /// The exact steady state, when the model has one within the analysis' bounds.
    pub exact: Option<Exact>,
    /// How the run stopped (absent for a fixed number of cycles).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub precision: Option<PrecisionReached>,
}

/// A component's part in the downtime, estimated by failure biasing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RareComponentResult {
    /// Instance name.
    pub id: String,
    /// Minutes per year of system downtime during which it was down and critical (its return
    /// alone would have restored service).
    pub downtime_contribution: Estimate,
    /// That as a share of all system downtime.
    pub criticality: f64,
    /// Whether its failure alone brings the system down.
    pub spof: bool,
    /// The exact criticality importance B_i·q_i/U (models of independent components).
    pub criticality_exact: Option<f64>,
}

impl RareEventResult {
    /// Turns a failure-biasing tally into the reported estimates, beside the exact steady state
    /// when it is known.
    pub fn new(system: &System, file: &str, seed: u64, threads: usize, tally: &crate::rare::CycleTally, method: MethodUsed) -> Self {
        let year = system.year();
        let nan = Estimate { mean: f64::NAN, std_error: f64::NAN, ci95: [f64::NAN, f64::NAN], dof: 0.0 };
        let u = clamp_probability(tally.unavailability().unwrap_or(nan));
        let omega = tally.failure_frequency().unwrap_or(nan);
        let omega_year = per_year(&omega, year);
        let a = availability_of(&u);
        let mtbf = mtbf_of(&omega);
        let spofs = system.single_points_of_failure();
        // The exact criticality importance, for models of independent components.
        let criticality_exact = match crate::analysis::solvable(system) {
            Ok(crate::analysis::ExactMethod::Structure(_)) => {
                let horizon = crate::sim::RunConfig::from_model(system).horizon;
                crate::analysis::reference_for_run(system, horizon, 0.0).and_then(|r| r.criticality)
            }
            _ => None,
        };
        let total = tally.weighted.mean_y;
        let components = system
            .components()
            .iter()
            .enumerate()
            .map(|(c, component)| {
                let share = tally.contribution(c).unwrap_or(nan);
                let n = tally.weighted.n.max(1) as f64;
                let sum = tally.contribution_sum.get(c).copied().unwrap_or(0.0);
                RareComponentResult {
                    id: component.name.clone(),
                    downtime_contribution: share.map_increasing(|x| x * MINUTES_PER_YEAR, MINUTES_PER_YEAR),
                    criticality: if total > 0.0 { sum / n / total } else { 0.0 },
                    spof: spofs.contains(&c),
                    criticality_exact: criticality_exact.as_ref().map(|v| v[c]),
                }
            })
            .collect();
        let exact = crate::analysis::steady_reference(system).map(|(how, steady)| {
            let mission = crate::analysis::Mission::unknown(&crate::analysis::AnalysisConfig::from_model(system), String::new());
            let reference =
                crate::analysis::RunReference { method: how, steady: Some(steady), mission, criticality: None, transient_caveat: None };
            Exact::new(&reference, &u, year)
        });
        Self {
            schema_version: SCHEMA_VERSION,
            ninesim_version: env!("CARGO_PKG_VERSION").to_string(),
            model: ModelInfo { name: system.name.clone(), file: file.to_string() },
            method,
            estimand: "steady state".into(),
            seed,
            time_unit: system.time_unit,
            threads,
            cycles: tally.cycles(),
            unbiased_cycles: tally.length.n,
            events: tally.events,
            failure_bias: crate::rare::FAILURE_BIAS,
            availability: a,
            unavailability: u,
            nines: nines_of(&u),
            downtime_minutes_per_year: u.map_increasing(|x| x * MINUTES_PER_YEAR, MINUTES_PER_YEAR),
            failure_frequency_per_year: omega_year,
            mtbf,
            mdt: tally.mdt(),
            spof: spofs.iter().map(|&c| system.components()[c].name.clone()).collect(),
            components,
            exact: exact.flatten(),
            precision: None,
        }
    }
}

/// The precision asked for and reached by a `--rel-error` run.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct PrecisionReached {
    /// The target: 95% half-width of U over U.
    pub target_rel_error: f64,
    /// What the run reached (`null` when no downtime was observed).
    pub rel_error: Option<f64>,
    /// Why it stopped.
    pub stopped_by: crate::sim::StoppedBy,
}

/// The curves behind the charts (kept in memory for `--plots` and `--report`; not part of the
/// JSON result).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Curves {
    /// Point availability A(t): (middle of each time bin of [0, horizon], its estimate).
    pub availability: Vec<(f64, Estimate)>,
    /// Reliability R(t): (t, R, Wilson 95% low, high) at each step of the empirical curve.
    pub reliability: Vec<(f64, f64, f64, f64)>,
    /// The running estimate of U after each batch of replications.
    pub convergence: Vec<(u64, Estimate)>,
    /// Outage durations as (low, high, count) bins on a log scale.
    pub outages: Vec<(f64, f64, u64)>,
    /// Downtime contribution of each component, minutes per year.
    pub contributions: Vec<(String, f64)>,
}

impl Curves {
    fn new(tally: &Tally, horizon: f64, components: &[ComponentResult], standby: &[StandbyResult]) -> Self {
        let bins = tally.bins.len().max(1);
        let width = horizon / bins as f64;
        let availability = tally
            .bins
            .iter()
            .enumerate()
            .map(|(i, m)| {
                let down = m.estimate();
                let a = Estimate { mean: 1.0 - down.mean, ci95: [1.0 - down.ci95[1], 1.0 - down.ci95[0]], ..down };
                ((i as f64 + 0.5) * width, a)
            })
            .collect();
        // R(t) = survivors / n at each edge of the first-failure histogram: a step curve from
        // (0, 1) to the last first failure (then flat to the horizon).
        let n = tally.replications();
        let mut reliability = Vec::new();
        if n > 0 {
            reliability.push((0.0, 1.0, 1.0, 1.0));
            for (t, failed) in tally.first_failure_times.cumulative() {
                let r = Proportion::wilson(n - failed.min(n), n);
                reliability.push((t, r.mean, r.ci95[0], r.ci95[1]));
            }
            // Survivors: the curve stays flat to the horizon (where it is censored).
            if let Some(&(t, r, lo, hi)) = reliability.last()
                && t < horizon
                && r > 0.0
            {
                reliability.push((horizon, r, lo, hi));
            }
        }
        Self {
            availability,
            reliability,
            convergence: tally.convergence.iter().map(|(reps, m)| (*reps, m.estimate())).collect(),
            outages: tally.outages.bins(30),
            // Switchovers are downtime too: each standby block gets a bar beside the components.
            contributions: components
                .iter()
                .map(|c| (c.id.clone(), c.downtime_contribution.mean))
                .chain(standby.iter().map(|s| (format!("switchover {}", s.units.join("→")), s.downtime_contribution.mean)))
                .collect(),
        }
    }
}

/// Planned and unplanned downtime, in minutes per year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DowntimeByCause {
    /// Outages that began with the start of planned maintenance.
    pub planned_minutes_per_year: Estimate,
    /// All other outages.
    pub unplanned_minutes_per_year: Estimate,
}

/// Fractions of the observation window.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TimeInState {
    /// Up with every block at full strength.
    pub fully_redundant: Estimate,
    /// Up, but some block has a member down (or less than its nominal capacity).
    pub degraded: Estimate,
    /// Down (the unavailability).
    pub down: Estimate,
}

impl RunResult {
    /// Turns a tally into the reported estimates, with the exact answers beside them when
    /// `reference` has them ([`crate::analysis::reference_for_run`]).
    pub fn new(
        system: &System,
        file: &str,
        config: &RunConfig,
        threads: usize,
        tally: &Tally,
        reference: Option<&crate::analysis::RunReference>,
    ) -> Self {
        let year = system.year();
        let mut u = clamp_probability(tally.unavailability.estimate());
        let omega = tally.failure_rate.estimate();
        let mut omega_year = per_year(&omega, year);
        if tally.unavailability.mean == 0.0 && tally.failure_rate.mean == 0.0 {
            // Nothing observed is not "U = 0 ± 0": the t interval collapses, so report what
            // is known. No failure in a total time L bounds ω by −ln(0.05)/L (exact Poisson,
            // one-sided 95%); U stays unbounded above without a failure to time.
            let observed = tally.replications() as f64 * config.window().length();
            omega_year.ci95 = [0.0, -(0.05f64.ln()) / observed * year];
            omega_year.std_error = f64::NAN;
            u.ci95 = [0.0, f64::NAN];
            u.std_error = f64::NAN;
        }
        let a = availability_of(&u);
        let mtbf = mtbf_of(&omega);
        let spofs = system.single_points_of_failure();
        let criticality_exact = reference.and_then(|r| r.criticality.as_ref());
        let total_contribution = tally.unavailability.mean;
        let components: Vec<ComponentResult> = system
            .components()
            .iter()
            .zip(&tally.components)
            .enumerate()
            .map(|(c, (component, t))| ComponentResult {
                id: component.name.clone(),
                unavailability: clamp_probability(t.unavailability.estimate()),
                failures_per_year: t.failure_rate.estimate().map_increasing(|w| w * year, year),
                downtime_contribution: t.contribution.estimate().map_increasing(|x| x * MINUTES_PER_YEAR, MINUTES_PER_YEAR),
                criticality: if total_contribution > 0.0 { t.contribution.mean / total_contribution } else { 0.0 },
                spof: spofs.contains(&c),
                criticality_exact: criticality_exact.as_ref().map(|v| v[c]),
            })
            .collect();
        let standby: Vec<StandbyResult> = system
            .standbys
            .iter()
            .zip(&tally.standbys)
            .map(|(spec, t)| StandbyResult {
                block: system.blocks()[spec.block as usize].path.clone(),
                units: spec.units.iter().map(|&c| system.components()[c as usize].name.clone()).collect(),
                switchovers_per_year: t.switchover_rate.estimate().map_increasing(|w| w * year, year),
                failed_switches_per_year: t.failed_switch_rate.estimate().map_increasing(|w| w * year, year),
                downtime_contribution: t.contribution.estimate().map_increasing(|x| x * MINUTES_PER_YEAR, MINUTES_PER_YEAR),
                criticality: if total_contribution > 0.0 { t.contribution.mean / total_contribution } else { 0.0 },
            })
            .collect();
        let exact = reference.and_then(|r| Exact::new(r, &u, year));
        let outages = &tally.outages;
        let curves = Curves::new(tally, config.horizon, &components, &standby);
        let planned = clamp_probability(tally.planned.estimate());
        let degraded = clamp_probability(tally.degraded.estimate());
        let full = clamp_probability(tally.fully_redundant.estimate());
        Self {
            schema_version: SCHEMA_VERSION,
            ninesim_version: env!("CARGO_PKG_VERSION").to_string(),
            model: ModelInfo { name: system.name.clone(), file: file.to_string() },
            seed: config.seed,
            replications: tally.replications(),
            horizon: config.horizon,
            warmup: config.warmup,
            time_unit: system.time_unit,
            threads,
            events: tally.events,
            availability: a,
            unavailability: u,
            nines: nines_of(&u),
            downtime_minutes_per_year: u.map_increasing(|x| x * MINUTES_PER_YEAR, MINUTES_PER_YEAR),
            failure_frequency_per_year: omega_year,
            downtime_by_cause: DowntimeByCause {
                planned_minutes_per_year: planned.map_increasing(|x| x * MINUTES_PER_YEAR, MINUTES_PER_YEAR),
                unplanned_minutes_per_year: clamp_probability(tally.unplanned.estimate())
                    .map_increasing(|x| x * MINUTES_PER_YEAR, MINUTES_PER_YEAR),
            },
            time_in_state: TimeInState { fully_redundant: full, degraded, down: u },
            mtbf,
            r#mut: tally.up_per_failure.ratio(),
            mdt: tally.down_per_failure.ratio(),
            mttff: FirstFailure { estimate: tally.first_failure.estimate(), censored: tally.survivors },
            reliability: Proportion::wilson(tally.survivors, tally.replications()),
            outage_duration: OutageDurations {
                count: outages.count(),
                p50: outages.quantile(0.5),
                p90: outages.quantile(0.9),
                p99: outages.quantile(0.99),
                max: outages.max(),
            },
            components,
            standby,
            spof: spofs.iter().map(|&c| system.components()[c].name.clone()).collect(),
            exact,
            no_exact: None,
            precision: None,
            method: MethodUsed::plain(),
            curves,
        }
    }
}

impl Exact {
    /// The exact figures and the verdict on the simulated unavailability `u`.
    fn new(reference: &crate::analysis::RunReference, u: &Estimate, year: f64) -> Option<Self> {
        let steady = reference.steady;
        let mission = &reference.mission;
        let (compared_with, exact) = match (mission.window_unavailability, steady) {
            (Some(w), _) => ("window", w),
            (None, Some(s)) => ("steady_state", s.unavailability),
            (None, None) => return None,
        };
        let observed = u.std_error.is_finite() && u.std_error > 0.0;
        let z = observed.then(|| (u.mean - exact) / u.std_error);
        let inside = if observed { u.contains(exact, 0.99) } else { u.mean == exact };
        let what = if compared_with == "window" { "expected unavailability over the window" } else { "steady-state unavailability" };
        let summary = match z {
            Some(z) if inside => format!("exact {what} {exact:.4e} lies inside the simulated 99% CI (z = {z:+.2})"),
            Some(z) => format!("exact {what} {exact:.4e} lies OUTSIDE the simulated 99% CI (z = {z:+.2})"),
            None => format!("exact {what} {exact:.4e}; the run observed no downtime, so it has no interval to check"),
        };
        Some(Self {
            method: reference.method.clone(),
            availability: steady.map(|s| s.availability),
            unavailability: steady.map(|s| s.unavailability),
            failure_frequency_per_year: steady.map(|s| s.failure_frequency * year),
            mtbf: steady.and_then(|s| s.mtbf()),
            r#mut: steady.and_then(|s| s.mut_()),
            mdt: steady.and_then(|s| s.mdt()),
            window_unavailability: mission.window_unavailability,
            reliability: mission.reliability,
            mttff: mission.mttff,
            verdict: Verdict {
                compared_with: compared_with.into(),
                exact,
                z,
                inside_ci99: inside,
                summary,
                caveat: reference.transient_caveat.clone(),
            },
        })
    }
}

/// ω per unit of time as per year; a frequency's interval does not go below 0.
fn per_year(omega: &Estimate, year: f64) -> Estimate {
    let mut e = omega.map_increasing(|w| w * year, year);
    e.ci95[0] = e.ci95[0].max(0.0);
    e
}

/// A = 1 − U, its interval the mirror of U's.
fn availability_of(u: &Estimate) -> Estimate {
    Estimate { ci95: [1.0 - u.ci95[1], 1.0 - u.ci95[0]], ..Estimate::new(1.0 - u.mean, u.std_error, u.dof) }
}

/// MTBF = 1/ω with the interval's ends inverted (`None` with no failure).
fn mtbf_of(omega: &Estimate) -> Option<Interval> {
    (omega.mean > 0.0).then(|| Interval { mean: 1.0 / omega.mean, ci95: [1.0 / omega.ci95[1], 1.0 / omega.ci95[0].max(0.0)] })
}

/// Nines of U with the interval's ends swapped (more downtime, fewer nines).
fn nines_of(u: &Estimate) -> Interval {
    Interval { mean: nines(u.mean), ci95: [nines(u.ci95[1]), nines(u.ci95[0])] }
}

/// A probability's interval cannot leave [0, 1], whatever the normal approximation says.
fn clamp_probability(e: Estimate) -> Estimate {
    Estimate { ci95: [e.ci95[0].max(0.0), e.ci95[1].min(1.0)], ..e }
}

/// Number of nines, −log₁₀ U (infinite when no downtime was seen).
pub fn nines(u: f64) -> f64 {
    -u.log10()
}
