//! Parameter uncertainty carried to the nines (`run --uncertainty N`, `docs/maths.md` §16):
//! with no uncertainty every draw is the plain run, bit for bit; a gamma-distributed rate gives
//! the closed-form spread of U within the exact order-statistic intervals; the draws' inner
//! runs share their random numbers; the one uncertain law leads the drivers; threads change
//! nothing; bad input is refused with its JSON path, and what cannot be trusted before anything
//! runs.

use assert_cmd::Command;
use ninesim::model::{Diagnostic, Model, ModelError, parse_str};
use ninesim::sim::{self, RunConfig, RunError};
use ninesim::study::plan::{self, Method, Request};
use ninesim::study::results::{Outcome, RunResult, UncertaintyMethod};
use ninesim::study::uncertainty::{self, MAX_DRAWS, UncertaintyRequest};
use statrs::distribution::{Binomial, ContinuousCDF, DiscreteCDF, Gamma};

fn model(text: &str) -> Model {
    parse_str(text, "test.json").expect("valid model")
}

fn config(model: &Model, replications: u64, threads: usize) -> RunConfig {
    RunConfig { replications, threads: Some(threads), ..RunConfig::from_model(&model.system) }
}

fn request(draws: u64, method: UncertaintyMethod) -> Request {
    Request { method: Method::Plain, uncertainty: Some(UncertaintyRequest { draws, method }), ..Request::default() }
}

/// A plain run of `model` with its parameter draws.
fn run(model: &Model, config: &RunConfig, draws: u64, method: UncertaintyMethod) -> RunResult {
    let plan = plan::plan(model, config, &request(draws, method)).expect("plans");
    match plan::execute(model, config, plan, &|_| {}).expect("runs") {
        Outcome::Plain(r) => *r,
        Outcome::RareEvent(_) => panic!("a run with parameter draws is plain Monte Carlo"),
    }
}

fn refusal(model: &Model, config: &RunConfig, request: &Request) -> RunError {
    match plan::plan(model, config, request) {
        Err(e) => e,
        Ok(p) => panic!("expected a refusal, got {p:?}"),
    }
}

/// Every law's uncertainty is given with zero standard deviations.
const ZERO: &str = r#"{"name": "zero", "components": [
    {"id": "web", "count": 2,
     "failure": {"dist": "weibull", "shape": 1.4, "mean": 900, "uncertainty": {"sd": [0, 0], "correlation": 0.5}},
     "repair": {"dist": "lognormal", "mean": 6, "sd": 3, "uncertainty": {"sd": [0, 0]}}},
    {"id": "db", "failure": {"dist": "exponential", "mean": 3000, "uncertainty": {"sd": [0]}},
     "repair": {"dist": "gamma", "shape": 2, "mean": 8, "uncertainty": {"sd": [0, 0]}}}
], "system": {"series": [{"parallel": ["web"]}, "db"]}, "simulation": {"horizon": 20000}}"#;

fn zero_model() -> Model {
    model(ZERO)
}

#[test]
fn with_zero_uncertainty_every_simulated_draw_is_the_plain_run_bit_for_bit() {
    let m = zero_model();
    let c = config(&m, 200, 2);
    let plain = ninesim::run(&m, &c, &|_| {}).expect("runs");
    let r = run(&m, &c, 5, UncertaintyMethod::Simulation);
    let u = r.uncertainty.as_ref().expect("draws");
    assert_eq!(u.method, UncertaintyMethod::Simulation);
    assert_eq!(u.per_draw.len(), 5);
    let bits = |e: &ninesim::stats::Estimate| (e.mean.to_bits(), e.std_error.to_bits(), e.ci95.map(f64::to_bits));
    for draw in &u.per_draw {
        assert_eq!(bits(draw), bits(&plain.unavailability));
    }
    // The run of the model as given is the plain run too.
    assert_eq!(bits(&r.unavailability), bits(&plain.unavailability));
    // A degenerate spread: every percentile and the mean are the plain run's U.
    let s = u.unavailability;
    assert!([s.p5, s.p50, s.p95, s.mean].iter().all(|x| x.to_bits() == plain.unavailability.mean.to_bits()), "{s:?}");
    assert_eq!(u.nines.p5, u.nines.p95);
    assert!(u.drivers.iter().all(|d| d.rank_correlation.is_none() && d.variance_share.is_none()));
    assert!(u.notes.iter().any(|n| n.contains("zero")), "{:?}", u.notes);
}

