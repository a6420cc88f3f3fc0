//! Several runs at once, as a user runs them: batches, comparisons, sweeps, charts and reports.

use std::path::Path;

use assert_cmd::Command;
use ninesim::compare::compare;
use ninesim::model::parse_str;
use ninesim::sim::{RunConfig, Streams};

fn ninesim() -> Command {
    Command::cargo_bin("ninesim").expect("binary is built")
}

#[test]
fn a_batch_keeps_every_finished_scenario_when_one_model_is_broken() {
    let dir = tempfile::tempdir().expect("temp dir");
    let broken = dir.path().join("broken.json");
    std::fs::write(&broken, r#"{"name": "broken", "components": [], "system": "x"}"#).expect("write");
    let out = dir.path().join("results");
    let output = ninesim()
        .args(["run", "models/single-server.json"])
        .arg(&broken)
        .args(["models/quorum-3.json", "-n", "50", "--quiet", "--format", "json", "--out-dir"])
        .arg(&out)
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2), "an invalid model makes the batch exit 2");
    for name in ["single-server.json", "quorum-3.json"] {
        let text = std::fs::read_to_string(out.join(name)).unwrap_or_else(|e| panic!("{name} written: {e}"));
        let json: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
        assert_eq!(json["replications"], 50);
    }
    assert!(!out.join("broken.json").exists());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("broken.json") && stderr.contains("components"), "{stderr}");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("Batch of 3 scenarios: 2 done, 1 failed"), "{stdout}");
    assert!(stdout.contains("FAILED"), "{stdout}");
}

#[test]
fn a_batch_of_valid_models_succeeds_and_prints_each_report_then_the_summary() {
    let output =
        ninesim().args(["run", "models/single-server.json", "models/quorum-3.json", "-n", "20", "--quiet"]).output().expect("runs");
    assert!(output.status.success());
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("Single server") || stdout.contains("single"), "{stdout}");
    assert!(stdout.contains("Batch of 2 scenarios: 2 done, 0 failed"), "{stdout}");
}

/// Two designs that share most components: the second has a fourth application server.
fn designs() -> Vec<ninesim::Model> {
    let design = |apps: u32| {
        format!(
            r#"{{"name": "{apps} app servers", "components": [
                {{"id": "app", "count": {apps}, "failure": {{"dist": "exponential", "mean": 300}}, "repair": {{"dist": "lognormal", "mean": 8, "sd": 6}}}},
                {{"id": "db", "failure": {{"dist": "exponential", "mean": 2000}}, "repair": {{"dist": "exponential", "mean": 4}}}}],
                "system": {{"series": [{{"k_of_n": {{"k": 2, "of": ["app"]}}}}, "db"]}}}}"#
        )
    };
    [3, 4].iter().map(|&n| parse_str(&design(n), format!("{n}.json")).expect("valid")).collect()
}

#[test]
fn common_random_numbers_narrow_the_interval_of_the_difference() {
    let models = designs();
    let config = RunConfig { replications: 400, horizon: 20_000.0, warmup: 0.0, seed: 11, threads: None };
    let common = compare(&models, &config, Streams::Common, &|_| {}).expect("runs");
    let independent = compare(&models, &config, Streams::Independent, &|_| {}).expect("runs");
    let width = |c: &ninesim::compare::Comparison| {
        let ci = c.differences[0].unavailability.ci95;
        ci[1] - ci[0]
    };
    // Same database, same first three application servers: only the fourth server's effect
    // is left in each paired difference. At this seed the interval is about half as wide
    // (0.51): independent runs would need about four times the replications.
    assert!(width(&common) < 0.6 * width(&independent), "common {:e} vs independent {:e}", width(&common), width(&independent));
    assert_eq!(common.differences[0].verdict, "better");
    // Each design on its own is the same run either way for the first design.
    assert_eq!(common.designs[0].unavailability, independent.designs[0].unavailability);
    // The difference is the difference of the designs' means.
    let d = common.differences[0].unavailability.mean;
    let direct = common.designs[1].unavailability.mean - common.designs[0].unavailability.mean;
    assert!((d - direct).abs() < 1e-15, "{d} vs {direct}");
}

#[test]
fn compare_prints_the_designs_and_their_differences() {
    let output = ninesim().args(["compare", "models/quorum-3.json", "models/quorum-5.json", "-n", "100"]).output().expect("runs");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.contains("Comparison of 2 designs"), "{text}");
    assert!(text.contains("common random numbers"), "{text}");
    assert!(text.contains("Differences from"), "{text}");
    let csv =
        ninesim().args(["compare", "models/quorum-3.json", "models/quorum-5.json", "-n", "50", "--format", "csv"]).output().expect("runs");
    let csv = String::from_utf8_lossy(&csv.stdout);
    assert!(csv.lines().any(|l| l.starts_with("models/quorum-5.json,difference,models/quorum-3.json,unavailability,")), "{csv}");
}

