//! Fitting one law, and every law, to a sample: maximum likelihood, intervals, criteria.

use super::goodness::{aicc, anderson_darling, bic};
use super::intervals::{covariance, delta_ln_interval, exponential_rate_ln_interval, profile_interval};
use super::kaplan_meier::kaplan_meier;
use super::laws::{
    Kernel, coordinate_scales, frame, frame_scales, is_logarithm, ln_mean, log_likelihood, parameter_names, start, unscaled,
};
use super::optimise::maximise;
use super::sample::{Sample, validate};
use super::{FitError, FitSet, IntervalMethod, Law, LawFit, Observation, Parameter, Skipped};

/// −ln 0.05 = χ²₂(0.95)/2: with no failure in exposure T, an exponential mean below T/2.996 would
/// have given at least one failure with probability ≥ 95 %.
const MINUS_LN_005: f64 = 2.995_732_273_553_991;

/// Fits one law by maximum likelihood with right censoring.
///
/// The exponential law has the closed form λ̂ = r/T (r failures, T the total of all durations)
/// and the exact chi-square interval; the two-parameter laws are maximised numerically
/// (Nelder–Mead, then Newton) and given profile likelihood intervals. The mean's interval is
/// the exact one for the exponential and the delta method on ln(mean) with the coordinates'
/// covariance (inverse observed information) for the others. Interval ends beyond the range of
/// double precision are reported as the largest (or smallest positive) double, i.e. as bounds.
///
/// Errors: [`FitError::Empty`] and [`FitError::BadTime`] for bad data,
/// [`FitError::TooFewFailures`] below [`Law::min_failures`], and [`FitError::NoMaximum`] when
/// the likelihood has no finite maximum (a two-parameter law with every failure at one time, an
/// optimiser that diverges) or the estimate is beyond the range of double precision.
pub fn fit(law: Law, data: &[Observation]) -> Result<LawFit, FitError> {
    validate(data)?;
    fit_sample(law, &Sample::new(data))
}

/// Fits every law that the data allow, best first, with the Kaplan–Meier estimate beside them.
///
/// Laws that cannot be fitted are listed in [`FitSet::skipped`] with the reason; with no failure
/// at all every law is skipped and [`FitSet::mean_lower_bound`] is given instead. The fits are
/// ranked by AICc when every fit has one, by BIC otherwise (one criterion for all, so that the
/// ranking compares like with like).
pub fn fit_all(data: &[Observation]) -> Result<FitSet, FitError> {
    validate(data)?;
    let sample = Sample::new(data);
    // Saturates rather than overflow for totals beyond the range of double precision.
    let exposure = data.iter().map(|o| o.time).sum::<f64>().min(f64::MAX);
    let mut fits = Vec::new();
    let mut skipped = Vec::new();
    for law in Law::ALL {
        match fit_sample(law, &sample) {
            Ok(fit) => fits.push(fit),
            Err(error) => skipped.push(Skipped { law, reason: reason(&error) }),
        }
    }
    let by_aicc = fits.iter().all(|f| f.aicc.is_some());
    let criterion = |f: &LawFit| if by_aicc { f.aicc.unwrap_or(f.bic) } else { f.bic };
    // A stable sort: equal criteria keep the order of Law::ALL.
    fits.sort_by(|a, b| criterion(a).total_cmp(&criterion(b)));
    Ok(FitSet {
        observations: data.len(),
        failures: sample.failure_count,
        exposure,
        fits,
        skipped,
        kaplan_meier: kaplan_meier(data),
        mean_lower_bound: (sample.failure_count == 0).then_some(exposure / MINUS_LN_005),
    })
}

/// The reason a law was skipped, without its name (the [`Skipped`] entry carries it).
fn reason(error: &FitError) -> String {
    match error {
        FitError::TooFewFailures { needed, found, .. } => {
            format!("needs at least {needed} failure{}, the data have {found}", if *needed == 1 { "" } else { "s" })
        }
        FitError::NoMaximum { why, .. } => why.clone(),
        other => other.to_string(),
    }
}

