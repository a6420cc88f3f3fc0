//! Simulated estimates against exact answers.
//!
//! Exact values are derived here, independently of the simulator: steady-state availability of
//! independent alternating-renewal components depends only on each component's MTTF and MTTR
//! (A_i = MTTF_i / (MTTF_i + MTTR_i), whatever the distributions), the system availability is
//! the structure function averaged over the 2^n component states, and the failure frequency is
//! ω = Σ_i B_i / (MTTF_i + MTTR_i) with B_i the Birnbaum importance (the frequency-duration
//! method); MDT = U / ω. Each check uses the estimate's own 99.9% confidence interval at a fixed
//! seed, so it is deterministic.

use ninesim::{RunConfig, RunResult};

/// (MTTF, MTTR) of each component, in the order the structure function indexes them.
struct Exact {
    availability: f64,
    unavailability: f64,
    /// Per hour.
    frequency: f64,
}

/// Enumerates all 2^n states of independent components.
fn exact(components: &[(f64, f64)], phi: impl Fn(&[bool]) -> bool) -> Exact {
    let n = components.len();
    let p: Vec<f64> = components.iter().map(|&(m, r)| m / (m + r)).collect();
    let mut availability = 0.0;
    let mut unavailability = 0.0;
    let mut birnbaum = vec![0.0; n];
    let mut state = vec![false; n];
    for bits in 0u32..(1 << n) {
        let mut prob = 1.0;
        for i in 0..n {
            state[i] = bits & (1 << i) != 0;
            prob *= if state[i] { p[i] } else { 1.0 - p[i] };
        }
        if phi(&state) {
            availability += prob;
        } else {
            unavailability += prob;
        }
        // B_i = P(φ(1_i, x) = 1 and φ(0_i, x) = 0), summed over the states of the others.
        for i in 0..n {
            if state[i] {
                let mut flipped = state.clone();
                flipped[i] = false;
                if phi(&state) && !phi(&flipped) {
                    birnbaum[i] += prob / p[i];
                }
            }
        }
    }
    let frequency = components.iter().zip(&birnbaum).map(|(&(m, r), b)| b / (m + r)).sum();
    Exact { availability, unavailability, frequency }
}

fn simulate(model: &str, replications: u64, horizon: f64, warmup: f64) -> RunResult {
    let model = ninesim::model::parse_str(model, "test.json").expect("test model is valid");
    let config = RunConfig { replications, horizon, warmup, seed: 20261125, threads: None };
    ninesim::run(&model, &config, &|_| {}).expect("run succeeds")
}

const LEVEL: f64 = 0.999;

/// Checks A, U, ω and MDT against the exact values, each within its own 99.9% interval.
fn check(name: &str, result: &RunResult, exact: &Exact) {
    let year = ninesim::HOURS_PER_YEAR;
    let u = &result.unavailability;
    assert!(
        u.contains(exact.unavailability, LEVEL),
        "{name}: U exact {} outside {:?} (estimate {})",
        exact.unavailability,
        u.ci(LEVEL),
        u.mean
    );
    let a = &result.availability;
    assert!(a.contains(exact.availability, LEVEL), "{name}: A exact {} outside {:?}", exact.availability, a.ci(LEVEL));
    let w = &result.failure_frequency_per_year;
    assert!(w.contains(exact.frequency * year, LEVEL), "{name}: ω exact {}/yr outside {:?}", exact.frequency * year, w.ci(LEVEL));
    let mdt = result.mdt.as_ref().expect("failures were observed");
    let exact_mdt = exact.unavailability / exact.frequency;
    assert!(mdt.contains(exact_mdt, LEVEL), "{name}: MDT exact {exact_mdt} outside {:?}", mdt.ci(LEVEL));
    // The interval must be informative, not merely wide: within 5% of the exact value.
    assert!(u.std_error < 0.05 * exact.unavailability / 3.3, "{name}: U too imprecise to be a test: {u:?}");
}

fn exponential(mean: f64) -> String {
    format!(r#"{{"dist": "exponential", "mean": {mean}}}"#)
}

/// One component `s` with exponential failures and repairs; the system is `s`.
fn single_exponential(mttf: f64, mttr: f64) -> String {
    format!(
        r#"{{"name": "single", "components": [{{"id": "s", "failure": {}, "repair": {}}}], "system": "s"}}"#,
        exponential(mttf),
        exponential(mttr)
    )
}

#[test]
fn single_exponential_component_matches_mttf_over_mttf_plus_mttr() {
    let model = single_exponential(100.0, 5.0);
    let result = simulate(&model, 200, 100_000.0, 1_000.0);
    check("single exponential", &result, &exact(&[(100.0, 5.0)], |x| x[0]));
}

#[test]
fn single_weibull_lognormal_component_depends_only_on_the_means() {
    // Wear-out failures and skewed repairs: A = MTTF/(MTTF+MTTR), ω = 1/(MTTF+MTTR).
    let model = r#"{"name": "single", "components": [{"id": "s",
        "failure": {"dist": "weibull", "shape": 2.5, "mean": 100},
        "repair": {"dist": "lognormal", "mean": 5, "sd": 4}}], "system": "s"}"#;
    let result = simulate(model, 200, 100_000.0, 1_000.0);
    check("single weibull/lognormal", &result, &exact(&[(100.0, 5.0)], |x| x[0]));
}

