//! A durations file: one sample, each row a duration and whether it was cut off.

use super::header::Flag;
use super::table::Table;
use super::values::{boolean, number, quote};
use super::{Observation, Problems};
use crate::model::TimeUnit;

/// The sample: every row's duration, censored where the flag says so. An empty flag field is
/// the common case written short: not censored (the event happened).
pub(super) fn read(table: &Table, duration: usize, flag: Option<Flag>, unit: TimeUnit, problems: &mut Problems) -> Vec<Observation> {
    let name = |c: usize| table.columns[c].as_str();
    let mut sample = Vec::with_capacity(table.rows.len());
    for row in &table.rows {
        let text = &row.cells[duration];
        let time = if text.is_empty() {
            problems.push(row.line, Some(name(duration)), "is empty: every row needs a duration");
            None
        } else {
            match number(text, unit) {
                Ok(time) if time > 0.0 => Some(time),
                Ok(_) => {
                    problems.push(row.line, Some(name(duration)), format!("{} is not a duration: durations are > 0", quote(text)));
                    None
                }
                Err(message) => {
                    problems.push(row.line, Some(name(duration)), message);
                    None
                }
            }
        };
        let censored = match flag {
            None => Some(false),
            Some(flag) => match row.cells[flag.column].as_str() {
                "" => Some(false),
                text => match boolean(text) {
                    Ok(value) => Some(value != flag.means_event),
                    Err(message) => {
                        problems.push(row.line, Some(name(flag.column)), message);
                        None
                    }
                },
            },
        };
        if let (Some(time), Some(censored)) = (time, censored) {
            sample.push(Observation { time, censored });
        }
    }
    sample
}
