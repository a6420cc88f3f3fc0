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
