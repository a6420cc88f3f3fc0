//! Hostile inputs and outputs that must never give a silently wrong answer or destroy a file
//! (one test per class; see the "Never silently wrong, never lose a file" issue).

use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

fn ninesim() -> Command {
    let mut c = Command::cargo_bin("ninesim").expect("binary is built");
    c.current_dir(env!("CARGO_MANIFEST_DIR"));
    c
}

fn copy_model(dir: &Path, name: &str) -> std::path::PathBuf {
    let to = dir.join(name);
    std::fs::copy(Path::new(env!("CARGO_MANIFEST_DIR")).join("models").join(name), &to).expect("copy model");
    to
}

fn path(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

#[test]
fn a_result_never_replaces_an_input_model() {
    let dir = tempfile::tempdir().expect("tempdir");
    let bridge = copy_model(dir.path(), "bridge.json");
    let before = std::fs::read(&bridge).expect("read");
    // --out naming the model itself.
    let out = ninesim().args(["run", path(&bridge), "-n", "20", "--format", "json", "--out", path(&bridge)]).output().expect("runs");
    // The user's choice of path: exit code 2, before anything ran.
    assert_eq!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stderr).contains("refusing to write a result over"));
    assert_eq!(std::fs::read(&bridge).expect("read"), before);
    // --out-dir the models' own folder, with JSON results named like the models.
    let single = copy_model(dir.path(), "single-server.json");
    let single_before = std::fs::read(&single).expect("read");
    let out = ninesim()
        .args(["run", path(&bridge), path(&single), "-n", "20", "--format", "json", "--quiet", "--out-dir", path(dir.path())])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(std::fs::read(&bridge).expect("read"), before);
    assert_eq!(std::fs::read(&single).expect("read"), single_before);
}

#[test]
fn two_models_with_the_same_file_name_never_share_a_result_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    for sub in ["a", "b"] {
        std::fs::create_dir_all(dir.path().join(sub)).expect("mkdir");
        copy_model(&dir.path().join(sub), "bridge.json");
    }
    let (a, b) = (dir.path().join("a/bridge.json"), dir.path().join("b/bridge.json"));
    let out_dir = dir.path().join("out");
    let out = ninesim().args(["run", path(&a), path(&b), "-n", "20", "--quiet", "--out-dir", path(&out_dir)]).output().expect("runs");
    assert_eq!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stderr).contains("already a result of this command"));
    // Refused before anything ran: no result was written at all.
    assert_eq!(std::fs::read_dir(&out_dir).expect("created").count(), 0);
}

#[cfg(unix)]
#[test]
fn a_device_or_a_link_named_by_out_is_not_replaced_by_a_regular_file() {
    use std::os::unix::fs::FileTypeExt;
    let dir = tempfile::tempdir().expect("tempdir");
    // A symbolic link: followed, its target replaced, the link kept.
    let target = dir.path().join("target.txt");
    std::fs::write(&target, "old").expect("write");
    let link = dir.path().join("link.txt");
    std::os::unix::fs::symlink(&target, &link).expect("symlink");
    let out = ninesim().args(["run", "models/bridge.json", "-n", "20", "--out", path(&link)]).output().expect("runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(std::fs::symlink_metadata(&link).expect("link").file_type().is_symlink());
    assert!(std::fs::read_to_string(&target).expect("read").contains("Availability"));
    // A character device (/dev/null) is written in place and stays a device. (On some
    // sandboxes /dev/null is a regular file; then there is no device to keep.)
    let was_device = std::fs::metadata("/dev/null").is_ok_and(|m| m.file_type().is_char_device());
    let out = ninesim().args(["run", "models/bridge.json", "-n", "20", "--out", "/dev/null"]).output().expect("runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    if was_device {
        assert!(std::fs::metadata("/dev/null").expect("dev null").file_type().is_char_device());
    }
    // A FIFO is written into, not replaced: a reader at its other end gets the result.
    let fifo = dir.path().join("fifo");
    if std::process::Command::new("mkfifo").arg(&fifo).status().is_ok_and(|s| s.success()) {
        let reader = {
            let fifo = fifo.clone();
            std::thread::spawn(move || std::fs::read_to_string(fifo).expect("read fifo"))
        };
        let out = ninesim().args(["run", "models/bridge.json", "-n", "20", "--out", path(&fifo)]).output().expect("runs");
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        assert!(reader.join().expect("reader").contains("Availability"));
        assert!(std::fs::metadata(&fifo).expect("fifo").file_type().is_fifo());
    } else {
        eprintln!("skipped the FIFO case: mkfifo is not available");
    }
}

/// Runs two shards of web-service and returns their JSON.
fn two_shards(dir: &Path) -> Vec<Value> {
    (0..2)
        .map(|i| {
            let file = dir.join(format!("s{i}.json"));
            let out = ninesim()
                .args(["run", "models/web-service.json", "-n", "40", "--shard", &format!("{i}/2"), "--out", path(&file), "--quiet"])
                .output()
                .expect("runs");
            assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
            serde_json::from_slice(&std::fs::read(&file).expect("shard")).expect("json")
        })
        .collect()
}

fn merge_of(dir: &Path, shards: &[Value]) -> std::process::Output {
    let files: Vec<String> = shards
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let file = dir.join(format!("edited-{i}.json"));
            std::fs::write(&file, serde_json::to_vec(s).expect("json")).expect("write");
            path(&file).to_string()
        })
        .collect();
    ninesim().arg("merge").args(&files).output().expect("runs")
}

