//! One self-contained HTML page per report: tables, the charts inlined as SVG, the model itself
//! and the settings that reproduce the run. No script, no external file, no network: it opens
//! from disk in any browser. The library reads no clock and no command line: the date and the
//! command come from the caller in a [`ReportContext`], so the same run and context give the
//! same page.

use std::fmt::Write;

use super::charts::ComparisonCharts;
use super::fmt::{count, number};
use crate::plot::Chart;
use crate::study::compare::Comparison;
use crate::study::results::RunResult;
use crate::study::sweep::Sweep;

use super::document::{Block, Document, Figures, Interval, Span, Table, Targets, Tone};

const STYLE: &str = "body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:2rem auto;max-width:1000px;padding:0 1rem;color:#222}\
h1{margin-bottom:.2rem}h2{margin-top:2.5rem;border-bottom:1px solid #ddd;padding-bottom:.3rem}\
.meta{color:#555}table{border-collapse:collapse;margin:1rem 0;font-size:.95rem}\
th,td{border:1px solid #ddd;padding:.3rem .6rem;text-align:right}th{background:#f5f5f5}\
td:first-child,th:first-child{text-align:left}figure{margin:1.5rem 0}figure svg{max-width:100%;height:auto}\
figcaption{color:#555;font-size:.9rem}pre{background:#f7f7f7;padding:1rem;overflow-x:auto;font-size:.85rem}\
.ok{color:#1a7f37}.bad{color:#b42318}.summary{font-size:1.25rem;margin:1rem 0}dt{font-weight:600;margin-top:.5rem}dd{margin-left:1rem}";

/// How a report was made, from the binary: the library reads no clock and no command line.
/// Tests pass a fixed context, so that the page is the same on every run.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ReportContext {
    /// The command that made the report, its arguments quoted for a POSIX shell (empty: not
    /// shown).
    pub command_line: String,
    /// When the report was made, in RFC 3339 (empty: not shown).
    pub generated_at: String,
    /// The model's block diagram as an SVG document, shown under "Diagram" (none: no section).
    ///
    /// The model's block diagram (SVG), when the binary could draw it.
    pub diagram_svg: Option<String>,
}

/// The parts of `doc` HTML shows, as the body of a page.
pub fn render(doc: &Document) -> String {
    let mut w = String::new();
    for block in &doc.blocks {
        match block {
            Block::Heading { level, text, targets } if targets.has(Targets::HTML) => {
                let _ = writeln!(w, "<h{level}>{}</h{level}>", spans(text));
            }
            Block::Line { text, targets } if targets.has(Targets::HTML) => {
                let _ = writeln!(w, "<p>{}</p>", spans(text));
            }
            Block::Figures { figures: f, targets } if targets.has(Targets::HTML) => figure_table(&mut w, f),
            Block::Table(t) if t.targets.has(Targets::HTML) => table(&mut w, t),
            Block::Remark { text, tone, targets } if targets.has(Targets::HTML) => {
                let class = match tone {
                    Tone::Good => "ok",
                    Tone::Bad => "bad",
                    Tone::Quiet => "meta",
                };
                let _ = writeln!(w, "<p class=\"{class}\">{}</p>", spans(text));
            }
            _ => {}
        }
    }
    w
}

/// Prose, escaped; names and strong words read as the words around them.
fn spans(text: &[Span]) -> String {
    esc(&super::text::spans(text))
}

fn cells(tag: &str, cells: &[String]) -> String {
    cells.iter().map(|c| format!("<{tag}>{}</{tag}>", esc(c))).collect()
}

/// Label, value and, with three headings, the interval.
fn figure_table(w: &mut String, f: &Figures) {
    let _ = writeln!(w, "<table>\n<tr>{}</tr>", cells("th", &f.heads));
    for fig in f.rows.iter().filter(|fig| fig.targets.has(Targets::HTML)) {
        let bound = if fig.at_least { "≥ " } else { "" };
        let mut row = vec![fig.heading.clone(), format!("{bound}{}", fig.cell.value.show())];
        if f.heads.len() > 2 {
            row.push(fig.cell.show_interval().unwrap_or_default());
        }
        let _ = writeln!(w, "<tr>{}</tr>", cells("td", &row));
    }
    let _ = writeln!(w, "</table>");
}

