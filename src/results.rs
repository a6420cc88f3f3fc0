//! The result of a run in its stable, machine-readable form (see DESIGN.md, "Result format").
//! Every exporter in [`crate::report`] renders this one type.

use serde::{Deserialize, Serialize};

use crate::MINUTES_PER_YEAR;
use crate::model::{System, TimeUnit};
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
    /// Single points of failure, found from the structure.
    pub spof: Vec<String>,
}

impl RunResult {
    /// Turns a tally into the reported estimates.
    pub fn new(system: &System, file: &str, config: &RunConfig, threads: usize, tally: &Tally) -> Self {
        let year = system.year();
        let mut u = clamp_probability(tally.unavailability.estimate());
        let omega = tally.failure_rate.estimate();
        let mut omega_year = omega.map_increasing(|w| w * year, year);
        omega_year.ci95[0] = omega_year.ci95[0].max(0.0);
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
        let a = Estimate::new(1.0 - u.mean, u.std_error, u.dof);
        let a = Estimate { ci95: [1.0 - u.ci95[1], 1.0 - u.ci95[0]], ..a };
        let mtbf =
            (omega.mean > 0.0).then(|| Interval { mean: 1.0 / omega.mean, ci95: [1.0 / omega.ci95[1], 1.0 / omega.ci95[0].max(0.0)] });
        let spofs = system.single_points_of_failure();
        let total_contribution = tally.unavailability.mean;
        let components = system
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
            })
            .collect();
        let outages = &tally.outages;
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
            nines: Interval { mean: nines(u.mean), ci95: [nines(u.ci95[1]), nines(u.ci95[0])] },
            downtime_minutes_per_year: u.map_increasing(|x| x * MINUTES_PER_YEAR, MINUTES_PER_YEAR),
            failure_frequency_per_year: omega_year,
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
            spof: spofs.iter().map(|&c| system.components()[c].name.clone()).collect(),
        }
    }
}

/// A probability's interval cannot leave [0, 1], whatever the normal approximation says.
fn clamp_probability(e: Estimate) -> Estimate {
    Estimate { ci95: [e.ci95[0].max(0.0), e.ci95[1].min(1.0)], ..e }
}

/// Number of nines, −log₁₀ U (infinite when no downtime was seen).
pub fn nines(u: f64) -> f64 {
    -u.log10()
}
