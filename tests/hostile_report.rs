//! Human-readable outputs are safe whatever a model's names hold (issue 17, items 12 and 15):
//! one test per rule, each through the real binary on models written to a temporary folder.
//!
//! Each rule failed on the code before it (commit a75190a): ids of 65,536 characters panicked
//! (exit 101) in every text renderer; CSV wrote `=…`, `+…`, `-…`, `@…` names raw; Markdown
//! wrote names as raw HTML and Markdown; text, Markdown and CSV passed escape sequences and
//! bidi overrides through; a control character in a design's name made its SVG chart
//! unreadable XML.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::{Value, json};

fn ninesim() -> Command {
    let mut c = Command::cargo_bin("ninesim").expect("binary is built");
    c.current_dir(env!("CARGO_MANIFEST_DIR"));
    c
}

/// A model of two parallel components with these ids, named `name`.
fn model(name: &str, a: &str, b: &str) -> Value {
    let component = |id: &str, mean: f64| json!({"id": id, "failure": {"dist": "exponential", "mean": mean}, "repair": {"dist": "exponential", "mean": 1.0}});
    json!({"name": name, "components": [component(a, 100.0), component(b, 200.0)], "system": {"parallel": [a, b]}})
}

fn write(dir: &Path, file: &str, model: &Value) -> PathBuf {
    let path = dir.join(file);
    std::fs::write(&path, serde_json::to_vec(model).expect("json")).expect("write model");
    path
}

/// `ninesim ARGS`: stdout, which must come with exit 0.
fn stdout(args: &[&str]) -> String {
    let out = ninesim().args(args).output().expect("runs");
    assert!(
        out.status.success(),
        "`ninesim {}` exited {:?}: {}",
        args.join(" ").chars().take(300).collect::<String>(),
        out.status.code(),
        {
            let e = String::from_utf8_lossy(&out.stderr);
            e.chars().take(600).collect::<String>()
        }
    );
    String::from_utf8(out.stdout).expect("utf-8 output")
}

fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

/// What each report shows of a model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shows {
    /// Its name and its components' ids.
    NameAndIds,
    /// Its name only (a comparison; failure biasing outside text).
    Name,
    /// Neither (a sweep shows the file and the parameters).
    Neither,
}

/// Every report of `model` (and of it compared with `other`) in `format`: (command, what it
/// shows of the model, its output).
fn every_report(model: &Path, other: &Path, format: &str) -> Vec<(&'static str, Shows, String)> {
    let fb_shows = if format == "text" { Shows::NameAndIds } else { Shows::Name };
    let mut commands: Vec<(&str, Shows, Vec<&str>)> = vec![
        ("run", Shows::NameAndIds, vec!["run", s(model), "-n", "20", "--horizon", "2000", "--method", "plain", "--format", format]),
        (
            "run --method failure-biasing",
            fb_shows,
            vec!["run", s(model), "--method", "failure-biasing", "--rel-error", "0.5", "--format", format],
        ),
        ("analyze", Shows::NameAndIds, vec!["analyze", s(model), "--format", format]),
        ("compare", Shows::Name, vec!["compare", s(model), s(other), "-n", "20", "--horizon", "2000", "--format", format]),
        (
            "sweep",
            Shows::Neither,
            vec!["sweep", s(model), "--vary", "components.0.repair.mean=1,2", "-n", "10", "--horizon", "2000", "--format", format],
        ),
    ];
    if format != "csv" {
        commands.push(("explain", Shows::NameAndIds, vec!["explain", s(model), "--format", format]));
    }
    if format == "text" {
        // Two models: the batch ends with its summary table.
        commands.push((
            "run (batch)",
            Shows::NameAndIds,
            vec!["run", s(model), s(other), "-n", "10", "--horizon", "2000", "--method", "plain"],
        ));
    }
    commands.into_iter().map(|(command, shows, args)| (command, shows, stdout(&args))).collect()
}

#[test]
fn a_name_of_any_length_renders_whole_in_every_format() {
    let dir = tempfile::tempdir().expect("tempdir");
    // Ids are at most 256 characters (the model refuses longer ones); names have no limit, and
    // a name above 65,535 characters used to panic in every padded table.
    let long = "x".repeat(256);
    let name = "n".repeat(70_000);
    let a = write(dir.path(), "long.json", &model(&name, &long, "b"));
    let b = write(dir.path(), "other.json", &model("other", "c", &long));
    for format in ["text", "md", "csv", "json"] {
        for (command, shows, out) in every_report(&a, &b, format) {
            assert!(shows == Shows::Neither || out.contains(&name), "{command} --format {format} lost the long name");
            assert!(shows != Shows::NameAndIds || out.contains(&long), "{command} --format {format} lost the long id");
        }
    }
    // The HTML report and the charts of a comparison, whose labels are the designs' names.
    let report = dir.path().join("report");
    let plots = dir.path().join("plots");
    stdout(&["compare", s(&a), s(&b), "-n", "10", "--horizon", "2000", "--report", s(&report), "--plots", s(&plots)]);
    assert!(std::fs::read_to_string(report.join("index.html")).expect("report").contains(&name));
    // A long name does not widen every row of an aligned table: the other rows keep their width.
    let text = stdout(&["analyze", s(&a)]);
    let row_b = text.lines().find(|l| l.starts_with("  b ")).expect("row of b");
    assert!(row_b.len() < 200, "{row_b:.200}");
}

