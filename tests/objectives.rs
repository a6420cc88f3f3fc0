//! Service-level objectives against exact answers: the distribution of one exponential
//! component's downtime in a period is the occupation time of a two-state Markov chain (Takács'
//! closed form, integrated here), the mean downtime per period is U × period, a fixed-duration
//! history gives credits by hand, and the P(breach) interval covers over many seeds.

use ninesim::model::{Diagnostic, Model, ModelError, parse_str};
use ninesim::sim::RunConfig;
use ninesim::study::{self, results::RunResult};

fn run(text: &str, config: impl FnOnce(&mut RunConfig)) -> RunResult {
    let model: Model = parse_str(text, "test.json").expect("valid model");
    let mut c = RunConfig::from_model(&model.system);
    c.threads = Some(2);
    config(&mut c);
    study::run(&model, &c, &|_| {}).expect("runs")
}

/// Modified Bessel function of the first kind, I_n(z), by its power series (z here stays
/// below ~40, where the series converges in f64).
fn bessel_i(n: u32, z: f64) -> f64 {
    let half = z / 2.0;
    let mut term = half.powi(n as i32) / (1..=n).map(f64::from).product::<f64>();
    let mut sum = 0.0;
    for k in 1..1000 {
        sum += term;
        let k = f64::from(k);
        term *= half * half / (k * (k + f64::from(n)));
        if term <= 1e-17 * sum {
            break;
        }
    }
    assert!(sum.is_finite(), "I_{n}({z})");
    sum
}

/// Density of the time spent in the starting state of a two-state Markov chain over [0, t],
/// at s in (0, t): leaving rate `a` from the starting state, return rate `b` (Takács):
/// e^{−as−b(t−s)} [a I0(z) + √(ab·s/(t−s)) I1(z)], z = 2√(ab·s(t−s)). The atom at s = t has
/// mass e^{−at}.
fn sojourn_density(a: f64, b: f64, t: f64, s: f64) -> f64 {
    let z = 2.0 * (a * b * s * (t - s)).sqrt();
    (-a * s - b * (t - s)).exp() * (a * bessel_i(0, z) + (a * b * s / (t - s)).sqrt() * bessel_i(1, z))
}

fn integrate(f: impl Fn(f64) -> f64, lo: f64, hi: f64) -> f64 {
    let n = 20_000;
    let h = (hi - lo) / n as f64;
    (0..n).map(|i| f(lo + (i as f64 + 0.5) * h)).sum::<f64>() * h
}

/// P(downtime in a period of length t > x) for one component with failure rate λ and repair
/// rate μ, in steady state at the period's start.
fn downtime_exceeds(lambda: f64, mu: f64, t: f64, x: f64) -> f64 {
    if x >= t {
        return 0.0;
    }
    let x = x.max(0.0);
    let a = mu / (lambda + mu);
    // Starting up: downtime > x ⟺ uptime < t − x (uptime's atom at t is downtime 0).
    let from_up = integrate(|s| sojourn_density(lambda, mu, t, s), 0.0, t - x);
    // Starting down: downtime is the sojourn in the starting state, with its atom at t.
    let from_down = (-mu * t).exp() + integrate(|s| sojourn_density(mu, lambda, t, s), x, t);
    a * from_up + (1.0 - a) * from_down
}

const MTTF: f64 = 200.0;
const MTTR: f64 = 4.0;

fn single_component(objectives: &str) -> String {
    format!(
        r#"{{"name": "one", "components": [{{"id": "s", "failure": {{"dist": "exponential", "mean": {MTTF}}},
            "repair": {{"dist": "exponential", "mean": {MTTR}}}}}], "system": "s",
            "simulation": {{"horizon": 9700, "warmup": 100, "replications": 1000, "seed": 7}},
            "objectives": [{objectives}]}}"#
    )
}

#[test]
fn the_takacs_density_is_a_distribution() {
    // The density and the atom together have mass 1, and the mean matches E[time up] from up.
    let (a, b, t) = (1.0 / MTTF, 1.0 / MTTR, 24.0);
    let mass = integrate(|s| sojourn_density(a, b, t, s), 0.0, t) + (-a * t).exp();
    assert!((mass - 1.0).abs() < 1e-6, "{mass}");
    let mean = integrate(|s| s * sojourn_density(a, b, t, s), 0.0, t) + t * (-a * t).exp();
    let exact = b * t / (a + b) + a / (a + b).powi(2) * (1.0 - (-(a + b) * t).exp());
    assert!((mean - exact).abs() < 1e-6 * t, "{mean} vs {exact}");
}

