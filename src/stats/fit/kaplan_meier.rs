//! The Kaplan–Meier estimate with Greenwood's variance and the log(−log) interval.

use super::intervals::Z_975;
use super::{KaplanMeierStep, Observation};

/// The Kaplan–Meier estimate Ŝ(t) = Π_{tⱼ ≤ t} (1 − dⱼ/nⱼ) (Kaplan & Meier 1958), one step per
/// distinct failure time tⱼ, with dⱼ failures among the nⱼ observations whose duration is ≥ tⱼ.
/// Censored durations equal to a failure time count as at risk at it (the usual convention: the
/// censoring is taken to happen just after).
///
/// The pointwise 95 % interval is Kalbfleisch & Prentice's (2002, ch. 1) on the log(−log) scale,
/// which stays inside (0, 1): with Greenwood's (1926) sum V = Σ dⱼ/(nⱼ(nⱼ − dⱼ)),
/// s = √V / |ln Ŝ| and the interval is [Ŝ^exp(1.96 s), Ŝ^exp(−1.96 s)].
///
/// When the last observations at risk all fail, Ŝ = 0 and that formula is undefined (nⱼ = dⱼ).
/// The interval is then [0, U·(1 − 0.025^(1/nⱼ))] with U the upper end of the step before (1 if
/// none): given the nⱼ at risk, 1 − 0.025^(1/nⱼ) is the exact (Clopper–Pearson) 97.5 % upper
/// bound on the probability of surviving tⱼ when all nⱼ failed; for a complete sample it is the
/// exact upper bound on S at the largest observation (S(X₍ₙ₎) ~ Beta(1, n)).
///
/// Observations whose duration is not finite and positive are ignored ([`super::fit_all`]
/// rejects them before getting here).
pub fn kaplan_meier(data: &[Observation]) -> Vec<KaplanMeierStep> {
    let mut sorted: Vec<Observation> = data.iter().copied().filter(|o| o.time > 0.0 && o.time.is_finite()).collect();
    sorted.sort_by(|a, b| a.time.total_cmp(&b.time));
    let mut steps = Vec::new();
    let mut at_risk = sorted.len();
    let (mut survival, mut greenwood, mut previous_upper) = (1.0_f64, 0.0_f64, 1.0_f64);
    let mut rest = sorted.as_slice();
    while let Some(first) = rest.first() {
        let same = rest.iter().take_while(|o| o.time == first.time).count();
        let events = rest[..same].iter().filter(|o| !o.censored).count();
        if events > 0 {
            let (n, d) = (at_risk as f64, events as f64);
            survival *= 1.0 - d / n;
            let ci95 = if events < at_risk {
                greenwood += d / (n * (n - d));
                let s = greenwood.sqrt() / survival.ln().abs();
                [survival.powf((Z_975 * s).exp()).clamp(0.0, 1.0), survival.powf((-Z_975 * s).exp()).clamp(0.0, 1.0)]
            } else {
                [0.0, previous_upper * (1.0 - 0.025_f64.powf(1.0 / n))]
            };
            previous_upper = ci95[1];
            steps.push(KaplanMeierStep { time: first.time, at_risk, events, survival, ci95 });
        }
        at_risk -= same;
        rest = &rest[same..];
    }
    steps
}

#[cfg(test)]
mod tests {
    use super::*;

    fn obs(time: f64, censored: bool) -> Observation {
        Observation { time, censored }
    }

    #[test]
    fn censored_at_a_failure_time_are_at_risk_at_it() {
        // At t = 2: four at risk (the one censored at 2 included), one failure.
        let steps = kaplan_meier(&[obs(1.0, false), obs(2.0, false), obs(2.0, true), obs(3.0, false), obs(4.0, true)]);
        assert_eq!(steps.len(), 3);
        assert_eq!((steps[1].at_risk, steps[1].events), (4, 1));
        assert!((steps[1].survival - 0.8 * 0.75).abs() < 1e-15);
        // At t = 3 only two remain.
        assert_eq!(steps[2].at_risk, 2);
        assert!((steps[2].survival - 0.8 * 0.75 * 0.5).abs() < 1e-15);
    }

    #[test]
    fn tied_failures_make_one_step() {
        let steps = kaplan_meier(&[obs(5.0, false), obs(5.0, false), obs(5.0, false), obs(7.0, true)]);
        assert_eq!(steps.len(), 1);
        assert_eq!((steps[0].at_risk, steps[0].events), (4, 3));
        assert!((steps[0].survival - 0.25).abs() < 1e-15);
        assert!(steps[0].ci95[0] < 0.25 && steps[0].ci95[1] > 0.25);
    }

    #[test]
    fn survival_zero_has_the_exact_upper_bound() {
        // Complete sample of 3: the last step has Ŝ = 0, interval [0, U·(1 − 0.025)].
        let steps = kaplan_meier(&[obs(1.0, false), obs(2.0, false), obs(3.0, false)]);
        let last = &steps[2];
        assert_eq!(last.survival, 0.0);
        assert_eq!(last.ci95[0], 0.0);
        assert!((last.ci95[1] - steps[1].ci95[1] * 0.975).abs() < 1e-15);
        // All failing at once at the start: [0, 1 − 0.025^(1/2)].
        let both = kaplan_meier(&[obs(1.0, false), obs(1.0, false)]);
        assert!((both[0].ci95[1] - (1.0 - 0.025_f64.sqrt())).abs() < 1e-15);
    }

    #[test]
    fn no_failure_no_step_and_bad_times_are_ignored() {
        assert!(kaplan_meier(&[obs(1.0, true), obs(2.0, true)]).is_empty());
        assert!(kaplan_meier(&[]).is_empty());
        let steps = kaplan_meier(&[obs(f64::NAN, false), obs(-1.0, false), obs(2.0, false), obs(3.0, true)]);
        assert_eq!(steps.len(), 1);
        assert_eq!(steps[0].at_risk, 2);
    }
}
