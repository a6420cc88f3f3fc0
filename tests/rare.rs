//! Failure biasing (`--method failure-biasing`, `src/rare`) against exact answers: the 99.9%
//! interval must contain the exact steady-state U (and ω) of the structure function or of the
//! model's Markov chain, the 95% intervals must cover it about 95% of the time, and the result
//! must not depend on the thread count.

use ninesim::analysis::{SteadyState, steady_reference};
use ninesim::rare::{self, Config, CycleTally, Stop};
use ninesim::sim::{Precision, RunError};

fn model(text: &str) -> ninesim::Model {
    ninesim::model::parse_str(text, "inline.json").expect("valid model")
}

fn simulate(m: &ninesim::Model, seed: u64, threads: Option<usize>, stop: Stop) -> CycleTally {
    rare::simulate(&m.system, &Config { seed, threads, stop }, &|_| {}).expect("runs").0
}

fn to_precision(rel_error: f64) -> Stop {
    Stop::Precision(Precision { rel_error, max_replications: 10_000_000, max_time: None })
}

fn exact(m: &ninesim::Model) -> SteadyState {
    steady_reference(&m.system).expect("exactly solvable").1
}

/// Three disks, any one enough: U = u³ with u = 24/10,024, 7.86 nines.
const TRIPLE: &str = r#"{ "name": "triple",
  "components": [{ "id": "disk", "count": 3,
    "failure": { "dist": "exponential", "mean": 10000 }, "repair": { "dist": "exponential", "mean": 24 } }],
  "system": { "parallel": ["disk"] } }"#;

/// Eight of twelve nodes: five must fail at once, U ≈ 6.1e-11 (10.2 nines).
const WIDE: &str = r#"{ "name": "wide",
  "components": [{ "id": "node", "count": 12,
    "failure": { "dist": "exponential", "mean": 5000 }, "repair": { "dist": "exponential", "mean": 12 } }],
  "system": { "k_of_n": { "k": 8, "of": ["node"] } } }"#;

/// Everything the chain covers at once: a crew of one with a response delay and priorities,
/// detection, remediation, a standby pair with switchover, switch failures and no failback,
/// a common-cause shock on the pair, and a dependency on a power feed.
const DEPENDENT: &str = r#"{ "name": "dependent",
  "crews": [{ "id": "ops", "size": 1, "response": { "dist": "exponential", "mean": 2 } }],
  "components": [
    { "id": "power", "failure": { "dist": "exponential", "mean": 200000 }, "repair": { "dist": "exponential", "mean": 3 } },
    { "id": "disk", "count": 4, "failure": { "dist": "exponential", "mean": 20000 },
      "repair": { "dist": "exponential", "mean": 24 }, "crew": "ops",
      "detection": { "dist": "exponential", "mean": 0.5 } },
    { "id": "ctl", "count": 2, "failure": { "dist": "exponential", "mean": 50000 },
      "repair": { "dist": "exponential", "mean": 8 }, "crew": "ops", "repair_priority": 1,
      "remediation": { "probability": 0.6, "time": { "dist": "exponential", "mean": 0.1 } },
      "depends_on": ["power"] }
  ],
  "common_causes": [{ "id": "surge", "members": ["ctl[1]", "ctl[2]"], "every": { "dist": "exponential", "mean": 2000000 } }],
  "system": { "series": [
    { "k_of_n": { "k": 2, "of": ["disk"] } },
    { "standby": { "units": ["ctl[1]", "ctl[2]"], "mode": "hot",
      "switchover": { "dist": "exponential", "mean": 0.05 }, "switch_failure_prob": 0.01, "failback": false } }
  ] } }"#;

fn assert_inside(what: &str, estimate: ninesim::stats::Estimate, exact: f64) {
    let [lo, hi] = estimate.ci(0.999);
    assert!(
        lo <= exact && exact <= hi,
        "{what}: exact {exact:e} outside the 99.9% CI [{lo:e}, {hi:e}] (z = {:+.2})",
        (estimate.mean - exact) / estimate.std_error
    );
}

