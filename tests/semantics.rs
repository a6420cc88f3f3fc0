//! How real systems fail and recover: each modelling feature held against an exact answer.
//!
//! Two kinds of reference, both derived here independently of the simulator:
//! - For exponential models, a continuous-time Markov chain written out by hand (its states and
//!   rates are in each test) and solved by Gaussian elimination of πQ = 0, Σπ = 1. The simulated
//!   unavailability's 99.9% confidence interval at a fixed seed must contain the exact value, and
//!   where a naive model (independent repairs, no shock) differs it must lie outside, so each test
//!   can fail.
//! - For the mechanics (switchover, detection, maintenance, priorities), fixed durations give a
//!   history that is computed by hand in the comments; the results must equal it exactly.

use ninesim::sim::{Engine, Observation, Window};
use ninesim::{RunConfig, RunResult};

#[path = "common/chain.rs"]
mod chain;
use chain::stationary;

const LAMBDA: f64 = 1.0 / 100.0;
const MU: f64 = 1.0 / 5.0;

fn run(model: &str, replications: u64, horizon: f64, warmup: f64) -> RunResult {
    let model = ninesim::model::parse_str(model, "test.json").expect("test model is valid");
    let config = RunConfig { replications, horizon, warmup, seed: 20261126, threads: None };
    ninesim::run(&model, &config, &|_| {}).expect("run succeeds")
}

fn observe(model: &str, horizon: f64) -> Observation {
    let model = ninesim::model::parse_str(model, "test.json").expect("test model is valid");
    let mut engine = Engine::new(&model.system);
    engine.run(1, 0, Window { warmup: 0.0, horizon });
    engine.observation().clone()
}

/// The exact value lies inside the simulated 99.9% interval, and the naive one does not; and
/// ninesim's own Markov chain of the model (its `exact` section) gives the same exact value.
fn check(result: &RunResult, exact: f64, naive: f64) {
    let own = result.exact.as_ref().expect("an exponential model has a Markov chain").unavailability.expect("steady state");
    assert!((own - exact).abs() <= 1e-12 * exact, "ninesim's chain gives U = {own:e}, the hand-written one {exact:e}");
    let u = &result.unavailability;
    assert!(u.contains(exact, 0.999), "exact U {exact:.5e} outside the simulated 99.9% CI {:?} (mean {:.5e})", u.ci(0.999), u.mean);
    assert!(!u.contains(naive, 0.999), "the naive U {naive:.5e} is not ruled out by {:?}: the test has no power", u.ci(0.999));
}

const EXP_UNIT: &str = r#""failure": {"dist": "exponential", "mean": 100}, "repair": {"dist": "exponential", "mean": 5}"#;

/// U of an independent 1-of-2 of these units: (λ/(λ+μ))².
fn independent_pair() -> f64 {
    (LAMBDA / (LAMBDA + MU)).powi(2)
}

#[test]
fn one_of_two_with_one_shared_crew() {
    // States: units down 0, 1, 2. 0 → 1 at 2λ, 1 → 2 at λ, and one repairer: 1 → 0, 2 → 1 at μ.
    let pi = stationary(3, &[(0, 1, 2.0 * LAMBDA), (1, 2, LAMBDA), (1, 0, MU), (2, 1, MU)]);
    let r = LAMBDA / MU;
    assert!((pi[2] - 2.0 * r * r / (1.0 + 2.0 * r + 2.0 * r * r)).abs() < 1e-15, "solver check");
    let model = format!(
        r#"{{"name": "1-of-2, one crew", "crews": [{{"id": "ops", "size": 1}}],
            "components": [{{"id": "s", "count": 2, "crew": "ops", {EXP_UNIT}}}], "system": {{"parallel": ["s"]}}}}"#
    );
    let result = run(&model, 200, 100_000.0, 1_000.0);
    check(&result, pi[2], independent_pair());
    let exact = result.exact.expect("exact");
    assert!(exact.method.contains("crew `ops`"), "{}", exact.method);
    // MTTFF from new: (3λ + μ)/(2λ²).
    let mttff = (3.0 * LAMBDA + MU) / (2.0 * LAMBDA * LAMBDA);
    assert!((exact.mttff.expect("mttff") - mttff).abs() < 1e-9 * mttff);
}

