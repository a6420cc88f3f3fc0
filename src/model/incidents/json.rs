//! JSON text to a [`Table`]: an array of row objects, or `{"durations": [...]}` /
//! `{"incidents": [...]}`.
//!
//! serde_json's values do not say where they were in the text, and a problem must name its line.
//! So the text is first checked whole by serde_json (syntax errors come with its line), then a
//! small scanner finds where each row starts, and each row is read from its own slice, its keys
//! in order and repeated keys caught (serde_json would keep the last one silently).

use std::collections::HashMap;
use std::fmt;

use serde::de::{Deserialize, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde_json::Value;

use super::table::Table;
use super::{DataShape, Problems, values::quote};

/// The keys of the object form, and the shape each names.
const FORMS: [(&str, DataShape); 2] = [("durations", DataShape::Durations), ("incidents", DataShape::Timeline)];

/// Reads JSON text (already known to start with `[` or `{`).
pub(super) fn read(text: &str, problems: &mut Problems, warnings: &mut Vec<String>) -> Option<Table> {
    if let Err(e) = serde_json::from_str::<IgnoredAny>(text) {
        let message = e.to_string();
        let message = message.split(" at line ").next().unwrap_or_default();
        problems.push(e.line(), None, format!("not valid JSON: {message}"));
        return None;
    }
    let bytes = text.as_bytes();
    let mut lines = LineCount::default();
    let start = skip_space(bytes, 0);
    let (rows, shape) = if bytes.get(start) == Some(&b'[') {
        (array_items(bytes, start), None)
    } else {
        let (key, array) = rows_member(text, start, problems, warnings)?;
        (array_items(bytes, array), Some(key))
    };
    let mut table = Table { shape, ..Table::default() };
    let mut columns = Columns::default();
    for (from, to) in rows {
        let line = lines.line_at(bytes, from);
        if let Some(cells) = row(&text[from..to], line, shape, &mut columns, problems) {
            table.push(line, cells);
        }
    }
    if table.rows.is_empty() && table.blank_lines.is_empty() && problems.is_empty() {
        problems.push(0, None, "the JSON holds no rows: give an array of row objects, such as [{\"duration\": 12.5}] or [{\"component\": \"web\", \"start\": \"2025-03-01T04:10:00Z\", \"end\": \"2025-03-01T05:00:00Z\"}]");
        return None;
    }
    let width = columns.names.len();
    for row in &mut table.rows {
        row.cells.resize(width, String::new());
    }
    table.columns = columns.names;
    Some(table)
}

/// Finds the `durations` or `incidents` member of the top-level object: its shape and where its
/// array starts.
fn rows_member(text: &str, open: usize, problems: &mut Problems, warnings: &mut Vec<String>) -> Option<(DataShape, usize)> {
    let bytes = text.as_bytes();
    // Problems here are rare and end the read: each counts its line afresh.
    let line_at = |at: usize| LineCount::default().line_at(bytes, at);
    let mut found: Option<(DataShape, usize, String)> = None;
    let mut others = Vec::new();
    let mut at = open + 1;
    loop {
        at = skip_space(bytes, at);
        if bytes.get(at) != Some(&b'"') {
            break;
        }
        let key_end = skip_value(bytes, at);
        let key: String = serde_json::from_str(&text[at..key_end]).unwrap_or_default();
        at = skip_space(bytes, key_end) + 1; // past the colon
        let value = skip_space(bytes, at);
        at = skip_value(bytes, value);
        match FORMS.iter().find(|(name, _)| key.eq_ignore_ascii_case(name)) {
            Some(&(_, shape)) if found.is_none() => {
                if bytes.get(value) != Some(&b'[') {
                    problems.push(line_at(value), Some(&key), "must be an array of rows");
                    return None;
                }
                found = Some((shape, value, key));
            }
            Some(_) => {
                let first = found.as_ref().map_or("", |f| f.2.as_str());
                problems.push(
                    line_at(value),
                    Some(&key),
                    format!("the object has both {} and {}: one file holds one shape", quote(first), quote(&key)),
                );
                return None;
            }
            None => others.push(quote(&key)),
        }
        at = skip_space(bytes, at);
        if bytes.get(at) == Some(&b',') {
            at += 1;
        }
    }
    let Some((shape, array, _)) = found else {
        let keys = if others.is_empty() { "no key".to_string() } else { others.join(", ") };
        problems.push(
            0,
            None,
            format!("the JSON object has {keys}: expected `durations` or `incidents`, holding an array of rows (or give the array itself)"),
        );
        return None;
    };
    if !others.is_empty() {
        warnings.push(format!("key(s) {} of the JSON object ignored: only the rows are read", others.join(", ")));
    }
    Some((shape, array))
}

/// Column names in order of first appearance; case is not significant.
#[derive(Default)]
struct Columns {
    names: Vec<String>,
    index: HashMap<String, usize>,
}

impl Columns {
    fn index_of(&mut self, name: &str) -> usize {
        let key = name.to_lowercase();
        if let Some(&i) = self.index.get(&key) {
            return i;
        }
        self.names.push(name.to_string());
        self.index.insert(key, self.names.len() - 1);
        self.names.len() - 1
    }
}

/// One row's fields, by column; `None` when the row has a problem (reported).
fn row(slice: &str, line: usize, shape: Option<DataShape>, columns: &mut Columns, problems: &mut Problems) -> Option<Vec<String>> {
    let value = match serde_json::from_str::<Value>(slice) {
        Ok(value) => value,
        // The whole text is valid JSON, so this is what serde_json reads but cannot hold: a
        // number beyond f64 (1e400), or nesting deeper than it recurses.
        Err(e) => {
            let message = e.to_string();
            let message = message.split(" at line ").next().unwrap_or_default();
            let hint = if message.contains("number out of range") { ": numbers must be below about 1.8e308" } else { "" };
            problems.push(line, None, format!("this row cannot be read ({message}){hint}"));
            return None;
        }
    };
    let fields = match value {
        // A bare number or string in a `durations` array is one uncensored duration.
        value @ (Value::Number(_) | Value::String(_)) if shape == Some(DataShape::Durations) => vec![("duration".to_string(), value)],
        Value::Object(_) => serde_json::from_str::<OrderedObject>(slice).map(|o| o.0).unwrap_or_default(),
        _ => {
            let example = if shape == Some(DataShape::Durations) {
                "a number, or an object such as {\"duration\": 12.5, \"censored\": false}"
            } else {
                "an object such as {\"component\": \"web\", \"start\": \"2025-03-01T04:10:00Z\", \"end\": \"2025-03-01T05:00:00Z\"}"
            };
            problems.push(line, None, format!("each row must be {example}"));
            return None;
        }
    };
    let mut cells = vec![String::new(); columns.names.len()];
    let mut given: HashMap<usize, &str> = HashMap::new();
    let mut ok = true;
    for (key, value) in &fields {
        let column = columns.index_of(key);
        if column >= cells.len() {
            cells.resize(column + 1, String::new());
        }
        if let Some(first) = given.insert(column, key) {
            let message = if first == key {
                format!("{} appears twice in this row: give it once", quote(key))
            } else {
                format!(
                    "{} and {} name one column (case does not count) and appear both in this row: give it once",
                    quote(first),
                    quote(key)
                )
            };
            problems.push(line, Some(key), message);
            ok = false;
        }
        cells[column] = match value {
            Value::String(s) => s.trim().to_string(),
            Value::Number(n) => n.to_string(),
            Value::Bool(b) => b.to_string(),
            Value::Null => String::new(),
            Value::Array(_) | Value::Object(_) => {
                problems.push(line, Some(key), "is a list or an object: a field is a number, a string or a boolean");
                ok = false;
                String::new()
            }
        };
    }
    ok.then_some(cells)
}

/// An object's members in the order written, repeated keys included.
struct OrderedObject(Vec<(String, Value)>);

impl<'de> Deserialize<'de> for OrderedObject {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(OrderedVisitor)
    }
}

