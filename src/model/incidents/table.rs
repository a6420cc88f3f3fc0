//! CSV text to a [`Table`]: a header and rows of trimmed fields, each row with its line.

use super::{DataShape, Problems, values::quote};

/// A data file as columns and rows of text, whatever its format.
#[derive(Debug, Default)]
pub(super) struct Table {
    /// Line of the header (0 for JSON, whose column names are the rows' keys).
    pub(super) header_line: usize,
    /// Column names as written.
    pub(super) columns: Vec<String>,
    /// The rows with at least one field given.
    pub(super) rows: Vec<Row>,
    /// Lines of rows skipped because every field was empty.
    pub(super) blank_lines: Vec<usize>,
    /// The shape the file's structure names (a JSON `durations` or `incidents` key).
    pub(super) shape: Option<DataShape>,
}

/// One row: a field per column, trimmed, empty where nothing was given.
#[derive(Debug)]
pub(super) struct Row {
    /// 1-based line where the row starts.
    pub(super) line: usize,
    /// One field per column of the table.
    pub(super) cells: Vec<String>,
}

impl Table {
    /// Adds a row, or notes its line when every field is empty (a spreadsheet's `,,` rows).
    pub(super) fn push(&mut self, line: usize, cells: Vec<String>) {
        if cells.iter().all(String::is_empty) {
            self.blank_lines.push(line);
        } else {
            self.rows.push(Row { line, cells });
        }
    }
}

/// Reads CSV: the first record is the header; `#` starts a comment line; fields are trimmed.
/// Returns `None` (with a problem) when there is no header at all.
pub(super) fn read_csv(text: &str, problems: &mut Problems) -> Option<Table> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        // Ragged rows are reported here, one problem per row, instead of ending the read.
        .flexible(true)
        .trim(csv::Trim::All)
        .comment(Some(b'#'))
        .from_reader(text.as_bytes());
    let mut lines = Lines { text: text.as_bytes(), offset: 0, line: 1 };
    let mut table = Table::default();
    let mut header: Option<Vec<String>> = None;
    for record in reader.records() {
        let record = match record {
            Ok(record) => record,
            Err(e) => {
                // Input that is valid UTF-8, read flexibly, leaves csv nothing to refuse; should
                // it ever, the problem is reported where it was found.
                let line = e.position().map_or(0, |p| lines.record_line(p.byte()));
                problems.push(line, None, format!("not readable as CSV: {e}"));
                continue;
            }
        };
        let line = record.position().map_or(0, |p| lines.record_line(p.byte()));
        let cells: Vec<String> = record.iter().map(str::to_string).collect();
        match &header {
            None => {
                check_header(&cells, line, problems);
                table.header_line = line;
                table.columns = cells.clone();
                header = Some(cells);
            }
            Some(names) if cells.len() != names.len() => {
                problems.push(
                    line,
                    None,
                    format!(
                        "has {} field(s), the header (line {}) has {}: every row has one field per column, an empty one written as nothing between two commas",
                        cells.len(),
                        table.header_line,
                        names.len()
                    ),
                );
            }
            Some(_) => table.push(line, cells),
        }
    }
    if header.is_none() {
        problems.push(0, None, "the file is empty (or holds only comments): expected a header line, such as `duration,censored` or `component,start,end`, and one row per duration or incident");
        return None;
    }
    Some(table)
}

/// Two columns of one name would leave it unclear which one counts (case is not significant).
fn check_header(names: &[String], line: usize, problems: &mut Problems) {
    let mut seen = std::collections::HashMap::new();
    for (i, name) in names.iter().enumerate() {
        if name.is_empty() {
            continue;
        }
        if let Some(first) = seen.insert(name.to_lowercase(), i) {
            problems.push(
                line,
                Some(name),
                format!("{} appears twice in the header (columns {} and {}): give each column once", quote(name), first + 1, i + 1),
            );
        }
    }
}

/// Turns csv's record positions into the lines where records start. csv gives the byte where it
/// began reading a record, before the blank and comment lines it skipped on the way (and its
/// own line count leaves comment lines out), so those are skipped here as csv skips them.
struct Lines<'a> {
    text: &'a [u8],
    /// How far lines have been counted: `line` is the line of byte `offset`.
    offset: usize,
    line: usize,
}

impl Lines<'_> {
    /// The line of the record whose reading began at byte `from`. Records come in order, so
    /// counting resumes where the last one stopped: linear in the file's length.
    fn record_line(&mut self, from: u64) -> usize {
        let mut at = usize::try_from(from).unwrap_or(usize::MAX).min(self.text.len());
        loop {
            match self.text.get(at) {
                Some(b'\r' | b'\n') => at += 1,
                Some(b'#') if at == 0 || matches!(self.text[at - 1], b'\n' | b'\r') => {
                    at = self.text[at..].iter().position(|&b| b == b'\n').map_or(self.text.len(), |p| at + p + 1);
                }
                _ => break,
            }
        }
        if at >= self.offset {
            self.line += self.text[self.offset..at].iter().filter(|&&b| b == b'\n').count();
            self.offset = at;
        }
        self.line
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_keep_the_line_they_start_on_past_comments_blank_lines_and_quoted_newlines() {
        let text = "# comment\nduration,censored\n\n# another\r\n 1 , no \r\n\"2\n\",yes\n,\n#x\n5,1\n";
        let mut problems = Problems::default();
        let table = read_csv(text, &mut problems).expect("a table");
        assert!(problems.is_empty());
        assert_eq!(table.header_line, 2);
        let lines: Vec<usize> = table.rows.iter().map(|r| r.line).collect();
        assert_eq!(lines, [5, 6, 10]);
        assert_eq!(table.blank_lines, [8]);
        assert_eq!(table.rows[0].cells, ["1", "no"]);
    }
}
