//! Delivered service (`demand`): the simulated service availability against the exact
//! time-average of the delivered fraction, by enumerating the states of independent
//! exponential components; and a model without a demand reports nothing new.

use ninesim::{RunConfig, RunResult};

/// (MTTF, MTTR, capacity) of each component: a mixed fleet often down.
const FLEET: [(f64, f64, f64); 5] = [(200.0, 20.0, 4.0), (150.0, 25.0, 4.0), (100.0, 10.0, 1.0), (120.0, 15.0, 1.0), (90.0, 30.0, 1.0)];
/// The extra component `x` in series or in parallel with the vote.
const X: (f64, f64) = (80.0, 8.0);
const MIN_CAPACITY: f64 = 5.0;
const DEMAND: f64 = 9.0;

fn component(id: &str, mttf: f64, mttr: f64, capacity: f64) -> String {
    format!(
        r#"{{"id": "{id}", "capacity": {capacity}, "failure": {{"dist": "exponential", "mean": {mttf}}}, "repair": {{"dist": "exponential", "mean": {mttr}}}}}"#
    )
}

/// The fleet's vote, alone (`how` empty) or in a `series`/`parallel` block with `x`.
fn model(how: &str) -> String {
    let mut components: Vec<String> = FLEET.iter().enumerate().map(|(i, &(m, r, c))| component(&format!("f{i}"), m, r, c)).collect();
    let ids: Vec<String> = (0..FLEET.len()).map(|i| format!(r#""f{i}""#)).collect();
    let vote = format!(r#"{{"k_of_n": {{"min_capacity": {MIN_CAPACITY}, "demand": {DEMAND}, "of": [{}]}}}}"#, ids.join(", "));
    let system = if how.is_empty() {
        vote
    } else {
        components.push(component("x", X.0, X.1, 1.0));
        format!(r#"{{"{how}": [{vote}, "x"]}}"#)
    };
    format!(r#"{{"name": "service", "components": [{}], "system": {system}}}"#, components.join(", "))
}

/// Σ over the fleet's states of P(state) × `service(vote fraction)`.
fn exact(service: impl Fn(f64) -> f64) -> f64 {
    let n = FLEET.len();
    let mut total = 0.0;
    for state in 0..1u32 << n {
        let mut p = 1.0;
        let mut capacity = 0.0;
        for (i, &(mttf, mttr, c)) in FLEET.iter().enumerate() {
            let a = mttf / (mttf + mttr);
            if state >> i & 1 == 1 {
                p *= a;
                capacity += c;
            } else {
                p *= 1.0 - a;
            }
        }
        let fraction = if capacity >= MIN_CAPACITY { (capacity / DEMAND).min(1.0) } else { 0.0 };
        total += p * service(fraction);
    }
    total
}

fn simulate(model: &str) -> RunResult {
    let model = ninesim::model::parse_str(model, "service.json").expect("valid");
    let config = RunConfig { replications: 200, horizon: 20_000.0, warmup: 500.0, seed: 20260512, threads: None };
    ninesim::run(&model, &config, &|_| {}).expect("run succeeds")
}

fn check(name: &str, result: &RunResult, exact: f64) {
    let s = result.service_availability.as_ref().expect("a model with a demand reports its service availability");
    assert!(s.std_error > 0.0, "{name}: {s:?}");
    assert!((s.mean - exact).abs() <= 4.0 * s.std_error, "{name}: exact {exact}, simulated {} ± {}", s.mean, s.std_error);
    assert!(s.contains(exact, 0.9999), "{name}: exact {exact} outside {:?}", s.ci(0.9999));
    // Service is lost while down too: service availability ≤ availability.
    assert!(s.mean <= result.availability.mean + 1e-12, "{name}: {} > {}", s.mean, result.availability.mean);
    // Each component's share is at most the whole (while the system is down, every critical
    // component is credited the whole outage, so the shares need not sum to 1).
    assert!(result.lost_service.iter().all(|c| (0.0..=1.0).contains(&c.share)), "{name}: {:?}", result.lost_service);
    assert!(result.lost_service.iter().any(|c| c.share > 0.1), "{name}: {:?}", result.lost_service);
}

#[test]
fn a_capacity_vote_with_demand_delivers_the_exact_time_average_fraction() {
    let result = simulate(&model(""));
    let want = exact(|f| f);
    // Far from the up/down availability: the test can tell the two apart.
    assert!(result.availability.mean - want > 0.05, "{} vs {want}", result.availability.mean);
    check("vote", &result, want);
}

#[test]
fn series_takes_the_minimum_and_parallel_the_maximum_of_the_fractions() {
    let a_x = X.0 / (X.0 + X.1);
    // Series: x up (fraction 1) leaves the vote's, x down gives 0: min.
    check("series", &simulate(&model("series")), exact(|f| a_x * f));
    // Parallel: x up gives 1, x down the vote's: max.
    check("parallel", &simulate(&model("parallel")), exact(|f| a_x + (1.0 - a_x) * f));
}

#[test]
fn a_model_without_demand_reports_nothing_new() {
    let text = model("").replace(&format!(r#", "demand": {DEMAND}"#), "");
    let parsed = ninesim::model::parse_str(&text, "service.json").expect("valid");
    assert!(!parsed.system.has_demand());
    let result = simulate(&text);
    assert!(result.service_availability.is_none() && result.lost_service_minutes_per_year.is_none() && result.lost_service.is_empty());
    let json = String::from_utf8(ninesim::report::render_json(&result)).expect("utf-8");
    assert!(!json.contains("service_availability") && !json.contains("lost_service"), "{json}");
    for format in [ninesim::report::Format::Text, ninesim::report::Format::Markdown, ninesim::report::Format::Csv] {
        let out = String::from_utf8(ninesim::report::render(&result, format)).expect("utf-8");
        assert!(!out.contains("delivered") && !out.contains("lost service") && !out.contains("lost_service"), "{format:?}: {out}");
    }
    // With the demand, every format has the new rows.
    let with = simulate(&model(""));
    for format in [ninesim::report::Format::Text, ninesim::report::Format::Markdown, ninesim::report::Format::Csv] {
        let out = String::from_utf8(ninesim::report::render(&with, format)).expect("utf-8").to_lowercase();
        assert!(
            (out.contains("delivered") || out.contains("service_availability"))
                && (out.contains("lost service") || out.contains("lost_service")),
            "{format:?}: {out}"
        );
    }
}
