//! The exact analysis is never silently wrong and never runs away (issue 17): figures beyond
//! f64's range in log form, recursion that does not follow the input's size, "no steady state"
//! for a reducible chain of any size, bounded chains, and laws whose means overflow refused.
//! Each test is named after the rule it checks.

use std::time::{Duration, Instant};

use ninesim::analysis::markov::{ChainModel, Ctmc};
use ninesim::analysis::{Analysis, AnalysisConfig, AnalysisError, analyze};

fn parse(json: &str) -> ninesim::Model {
    ninesim::model::parse_str(json, "test.json").expect("valid test model")
}

fn analysis(m: &ninesim::Model) -> Result<Analysis, AnalysisError> {
    analyze(&m.system, "test.json", &AnalysisConfig::from_model(&m.system))
}

fn assert_rel(actual: f64, expected: f64, rel: f64, what: &str) {
    let err = ((actual - expected) / expected).abs();
    assert!(err <= rel, "{what}: got {actual:e}, expected {expected:e} (relative error {err:e} > {rel:e})");
}

/// `n` identical exponential units (MTTF 1000 h, MTTR 1 h), of which one must be up.
fn one_of(n: usize) -> ninesim::Model {
    parse(&format!(
        r#"{{"name":"1-of-{n}","components":[{{"id":"u","count":{n},"failure":{{"dist":"exponential","mean":1000}},"repair":{{"dist":"exponential","mean":1}}}}],"system":{{"parallel":["u"]}}}}"#
    ))
}

/// No NaN and no infinity anywhere in the JSON of a result (serde writes both as null, so a
/// number that is there is finite; this checks the figures a reader sees are not 0 instead).
fn json(a: &Analysis) -> serde_json::Value {
    serde_json::to_value(a).expect("serializes")
}

#[test]
fn figures_beyond_f64_are_stated_in_log_form_never_as_zero_or_infinity() {
    // 1-of-200: U = q^200 with q = 1/1001, ≈ 10^−600; each unit is critical exactly when all
    // the others are down, so B_i = q^199 and the criticality B_i·q/U = 1; ω = 200·B·q·μ... in
    // closed form MDT = 1/(200 μ) = 1/200 h (n units down at once, each repaired at rate μ).
    let a = analysis(&one_of(200)).expect("analysis");
    let log10_q = (1.0f64 / 1001.0).log10();
    assert_eq!(a.unavailability, None, "U is not shown as an f64 (it would be 0)");
    let log10_u = a.log10_unavailability.expect("log10 U given");
    assert_rel(log10_u, 200.0 * log10_q, 1e-12, "log10 U");
    assert_rel(a.nines.expect("nines"), -200.0 * log10_q, 1e-12, "nines");
    assert!(a.nines.is_some_and(f64::is_finite));
    assert_rel(a.mdt.expect("MDT is an ordinary number"), 1.0 / 200.0, 1e-12, "MDT");
    // ω = Σ_i B_i/(MTTF + MTTR) = 200·q^199/1001 per hour.
    let log10_omega_per_year = (200.0f64).log10() + 199.0 * log10_q - 1001f64.log10() + 8766f64.log10();
    assert_rel(a.log10_failure_frequency_per_year.expect("log10 ω"), log10_omega_per_year, 1e-12, "log10 ω");
    assert_eq!(a.importance.len(), 200);
    for i in &a.importance {
        assert_rel(i.criticality, 1.0, 1e-12, &format!("criticality of {}", i.id));
        assert_rel(i.log10_birnbaum.expect("log10 Birnbaum"), 199.0 * log10_q, 1e-12, "log10 Birnbaum");
        assert_rel(i.raw, 1001.0, 1e-12, "RAW = 1/q");
    }
    // The time-dependent U is as far below f64: null with a note, never 0.
    let v = json(&a);
    for field in ["window_unavailability", "point_unavailability"] {
        assert!(v["mission"][field].is_null(), "{field}: {}", v["mission"][field]);
    }
    assert!(a.notes.iter().any(|n| n.contains("below the range of f64")), "{:?}", a.notes);
}