/// The cells of one CSV line, RFC 4180: (the cell as written, its value).
fn csv_cells(line: &str) -> Vec<(String, String)> {
    let mut cells = Vec::new();
    let mut chars = line.chars().peekable();
    loop {
        let (mut raw, mut value) = (String::new(), String::new());
        if chars.peek() == Some(&'"') {
            raw.push(chars.next().unwrap_or('"'));
            while let Some(c) = chars.next() {
                raw.push(c);
                if c == '"' {
                    if chars.peek() == Some(&'"') {
                        raw.push(chars.next().unwrap_or('"'));
                        value.push('"');
                    } else {
                        break;
                    }
                } else {
                    value.push(c);
                }
            }
        }
        while let Some(&c) = chars.peek() {
            if c == ',' {
                break;
            }
            raw.push(c);
            value.push(c);
            chars.next();
        }
        cells.push((raw, value));
        if chars.next().is_none() {
            return cells;
        }
    }
}

/// A decimal number, as ninesim writes them (`-3.2e-5`).
fn is_number(cell: &str) -> bool {
    cell.parse::<f64>().is_ok() && cell.chars().all(|c| c.is_ascii_digit() || "+-.eE".contains(c))
}

#[test]
fn csv_cells_a_spreadsheet_would_evaluate_are_defused_and_numbers_stay_numbers() {
    let dir = tempfile::tempdir().expect("tempdir");
    let a = write(dir.path(), "a.json", &model("=HYPERLINK(\"http://evil.example\",\"x\")", "-3+2", "@SUM(A1:A9)"));
    let b = write(dir.path(), "b.json", &model("+cmd|' /C calc'!A0", "+1e3x", "=1,2"));
    let mut negative = 0;
    for (command, shows, out) in every_report(&a, &b, "csv") {
        let mut lines = out.lines();
        let width = csv_cells(lines.next().expect("header")).len();
        for line in lines {
            let cells = csv_cells(line);
            assert_eq!(cells.len(), width, "{command}: {line}");
            for (raw, value) in cells {
                if is_number(&value) {
                    // A number, negative ones included, is written as it is.
                    assert_eq!(raw, value, "{command}: {line}");
                    negative += usize::from(value.starts_with('-'));
                } else {
                    assert!(!value.starts_with(['=', '+', '-', '@', '\t', '\r']), "{command}: formula cell {raw} in {line}");
                    if value.starts_with('\'') {
                        assert!(raw.starts_with("\"'"), "{command}: a defused cell is quoted: {raw}");
                    }
                }
            }
        }
        assert!(shows == Shows::Neither || out.contains("\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\""), "{command}: {out:.600}");
    }
    // The comparison's differences (b − a) are negative numbers, left as numbers.
    assert!(negative > 0);
}

/// `line` without its code spans (CommonMark §6.1: a run of n backticks to the next run of
/// exactly n), backslash escapes kept: what Markdown would interpret.
fn outside_code(line: &str) -> String {
    let chars: Vec<char> = line.chars().collect();
    let run = |i: usize| chars[i..].iter().take_while(|&&c| c == '`').count();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        match chars[i] {
            '\\' => {
                out.extend(chars[i..].iter().take(2));
                i += 2;
            }
            '`' => {
                let n = run(i);
                let close = (i + n..chars.len()).find(|&j| chars[j] == '`' && (j == 0 || chars[j - 1] != '`') && run(j) == n);
                match close {
                    Some(j) => i = j + n,
                    None => {
                        out.extend(std::iter::repeat_n('`', n));
                        i += n;
                    }
                }
            }
            c => {
                out.push(c);
                i += 1;
            }
        }
    }
    out
}

/// Pipes that end a table cell: not escaped by an odd run of backslashes.
fn cell_separators(line: &str) -> usize {
    let bytes = line.as_bytes();
    (0..bytes.len()).filter(|&i| bytes[i] == b'|' && bytes[..i].iter().rev().take_while(|&&b| b == b'\\').count() % 2 == 0).count()
}

