//! The model file's serde mirror, format version 1. Unknown fields are rejected so that a typo
//! (`"reapir"`) is an error, not a silently non-repairable component.
//!
//! These types only describe shape; [`crate::model::validate`] checks meaning and builds the
//! [`crate::model::System`]. They are also the grammar: the JSON Schema is generated from them,
//! and the file is read into them (the blocks of `system` by the reader in `spec/blocks.rs`).

mod blocks;
mod costs;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::Diagnostic;
use super::distribution::DistributionSpec;
pub use costs::{ComponentCostSpec, CostsSpec, CrewCostSpec};

/// A whole model file.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "ninesim model, format version 1")]
pub struct ModelSpec {
    /// Optional link to this schema, for editors.
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// Human-readable name of the system.
    pub name: String,
    /// What the model represents and why it is built this way.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Unit of every duration in the file (default: hours).
    #[serde(default)]
    pub time_unit: TimeUnit,
    /// Default run settings; command-line options override them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub simulation: Option<SimulationSpec>,
    /// The parts that fail and get repaired.
    pub components: Vec<ComponentSpec>,
    /// Repair crews: pools of people that components share for repairs (first come, first
    /// served unless components have a `repair_priority`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub crews: Vec<CrewSpec>,
    /// Common-cause shocks: processes that fail every up member of a set at once.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub common_causes: Vec<CommonCauseSpec>,
    /// Which combinations of working components keep the service up.
    pub system: BlockSpec,
    /// What downtime costs, and the currency of every amount (components' and crews' `cost`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub costs: Option<CostsSpec>,
    /// Service-level objectives judged period by period (a monthly 99.9 % SLA): the report
    /// gives the probability of missing each, the distribution of period availability, the
    /// error budget and the credits owed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub objectives: Vec<ObjectiveSpec>,
}

/// A service-level objective: a target availability (or allowed downtime) per period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ObjectiveSpec {
    /// Unique id (`monthly-sla`).
    pub id: String,
    /// What the objective is (the contract it comes from).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The availability each period must reach, strictly between 0 and 1 (0.999); give this
    /// or `max_downtime`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<f64>,
    /// The downtime allowed per period, in the model's time unit; give this or `target`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_downtime: Option<f64>,
    /// The period each judgement covers: `day`, `week`, `month` (a twelfth of 8766 h),
    /// `quarter`, `year` (8766 h), or a length in the model's time unit.
    pub period: PeriodSpec,
    /// Whether planned downtime (maintenance windows) counts against the objective (default
    /// true; many contracts exclude announced maintenance: set false).
    #[serde(default = "default_true")]
    pub counts_planned: bool,
    /// The fee paid per period; with it, a tier's `credit` is a share of it (0 to 1), without
    /// it an amount.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fee: Option<f64>,
    /// Service credits owed for a period whose availability falls below a tier's `below`:
    /// the lowest tier reached applies. Tiers in order of decreasing `below`, credits
    /// increasing.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub credits: Vec<CreditTierSpec>,
    /// Outage lengths X (model's time unit) for which the report gives P(a period has an
    /// outage longer than X) (default: 5 minutes, 1 hour and 4 hours).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub long_outages: Option<Vec<f64>>,
    /// The span, in years, of "the worst period expected in N years" (default 5).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub worst_in_years: Option<f64>,
}

/// The period of an objective: a calendar name or a length.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged, expecting = "a period: \"day\", \"week\", \"month\", \"quarter\", \"year\" or a length in the model's time unit")]
pub enum PeriodSpec {
    /// `day`, `week`, `month`, `quarter` or `year`.
    Named(String),
    /// A length in the model's time unit.
    Length(f64),
}

/// One tier of service credits.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CreditTierSpec {
    /// The tier applies to a period whose availability is below this (0 to 1).
    pub below: f64,
    /// The credit: a share of the objective's `fee` (0 to 1), or an amount without a fee.
    pub credit: f64,
}

/// Unit of time for every duration in the model and in its results.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum TimeUnit {
    /// Seconds.
    Seconds,
    /// Minutes.
    Minutes,
    /// Hours (the default).
    #[default]
    Hours,
    /// Days of 24 h.
    Days,
    /// Julian years of 8766 h.
    Years,
}

impl TimeUnit {
    /// Hours in one unit.
    pub fn hours(self) -> f64 {
        match self {
            Self::Seconds => 1.0 / 3600.0,
            Self::Minutes => 1.0 / 60.0,
            Self::Hours => 1.0,
            Self::Days => 24.0,
            Self::Years => crate::units::HOURS_PER_YEAR,
        }
    }

