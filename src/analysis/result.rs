//! The analysis' result documents: plain serde data, with the few constructors that fill them
//! from exact answers (no simulation: a run is attached by the study layer).

use serde::{Deserialize, Serialize};

use super::*;
use crate::model::ModelInfo;

/// Importance measures of one component (probabilities: steady state, or at the horizon for
/// models with non-repairable components).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Importance {
    /// Instance name.
    pub id: String,
    /// The component's own unavailability q_i.
    pub unavailability: f64,
    /// Birnbaum: ∂A/∂A_i = U(i down) − U(i up), the probability that i is critical.
    pub birnbaum: f64,
    /// Criticality: B_i·q_i/U, the probability that i is down and critical given the system
    /// is down (the simulator's downtime share estimates the same quantity).
    pub criticality: f64,
    /// Fussell–Vesely: P(some minimal cut set containing i has failed)/U (from the cut sets
    /// up to the order limit; exact when they are complete).
    pub fussell_vesely: Option<f64>,
    /// Risk achievement worth: U(i always down)/U.
    pub raw: f64,
    /// Risk reduction worth: U/U(i never down) (`null`: infinite, i is in every cut set).
    pub rrw: Option<f64>,
    /// Whether i alone brings the system down.
    pub spof: bool,
    /// log₁₀ of the Birnbaum importance, given only when it is below f64's normal range (then
    /// `birnbaum` shows its rounding, 0 or a subnormal).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub log10_birnbaum: Option<f64>,
    /// From a simulation run beside the analysis (`analyze --simulate`): the share of system
    /// downtime during which i was down and critical, the estimate of `criticality`.
    pub simulated_criticality: Option<f64>,
    /// From that run: minutes per year of system downtime during which i was down and critical.
    pub simulated_contribution: Option<crate::stats::Estimate>,
}

/// A minimal cut set with its approximate contribution.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct CutSet {
    /// The components (instance names).
    pub components: Vec<String>,
    /// Π q_i: the probability that all of them are down at once (independent components).
    pub probability: Option<f64>,
    /// probability / Σ over all listed cut sets.
    pub share: Option<f64>,
}

/// Minimal cut sets up to an order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct CutSets {
    /// Largest order enumerated.
    pub max_order: usize,
    /// Whether these are all the minimal cut sets of the system (checked on the BDD: the union
    /// of the listed sets is exactly "system down").
    pub complete: bool,
    /// Σ Π q_i over the listed sets: the rare-event approximation of U (an upper bound when
    /// complete).
    pub rare_event_sum: Option<f64>,
    /// The sets, smallest order first, then largest probability.
    pub sets: Vec<CutSet>,
}

/// Minimal path sets up to an order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct PathSets {
    /// Largest order enumerated.
    pub max_order: usize,
    /// The sets (instance names), smallest first.
    pub sets: Vec<Vec<String>>,
}

/// Exact time-dependent answers over the run's window.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Mission {
    /// Mission time (end of the window).
    pub horizon: f64,
    /// Start of the window.
    pub warmup: f64,
    /// Expected fraction of [warmup, horizon] the system is down, starting new at 0: exactly
    /// what `run` estimates.
    pub window_unavailability: Option<f64>,
    /// P(system down at the horizon).
    pub point_unavailability: Option<f64>,
    /// R(horizon): probability of no system failure in [0, horizon].
    pub reliability: Option<f64>,
    /// Mean time to first system failure, from new.
    pub mttff: Option<f64>,
    /// How these were computed, and what could not be.
    pub method: String,
}

impl Mission {
    /// The window of `config` with no answer yet.
    pub(crate) fn unknown(config: &AnalysisConfig, method: String) -> Self {
        Self {
            horizon: config.horizon,
            warmup: config.warmup,
            window_unavailability: None,
            point_unavailability: None,
            reliability: None,
            mttff: None,
            method,
        }
    }
}

