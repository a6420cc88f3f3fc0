//! Every command's output on the bundled models, pinned byte for byte: a refactor must leave
//! all of them unchanged. `NINESIM_BLESS=1 cargo test --release --test goldens` rewrites the
//! files under `tests/goldens/` (then review the diff: a change there is a change users see).

use std::path::{Path, PathBuf};

use assert_cmd::Command;

fn golden_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/goldens")
}

fn bless() -> bool {
    std::env::var_os("NINESIM_BLESS").is_some()
}

/// Compares `actual` with the golden file `name`, or writes it when blessing. Returns a
/// mismatch message instead of panicking so that one run lists every difference.
fn check(name: &str, actual: &[u8]) -> Option<String> {
    let path = golden_dir().join(name);
    if bless() {
        std::fs::write(&path, actual).expect("write golden");
        return None;
    }
    match std::fs::read(&path) {
        Ok(expected) if expected == actual => None,
        Ok(expected) => {
            let (e, a) = (String::from_utf8_lossy(&expected), String::from_utf8_lossy(actual));
            let line = e.lines().zip(a.lines()).position(|(x, y)| x != y).unwrap_or(e.lines().count().min(a.lines().count()));
            Some(format!(
                "{name}: differs at line {}\n  golden: {:?}\n  now:    {:?}",
                line + 1,
                e.lines().nth(line).unwrap_or("<end>"),
                a.lines().nth(line).unwrap_or("<end>")
            ))
        }
        Err(_) => Some(format!("{name}: no golden file (run with NINESIM_BLESS=1)")),
    }
}

/// Runs `ninesim ARGS` from the repository root; stdout and, where non-empty, stderr and the
/// exit code are the output. `SOURCE_DATE_EPOCH` fixes the date a report says it was made on.
fn output(args: &[&str]) -> Vec<u8> {
    let out = Command::cargo_bin("ninesim")
        .expect("binary")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("SOURCE_DATE_EPOCH", "1767225600")
        .args(args)
        .output()
        .expect("runs");
    let mut bytes = out.stdout;
    if !out.stderr.is_empty() || !out.status.success() {
        bytes.extend_from_slice(format!("\n--- stderr (exit {:?}) ---\n", out.status.code()).as_bytes());
        bytes.extend_from_slice(&out.stderr);
    }
    bytes
}

fn assert_all(mismatches: Vec<Option<String>>) {
    let failed: Vec<String> = mismatches.into_iter().flatten().collect();
    assert!(failed.is_empty(), "{} golden(s) changed:\n{}", failed.len(), failed.join("\n"));
}

const FORMATS: [(&str, &str); 4] = [("text", "txt"), ("json", "json"), ("csv", "csv"), ("md", "md")];

#[test]
fn every_bundled_model_runs_to_the_same_output_in_every_format() {
    let mut results = Vec::new();
    for entry in std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("models")).expect("models/") {
        let path = entry.expect("entry").path();
        let stem = path.file_stem().and_then(|s| s.to_str()).expect("utf-8 name").to_string();
        let model = format!("models/{stem}.json");
        for (format, ext) in FORMATS {
            let bytes = output(&["run", &model, "-n", "24", "--seed", "11", "--method", "plain", "--format", format, "--quiet"]);
            results.push(check(&format!("run-{stem}.{ext}"), &bytes));
        }
    }
    assert_all(results);
}

#[test]
fn failure_biasing_outputs_are_unchanged() {
    let mut results = Vec::new();
    for (format, ext) in FORMATS {
        let bytes = output(&[
            "run",
            "models/metadata-store.json",
            "--method",
            "failure-biasing",
            "--cycles",
            "3000",
            "--format",
            format,
            "--quiet",
        ]);
        results.push(check(&format!("fb-metadata-store.{ext}"), &bytes));
    }
    let bytes = output(&["run", "models/metadata-store.json", "--rel-error", "0.2", "--quiet"]);
    results.push(check("fb-auto-metadata-store.txt", &bytes));
    assert_all(results);
}