    /// The name a model's `time_unit` gives it (`hours`).
    pub fn name(self) -> &'static str {
        match self {
            Self::Seconds => "seconds",
            Self::Minutes => "minutes",
            Self::Hours => "hours",
            Self::Days => "days",
            Self::Years => "years",
        }
    }

    /// Short symbol for reports (`h`, `min`, ...).
    pub fn symbol(self) -> &'static str {
        match self {
            Self::Seconds => "s",
            Self::Minutes => "min",
            Self::Hours => "h",
            Self::Days => "d",
            Self::Years => "y",
        }
    }
}

/// Default run settings stored with the model.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SimulationSpec {
    /// Length of each simulated life (mission time), in the model's time unit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub horizon: Option<f64>,
    /// Initial period excluded from steady-state statistics, in the model's time unit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub warmup: Option<f64>,
    /// Number of independent replications.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replications: Option<u64>,
    /// Master seed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seed: Option<u64>,
}

/// One kind of component; `count` makes that many independent, identical instances.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ComponentSpec {
    /// Unique id, used in `system` (no brackets; `id[2]` names the second instance).
    pub id: String,
    /// What this component is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Number of identical, independent instances (default 1), named `id[1]` ... `id[count]`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count: Option<u32>,
    /// Time to failure, measured from the moment the component is (again) up.
    pub failure: DistributionSpec,
    /// Time to repair; without it the component is non-repairable and stays down once failed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repair: Option<DistributionSpec>,
    /// Time from the failure until it is noticed (e.g. a monitoring interval); repair or
    /// automated remediation starts only then.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detection: Option<DistributionSpec>,
    /// Automated remediation (a restart, a failover script): tried first once the failure is
    /// detected; when it does not fix the failure, the manual repair applies.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remediation: Option<RemediationSpec>,
    /// The crew (`crews[].id`) that performs the manual repair; without it every failure gets
    /// a repairer at once.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub crew: Option<String>,
    /// Order in the crew's queue: higher is served first; equal priorities are served first
    /// come, first served (default 0). A repair in progress is never interrupted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repair_priority: Option<i32>,
    /// Components (ids or instances) this one needs: it is effectively down while any of them
    /// is down (a zone, a rack, a power feed, a network link).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub depends_on: Vec<String>,
    /// Planned downtime (maintenance, deploys), periodic.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub maintenance: Option<MaintenanceSpec>,
    /// Capacity of each instance, for `k_of_n` blocks with `min_capacity` (default 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capacity: Option<f64>,
    /// What each instance costs (acquisition, running, per failure, per repair hour).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cost: Option<ComponentCostSpec>,
}

/// Automated remediation of a detected failure.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RemediationSpec {
    /// Probability that the automated action fixes the failure (0 to 1).
    pub probability: f64,
    /// How long the automated action takes when it works.
    pub time: DistributionSpec,
}

/// Periodic planned downtime of a component.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MaintenanceSpec {
    /// Time between the starts of two planned windows.
    pub every: f64,
    /// How long each planned window lasts.
    pub duration: DistributionSpec,
    /// Spread the instances of a replicated component evenly over the interval (a rolling
    /// deploy, the default) instead of taking them all down at once.
    #[serde(default = "default_true")]
    pub stagger: bool,
    /// Start of the first window (default: one interval after t = 0, plus the stagger).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offset: Option<f64>,
}

fn default_true() -> bool {
    true
}

/// A pool of repairers shared by the components that name it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CrewSpec {
    /// Unique id, named by components' `crew`.
    pub id: String,
    /// What this crew is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// How many repairs can run at once (default 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size: Option<u32>,
    /// Time from assignment until the repair starts (an on-call engineer's response); the
    /// crew member is busy during it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response: Option<DistributionSpec>,
    /// What the crew costs (retainer, per call-out, per busy hour).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cost: Option<CrewCostSpec>,
}

/// A shock process that fails every member that is up when it strikes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CommonCauseSpec {
    /// Unique id.
    pub id: String,
    /// What the shock is (a bad configuration push, a power surge).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The components it strikes (ids stand for all their instances, or `id[i]`).
    pub members: Vec<String>,
    /// Time between shocks (the first from t = 0).
    pub every: DistributionSpec,
}

