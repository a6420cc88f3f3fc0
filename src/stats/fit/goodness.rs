//! Comparing fits: information criteria, and the Anderson–Darling statistic for complete samples.

use super::laws::Kernel;

/// AICc = −2 ln L + 2k + 2k(k+1)/(n−k−1) (Hurvich & Tsai 1989); `None` when n ≤ k + 1, where the
/// correction is undefined.
pub(super) fn aicc(log_likelihood: f64, parameters: usize, observations: usize) -> Option<f64> {
    let (k, n) = (parameters as f64, observations as f64);
    (observations > parameters + 1).then(|| -2.0 * log_likelihood + 2.0 * k + 2.0 * k * (k + 1.0) / (n - k - 1.0))
}

/// BIC = −2 ln L + k ln n (Schwarz 1978).
pub(super) fn bic(log_likelihood: f64, parameters: usize, observations: usize) -> f64 {
    -2.0 * log_likelihood + parameters as f64 * (observations as f64).ln()
}

/// A² = −n − (1/n) Σᵢ (2i − 1) [ln F(x₍ᵢ₎) + ln S(x₍ₙ₊₁₋ᵢ₎)] over the ordered sample (Anderson &
/// Darling 1954; Stephens 1974), from log-space F and S so that a far tail does not give ln 0.
/// `sorted_ln_times` holds ln t of every observation, ascending, ties repeated; the sample must be
/// complete. `None` when a term is still infinite (the fitted law gives an observation probability
/// 0 in double precision: a fit that bad needs no statistic).
pub(super) fn anderson_darling(kernel: &Kernel, sorted_ln_times: &[f64]) -> Option<f64> {
    let n = sorted_ln_times.len();
    let sum: f64 =
        (0..n).map(|i| (2 * i + 1) as f64 * (kernel.ln_cdf(sorted_ln_times[i]) + kernel.ln_survival(sorted_ln_times[n - 1 - i]))).sum();
    let a2 = -(n as f64) - sum / n as f64;
    a2.is_finite().then_some(a2)
}