struct OrderedVisitor;

impl<'de> Visitor<'de> for OrderedVisitor {
    type Value = OrderedObject;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<OrderedObject, A::Error> {
        let mut members = Vec::new();
        while let Some(member) = map.next_entry::<String, Value>()? {
            members.push(member);
        }
        Ok(OrderedObject(members))
    }
}

/// Lines of byte offsets visited in increasing order (linear in the text).
#[derive(Default)]
struct LineCount {
    offset: usize,
    line: usize,
}

impl LineCount {
    fn line_at(&mut self, bytes: &[u8], at: usize) -> usize {
        let at = at.min(bytes.len());
        if self.line == 0 {
            self.line = 1;
        }
        if at >= self.offset {
            self.line += bytes[self.offset..at].iter().filter(|&&b| b == b'\n').count();
            self.offset = at;
        }
        self.line
    }
}

// The scanner below walks text serde_json has already accepted, so it need not check anything:
// it only finds where values start and end. It never recurses (depth is a counter), and on text
// it did not expect it stops at the end instead of failing.

fn skip_space(bytes: &[u8], mut at: usize) -> usize {
    while bytes.get(at).is_some_and(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n')) {
        at += 1;
    }
    at
}

/// The end (exclusive) of the value starting at `at`.
fn skip_value(bytes: &[u8], at: usize) -> usize {
    match bytes.get(at) {
        Some(b'"') => skip_string(bytes, at),
        Some(b'[' | b'{') => {
            let mut depth = 0usize;
            let mut i = at;
            while let Some(&b) = bytes.get(i) {
                match b {
                    b'"' => {
                        i = skip_string(bytes, i);
                        continue;
                    }
                    b'[' | b'{' => depth += 1,
                    b']' | b'}' => {
                        depth = depth.saturating_sub(1);
                        if depth == 0 {
                            return i + 1;
                        }
                    }
                    _ => {}
                }
                i += 1;
            }
            bytes.len()
        }
        _ => {
            let mut i = at;
            while bytes.get(i).is_some_and(|b| !matches!(b, b',' | b']' | b'}' | b' ' | b'\t' | b'\r' | b'\n')) {
                i += 1;
            }
            i
        }
    }
}

/// The end (exclusive) of the string starting at `at` (its opening quote).
fn skip_string(bytes: &[u8], at: usize) -> usize {
    let mut i = at + 1;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'\\' => i += 2,
            b'"' => return i + 1,
            _ => i += 1,
        }
    }
    bytes.len()
}

/// The spans of the items of the array opening at `open`.
fn array_items(bytes: &[u8], open: usize) -> Vec<(usize, usize)> {
    let mut items = Vec::new();
    let mut at = skip_space(bytes, open + 1);
    while let Some(&b) = bytes.get(at) {
        if b == b']' {
            break;
        }
        let end = skip_value(bytes, at);
        items.push((at, end));
        at = skip_space(bytes, end);
        if bytes.get(at) == Some(&b',') {
            at = skip_space(bytes, at + 1);
        } else {
            break;
        }
    }
    items
}
