// The command line's conventions, command by command: the same simulation options everywhere,
// `-q` and `-f` everywhere, exports beside the text, a "wrote" line per file, `-n` always
// counting replications, and a README whose command table matches `--help`.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

fn ninesim() -> Command {
    Command::cargo_bin("ninesim").expect("binary is built")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The command line of `command` on small bundled inputs, before the options under test.
fn base(command: &str) -> Vec<&'static str> {
    match command {
        "run" => vec!["run", "models/bridge.json"],
        "compare" => vec!["compare", "models/bridge.json", "models/single-server.json"],
        "sweep" => vec!["sweep", "models/bridge.json", "--vary", "components.a.failure.mean=1000,2000"],
        "explain" => vec!["explain", "models/bridge.json"],
        "analyze" => vec!["analyze", "models/bridge.json", "--simulate"],
        other => panic!("no base command line for {other}"),
    }
}

const SIMULATING: [&str; 5] = ["run", "compare", "sweep", "explain", "analyze"];

#[test]
fn every_simulating_command_accepts_every_simulation_option() {
    let common = ["-n", "64", "-s", "3", "-j", "1", "--horizon", "20000", "--warmup", "100", "--method", "plain", "-q", "-f", "json"];
    for command in SIMULATING {
        let out = ninesim().args(base(command)).args(common).output().expect("runs");
        assert!(out.status.success(), "{command}: {}", text(&out.stderr));
        assert!(out.stderr.is_empty(), "{command} -q wrote to standard error: {}", text(&out.stderr));
        let json: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{command}: {e}\n{}", text(&out.stdout)));
        // The options reached the simulation: its replications and seed are in the result.
        let (replications, seed) = match command {
            "run" => (&json["replications"], &json["seed"]),
            "compare" => (&json["replications"], &json["seed"]),
            "sweep" => (&json["rows"][0]["result"]["replications"], &json["rows"][0]["result"]["seed"]),
            "analyze" => (&json["simulation"]["replications"], &json["simulation"]["seed"]),
            _ => (&Value::from(64), &Value::from(3)),
        };
        assert_eq!((replications, seed), (&Value::from(64), &Value::from(3)), "{command}");
        // `auto` is accepted everywhere too.
        let out = ninesim().args(base(command)).args(["-n", "32", "--method", "auto", "-q", "-f", "json"]).output().expect("runs");
        assert!(out.status.success(), "{command} --method auto: {}", text(&out.stderr));
    }
}

#[test]
fn every_simulating_command_runs_to_a_relative_precision() {
    for command in SIMULATING {
        let out = ninesim()
            .args(base(command))
            .args(["--rel-error", "0.5", "--max-replications", "4096", "--max-time", "600", "-q", "-f", "json"])
            .output()
            .expect("runs");
        assert!(out.status.success(), "{command}: {}", text(&out.stderr));
        let json: Value = serde_json::from_slice(&out.stdout).expect("JSON");
        // Where the result records the precision, it was reached (checked every 1,024
        // replications, so a precision of ±50% on these models stops at the first check).
        let precision = match command {
            "run" => Some(&json["precision"]),
            "compare" => Some(&json["designs"][1]["precision"]),
            "sweep" => Some(&json["rows"][1]["result"]["precision"]),
            _ => None,
        };
        if let Some(p) = precision {
            assert_eq!(p["stopped_by"], "precision", "{command}: {p}");
            assert!(p["rel_error"].as_f64().expect("reached") <= 0.5, "{command}: {p}");
        }
    }
}

