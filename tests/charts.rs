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
            &[&format!("{name} — monthly: downtime per month"), "target 99.95 %", "downtime per month (log scale)"],
        );
    }

    let html = std::fs::read_to_string(report.join("index.html")).expect("report");
    assert_contains(
        &html,
        "the report",
        &["The price of each nine", "P(breach) per period by design", "single server — monthly: downtime per month", "P(breach) monthly"],
    );
    // A section per design, named, holding that design's charts, each titled with its name.
    let first = html.find("<h2>Design 1: single server</h2>").expect("a section for the first design");
    let second = html.find("<h2>Design 2: active-active pair</h2>").expect("a section for the second design");
    let own = |name: &str| html.find(&format!("{name} — where the downtime comes from")).expect("the design's own Pareto");
    assert!(first < own("single server") && own("single server") < second && second < own("active-active pair"));
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
    assert!(csv.lines().any(|l| l.starts_with("components.web.repair.mean=8,objective,monthly,breach_probability,")), "{csv}");
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
    assert!(names.iter().any(|n| n == "downtime-by-design.svg"), "{names:?}");
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

// ---- The charts of a fit (survival curves over Kaplan–Meier, Weibull probability paper) ----
//
// `fit_all` belongs to another piece of work, so the sets here are built by hand: the
// Kaplan–Meier steps computed below, the laws' coordinates close to what a fit of these data
// gives.

use ninesim::plot::{Chart, probability_plot, survival_fit};
use ninesim::stats::fit::{FitSet, IntervalMethod, KaplanMeierStep, Law, LawFit, Parameter, Skipped};

/// The Kaplan–Meier estimate of (time, censored) observations, with Greenwood's variance on
/// the log(−log) scale, as `ninesim fit` reports it.
fn kaplan_meier(data: &[(f64, bool)]) -> Vec<KaplanMeierStep> {
    let mut sorted = data.to_vec();
    sorted.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    let (mut at_risk, mut survival, mut greenwood) = (sorted.len(), 1.0f64, 0.0f64);
    let mut steps = Vec::new();
    let mut i = 0;
    while i < sorted.len() {
        let t = sorted[i].0;
        let tied = sorted[i..].iter().take_while(|o| o.0 == t).count();
        let events = sorted[i..i + tied].iter().filter(|o| !o.1).count();
        if events > 0 {
            survival *= 1.0 - events as f64 / at_risk as f64;
            if at_risk > events {
                greenwood += events as f64 / (at_risk as f64 * (at_risk - events) as f64);
            }
            let ci95 = if survival > 0.0 && survival < 1.0 {
                let half = 1.96 * greenwood.sqrt() / survival.ln().abs();
                [survival.powf(half.exp()), survival.powf((-half).exp())]
            } else {
                [f64::NAN, f64::NAN]
            };
            steps.push(KaplanMeierStep { time: t, at_risk, events, survival, ci95 });
        }
        at_risk -= tied;
        i += tied;
    }
    steps
}

fn parameter(name: &str, value: f64) -> Parameter {
    Parameter { name: name.to_string(), value, ci95: [value * 0.7, value * 1.4] }
}

/// A fitted law at sampling coordinates `coordinates` with standard deviations `sd`.
fn law_fit(law: Law, coordinates: &[f64], sd: &[f64], correlation: f64, mean: f64, aicc: f64) -> LawFit {
    LawFit {
        law,
        parameters: vec![parameter("p", coordinates[0].exp())],
        mean: parameter("mean", mean),
        interval_method: IntervalMethod::ProfileLikelihood,
        log_likelihood: -aicc / 2.0,
        aicc: Some(aicc),
        bic: aicc + 1.0,
        anderson_darling: None,
        coordinates: coordinates.to_vec(),
        coordinate_sd: sd.to_vec(),
        correlation,
    }
}

/// Times between failures of a server (hours): 11 failures and 4 observations cut off by the
/// end of the study, Weibull-like with a rising hazard.
fn server_data() -> Vec<(f64, bool)> {
    vec![
        (112.0, false),
        (260.0, false),
        (305.0, true),
        (410.0, false),
        (540.0, false),
        (610.0, true),
        (700.0, false),
        (820.0, false),
        (905.0, false),
        (1010.0, true),
        (1180.0, false),
        (1300.0, false),
        (1490.0, false),
        (1620.0, true),
        (1950.0, false),
    ]
}

