//! `ninesim fit`, as a user runs it: from incident data to laws, and from laws to a model.

use assert_cmd::Command;
use serde_json::Value;

fn ninesim() -> Command {
    Command::cargo_bin("ninesim").expect("binary is built")
}

fn write(dir: &std::path::Path, name: &str, text: &str) -> std::path::PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write");
    path
}

/// A small censored durations file: 8 failures, 3 still running.
const DURATIONS: &str = "duration,censored\n120,false\n340,false\n95,false\n800,true\n410,false\n800,true\n230,false\n160,false\n800,true\n515,false\n60,false\n";

const ONE_SERVER: &str = r#"{
  "name": "one server",
  "time_unit": "days",
  "components": [
    { "id": "server", "failure": { "dist": "exponential", "mean": 100 }, "repair": { "dist": "exponential", "mean": 0.5 } }
  ],
  "system": "server"
}
"#;

#[test]
fn a_durations_file_gives_every_law_ranked_and_the_exponential_closed_form() {
    let dir = tempfile::tempdir().expect("temp dir");
    let data = write(dir.path(), "d.csv", DURATIONS);
    let out = ninesim().arg("fit").arg(&data).args(["--format", "json"]).output().expect("runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let result: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let sample = &result["samples"][0];
    let fits = sample["fits"]["fits"].as_array().expect("fits");
    assert_eq!(fits.len(), 4, "all four laws fit 8 failures");
    let exponential = fits.iter().find(|f| f["law"] == "exponential").expect("exponential");
    // λ̂ = failures / total time observed, exactly.
    let exposure: f64 = [120.0, 340.0, 95.0, 800.0, 410.0, 800.0, 230.0, 160.0, 800.0, 515.0, 60.0].iter().sum();
    let rate = exponential["parameters"][0]["value"].as_f64().expect("rate");
    assert!((rate - 8.0 / exposure).abs() < 1e-12 * rate, "{rate} vs {}", 8.0 / exposure);
    // The fragment is the best law, ready to paste.
    let best = sample["best"].as_str().expect("best");
    assert_eq!(sample["fragment"]["dist"], best);
    // AICc ranks them: nondecreasing.
    let aicc: Vec<f64> = fits.iter().map(|f| f["aicc"].as_f64().expect("aicc")).collect();
    assert!(aicc.windows(2).all(|w| w[0] <= w[1]), "{aicc:?}");
    // The text report names the laws, the best and the fragment.
    let text = ninesim().arg("fit").arg(&data).output().expect("runs");
    let text = String::from_utf8_lossy(&text.stdout);
    for needle in ["weibull", "lognormal", "gamma", "exponential", "Best: ", "AICc", "\"dist\""] {
        assert!(text.contains(needle), "missing {needle:?} in\n{text}");
    }
}

#[test]
fn into_writes_a_new_model_that_loads_and_never_overwrites_the_input() {
    let dir = tempfile::tempdir().expect("temp dir");
    let data = write(dir.path(), "d.csv", DURATIONS);
    let model = write(dir.path(), "m.json", ONE_SERVER);
    let new = dir.path().join("new.json");
    let out = ninesim()
        .arg("fit")
        .arg(&data)
        .args(["--unit", "hours", "--into"])
        .arg(&model)
        .args(["--component", "server", "--failure", "--law", "exponential", "--out"])
        .arg(&new)
        .output()
        .expect("runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(std::fs::read_to_string(&model).expect("model"), ONE_SERVER, "the input model is untouched");
    let written: Value = serde_json::from_str(&std::fs::read_to_string(&new).expect("new model")).expect("JSON");
    let failure = &written["components"][0]["failure"];
    assert_eq!(failure["dist"], "exponential");
    // Hours in the data, days in the model: the mean and the exposure are converted.
    let exposure_hours = 4330.0;
    let mean_days = exposure_hours / 8.0 / 24.0;
    assert!((failure["mean"].as_f64().expect("mean") - mean_days).abs() < 1e-4 * mean_days, "{failure}");
    assert_eq!(failure["uncertainty"]["failures"], 8);
    assert!((failure["uncertainty"]["exposure"].as_f64().expect("exposure") - exposure_hours / 24.0).abs() < 1e-3);
    // The repair law and the rest of the model are as they were, keys in their order.
    assert_eq!(written["components"][0]["repair"]["mean"], 0.5);
    let keys: Vec<&String> = written.as_object().expect("object").keys().collect();
    assert_eq!(keys, ["name", "time_unit", "components", "system"]);
    ninesim().arg("validate").arg(&new).assert().success();
    // The new model may not be the input.
    let out = ninesim()
        .arg("fit")
        .arg(&data)
        .arg("--into")
        .arg(&model)
        .args(["--component", "server", "--failure", "--out"])
        .arg(&model)
        .output()
        .expect("runs");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("refusing"), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(std::fs::read_to_string(&model).expect("model"), ONE_SERVER);
}

#[test]
fn into_says_what_is_missing_or_misspelt() {
    let dir = tempfile::tempdir().expect("temp dir");
    let data = write(dir.path(), "d.csv", DURATIONS);
    let model = write(dir.path(), "m.json", ONE_SERVER);
    let new = dir.path().join("new.json");
    let run = |extra: &[&str]| {
        let out = ninesim().arg("fit").arg(&data).arg("--into").arg(&model).args(extra).arg("--out").arg(&new).output().expect("runs");
        assert_eq!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8_lossy(&out.stderr).into_owned()
    };
    assert!(run(&["--failure"]).contains("names no component"));
    assert!(run(&["--component", "server"]).contains("failure or its repair"));
    let misspelt = run(&["--component", "sever", "--repair"]);
    assert!(misspelt.contains("did you mean `server`"), "{misspelt}");
    assert!(!new.exists(), "nothing is written when the request is wrong");
}

#[test]
fn data_that_cannot_be_read_is_an_error_with_its_line_and_column() {
    let dir = tempfile::tempdir().expect("temp dir");
    let data = write(dir.path(), "bad.csv", "duration,censored\n12,false\n-3,false\nabc,maybe\n");
    let out = ninesim().arg("fit").arg(&data).output().expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("line 3") && err.contains("line 4"), "every problem is listed:\n{err}");
}

#[test]
fn no_failure_at_all_gives_a_lower_bound_not_a_fit() {
    let dir = tempfile::tempdir().expect("temp dir");
    let data = write(dir.path(), "d.csv", "duration,censored\n1000,true\n2000,true\n");
    let out = ninesim().arg("fit").arg(&data).args(["--format", "json"]).output().expect("runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let result: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let sample = &result["samples"][0];
    assert!(sample["best"].is_null());
    // 3000 h without a failure: MTTF ≥ 3000 / −ln 0.05 at 95 %.
    let bound = sample["fits"]["mean_lower_bound"].as_f64().expect("bound");
    assert!((bound - 3000.0 / -(0.05f64.ln())).abs() < 1e-9 * bound);
    let text = ninesim().arg("fit").arg(&data).output().expect("runs");
    assert!(String::from_utf8_lossy(&text.stdout).contains("at least"), "{}", String::from_utf8_lossy(&text.stdout));
}

#[test]
fn charts_of_a_timeline_stay_in_their_directory_whatever_the_component_is_called() {
    let dir = tempfile::tempdir().expect("temp dir");
    let data = write(
        dir.path(),
        "t.csv",
        "component,start,end\n../../escape,10,11\n../../escape,300,302\n../../escape,700,701\n../../escape,1200,1203\n",
    );
    let plots = dir.path().join("plots");
    let out = ninesim().arg("fit").arg(&data).args(["--from", "0", "--to", "2000", "--plots"]).arg(&plots).output().expect("runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let names: Vec<String> =
        std::fs::read_dir(&plots).expect("plots").map(|e| e.expect("entry").file_name().to_string_lossy().into_owned()).collect();
    assert!(names.iter().any(|n| n.ends_with("-failure-survival.svg")), "{names:?}");
    assert!(names.iter().any(|n| n.ends_with("-failure-probability.png")), "{names:?}");
    assert!(names.iter().all(|n| !n.contains('/') && !n.starts_with('.')), "{names:?}");
    assert!(!dir.path().join("escape-failure-survival.svg").exists());
}

#[test]
fn the_readme_fit_and_its_uncertainty_are_real_output() {
    // "From incident data to a model": every line it quotes is a line the commands print, the
    // fitted model written where the README says, here into a temporary directory.
    let readme = std::fs::read_to_string("README.md").expect("README.md");
    let section =
        readme.split("## From incident data to a model").nth(1).and_then(|s| s.split("\n## ").next()).expect("the section in README.md");
    let dir = tempfile::tempdir().expect("temp dir");
    let fitted = dir.path().join("storefront-fitted.json");
    let mut checked = 0;
    for block in section.split("```text\n").skip(1).map(|rest| rest.split("```").next().expect("closed block")) {
        let mut output = String::new();
        for line in block.lines().filter(|l| !l.is_empty()) {
            if let Some(command) = line.strip_prefix("$ ninesim ") {
                let args: Vec<String> = command
                    .split_whitespace()
                    .map(|a| if a == "storefront-fitted.json" { fitted.display().to_string() } else { a.to_string() })
                    .collect();
                let out = ninesim().args(&args).arg("--quiet").output().expect("runs");
                assert!(out.status.success(), "{command}: {}", String::from_utf8_lossy(&out.stderr));
                output = String::from_utf8_lossy(&out.stdout).into_owned();
            } else {
                assert!(output.lines().any(|l| l == line), "README.md quotes a line the command no longer prints:\n{line}\n---\n{output}");
                checked += 1;
            }
        }
    }
    assert_eq!(checked, 15);
}

/// The bundled incident log was generated from known laws (`examples/incident_log.rs`): each
/// true law's parameters lie in the 95 % intervals of that law's fit.
#[test]
fn the_bundled_incident_log_fits_back_to_the_laws_it_was_drawn_from() {
    use ninesim::model::incidents::{DataOptions, parse};
    use ninesim::stats::fit::Law;
    use ninesim::study::fit::SampleKind;
    let path = std::path::Path::new("examples/data/incident-log.csv");
    let text = std::fs::read_to_string(path).expect("incident log");
    let options = DataOptions { from: Some("2021-01-01T00:00:00Z".into()), to: Some("2026-01-01T00:00:00Z".into()), ..Default::default() };
    let result = ninesim::study::fit::fit(&parse(&text, path, &options).expect("reads"), "incident-log.csv");
    // (component, which law, the law, its parameters in model form)
    let truth: [(&str, SampleKind, Law, &[f64]); 6] = [
        ("web", SampleKind::Failure, Law::Exponential, &[1.0 / 1500.0]),
        ("web", SampleKind::Repair, Law::Lognormal, &[1.5f64.ln(), 0.8]),
        ("db", SampleKind::Failure, Law::Weibull, &[1.6, 2500.0]),
        ("db", SampleKind::Repair, Law::Gamma, &[2.0, 2.0]),
        ("lb", SampleKind::Failure, Law::Exponential, &[1.0 / 2500.0]),
        ("lb", SampleKind::Repair, Law::Exponential, &[2.0]),
    ];
    for (id, kind, law, parameters) in truth {
        let sample = result.samples.iter().find(|s| s.component.as_deref() == Some(id) && s.kind == kind).expect("sample");
        let fit = sample.fits.as_ref().and_then(|set| set.fits.iter().find(|f| f.law == law)).expect("fitted");
        for (p, truth) in fit.parameters.iter().zip(parameters) {
            assert!(p.ci95[0] <= *truth && *truth <= p.ci95[1], "{id} {kind:?} {law:?} {}: {truth} not in {:?}", p.name, p.ci95);
        }
    }
    // And the disks: Weibull shape 1.3, scale 40 000 h, censored at 30 000 h.
    let path = std::path::Path::new("examples/data/disk-ages.csv");
    let text = std::fs::read_to_string(path).expect("disk ages");
    let result = ninesim::study::fit::fit(&parse(&text, path, &DataOptions::default()).expect("reads"), "disk-ages.csv");
    let weibull = result.samples[0].fits.as_ref().and_then(|s| s.fits.iter().find(|f| f.law == Law::Weibull)).expect("weibull");
    for (p, truth) in weibull.parameters.iter().zip([1.3, 40_000.0]) {
        assert!(p.ci95[0] <= truth && truth <= p.ci95[1], "disk {}: {truth} not in {:?}", p.name, p.ci95);
    }
}

/// Gehan (1965), 6-MP group (weeks, + censored): the Kaplan–Meier median is 23 weeks
/// (Kleinbaum & Klein, *Survival Analysis*, ch. 2), with no law assumed.
#[test]
fn the_kaplan_meier_median_of_the_gehan_data_is_23_weeks() {
    let times = "6 6 6 6+ 7 9+ 10 10+ 11+ 13 16 17+ 19+ 20+ 22 23 25+ 32+ 32+ 34+ 35+";
    let mut csv = String::from("duration,censored\n");
    for t in times.split_whitespace() {
        let censored = t.ends_with('+');
        csv.push_str(&format!("{},{censored}\n", t.trim_end_matches('+')));
    }
    let data = ninesim::model::incidents::parse(&csv, std::path::Path::new("gehan.csv"), &Default::default()).expect("reads");
    let result = ninesim::study::fit::fit(&data, "gehan.csv");
    let median = result.samples[0].median.expect("a median");
    assert_eq!(median.value, 23.0);
    assert!(median.low <= 23.0 && median.high.is_none_or(|h| h >= 23.0), "{median:?}");
}

/// A model in seconds.
const IN_SECONDS: &str = r#"{
  "name": "in seconds",
  "time_unit": "seconds",
  "components": [
    { "id": "server", "failure": { "dist": "exponential", "mean": 1000 }, "repair": { "dist": "exponential", "mean": 10 } }
  ],
  "system": "server"
}
"#;

/// Durations of 1e300 years are 3e307 s in a model in seconds' unit, but their exponential mean
/// (1.6e300 y, 5e307 s) has a rate below the normal doubles and their exposure overflows: the
/// law was written with `"exposure": null` and the new model refused with errors blamed on the
/// input model ("`uncertainty.exposure` is missing"). It must be a clear refusal naming the law
/// and the unit, with nothing written and the input untouched; a law that does fit is written.
#[test]
fn a_law_that_overflows_the_models_unit_is_refused_clearly_and_nothing_is_written() {
    let dir = tempfile::tempdir().expect("temp dir");
    let data = write(dir.path(), "big.csv", "duration\n1e300\n2e300\n3e300\n5e299\n");
    let model = write(dir.path(), "m.json", IN_SECONDS);
    let new = dir.path().join("new.json");
    let into = |law: &str| {
        ninesim()
            .arg("fit")
            .arg(&data)
            .args(["--unit", "years", "--into"])
            .arg(&model)
            .args(["--component", "server", "--failure", "--law", law, "--out"])
            .arg(&new)
            .output()
            .expect("runs")
    };
    let out = into("exponential");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("exponential") && err.contains("seconds") && err.contains("cannot be written"), "{err}");
    assert!(!err.contains("is missing"), "{err}");
    assert!(!new.exists(), "nothing is written");
    assert_eq!(std::fs::read_to_string(&model).expect("model"), IN_SECONDS);
    // The Weibull scale, 1.8e300 y, is 5.8e307 s: it fits, and the model it is written into loads.
    let out = into("weibull");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    ninesim().arg("validate").arg(&new).assert().success();
}

/// Every number of a fragment has at most six significant digits (it had 1.625000000000001e300,
/// and nine digits beyond 1e305), and a fragment is given only where it loads as a law and says
/// what the fit says: ten failures of 3e307 h add up to an exposure beyond f64 that was written
/// as 1.8e308, a rate uncertainty centred 10 % off the fitted mean. Then there is no fragment,
/// and a note says why.
#[test]
fn a_fragment_is_rounded_to_six_digits_and_given_only_where_it_is_the_fit() {
    let dir = tempfile::tempdir().expect("temp dir");
    let json = |data: &std::path::Path| -> Value {
        let out = ninesim().arg("fit").arg(data).args(["--format", "json"]).output().expect("runs");
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        serde_json::from_slice(&out.stdout).expect("JSON")
    };
    let big = write(dir.path(), "big.csv", "duration\n1e300\n2e300\n3e300\n5e299\n");
    let result = json(&big);
    let fragment = &result["samples"][0]["fragment"];
    assert_eq!(fragment["mean"].as_f64(), Some(1.625e300), "{fragment}");
    assert_eq!(fragment["uncertainty"]["exposure"].as_f64(), Some(6.5e300), "{fragment}");
    let saturated = write(dir.path(), "sat.csv", &format!("duration\n{}", "3e307\n".repeat(10)));
    let result = json(&saturated);
    let sample = &result["samples"][0];
    assert_eq!(sample["best"], "exponential");
    assert!(sample["fragment"].is_null(), "{}", sample["fragment"]);
    let notes = sample["notes"].to_string();
    assert!(notes.contains("cannot be written"), "{notes}");
}

/// The note on a sample without failures printed its exposure as a 301-digit number, and a
/// bound of 1.3e-300 h as "0 h".
#[test]
fn the_no_failure_note_reads_at_any_magnitude() {
    let dir = tempfile::tempdir().expect("temp dir");
    for (text, words) in [
        ("duration,censored\n1e300,true\n", ["1e300 h", "3.33808e299 h"]),
        ("duration,censored\n4e-300,true\n", ["4e-300 h", "1.33523e-300 h"]),
    ] {
        let data = write(dir.path(), "c.csv", text);
        let out = ninesim().arg("fit").arg(&data).output().expect("runs");
        let report = String::from_utf8_lossy(&out.stdout);
        for w in words {
            assert!(report.contains(w), "{w:?} missing from\n{report}");
        }
        assert!(!report.contains("000000000"), "{report}");
    }
}

/// Latin-1 data exited 1 with "stream did not contain valid UTF-8": bad input exits 2 and says
/// where.
#[test]
fn data_that_is_not_utf8_is_bad_input_with_its_line() {
    let dir = tempfile::tempdir().expect("temp dir");
    let data = dir.path().join("latin1.csv");
    std::fs::write(&data, b"duration\n12\n\xb5s\n").expect("write");
    let out = ninesim().arg("fit").arg(&data).output().expect("runs");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("latin1.csv") && err.contains("line 3") && err.contains("UTF-8"), "{err}");
}

