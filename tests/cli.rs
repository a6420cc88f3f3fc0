//! The `ninesim` binary, as a user runs it.

use assert_cmd::Command;
use serde_json::Value;

/// The option matrix: every command's common options, exports, "wrote" lines and `-n`.
#[path = "cli/options.rs"]
mod options;

fn ninesim() -> Command {
    Command::cargo_bin("ninesim").expect("binary is built")
}

fn json_run(model: &str, extra: &[&str]) -> Value {
    let out = ninesim().args(["run", model, "--format", "json", "--quiet"]).args(extra).output().expect("runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("valid JSON")
}

#[test]
fn run_prints_the_headline_figures_of_the_web_service() {
    let out = ninesim().args(["run", "models/web-service.json", "-n", "200"]).output().expect("runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).expect("utf-8");
    for needle in ["Availability", "95% CI", "Nines", "min/year", "MTBF", "MDT (system MTTR)", "Single points of failure: dns"] {
        assert!(text.contains(needle), "missing {needle:?} in\n{text}");
    }
}

#[test]
fn same_seed_gives_identical_json_on_one_and_two_threads() {
    let mut one = json_run("models/web-service.json", &["-n", "300", "--seed", "7", "--threads", "1"]);
    let mut two = json_run("models/web-service.json", &["-n", "300", "--seed", "7", "--threads", "2"]);
    // `threads` is informational: it says how the run was done, not what it found.
    assert_eq!(one["threads"], 1);
    assert_eq!(two["threads"], 2);
    one.as_object_mut().expect("object").remove("threads");
    two.as_object_mut().expect("object").remove("threads");
    assert_eq!(serde_json::to_string(&one).expect("json"), serde_json::to_string(&two).expect("json"));
}

#[test]
fn different_seeds_give_different_results() {
    let a = json_run("models/single-server.json", &["-n", "50", "--seed", "1"]);
    let b = json_run("models/single-server.json", &["-n", "50", "--seed", "2"]);
    assert_ne!(a["unavailability"]["mean"], b["unavailability"]["mean"]);
}

#[test]
fn json_result_has_the_fields_of_the_design() {
    let r = json_run("models/web-service.json", &["-n", "100"]);
    for key in [
        "schema_version",
        "ninesim_version",
        "model",
        "seed",
        "replications",
        "horizon",
        "warmup",
        "threads",
        "availability",
        "unavailability",
        "nines",
        "downtime_minutes_per_year",
        "failure_frequency_per_year",
        "mtbf",
        "mut",
        "mdt",
        "mttff",
        "reliability",
        "outage_duration",
        "components",
        "spof",
    ] {
        assert!(r.get(key).is_some(), "missing {key}");
    }
    assert_eq!(r["model"]["file"], "models/web-service.json");
    assert_eq!(r["spof"], serde_json::json!(["dns"]));
    let ci = &r["availability"]["ci95"];
    assert!(ci[0].as_f64() <= r["availability"]["mean"].as_f64() && r["availability"]["mean"].as_f64() <= ci[1].as_f64());
    for c in r["components"].as_array().expect("list") {
        for key in ["id", "downtime_contribution", "criticality", "failures_per_year", "unavailability", "spof"] {
            assert!(c.get(key).is_some(), "component lacks {key}");
        }
    }
}

#[test]
fn out_writes_the_file_and_nothing_to_stdout() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("result.csv");
    let out = ninesim()
        .args(["run", "models/single-server.json", "-n", "20", "--quiet", "--format", "csv", "--out"])
        .arg(&path)
        .output()
        .expect("runs");
    assert!(out.status.success());
    assert!(out.stdout.is_empty());
    let csv = std::fs::read_to_string(&path).expect("written");
    assert!(csv.starts_with("scenario,scope,id,metric,value,std_error,ci95_low,ci95_high\n"));
    assert!(csv.contains("\nmodels/single-server.json,system,Single server,availability,"), "{csv}");
    assert_eq!(std::fs::read_dir(dir.path()).expect("dir").count(), 1, "no temporary file left behind");
}

#[test]
fn markdown_has_tables() {
    let out = ninesim().args(["run", "models/quorum-3.json", "-n", "20", "--format", "md"]).output().expect("runs");
    assert!(out.status.success());
    let md = String::from_utf8(out.stdout).expect("utf-8");
    assert!(md.contains("| availability |"));
    assert!(md.contains("| component |"));
}

#[test]
fn command_line_overrides_the_model_settings() {
    let r = json_run("models/single-server.json", &["-n", "10", "--horizon", "5000", "--warmup", "100", "--seed", "99"]);
    assert_eq!(r["replications"], 10);
    assert_eq!(r["horizon"], 5000.0);
    assert_eq!(r["warmup"], 100.0);
    assert_eq!(r["seed"], 99);
}

#[test]
fn invalid_model_exits_2_naming_the_file_and_every_path() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("broken.json");
    std::fs::write(
        &path,
        r#"{"name": "broken", "components": [
            {"id": "a", "failure": {"dist": "weibull", "shape": -2, "mean": 5}},
            {"id": "b", "failure": {"dist": "exponential", "mean": 5}}
        ], "system": {"k_of_n": {"k": 3, "of": ["a", "b"]}}}"#,
    )
    .expect("write");
    for command in ["validate", "run"] {
        let out = ninesim().arg(command).arg(&path).output().expect("runs");
        assert_eq!(out.status.code(), Some(2), "{command}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("broken.json"), "{err}");
        assert!(err.contains("components[0].failure.shape"), "{err}");
        assert!(err.contains("system.k_of_n.k"), "{err}");
        assert!(!err.contains("panicked"), "{err}");
    }
}

