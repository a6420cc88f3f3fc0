//! Turns what the simulators tallied into the result documents of [`super::results`], with
//! the exact references beside them and the verdict of the comparison: the one place where a
//! simulation meets its analysis.

use crate::analysis::{self, Verdict};
use crate::model::{ModelInfo, System};
use crate::rare::{self, FAILURE_BIAS};
use crate::sim::{RunConfig, Tally};
use crate::stats::{Estimate, Proportion};
use crate::units::{MINUTES_PER_YEAR, SCHEMA_VERSION, nines};

use super::results::*;

impl RunResult {
    /// Turns a tally into the reported estimates, with the exact answers beside them when
    /// `reference` has them ([`analysis::reference_for_run`]).
    pub(crate) fn new(
        system: &System,
        file: &str,
        config: &RunConfig,
        threads: usize,
        tally: &Tally,
        reference: Option<&analysis::RunReference>,
    ) -> Self {
        let year = system.year();
        let mut u = clamp_probability(tally.unavailability.estimate());
        let omega = tally.failure_rate.estimate();
        let mut omega_year = per_year(&omega, year);
        // No failure in a total time L bounds ω by −ln(0.05)/L (exact Poisson, one-sided 95%).
        let observed = tally.replications() as f64 * config.window().length();
        let none_seen = |e: &mut Estimate| {
            e.ci95 = [0.0, -(0.05f64.ln()) / observed * year];
            e.std_error = f64::NAN;
        };
        if tally.unavailability.mean == 0.0 && tally.failure_rate.mean == 0.0 {
            // Nothing observed is not "U = 0 ± 0": the t interval collapses, so report what
            // is known; U stays unbounded above without a failure to time.
            none_seen(&mut omega_year);
            u.ci95 = [0.0, f64::NAN];
            u.std_error = f64::NAN;
        }
        let unplanned_failures = system.components().iter().any(|c| c.maintenance.is_some()).then(|| {
            let omega = tally.unplanned_failure_rate.estimate();
            let mut per_year = per_year(&omega, year);
            if tally.unplanned_failure_rate.mean == 0.0 {
                none_seen(&mut per_year);
            }
            UnplannedFailures { failure_frequency_per_year: per_year, mtbf: mtbf_of(&omega) }
        });
        let a = availability_of(&u);
        let mtbf = mtbf_of(&omega);
        let spofs = system.single_points_of_failure();
        let criticality_exact = reference.and_then(|r| r.criticality.as_ref());
        let total_contribution = tally.unavailability.mean;
        let components: Vec<ComponentResult> = system
            .components()
            .iter()
            .zip(&tally.components)
            .enumerate()
            .map(|(c, (component, t))| ComponentResult {
                id: component.name.clone(),
                unavailability: clamp_probability(t.unavailability.estimate()),
                failures_per_year: t.failure_rate.estimate().map_increasing(|w| w * year, year),
                downtime_contribution: t.contribution.estimate().map_increasing(|x| x * MINUTES_PER_YEAR, MINUTES_PER_YEAR),
                criticality: if total_contribution > 0.0 { t.contribution.mean / total_contribution } else { 0.0 },
                spof: spofs.contains(&c),
                criticality_exact: criticality_exact.as_ref().map(|v| v[c]),
            })
            .collect();
        let standby: Vec<StandbyResult> = system
            .standbys
            .iter()
            .zip(&tally.standbys)
            .map(|(spec, t)| StandbyResult {
                block: system.blocks()[spec.block as usize].path.clone(),
                units: spec.units.iter().map(|&c| system.components()[c as usize].name.clone()).collect(),
                switchovers_per_year: t.switchover_rate.estimate().map_increasing(|w| w * year, year),
                failed_switches_per_year: t.failed_switch_rate.estimate().map_increasing(|w| w * year, year),
                downtime_contribution: t.contribution.estimate().map_increasing(|x| x * MINUTES_PER_YEAR, MINUTES_PER_YEAR),
                criticality: if total_contribution > 0.0 { t.contribution.mean / total_contribution } else { 0.0 },
            })
            .collect();
        let exact = reference.and_then(|r| Exact::new(r, &u, year));
        let outages = &tally.outages;
        let curves = Curves::new(tally, config.horizon, &components, &standby);
        let planned = clamp_probability(tally.planned.estimate());
        let degraded = clamp_probability(tally.degraded.estimate());
        let full = clamp_probability(tally.fully_redundant.estimate());
        Self {
            schema_version: SCHEMA_VERSION,
            ninesim_version: env!("CARGO_PKG_VERSION").to_string(),
            model: ModelInfo { name: system.name.clone(), file: file.to_string() },
            seed: config.seed,
            replications: tally.replications(),
            horizon: config.horizon,
            warmup: config.warmup,
            time_unit: system.time_unit,
            threads,
            events: tally.events,
            availability: a,
            unavailability: u,
            nines: nines_of(&u),
            downtime_minutes_per_year: u.map_increasing(|x| x * MINUTES_PER_YEAR, MINUTES_PER_YEAR),
            failure_frequency_per_year: omega_year,
            downtime_by_cause: DowntimeByCause {
                planned_minutes_per_year: planned.map_increasing(|x| x * MINUTES_PER_YEAR, MINUTES_PER_YEAR),
                unplanned_minutes_per_year: clamp_probability(tally.unplanned.estimate())
                    .map_increasing(|x| x * MINUTES_PER_YEAR, MINUTES_PER_YEAR),
            },
            time_in_state: TimeInState { fully_redundant: full, degraded, down: u },
            mtbf,
            unplanned_failures,
            r#mut: tally.up_per_failure.ratio(),
            mdt: tally.down_per_failure.ratio(),
            mttff: FirstFailure { estimate: tally.first_failure.estimate(), censored: tally.survivors },
            reliability: Proportion::wilson(tally.survivors, tally.replications()),
            outage_duration: OutageDurations {
                count: outages.count(),
                p50: outages.quantile(0.5),
                p90: outages.quantile(0.9),
                p99: outages.quantile(0.99),
                max: outages.max(),
            },
            components,
            standby,
            spof: spofs.iter().map(|&c| system.components()[c].name.clone()).collect(),
            exact,
            no_exact: None,
            precision: None,
            method: MethodUsed::plain(),
            costs: Costs::new(system, tally.costs.as_ref(), config.horizon),
            curves,
            objectives: super::objectives::results(system, config, tally),
            uncertainty: None,
            service_availability: None,
            lost_service_minutes_per_year: None,
            lost_service: Vec::new(),
        }
        .with_service(system, tally)
    }