#[test]
fn cold_standby_with_one_crew() {
    // Units down 0, 1, 2. A cold spare does not fail: 0 → 1 at λ; 1 → 2 at λ; 1 → 0, 2 → 1 at μ.
    let pi = stationary(3, &[(0, 1, LAMBDA), (1, 2, LAMBDA), (1, 0, MU), (2, 1, MU)]);
    let r = LAMBDA / MU;
    assert!((pi[2] - r * r / (1.0 + r + r * r)).abs() < 1e-15, "solver check");
    let model = format!(
        r#"{{"name": "cold standby", "crews": [{{"id": "ops"}}],
            "components": [{{"id": "s", "count": 2, "crew": "ops", {EXP_UNIT}}}],
            "system": {{"standby": {{"units": ["s"], "mode": "cold"}}}}}}"#
    );
    let result = run(&model, 200, 100_000.0, 1_000.0);
    // The naive answer: two independent hot units with their own repairers.
    check(&result, pi[2], independent_pair());
}

#[test]
fn cold_standby_with_a_switch_failure_probability() {
    // States: 0 both up; 1 one down, the other serving; 2 one down and the switch to the spare
    // failed (the spare idles, the block is down until the repair); 3 both down.
    // 0 → 1 at λ(1 − p), 0 → 2 at λp; 1 → 0 at μ, 1 → 3 at λ; 2 → 0 at μ; 3 → 1 at μ.
    let p = 0.05;
    let pi = stationary(4, &[(0, 1, LAMBDA * (1.0 - p)), (0, 2, LAMBDA * p), (1, 0, MU), (1, 3, LAMBDA), (2, 0, MU), (3, 1, MU)]);
    let exact = pi[2] + pi[3];
    let model = format!(
        r#"{{"name": "cold standby, unreliable switch", "crews": [{{"id": "ops"}}],
            "components": [{{"id": "s", "count": 2, "crew": "ops", {EXP_UNIT}}}],
            "system": {{"standby": {{"units": ["s"], "mode": "cold", "switch_failure_prob": 0.05}}}}}}"#
    );
    let result = run(&model, 200, 100_000.0, 1_000.0);
    let perfect_switch = stationary(3, &[(0, 1, LAMBDA), (1, 2, LAMBDA), (1, 0, MU), (2, 1, MU)])[2];
    check(&result, exact, perfect_switch);
}

#[test]
fn warm_standby_with_a_dormant_factor() {
    // A warm spare fails at 0.1 λ while it waits; either failure leaves one unit serving.
    // 0 → 1 at λ + 0.1 λ; 1 → 2 at λ; one crew: 1 → 0, 2 → 1 at μ.
    let pi = stationary(3, &[(0, 1, 1.1 * LAMBDA), (1, 2, LAMBDA), (1, 0, MU), (2, 1, MU)]);
    let model = format!(
        r#"{{"name": "warm standby", "crews": [{{"id": "ops"}}],
            "components": [{{"id": "s", "count": 2, "crew": "ops", {EXP_UNIT}}}],
            "system": {{"standby": {{"units": ["s"], "mode": "warm", "dormant_factor": 0.1}}}}}}"#
    );
    let result = run(&model, 400, 100_000.0, 1_000.0);
    let cold = stationary(3, &[(0, 1, LAMBDA), (1, 2, LAMBDA), (1, 0, MU), (2, 1, MU)])[2];
    let hot = stationary(3, &[(0, 1, 2.0 * LAMBDA), (1, 2, LAMBDA), (1, 0, MU), (2, 1, MU)])[2];
    assert!(cold < pi[2] && pi[2] < hot);
    check(&result, pi[2], hot);
}

#[test]
fn one_of_two_with_a_common_cause_shock() {
    // Independent repairers; a shock every 500 h on average fails whatever is up.
    // 0 → 1 at 2λ, 0 → 2 at ν; 1 → 0 at μ, 1 → 2 at λ + ν; 2 → 1 at 2μ.
    let nu = 1.0 / 500.0;
    let pi = stationary(3, &[(0, 1, 2.0 * LAMBDA), (0, 2, nu), (1, 0, MU), (1, 2, LAMBDA + nu), (2, 1, 2.0 * MU)]);
    let model = format!(
        r#"{{"name": "1-of-2 with a shock",
            "components": [{{"id": "s", "count": 2, {EXP_UNIT}}}],
            "common_causes": [{{"id": "bad-push", "members": ["s"], "every": {{"dist": "exponential", "mean": 500}}}}],
            "system": {{"parallel": ["s"]}}}}"#
    );
    let result = run(&model, 200, 100_000.0, 1_000.0);
    check(&result, pi[2], independent_pair());
    // One shock is one event, and it fails both units: the members' failure rate includes ν.
    let per_year = result.components[0].failures_per_year.mean;
    let expected = 8766.0 * (LAMBDA + nu) * (1.0 - (pi[1] / 2.0 + pi[2]));
    assert!((per_year - expected).abs() < 0.03 * expected, "{per_year} vs {expected}");
}

