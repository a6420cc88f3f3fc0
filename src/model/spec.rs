//! The model file's serde mirror, format version 1. Unknown fields are rejected so that a typo
//! (`"reapir"`) is an error, not a silently non-repairable component.
//!
//! These types only describe shape; [`crate::model::validate`] checks meaning and builds the
//! [`crate::model::System`].

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::distribution::DistributionSpec;

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
    /// Which combinations of working components keep the service up.
    #[schemars(with = "BlockSpec")]
    pub system: serde_json::Value,
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
            Self::Years => crate::HOURS_PER_YEAR,
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
}

/// A block of the structure: a component id (`"dns"`), one instance (`"app[2]"`), or a
/// `series`, `parallel` or `k_of_n` block of further blocks. A replicated id inside a block
/// stands for all its instances.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
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
    /// Up when at least `k` of its blocks are up.
    KOfN {
        /// The vote.
        k_of_n: KOfNSpec,
    },
}

/// A k-out-of-n vote.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct KOfNSpec {
    /// How many must be up (1 ≤ k ≤ n).
    pub k: u32,
    /// The n blocks (a replicated id counts as all its instances).
    pub of: Vec<BlockSpec>,
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