#[test]
fn a_comparison_to_precision_waits_for_its_least_precise_design_and_is_the_same_on_any_threads() {
    let args = ["compare", "models/two-zone.json", "models/three-zone.json", "--rel-error", "0.01", "-q", "-f", "json"];
    let one = ninesim().args(args).args(["-j", "1"]).output().expect("runs");
    let two = ninesim().args(args).args(["-j", "2"]).output().expect("runs");
    assert!(one.status.success(), "{}", text(&one.stderr));
    let mut one: Value = serde_json::from_slice(&one.stdout).expect("JSON");
    let mut two: Value = serde_json::from_slice(&two.stdout).expect("JSON");
    let replications = one["replications"].as_u64().expect("count");
    assert!(replications > 1024 && replications.is_multiple_of(1024), "stops at a checkpoint after the first: {replications}");
    for design in one["designs"].as_array().expect("designs") {
        let p = &design["precision"];
        assert_eq!(p["stopped_by"], "precision");
        assert!(p["rel_error"].as_f64().expect("reached") <= 0.01);
        // The reached precision is that of the design's own interval of U.
        let u = &design["unavailability"];
        let (lo, hi, mean) = (u["ci95"][0].as_f64().unwrap(), u["ci95"][1].as_f64().unwrap(), u["mean"].as_f64().unwrap());
        assert!(((hi - lo) / 2.0 / mean - p["rel_error"].as_f64().unwrap()).abs() < 1e-12);
    }
    // The least precise design decides: at the checkpoint before, its half-width (which shrinks
    // as 1/√n) was above the target, else the run would have stopped there.
    let worst = one["designs"].as_array().unwrap().iter().map(|d| d["precision"]["rel_error"].as_f64().unwrap()).fold(0.0, f64::max);
    let n = replications as f64;
    assert!(worst * (n / (n - 1024.0)).sqrt() > 0.01 * 0.95, "stopped later than needed: {worst} after {replications}");
    for v in [&mut one, &mut two] {
        for d in v["designs"].as_array_mut().unwrap() {
            d.as_object_mut().unwrap().remove("threads");
        }
    }
    assert_eq!(one, two);
    // The text names the least precise design and what it reached.
    let out =
        ninesim().args(["compare", "models/two-zone.json", "models/three-zone.json", "--rel-error", "0.02", "-q"]).output().expect("runs");
    let second = text(&out.stdout).lines().nth(1).map(str::to_string).unwrap_or_default();
    assert!(
        second.starts_with("precision: U known to ±") && second.contains("target reached (the least precise of 2 designs: "),
        "{second}"
    );
}