#[test]
fn series_of_three_with_five_distributions_is_the_product_of_availabilities() {
    let model = r#"{"name": "series", "components": [
        {"id": "a", "failure": {"dist": "weibull", "shape": 1.5, "scale": 200}, "repair": {"dist": "gamma", "shape": 2, "mean": 4}},
        {"id": "b", "failure": {"dist": "uniform", "low": 100, "high": 300}, "repair": {"dist": "fixed", "value": 3}},
        {"id": "c", "failure": {"dist": "exponential", "rate": 0.004}, "repair": {"dist": "empirical", "values": [1, 2, 9]}}
    ], "system": {"series": ["a", "b", "c"]}}"#;
    // Weibull mean η Γ(1 + 1/k) with Γ(5/3) = 0.9027452929509336.
    let mttf_a = 200.0 * 0.902_745_292_950_933_6;
    let components = [(mttf_a, 4.0), (200.0, 3.0), (250.0, 4.0)];
    let result = simulate(model, 200, 100_000.0, 1_000.0);
    let exact = exact(&components, |x| x.iter().all(|&u| u));
    check("series", &result, &exact);
    // In a series system each component is critical exactly when it alone is down, so its
    // contribution is P(it down, the others up).
    for (i, c) in result.components.iter().enumerate() {
        let p: Vec<f64> = components.iter().map(|&(m, r)| m / (m + r)).collect();
        let alone: f64 = (0..3).map(|j| if j == i { 1.0 - p[j] } else { p[j] }).product();
        let minutes = alone * ninesim::MINUTES_PER_YEAR;
        assert!(
            c.downtime_contribution.contains(minutes, LEVEL),
            "{}: contribution {minutes} outside {:?}",
            c.id,
            c.downtime_contribution.ci(LEVEL)
        );
        assert!(c.spof);
    }
}

#[test]
fn one_of_two_is_down_only_when_both_are() {
    let model = format!(
        r#"{{"name": "1-of-2", "components": [{{"id": "s", "count": 2, "failure": {}, "repair": {}}}], "system": {{"parallel": ["s"]}}}}"#,
        exponential(50.0),
        exponential(10.0)
    );
    let result = simulate(&model, 400, 100_000.0, 500.0);
    check("1-of-2", &result, &exact(&[(50.0, 10.0); 2], |x| x[0] || x[1]));
    assert!(result.spof.is_empty());
    // Both are down in every outage and each alone would restore the system: 100% each.
    for c in &result.components {
        assert!((c.criticality - 1.0).abs() < 1e-12, "{}: {}", c.id, c.criticality);
    }
}

#[test]
fn two_of_three_needs_a_majority() {
    let model = format!(
        r#"{{"name": "2-of-3", "components": [{{"id": "n", "count": 3, "failure": {}, "repair": {}}}],
            "system": {{"k_of_n": {{"k": 2, "of": ["n"]}}}}}}"#,
        exponential(50.0),
        exponential(5.0)
    );
    let result = simulate(&model, 400, 100_000.0, 500.0);
    check("2-of-3", &result, &exact(&[(50.0, 5.0); 3], |x| x.iter().filter(|&&u| u).count() >= 2));
}

#[test]
fn bridge_matches_enumeration_of_all_32_states() {
    // Paths {a, c}, {b, d}, {a, e, d}, {b, e, c}; e is the bridge.
    let model = r#"{"name": "bridge", "components": [
        {"id": "a", "failure": {"dist": "exponential", "mean": 40}, "repair": {"dist": "exponential", "mean": 8}},
        {"id": "b", "failure": {"dist": "exponential", "mean": 60}, "repair": {"dist": "exponential", "mean": 6}},
        {"id": "c", "failure": {"dist": "exponential", "mean": 50}, "repair": {"dist": "exponential", "mean": 10}},
        {"id": "d", "failure": {"dist": "exponential", "mean": 30}, "repair": {"dist": "exponential", "mean": 5}},
        {"id": "e", "failure": {"dist": "exponential", "mean": 20}, "repair": {"dist": "exponential", "mean": 4}}
    ], "system": {"parallel": [
        {"series": ["a", "c"]}, {"series": ["b", "d"]}, {"series": ["a", "e", "d"]}, {"series": ["b", "e", "c"]}
    ]}}"#;
    let components = [(40.0, 8.0), (60.0, 6.0), (50.0, 10.0), (30.0, 5.0), (20.0, 4.0)];
    let phi = |x: &[bool]| {
        let (a, b, c, d, e) = (x[0], x[1], x[2], x[3], x[4]);
        (a && c) || (b && d) || (a && e && d) || (b && e && c)
    };
    let result = simulate(model, 300, 100_000.0, 500.0);
    check("bridge", &result, &exact(&components, phi));
}

