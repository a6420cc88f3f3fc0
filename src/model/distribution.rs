//! Time-to-failure and time-to-repair distributions.
//!
//! [`DistributionSpec`] is what a model file says (named parameters, several equivalent forms);
//! [`Distribution`] is the checked, ready-to-sample form the engine uses. Parameters are always
//! named because libraries disagree on positional order (statrs and rand_distr swap Weibull's).

use rand::{Rng, RngExt};
use rand_distr::{Distribution as _, Exp, Gamma, LogNormal, Normal, OpenClosed01, StandardNormal, Weibull};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A duration distribution as written in a model file (`{"dist": "weibull", "shape": 1.5, "mean": 2000}`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "dist", rename_all = "snake_case", deny_unknown_fields)]
pub enum DistributionSpec {
    /// Constant hazard. Give exactly one of `mean` (MTTF/MTTR) or `rate` (per time unit).
    Exponential {
        /// Mean duration, in the model's time unit.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        mean: Option<f64>,
        /// Rate, per time unit (1 / mean).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        rate: Option<f64>,
        /// Parameter uncertainty of the rate: `failures` and `exposure`, or `sd` ([ln rate]).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        uncertainty: Option<UncertaintySpec>,
    },
    /// Weibull with `shape` (k; < 1 infant mortality, 1 exponential, > 1 wear-out) and exactly one
    /// of `scale` (η) or `mean` (η·Γ(1 + 1/k)).
    Weibull {
        /// Shape k > 0.
        shape: f64,
        /// Scale η > 0.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        scale: Option<f64>,
        /// Mean > 0; the scale is derived from it.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        mean: Option<f64>,
        /// Parameter uncertainty: `sd` of [ln shape, ln scale] and their `correlation`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        uncertainty: Option<UncertaintySpec>,
    },
    /// Log-normal: either `mean` and `sd` of the duration itself, or `mu` and `sigma` of its logarithm.
    Lognormal {
        /// Mean of the duration.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        mean: Option<f64>,
        /// Standard deviation of the duration.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        sd: Option<f64>,
        /// Mean of ln(duration).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        mu: Option<f64>,
        /// Standard deviation of ln(duration).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        sigma: Option<f64>,
        /// Parameter uncertainty: `sd` of [mu, ln sigma] and their `correlation`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        uncertainty: Option<UncertaintySpec>,
    },
    /// Normal with `mean` > 0 and `sd` > 0, truncated at 0 (negative draws are redrawn), so its
    /// actual mean is slightly above `mean` when `sd` is not small beside it.
    Normal {
        /// Mean of the untruncated normal (> 0).
        mean: f64,
        /// Standard deviation of the untruncated normal (> 0).
        sd: f64,
    },
    /// Gamma with `shape` and exactly one of `scale` or `mean` (= shape × scale).
    Gamma {
        /// Shape > 0.
        shape: f64,
        /// Scale > 0.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        scale: Option<f64>,
        /// Mean > 0; the scale is derived from it.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        mean: Option<f64>,
        /// Parameter uncertainty: `sd` of [ln shape, ln scale] and their `correlation`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        uncertainty: Option<UncertaintySpec>,
    },
    /// Uniform on [`low`, `high`], 0 ≤ low < high.
    Uniform {
        /// Lower bound (≥ 0).
        low: f64,
        /// Upper bound (> low).
        high: f64,
    },
    /// Always exactly `value` (> 0).
    Fixed {
        /// The duration.
        value: f64,
    },
    /// Resampling of observed durations: each draw is one of `values`, equally likely.
    Empirical {
        /// Observed durations, each > 0.
        values: Vec<f64>,
    },
}

/// The parameter (epistemic) uncertainty of a law, as a model file gives it: exactly one of two
/// forms (see `docs/model.md`, "Parameter uncertainty", and `docs/maths.md` §16).
///
/// - `{"failures": r, "exposure": T}` (exponential laws only): r failures were seen in T units of
///   time, and the rate λ is drawn from Gamma(shape r, rate T), the posterior under the prior
///   1/λ, for which 2Tλ ~ χ²(2r): its 90 % interval [χ²₀.₀₅(2r)/2T, χ²₀.₉₅(2r)/2T] is the
///   classical chi-square one. A fractional r states another prior (r + ½: Jeffreys'; r + 1:
///   the flat prior, whose upper bound is the time-truncated χ²(2r + 2) one).
/// - `{"sd": [...], "correlation": ρ}`: the law's sampling coordinates are normal around the
///   law's own parameters with these standard deviations and correlation. The coordinates are
///   those `ninesim fit` reports (`LawFit::coordinates`): exponential [ln rate]; Weibull and
///   gamma [ln shape, ln scale]; lognormal [mu, ln sigma].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UncertaintySpec {
    /// Failures observed (r > 0; may be fractional). With `exposure`; exponential laws only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failures: Option<f64>,
    /// Time observed (T > 0), in the model's time unit. With `failures`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exposure: Option<f64>,
    /// Standard deviations (≥ 0) of the law's sampling coordinates, one per coordinate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sd: Option<Vec<f64>>,
    /// Correlation of the two coordinates (−1 < ρ < 1; two-parameter laws only; default 0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub correlation: Option<f64>,
}

