//! A timeline: incidents per component, turned into up times and repair durations.
//!
//! Per component, incidents sorted by start (docs/model.md, "Incident data"):
//!
//! ```text
//!  from                                                                  to
//!   |── up ──[ repair ]── up ──[ repair ]──── up (censored) ────────────|
//!   |── up ──[ repair ]── up ──[ repair (open: censored at `to`) ───────|
//! ```
//!
//! - a repair is end − start, observed; an incident without `end` is still open at the window's
//!   end, its repair censored at `to` (left out when it started at `to`: nothing was seen);
//! - an up time runs from the window's start or the previous incident's end to the next start,
//!   observed (it ended in a failure); one of length 0 at `from` (a failure as the window opens)
//!   is left out, and when `from` is taken from the data the first up time is not known at all;
//! - the last up time, from the last end to `to`, is censored (left out when of length 0); a
//!   component still in repair at `to` has none.
//!
//! A repair of length 0 (end equal to start) is an error rather than a row dropped: dropping it
//! would merge the up times on either side and lose a failure, and it is mostly an `end`
//! filled in with the start by mistake. For the same reason an incident that starts the instant
//! the previous one ends is an error (merge them, or correct the times).

use std::collections::HashMap;

use super::header::TimelineColumns;
use super::table::Table;
use super::values::{Instant, instant, quote};
use super::{ComponentData, DataOptions, Observation, Problems};

/// The derived samples and the window's length, in the data's unit.
pub(super) struct Timeline {
    pub(super) components: Vec<ComponentData>,
    pub(super) window_length: f64,
}

/// One incident as read: the row it came from, its component's index, and its times.
struct RawIncident {
    row: usize,
    component: usize,
    start: Instant,
    end: Option<Instant>,
}

/// One incident on the number line of the data's unit.
struct Incident {
    row: usize,
    start: f64,
    end: Option<f64>,
}

/// The `from` and `to` settings, each where given.
type Settings<T> = (Option<T>, Option<T>);

/// The window's ends, and whether each was given or taken from the data.
struct Window {
    from: f64,
    to: f64,
    from_given: bool,
}

/// Reads the incidents, checks them against each other and the window, and derives the samples.
pub(super) fn read(
    table: &Table,
    columns: TimelineColumns,
    options: &DataOptions,
    problems: &mut Problems,
    warnings: &mut Vec<String>,
) -> Option<Timeline> {
    let (ids, raw) = read_rows(table, columns, options, problems);
    let window_options = read_window_options(options, raw.first().map(|r| (r.start, table.rows[r.row].line)), problems);
    if raw.is_empty() {
        return None;
    }
    // Timestamps become hours (then the unit) from the first one, so that the numbers stay small
    // and differences exact to well under a second.
    let origin = raw.iter().find_map(|r| match r.start {
        Instant::Stamp(t) => Some(t),
        Instant::Number(_) => None,
    });
    let unit_hours = options.unit.hours();
    let offset = |i: Instant| match i {
        Instant::Number(x) => x,
        Instant::Stamp(t) => t.duration_since(origin.unwrap_or(t)).as_secs_f64() / 3600.0 / unit_hours,
    };
    let mut incidents = Vec::with_capacity(raw.len());
    let mut kept = Vec::with_capacity(raw.len());
    for r in raw {
        let (start, end) = (offset(r.start), r.end.map(offset));
        let row = &table.rows[r.row];
        let end_name = table.columns[columns.end].as_str();
        let problem = match end {
            Some(end) if end < start => Some(format!(
                "{} is before the start {}: an incident ends after it begins",
                quote(&row.cells[columns.end]),
                quote(&row.cells[columns.start])
            )),
            Some(end) if end == start => Some(format!(
                "{} equals the start: a repair takes time (leave `end` empty if the repair was still open at the end of observation)",
                quote(&row.cells[columns.end])
            )),
            Some(end) if !(end - start).is_finite() => {
                Some(format!("{} is too far from the start to measure the repair", quote(&row.cells[columns.end])))
            }
            _ => None,
        };
        // Left out of what follows: its times would move the window and overlap others.
        if let Some(message) = problem {
            problems.push(row.line, Some(end_name), message);
            continue;
        }
        incidents.push(Incident { row: r.row, start, end });
        kept.push(r);
    }
    let raw = kept;
    if raw.is_empty() {
        return None;
    }
    let window = window(&raw, &incidents, window_options.map(|(f, t)| (f.map(offset), t.map(offset))), table, options, problems, warnings)?;
    check_in_window(&incidents, &window, table, columns, options, problems);
    let mut by_component: Vec<Vec<usize>> = vec![Vec::new(); ids.len()];
    for (i, r) in raw.iter().enumerate() {
        by_component[r.component].push(i);
    }
    let components = ids
        .into_iter()
        .zip(by_component)
        .map(|(id, mut mine)| {
            // Rows of equal start stay in file order, so that the message about them is stable.
            mine.sort_by(|&a, &b| incidents[a].start.total_cmp(&incidents[b].start).then(incidents[a].row.cmp(&incidents[b].row)));
            let (failures, repairs) = derive(&mine, &incidents, &window, table, columns, problems);
            ComponentData { id: Some(id), failures, repairs }
        })
        .collect();
    Some(Timeline { components, window_length: window.to - window.from })
}

