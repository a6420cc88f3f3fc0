//! `ninesim diagram`: every bundled model in every format, layouts whose labels never overlap
//! (bundled models and a 200-component one), DOT that Graphviz reads, Mermaid that is well
//! formed, names from the model escaped in each format, and the README's image up to date.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use ninesim::plot::diagram::layout::{Item, Layout, Rect};
use ninesim::plot::diagram::{self, Diagram};
use ninesim::report::diagram::{block_diagram, dot, mermaid};

fn ninesim() -> Command {
    let mut command = Command::cargo_bin("ninesim").expect("binary");
    command.current_dir(env!("CARGO_MANIFEST_DIR"));
    command
}

fn bundled() -> Vec<PathBuf> {
    let mut models: Vec<PathBuf> = std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("models"))
        .expect("models/")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    models.sort();
    assert!(models.len() >= 10, "{models:?}");
    models
}

fn stdout(args: &[&str]) -> Vec<u8> {
    let out = ninesim().args(args).output().expect("runs");
    assert!(out.status.success(), "ninesim {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    out.stdout
}

/// Every label inside the canvas and apart from every other; boxes apart from each other.
fn assert_readable(layout: &Layout, what: &str) {
    let canvas = Rect { x: 0, y: 0, w: layout.width, h: layout.height };
    let labels: Vec<_> = layout.labels().collect();
    assert!(!labels.is_empty(), "{what}: no text");
    for (i, a) in labels.iter().enumerate() {
        assert!(canvas.contains(&a.rect), "{what}: {:?} is off the canvas", a.text);
        for b in &labels[i + 1..] {
            assert!(!a.rect.overlaps(&b.rect), "{what}: {:?} overlaps {:?}", a.text, b.text);
        }
    }
    let boxes: Vec<Rect> = layout.items.iter().filter_map(|i| if let Item::Box(r, _) = i { Some(*r) } else { None }).collect();
    for (i, a) in boxes.iter().enumerate() {
        for b in &boxes[i + 1..] {
            assert!(!a.overlaps(b), "{what}: boxes {a:?} and {b:?} overlap");
        }
    }
}

fn laid_out(d: &Diagram) -> Layout {
    // Draw once first: it registers the embedded font that measures the text.
    diagram::svg(d).expect("drawn");
    diagram::layout(d, &diagram::measure)
}

fn figures(model: &ninesim::Model) -> ninesim::study::diagram::DiagramFigures {
    let mut config = ninesim::RunConfig::from_model(&model.system);
    config.replications = 8;
    ninesim::study::diagram::diagram_figures(model, &config, None, &|_| {}).expect("figures")
}

#[test]
fn every_bundled_model_is_drawn_in_every_format() {
    for model in bundled() {
        let model = model.to_str().expect("utf-8 path");
        let svg = String::from_utf8(stdout(&["diagram", model])).expect("utf-8");
        assert!(svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"), "{model}: not an SVG");
        let png = stdout(&["diagram", model, "--format", "png"]);
        let image = image::load_from_memory(&png).expect("the PNG decodes");
        assert!(image.width() > 100 && image.height() > 100, "{model}: {}×{}", image.width(), image.height());
        let dot = String::from_utf8(stdout(&["diagram", model, "--format", "dot"])).expect("utf-8");
        assert!(dot.starts_with("digraph ") && dot.trim_end().ends_with('}'), "{model}: not DOT");
        let mermaid = String::from_utf8(stdout(&["diagram", model, "--format", "mermaid"])).expect("utf-8");
        check_mermaid(&mermaid, model);
    }
}

#[test]
fn labels_never_overlap_on_any_bundled_model() {
    for path in bundled() {
        let model = ninesim::load(&path).expect("loads");
        let figures = figures(&model);
        for collapse in [true, false] {
            for annotated in [None, Some(&figures)] {
                let d = block_diagram(&model.system, annotated, collapse);
                let what = format!("{} (collapse {collapse}, annotated {})", path.display(), annotated.is_some());
                assert_readable(&laid_out(&d), &what);
            }
        }
    }
}

/// A model of `n` components: a series of groups of ten in parallel, and a 17-of-20 vote.
fn large_model(n: usize) -> String {
    let components: Vec<String> = (0..n)
        .map(|i| format!(r#"{{"id": "component-number-{i}", "failure": {{"dist": "exponential", "mean": 1000}}, "repair": {{"dist": "exponential", "mean": 5}}}}"#))
        .chain([r#"{"id": "server", "count": 20, "failure": {"dist": "exponential", "mean": 900}, "repair": {"dist": "exponential", "mean": 3}}"#.to_string()])
        .collect();
    let groups: Vec<String> = (0..n)
        .collect::<Vec<_>>()
        .chunks(10)
        .map(|chunk| {
            let ids: Vec<String> = chunk.iter().map(|i| format!("\"component-number-{i}\"")).collect();
            format!(r#"{{"parallel": [{}]}}"#, ids.join(", "))
        })
        .chain([r#"{"k_of_n": {"k": 17, "of": ["server"]}}"#.to_string()])
        .collect();
    format!(r#"{{"name": "large", "components": [{}], "system": {{"series": [{}]}}}}"#, components.join(", "), groups.join(", "))
}

#[test]
fn a_200_component_model_is_readable_collapsed_and_expanded() {
    let model = ninesim::model::parse_str(&large_model(200), "large.json").expect("valid");
    assert_eq!(model.system.components().len(), 220);
    for collapse in [true, false] {
        let d = block_diagram(&model.system, None, collapse);
        let layout = laid_out(&d);
        assert_readable(&layout, &format!("200 components (collapse {collapse})"));
        let boxes = layout.items.iter().filter(|i| matches!(i, Item::Box(..))).count();
        assert_eq!(boxes, if collapse { 201 } else { 220 });
        diagram::png(&d).expect("a PNG of 220 boxes");
    }
}

#[test]
fn replicated_components_collapse_into_one_box_unless_expanded() {
    let svg = String::from_utf8(stdout(&["diagram", "models/web-service.json"])).expect("utf-8");
    assert!(svg.contains("app × 3") && svg.contains("2 of 3") && svg.contains("any 1 of 2"), "{svg}");
    let svg = String::from_utf8(stdout(&["diagram", "models/web-service.json", "--expand"])).expect("utf-8");
    assert!(svg.contains("app[1]") && svg.contains("app[3]") && !svg.contains("app × 3"));
}

#[test]
fn the_diagram_shows_standby_votes_dependencies_and_legend() {
    let two_zone = String::from_utf8(stdout(&["diagram", "models/two-zone.json", "--format", "dot"])).expect("utf-8");
    for text in
        ["standby, hot", "switchover ≈ 6 min", "serving", "spare 1", "needs zone[1]", "Common cause bad-deploy", "Crew dba", "2 of 4"]
    {
        assert!(two_zone.contains(text), "`{text}` is not in\n{two_zone}");
    }
    let fleet = String::from_utf8(stdout(&["diagram", "models/capacity-fleet.json", "--format", "dot"])).expect("utf-8");
    assert!(fleet.contains("% capacity") && fleet.contains("capacity 4 each"), "{fleet}");
    let bridge = String::from_utf8(stdout(&["diagram", "models/bridge.json", "--format", "dot"])).expect("utf-8");
    assert!(bridge.contains("shared (2 places)") && bridge.contains("No single point of failure."), "{bridge}");
}

#[test]
fn annotations_carry_exact_or_simulated_figures() {
    let ws = String::from_utf8(stdout(&["diagram", "models/web-service.json", "--annotate", "--format", "dot"])).expect("utf-8");
    assert!(ws.contains("System availability A = 0.99998") && ws.contains("of downtime") && ws.contains("exact steady state"), "{ws}");
    let tz = String::from_utf8(stdout(&["diagram", "models/two-zone.json", "--annotate", "-n", "20", "--format", "dot"])).expect("utf-8");
    assert!(tz.contains("simulated, 20 lives") && tz.contains("A = 0."), "{tz}");
}

#[test]
fn the_format_follows_the_out_extension() {
    let dir = tempfile::tempdir().expect("temp dir");
    for (name, starts) in
        [("d.dot", &b"digraph"[..]), ("d.gv", b"digraph"), ("d.mmd", b"flowchart LR"), ("d.svg", b"<svg"), ("d.png", b"\x89PNG")]
    {
        let path = dir.path().join(name);
        let out = ninesim().args(["diagram", "models/bridge.json", "-q", "--out"]).arg(&path).output().expect("runs");
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        assert!(std::fs::read(&path).expect("written").starts_with(starts), "{name}");
    }
    let path = dir.path().join("d.svg");
    let out = ninesim().args(["diagram", "models/bridge.json", "-q", "--format", "dot", "--out"]).arg(&path).output().expect("runs");
    assert!(out.status.success());
    assert!(std::fs::read(&path).expect("written").starts_with(b"digraph"), "--format wins over the extension");
}

#[test]
fn dot_is_valid_for_graphviz() {
    if std::process::Command::new("dot").arg("-V").output().is_err() {
        eprintln!("note: Graphviz `dot` is not installed; DOT output not checked with it");
        return;
    }
    let mut inputs: Vec<(String, Vec<u8>)> = Vec::new();
    for model in bundled() {
        let model = model.to_str().expect("utf-8").to_string();
        inputs.push((model.clone(), stdout(&["diagram", &model, "--format", "dot"])));
        inputs.push((
            format!("{model} --expand --annotate"),
            stdout(&["diagram", &model, "--format", "dot", "--expand", "--annotate", "-n", "8"]),
        ));
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let hostile = dir.path().join("hostile.json");
    std::fs::write(&hostile, HOSTILE).expect("write");
    inputs
        .push(("hostile".into(), stdout(&["diagram", hostile.to_str().expect("utf-8"), "--format", "dot", "--annotate", "-n", "8", "-q"])));
    for (what, text) in inputs {
        let file = dir.path().join("d.dot");
        std::fs::write(&file, &text).expect("write");
        let out = std::process::Command::new("dot").arg("-Tsvg").arg(&file).output().expect("dot runs");
        assert!(out.status.success(), "{what}: dot says {}", String::from_utf8_lossy(&out.stderr));
        assert!(out.stderr.is_empty(), "{what}: dot warns {}", String::from_utf8_lossy(&out.stderr));
    }
}

/// Names that each format must escape: quotes, backslashes, markup, Mermaid's entities and
/// keywords, a bidi override, a noncharacter, controls (ids may not hold quotes or controls;
/// the model's name, crews and common causes may).
const HOSTILE: &str = r#"{
  "name": "hostile \" name \u0007 \n \\ <b>bold</b> \u202e",
  "components": [
    {"id": "a\\b\\", "crew": "c\"r\\ew", "failure": {"dist": "exponential", "mean": 100}, "repair": {"dist": "exponential", "mean": 1}},
    {"id": "y<script>&amp;", "failure": {"dist": "exponential", "mean": 100}, "repair": {"dist": "exponential", "mean": 1}},
    {"id": "z\u202e\uffff#quot;`end`", "failure": {"dist": "exponential", "mean": 100}, "repair": {"dist": "exponential", "mean": 1}},
    {"id": "end", "failure": {"dist": "exponential", "mean": 100}, "repair": {"dist": "exponential", "mean": 1}},
    {"id": "o--x;%%", "failure": {"dist": "exponential", "mean": 100}, "repair": {"dist": "exponential", "mean": 1}}
  ],
  "crews": [{"id": "c\"r\\ew", "size": 1}],
  "common_causes": [{"id": "cc\"<b>\u0001]", "members": ["a\\b\\", "y<script>&amp;"], "every": {"dist": "exponential", "mean": 1000}}],
  "system": {"series": [{"parallel": ["a\\b\\", "y<script>&amp;"]}, {"k_of_n": {"k": 1, "of": ["z\u202e\uffff#quot;`end`", "end"]}}, "o--x;%%"]}
}"#;

/// Mermaid that renders as meant: a flowchart, subgraphs closed, every link between declared
/// nodes, and labels that hold nothing Mermaid or HTML would act on.
fn check_mermaid(text: &str, what: &str) {
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("flowchart LR"), "{what}");
    let mut declared = HashSet::new();
    let mut depth = 0i32;
    let mut links = Vec::new();
    for line in lines {
        let line = line.trim();
        if line == "end" {
            depth -= 1;
            assert!(depth >= 0, "{what}: `end` without a subgraph");
            continue;
        }
        if line.starts_with("classDef ") || line.starts_with("class ") {
            continue;
        }
        let body = line.strip_prefix("subgraph ").inspect(|_| depth += 1).unwrap_or(line);
        if let Some((a, b)) = body.split_once(" --- ").or_else(|| body.split_once(" -.- ")) {
            links.push((a.to_string(), b.to_string()));
            continue;
        }
        let id_end = body.find(['[', '(']).unwrap_or_else(|| panic!("{what}: not a node: {line}"));
        let (id, shape) = body.split_at(id_end);
        assert!(id.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') && id != "end", "{what}: id {id:?}");
        let label = shape.trim_start_matches(['[', '(']).trim_end_matches([']', ')']);
        let inner = label.strip_prefix('"').and_then(|l| l.strip_suffix('"')).unwrap_or_else(|| panic!("{what}: unquoted label {line}"));
        assert!(!inner.contains(['"', '`', '\n']), "{what}: raw quote in {line}");
        assert!(!inner.replace("<br/>", "").contains(['<', '>']), "{what}: markup in {line}");
        declared.insert(id.to_string());
    }
    assert_eq!(depth, 0, "{what}: unclosed subgraph");
    for (a, b) in links {
        assert!(declared.contains(&a) && declared.contains(&b), "{what}: link {a} — {b} to an undeclared node");
    }
}

#[test]
fn hostile_names_are_escaped_in_every_format() {
    let dir = tempfile::tempdir().expect("temp dir");
    let hostile = dir.path().join("hostile.json");
    std::fs::write(&hostile, HOSTILE).expect("write");
    let path = hostile.to_str().expect("utf-8");
    let mermaid = String::from_utf8(stdout(&["diagram", path, "--format", "mermaid", "-q"])).expect("utf-8");
    check_mermaid(&mermaid, "hostile");
    assert!(mermaid.contains("y#lt;script#gt;#amp;amp;") && mermaid.contains("#35;quot;#96;end#96;"), "{mermaid}");
    let dot = String::from_utf8(stdout(&["diagram", path, "--format", "dot", "-q"])).expect("utf-8");
    assert!(dot.contains(r#"label="a\\b\\"#) && dot.contains(r#"c\"r\\ew"#), "{dot}");
    for text in [&mermaid, &dot] {
        assert!(!text.chars().any(|c| (c.is_control() && c != '\n') || matches!(c, '\u{202e}' | '\u{ffff}')), "{text}");
    }
    let svg = String::from_utf8(stdout(&["diagram", path, "-q", "--annotate", "-n", "8"])).expect("utf-8");
    assert!(!svg.contains("<script>") && !svg.contains("<b>") && svg.contains("&lt;script&gt;"));
    assert!(!svg.chars().any(|c| (c.is_control() && c != '\n') || matches!(c, '\u{202e}' | '\u{ffff}' | '\u{fffe}')));
    let png = stdout(&["diagram", path, "-q", "--format", "png"]);
    image::load_from_memory(&png).expect("the PNG decodes");
}

#[test]
fn the_diagram_is_never_written_over_the_model() {
    let dir = tempfile::tempdir().expect("temp dir");
    let model = dir.path().join("m.json");
    std::fs::copy("models/bridge.json", &model).expect("copy");
    let out = ninesim().args(["diagram", "--out"]).arg(&model).arg(&model).args(["--format", "svg"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(std::fs::read(&model).expect("kept"), std::fs::read("models/bridge.json").expect("model"));
}

#[test]
fn the_readme_image_is_current() {
    let drawn = String::from_utf8(stdout(&["diagram", "models/web-service.json"])).expect("utf-8");
    let committed = std::fs::read_to_string("docs/images/web-service-diagram.svg").expect("committed diagram");
    assert_eq!(
        drawn, committed,
        "docs/images/web-service-diagram.svg is stale: ninesim diagram models/web-service.json --out docs/images/web-service-diagram.svg"
    );
    let readme = std::fs::read_to_string("README.md").expect("README");
    assert!(readme.contains("docs/images/web-service-diagram.svg") && readme.contains("ninesim diagram models/web-service.json"));
}

#[test]
fn text_renderings_follow_the_drawing() {
    let model = ninesim::load("models/web-service.json").expect("loads");
    let d = block_diagram(&model.system, None, true);
    let names: Vec<&str> = d.units().iter().map(|u| u.name.as_str()).collect();
    assert_eq!(names, ["lb × 2", "app × 3", "db × 2", "dns"]);
    let (dot, mermaid) = (dot(&d), mermaid(&d));
    for name in names {
        assert!(dot.contains(name) && mermaid.contains(name), "{name}");
    }
}

#[test]
fn analyze_and_explain_reports_show_the_diagram_beside_the_maths() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (analysis, example) = (dir.path().join("analysis"), dir.path().join("example"));
    let out = ninesim().args(["analyze", "models/web-service.json", "-q", "--report"]).arg(&analysis).output().expect("runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let page = std::fs::read_to_string(analysis.join("index.html")).expect("written");
    // The diagram, with the exact figures on its boxes, then the analysis as HTML tables.
    assert_eq!(page.matches("<svg").count(), 1, "one diagram");
    assert!(page.contains("Figures: exact steady state"), "annotated exactly");
    assert!(page.contains("<table>") && page.contains("dns"), "the analysis' tables");
    let out = ninesim().args(["explain", "models/bridge.json", "--no-simulation", "-q", "--report"]).arg(&example).output().expect("runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let page = std::fs::read_to_string(example.join("index.html")).expect("written");
    assert_eq!(page.matches("<svg").count(), 1, "one diagram");
    assert!(page.contains("Worked example"), "the derivation");
    // A model whose names hold markup: shown as text in both pages, never as markup.
    let hostile = dir.path().join("hostile.json");
    std::fs::write(&hostile, HOSTILE).expect("write");
    for command in ["analyze", "explain"] {
        let report = dir.path().join(format!("hostile-{command}"));
        let out = ninesim().arg(command).arg(&hostile).args(["-q", "-n", "8", "--report"]).arg(&report).output().expect("runs");
        if !out.status.success() {
            // A model the command cannot treat writes no page; that is not this test's subject.
            assert!(!report.join("index.html").exists());
            continue;
        }
        let page = std::fs::read_to_string(report.join("index.html")).expect("written");
        assert!(!page.contains("<script") && !page.contains("<b>"), "{command}: markup from the model reached the page");
    }
}
