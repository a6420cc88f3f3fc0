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

fn group(s: &str) -> String {
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
}