/// A way to edit a shard file by hand, and its name.
type Tampering = (&'static str, fn(&mut Value));

#[test]
fn merge_refuses_shards_whose_batches_contradict_their_headers() {
    let dir = tempfile::tempdir().expect("tempdir");
    let shards = two_shards(dir.path());
    assert!(merge_of(dir.path(), &shards).status.success());
    let tamperings: [Tampering; 4] = [
        ("an emptied shard", |s| s["batches"] = Value::Array(vec![])),
        ("an edited replication count", |s| s["replications"] = Value::from(80)),
        ("a truncated component list", |s| {
            if let Some(c) = s["batches"][0]["components"].as_array_mut() {
                c.pop();
            }
        }),
        ("an edited batch count", |s| s["batches"][0]["unavailability"]["n"] = Value::from(999)),
    ];
    for (what, tamper) in tamperings {
        let mut edited = shards.clone();
        tamper(&mut edited[1]);
        if what == "an edited replication count" {
            tamper(&mut edited[0]);
        }
        let out = merge_of(dir.path(), &edited);
        assert_eq!(out.status.code(), Some(2), "{what}: {}", String::from_utf8_lossy(&out.stdout));
    }
}

#[test]
fn merge_report_never_reads_a_file_named_inside_a_shard() {
    let dir = tempfile::tempdir().expect("tempdir");
    let secret = dir.path().join("secret.txt");
    std::fs::write(&secret, "TOP-SECRET-CONTENT").expect("write");
    let mut shards = two_shards(dir.path());
    for s in &mut shards {
        s["model_file"] = Value::from(path(&secret));
    }
    let files: Vec<String> = shards
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let file = dir.path().join(format!("p{i}.json"));
            std::fs::write(&file, serde_json::to_vec(s).expect("json")).expect("write");
            path(&file).to_string()
        })
        .collect();
    let report = dir.path().join("report");
    let out = ninesim().arg("merge").args(&files).args(["--report", path(&report)]).output().expect("runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let html = std::fs::read_to_string(report.join("index.html")).expect("report");
    assert!(!html.contains("TOP-SECRET-CONTENT"));
    assert!(html.contains("web"), "the report shows the model the shards carry");
}

