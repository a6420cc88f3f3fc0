//! The result of a run in its stable, machine-readable form (see DESIGN.md, "Result format").
//! Every exporter in [`crate::report`] renders this one type.

use serde::{Deserialize, Serialize};

pub use crate::analysis::Verdict;
pub use crate::model::{ModelInfo, TimeUnit};
pub use crate::units::SCHEMA_VERSION;

use super::plan::Method;
use crate::stats::{Estimate, Proportion};

/// A point value with a 95% interval, for quantities derived from an [`Estimate`] by a
/// monotone transform (nines, MTBF). Unbounded ends are written as `null` in JSON.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Interval {
    /// Point value.
    pub mean: f64,
    /// 95% confidence interval.
    pub ci95: [f64; 2],
}

/// Mean time to first system failure, from new.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct FirstFailure {
    /// Mean of min(T₁, horizon) across replications, with its standard error and interval.
    #[serde(flatten)]
    pub estimate: Estimate,
    /// Replications with no system failure before the horizon. When > 0, the mean is the
    /// restricted mean E[min(T₁, horizon)], a lower bound on the MTTFF.
    pub censored: u64,
}

/// Quantiles of the duration of system outages (in the model's time unit).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
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

/// Everything a run reports.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
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
    /// ω and MTBF without the system failures that planned maintenance caused (present only
    /// when the model has planned maintenance; without it they equal ω and MTBF).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unplanned_failures: Option<UnplannedFailures>,
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
    /// What the design costs (absent when the model gives no cost).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub costs: Option<Costs>,
    /// The curves behind the charts.
    #[serde(skip)]
    pub curves: Curves,
    /// Delivered service availability, 1 − ∫ (1 − delivered fraction) dt / window (present only
    /// when the model has a `demand`; otherwise it equals `availability`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_availability: Option<Estimate>,
    /// Lost service in minutes of full service per year (present only with a `demand`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lost_service_minutes_per_year: Option<Estimate>,
    /// Per component, its share of the lost service (present only with a `demand`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub lost_service: Vec<LostServiceShare>,
    /// Per service-level objective of the model, period by period (absent without any).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub objectives: Vec<ObjectiveResult>,
    /// The spread of U over draws of the laws' uncertain parameters (absent unless asked for).
    /// Everything above is the model as given; this is a second, separate kind of uncertainty.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uncertainty: Option<UncertaintyResult>,
}

/// One service-level objective judged period by period (times in the model's unit).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ObjectiveResult {
    /// Id from the model.
    pub id: String,
    /// Length of a period.
    pub period: f64,
    /// The period as the model gave it (`month`).
    pub period_name: String,
    /// The availability each period must reach.
    pub target: f64,
    /// The downtime allowed per period.
    pub max_downtime: f64,
    /// Whether planned downtime counts.
    pub counts_planned: bool,
    /// Complete periods judged per replication.
    pub periods_per_replication: u64,
    /// The partial last period of each life, left out (0 when the window holds whole periods).
    pub left_out: f64,
    /// P(breach): the probability that a period misses the objective. Each replication is one
    /// observation (its share of breaching periods); with no breach at all the interval is the
    /// exact one-sided bound from the replications.
    pub breach_probability: Estimate,
    /// Expected breaching periods per year.
    pub breaches_per_year: Estimate,
    /// Breaching periods observed in all replications.
    pub breaches_observed: u64,
    /// Replications with at least one breaching period.
    pub lives_with_breach: u64,
    /// Mean availability of a period, and quantiles of its distribution (p1 is the availability
    /// that 1 % of periods fall below).
    pub availability: PeriodQuantiles,
    /// Downtime per period: mean and quantiles (p99 is exceeded by 1 % of periods).
    pub downtime: PeriodQuantiles,
    /// Mean share of the downtime allowance a period uses.
    pub budget_used: Estimate,
    /// When a breaching period's allowance runs out, counted from the period's start (absent
    /// without breaches).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exhaustion: Option<Exhaustion>,
    /// Outages begun per period: the mean, and the share of periods with 0, 1, ... (the last
    /// class: that many or more).
    pub outages_per_period: Estimate,
    /// Share of periods with 0, 1, 2, ... outages begun in them.
    pub outages_distribution: Vec<f64>,
    /// P(a period has an outage longer than X) for each X.
    pub long_outages: Vec<LongOutage>,
    /// Credits owed per year (absent without credit tiers).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credits_per_year: Option<Estimate>,
    /// The worst period expected in N years (absent when a life is shorter than N years).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub worst: Option<WorstPeriod>,
    /// Downtime per period as (low, high, count) bins on a log scale, in the model's time unit,
    /// periods with no downtime left out (they are `no_downtime_share`). For the chart; not part
    /// of the JSON result.
    #[serde(skip)]
    pub downtime_histogram: Vec<(f64, f64, u64)>,
    /// The share of periods with no downtime at all. For the chart; not part of the JSON result.
    #[serde(skip)]
    pub no_downtime_share: f64,
}