/// The checked parameter uncertainty of a law (see [`UncertaintySpec`]).
#[derive(Debug, Clone, PartialEq)]
pub enum ParameterUncertainty {
    /// The rate of an exponential law is Gamma(shape `failures`, rate `exposure`).
    GammaRate {
        /// r, the shape.
        failures: f64,
        /// T, the rate of the gamma law (the time observed).
        exposure: f64,
    },
    /// The sampling coordinates are normal around the law's own.
    Normal {
        /// The coordinates' names, in order (`ln rate`; `ln shape`, `ln scale`; `mu`, `ln sigma`).
        coordinates: &'static [&'static str],
        /// Their standard deviations (the second is 0 for a one-parameter law).
        sd: [f64; 2],
        /// Their correlation (0 for a one-parameter law).
        correlation: f64,
    },
}

impl ParameterUncertainty {
    /// Whether a draw can differ from the law as given (some sd above 0; a gamma rate always).
    pub fn is_degenerate(&self) -> bool {
        match self {
            Self::GammaRate { .. } => false,
            Self::Normal { sd, .. } => sd.iter().all(|&s| s == 0.0),
        }
    }
}

/// The most a coordinate's standard deviation may be: on a logarithmic coordinate, 10 is a
/// factor of e¹⁰ ≈ 22,000 at one standard deviation, far beyond any estimate from data, and
/// draws beyond it overflow the laws' means.
pub const MAX_COORDINATE_SD: f64 = 10.0;

/// A parameter problem found while compiling a [`DistributionSpec`]: the offending field
/// (relative to the distribution object) and what would be valid.
#[derive(Debug, Clone, PartialEq)]
pub struct ParameterError {
    /// Field name inside the distribution object, e.g. `shape`; empty for the object itself.
    pub field: String,
    /// What is wrong and what would be valid.
    pub message: String,
}

/// A checked distribution, ready to sample. Its mean is computed once, exactly.
#[derive(Debug, Clone)]
pub struct Distribution {
    kind: Kind,
    mean: f64,
    /// The two parameters of the law as the exact analysis needs them (see `survival`).
    params: [f64; 2],
    /// How uncertain the parameters are, when the model says; boxed, as sampling never reads it.
    uncertainty: Option<Box<ParameterUncertainty>>,
}

#[derive(Debug, Clone)]
enum Kind {
    Exponential(Exp<f64>),
    Weibull(Weibull<f64>),
    LogNormal(LogNormal<f64>),
    TruncatedNormal(Normal<f64>),
    Gamma(Gamma<f64>),
    Uniform { low: f64, width: f64 },
    Fixed(f64),
    Empirical(Box<[f64]>),
}