#[test]
fn a_fixed_switchover_costs_exactly_its_duration_per_failover() {
    // Units a (primary), b (cold spare): life 10 h, repair 3 h, switchover 0.5 h.
    // t = 10: a fails, b takes over, down [10, 10.5). a is repaired at 13 and waits (cold).
    // b's life runs from 10: fails at 20, a takes over, down [20, 20.5); b repaired at 23.
    // a's life (drawn at 13, unused while cold) runs from 20: fails at 30, down [30, 30.5).
    let model = r#"{"name": "switchover", "components": [
        {"id": "a", "failure": {"dist": "fixed", "value": 10}, "repair": {"dist": "fixed", "value": 3}},
        {"id": "b", "failure": {"dist": "fixed", "value": 10}, "repair": {"dist": "fixed", "value": 3}}],
        "system": {"standby": {"units": ["a", "b"], "switchover": {"dist": "fixed", "value": 0.5}}}}"#;
    let obs = observe(model, 35.0);
    assert_eq!(obs.failures, 3);
    assert_eq!(obs.downtime, 1.5);
    assert_eq!(obs.outages.max(), Some(0.5));
    assert_eq!(obs.outages.count(), 3);
    assert_eq!(obs.component_failures, [2, 1]);
    assert_eq!(obs.switchovers, [3]);
    assert_eq!(obs.switchover_contribution, [1.5], "every outage is spent switching over");
    assert_eq!(obs.component_contribution, [0.0, 0.0], "no repair would end a switchover sooner");
    let result = run(model, 2, 35.0, 0.0);
    assert_eq!(result.mdt.expect("outages").mean, 0.5, "MDT is exactly the switchover time");
}

#[test]
fn failback_returns_service_to_the_primary_through_a_switchover() {
    // As above but with failback: a is repaired at 13 and takes service back from b at once,
    // through another 0.5 h switchover: down [10, 10.5) and [13, 13.5). b (cold again) keeps
    // the rest of its life; a fails again at 23: down [23, 23.5).
    let model = r#"{"name": "failback", "components": [
        {"id": "a", "failure": {"dist": "fixed", "value": 10}, "repair": {"dist": "fixed", "value": 3}},
        {"id": "b", "failure": {"dist": "fixed", "value": 10}, "repair": {"dist": "fixed", "value": 3}}],
        "system": {"standby": {"units": ["a", "b"], "failback": true, "switchover": {"dist": "fixed", "value": 0.5}}}}"#;
    let obs = observe(model, 25.0);
    assert_eq!(obs.failures, 3);
    assert_eq!(obs.downtime, 1.5);
    assert_eq!(obs.component_failures, [2, 0], "b served only 3 h of its 10 h life");
    assert_eq!(obs.switchovers, [3], "failover at 10, failback at 13, failover at 23");
}

#[test]
fn detection_delay_adds_exactly_its_mean_to_the_mean_down_time() {
    // Fixed: life 10, detected 0.25 h later, repaired in 1 h: down [10, 11.25), [21.25, 22.5).
    let fixed = r#"{"name": "detection", "components": [{"id": "s",
        "failure": {"dist": "fixed", "value": 10}, "detection": {"dist": "fixed", "value": 0.25},
        "repair": {"dist": "fixed", "value": 1}}], "system": "s"}"#;
    let obs = observe(fixed, 30.0);
    assert_eq!((obs.failures, obs.downtime), (2, 2.5));
    assert_eq!(run(fixed, 2, 30.0, 0.0).mdt.expect("outages").mean, 1.25);

    // Random: exponential life and repair, detection uniform on [0, 2] (mean 1): MDT = 5 + 1.
    // Detection keeps the component independent, so the exact steady state applies.
    let random = r#"{"name": "detection", "components": [{"id": "s",
        "failure": {"dist": "exponential", "mean": 100}, "detection": {"dist": "uniform", "low": 0, "high": 2},
        "repair": {"dist": "exponential", "mean": 5}}], "system": "s"}"#;
    let result = run(random, 200, 50_000.0, 0.0);
    let mdt = result.mdt.expect("outages");
    assert!(mdt.contains(6.0, 0.999) && !mdt.contains(5.0, 0.999), "{mdt:?}");
    let exact = result.exact.expect("independent: exact");
    assert_eq!(exact.mdt, Some(6.0));
    assert!(exact.verdict.inside_ci99, "{}", exact.verdict.summary);
}