#[test]
fn p_breach_and_quantiles_match_the_two_state_chain() {
    // Daily objectives with three allowances, and a period of 2 h, shorter than the MDT of 4 h.
    let cases = [(24.0, 0.5), (24.0, 2.0), (24.0, 6.0), (2.0, 0.5)];
    let objectives: Vec<String> =
        cases.iter().enumerate().map(|(i, (p, d))| format!(r#"{{"id": "o{i}", "period": {p}, "max_downtime": {d}}}"#)).collect();
    let result = run(&single_component(&objectives.join(",")), |_| {});
    let (lambda, mu) = (1.0 / MTTF, 1.0 / MTTR);
    for ((period, allowed), o) in cases.iter().zip(&result.objectives) {
        let exact = downtime_exceeds(lambda, mu, *period, *allowed);
        let p = &o.breach_probability;
        assert!(
            (p.mean - exact).abs() <= 4.0 * p.std_error,
            "period {period}, allowance {allowed}: P(breach) {} ± {} vs exact {exact}",
            p.mean,
            p.std_error
        );
        assert!(p.ci95[0] < p.ci95[1] && p.ci95[0] >= 0.0 && p.ci95[1] <= 1.0);
        // The reported 95th and 99th percentiles of downtime: the exact exceedance probability
        // at each is 5 % and 1 %, within what one life per observation allows (binomial, 4σ
        // over 1,000 lives, plus the histogram's ±0.5 % buckets).
        for (q, tail) in [(o.downtime.p95, 0.05), (o.downtime.p99, 0.01)] {
            if q <= 0.0 {
                // An atom at zero downtime covers this quantile: P(D > 0) must be below the tail.
                assert!(downtime_exceeds(lambda, mu, *period, 1e-9) <= tail + 0.01, "period {period}: quantile at the atom");
                continue;
            }
            let tolerance = 4.0 * (tail * (1.0 - tail) / 1000.0f64).sqrt();
            let above = downtime_exceeds(lambda, mu, *period, q * 1.005);
            let below = downtime_exceeds(lambda, mu, *period, q * 0.995);
            assert!(
                above <= tail + tolerance && below >= tail - tolerance,
                "period {period}: p{} = {q} has P(D > q) in [{above}, {below}], not ≈ {tail}",
                100.0 - 100.0 * tail
            );
        }
    }
}

#[test]
fn mean_downtime_per_period_is_u_times_the_period() {
    // Independent exponential components: U exact from the structure function.
    let text = r#"{"name": "sp", "components": [
        {"id": "web", "count": 2, "failure": {"dist": "exponential", "mean": 300}, "repair": {"dist": "exponential", "mean": 10}},
        {"id": "db", "failure": {"dist": "exponential", "mean": 2000}, "repair": {"dist": "exponential", "mean": 3}}],
        "system": {"series": [{"parallel": ["web"]}, "db"]},
        "simulation": {"horizon": 87660, "warmup": 200, "replications": 300, "seed": 3},
        "objectives": [{"id": "monthly", "target": 0.999, "period": "month"}, {"id": "weekly", "target": 0.995, "period": "week"}]}"#;
    let result = run(text, |_| {});
    let u = result.exact.as_ref().and_then(|e| e.unavailability).expect("an exact U");
    for o in &result.objectives {
        let d = &o.downtime.mean;
        let exact = u * o.period;
        assert!((d.mean - exact).abs() <= 4.0 * d.std_error, "{}: {} ± {} vs U·period {exact}", o.id, d.mean, d.std_error);
        assert!(d.ci95[0] <= d.mean && d.mean <= d.ci95[1]);
        // A month is a twelfth of 8766 h; (87660 − 200) / 730.5 = 119.7: 119 periods, a partial one left out.
        if o.id == "monthly" {
            assert_eq!(o.period, 730.5);
            assert_eq!(o.periods_per_replication, 119);
            assert!((o.left_out - (87460.0 - 119.0 * 730.5)).abs() < 1e-6);
        }
    }
}