#[test]
fn with_zero_uncertainty_every_exact_draw_is_the_exact_steady_state() {
    let m = model(
        r#"{"name": "exp", "components": [
            {"id": "a", "count": 2, "failure": {"dist": "exponential", "mean": 500, "uncertainty": {"sd": [0]}},
             "repair": {"dist": "exponential", "mean": 5}},
            {"id": "b", "failure": {"dist": "exponential", "mean": 2000}, "repair": {"dist": "exponential", "mean": 2, "uncertainty": {"sd": [0]}}}
        ], "system": {"series": [{"parallel": ["a"]}, "b"]}}"#,
    );
    let r = run(&m, &config(&m, 50, 1), 20, UncertaintyMethod::Auto);
    let u = r.uncertainty.as_ref().expect("draws");
    assert_eq!(u.method, UncertaintyMethod::Exact);
    assert!(u.monte_carlo_half_width.is_none());
    let exact = r.exact.as_ref().and_then(|e| e.unavailability).expect("an exact steady state");
    assert!(u.per_draw.iter().all(|d| d.mean.to_bits() == exact.to_bits()));
}

/// One exponential component with failure rate λ ~ Gamma(r, T) and repair rate μ.
const R: f64 = 4.0;
const T: f64 = 40_000.0;
const MU: f64 = 0.1;

fn gamma_model() -> Model {
    model(&format!(
        r#"{{"name": "one", "components": [{{"id": "x",
            "failure": {{"dist": "exponential", "rate": {}, "uncertainty": {{"failures": {R}, "exposure": {T}}}}},
            "repair": {{"dist": "exponential", "rate": {MU}}}}}], "system": "x",
            "simulation": {{"horizon": 50000}}}}"#,
        R / T
    ))
}

/// U = λ/(λ + μ) increases with λ, so U's p-quantile is that of λ mapped, and P(U ≤ u) =
/// P(λ ≤ μu/(1 − u)). The reported p-quantile is the j-th smallest of N draws (j = ⌈pN⌉),
/// whose true CDF value c = F(U₍ⱼ₎) is Beta(j, N − j + 1): P(c ≤ x) = P(Binomial(N, x) ≥ j).
/// So the value is within the exact two-sided 95 % interval of that order statistic when
/// 0.025 ≤ P(Binomial(N, c) ≥ j) ≤ 0.975; no tolerance is chosen by hand.
#[test]
fn a_gamma_rate_gives_the_closed_form_spread_of_u_within_the_order_statistic_intervals() {
    let m = gamma_model();
    let n = 2000u64;
    let r = run(&m, &config(&m, 10, 2), n, UncertaintyMethod::Exact);
    let u = r.uncertainty.as_ref().expect("draws");
    assert_eq!(u.method, UncertaintyMethod::Exact);
    let lambda = Gamma::new(R, T).expect("gamma law");
    for (p, reported) in [(0.05, u.unavailability.p5), (0.5, u.unavailability.p50), (0.95, u.unavailability.p95)] {
        let j = (p * n as f64).ceil() as u64;
        let c = lambda.cdf(MU * reported / (1.0 - reported));
        let at_least_j = 1.0 - Binomial::new(c, n).expect("binomial").cdf(j - 1);
        assert!((0.025..=0.975).contains(&at_least_j), "p{p}: U {reported:e} sits at CDF {c}, P(Bin(N, c) ≥ {j}) = {at_least_j}");
        // And beside the closed form, for the reader.
        let q = lambda.inverse_cdf(p);
        let closed = q / (q + MU);
        assert!((reported / closed - 1.0).abs() < 0.2, "p{p}: {reported:e} against {closed:e}");
    }
    // Nines and downtime are U's spread mapped, nines mirrored.
    assert_eq!(u.nines.p5, -u.unavailability.p95.log10());
    assert_eq!(u.downtime_minutes_per_year.p50, u.unavailability.p50 * ninesim::MINUTES_PER_YEAR);
    assert_eq!(u.drivers.len(), 1);
    assert_eq!(u.drivers[0].rank_correlation, Some(-1.0), "U falls as the drawn MTTF grows");
}

