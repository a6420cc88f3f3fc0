//! The format-neutral document every report is built into once: figures, tables and lines of
//! prose, each number kept as a number with the way it reads. One renderer per format
//! (`text`, `markdown`, `html`, `csv`) turns any document into bytes.
//!
//! Where today's formats disagree on what they show (a row only one format has, nines written
//! two ways, an order that differs), the document says so explicitly with [`Targets`]: an
//! element restricted to some formats is a known inconsistency to reconcile, not a rule.

use super::fmt;
use crate::stats::Estimate;

pub use super::rare::of_rare_event;
pub use super::run::of_run;
pub use super::scenarios::{of_batch, of_comparison, of_sweep};

/// The formats an element of a document is shown in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Targets(u8);

impl Targets {
    /// The readable text report.
    pub const TEXT: Self = Self(1);
    /// Markdown.
    pub const MARKDOWN: Self = Self(2);
    /// The HTML page.
    pub const HTML: Self = Self(4);
    /// Tidy CSV.
    pub const CSV: Self = Self(8);
    /// Markdown and HTML: the formats that lay figures out as tables.
    pub const MARKUP: Self = Self(2 | 4);
    /// Every format.
    pub const ALL: Self = Self(1 | 2 | 4 | 8);
    /// No format.
    pub const NONE: Self = Self(0);

    /// Whether `format` is among these.
    pub fn has(self, format: Targets) -> bool {
        self.0 & format.0 != 0
    }

    /// These formats where `shown` holds, none otherwise.
    pub fn when(self, shown: bool) -> Self {
        if shown { self } else { Self::NONE }
    }

    /// These formats less `other`.
    pub fn except(self, other: Targets) -> Self {
        Self(self.0 & !other.0)
    }
}

impl std::ops::BitOr for Targets {
    type Output = Targets;
    fn bitor(self, other: Targets) -> Targets {
        Targets(self.0 | other.0)
    }
}

/// A number and the way it reads. Readable formats show [`Num::show`]; CSV writes the value
/// itself ([`Num::csv`]), so a script never parses "16,850" or "∞".
#[derive(Debug, Clone, PartialEq)]
pub enum Num {
    /// A probability close to 1, with enough digits for its nines ([`fmt::probability`]).
    Probability(f64),
    /// A small quantity in scientific notation ([`fmt::small`]).
    Small(f64),
    /// Four significant figures, grouped ([`fmt::number`]).
    Plain(f64),
    /// Nines with two decimals, ∞ and n/a spelled out ([`fmt::nines`]).
    Nines(f64),
    /// Nines with two decimals, n/a for any value that is not finite (the tables of several
    /// runs write ∞ as n/a).
    NinesOrNa(f64),
    /// Fixed decimals, Rust's own spelling of ∞ and NaN (`{:.N}`).
    Fixed(f64, usize),
    /// A fraction as a percentage, four significant figures ([`fmt::percent`]).
    Percent(f64),
    /// A fraction as a percentage with fixed decimals (`99.1%`).
    Share(f64, usize),
    /// A count, grouped (1,000); CSV writes the integer.
    Count(u64),
    /// Words in the place of a number (n/a, a verdict); CSV leaves the row out.
    Words(String),
    /// Names in order (`a → b`); CSV leaves the row out.
    Chain(Vec<String>),
}

impl Num {
    /// The value as a reader sees it.
    pub fn show(&self) -> String {
        match self {
            Num::Probability(x) => fmt::probability(*x),
            Num::Small(x) => fmt::small(*x),
            Num::Plain(x) => fmt::number(*x),
            Num::Nines(x) => fmt::nines(*x),
            Num::NinesOrNa(x) => {
                if x.is_finite() {
                    format!("{x:.2}")
                } else {
                    "n/a".into()
                }
            }
            Num::Fixed(x, decimals) => format!("{x:.decimals$}"),
            Num::Percent(x) => fmt::percent(*x),
            Num::Share(x, decimals) => format!("{:.decimals$}%", 100.0 * x),
            Num::Count(n) => fmt::count(*n),
            Num::Words(w) => w.clone(),
            Num::Chain(names) => names.join(" → "),
        }
    }

