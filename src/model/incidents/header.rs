//! Which column plays which role, and so which shape the data have.
//!
//! Names are compared without case. Besides the documented names, a timeline accepts a few
//! aliases that incident tools export: `id` for `component`, `failed_at` for `start` and
//! `restored_at` for `end`. A role given twice (`id` and `component`) is an error, not a guess.

use super::table::Table;
use super::values::quote;
use super::{DataShape, Problems};
use crate::model::validate::suggestions::closest;

/// What a column means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Duration,
    Censored,
    Event,
    Component,
    Start,
    End,
}

/// Every accepted name, canonical one first for each role.
const NAMES: [(&str, Role); 9] = [
    ("duration", Role::Duration),
    ("censored", Role::Censored),
    ("event", Role::Event),
    ("component", Role::Component),
    ("id", Role::Component),
    ("start", Role::Start),
    ("failed_at", Role::Start),
    ("end", Role::End),
    ("restored_at", Role::End),
];

/// What the two shapes need, as messages say it.
const SHAPES: &str = "a durations file has `duration` and optionally `censored` (true when cut off) or `event` (true when it happened); a timeline has `component`, `start` and `end` (or `id`, `failed_at`, `restored_at`)";

/// The columns a durations file's censoring flag is read from.
#[derive(Debug, Clone, Copy)]
pub(super) struct Flag {
    /// Its column.
    pub(super) column: usize,
    /// True for `event` (true = the event happened, not censored), false for `censored`.
    pub(super) means_event: bool,
}

/// The columns of a timeline.
#[derive(Debug, Clone, Copy)]
pub(super) struct TimelineColumns {
    /// The component's id.
    pub(super) component: usize,
    /// When the incident began.
    pub(super) start: usize,
    /// When it was over (empty: still open).
    pub(super) end: usize,
}

/// The shape, with the columns it reads.
#[derive(Debug, Clone, Copy)]
pub(super) enum Layout {
    /// One duration per row.
    Durations {
        /// The `duration` column.
        duration: usize,
        /// The `censored` or `event` column, if any.
        flag: Option<Flag>,
    },
    /// One incident per row.
    Timeline(TimelineColumns),
}

impl Layout {
    /// What this shape reads, for the warning about ignored columns.
    pub(super) fn reads(&self) -> &'static str {
        match self {
            Layout::Durations { .. } => "a durations file reads `duration` and `censored` or `event`",
            Layout::Timeline(_) => "a timeline reads `component`, `start` and `end`",
        }
    }
}

/// The layout and the columns it leaves unread.
#[derive(Debug)]
pub(super) struct Header {
    pub(super) layout: Layout,
    pub(super) ignored: Vec<usize>,
}

