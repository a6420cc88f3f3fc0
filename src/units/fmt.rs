//! Number formatting shared by every human-readable output: one place decides how a
//! probability, a count or a number of nines reads, so all formats agree.

/// A probability close to 1 with enough digits to show its nines (0.9999123).
pub fn probability(p: f64) -> String {
    if !p.is_finite() {
        return "n/a".into();
    }
    let digits = if p > 0.9 && p < 1.0 { ((-(1.0 - p).log10()).ceil() as usize + 2).min(15) } else { 4 };
    format!("{p:.digits$}")
}

/// A small quantity in scientific notation (8.77e-5).
pub fn small(x: f64) -> String {
    if !x.is_finite() {
        "n/a".into()
    } else if x == 0.0 {
        "0".into()
    } else {
        format!("{x:.3e}")
    }
}

/// A probability that may be tiny or not: scientific notation below 1% (8.770e-5), plain
/// above (0.5000, 1.000 — never 1.000e0).
pub fn small_or_plain(x: f64) -> String {
    if x >= 1e-2 { number(x) } else { small(x) }
}

/// A quantity with four significant figures, grouped for readability (16,850 or 1.482).
pub fn number(x: f64) -> String {
    if !x.is_finite() {
        return if x.is_nan() { "n/a".into() } else { "∞".into() };
    }
    let a = x.abs();
    if a >= 1e9 || (a < 1e-3 && a > 0.0) {
        return format!("{x:.3e}");
    }
    let decimals = if a >= 1000.0 || a == 0.0 { 0 } else { (3 - a.log10().floor() as i32).max(0) as usize };
    let s = format!("{x:.decimals$}");
    group(&s)
}

/// A formatted number with its integer digits grouped by thousands (`123456.5` → `123,456.5`).
pub fn group(s: &str) -> String {
    let (sign, rest) = s.strip_prefix('-').map_or(("", s), |r| ("-", r));
    let (int, frac) = rest.split_once('.').map_or((rest, None), |(i, f)| (i, Some(f)));
    let mut out = String::new();
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    match frac {
        Some(f) => format!("{sign}{out}.{f}"),
        None => format!("{sign}{out}"),
    }
}

/// A count, grouped (1,000).
pub fn count(n: u64) -> String {
    group(&n.to_string())
}

/// `[lo, hi]` with [`number`].
pub fn interval(ci: [f64; 2]) -> String {
    format!("[{}, {}]", number(ci[0]), number(ci[1]))
}

/// A fraction as a percentage with four significant figures (99.12%, 0.0012%).
pub fn percent(x: f64) -> String {
    if !x.is_finite() {
        return "n/a".into();
    }
    let p = 100.0 * x;
    if p != 0.0 && p.abs() < 1e-3 { format!("{p:.2e}%") } else { format!("{}%", number(p)) }
}

/// A number of nines with two decimals (∞ with no downtime, n/a when unknown).
pub fn nines(x: f64) -> String {
    if x.is_nan() {
        "n/a".into()
    } else if x.is_finite() {
        format!("{x:.2}")
    } else {
        "∞".into()
    }
}

/// `[lo, hi]` with [`percent`].
pub fn percent_interval(ci: [f64; 2]) -> String {
    format!("[{}, {}]", percent(ci[0]), percent(ci[1]))
}

