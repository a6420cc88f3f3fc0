//! The rules `docs/model.md` states where a reader could guess either way, one test per rule,
//! each able to fail if the rule changed:
//! - a standby unit down only through its zone keeps its role, and ages at its role's rate;
//! - failback during a switchover restarts the switchover;
//! - the members one shock strikes queue for a crew in the model's order of components;
//! - a component down only through its zone takes its maintenance window;
//! - maintenance windows are system failures in ω and MTBF, and the unplanned ω is reported
//!   beside ω;
//! - blocks nest up to the JSON depth limit, with a clear error beyond it.
//!
//! Fixed laws give histories computed by hand in the comments (the engine's observation must
//! equal them exactly); exponential laws give exact answers (a Markov chain or a closed form
//! written here) that the simulated 99.9% interval at a fixed seed must contain, while the
//! answer under the other rule must lie outside it.

use ninesim::model::{ModelError, parse_str};
use ninesim::sim::{Engine, Observation, Window};
use ninesim::{RunConfig, RunResult};

#[path = "common/chain.rs"]
mod chain;
use chain::stationary;

fn run(model: &str, replications: u64, horizon: f64, warmup: f64) -> RunResult {
    let model = parse_str(model, "test.json").expect("test model is valid");
    let config = RunConfig { replications, horizon, warmup, seed: 20261126, threads: None };
    ninesim::run(&model, &config, &|_| {}).expect("run succeeds")
}

fn observe(model: &str, horizon: f64) -> Observation {
    let model = parse_str(model, "test.json").expect("test model is valid");
    let mut engine = Engine::new(&model.system);
    engine.run(1, 0, Window { warmup: 0.0, horizon });
    engine.observation().clone()
}

fn close(got: f64, want: f64) -> bool {
    (got - want).abs() <= 1e-9 * want.abs().max(1.0)
}

// ---------------------------------------------------------------------------------------------
// Standby units down only through their zone
// ---------------------------------------------------------------------------------------------

#[test]
fn a_serving_unit_cut_off_by_its_zone_keeps_serving_and_ageing_when_no_spare_can_take_over() {
    // Cold standby a (primary), b (spare), both in zone z. z: life 4, repair 3: down [4, 7).
    // At 4 both units are down through z: no spare is up, so a stays the serving unit and
    // ages as active. At 7 a serves again, with no switchover. a's life of 10 runs through
    // [4, 7): a fails at 10, and b takes over. (Ageing as a spare, cold, a would fail at 13.)
    let model = r#"{"name": "one zone", "components": [
        {"id": "z", "failure": {"dist": "fixed", "value": 4}, "repair": {"dist": "fixed", "value": 3}},
        {"id": "a", "depends_on": ["z"], "failure": {"dist": "fixed", "value": 10}, "repair": {"dist": "fixed", "value": 0.5}},
        {"id": "b", "depends_on": ["z"], "failure": {"dist": "fixed", "value": 100}, "repair": {"dist": "fixed", "value": 0.5}}],
        "system": {"standby": {"units": ["a", "b"], "mode": "cold"}}}"#;
    let obs = observe(model, 9.0);
    assert_eq!((obs.failures, obs.downtime), (1, 3.0), "down [4, 7) with the zone");
    assert_eq!(obs.switchovers, [0], "a served again when its zone returned, with no switchover");
    let obs = observe(model, 10.25);
    assert_eq!(obs.component_failures, [1, 1, 0], "z at 4, a at 10: a aged as active while cut off");
    assert_eq!(obs.switchovers, [1], "b took over at 10");
    assert_eq!(obs.downtime, 3.0, "the failover at 10 is instant");
}