#[test]
fn a_fixed_history_gives_credits_by_hand() {
    // Down [98, 100), [198, 200), ...: every 100 h period loses exactly 2 h: availability 0.98.
    let text = r#"{"name": "fixed", "components": [{"id": "s", "failure": {"dist": "fixed", "value": 98},
        "repair": {"dist": "fixed", "value": 2}}], "system": "s",
        "simulation": {"horizon": 1000, "replications": 3},
        "objectives": [
          {"id": "tight", "target": 0.99, "period": 100, "fee": 1000,
           "credits": [{"below": 0.99, "credit": 0.1}, {"below": 0.95, "credit": 0.5}], "long_outages": [1, 3]},
          {"id": "loose", "max_downtime": 3, "period": 100, "credits": [{"below": 0.99, "credit": 40}]}]}"#;
    let result = run(text, |_| {});
    let tight = &result.objectives[0];
    assert_eq!(tight.periods_per_replication, 10);
    assert_eq!(tight.breach_probability.mean, 1.0);
    assert_eq!(tight.breaches_per_year.mean, 87.66);
    // 10 % of a 1,000 fee per period, 87.66 periods a year.
    assert!((tight.credits_per_year.as_ref().expect("credits").mean - 100.0 * 87.66).abs() < 1e-9);
    assert_eq!(tight.availability.p50, 0.98);
    assert!((tight.budget_used.mean - 2.0).abs() < 1e-12, "2 h of a 1 h allowance");
    assert_eq!(tight.outages_distribution, [0.0, 1.0]);
    assert_eq!(tight.long_outages[0].probability.mean, 1.0, "2 h outages are longer than 1 h");
    assert_eq!(tight.long_outages[1].probability.mean, 0.0);
    // The allowance of 1 h runs out 99 h into each period: on day 5 (hours 96 to 120).
    let exhaustion = tight.exhaustion.as_ref().expect("breaches run out");
    assert_eq!((exhaustion.class_name.as_str(), exhaustion.median, exhaustion.p10, exhaustion.p90), ("day", 5, 5, 5));
    let loose = &result.objectives[1];
    assert_eq!(loose.breach_probability.mean, 0.0);
    assert!(loose.breach_probability.ci95[1] > 0.0, "no breach seen is an upper bound, not a certainty");
    // Availability 0.98 is below 0.99: the credit is owed although the objective (3 h) is met.
    assert!((loose.credits_per_year.as_ref().expect("credits").mean - 40.0 * 87.66).abs() < 1e-9);
}

