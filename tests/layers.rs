//! The modules of `src/` depend on each other in one direction only (DESIGN.md, "Layers"):
//!
//! ```text
//!  bin (main, cli, failure, output, validate, visuals)
//!    ▲
//!  report ─► plot
//!    ▲
//!  study (plan, run, compare, sweep, shard, results)
//!    ▲
//!  rare
//!    ▲
//!  sim      analysis
//!    ▲        ▲
//!  model
//!    ▲
//!  stats ─► units
//! ```
//!
//! The test reads every `crate::…` path in `src/` (imports and qualified paths alike, comments
//! excluded) and fails on any edge that points up or sideways, naming the file and line.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Each library module and the modules it may use. Anything else is a forbidden edge.
const ALLOWED: &[(&str, &[&str])] = &[
    ("units", &[]),
    ("stats", &["units"]),
    ("model", &["units", "stats"]),
    ("sim", &["units", "stats", "model"]),
    ("analysis", &["units", "stats", "model"]),
    ("rare", &["units", "stats", "model", "sim", "analysis"]),
    ("study", &["units", "stats", "model", "sim", "analysis", "rare"]),
    ("plot", &["units", "stats"]),
    ("report", &["units", "stats", "model", "sim", "analysis", "rare", "study", "plot"]),
];

/// Files of the binary crate: they use the library as `ninesim::…` and each other freely.
const BINARY: &[&str] = &["main.rs", "cli.rs", "failure.rs", "output.rs", "validate.rs", "visuals.rs"];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("readable src/") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The top-level module a file of `src/` belongs to (`src/sim/engine/queue.rs` → `sim`).
fn module_of(relative: &Path) -> String {
    let first = relative.components().next().expect("non-empty path").as_os_str().to_string_lossy().into_owned();
    first.strip_suffix(".rs").map_or(first.clone(), str::to_string)
}

/// The first segments of every `crate::` path on a line: `crate::sim::Tally` gives `sim`,
/// `crate::{model::X, stats::Y}` gives `model` and `stats`.
fn crate_paths(line: &str) -> Vec<String> {
    let code = line.split("//").next().unwrap_or("");
    let mut found = Vec::new();
    let mut rest = code;
    while let Some(at) = rest.find("crate::") {
        // `ninesim_crate::` or `mycrate::` are not the crate root.
        let before = rest[..at].chars().last();
        rest = &rest[at + "crate::".len()..];
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue;
        }
        if let Some(group) = rest.strip_prefix('{') {
            let mut depth = 0;
            let mut item = String::new();
            let mut items = Vec::new();
            for c in group.chars() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => items.push(std::mem::take(&mut item)),
                    _ => {}
                }
                if depth == 0 && c != ',' {
                    item.push(c);
                }
            }
            items.push(item);
            found.extend(items.iter().map(|i| first_segment(i.trim())).filter(|s| !s.is_empty()));
        } else {
            found.push(first_segment(rest));
        }
    }
    found
}

fn first_segment(path: &str) -> String {
    path.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect()
}

/// Every edge against [`ALLOWED`], as "file:line: module → module".
fn forbidden_edges(src: &Path) -> Vec<String> {
    let mut files = Vec::new();
    rust_files(src, &mut files);
    files.sort();
    let mut problems = Vec::new();
    for file in files {
        let relative = file.strip_prefix(src).expect("under src/");
        let name = relative.to_string_lossy().into_owned();
        if BINARY.contains(&name.as_str()) {
            continue;
        }
        let text = std::fs::read_to_string(&file).expect("readable file");
        let module = module_of(relative);
        if module == "lib" {
            continue; // the root declares and re-exports the layers
        }
        let Some((_, allowed)) = ALLOWED.iter().find(|(m, _)| *m == module) else {
            problems.push(format!("{name}: module `{module}` has no place in the layers (add it to ALLOWED and DESIGN.md)"));
            continue;
        };
        for (n, line) in text.lines().enumerate() {
            if line.trim_start().starts_with("//") {
                continue;
            }
            for target in crate_paths(line) {
                if target != module && !allowed.contains(&target.as_str()) {
                    problems.push(format!("src/{name}:{}: `{module}` uses `crate::{target}`", n + 1));
                }
            }
        }
    }
    problems
}

#[test]
fn modules_depend_on_lower_layers_only() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let problems = forbidden_edges(&src);
    assert!(problems.is_empty(), "edges against the layers of DESIGN.md:\n{}", problems.join("\n"));
}

#[test]
fn every_module_the_library_declares_has_a_layer() {
    let lib = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("src/lib.rs")).expect("lib.rs");
    let declared: BTreeSet<&str> = lib
        .lines()
        .filter_map(|l| l.trim().strip_prefix("pub mod ").or_else(|| l.trim().strip_prefix("mod ")))
        .map(|l| l.trim_end_matches(';'))
        .collect();
    let layered: BTreeSet<&str> = ALLOWED.iter().map(|(m, _)| *m).collect();
    assert_eq!(declared, layered);
}

#[test]
fn the_checker_sees_grouped_qualified_and_nested_paths() {
    assert_eq!(crate_paths("use crate::sim::Tally;"), ["sim"]);
    assert_eq!(crate_paths("use crate::{model::{A, B}, stats::Estimate};"), ["model", "stats"]);
    assert_eq!(crate_paths("let x = crate::report::fmt::number(1.0) + crate::MINUTES;"), ["report", "MINUTES"]);
    assert_eq!(crate_paths("// crate::report in a comment"), Vec::<String>::new());
    assert_eq!(crate_paths("use my_crate::report;"), Vec::<String>::new());
}

/// The test would catch a new upward edge: a copy of `src/` with one forbidden import fails.
#[test]
fn a_forbidden_edge_is_reported_with_its_file_and_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    let src = dir.path().join("src");
    std::fs::create_dir_all(src.join("analysis")).expect("mkdir");
    std::fs::write(src.join("analysis/mod.rs"), "use crate::model::System;\nuse crate::sim::Tally;\n").expect("write");
    std::fs::create_dir_all(src.join("model")).expect("mkdir");
    std::fs::write(src.join("model/mod.rs"), "pub fn f() -> f64 { crate::units::HOURS_PER_YEAR }\n").expect("write");
    assert_eq!(forbidden_edges(&src), ["src/analysis/mod.rs:2: `analysis` uses `crate::sim`"]);
}