/// Reads the header: the shape asked for (`shape`) or the one its columns show.
pub(super) fn read(table: &Table, shape: Option<DataShape>, problems: &mut Problems) -> Option<Header> {
    let line = table.header_line;
    let mut roles: Vec<(Role, usize)> = Vec::new();
    let mut clash = false;
    for (i, name) in table.columns.iter().enumerate() {
        let Some(&(_, role)) = NAMES.iter().find(|(known, _)| name.eq_ignore_ascii_case(known)) else { continue };
        if let Some(&(_, first)) = roles.iter().find(|(r, _)| *r == role) {
            // Equal names are caught with the header; here two aliases of one role.
            if !name.eq_ignore_ascii_case(&table.columns[first]) {
                problems.push(
                    line,
                    Some(name),
                    format!("{} and {} name the same thing: keep one", quote(&table.columns[first]), quote(name)),
                );
                clash = true;
            }
            continue;
        }
        roles.push((role, i));
    }
    let column = |role: Role| roles.iter().find(|(r, _)| *r == role).map(|&(_, i)| i);
    let timeline = (column(Role::Component), column(Role::Start), column(Role::End));
    let shape = shape.or(match (timeline, column(Role::Duration)) {
        ((Some(_), Some(_), Some(_)), _) => Some(DataShape::Timeline),
        (_, Some(_)) => Some(DataShape::Durations),
        _ => None,
    });
    let layout = match shape {
        None => {
            problems.push(line, None, format!("the columns {} fit neither shape: {SHAPES}{}", found(table), hints(table)));
            return None;
        }
        Some(DataShape::Durations) => {
            let Some(duration) = column(Role::Duration) else {
                problems.push(
                    line,
                    None,
                    format!("a durations file needs a `duration` column; the columns are {}{}", found(table), hints(table)),
                );
                return None;
            };
            let flag = match (column(Role::Censored), column(Role::Event)) {
                (Some(c), Some(e)) => {
                    problems.push(
                        line,
                        None,
                        format!(
                            "has both {} and {}: they say the same thing in opposite ways (`event` is true when the event happened, `censored` when it was cut off); keep one",
                            quote(&table.columns[c]),
                            quote(&table.columns[e])
                        ),
                    );
                    return None;
                }
                (Some(column), None) => Some(Flag { column, means_event: false }),
                (None, Some(column)) => Some(Flag { column, means_event: true }),
                (None, None) => None,
            };
            Layout::Durations { duration, flag }
        }
        Some(DataShape::Timeline) => match timeline {
            (Some(component), Some(start), Some(end)) => Layout::Timeline(TimelineColumns { component, start, end }),
            (component, start, end) => {
                let missing: Vec<&str> = [(component, "`component`"), (start, "`start`"), (end, "`end`")]
                    .iter()
                    .filter(|(c, _)| c.is_none())
                    .map(|&(_, name)| name)
                    .collect();
                problems.push(
                    line,
                    None,
                    format!(
                        "a timeline needs `component`, `start` and `end` (or `id`, `failed_at`, `restored_at`); {} missing among the columns {}{}",
                        missing.join(", "),
                        found(table),
                        hints(table)
                    ),
                );
                return None;
            }
        },
    };
    if clash {
        return None;
    }
    let used: Vec<usize> = match layout {
        Layout::Durations { duration, flag } => [Some(duration), flag.map(|f| f.column)].into_iter().flatten().collect(),
        Layout::Timeline(c) => vec![c.component, c.start, c.end],
    };
    let ignored = (0..table.columns.len()).filter(|c| !used.contains(c)).collect();
    Some(Header { layout, ignored })
}

/// The column names, quoted, for a message; a long header is cut short.
fn found(table: &Table) -> String {
    const SHOWN: usize = 12;
    let mut names: Vec<String> = table.columns.iter().take(SHOWN).map(|c| quote(c)).collect();
    if table.columns.len() > SHOWN {
        names.push(format!("… ({} in all)", table.columns.len()));
    }
    names.join(", ")
}

/// "Did you mean" for columns that are near-misses of a known name, and a word when the first
/// line looks like data rather than a header.
fn hints(table: &Table) -> String {
    let mut hints: Vec<String> = table
        .columns
        .iter()
        .filter(|c| !NAMES.iter().any(|(known, _)| c.eq_ignore_ascii_case(known)))
        // Against names of two or three letters, any short word is "close": only longer names
        // get a suggestion.
        .filter(|c| c.chars().count() >= 4)
        .take(100)
        .filter_map(|c| {
            closest(&c.to_lowercase(), NAMES.iter().map(|(known, _)| *known)).map(|known| format!("{} for {}", quote(known), quote(c)))
        })
        .collect();
    hints.truncate(5);
    let mut text = if hints.is_empty() { String::new() } else { format!(" (did you mean {}?)", hints.join(", ")) };
    if !table.columns.is_empty() && table.columns.iter().any(|c| c.parse::<f64>().is_ok() || c.parse::<jiff::Timestamp>().is_ok()) {
        text.push_str("; the first line holds values: the data need a header line naming the columns");
    }
    text
}
