//! `fit`: from incident data to laws, and from laws to a model.
//!
//! Each sample of the data (a durations file's one sample; a timeline's times to failure and
//! repair durations per component) is fitted with every law the data allow
//! ([`crate::stats::fit::fit_all`]); the best by AICc is named and given as the model fragment
//! to paste, parameter uncertainty included, or written into a copy of a model.

use serde::Serialize;

use crate::model::TimeUnit;
use crate::model::incidents::{DataShape, IncidentData};
use crate::stats::fit::{FitSet, Law};

/// Which duration of a component a sample holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SampleKind {
    /// Times to failure (the model's `failure` law).
    Failure,
    /// Repair durations (the model's `repair` law).
    Repair,
    /// A durations file: which law it is for is the user's to say.
    Durations,
}

/// One sample and what was fitted to it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SampleFit {
    /// Component id (timelines), `None` for a durations file.
    pub component: Option<String>,
    /// Which duration.
    pub kind: SampleKind,
    /// The fits, with Kaplan–Meier; `None` when the sample is empty (see `note`).
    pub fits: Option<FitSet>,
    /// The best law (by AICc), if any was fitted.
    pub best: Option<Law>,
    /// The best law as a model-file distribution, with its parameter uncertainty, in the
    /// result's time unit.
    pub fragment: Option<serde_json::Value>,
    /// What the reader should know about this sample (too few failures, no failure at all…).
    pub notes: Vec<String>,
}

/// What `fit` found in one data file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FitResult {
    /// Version of ninesim that produced it.
    pub ninesim_version: String,
    /// The data file.
    pub file: String,
    /// The shape the data had.
    pub shape: DataShape,
    /// Unit of every duration and parameter in this result.
    pub time_unit: TimeUnit,
    /// Length of the observation window (timelines).
    pub window_length: Option<f64>,
    /// The samples, in the data's order (per component: failure, then repair).
    pub samples: Vec<SampleFit>,
    /// Things the reader should know about the data as a whole.
    pub warnings: Vec<String>,
}

/// Fits every sample of `data` (read from `file`).
pub fn fit(data: &IncidentData, file: &str) -> FitResult {
    let _ = (data, file);
    todo!()
}