    /// The delivered-service figures, for a model with a `demand`.
    fn with_service(mut self, system: &System, tally: &Tally) -> Self {
        let Some(service) = &tally.service else { return self };
        let lost = clamp_probability(service.unavailability.estimate());
        self.service_availability = Some(availability_of(&lost));
        self.lost_service_minutes_per_year = Some(lost.map_increasing(|x| x * MINUTES_PER_YEAR, MINUTES_PER_YEAR));
        let total = service.unavailability.mean;
        self.lost_service = system
            .components()
            .iter()
            .zip(&service.components)
            .map(|(component, m)| LostServiceShare {
                id: component.name.clone(),
                minutes_per_year: m.estimate().map_increasing(|x| x * MINUTES_PER_YEAR, MINUTES_PER_YEAR),
                share: if total > 0.0 { m.mean / total } else { 0.0 },
            })
            .collect();
        self
    }
}

impl Exact {
    /// The exact figures and the verdict on the simulated unavailability `u`.
    fn new(reference: &analysis::RunReference, u: &Estimate, year: f64) -> Option<Self> {
        let steady = reference.steady;
        let mission = &reference.mission;
        let (compared_with, exact) = match (mission.window_unavailability, steady) {
            (Some(w), _) => ("window", w),
            (None, Some(s)) => ("steady_state", s.unavailability),
            (None, None) => return None,
        };
        let observed = u.std_error.is_finite() && u.std_error > 0.0;
        let z = observed.then(|| (u.mean - exact) / u.std_error);
        let inside = if observed { u.contains(exact, 0.99) } else { u.mean == exact };
        let what = if compared_with == "window" { "expected unavailability over the window" } else { "steady-state unavailability" };
        let summary = match z {
            Some(z) if inside => format!("exact {what} {exact:.4e} lies inside the simulated 99% CI (z = {z:+.2})"),
            Some(z) => format!("exact {what} {exact:.4e} lies OUTSIDE the simulated 99% CI (z = {z:+.2})"),
            None => format!("exact {what} {exact:.4e}; the run observed no downtime, so it has no interval to check"),
        };
        Some(Self {
            method: reference.method.clone(),
            availability: steady.map(|s| s.availability),
            unavailability: steady.map(|s| s.unavailability),
            failure_frequency_per_year: steady.map(|s| s.failure_frequency * year),
            mtbf: steady.and_then(|s| s.mtbf()),
            r#mut: steady.and_then(|s| s.mut_()),
            mdt: steady.and_then(|s| s.mdt()),
            window_unavailability: mission.window_unavailability,
            reliability: mission.reliability,
            mttff: mission.mttff,
            verdict: Verdict {
                compared_with: compared_with.into(),
                exact,
                z,
                inside_ci99: inside,
                summary,
                caveat: reference.transient_caveat.clone(),
            },
        })
    }
}