    /// The value as CSV writes it; `None` for words, which have no place in a numeric column.
    pub fn csv(&self) -> Option<String> {
        self.csv_scaled(1.0)
    }

    /// The value times `scale` as CSV writes it (a count is never scaled); `None` for words.
    pub fn csv_scaled(&self, scale: f64) -> Option<String> {
        match self {
            Num::Probability(x)
            | Num::Small(x)
            | Num::Plain(x)
            | Num::Nines(x)
            | Num::NinesOrNa(x)
            | Num::Fixed(x, _)
            | Num::Percent(x)
            | Num::Share(x, _) => Some(csv_number(*x * scale)),
            Num::Count(n) => Some(n.to_string()),
            Num::Words(_) | Num::Chain(_) => None,
        }
    }
}

/// Shortest representation that reads back to the same f64; empty for a value that is not
/// finite (CSV has no spelling of ∞ or NaN that every reader agrees on).
pub fn csv_number(x: f64) -> String {
    if x.is_finite() { format!("{x}") } else { String::new() }
}

/// A value with, where there is one, its 95% interval and standard error.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    /// The value.
    pub value: Num,
    /// Its 95% confidence interval.
    pub interval: Option<[Num; 2]>,
    /// Its standard error (CSV only).
    pub std_error: Option<f64>,
}

impl Cell {
    /// A value alone.
    pub fn of(value: Num) -> Self {
        Self { value, interval: None, std_error: None }
    }

    /// An estimate with its interval and standard error, each bound read as `kind`.
    pub fn estimate(e: &Estimate, kind: fn(f64) -> Num) -> Self {
        Self { value: kind(e.mean), interval: Some([kind(e.ci95[0]), kind(e.ci95[1])]), std_error: Some(e.std_error) }
    }

    /// A value with an interval but no standard error.
    pub fn interval(mean: f64, ci: [f64; 2], kind: fn(f64) -> Num) -> Self {
        Self { value: kind(mean), interval: Some([kind(ci[0]), kind(ci[1])]), std_error: None }
    }

    /// `[lo, hi]`, or nothing without an interval.
    pub fn show_interval(&self) -> Option<String> {
        self.interval.as_ref().map(|bounds| match bounds {
            [Num::Plain(lo), Num::Plain(hi)] => fmt::interval([*lo, *hi]),
            [Num::Percent(lo), Num::Percent(hi)] => fmt::percent_interval([*lo, *hi]),
            [lo, hi] => format!("[{}, {}]", lo.show(), hi.show()),
        })
    }

    /// `value [lo, hi]`, or the value alone.
    pub fn show_with_interval(&self) -> String {
        match self.show_interval() {
            Some(ci) => format!("{} {ci}", self.value.show()),
            None => self.value.show(),
        }
    }
}

/// One figure of a result: a headline row.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    /// Its name in CSV (`downtime_minutes_per_year`).
    pub key: &'static str,
    /// Its label in the text report (`Downtime`), where the unit follows the value.
    pub label: String,
    /// Its label in a table (`downtime (min/year)`), which carries the unit.
    pub heading: String,
    /// Unit written after the value in the text report (`min/year`); empty for none.
    pub unit: String,
    /// The value.
    pub cell: Cell,
    /// Said in the place of the interval where there is none (why a value is n/a, or why it
    /// is only a bound).
    pub note: Option<String>,
    /// The value is a lower bound (`≥`).
    pub at_least: bool,
    /// What CSV multiplies the value by (a duration in the model's time unit written in the
    /// hours its key names); 1 for most.
    pub csv_scale: f64,
    /// Where it is shown.
    pub targets: Targets,
}

