//! Every example model in `models/` loads without warnings, runs, and gives sane results.
//!
//! The set of files is pinned: a new model must be added to `EXPECTED` deliberately (and get a
//! look at what it should show).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use ninesim::model::DistributionSpec;
use ninesim::{Model, RunConfig, RunResult};

/// The example models, by file name.
const EXPECTED: [&str; 16] = [
    "bridge.json",
    "capacity-fleet.json",
    "db-failover.json",
    "erasure-pool.json",
    "metadata-store.json",
    "oncall-20.json",
    "power-train.json",
    "primary-replica-db.json",
    "quorum-3.json",
    "quorum-5.json",
    "rolling-deploy.json",
    "single-server.json",
    "storefront.json",
    "three-zone.json",
    "two-zone.json",
    "web-service.json",
];

/// The models whose components depend on each other (crews, standby, common causes,
/// maintenance), which only the simulation covers.
const SIMULATION_ONLY: [&str; 5] = ["db-failover.json", "oncall-20.json", "rolling-deploy.json", "three-zone.json", "two-zone.json"];

/// Simulated length of each replication in the test, in years (the models default to 100).
const TEST_HORIZON_YEARS: f64 = 10.0;
const TEST_REPLICATIONS: u64 = 50;

fn models_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("models")
}

fn model_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(models_dir())
        .expect("models/ exists")
        .map(|entry| entry.expect("readable directory entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    files
}

fn load(name: &str) -> Model {
    let path = models_dir().join(name);
    let model = ninesim::load(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert!(model.warnings.is_empty(), "{name}: unexpected warnings: {:#?}", model.warnings);
    model
}

fn run(model: &Model) -> RunResult {
    let mut config = RunConfig::from_model(&model.system);
    config.replications = TEST_REPLICATIONS;
    config.horizon = config.horizon.min(TEST_HORIZON_YEARS * model.system.year());
    if config.warmup >= config.horizon {
        config.warmup = 0.0;
    }
    ninesim::run(model, &config, &|_| {}).unwrap_or_else(|e| panic!("{}: {e}", model.file.display()))
}

/// Failure biasing to ±1%, as `run` does it by default.
fn failure_biasing(model: &Model, why: String) -> ninesim::results::RareEventResult {
    let precision = ninesim::sim::Precision { rel_error: 0.01, max_replications: 10_000_000, max_time: None };
    let config = ninesim::rare::Config { seed: 1, threads: None, stop: ninesim::rare::Stop::Precision(precision) };
    let method = ninesim::results::MethodUsed { requested: ninesim::Method::Auto, used: ninesim::Method::FailureBiasing, reason: why };
    ninesim::run_failure_biasing(model, &config, method, &|_| {}).unwrap_or_else(|e| panic!("{}: {e}", model.file.display()))
}

fn name_of(path: &Path) -> String {
    path.file_name().expect("a file name").to_string_lossy().into_owned()
}

#[test]
fn the_set_of_example_models_is_exactly_the_expected_one() {
    let found: BTreeSet<String> = model_files().iter().map(|p| name_of(p)).collect();
    let expected: BTreeSet<String> = EXPECTED.iter().map(|s| s.to_string()).collect();
    assert_eq!(found, expected, "models/ changed: add the new model to EXPECTED in tests/models.rs (and check what it shows)");
}

#[test]
fn every_model_loads_cleanly_runs_and_gives_sane_results() {
    for path in model_files() {
        let name = name_of(&path);
        let model = load(&name);
        let description = model.spec.description.as_deref().unwrap_or("");
        assert!(!description.trim().is_empty(), "{name}: every example model needs a description");

        let r = run(&model);
        let a = r.availability.mean;
        let u = r.unavailability.mean;
        assert!(a > 0.0 && a <= 1.0, "{name}: availability {a}");
        assert!((0.0..1.0).contains(&u), "{name}: unavailability {u}");
        assert!((a + u - 1.0).abs() < 1e-12, "{name}: A + U = {}", a + u);
        // With no outage observed (short test runs of very reliable designs) the lower bound
        // is unknown (NaN), not a number.
        let [lo, hi] = r.availability.ci95;
        assert!((lo.is_nan() || lo <= a) && a <= hi, "{name}: A outside its CI {:?}", r.availability.ci95);
        assert!(r.events > 0, "{name}: no events simulated");
        assert_eq!(r.replications, TEST_REPLICATIONS, "{name}");
        assert_eq!(r.components.len(), model.system.components().len(), "{name}");
        for c in &r.components {
            let cu = c.unavailability.mean;
            assert!((0.0..=1.0).contains(&cu), "{name}: {} unavailability {cu}", c.id);
            assert!(c.failures_per_year.mean >= 0.0, "{name}: {} failures/yr {}", c.id, c.failures_per_year.mean);
        }
        // Every listed SPOF is a component of the model, marked as such.
        for s in &r.spof {
            let c = r.components.iter().find(|c| &c.id == s).unwrap_or_else(|| panic!("{name}: SPOF {s} is not a component"));
            assert!(c.spof, "{name}: {s} listed as SPOF but not marked");
        }
    }
}

#[test]
fn the_models_use_every_kind_of_distribution() {
    let mut kinds = BTreeSet::new();
    for path in model_files() {
        let model = load(&name_of(&path));
        for c in &model.spec.components {
            kinds.insert(c.failure.name());
            if let Some(repair) = &c.repair {
                kinds.insert(repair.name());
            }
        }
    }
    let all: BTreeSet<&str> = [
        DistributionSpec::Exponential { mean: Some(1.0), rate: None, uncertainty: None },
        DistributionSpec::Weibull { shape: 1.0, scale: Some(1.0), mean: None, uncertainty: None },
        DistributionSpec::Lognormal { mean: Some(1.0), sd: Some(1.0), mu: None, sigma: None, uncertainty: None },
        DistributionSpec::Normal { mean: 1.0, sd: 1.0 },
        DistributionSpec::Gamma { shape: 1.0, scale: Some(1.0), mean: None, uncertainty: None },
        DistributionSpec::Uniform { low: 0.0, high: 1.0 },
        DistributionSpec::Fixed { value: 1.0 },
        DistributionSpec::Empirical { values: vec![1.0] },
    ]
    .iter()
    .map(DistributionSpec::name)
    .collect();
    assert_eq!(kinds, all);
}

#[test]
fn web_service_has_dns_as_its_only_spof() {
    let r = run(&load("web-service.json"));
    assert_eq!(r.spof, ["dns"]);
}

#[test]
fn the_storefront_fitted_to_its_incident_log_has_three_times_the_guessed_downtime() {
    use ninesim::model::incidents::{DataOptions, parse};
    let guessed = load("storefront.json");
    let guessed_run = run(&guessed);
    assert_eq!(guessed_run.spof, ["lb", "db"]);
    let path = std::path::Path::new("examples/data/incident-log.csv");
    let text = std::fs::read_to_string(path).expect("incident log");
    let options = DataOptions { from: Some("2021-01-01T00:00:00Z".into()), to: Some("2026-01-01T00:00:00Z".into()), ..Default::default() };
    let data = parse(&text, path, &options).expect("the log reads");
    let fit = ninesim::study::fit::fit(&data, "incident-log.csv");
    let model_text = std::fs::read_to_string(models_dir().join("storefront.json")).expect("model");
    let (fitted_text, written) =
        ninesim::study::fit::into_model(&model_text, &models_dir().join("storefront.json"), &fit, &Default::default()).expect("written");
    assert_eq!(written.len(), 6, "both laws of lb, web and db");
    let fitted = ninesim::model::parse_str(&fitted_text, "fitted.json").expect("the fitted model loads");
    let fitted_run = run(&fitted);
    // The description's claim, on the exact steady states (both models are independent
    // components): the fitted downtime is about three times the guessed one (db fails every
    // 2,900 h rather than 5,000 h and takes 5 h, not 3 h); each simulation agrees with its own.
    let exact = |r: &RunResult| r.exact.as_ref().and_then(|e| e.unavailability).expect("an exact steady state");
    let ratio = exact(&fitted_run) / exact(&guessed_run);
    assert!((2.8..3.2).contains(&ratio), "fitted/guessed downtime {ratio}");
    for r in [&guessed_run, &fitted_run] {
        assert!(r.unavailability.contains(exact(r), 0.999), "{:?} vs {}", r.unavailability, exact(r));
    }
    assert_eq!(fitted_run.spof, ["lb", "db"]);
}

#[test]
fn bridge_has_no_spof() {
    let model = load("bridge.json");
    assert_eq!(model.system.components().len(), 5);
    assert!(run(&model).spof.is_empty());
}

#[test]
fn erasure_pool_has_ten_disks_and_only_its_head_as_spof() {
    let model = load("erasure-pool.json");
    let disks: Vec<&str> = model.system.components().iter().filter(|c| c.kind_id == "disk").map(|c| c.name.as_str()).collect();
    let expected: Vec<String> = (1..=10).map(|i| format!("disk[{i}]")).collect();
    assert_eq!(disks, expected);
    assert_eq!(run(&model).spof, ["head"]);
}

#[test]
fn quorum_clusters_have_no_spof() {
    assert!(run(&load("quorum-3.json")).spof.is_empty());
    assert!(run(&load("quorum-5.json")).spof.is_empty());
}

#[test]
fn redundant_designs_have_no_spof_and_the_single_server_is_one() {
    assert!(run(&load("primary-replica-db.json")).spof.is_empty());
    assert!(run(&load("power-train.json")).spof.is_empty());
    assert_eq!(run(&load("single-server.json")).spof, ["server"]);
}

/// Each bundled model that is solvable exactly, run with its own settings and the default seed,
/// against the exact answer: the simulated 99.9% interval of U contains the exact expected
/// unavailability over the window (or the steady state, when the window's value has no closed
/// form). The others say why they have no exact answer.
#[test]
fn every_bundled_model_agrees_with_its_exact_answer() {
    for path in model_files() {
        let name = name_of(&path);
        let model = load(&name);
        let config = RunConfig::from_model(&model.system);
        // As `run` does: failure biasing where plain Monte Carlo would see too few outages.
        let (method, why) = ninesim::study::plan::choose(&model.system, &config, None);
        if method == ninesim::Method::FailureBiasing {
            let r = failure_biasing(&model, why);
            let exact = r.exact.as_ref().unwrap_or_else(|| panic!("{name}: exponential, so solvable exactly"));
            let u = exact.verdict.exact;
            assert!(r.unavailability.contains(u, 0.999), "{name}: exact U {u:e} outside the 99.9% CI {:?}", r.unavailability.ci(0.999));
            continue;
        }
        let r = ninesim::run(&model, &config, &|_| {}).unwrap_or_else(|e| panic!("{name}: {e}"));
        if SIMULATION_ONLY.contains(&name.as_str()) {
            assert!(r.exact.is_none(), "{name}: unexpectedly solvable exactly");
            assert!(
                r.no_exact.as_deref().is_some_and(|m| m.contains("not exponential") || m.contains("maintenance")),
                "{name}: {:?}",
                r.no_exact
            );
            continue;
        }
        let exact = r.exact.as_ref().unwrap_or_else(|| panic!("{name}: solvable exactly, but: {:?}", r.no_exact));
        let u = exact.verdict.exact;
        assert!(
            r.unavailability.contains(u, 0.999),
            "{name}: exact U {u:e} outside the simulated 99.9% CI {:?}",
            r.unavailability.ci(0.999)
        );
        // The steady-state U and the one over a long window from new agree closely.
        if let (Some(steady), Some(window)) = (exact.unavailability, exact.window_unavailability) {
            assert!(((steady - window) / steady).abs() < 1e-3, "{name}: steady {steady:e} vs window {window:e}");
        }
    }
}

/// The README's comparison: the three-zone design has clearly less downtime than the two-zone
/// one (its database quorum needs no failover when a zone goes), beyond both intervals.
#[test]
fn three_zones_beat_two_zones_beyond_the_confidence_intervals() {
    let two = ninesim::run(&load("two-zone.json"), &RunConfig::from_model(&load("two-zone.json").system), &|_| {}).expect("runs");
    let three = ninesim::run(&load("three-zone.json"), &RunConfig::from_model(&load("three-zone.json").system), &|_| {}).expect("runs");
    let (u2, u3) = (&two.unavailability, &three.unavailability);
    assert!(u3.ci(0.999)[1] < u2.ci(0.999)[0], "three zones {:?} vs two zones {:?}", u3.ci(0.999), u2.ci(0.999));
    // Both survive a zone outage: neither zone is a single point of failure.
    assert_eq!(two.spof, ["dns"]);
    assert_eq!(three.spof, ["dns"]);
}

#[test]
fn the_rolling_deploy_causes_planned_downtime_only_beside_a_failure() {
    let r = run(&load("rolling-deploy.json"));
    let by_cause = &r.downtime_by_cause;
    assert!(by_cause.planned_minutes_per_year.mean > 0.0 && by_cause.unplanned_minutes_per_year.mean > 0.0, "{by_cause:?}");
    // A node is out for a deploy 1/96 of the time: the service is degraded at least that often.
    assert!(r.time_in_state.degraded.mean > 5.0 / 96.0 * 0.9, "{:?}", r.time_in_state);
}

#[test]
fn one_engineer_leaves_the_fleet_degraded_for_long() {
    let r = run(&load("oncall-20.json"));
    // Twenty servers down 0.8% of the time each: P(all up) is about 85% with independent
    // repairs; queueing for the one engineer makes it worse.
    assert!(r.time_in_state.degraded.mean > 0.15, "{:?}", r.time_in_state);
}

#[test]
fn the_mixed_fleet_is_solved_by_its_markov_chain() {
    let model = load("capacity-fleet.json");
    assert_eq!(model.system.blocks()[0].kind, ninesim::model::BlockKind::Capacity);
    let r = run(&model);
    let exact = r.exact.expect("exponential laws: the chain applies");
    assert!(exact.method.starts_with("Markov chain of 512 states"), "{}", exact.method);
}

#[test]
fn the_metadata_store_has_seven_nines_and_runs_by_failure_biasing() {
    let model = load("metadata-store.json");
    let config = RunConfig::from_model(&model.system);
    let (method, why) = ninesim::study::plan::choose(&model.system, &config, None);
    assert_eq!(method, ninesim::Method::FailureBiasing, "{why}");
    // Plain Monte Carlo would see a handful of outages in its 1,000 × 100 years.
    assert!(why.contains("outages"), "{why}");
    let r = failure_biasing(&model, why);
    let exact = r.exact.as_ref().expect("the chain of its crew applies");
    assert!(exact.method.starts_with("Markov chain"), "{}", exact.method);
    assert!(exact.verdict.exact < 1e-7, "seven nines: U = {:e}", exact.verdict.exact);
    assert!(r.precision.and_then(|p| p.rel_error).is_some_and(|e| e <= 0.01));
}
