//! Markdown tables, for pasting into design documents and pull requests: any [`Document`].

use std::fmt::Write;

use super::document::{Align, Block, Document, Figures, Interval, Num, Span, Table, Targets};

/// Renders the parts of `doc` Markdown shows.
pub fn render(doc: &Document) -> String {
    let mut w = String::new();
    for block in &doc.blocks {
        match block {
            Block::Heading { level, text, targets } if targets.has(Targets::MARKDOWN) => {
                let _ = writeln!(w, "{} {}", "#".repeat(*level), spans(text));
            }
            Block::Line { text, targets } | Block::Remark { text, targets, .. } if targets.has(Targets::MARKDOWN) => {
                let _ = writeln!(w, "{}", spans(text));
            }
            Block::Blank { targets } if targets.has(Targets::MARKDOWN) => w.push('\n'),
            Block::Figures { figures: f, targets } if targets.has(Targets::MARKDOWN) => figures(&mut w, f),
            Block::Table(t) if t.targets.has(Targets::MARKDOWN) => table(&mut w, t),
            _ => {}
        }
    }
    w
}

fn spans(text: &[Span]) -> String {
    text.iter()
        .map(|s| match s {
            Span::Plain(t) => t.clone(),
            Span::Name(t) => format!("`{t}`"),
            Span::Strong(t) => format!("**{t}**"),
        })
        .collect()
}

fn row(w: &mut String, cells: &[String]) {
    let _ = writeln!(w, "| {} |", cells.join(" | "));
}

fn divider(w: &mut String, aligns: &[Align]) {
    let cells: String = aligns
        .iter()
        .map(|a| match a {
            Align::Left => "---|",
            Align::Right => "---:|",
            Align::Center => ":---:|",
        })
        .collect();
    let _ = writeln!(w, "|{cells}");
}

/// Label, value and, with three headings, the interval.
fn figures(w: &mut String, f: &Figures) {
    row(w, &f.heads);
    let aligns = [Align::Left, Align::Right, Align::Left];
    divider(w, &aligns[..f.heads.len().min(3)]);
    for fig in f.rows.iter().filter(|fig| fig.targets.has(Targets::MARKDOWN)) {
        let bound = if fig.at_least { "≥ " } else { "" };
        let mut cells = vec![fig.heading.clone(), format!("{bound}{}", fig.cell.value.show())];
        if f.heads.len() > 2 {
            cells.push(fig.cell.show_interval().unwrap_or_default());
        }
        row(w, &cells);
    }
}

fn table(w: &mut String, t: &Table) {
    let columns = t.columns_for(Targets::MARKDOWN);
    let mut heads = vec![t.label_heads.join(", ")];
    let mut aligns = vec![Align::Left];
    for &i in &columns {
        let c = &t.columns[i];
        heads.push(c.heading.clone());
        aligns.push(c.align);
        if c.interval == Interval::Column {
            heads.push("95% CI".into());
            aligns.push(Align::Left);
        }
    }
    row(w, &heads);
    divider(w, &aligns);
    for r in t.rows_for(Targets::MARKDOWN) {
        let labels = if t.names { r.labels.iter().map(|l| format!("`{l}`")).collect() } else { r.labels.clone() };
        let mut cells = vec![labels.join(", ")];
        for &i in &columns {
            let cell = &r.cells[i];
            if t.columns[i].flag {
                cells.push(if super::text::is_set(cell) { "yes" } else { "" }.into());
                continue;
            }
            if let Num::Chain(names) = &cell.value {
                cells.push(names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(" → "));
                continue;
            }
            match t.columns[i].interval {
                Interval::Inline => cells.push(cell.show_with_interval()),
                Interval::Hidden => cells.push(cell.value.show()),
                Interval::Column => {
                    cells.push(cell.value.show());
                    cells.push(cell.show_interval().unwrap_or_default());
                }
            }
        }
        row(w, &cells);
    }
}