/// Each row's component and times; component ids in order of first appearance. A row with a
/// problem is reported and left out.
fn read_rows(table: &Table, columns: TimelineColumns, options: &DataOptions, problems: &mut Problems) -> (Vec<String>, Vec<RawIncident>) {
    let mut ids: Vec<String> = Vec::new();
    let mut index: HashMap<&str, usize> = HashMap::new();
    let mut raw = Vec::with_capacity(table.rows.len());
    // The first instant read fixes whether the file uses timestamps or numbers.
    let mut first: Option<(Instant, usize, usize)> = None;
    for (r, row) in table.rows.iter().enumerate() {
        let mut ok = true;
        let id = row.cells[columns.component].as_str();
        if id.is_empty() {
            problems.push(row.line, Some(&table.columns[columns.component]), "is empty: every incident names its component");
            ok = false;
        }
        let mut time = |column: usize, required: bool| -> Option<Instant> {
            let text = row.cells[column].as_str();
            let name = table.columns[column].as_str();
            if text.is_empty() {
                if required {
                    problems.push(row.line, Some(name), "is empty: every incident has a start");
                    ok = false;
                }
                return None;
            }
            match instant(text, options.unit) {
                Ok(value) => match first {
                    Some((kind, line, c)) if !value.same_kind(kind) => {
                        problems.push(
                            row.line,
                            Some(name),
                            format!(
                                "{} is {}, but line {line} (`{}`) holds {}: one file uses timestamps or numbers, not both",
                                quote(text),
                                value.kind(),
                                table.columns[c].escape_debug(),
                                kind.kind()
                            ),
                        );
                        ok = false;
                        None
                    }
                    Some(_) => Some(value),
                    None => {
                        first = Some((value, row.line, column));
                        Some(value)
                    }
                },
                Err(message) => {
                    problems.push(row.line, Some(name), message);
                    ok = false;
                    None
                }
            }
        };
        let start = time(columns.start, true);
        let end = time(columns.end, false);
        if let (true, Some(start)) = (ok, start) {
            let component = *index.entry(id).or_insert_with(|| {
                ids.push(id.to_string());
                ids.len() - 1
            });
            raw.push(RawIncident { row: r, component, start, end });
        }
    }
    (ids, raw)
}

/// The `from` and `to` settings, read with the data's syntax and checked to be of the data's
/// kind (`first`: the first start read, with its line). `None` when either is unreadable.
fn read_window_options(options: &DataOptions, first: Option<(Instant, usize)>, problems: &mut Problems) -> Option<Settings<Instant>> {
    let mut ok = true;
    let mut setting = |text: &Option<String>, name: &str, what: &str| -> Option<Instant> {
        let text = text.as_deref()?.trim();
        match instant(text, options.unit) {
            Ok(value) => match first {
                Some((kind, line)) if !value.same_kind(kind) => {
                    problems.push(
                        0,
                        None,
                        format!(
                            "the window's {what} `{name}` is {}, but the data hold {} (line {line}): give it as one too",
                            value.kind(),
                            kind.kind()
                        ),
                    );
                    ok = false;
                    None
                }
                _ => Some(value),
            },
            Err(message) => {
                problems.push(0, None, format!("the window's {what} `{name}`: {message}"));
                ok = false;
                None
            }
        }
    };
    let from = setting(&options.from, "from", "start");
    let to = setting(&options.to, "to", "end");
    ok.then_some((from, to))
}

