//! `fit`: from incident data to laws, and from laws to a model.
//!
//! Each sample of the data (a durations file's one sample; a timeline's times to failure and
//! repair durations per component) is fitted with every law the data allow
//! ([`crate::stats::fit::fit_all`]); the best by AICc is named and given as the model fragment
//! to paste, parameter uncertainty included, or written into a copy of a model.

use serde::Serialize;

use std::path::Path;

use crate::model::incidents::{DataShape, IncidentData};
use crate::model::{ModelError, TimeUnit};
use crate::stats::fit::{FitError, FitSet, Law, LawFit, Observation, fit_all};

/// Which duration of a component a sample holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum SampleKind {
    /// Times to failure (the model's `failure` law).
    Failure,
    /// Repair durations (the model's `repair` law).
    Repair,
    /// A durations file: which law it is for is the user's to say.
    Durations,
}

impl SampleKind {
    /// What the durations are, in words (`times to failure`).
    pub fn described(self) -> &'static str {
        match self {
            SampleKind::Failure => "times to failure",
            SampleKind::Repair => "repair durations",
            SampleKind::Durations => "durations",
        }
    }

    /// The model field the law of this sample goes into (`failure`, `repair`; `durations`
    /// before the user says which).
    pub fn field(self) -> &'static str {
        match self {
            SampleKind::Failure => "failure",
            SampleKind::Repair => "repair",
            SampleKind::Durations => "durations",
        }
    }
}

/// One sample and what was fitted to it.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
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
    /// The censored durations (the survival chart marks them).
    pub censored_times: Vec<f64>,
    /// The Kaplan–Meier median, which needs no law: `None` when Ŝ never falls to ½.
    pub median: Option<Median>,
}

/// The Kaplan–Meier median and its 95 % interval (Brookmeyer–Crowley, read off the pointwise
/// band: the times whose band contains ½).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Median {
    /// The first failure time at which Ŝ ≤ ½.
    pub value: f64,
    /// The first failure time at which the band's lower end is ≤ ½.
    pub low: f64,
    /// The first failure time at which the band's upper end is ≤ ½; `None` when the data end
    /// first (the interval is open above).
    pub high: Option<f64>,
}

/// The median of a Kaplan–Meier estimate (see [`Median`]).
fn median(steps: &[crate::stats::fit::KaplanMeierStep]) -> Option<Median> {
    let first = |f: &dyn Fn(&crate::stats::fit::KaplanMeierStep) -> bool| steps.iter().find(|k| f(k)).map(|k| k.time);
    let value = first(&|k| k.survival <= 0.5)?;
    let low = first(&|k| k.ci95[0] <= 0.5).unwrap_or(value);
    Some(Median { value, low, high: first(&|k| k.ci95[1] <= 0.5) })
}

/// What `fit` found in one data file.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
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
    let unit = data.unit.symbol();
    let mut samples = Vec::new();
    for component in &data.components {
        match data.shape {
            DataShape::Durations => samples.push(sample(component.id.clone(), SampleKind::Durations, &component.failures, unit)),
            DataShape::Timeline => {
                samples.push(sample(component.id.clone(), SampleKind::Failure, &component.failures, unit));
                samples.push(sample(component.id.clone(), SampleKind::Repair, &component.repairs, unit));
            }
        }
    }
    FitResult {
        ninesim_version: env!("CARGO_PKG_VERSION").to_string(),
        file: file.to_string(),
        shape: data.shape,
        time_unit: data.unit,
        window_length: data.window_length,
        samples,
        warnings: data.warnings.clone(),
    }
}

