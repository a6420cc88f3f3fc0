//! The stable JSON result (DESIGN.md, "Result format").

use crate::results::RunResult;

pub fn render(r: &RunResult) -> Vec<u8> {
    // RunResult holds only strings, numbers and plain containers: serialising cannot fail.
    let mut bytes = serde_json::to_vec_pretty(r).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}