#[test]
fn missing_file_is_a_clear_error() {
    let out = ninesim().args(["run", "no/such/model.json"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(1), "a missing file is not an invalid model (exit code 2)");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("could not read model file 'no/such/model.json'"), "{err}");
}

#[test]
fn bad_settings_are_refused_with_exit_code_2() {
    let out = ninesim().args(["run", "models/single-server.json", "--horizon", "10", "--warmup", "20"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("warm-up"));
}

#[test]
fn validate_accepts_every_bundled_model() {
    for entry in std::fs::read_dir("models").expect("models/") {
        let path = entry.expect("entry").path();
        let out = ninesim().arg("validate").arg(&path).output().expect("runs");
        assert!(out.status.success(), "{}: {}", path.display(), String::from_utf8_lossy(&out.stderr));
        assert!(String::from_utf8_lossy(&out.stdout).contains("valid"));
    }
}

#[test]
fn committed_schema_is_current() {
    let out = ninesim().arg("schema").output().expect("runs");
    assert!(out.status.success());
    let committed = std::fs::read_to_string("schema/model.schema.json").expect("schema/model.schema.json exists");
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        committed,
        "schema/model.schema.json is stale: run `cargo run -- schema --out schema/model.schema.json`"
    );
}

#[test]
fn bundled_models_validate_against_the_schema_shape() {
    // Every bundled model names the schema's required top-level fields.
    let schema: Value = serde_json::from_str(&std::fs::read_to_string("schema/model.schema.json").expect("schema")).expect("json");
    let required: Vec<&str> = schema["required"].as_array().expect("required").iter().filter_map(Value::as_str).collect();
    for entry in std::fs::read_dir("models").expect("models/") {
        let path = entry.expect("entry").path();
        let model: Value = serde_json::from_str(&std::fs::read_to_string(&path).expect("read")).expect("json");
        for key in &required {
            assert!(model.get(key).is_some(), "{} lacks {key}", path.display());
        }
    }
}

#[test]
fn no_downtime_observed_is_reported_as_unknown_not_as_zero_with_certainty() {
    // Five-node quorum over 3 × 1000 h: no outage is expected, so U cannot be estimated.
    let r = json_run("models/quorum-5.json", &["-n", "3", "--horizon", "1000"]);
    assert_eq!(r["unavailability"]["mean"], 0.0);
    assert!(r["unavailability"]["ci95"][1].is_null(), "upper bound unknown: {}", r["unavailability"]);
    // No failure in 3000 h: ω < −ln(0.05)/3000 h, per year.
    let bound = r["failure_frequency_per_year"]["ci95"][1].as_f64().expect("finite bound");
    assert!((bound - 0.05f64.ln().abs() / 3000.0 * 8766.0).abs() < 1e-9, "{bound}");
    let out = ninesim().args(["run", "models/quorum-5.json", "-n", "3", "--horizon", "1000"]).output().expect("runs");
    assert!(String::from_utf8_lossy(&out.stdout).contains("No system downtime observed"));
}

#[test]
fn the_readme_shows_the_real_output_of_its_first_command() {
    let readme = std::fs::read_to_string("README.md").expect("README.md");
    let excerpt = readme.split("```text\n").nth(1).and_then(|rest| rest.split("```").next()).expect("a text block in README.md");
    let out = ninesim().args(["run", "models/web-service.json"]).output().expect("runs");
    assert!(out.status.success());
    assert_eq!(String::from_utf8_lossy(&out.stdout), excerpt, "README.md's output excerpt is stale: paste the new output");
    let analysis =
        readme.split("`ninesim analyze models/bridge.json` prints:\n\n```text\n").nth(1).and_then(|rest| rest.split("```").next());
    let out = ninesim().args(["analyze", "models/bridge.json"]).output().expect("runs");
    assert_eq!(Some(&*String::from_utf8_lossy(&out.stdout)), analysis, "README.md's analyze excerpt is stale");
}