impl Distribution {
    /// Draws one duration (always ≥ 0 and finite).
    #[inline]
    pub fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        match &self.kind {
            Kind::Exponential(d) => d.sample(rng),
            Kind::Weibull(d) => d.sample(rng),
            Kind::LogNormal(d) => d.sample(rng),
            Kind::TruncatedNormal(d) => loop {
                // Validation requires mean > 0, so at least half of the draws are accepted.
                let x = d.sample(rng);
                if x >= 0.0 {
                    break x;
                }
            },
            Kind::Gamma(d) => d.sample(rng),
            Kind::Uniform { low, width } => {
                let u: f64 = rng.sample(OpenClosed01);
                low + width * u
            }
            Kind::Fixed(v) => *v,
            Kind::Empirical(values) => {
                let u: f64 = rng.sample(OpenClosed01);
                // u in (0, 1] maps onto 0..len; the min guards u = 1.
                let i = ((u * values.len() as f64) as usize).min(values.len() - 1);
                values[i]
            }
        }
    }

    /// The exact mean of the distribution (for a truncated normal, the mean after truncation).
    pub fn mean(&self) -> f64 {
        self.mean
    }

    /// The rate λ = 1/mean when the law is exponential (memoryless), else `None`.
    pub fn exponential_rate(&self) -> Option<f64> {
        matches!(self.kind, Kind::Exponential(_)).then_some(self.params[0])
    }

    /// Survival function S(t) = P(X > t), exactly (statrs for the laws without a closed form).
    pub fn survival(&self, t: f64) -> f64 {
        use statrs::distribution::ContinuousCDF;
        let [a, b] = self.params;
        if t < 0.0 {
            return 1.0;
        }
        match &self.kind {
            Kind::Exponential(_) => (-a * t).exp(),
            Kind::Weibull(_) => (-(t / b).powf(a)).exp(),
            Kind::LogNormal(_) => statrs::distribution::LogNormal::new(a, b).map_or(f64::NAN, |d| d.sf(t)),
            Kind::TruncatedNormal(_) => {
                // P(X > t | X ≥ 0) for X ~ N(m, s²).
                let tail = |x: f64| 0.5 * statrs::function::erf::erfc((x - a) / (b * std::f64::consts::SQRT_2));
                tail(t) / tail(0.0)
            }
            Kind::Gamma(_) => statrs::distribution::Gamma::new(a, 1.0 / b).map_or(f64::NAN, |d| d.sf(t)),
            Kind::Uniform { low, width } => ((low + width - t) / width).clamp(0.0, 1.0),
            Kind::Fixed(v) => f64::from(u8::from(t < *v)),
            Kind::Empirical(values) => values.iter().filter(|&&v| v > t).count() as f64 / values.len() as f64,
        }
    }

    /// Distribution function F(t) = P(X ≤ t) = 1 − S(t), in closed form where one keeps the
    /// digits of a small probability (exponential, Weibull).
    pub fn cdf(&self, t: f64) -> f64 {
        use statrs::distribution::ContinuousCDF;
        let [a, b] = self.params;
        match &self.kind {
            _ if t <= 0.0 => 0.0,
            Kind::Exponential(_) => -(-a * t).exp_m1(),
            Kind::Weibull(_) => -(-(t / b).powf(a)).exp_m1(),
            // statrs' own distribution functions: 1 − S(t) would lose a small F's digits.
            Kind::LogNormal(_) => statrs::distribution::LogNormal::new(a, b).map_or(f64::NAN, |d| d.cdf(t)),
            Kind::Gamma(_) => statrs::distribution::Gamma::new(a, 1.0 / b).map_or(f64::NAN, |d| d.cdf(t)),
            Kind::TruncatedNormal(_) => {
                // P(0 ≤ X ≤ t | X ≥ 0) = (Φ((t−m)/s) − Φ(−m/s)) / (1 − Φ(−m/s)).
                let below = |x: f64| 0.5 * statrs::function::erf::erfc(-(x - a) / (b * std::f64::consts::SQRT_2));
                (below(t) - below(0.0)) / (1.0 - below(0.0))
            }
            _ => 1.0 - self.survival(t),
        }
    }

    /// The law's parameter uncertainty, when the model gives one.
    pub fn uncertainty(&self) -> Option<&ParameterUncertainty> {
        self.uncertainty.as_deref()
    }

    /// The same law with its parameters drawn from their uncertainty (see [`UncertaintySpec`]);
    /// the drawn law has no uncertainty of its own. A law without uncertainty, or whose
    /// standard deviations are all 0, comes back unchanged, bit for bit, and draws nothing. A
    /// coordinate with a standard deviation of 0 keeps the law's own parameter exactly. `Err`
    /// says why a drawn law cannot be used (its mean or a parameter beyond f64's range).
    pub fn with_drawn_parameters<R: Rng + ?Sized>(&self, rng: &mut R) -> Result<Distribution, String> {
        let unchanged = || Distribution { uncertainty: None, ..self.clone() };
        let Some(uncertainty) = self.uncertainty.as_deref() else { return Ok(unchanged()) };
        if uncertainty.is_degenerate() {
            return Ok(unchanged());
        }
        let [a, b] = self.params;
        let spec = match (uncertainty, &self.kind) {
            (ParameterUncertainty::GammaRate { failures, exposure }, _) => {
                // λ ~ Gamma(shape r, rate T): rand_distr takes the scale 1/T.
                let gamma =
                    Gamma::new(*failures, 1.0 / exposure).map_err(|e| format!("the gamma law of the rate cannot be sampled: {e}"))?;
                DistributionSpec::Exponential { mean: None, rate: Some(gamma.sample(rng)), uncertainty: None }
            }
            (ParameterUncertainty::Normal { sd, correlation, .. }, kind) => {
                // Correlated normals by the Cholesky factor of [[1, ρ], [ρ, 1]]:
                // x₀ = s₀ z₀, x₁ = s₁ (ρ z₀ + √(1 − ρ²) z₁).
                let z0: f64 = rng.sample(StandardNormal);
                let z1: f64 = if matches!(kind, Kind::Exponential(_)) { 0.0 } else { rng.sample(StandardNormal) };
                let offsets = [sd[0] * z0, sd[1] * (correlation * z0 + (1.0 - correlation * correlation).sqrt() * z1)];
                // A coordinate with no uncertainty keeps its parameter exactly (ln then exp
                // could move it by an ulp).
                let logarithmic = |i: usize, value: f64| if sd[i] == 0.0 { value } else { (value.ln() + offsets[i]).exp() };
                match kind {
                    Kind::Exponential(_) => DistributionSpec::Exponential { mean: None, rate: Some(logarithmic(0, a)), uncertainty: None },
                    Kind::Weibull(_) => DistributionSpec::Weibull {
                        shape: logarithmic(0, a),
                        scale: Some(logarithmic(1, b)),
                        mean: None,
                        uncertainty: None,
                    },
                    Kind::Gamma(_) => {
                        DistributionSpec::Gamma { shape: logarithmic(0, a), scale: Some(logarithmic(1, b)), mean: None, uncertainty: None }
                    }
                    Kind::LogNormal(_) => DistributionSpec::Lognormal {
                        mean: None,
                        sd: None,
                        mu: Some(if sd[0] == 0.0 { a } else { a + offsets[0] }),
                        sigma: Some(logarithmic(1, b)),
                        uncertainty: None,
                    },
                    // Validation gives no other law an uncertainty.
                    _ => return Ok(unchanged()),
                }
            }
        };
        let mut drawn = spec.compile().map_err(|problems| {
            let what: Vec<String> = problems.iter().map(|p| format!("{} {}", p.field, p.message).trim().to_string()).collect();
            format!("a draw of its parameters ({}) gives a law that cannot be used: {}", spec.parameters(), what.join("; "))
        })?;
        drawn.uncertainty = None;
        Ok(drawn)
    }

    /// Times where the survival function jumps or has a kink (fixed values, the ends of a
    /// uniform law, empirical observations), so numerical integration can split there.
    pub fn breakpoints(&self) -> Vec<f64> {
        match &self.kind {
            Kind::Uniform { low, width } => vec![*low, low + width],
            Kind::Fixed(v) => vec![*v],
            Kind::Empirical(values) => values.to_vec(),
            _ => Vec::new(),
        }
    }
}

