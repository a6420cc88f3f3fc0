//! One field's text to a value: numbers, booleans and instants, each refusal saying what would
//! be valid. The field's text arrives trimmed.

use crate::model::TimeUnit;

/// A point in time as the data wrote it: an RFC 3339 timestamp, or a plain number in the data's
/// unit. One file uses one kind or the other ([`Instant::kind`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Instant {
    /// A number in the data's unit.
    Number(f64),
    /// An RFC 3339 timestamp.
    Stamp(jiff::Timestamp),
}

impl Instant {
    /// "a number" or "an RFC 3339 timestamp", for messages about mixing the two.
    pub(super) fn kind(self) -> &'static str {
        match self {
            Instant::Number(_) => "a number",
            Instant::Stamp(_) => "an RFC 3339 timestamp",
        }
    }

    /// Whether both are numbers or both are timestamps.
    pub(super) fn same_kind(self, other: Instant) -> bool {
        matches!((self, other), (Instant::Number(_), Instant::Number(_)) | (Instant::Stamp(_), Instant::Stamp(_)))
    }

    /// The instant as it reads in a message: a timestamp in UTC, or the number with its unit.
    pub(super) fn describe(self, unit: TimeUnit) -> String {
        match self {
            Instant::Number(x) => format!("{x} {}", unit.symbol()),
            Instant::Stamp(t) => t.to_string(),
        }
    }
}

/// A finite number in `unit` (the unit only serves the message).
pub(super) fn number(text: &str, unit: TimeUnit) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(x) if x.is_finite() => Ok(x),
        // Rust reads "inf" and "NaN" too; "1e400" overflows to infinity.
        Ok(x) if x.is_nan() || is_infinity_word(text) => {
            Err(format!("{} is not a finite number: write a number such as 12.5", quote(text)))
        }
        Ok(_) => Err(format!("{} is too large: numbers must be below about 1.8e308", quote(text))),
        Err(_) => {
            Err(format!("{} is not a number: write a plain number in {} (the `unit` setting), such as 12.5", quote(text), unit.name()))
        }
    }
}

fn is_infinity_word(text: &str) -> bool {
    let word = text.trim_start_matches(['+', '-']).to_ascii_lowercase();
    word == "inf" || word == "infinity"
}

/// A boolean: true/false, 1/0 or yes/no, in any case.
pub(super) fn boolean(text: &str) -> Result<bool, String> {
    match text.to_ascii_lowercase().as_str() {
        "true" | "1" | "yes" => Ok(true),
        "false" | "0" | "no" => Ok(false),
        _ => Err(format!("{} is not a boolean: write true or false (also 1/0, yes/no)", quote(text))),
    }
}

/// An RFC 3339 timestamp (`2025-03-01T04:10:00Z`, `2025-03-01T06:10:00+02:00`) or a number.
pub(super) fn instant(text: &str, unit: TimeUnit) -> Result<Instant, String> {
    // Anything Rust reads as a float ("inf" included) is meant as a number, and judged as one.
    if text.parse::<f64>().is_ok() {
        return number(text, unit).map(Instant::Number);
    }
    match text.parse::<jiff::Timestamp>() {
        Ok(t) => Ok(Instant::Stamp(t)),
        // A local date-time names no instant: the same wall-clock time happens once per zone.
        Err(_) if text.parse::<jiff::civil::DateTime>().is_ok() => Err(format!(
            "{} has no UTC offset: add `Z` for UTC (2025-03-01T04:10:00Z) or the offset it was written in (2025-03-01T06:10:00+02:00)",
            quote(text)
        )),
        Err(e) => {
            // jiff says what is wrong in a date (a month 13); for a word it only confuses, and as
            // it repeats the input, only a date of sane length gets it.
            let b = text.as_bytes();
            let date_like = (5..=64).contains(&b.len()) && b[..4].iter().all(u8::is_ascii_digit) && b[4] == b'-';
            let detail = if date_like { format!(" ({})", e.to_string().escape_debug()) } else { String::new() };
            Err(format!(
                "{} is neither an RFC 3339 timestamp (such as 2025-03-01T04:10:00Z or 2025-03-01T06:10:00+02:00) nor a number in {}{detail}",
                quote(text),
                unit.name()
            ))
        }
    }
}

/// A value from the data as a message shows it: in backticks, control characters escaped, and
/// cut short, so that a hostile megabyte-long field cannot flood the terminal.
pub(super) fn quote(text: &str) -> String {
    const SHOWN: usize = 40;
    let mut shown: String = text.chars().take(SHOWN).flat_map(char::escape_debug).collect();
    if text.chars().nth(SHOWN).is_some() {
        shown.push('…');
    }
    format!("`{shown}`")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting_escapes_control_characters_and_cuts_long_values() {
        assert_eq!(quote("a\u{1b}[31m"), "`a\\u{1b}[31m`");
        let long = "x".repeat(1000);
        assert_eq!(quote(&long).chars().count(), 40 + 3);
    }

    #[test]
    fn infinities_and_nan_are_refused_as_not_finite() {
        for text in ["inf", "-Infinity", "NaN"] {
            assert!(number(text, TimeUnit::Hours).unwrap_err().contains("not a finite number"), "{text}");
        }
        assert!(number("1e400", TimeUnit::Hours).unwrap_err().contains("too large"));
    }
}