fn censored_times(data: &[(f64, bool)]) -> Vec<f64> {
    data.iter().filter(|o| o.1).map(|o| o.0).collect()
}

/// Weibull (shape 1.9, scale 1050 h) best, then lognormal, then exponential.
fn server_fits() -> FitSet {
    let data = server_data();
    FitSet {
        observations: data.len(),
        failures: data.iter().filter(|o| !o.1).count(),
        exposure: data.iter().map(|o| o.0).sum(),
        fits: vec![
            law_fit(Law::Weibull, &[1.9f64.ln(), 1050f64.ln()], &[0.22, 0.12], 0.31, 932.0, 180.4),
            law_fit(Law::Lognormal, &[6.65, 0.72f64.ln()], &[0.2, 0.21], 0.1, 990.0, 181.7),
            law_fit(Law::Exponential, &[(1.0 / 1240f64).ln()], &[0.3], 0.0, 1240.0, 186.9),
        ],
        skipped: vec![],
        kaplan_meier: kaplan_meier(&data),
        mean_lower_bound: None,
    }
}

/// Checks what every fit chart must be: named and titled as asked, an SVG without NaN that
/// holds each of `texts`, a PNG of 900×540 that is not blank.
fn check_chart(chart: &Chart, name: &str, texts: &[&str]) {
    assert_eq!(chart.name, name);
    assert!(chart.svg.starts_with("<svg") && chart.svg.trim_end().ends_with("</svg>"), "not an SVG document");
    assert!(!chart.svg.contains("NaN"), "NaN in the SVG of {name}");
    assert_contains(&chart.svg, name, texts);
    let png = image::load_from_memory(&chart.png).expect("the PNG decodes");
    assert_eq!((png.width(), png.height()), (900, 540));
    assert!(png.to_rgb8().pixels().any(|p| p.0.iter().all(|&c| c < 100)), "the PNG of {name} is blank");
}

/// Every observation censored: no Kaplan–Meier step, no law, only the mean's lower bound.
fn no_failures() -> FitSet {
    let skipped = Law::ALL
        .iter()
        .map(|&law| Skipped { law, reason: format!("needs at least {} failure(s), the data have 0", law.min_failures()) })
        .collect();
    FitSet {
        observations: 3,
        failures: 0,
        exposure: 9000.0,
        fits: vec![],
        skipped,
        kaplan_meier: vec![],
        mean_lower_bound: Some(9000.0 / 2.996),
    }
}

/// One failure among three observations: one Kaplan–Meier step, the exponential law alone.
fn one_step() -> FitSet {
    let data = [(40.0, false), (90.0, true), (120.0, true)];
    let skipped = [Law::Weibull, Law::Lognormal, Law::Gamma]
        .iter()
        .map(|&law| Skipped { law, reason: "needs at least 3 failures, the data have 1".to_string() })
        .collect();
    FitSet {
        observations: 3,
        failures: 1,
        exposure: 250.0,
        fits: vec![law_fit(Law::Exponential, &[(1.0 / 250f64).ln()], &[1.0], 0.0, 250.0, 13.0)],
        skipped,
        kaplan_meier: kaplan_meier(&data),
        mean_lower_bound: None,
    }
}

/// Durations from a microsecond to thirty years (in hours) in one sample.
fn extreme_data() -> Vec<(f64, bool)> {
    vec![(1e-6, false), (3e-4, false), (0.02, true), (1.5, false), (200.0, false), (4e4, true), (9e6, false), (1e9, false)]
}

fn extreme_fits() -> FitSet {
    let data = extreme_data();
    FitSet {
        observations: data.len(),
        failures: 6,
        exposure: data.iter().map(|o| o.0).sum(),
        fits: vec![
            law_fit(Law::Lognormal, &[2.0, 7.5f64.ln()], &[2.5, 0.3], 0.0, 1e9, 90.0),
            law_fit(Law::Weibull, &[0.12f64.ln(), 500f64.ln()], &[0.3, 2.0], 0.2, 1e9, 91.0),
            law_fit(Law::Gamma, &[0.05f64.ln(), 3e7f64.ln()], &[0.4, 1.5], -0.3, 1.5e6, 95.0),
            law_fit(Law::Exponential, &[(1.0 / 1.7e8f64).ln()], &[0.4], 0.0, 1.7e8, 140.0),
        ],
        skipped: vec![],
        kaplan_meier: kaplan_meier(&data),
        mean_lower_bound: None,
    }
}