impl DistributionSpec {
    /// The `dist` tag, for messages.
    pub fn name(&self) -> &'static str {
        match self {
            Self::Exponential { .. } => "exponential",
            Self::Weibull { .. } => "weibull",
            Self::Lognormal { .. } => "lognormal",
            Self::Normal { .. } => "normal",
            Self::Gamma { .. } => "gamma",
            Self::Uniform { .. } => "uniform",
            Self::Fixed { .. } => "fixed",
            Self::Empirical { .. } => "empirical",
        }
    }

    /// Checks the parameters and builds the sampler, reporting every problem found. Every law
    /// that compiles has a mean that is a normal, finite, positive f64 (see [`in_range`]); a
    /// law that does not compile always says why (an empty list would let a caller drop the
    /// component without an error).
    pub fn compile(&self) -> Result<Distribution, Vec<ParameterError>> {
        let mut errors = Vec::new();
        let dist = self.compile_into(&mut errors);
        let uncertainty = self.uncertainty().and_then(|u| self.compile_uncertainty(u, &mut errors));
        match dist {
            Some(mut d) if errors.is_empty() => {
                d.uncertainty = uncertainty.map(Box::new);
                Ok(d)
            }
            _ => {
                if errors.is_empty() {
                    errors.push(err("", format!("{}: these parameters do not give a distribution that can be sampled", self.name())));
                }
                Err(errors)
            }
        }
    }

    /// The law's parameter uncertainty as the model gives it.
    pub fn uncertainty(&self) -> Option<&UncertaintySpec> {
        match self {
            Self::Exponential { uncertainty, .. }
            | Self::Weibull { uncertainty, .. }
            | Self::Lognormal { uncertainty, .. }
            | Self::Gamma { uncertainty, .. } => uncertainty.as_ref(),
            Self::Normal { .. } | Self::Uniform { .. } | Self::Fixed { .. } | Self::Empirical { .. } => None,
        }
    }

    /// The names of the law's sampling coordinates (see [`UncertaintySpec`]); empty for a law
    /// that cannot carry parameter uncertainty.
    pub fn coordinates(&self) -> &'static [&'static str] {
        match self {
            Self::Exponential { .. } => &["ln rate"],
            Self::Weibull { .. } | Self::Gamma { .. } => &["ln shape", "ln scale"],
            Self::Lognormal { .. } => &["mu", "ln sigma"],
            Self::Normal { .. } | Self::Uniform { .. } | Self::Fixed { .. } | Self::Empirical { .. } => &[],
        }
    }

    /// The parameters as written, for messages (`shape 1.5, scale 2000`).
    fn parameters(&self) -> String {
        let named: Vec<(&str, Option<f64>)> = match *self {
            Self::Exponential { mean, rate, .. } => vec![("mean", mean), ("rate", rate)],
            Self::Weibull { shape, scale, mean, .. } | Self::Gamma { shape, scale, mean, .. } => {
                vec![("shape", Some(shape)), ("scale", scale), ("mean", mean)]
            }
            Self::Lognormal { mean, sd, mu, sigma, .. } => vec![("mean", mean), ("sd", sd), ("mu", mu), ("sigma", sigma)],
            Self::Normal { mean, sd } => vec![("mean", Some(mean)), ("sd", Some(sd))],
            Self::Uniform { low, high } => vec![("low", Some(low)), ("high", Some(high))],
            Self::Fixed { value } => vec![("value", Some(value))],
            Self::Empirical { ref values } => return format!("{} values", values.len()),
        };
        named.iter().filter_map(|(name, v)| v.map(|v| format!("{name} {v:e}"))).collect::<Vec<_>>().join(", ")
    }

    /// Checks the uncertainty `u` of this law, reporting every problem at its field
    /// (`uncertainty.sd[1]`). The normal form needs nothing of the law's parameters (its centre
    /// is the law itself), so it is checked even when they are invalid.
    fn compile_uncertainty(&self, u: &UncertaintySpec, errors: &mut Vec<ParameterError>) -> Option<ParameterUncertainty> {
        let name = self.name();
        let dimension = self.coordinates().len();
        let count = |n: usize| if n == 1 { "1 coordinate".to_string() } else { format!("{n} coordinates") };
        let coordinates = self.coordinates().join(", ");
        let gamma_form = u.failures.is_some() || u.exposure.is_some();
        let normal_form = u.sd.is_some() || u.correlation.is_some();
        match (gamma_form, normal_form) {
            (true, true) => {
                errors.push(err(
                    "uncertainty",
                    "give either `failures` and `exposure` (a gamma law of an exponential rate) or `sd` (and `correlation`), not both"
                        .into(),
                ));
                None
            }
            (false, false) => {
                errors.push(err(
                    "uncertainty",
                    format!(
                        "is empty: give `sd` (standard deviations of {coordinates}){}",
                        if dimension == 1 { ", or `failures` and `exposure`" } else { "" }
                    ),
                ));
                None
            }
            (true, false) => {
                if !matches!(self, Self::Exponential { .. }) {
                    let field = if u.failures.is_some() { "uncertainty.failures" } else { "uncertainty.exposure" };
                    errors.push(err(
                        field,
                        format!(
                            "`failures` and `exposure` give a gamma law of an exponential rate; {} law's uncertainty is given with `sd` ({coordinates}) and `correlation`",
                            with_article(name)
                        ),
                    ));
                    return None;
                }
                let failures = required_positive(errors, name, "uncertainty.failures", u.failures);
                let exposure = required_positive(errors, name, "uncertainty.exposure", u.exposure);
                let (failures, exposure) = (failures?, exposure?);
                // The gamma law's mean rate r/T must be a usable rate too.
                in_range(errors, "uncertainty.exposure", "mean rate (failures / exposure)", failures / exposure)?;
                Some(ParameterUncertainty::GammaRate { failures, exposure })
            }
            (false, true) => {
                let before = errors.len();
                let mut sd = [0.0; 2];
                match &u.sd {
                    None => errors.push(err("uncertainty.sd", format!("is missing: give the standard deviations of {coordinates}"))),
                    Some(given) if given.len() != dimension => errors.push(err(
                        "uncertainty.sd",
                        format!(
                            "has {} value(s); {} law has {} ({coordinates}), so give {dimension}",
                            given.len(),
                            with_article(name),
                            count(dimension)
                        ),
                    )),
                    Some(given) => {
                        for (i, &s) in given.iter().enumerate() {
                            if !(0.0..=MAX_COORDINATE_SD).contains(&s) {
                                errors.push(err(
                                    &format!("uncertainty.sd[{i}]"),
                                    format!(
                                        "must be a number from 0 to {MAX_COORDINATE_SD} (the standard deviation of {}), got {s}",
                                        self.coordinates()[i]
                                    ),
                                ));
                            } else {
                                sd[i] = s;
                            }
                        }
                    }
                }
                let correlation = match u.correlation {
                    None => 0.0,
                    Some(_) if dimension < 2 => {
                        errors.push(err(
                            "uncertainty.correlation",
                            format!("applies to two-parameter laws; {} law has one coordinate ({coordinates})", with_article(name)),
                        ));
                        0.0
                    }
                    Some(rho) if rho > -1.0 && rho < 1.0 => rho,
                    Some(rho) => {
                        errors.push(err("uncertainty.correlation", format!("must be a number between −1 and 1 (exclusive), got {rho}")));
                        0.0
                    }
                };
                (errors.len() == before).then_some(ParameterUncertainty::Normal { coordinates: self.coordinates(), sd, correlation })
            }
        }
    }

    fn compile_into(&self, errors: &mut Vec<ParameterError>) -> Option<Distribution> {
        let name = self.name();
        match *self {
            Self::Exponential { mean, rate, .. } => {
                let (mean, field) = match one_of(errors, name, ("mean", mean), ("rate", rate))? {
                    Choice::First(m) => (m, "mean"),
                    Choice::Second(r) => (1.0 / r, "rate"),
                };
                // Both the mean (simulation) and the rate (exact analysis) must be usable numbers.
                let mean = in_range(errors, field, "mean", mean)?;
                in_range(errors, field, "rate", 1.0 / mean)?;
                let d = finite_or_report(errors, field, Exp::new(1.0 / mean).ok())?;
                Some(Distribution { kind: Kind::Exponential(d), mean, params: [1.0 / mean, 0.0], uncertainty: None })
            }
            Self::Weibull { shape, scale, mean, .. } => {
                let shape_ok = positive(errors, "shape", shape);
                let choice = one_of(errors, name, ("scale", scale), ("mean", mean));
                let (shape, choice) = (shape_ok?, choice?);
                // E[X] = η Γ(1 + 1/k)
                let g = statrs::function::gamma::gamma(1.0 + 1.0 / shape);
                if !(g.is_finite() && g > 0.0) {
                    errors.push(err(
                        "shape",
                        format!(
                            "is {shape}: Γ(1 + 1/shape) overflows, so the mean cannot be computed; a shape of at least 0.006 is needed"
                        ),
                    ));
                    return None;
                }
                let (scale, field) = match choice {
                    Choice::First(s) => (s, "scale"),
                    Choice::Second(m) => (m / g, "mean"),
                };
                let scale = in_range(errors, field, "scale", scale)?;
                let mean = in_range(errors, field, "mean", scale * g)?;
                let d = finite_or_report(errors, "shape", Weibull::new(scale, shape).ok())?;
                Some(Distribution { kind: Kind::Weibull(d), mean, params: [shape, scale], uncertainty: None })
            }
            Self::Lognormal { mean, sd, mu, sigma, .. } => {
                let natural = mean.is_some() || sd.is_some();
                let log = mu.is_some() || sigma.is_some();
                let (mu, sigma) = match (natural, log) {
                    (true, false) => {
                        let m = required_positive(errors, name, "mean", mean);
                        let s = required_positive(errors, name, "sd", sd);
                        let (m, s) = (m?, s?);
                        // Moments of the log: σ² = ln(1 + sd²/mean²), μ = ln(mean) − σ²/2.
                        let sigma2 = (1.0 + (s / m).powi(2)).ln();
                        // An sd tiny beside the mean gives σ = 0 (no law), a huge one σ = ∞.
                        let sigma = in_range(errors, "sd", "sigma (the sd of ln(duration))", sigma2.sqrt())?;
                        (m.ln() - sigma2 / 2.0, sigma)
                    }
                    (false, true) => {
                        let mu = match mu {
                            Some(v) if v.is_finite() => Some(v),
                            Some(v) => {
                                errors.push(err("mu", format!("must be a finite number, got {v}")));
                                None
                            }
                            None => {
                                errors.push(err(
                                    "mu",
                                    "is missing: lognormal with `sigma` also needs `mu` (the mean of ln(duration))".into(),
                                ));
                                None
                            }
                        };
                        let sigma = required_positive(errors, name, "sigma", sigma);
                        (mu?, sigma?)
                    }
                    (true, true) => {
                        errors.push(err(
                            "",
                            "give either `mean` and `sd` (of the duration) or `mu` and `sigma` (of its logarithm), not both".into(),
                        ));
                        return None;
                    }
                    (false, false) => {
                        errors.push(err("", "needs `mean` and `sd` (of the duration) or `mu` and `sigma` (of its logarithm)".into()));
                        return None;
                    }
                };
                // exp(μ + σ²/2) overflows for σ = 40 (e^800): such a law has no usable mean.
                let field = if natural { "mean" } else { "sigma" };
                let mean = in_range(errors, field, "mean", (mu + sigma * sigma / 2.0).exp())?;
                let d = finite_or_report(errors, "sigma", LogNormal::new(mu, sigma).ok())?;
                Some(Distribution { kind: Kind::LogNormal(d), mean, params: [mu, sigma], uncertainty: None })
            }
            Self::Normal { mean, sd } => {
                let m = positive(errors, "mean", mean);
                let s = positive(errors, "sd", sd);
                let (m, s) = (m?, s?);
                let d = finite_or_report(errors, "sd", Normal::new(m, s).ok())?;
                // Mean of N(m, s²) truncated to [0, ∞): m + s φ(α)/Φ(α) with α = m/s.
                let a = m / s;
                let pdf = (-a * a / 2.0).exp() / (2.0 * std::f64::consts::PI).sqrt();
                let cdf = 0.5 * statrs::function::erf::erfc(-a / std::f64::consts::SQRT_2);
                let mean = in_range(errors, "sd", "mean", m + s * pdf / cdf)?;
                Some(Distribution { kind: Kind::TruncatedNormal(d), mean, params: [m, s], uncertainty: None })
            }
            Self::Gamma { shape, scale, mean, .. } => {
                let shape_ok = positive(errors, "shape", shape);
                let choice = one_of(errors, name, ("scale", scale), ("mean", mean));
                let (shape, choice) = (shape_ok?, choice?);
                let (scale, field) = match choice {
                    Choice::First(s) => (s, "scale"),
                    Choice::Second(m) => (m / shape, "mean"),
                };
                // The exact analysis works with the rate 1/scale: both must be usable numbers. A
                // mean of 5e-324 with shape 2 gives a scale of 0, which `Gamma::new` refuses.
                let scale = in_range(errors, field, "scale", scale)?;
                in_range(errors, field, "rate (1/scale)", 1.0 / scale)?;
                let mean = in_range(errors, field, "mean", shape * scale)?;
                let d = finite_or_report(errors, field, Gamma::new(shape, scale).ok())?;
                Some(Distribution { kind: Kind::Gamma(d), mean, params: [shape, scale], uncertainty: None })
            }
            Self::Uniform { low, high } => {
                if !(low >= 0.0 && low.is_finite()) {
                    errors.push(err("low", format!("must be a finite number ≥ 0, got {low}")));
                    return None;
                }
                if !(high > low && high.is_finite()) {
                    errors.push(err("high", format!("must be a finite number greater than low ({low}), got {high}")));
                    return None;
                }
                let mean = in_range(errors, "high", "mean", (low + high) / 2.0)?;
                Some(Distribution { kind: Kind::Uniform { low, width: high - low }, mean, params: [low, high], uncertainty: None })
            }
            Self::Fixed { value } => {
                let v = positive(errors, "value", value)?;
                Some(Distribution { kind: Kind::Fixed(v), mean: v, params: [v, 0.0], uncertainty: None })
            }
            Self::Empirical { ref values } => {
                if values.is_empty() {
                    errors.push(err("values", "is empty: give at least one observed duration".into()));
                    return None;
                }
                let before = errors.len();
                for (i, &v) in values.iter().enumerate() {
                    positive(errors, &format!("values[{i}]"), v);
                }
                if errors.len() > before {
                    return None;
                }
                let mean = in_range(errors, "values", "mean", values.iter().sum::<f64>() / values.len() as f64)?;
                Some(Distribution { kind: Kind::Empirical(values.clone().into_boxed_slice()), mean, params: [0.0, 0.0], uncertainty: None })
            }
        }
    }
}