#[test]
fn commands_that_need_whole_lives_refuse_failure_biasing_by_name() {
    for command in ["compare", "sweep", "explain", "analyze"] {
        let out = ninesim().args(base(command)).args(["--method", "failure-biasing", "-n", "10"]).output().expect("runs");
        assert_eq!(out.status.code(), Some(2), "{command}: {}", text(&out.stderr));
        let err = text(&out.stderr);
        assert!(
            err.contains(&format!("`{command}` needs whole simulated lives")) && err.contains("ninesim run MODEL --method failure-biasing"),
            "{err}"
        );
    }
    let out = ninesim().args(["analyze", "models/bridge.json", "-n", "10"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("add --simulate"), "{}", text(&out.stderr));
}

#[test]
fn minus_n_always_counts_replications_and_failure_biasing_counts_cycles() {
    let fb = ["run", "models/metadata-store.json", "--method", "failure-biasing", "-q", "-f", "json"];
    let out = ninesim().args(fb).args(["-n", "100"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("give --cycles N"), "{}", text(&out.stderr));
    let out = ninesim().args(fb).args(["--cycles", "512"]).output().expect("runs");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let json: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(json["cycles"], 512);
    let out = ninesim().args(["run", "models/bridge.json", "--method", "plain", "--cycles", "10"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("plain Monte Carlo counts replications"), "{}", text(&out.stderr));
    let out = ninesim().args(["run", "models/metadata-store.json", "--cycles", "10", "--rel-error", "0.1"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(2));
    // `auto` with a short -n: the replications are too few for plain Monte Carlo, so failure
    // biasing runs to its default precision, and the method's reason names the replications.
    let out = ninesim().args(["run", "models/metadata-store.json", "-n", "10", "-q", "-f", "json"]).output().expect("runs");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let json: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(json["method"]["used"], "failure-biasing");
    assert!(json["method"]["reason"].as_str().unwrap().contains("in 10 replications"), "{}", json["method"]);
    assert_eq!(json["precision"]["target_rel_error"], 0.01);
    let out = ninesim().args(["run", "models/metadata-store.json", "-n", "10"]).output().expect("runs");
    // The line after the model's name says that auto changed the method, and why.
    let second = text(&out.stdout).lines().nth(1).map(str::to_string).unwrap_or_default();
    assert!(second.starts_with("method: failure biasing, chosen by auto: plain Monte Carlo would expect"), "{second}");
}

/// A shard pair of a small run, for `merge`.
fn shards(dir: &Path) -> [PathBuf; 2] {
    let paths = [dir.join("s0.json"), dir.join("s1.json")];
    for (i, p) in paths.iter().enumerate() {
        let out = ninesim()
            .args(["run", "models/bridge.json", "-n", "64", "-q", "--shard", &format!("{i}/2"), "--out"])
            .arg(p)
            .output()
            .expect("runs");
        assert!(out.status.success(), "{}", text(&out.stderr));
    }
    paths
}

#[test]
fn every_reporting_command_takes_quiet_and_format() {
    let dir = tempfile::tempdir().expect("temp dir");
    let [s0, s1] = shards(dir.path());
    let lines: Vec<Vec<String>> = vec![
        ["run", "models/bridge.json", "-n", "32"].map(String::from).to_vec(),
        ["compare", "models/bridge.json", "models/single-server.json", "-n", "32"].map(String::from).to_vec(),
        ["sweep", "models/bridge.json", "--vary", "components.a.failure.mean=1000,2000", "-n", "32"].map(String::from).to_vec(),
        vec!["merge".into(), s0.display().to_string(), s1.display().to_string()],
        ["analyze", "models/bridge.json"].map(String::from).to_vec(),
        ["explain", "models/bridge.json", "-n", "32"].map(String::from).to_vec(),
        ["fit", "examples/data/disk-ages.csv"].map(String::from).to_vec(),
        ["validate", "models/bridge.json", "models/web-service.json"].map(String::from).to_vec(),
    ];
    for line in lines {
        let out = ninesim().args(&line).args(["-q", "-f", "json"]).output().expect("runs");
        assert!(out.status.success(), "{line:?}: {}", text(&out.stderr));
        assert!(out.stderr.is_empty(), "{line:?} -q: {}", text(&out.stderr));
        serde_json::from_slice::<Value>(&out.stdout).unwrap_or_else(|e| panic!("{line:?}: {e}"));
    }
    for line in [["schema", "-q"], ["man", "-q"]] {
        let out = ninesim().args(line).output().expect("runs");
        assert!(out.status.success() && out.stderr.is_empty(), "{line:?}: {}", text(&out.stderr));
    }
}

#[test]
fn exports_keep_the_text_on_the_terminal_and_write_the_data_too() {
    let dir = tempfile::tempdir().expect("temp dir");
    let [s0, s1] = shards(dir.path());
    let cases: Vec<(&str, Vec<String>)> = vec![
        ("run", ["run", "models/bridge.json", "-n", "32"].map(String::from).to_vec()),
        ("batch", ["run", "models/bridge.json", "models/single-server.json", "-n", "32"].map(String::from).to_vec()),
        ("compare", ["compare", "models/bridge.json", "models/single-server.json", "-n", "32"].map(String::from).to_vec()),
        ("sweep", ["sweep", "models/bridge.json", "--vary", "components.a.failure.mean=1000,2000", "-n", "32"].map(String::from).to_vec()),
        ("merge", vec!["merge".into(), s0.display().to_string(), s1.display().to_string()]),
        ("analyze", ["analyze", "models/bridge.json"].map(String::from).to_vec()),
        ("fit", ["fit", "examples/data/disk-ages.csv"].map(String::from).to_vec()),
    ];
    for (name, line) in cases {
        let (json, csv, md) =
            (dir.path().join(format!("{name}.json")), dir.path().join(format!("{name}.csv")), dir.path().join(format!("{name}.md")));
        let out = ninesim()
            .args(&line)
            .arg("--export-json")
            .arg(&json)
            .arg("--export-csv")
            .arg(&csv)
            .arg("--export-md")
            .arg(&md)
            .output()
            .expect("runs");
        assert!(out.status.success(), "{name}: {}", text(&out.stderr));
        // The text went to standard output, as without exports.
        assert!(!out.stdout.is_empty() && serde_json::from_slice::<Value>(&out.stdout).is_err(), "{name}: not text");
        let exported: Value = serde_json::from_slice(&std::fs::read(&json).expect("json written")).expect("valid JSON");
        assert!(exported.is_object() || exported.is_array(), "{name}");
        let table = std::fs::read_to_string(&csv).expect("csv written");
        let mut reader = csv::Reader::from_reader(table.as_bytes());
        let heads = reader.headers().expect("header").clone();
        assert!(heads.iter().any(|h| h == "metric") && heads.iter().any(|h| h == "value"), "{name}: {heads:?}");
        assert!(reader.records().count() > 0, "{name}: no rows");
        assert!(std::fs::read_to_string(&md).expect("md written").contains('|'), "{name}: no table in the Markdown");
        // Each file is named on standard error, as the user gave it.
        let err = text(&out.stderr);
        for file in [&json, &csv, &md] {
            assert!(err.contains(&format!("wrote '{}'", file.display())), "{name}: {err}");
        }
    }
    // explain: prose, so JSON and Markdown.
    let (json, md) = (dir.path().join("explain.json"), dir.path().join("explain.md"));
    let out = ninesim()
        .args(["explain", "models/bridge.json", "--no-simulation", "--export-json"])
        .arg(&json)
        .arg("--export-md")
        .arg(&md)
        .output()
        .expect("runs");
    assert!(out.status.success(), "{}", text(&out.stderr));
    serde_json::from_slice::<Value>(&std::fs::read(&json).expect("written")).expect("JSON");
    let out = ninesim().args(["explain", "models/bridge.json", "--export-csv", "x.csv"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(2), "explain has no CSV");
}

#[test]
fn an_export_over_an_input_or_another_output_is_refused_before_anything_runs() {
    let dir = tempfile::tempdir().expect("temp dir");
    let model = dir.path().join("m.json");
    std::fs::copy("models/bridge.json", &model).expect("copy");
    let before = std::fs::read(&model).expect("read");
    let out = ninesim().arg("run").arg(&model).args(["-n", "20000000", "--export-json"]).arg(&model).output().expect("runs");
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("refusing to write a result over"), "{}", text(&out.stderr));
    assert!(out.stdout.is_empty(), "nothing ran, nothing was printed");
    assert_eq!(std::fs::read(&model).expect("read"), before);
    let same = dir.path().join("r.json");
    let out = ninesim()
        .arg("run")
        .arg(&model)
        .args(["-n", "20000000", "--out"])
        .arg(&same)
        .arg("--export-json")
        .arg(&same)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("already a result of this command"), "{}", text(&out.stderr));
    assert!(!same.exists());
}

#[test]
fn every_file_written_is_named_on_standard_error_unless_quiet() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (out_file, charts, report) = (dir.path().join("r.json"), dir.path().join("charts"), dir.path().join("report"));
    let line = |quiet: bool| {
        let mut c = ninesim();
        c.args(["run", "models/bridge.json", "-n", "32", "-f", "json", "--out"])
            .arg(&out_file)
            .arg("--plots")
            .arg(&charts)
            .arg("--report")
            .arg(&report);
        if quiet {
            c.arg("-q");
        }
        c.output().expect("runs")
    };
    let out = line(false);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let err = text(&out.stderr);
    assert!(err.contains(&format!("wrote '{}'", out_file.display())), "{err}");
    assert!(err.contains(&format!("(SVG and PNG) into '{}'", charts.display())), "{err}");
    assert!(err.contains(&format!("wrote '{}'", report.join("index.html").display())), "{err}");
    // The charts are announced in one line, not one per file.
    assert_eq!(err.lines().filter(|l| l.starts_with("wrote")).count(), 3, "{err}");
    let out = line(true);
    assert!(out.status.success() && out.stderr.is_empty(), "{}", text(&out.stderr));
    // A device is not a file to look for: not announced.
    let out = ninesim().args(["run", "models/bridge.json", "-n", "32", "--out", "/dev/null"]).output().expect("runs");
    assert!(out.status.success() && !text(&out.stderr).contains("wrote"), "{}", text(&out.stderr));
}

#[test]
fn standard_input_is_a_model_named_model_and_data_for_fit() {
    let dir = tempfile::tempdir().expect("temp dir");
    let model = std::fs::read("models/bridge.json").expect("read");
    let out = ninesim()
        .args(["run", "-", "-n", "16", "-q", "-f", "json", "--out-dir"])
        .arg(dir.path())
        .write_stdin(model)
        .output()
        .expect("runs");
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(dir.path().join("model.json").is_file(), "{:?}", std::fs::read_dir(dir.path()).unwrap().collect::<Vec<_>>());
    let data = std::fs::read("examples/data/disk-ages.csv").expect("read");
    let from_file = ninesim().args(["fit", "examples/data/disk-ages.csv", "-f", "csv"]).output().expect("runs");
    let from_stdin = ninesim().args(["fit", "-", "-f", "csv"]).write_stdin(data).output().expect("runs");
    assert!(from_stdin.status.success(), "{}", text(&from_stdin.stderr));
    // The same fits; only the data's name differs.
    let strip = |b: &[u8]| text(b).replace("examples/data/disk-ages.csv", "").replace("<stdin>", "").replace("standard input", "");
    assert_eq!(strip(&from_file.stdout), strip(&from_stdin.stdout));
}

#[test]
fn man_pages_cover_every_command() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = ninesim().args(["man", "--out-dir"]).arg(dir.path()).output().expect("runs");
    assert!(out.status.success(), "{}", text(&out.stderr));
    for command in commands() {
        let page = std::fs::read_to_string(dir.path().join(format!("ninesim-{command}.1"))).expect("a page per command");
        assert!(page.contains(&format!(".TH ninesim-{command} 1")), "{command}");
        let printed = ninesim().args(["man", &command]).output().expect("runs");
        assert_eq!(text(&printed.stdout), page);
        // Its options are in it.
        let help = text(&ninesim().args([&command, "--help"]).output().expect("runs").stdout);
        for option in long_options(&help) {
            assert!(page.contains(&option.replace('-', "\\-")), "ninesim-{command}.1 lacks {option}");
        }
    }
    let out = ninesim().args(["man", "rnu"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("its commands: run, compare"), "{}", text(&out.stderr));
}

/// The subcommands `ninesim --help` lists.
fn commands() -> Vec<String> {
    let help = text(&ninesim().arg("--help").output().expect("runs").stdout);
    help.lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| !l.trim().is_empty())
        .filter_map(|l| l.split_whitespace().next())
        .filter(|c| *c != "help")
        .map(str::to_string)
        .collect()
}

/// The long options a `--help` text lists (`--name`).
fn long_options(help: &str) -> Vec<String> {
    help.lines()
        .map(str::trim_start)
        .filter(|l| l.starts_with('-'))
        .filter_map(|l| l.split([' ', ',', '=', '<']).find(|w| w.starts_with("--")).map(str::to_string))
        .filter(|o| o != "--help" && o != "--version")
        .collect()
}

#[test]
fn the_readme_command_table_matches_the_help() {
    let readme = std::fs::read_to_string("README.md").expect("README");
    let table: Vec<&str> = readme
        .lines()
        .skip_while(|l| *l != "## Commands")
        .skip_while(|l| !l.starts_with("| `ninesim"))
        .take_while(|l| l.starts_with('|'))
        .collect();
    let listed: Vec<String> =
        table.iter().filter_map(|l| l.strip_prefix("| `ninesim ")).filter_map(|l| l.split([' ', '`']).next()).map(str::to_string).collect();
    assert_eq!(listed, commands(), "the README's command table and `ninesim --help` list different commands");
    for row in &table {
        let command = row.strip_prefix("| `ninesim ").and_then(|l| l.split([' ', '`']).next()).expect("a command");
        // Every option the row names is an option of that command, unless it is quoted with
        // another command (`run --shard I/N` in merge's row).
        for (i, span) in row.split('`').enumerate() {
            let owner = match span.strip_prefix("ninesim ").unwrap_or(span).split(' ').next() {
                Some(c) if i % 2 == 1 && commands().iter().any(|k| k == c) => c.to_string(),
                _ => command.to_string(),
            };
            let help = text(&ninesim().args([owner.as_str(), "--help"]).output().expect("runs").stdout);
            let options = long_options(&help);
            for word in span.split([' ', '(', ')', ',', ';', '|']).filter(|w| w.starts_with("--")) {
                let option = word.split('=').next().expect("option");
                assert!(
                    options.iter().any(|o| o == option),
                    "the README says `ninesim {owner}` takes {option}; its --help does not list it"
                );
            }
        }
    }
    // The options paragraphs under the table name only options that exist, on the commands
    // they are said to belong to.
    let section: String =
        readme.lines().skip_while(|l| *l != "## Commands").take_while(|l| !l.starts_with("Exit codes")).collect::<Vec<_>>().join("\n");
    let simulating = "Every command that simulates";
    let paragraph = &section[section.find(simulating).expect("paragraph")..];
    let paragraph = &paragraph[..paragraph.find("\n\n").expect("end")];
    for command in SIMULATING {
        let help = text(&ninesim().args([command, "--help"]).output().expect("runs").stdout);
        let options = long_options(&help);
        for option in [
            "--replications",
            "--seed",
            "--threads",
            "--horizon",
            "--warmup",
            "--rel-error",
            "--max-replications",
            "--max-time",
            "--method",
        ] {
            assert!(paragraph.contains(option), "the paragraph omits {option}");
            assert!(options.iter().any(|o| o == option), "`ninesim {command}` lacks {option}");
        }
        assert!(options.iter().any(|o| o == "--quiet"), "`ninesim {command}` lacks --quiet");
    }
    for command in ["run", "compare", "sweep", "merge", "analyze", "fit"] {
        let help = text(&ninesim().args([command, "--help"]).output().expect("runs").stdout);
        for option in ["--format", "--out", "--export-json", "--export-csv", "--export-md", "--quiet"] {
            assert!(long_options(&help).iter().any(|o| o == option), "`ninesim {command}` lacks {option}");
        }
    }
}

/// A model that never fails in its horizon: U = 0 in every life, so no precision is reached.
const NEVER_FAILS: &str = r#"{"name":"Never","simulation":{"horizon":100},"components":[{"id":"s","failure":{"dist":"exponential","mean":1e15},"repair":{"dist":"exponential","mean":8}}],"system":"s"}"#;

#[test]
fn an_export_into_a_directory_or_a_missing_directory_is_refused_before_anything_runs() {
    let dir = tempfile::tempdir().expect("temp dir");
    for target in [dir.path().to_path_buf(), dir.path().join("missing").join("r.json")] {
        let out = ninesim().args(["run", "models/bridge.json", "-n", "20000000", "--export-json"]).arg(&target).output().expect("runs");
        assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
        assert!(out.stdout.is_empty(), "nothing ran, nothing was printed: {}", text(&out.stdout));
    }
}

#[test]
fn minus_is_standard_output_for_out_and_exports_and_carries_one_document() {
    let single = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/models/single-server.json")).expect("read");
    let dir = tempfile::tempdir().expect("temp dir");
    let out =
        ninesim().current_dir(dir.path()).args(["run", "-", "-n", "20", "-o", "-"]).write_stdin(single.clone()).output().expect("runs");
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("replications"));
    let r = dir.path().join("r.txt");
    let out = ninesim()
        .current_dir(dir.path())
        .args(["run", "-", "-n", "20", "--export-json", "-", "-o"])
        .arg(&r)
        .write_stdin(single.clone())
        .output()
        .expect("runs");
    assert!(out.status.success(), "{}", text(&out.stderr));
    serde_json::from_slice::<Value>(&out.stdout).expect("the export is the JSON on standard output");
    assert!(r.exists());
    // Both on standard output would run into each other.
    let out = ninesim()
        .current_dir(dir.path())
        .args(["run", "-", "-n", "20", "--export-json", "-"])
        .write_stdin(single.clone())
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("--export-json"), "{}", text(&out.stderr));
    assert!(!dir.path().join("-").exists(), "no file named '-'");
}