impl Figure {
    /// A figure shown everywhere, with the same label in text and tables and no unit.
    pub fn new(key: &'static str, label: impl Into<String>, cell: Cell) -> Self {
        let label = label.into();
        Self {
            key,
            heading: label.clone(),
            label,
            unit: String::new(),
            cell,
            note: None,
            at_least: false,
            csv_scale: 1.0,
            targets: Targets::ALL,
        }
    }

    /// CSV writes the value times `scale` (see [`Figure::csv_scale`]).
    pub fn csv_scale(mut self, scale: f64) -> Self {
        self.csv_scale = scale;
        self
    }

    /// Its label in tables.
    pub fn heading(mut self, heading: impl Into<String>) -> Self {
        self.heading = heading.into();
        self
    }

    /// The unit the text report writes after the value.
    pub fn unit(mut self, unit: impl Into<String>) -> Self {
        self.unit = unit.into();
        self
    }

    /// Said in the place of the interval.
    pub fn note(mut self, note: impl Into<String>) -> Self {
        self.note = Some(note.into());
        self
    }

    /// The value is a lower bound when `bound` holds.
    pub fn at_least(mut self, bound: bool) -> Self {
        self.at_least = bound;
        self
    }

    /// Shown only in `targets`.
    pub fn only(mut self, targets: Targets) -> Self {
        self.targets = targets;
        self
    }
}

/// Figures of one subject, one per row.
#[derive(Debug, Clone, PartialEq)]
pub struct Figures {
    /// Column headings in tables: two (label, value) or three (and the interval).
    pub heads: Vec<String>,
    /// The cells CSV writes before each figure's key (scope and id: `system,Web service`;
    /// [`Document::in_scenario`] puts the scenario in front).
    pub csv_prefix: Vec<String>,
    /// The rows.
    pub rows: Vec<Figure>,
    /// Text writes the figures on one line after this label instead of one per row, then the
    /// suffix (`Exact  A 0.9999 · U 1e-4 · …`).
    pub text_line: Option<(String, String)>,
}

/// How a table shows a column's interval.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Interval {
    /// After the value, in the same cell.
    Inline,
    /// In a `95% CI` column of its own (tables; text keeps it inline).
    Column,
    /// Not at all (tables; text keeps it inline).
    Hidden,
}

/// Alignment of a column in a Markdown table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    /// Words.
    Left,
    /// Numbers.
    Right,
    /// Marks.
    Center,
}

/// A column of a [`Table`].
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    /// Its name in CSV (one made from a model's id, `breach_probability_monthly`, is owned).
    pub key: std::borrow::Cow<'static, str>,
    /// Its heading in the text report.
    pub head: String,
    /// Its heading in Markdown and HTML.
    pub heading: String,
    /// Unit written after the value where text writes rows as sentences.
    pub unit: String,
    /// How Markdown and HTML show the interval.
    pub interval: Interval,
    /// Markdown alignment.
    pub align: Align,
    /// Least width in the text layout [`TextLayout::Aligned`] (right-aligned).
    pub width: usize,
    /// A yes/no mark (cells [`Num::Count`] 1 or 0) that each format writes its own way: text
    /// after the row, Markdown as "yes", HTML after the row's label, CSV as 1 or 0.
    pub flag: bool,
    /// What CSV multiplies the values by (see [`Figure::csv_scale`]).
    pub csv_scale: f64,
    /// Where it is shown.
    pub targets: Targets,
}

impl Column {
    /// A column with the same heading everywhere, right-aligned, interval inline.
    pub fn new(key: &'static str, head: impl Into<String>) -> Self {
        Self::keyed(key.into(), head)
    }

    /// [`Column::new`] with a key made at run time (CSV writes it as words).
    pub fn keyed(key: std::borrow::Cow<'static, str>, head: impl Into<String>) -> Self {
        let head = head.into();
        Self {
            key,
            heading: head.clone(),
            head,
            unit: String::new(),
            interval: Interval::Inline,
            align: Align::Right,
            width: 0,
            flag: false,
            csv_scale: 1.0,
            targets: Targets::ALL,
        }
    }

