//! Service-level objectives: each checked field by field, every problem collected with its path.

use std::collections::HashMap;

use super::components::id_too_long;
use super::suggestions::closest;
use crate::model::Diagnostic;
use crate::model::spec::{ModelSpec, ObjectiveSpec, PeriodSpec, TimeUnit};
use crate::model::system::{DEFAULT_HORIZON_YEARS, Objective};
use crate::units::HOURS_PER_YEAR;

/// The calendar periods an objective may name, and their lengths in hours (a month is a twelfth
/// of a Julian year of 8766 h, a quarter a fourth).
pub const NAMED_PERIODS: [(&str, f64); 5] =
    [("day", 24.0), ("week", 168.0), ("month", HOURS_PER_YEAR / 12.0), ("quarter", HOURS_PER_YEAR / 4.0), ("year", HOURS_PER_YEAR)];

/// The most objectives a model may have (each costs work at every outage).
pub const MAX_OBJECTIVES: usize = 100;
/// The most periods one life may be cut into (a shorter period is refused: its figures would
/// need more than f64's 53 bits to count and time).
pub const MAX_PERIODS: f64 = 1e9;
/// The largest fee or credit amount per period: sums over millions of periods stay far inside
/// f64's range.
pub const MAX_AMOUNT: f64 = 1e15;
/// The smallest allowance, relative to the period (a target of at most 1 − 10⁻¹⁵: beyond, the
/// share of the allowance a period uses would overflow).
pub const MIN_ALLOWANCE: f64 = 1e-15;

/// The most credit tiers and long-outage thresholds an objective may have.
pub const MAX_TIERS: usize = 100;
/// The longest span "the worst period in N years" may cover.
pub const MAX_WORST_YEARS: f64 = 1e6;

/// A number as an error message quotes it: plain where that is short, in scientific notation
/// where it is huge or tiny (1e300 is not three hundred digits).
pub fn shown(x: f64) -> String {
    if x != 0.0 && x.is_finite() && !(1e-4..1e9).contains(&x.abs()) { format!("{x:e}") } else { format!("{x}") }
}

/// Checks the objectives and compiles them (`None` entries for invalid ones are dropped: the
/// caller stops at the first error anyway).
pub(super) fn compile_objectives(spec: &ModelSpec, errors: &mut Vec<Diagnostic>, warnings: &mut Vec<Diagnostic>) -> Vec<Objective> {
    if spec.objectives.len() > MAX_OBJECTIVES {
        errors.push(Diagnostic::new(
            "objectives",
            format!("has {} objectives; a model may have at most {MAX_OBJECTIVES}", spec.objectives.len()),
        ));
        return Vec::new();
    }
    let unit = spec.time_unit;
    let sim = spec.simulation.clone().unwrap_or_default();
    let horizon = sim.horizon.filter(|h| h.is_finite() && *h > 0.0).unwrap_or(DEFAULT_HORIZON_YEARS * HOURS_PER_YEAR / unit.hours());
    let warmup = sim.warmup.filter(|w| w.is_finite() && *w >= 0.0 && *w < horizon).unwrap_or(0.0);
    let mut seen: HashMap<&str, usize> = HashMap::new();
    let mut out = Vec::new();
    for (i, objective) in spec.objectives.iter().enumerate() {
        let path = format!("objectives[{i}]");
        if let Some(&first) = seen.get(objective.id.as_str()) {
            errors.push(Diagnostic::new(
                format!("{path}.id"),
                format!("`{}` is already the id of objectives[{first}]; ids must be unique", objective.id),
            ));
        } else {
            seen.insert(&objective.id, i);
        }
        if !id_too_long(&objective.id, &format!("{path}.id"), errors) && objective.id.trim().is_empty() {
            errors.push(Diagnostic::new(format!("{path}.id"), "must not be empty"));
        }
        let window = horizon - warmup;
        // A run may set another horizon or warm-up, so the model's own window only warns; the
        // run refuses a window that does not fit (`RunConfig::check`).
        if let Some(problem) = period_length(&objective.period, unit).and_then(|p| window_problem(p, window, unit)) {
            warnings.push(Diagnostic::new(format!("{path}.period"), format!("{problem}: a run with the model's own horizon is refused")));
        }
        if let Some(o) = compile_objective(objective, &path, unit, errors) {
            out.push(o);
        }
    }
    out
}