/// "a weibull", "an exponential".
fn with_article(name: &str) -> String {
    let article = if name.starts_with(['a', 'e', 'i', 'o', 'u']) { "an" } else { "a" };
    format!("{article} {name}")
}

enum Choice {
    First(f64),
    Second(f64),
}

fn err(field: &str, message: String) -> ParameterError {
    ParameterError { field: field.to_string(), message }
}

/// Checks a required positive finite parameter (written `!(x > 0)` so NaN fails too). A
/// subnormal value (below 2.2e-308) is refused too: it loses its digits, its reciprocal is
/// infinite, and special functions (Γ, erfc) panic or return NaN on it later.
fn positive(errors: &mut Vec<ParameterError>, field: &str, x: f64) -> Option<f64> {
    if !(x > 0.0 && x.is_finite()) {
        errors.push(err(field, format!("must be a finite number > 0, got {x}")));
        None
    } else if !x.is_normal() {
        errors.push(err(
            field,
            format!("must be a finite number > 0 of at least {MIN_NORMAL:e} (smaller numbers cannot be computed with), got {x:e}"),
        ));
        None
    } else {
        Some(x)
    }
}

/// The smallest positive normal f64: the lower end of every law's mean, scale and rate.
const MIN_NORMAL: f64 = f64::MIN_POSITIVE;