/// The report of `ninesim analyze`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Analysis {
    /// Version of the result format.
    pub schema_version: u32,
    /// Version of ninesim.
    pub ninesim_version: String,
    /// The model.
    pub model: ModelInfo,
    /// Unit of every time.
    pub time_unit: crate::model::TimeUnit,
    /// How the steady state was computed.
    pub method: String,
    /// Steady-state A (`null` when some component is never repaired).
    pub availability: Option<f64>,
    /// Steady-state U.
    pub unavailability: Option<f64>,
    /// −log₁₀ U.
    pub nines: Option<f64>,
    /// log₁₀ U, given only when U is below f64's normal range (then `unavailability` is null,
    /// not 0, and `nines` is −log10_unavailability).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub log10_unavailability: Option<f64>,
    /// log₁₀ of ω per year, given only when ω is outside f64's normal range (then
    /// `failure_frequency_per_year`, `mtbf` and `mut` are null).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub log10_failure_frequency_per_year: Option<f64>,
    /// U × 525,960.
    pub downtime_minutes_per_year: Option<f64>,
    /// ω per year.
    pub failure_frequency_per_year: Option<f64>,
    /// 1/ω.
    pub mtbf: Option<f64>,
    /// A/ω.
    pub r#mut: Option<f64>,
    /// U/ω.
    pub mdt: Option<f64>,
    /// Time-dependent answers.
    pub mission: Mission,
    /// Minimal cut sets.
    pub cut_sets: Option<CutSets>,
    /// Minimal path sets, when asked for.
    pub path_sets: Option<PathSets>,
    /// Importance measures per component, in model order.
    pub importance: Vec<Importance>,
    /// Single points of failure (the order-1 cut sets).
    pub spof: Vec<String>,
    /// What could not be computed and why.
    pub notes: Vec<String>,
    /// A simulation run beside the analysis (`analyze --simulate`), when asked for.
    pub simulation: Option<SimulationCheck>,
    /// Which figures are approximate, and why; absent when every figure given is exact.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approximate: Option<Approximation>,
}

/// Figures computed with the structure function as if the components were independent, in a
/// model whose components are not: each component is taken at its own long-run unavailability
/// q_i = MDT_i/(MTTF_i + MDT_i) (exact for an independent alternating renewal component).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Approximation {
    /// Which figures: `steady_state` (availability, unavailability, nines, downtime, failure
    /// frequency, MTBF, MUT, MDT), `importance` (every measure) and `cut_set_probabilities`
    /// (each set's probability and share, and their sum). The cut sets, path sets and single
    /// points of failure depend only on the structure and are always exact.
    pub figures: Vec<String>,
    /// What the independence leaves out: what makes the components depend on each other, or
    /// downtime their own laws do not carry.
    pub reasons: Vec<String>,
    /// Why no exact method applies to the figures in `figures`.
    pub no_exact: Option<String>,
}

impl Approximation {
    /// Whether `figure` (one of the names of [`Approximation::figures`]) is approximate in `a`.
    pub fn covers(a: Option<&Approximation>, figure: &str) -> bool {
        a.is_some_and(|a| a.figures.iter().any(|f| f == figure))
    }
}

/// A simulation beside the exact analysis.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct SimulationCheck {
    /// Replications run.
    pub replications: u64,
    /// Master seed.
    pub seed: u64,
    /// Simulated unavailability over the window.
    pub unavailability: crate::stats::Estimate,
    /// Whether the exact value lies inside its interval.
    pub verdict: Option<Verdict>,
}

impl Analysis {
    /// The headline figures from a steady state and mission answers; no cut sets, importance,
    /// SPOFs or notes yet.
    pub(super) fn new(system: &System, file: &str, method: String, steady: Option<SteadyState>, mission: Mission) -> Self {
        let year = system.year();
        Self {
            schema_version: crate::units::SCHEMA_VERSION,
            ninesim_version: env!("CARGO_PKG_VERSION").to_string(),
            model: ModelInfo { name: system.name.clone(), file: file.to_string() },
            time_unit: system.time_unit,
            method,
            availability: steady.map(|s| s.availability),
            unavailability: steady.map(|s| s.unavailability),
            nines: steady.map(|s| -s.unavailability.log10()),
            log10_unavailability: None,
            log10_failure_frequency_per_year: None,
            downtime_minutes_per_year: steady.map(|s| s.unavailability * crate::units::MINUTES_PER_YEAR),
            failure_frequency_per_year: steady.map(|s| s.failure_frequency * year),
            mtbf: steady.and_then(|s| s.mtbf()),
            r#mut: steady.and_then(|s| s.mut_()),
            mdt: steady.and_then(|s| s.mdt()),
            mission,
            cut_sets: None,
            path_sets: None,
            importance: Vec::new(),
            spof: Vec::new(),
            notes: Vec::new(),
            simulation: None,
            approximate: None,
        }
    }
}

/// Does the exact unavailability lie inside the simulated 99% interval?
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
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
