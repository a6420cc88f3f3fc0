//! Service-level objectives: from the periods the simulation tallied to the reported risk of
//! missing each objective.

use crate::model::{Objective, System};
use crate::sim::engine::{ExhaustionClass, MAX_OUTAGES_PER_PERIOD, exhaustion_bin};
use crate::sim::{ObjectiveTally, RunConfig, Tally};
use crate::stats::{Estimate, LogHistogram};

use super::results::{Exhaustion, LongOutage, ObjectiveResult, PeriodQuantiles, WorstPeriod};

/// The objectives' results of a plain run.
pub(crate) fn results(system: &System, config: &RunConfig, tally: &Tally) -> Vec<ObjectiveResult> {
    system.objectives.iter().zip(&tally.objectives).map(|(o, t)| result(system, config, o, t, tally.replications())).collect()
}

fn result(system: &System, config: &RunConfig, o: &Objective, t: &ObjectiveTally, replications: u64) -> ObjectiveResult {
    let year = system.year();
    let per_year = year / o.period;
    let breach = breach_probability(t, replications);
    let left_out = config.window().length() - t.periods as f64 * o.period;
    let downtime = &t.period_downtime;
    let histogram = downtime_histogram(downtime);
    let quantile = |q: f64| downtime.quantile(q).unwrap_or(0.0);
    // Mean downtime per period mirrors mean availability: the interval's ends swap.
    let a = t.availability.estimate();
    let mean_down = Estimate {
        mean: (1.0 - a.mean) * o.period,
        std_error: a.std_error * o.period,
        ci95: [((1.0 - a.ci95[1]) * o.period).max(0.0), (1.0 - a.ci95[0]) * o.period],
        dof: a.dof,
    };
    let availability = PeriodQuantiles {
        mean: clamp01(t.availability.estimate()),
        p1: 1.0 - quantile(0.99) / o.period,
        p5: 1.0 - quantile(0.95) / o.period,
        p50: 1.0 - quantile(0.5) / o.period,
        p95: 1.0 - quantile(0.05) / o.period,
        p99: 1.0 - quantile(0.01) / o.period,
    };
    let downtime_q = PeriodQuantiles {
        mean: mean_down,
        p1: quantile(0.01),
        p5: quantile(0.05),
        p50: quantile(0.5),
        p95: quantile(0.95),
        p99: quantile(0.99),
    };
    let total_periods: u64 = t.outages_per_period.iter().sum();
    let outages_distribution = if total_periods == 0 {
        Vec::new()
    } else {
        let last = t.outages_per_period.iter().rposition(|&n| n > 0).unwrap_or(0);
        t.outages_per_period[..=last.min(MAX_OUTAGES_PER_PERIOD)].iter().map(|&n| n as f64 / total_periods as f64).collect()
    };
    ObjectiveResult {
        id: o.id.clone(),
        period: o.period,
        period_name: o.period_name.clone(),
        target: o.target,
        max_downtime: o.max_downtime,
        counts_planned: o.counts_planned,
        periods_per_replication: t.periods,
        left_out: if left_out > o.period * 1e-9 { left_out } else { 0.0 },
        breaches_per_year: breach.map_increasing(|p| p * per_year, per_year),
        breach_probability: breach,
        breaches_observed: t.breaches,
        lives_with_breach: t.lives_with_breach,
        availability,
        downtime: downtime_q,
        budget_used: nonnegative(t.budget.estimate()),
        exhaustion: exhaustion(o, t, system.time_unit.hours()),
        outages_per_period: nonnegative(t.outages.estimate()),
        outages_distribution,
        long_outages: o
            .long_outages
            .iter()
            .zip(&t.long_outages)
            .map(|(&x, m)| LongOutage { longer_than: x, probability: proportion(m.estimate(), m.mean == 0.0, replications) })
            .collect(),
        credits_per_year: (!o.credits.is_empty()).then(|| nonnegative(t.credits_rate.estimate().map_increasing(|c| c * year, year))),
        worst: worst(o, &t.worst),
        downtime_histogram: histogram.0,
        no_downtime_share: histogram.1,
    }
}

/// Bins of the period downtime histogram's chart.
const HISTOGRAM_BINS: usize = 30;

/// The periods' downtime as (low, high, count) bins of the periods with some downtime, and the
/// share of periods with none.
fn downtime_histogram(h: &LogHistogram) -> (Vec<(f64, f64, u64)>, f64) {
    let (count, zeros) = (h.count(), h.zeros());
    if count == 0 {
        return (Vec::new(), 0.0);
    }
    let share = zeros as f64 / count as f64;
    if zeros == count {
        return (Vec::new(), share);
    }
    (h.positive_bins(HISTOGRAM_BINS), share)
}

/// P(breach) across replications, each one observation. With no breach anywhere the t
/// interval collapses to [0, 0]; the honest bound is then the exact one-sided 97.5 % bound on
/// the probability that a life has any breach, 1 − 0.025^(1/R), which bounds the per-period
/// probability too (a period's P(breach) is at most its life's).
fn breach_probability(t: &ObjectiveTally, replications: u64) -> Estimate {
    proportion(t.breach.estimate(), t.breaches == 0, replications)
}

fn proportion(e: Estimate, none_seen: bool, replications: u64) -> Estimate {
    if none_seen && replications > 0 {
        let upper = 1.0 - 0.025f64.powf(1.0 / replications as f64);
        return Estimate { mean: 0.0, std_error: f64::NAN, ci95: [0.0, upper], dof: e.dof };
    }
    clamp01(e)
}

fn clamp01(e: Estimate) -> Estimate {
    Estimate { ci95: [e.ci95[0].max(0.0), e.ci95[1].min(1.0)], ..e }
}

fn nonnegative(e: Estimate) -> Estimate {
    Estimate { ci95: [e.ci95[0].max(0.0), e.ci95[1]], ..e }
}

fn exhaustion(o: &Objective, t: &ObjectiveTally, hours_per_unit: f64) -> Option<Exhaustion> {
    let total: u64 = t.exhausted_on.iter().sum();
    if total == 0 {
        return None;
    }
    let (class, kind) = exhaustion_bin(o.period, hours_per_unit);
    let class_name = match kind {
        ExhaustionClass::Day => "day",
        ExhaustionClass::Hour => "hour",
        ExhaustionClass::Share => "class",
    };
    let rank = |q: f64| {
        let target = ((q * total as f64).ceil() as u64).max(1);
        let mut seen = 0;
        for (i, &n) in t.exhausted_on.iter().enumerate() {
            seen += n;
            if seen >= target {
                return i as u64 + 1;
            }
        }
        t.exhausted_on.len() as u64
    };
    let last = t.exhausted_on.iter().rposition(|&n| n > 0).unwrap_or(0);
    Some(Exhaustion {
        class,
        class_name: class_name.to_string(),
        counts: t.exhausted_on[..=last].to_vec(),
        median: rank(0.5),
        p10: rank(0.1),
        p90: rank(0.9),
    })
}

fn worst(o: &Objective, spans: &LogHistogram) -> Option<WorstPeriod> {
    let median = spans.quantile(0.5)?;
    let p90 = spans.quantile(0.9)?;
    Some(WorstPeriod {
        years: o.worst_in_years,
        spans: spans.count(),
        median_downtime: median,
        p90_downtime: p90,
        median_availability: 1.0 - median / o.period,
        p90_availability: 1.0 - p90 / o.period,
    })
}