/// Fits one sample and says what a reader should know about it.
fn sample(component: Option<String>, kind: SampleKind, data: &[Observation], unit: &str) -> SampleFit {
    let what = kind.described();
    let mut notes = Vec::new();
    let fits = match fit_all(data) {
        Ok(set) => Some(set),
        Err(FitError::Empty) => {
            notes.push(format!("no {what} observed: nothing to fit"));
            None
        }
        Err(e) => {
            notes.push(e.to_string());
            None
        }
    };
    if let Some(set) = &fits {
        if let Some(bound) = set.mean_lower_bound {
            notes.push(format!(
                "no failure in {} {unit} observed ({} censored): no law can be fitted; for an exponential law the mean is at least {} {unit} (one-sided 95 %)",
                number(set.exposure),
                set.observations,
                number(bound)
            ));
        }
        if set.fits.len() > 1 && set.fits.iter().any(|f| f.aicc.is_none()) {
            notes.push(format!(
                "ranked by BIC: AICc needs more observations than a law's parameters plus one, and {} observation(s) are too few for the two-parameter laws",
                set.observations
            ));
        }
        for skipped in &set.skipped {
            if set.failures > 0 {
                notes.push(format!("{}: {}", skipped.law.name(), skipped.reason));
            }
        }
    }
    let best = fits.as_ref().and_then(|set| set.fits.first()).map(|f| f.law);
    let fragment = fits.as_ref().and_then(|set| set.fits.first().map(|f| (f, fragment(f, set, 1.0)))).and_then(|(f, written)| {
        written.map_err(|why| notes.push(format!("the best law, {}, cannot be written as a law of a model: {why}", f.law.name()))).ok()
    });
    let censored_times = data.iter().filter(|o| o.censored).map(|o| o.time).collect();
    let median = fits.as_ref().and_then(|set| median(&set.kaplan_meier));
    SampleFit { component, kind, fits, best, fragment, notes, censored_times, median }
}

/// Six significant digits: more than any fit's uncertainty warrants, few enough to read. Rounded
/// in decimal by the formatter (scaling by a power of ten is inexact, and overflows beyond 1e300).
fn significant(x: f64) -> f64 {
    if x == 0.0 || !x.is_finite() {
        return x;
    }
    format!("{x:.5e}").parse().ok().filter(|r: &f64| r.is_finite()).unwrap_or(x)
}

/// Six significant digits, in scientific notation where plain digits would not read (1e300,
/// 1.3e-300).
fn number(x: f64) -> String {
    let x = significant(x);
    if x != 0.0 && !(1e-3..1e9).contains(&x.abs()) { format!("{x:e}") } else { crate::units::fmt::trimmed(x) }
}

/// A fitted law as a model-file distribution (`{"dist": "weibull", "shape": …, "scale": …,
/// "uncertainty": …}`) with its durations multiplied by `factor` (a change of time unit):
/// the exponential carries its data as `failures` in `exposure` (the rate's gamma law), the
/// others their sampling coordinates' standard deviations and correlation, which a change of
/// unit leaves as they are (it only shifts ln scale, or μ).
///
/// `Err` says why the law cannot be written: a number beyond f64 in that unit, a total time
/// observed beyond f64 (an exponential's `exposure`), or a law the model would refuse. What is
/// returned loads as a law of a model, with its uncertainty.
pub fn fragment(fit: &LawFit, set: &FitSet, factor: f64) -> Result<serde_json::Value, String> {
    if fit.law == Law::Exponential && set.exposure >= f64::MAX {
        return Err("the total time observed is beyond the range of double precision, so its `exposure` cannot be written".into());
    }
    let value = unchecked_fragment(fit, set, factor);
    // serde_json writes a number beyond f64 as null: found here, not as a field missing later.
    let mut beyond = Vec::new();
    nulls(&value, "", &mut beyond);
    if !beyond.is_empty() {
        return Err(format!("{} would be beyond the range of double precision in this time unit", beyond.join(", ")));
    }
    let spec: crate::model::DistributionSpec = serde_json::from_value(value.clone()).map_err(|e| e.to_string())?;
    spec.compile().map_err(|problems| {
        problems.iter().map(|p| format!("{} {}", p.field, p.message).trim().to_string()).collect::<Vec<_>>().join("; ")
    })?;
    Ok(value)
}

/// The fields of `value` that are null (what serde_json makes of ∞ and NaN), as `uncertainty.sd[1]`.
fn nulls(value: &serde_json::Value, path: &str, out: &mut Vec<String>) {
    match value {
        serde_json::Value::Null => out.push(format!("`{path}`")),
        serde_json::Value::Array(items) => items.iter().enumerate().for_each(|(i, v)| nulls(v, &format!("{path}[{i}]"), out)),
        serde_json::Value::Object(members) => {
            members.iter().for_each(|(k, v)| nulls(v, &if path.is_empty() { k.clone() } else { format!("{path}.{k}") }, out));
        }
        serde_json::Value::Bool(_) | serde_json::Value::Number(_) | serde_json::Value::String(_) => {}
    }
}