#[test]
#[allow(clippy::nonminimal_bool)] // φ is written as the block diagram reads, not simplified.
fn a_shared_component_is_one_component_not_two_copies() {
    // (A and C) or (B and C): C is shared, so the system is down whenever C is.
    let model = r#"{"name": "shared", "components": [
        {"id": "A", "failure": {"dist": "exponential", "mean": 20}, "repair": {"dist": "exponential", "mean": 5}},
        {"id": "B", "failure": {"dist": "exponential", "mean": 30}, "repair": {"dist": "exponential", "mean": 5}},
        {"id": "C", "failure": {"dist": "weibull", "shape": 2, "mean": 100}, "repair": {"dist": "fixed", "value": 2}}
    ], "system": {"parallel": [{"series": ["A", "C"]}, {"series": ["B", "C"]}]}}"#;
    let components = [(20.0, 5.0), (30.0, 5.0), (100.0, 2.0)];
    let result = simulate(model, 300, 100_000.0, 500.0);
    check("shared C", &result, &exact(&components, |x| (x[0] && x[2]) || (x[1] && x[2])));
    assert_eq!(result.spof, ["C"]);
}

#[test]
fn reliability_of_a_non_repairable_component_is_its_survival_function() {
    // No repair: R(T) = exp(−T/MTTF); with T = MTTF, e^−1.
    let model = format!(r#"{{"name": "mission", "components": [{{"id": "s", "failure": {}}}], "system": "s"}}"#, exponential(1000.0));
    let result = simulate(&model, 20_000, 1000.0, 0.0);
    let exact = (-1.0f64).exp();
    // Normal-approximation 99.9% interval of a binomial proportion.
    let n = result.replications as f64;
    let half = 3.290_526_731_491_9 * (exact * (1.0 - exact) / n).sqrt();
    assert!((result.reliability.mean - exact).abs() < half, "R = {} vs {exact} ± {half}", result.reliability.mean);
    assert!(result.reliability.ci95[0] < exact && exact < result.reliability.ci95[1]);
}

#[test]
fn mttff_of_two_non_repairable_units_in_parallel_is_one_and_a_half_mttf() {
    // The maximum of two exponentials: E = MTTF (1 + 1/2).
    let model = format!(
        r#"{{"name": "mission", "components": [{{"id": "s", "count": 2, "failure": {}}}], "system": {{"parallel": ["s"]}}}}"#,
        exponential(100.0)
    );
    let result = simulate(&model, 20_000, 10_000.0, 0.0);
    assert_eq!(result.mttff.censored, 0, "horizon of 100 MTTF leaves no survivor");
    assert!(result.mttff.estimate.contains(150.0, LEVEL), "MTTFF {:?}", result.mttff);
}

#[test]
fn outage_duration_quantiles_follow_the_repair_distribution() {
    // A single component's outage is its repair: exponential with mean 10, q_p = −10 ln(1 − p).
    let model = single_exponential(90.0, 10.0);
    let result = simulate(&model, 100, 200_000.0, 0.0);
    let o = result.outage_duration;
    let n = o.count as f64;
    for (p, got) in [(0.5f64, o.p50), (0.9, o.p90), (0.99, o.p99)] {
        let exact = -10.0 * (1.0 - p).ln();
        // Standard error of a sample quantile: √(p(1−p)/n) / f(q_p), f(q) = e^(−q/10)/10; plus
        // half a histogram bucket (0.5%).
        let density = (-exact / 10.0).exp() / 10.0;
        let se = (p * (1.0 - p) / n).sqrt() / density;
        let tolerance = 3.29 * se + 0.005 * exact;
        let got = got.expect("outages observed");
        assert!((got - exact).abs() < tolerance, "p{p}: {got} vs {exact} ± {tolerance}");
    }
}

/// A short run from new: the window average differs from the steady state by far more than the
/// run's interval, and `run` compares with the window's exact value, the quantity it estimates.
#[test]
fn short_runs_are_compared_with_the_exact_window_average_not_the_steady_state() {
    let model = r#"{"name": "short", "components": [{"id": "s",
        "failure": {"dist": "exponential", "mean": 100}, "repair": {"dist": "exponential", "mean": 50}}], "system": "s"}"#;
    let r = simulate(model, 4000, 100.0, 0.0);
    let exact = r.exact.as_ref().expect("solvable");
    // U(t) = c(1 − e^{−st}) with c = λ/(λ+μ) = 1/3, s = λ+μ = 0.03; its average over [0, 100].
    let (c, s, t): (f64, f64, f64) = (1.0 / 3.0, 0.03, 100.0);
    let window = c * (1.0 - (1.0 - (-s * t).exp()) / (s * t));
    assert!((exact.window_unavailability.unwrap() - window).abs() < 1e-12 * window);
    assert_eq!(exact.verdict.compared_with, "window");
    assert!(r.unavailability.contains(window, 0.999), "{:?} vs {window}", r.unavailability);
    assert!(!r.unavailability.contains(c, 0.999), "the steady state 1/3 is far from a short run's average");
    assert!(exact.verdict.inside_ci99 || exact.verdict.z.unwrap().abs() < 3.3);
}