/// ω per unit of time as per year; a frequency's interval does not go below 0.
fn per_year(omega: &Estimate, year: f64) -> Estimate {
    let mut e = omega.map_increasing(|w| w * year, year);
    e.ci95[0] = e.ci95[0].max(0.0);
    e
}

/// A = 1 − U, its interval the mirror of U's.
fn availability_of(u: &Estimate) -> Estimate {
    Estimate { ci95: [1.0 - u.ci95[1], 1.0 - u.ci95[0]], ..Estimate::new(1.0 - u.mean, u.std_error, u.dof) }
}

/// MTBF = 1/ω with the interval's ends inverted (`None` with no failure).
fn mtbf_of(omega: &Estimate) -> Option<Interval> {
    (omega.mean > 0.0).then(|| Interval { mean: 1.0 / omega.mean, ci95: [1.0 / omega.ci95[1], 1.0 / omega.ci95[0].max(0.0)] })
}

/// Nines of U with the interval's ends swapped (more downtime, fewer nines).
fn nines_of(u: &Estimate) -> Interval {
    Interval { mean: nines(u.mean), ci95: [nines(u.ci95[1]), nines(u.ci95[0])] }
}

/// A probability's interval cannot leave [0, 1], whatever the normal approximation says.
fn clamp_probability(e: Estimate) -> Estimate {
    Estimate { ci95: [e.ci95[0].max(0.0), e.ci95[1].min(1.0)], ..e }
}