#[test]
fn analyze_prints_the_exact_figures_cut_sets_and_importance() {
    let out = ninesim().args(["analyze", "models/bridge.json"]).output().expect("runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).expect("utf-8");
    for needle in ["Steady state", "Unavailability", "Minimal cut sets up to order 3 (4 sets; these are all of them)", "Birnbaum", "RAW"] {
        assert!(text.contains(needle), "missing {needle:?} in\n{text}");
    }
    let out = ninesim().args(["analyze", "models/web-service.json", "--format", "json", "--max-order", "1"]).output().expect("runs");
    let r: Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    assert_eq!(r["spof"], serde_json::json!(["dns"]));
    // DESIGN.md: analyze prints the exact fields at the top level.
    for key in ["availability", "unavailability", "failure_frequency_per_year", "mdt", "method"] {
        assert!(r.get(key).is_some(), "missing {key}");
    }
    assert_eq!(r["cut_sets"]["sets"].as_array().expect("sets").len(), 1, "order 1 only: dns");
    assert_eq!(r["cut_sets"]["complete"], false);
}

#[test]
fn analyze_lists_path_sets_on_request_and_refuses_a_bad_order() {
    let out = ninesim().args(["analyze", "models/bridge.json", "--path-sets", "3", "--format", "csv"]).output().expect("runs");
    let text = String::from_utf8(out.stdout).expect("utf-8");
    assert_eq!(text.lines().filter(|l| l.starts_with("path_set,")).count(), 4, "{text}");
    let out = ninesim().args(["analyze", "models/bridge.json", "--max-order", "0"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--max-order"));
}

#[test]
fn run_reports_the_exact_answer_and_a_verdict() {
    let r = json_run("models/bridge.json", &["-n", "200"]);
    let exact = &r["exact"];
    assert!(exact["unavailability"].as_f64().expect("exact U") > 0.0);
    assert_eq!(exact["verdict"]["compared_with"], "window");
    assert_eq!(exact["verdict"]["inside_ci99"], true, "{}", exact["verdict"]);
    let out = ninesim().args(["run", "models/bridge.json", "-n", "200"]).output().expect("runs");
    assert!(String::from_utf8_lossy(&out.stdout).contains("lies inside the simulated 99% CI"));
}

#[test]
fn explain_reads_like_a_worked_example() {
    let out = ninesim().args(["explain", "models/web-service.json", "-n", "100"]).output().expect("runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).expect("utf-8");
    for needle in
        ["A = MTTF / (MTTF + MTTR)", "parallel block is down only when every child is down", "C(3, j)", "simulated U", "ω = Σ_i B_i"]
    {
        assert!(text.contains(needle), "missing {needle:?} in\n{text}");
    }
    let out = ninesim().args(["explain", "models/web-service.json", "--no-simulation", "--format", "md"]).output().expect("runs");
    let md = String::from_utf8(out.stdout).expect("utf-8");
    assert!(md.starts_with("## Worked example") && !md.contains("Simulation:"), "{md}");
}

#[test]
fn explain_says_why_it_cannot_derive_a_model_without_repairs() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("mission.json");
    std::fs::write(
        &path,
        r#"{"name": "mission", "components": [{"id": "u", "count": 2, "failure": {"dist": "exponential", "mean": 100}}], "system": {"parallel": ["u"]}}"#,
    )
    .expect("write");
    let out = ninesim().args(["explain", path.to_str().expect("utf-8 path"), "--no-simulation"]).output().expect("runs");
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("never repaired") && err.contains("analyze"), "{err}");
    // analyze gives the mission answers instead: R(T) = 1 − (1 − e^{−T/100})².
    let out =
        ninesim().args(["analyze", path.to_str().expect("utf-8 path"), "--horizon", "50", "--format", "json"]).output().expect("runs");
    let r: Value = serde_json::from_slice(&out.stdout).expect("json");
    let f = 1.0 - (-0.5f64).exp();
    assert!((r["mission"]["reliability"].as_f64().expect("R") - (1.0 - f * f)).abs() < 1e-12);
    assert!(r["availability"].is_null());
}

#[test]
fn analyze_can_simulate_beside_the_exact_importance() {
    let out = ninesim().args(["analyze", "models/web-service.json", "--simulate", "-n", "200", "--format", "json"]).output().expect("runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let r: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(r["simulation"]["replications"], 200);
    assert_eq!(r["simulation"]["verdict"]["inside_ci99"], true);
    let dns = &r["importance"].as_array().expect("rows")[7];
    assert_eq!(dns["id"], "dns");
    let (exact, simulated) = (dns["criticality"].as_f64().expect("exact"), dns["simulated_criticality"].as_f64().expect("simulated"));
    assert!((exact - simulated).abs() < 0.05, "{exact} vs {simulated}");
    // Without --simulate, the simulation's options are refused rather than ignored.
    let out = ninesim().args(["analyze", "models/web-service.json", "-n", "200"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn a_short_run_of_a_wear_out_component_says_its_steady_state_comparison_may_be_off() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("wear.json");
    std::fs::write(
        &path,
        r#"{"name": "wear-out", "components": [{"id": "pump", "failure": {"dist": "weibull", "shape": 3, "mean": 100},
            "repair": {"dist": "exponential", "mean": 10}}], "system": "pump"}"#,
    )
    .expect("write");
    let file = path.to_str().expect("utf-8 path");
    let short = json_run(file, &["-n", "100", "--horizon", "500"]);
    assert_eq!(short["exact"]["verdict"]["compared_with"], "steady_state");
    let caveat = short["exact"]["verdict"]["caveat"].as_str().expect("a caveat");
    assert!(caveat.contains("`pump`") && caveat.contains("--warmup"), "{caveat}");
    let warmed = json_run(file, &["-n", "100", "--horizon", "800", "--warmup", "300"]);
    assert!(warmed["exact"]["verdict"]["caveat"].is_null());
}

#[test]
fn the_readme_zone_comparison_quotes_real_output() {
    let readme = std::fs::read_to_string("README.md").expect("README.md");
    let block = readme
        .split("```text\n$ ninesim run models/two-zone.json\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .expect("the zone comparison in README.md");
    let block = format!("$ ninesim run models/two-zone.json\n{block}");
    let mut output = String::new();
    let mut checked = 0;
    for line in block.lines().filter(|l| !l.is_empty()) {
        if let Some(model) = line.strip_prefix("$ ninesim run ") {
            let out = ninesim().args(["run", model, "--quiet"]).output().expect("runs");
            assert!(out.status.success());
            output = String::from_utf8_lossy(&out.stdout).into_owned();
        } else {
            assert!(output.lines().any(|l| l == line), "README.md quotes a line the run no longer prints:\n{line}");
            checked += 1;
        }
    }
    assert_eq!(checked, 11);
}

#[test]
fn feature_models_are_deterministic_across_threads_and_report_their_extra_figures() {
    // Crews, standby, common causes, dependencies: still bit-identical on 1 and 2 threads.
    let mut one = json_run("models/two-zone.json", &["-n", "64", "--horizon", "87660", "--threads", "1"]);
    let mut two = json_run("models/two-zone.json", &["-n", "64", "--horizon", "87660", "--threads", "2"]);
    for r in [&mut one, &mut two] {
        r.as_object_mut().expect("object").remove("threads");
    }
    assert_eq!(serde_json::to_string(&one).expect("json"), serde_json::to_string(&two).expect("json"));
    assert!(one["exact"].is_null());
    assert!(one["no_exact"].as_str().is_some_and(|m| m.contains("not exponential")), "{}", one["no_exact"]);
    assert_eq!(one["standby"][0]["units"], serde_json::json!(["db-a", "db-b"]));
    assert!(one["standby"][0]["switchovers_per_year"]["mean"].as_f64().is_some_and(|x| x > 0.0));
    let states = &one["time_in_state"];
    let total: f64 = ["fully_redundant", "degraded", "down"].iter().map(|k| states[k]["mean"].as_f64().expect("number")).sum();
    assert!((total - 1.0).abs() < 1e-9, "{states}");
    let deploy = json_run("models/rolling-deploy.json", &["-n", "20", "--horizon", "8766"]);
    assert!(deploy["downtime_by_cause"]["planned_minutes_per_year"]["mean"].as_f64().is_some_and(|x| x > 0.0));
}

#[test]
fn analyze_solves_a_dependent_exponential_model_by_its_chain_and_explain_derives_it() {
    let out = ninesim().args(["analyze", "models/capacity-fleet.json"]).output().expect("runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Markov chain of 512 states"), "{text}");
    assert!(text.contains("stationary distribution of the chain"), "{text}");
    // A capacity vote of independent components: explain derives it exactly (the vote read off
    // its decision diagram); analyze adds the structure's cut sets and importance.
    let out = ninesim().args(["explain", "models/capacity-fleet.json", "--no-simulation"]).output().expect("runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(!String::from_utf8_lossy(&out.stdout).contains('≈'));
    // Planned maintenance has no exact method: analyze answers with the structure, marked approximate.
    let out = ninesim().args(["analyze", "models/rolling-deploy.json"]).output().expect("runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("planned maintenance of `node`"));
}

#[test]
fn the_readme_sla_risk_and_costs_are_real_output() {
    // "Beyond the mean": every line it quotes is a line the run prints.
    let readme = std::fs::read_to_string("README.md").expect("README.md");
    let section = readme.split("## Beyond the mean").nth(1).expect("the section in README.md");
    let block = section.split("```text\n").nth(1).and_then(|rest| rest.split("```").next()).expect("its output block");
    let mut output = String::new();
    let mut checked = 0;
    for line in block.lines().filter(|l| !l.is_empty()) {
        if let Some(model) = line.strip_prefix("$ ninesim run ") {
            let out = ninesim().args(["run", model, "--quiet"]).output().expect("runs");
            assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
            output = String::from_utf8_lossy(&out.stdout).into_owned();
        } else {
            assert!(output.lines().any(|l| l == line), "README.md's Beyond the mean quotes a line the run no longer prints:\n{line}");
            checked += 1;
        }
    }
    assert_eq!(checked, 16);
}

#[test]
fn the_readme_comparison_and_its_chart_are_real_output() {
    let readme = std::fs::read_to_string("README.md").expect("README.md");
    let excerpt = readme
        .split("```text\n$ ninesim compare models/two-zone.json models/three-zone.json\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .expect("the comparison in README.md");
    let dir = tempfile::tempdir().expect("temp dir");
    let out = ninesim()
        .args(["compare", "models/two-zone.json", "models/three-zone.json", "--quiet", "--plots"])
        .arg(dir.path())
        .output()
        .expect("runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(String::from_utf8_lossy(&out.stdout), excerpt, "README.md's comparison is stale: paste the new output");
    // The chart README shows is the one this command draws (deterministic, byte for byte).
    let drawn = std::fs::read_to_string(dir.path().join("downtime-by-design.svg")).expect("chart");
    let committed = std::fs::read_to_string("docs/images/two-vs-three-zones.svg").expect("committed chart");
    assert_eq!(drawn, committed, "docs/images/two-vs-three-zones.svg is stale: copy the new downtime-by-design.svg");
}

#[test]
fn rel_error_runs_until_precise_and_are_identical_on_one_and_two_threads() {
    let args = ["--rel-error", "0.03", "--horizon", "87660"];
    let mut one = json_run("models/web-service.json", &[&args[..], &["--threads", "1"]].concat());
    let mut two = json_run("models/web-service.json", &[&args[..], &["--threads", "2"]].concat());
    for r in [&mut one, &mut two] {
        r.as_object_mut().expect("object").remove("threads");
    }
    assert_eq!(serde_json::to_string(&one).expect("json"), serde_json::to_string(&two).expect("json"));
    let precision = &one["precision"];
    assert_eq!(precision["stopped_by"], "precision");
    assert!(precision["rel_error"].as_f64().is_some_and(|x| x <= 0.03), "{precision}");
    // A whole number of checkpoints of 1,024 replications.
    assert_eq!(one["replications"].as_u64().expect("count") % 1024, 0);
    let u = &one["unavailability"];
    let (mean, lo, hi) = (u["mean"].as_f64().expect("U"), u["ci95"][0].as_f64().expect("lo"), u["ci95"][1].as_f64().expect("hi"));
    assert!((hi - lo) / 2.0 <= 0.03 * mean);

    let capped = json_run("models/web-service.json", &["--rel-error", "0.0001", "--max-replications", "2000", "--horizon", "8766"]);
    assert_eq!(capped["precision"]["stopped_by"], "max_replications");
    assert_eq!(capped["replications"], 2000);
    let out = ninesim().args(["run", "models/web-service.json", "--rel-error", "0.01", "-n", "10"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(2), "--rel-error and -n conflict");
}

#[test]
fn a_seven_nines_model_runs_by_failure_biasing_and_says_so() {
    let r = json_run("models/metadata-store.json", &["--rel-error", "0.05"]);
    assert_eq!(r["method"]["requested"], "auto");
    assert_eq!(r["method"]["used"], "failure-biasing");
    assert!(r["method"]["reason"].as_str().is_some_and(|s| s.contains("plain Monte Carlo would need")), "{}", r["method"]);
    assert_eq!(r["estimand"], "steady state");
    assert!(r["precision"]["rel_error"].as_f64().is_some_and(|x| x <= 0.05));
    assert_eq!(r["exact"]["verdict"]["inside_ci99"], true, "{}", r["exact"]["verdict"]);
    assert!(r["nines"]["mean"].as_f64().is_some_and(|n| n > 7.0));
    // Threads never change the result.
    let mut one = json_run("models/metadata-store.json", &["--rel-error", "0.05", "-j", "1"]);
    let mut two = json_run("models/metadata-store.json", &["--rel-error", "0.05", "-j", "2"]);
    for r in [&mut one, &mut two] {
        r.as_object_mut().expect("object").remove("threads");
    }
    assert_eq!(one, two);
    // The text report says how the estimate was made.
    let out = ninesim().args(["run", "models/metadata-store.json", "--rel-error", "0.1"]).output().expect("runs");
    let text = String::from_utf8_lossy(&out.stdout);
    for needle in ["method: failure biasing", "chosen by auto", "estimates the steady state", "Nines", "lies inside the simulated 99% CI"] {
        assert!(text.contains(needle), "missing {needle:?} in\n{text}");
    }
}

#[test]
fn the_method_can_be_forced_either_way() {
    let plain = json_run("models/metadata-store.json", &["--method", "plain", "-n", "20"]);
    assert_eq!(plain["method"]["used"], "plain");
    assert_eq!(plain["replications"], 20);
    let biased = json_run("models/capacity-fleet.json", &["--method", "failure-biasing", "--cycles", "512"]);
    assert_eq!(biased["method"]["used"], "failure-biasing");
    assert_eq!(biased["cycles"], 512, "-n counts biased cycles");
    let auto_plain = json_run("models/web-service.json", &["-n", "50"]);
    assert_eq!(auto_plain["method"]["used"], "plain");
    assert!(auto_plain["method"]["reason"].as_str().is_some_and(|s| s.contains("not exponential")), "{}", auto_plain["method"]);
}

#[test]
fn failure_biasing_refuses_what_it_cannot_do_with_exit_code_2() {
    let out = ninesim().args(["run", "models/web-service.json", "--method", "failure-biasing"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("failure biasing cannot run this model") && err.contains("not exponential"), "{err}");
    let dir = tempfile::tempdir().expect("temp dir");
    let out = ninesim()
        .args(["run", "models/metadata-store.json", "--method", "failure-biasing", "--plots"])
        .arg(dir.path())
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--method plain"));
    // With charts asked for, auto runs plain (it has the curves).
    let out =
        ninesim().args(["run", "models/metadata-store.json", "-n", "20", "--quiet", "--plots"]).arg(dir.path()).output().expect("runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn a_batch_mixes_methods_in_one_summary() {
    let out =
        ninesim().args(["run", "models/metadata-store.json", "models/web-service.json", "-n", "100", "--quiet"]).output().expect("runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Batch of 2 scenarios: 2 done, 0 failed"), "{text}");
    assert!(text.contains("method: failure biasing") && text.contains("method: plain Monte Carlo"), "{text}");
}

#[test]
fn the_readme_shows_the_real_failure_biasing_output() {
    let readme = std::fs::read_to_string("README.md").expect("README.md");
    let excerpt = readme
        .split("$ ninesim run models/metadata-store.json\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .expect("the rare-event example in README.md");
    let out = ninesim().args(["run", "models/metadata-store.json"]).output().expect("runs");
    assert!(out.status.success());
    assert_eq!(String::from_utf8_lossy(&out.stdout), excerpt, "README.md's failure-biasing excerpt is stale: paste the new output");
}

#[test]
fn bash_completions_name_every_subcommand() {
    let out = ninesim().args(["completions", "bash"]).output().expect("runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let script = String::from_utf8(out.stdout).expect("utf-8");
    // The words bash offers, in every position (`opts="…"`).
    let offered: Vec<&str> =
        script.lines().filter_map(|l| l.trim().strip_prefix("opts=\"")).flat_map(|l| l.trim_end_matches('"').split_whitespace()).collect();
    for command in ["run", "compare", "sweep", "merge", "analyze", "explain", "fit", "validate", "diagram", "schema", "completions", "man"]
    {
        assert!(offered.contains(&command), "bash is not offered `{command}`: {offered:?}");
    }
    assert!(offered.contains(&"--rel-error"), "options are completed too");
}

#[test]
fn every_shell_gets_a_completion_script_and_an_unknown_one_is_exit_code_2() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let out = ninesim().args(["completions", shell]).output().expect("runs");
        assert!(out.status.success() && !out.stdout.is_empty(), "{shell}: {}", String::from_utf8_lossy(&out.stderr));
    }
    let out = ninesim().args(["completions", "tcsh"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("invalid value 'tcsh'") && stderr.contains("possible values: bash"), "{stderr}");
}

#[test]
fn the_man_page_is_roff_and_names_the_subcommands() {
    let out = ninesim().arg("man").output().expect("runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let page = String::from_utf8(out.stdout).expect("utf-8");
    assert!(page.lines().any(|l| l.starts_with(".TH ninesim 1")), "no .TH title line in\n{page}");
    for command in ["run", "compare", "sweep", "merge", "analyze", "explain", "fit", "validate", "diagram", "schema", "completions", "man"]
    {
        assert!(page.contains(&format!("ninesim\\-{command}(1)")), "man page does not name `{command}`");
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("ninesim.1");
    let out = ninesim().args(["man", "--out"]).arg(&file).output().expect("runs");
    assert!(out.status.success() && out.stdout.is_empty(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(std::fs::read_to_string(&file).expect("written"), page);
}

#[test]
fn explain_refuses_csv_by_its_own_list_of_formats() {
    let out = ninesim().args(["explain", "models/web-service.json", "--format", "csv"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("[possible values: text, json, md]"));
    let help = ninesim().args(["run", "--help"]).output().expect("runs");
    assert!(!String::from_utf8_lossy(&help.stdout).contains("explain:"), "run's --format help speaks of explain");
}

/// The example lines (`  ninesim …`) under "Examples" at the end of a help text.
fn help_examples(help: &str) -> Vec<String> {
    help.lines()
        .skip_while(|l| !l.starts_with("Examples"))
        .skip(1)
        .take_while(|l| !l.trim().is_empty())
        .map(|l| l.trim().to_string())
        .filter(|l| l.starts_with("ninesim "))
        .collect()
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).expect("create dir");
    for entry in std::fs::read_dir(from).expect("read dir") {
        let path = entry.expect("entry").path();
        let target = to.join(path.file_name().expect("name"));
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            std::fs::copy(&path, &target).expect("copy");
        }
    }
}

#[test]
fn every_example_in_the_help_runs_as_written() {
    let help = ninesim().arg("--help").output().expect("runs");
    let help = String::from_utf8(help.stdout).expect("utf-8");
    let commands: Vec<&str> = help
        .lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| !l.trim().is_empty())
        .filter_map(|l| l.split_whitespace().next())
        .filter(|c| *c != "help")
        .collect();
    assert!(commands.len() >= 11, "{commands:?}");
    for command in commands {
        let help = ninesim().args([command, "--help"]).output().expect("runs");
        let examples = help_examples(&String::from_utf8(help.stdout).expect("utf-8"));
        assert!(!examples.is_empty(), "`ninesim {command} --help` has no examples");
        // A scratch copy of the repository's inputs: the examples' relative paths resolve as
        // from the repository root, and the files they write land in the scratch directory.
        // The examples of one command run in order (merge's shards come from its run lines).
        let scratch = tempfile::tempdir().expect("temp dir");
        copy_dir(std::path::Path::new("models"), &scratch.path().join("models"));
        copy_dir(std::path::Path::new("examples/data"), &scratch.path().join("examples/data"));
        for example in examples {
            // A redirection is the shell's: the command's own output is what is checked.
            let line = example.split('>').next().expect("a command");
            assert!(!line.contains(['\'', '"', '$', '*', '|', ';', '&', '~']), "not a plain command line: {example}");
            let args: Vec<&str> = line.split_whitespace().skip(1).collect();
            let out = ninesim().args(&args).current_dir(scratch.path()).output().expect("runs");
            assert!(out.status.success(), "`{example}` failed: {}", String::from_utf8_lossy(&out.stderr));
            assert!(example.contains('>') || example.contains("--out") || !out.stdout.is_empty(), "`{example}` printed nothing");
        }
    }
}

#[test]
fn errors_say_each_thing_once_and_unknown_names_get_a_suggestion() {
    let dir = tempfile::tempdir().expect("temp dir");
    // A missing file: the cause once, not twice.
    let out = ninesim().args(["run", "no/such/model.json"]).output().expect("runs");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.matches("No such file or directory").count(), 1, "{err}");
    // A misspelt field and a misspelt law: "did you mean".
    let typo = dir.path().join("typo.json");
    std::fs::write(&typo, r#"{"name":"x","components":[{"id":"a","failur":{"dist":"weibul","shape":2,"mean":1}}],"system":"a"}"#)
        .expect("write");
    let out = ninesim().arg("validate").arg(&typo).output().expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("(did you mean `failure`?)"), "{err}");
    let misspelt_law = dir.path().join("law.json");
    std::fs::write(&misspelt_law, r#"{"name":"x","components":[{"id":"a","failure":{"dist":"weibul","shape":2,"mean":1}}],"system":"a"}"#)
        .expect("write");
    let out = ninesim().arg("validate").arg(&misspelt_law).output().expect("runs");
    assert!(String::from_utf8_lossy(&out.stderr).contains("(did you mean `weibull`?)"), "{}", String::from_utf8_lossy(&out.stderr));
    // A batch names a failing model once per line.
    let out = ninesim().arg("run").arg(&typo).args(["models/single-server.json", "-n", "10", "-q"]).output().expect("runs");
    let name = typo.display().to_string();
    let all = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    for line in all.lines().filter(|l| l.contains(&name)) {
        assert_eq!(line.matches(&name).count(), 1, "{line}");
    }
}

#[test]
fn validate_checks_every_file_and_an_invalid_one_makes_exit_code_2() {
    let dir = tempfile::tempdir().expect("temp dir");
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, r#"{"name": "no parts"}"#).expect("written");
    let out = ninesim().args(["validate", "models/bridge.json"]).arg(&bad).output().expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stdout).contains("models/bridge.json: valid"));
    assert!(String::from_utf8_lossy(&out.stderr).contains(&format!("{}: 1 error(s)", bad.display())));
}

#[test]
fn validate_format_json_is_one_array_with_a_record_per_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, r#"{"name": "no parts"}"#).expect("written");
    let missing = dir.path().join("missing.json");
    let out = ninesim().args(["validate", "models/web-service.json", "--format", "json"]).arg(&bad).arg(&missing).output().expect("runs");
    assert_eq!(out.status.code(), Some(2), "an invalid model outweighs an unreadable file");
    let records: Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    let records = records.as_array().expect("an array");
    assert_eq!(records.len(), 3);
    assert_eq!(records[0]["file"], "models/web-service.json");
    assert_eq!(records[0]["valid"], true);
    assert!(records[0]["components"].as_u64().is_some_and(|n| n > 0) && records[0]["blocks"].as_u64().is_some());
    assert_eq!(records[0]["single_points_of_failure"], serde_json::json!(["dns"]));
    assert_eq!(records[1]["valid"], false);
    assert!(records[1]["errors"][0]["path"].is_string() && records[1]["errors"][0]["message"].is_string());
    assert!(records[1].get("name").is_none());
    assert_eq!(records[2]["valid"], false);
    assert_eq!(records[2]["errors"][0]["path"], "$");
    let out = ninesim().args(["validate", "--format", "json"]).arg(&missing).output().expect("runs");
    assert_eq!(out.status.code(), Some(1), "a file that cannot be read is exit code 1");
}

#[test]
fn validate_quiet_prints_nothing_for_valid_files() {
    let out = ninesim().args(["validate", "-q", "models/web-service.json", "models/bridge.json"]).output().expect("runs");
    assert!(out.status.success());
    assert!(out.stdout.is_empty() && out.stderr.is_empty(), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn a_model_on_standard_input_runs_as_its_file_does() {
    let text = std::fs::read_to_string("models/bridge.json").expect("model");
    let settings = ["-n", "200", "--seed", "11", "--format", "json", "--quiet"];
    let piped = ninesim().args(["run", "-"]).args(settings).write_stdin(text).output().expect("runs");
    assert!(piped.status.success(), "{}", String::from_utf8_lossy(&piped.stderr));
    let mut piped: Value = serde_json::from_slice(&piped.stdout).expect("valid JSON");
    let mut file = json_run("models/bridge.json", &settings[..4]);
    // The same result; only the model's name differs.
    assert_eq!(piped["model"]["file"], "<stdin>");
    piped["model"]["file"] = Value::Null;
    file["model"]["file"] = Value::Null;
    assert_eq!(piped, file);
}

#[test]
fn validate_reads_standard_input_for_a_dash() {
    let text = std::fs::read_to_string("models/bridge.json").expect("model");
    let out = ninesim().args(["validate", "-"]).write_stdin(text).output().expect("runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("<stdin>: valid"));
}

#[test]
fn standard_input_is_read_at_most_once() {
    let text = std::fs::read_to_string("models/bridge.json").expect("model");
    for args in [&["run", "-", "-"][..], &["validate", "-", "-"], &["run", "-", "models/bridge.json"]] {
        let out = ninesim().args(args).write_stdin(text.clone()).output().expect("runs");
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(String::from_utf8_lossy(&out.stderr).contains("`-` (standard input)"), "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?}");
    }
}

/// The two bundled models of the batch tests, as given on the command line.
const BATCH: [&str; 2] = ["models/single-server.json", "models/bridge.json"];

#[test]
fn a_json_batch_is_one_array_of_the_results_in_the_order_given() {
    let out = ninesim().arg("run").args(BATCH).args(["-n", "50", "--format", "json"]).output().expect("runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let results: Vec<Value> = serde_json::from_slice(&out.stdout).expect("one JSON document");
    let files: Vec<&str> = results.iter().map(|r| r["model"]["file"].as_str().expect("a file")).collect();
    assert_eq!(files, BATCH);
    // The summary is beside the document, not in it.
    assert!(String::from_utf8_lossy(&out.stderr).contains("Batch of 2 scenarios"));
}

#[test]
fn an_ndjson_batch_is_one_result_per_line() {
    let out = ninesim().arg("run").args(BATCH).args(["-n", "50", "--format", "ndjson", "-q"]).output().expect("runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).expect("utf-8");
    let files: Vec<String> = text
        .lines()
        .map(|line| serde_json::from_str::<Value>(line).expect("a JSON line")["model"]["file"].as_str().expect("a file").to_string())
        .collect();
    assert_eq!(files, BATCH);
    // A single run is the one result on one line.
    let out = ninesim().args(["run", BATCH[0], "-n", "50", "--format", "ndjson"]).output().expect("runs");
    let text = String::from_utf8(out.stdout).expect("utf-8");
    assert_eq!(text.lines().count(), 1);
    serde_json::from_str::<Value>(&text).expect("one JSON result");
}

#[test]
fn a_csv_batch_is_one_table_with_a_scenario_column() {
    let out = ninesim().arg("run").args(BATCH).args(["-n", "50", "--format", "csv", "-q"]).output().expect("runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let mut reader = csv::Reader::from_reader(out.stdout.as_slice());
    let headers = reader.headers().expect("a header").clone();
    assert_eq!(headers.iter().collect::<Vec<_>>(), ["scenario", "scope", "id", "metric", "value", "std_error", "ci95_low", "ci95_high"]);
    let mut scenarios: Vec<String> = Vec::new();
    for record in reader.records() {
        let record = record.expect("a well-formed row");
        assert_ne!(&record[0], "scenario", "the header once");
        if scenarios.last().is_none_or(|s| s != &record[0]) {
            scenarios.push(record[0].to_string());
        }
    }
    assert_eq!(scenarios, BATCH);
}

#[test]
fn a_failed_model_of_a_batch_keeps_its_place_as_an_error_record() {
    let dir = tempfile::tempdir().expect("temp dir");
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, r#"{"name":"x"}"#).expect("write");
    let bad_name = bad.display().to_string();
    let run =
        |format: &str| ninesim().arg("run").arg(&bad).arg(BATCH[1]).args(["-n", "50", "-q", "--format", format]).output().expect("runs");

    let out = run("json");
    assert_eq!(out.status.code(), Some(2));
    let results: Vec<Value> = serde_json::from_slice(&out.stdout).expect("one JSON document");
    assert_eq!(results.len(), 2);
    assert_eq!(results[0]["file"], bad_name.as_str());
    assert!(results[0]["error"].as_str().is_some_and(|e| !e.is_empty()));
    assert_eq!(results[1]["model"]["file"], BATCH[1]);

    let out = run("ndjson");
    let lines: Vec<Value> = String::from_utf8(out.stdout).expect("utf-8").lines().map(|l| serde_json::from_str(l).expect("JSON")).collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["file"], bad_name.as_str());
    assert_eq!(lines[1]["model"]["file"], BATCH[1]);

    let out = run("csv");
    let mut reader = csv::Reader::from_reader(out.stdout.as_slice());
    assert_eq!(&reader.headers().expect("a header")[0], "scenario");
    assert!(reader.records().all(|r| &r.expect("a row")[0] == BATCH[1]));
}
