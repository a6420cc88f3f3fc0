//! Tidy CSV: one row per (subject, metric), so runs and scenarios stack by concatenation. Any
//! [`Document`]: its figures and tables, each number as a number; prose is left out.
//!
//! Cells are of two kinds, and each is written its own way: numbers as they are (a negative
//! value stays a number), words (names, ids, file names, headings) through [`text`], which
//! defuses spreadsheet formulas and quotes per RFC 4180.

use std::fmt::Write;

use super::document::{Block, Cell, Document, Targets};
use super::fmt::visible;

/// Renders the figures and tables of `doc` as `heads…,metric,value,std_error,ci95_low,ci95_high`.
pub fn render(doc: &Document) -> String {
    render_rows(doc, true)
}

/// Renders `doc` as [`render`] does, with or without the header line: the results of a batch
/// stack into one table. Each row begins with its block's cells (named by the header).
pub fn render_rows(doc: &Document, header: bool) -> String {
    let mut w = String::new();
    if header {
        let heads: Vec<String> = doc.csv_heads.iter().map(|h| text(h)).collect();
        let _ = writeln!(w, "{},metric,value,std_error,ci95_low,ci95_high", heads.join(","));
    }
    for block in &doc.blocks {
        match block {
            Block::Figures { figures, targets } if targets.has(Targets::CSV) => {
                let prefix: Vec<String> = figures.csv_prefix.iter().map(|p| text(p)).collect();
                for f in figures.rows.iter().filter(|f| f.targets.has(Targets::CSV)) {
                    line(&mut w, &prefix, f.key, &f.cell, f.csv_scale);
                }
            }
            Block::Table(t) if t.targets.has(Targets::CSV) => {
                for row in t.rows_for(Targets::CSV) {
                    let prefix: Vec<String> = t.csv_scope.iter().chain(&row.labels).map(|p| text(p)).collect();
                    for (c, cell) in t.columns.iter().zip(&row.cells).filter(|(c, _)| c.targets.has(Targets::CSV)) {
                        line(&mut w, &prefix, &text(&c.key), cell, c.csv_scale);
                    }
                }
            }
            _ => {}
        }
    }
    w
}

/// One metric, its value and interval times `scale` (its standard error too); a cell holding
/// words instead of a number has no row.
fn line(w: &mut String, prefix: &[String], metric: &str, cell: &Cell, scale: f64) {
    let Some(value) = cell.value.csv_scaled(scale) else { return };
    let se = cell.std_error.map(|se| super::document::csv_number(se * scale)).unwrap_or_default();
    let (lo, hi) = match &cell.interval {
        Some([lo, hi]) => (lo.csv_scaled(scale).unwrap_or_default(), hi.csv_scaled(scale).unwrap_or_default()),
        None => (String::new(), String::new()),
    };
    let _ = writeln!(w, "{},{metric},{value},{se},{lo},{hi}", prefix.join(","));
}

/// A cell of words (a name, an id, a heading), as spreadsheets and CSV readers expect it:
/// - controls and bidi overrides written out visibly ([`visible`]: they would be invisible in a
///   spreadsheet cell);
/// - a cell that a spreadsheet would evaluate as a formula, i.e. one beginning with `=`, `+`,
///   `-`, `@`, tab or carriage return (OWASP, "CSV Injection"), gets a leading `'` and is
///   quoted, as OWASP recommends, so that it reads as the literal text. A cell that is a plain
///   decimal number (a sweep's value `-0.5`) is a number to the spreadsheet, not a formula,
///   and is left as it is;
/// - RFC 4180 §2: a field holding a comma, a double quote or a line break is enclosed in
///   double quotes, and a double quote inside it is doubled.
pub(super) fn text(s: &str) -> String {
    let s = visible(s);
    let formula = s.starts_with(['=', '+', '-', '@', '\t', '\r']) && !is_number(&s);
    if formula {
        format!("\"'{}\"", s.replace('"', "\"\""))
    } else if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.into_owned()
    }
}

/// Whether `s` is a decimal number every spreadsheet reads as one (`-3.2e-5`, `+4`, `.5`):
/// optional sign, digits with at most one point, optional exponent. Nothing else (`-inf`,
/// `-1+2`, `1,5`) counts.
fn is_number(s: &str) -> bool {
    let s = s.strip_prefix(['+', '-']).unwrap_or(s);
    let (mantissa, exponent) = match s.split_once(['e', 'E']) {
        Some((m, e)) => (m, Some(e.strip_prefix(['+', '-']).unwrap_or(e))),
        None => (s, None),
    };
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits = |d: &str| d.bytes().all(|b| b.is_ascii_digit());
    !(int.is_empty() && frac.is_empty()) && digits(int) && digits(frac) && exponent.is_none_or(|e| !e.is_empty() && digits(e))
}

#[cfg(test)]
mod tests {
    use super::text;

    #[test]
    fn formulas_are_defused_numbers_and_ordinary_words_are_not() {
        assert_eq!(text("=1+2"), "\"'=1+2\"");
        assert_eq!(text("@SUM(A1)"), "\"'@SUM(A1)\"");
        assert_eq!(text("+x"), "\"'+x\"");
        assert_eq!(text("-3+2"), "\"'-3+2\"");
        assert_eq!(text("=HYPERLINK(\"u\")"), "\"'=HYPERLINK(\"\"u\"\")\"");
        assert_eq!(text("\tx"), "\\tx");
        for number in ["-3.2e-5", "+4", "-.5", "12"] {
            assert_eq!(text(number), number);
        }
        assert_eq!(text("web[1]"), "web[1]");
        assert_eq!(text("a,b"), "\"a,b\"");
        assert_eq!(text("-inf"), "\"'-inf\"");
    }
}
