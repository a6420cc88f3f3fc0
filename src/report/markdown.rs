//! Markdown tables, for pasting into design documents and pull requests: any [`Document`].
//!
//! Words that come from a model or the command line (names, ids, file names, parameters, the
//! messages that quote them) are written so that they read as the literal text: [`text`] for
//! words, [`code`] for names set as code, [`prose`] for a message that quotes names in
//! backticks. Nothing in them is interpreted as HTML or Markdown. `analyze` and `explain` use
//! the same helpers.

use std::fmt::Write;

use super::document::{Align, Block, Document, Figures, Interval, Num, Span, Table, Targets};
use super::fmt::visible;

/// Where an inline is written: a GFM table splits a row at every unescaped `|`, even inside a
/// code span, so a cell needs `\|` where a line must keep `|` literal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Place {
    /// A heading, a paragraph, a list item.
    Line,
    /// A table cell.
    Cell,
}

/// `s` as literal words (CommonMark and GFM). Controls read as in [`visible`]; `&`, `<`, `>`
/// become entity references (no raw HTML, in every Markdown flavour). A backslash goes before
/// the punctuation that would open emphasis, code, a table cell, a strikethrough, maths or an
/// escape (backslash, backtick, `*`, `|`, `~`, `$`); before `_` except between letters or
/// digits, where it cannot open emphasis; before `#` at the start of a word, where it could
/// open or close a heading; and before `[` and `]` except in an instance suffix (`web[1]`),
/// which can form no link: it follows a word and is not followed by `(`, `[` or `:`.
/// Ordinary ids and names come out unchanged.
pub(super) fn text(s: &str) -> String {
    let s = visible(s);
    let chars: Vec<char> = s.chars().collect();
    let suffix = instance_suffixes(&chars);
    let mut out = String::with_capacity(s.len());
    for (i, &c) in chars.iter().enumerate() {
        let prev = i.checked_sub(1).map(|j| chars[j]);
        let next = chars.get(i + 1).copied();
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\\' | '`' | '*' | '|' | '~' | '$' => {
                out.push('\\');
                out.push(c);
            }
            '_' if !(prev.is_some_and(char::is_alphanumeric) && next.is_some_and(char::is_alphanumeric)) => out.push_str("\\_"),
            '#' if prev.is_none_or(|p| p.is_whitespace() || p == '#') => out.push_str("\\#"),
            '[' | ']' if !suffix[i] => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// Marks the brackets of each `[digits]` that follows a word character and is not followed by
/// `(`, `[` or `:` (it could then start an inline link, a full reference or a definition).
fn instance_suffixes(chars: &[char]) -> Vec<bool> {
    let mut keep = vec![false; chars.len()];
    let mut i = 0;
    while i < chars.len() {
        let after_word = i > 0 && (chars[i - 1].is_alphanumeric() || matches!(chars[i - 1], '_' | '-' | '.'));
        if chars[i] == '[' && after_word {
            let digits = chars[i + 1..].iter().take_while(|c| c.is_ascii_digit()).count();
            let close = i + 1 + digits;
            let followed = chars.get(close + 1).is_some_and(|c| matches!(c, '(' | '[' | ':'));
            if digits > 0 && chars.get(close) == Some(&']') && !followed {
                keep[i] = true;
                keep[close] = true;
                i = close;
            }
        }
        i += 1;
    }
    keep
}

/// `s` as a code span (CommonMark §6.1): fenced by one backtick more than its longest run of
/// backticks, padded with a space where it begins or ends with a backtick or would lose its
/// own spaces; controls read as in [`visible`]. Inside a code span nothing else is
/// interpreted, except `|` in a table cell, which gets its backslash there.
pub(super) fn code(s: &str, place: Place) -> String {
    let s = visible(s);
    if s.is_empty() {
        return String::new();
    }
    let s = if place == Place::Cell { s.replace('|', "\\|") } else { s.into_owned() };
    let fence = "`".repeat(longest_run(&s, '`') + 1);
    let spaced = s.starts_with(' ') && s.ends_with(' ') && !s.trim().is_empty();
    let pad = if s.starts_with('`') || s.ends_with('`') || spaced { " " } else { "" };
    format!("{fence}{pad}{s}{pad}{fence}")
}

/// A message that quotes names in backticks (``the run starts from new and `server` …``):
/// each backticked part as [`code`], the rest as [`text`]. A name holding a backtick can only
/// shift which parts read as code; no part is ever interpreted. A backtick left unpaired is
/// written as a literal backtick.
pub(super) fn prose(s: &str, place: Place) -> String {
    let parts: Vec<&str> = s.split('`').collect();
    let last = parts.len() - 1;
    let mut out = String::with_capacity(s.len());
    for (k, part) in parts.iter().enumerate() {
        if k % 2 == 1 && k < last {
            out.push_str(&code(part, place));
        } else if k % 2 == 1 {
            out.push_str(&text(&format!("`{part}")));
        } else {
            out.push_str(&text(part));
        }
    }
    out
}

/// A fence for a code block holding `content`: three backticks, or one more than the longest
/// run of backticks in it, so that no line of it can close the block early.
pub(super) fn fence(content: &str) -> String {
    "`".repeat((longest_run(content, '`') + 1).max(3))
}

fn longest_run(s: &str, c: char) -> usize {
    let (mut longest, mut run) = (0, 0);
    for x in s.chars() {
        run = if x == c { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    longest
}

/// Renders the parts of `doc` Markdown shows.
pub fn render(doc: &Document) -> String {
    let mut w = String::new();
    for block in &doc.blocks {
        match block {
            Block::Heading { level, text: words, targets } if targets.has(Targets::MARKDOWN) => {
                let _ = writeln!(w, "{} {}", "#".repeat(*level), spans(words));
            }
            Block::Line { text: words, targets } | Block::Remark { text: words, targets, .. } if targets.has(Targets::MARKDOWN) => {
                let _ = writeln!(w, "{}", spans(words));
            }
            Block::Blank { targets } if targets.has(Targets::MARKDOWN) => w.push('\n'),
            Block::Figures { figures: f, targets } if targets.has(Targets::MARKDOWN) => figures(&mut w, f),
            Block::Table(t) if t.targets.has(Targets::MARKDOWN) => table(&mut w, t),
            _ => {}
        }
    }
    w
}

/// Prose may quote names from the model, so plain words are written as [`prose`].
fn spans(words: &[Span]) -> String {
    words
        .iter()
        .map(|s| match s {
            Span::Plain(t) => prose(t, Place::Line),
            Span::Name(t) => code(t, Place::Line),
            Span::Strong(t) => format!("**{}**", text(t)),
            Span::Markup(t) => (*t).to_string(),
        })
        .collect()
}

fn row(w: &mut String, cells: &[String]) {
    let _ = writeln!(w, "| {} |", cells.join(" | "));
}

fn divider(w: &mut String, aligns: &[Align]) {
    let cells: String = aligns
        .iter()
        .map(|a| match a {
            Align::Left => "---|",
            Align::Right => "---:|",
            Align::Center => ":---:|",
        })
        .collect();
    let _ = writeln!(w, "|{cells}");
}

/// Label, value and, with three headings, the interval.
fn figures(w: &mut String, f: &Figures) {
    row(w, &f.heads);
    let aligns = [Align::Left, Align::Right, Align::Left];
    divider(w, &aligns[..f.heads.len().min(3)]);
    for fig in f.rows.iter().filter(|fig| fig.targets.has(Targets::MARKDOWN)) {
        let bound = if fig.at_least { "≥ " } else { "" };
        let mut cells = vec![fig.heading.clone(), format!("{bound}{}", fig.cell.value.show())];
        if f.heads.len() > 2 {
            cells.push(fig.cell.show_interval().unwrap_or_default());
        }
        row(w, &cells);
    }
}

fn table(w: &mut String, t: &Table) {
    let columns = t.columns_for(Targets::MARKDOWN);
    let mut heads = vec![text(&t.label_heads.join(", "))];
    let mut aligns = vec![Align::Left];
    for &i in &columns {
        let c = &t.columns[i];
        heads.push(c.heading.clone());
        aligns.push(c.align);
        if c.interval == Interval::Column {
            heads.push("95% CI".into());
            aligns.push(Align::Left);
        }
    }
    row(w, &heads);
    divider(w, &aligns);
    for r in t.rows_for(Targets::MARKDOWN) {
        let labels: Vec<String> = r.labels.iter().map(|l| if t.names { code(l, Place::Cell) } else { text(l) }).collect();
        let mut cells = vec![labels.join(", ")];
        for &i in &columns {
            let cell = &r.cells[i];
            if t.columns[i].flag {
                cells.push(if super::text::is_set(cell) { "yes" } else { "" }.into());
                continue;
            }
            if let Num::Chain(names) = &cell.value {
                cells.push(names.iter().map(|n| code(n, Place::Cell)).collect::<Vec<_>>().join(" → "));
                continue;
            }
            // Words in the place of a number may quote a name.
            let value = match &cell.value {
                Num::Words(words) => text(words),
                number => number.show(),
            };
            match t.columns[i].interval {
                Interval::Inline => cells.push(cell.show_interval().map_or(value.clone(), |ci| format!("{value} {ci}"))),
                Interval::Hidden => cells.push(value),
                Interval::Column => {
                    cells.push(value);
                    cells.push(cell.show_interval().unwrap_or_default());
                }
            }
        }
        row(w, &cells);
    }
}

#[cfg(test)]
mod tests {
    use super::{Place, code, fence, prose, text};

    #[test]
    fn ordinary_names_read_unchanged() {
        for name in ["web[1]", "db_main", "web-1_a.b[2]", "Three-tier web service", "parallel of lb[1], lb[2]"] {
            assert_eq!(text(name), name);
        }
        assert_eq!(code("web[1]", Place::Cell), "`web[1]`");
        assert_eq!(
            prose("the run starts from new and `pdu[1]` (not exponential)", Place::Line),
            "the run starts from new and `pdu[1]` (not exponential)"
        );
        assert_eq!(fence("U = U(a) × U(b)"), "```");
    }

    #[test]
    fn words_that_markdown_would_interpret_are_escaped() {
        assert_eq!(text("<b>&</b>"), "&lt;b&gt;&amp;&lt;/b&gt;");
        assert_eq!(text("*a* _b_ c_d `e` | ~f~ $g$ \\"), "\\*a\\* \\_b\\_ c_d \\`e\\` \\| \\~f\\~ \\$g\\$ \\\\");
        assert_eq!(text("# h ##"), "\\# h \\#\\#");
        assert_eq!(text("[x](http://e) a[1](u) b[2]: c[3][4]"), "\\[x\\](http://e) a\\[1\\](u) b\\[2\\]: c\\[3\\]\\[4\\]");
        assert_eq!(text("a\nb\u{1b}"), "a\\\\nb\\\\u{1b}");
    }

    #[test]
    fn code_spans_hold_any_name() {
        assert_eq!(code("a`b", Place::Line), "``a`b``");
        assert_eq!(code("`a", Place::Line), "`` `a ``");
        assert_eq!(code("a|b", Place::Cell), "`a\\|b`");
        assert_eq!(code("a|b", Place::Line), "`a|b`");
        assert_eq!(fence("a```b"), "````");
        // An unpaired backtick is a literal one; the words after it are still escaped.
        assert_eq!(prose("x `<b>", Place::Line), "x \\`&lt;b&gt;");
    }
}
