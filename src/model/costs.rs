//! The compiled costs of a model: amounts per component instance, per crew and for the system,
//! all finite and ≥ 0 (see `validate::costs`). Absent fields are 0.

/// What one component instance costs.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct ComponentCost {
    /// One-off, per instance.
    pub acquisition: f64,
    /// Running cost per year.
    pub per_year: f64,
    /// Per failure.
    pub per_failure: f64,
    /// Per hour in the repair phase proper.
    pub per_repair_hour: f64,
}

/// What a crew costs.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct CrewCost {
    /// Retainer per year.
    pub per_year: f64,
    /// Per assignment of a crew member to a repair.
    pub per_call_out: f64,
    /// Per hour a crew member is busy (response and repair).
    pub per_hour: f64,
}

/// Every cost of a model; [`crate::model::System::costs`] is `None` when the model gives none.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CostModel {
    /// Per component instance, in the system's component order.
    pub components: Vec<ComponentCost>,
    /// Per crew, in the system's crew order.
    pub crews: Vec<CrewCost>,
    /// Per hour of system downtime.
    pub per_hour_down: f64,
    /// Per system failure.
    pub per_outage: f64,
    /// The currency label, if the model names one.
    pub currency: Option<String>,
}

impl CostModel {
    /// One-off acquisition of every instance.
    pub fn acquisition(&self) -> f64 {
        self.components.iter().map(|c| c.acquisition).sum()
    }

    /// Running costs per year: every instance's `per_year` and every crew's retainer.
    pub fn infrastructure_per_year(&self) -> f64 {
        self.components.iter().map(|c| c.per_year).sum::<f64>() + self.crews.iter().map(|k| k.per_year).sum::<f64>()
    }
}