/// [`fit`] on a validated sample.
fn fit_sample(law: Law, sample: &Sample) -> Result<LawFit, FitError> {
    let found = sample.failure_count;
    if found < law.min_failures() {
        return Err(FitError::TooFewFailures { law, needed: law.min_failures(), found });
    }
    let no_maximum = |why: String| FitError::NoMaximum { law, why };
    let fit = if law == Law::Exponential {
        exponential(sample)
    } else if sample.distinct_failures() < 2 {
        Err(format!("all {found} failures are at the same time, so the spread of a two-parameter law has no finite estimate"))
    } else {
        two_parameter(law, sample)
    }
    .map_err(no_maximum)?;
    // The steps above keep every figure finite; this is the guarantee that no NaN or ∞ leaves.
    if all_finite(&fit) { Ok(fit) } else { Err(no_maximum("a figure of the fit is not a finite number".to_string())) }
}

/// True when every number of `fit` is finite.
fn all_finite(fit: &LawFit) -> bool {
    let parameters = fit.parameters.iter().chain([&fit.mean]).all(|p| p.value.is_finite() && p.ci95.iter().all(|e| e.is_finite()));
    parameters
        && [fit.log_likelihood, fit.bic, fit.correlation].iter().chain(&fit.aicc).chain(&fit.anderson_darling).all(|v| v.is_finite())
        && fit.coordinates.iter().chain(&fit.coordinate_sd).all(|v| v.is_finite())
}

/// λ̂ = r/T in closed form; ln L̂ = r ln λ̂ − r; sd(ln λ̂) = 1/√r from the observed information r.
fn exponential(sample: &Sample) -> Result<LawFit, String> {
    let law = Law::Exponential;
    let r = sample.failure_count as f64;
    let ln_exposure = Sample::ln_sum_exp(sample.all(), |x| x) + sample.ln_s;
    let ln_rate = r.ln() - ln_exposure;
    let [low, high] = exponential_rate_ln_interval(sample.failure_count, ln_exposure)?;
    let rate = Parameter { name: "rate".to_string(), value: representable("rate", ln_rate)?, ci95: [bound(low), bound(high)] };
    // The mean 1/λ: its exact interval is the rate's, inverted.
    let mean = Parameter { name: "mean".to_string(), value: representable("mean", -ln_rate)?, ci95: [bound(-high), bound(-low)] };
    let log_likelihood = r * ln_rate - r;
    Ok(LawFit {
        law,
        parameters: vec![rate],
        mean,
        interval_method: IntervalMethod::ExactChiSquare,
        log_likelihood,
        aicc: aicc(log_likelihood, 1, sample.observations),
        bic: bic(log_likelihood, 1, sample.observations),
        anderson_darling: complete_sample_statistic(law, &[r.ln() - (ln_exposure - sample.ln_s)], sample),
        coordinates: vec![ln_rate],
        coordinate_sd: vec![1.0 / r.sqrt()],
        correlation: 0.0,
    })
}