fn unchecked_fragment(fit: &LawFit, set: &FitSet, factor: f64) -> serde_json::Value {
    use serde_json::json;
    let p = |i: usize| fit.parameters.get(i).map_or(f64::NAN, |p| p.value);
    let sd: Vec<f64> = fit.coordinate_sd.iter().map(|&s| significant(s)).collect();
    let correlation = significant(fit.correlation);
    match fit.law {
        Law::Exponential => json!({
            "dist": "exponential",
            "mean": significant(fit.mean.value * factor),
            "uncertainty": { "failures": set.failures, "exposure": significant(set.exposure * factor) }
        }),
        Law::Weibull => json!({
            "dist": "weibull",
            "shape": significant(p(0)),
            "scale": significant(p(1) * factor),
            "uncertainty": { "sd": sd, "correlation": correlation }
        }),
        Law::Lognormal => json!({
            "dist": "lognormal",
            "mu": significant(p(0) + factor.ln()),
            "sigma": significant(p(1)),
            "uncertainty": { "sd": sd, "correlation": correlation }
        }),
        Law::Gamma => json!({
            "dist": "gamma",
            "shape": significant(p(0)),
            "scale": significant(p(1) * factor),
            "uncertainty": { "sd": sd, "correlation": correlation }
        }),
    }
}

/// What `--into` writes: which component of the model gets which law.
#[derive(Debug, Clone, Default)]
pub struct IntoRequest {
    /// The model component to write; for a timeline, limits the writing to this component
    /// (default: every component of the data that the model has).
    pub component: Option<String>,
    /// For a durations file: whether the sample is the component's failure or repair law.
    pub role: Option<SampleKind>,
    /// The law to write instead of the best one.
    pub law: Option<Law>,
}

/// Why a fit could not be written into a model.
#[derive(Debug, thiserror::Error)]
pub enum IntoError {
    /// The model itself is not valid (before any change).
    #[error(transparent)]
    Model(#[from] ModelError),
    /// The request does not fit the data or the model.
    #[error("{0}")]
    Request(String),
}

impl IntoError {
    /// Whether the user must fix the model or the request (always, except a model file that
    /// could not be read).
    pub fn is_bad_input(&self) -> bool {
        match self {
            IntoError::Model(e) => e.is_bad_input(),
            IntoError::Request(_) => true,
        }
    }
}

/// One law written into the model.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Written {
    /// The model component.
    pub component: String,
    /// Its failure or repair law.
    pub role: SampleKind,
    /// The law written.
    pub law: Law,
    /// What the user should check (a repair law written beside the component's own detection,
    /// remediation or crew, which add their time to it).
    pub warning: Option<String>,
}