#[test]
fn remediation_fixes_some_failures_quickly() {
    // Detection 0.1 h, then remediation that always works in 0.2 h: every outage lasts 0.3 h.
    let always = r#"{"name": "restart", "components": [{"id": "s",
        "failure": {"dist": "fixed", "value": 10}, "detection": {"dist": "fixed", "value": 0.1},
        "remediation": {"probability": 1, "time": {"dist": "fixed", "value": 0.2}},
        "repair": {"dist": "fixed", "value": 5}}], "system": "s"}"#;
    let obs = observe(always, 25.0);
    assert_eq!(obs.failures, 2);
    assert!((obs.downtime - 0.6).abs() < 1e-12, "{}", obs.downtime);
    // With probability 0.7: MDT = 0.1 + 0.7 × 0.2 + 0.3 × 5 = 1.74; exact by the means.
    let sometimes = r#"{"name": "restart", "components": [{"id": "s",
        "failure": {"dist": "exponential", "mean": 100}, "detection": {"dist": "fixed", "value": 0.1},
        "remediation": {"probability": 0.7, "time": {"dist": "fixed", "value": 0.2}},
        "repair": {"dist": "exponential", "mean": 5}}], "system": "s"}"#;
    let result = run(sometimes, 200, 50_000.0, 0.0);
    let mdt = result.mdt.expect("outages");
    assert!(mdt.contains(1.74, 0.999) && !mdt.contains(5.1, 0.999), "{mdt:?}");
    assert!(result.exact.expect("exact").verdict.inside_ci99);
}

#[test]
fn a_zone_dependency_equals_the_series_of_zone_and_members() {
    let members = r#"{"id": "zone", "failure": {"dist": "exponential", "mean": 2000}, "repair": {"dist": "exponential", "mean": 4}},
        {"id": "app", "count": 2, "failure": {"dist": "weibull", "shape": 1.5, "mean": 300}, "repair": {"dist": "lognormal", "mean": 2, "sd": 1}"#;
    let dependent =
        format!(r#"{{"name": "zone", "components": [{members}, "depends_on": ["zone"]}}], "system": {{"parallel": ["app"]}}}}"#);
    let series = format!(r#"{{"name": "zone", "components": [{members}}}], "system": {{"series": ["zone", {{"parallel": ["app"]}}]}}}}"#);
    let (a, b) = (run(&dependent, 100, 20_000.0, 0.0), run(&series, 100, 20_000.0, 0.0));
    // The same components draw the same numbers (common random numbers), and the structures are
    // equivalent, so the system's history is identical, bit for bit.
    assert_eq!(a.unavailability.mean.to_bits(), b.unavailability.mean.to_bits());
    assert_eq!(a.failure_frequency_per_year.mean.to_bits(), b.failure_frequency_per_year.mean.to_bits());
    // The exact analysis writes the dependency into the structure: the same answer.
    let (ea, eb) = (a.exact.expect("exact"), b.exact.expect("exact"));
    assert_eq!(ea.unavailability, eb.unavailability);
    assert_eq!(a.spof, ["zone"], "the zone is a single point of failure of the dependent design");
    // The zone is critical in the criticality ranking, as in the series design.
    assert!((a.components[0].criticality - b.components[0].criticality).abs() < 1e-12);
}

#[test]
fn dependents_follow_their_dependency_down_and_up() {
    // app depends on zone: zone down [5, 7) takes app down though app itself never fails.
    let model = r#"{"name": "dep", "components": [
        {"id": "zone", "failure": {"dist": "fixed", "value": 5}, "repair": {"dist": "fixed", "value": 2}},
        {"id": "app", "depends_on": ["zone"], "failure": {"dist": "fixed", "value": 100}, "repair": {"dist": "fixed", "value": 1}}],
        "system": "app"}"#;
    let obs = observe(model, 10.0);
    assert_eq!((obs.failures, obs.downtime), (1, 2.0));
    assert_eq!(obs.component_failures, [1, 0]);
    assert_eq!(obs.component_contribution, [2.0, 0.0], "the zone's repair alone restores the service");
}

#[test]
fn one_on_call_engineer_for_twenty_servers_hurts() {
    let servers = |crew: &str| {
        format!(
            r#"{{"name": "20 servers", {crew} "components": [{{"id": "web", "count": 20, {}
                "failure": {{"dist": "exponential", "mean": 500}}, "repair": {{"dist": "exponential", "mean": 8}}}}],
                "system": {{"k_of_n": {{"k": 17, "of": ["web"]}}}}}}"#,
            if crew.is_empty() { "" } else { r#""crew": "oncall","# }
        )
    };
    let alone = run(&servers(""), 100, 50_000.0, 0.0);
    let crewed =
        run(&servers(r#""crews": [{"id": "oncall", "size": 1, "response": {"dist": "exponential", "mean": 0.5}}],"#), 100, 50_000.0, 0.0);
    // Independent repairs: 4 of 20 down at once is rare; with one engineer failures queue up.
    let (a, c) = (&alone.unavailability, &crewed.unavailability);
    assert!(c.ci(0.999)[0] > 10.0 * a.ci(0.999)[1], "one engineer {:?} vs independent {:?}", c.ci(0.999), a.ci(0.999));
}

#[test]
fn the_crew_serves_higher_priority_first_and_responds_before_repairing() {
    // One engineer, response 0.5 h, repair 1 h. a fails at 10, b (priority 0) at 10.2, c
    // (priority 5) at 10.4. a: respond [10, 10.5), repair [10.5, 11.5). Then c jumps the
    // queue: [11.5, 13). Then b: [13, 14.5). Downtimes: a 1.5, b 4.3, c 2.6.
    let model = r#"{"name": "priorities", "crews": [{"id": "ops", "response": {"dist": "fixed", "value": 0.5}}],
        "components": [
        {"id": "a", "crew": "ops", "failure": {"dist": "fixed", "value": 10}, "repair": {"dist": "fixed", "value": 1}},
        {"id": "b", "crew": "ops", "failure": {"dist": "fixed", "value": 10.2}, "repair": {"dist": "fixed", "value": 1}},
        {"id": "c", "crew": "ops", "repair_priority": 5, "failure": {"dist": "fixed", "value": 10.4}, "repair": {"dist": "fixed", "value": 1}}],
        "system": {"parallel": ["a", "b", "c"]}}"#;
    let obs = observe(model, 16.0);
    let expected = [1.5, 4.3, 2.6];
    for (got, want) in obs.component_downtime.iter().zip(expected) {
        assert!((got - want).abs() < 1e-9, "{:?} vs {expected:?}", obs.component_downtime);
    }
}

