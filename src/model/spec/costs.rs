//! The cost fields of a model file: what a component, a crew and the system's downtime cost.
//! Every field is optional; amounts are in the model's `costs.currency` (a label only).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// What one instance of a component costs.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ComponentCostSpec {
    /// One-off cost of buying or building one instance.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub acquisition: Option<f64>,
    /// Running cost of one instance per year (licences, power, hosting).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub per_year: Option<f64>,
    /// Cost of each failure of an instance (parts, incident handling).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub per_failure: Option<f64>,
    /// Cost of each hour an instance spends in its repair proper (not detection, queueing or a
    /// crew's response).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub per_repair_hour: Option<f64>,
}

/// What a repair crew costs.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CrewCostSpec {
    /// Retainer per year, for the whole crew.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub per_year: Option<f64>,
    /// Cost of each call-out: each time a crew member is assigned a repair.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub per_call_out: Option<f64>,
    /// Cost of each hour a crew member is busy (response and repair).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub per_hour: Option<f64>,
}

/// What the system's downtime costs, and the currency of every amount.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CostsSpec {
    /// Label of the currency of every amount in the model (`EUR`, `USD`); reports show it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    /// Cost of each hour the system is down (lost revenue, penalties).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub per_hour_down: Option<f64>,
    /// Cost of each system failure (an up → down transition), whatever its length.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub per_outage: Option<f64>,
}