/// Checks a value derived from the parameters (a mean, a scale, a rate): it must be a normal,
/// finite, positive f64, or the law cannot be simulated or analysed (an infinite mean, or a
/// scale that underflowed to 0). The error is reported at `field`, the parameter that gave it.
fn in_range(errors: &mut Vec<ParameterError>, field: &str, what: &str, x: f64) -> Option<f64> {
    if x > 0.0 && x.is_normal() {
        Some(x)
    } else {
        errors.push(err(
            field,
            format!(
                "gives the law a {what} of {x:e}, outside the usable range of numbers ({MIN_NORMAL:e} to {:e}); use less extreme parameters (or another `time_unit`)",
                f64::MAX
            ),
        ));
        None
    }
}

fn required_positive(errors: &mut Vec<ParameterError>, dist: &str, field: &str, x: Option<f64>) -> Option<f64> {
    match x {
        Some(x) => positive(errors, field, x),
        None => {
            errors.push(err(field, format!("is missing: {dist} needs `{field}` here")));
            None
        }
    }
}

/// Exactly one of two alternative parameters, each positive.
fn one_of(
    errors: &mut Vec<ParameterError>,
    dist: &str,
    (a_name, a): (&str, Option<f64>),
    (b_name, b): (&str, Option<f64>),
) -> Option<Choice> {
    match (a, b) {
        (Some(a), None) => positive(errors, a_name, a).map(Choice::First),
        (None, Some(b)) => positive(errors, b_name, b).map(Choice::Second),
        (Some(_), Some(_)) => {
            errors.push(err("", format!("{dist}: give `{a_name}` or `{b_name}`, not both")));
            None
        }
        (None, None) => {
            errors.push(err("", format!("{dist} needs `{a_name}` or `{b_name}`")));
            None
        }
    }
}