#[test]
fn maintenance_is_planned_downtime_and_renews_the_component() {
    // Life 120 h, maintenance every 100 h for 2 h from t = 100: the component is renewed at
    // 102, 202, ... and never lives 120 h, so it never fails. Planned downtime 2 h per 100 h.
    let model = r#"{"name": "pm", "components": [{"id": "s",
        "failure": {"dist": "fixed", "value": 120}, "repair": {"dist": "fixed", "value": 10},
        "maintenance": {"every": 100, "duration": {"dist": "fixed", "value": 2}}}], "system": "s"}"#;
    let obs = observe(model, 1_000.0);
    assert_eq!(obs.component_failures, [0]);
    assert_eq!(obs.downtime, 18.0, "windows at 100, 200, ..., 900");
    assert_eq!(obs.planned_downtime, 18.0);
    let result = run(model, 2, 1_000.0, 0.0);
    assert!((result.downtime_by_cause.planned_minutes_per_year.mean - 18.0 / 1000.0 * 525_960.0).abs() < 1e-6);
    assert_eq!(result.downtime_by_cause.unplanned_minutes_per_year.mean, 0.0);
}

#[test]
fn a_rolling_deploy_keeps_a_vote_up_where_a_simultaneous_one_does_not() {
    // 2-of-3 servers that never fail in the horizon; a 1 h deploy every 24 h.
    let model = |stagger: bool| {
        format!(
            r#"{{"name": "deploy", "components": [{{"id": "s", "count": 3,
                "failure": {{"dist": "fixed", "value": 1e9}}, "repair": {{"dist": "fixed", "value": 1}},
                "maintenance": {{"every": 24, "duration": {{"dist": "fixed", "value": 1}}, "stagger": {stagger}}}}}],
                "system": {{"k_of_n": {{"k": 2, "of": ["s"]}}}}}}"#
        )
    };
    // Rolling: the instances go at 24, 32 and 40 h (+ k × 24): one at a time, never down, but
    // degraded 3 h a day.
    let rolling = observe(&model(true), 240.0);
    assert_eq!(rolling.downtime, 0.0);
    assert!((rolling.degraded_time - 27.0).abs() < 1e-9, "{}", rolling.degraded_time);
    // Simultaneous: all three at 24, 48, ..., 216: 9 planned outages of 1 h.
    let all = observe(&model(false), 240.0);
    assert_eq!((all.failures, all.downtime, all.planned_downtime), (9, 9.0, 9.0));
}

#[test]
fn degraded_time_is_up_with_reduced_redundancy() {
    // a ∥ b: a down [10, 15) and [25, 30) in 30 h; b never fails: degraded 10 h, never down.
    let model = r#"{"name": "degraded", "components": [
        {"id": "a", "failure": {"dist": "fixed", "value": 10}, "repair": {"dist": "fixed", "value": 5}},
        {"id": "b", "failure": {"dist": "fixed", "value": 1000}, "repair": {"dist": "fixed", "value": 5}}],
        "system": {"parallel": ["a", "b"]}}"#;
    let obs = observe(model, 30.0);
    assert_eq!((obs.downtime, obs.degraded_time), (0.0, 10.0));
    let result = run(model, 2, 30.0, 0.0);
    assert!((result.time_in_state.degraded.mean - 1.0 / 3.0).abs() < 1e-12);
    assert!((result.time_in_state.fully_redundant.mean - 2.0 / 3.0).abs() < 1e-12);
}