impl RareEventResult {
    /// Turns a failure-biasing tally into the reported estimates, beside the exact steady state
    /// when it is known.
    pub(crate) fn new(system: &System, file: &str, seed: u64, threads: usize, tally: &rare::CycleTally, method: MethodUsed) -> Self {
        let year = system.year();
        let nan = Estimate { mean: f64::NAN, std_error: f64::NAN, ci95: [f64::NAN, f64::NAN], dof: 0.0 };
        let u = clamp_probability(tally.unavailability().unwrap_or(nan));
        let omega = tally.failure_frequency().unwrap_or(nan);
        let omega_year = per_year(&omega, year);
        let a = availability_of(&u);
        let mtbf = mtbf_of(&omega);
        let spofs = system.single_points_of_failure();
        // The exact criticality importance, for models of independent components.
        let criticality_exact = match analysis::solvable(system) {
            Ok(analysis::ExactMethod::Structure(_)) => {
                let horizon = crate::sim::RunConfig::from_model(system).horizon;
                analysis::reference_for_run(system, horizon, 0.0).and_then(|r| r.criticality)
            }
            _ => None,
        };
        let total = tally.weighted.mean_y;
        let components = system
            .components()
            .iter()
            .enumerate()
            .map(|(c, component)| {
                let share = tally.contribution(c).unwrap_or(nan);
                let n = tally.weighted.n.max(1) as f64;
                let sum = tally.contribution_sum.get(c).copied().unwrap_or(0.0);
                RareComponentResult {
                    id: component.name.clone(),
                    downtime_contribution: share.map_increasing(|x| x * MINUTES_PER_YEAR, MINUTES_PER_YEAR),
                    criticality: if total > 0.0 { sum / n / total } else { 0.0 },
                    spof: spofs.contains(&c),
                    criticality_exact: criticality_exact.as_ref().map(|v| v[c]),
                }
            })
            .collect();
        let exact = analysis::steady_reference(system).map(|(how, steady)| {
            let mission = analysis::Mission::unknown(&analysis::AnalysisConfig::from_model(system), String::new());
            let reference =
                analysis::RunReference { method: how, steady: Some(steady), mission, criticality: None, transient_caveat: None };
            Exact::new(&reference, &u, year)
        });
        Self {
            schema_version: SCHEMA_VERSION,
            ninesim_version: env!("CARGO_PKG_VERSION").to_string(),
            model: ModelInfo { name: system.name.clone(), file: file.to_string() },
            method,
            estimand: "steady state".into(),
            seed,
            time_unit: system.time_unit,
            threads,
            cycles: tally.cycles(),
            unbiased_cycles: tally.length.n,
            events: tally.events,
            failure_bias: FAILURE_BIAS,
            availability: a,
            unavailability: u,
            nines: nines_of(&u),
            downtime_minutes_per_year: u.map_increasing(|x| x * MINUTES_PER_YEAR, MINUTES_PER_YEAR),
            failure_frequency_per_year: omega_year,
            mtbf,
            mdt: tally.mdt(),
            spof: spofs.iter().map(|&c| system.components()[c].name.clone()).collect(),
            components,
            exact: exact.flatten(),
            precision: None,
        }
    }
}

impl Curves {
    pub(super) fn new(tally: &Tally, horizon: f64, components: &[ComponentResult], standby: &[StandbyResult]) -> Self {
        let bins = tally.bins.len().max(1);
        let width = horizon / bins as f64;
        let availability = tally
            .bins
            .iter()
            .enumerate()
            .map(|(i, m)| {
                let down = m.estimate();
                let a = Estimate { mean: 1.0 - down.mean, ci95: [1.0 - down.ci95[1], 1.0 - down.ci95[0]], ..down };
                ((i as f64 + 0.5) * width, a)
            })
            .collect();
        // R(t) = survivors / n at each edge of the first-failure histogram: a step curve from
        // (0, 1) to the last first failure (then flat to the horizon).
        let n = tally.replications();
        let mut reliability = Vec::new();
        if n > 0 {
            reliability.push((0.0, 1.0, 1.0, 1.0));
            for (t, failed) in tally.first_failure_times.cumulative() {
                let r = Proportion::wilson(n - failed.min(n), n);
                reliability.push((t, r.mean, r.ci95[0], r.ci95[1]));
            }
            // Survivors: the curve stays flat to the horizon (where it is censored).
            if let Some(&(t, r, lo, hi)) = reliability.last()
                && t < horizon
                && r > 0.0
            {
                reliability.push((horizon, r, lo, hi));
            }
        }
        Self {
            availability,
            reliability,
            convergence: tally.convergence.iter().map(|(reps, m)| (*reps, m.estimate())).collect(),
            outages: tally.outages.bins(30),
            // Switchovers are downtime too: each standby block gets a bar beside the components.
            contributions: components
                .iter()
                .map(|c| (c.id.clone(), c.downtime_contribution.mean))
                .chain(standby.iter().map(|s| (format!("switchover {}", s.units.join("→")), s.downtime_contribution.mean)))
                .collect(),
        }
    }
}