#[test]
fn compare_and_sweep_outputs_are_unchanged() {
    let mut results = Vec::new();
    for (format, ext) in FORMATS {
        let bytes = output(&["compare", "models/two-zone.json", "models/three-zone.json", "-n", "40", "--format", format, "--quiet"]);
        results.push(check(&format!("compare.{ext}"), &bytes));
        let bytes = output(&[
            "sweep",
            "models/web-service.json",
            "--vary",
            "components.app.count=2..3",
            "--vary",
            "components.db.repair.mean=1,4",
            "-n",
            "30",
            "--format",
            format,
            "--quiet",
        ]);
        results.push(check(&format!("sweep.{ext}"), &bytes));
    }
    assert_all(results);
}

#[test]
fn batch_outputs_are_unchanged() {
    let mut results = Vec::new();
    for (format, ext) in FORMATS {
        let bytes = output(&[
            "run",
            "models/single-server.json",
            "models/metadata-store.json",
            "models/bridge.json",
            "-n",
            "30",
            // `auto` runs the metadata store by failure biasing: 30 cycles of it (`-n` counts
            // the other models' replications).
            "--cycles",
            "30",
            "--format",
            format,
            "--quiet",
        ]);
        results.push(check(&format!("batch.{ext}"), &bytes));
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let out_dir = dir.path().join("out");
    let bytes = output(&[
        "run",
        "models/single-server.json",
        "models/bridge.json",
        "-n",
        "30",
        "--format",
        "json",
        "--quiet",
        "--out-dir",
        out_dir.to_str().expect("utf-8"),
    ]);
    results.push(check("batch-out-dir.txt", &bytes));
    for stem in ["single-server", "bridge"] {
        let bytes = std::fs::read(out_dir.join(format!("{stem}.json"))).expect("written");
        results.push(check(&format!("batch-out-dir-{stem}.json"), &bytes));
    }
    assert_all(results);
}

#[test]
fn analyze_and_explain_outputs_are_unchanged() {
    let mut results = Vec::new();
    for model in ["bridge", "web-service", "capacity-fleet", "two-zone", "db-failover"] {
        for (format, ext) in FORMATS {
            let bytes = output(&["analyze", &format!("models/{model}.json"), "--format", format]);
            results.push(check(&format!("analyze-{model}.{ext}"), &bytes));
        }
    }
    let bytes = output(&["analyze", "models/web-service.json", "--simulate", "-n", "50", "--format", "json"]);
    results.push(check("analyze-simulate-web-service.json", &bytes));
    for (format, ext) in [("text", "txt"), ("json", "json"), ("md", "md")] {
        let bytes = output(&["explain", "models/web-service.json", "-n", "40", "--format", format]);
        results.push(check(&format!("explain-web-service.{ext}"), &bytes));
    }
    let bytes = output(&["explain", "models/bridge.json", "--no-simulation"]);
    results.push(check("explain-bridge.txt", &bytes));
    for model in ["web-service", "two-zone", "capacity-fleet"] {
        let bytes = output(&["validate", &format!("models/{model}.json")]);
        results.push(check(&format!("validate-{model}.txt"), &bytes));
    }
    assert_all(results);
}

#[test]
fn shards_merge_to_the_same_output() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut shards = Vec::new();
    for i in 0..2 {
        let path = dir.path().join(format!("shard-{i}.json"));
        let path = path.to_str().expect("utf-8").to_string();
        let out = output(&["run", "models/web-service.json", "-n", "40", "--shard", &format!("{i}/2"), "--out", &path, "--quiet"]);
        assert!(out.is_empty(), "{}", String::from_utf8_lossy(&out));
        shards.push(path);
    }
    let mut results = Vec::new();
    for (format, ext) in FORMATS {
        let mut args = vec!["merge"];
        args.extend(shards.iter().map(String::as_str));
        args.extend(["--format", format]);
        results.push(check(&format!("merge.{ext}"), &output(&args)));
    }
    assert_all(results);
}