#[test]
fn a_capacity_vote_counts_capacity_not_members() {
    // big (capacity 2) and two small (capacity 1); at least 3 must be up.
    // big down [10, 11): 2 < 3, down 1 h. s1 down [20, 21): 3, up but degraded [20, 20.5).
    // s2 down [20.5, 21.5): 2, down from 20.5. At 21 big fails again (scheduled first) and s1
    // returns: still down until the horizon 21.2. Two failures, downtime 1 + 0.7.
    let model = r#"{"name": "capacity", "components": [
        {"id": "big", "capacity": 2, "failure": {"dist": "fixed", "value": 10}, "repair": {"dist": "fixed", "value": 1}},
        {"id": "s1", "failure": {"dist": "fixed", "value": 20}, "repair": {"dist": "fixed", "value": 1}},
        {"id": "s2", "failure": {"dist": "fixed", "value": 20.5}, "repair": {"dist": "fixed", "value": 1}}],
        "system": {"k_of_n": {"min_capacity": 3, "of": ["big", "s1", "s2"]}}}"#;
    let obs = observe(model, 21.2);
    assert_eq!(obs.failures, 2);
    assert!((obs.downtime - 1.7).abs() < 1e-9, "{}", obs.downtime);
    assert!((obs.degraded_time - 0.5).abs() < 1e-9, "{}", obs.degraded_time);
    // Equal capacities are a plain k-of-n (and so exactly solvable): 250 of 4 × 100 is 3-of-4.
    let equal = ninesim::model::parse_str(
        &format!(
            r#"{{"name": "eq", "components": [{{"id": "s", "count": 4, "capacity": 100, {EXP_UNIT}}}],
                "system": {{"k_of_n": {{"min_capacity": 250, "of": ["s"]}}}}}}"#
        ),
        "eq.json",
    )
    .expect("valid");
    assert_eq!(equal.system.blocks()[0].kind, ninesim::model::BlockKind::KOfN(3));
}

mod fuzz {
    //! Random models using every feature at once, with fixed durations among them (so events
    //! tie): the engine must never panic, and its observations must be consistent.
    use proptest::prelude::*;

    use super::*;