/// Derived parameters can still overflow (e.g. Γ(1 + 1/k) for a tiny Weibull shape).
fn finite_or_report<T>(errors: &mut Vec<ParameterError>, field: &str, d: Option<T>) -> Option<T> {
    if d.is_none() {
        errors.push(err(field, "gives a distribution whose parameters overflow; use a less extreme value".into()));
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand::rngs::Xoshiro256PlusPlus;

    fn sample_mean(spec: DistributionSpec, n: usize) -> (f64, f64) {
        let d = spec.compile().expect("valid spec");
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(7);
        let xs: Vec<f64> = (0..n).map(|_| d.sample(&mut rng)).collect();
        let m = xs.iter().sum::<f64>() / n as f64;
        let v = xs.iter().map(|x| (x - m).powi(2)).sum::<f64>() / (n - 1) as f64;
        assert!((m - d.mean()).abs() <= 4.0 * (v / n as f64).sqrt(), "{spec:?}: sample mean {m} vs exact {}", d.mean());
        (m, d.mean())
    }

    #[test]
    fn every_distribution_samples_around_its_exact_mean() {
        let n = 200_000;
        sample_mean(DistributionSpec::Exponential { mean: Some(3.0), rate: None, uncertainty: None }, n);
        sample_mean(DistributionSpec::Exponential { mean: None, rate: Some(0.5), uncertainty: None }, n);
        sample_mean(DistributionSpec::Weibull { shape: 1.5, scale: None, mean: Some(10.0), uncertainty: None }, n);
        sample_mean(DistributionSpec::Weibull { shape: 0.7, scale: Some(2.0), mean: None, uncertainty: None }, n);
        sample_mean(DistributionSpec::Lognormal { mean: Some(2.0), sd: Some(1.0), mu: None, sigma: None, uncertainty: None }, n);
        sample_mean(DistributionSpec::Lognormal { mean: None, sd: None, mu: Some(0.1), sigma: Some(0.5), uncertainty: None }, n);
        sample_mean(DistributionSpec::Normal { mean: 1.0, sd: 1.0 }, n);
        sample_mean(DistributionSpec::Gamma { shape: 2.0, scale: None, mean: Some(4.0), uncertainty: None }, n);
        sample_mean(DistributionSpec::Uniform { low: 1.0, high: 3.0 }, n);
        sample_mean(DistributionSpec::Empirical { values: vec![1.0, 2.0, 6.0] }, n);
        let (_, m) = sample_mean(DistributionSpec::Fixed { value: 2.5 }, 10);
        assert_eq!(m, 2.5);
    }

    fn uncertain(spec: &str) -> Distribution {
        serde_json::from_str::<DistributionSpec>(spec).expect("parses").compile().expect("valid")
    }

    #[test]
    fn a_law_with_zero_uncertainty_draws_itself_bit_for_bit() {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(3);
        for spec in [
            r#"{"dist": "exponential", "mean": 1234.5, "uncertainty": {"sd": [0]}}"#,
            r#"{"dist": "weibull", "shape": 1.3, "mean": 77, "uncertainty": {"sd": [0, 0], "correlation": 0.4}}"#,
            r#"{"dist": "lognormal", "mean": 3, "sd": 2, "uncertainty": {"sd": [0, 0]}}"#,
        ] {
            let law = uncertain(spec);
            let drawn = law.with_drawn_parameters(&mut rng).expect("drawn");
            assert!(drawn.uncertainty().is_none());
            assert_eq!((drawn.mean().to_bits(), drawn.params.map(f64::to_bits)), (law.mean().to_bits(), law.params.map(f64::to_bits)));
        }
    }

    #[test]
    fn a_coordinate_without_uncertainty_keeps_its_parameter_exactly() {
        let law = uncertain(r#"{"dist": "gamma", "shape": 2.7, "scale": 13, "uncertainty": {"sd": [0.5, 0]}}"#);
        let drawn = law.with_drawn_parameters(&mut Xoshiro256PlusPlus::seed_from_u64(5)).expect("drawn");
        assert_eq!(drawn.params[1], 13.0);
        assert_ne!(drawn.params[0], 2.7);
    }

    #[test]
    fn gamma_rate_draws_have_the_gamma_mean_and_variance() {
        // λ ~ Gamma(r = 4, T = 2000): mean r/T, variance r/T².
        let law = uncertain(r#"{"dist": "exponential", "rate": 0.002, "uncertainty": {"failures": 4, "exposure": 2000}}"#);
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(11);
        let n = 20_000;
        let rates: Vec<f64> =
            (0..n).map(|_| law.with_drawn_parameters(&mut rng).expect("drawn").exponential_rate().expect("exponential")).collect();
        let mean = rates.iter().sum::<f64>() / n as f64;
        let (m, v) = (4.0 / 2000.0, 4.0 / 2000.0_f64.powi(2));
        assert!((mean - m).abs() < 4.0 * (v / n as f64).sqrt(), "{mean} vs {m}");
    }

    #[test]
    fn normal_coordinates_have_the_given_correlation() {
        let law = uncertain(r#"{"dist": "weibull", "shape": 2, "scale": 100, "uncertainty": {"sd": [0.1, 0.2], "correlation": -0.6}}"#);
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(13);
        let n = 20_000;
        let xs: Vec<[f64; 2]> = (0..n)
            .map(|_| law.with_drawn_parameters(&mut rng).expect("drawn").params)
            .map(|[k, eta]| [(k / 2.0).ln(), (eta / 100.0).ln()])
            .collect();
        let mean = |i: usize| xs.iter().map(|x| x[i]).sum::<f64>() / n as f64;
        let (m0, m1) = (mean(0), mean(1));
        let cov = |i: usize, j: usize, mi: f64, mj: f64| xs.iter().map(|x| (x[i] - mi) * (x[j] - mj)).sum::<f64>() / (n - 1) as f64;
        let (s0, s1) = (cov(0, 0, m0, m0).sqrt(), cov(1, 1, m1, m1).sqrt());
        let rho = cov(0, 1, m0, m1) / (s0 * s1);
        // Standard errors: sd/√n for the means, about sd/√(2n) for the sds, (1 − ρ²)/√n for ρ.
        assert!(m0.abs() < 4.0 * 0.1 / (n as f64).sqrt() && m1.abs() < 4.0 * 0.2 / (n as f64).sqrt(), "{m0} {m1}");
        assert!((s0 - 0.1).abs() < 4.0 * 0.1 / (2.0 * n as f64).sqrt() && (s1 - 0.2).abs() < 4.0 * 0.2 / (2.0 * n as f64).sqrt());
        assert!((rho + 0.6).abs() < 4.0 * 0.64 / (n as f64).sqrt(), "{rho}");
    }

    #[test]
    fn a_draw_beyond_the_usable_range_says_why() {
        let law = uncertain(r#"{"dist": "exponential", "mean": 1e300, "uncertainty": {"sd": [10]}}"#);
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(1);
        let failed = (0..200).find_map(|_| law.with_drawn_parameters(&mut rng).err()).expect("some draw overflows");
        assert!(failed.contains("cannot be used"), "{failed}");
    }

    #[test]
    fn lognormal_mean_sd_form_reproduces_the_given_moments() {
        let d = DistributionSpec::Lognormal { mean: Some(2.0), sd: Some(1.0), mu: None, sigma: None, uncertainty: None }.compile().unwrap();
        assert!((d.mean() - 2.0).abs() < 1e-12);
    }

    #[test]
    fn truncated_normal_mean_is_above_the_untruncated_mean() {
        let d = DistributionSpec::Normal { mean: 1.0, sd: 1.0 }.compile().unwrap();
        // 1 + φ(1)/Φ(1) = 1 + 0.2419707245/0.8413447461
        assert!((d.mean() - (1.0 + 0.241_970_724_519_143_37 / 0.841_344_746_068_542_9)).abs() < 1e-9);
    }

    #[test]
    fn weibull_shape_must_be_positive_and_every_problem_is_reported() {
        let e = DistributionSpec::Weibull { shape: -1.0, scale: Some(1.0), mean: Some(2.0), uncertainty: None }.compile().unwrap_err();
        assert_eq!(e.len(), 2, "{e:?}");
        assert_eq!(e[0].field, "shape");
        assert!(e[1].message.contains("not both"));
    }

    #[test]
    fn alternatives_must_be_given_exactly_once() {
        let e = DistributionSpec::Exponential { mean: None, rate: None, uncertainty: None }.compile().unwrap_err();
        assert!(e[0].message.contains("needs `mean` or `rate`"));
        let e =
            DistributionSpec::Lognormal { mean: Some(1.0), sd: None, mu: None, sigma: Some(1.0), uncertainty: None }.compile().unwrap_err();
        assert!(e[0].message.contains("not both"));
    }

    #[test]
    fn zero_negative_and_empty_parameters_are_rejected() {
        assert!(DistributionSpec::Fixed { value: 0.0 }.compile().is_err());
        assert!(DistributionSpec::Uniform { low: 2.0, high: 2.0 }.compile().is_err());
        assert!(DistributionSpec::Empirical { values: vec![] }.compile().is_err());
        let e = DistributionSpec::Empirical { values: vec![1.0, -2.0] }.compile().unwrap_err();
        assert_eq!(e[0].field, "values[1]");
        assert!(DistributionSpec::Normal { mean: -1.0, sd: 1.0 }.compile().is_err());
    }
}