#[test]
fn seven_nines_estimate_contains_the_exact_unavailability_and_failure_frequency() {
    let m = model(TRIPLE);
    let e = exact(&m);
    let u: f64 = 24.0 / 10_024.0;
    assert!((e.unavailability - u.powi(3)).abs() < 1e-20, "U = u³");
    assert!(e.unavailability < 1e-7, "at least seven nines");
    let t = simulate(&m, 1, None, to_precision(0.01));
    assert!(t.relative_half_width() <= 0.01);
    assert_inside("U", t.unavailability().expect("downtime seen"), e.unavailability);
    assert_inside("ω", t.failure_frequency().expect("failures seen"), e.failure_frequency);
    // One disk repairs while two are down, so an outage lasts 24/3 h: with expected holding
    // times this is exact in every cycle.
    let mdt = t.mdt().expect("failures seen");
    assert!((mdt.mean - 8.0).abs() < 1e-9, "MDT {}", mdt.mean);
}

#[test]
fn ten_nines_need_five_failures_at_once_and_are_still_estimated() {
    let m = model(WIDE);
    let e = exact(&m);
    assert!(e.unavailability < 1e-10);
    let t = simulate(&m, 7, None, to_precision(0.02));
    assert_inside("U", t.unavailability().expect("downtime seen"), e.unavailability);
    assert_inside("ω", t.failure_frequency().expect("failures seen"), e.failure_frequency);
}

#[test]
fn crews_standby_shocks_and_dependencies_agree_with_the_markov_chain() {
    let m = model(DEPENDENT);
    let e = exact(&m);
    let t = simulate(&m, 3, None, to_precision(0.02));
    assert_inside("U", t.unavailability().expect("downtime seen"), e.unavailability);
    assert_inside("ω", t.failure_frequency().expect("failures seen"), e.failure_frequency);
    // The naive answer, every component repaired on its own at once (the structure function
    // of the components' own unavailabilities, no crew queue, no switchover), is far off.
    let independent = 1.0 - (1.0 - 4.0 * (24.5f64 / 20_024.5).powi(3)) * (1.0 - (8.0f64 / 50_008.0).powi(2));
    let [lo, hi] = t.unavailability().expect("downtime seen").ci(0.999);
    assert!(independent < lo || independent > hi, "the test could not tell the chain from the naive {independent:e}");
}

#[test]
fn the_95_percent_intervals_cover_the_exact_value_about_95_percent_of_the_time() {
    let m = model(TRIPLE);
    let u = exact(&m).unavailability;
    let runs = 60;
    let covered = (0..runs)
        .filter(|&seed| {
            let e = simulate(&m, 1000 + seed, None, Stop::Cycles(4096)).unavailability().expect("downtime seen");
            e.ci95[0] <= u && u <= e.ci95[1]
        })
        .count();
    // Binomial(60, 0.95): mean 57, sd 1.7; 52 or fewer would be under 3 sd below.
    assert!(covered >= 53, "{covered} of {runs} intervals covered the exact U");
}

#[test]
fn the_result_is_bit_identical_on_one_and_two_threads() {
    let m = model(DEPENDENT);
    let one = simulate(&m, 5, Some(1), to_precision(0.05));
    let two = simulate(&m, 5, Some(2), to_precision(0.05));
    assert_eq!(one, two);
    assert_eq!(one.unavailability().map(|u| u.mean.to_bits()), two.unavailability().map(|u| u.mean.to_bits()));
}

#[test]
fn it_reaches_ten_percent_with_far_fewer_events_than_plain_monte_carlo_needs() {
    let m = model(TRIPLE);
    let e = exact(&m);
    let t = simulate(&m, 1, None, to_precision(0.1));
    assert!(t.relative_half_width() <= 0.1);
    // Plain Monte Carlo: ±10% at 95% needs about 2·(1.96/0.1)² = 768 outages (outage durations
    // vary like an exponential's), so 768/ω hours, in which each disk makes 2 events per
    // MTTF + MTTR. `cargo bench --bench rare_event` runs plain Monte Carlo to compare.
    let plain_events = 2.0 * (1.96f64 / 0.1).powi(2) / e.failure_frequency * 3.0 * 2.0 / 10_024.0;
    assert!((t.events as f64) * 1000.0 < plain_events, "{} events vs plain's {plain_events:e}", t.events);
}

