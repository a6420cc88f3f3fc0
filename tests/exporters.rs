//! Every output format, snapshot-tested from a hand-built result (so a change in wording or
//! layout is a deliberate, reviewed change).

use ninesim::report::{Format, render};
use ninesim::results::{
    ComponentResult, DowntimeByCause, Exact, FirstFailure, Interval, ModelInfo, OutageDurations, RunResult, StandbyResult, TimeInState,
    Verdict,
};
use ninesim::stats::{Estimate, Proportion};

fn est(mean: f64, std_error: f64) -> Estimate {
    Estimate::new(mean, std_error, 999.0)
}

fn result() -> RunResult {
    RunResult {
        schema_version: 1,
        ninesim_version: "0.0.0-test".into(),
        model: ModelInfo { name: "Two web servers and a database".into(), file: "models/example.json".into() },
        seed: 7,
        replications: 1000,
        horizon: 87660.0,
        warmup: 876.6,
        time_unit: ninesim::model::TimeUnit::Hours,
        threads: 2,
        events: 1_234_567,
        availability: Estimate { ci95: [0.99987, 0.99991], ..est(0.99989, 1.0e-5) },
        unavailability: est(1.1e-4, 1.0e-5),
        nines: Interval { mean: 3.958_607_314_841_775, ci95: [3.92, 4.0] },
        downtime_minutes_per_year: est(57.8556, 5.2596),
        failure_frequency_per_year: est(2.5, 0.05),
        downtime_by_cause: DowntimeByCause { planned_minutes_per_year: est(20.0, 0.5), unplanned_minutes_per_year: est(57.3, 1.0) },
        time_in_state: TimeInState { fully_redundant: est(0.9912, 1e-4), degraded: est(0.00869, 1e-4), down: est(1.09e-4, 2e-6) },
        mtbf: Some(Interval { mean: 3506.4, ci95: [3437.6, 3578.0] }),
        unplanned_failures: None,
        r#mut: Some(est(3506.0, 35.0)),
        mdt: Some(est(0.3857, 0.01)),
        mttff: FirstFailure { estimate: Estimate { ci95: [3203.8, 3596.2], ..est(3400.0, 100.0) }, censored: 0 },
        reliability: Proportion::wilson(0, 1000),
        outage_duration: OutageDurations { count: 219_150, p50: Some(0.25), p90: Some(0.9), p99: Some(2.1), max: Some(7.5) },
        components: vec![
            ComponentResult {
                id: "web[1]".into(),
                unavailability: est(1.0e-3, 1.0e-5),
                failures_per_year: est(2.0, 0.04),
                downtime_contribution: est(5.0, 0.5),
                criticality: 0.0864,
                spof: false,
                criticality_exact: Some(0.0871),
            },
            ComponentResult {
                id: "db".into(),
                unavailability: est(1.0e-4, 1.0e-5),
                failures_per_year: est(0.5, 0.02),
                downtime_contribution: est(52.0, 5.0),
                criticality: 0.8988,
                spof: true,
                criticality_exact: Some(0.9012),
            },
        ],
        standby: vec![StandbyResult {
            block: "system.series[1]".into(),
            units: vec!["db[1]".into(), "db[2]".into()],
            switchovers_per_year: est(2.1, 0.02),
            failed_switches_per_year: est(0.04, 0.004),
            downtime_contribution: est(12.6, 0.3),
            criticality: 0.164,
        }],
        spof: vec!["db".into()],
        exact: Some(Exact {
            method: "structure function (BDD of 9 nodes)".into(),
            availability: Some(0.999_891),
            unavailability: Some(1.09e-4),
            failure_frequency_per_year: Some(2.49),
            mtbf: Some(3520.5),
            r#mut: Some(3520.1),
            mdt: Some(0.3835),
            window_unavailability: None,
            reliability: None,
            mttff: None,
            verdict: Verdict {
                compared_with: "steady_state".into(),
                exact: 1.09e-4,
                z: Some(0.1),
                inside_ci99: true,
                summary: "exact steady-state unavailability 1.0900e-4 lies inside the simulated 99% CI (z = +0.10)".into(),
                caveat: None,
            },
        }),
        no_exact: None,
        precision: None,
        method: ninesim::results::MethodUsed::plain(),
        costs: None,
        objectives: Vec::new(),
        uncertainty: None,
        curves: Default::default(),
        service_availability: None,
        lost_service_minutes_per_year: None,
        lost_service: Vec::new(),
    }
}

fn rendered(format: Format) -> String {
    String::from_utf8(render(&result(), format)).expect("utf-8")
}

#[test]
fn text_report() {
    insta::assert_snapshot!(rendered(Format::Text));
}

#[test]
fn json_result() {
    insta::assert_snapshot!(rendered(Format::Json));
}

#[test]
fn csv_result() {
    insta::assert_snapshot!(rendered(Format::Csv));
}

#[test]
fn markdown_result() {
    insta::assert_snapshot!(rendered(Format::Markdown));
}

#[test]
fn json_round_trips() {
    let back: RunResult = serde_json::from_str(&rendered(Format::Json)).expect("parses back");
    assert_eq!(back.unavailability.mean, 1.1e-4);
    assert_eq!(back.components.len(), 2);
}

/// `analyze` and `explain` on bundled models: deterministic (no sampling in `analyze`; a fixed
/// seed for the simulated column of `explain`).
fn bundled(name: &str) -> ninesim::Model {
    ninesim::load(format!("{}/models/{name}", env!("CARGO_MANIFEST_DIR"))).expect("bundled model loads")
}

fn analysis() -> ninesim::analysis::Analysis {
    let model = bundled("web-service.json");
    let config = ninesim::analysis::AnalysisConfig::from_model(&model.system);
    ninesim::analysis::analyze(&model.system, "models/web-service.json", &config).expect("analysis")
}

#[test]
fn analysis_reports() {
    let a = analysis();
    for (format, name) in
        [(Format::Text, "analyze_text"), (Format::Json, "analyze_json"), (Format::Csv, "analyze_csv"), (Format::Markdown, "analyze_md")]
    {
        let text = String::from_utf8(ninesim::report::render_analysis(&a, format)).expect("utf-8");
        insta::assert_snapshot!(name, text);
    }
}

#[test]
fn explanation_reports() {
    let model = bundled("web-service.json");
    let config = ninesim::RunConfig { replications: 200, seed: 3, ..ninesim::RunConfig::from_model(&model.system) };
    let tally = ninesim::sim::simulate(&model.system, &config, &|_| {}).expect("run");
    let x =
        ninesim::analysis::explain::explain_model(&model, Some(&ninesim::study::simulated_for_explanation(&tally))).expect("explanation");
    let x = ninesim::analysis::explain::Explanation {
        model: ninesim::results::ModelInfo { file: "models/web-service.json".into(), ..x.model.clone() },
        ..x
    };
    for (format, name) in [(Format::Text, "explain_text"), (Format::Markdown, "explain_md")] {
        let text = String::from_utf8(ninesim::report::render_explanation(&x, format)).expect("utf-8");
        insta::assert_snapshot!(name, text);
    }
}