#[test]
fn figures_within_f64_are_given_as_before_with_no_log_form() {
    // 1-of-2: U = q², exactly the f64 figure, and no log fields in the JSON.
    let a = analysis(&one_of(2)).expect("analysis");
    let q = 1.0 / 1001.0;
    assert_rel(a.unavailability.expect("U"), q * q, 1e-15, "U");
    assert!(a.log10_unavailability.is_none() && a.log10_failure_frequency_per_year.is_none());
    let text = json(&a).to_string();
    assert!(!text.contains("log10"), "{text:.300}");
}

#[test]
fn recursion_depth_does_not_follow_the_input_size() {
    // A 60,000-wide parallel: the BDD's ite, the cut set expansion and the importance pass
    // used to recurse (or take O(n²)) and overflowed the stack.
    let start = Instant::now();
    let a = analysis(&one_of(60_000)).expect("analysis");
    let log10_q = (1.0f64 / 1001.0).log10();
    assert_rel(a.log10_unavailability.expect("log10 U"), 60_000.0 * log10_q, 1e-10, "log10 U");
    assert_rel(a.importance[0].criticality, 1.0, 1e-10, "criticality");
    assert!(start.elapsed() < Duration::from_secs(60), "took {:?}", start.elapsed());
}

/// A birth–death chain of `n` up states (state k: k units down, failure rate 1, repair rate
/// 10) where any state may also fall, at rate 1, into a pair of "lost" states that only swap
/// with each other: a closed class, as a never-repaired component makes, that is left by no
/// transition (so no state has exit rate 0). On the previous code Gauss–Seidel (beyond 1,500
/// states) let the other states' mass underflow and reported U = 1 as a steady state.
struct Reducible {
    n: u32,
}

impl ChainModel for Reducible {
    type State = u32;
    fn initial(&self) -> u32 {
        0
    }
    fn is_up(&self, s: &u32) -> bool {
        *s < self.n
    }
    fn transitions(&self, s: &u32, out: &mut Vec<(u32, f64)>) {
        let (lost_a, lost_b) = (self.n, self.n + 1);
        if *s == lost_a {
            out.push((lost_b, 1.0));
        } else if *s == lost_b {
            out.push((lost_a, 1.0));
        } else {
            if *s + 1 < self.n {
                out.push((s + 1, 1.0));
            }
            if *s > 0 {
                out.push((s - 1, 10.0));
            }
            out.push((lost_a, 1.0));
        }
    }
}

#[test]
fn a_chain_that_cannot_return_has_no_steady_state_at_any_size() {
    // Small chains go to the dense solver, large ones to the iterative one, which used to
    // converge (after a long time) to the closed class and report U = 1 as a steady state.
    for n in [10, 1_000, 5_000, 50_000] {
        let chain = Ctmc::explore(&Reducible { n }, 1_000_000).expect("explores");
        let start = Instant::now();
        assert_eq!(chain.steady_state().err(), Some(AnalysisError::NotErgodic), "{n} states");
        // A guard against the old runaway (minutes), not a timing: generous for a loaded CI.
        assert!(start.elapsed() < Duration::from_secs(20), "{n} states took {:?}", start.elapsed());
    }
}

#[test]
fn a_never_repaired_component_in_a_chain_model_gives_no_steady_state() {
    // The same through `analyze`: a crew makes the components dependent (the chain path).
    let m = parse(
        r#"{"name":"nr","components":[{"id":"r","count":3,"failure":{"dist":"exponential","mean":1000},"repair":{"dist":"exponential","mean":10},"crew":"k"},
        {"id":"once","failure":{"dist":"exponential","mean":100000}}],"crews":[{"id":"k","size":1}],
        "system":{"series":["once",{"k_of_n":{"k":2,"of":["r"]}}]}}"#,
    );
    let a = analysis(&m).expect("analysis");
    assert_eq!(a.unavailability, None);
    assert!(a.notes.iter().any(|n| n.contains("no steady state")), "{:?}", a.notes);
}