    /// CSV writes the values times `scale`.
    pub fn csv_scale(mut self, scale: f64) -> Self {
        self.csv_scale = scale;
        self
    }

    /// A yes/no mark named `head`.
    pub fn flag(key: &'static str, head: impl Into<String>) -> Self {
        Self { flag: true, align: Align::Center, ..Self::new(key, head) }
    }

    /// Least width in aligned text.
    pub fn width(mut self, width: usize) -> Self {
        self.width = width;
        self
    }

    /// Its heading in Markdown and HTML.
    pub fn heading(mut self, heading: impl Into<String>) -> Self {
        self.heading = heading.into();
        self
    }

    /// Unit after the value in text sentences.
    pub fn unit(mut self, unit: impl Into<String>) -> Self {
        self.unit = unit.into();
        self
    }

    /// How tables show the interval.
    pub fn interval(mut self, interval: Interval) -> Self {
        self.interval = interval;
        self
    }

    /// Markdown alignment.
    pub fn align(mut self, align: Align) -> Self {
        self.align = align;
        self
    }

    /// Shown only in `targets`.
    pub fn only(mut self, targets: Targets) -> Self {
        self.targets = targets;
        self
    }
}

/// A row of a [`Table`]: what names it, then one cell per column.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// One value per label column (a sweep's parameter values).
    pub labels: Vec<String>,
    /// One cell per column.
    pub cells: Vec<Cell>,
}

/// How the text report lays out a table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextLayout {
    /// Columns as wide as their widest cell, left-aligned.
    Columns,
    /// One sentence per row: `label: head value unit · … → last column`.
    Sentences,
    /// Columns of fixed least widths, numbers right-aligned, values without their interval.
    Aligned,
}

/// Rows of several subjects (runs, designs, components) by the same columns.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// Headings of the label columns: text and Markdown join them into one column, HTML and
    /// CSV keep one column each.
    pub label_heads: Vec<String>,
    /// The columns after the labels.
    pub columns: Vec<Column>,
    /// The rows.
    pub rows: Vec<Row>,
    /// Another order of the rows (indices into `rows`) and the formats that list them so.
    pub ranking: Option<(Vec<usize>, Targets)>,
    /// The labels are names from the model (code in Markdown).
    pub names: bool,
    /// CSV cells written before each row's labels (the scope, `component`; and the scenario
    /// in front of it once [`Document::in_scenario`] has put it there).
    pub csv_scope: Vec<String>,
    /// The text layout.
    pub text_layout: TextLayout,
    /// Where it is shown.
    pub targets: Targets,
}

impl Table {
    /// A table shown everywhere, rows in the given order, labels as plain words.
    pub fn new(label_heads: Vec<String>, columns: Vec<Column>, rows: Vec<Row>, text_layout: TextLayout) -> Self {
        Self { label_heads, columns, rows, ranking: None, names: false, csv_scope: Vec::new(), text_layout, targets: Targets::ALL }
    }

    /// The rows in the order `format` lists them.
    pub fn rows_for(&self, format: Targets) -> Vec<&Row> {
        match &self.ranking {
            Some((order, targets)) if targets.has(format) => order.iter().filter_map(|&i| self.rows.get(i)).collect(),
            _ => self.rows.iter().collect(),
        }
    }

    /// The columns `format` shows, by index.
    pub fn columns_for(&self, format: Targets) -> Vec<usize> {
        (0..self.columns.len()).filter(|&i| self.columns[i].targets.has(format)).collect()
    }
}

/// How a remark reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    /// A check that passed.
    Good,
    /// A check that failed.
    Bad,
    /// An aside.
    Quiet,
}