fn table(w: &mut String, t: &Table) {
    let columns = t.columns_for(Targets::HTML);
    let mut heads = t.label_heads.clone();
    for &i in columns.iter().filter(|&&i| !t.columns[i].flag) {
        heads.push(t.columns[i].heading.clone());
        if t.columns[i].interval == Interval::Column {
            heads.push("95% CI".into());
        }
    }
    let _ = writeln!(w, "<table>\n<tr>{}</tr>", cells("th", &heads));
    for r in t.rows_for(Targets::HTML) {
        let mut row = r.labels.clone();
        for &i in &columns {
            let cell = &r.cells[i];
            if t.columns[i].flag {
                // A mark follows the row's label: `server (SPOF)`.
                let last_label = r.labels.len().checked_sub(1).and_then(|k| row.get_mut(k));
                if let (true, Some(label)) = (super::text::is_set(cell), last_label) {
                    let _ = write!(label, " ({})", t.columns[i].head);
                }
                continue;
            }
            match t.columns[i].interval {
                Interval::Inline => row.push(cell.show_with_interval()),
                Interval::Hidden => row.push(cell.value.show()),
                Interval::Column => {
                    row.push(cell.value.show());
                    row.push(cell.show_interval().unwrap_or_default());
                }
            }
        }
        let _ = writeln!(w, "<tr>{}</tr>", cells("td", &row));
    }
    let _ = writeln!(w, "</table>");
}