#[test]
fn chain_memory_is_bounded_before_the_work() {
    // The metadata store with 4,096 power feeds: a state holds 4,101 phases, so 10⁶ states
    // (the `max_states` default) would take 8 GB. It must be refused, naming the setting, in
    // seconds.
    let path = format!("{}/models/metadata-store.json", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(path).expect("bundled model").replace("\"count\": 2,", "\"count\": 4096,");
    assert!(text.contains("4096"));
    let m = parse(&text);
    let start = Instant::now();
    let err = analysis(&m).expect_err("too large");
    assert!(matches!(err, AnalysisError::ChainMemory { .. } | AnalysisError::TooLarge { .. }), "{err}");
    assert!(err.to_string().contains("max_states") || err.to_string().contains("Markov chain"), "{err}");
    assert!(start.elapsed() < Duration::from_secs(30), "took {:?}", start.elapsed());
}

#[test]
fn a_stiff_chain_is_bounded_not_runaway() {
    // A switch that fails 99,999,999 times in 10⁸ with an exponential switchover: a chain
    // of 12 states whose transient used to run into the uniformization work bound (5·10⁹:
    // 4·10⁸ steps, each step's mass kept, gigabytes) and give no time-dependent answer.
    let m = parse(
        r#"{"name":"sw","components":[{"id":"a","failure":{"dist":"exponential","mean":1000},"repair":{"dist":"exponential","mean":10}},{"id":"b","failure":{"dist":"exponential","mean":1000},"repair":{"dist":"exponential","mean":10}}],
        "system":{"standby":{"units":["a","b"],"mode":"hot","switchover":{"dist":"exponential","mean":0.1},"switch_failure_prob":0.99999999}}}"#,
    );
    let start = Instant::now();
    let a = analysis(&m).expect("analysis");
    assert!(start.elapsed() < Duration::from_secs(20), "took {:?}", start.elapsed());
    // The horizon (876,600 h) is hundreds of relaxation times (MTTR 10 h, MTTF 1000 h): U at
    // the horizon (dense exponential) is the stationary U (GTH elimination) to e^−800.
    let (steady, point) = (a.unavailability.expect("steady U"), a.mission.point_unavailability.expect("U at the horizon"));
    assert_rel(point, steady, 1e-9, "U(T) vs steady U");
    assert!(a.mission.window_unavailability.is_some_and(f64::is_finite), "{:?}", a.notes);
}

#[test]
fn a_law_whose_mean_overflows_is_refused_with_its_component_named() {
    // Lognormal σ = 40: the mean e^800 is beyond f64; MTTF/(MTTF + MTTR) would be NaN. The model
    // layer now refuses the law itself, with its JSON path (tests/hostile_model.rs), so no
    // analysis or run ever sees it; the analysis keeps its own guard behind that.
    let json = r#"{"name":"logn","components":[{"id":"a","failure":{"dist":"lognormal","mu":0,"sigma":40},"repair":{"dist":"exponential","mean":1}}],"system":"a"}"#;
    let err = ninesim::model::parse_str(json, "test.json").expect_err("refused");
    assert!(err.to_string().contains("components[0].failure.sigma"), "{err}");
}

/// Two independent components in series, one fast (λ = 1, μ = 1000 per h) and one slow
/// (λ = 10⁻⁶, μ = 10⁻⁵ per h): a stiff chain (uniformization would need ~10⁹ steps to settle)
/// whose answers are known in closed form.
struct StiffSeries;

const FAST: (f64, f64) = (1.0, 1000.0);
const SLOW: (f64, f64) = (1e-6, 1e-5);

impl ChainModel for StiffSeries {
    type State = u8;
    fn initial(&self) -> u8 {
        0
    }
    fn is_up(&self, down: &u8) -> bool {
        *down == 0
    }
    fn transitions(&self, down: &u8, out: &mut Vec<(u8, f64)>) {
        for (bit, (lambda, mu)) in [(1u8, FAST), (2u8, SLOW)] {
            out.push(if down & bit == 0 { (down | bit, lambda) } else { (down & !bit, mu) });
        }
    }
}