/// A run of prose: plain words, or a name (code in Markdown). Every format writes the words
/// of a span, whatever they hold, as literal text (escaped in its own syntax), except
/// [`Span::Markup`].
#[derive(Debug, Clone, PartialEq)]
pub enum Span {
    /// Words.
    Plain(String),
    /// An identifier from the model or a file name.
    Name(String),
    /// Words set in bold where the format can.
    Strong(String),
    /// Syntax of the format the line is for (Markdown's `> ` that opens a quote), written as it
    /// is; the other formats show it as words. Never text from a model.
    Markup(&'static str),
}

/// A block of a document. Each says where it is shown.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A heading.
    Heading {
        /// 1 is the title.
        level: usize,
        /// Its words.
        text: Vec<Span>,
        /// Where it is shown.
        targets: Targets,
    },
    /// One line of prose.
    Line {
        /// Its words.
        text: Vec<Span>,
        /// Where it is shown.
        targets: Targets,
    },
    /// An empty line between blocks.
    Blank {
        /// Where it is shown.
        targets: Targets,
    },
    /// Figures of one subject.
    Figures {
        /// The figures.
        figures: Figures,
        /// Where the block is shown (each figure also says where it is).
        targets: Targets,
    },
    /// A table.
    Table(Table),
    /// A line of prose with a tone (HTML colours it).
    Remark {
        /// Its words.
        text: Vec<Span>,
        /// How it reads.
        tone: Tone,
        /// Where it is shown.
        targets: Targets,
    },
}

/// A report, built once per result and rendered by each format.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Document {
    /// Headings of the cells CSV writes before `metric` (`scenario,scope,id`).
    pub csv_heads: Vec<String>,
    /// The blocks, in order.
    pub blocks: Vec<Block>,
}

/// The headings of the cells before `metric` in the tidy CSV of every result (`docs/results.md`).
pub const TIDY_HEADS: [&str; 3] = ["scenario", "scope", "id"];

impl Document {
    /// The document with `scenario` as the first CSV cell of every row, under the heading
    /// `scenario`: a document built with `scope,id` cells becomes one of the tidy shape, and
    /// the results of several scenarios stack by concatenation.
    pub fn in_scenario(mut self, scenario: &str) -> Self {
        self.csv_heads.insert(0, TIDY_HEADS[0].into());
        for block in &mut self.blocks {
            match block {
                Block::Figures { figures, .. } => figures.csv_prefix.insert(0, scenario.into()),
                Block::Table(t) => t.csv_scope.insert(0, scenario.into()),
                _ => {}
            }
        }
        self
    }

    /// A heading.
    pub fn heading(&mut self, level: usize, text: Vec<Span>, targets: Targets) {
        self.blocks.push(Block::Heading { level, text, targets });
    }

    /// A line of prose.
    pub fn line(&mut self, text: Vec<Span>, targets: Targets) {
        self.blocks.push(Block::Line { text, targets });
    }

    /// A line of plain words.
    pub fn words(&mut self, text: impl Into<String>, targets: Targets) {
        self.line(vec![Span::Plain(text.into())], targets);
    }

    /// An empty line.
    pub fn blank(&mut self, targets: Targets) {
        self.blocks.push(Block::Blank { targets });
    }

    /// Figures of one subject.
    pub fn figures(&mut self, figures: Figures, targets: Targets) {
        self.blocks.push(Block::Figures { figures, targets });
    }

    /// A table.
    pub fn table(&mut self, table: Table) {
        self.blocks.push(Block::Table(table));
    }

    /// A remark.
    pub fn remark(&mut self, text: Vec<Span>, tone: Tone, targets: Targets) {
        self.blocks.push(Block::Remark { text, tone, targets });
    }
}

/// Plain words.
pub fn plain(text: impl Into<String>) -> Span {
    Span::Plain(text.into())
}

