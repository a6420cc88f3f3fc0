//! The charts of objectives and costs (issue 12), as the binary writes them: the period
//! downtime histogram of each objective, cost against downtime, P(breach) by design, and the
//! P(breach) column of the compare and sweep tables. None of them for models without
//! objectives or costs.

use std::path::Path;

use assert_cmd::Command;

fn ninesim() -> Command {
    Command::cargo_bin("ninesim").expect("binary is built")
}

/// A design of `count` web servers of which one must be up, with costs and a monthly SLA when
/// `extras` holds.
fn design(name: &str, count: u32, extras: bool) -> String {
    let (cost, costs, objectives) = if extras {
        (
            r#", "cost": {"per_year": 1000, "per_failure": 50}"#,
            r#""costs": {"per_hour_down": 2000, "currency": "EUR"},"#,
            r#", "objectives": [{"id": "monthly", "target": 0.9995, "period": "month"}]"#,
        )
    } else {
        ("", "", "")
    };
    format!(
        r#"{{"name": "{name}", "components": [
          {{"id": "web", "count": {count}, "failure": {{"dist": "exponential", "mean": 2000}},
            "repair": {{"dist": "exponential", "mean": 4}}{cost}}}],
          {costs}
          "system": {{"k_of_n": {{"k": 1, "of": ["web"]}}}},
          "simulation": {{"horizon": 43830, "replications": 100, "seed": 3}}{objectives}}}"#
    )
}

fn write_designs(dir: &Path, extras: bool) -> (String, String) {
    let single = dir.join("single.json");
    let pair = dir.join("pair.json");
    std::fs::write(&single, design("single server", 1, extras)).expect("written");
    std::fs::write(&pair, design("active-active pair", 2, extras)).expect("written");
    (single.to_string_lossy().into_owned(), pair.to_string_lossy().into_owned())
}

/// The SVG of the chart `name` in `dir`, after checking that its PNG is there too.
fn svg(dir: &Path, name: &str) -> String {
    let svg = std::fs::read_to_string(dir.join(format!("{name}.svg"))).unwrap_or_else(|e| panic!("{name}.svg: {e}"));
    assert!(dir.join(format!("{name}.png")).is_file(), "{name}.png is missing");
    svg
}

fn assert_contains(text: &str, what: &str, needles: &[&str]) {
    for needle in needles {
        assert!(text.contains(needle), "`{needle}` is not in {what}");
    }
}

fn chart_files(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir).expect("plots").map(|e| e.expect("entry").file_name().to_string_lossy().into_owned()).collect()
}

#[test]
fn compare_with_objectives_and_costs_draws_cost_breach_and_period_charts() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (single, pair) = write_designs(dir.path(), true);
    let plots = dir.path().join("plots");
    let report = dir.path().join("report");
    let out =
        ninesim().args(["compare", &single, &pair, "--quiet", "--plots"]).arg(&plots).arg("--report").arg(&report).output().expect("runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_contains(&String::from_utf8_lossy(&out.stdout), "the comparison", &["cost/yr", "P(breach) monthly"]);

    let cost = svg(&plots, "cost-vs-downtime");
    assert_contains(
        &cost,
        "the cost chart",
        &["The price of each nine", "cost per year (EUR)", "downtime (min/year", "single server", "active-active pair"],
    );
    let breach = svg(&plots, "breach-by-design");
    assert_contains(
        &breach,
        "the P(breach) chart",
        &["P(breach) per period by design", "monthly (per month)", "single server", "active-active pair"],
    );
    for (k, name) in [(1, "single server"), (2, "active-active pair")] {
        let period = svg(&plots, &format!("design-{k}-objective-1-downtime"));
        assert_contains(
            &period,
            "the period downtime chart",
            &[&format!("{name} — monthly: downtime per month"), "target 99.95 %", "downtime per month (minutes, log scale)"],
        );
    }

    let html = std::fs::read_to_string(report.join("index.html")).expect("report");
    assert_contains(
        &html,
        "the report",
        &["The price of each nine", "P(breach) per period by design", "single server — monthly: downtime per month", "P(breach) monthly"],
    );
}

#[test]
fn run_with_an_objective_draws_its_period_downtime() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (single, _) = write_designs(dir.path(), true);
    let plots = dir.path().join("plots");
    let report = dir.path().join("report");
    let out = ninesim().args(["run", &single, "--quiet", "--plots"]).arg(&plots).arg("--report").arg(&report).output().expect("runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let period = svg(&plots, "objective-1-downtime");
    assert_contains(
        &period,
        "the period downtime chart",
        &["single server — monthly: downtime per month", "target 99.95 %", "periods", "of periods had no downtime"],
    );
    // A single run has nothing to set its cost against, nor another design's P(breach).
    let names = chart_files(&plots);
    assert!(!names.iter().any(|n| n.contains("cost-vs-downtime") || n.contains("breach")), "{names:?}");
    let html = std::fs::read_to_string(report.join("index.html")).expect("report");
    assert_contains(&html, "the report", &["single server — monthly: downtime per month"]);
}

#[test]
fn sweep_with_costs_draws_cost_against_downtime_and_a_breach_column() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (single, _) = write_designs(dir.path(), true);
    let plots = dir.path().join("plots");
    let report = dir.path().join("report");
    let out = ninesim()
        .args(["sweep", &single, "--vary", "components.web.repair.mean=1,8,64", "--quiet", "--plots"])
        .arg(&plots)
        .arg("--report")
        .arg(&report)
        .output()
        .expect("runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_contains(&String::from_utf8_lossy(&out.stdout), "the sweep", &["cost/yr", "P(breach) monthly"]);
    svg(&plots, "sweep");
    let cost = svg(&plots, "cost-vs-downtime");
    assert_contains(&cost, "the cost chart", &["The price of each nine", "cost per year (EUR)", "repair.mean=1", "repair.mean=64"]);
    let html = std::fs::read_to_string(report.join("index.html")).expect("report");
    assert_contains(&html, "the report", &["The price of each nine", "P(breach) monthly"]);

    let csv = ninesim()
        .args(["sweep", &single, "--vary", "components.web.repair.mean=1,8", "--quiet", "--format", "csv"])
        .output()
        .expect("runs");
    assert!(csv.status.success(), "{}", String::from_utf8_lossy(&csv.stderr));
    let csv = String::from_utf8_lossy(&csv.stdout);
    assert!(csv.lines().any(|l| l.starts_with("8,breach_probability_monthly,")), "{csv}");
}

#[test]
fn without_objectives_or_costs_there_is_no_new_chart_or_column() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (single, pair) = write_designs(dir.path(), false);
    let plots = dir.path().join("plots");
    let out = ninesim().args(["compare", &single, &pair, "--quiet", "--plots"]).arg(&plots).output().expect("runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(!stdout.contains("P(breach)") && !stdout.contains("cost/yr"), "{stdout}");
    let names = chart_files(&plots);
    assert!(names.iter().any(|n| n == "unavailability.svg"), "{names:?}");
    for name in &names {
        assert!(!name.contains("cost-vs-downtime") && !name.contains("breach") && !name.contains("objective"), "unexpected chart {name}");
    }

    let plots = dir.path().join("sweep-plots");
    let out = ninesim()
        .args(["sweep", &single, "--vary", "components.web.repair.mean=1,8", "--quiet", "--plots"])
        .arg(&plots)
        .output()
        .expect("runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(!String::from_utf8_lossy(&out.stdout).contains("P(breach)"));
    let mut names = chart_files(&plots);
    names.sort();
    assert_eq!(names, ["sweep.png", "sweep.svg"], "only the sweep chart");
}