#[test]
fn a_serving_unit_replaced_while_cut_off_by_its_zone_is_a_spare_from_then_on() {
    // Cold standby a (primary, in zone z; life 7), b (spare, no zone), failback. z down [4, 7).
    // At 4 b takes over; a, now a cold spare, stops ageing with 3 h of life left. At 7 a is
    // back and takes service back (failback, instant): it fails at 10, and b takes over. (Had
    // a aged as active while cut off, its life would have run out at 7.)
    let model = r#"{"name": "two zones", "components": [
        {"id": "z", "failure": {"dist": "fixed", "value": 4}, "repair": {"dist": "fixed", "value": 3}},
        {"id": "a", "depends_on": ["z"], "failure": {"dist": "fixed", "value": 7}, "repair": {"dist": "fixed", "value": 0.5}},
        {"id": "b", "failure": {"dist": "fixed", "value": 100}, "repair": {"dist": "fixed", "value": 0.5}}],
        "system": {"standby": {"units": ["a", "b"], "mode": "cold", "failback": true}}}"#;
    let obs = observe(model, 9.5);
    assert_eq!(obs.switchovers, [2], "failover to b at 4, failback to a at 7");
    assert_eq!(obs.component_failures, [1, 0, 0], "a did not fail by 7");
    assert_eq!((obs.failures, obs.downtime), (0, 0.0));
    let obs = observe(model, 10.5);
    assert_eq!(obs.component_failures, [1, 1, 0], "a fails at 10: its life stood still while it waited cold");
    assert_eq!(obs.switchovers, [3]);
}

/// Unavailability of a cold standby block: a (primary) and b (spare, in zone z), each with its
/// own repairer, all laws exponential, no switchover. State (a up, b up, z up, b serving).
/// `active_ages` is the engine's rule: the serving unit ages as active while its zone is down;
/// false gives the other rule (it ages as a cold spare, not at all, while cut off).
fn cold_pair_with_a_zoned_spare(la: f64, lb: f64, ma: f64, mb: f64, zf: f64, zr: f64, active_ages: bool) -> f64 {
    let index = |a: bool, b: bool, z: bool, on_b: bool| usize::from(a) | usize::from(b) << 1 | usize::from(z) << 2 | usize::from(on_b) << 3;
    let mut t = Vec::new();
    let mut down = Vec::new();
    for s in 0..16 {
        let (a, b, z, on_b) = (s & 1 == 1, s & 2 == 2, s & 4 == 4, s & 8 == 8);
        let b_up = b && z;
        if !(if on_b { b_up } else { a }) {
            down.push(s);
        }
        // a fails while serving (a cold spare does not fail); b takes over if it is up.
        if a && !on_b {
            t.push((s, index(false, b, z, b_up), la));
        }
        // b fails while serving, cut off by its zone or not (under the engine's rule); a takes
        // over if b was up and a is.
        if b && on_b && (z || active_ages) {
            t.push((s, index(a, false, z, !(b_up && a)), lb));
        }
        // a repaired: it serves at once if b, serving, is down (nothing serves).
        if !a {
            t.push((s, index(true, b, z, on_b && b_up), ma));
        }
        // b repaired: it serves at once if a serves and is down (only when its zone is up).
        if !b {
            t.push((s, index(a, true, z, on_b || (z && !a)), mb));
        }
        if z {
            // The zone fails: b, serving and up, is down; a takes over if up.
            t.push((s, index(a, b, false, on_b && !(b && a)), zf));
        } else {
            // The zone returns: b, if up and a serves down, serves at once.
            t.push((s, index(a, b, true, on_b || (b && !a)), zr));
        }
    }
    let pi = stationary(16, &t);
    down.iter().map(|&s| pi[s]).sum()
}