/// A figure of a period: its mean with an interval and the quantiles of its distribution.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct PeriodQuantiles {
    /// Mean over periods (one observation per replication).
    pub mean: Estimate,
    /// 1st percentile.
    pub p1: f64,
    /// 5th percentile.
    pub p5: f64,
    /// Median.
    pub p50: f64,
    /// 95th percentile.
    pub p95: f64,
    /// 99th percentile.
    pub p99: f64,
}

/// When breaching periods run out of their allowance.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Exhaustion {
    /// The class width, in the model's time unit (a day, an hour, or a twentieth of the period).
    pub class: f64,
    /// The class's name (`day`, `hour`, or `class`).
    pub class_name: String,
    /// Breaching periods per class: the allowance ran out in class i (0-based) of the period.
    pub counts: Vec<u64>,
    /// The median class, 1-based (day 12).
    pub median: u64,
    /// The 10th percentile class, 1-based.
    pub p10: u64,
    /// The 90th percentile class, 1-based.
    pub p90: u64,
}

/// P(a period has an outage longer than X).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct LongOutage {
    /// X, in the model's time unit.
    pub longer_than: f64,
    /// The probability, one observation per replication.
    pub probability: Estimate,
}

/// The worst period expected in a span of N years: quantiles over spans of the worst period's
/// downtime.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct WorstPeriod {
    /// N.
    pub years: f64,
    /// Spans observed.
    pub spans: u64,
    /// Median over spans of the worst period's downtime: a typical N years' worst period.
    pub median_downtime: f64,
    /// 90th percentile: one span in ten has a worse period.
    pub p90_downtime: f64,
    /// The availabilities of those two periods.
    pub median_availability: f64,
    /// The availability of the 90th-percentile worst period.
    pub p90_availability: f64,
}

/// One component's share of the lost service (docs/maths.md, "Delivered service").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct LostServiceShare {
    /// Instance name.
    pub id: String,
    /// Minutes of full service per year lost to it.
    pub minutes_per_year: Estimate,
    /// That as a share of all lost service (0 to 1; unattributed loss is nobody's).
    pub share: f64,
}

/// The finished run of one model, by whichever method ran.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
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
    /// Expected total cost per year (runs of models with costs).
    pub cost_per_year: Option<Estimate>,
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
                    cost_per_year: self.cost_per_year(),
                }
            }
        }
    )*};
}

impl_headline!(RunResult, RareEventResult);

impl RunResult {
    /// The expected total cost per year, when the model has costs.
    pub fn cost_per_year(&self) -> Option<Estimate> {
        self.costs.as_ref().map(|c| c.total_per_year)
    }
}

impl RareEventResult {
    /// Failure biasing estimates no costs.
    pub fn cost_per_year(&self) -> Option<Estimate> {
        None
    }
}

/// What a design costs: expected amounts per year of the observation window, by category, each
/// with the 95% interval of its per-replication values (replications are independent), in the
/// model's `currency`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Costs {
    /// The currency label, when the model names one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    /// Running costs of the components and crew retainers, per year.
    pub infrastructure_per_year: Estimate,
    /// Components' per-failure costs, per year.
    pub failures_per_year: Estimate,
    /// Repair labour per year: repair hours, crews' busy hours and call-outs.
    pub repair_per_year: Estimate,
    /// Downtime per year: per hour down and per outage.
    pub downtime_per_year: Estimate,
    /// SLA credits owed per year (present when some objective has credit tiers).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sla_credits_per_year: Option<Estimate>,
    /// The total per year (summed per replication, so its interval is the total's own).
    pub total_per_year: Estimate,
    /// One-off acquisition of every component instance.
    pub acquisition: f64,
    /// The horizon in years.
    pub horizon_years: f64,
    /// Expected total over the horizon: acquisition + total per year × horizon years.
    pub total_over_horizon: Interval,
}

/// Which estimation method ran, and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
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

/// The precision asked for and reached by a `--rel-error` run.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
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

/// The system failures that no maintenance window caused: a failure is planned when the event
/// that took the system from up to down was the start of a maintenance window.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct UnplannedFailures {
    /// Unplanned system failures per year.
    pub failure_frequency_per_year: Estimate,
    /// 1 / the unplanned failure frequency, in the model's time unit (`null` with no unplanned
    /// failure observed).
    pub mtbf: Option<Interval>,
}