#[test]
fn dev_null_takes_several_results() {
    let out = ninesim()
        .args([
            "run",
            "models/single-server.json",
            "-n",
            "20",
            "-o",
            "/dev/null",
            "--export-json",
            "/dev/null",
            "--export-csv",
            "/dev/null",
        ])
        .output()
        .expect("runs");
    assert!(out.status.success(), "{}", text(&out.stderr));
}

#[test]
fn a_closed_standard_output_still_writes_the_exports() {
    use std::process::{Command as Std, Stdio};
    let dir = tempfile::tempdir().expect("temp dir");
    let bin = assert_cmd::cargo::cargo_bin("ninesim");
    for (args, export) in [
        (vec!["run", "models/single-server.json", "-n", "2000"], "run.json"),
        (vec!["run", "models/single-server.json", "models/quorum-3.json", "-n", "2000", "-f", "csv"], "batch.json"),
        (vec!["compare", "models/single-server.json", "models/quorum-3.json", "-n", "2000"], "compare.json"),
        (vec!["sweep", "models/single-server.json", "--vary", "components.server.repair.mean=1..20", "-n", "500"], "sweep.json"),
    ] {
        let file = dir.path().join(export);
        let mut child = Std::new(&bin)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .args(&args)
            .arg("--export-json")
            .arg(&file)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn");
        drop(child.stdout.take()); // the reader goes away at once, as `| head -0` would
        let out = child.wait_with_output().expect("wait");
        assert!(out.status.success(), "{args:?}: {}", text(&out.stderr));
        assert!(!text(&out.stderr).contains("error"), "{args:?}: {}", text(&out.stderr));
        serde_json::from_slice::<Value>(&std::fs::read(&file).expect("the export was written")).expect("json");
    }
}