#[test]
fn a_cold_standby_pair_whose_spare_is_cut_off_by_its_zone_matches_its_markov_chain() {
    // a fails once per 20 h and takes 10 h to repair; b likewise; b's zone fails once per 10 h
    // for 10 h. b is often put into service cut off (a is down, its zone too), and the rule
    // for its ageing then matters.
    let (la, lb, ma, mb, zf, zr) = (1.0 / 20.0, 1.0 / 20.0, 1.0 / 10.0, 1.0 / 10.0, 1.0 / 10.0, 1.0 / 10.0);
    let exact = cold_pair_with_a_zoned_spare(la, lb, ma, mb, zf, zr, true);
    let other = cold_pair_with_a_zoned_spare(la, lb, ma, mb, zf, zr, false);
    let model = r#"{"name": "zoned spare", "components": [
        {"id": "a", "failure": {"dist": "exponential", "mean": 20}, "repair": {"dist": "exponential", "mean": 10}},
        {"id": "b", "depends_on": ["z"], "failure": {"dist": "exponential", "mean": 20}, "repair": {"dist": "exponential", "mean": 10}},
        {"id": "z", "failure": {"dist": "exponential", "mean": 10}, "repair": {"dist": "exponential", "mean": 10}}],
        "system": {"standby": {"units": ["a", "b"], "mode": "cold"}}}"#;
    let result = run(model, 200, 20_000.0, 200.0);
    let own = result.exact.as_ref().expect("an exponential model has a Markov chain").unavailability.expect("steady state");
    assert!((own - exact).abs() <= 1e-12, "ninesim's chain gives U = {own:e}, the hand-written one {exact:e}");
    let u = &result.unavailability;
    assert!(u.contains(exact, 0.999), "exact U {exact:.5e} outside the simulated 99.9% CI {:?}", u.ci(0.999));
    assert!(!u.contains(other, 0.999), "the other rule's U {other:.5e} is not ruled out by {:?}", u.ci(0.999));
}

// ---------------------------------------------------------------------------------------------
// Failback during a switchover
// ---------------------------------------------------------------------------------------------

#[test]
fn failback_during_a_switchover_restarts_it() {
    // Primary a: life 10, repair 1; spare b; switchover 3 h. a fails at 10: switchover to b
    // over [10, 13). a is back at 11 and, with failback, takes over through a new switchover
    // [11, 14): one outage [10, 14), two switchovers. Without failback the first switchover
    // ends at 13 and a waits as a spare.
    let model = |failback: bool| {
        format!(
            r#"{{"name": "failback", "components": [
            {{"id": "a", "failure": {{"dist": "fixed", "value": 10}}, "repair": {{"dist": "fixed", "value": 1}}}},
            {{"id": "b", "failure": {{"dist": "fixed", "value": 100}}, "repair": {{"dist": "fixed", "value": 1}}}}],
            "system": {{"standby": {{"units": ["a", "b"], "failback": {failback},
                "switchover": {{"dist": "fixed", "value": 3}}}}}}}}"#
        )
    };
    let obs = observe(&model(true), 15.0);
    assert_eq!((obs.failures, obs.downtime), (1, 4.0), "one outage [10, 14)");
    assert_eq!(obs.switchovers, [2]);
    assert_eq!(obs.outages.max(), Some(4.0));
    assert_eq!(obs.switchover_contribution, [4.0], "the block waited for switchovers throughout");
    let obs = observe(&model(false), 15.0);
    assert_eq!((obs.failures, obs.downtime, &obs.switchovers[..]), (1, 3.0, &[1][..]));
}

// ---------------------------------------------------------------------------------------------
// Crew queue order after a shock
// ---------------------------------------------------------------------------------------------

/// Components a (repair 1 h) and b (repair 5 h), one crew of one, a shock every 10 h that
/// lists b before a. `extra_a` and `extra_b` are added to their component objects.
fn shocked_pair(extra_a: &str, extra_b: &str) -> String {
    format!(
        r#"{{"name": "shock and crew", "crews": [{{"id": "ops"}}], "components": [
        {{"id": "a", "crew": "ops", "failure": {{"dist": "fixed", "value": 1000}}, "repair": {{"dist": "fixed", "value": 1}}{extra_a}}},
        {{"id": "b", "crew": "ops", "failure": {{"dist": "fixed", "value": 1000}}, "repair": {{"dist": "fixed", "value": 5}}{extra_b}}}],
        "common_causes": [{{"id": "push", "members": ["b", "a"], "every": {{"dist": "fixed", "value": 10}}}}],
        "system": {{"parallel": ["a", "b"]}}}}"#
    )
}

#[test]
fn members_struck_by_one_shock_queue_in_the_models_order_of_components() {
    // The shock at 10 strikes both; a (first in `components`, though second in `members`) is
    // repaired first: a down [10, 11), b queued, then repaired [11, 16).
    let obs = observe(&shocked_pair("", ""), 16.5);
    assert_eq!(obs.component_downtime, [1.0, 6.0]);
    assert_eq!((obs.failures, obs.downtime), (1, 1.0));
}

