//! A validated sample in the form the likelihood reads it: logarithms of rescaled durations,
//! equal ones merged with a count.

use super::{FitError, Observation};

/// A sample after validation. Durations are divided by `s`, the geometric mean of the failure
/// times, so that every law is fitted near coordinates of order 1 whatever the data's magnitude
/// (10⁻³⁰⁰ or 10³⁰⁰ alike): the four laws are scale families, so a fit on t/s gives the fit on t
/// by shifting the scale coordinate by ln s and the log-likelihood by −r ln s (the Jacobian of
/// the r densities).
#[derive(Debug, Clone)]
pub(super) struct Sample {
    /// ln(t/s) of the failures, ascending, each distinct value once with its count.
    pub failures: Vec<(f64, f64)>,
    /// ln(t/s) of the censored observations, likewise.
    pub censored: Vec<(f64, f64)>,
    /// ln s.
    pub ln_s: f64,
    /// Number of observations.
    pub observations: usize,
    /// Number of failures (r).
    pub failure_count: usize,
}

/// Checks that there is data and that every duration is finite and > 0.
pub(super) fn validate(data: &[Observation]) -> Result<(), FitError> {
    if data.is_empty() {
        return Err(FitError::Empty);
    }
    // Written as !(t > 0) so that NaN is rejected too.
    match data.iter().position(|o| !(o.time > 0.0 && o.time.is_finite())) {
        Some(index) => Err(FitError::BadTime { index, time: data[index].time }),
        None => Ok(()),
    }
}

impl Sample {
    /// The sample of `data`, which must have passed [`validate`].
    pub fn new(data: &[Observation]) -> Self {
        let failures: Vec<f64> = data.iter().filter(|o| !o.censored).map(|o| o.time).collect();
        let censored: Vec<f64> = data.iter().filter(|o| o.censored).map(|o| o.time).collect();
        let reference = if failures.is_empty() { &censored } else { &failures };
        let ln_s = if reference.is_empty() { 0.0 } else { reference.iter().map(|t| t.ln()).sum::<f64>() / reference.len() as f64 };
        Self {
            failure_count: failures.len(),
            failures: grouped(failures, ln_s),
            censored: grouped(censored, ln_s),
            ln_s,
            observations: data.len(),
        }
    }

    /// Number of distinct failure times.
    pub fn distinct_failures(&self) -> usize {
        self.failures.len()
    }

    /// Every observation, failures and censored alike.
    pub fn all(&self) -> impl Iterator<Item = &(f64, f64)> + Clone {
        self.failures.iter().chain(&self.censored)
    }

    /// ln Σ wᵢ exp(f(ln uᵢ)) over `terms`, without overflow (the largest term is factored out).
    pub fn ln_sum_exp<'a>(terms: impl Iterator<Item = &'a (f64, f64)> + Clone, f: impl Fn(f64) -> f64) -> f64 {
        let top = terms.clone().map(|&(x, _)| f(x)).fold(f64::NEG_INFINITY, f64::max);
        if !top.is_finite() {
            return top;
        }
        top + terms.map(|&(x, w)| w * (f(x) - top).exp()).sum::<f64>().ln()
    }
}

/// Sorts `times`, merges equal ones and returns (ln(t) − ln s, count).
fn grouped(mut times: Vec<f64>, ln_s: f64) -> Vec<(f64, f64)> {
    times.sort_by(f64::total_cmp);
    let mut out: Vec<(f64, f64)> = Vec::new();
    let mut previous = f64::NAN;
    for t in times {
        match out.last_mut() {
            Some(last) if t == previous => last.1 += 1.0,
            _ => out.push((t.ln() - ln_s, 1.0)),
        }
        previous = t;
    }
    out
}