/// A name.
pub fn name(text: impl Into<String>) -> Span {
    Span::Name(text.into())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One figure, one table and a line, with an element restricted to each format.
    fn sample() -> Document {
        let mut doc = Document { csv_heads: vec!["scope".into(), "id".into()], blocks: Vec::new() };
        doc.heading(1, vec![plain("Pump station")], Targets::MARKDOWN | Targets::HTML);
        doc.line(vec![plain("Spares: "), name("pump[1]")], Targets::ALL);
        let rows = vec![
            Figure::new("downtime_minutes_per_year", "Downtime", Cell::interval(16850.4, [1.0, 2.5], Num::Plain))
                .heading("downtime (min/year)")
                .unit("min/year"),
            Figure::new("outages", "Outages", Cell::of(Num::Count(3))).only(Targets::CSV),
        ];
        doc.figures(
            Figures {
                heads: vec!["metric".into(), "estimate".into(), "95% CI".into()],
                csv_prefix: vec!["system".into(), "a,b".into()],
                rows,
                text_line: None,
            },
            Targets::ALL,
        );
        let columns = vec![Column::new("unavailability", "U").interval(Interval::Column), Column::flag("spof", "SPOF")];
        let rows =
            vec![Row { labels: vec!["pump".into()], cells: vec![Cell::interval(1e-4, [5e-5, 2e-4], Num::Small), Cell::of(Num::Count(1))] }];
        doc.table(Table {
            names: true,
            csv_scope: vec!["component".into()],
            ..Table::new(vec!["component".into()], columns, rows, TextLayout::Aligned)
        });
        doc
    }

    #[test]
    fn each_format_renders_only_its_own_elements_in_its_own_syntax() {
        let doc = sample();
        assert_eq!(
            super::super::text::render(&doc),
            "Spares: pump[1]\nDowntime                  16,850 min/year     95% CI [1.000, 2.500]\n  component  U\n  pump       1.000e-4  SPOF\n"
        );
        assert_eq!(
            super::super::markdown::render(&doc),
            "# Pump station\nSpares: `pump[1]`\n| metric | estimate | 95% CI |\n|---|---:|---|\n| downtime (min/year) | 16,850 | [1.000, 2.500] |\n\
             | component | U | 95% CI | SPOF |\n|---|---:|---|:---:|\n| `pump` | 1.000e-4 | [5.000e-5, 2.000e-4] | yes |\n"
        );
        assert!(super::super::html::render(&doc).contains("<tr><td>pump (SPOF)</td><td>1.000e-4</td><td>[5.000e-5, 2.000e-4]</td></tr>"));
        assert_eq!(
            super::super::csv::render(&doc),
            "scope,id,metric,value,std_error,ci95_low,ci95_high\nsystem,\"a,b\",downtime_minutes_per_year,16850.4,,1,2.5\n\
             system,\"a,b\",outages,3,,,\ncomponent,pump,unavailability,0.0001,,0.00005,0.0002\ncomponent,pump,spof,1,,,\n"
        );
    }

    #[test]
    fn a_scenario_leads_every_csv_row_under_its_own_heading() {
        let csv = super::super::csv::render(&sample().in_scenario("=models/a.json"));
        let mut lines = csv.lines();
        assert_eq!(lines.next(), Some("scenario,scope,id,metric,value,std_error,ci95_low,ci95_high"));
        assert!(lines.all(|l| l.starts_with("\"'=models/a.json\",")), "{csv}");
    }

    #[test]
    fn csv_writes_no_spelling_of_infinity_or_nan() {
        assert_eq!(Num::Nines(f64::INFINITY).csv(), Some(String::new()));
        assert_eq!(Num::Plain(f64::NAN).csv(), Some(String::new()));
        assert_eq!(Num::Words("n/a".into()).csv(), None);
        assert_eq!(Num::Nines(f64::INFINITY).show(), "∞");
        assert_eq!(Num::NinesOrNa(f64::INFINITY).show(), "n/a");
    }
}