/// The server set with a NaN and an infinite step, and two laws that cannot be evaluated (a
/// Weibull law with one coordinate, a gamma law with an absurd shape).
fn spoiled_fits() -> FitSet {
    let mut set = server_fits();
    set.kaplan_meier.push(KaplanMeierStep { time: f64::NAN, at_risk: 3, events: 1, survival: 0.1, ci95: [0.0, 0.3] });
    set.kaplan_meier.insert(2, KaplanMeierStep { time: 500.0, at_risk: 9, events: 1, survival: f64::INFINITY, ci95: [0.5, 0.9] });
    set.kaplan_meier[4].ci95 = [f64::NAN, f64::INFINITY];
    set.fits.push(law_fit(Law::Weibull, &[0.3], &[0.1], 0.0, 1.0, 200.0));
    set.fits.push(law_fit(Law::Gamma, &[400.0, 2.0], &[0.1, 0.1], 0.0, 1.0, 210.0));
    set
}

const SURVIVAL_TITLE: &str = "Time between failures of web-1: fitted laws";
const PAPER_TITLE: &str = "Time between failures of web-1: Weibull probability plot";

#[test]
fn fit_survival_chart_draws_the_estimate_its_censoring_and_each_law_ranked() {
    let chart = survival_fit("fit-survival", SURVIVAL_TITLE, &server_fits(), &censored_times(&server_data()), "hours").expect("drawn");
    assert_eq!(chart.title, SURVIVAL_TITLE);
    check_chart(
        &chart,
        "fit-survival",
        &[
            SURVIVAL_TITLE,
            "duration (hours)",
            "survival S(t)",
            "Kaplan–Meier estimate, 95% band",
            "censored observation",
            "1. weibull (best), 95% band",
            "2. lognormal (ΔAICc 1.3)",
            "3. exponential (ΔAICc 6.5)",
        ],
    );
    assert!(!chart.svg.contains("not shown") && !chart.svg.contains("no data"));
}

#[test]
fn fit_probability_plot_labels_probabilities_and_says_what_a_straight_line_means() {
    let chart = probability_plot("fit-probability", PAPER_TITLE, &server_fits(), "hours").expect("drawn");
    check_chart(
        &chart,
        "fit-probability",
        &[
            PAPER_TITLE,
            "duration (hours, log scale)",
            "Weibull scale",
            "63.2%",
            "10%",
            "50%",
            "90%",
            "99%",
            "a straight line means Weibull fits",
            "failures (median ranks, Johnson–Benard)",
            "1. weibull (best)",
            "2. lognormal",
            "3. exponential",
        ],
    );
    assert!(!chart.svg.contains("not shown") && !chart.svg.contains("no data"));
}

#[test]
fn fit_charts_without_failures_say_so_and_give_the_mean_bound() {
    let set = no_failures();
    let chart = survival_fit("s", "t", &set, &[1000.0, 3000.0, 5000.0], "hours").expect("drawn");
    // The estimate S = 1 out to the last censored time, with its marks.
    check_chart(&chart, "s", &["no failures: every observation was censored", "the mean is at least 3,004 hours", "censored observation"]);
    assert!(!chart.svg.contains("no data") && !chart.svg.contains("best"));
    // Nothing at all to draw: the chart says so.
    let chart = survival_fit("s", "t", &set, &[], "hours").expect("drawn");
    check_chart(&chart, "s", &["no failures in the data", "no data", "not fitted: exponential, weibull, lognormal, gamma"]);
    let chart = probability_plot("p", "t", &set, "hours").expect("drawn");
    check_chart(&chart, "p", &["no failures in the data: nothing to plot", "no data", "the mean is at least 3,004 hours"]);
}

#[test]
fn fit_charts_of_a_single_step() {
    let set = one_step();
    let chart = survival_fit("s", "t", &set, &[90.0, 120.0], "h").expect("drawn");
    check_chart(&chart, "s", &["Kaplan–Meier estimate", "1. exponential (best)", "not fitted: weibull, lognormal, gamma"]);
    let chart = probability_plot("p", "t", &set, "h").expect("drawn");
    check_chart(&chart, "p", &["1. exponential (best)", "failures (median ranks", "a straight line means Weibull fits"]);
    assert!(!chart.svg.contains("no data"));
}