#[test]
fn models_outside_its_reach_are_refused_with_the_reason() {
    let weibull = model(
        r#"{ "name": "w", "components": [{ "id": "disk", "count": 2,
            "failure": { "dist": "weibull", "shape": 2, "scale": 1000 }, "repair": { "dist": "exponential", "mean": 5 } }],
            "system": { "parallel": ["disk"] } }"#,
    );
    let never_repaired = model(
        r#"{ "name": "n", "components": [{ "id": "disk", "count": 2, "failure": { "dist": "exponential", "mean": 1000 } }],
            "system": { "parallel": ["disk"] } }"#,
    );
    for (m, reason) in [(weibull, "failure law of `disk[1]` is not exponential"), (never_repaired, "`disk[1]` is never repaired")] {
        match rare::simulate(&m.system, &Config { seed: 1, threads: None, stop: Stop::Cycles(100) }, &|_| {}) {
            Err(RunError::Unsupported(message)) => assert!(message.contains(reason), "{message}"),
            other => panic!("expected a refusal naming {reason}, got {other:?}"),
        }
        let (method, why) = ninesim::study::plan::choose(&m.system, &ninesim::RunConfig::from_model(&m.system), None);
        assert_eq!(method, ninesim::Method::Plain);
        assert!(why.contains(reason), "{why}");
    }
}

#[test]
fn the_downtime_by_component_agrees_with_the_exact_criticality_importance() {
    // Power feeds in parallel in series with a 2-of-3 vote: two kinds of components with
    // different shares of the downtime.
    let m = model(
        r#"{ "name": "mixed", "components": [
            { "id": "feed", "count": 2, "failure": { "dist": "exponential", "mean": 20000 }, "repair": { "dist": "exponential", "mean": 4 } },
            { "id": "node", "count": 3, "failure": { "dist": "exponential", "mean": 5000 }, "repair": { "dist": "exponential", "mean": 12 } } ],
            "system": { "series": [ { "parallel": ["feed"] }, { "k_of_n": { "k": 2, "of": ["node"] } } ] } }"#,
    );
    let e = exact(&m);
    let config = ninesim::analysis::AnalysisConfig::from_model(&m.system);
    let analysis = ninesim::analysis::analyze(&m.system, "mixed.json", &config).expect("solvable");
    let t = simulate(&m, 11, None, to_precision(0.02));
    for (c, importance) in analysis.importance.iter().enumerate() {
        // Criticality importance B_i·q_i/U: the share of U during which i is down and critical.
        let share = t.contribution(c).expect("cycles run");
        assert_inside(&importance.id, share, importance.criticality * e.unavailability);
    }
    // The feeds and the nodes differ by far more than the intervals.
    let (feed, node) = (analysis.importance[0].criticality, analysis.importance[2].criticality);
    assert!((feed / node - 1.0).abs() > 0.5, "feed {feed}, node {node}");
}

#[test]
fn the_downtime_by_component_agrees_with_plain_monte_carlo_on_a_dependent_model() {
    // No exact importance exists for crews and standby: the plain simulation's "critical"
    // contributions are the reference, with both intervals combined.
    let m = model(DEPENDENT);
    let t = simulate(&m, 13, None, to_precision(0.02));
    let mut config = ninesim::RunConfig::from_model(&m.system);
    config.replications = 20_000;
    let plain = ninesim::run(&m, &config, &|_| {}).expect("runs");
    let mut compared = 0;
    for (c, component) in plain.components.iter().enumerate() {
        let biased = t.contribution(c).expect("cycles run");
        let simulated = component.downtime_contribution.map_increasing(|x| x / ninesim::MINUTES_PER_YEAR, 1.0 / ninesim::MINUTES_PER_YEAR);
        if simulated.mean == 0.0 && biased.mean == 0.0 {
            continue;
        }
        let z = (biased.mean - simulated.mean) / (biased.std_error.powi(2) + simulated.std_error.powi(2)).sqrt();
        assert!(z.abs() < 3.29, "{}: failure biasing {:e} vs plain {:e} (z = {z:+.2})", component.id, biased.mean, simulated.mean);
        compared += 1;
    }
    assert!(compared >= 4, "only {compared} components had downtime");
}