/// `--out` naming the data file (here through a hard link) was refused only after the report
/// had been printed: a failed command printed a whole report first.
#[cfg(unix)]
#[test]
fn a_refused_new_model_leaves_no_report_behind() {
    let dir = tempfile::tempdir().expect("temp dir");
    let data = write(dir.path(), "d.csv", DURATIONS);
    let model = write(dir.path(), "m.json", ONE_SERVER);
    let link = dir.path().join("link.csv");
    std::fs::hard_link(&data, &link).expect("hard link");
    let out = ninesim()
        .arg("fit")
        .arg(&data)
        .arg("--into")
        .arg(&model)
        .args(["--component", "server", "--failure", "--out"])
        .arg(&link)
        .output()
        .expect("runs");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("refusing"), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(out.stdout.is_empty(), "{}", String::from_utf8_lossy(&out.stdout));
    assert_eq!(std::fs::read_to_string(&data).expect("data"), DURATIONS);
}

/// With three failures the two-parameter laws have no AICc, and the laws are ranked by BIC
/// (docs/maths.md §15), while the report said only "ranked by AICc": the sample says which
/// criterion chose its best law. And a best law whose fragment the model would refuse (a
/// coordinate's sd above 10) has no fragment, but a note.
#[test]
fn a_sample_ranked_by_bic_says_so_and_an_unusable_best_law_gives_no_fragment() {
    let dir = tempfile::tempdir().expect("temp dir");
    let small = write(dir.path(), "small.csv", "duration\n1\n2\n3\n");
    let text = ninesim().arg("fit").arg(&small).output().expect("runs");
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains("ranked by BIC"), "{text}");
    let larger = write(dir.path(), "larger.csv", DURATIONS);
    let text = ninesim().arg("fit").arg(&larger).output().expect("runs");
    assert!(!String::from_utf8_lossy(&text.stdout).contains("ranked by BIC"));
    let wide = write(dir.path(), "wide.csv", "duration\n1\n1e300\n1e-300\n");
    let out = ninesim().arg("fit").arg(&wide).args(["--format", "json"]).output().expect("runs");
    let result: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let sample = &result["samples"][0];
    assert!(sample["fragment"].is_null(), "{}", sample["fragment"]);
    assert!(sample["notes"].to_string().contains("sd[1]"), "{}", sample["notes"]);
}

#[test]
fn a_repair_law_written_beside_detection_or_a_crew_comes_with_a_warning() {
    let dir = tempfile::tempdir().expect("temp dir");
    let data = write(dir.path(), "t.csv", "component,start,end\nserver,100,102\nserver,900,901.5\nserver,2000,2003\n");
    let model = write(
        dir.path(),
        "m.json",
        r#"{ "name": "m", "components": [ { "id": "server", "failure": { "dist": "exponential", "mean": 1000 },
             "repair": { "dist": "exponential", "mean": 2 }, "detection": { "dist": "fixed", "value": 0.1 } } ], "system": "server" }"#,
    );
    let new = dir.path().join("new.json");
    let out = ninesim()
        .arg("fit")
        .arg(&data)
        .args(["--from", "0", "--to", "3000", "--into"])
        .arg(&model)
        .arg("--out")
        .arg(&new)
        .output()
        .expect("runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("warning: `server` also has detection"), "{err}");
    assert_eq!(err.matches("warning:").count(), 1, "only the repair law is warned about:\n{err}");
}