/// A valid period's length in the model's unit (`None` for an invalid one, reported elsewhere).
fn period_length(period: &PeriodSpec, unit: TimeUnit) -> Option<f64> {
    match period {
        PeriodSpec::Named(name) => NAMED_PERIODS.iter().find(|(n, _)| n == name).map(|&(_, hours)| hours / unit.hours()),
        PeriodSpec::Length(length) => Some(*length).filter(|l| l.is_finite() && *l > 0.0),
    }
}

/// Why the window [warm-up, horizon) of length `window` cannot judge periods of `period`: no
/// complete period, or more than [`MAX_PERIODS`] of them.
pub fn window_problem(period: f64, window: f64, unit: TimeUnit) -> Option<String> {
    let u = unit.symbol();
    if period > window {
        Some(format!(
            "a period of {} {u} is longer than the simulated window ({} {u}, the horizon less the warm-up), so no period would be complete",
            shown(period),
            shown(window)
        ))
    } else if window / period > MAX_PERIODS {
        Some(format!(
            "a period of {} {u} cuts the simulated window ({} {u}) into more than {MAX_PERIODS:e} periods; a period must be at least {:e} of it",
            shown(period),
            shown(window),
            1.0 / MAX_PERIODS
        ))
    } else {
        None
    }
}

fn compile_objective(spec: &ObjectiveSpec, path: &str, unit: TimeUnit, errors: &mut Vec<Diagnostic>) -> Option<Objective> {
    let before = errors.len();
    let (period, period_name) = match &spec.period {
        PeriodSpec::Named(name) => match NAMED_PERIODS.iter().find(|(n, _)| n == name) {
            Some(&(n, hours)) => (hours / unit.hours(), n.to_string()),
            None => {
                let names = NAMED_PERIODS.map(|(n, _)| n);
                let hint = closest(name, names.iter().copied()).map_or(String::new(), |c| format!(" (did you mean `{c}`?)"));
                errors.push(Diagnostic::new(
                    format!("{path}.period"),
                    format!("unknown period `{name}`{hint}; use day, week, month, quarter, year or a length in the model's time unit"),
                ));
                (f64::NAN, String::new())
            }
        },
        PeriodSpec::Length(length) => {
            if !(length.is_finite() && *length > 0.0) {
                errors.push(Diagnostic::new(format!("{path}.period"), format!("must be a finite length > 0, got {}", shown(*length))));
            }
            (*length, format!("{length} {}", unit.symbol()))
        }
    };
    let max_downtime = match (spec.target, spec.max_downtime) {
        (Some(_), Some(_)) => {
            errors.push(Diagnostic::new(path, "give either `target` (an availability) or `max_downtime` (per period), not both"));
            f64::NAN
        }
        (None, None) => {
            errors.push(Diagnostic::new(
                format!("{path}.target"),
                "is missing: the availability each period must reach (0.999), or give `max_downtime` per period",
            ));
            f64::NAN
        }
        (Some(t), None) => {
            if !(t > 0.0 && t < 1.0) {
                errors.push(Diagnostic::new(
                    format!("{path}.target"),
                    format!("must be an availability strictly between 0 and 1 (0.999), got {}", shown(t)),
                ));
            }
            (1.0 - t) * period
        }
        (None, Some(d)) => {
            if !(d.is_finite() && d > 0.0) {
                errors.push(Diagnostic::new(format!("{path}.max_downtime"), format!("must be a finite duration > 0, got {}", shown(d))));
            } else if period.is_finite() && d < period * MIN_ALLOWANCE {
                errors.push(Diagnostic::new(
                    format!("{path}.max_downtime"),
                    format!("must be at least {MIN_ALLOWANCE:e} of the period ({period} {}), got {}", unit.symbol(), shown(d)),
                ));
            } else if period.is_finite() && d >= period {
                errors.push(Diagnostic::new(
                    format!("{path}.max_downtime"),
                    format!("must be shorter than the period ({period} {}), got {}", unit.symbol(), shown(d)),
                ));
            }
            d
        }
    };
    if let Some(fee) = spec.fee
        && !(fee.is_finite() && (0.0..=MAX_AMOUNT).contains(&fee))
    {
        errors.push(Diagnostic::new(format!("{path}.fee"), format!("must be an amount from 0 to {MAX_AMOUNT:e}, got {}", shown(fee))));
    }
    if spec.credits.len() > MAX_TIERS {
        errors.push(Diagnostic::new(format!("{path}.credits"), format!("has {} tiers; at most {MAX_TIERS}", spec.credits.len())));
    }
    let mut credits = Vec::new();
    for (j, tier) in spec.credits.iter().enumerate().take(MAX_TIERS) {
        let at = format!("{path}.credits[{j}]");
        if !(tier.below > 0.0 && tier.below <= 1.0) {
            errors.push(Diagnostic::new(format!("{at}.below"), format!("must be an availability in (0, 1], got {}", shown(tier.below))));
        }
        let share = spec.fee.is_some();
        if !(tier.credit.is_finite() && tier.credit >= 0.0 && tier.credit <= if share { 1.0 } else { MAX_AMOUNT }) {
            let what = if share {
                "a share of the fee, from 0 to 1".to_string()
            } else {
                format!("an amount from 0 to {MAX_AMOUNT:e} (or give `fee` and a share)")
            };
            errors.push(Diagnostic::new(format!("{at}.credit"), format!("must be {what}, got {}", shown(tier.credit))));
        }
        if let Some(previous) = j.checked_sub(1).and_then(|p| spec.credits.get(p)) {
            if tier.below >= previous.below || tier.below.is_nan() {
                errors.push(Diagnostic::new(
                    format!("{at}.below"),
                    format!(
                        "tiers go from the mildest breach to the worst: `below` must decrease, but {} follows {}",
                        tier.below, previous.below
                    ),
                ));
            }
            if tier.credit < previous.credit || tier.credit.is_nan() {
                errors.push(Diagnostic::new(
                    format!("{at}.credit"),
                    format!("a worse tier cannot owe less: {} follows {} (credits must not decrease)", tier.credit, previous.credit),
                ));
            }
        }
        credits.push((tier.below, spec.fee.map_or(tier.credit, |fee| tier.credit * fee)));
    }
    let long_outages = match &spec.long_outages {
        None => [5.0 / 60.0, 1.0, 4.0].map(|h| h / unit.hours()).to_vec(),
        Some(list) => {
            if list.len() > MAX_TIERS {
                errors.push(Diagnostic::new(format!("{path}.long_outages"), format!("has {} lengths; at most {MAX_TIERS}", list.len())));
            }
            for (j, &x) in list.iter().enumerate() {
                if !(x.is_finite() && x > 0.0) {
                    errors.push(Diagnostic::new(
                        format!("{path}.long_outages[{j}]"),
                        format!("must be a finite duration > 0, got {}", shown(x)),
                    ));
                }
            }
            let mut list: Vec<f64> = list.iter().copied().filter(|x| x.is_finite() && *x > 0.0).take(MAX_TIERS).collect();
            list.sort_by(f64::total_cmp);
            list.dedup();
            list
        }
    };
    let worst_in_years = spec.worst_in_years.unwrap_or(5.0);
    if !(worst_in_years.is_finite() && worst_in_years > 0.0 && worst_in_years <= MAX_WORST_YEARS) {
        errors.push(Diagnostic::new(
            format!("{path}.worst_in_years"),
            format!("must be a number of years > 0 and at most {MAX_WORST_YEARS:e}, got {}", shown(worst_in_years)),
        ));
    }
    if errors.len() > before {
        return None;
    }
    Some(Objective {
        id: spec.id.clone(),
        period,
        period_name,
        max_downtime,
        target: 1.0 - max_downtime / period,
        counts_planned: spec.counts_planned,
        fee: spec.fee,
        credits,
        long_outages,
        worst_in_years,
    })
}
