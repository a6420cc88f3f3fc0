//! The stable JSON results (DESIGN.md, "Result format").

use serde::Serialize;

/// Pretty JSON with a final newline. The result types hold only strings, numbers and plain
/// containers (non-finite numbers become `null`), so serialising cannot fail.
pub fn render<T: Serialize>(value: &T) -> Vec<u8> {
    let mut bytes = serde_json::to_vec_pretty(value).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}

/// Compact JSON on one line, ending with a newline (one record of newline-delimited JSON).
pub fn line<T: Serialize>(value: &T) -> Vec<u8> {
    let mut bytes = serde_json::to_vec(value).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}