#[test]
fn auto_leaves_large_models_that_fail_often_to_plain_monte_carlo_without_a_long_pilot() {
    // 1,000 exponential components in 100 groups of 8-of-10: down a hundredth of the time.
    let components: Vec<String> = (1..=100)
        .map(|g| format!(r#"{{"id": "g{g}", "count": 10, "failure": {{"dist": "exponential", "mean": 1000}}, "repair": {{"dist": "exponential", "mean": 10}}}}"#))
        .collect();
    let votes: Vec<String> = (1..=100).map(|g| format!(r#"{{"k_of_n": {{"k": 8, "of": ["g{g}"]}}}}"#)).collect();
    let m =
        model(&format!(r#"{{"name": "groups", "components": [{}], "system": {{"series": [{}]}}}}"#, components.join(","), votes.join(",")));
    let config = ninesim::RunConfig::from_model(&m.system);
    // A fixed count: decided from the structure function's exact ω.
    let (method, why) = ninesim::study::plan::choose(&m.system, &config, None);
    assert_eq!(method, ninesim::Method::Plain, "{why}");
    assert!(why.contains("enough"), "{why}");
    // A precision target: the pilot stays within its budget of work, and plain wins.
    let precision = Precision { rel_error: 0.05, max_replications: 1_000_000, max_time: None };
    let (method, why) = ninesim::study::plan::choose(&m.system, &config, Some(&precision));
    assert_eq!(method, ninesim::Method::Plain, "{why}");
}

/// Calibration of the intervals over many seeds: the spread of the estimates against the
/// standard errors they report, and the mean z-score against the exact value. Slow (20 s):
/// `cargo test --release --test rare -- --ignored --nocapture`.
#[test]
#[ignore]
fn calibration_over_many_seeds() {
    let summary = |zs: &[f64]| {
        let n = zs.len() as f64;
        let mean = zs.iter().sum::<f64>() / n;
        let sd = (zs.iter().map(|z| (z - mean).powi(2)).sum::<f64>() / (n - 1.0)).sqrt();
        (mean, sd)
    };
    // Three disks: 300 runs of 4,096 cycles.
    let m = model(TRIPLE);
    let u = exact(&m).unavailability;
    let (mut means, mut errors, mut covered) = (Vec::new(), Vec::new(), 0);
    for seed in 0..300 {
        let e = simulate(&m, seed, None, Stop::Cycles(4096)).unavailability().expect("downtime seen");
        means.push(e.mean);
        errors.push(e.std_error);
        covered += usize::from(e.ci95[0] <= u && u <= e.ci95[1]);
    }
    let (mean, spread) = summary(&means);
    let reported = errors.iter().sum::<f64>() / errors.len() as f64;
    println!(
        "triple: exact U {u:e}; mean of 300 estimates {mean:e}, their spread {spread:e}, mean reported SE {reported:e}; {covered}/300 95% CIs cover"
    );
    assert!((spread / reported - 1.0).abs() < 0.2);
    // Every chain feature: 40 runs of 65,536 cycles, z-scores of U and of the power feed's
    // contribution (its unavailability 3/200,003: the system is down whenever it is).
    let m = model(DEPENDENT);
    let u = exact(&m).unavailability;
    let (mut zu, mut zp) = (Vec::new(), Vec::new());
    for seed in 0..40 {
        let t = simulate(&m, seed, None, Stop::Cycles(65_536));
        let e = t.unavailability().expect("downtime seen");
        zu.push((e.mean - u) / e.std_error);
        let p = t.contribution(0).expect("cycles run");
        zp.push((p.mean - 3.0 / 200_003.0) / p.std_error);
    }
    let ((mu, su), (mp, sp)) = (summary(&zu), summary(&zp));
    println!("dependent: z of U mean {mu:+.2} sd {su:.2}; z of the power contribution mean {mp:+.2} sd {sp:.2}");
    assert!(mu.abs() < 0.5 && mp.abs() < 0.5);
}