#[test]
fn sweep_runs_a_grid_and_rejects_bad_paths_before_running() {
    let output = ninesim()
        .args(["sweep", "models/web-service.json", "--vary", "components.app.count=3..4", "--vary", "components.db.repair.mean=1,4"])
        .args(["-n", "20", "--format", "csv"])
        .output()
        .expect("runs");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let csv = String::from_utf8_lossy(&output.stdout);
    let rows: Vec<&str> = csv.lines().filter(|l| l.contains(",unavailability,")).collect();
    assert_eq!(rows.len(), 4, "{csv}");
    assert!(rows[0].starts_with("components.app.count=3;components.db.repair.mean=1,system,"), "{csv}");
    for (args, needle) in [
        (["--vary", "components.ap.count=2..4"], "no item with id `ap`"),
        (["--vary", "components.app.count=1..5"], "k_of_n.k"),
        (["--vary", "components.app.count"], "expected PATH=VALUES"),
    ] {
        let output = ninesim().args(["sweep", "models/web-service.json"]).args(args).output().expect("runs");
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains(needle), "{args:?}: {stderr}");
    }
}

/// Every chart type: written as SVG with its title and axis labels, and as a PNG that decodes.
#[test]
fn plots_and_the_report_are_written_for_runs_comparisons_and_sweeps() {
    let dir = tempfile::tempdir().expect("temp dir");
    let plots = dir.path().join("plots");
    let report = dir.path().join("report");
    let output = ninesim()
        .args(["compare", "models/two-zone.json", "models/three-zone.json", "-n", "40", "--horizon", "87660", "--plots"])
        .arg(&plots)
        .arg("--report")
        .arg(&report)
        .output()
        .expect("runs");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let expect = |name: &str, texts: &[&str]| {
        let svg = std::fs::read_to_string(plots.join(format!("{name}.svg"))).unwrap_or_else(|e| panic!("{name}.svg: {e}"));
        for text in texts {
            assert!(svg.contains(text), "{name}.svg lacks {text:?}");
        }
        let png = std::fs::read(plots.join(format!("{name}.png"))).expect("png");
        let image = image::load_from_memory(&png).expect("the PNG decodes");
        assert!(image.width() > 0 && image.height() > 0);
    };
    expect(
        "downtime-by-design",
        &["Downtime by design", "design", "downtime (min/year, log scale)", "unavailability (log scale)", "min/yr"],
    );
    let (two, three) = ("Web service in two zones", "Web service in three zones");
    expect(
        "design-1-downtime-pareto",
        &[&format!("{two} — where the downtime comes from"), "component", "share of system downtime while critical (%)", "switchover"],
    );
    expect("design-1-outage-durations", &[&format!("{two} — outage durations"), "outage duration (log scale)", "outages", "1 min"]);
    expect("design-2-availability-over-time", &[&format!("{three} — point availability A(t)"), "time (years)", "availability A(t)"]);
    expect("design-2-reliability", &[&format!("{three} — reliability R(t)"), "time (years)", "R(t)"]);
    expect("design-1-convergence", &[&format!("{two} — convergence of the unavailability estimate"), "replications", "unavailability"]);
    let html = std::fs::read_to_string(report.join("index.html")).expect("report");
    assert!(html.starts_with("<!doctype html>"));
    for needle in ["Comparison of 2 designs", "Web service in two zones", "seed 1", "<svg", "Differences from", "&quot;components&quot;"] {
        assert!(html.contains(needle), "report lacks {needle:?}");
    }
    // Self-contained: nothing to fetch.
    for forbidden in ["<script", "src=\"http", "href=\"http", "<link"] {
        assert!(!html.contains(forbidden), "report contains {forbidden:?}");
    }

    // A run's report: the model's description, the figures, the standby block, the model.
    let run_report = dir.path().join("run");
    let output =
        ninesim().args(["run", "models/db-failover.json", "-n", "30", "--quiet", "--report"]).arg(&run_report).output().expect("runs");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let html = std::fs::read_to_string(run_report.join("index.html")).expect("report");
    for needle in
        ["<h1>Database failover</h1>", "A primary database with a hot standby", "unavailability", "switchovers/yr", "<svg", "seed 1"]
    {
        assert!(html.contains(needle), "run report lacks {needle:?}");
    }

    let sweep_plots = dir.path().join("sweep");
    let output = ninesim()
        .args(["sweep", "models/quorum-3.json", "--vary", "components.node.count=3..5", "-n", "20", "--plots"])
        .arg(&sweep_plots)
        .output()
        .expect("runs");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let svg = std::fs::read_to_string(sweep_plots.join("sweep.svg")).expect("sweep chart");
    assert!(svg.contains("Unavailability against components.node.count") && svg.contains("unavailability (log scale)"));
    assert!(Path::new(&sweep_plots.join("sweep.png")).exists());
}

