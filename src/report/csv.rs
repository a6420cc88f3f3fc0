//! Tidy CSV: one row per (subject, metric), so runs and scenarios stack by concatenation. Any
//! [`Document`]: its figures and tables, each number as a number; prose is left out.

use std::fmt::Write;

use super::document::{Block, Cell, Document, Targets};

/// Renders the figures and tables of `doc` as `heads…,metric,value,std_error,ci95_low,ci95_high`.
pub fn render(doc: &Document) -> String {
    let mut w = String::new();
    let heads: Vec<String> = doc.csv_heads.iter().map(|h| quote(h)).collect();
    let _ = writeln!(w, "{},metric,value,std_error,ci95_low,ci95_high", heads.join(","));
    for block in &doc.blocks {
        match block {
            Block::Figures { figures, targets } if targets.has(Targets::CSV) => {
                let prefix: Vec<String> = figures.csv_prefix.iter().map(|p| quote(p)).collect();
                for f in figures.rows.iter().filter(|f| f.targets.has(Targets::CSV)) {
                    line(&mut w, &prefix, f.key, &f.cell);
                }
            }
            Block::Table(t) if t.targets.has(Targets::CSV) => {
                for row in t.rows_for(Targets::CSV) {
                    let prefix: Vec<String> = t.csv_scope.iter().chain(&row.labels).map(|p| quote(p)).collect();
                    for (c, cell) in t.columns.iter().zip(&row.cells).filter(|(c, _)| c.targets.has(Targets::CSV)) {
                        line(&mut w, &prefix, c.key, cell);
                    }
                }
            }
            _ => {}
        }
    }
    w
}

/// One metric; a cell holding words instead of a number has no row.
fn line(w: &mut String, prefix: &[String], metric: &str, cell: &Cell) {
    let Some(value) = cell.value.csv() else { return };
    let se = cell.std_error.map(super::document::csv_number).unwrap_or_default();
    let (lo, hi) = match &cell.interval {
        Some([lo, hi]) => (lo.csv().unwrap_or_default(), hi.csv().unwrap_or_default()),
        None => (String::new(), String::new()),
    };
    let _ = writeln!(w, "{},{metric},{value},{se},{lo},{hi}", prefix.join(","));
}

/// RFC 4180 quoting where needed.
pub(super) fn quote(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) { format!("\"{}\"", s.replace('"', "\"\"")) } else { s.to_string() }
}