/// A(t) = μ/(λ+μ) + λ/(λ+μ)·e^{−(λ+μ)t} of one component from new.
fn point_availability((lambda, mu): (f64, f64), t: f64) -> f64 {
    mu / (lambda + mu) + lambda / (lambda + mu) * (-(lambda + mu) * t).exp()
}

/// ∫_a^b A_fast(t)·A_slow(t) dt.
fn integral_product(a: f64, b: f64) -> f64 {
    // A_f·A_s = (c_f + d_f e^{−s_f t})(c_s + d_s e^{−s_s t}), integrated term by term.
    let parts = |(lambda, mu): (f64, f64)| (mu / (lambda + mu), lambda / (lambda + mu), lambda + mu);
    let ((cf, df, sf), (cs, ds, ss)) = (parts(FAST), parts(SLOW));
    let exp_int = |rate: f64| ((-rate * a).exp() - (-rate * b).exp()) / rate;
    cf * cs * (b - a) + cf * ds * exp_int(ss) + df * cs * exp_int(sf) + df * ds * exp_int(sf + ss)
}

#[test]
fn a_stiff_chain_is_solved_exactly_without_runaway() {
    let chain = Ctmc::explore(&StiffSeries, 10).expect("explores");
    assert_eq!(chain.len(), 4);
    let start = Instant::now();
    for t in [1.0, 1e3, 1e5, 1e7] {
        let u = chain.point_unavailability(t).expect("U(t)");
        let exact = 1.0 - point_availability(FAST, t) * point_availability(SLOW, t);
        assert_rel(u, exact, 1e-9, &format!("U({t})"));
        // Series: the first failure of either, R(t) = e^{−(λ_f + λ_s)t}.
        let r = chain.reliability(t / 1e5).expect("R(t)");
        assert_rel(r, (-(FAST.0 + SLOW.0) * t / 1e5).exp(), 1e-9, &format!("R({})", t / 1e5));
    }
    let (from, to) = (1e3, 1e6);
    let window = chain.interval_unavailability(from, to).expect("window U");
    let exact = 1.0 - integral_product(from, to) / (to - from);
    assert_rel(window, exact, 1e-9, "U over the window");
    // A guard against the old runaway, not a timing: generous for a loaded CI.
    assert!(start.elapsed() < Duration::from_secs(30), "took {:?}", start.elapsed());
}

#[test]
fn a_horizon_near_the_largest_f64_gives_the_limits_not_a_panic() {
    // Λt overflows to ∞: the Poisson weights and the incomplete gamma function (which panics
    // outside (0, ∞)) are replaced by their limits. Far past every relaxation time, U at the
    // horizon and over the window are the stationary U, and R is 0.
    for model in ["metadata-store.json", "capacity-fleet.json"] {
        let m = ninesim::load(format!("{}/models/{model}", env!("CARGO_MANIFEST_DIR"))).expect("bundled model");
        let config = AnalysisConfig { horizon: 1.7e308, ..AnalysisConfig::from_model(&m.system) };
        let a = analyze(&m.system, model, &config).expect("analysis");
        let steady = a.unavailability.expect("steady U");
        assert_rel(a.mission.point_unavailability.expect("U(T)"), steady, 1e-9, model);
        assert_rel(a.mission.window_unavailability.expect("window U"), steady, 1e-9, model);
        assert_eq!(a.mission.reliability, Some(0.0), "{model}");
    }
}

#[test]
fn a_law_whose_mean_underflows_is_refused_not_read_as_never_failing() {
    // A gamma failure law with a subnormal mean: its rate overflows in the special functions,
    // and S(t) used to read as 1 (x never fails), giving U(T) = 0 and R(T) = 1 for a parallel
    // whose other unit has surely failed by then. Refused by the model layer, at its path.
    let json = r#"{"name":"tiny","components":[{"id":"x","failure":{"dist":"gamma","shape":2,"mean":1e-320}},{"id":"a","failure":{"dist":"exponential","mean":100}}],"system":{"parallel":["x","a"]}}"#;
    let err = ninesim::model::parse_str(json, "test.json").expect_err("refused");
    assert!(err.to_string().contains("components[0].failure.mean"), "{err}");
}