/// The text of a copy of the model (`model_text`, read from `model_file`) with the fitted laws
/// written in, checked by loading it, and what was written.
pub fn into_model(
    model_text: &str,
    model_file: &Path,
    result: &FitResult,
    request: &IntoRequest,
) -> Result<(String, Vec<Written>), IntoError> {
    let model = crate::model::parse_str(model_text, model_file)?;
    let factor = result.time_unit.hours() / model.spec.time_unit.hours();
    let mut doc: serde_json::Value =
        serde_json::from_str(model_text).map_err(|e| IntoError::Request(format!("the model is not JSON: {e}")))?;
    let ids: Vec<String> = model.spec.components.iter().map(|c| c.id.clone()).collect();
    let known = |id: &str| -> Result<(), IntoError> {
        if ids.iter().any(|m| m == id) {
            return Ok(());
        }
        let hint = crate::model::validate::suggestions::closest(id, ids.iter().map(String::as_str))
            .map_or_else(String::new, |c| format!(" (did you mean `{c}`?)"));
        Err(IntoError::Request(format!("the model has no component `{id}`{hint}; its components: {}", ids.join(", "))))
    };
    let mut plan: Vec<(String, SampleKind, &SampleFit)> = Vec::new();
    match result.shape {
        DataShape::Durations => {
            let Some(component) = &request.component else {
                return Err(IntoError::Request("a durations file names no component: say which model component the law is for".into()));
            };
            let Some(role) = request.role.filter(|r| *r != SampleKind::Durations) else {
                return Err(IntoError::Request("say whether the durations are the component's failure or its repair law".into()));
            };
            known(component)?;
            if let Some(s) = result.samples.first() {
                plan.push((component.clone(), role, s));
            }
        }
        DataShape::Timeline => {
            if request.role.is_some() {
                return Err(IntoError::Request(
                    "a timeline gives each component both laws: leave out the choice of failure or repair law".into(),
                ));
            }
            if let Some(component) = &request.component {
                known(component)?;
                if !result.samples.iter().any(|s| s.component.as_deref() == Some(component)) {
                    return Err(IntoError::Request(format!("the data have no incidents of `{component}`")));
                }
            }
            for s in &result.samples {
                let Some(id) = &s.component else { continue };
                let chosen = request.component.as_ref().is_none_or(|c| c == id);
                if chosen && ids.contains(id) {
                    plan.push((id.clone(), s.kind, s));
                }
            }
            if plan.is_empty() {
                let data: Vec<&str> = result.samples.iter().filter_map(|s| s.component.as_deref()).collect();
                return Err(IntoError::Request(format!(
                    "no component of the data is in the model (data: {}; model: {})",
                    dedup(&data).join(", "),
                    ids.join(", ")
                )));
            }
        }
    }
    let mut written = Vec::new();
    for (id, role, s) in plan {
        let Some(set) = &s.fits else {
            let why = s.notes.first().cloned().unwrap_or_else(|| "nothing was fitted".into());
            return Err(IntoError::Request(format!("`{id}` {}: {why}", role_name(role))));
        };
        let fit = match request.law {
            Some(law) => set.fits.iter().find(|f| f.law == law).ok_or_else(|| {
                let why = set.skipped.iter().find(|k| k.law == law).map_or("not fitted".to_string(), |k| k.reason.clone());
                IntoError::Request(format!("`{id}` {}: {} could not be fitted: {why}", role_name(role), law.name()))
            })?,
            None => set.fits.first().ok_or_else(|| {
                let why = s.notes.first().cloned().unwrap_or_else(|| "no law could be fitted".into());
                IntoError::Request(format!("`{id}` {}: {why}", role_name(role)))
            })?,
        };
        let field = if role == SampleKind::Repair { "repair" } else { "failure" };
        let slot = doc
            .get_mut("components")
            .and_then(serde_json::Value::as_array_mut)
            .and_then(|items| items.iter_mut().find(|c| c.get("id").and_then(serde_json::Value::as_str) == Some(id.as_str())))
            .and_then(serde_json::Value::as_object_mut)
            .ok_or_else(|| IntoError::Request(format!("could not find component `{id}` in the model's JSON")))?;
        let law = fragment(fit, set, factor).map_err(|why| {
            IntoError::Request(format!(
                "`{id}` {}: the fitted {} law cannot be written into the model in its time unit ({}): {why}",
                role_name(role),
                fit.law.name(),
                model.spec.time_unit.name()
            ))
        })?;
        slot.insert(field.to_string(), law);
        let spec = model.spec.components.iter().find(|c| c.id == id);
        let extra: Vec<&str> = spec
            .map(|c| {
                [("detection", c.detection.is_some()), ("remediation", c.remediation.is_some()), ("a crew", c.crew.is_some())]
                    .into_iter()
                    .filter_map(|(what, has)| has.then_some(what))
                    .collect()
            })
            .unwrap_or_default();
        let warning = (role == SampleKind::Repair && !extra.is_empty()).then(|| {
            format!(
                "`{id}` also has {}, which the model adds to its repair: a repair measured from failure to restoration already contains that time",
                extra.join(" and ")
            )
        });
        written.push(Written { component: id, role, law: fit.law, warning });
    }
    let mut text = serde_json::to_string_pretty(&doc).map_err(|e| IntoError::Request(e.to_string()))?;
    text.push('\n');
    // The new model must load: a law written into it is checked like any other, and a refusal
    // says it is the written copy that would be invalid, not the model as given.
    crate::model::parse_str(&text, model_file).map_err(|e| {
        IntoError::Request(format!("with the fitted laws written in, the model would not be valid (nothing was written): {e}"))
    })?;
    Ok((text, written))
}

fn role_name(role: SampleKind) -> &'static str {
    match role {
        SampleKind::Failure => "failure law",
        SampleKind::Repair => "repair law",
        SampleKind::Durations => "durations",
    }
}

fn dedup<'a>(items: &[&'a str]) -> Vec<&'a str> {
    let mut out: Vec<&str> = Vec::new();
    for item in items {
        if !out.contains(item) {
            out.push(item);
        }
    }
    out
}