#[test]
fn simulated_draws_share_the_run_seed_common_random_numbers() {
    let m = gamma_model();
    let c = config(&m, 40, 2);
    let r = run(&m, &c, 4, UncertaintyMethod::Simulation);
    let u = r.uncertainty.as_ref().expect("draws");
    assert_eq!(u.replications_per_draw, Some(40));
    assert!(u.monte_carlo_half_width.is_some_and(|h| h > 0.0));
    let laws = m.system.uncertain_laws();
    let mut rates = Vec::new();
    for (k, result) in u.per_draw.iter().enumerate() {
        let drawn = uncertainty::draw(&m.system, &laws, c.seed, k as u64).expect("draws");
        rates.push(drawn.components()[0].failure.exponential_rate().expect("exponential"));
        // Draw k alone, simulated with the run's seed, is exactly what the draws report.
        let alone = sim::simulate(&drawn, &c, &|_| {}).expect("simulates").unavailability.estimate();
        assert_eq!(alone.mean.to_bits(), result.mean.to_bits(), "draw {k}");
    }
    rates.dedup();
    assert_eq!(rates.len(), 4, "each draw has its own rate: {rates:?}");
}

#[test]
fn the_uncertain_law_leads_the_drivers() {
    let m = model(
        r#"{"name": "two", "components": [
            {"id": "a", "failure": {"dist": "weibull", "shape": 1.5, "mean": 1000, "uncertainty": {"sd": [0.2, 0.5]}},
             "repair": {"dist": "exponential", "mean": 10}},
            {"id": "b", "failure": {"dist": "exponential", "mean": 800, "uncertainty": {"sd": [0.01]}},
             "repair": {"dist": "fixed", "value": 10}}
        ], "system": {"series": ["a", "b"]}}"#,
    );
    let r = run(&m, &config(&m, 10, 2), 500, UncertaintyMethod::Auto);
    let u = r.uncertainty.as_ref().expect("draws");
    assert_eq!(u.method, UncertaintyMethod::Exact);
    let first = &u.drivers[0];
    assert_eq!((first.component.as_str(), first.law), ("a", ninesim::model::LawRole::Failure));
    let rho = first.rank_correlation.expect("defined");
    assert!(rho < -0.95, "{rho}");
    assert!(first.variance_share.is_some_and(|s| s > 0.9));
    let shares: f64 = u.drivers.iter().filter_map(|d| d.variance_share).sum();
    assert!((shares - 1.0).abs() < 1e-12);
}

#[test]
fn the_draws_are_the_same_on_one_and_two_threads() {
    let m = gamma_model();
    for (method, replications, draws) in [(UncertaintyMethod::Simulation, 30, 6), (UncertaintyMethod::Exact, 10, 300)] {
        let one = run(&m, &config(&m, replications, 1), draws, method).uncertainty.expect("draws");
        let two = run(&m, &config(&m, replications, 2), draws, method).uncertainty.expect("draws");
        assert_eq!(serde_json::to_string(&one).expect("json"), serde_json::to_string(&two).expect("json"));
        let bits = |u: &ninesim::results::UncertaintyResult| u.per_draw.iter().map(|e| e.mean.to_bits()).collect::<Vec<_>>();
        assert_eq!(bits(&one), bits(&two));
    }
}