#[test]
fn after_a_shock_priority_comes_first_then_the_moment_the_failure_is_known() {
    // b has the higher priority: b [10, 15), then a [15, 16).
    let obs = observe(&shocked_pair("", r#", "repair_priority": 1"#), 16.5);
    assert_eq!(obs.component_downtime, [6.0, 5.0]);
    // a's failure is noticed 0.5 h late: b asks first (at 10) and is repaired first, b [10, 15),
    // then a [15, 16).
    let obs = observe(&shocked_pair(r#", "detection": {"dist": "fixed", "value": 0.5}"#, ""), 16.5);
    assert_eq!(obs.component_downtime, [6.0, 5.0]);
}

// ---------------------------------------------------------------------------------------------
// Maintenance
// ---------------------------------------------------------------------------------------------

#[test]
fn a_component_down_only_through_its_zone_takes_its_maintenance_window() {
    // Zone z down [5, 15). a (in z; life 12) has a 9 h window due at 8: it is taken, though a
    // is already down through z, so a is down [8, 17), renewed at 17 (it fails next at 29),
    // and the system (a alone) is down [5, 17), one outage that z began: unplanned, though
    // the window lengthened it. (Skipping the window, a would fail at 12 while cut off.)
    let model = r#"{"name": "zone and window", "components": [
        {"id": "z", "failure": {"dist": "fixed", "value": 5}, "repair": {"dist": "fixed", "value": 10}},
        {"id": "a", "depends_on": ["z"], "failure": {"dist": "fixed", "value": 12}, "repair": {"dist": "fixed", "value": 1},
         "maintenance": {"every": 20, "offset": 8, "duration": {"dist": "fixed", "value": 9}}}],
        "system": "a"}"#;
    let obs = observe(model, 20.0);
    assert_eq!((obs.failures, obs.downtime), (1, 12.0));
    assert_eq!(obs.component_failures, [1, 0]);
    assert_eq!(obs.component_downtime, [10.0, 9.0]);
    assert_eq!((obs.planned_failures, obs.planned_downtime), (0, 0.0), "the outage began with z: unplanned");
}

#[test]
fn maintenance_windows_are_system_failures_and_the_unplanned_ones_are_counted_apart() {
    // Life 60, repair 10, a 2 h window every 100 h from 100. Fails at 60 (down [60, 70)),
    // window [100, 102) renews it, fails at 162, window at 200, fails at 262, ... So each
    // 100 h holds one planned and one unplanned system failure: over [0, 1000), 9 windows and
    // 10 failures (60, 162, ..., 962).
    let model = r#"{"name": "pm", "components": [{"id": "s",
        "failure": {"dist": "fixed", "value": 60}, "repair": {"dist": "fixed", "value": 10},
        "maintenance": {"every": 100, "duration": {"dist": "fixed", "value": 2}}}], "system": "s"}"#;
    let obs = observe(model, 1_000.0);
    assert_eq!((obs.failures, obs.planned_failures), (19, 9));
    let result = run(model, 2, 1_000.0, 0.0);
    let year = ninesim::HOURS_PER_YEAR;
    assert!(close(result.failure_frequency_per_year.mean, 19.0 / 1000.0 * year), "ω counts the windows");
    assert!(close(result.mtbf.expect("failures").mean, 1000.0 / 19.0));
    let unplanned = result.unplanned_failures.as_ref().expect("a model with maintenance reports the unplanned ω");
    assert!(close(unplanned.failure_frequency_per_year.mean, 10.0 / 1000.0 * year));
    assert!(close(unplanned.mtbf.expect("unplanned failures").mean, 100.0));
    // Without maintenance there is nothing to set apart.
    let plain = model.replace(
        r#",
        "maintenance": {"every": 100, "duration": {"dist": "fixed", "value": 2}}"#,
        "",
    );
    assert!(!plain.contains("maintenance"), "{plain}");
    assert!(run(&plain, 2, 1_000.0, 0.0).unplanned_failures.is_none());
}