#[test]
fn the_breach_interval_covers_over_many_seeds() {
    // 200 independent runs of 20 lives each; the exact P(breach) must fall inside at least 93 %
    // of the 95 % intervals.
    let (period, allowed) = (24.0, 2.0);
    let exact = downtime_exceeds(1.0 / MTTF, 1.0 / MTTR, period, allowed);
    let text = single_component(&format!(r#"{{"id": "daily", "period": {period}, "max_downtime": {allowed}}}"#));
    let model = parse_str(&text, "test.json").expect("valid");
    let mut covered = 0;
    for seed in 0..200 {
        let mut c = RunConfig::from_model(&model.system);
        c.threads = Some(1);
        c.replications = 20;
        c.horizon = 2500.0;
        c.seed = 1000 + seed;
        let result = study::run(&model, &c, &|_| {}).expect("runs");
        let p = &result.objectives[0].breach_probability;
        covered += usize::from(p.ci95[0] <= exact && exact <= p.ci95[1]);
    }
    eprintln!("P(breach) interval coverage: {covered} of 200 (exact {exact:.5})");
    assert!(covered >= 186, "the 95 % interval covered the exact P(breach) {exact} in {covered} of 200 runs");
}

#[test]
fn objectives_are_bit_identical_for_any_thread_count() {
    let text = single_component(r#"{"id": "daily", "period": "day", "max_downtime": 1, "credits": [{"below": 0.99, "credit": 5}]}"#);
    let one = run(&text, |c| c.threads = Some(1));
    let many = run(&text, |c| c.threads = Some(3));
    assert_eq!(serde_json::to_string(&one.objectives).unwrap(), serde_json::to_string(&many.objectives).unwrap());
}

fn errors(text: &str) -> Vec<Diagnostic> {
    match parse_str(text, "bad.json") {
        Err(ModelError::Invalid { errors, .. }) => errors,
        Err(other) => panic!("expected model errors, got {other}"),
        Ok(_) => panic!("model should be rejected: {text}"),
    }
}

#[test]
fn bad_objectives_are_reported_with_their_paths_all_at_once() {
    let text = r#"{"name": "m", "components": [{"id": "s", "failure": {"dist": "exponential", "mean": 10}}], "system": "s",
        "simulation": {"horizon": 500},
        "objectives": [
          {"id": "a", "target": 1.5, "period": "month"},
          {"id": "b", "target": 0.99, "period": "mnth"},
          {"id": "c", "target": 0.99, "period": "day", "credits": [{"below": 0.9, "credit": 0.5}, {"below": 0.99, "credit": 0.1}]},
          {"id": "d", "max_downtime": -1, "period": 10},
          {"id": "e", "target": 0.9, "period": 10, "fee": 100, "credits": [{"below": 0.9, "credit": 2}]}]}"#;
    let errors = errors(text);
    let find = |path: &str, words: &[&str]| {
        let e = errors.iter().find(|e| e.path == path).unwrap_or_else(|| panic!("no error at {path}: {errors:#?}"));
        for w in words {
            assert!(e.message.contains(w), "{path}: {:?} lacks {w:?}", e.message);
        }
    };
    find("objectives[0].target", &["between 0 and 1", "1.5"]);
    // A month (730.5 h) does not fit in the model's 500 h horizon: a warning naming both
    // numbers (a run may give a longer horizon), and a run with the model's own is refused.
    let Err(ModelError::Invalid { warnings, .. }) = parse_str(text, "bad.json") else { panic!("invalid") };
    let warning = warnings.iter().find(|w| w.path == "objectives[0].period").expect("a warning at the period");
    assert!(warning.message.contains("730.5") && warning.message.contains("500"), "{warning:?}");
    find("objectives[1].period", &["mnth", "did you mean `month`"]);
    find("objectives[2].credits[1].below", &["decrease"]);
    find("objectives[2].credits[1].credit", &["must not decrease"]);
    find("objectives[3].max_downtime", &["> 0", "-1"]);
    find("objectives[4].credits[0].credit", &["share of the fee"]);
}

#[test]
fn a_run_window_shorter_than_a_period_is_refused_before_it_starts() {
    let text = single_component(r#"{"id": "monthly", "target": 0.999, "period": "month"}"#);
    let model = parse_str(&text, "t.json").expect("valid: the model's own horizon holds months");
    let mut c = RunConfig::from_model(&model.system);
    c.horizon = 600.0;
    let error = study::run(&model, &c, &|_| {}).expect_err("refused").to_string();
    assert!(error.contains("730.5") && error.contains("600") && error.contains("objectives[0].period"), "{error}");
}

#[test]
fn a_model_whose_own_horizon_is_too_short_runs_with_a_longer_one() {
    let text =
        single_component(r#"{"id": "yearly", "target": 0.999, "period": "year"}"#).replace(r#""horizon": 9700"#, r#""horizon": 1000"#);
    let model = parse_str(&text, "t.json").expect("valid: the horizon is a run setting");
    assert!(model.warnings.iter().any(|w| w.path == "objectives[0].period" && w.message.contains("8766")), "{:?}", model.warnings);
    let mut c = RunConfig::from_model(&model.system);
    assert!(study::run(&model, &c, &|_| {}).is_err(), "the model's own window holds no year");
    c.horizon = 100.0 * 8766.0;
    c.replications = 20;
    let result = study::run(&model, &c, &|_| {}).expect("a century holds years");
    assert_eq!(result.objectives[0].periods_per_replication, 99, "(876,600 − 100) / 8,766 = 99.99");
}

#[test]
fn objectives_need_whole_lives_auto_says_so_and_failure_biasing_is_refused() {
    use ninesim::study::plan::{Method, Request, plan};
    let text = single_component(r#"{"id": "daily", "period": "day", "max_downtime": 1}"#);
    let model = parse_str(&text, "t.json").expect("valid");
    let config = RunConfig::from_model(&model.system);
    let auto = plan(&model, &config, &Request::default()).expect("plans");
    assert_eq!(auto.method.used, Method::Plain);
    assert!(auto.method.reason.contains("objectives"), "{}", auto.method.reason);
    let biased = Request { method: Method::FailureBiasing, ..Request::default() };
    let error = plan(&model, &config, &biased).expect_err("refused").to_string();
    assert!(error.contains("objectives") && error.contains("plain Monte Carlo"), "{error}");
    // The binary maps the refusal to exit code 2 (bad input), like every invalid setting.
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_ninesim"))
        .args(["run", "models/two-zone.json", "--method", "failure-biasing", "-q"])
        .output()
        .expect("runs");
    assert_eq!(status.status.code(), Some(2), "{}", String::from_utf8_lossy(&status.stderr));
}

#[test]
fn numbers_that_would_overflow_or_exhaust_a_run_are_refused() {
    // A period of 1e-300 h would cut a life into 1e306 periods; an allowance of 1e-300 h would
    // make the budget share overflow; a fee of 1e300 would make the credits infinite.
    let text = r#"{"name": "h", "components": [{"id": "s", "failure": {"dist": "exponential", "mean": 10}}], "system": "s",
        "simulation": {"horizon": 1e6},
        "objectives": [{"id": "a", "period": 1e-300, "target": 0.9}, {"id": "b", "period": 10, "max_downtime": 1e-300},
          {"id": "c", "period": 10, "target": 0.5, "fee": 1e300, "credits": [{"below": 0.9, "credit": 1}]}]}"#;
    let errors = errors(text);
    let paths: Vec<&str> = errors.iter().map(|e| e.path.as_str()).collect();
    assert_eq!(paths, ["objectives[1].max_downtime", "objectives[2].fee"], "{errors:#?}");
    // The period is too short for the model's window: a warning, and the run is refused.
    let Err(ModelError::Invalid { warnings, .. }) = parse_str(text, "bad.json") else { panic!("invalid") };
    assert!(warnings.iter().any(|w| w.path == "objectives[0].period" && w.message.contains("1e9")), "{warnings:#?}");
    let fixed = text.replace(r#""max_downtime": 1e-300"#, r#""max_downtime": 1"#).replace(r#""fee": 1e300"#, r#""fee": 1"#);
    let model = parse_str(&fixed, "h.json").expect("valid but for the window");
    let error = study::run(&model, &RunConfig::from_model(&model.system), &|_| {}).expect_err("refused").to_string();
    assert!(error.contains("objectives[0].period") && error.contains("1e9"), "{error}");
    assert!(errors.iter().all(|e| e.message.contains("1e-300") || e.message.contains("1e300")), "{errors:#?}");
}

#[test]
fn shards_merge_into_the_single_machine_objectives_and_costs() {
    let bin = env!("CARGO_BIN_EXE_ninesim");
    let dir = tempfile::tempdir().expect("temp dir");
    let shard = |i: u32| {
        let out = dir.path().join(format!("shard-{i}.json"));
        let status = std::process::Command::new(bin)
            .args(["run", "models/two-zone.json", "-n", "40", "--shard", &format!("{i}/2"), "-q", "--out"])
            .arg(&out)
            .status()
            .expect("runs");
        assert!(status.success());
        out
    };
    let (a, b) = (shard(0), shard(1));
    let merged = std::process::Command::new(bin).args(["merge", "-f", "json"]).arg(&a).arg(&b).output().expect("merges");
    assert!(merged.status.success(), "{}", String::from_utf8_lossy(&merged.stderr));
    let whole =
        std::process::Command::new(bin).args(["run", "models/two-zone.json", "-n", "40", "-f", "json", "-q"]).output().expect("runs");
    let merged: serde_json::Value = serde_json::from_slice(&merged.stdout).expect("json");
    let whole: serde_json::Value = serde_json::from_slice(&whole.stdout).expect("json");
    assert!(whole["objectives"].is_array() && whole["costs"].is_object());
    assert_eq!(merged["objectives"], whole["objectives"]);
    assert_eq!(merged["costs"], whole["costs"]);
    // A shard edited to count other periods, or to lose a breach, is refused, not merged.
    let text = std::fs::read_to_string(&a).expect("shard");
    for (from, to) in [(r#""periods": 1200"#, r#""periods": 1100"#), (r#""breaches": "#, r#""breaches": 1"#)] {
        assert!(text.contains(from), "{from}");
        let edited = dir.path().join("edited.json");
        std::fs::write(&edited, text.replacen(from, to, 1)).expect("writes");
        let out = std::process::Command::new(bin).args(["merge", "-f", "json"]).arg(&edited).arg(&b).output().expect("runs");
        assert_eq!(out.status.code(), Some(2), "{from} → {to}: {}", String::from_utf8_lossy(&out.stdout));
        assert!(String::from_utf8_lossy(&out.stderr).contains("monthly-sla"), "{}", String::from_utf8_lossy(&out.stderr));
    }
}