#[test]
fn fit_charts_span_a_microsecond_to_thirty_years() {
    let set = extreme_fits();
    let chart = survival_fit("s", "t", &set, &censored_times(&extreme_data()), "hours").expect("drawn");
    check_chart(&chart, "s", &["1. lognormal (best)", "4. exponential (ΔAICc 50.0)", "1e9"]);
    assert!(!chart.svg.contains("not shown"));
    let chart = probability_plot("p", "t", &set, "hours").expect("drawn");
    check_chart(&chart, "p", &["1. lognormal (best)", "2. weibull", "3. gamma", "4. exponential", "1e-6", "1e8"]);
    assert!(!chart.svg.contains("not shown"));
}

#[test]
fn fit_charts_leave_out_what_cannot_be_drawn_with_a_note() {
    let set = spoiled_fits();
    let mut censored = censored_times(&server_data());
    censored.extend([f64::NAN, f64::NEG_INFINITY]);
    let chart = survival_fit("s", "t", &set, &censored, "hours").expect("drawn");
    check_chart(
        &chart,
        "s",
        &[
            "2 Kaplan–Meier steps with an invalid value not shown",
            "2 censored times with an invalid value not shown",
            "fitted but not drawn: weibull (invalid parameters), gamma (invalid parameters)",
            "1. weibull (best)",
        ],
    );
    let chart = probability_plot("p", "t", &set, "hours").expect("drawn");
    check_chart(&chart, "p", &["failure with t ≤ 0, F = 0 or F = 1 (or invalid) not shown", "fitted but not drawn"]);
}

#[test]
fn fit_charts_never_panic_on_hostile_sets() {
    const WEIRD: [f64; 10] = [f64::NAN, f64::INFINITY, f64::NEG_INFINITY, 0.0, -1.0, 5e-324, 1e-300, 1e300, f64::MAX, 0.5];
    let counts = [0, 1, 7, usize::MAX];
    let steps: Vec<KaplanMeierStep> = WEIRD
        .iter()
        .zip(WEIRD.iter().rev())
        .zip(counts.iter().cycle().zip(counts.iter().rev().cycle()))
        .map(|((&t, &s), (&at_risk, &events))| KaplanMeierStep { time: t, at_risk, events, survival: s, ci95: [s, t] })
        .collect();
    for law in Law::ALL {
        for &c in &WEIRD {
            for coordinates in [vec![], vec![c], vec![c, 1.0], vec![1.0, c], vec![c, c, c]] {
                for sd in [vec![], vec![c, c], vec![0.1, 0.1]] {
                    let mut fit = law_fit(law, &[1.0], &[], c, c, c);
                    (fit.coordinates, fit.coordinate_sd) = (coordinates.clone(), sd);
                    let set = FitSet {
                        observations: 5,
                        failures: 5,
                        exposure: c,
                        fits: vec![fit.clone(), fit],
                        skipped: vec![],
                        kaplan_meier: steps.clone(),
                        mean_lower_bound: Some(c),
                    };
                    let chart = survival_fit("s", "t", &set, &WEIRD, "h").expect("drawn");
                    assert!(!chart.svg.contains("NaN"), "NaN in the survival chart of {law:?} at {coordinates:?}");
                    let chart = probability_plot("p", "t", &set, "h").expect("drawn");
                    assert!(!chart.svg.contains("NaN"), "NaN in the probability plot of {law:?} at {coordinates:?}");
                }
            }
        }
    }
}

/// Renders the charts of each set above into `NINESIM_FIT_CHARTS` (a directory), to look at.
#[test]
fn fit_charts_for_viewing() {
    let Some(dir) = std::env::var_os("NINESIM_FIT_CHARTS") else { return };
    let dir = Path::new(&dir);
    let sets = [
        ("server", server_fits(), censored_times(&server_data())),
        ("none", no_failures(), vec![1000.0, 3000.0, 5000.0]),
        ("one", one_step(), vec![90.0, 120.0]),
        ("extreme", extreme_fits(), censored_times(&extreme_data())),
        ("spoiled", spoiled_fits(), censored_times(&server_data())),
    ];
    for (name, set, censored) in sets {
        let chart = survival_fit("s", SURVIVAL_TITLE, &set, &censored, "hours").expect("drawn");
        std::fs::write(dir.join(format!("{name}-survival.png")), &chart.png).expect("written");
        let chart = probability_plot("p", PAPER_TITLE, &set, "hours").expect("drawn");
        std::fs::write(dir.join(format!("{name}-paper.png")), &chart.png).expect("written");
    }
}