#[test]
fn cycles_are_refused_by_name_below_two_and_beyond_days_of_computing() {
    for (cycles, said) in [("1", "--cycles must be at least 2"), ("18446744073709551615", "--cycles")] {
        let out = ninesim()
            .args(["run", "models/quorum-3.json", "--method", "failure-biasing", "--cycles", cycles])
            .timeout(std::time::Duration::from_secs(60))
            .output()
            .expect("runs");
        assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
        assert!(text(&out.stderr).contains(said), "{}", text(&out.stderr));
    }
}

#[test]
fn a_shard_refuses_a_precision_target_or_cycles_instead_of_ignoring_them() {
    for extra in [["--rel-error", "0.1"], ["--cycles", "100"]] {
        let out = ninesim().args(["run", "models/single-server.json", "--shard", "1/2"]).args(extra).output().expect("runs");
        assert_eq!(out.status.code(), Some(2), "{extra:?}: {}", text(&out.stderr));
        assert!(text(&out.stderr).contains(extra[0]), "{}", text(&out.stderr));
    }
}

#[test]
fn compare_and_sweep_to_precision_say_the_precision_reached_and_why_they_stopped() {
    let dir = tempfile::tempdir().expect("temp dir");
    let never = dir.path().join("never.json");
    std::fs::write(&never, NEVER_FAILS).expect("write");
    let out = ninesim()
        .arg("compare")
        .arg(&never)
        .args(["models/single-server.json", "--rel-error", "0.1", "--max-replications", "4096", "-q"])
        .output()
        .expect("runs");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let shown = text(&out.stdout);
    assert!(shown.contains("precision: U not estimated") && shown.contains("--max-replications"), "{shown}");
    let out = ninesim()
        .args(["sweep", "models/single-server.json", "--vary", "components.server.repair.mean=1,2", "--rel-error", "0.1", "-q"])
        .output()
        .expect("runs");
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("target reached (the least precise of 2 points)"), "{}", text(&out.stdout));
}

#[test]
fn a_result_where_the_charts_or_the_report_go_is_refused_before_anything_runs() {
    let dir = tempfile::tempdir().expect("temp dir");
    let charts = dir.path().join("charts");
    let report = dir.path().join("report");
    std::fs::create_dir_all(&charts).expect("mkdir");
    std::fs::create_dir_all(&report).expect("mkdir");
    let chart = charts.join("convergence.svg");
    let out = ninesim()
        .args(["run", "models/bridge.json", "-n", "20000000", "--plots"])
        .arg(&charts)
        .arg("--export-json")
        .arg(&chart)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert!(!chart.exists());
    let out = ninesim()
        .args(["compare", "models/bridge.json", "models/single-server.json", "-n", "20000000", "--report"])
        .arg(&report)
        .arg("--out")
        .arg(report.join("index.html"))
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
}
