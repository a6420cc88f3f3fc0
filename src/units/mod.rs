//! The leaf every layer may use: the calendar behind "per year" figures, the version of the
//! result documents, and how numbers read ([`fmt`]).

pub mod fmt;

/// Hours in a (Julian) year, the year of every "per year" figure.
pub const HOURS_PER_YEAR: f64 = 8766.0;
/// Minutes in a year.
pub const MINUTES_PER_YEAR: f64 = HOURS_PER_YEAR * 60.0;

/// Version of the result documents (run, analysis, comparison, sweep); bumped when a field
/// changes meaning or disappears.
pub const SCHEMA_VERSION: u32 = 1;

/// Number of nines, −log₁₀ U: infinite when no downtime was seen, and 0 (not −0, which would
/// print as "-0.00") when the system was always down.
pub fn nines(u: f64) -> f64 {
    0.0 - u.log10()
}