#[test]
fn four_shards_merge_into_exactly_the_single_run() {
    let dir = tempfile::tempdir().expect("temp dir");
    let common = ["-n", "300", "--seed", "5", "--horizon", "87660", "--quiet"];
    let single = ninesim().args(["run", "models/two-zone.json", "--format", "json"]).args(common).output().expect("runs");
    assert!(single.status.success());
    let mut shards = Vec::new();
    for i in 0..4 {
        let file = dir.path().join(format!("shard-{i}.json"));
        let out = ninesim()
            .args(["run", "models/two-zone.json", "--shard", &format!("{i}/4"), "--out"])
            .arg(&file)
            .args(common)
            .output()
            .expect("runs");
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        shards.push(file);
    }
    // Any order of the files; the merge sorts them by index.
    let merged = ninesim().args(["merge", "--format", "json"]).args(shards.iter().rev()).output().expect("runs");
    assert!(merged.status.success(), "{}", String::from_utf8_lossy(&merged.stderr));
    let strip = |bytes: &[u8]| {
        let mut json: serde_json::Value = serde_json::from_slice(bytes).expect("JSON");
        json.as_object_mut().expect("object").remove("threads");
        serde_json::to_string(&json).expect("JSON")
    };
    assert_eq!(strip(&merged.stdout), strip(&single.stdout), "the merged shards differ from the single run");

    let missing = ninesim().arg("merge").args(&shards[..3]).output().expect("runs");
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("missing 3"), "{}", String::from_utf8_lossy(&missing.stderr));
    let other = dir.path().join("other.json");
    let out = ninesim()
        .args(["run", "models/two-zone.json", "--shard", "3/4", "--seed", "6", "-n", "300", "--horizon", "87660", "--quiet", "--out"])
        .arg(&other)
        .output()
        .expect("runs");
    assert!(out.status.success());
    let mixed = ninesim().arg("merge").args(&shards[..3]).arg(&other).output().expect("runs");
    assert_eq!(mixed.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&mixed.stderr).contains("not of the same run"));
}

#[test]
fn run_batch_merge_compare_and_sweep_write_csv_of_one_shape_with_one_set_of_metric_names() {
    const HEADER: &str = "scenario,scope,id,metric,value,std_error,ci95_low,ci95_high";
    let dir = tempfile::tempdir().expect("temp dir");
    let shard = dir.path().join("shard.json");
    let shard = shard.to_str().expect("utf-8 path");
    let made =
        ninesim().args(["run", "models/web-service.json", "-n", "20", "--shard", "0/1", "--out", shard, "-q"]).output().expect("runs");
    assert!(made.status.success());
    let commands: [&[&str]; 6] = [
        &["run", "models/web-service.json", "-n", "20", "-q"],
        &["run", "models/web-service.json", "models/bridge.json", "-n", "20", "-q"],
        &["run", "models/metadata-store.json", "--method", "failure-biasing", "--rel-error", "0.2", "-q"],
        &["merge", shard],
        &["compare", "models/two-zone.json", "models/three-zone.json", "-n", "20", "-q"],
        &["sweep", "models/web-service.json", "--vary", "components.app.count=2..3", "-n", "20", "-q"],
    ];
    for args in commands {
        let out = ninesim().args(args).args(["-f", "csv"]).output().expect("runs");
        assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        let csv = String::from_utf8_lossy(&out.stdout);
        assert_eq!(csv.lines().next(), Some(HEADER), "{args:?}");
        assert_eq!(csv.matches(HEADER).count(), 1, "{args:?}: one header");
        // The system's figures have the same names whichever command wrote them.
        for line in csv.lines().filter(|l| l.contains(",system,")) {
            let metric = line.split(',').nth(3).expect("a metric");
            assert!(!["mdt", "mtbf", "mut", "mttff", "cost_per_year", "failures_per_year"].contains(&metric), "{args:?}: {line}");
        }
    }
    let merged = ninesim().args(["merge", shard, "-f", "csv"]).output().expect("runs");
    assert!(String::from_utf8_lossy(&merged.stdout).contains("\nmodels/web-service.json,system,Three-tier web service,mdt_hours,"));
}