/// Reports and charts: the HTML page of a run, a comparison and a sweep, and every SVG chart.
#[test]
fn reports_and_charts_are_unchanged() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = |name: &str| dir.path().join(name).to_str().expect("utf-8").to_string();
    let mut results = Vec::new();
    let runs: [(&str, Vec<&str>); 3] = [
        ("run", vec!["run", "models/web-service.json", "-n", "40"]),
        ("compare", vec!["compare", "models/two-zone.json", "models/three-zone.json", "-n", "30"]),
        ("sweep", vec!["sweep", "models/web-service.json", "--vary", "components.app.count=2..3", "-n", "20"]),
    ];
    for (name, args) in runs {
        let (report, plots) = (path(&format!("{name}-report")), path(&format!("{name}-plots")));
        let mut args = args.clone();
        args.extend(["--quiet", "--report", &report, "--plots", &plots]);
        results.push(check(&format!("{name}-stdout.txt"), &output(&args)));
        // The page quotes its command, which names this run's temporary directory.
        let html = std::fs::read_to_string(Path::new(&report).join("index.html")).expect("report written");
        let html = html.replace(dir.path().to_str().expect("utf-8"), "$TMP");
        results.push(check(&format!("{name}-report.html"), html.as_bytes()));
        let mut svgs: Vec<PathBuf> = std::fs::read_dir(&plots)
            .expect("plots written")
            .map(|e| e.expect("entry").path())
            .filter(|p| p.extension().is_some_and(|e| e == "svg"))
            .collect();
        svgs.sort();
        for svg in svgs {
            let file = svg.file_name().and_then(|s| s.to_str()).expect("utf-8").to_string();
            results.push(check(&format!("{name}-plot-{file}"), &std::fs::read(&svg).expect("read svg")));
        }
    }
    assert_all(results);
}

#[test]
fn fit_outputs_of_the_bundled_data_are_unchanged() {
    let mut results = Vec::new();
    let timeline = ["fit", "examples/data/incident-log.csv", "--from", "2021-01-01T00:00:00Z", "--to", "2026-01-01T00:00:00Z"];
    for (format, ext) in FORMATS {
        let mut args = timeline.to_vec();
        args.extend(["--format", format]);
        results.push(check(&format!("fit-incident-log.{ext}"), &output(&args)));
    }
    results.push(check("fit-disk-ages.txt", &output(&["fit", "examples/data/disk-ages.csv"])));
    results.push(check("fit-disk-ages.csv", &output(&["fit", "examples/data/disk-ages.csv", "--format", "csv"])));
    assert_all(results);
}

#[test]
fn parameter_uncertainty_outputs_are_unchanged() {
    // The storefront with every law fitted, as `fit --into` writes it (tests/goldens/storefront-fitted.json),
    // drawn exactly and by simulation.
    let mut results = Vec::new();
    let model = "tests/goldens/storefront-fitted.json";
    for (format, ext) in FORMATS {
        let bytes = output(&["run", model, "-n", "24", "--seed", "11", "--uncertainty", "200", "--format", format, "--quiet"]);
        results.push(check(&format!("uncertainty-exact.{ext}"), &bytes));
    }
    let bytes = output(&["run", model, "-n", "24", "--seed", "11", "--uncertainty", "5", "--uncertainty-method", "simulation", "--quiet"]);
    results.push(check("uncertainty-simulation.txt", &bytes));
    assert_all(results);
}

#[test]
fn block_diagrams_are_unchanged() {
    let mut results = Vec::new();
    for stem in ["web-service", "bridge", "two-zone"] {
        let bytes = output(&["diagram", &format!("models/{stem}.json")]);
        results.push(check(&format!("diagram-{stem}.svg"), &bytes));
    }
    assert_all(results);
}
