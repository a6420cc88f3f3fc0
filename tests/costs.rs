//! Costs against what renewal theory says they must be, and a model without costs unchanged.
//!
//! For independent components with exponential laws, component i fails 1/(MTTF_i + MTTR_i)
//! times per hour in steady state and spends the fraction MTTR_i/(MTTF_i + MTTR_i) of the time
//! in repair; a parallel pair is down with probability q_a·q_b. Each expected cost per year is
//! then an amount times one of these, and must lie in the run's own 95% interval (fixed seed,
//! so the test is deterministic).

use ninesim::{HOURS_PER_YEAR, RunConfig, RunResult};

const PAIR: &str = r#"{"name": "pair", "components": [
    {"id": "a", "failure": {"dist": "exponential", "mean": 100}, "repair": {"dist": "exponential", "mean": 10},
     "cost": {"per_failure": 3, "per_repair_hour": 2, "per_year": 40, "acquisition": 500}},
    {"id": "b", "failure": {"dist": "exponential", "mean": 200}, "repair": {"dist": "exponential", "mean": 5},
     "cost": {"per_failure": 7}}],
    "costs": {"per_hour_down": 1000, "currency": "EUR"},
    "system": {"parallel": ["a", "b"]}}"#;

fn run(model: &str) -> RunResult {
    let model = ninesim::model::parse_str(model, "test.json").expect("test model is valid");
    let config = RunConfig { replications: 400, horizon: 20_000.0, warmup: 1_000.0, seed: 20261125, threads: None };
    ninesim::run(&model, &config, &|_| {}).expect("run succeeds")
}

#[test]
fn expected_costs_per_year_match_renewal_theory_within_their_intervals() {
    let r = run(PAIR);
    let c = r.costs.as_ref().expect("the model has costs");
    let year = HOURS_PER_YEAR;
    let failures = (3.0 / 110.0 + 7.0 / 205.0) * year;
    assert!(c.failures_per_year.contains(failures, 0.95), "failures: exact {failures}, simulated {:?}", c.failures_per_year);
    let u = (10.0 / 110.0) * (5.0 / 205.0);
    let downtime = 1000.0 * u * year;
    assert!(c.downtime_per_year.contains(downtime, 0.95), "downtime: exact {downtime}, simulated {:?}", c.downtime_per_year);
    let repair = 2.0 * 10.0 / 110.0 * year;
    assert!(c.repair_per_year.contains(repair, 0.95), "repair: exact {repair}, simulated {:?}", c.repair_per_year);
    assert_eq!(c.infrastructure_per_year.mean, 40.0);
    assert_eq!(c.acquisition, 500.0);
    assert_eq!(c.currency.as_deref(), Some("EUR"));
    assert!(c.sla_credits_per_year.is_none());
    let parts = c.infrastructure_per_year.mean + c.failures_per_year.mean + c.repair_per_year.mean + c.downtime_per_year.mean;
    assert!((c.total_per_year.mean - parts).abs() < 1e-9 * parts);
    let total = failures + downtime + repair + 40.0;
    assert!(c.total_per_year.contains(total, 0.95), "total: exact {total}, simulated {:?}", c.total_per_year);
    let years = 20_000.0 / year;
    assert!((c.horizon_years - years).abs() < 1e-12);
    assert!((c.total_over_horizon.mean - (500.0 + c.total_per_year.mean * years)).abs() < 1e-6);
    assert_eq!(r.headline().cost_per_year, Some(c.total_per_year));
}

#[test]
fn a_model_without_costs_reports_none() {
    let plain = PAIR
        .replace(",\n     \"cost\": {\"per_failure\": 3, \"per_repair_hour\": 2, \"per_year\": 40, \"acquisition\": 500}", "")
        .replace(",\n     \"cost\": {\"per_failure\": 7}", "")
        .replace("\n    \"costs\": {\"per_hour_down\": 1000, \"currency\": \"EUR\"},", "");
    assert!(!plain.contains("cost"), "{plain}");
    let r = run(&plain);
    assert!(r.costs.is_none());
    assert!(r.headline().cost_per_year.is_none());
    let json = serde_json::to_string(&r).expect("serialises");
    assert!(!json.contains("cost"), "no cost field in the JSON of a model without costs");
    for format in [ninesim::report::Format::Text, ninesim::report::Format::Markdown, ninesim::report::Format::Csv] {
        let out = String::from_utf8(ninesim::report::render(&r, format)).expect("utf-8");
        assert!(!out.to_lowercase().contains("cost"), "{out}");
    }
}