/// The simulator's downtime share of a component estimates its exact criticality importance.
#[test]
fn simulated_criticality_matches_the_exact_criticality_importance() {
    let model = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/models/bridge.json")).unwrap();
    let r = simulate(&model, 2000, 876_600.0, 0.0);
    for c in &r.components {
        let exact = c.criticality_exact.expect("exact criticality");
        // Shares of a ratio estimator: compare within 3 standard errors of the contribution.
        let se = c.downtime_contribution.std_error / r.downtime_minutes_per_year.mean;
        assert!((c.criticality - exact).abs() < 3.3 * se + 0.01, "{}: simulated {} vs exact {exact}", c.id, c.criticality);
    }
}

/// `compare --rel-error` stops at the first checkpoint where every design's interval is narrow
/// enough: a data-dependent stopping rule, so its intervals' coverage is checked over many
/// seeds against the exact window unavailability. For one exponential component (λ, μ, from
/// new) U(t) = q(1 − e^(−st)) with q = λ/s, s = λ + μ, so over [0, T]
/// Ū = q(1 − (1 − e^(−sT))/(sT)); two independent ones in parallel are down together with
/// probability U(t)², whose window average is q²(1 − 2(1 − e^(−sT))/(sT) + (1 − e^(−2sT))/(2sT)).
#[test]
fn compare_to_precision_intervals_cover_the_exact_window_unavailability() {
    let (mttf, mttr, horizon): (f64, f64, f64) = (100.0, 5.0, 1000.0);
    let law = format!(r#""failure": {{"dist": "exponential", "mean": {mttf}}}, "repair": {{"dist": "exponential", "mean": {mttr}}}"#);
    let single = format!(r#"{{"name": "one", "components": [{{"id": "a", {law}}}], "system": "a"}}"#);
    let pair =
        format!(r#"{{"name": "two", "components": [{{"id": "a", {law}}}, {{"id": "b", {law}}}], "system": {{"parallel": ["a", "b"]}}}}"#);
    let models =
        [ninesim::model::parse_str(&single, "one.json").expect("valid"), ninesim::model::parse_str(&pair, "two.json").expect("valid")];
    let (l, m) = (1.0 / mttf, 1.0 / mttr);
    let (s, q) = (l + m, l / (l + m));
    let st = s * horizon;
    let exact =
        [q * (1.0 - (1.0 - (-st).exp()) / st), q * q * (1.0 - 2.0 * (1.0 - (-st).exp()) / st + (1.0 - (-2.0 * st).exp()) / (2.0 * st))];
    let precision = ninesim::sim::Precision { rel_error: 0.1, max_replications: 1 << 16, max_time: None };
    let seeds = 200;
    let mut covered = [0usize; 2];
    for seed in 0..seeds {
        let config = RunConfig { replications: 1, horizon, warmup: 0.0, seed, threads: None };
        let c = ninesim::compare::compare_to_precision(&models, &config, ninesim::sim::Streams::Common, precision, &|_| {}).expect("runs");
        for (k, design) in c.designs.iter().enumerate() {
            assert!(design.precision.as_ref().is_some_and(|p| p.rel_error.is_some_and(|r| r <= 0.1)), "seed {seed}: not precise");
            let ci = design.unavailability.ci95;
            covered[k] += usize::from(ci[0] <= exact[k] && exact[k] <= ci[1]);
        }
    }
    // 95% intervals over 200 seeds: the count of hits is Binomial(200, 0.95), sd ≈ 3.1; 180..=198
    // is about ±3 sd around 190.
    eprintln!("coverage over {seeds} seeds: {covered:?}");
    for (k, hits) in covered.iter().enumerate() {
        assert!((180..=198).contains(hits), "design {k}: {hits} of {seeds} intervals hold the exact {}", exact[k]);
    }
}