/// The window: the settings where given, else taken from the data (with a warning). `None` (with
/// a problem) when the settings were unreadable or the window is empty or too long to measure.
fn window(
    raw: &[RawIncident],
    incidents: &[Incident],
    given: Option<Settings<f64>>,
    table: &Table,
    options: &DataOptions,
    problems: &mut Problems,
    warnings: &mut Vec<String>,
) -> Option<Window> {
    let (from_given, to_given) = given?;
    let line = |i: usize| table.rows[incidents[i].row].line;
    // The earliest start, and the latest end or start; the first row wins ties.
    let earliest = (0..incidents.len()).fold(0, |best, i| if incidents[i].start < incidents[best].start { i } else { best });
    let latest_time = |i: usize| incidents[i].end.map_or(incidents[i].start, |end| end.max(incidents[i].start));
    let latest = (0..incidents.len()).fold(0, |best, i| if latest_time(i) > latest_time(best) { i } else { best });
    let from = from_given.unwrap_or(incidents[earliest].start);
    let to = to_given.unwrap_or_else(|| latest_time(latest));
    let describe = |i: usize, end: bool| {
        let r = &raw[i];
        let instant = if end { r.end.unwrap_or(r.start) } else { r.start };
        instant.describe(options.unit)
    };
    if to <= from {
        let how = match (from_given.is_some(), to_given.is_some()) {
            (true, true) => "the settings `from` and `to` give",
            (true, false) => "`from` and the latest incident give",
            (false, true) => "the earliest incident and `to` give",
            (false, false) => "the data give",
        };
        problems.push(
            0,
            None,
            format!("the window is empty: {how} no time after its start (set `from` and `to` to the period the data were observed)"),
        );
        return None;
    }
    if !(to - from).is_finite() {
        problems.push(0, None, "the window is too long to measure: its start and end are further apart than about 1.8e308");
        return None;
    }
    if from_given.is_none() {
        warnings.push(format!(
            "the window's start was taken from the data: the earliest incident start, {} (line {}); the up time before each component's first incident is unknown and left out (set `from` to the start of observation to count it)",
            describe(earliest, false),
            line(earliest)
        ));
    }
    if to_given.is_none() {
        warnings.push(format!(
            "the window's end was taken from the data: the latest incident end or start, {} (line {}); the last up times are censored there (set `to` to the end of observation if it went on longer)",
            describe(latest, true),
            line(latest)
        ));
    }
    Some(Window { from, to, from_given: from_given.is_some() })
}

/// Every incident lies within the window: a start before `from` or an end after `to` would be
/// a failure or repair partly outside what was observed.
fn check_in_window(
    incidents: &[Incident],
    window: &Window,
    table: &Table,
    columns: TimelineColumns,
    options: &DataOptions,
    problems: &mut Problems,
) {
    let setting = |s: &Option<String>| s.as_deref().map_or_else(String::new, |t| format!(" ({})", quote(t.trim())));
    let (from, to) = (setting(&options.from), setting(&options.to));
    for incident in incidents {
        let row = &table.rows[incident.row];
        let (start_name, end_name) = (table.columns[columns.start].as_str(), table.columns[columns.end].as_str());
        let start = quote(&row.cells[columns.start]);
        if incident.start < window.from {
            problems.push(
                row.line,
                Some(start_name),
                format!("{start} is before the window's start `from`{from}: every incident lies within the window"),
            );
        } else if incident.start > window.to {
            problems.push(
                row.line,
                Some(start_name),
                format!("{start} is after the window's end `to`{to}: every incident lies within the window"),
            );
        } else if incident.end.is_some_and(|end| end > window.to) {
            problems.push(
                row.line,
                Some(end_name),
                format!(
                    "{} is after the window's end `to`{to}: every incident lies within the window (leave `end` empty for a repair still open at its end)",
                    quote(&row.cells[columns.end])
                ),
            );
        }
    }
}

/// One component's up times and repairs from its incidents (`mine`, sorted by start), reporting
/// incidents that overlap.
fn derive(
    mine: &[usize],
    incidents: &[Incident],
    window: &Window,
    table: &Table,
    columns: TimelineColumns,
    problems: &mut Problems,
) -> (Vec<Observation>, Vec<Observation>) {
    let (mut failures, mut repairs) = (Vec::new(), Vec::new());
    // When the component came up last: the window's start if given (the first up time is then
    // observed), unknown otherwise; `None` also while an incident is open.
    let mut up_since = window.from_given.then_some(window.from);
    // The incident seen so far that ends last (an open one never ends), to catch overlaps.
    let mut latest: Option<&Incident> = None;
    let start_name = table.columns[columns.start].as_str();
    for incident in mine.iter().map(|&i| &incidents[i]) {
        let row = &table.rows[incident.row];
        if let Some(previous) = latest {
            let other = table.rows[previous.row].line;
            let start = quote(&row.cells[columns.start]);
            let message = match previous.end {
                None => Some(format!(
                    "{start} is while the incident on line {other} is still open (it has no `end`): a component has one incident at a time"
                )),
                Some(end) if incident.start < end => {
                    Some(format!("{start} overlaps the incident on line {other}: a component has one incident at a time"))
                }
                Some(end) if incident.start == end => Some(format!(
                    "{start} is when the incident on line {other} ends: the component is never up between them; merge the two incidents or correct the times"
                )),
                Some(_) => None,
            };
            if let Some(message) = message {
                problems.push(row.line, Some(start_name), message);
            }
        }
        if let Some(since) = up_since
            && incident.start > since
        {
            failures.push(Observation { time: incident.start - since, censored: false });
        }
        match incident.end {
            Some(end) => repairs.push(Observation { time: end - incident.start, censored: false }),
            None if window.to > incident.start => repairs.push(Observation { time: window.to - incident.start, censored: true }),
            None => {}
        }
        up_since = incident.end;
        if latest.is_none_or(|previous| previous.end.is_some() && incident.end.is_none_or(|end| Some(end) > previous.end)) {
            latest = Some(incident);
        }
    }
    if let Some(since) = up_since
        && window.to > since
    {
        failures.push(Observation { time: window.to - since, censored: true });
    }
    (failures, repairs)
}
