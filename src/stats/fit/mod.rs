//! Fitting failure and repair laws to observed durations, with right censoring.
//!
//! Maximum likelihood for the exponential, Weibull (2-parameter), lognormal and gamma laws;
//! parameter intervals (exact chi-square for the exponential rate, profile likelihood for the
//! others); AICc and BIC; the Anderson–Darling statistic for complete samples; and the
//! Kaplan–Meier estimate with Greenwood's variance. The formulas are in `docs/maths.md` §15.
//!
//! Everything here is in the data's own time unit; converting is the caller's business.

use serde::{Deserialize, Serialize};

/// One observed duration: a failure (or a completed repair), or a right-censored one that was
/// still running when observation stopped.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Observation {
    /// The duration (> 0, finite).
    pub time: f64,
    /// True when the duration was cut off by the end of observation (the event had not happened).
    pub censored: bool,
}

/// A law that can be fitted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Law {
    /// Constant hazard; parameter `rate`.
    Exponential,
    /// Two-parameter Weibull; parameters `shape` (k) and `scale` (η).
    Weibull,
    /// Lognormal; parameters `mu` and `sigma` of ln(duration).
    Lognormal,
    /// Gamma; parameters `shape` and `scale`.
    Gamma,
}

impl Law {
    /// Every law, in the order they are tried.
    pub const ALL: [Law; 4] = [Law::Exponential, Law::Weibull, Law::Lognormal, Law::Gamma];

    /// The name used in model files (`"dist"`).
    pub fn name(self) -> &'static str {
        match self {
            Law::Exponential => "exponential",
            Law::Weibull => "weibull",
            Law::Lognormal => "lognormal",
            Law::Gamma => "gamma",
        }
    }

    /// Number of free parameters.
    pub fn parameter_count(self) -> usize {
        if self == Law::Exponential { 1 } else { 2 }
    }

    /// The fewest failures (uncensored observations) a fit of this law needs.
    pub fn min_failures(self) -> usize {
        if self == Law::Exponential { 1 } else { 3 }
    }
}

/// How the parameter intervals were computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum IntervalMethod {
    /// The exponential rate's exact interval: χ²(2r)/2T and χ²(2r+2)/2T (time-censored data).
    ExactChiSquare,
    /// Profile likelihood: where the profile log-likelihood is 1.92 (χ²₁(0.95)/2) below its maximum.
    ProfileLikelihood,
}

/// A fitted parameter with its 95 % interval.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Parameter {
    /// Its name in model files (`rate`, `shape`, `scale`, `mu`, `sigma`).
    pub name: String,
    /// Maximum-likelihood estimate.
    pub value: f64,
    /// Two-sided 95 % interval (see [`LawFit::interval_method`]).
    pub ci95: [f64; 2],
}

/// One law fitted to one sample.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct LawFit {
    /// The law.
    pub law: Law,
    /// The parameters in model-file form: exponential `rate`; Weibull `shape`, `scale`;
    /// lognormal `mu`, `sigma`; gamma `shape`, `scale`.
    pub parameters: Vec<Parameter>,
    /// The law's mean (MTTF or MTTR) with a 95 % interval (exact for the exponential; the delta
    /// method on the log-parameters otherwise).
    pub mean: Parameter,
    /// How [`Self::parameters`]' intervals were computed.
    pub interval_method: IntervalMethod,
    /// Maximised log-likelihood (densities of failures, survival of censored observations).
    pub log_likelihood: f64,
    /// AICc = −2 ln L + 2k + 2k(k+1)/(n−k−1); `None` when n ≤ k + 1.
    pub aicc: Option<f64>,
    /// BIC = −2 ln L + k ln n.
    pub bic: f64,
    /// Anderson–Darling statistic A² of the fitted law; `None` for censored samples.
    pub anderson_darling: Option<f64>,
    /// The law's sampling coordinates at the estimate: exponential [ln rate]; Weibull and gamma
    /// [ln shape, ln scale]; lognormal [mu, ln sigma].
    pub coordinates: Vec<f64>,
    /// Their standard deviations from the observed Fisher information (inverse Hessian of −ln L).
    pub coordinate_sd: Vec<f64>,
    /// Their correlation (two-parameter laws; 0 for the exponential).
    pub correlation: f64,
}

impl LawFit {
    /// Survival S(t) = P(T > t) of the fitted law.
    pub fn survival(&self, t: f64) -> f64 {
        survival(self.law, &self.coordinates, t)
    }

    /// A pointwise 95 % band for S(t): the delta method on ln(−ln S(t)) with the coordinates'
    /// covariance, so the band stays within (0, 1).
    pub fn survival_band(&self, t: f64) -> [f64; 2] {
        laws::survival_band(self, t)
    }
}

/// Survival S(t) of `law` at sampling coordinates `coordinates` (see [`LawFit::coordinates`]).
pub fn survival(law: Law, coordinates: &[f64], t: f64) -> f64 {
    laws::survival(law, coordinates, t)
}

/// One step of the Kaplan–Meier estimate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct KaplanMeierStep {
    /// The failure time.
    pub time: f64,
    /// Observations still at risk just before it.
    pub at_risk: usize,
    /// Failures at this time.
    pub events: usize,
    /// Ŝ(t) just after it.
    pub survival: f64,
    /// Pointwise 95 % interval from Greenwood's variance on the log(−log) scale.
    pub ci95: [f64; 2],
}

/// Why a law could not be fitted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Skipped {
    /// The law.
    pub law: Law,
    /// Why (e.g. "needs at least 3 failures, the data have 2").
    pub reason: String,
}

/// Every law fitted to one sample, best first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct FitSet {
    /// Observations.
    pub observations: usize,
    /// Uncensored ones.
    pub failures: usize,
    /// Total time observed (Σ durations, censored ones included; a total beyond the range of
    /// double precision saturates at `f64::MAX`).
    pub exposure: f64,
    /// The fits, ranked by AICc (BIC where AICc is undefined), best first.
    pub fits: Vec<LawFit>,
    /// Laws that could not be fitted, and why.
    pub skipped: Vec<Skipped>,
    /// The Kaplan–Meier estimate.
    pub kaplan_meier: Vec<KaplanMeierStep>,
    /// With no failure at all: the one-sided 95 % lower bound on the mean, exposure / 2.996
    /// (χ²₂(0.95)/2 = −ln 0.05), for an exponential law.
    pub mean_lower_bound: Option<f64>,
}

/// Why a sample cannot be fitted at all.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum FitError {
    /// No observations.
    #[error("no observations to fit")]
    Empty,
    /// A duration that is not finite and positive.
    #[error("observation {index} is {time}: durations must be finite and > 0")]
    BadTime {
        /// 0-based index.
        index: usize,
        /// The value.
        time: f64,
    },
    /// Too few failures for this law.
    #[error("{law} needs at least {needed} failure(s), the data have {found}", law = law.name())]
    TooFewFailures {
        /// The law.
        law: Law,
        /// How many it needs.
        needed: usize,
        /// How many there are.
        found: usize,
    },
    /// The likelihood has no finite maximum (e.g. all failures at one time for a two-parameter law).
    #[error("{law} has no finite maximum-likelihood estimate for these data: {why}", law = law.name())]
    NoMaximum {
        /// The law.
        law: Law,
        /// Why.
        why: String,
    },
}

mod estimate;
mod goodness;
mod intervals;
mod kaplan_meier;
mod laws;
mod optimise;
mod sample;
mod special;

pub use estimate::{fit, fit_all};
pub use kaplan_meier::kaplan_meier;