    fn duration() -> impl Strategy<Value = String> {
        prop_oneof![
            (1u32..20).prop_map(|v| format!(r#"{{"dist": "fixed", "value": {v}}}"#)),
            (1u32..20).prop_map(|m| format!(r#"{{"dist": "exponential", "mean": {m}}}"#)),
            (1u32..20).prop_map(|m| format!(r#"{{"dist": "uniform", "low": 0, "high": {m}}}"#)),
        ]
    }

    prop_compose! {
        fn component(i: usize)(
            failure in duration(), repair in proptest::option::weighted(0.9, duration()),
            detection in proptest::option::of(duration()), remediation in proptest::option::of((0u32..=10, duration())),
            crew in proptest::option::of(0usize..2), priority in -2i32..3, dep in proptest::option::of(0usize..8),
            maintenance in proptest::option::weighted(0.3, (30u32..60, 1u32..10, any::<bool>())), capacity in 1u32..4,
        ) -> String {
            let mut fields = vec![format!(r#""id": "c{i}""#), format!(r#""failure": {failure}"#), format!(r#""capacity": {capacity}"#)];
            if let Some(repair) = repair {
                fields.push(format!(r#""repair": {repair}"#));
                if let Some(d) = detection { fields.push(format!(r#""detection": {d}"#)); }
                if let Some((p, t)) = remediation { fields.push(format!(r#""remediation": {{"probability": {}, "time": {t}}}"#, f64::from(p) / 10.0)); }
                if let Some(k) = crew { fields.push(format!(r#""crew": "k{k}", "repair_priority": {priority}"#)); }
            }
            // Only on earlier components, so there is no cycle.
            if let Some(d) = dep.filter(|&d| d < i) { fields.push(format!(r#""depends_on": ["c{d}"]"#)); }
            if let Some((every, length, stagger)) = maintenance {
                fields.push(format!(r#""maintenance": {{"every": {every}, "duration": {{"dist": "fixed", "value": {length}}}, "stagger": {stagger}}}"#));
            }
            format!("{{{}}}", fields.join(", "))
        }
    }

    prop_compose! {
        fn model()(n in 4usize..8)(
            components in (0..n).map(component).collect::<Vec<_>>(),
            n in Just(n), mode in prop_oneof![Just(r#""mode": "hot""#), Just(r#""mode": "cold""#), Just(r#""mode": "warm", "dormant_factor": 0.3"#)],
            switchover in proptest::option::of(duration()), switch_failure in 0u32..5, failback in any::<bool>(),
            shock in proptest::option::of((duration(), 0usize..3)), kind in 0u32..4, k in 1u32..3,
        ) -> String {
            let switchover = switchover.map_or(String::new(), |d| format!(r#", "switchover": {d}"#));
            let standby = format!(
                r#"{{"standby": {{"units": ["c0", "c1"], {mode}{switchover}, "switch_failure_prob": {}, "failback": {failback}}}}}"#,
                f64::from(switch_failure) / 10.0
            );
            let rest: Vec<String> = (2..n).map(|i| format!(r#""c{i}""#)).collect();
            let vote = match kind {
                0 => format!(r#"{{"parallel": [{}]}}"#, rest.join(", ")),
                1 => format!(r#"{{"k_of_n": {{"k": {k}, "of": [{}]}}}}"#, rest.join(", ")),
                2 => format!(r#"{{"k_of_n": {{"min_capacity": {k}, "of": [{}]}}}}"#, rest.join(", ")),
                _ => format!(r#"{{"series": [{}]}}"#, rest.join(", ")),
            };
            let shock = shock.map_or(String::new(), |(every, m)| {
                format!(r#""common_causes": [{{"id": "s", "members": ["c{m}", "c{}"], "every": {every}}}],"#, m + 1)
            });
            format!(
                r#"{{"name": "fuzz", {shock} "crews": [{{"id": "k0", "size": 1}}, {{"id": "k1", "size": 2, "response": {{"dist": "fixed", "value": 1}}}}],
                    "components": [{}], "system": {{"series": [{standby}, {vote}]}}}}"#,
                components.join(", ")
            )
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 1000, ..ProptestConfig::default() })]

        #[test]
        fn every_feature_at_once_runs_consistently(text in model(), warmup in 0u32..50) {
            let model = ninesim::model::parse_str(&text, "fuzz.json");
            let model = match model {
                Ok(model) => model,
                // A random vote can ask for more capacity than there is: rejected, not run.
                Err(ninesim::ModelError::Invalid { errors, .. }) => {
                    prop_assert!(errors.iter().all(|e| e.path.starts_with("system")), "{errors:#?}\n{text}");
                    return Ok(());
                }
                Err(e) => return Err(TestCaseError::fail(format!("{e}"))),
            };
            let window = Window { warmup: f64::from(warmup), horizon: 400.0 };
            let length = window.horizon - window.warmup;
            let mut engine = Engine::new(&model.system);
            engine.run(7, 3, window);
            let obs = engine.observation().clone();
            let eps = 1e-9 * length;
            prop_assert!(obs.downtime >= 0.0 && obs.downtime <= length + eps, "{obs:?}");
            prop_assert!(obs.planned_downtime <= obs.downtime + eps);
            prop_assert!(obs.degraded_time >= 0.0 && obs.downtime + obs.degraded_time <= length + eps);
            for (c, &d) in obs.component_downtime.iter().enumerate() {
                prop_assert!((0.0..=length + eps).contains(&d), "component {c}: {d}");
                prop_assert!(obs.component_contribution[c] <= obs.downtime + eps);
            }
            // The root block's downtime is the system's.
            prop_assert!((obs.block_downtime[0] - obs.downtime).abs() <= eps, "{} vs {}", obs.block_downtime[0], obs.downtime);
            // Deterministic: the same replication again gives the same history.
            engine.run(7, 3, window);
            prop_assert_eq!(engine.observation().downtime.to_bits(), obs.downtime.to_bits());
            prop_assert_eq!(engine.observation().events, obs.events);
        }
    }
}

/// The simulator and ninesim's Markov chain are two independent implementations of the same
/// rules. On exponential models that use several features at once (where no hand-written
/// chain is practical), the chain's exact U over the window and its failure frequency must lie
/// inside the simulation's 99.9% intervals.
#[test]
fn the_simulator_agrees_with_the_markov_chain_when_features_combine() {
    let exp = |mean: f64| format!(r#"{{"dist": "exponential", "mean": {mean}}}"#);
    let models = [
        // A zone under both units of a warm standby with a slow, unreliable switch and failback;
        // one engineer with a response delay repairs everything, the primary first.
        format!(
            r#"{{"name": "zone + standby + crew", "crews": [{{"id": "ops", "response": {r}}}], "components": [
                {{"id": "zone", "failure": {zf}, "repair": {zr}}},
                {{"id": "a", "depends_on": ["zone"], "crew": "ops", "repair_priority": 1, "failure": {f}, "repair": {rep}}},
                {{"id": "b", "depends_on": ["zone"], "crew": "ops", "failure": {f}, "repair": {rep}}},
                {{"id": "c", "crew": "ops", "failure": {f}, "repair": {rep}}}],
                "system": {{"parallel": [{{"standby": {{"units": ["a", "b"], "mode": "warm", "dormant_factor": 0.2,
                    "switchover": {sw}, "switch_failure_prob": 0.1, "failback": true}}}}, "c"]}}}}"#,
            r = exp(0.5),
            zf = exp(400.0),
            zr = exp(3.0),
            f = exp(60.0),
            rep = exp(4.0),
            sw = exp(0.3)
        ),
        // A 2-of-3 with detection, remediation, a crew of two and a common-cause shock.
        format!(
            r#"{{"name": "vote + remediation + shock", "crews": [{{"id": "ops", "size": 2, "response": {r}}}],
                "common_causes": [{{"id": "push", "members": ["s[1]", "s[2]", "s[3]"], "every": {cc}}}],
                "components": [{{"id": "s", "count": 3, "crew": "ops", "failure": {f}, "detection": {d},
                    "remediation": {{"probability": 0.5, "time": {rem}}}, "repair": {rep}}}],
                "system": {{"k_of_n": {{"k": 2, "of": ["s"]}}}}}}"#,
            r = exp(1.0),
            cc = exp(300.0),
            f = exp(80.0),
            d = exp(0.2),
            rem = exp(0.1),
            rep = exp(6.0)
        ),
        // Three cold units in standby behind one engineer, in series with a unit repaired on
        // its own, and a vote on unequal capacities.
        format!(
            r#"{{"name": "cold chain + capacity", "crews": [{{"id": "ops"}}], "components": [
                {{"id": "u", "count": 3, "crew": "ops", "failure": {f}, "repair": {rep}}},
                {{"id": "big", "capacity": 2, "failure": {f}, "repair": {rep}}},
                {{"id": "small", "count": 2, "failure": {f}, "repair": {rep}}}],
                "system": {{"series": [{{"standby": {{"units": ["u"], "switchover": {sw}}}}},
                    {{"k_of_n": {{"min_capacity": 3, "of": ["big", "small"]}}}}]}}}}"#,
            f = exp(50.0),
            rep = exp(5.0),
            sw = exp(0.2)
        ),
        // A shock that strikes a hot standby pair and a third unit together; remediation on the
        // units, one engineer serving by priority, failback through a switchover.
        format!(
            r#"{{"name": "shock on a standby pair", "crews": [{{"id": "ops"}}],
                "common_causes": [{{"id": "surge", "members": ["p", "q", "r"], "every": {cc}}}],
                "components": [
                {{"id": "p", "crew": "ops", "repair_priority": 2, "failure": {f}, "detection": {d},
                    "remediation": {{"probability": 0.3, "time": {rem}}}, "repair": {rep}}},
                {{"id": "q", "crew": "ops", "failure": {f}, "repair": {rep}}},
                {{"id": "r", "crew": "ops", "repair_priority": 1, "failure": {f}, "repair": {rep}}}],
                "system": {{"k_of_n": {{"k": 2, "of": [{{"standby": {{"units": ["p", "q"], "mode": "hot",
                    "switchover": {sw}, "switch_failure_prob": 0.2, "failback": true}}}}, "r", "q"]}}}}}}"#,
            cc = exp(250.0),
            f = exp(70.0),
            d = exp(0.3),
            rem = exp(0.2),
            rep = exp(5.0),
            sw = exp(0.25)
        ),
    ];
    for text in &models {
        let result = run(text, 400, 20_000.0, 0.0);
        let exact = result.exact.as_ref().unwrap_or_else(|| panic!("{}: {:?}", result.model.name, result.no_exact));
        assert!(exact.method.starts_with("Markov chain"), "{}", exact.method);
        let u = exact.window_unavailability.expect("window U");
        assert!(
            result.unavailability.contains(u, 0.999),
            "{}: chain U {u:e} outside the simulated 99.9% CI {:?}",
            result.model.name,
            result.unavailability.ci(0.999)
        );
        // Long runs: the window average is the steady state's to within the transient.
        let omega = exact.failure_frequency_per_year.expect("ω");
        assert!(
            result.failure_frequency_per_year.contains(omega, 0.999),
            "{}: chain ω {omega} outside the simulated 99.9% CI {:?}",
            result.model.name,
            result.failure_frequency_per_year.ci(0.999)
        );
    }
}