/// Planned and unplanned downtime, in minutes per year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct DowntimeByCause {
    /// Outages that began with the start of planned maintenance.
    pub planned_minutes_per_year: Estimate,
    /// All other outages.
    pub unplanned_minutes_per_year: Estimate,
}

/// Fractions of the observation window.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct TimeInState {
    /// Up with every block at full strength.
    pub fully_redundant: Estimate,
    /// Up, but some block has a member down (or less than its nominal capacity).
    pub degraded: Estimate,
    /// Down (the unavailability).
    pub down: Estimate,
}

/// How the parameter draws of [`UncertaintyResult`] are evaluated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum UncertaintyMethod {
    /// Exactly where the model's exact steady state applies, else by simulation.
    Auto,
    /// The exact steady-state U of each draw (structure function or Markov chain).
    Exact,
    /// A simulation of each draw, with the run's replications and seed (common random numbers).
    Simulation,
}

impl UncertaintyMethod {
    /// The name used in settings and results.
    pub fn name(self) -> &'static str {
        match self {
            UncertaintyMethod::Auto => "auto",
            UncertaintyMethod::Exact => "exact",
            UncertaintyMethod::Simulation => "simulation",
        }
    }
}

/// A figure's spread over the parameter draws: its mean and its 5th, 50th and 95th percentiles,
/// the p-th being the ⌈p·N⌉-th smallest of the N draws' values (no interpolation). This is
/// the parameter (epistemic) uncertainty, not a confidence interval.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Spread {
    /// Mean over the draws.
    pub mean: f64,
    /// 5th percentile.
    pub p5: f64,
    /// Median.
    pub p50: f64,
    /// 95th percentile.
    pub p95: f64,
}

/// One uncertain law and how much of the spread of U follows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct UncertaintyDriver {
    /// The component kind's id (all its instances share the draw).
    pub component: String,
    /// Which of its laws.
    pub law: crate::model::LawRole,
    /// The law's `dist`.
    pub distribution: String,
    /// Its uncertainty, as the model gives it.
    pub uncertainty: crate::model::UncertaintySpec,
    /// The law's mean duration (MTTF or MTTR) over the draws, in the model's time unit.
    pub mean_duration: Spread,
    /// Spearman's rank correlation of the law's drawn mean with the draws' U (`null` when
    /// either does not vary).
    pub rank_correlation: Option<f64>,
    /// Its share of the variance: rank correlations squared, normalised to sum to 1 over the
    /// laws (`null` with its rank correlation).
    pub variance_share: Option<f64>,
}

/// The spread of the unavailability over draws of the model's uncertain parameters: the outer
/// loop of a two-level Monte Carlo (`docs/maths.md` §16). Each draw gives the laws new
/// parameters and is evaluated exactly, or simulated with the run's replications and seed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct UncertaintyResult {
    /// Parameter draws.
    pub draws: u64,
    /// The method asked for.
    pub requested: UncertaintyMethod,
    /// The method used (`exact` or `simulation`).
    pub method: UncertaintyMethod,
    /// Why.
    pub reason: String,
    /// What each draw's U is: the exact steady state, or the simulated window.
    pub estimand: String,
    /// Master seed of the draws (the run's).
    pub seed: u64,
    /// Replications of each draw's simulation (absent for the exact method).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replications_per_draw: Option<u64>,
    /// U over the draws.
    pub unavailability: Spread,
    /// −log₁₀ U over the draws (its p5 is −log₁₀ of U's p95).
    pub nines: Spread,
    /// U × 525,960 minutes over the draws.
    pub downtime_minutes_per_year: Spread,
    /// The Monte Carlo error of one draw: the median over draws of the 95 % half-width of its
    /// simulated U (absent for the exact method, which has none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub monte_carlo_half_width: Option<f64>,
    /// The uncertain laws, the largest share of the variance first (model order among equals).
    pub drivers: Vec<UncertaintyDriver>,
    /// 1.96/√(N − 1): a rank correlation within ± this of 0 is what N draws of a law that does
    /// not matter give 95 % of the time (absent below 3 draws).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rank_correlation_noise: Option<f64>,
    /// What the reader should know (no uncertainty in the model, a transient, …).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    /// Each draw's U, in draw order: exact (zero standard error), or its simulation's estimate.
    /// For tests and charts; not part of the JSON result.
    #[serde(skip)]
    pub per_draw: Vec<Estimate>,
}