/// Whether spares of a standby block age while they wait.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum StandbyMode {
    /// Spares run and age as if active.
    Hot,
    /// Spares age at `dormant_factor` × their active rate.
    Warm,
    /// Spares do not age (the default).
    #[default]
    Cold,
}

/// A standby block: one unit serves, the others wait; on a failure the next spare takes over.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StandbySpec {
    /// The units in priority order (the first is the primary): component ids or instances.
    pub units: Vec<String>,
    /// How spares age while they wait (default cold).
    #[serde(default)]
    pub mode: StandbyMode,
    /// For `warm`: a spare's failure rate as a fraction of its active rate (0 to 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dormant_factor: Option<f64>,
    /// Time to bring a spare into service, during which the block is down (default 0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub switchover: Option<DistributionSpec>,
    /// Probability that a switch attempt fails; the spare then stays idle and the block stays
    /// down until a repair brings a unit back (default 0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub switch_failure_prob: Option<f64>,
    /// Return service to a higher-priority unit once it is repaired (another switchover);
    /// by default the repaired unit becomes a spare.
    #[serde(default)]
    pub failback: bool,
}

/// A block of the structure: a component id (`"dns"`), one instance (`"app[2]"`), a
/// `series`, `parallel` or `k_of_n` block of further blocks, or a `standby` block of units.
/// A replicated id inside a block stands for all its instances.
//
// `Deserialize` is written by hand (`blocks.rs`): serde's message for an untagged enum names no
// field, and one malformed block must not hide the errors in the others.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum BlockSpec {
    /// A component id or one instance, `id[i]` (1-based).
    Unit(String),
    /// Up when all of its blocks are up.
    Series {
        /// The blocks, all of which must be up.
        series: Vec<BlockSpec>,
    },
    /// Up when any of its blocks is up.
    Parallel {
        /// The blocks, any of which keeps it up.
        parallel: Vec<BlockSpec>,
    },
    /// Up when at least `k` of its blocks are up (or their capacity reaches `min_capacity`).
    KOfN {
        /// The vote.
        k_of_n: KOfNSpec,
    },
    /// One active unit, the others spares that take over when it fails.
    Standby {
        /// The standby arrangement.
        standby: StandbySpec,
    },
    /// A value read where a block belongs that is not one; validation reports it. A loaded
    /// model never holds one, and it cannot be serialised.
    #[serde(skip)]
    Malformed(MalformedBlock),
}

/// What is wrong with a value that stands where a block belongs.
#[derive(Debug, Clone, PartialEq)]
pub struct MalformedBlock {
    /// Each problem, its path relative to the block: empty for the block itself, otherwise
    /// starting with a dot (`.k_of_n.k`).
    pub problems: Vec<Diagnostic>,
    /// The members of a `k_of_n` whose count is missing or invalid: they are still checked, so
    /// that their errors come with the vote's.
    pub members: Option<Vec<BlockSpec>>,
}

/// A k-out-of-n vote, by count (`k`) or by capacity (`min_capacity`).
//
// Read by hand with the blocks (`blocks.rs`), so that every problem of a vote is reported at once.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct KOfNSpec {
    /// How many must be up (1 ≤ k ≤ n); give this or `min_capacity`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub k: Option<u32>,
    /// The total `capacity` of the up members that keeps the block up (members must be
    /// components); give this or `k`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_capacity: Option<f64>,
    /// With `min_capacity`: below this capacity the block counts as degraded although up
    /// (default: the capacity of all members).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nominal_capacity: Option<f64>,
    /// The capacity needed for full service (optional): a `k` vote counts members, a
    /// `min_capacity` vote their capacity. Between the hard minimum (`k` or `min_capacity`) and
    /// this, the block is up but serves only (available capacity) / `demand`; below the minimum
    /// it serves nothing. At least the hard minimum and at most the members' total.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub demand: Option<f64>,
    /// The n blocks (a replicated id counts as all its instances).
    pub of: Vec<BlockSpec>,
    /// Problems the file's vote had that do not stop its block from being built (an unknown
    /// field, a bad `nominal_capacity`), paths relative to the block; validation reports them.
    /// Empty for a valid file and for a vote built in code.
    #[serde(skip)]
    pub problems: Vec<Diagnostic>,
}

/// The JSON Schema of the model format, as pretty-printed JSON (what `ninesim schema` prints
/// and `schema/model.schema.json` holds).
pub fn json_schema() -> String {
    let schema = schemars::schema_for!(ModelSpec);
    // Serialising a schema (string keys, finite numbers) cannot fail.
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}