/// `text` with every character a terminal or a bidi-aware viewer would act on instead of
/// showing written out visibly: C0 and C1 controls and DEL (ESC starts the CSI/OSC sequences
/// that recolour, retitle or rewrite a terminal; BEL rings; CR and newlines forge report lines),
/// the Unicode bidi controls of the "Trojan Source" attack (CVE-2021-42574: U+202A–U+202E,
/// U+2066–U+2069, U+200E, U+200F, U+061C) and the line and paragraph separators U+2028/U+2029.
/// Tab, newline and CR read `\t`, `\n`, `\r`; the others `\u{1b}`. A backslash is left as it
/// is (paths and ordinary names read unchanged), so the escaped form is for reading, not for
/// parsing back. Text with none of these characters is returned unchanged.
pub fn visible(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(acts_on_display) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c if acts_on_display(c) => out.extend(c.escape_unicode()),
            c => out.push(c),
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Whether `c` is a control (C0, DEL, C1), a bidi control or a line/paragraph separator.
fn acts_on_display(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{2028}' | '\u{2029}')
}

/// Width in characters, as the aligned layouts count it.
pub fn width(text: &str) -> usize {
    text.chars().count()
}

/// `text` followed by spaces up to `width` characters (left-aligned). Never `format!("{:<w$}")`:
/// since Rust 1.87 a run-time width above `u16::MAX` panics ("Formatting argument out of
/// range"), and a column as wide as a 65,536-character id would be one.
pub fn pad_right(text: &str, width: usize) -> String {
    let mut out = String::with_capacity(text.len() + width);
    out.push_str(text);
    out.extend(std::iter::repeat_n(' ', width.saturating_sub(self::width(text))));
    out
}

/// Spaces up to `width` characters, then `text` (right-aligned); see [`pad_right`].
pub fn pad_left(text: &str, width: usize) -> String {
    let mut out: String = std::iter::repeat_n(' ', width.saturating_sub(self::width(text))).collect();
    out.push_str(text);
    out
}

/// Widest text a column of aligned text is widened for. A longer cell (a name of thousands of
/// characters) is written whole and overflows its column, so that one such name does not pad
/// every other row to its width.
pub const WIDEST_COLUMN: usize = 80;

/// Width of a column holding `cells`: the widest of them up to [`WIDEST_COLUMN`] (longer ones
/// overflow), at least `least`.
pub fn column_width<'a>(cells: impl IntoIterator<Item = &'a str>, least: usize) -> usize {
    cells.into_iter().map(width).filter(|&w| w <= WIDEST_COLUMN).fold(least, usize::max)
}

/// An availability target as a percentage with the digits it has and no more: 0.9995 as
/// "99.95 %", 0.955 as "95.5 %", 0.99999 as "99.999 %" (rounded to ten decimals, so that
/// binary noise such as 99.95000000000000284 does not show).
pub fn target_percent(target: f64) -> String {
    format!("{} %", trimmed(100.0 * target))
}

/// A number with the decimals it has, up to ten, and no trailing zeros: 5, 2.5, 99.95.
pub fn trimmed(x: f64) -> String {
    let text = format!("{x:.10}");
    if text.contains('.') { text.trim_end_matches('0').trim_end_matches('.').to_string() } else { text }
}

/// A duration given in hours, in the unit that reads: 0, 30 s, 5 min, 21.92 min, 4 h, 30.44 d
/// (four significant figures, no trailing zeros).
pub fn duration(hours: f64) -> String {
    let short = |x: f64| {
        let text = number(x);
        if text.contains('.') && !text.contains('e') { text.trim_end_matches('0').trim_end_matches('.').to_string() } else { text }
    };
    if hours == 0.0 {
        "0".into()
    } else if hours < 1.0 / 60.0 {
        format!("{} s", short(hours * 3600.0))
    } else if hours < 1.0 {
        format!("{} min", short(hours * 60.0))
    } else if hours < 48.0 {
        format!("{} h", short(hours))
    } else {
        format!("{} d", short(hours / 24.0))
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn numbers_are_readable() {
        assert_eq!(super::number(16850.4), "16,850");
        assert_eq!(super::number(1.48234), "1.482");
        assert_eq!(super::number(0.5), "0.5000");
        assert_eq!(super::probability(0.99991234), "0.9999123");
        assert_eq!(super::small(8.77e-5), "8.770e-5");
    }

    #[test]
    fn controls_and_bidi_overrides_are_written_out() {
        assert_eq!(super::visible("web[1]_a.b-c"), "web[1]_a.b-c");
        assert_eq!(super::visible("a\u{1b}[31mb\u{7}\u{202e}c\nd\u{85}\u{7f}"), "a\\u{1b}[31mb\\u{7}\\u{202e}c\\nd\\u{85}\\u{7f}");
    }

    #[test]
    fn padding_takes_any_width() {
        let long = "x".repeat(70_000);
        assert_eq!(super::pad_right(&long, 70_001).len(), 70_001);
        assert_eq!(super::pad_left("ab", 4), "  ab");
        assert_eq!(super::pad_right("ab", 1), "ab");
        assert_eq!(super::column_width(["ab", long.as_str()], 3), 3);
    }
}
