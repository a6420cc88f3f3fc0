//! The readable report printed by default: any [`Document`] as aligned plain text.
//!
//! Everything written passes [`visible`] (names, file names and messages can hold escape
//! sequences a terminal would obey) and is padded with [`pad_right`]/[`pad_left`], never a
//! run-time `{:width$}`, which panics above 65,535.

use std::fmt::Write;

use super::document::{Block, Cell, Document, Figure, Num, Span, Table, Targets, TextLayout};
use super::fmt::{column_width, pad_left, pad_right, visible};

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
                let _ = writeln!(w, "{}", visible(&spans(text)));
            }
            Block::Blank { targets } if targets.has(Targets::TEXT) => w.push('\n'),
            Block::Figures { figures, targets } if targets.has(Targets::TEXT) => {
                let rows = figures.rows.iter().filter(|f| f.targets.has(Targets::TEXT));
                match &figures.text_line {
                    Some((label, suffix)) => {
                        let parts: Vec<String> = rows.map(|f| part(&f.label, &f.cell, &f.unit)).collect();
                        let _ = writeln!(w, "{}{}{}", pad_right(&visible(label), LABEL), visible(&parts.join(" · ")), visible(suffix));
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
            Span::Markup(t) => t,
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
    let value = visible(&with_unit(&f.cell, &f.unit)).into_owned();
    let label = pad_right(&visible(&f.label), LABEL);
    if f.at_least {
        let note = f.note.as_deref().unwrap_or_default();
        let _ = writeln!(w, "{label}≥ {value}  ({})", visible(note));
    } else if let Some(ci) = f.cell.show_interval().or_else(|| f.note.clone()) {
        let _ = writeln!(w, "{label}{}95% CI {}", pad_right(&value, VALUE), visible(&ci));
    } else {
        let _ = writeln!(w, "{label}{value}");
    }
}

fn table(w: &mut String, t: &Table) {
    let shown = t.columns_for(Targets::TEXT);
    let rows = t.rows_for(Targets::TEXT);
    match t.text_layout {
        TextLayout::Columns => {
            let heads: Vec<String> = std::iter::once(t.label_heads.join(", "))
                .chain(shown.iter().map(|&i| t.columns[i].head.clone()))
                .map(|c| visible(&c).into_owned())
                .collect();
            let rows: Vec<Vec<String>> = rows
                .iter()
                .map(|row| {
                    std::iter::once(row.labels.join(", "))
                        .chain(shown.iter().map(|&i| row.cells[i].show_with_interval()))
                        .map(|c| visible(&c).into_owned())
                        .collect()
                })
                .collect();
            let widths: Vec<usize> =
                (0..heads.len()).map(|i| column_width(rows.iter().map(|r| r[i].as_str()).chain([heads[i].as_str()]), 0)).collect();
            let line = |w: &mut String, cells: &[String]| {
                let padded: Vec<String> = cells.iter().zip(&widths).map(|(c, &n)| pad_right(c, n)).collect();
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
                let line = format!("{}: {} → {}", row.labels.join(", "), parts.join(" · "), row.cells[last].show_with_interval());
                let _ = writeln!(w, "  {}", visible(&line));
            }
        }
        TextLayout::Aligned => {
            let head = visible(&t.label_heads.join(", ")).into_owned();
            let labels: Vec<String> = rows.iter().map(|r| visible(&r.labels.join(", ")).into_owned()).collect();
            let width = column_width(labels.iter().chain([&head]).map(String::as_str), 0);
            let mut line = format!("  {}", pad_right(&head, width));
            for c in shown.iter().map(|&i| &t.columns[i]).filter(|c| !c.flag) {
                let _ = write!(line, "  {}", pad_left(&visible(&c.head), c.width));
            }
            let _ = writeln!(w, "{line}");
            for (row, label) in rows.iter().zip(&labels) {
                let mut line = format!("  {}", pad_right(label, width));
                for &i in &shown {
                    let c = &t.columns[i];
                    let cell = &row.cells[i];
                    if !c.flag {
                        let _ = write!(line, "  {}", pad_left(&visible(&cell.value.show()), c.width));
                    } else if is_set(cell) {
                        let _ = write!(line, "  {}", visible(&c.head));
                    }
                }
                let _ = writeln!(w, "{line}");
            }
        }
    }
}