#[test]
fn an_absurd_max_time_is_refused_not_a_panic() {
    let out = ninesim().args(["run", "models/web-service.json", "--rel-error", "0.1", "--max-time", "1e20"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--max-time"));
}

fn write_model(dir: &Path, name: &str, json: &str) -> std::path::PathBuf {
    let file = dir.join(name);
    std::fs::write(&file, json).expect("write model");
    file
}

/// Absolute f64 times cannot resolve a 1e-3 h repair at a horizon of 1e12 h (the MDT came out
/// 1.6% low with no warning): such a run is refused, naming the duration and the longest
/// horizon that keeps full precision; a horizon within it gives the exact MDT.
#[test]
fn a_horizon_too_long_for_f64_times_is_refused_before_the_run() {
    let dir = tempfile::tempdir().expect("tempdir");
    let model = write_model(
        dir.path(),
        "fixed.json",
        r#"{"name":"precision fixed","components":[{"id":"a","failure":{"dist":"exponential","mean":100000},"repair":{"dist":"fixed","value":0.001}}],"system":"a"}"#,
    );
    let out = ninesim().args(["run", path(&model), "-n", "2", "--horizon", "1e12", "--method", "plain"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("too long to time the repairs of `a`") && err.contains("at most"), "{err}");
    let out = ninesim()
        .args(["run", path(&model), "-n", "4", "--horizon", "4e5", "--method", "plain", "--format", "json", "--quiet"])
        .output()
        .expect("runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: Value = serde_json::from_slice(&out.stdout).expect("json");
    let mdt = v["mdt"]["mean"].as_f64().expect("an MDT");
    assert!((mdt - 0.001).abs() < 1e-9, "MDT {mdt}");
}

#[test]
fn absurd_thread_counts_and_sweep_sizes_are_refused_at_once() {
    let started = std::time::Instant::now();
    let out = ninesim().args(["run", "models/web-service.json", "--threads", "100000", "-n", "10"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stderr).contains("threads must be at most"));
    for vary in [vec!["components.app.count=0..1e300"], vec!["components.app.count=1..400", "components.db.repair.mean=1..400"]] {
        let mut args = vec!["sweep", "models/web-service.json", "-n", "10"];
        for v in &vary {
            args.extend(["--vary", v]);
        }
        let out = ninesim().args(&args).output().expect("runs");
        assert_eq!(out.status.code(), Some(2), "{vary:?}: {}", String::from_utf8_lossy(&out.stderr));
        assert!(out.stdout.is_empty(), "{vary:?} must not run an empty or partial sweep");
    }
    assert!(started.elapsed().as_secs() < 30);
}

/// A component named like a common cause's stream used to draw the shock's random numbers: its
/// failures coincided with the shocks and U came out six times too high (z = +54). Kind tags
/// in the keys keep the streams apart; U agrees with the closed form.
#[test]
fn a_component_named_like_a_common_cause_gets_a_stream_of_its_own() {
    let dir = tempfile::tempdir().expect("tempdir");
    let model = write_model(
        dir.path(),
        "collide.json",
        r#"{"name":"stream collision","components":[
         {"id":"common cause x","failure":{"dist":"exponential","mean":100},"repair":{"dist":"exponential","mean":1}},
         {"id":"b","failure":{"dist":"exponential","mean":1e9},"repair":{"dist":"exponential","mean":1}}],
         "common_causes":[{"id":"x","members":["b"],"every":{"dist":"exponential","mean":100}}],
         "system":{"parallel":["common cause x","b"]}}"#,
    );
    let out = ninesim()
        .args(["run", path(&model), "-n", "4000", "--horizon", "1000", "--method", "plain", "--format", "json", "--quiet"])
        .output()
        .expect("runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: Value = serde_json::from_slice(&out.stdout).expect("json");
    // Independent units: U = U_a·U_b, U_a = 1/101, U_b = λ/(λ+μ) with λ = 1/100 (shocks) + 1e-9.
    let lambda_b = 0.01 + 1e-9;
    let exact = (1.0 / 101.0) * (lambda_b / (lambda_b + 1.0));
    let u = &v["unavailability"];
    let (mean, se) = (u["mean"].as_f64().expect("U"), u["std_error"].as_f64().expect("SE"));
    // From new over 1,000 h each unit's U(t) rises as 1 − e^{−(λ+μ)t}: the window's mean is
    // lower by about 2/((λ+μ)·1000) ≈ 0.2%, far inside the interval.
    assert!((mean - exact).abs() < 3.0 * se, "U {mean} ± {se}, exact {exact}");
}

mod stream_keys {
    use proptest::prelude::*;

    /// Names drawn to collide: plain ids, ids spelled like another kind's key ("common cause
    /// x", "standby system.parallel"), and unusual characters (ids may not hold brackets or
    /// control characters, so instance names like `u[2]` cannot be spelled by hand).
    fn name() -> impl Strategy<Value = String> {
        prop_oneof![
            "[a-c]{1,3}",
            "[a-c]{1,3}".prop_map(|s| format!("common cause {s}")),
            Just("standby system.parallel".to_string()),
            Just("standby system".to_string()),
            "[a-c]{1,3}".prop_map(|s| format!("{s} \u{ff}")),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

        #[test]
        fn no_two_streams_of_a_model_share_a_key(ids in proptest::collection::btree_set(name(), 3..6), shock in name(), count in 1u32..4) {
            let ids: Vec<String> = ids.into_iter().collect();
            let components: Vec<serde_json::Value> = ids.iter().enumerate().map(|(i, id)| serde_json::json!({
                "id": id,
                "count": if i == 0 { count } else { 1 },
                "failure": {"dist": "exponential", "mean": 100},
                "repair": {"dist": "exponential", "mean": 1}
            })).collect();
            let model = serde_json::json!({
                "name": "keys",
                "components": components,
                "common_causes": [{"id": shock, "members": [ids[1]], "every": {"dist": "exponential", "mean": 1000}}],
                "system": {"parallel": [
                    {"standby": {"units": [ids[0], ids[1]], "mode": "hot"}},
                    ids[ids.len() - 1]
                ]}
            });
            let text = serde_json::to_string(&model).expect("json");
            let model = ninesim::model::parse_str(&text, "keys.json");
            prop_assert!(model.is_ok(), "{:?}", model.err());
            let Ok(model) = model else { return Ok(()) };
            let s = &model.system;
            let mut keys: Vec<u64> = s.components().iter().map(|c| c.stream_key)
                .chain(s.common_causes.iter().map(|k| k.stream_key))
                .chain(s.standbys.iter().map(|b| b.stream_key))
                .collect();
            let n = keys.len();
            keys.sort_unstable();
            keys.dedup();
            prop_assert_eq!(keys.len(), n, "two streams share a key in {}", text);
        }
    }
}

/// `validate` prints a model's name and SPOFs: an escape sequence or a bidi override in them
/// is written out visibly, never sent to the terminal.
#[test]
fn validate_never_sends_escape_sequences_to_the_terminal() {
    let dir = tempfile::tempdir().expect("tempdir");
    let model = write_model(
        dir.path(),
        "evil.json",
        r#"{"name":"evil\u001b[31m","components":[{"id":"a\u202e","failure":{"dist":"exponential","mean":100},"repair":{"dist":"exponential","mean":1}}],"system":"a\u202e"}"#,
    );
    let out = ninesim().args(["validate", path(&model)]).output().expect("runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).expect("utf-8");
    assert!(!text.contains('\u{1b}') && !text.contains('\u{202e}'), "{text:?}");
    assert!(text.contains("\\u{1b}") && text.contains("\\u{202e}"), "{text:?}");
}