#[test]
fn a_model_without_uncertainty_gets_a_zero_spread_and_says_so() {
    let m = model(
        r#"{"name": "plain", "components": [{"id": "x", "failure": {"dist": "exponential", "mean": 100},
            "repair": {"dist": "exponential", "mean": 1}}], "system": "x"}"#,
    );
    let r = run(&m, &config(&m, 10, 1), 3, UncertaintyMethod::Auto);
    let u = r.uncertainty.expect("draws");
    assert!(u.drivers.is_empty());
    assert_eq!(u.unavailability.p5, u.unavailability.p95);
    assert!(u.notes.iter().any(|n| n.contains("no parameter uncertainty")), "{:?}", u.notes);
}

fn errors_of(text: &str) -> Vec<Diagnostic> {
    match parse_str(text, "test.json") {
        Err(ModelError::Invalid { errors, .. }) => errors,
        other => panic!("expected an invalid model, got {other:?}"),
    }
}

/// A model whose one component has `failure` (and `repair`) as given.
fn with_laws(failure: &str, repair: &str) -> String {
    format!(r#"{{"name": "bad", "components": [{{"id": "x", "failure": {failure}, "repair": {repair}}}], "system": "x"}}"#)
}

const EXP: &str = r#"{"dist": "exponential", "mean": 10}"#;

#[test]
fn each_bad_uncertainty_is_reported_at_its_json_path() {
    let cases: &[(&str, &str, &str)] = &[
        (
            r#"{"dist": "exponential", "mean": 100, "uncertainty": {"failures": 2, "exposure": 200, "sd": [0.1]}}"#,
            "components[0].failure.uncertainty",
            "not both",
        ),
        (r#"{"dist": "exponential", "mean": 100, "uncertainty": {}}"#, "components[0].failure.uncertainty", "is empty"),
        (r#"{"dist": "weibull", "shape": 2, "mean": 100, "uncertainty": {"sd": [0.1]}}"#, "components[0].failure.uncertainty.sd", "give 2"),
        (
            r#"{"dist": "gamma", "shape": 2, "mean": 100, "uncertainty": {"sd": [0.1, -0.2]}}"#,
            "components[0].failure.uncertainty.sd[1]",
            "from 0 to 10",
        ),
        (
            r#"{"dist": "lognormal", "mu": 2, "sigma": 1, "uncertainty": {"sd": [0.1, 11]}}"#,
            "components[0].failure.uncertainty.sd[1]",
            "from 0 to 10",
        ),
        (
            r#"{"dist": "exponential", "mean": 100, "uncertainty": {"sd": [0.1], "correlation": 0.2}}"#,
            "components[0].failure.uncertainty.correlation",
            "two-parameter laws",
        ),
        (
            r#"{"dist": "weibull", "shape": 2, "mean": 100, "uncertainty": {"sd": [0.1, 0.1], "correlation": -1}}"#,
            "components[0].failure.uncertainty.correlation",
            "between −1 and 1",
        ),
        (
            r#"{"dist": "weibull", "shape": 2, "mean": 100, "uncertainty": {"failures": 3, "exposure": 300}}"#,
            "components[0].failure.uncertainty.failures",
            "exponential rate",
        ),
        (
            r#"{"dist": "exponential", "mean": 100, "uncertainty": {"failures": 0, "exposure": 300}}"#,
            "components[0].failure.uncertainty.failures",
            "> 0",
        ),
        (
            r#"{"dist": "exponential", "mean": 100, "uncertainty": {"failures": 2}}"#,
            "components[0].failure.uncertainty.exposure",
            "is missing",
        ),
        (
            r#"{"dist": "exponential", "mean": 100, "uncertainty": {"sdd": [0.1]}}"#,
            "components[0].failure.uncertainty.sdd",
            "unknown field",
        ),
        (
            r#"{"dist": "exponential", "mean": 100, "uncertainty": {"sd": ["x"]}}"#,
            "components[0].failure.uncertainty.sd[0]",
            "invalid type",
        ),
        (
            r#"{"dist": "normal", "mean": 100, "sd": 5, "uncertainty": {"sd": [0.1]}}"#,
            "components[0].failure.uncertainty",
            "exponential, weibull, lognormal and gamma laws only",
        ),
    ];
    for (failure, path, words) in cases {
        let errors = errors_of(&with_laws(failure, EXP));
        assert!(
            errors.iter().any(|d| d.path == *path && d.message.contains(words)),
            "{failure}: expected `{path}: …{words}…` in {errors:#?}"
        );
    }
}

#[test]
fn every_uncertainty_problem_of_a_model_is_reported_and_only_failure_and_repair_laws_carry_one() {
    let errors = errors_of(
        r#"{"name": "bad", "components": [
            {"id": "a", "failure": {"dist": "weibull", "shape": 2, "mean": 100, "uncertainty": {"sd": [0.1]}},
             "repair": {"dist": "exponential", "mean": 1, "uncertainty": {"sd": [-1]}},
             "detection": {"dist": "exponential", "mean": 0.1, "uncertainty": {"sd": [0.1]}}},
            {"id": "b", "failure": {"dist": "exponential", "mean": 100, "uncertainty": {"failures": 2, "exposure": 0}},
             "repair": {"dist": "exponential", "mean": 1}}
        ], "crews": [{"id": "ops", "response": {"dist": "exponential", "mean": 1, "uncertainty": {"sd": [0.2]}}}],
        "system": {"series": ["a", "b"]}}"#,
    );
    let paths: Vec<&str> = errors.iter().map(|d| d.path.as_str()).collect();
    for path in [
        "components[0].failure.uncertainty.sd",
        "components[0].repair.uncertainty.sd[0]",
        "components[1].failure.uncertainty.exposure",
        "crews[0].response.uncertainty",
        "components[0].detection.uncertainty",
    ] {
        assert!(paths.contains(&path), "{path} missing from {errors:#?}");
    }
    let detection = errors.iter().find(|d| d.path == "components[0].detection.uncertainty").expect("reported");
    assert!(detection.message.contains("`failure` and `repair` laws only"), "{}", detection.message);
}

#[test]
fn a_rate_outside_its_own_gamma_interval_is_a_warning() {
    let m = model(&with_laws(r#"{"dist": "exponential", "rate": 0.001, "uncertainty": {"failures": 3, "exposure": 30000}}"#, EXP));
    let w = m.warnings.iter().find(|w| w.path == "components[0].failure.uncertainty").expect("a warning");
    assert!(w.message.contains("outside the 90 % interval"), "{}", w.message);
    let quiet = model(&with_laws(r#"{"dist": "exponential", "rate": 0.0001, "uncertainty": {"failures": 3, "exposure": 30000}}"#, EXP));
    assert!(quiet.warnings.is_empty(), "{:?}", quiet.warnings);
}

#[test]
fn what_cannot_be_trusted_is_refused_before_anything_runs() {
    let m = gamma_model();
    let c = config(&m, 1000, 1);
    let message = |e: RunError| {
        assert!(e.is_bad_input(), "{e}");
        e.to_string()
    };
    assert!(message(refusal(&m, &c, &request(0, UncertaintyMethod::Auto))).contains("at least 1"));
    assert!(message(refusal(&m, &c, &request(MAX_DRAWS + 1, UncertaintyMethod::Auto))).contains("more than"));
    // Simulated draws: the work of N runs is bounded like one run's.
    let long = RunConfig { replications: 100_000_000, horizon: 1e7, ..c.clone() };
    assert!(message(refusal(&m, &long, &request(1000, UncertaintyMethod::Simulation))).contains("parameter draws of"));
    // Simulated draws need a count of replications, not a relative precision.
    let precise = Request { rel_error: Some(0.05), ..request(10, UncertaintyMethod::Simulation) };
    assert!(message(refusal(&m, &c, &precise)).contains("relative precision"));
    // Failure biasing is not combined with parameter draws.
    let biased = Request { method: Method::FailureBiasing, ..request(10, UncertaintyMethod::Auto) };
    assert!(message(refusal(&m, &c, &biased)).contains("failure biasing is not combined"));
    // Auto: the model as given runs by plain Monte Carlo even where auto would use failure biasing.
    let auto = Request { method: Method::Auto, ..request(10, UncertaintyMethod::Auto) };
    let p = plan::plan(&m, &RunConfig { replications: 10, ..c.clone() }, &auto).expect("plans");
    assert_eq!(p.method.used, Method::Plain, "{}", p.method.reason);
    // Shards split one run's replications, not parameter draws.
    let shard = plan::plan(&m, &c, &request(10, UncertaintyMethod::Auto)).expect("plans");
    assert!(message(plan::shard_method(&shard).expect_err("refused")).contains("not split into shards"));
    // The exact method where the model has no exact steady state.
    let maintained = model(
        r#"{"name": "m", "components": [{"id": "x",
            "failure": {"dist": "exponential", "mean": 100, "uncertainty": {"sd": [0.1]}},
            "repair": {"dist": "exponential", "mean": 1},
            "maintenance": {"every": 500, "duration": {"dist": "fixed", "value": 2}}}], "system": "x"}"#,
    );
    let why = message(refusal(&maintained, &config(&maintained, 10, 1), &request(10, UncertaintyMethod::Exact)));
    assert!(why.contains("cannot be evaluated exactly") && why.contains("maintenance"), "{why}");
    // Auto then simulates, and says why.
    let r = run(&maintained, &config(&maintained, 20, 1), 3, UncertaintyMethod::Auto);
    let u = r.uncertainty.expect("draws");
    assert_eq!(u.method, UncertaintyMethod::Simulation);
    assert!(u.reason.contains("maintenance"), "{}", u.reason);
}

#[test]
fn a_draw_that_gives_an_unusable_law_stops_the_run_and_says_which() {
    let m = model(&with_laws(r#"{"dist": "exponential", "mean": 1e300, "uncertainty": {"sd": [10]}}"#, EXP));
    let plan = plan::plan(&m, &config(&m, 10, 1), &request(200, UncertaintyMethod::Exact)).expect("plans");
    let e = plan::execute(&m, &config(&m, 10, 1), plan, &|_| {}).expect_err("some draw overflows");
    let text = e.to_string();
    assert!(text.contains("parameter draw") && text.contains("`x`") && text.contains("too wide"), "{text}");
}

fn ninesim() -> Command {
    Command::cargo_bin("ninesim").expect("binary is built")
}

#[test]
fn run_with_uncertainty_prints_the_section_and_keeps_the_two_kinds_apart() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("one.json");
    std::fs::write(
        &path,
        with_laws(
            r#"{"dist": "exponential", "rate": 0.0001, "uncertainty": {"failures": 4, "exposure": 40000}}"#,
            r#"{"dist": "exponential", "mean": 10, "uncertainty": {"sd": [0.3]}}"#,
        ),
    )
    .expect("write");
    let out = ninesim().args(["run", "-n", "200", "--uncertainty", "200"]).arg(&path).output().expect("runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).expect("utf-8");
    for needle in [
        "Parameter uncertainty: 200 draws",
        "Monte Carlo (the model as given)",
        "over parameter uncertainty",
        "What drives it",
        "x (failure)",
    ] {
        assert!(text.contains(needle), "missing {needle:?} in\n{text}");
    }
    let out = ninesim().args(["run", "-n", "50", "--uncertainty", "20", "--format", "json"]).arg(&path).output().expect("runs");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(json["uncertainty"]["draws"], 20);
    assert_eq!(json["uncertainty"]["method"], "exact");
    // Without the flag nothing changes in the result.
    let out = ninesim().args(["run", "-n", "50", "--format", "json"]).arg(&path).output().expect("runs");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert!(json.get("uncertainty").is_none());
    // Refusals exit 2.
    for args in
        [&["--uncertainty", "0"][..], &["--uncertainty", "5", "--shard", "0/2"], &["--uncertainty", "5", "--method", "failure-biasing"]]
    {
        let out = ninesim().args(["run", "-n", "50"]).args(args).arg(&path).output().expect("runs");
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    }
}

/// The warning about a rate outside its own gamma law's 90 % interval used statrs' quantiles of
/// Gamma(r, T), which panic for an exposure near the top of f64 (the quantile search halves to
/// 0), return the same value for both ends when r is tiny, and flag a rate equal to r/T as
/// outside when r is huge (the interval narrower than rounding). Each extreme loads, warns only
/// where the rate is really outside, and prints an interval whose ends are in order.
#[test]
fn the_gamma_rate_warning_holds_at_the_extremes_of_failures_and_exposure() {
    let law = |rate: &str, failures: &str, exposure: &str| {
        with_laws(
            &format!(r#"{{"dist": "exponential", "rate": {rate}, "uncertainty": {{"failures": {failures}, "exposure": {exposure}}}}}"#),
            EXP,
        )
    };
    let warning = |m: &Model| m.warnings.iter().find(|w| w.path == "components[0].failure.uncertainty").map(|w| w.message.clone());
    // Centred (rate = r/T): no warning, however extreme r and T.
    for (rate, failures, exposure) in
        [("3e-308", "3", "1e308"), ("1e-3", "1e300", "1e303"), ("1e-3", "1e6", "1e9"), ("1e300", "0.5", "5e-301")]
    {
        let m = model(&law(rate, failures, exposure));
        assert_eq!(warning(&m), None, "rate {rate}, {failures} failures in {exposure}");
    }
    // Far outside: a warning, with numbers a reader can take in (no 300-digit expansions).
    for (rate, failures, exposure) in
        [("1e-300", "3", "1e308"), ("1", "1e300", "1e303"), ("1", "1e-300", "1000"), ("1e-3", "1e-300", "1e-300")]
    {
        let m = model(&law(rate, failures, exposure));
        let message = warning(&m).unwrap_or_else(|| panic!("rate {rate}, {failures} failures in {exposure}: expected a warning"));
        assert!(message.contains("outside the 90 % interval"), "{message}");
        assert!(message.len() < 400, "{message}");
    }
}

/// The two methods evaluate the same draws (the draws depend on the seed and the law only), so
/// each simulated draw's U must agree with the exact steady state of that draw within its own
/// Monte Carlo error, and the spreads with each other.
#[test]
fn simulated_and_exact_draws_agree_draw_by_draw() {
    let m = gamma_model();
    let c = config(&m, 400, 2);
    let exact = run(&m, &c, 40, UncertaintyMethod::Exact).uncertainty.expect("draws");
    let simulated = run(&m, &c, 40, UncertaintyMethod::Simulation).uncertainty.expect("draws");
    assert_eq!((exact.method, simulated.method), (UncertaintyMethod::Exact, UncertaintyMethod::Simulation));
    for (k, (e, s)) in exact.per_draw.iter().zip(&simulated.per_draw).enumerate() {
        let z = (s.mean - e.mean) / s.std_error;
        assert!(z.abs() < 4.5, "draw {k}: simulated {} ± {}, exact {}", s.mean, s.std_error, e.mean);
    }
    for (a, b) in [
        (exact.unavailability.p5, simulated.unavailability.p5),
        (exact.unavailability.p50, simulated.unavailability.p50),
        (exact.unavailability.p95, simulated.unavailability.p95),
    ] {
        assert!((a / b - 1.0).abs() < 0.1, "exact {a:e}, simulated {b:e}");
    }
}