/// Numerical maximum likelihood, profile likelihood intervals, observed information.
fn two_parameter(law: Law, sample: &Sample) -> Result<LawFit, String> {
    let ln_l = |c: [f64; 2]| log_likelihood(law, &c, sample);
    let scales = |c: [f64; 2]| coordinate_scales(law, &c);
    // Maximised in the better-conditioned coordinates d = T c (see `frame`); the covariance of
    // c is T⁻¹ Σ_d T⁻ᵀ, computed from Σ_d rather than by inverting the Hessian in c.
    let (t, t_inverse) = frame(law);
    let to_c = |d: [f64; 2]| apply(t_inverse, d);
    let in_frame = maximise(&|d| ln_l(to_c(d)), apply(t, start(law, sample)), &|d| frame_scales(law, &to_c(d)))?;
    let (point, maximum) = (to_c(in_frame.point), in_frame.value);
    let covariance = congruent(t_inverse, covariance(in_frame.hessian));
    let sd = [covariance[0][0].sqrt(), covariance[1][1].sqrt()];
    let correlation = covariance[0][1] / (sd[0] * sd[1]);
    if !(sd[0] > 0.0 && sd[1] > 0.0 && sd[0].is_finite() && sd[1].is_finite() && correlation.abs() <= 1.0) {
        return Err("the likelihood is too flat at its maximum to give standard deviations".to_string());
    }
    // Everything below is in the data's units: the rescaling moves one coordinate by ln s.
    let coordinates = unscaled(law, &point, sample.ln_s);
    let shift = [coordinates[0] - point[0], coordinates[1] - point[1]];
    let mut parameters = Vec::with_capacity(2);
    for (index, name) in parameter_names(law).iter().enumerate() {
        let [low, high] = profile_interval(&ln_l, point, maximum, covariance, index, &scales)
            .map_err(|why| format!("the 95 % interval of its {name} is unbounded: {why}"))?;
        let (low, high) = (low + shift[index], high + shift[index]);
        // Profile likelihood intervals are invariant under reparametrisation: the ends map
        // through the same monotone function as the estimate.
        let (value, ci95) = if is_logarithm(law, index) {
            (representable(name, coordinates[index])?, [bound(low), bound(high)])
        } else {
            (coordinates[index], [low, high])
        };
        parameters.push(Parameter { name: (*name).to_string(), value, ci95 });
    }
    let (ln_m, gradient) = ln_mean(law, &coordinates);
    let [low, high] = delta_ln_interval(ln_m, gradient, covariance);
    let mean = Parameter { name: "mean".to_string(), value: representable("mean", ln_m)?, ci95: [bound(low), bound(high)] };
    let log_likelihood = maximum - sample.failure_count as f64 * sample.ln_s;
    let k = 2;
    Ok(LawFit {
        law,
        parameters,
        mean,
        interval_method: IntervalMethod::ProfileLikelihood,
        log_likelihood,
        aicc: aicc(log_likelihood, k, sample.observations),
        bic: bic(log_likelihood, k, sample.observations),
        anderson_darling: complete_sample_statistic(law, &point, sample),
        coordinates,
        coordinate_sd: sd.to_vec(),
        correlation,
    })
}

/// M x.
fn apply(m: [[f64; 2]; 2], x: [f64; 2]) -> [f64; 2] {
    [m[0][0] * x[0] + m[0][1] * x[1], m[1][0] * x[0] + m[1][1] * x[1]]
}

/// M S Mᵀ.
fn congruent(m: [[f64; 2]; 2], s: [[f64; 2]; 2]) -> [[f64; 2]; 2] {
    let mut out = [[0.0; 2]; 2];
    for (i, row) in out.iter_mut().enumerate() {
        for (j, cell) in row.iter_mut().enumerate() {
            *cell = (0..2).map(|a| (0..2).map(|b| m[i][a] * s[a][b] * m[j][b]).sum::<f64>()).sum();
        }
    }
    out
}

/// The Anderson–Darling statistic at coordinates `c` of the rescaled sample; `None` when any
/// observation is censored.
fn complete_sample_statistic(law: Law, c: &[f64], sample: &Sample) -> Option<f64> {
    if !sample.censored.is_empty() {
        return None;
    }
    let sorted: Vec<f64> = sample.failures.iter().flat_map(|&(x, w)| std::iter::repeat_n(x, w as usize)).collect();
    anderson_darling(&Kernel::new(law, c), &sorted)
}

/// e^(ln value) when it is a normal positive double, else the reason it cannot be reported.
/// Subnormal values are refused as the model refuses them, and because interval ends are kept
/// within the normal doubles ([`bound`]): a subnormal estimate would lie below its own interval.
fn representable(name: &str, ln_value: f64) -> Result<f64, String> {
    let value = ln_value.exp();
    if (f64::MIN_POSITIVE..=f64::MAX).contains(&value) {
        Ok(value)
    } else {
        Err(format!("its {name} would be e^{ln_value:.1}, beyond the range of double precision"))
    }
}

/// e^(ln end) for an interval end, kept within the positive doubles (an end beyond them is
/// reported as the nearest one: a bound).
fn bound(ln_end: f64) -> f64 {
    ln_end.exp().clamp(f64::MIN_POSITIVE, f64::MAX)
}