/// Escapes text for HTML.
fn esc(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

fn page(title: &str, meta: &str, body: &str) -> String {
    format!(
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<h1>{}</h1>\n<p class=\"meta\">{}</p>\n{body}</body>\n</html>\n",
        esc(title),
        esc(title),
        esc(meta)
    )
}

/// An SVG document as markup to embed: anything before its first tag and an XML declaration
/// left out.
fn strip_prolog(svg: &str) -> &str {
    let svg = svg.trim_start_matches(|c| c != '<');
    if svg.starts_with("<?xml") { svg.split_once("?>").map_or(svg, |(_, rest)| rest) } else { svg }
}

fn figures(w: &mut String, charts: &[Chart]) {
    for chart in charts {
        // The SVG is plotters' own output: markup to embed, not text to escape.
        let _ = writeln!(w, "<figure>\n{}\n<figcaption>{}</figcaption>\n</figure>", strip_prolog(&chart.svg), esc(&chart.title));
    }
}

fn settings(r: &RunResult) -> String {
    format!(
        "ninesim {} · seed {} · {} replications × {} {} (warm-up {}) · {} events",
        r.ninesim_version,
        r.seed,
        count(r.replications),
        number(r.horizon),
        r.time_unit.symbol(),
        number(r.warmup),
        count(r.events)
    )
}

/// The headline figures of a run, the verdict and the components.
fn run_tables(w: &mut String, r: &RunResult) {
    w.push_str(&render(&super::document::of_run(r)));
}

/// The model's own description, from its file.
fn description(w: &mut String, json: Option<&str>) {
    let text = json.and_then(|j| serde_json::from_str::<serde_json::Value>(j).ok());
    if let Some(d) = text.as_ref().and_then(|v| v.get("description")).and_then(serde_json::Value::as_str) {
        let _ = writeln!(w, "<p>{}</p>", esc(d));
    }
}

fn model_block(w: &mut String, file: &str, json: Option<&str>) {
    if let Some(json) = json {
        let _ = writeln!(w, "<details><summary>The model ({})</summary>\n<pre>{}</pre>\n</details>", esc(file), esc(json));
    }
}

/// The report of one run: `model_json` is the model file's text, shown in full. It opens with
/// the run in one sentence ([`super::run::summary`]), then the model's description, its
/// diagram (when `context` has one), the figures, the charts, the model, and how the report
/// was made.
pub fn run_report(r: &RunResult, model_json: Option<&str>, charts: &[Chart], context: &ReportContext) -> String {
    let mut body = String::new();
    let _ = writeln!(body, "<p class=\"summary\"><strong>{}</strong></p>", esc(&super::run::summary(r)));
    description(&mut body, model_json);
    diagram(&mut body, context);
    let _ = writeln!(body, "<h2>Results</h2>");
    run_tables(&mut body, r);
    let _ = writeln!(body, "<h2>Charts</h2>");
    figures(&mut body, charts);
    let _ = writeln!(body, "<h2>Model</h2>");
    model_block(&mut body, &r.model.file, model_json);
    provenance(&mut body, Some(&method(r)), context);
    page(&r.model.name, &format!("{} · {}", r.model.file, settings(r)), &body)
}

/// How the run estimated: the method used and why.
fn method(r: &RunResult) -> String {
    let used = match r.method.used {
        crate::study::plan::Method::FailureBiasing => "failure biasing",
        _ => "plain Monte Carlo",
    };
    if r.method.requested == crate::study::plan::Method::Auto { format!("{used} (auto: {})", r.method.reason) } else { used.to_string() }
}

/// The diagram of the model, when the context has one. The SVG is ninesim's own output, markup
/// to embed.
fn diagram(w: &mut String, context: &ReportContext) {
    if let Some(svg) = &context.diagram_svg {
        let _ = writeln!(w, "<h2>Diagram</h2>\n<figure>\n{}\n</figure>", strip_prolog(svg));
    }
}

/// "How this report was made": the method, the command and the date, those that are known.
fn provenance(w: &mut String, method: Option<&str>, context: &ReportContext) {
    let mut items = String::new();
    if let Some(m) = method {
        let _ = writeln!(items, "<dt>Method</dt><dd>{}</dd>", esc(m));
    }
    if !context.command_line.is_empty() {
        let _ = writeln!(items, "<dt>Command</dt><dd><code>{}</code></dd>", esc(&context.command_line));
    }
    if !context.generated_at.is_empty() {
        let _ = writeln!(items, "<dt>Date</dt><dd>{}</dd>", esc(&context.generated_at));
    }
    if !items.is_empty() {
        let _ = writeln!(w, "<h2>How this report was made</h2>\n<dl>\n{items}</dl>");
    }
}

/// The report of a batch: a summary table, then each scenario with its charts.
pub fn batch_report(runs: &[(&RunResult, Option<&str>, &[Chart])], context: &ReportContext) -> String {
    let mut body = String::new();
    let rows = super::scenarios::named_runs(runs.iter().map(|(r, _, _)| *r));
    table(&mut body, &super::scenarios::runs_table(&["scenario".into()], &rows));
    for (r, json, charts) in runs {
        let _ = writeln!(
            body,
            "<h2>{}</h2>\n<p class=\"meta\">{}</p>",
            esc(&r.model.name),
            esc(&format!("{} · {}", r.model.file, settings(r)))
        );
        let _ = writeln!(body, "<p class=\"summary\"><strong>{}</strong></p>", esc(&super::run::summary(r)));
        run_tables(&mut body, r);
        figures(&mut body, charts);
        model_block(&mut body, &r.model.file, *json);
    }
    provenance(&mut body, None, context);
    let version = runs.first().map_or(String::new(), |(r, _, _)| format!("ninesim {}", r.ninesim_version));
    page(&format!("Batch of {} scenarios", runs.len()), &version, &body)
}

/// The report of a comparison: the designs side by side, the differences, the charts of the
/// designs together, then a section per design (named) with its one-sentence summary and its
/// own charts, the models, and how the report was made.
pub fn comparison_report(c: &Comparison, models_json: &[Option<String>], charts: &ComparisonCharts, context: &ReportContext) -> String {
    let mut body = String::new();
    body.push_str(&render(&super::document::of_comparison(c)));
    let _ = writeln!(body, "<h2>Charts</h2>");
    figures(&mut body, &charts.together);
    for (k, (d, (name, design_charts))) in c.designs.iter().zip(&charts.designs).enumerate() {
        let _ = writeln!(body, "<h2>Design {}: {}</h2>\n<p class=\"meta\">{}</p>", k + 1, esc(name), esc(&d.model.file));
        let _ = writeln!(body, "<p class=\"summary\"><strong>{}</strong></p>", esc(&super::run::summary(d)));
        figures(&mut body, design_charts);
    }
    let _ = writeln!(body, "<h2>Models</h2>");
    for (d, json) in c.designs.iter().zip(models_json) {
        model_block(&mut body, &d.model.file, json.as_deref());
    }
    provenance(&mut body, None, context);
    let meta = format!(
        "ninesim {} · seed {} · {} replications × {} {} · {}",
        c.ninesim_version,
        c.seed,
        count(c.replications),
        number(c.horizon),
        c.time_unit.symbol(),
        if c.common_random_numbers { "common random numbers" } else { "independent random numbers" }
    );
    page(&format!("Comparison of {} designs", c.designs.len()), &meta, &body)
}

/// The report of a sweep: one row per point, the charts, the base model.
pub fn sweep_report(s: &Sweep, model_json: Option<&str>, charts: &[Chart], context: &ReportContext) -> String {
    let mut body = String::new();
    body.push_str(&render(&super::document::of_sweep(s)));
    figures(&mut body, charts);
    model_block(&mut body, &s.model, model_json);
    provenance(&mut body, None, context);
    let settings = s.rows.first().map_or(String::new(), |r| settings(&r.result));
    page(&format!("Sweep of {}", s.parameters.join(" × ")), &format!("{} · {settings}", s.model), &body)
}

/// The block diagram of a report, as a figure (`svg`: the diagram's own drawing, markup to
/// embed).
fn diagram_figure(w: &mut String, svg: Option<&str>) {
    if let Some(svg) = svg {
        let _ = writeln!(
            w,
            "<figure class=\"diagram\">\n{}\n<figcaption>Reliability block diagram: series left to right, redundancy stacked; single points of failure in red.</figcaption>\n</figure>",
            svg.trim()
        );
    }
}

/// A Markdown report as HTML (CommonMark with tables). Markup inside the Markdown is shown as
/// text, never passed through: names from a model reach these reports.
fn markdown_html(markdown: &str) -> String {
    use pulldown_cmark::{Event, Options, Parser};
    let events = Parser::new_ext(markdown, Options::ENABLE_TABLES).map(|event| match event {
        Event::Html(raw) | Event::InlineHtml(raw) => Event::Text(raw),
        other => other,
    });
    let mut out = String::new();
    pulldown_cmark::html::push_html(&mut out, events);
    out
}

/// The report of an exact analysis (`analyze --report`): the block diagram, each block with
/// its exact availability where the model has one, then the analysis and the model.
pub fn analysis_report(a: &crate::analysis::Analysis, model_json: Option<&str>, diagram_svg: Option<&str>) -> String {
    let mut body = String::new();
    description(&mut body, model_json);
    diagram_figure(&mut body, diagram_svg);
    body.push_str(&markdown_html(&super::analysis::markdown(a)));
    let _ = writeln!(body, "<h2>Model</h2>");
    model_block(&mut body, &a.model.file, model_json);
    page(&format!("{} — analysis", a.model.name), &format!("{} · ninesim {}", a.model.file, env!("CARGO_PKG_VERSION")), &body)
}

/// The report of a worked example (`explain --report`): the picture beside the derivation, for
/// students, then the model.
pub fn explanation_report(x: &crate::analysis::explain::Explanation, model_json: Option<&str>, diagram_svg: Option<&str>) -> String {
    let mut body = String::new();
    description(&mut body, model_json);
    diagram_figure(&mut body, diagram_svg);
    body.push_str(&markdown_html(&super::explain::markdown(x)));
    let _ = writeln!(body, "<h2>Model</h2>");
    model_block(&mut body, &x.model.file, model_json);
    page(&format!("{} — worked example", x.model.name), &format!("{} · ninesim {}", x.model.file, env!("CARGO_PKG_VERSION")), &body)
}