#[test]
fn markdown_shows_names_as_the_literal_text() {
    let dir = tempfile::tempdir().expect("tempdir");
    let name = "<img src=x onerror=alert(1)> *bold* _em_ [link](http://evil.example) ~~gone~~ $x$ &amp; | cell\n# injected heading";
    let odd = "x`y <script>alert(1)</script> |*z*| _u_ #h";
    let a = write(dir.path(), "a.json", &model(name, odd, "fence```d"));
    let b = write(dir.path(), "b.json", &model("| table |", "c", "d"));
    for (command, _, out) in every_report(&a, &b, "md") {
        // Lines of a fenced code block are shown literally; the others are interpreted.
        let mut fence: Option<usize> = None;
        let interpreted = out.lines().filter(|line| {
            let ticks = line.chars().take_while(|&c| c == '`').count();
            match fence {
                Some(n) if ticks >= n => fence = None,
                Some(_) => {}
                None if ticks >= 3 => fence = Some(ticks),
                None => return true,
            }
            false
        });
        for line in interpreted.map(outside_code).collect::<Vec<_>>() {
            for raw in ["<img", "<script", "[link](", "~~gone", "*bold*", "_em_", "_u_", "*z*", "&amp; |", "$x$"] {
                assert!(!line.contains(raw), "{command}: `{raw}` written raw:\n{line}");
            }
        }
        assert!(!out.lines().any(|l| l.starts_with("# injected")), "{command}: a name opened a heading");
        // Every row of a table has as many cells as its header.
        let mut header = None;
        for line in out.lines() {
            match (line.starts_with('|'), header) {
                (true, None) => header = Some(cell_separators(line)),
                (true, Some(n)) => assert_eq!(cell_separators(line), n, "{command}: {line}"),
                (false, _) => header = None,
            }
        }
    }
    // A code block holding three backticks is fenced by four.
    let explained = stdout(&["explain", s(&a), "--format", "md"]);
    assert!(explained.contains("````text\n") && explained.contains("fence```d"), "{explained}");
}

/// Characters a terminal acts on, or that reorder what it shows.
fn acts_on_terminal(c: char) -> bool {
    (c.is_control() && c != '\n') || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}')
}

#[test]
fn escape_sequences_and_bidi_overrides_are_written_out_visibly() {
    let dir = tempfile::tempdir().expect("tempdir");
    let name = "\u{1b}[2J\u{1b}]0;pwned\u{7}red\u{9b}31m\u{7f}\u{202e}gnp.exe\r\tend";
    let a = write(dir.path(), "a.json", &model(name, "rev\u{202e}ersed", "iso\u{2067}late"));
    let b = write(dir.path(), "b.json", &model("\u{1b}[31mother", "c", "d"));
    for format in ["text", "md", "csv"] {
        for (command, shows, out) in every_report(&a, &b, format) {
            let bad: Vec<char> = out.chars().filter(|&c| acts_on_terminal(c)).collect();
            assert!(bad.is_empty(), "{command} --format {format} writes {bad:?}");
            // Markdown doubles the backslash, which then reads as one.
            let visible = if format == "md" { "\\\\u{1b}" } else { "\\u{1b}" };
            assert!(shows == Shows::Neither || out.contains(visible) && out.contains("u{202e}"), "{command} --format {format}:\n{out}");
        }
    }
    // JSON keeps the names whole.
    let json: Value = serde_json::from_str(&stdout(&["run", s(&a), "-n", "5", "--horizon", "100", "--format", "json"])).expect("json");
    assert_eq!(json["model"]["name"], name);
}

#[test]
fn html_reports_and_svg_charts_escape_names() {
    let dir = tempfile::tempdir().expect("tempdir");
    let a = write(dir.path(), "a.json", &model("<b>a</b> & \"q\" \u{1b}[31m", "<i>x</i>", "y&z"));
    let b = write(dir.path(), "b.json", &model("<script>alert(1)</script>", "c", "d"));
    let report = dir.path().join("report");
    let plots = dir.path().join("plots");
    stdout(&["compare", s(&a), s(&b), "-n", "10", "--horizon", "2000", "--report", s(&report), "--plots", s(&plots)]);
    let html = std::fs::read_to_string(report.join("index.html")).expect("report");
    for raw in ["<b>a</b>", "<script>", "<i>x</i>"] {
        assert!(!html.contains(raw), "`{raw}` raw in the HTML report");
    }
    assert!(html.contains("&lt;b&gt;a&lt;/b&gt; &amp; &quot;q&quot;") && html.contains("&lt;script&gt;"));
    let mut charts = 0;
    for entry in std::fs::read_dir(&plots).expect("plots") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "svg") {
            charts += 1;
            let svg = std::fs::read_to_string(&path).expect("svg");
            assert!(!svg.contains("<script") && !svg.contains("<b>") && !svg.contains("<i>x"), "{}", path.display());
            // XML 1.0 allows no C0 control but tab and line breaks: one would make the SVG unreadable.
            assert!(!svg.chars().any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r')), "{}", path.display());
        }
    }
    assert!(charts > 0);
}

#[test]
fn ordinary_ids_read_unchanged_in_every_format() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut m = model("Web tier v2.1", "web-1_a.b", "db_main");
    m["components"][0]["count"] = json!(2);
    m["system"] = json!({"parallel": ["web-1_a.b", "db_main"]});
    let a = write(dir.path(), "a.json", &m);
    let b = write(dir.path(), "b.json", &model("Other", "c", "d"));
    for format in ["text", "md", "csv"] {
        for (command, shows, out) in every_report(&a, &b, format) {
            assert!(shows == Shows::Neither || out.contains("Web tier v2.1"), "{command} --format {format}");
            assert!(
                shows != Shows::NameAndIds || out.contains("web-1_a.b[2]") && out.contains("db_main"),
                "{command} --format {format}:\n{out}"
            );
        }
    }
}
