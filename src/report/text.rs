//! The readable report printed by default: any [`Document`] as aligned plain text.

use std::fmt::Write;

use super::document::{Block, Cell, Document, Figure, Num, Span, Table, Targets, TextLayout};

/// Whether a flag cell is set.
pub(super) fn is_set(cell: &Cell) -> bool {
    matches!(cell.value, Num::Count(n) if n > 0)
}

/// Width of the label column of figures.
const LABEL: usize = 26;
/// Width of the value column of figures.
const VALUE: usize = 20;

/// Renders the parts of `doc` the text report shows.
pub fn render(doc: &Document) -> String {
    let mut w = String::new();
    for block in &doc.blocks {
        match block {
            Block::Heading { text, targets, .. } | Block::Line { text, targets } | Block::Remark { text, targets, .. }
                if targets.has(Targets::TEXT) =>
            {
                let _ = writeln!(w, "{}", spans(text));
            }
            Block::Blank { targets } if targets.has(Targets::TEXT) => w.push('\n'),
            Block::Figures { figures, targets } if targets.has(Targets::TEXT) => {
                let rows = figures.rows.iter().filter(|f| f.targets.has(Targets::TEXT));
                match &figures.text_line {
                    Some((label, suffix)) => {
                        let parts: Vec<String> = rows.map(|f| part(&f.label, &f.cell, &f.unit)).collect();
                        let _ = writeln!(w, "{label:<LABEL$}{}{suffix}", parts.join(" · "));
                    }
                    None => rows.for_each(|f| figure(&mut w, f)),
                }
            }
            Block::Table(t) if t.targets.has(Targets::TEXT) => table(&mut w, t),
            _ => {}
        }
    }
    w
}

/// Prose as plain words.
pub(super) fn spans(text: &[Span]) -> String {
    text.iter()
        .map(|s| match s {
            Span::Plain(t) | Span::Name(t) | Span::Strong(t) => t.as_str(),
        })
        .collect()
}

/// The value and its unit.
fn with_unit(cell: &Cell, unit: &str) -> String {
    if unit.is_empty() { cell.value.show() } else { format!("{} {unit}", cell.value.show()) }
}

/// `label value unit`, leaving out what is empty.
fn part(label: &str, cell: &Cell, unit: &str) -> String {
    let value = cell.value.show();
    [label, value.as_str(), unit].into_iter().filter(|s| !s.is_empty()).collect::<Vec<_>>().join(" ")
}

/// `Label     value     95% CI [lo, hi]`; a bound as `Label  ≥ value  (why)`; a figure with
/// neither interval nor note as `Label  value`.
fn figure(w: &mut String, f: &Figure) {
    let value = with_unit(&f.cell, &f.unit);
    let label = &f.label;
    if f.at_least {
        let note = f.note.as_deref().unwrap_or_default();
        let _ = writeln!(w, "{label:<LABEL$}≥ {value}  ({note})");
    } else if let Some(ci) = f.cell.show_interval().or_else(|| f.note.clone()) {
        let _ = writeln!(w, "{label:<LABEL$}{value:<VALUE$}95% CI {ci}");
    } else {
        let _ = writeln!(w, "{label:<LABEL$}{value}");
    }
}

fn table(w: &mut String, t: &Table) {
    let shown = t.columns_for(Targets::TEXT);
    let rows = t.rows_for(Targets::TEXT);
    match t.text_layout {
        TextLayout::Columns => {
            let heads: Vec<String> =
                std::iter::once(t.label_heads.join(", ")).chain(shown.iter().map(|&i| t.columns[i].head.clone())).collect();
            let rows: Vec<Vec<String>> = rows
                .iter()
                .map(|row| std::iter::once(row.labels.join(", ")).chain(shown.iter().map(|&i| row.cells[i].show_with_interval())).collect())
                .collect();
            let widths: Vec<usize> = (0..heads.len())
                .map(|i| rows.iter().map(|r| r[i].chars().count()).chain([heads[i].chars().count()]).max().unwrap_or(0))
                .collect();
            let line = |w: &mut String, cells: &[String]| {
                let padded: Vec<String> = cells.iter().zip(&widths).map(|(c, &n)| format!("{c:<n$}")).collect();
                let _ = writeln!(w, "  {}", padded.join("  ").trim_end());
            };
            line(w, &heads);
            for row in &rows {
                line(w, row);
            }
        }
        TextLayout::Sentences => {
            // The last column is the conclusion the others lead to.
            let Some((&last, leading)) = shown.split_last() else { return };
            for row in &rows {
                let parts: Vec<String> = leading
                    .iter()
                    .map(|&i| {
                        let c = &t.columns[i];
                        let cell = row.cells[i].show_with_interval();
                        if c.unit.is_empty() { format!("{} {cell}", c.head) } else { format!("{} {cell} {}", c.head, c.unit) }
                    })
                    .collect();
                let _ = writeln!(w, "  {}: {} → {}", row.labels.join(", "), parts.join(" · "), row.cells[last].show_with_interval());
            }
        }
        TextLayout::Aligned => {
            let head = t.label_heads.join(", ");
            let labels: Vec<String> = rows.iter().map(|r| r.labels.join(", ")).collect();
            let width = labels.iter().chain([&head]).map(|l| l.chars().count()).max().unwrap_or(0);
            let mut line = format!("  {head:<width$}");
            for c in shown.iter().map(|&i| &t.columns[i]).filter(|c| !c.flag) {
                let _ = write!(line, "  {:>1$}", c.head, c.width);
            }
            let _ = writeln!(w, "{line}");
            for (row, label) in rows.iter().zip(&labels) {
                let mut line = format!("  {label:<width$}");
                for &i in &shown {
                    let c = &t.columns[i];
                    let cell = &row.cells[i];
                    if !c.flag {
                        let _ = write!(line, "  {:>1$}", cell.value.show(), c.width);
                    } else if is_set(cell) {
                        let _ = write!(line, "  {}", c.head);
                    }
                }
                let _ = writeln!(w, "{line}");
            }
        }
    }
}