#[test]
fn the_unplanned_failure_frequency_of_a_maintained_exponential_component_has_a_closed_form() {
    // One component: failures at rate λ, exponential repairs at rate μ, a fixed window of d
    // every T (skipped while in repair). Seen at the window times kT it is a two-state chain:
    // from W (working) the window is taken, then the unit alternates for L = T − d; from R
    // (in repair) the window is skipped and it alternates for T. With s = λ + μ,
    // π_W = μ/s, π_R = λ/s:
    //   P(W at the next window | W) = p = π_W + π_R e^{−sL},  P(W | R) = q = π_W (1 − e^{−sT}),
    //   x = P(W at a window) = q / (1 − p + q);
    //   unplanned failures per period = λ [x (π_W L + π_R (1 − e^{−sL})/s)
    //                                     + (1 − x) π_W (T − (1 − e^{−sT})/s)],
    //   planned failures per period = x (each window taken takes the system down).
    let (lambda, mu, t, d): (f64, f64, f64, f64) = (1.0 / 100.0, 1.0 / 5.0, 50.0, 2.0);
    let (s, l) = (lambda + mu, t - d);
    let (pw, pr) = (mu / s, lambda / s);
    let p = pw + pr * (-s * l).exp();
    let q = pw * (1.0 - (-s * t).exp());
    let x = q / (1.0 - p + q);
    let per_period = lambda * (x * (pw * l + pr * (1.0 - (-s * l).exp()) / s) + (1.0 - x) * pw * (t - (1.0 - (-s * t).exp()) / s));
    let year = ninesim::HOURS_PER_YEAR;
    let unplanned = per_period / t * year;
    let all = (per_period + x) / t * year;
    let model = r#"{"name": "maintained", "components": [{"id": "s",
        "failure": {"dist": "exponential", "mean": 100}, "repair": {"dist": "exponential", "mean": 5},
        "maintenance": {"every": 50, "duration": {"dist": "fixed", "value": 2}}}], "system": "s"}"#;
    // The window [50, 50 + 2000 T): whole periods, from the first window on (the chain at the
    // first window is within e^{−sT} ≈ 3e−5 of x).
    let result = run(model, 100, 50.0 + 2_000.0 * t, 50.0);
    let omega_u = &result.unplanned_failures.as_ref().expect("maintenance").failure_frequency_per_year;
    assert!(omega_u.contains(unplanned, 0.999), "exact unplanned ω {unplanned}/yr outside {:?}", omega_u.ci(0.999));
    let omega = &result.failure_frequency_per_year;
    assert!(omega.contains(all, 0.999), "exact ω {all}/yr outside {:?}", omega.ci(0.999));
    assert!(!omega_u.contains(all, 0.999) && !omega.contains(unplanned, 0.999), "the two are told apart");
}

// ---------------------------------------------------------------------------------------------
// How deep blocks nest
// ---------------------------------------------------------------------------------------------

fn nested(depth: usize, block: &str) -> String {
    let mut system = r#""s""#.to_string();
    for _ in 0..depth {
        system = block.replace("MEMBER", &system);
    }
    format!(
        r#"{{"name": "deep", "components": [{{"id": "s", "failure": {{"dist": "exponential", "mean": 100}},
        "repair": {{"dist": "exponential", "mean": 1}}}}], "system": {system}}}"#
    )
}

#[test]
fn blocks_nest_to_the_json_depth_limit_and_no_further() {
    const SERIES: &str = r#"{"series": [MEMBER]}"#;
    const VOTE: &str = r#"{"k_of_n": {"k": 1, "of": [MEMBER]}}"#;
    // At the limit the model is valid, and runs (simulation and exact analysis) without trouble.
    for text in [nested(63, SERIES), nested(42, VOTE)] {
        let result = run(&text, 10, 1_000.0, 0.0);
        assert!(result.exact.is_some(), "the exact analysis answers at the limit");
    }
    for text in [nested(64, SERIES), nested(43, VOTE)] {
        match parse_str(&text, "deep.json") {
            Err(e @ ModelError::Syntax { .. }) => {
                let message = e.to_string();
                assert!(message.contains("nest more than 127 deep"), "{message}");
                assert!(message.contains("at most 63 deep (42 `k_of_n`)"), "{message}");
            }
            other => panic!("a model beyond the limit must be refused as too deep: {:?}", other.map(|m| m.system.name)),
        }
    }
}
