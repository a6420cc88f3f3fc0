//! Rare events: the steady-state unavailability of highly available repairable systems by
//! importance sampling, where plain Monte Carlo would spend almost all its events where nothing
//! happens (a seven-nines system is down for three seconds a year).
//!
//! The method simulates the embedded jump chain of an exponential model, the chain of
//! [`DependentChain`] (crews and their queues, standby blocks, common causes, detection,
//! remediation, `depends_on`), in regenerative cycles from the all-up state back to it:
//!
//! - **Balanced failure biasing** (Shahabuddin 1994, "Importance sampling for the simulation of
//!   highly reliable Markovian systems", *Management Science* 40(3); Goyal, Shahabuddin,
//!   Heidelberger, Nicola & Glynn 1992, *IEEE Trans. Computers* 41(1)). In a state with both
//!   failures and other transitions, a failure is drawn with probability 1/2 and each failure is
//!   equally likely; the other transitions share the other half in proportion to their rates. In
//!   a state with only failures, each is equally likely. Biasing stops at the cycle's first
//!   system failure and the rest of the cycle follows the model. Each cycle carries its
//!   likelihood ratio L = Π p(x, y)/p′(x, y), so E′[D·L] = E[D]: the estimator is unbiased.
//! - **Regenerative ratio** (Crane & Iglehart 1975): U = E[D]/E[T] and ω = E[N]/E[T], with D the
//!   system downtime of a cycle, N its system failures and T its length. Times are the expected
//!   holding times 1/q(x) of the states visited (conditional Monte Carlo, which never adds
//!   variance). E[D] and E[N] come from biased cycles; E[T], nearly constant since the all-up
//!   stay dominates it, from a quarter as many unbiased cycles, independent of them.
//! - **Interval**: the delta method for a ratio of independent means,
//!   Var(Û) ≈ (Var′(D·L)/n₁ + U²·Var(T)/n₂)/E[T]², with a normal interval (n₁ ≥ 256).
//! - **Beyond f64**: L is a [`Scaled`](crate::stats::Scaled) mantissa and binary exponent, and
//!   the tally keeps its weighted moments scaled by a power of two ([`CycleTally`]), so neither
//!   L nor L² underflows; ordinary models keep the unscaled arithmetic bit for bit.
//! - **Refusals** ([`untrustworthy`]): no downtime, fewer cycles than 2^(d−1) for the fewest
//!   failures d that brought the system down, degenerate weights (Kish's effective sample size),
//!   or U below 1e-300 make a run an error, never a number; a precision-driven run stops at the
//!   first check that shows it cannot progress, with its budget stated (docs/maths.md §11).
//!
//! Cycles run in batches of [`CYCLES_PER_BATCH`], each batch with its own random stream keyed
//! by the seed and its index, merged in order: the result is bit-identical for any thread count.

mod cycle;

pub use cycle::{Cycle, CycleError, FAILURE_BIAS, MAX_STEPS_PER_CYCLE, Walker};

use rand::SeedableRng;
use rand::rngs::Xoshiro256PlusPlus;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::analysis::AnalysisError;
use crate::analysis::dependent::DependentChain;
use crate::analysis::markov::ChainModel;
use crate::model::System;
use crate::sim::engine::stream_seed;
use crate::sim::{Precision, RunError, StoppedBy};
use crate::stats::{Estimate, Moments, PairedMoments, ldexp};
use crate::units::fmt::{count, number};

/// Biased cycles per batch (each batch adds a quarter as many unbiased ones).
pub const CYCLES_PER_BATCH: u64 = 256;
/// Batches between two checks of the precision: 16,384 biased cycles.
pub const CHECK_BATCHES: u64 = 64;
/// The precision a failure-biasing run aims at when neither --rel-error nor -n is given.
pub const DEFAULT_REL_ERROR: f64 = 0.01;
/// Most biased cycles of such a run.
pub const DEFAULT_MAX_CYCLES: u64 = 10_000_000;
/// Key of the cycles' random streams ("failbias"), apart from every component's.
const STREAM_KEY: u64 = 0x6661_696c_6269_6173;

/// How many cycles to run.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Stop {
    /// Exactly this many biased cycles.
    Cycles(u64),
    /// Until U is known to `rel_error` (`max_replications` counts biased cycles).
    Precision(Precision),
}

/// Settings of a failure-biasing run.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Config {
    /// Master seed.
    pub seed: u64,
    /// Worker threads (`None`: all cores). Does not change the result.
    pub threads: Option<usize>,
    /// When to stop.
    pub stop: Stop,
}

/// What the cycles of a run add up to (mergeable, in batch order).
///
/// The weighted observations N·L, D·L and Z·L are kept scaled by 2^−`scale` (their squares and
/// products by 2^−2·`scale`), so that neither they nor their squares leave f64's range: a
/// likelihood ratio of 10⁻²⁰⁰ has a square of 10⁻⁴⁰⁰, which f64 rounds to 0. `scale` stays 0
/// while the largest observation is within 2^±[`SAFE_EXPONENT`] (then every figure is the one
/// unscaled f64 arithmetic gives, bit for bit); beyond that it follows the largest observation.
/// It changes only by powers of two, at points fixed by the order of the cycles and of the
/// merges, so the result is the same for any thread count.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct CycleTally {
    /// Biased cycles: x = N·L (system failures), y = D·L (downtime), paired for MDT = E[D]/E[N].
    pub weighted: PairedMoments,
    /// Unbiased cycles: their length T.
    pub length: Moments,
    /// Transitions simulated.
    pub events: u64,
    /// Per component, over the biased cycles: Σ Z·L and Σ (Z·L)², with Z the cycle's downtime
    /// during which the component was down and critical. Sums rather than running moments,
    /// since most cycles add nothing for most components (empty: all zero).
    pub contribution_sum: Vec<f64>,
    /// See `contribution_sum`.
    pub contribution_sum_sq: Vec<f64>,
    /// Binary exponent of the weighted figures: their true values are the stored ones × 2^scale.
    #[serde(default)]
    pub scale: i64,
    /// Binary exponent of the largest weighted observation so far (`i64::MIN`: none).
    #[serde(default = "no_peak")]
    pub peak: i64,
    /// Biased cycles that saw downtime (D > 0).
    #[serde(default)]
    pub contributing: u64,
    /// The largest D·L of one cycle (scaled like the rest).
    #[serde(default)]
    pub largest: f64,
    /// The fewest failure events before a system failure in any biased cycle (0: none seen).
    #[serde(default)]
    pub depth: u32,
}

fn no_peak() -> i64 {
    i64::MIN
}

impl Default for CycleTally {
    fn default() -> Self {
        Self {
            weighted: PairedMoments::default(),
            length: Moments::default(),
            events: 0,
            contribution_sum: Vec::new(),
            contribution_sum_sq: Vec::new(),
            scale: 0,
            peak: no_peak(),
            contributing: 0,
            largest: 0.0,
            depth: 0,
        }
    }
}

/// Weighted observations up to 2^±400 are kept unscaled: their squares (and sums of up to
/// 2¹⁰⁰ of them) stay far inside f64's normal range (2^±1022).
pub const SAFE_EXPONENT: i64 = 400;

/// The scale of a tally whose largest observation has binary exponent `peak`.
fn scale_for(peak: i64) -> i64 {
    if peak == i64::MIN || (-SAFE_EXPONENT..=SAFE_EXPONENT).contains(&peak) { 0 } else { peak }
}

impl CycleTally {
    /// Adds one biased cycle, and the critical times `critical` of its components.
    fn push_biased(&mut self, c: &Cycle, critical: impl Iterator<Item = (usize, f64)>) {
        let x = c.likelihood.times(c.failures);
        let y = c.likelihood.times(c.downtime);
        let peak = [x, y].iter().filter(|v| v.mantissa > 0.0).map(|v| v.exponent).max().unwrap_or(i64::MIN);
        if peak > self.peak {
            self.peak = peak;
            self.rescale(scale_for(peak));
        }
        let (xs, ys) = (x.ldexp(-self.scale), y.ldexp(-self.scale));
        self.weighted.push(xs, ys);
        if c.downtime > 0.0 {
            self.contributing += 1;
            self.largest = self.largest.max(ys);
        }
        if c.failures > 0.0 && (self.depth == 0 || c.depth < self.depth) {
            self.depth = c.depth;
        }
        for (k, time) in critical {
            let z = c.likelihood.times(time).ldexp(-self.scale);
            self.contribution_sum[k] += z;
            self.contribution_sum_sq[k] += z * z;
        }
    }

    /// Moves the weighted figures to the scale 2^`scale` (exact but for parts below 2⁻¹⁰⁷⁴ of
    /// the largest, which no figure can show).
    fn rescale(&mut self, scale: i64) {
        let k = self.scale - scale;
        if k == 0 {
            return;
        }
        let w = &mut self.weighted;
        for v in [&mut w.mean_x, &mut w.mean_y, &mut self.largest] {
            *v = ldexp(*v, k);
        }
        for v in [&mut w.m2_x, &mut w.m2_y, &mut w.c_xy] {
            *v = ldexp(*v, 2 * k);
        }
        self.contribution_sum.iter_mut().for_each(|v| *v = ldexp(*v, k));
        self.contribution_sum_sq.iter_mut().for_each(|v| *v = ldexp(*v, 2 * k));
        self.scale = scale;
    }

    /// Adds `other`'s cycles.
    pub fn merge(&mut self, other: &Self) {
        let scale = scale_for(self.peak.max(other.peak));
        self.peak = self.peak.max(other.peak);
        self.rescale(scale);
        let rescaled;
        let other = if other.scale == scale {
            other
        } else {
            let mut o = other.clone();
            o.rescale(scale);
            rescaled = o;
            &rescaled
        };
        self.weighted.merge(&other.weighted);
        self.length.merge(&other.length);
        self.events += other.events;
        add_into(&mut self.contribution_sum, &other.contribution_sum);
        add_into(&mut self.contribution_sum_sq, &other.contribution_sum_sq);
        self.contributing += other.contributing;
        self.largest = self.largest.max(other.largest);
        if other.depth > 0 && (self.depth == 0 || other.depth < self.depth) {
            self.depth = other.depth;
        }
    }

    /// Component `c`'s share of U: E[Z_c]/E[T], the unavailability during which it was down
    /// and critical (like U, a ratio of independent means).
    pub fn contribution(&self, c: usize) -> Option<Estimate> {
        let n = self.weighted.n;
        let sum = self.contribution_sum.get(c).copied().unwrap_or(0.0);
        let sum_sq = self.contribution_sum_sq.get(c).copied().unwrap_or(0.0);
        let mean = if n == 0 { 0.0 } else { sum / n as f64 };
        let var = if n < 2 { f64::NAN } else { ((sum_sq - sum * mean) / (n - 1) as f64).max(0.0) };
        ratio_of_independent(mean, var, n, &self.length).map(|e| unscale(e, self.scale))
    }

    /// Biased cycles run.
    pub fn cycles(&self) -> u64 {
        self.weighted.n
    }

    /// Steady-state unavailability E[D]/E[T].
    pub fn unavailability(&self) -> Option<Estimate> {
        self.scaled_unavailability().map(|e| unscale(e, self.scale))
    }

    /// U in the tally's scale (its true value × 2^−scale).
    fn scaled_unavailability(&self) -> Option<Estimate> {
        let w = &self.weighted;
        let var = if w.n < 2 { f64::NAN } else { w.m2_y / (w.n - 1) as f64 };
        ratio_of_independent(w.mean_y, var, w.n, &self.length)
    }

    /// log₁₀ of the estimate of U, whatever its size (−∞ without downtime).
    pub fn log10_unavailability(&self) -> Option<f64> {
        self.scaled_unavailability().map(|e| e.mean.log10() + self.scale as f64 * std::f64::consts::LOG10_2)
    }

    /// Steady-state failure frequency ω = E[N]/E[T] (per unit of time).
    pub fn failure_frequency(&self) -> Option<Estimate> {
        let w = &self.weighted;
        let var = if w.n < 2 { f64::NAN } else { w.m2_x / (w.n - 1) as f64 };
        ratio_of_independent(w.mean_x, var, w.n, &self.length).map(|e| unscale(e, self.scale))
    }

    /// Mean down time E[D]/E[N], from the same biased cycles (delta method with their
    /// covariance; the scale cancels).
    pub fn mdt(&self) -> Option<Estimate> {
        self.weighted.ratio()
    }

    /// The 95% half-width of U over U (infinite before any downtime).
    pub fn relative_half_width(&self) -> f64 {
        match self.scaled_unavailability() {
            Some(u) if u.mean > 0.0 && u.std_error.is_finite() => (u.ci95[1] - u.ci95[0]) / 2.0 / u.mean,
            _ => f64::INFINITY,
        }
    }

    /// Kish's effective sample size of the downtime weights y = D·L, (Σy)²/Σy²: how many
    /// equally weighted cycles the estimate of U is worth (0 without downtime). Since
    /// Σy² = m₂ + n·ȳ², it is n/(1 + m₂/(n·ȳ²)), free of the scale.
    pub fn effective_cycles(&self) -> f64 {
        let w = &self.weighted;
        if w.n == 0 || w.mean_y.is_nan() || w.mean_y <= 0.0 {
            return 0.0;
        }
        let n = w.n as f64;
        n / (1.0 + w.m2_y / (n * w.mean_y * w.mean_y))
    }

    /// The share of Σ D·L carried by the largest single cycle (0 without downtime).
    pub fn largest_share(&self) -> f64 {
        let total = self.weighted.mean_y * self.weighted.n as f64;
        if total > 0.0 { self.largest / total } else { 0.0 }
    }
}

/// Kish's effective sample size below which the weights are called degenerate: the estimate
/// rests on one or two cycles' weights, and its sample variance says nothing about its error.
pub const MIN_EFFECTIVE_CYCLES: f64 = 5.0;

/// Cycles with downtime from which [`MIN_EFFECTIVE_CYCLES`] applies: with fewer, a small
/// effective sample is what a short run of a sound estimator gives (about one cycle in ten
/// counts fully on the bundled models), and its wide interval says so.
pub const MIN_CONTRIBUTING_CYCLES: u64 = 1000;

/// A precision-driven run judges its weights degenerate (and stops) only from this many
/// biased cycles on: a model that needs many failures at once has few effective cycles early
/// and may still converge.
pub const EARLY_EFFECTIVE_CHECK: u64 = 16 * CHECK_BATCHES * CYCLES_PER_BATCH;

/// The smallest U a result carries with its interval (f64 goes down to 2.2e-308).
pub const SMALLEST_UNAVAILABILITY: f64 = 1e-300;

/// Why the biased cycles of `tally` cannot be trusted for an interval on U, or (`finished`
/// false) why a run allowed `budget` biased cycles in all makes no progress; `None` when
/// neither. Each rule is a necessary condition for the normal interval of
/// [`CycleTally::unavailability`], not a sufficient one:
/// - some cycle saw downtime (else U would be 0 ± 0);
/// - the budget reaches the likeliest paths: with `d` the fewest failure events before a
///   system failure in any cycle, a path of `d` failures in a row has biased probability at
///   most 2^−(d−1) (the first failure is certain, each later one has probability ½ against
///   repairs), so fewer than 2^(d−1) cycles cannot expect to have sampled the paths that carry
///   E[D]; the estimate then comes from long detours whose weights are far smaller (on a 1-of-40
///   parallel, 10⁻¹⁹⁹ instead of 10⁻¹²¹);
/// - the weights are not degenerate: once [`MIN_CONTRIBUTING_CYCLES`] cycles saw downtime,
///   Kish's effective sample size (Σy)²/Σy² must reach [`MIN_EFFECTIVE_CYCLES`] (for an
///   unfinished run, from [`EARLY_EFFECTIVE_CHECK`] cycles on);
/// - U is within the range the result can carry.
pub fn untrustworthy(tally: &CycleTally, budget: u64, finished: bool) -> Option<String> {
    let n = tally.cycles();
    if tally.contributing == 0 {
        return Some(format!("none of its {} biased cycles reached a system failure, so it has no estimate of U", count(n)));
    }
    // d ≥ 1 once a cycle has failed; 2^(d−1) as f64 is exact up to d = 1024.
    let needed = 2f64.powi(tally.depth.saturating_sub(1).min(1023) as i32);
    if (budget as f64) < needed {
        return Some(format!(
            "its cycles needed at least {} failures to bring the system down, and balanced failure biasing samples that many in \
             a row about once in {} cycles, more than the {} it may run: its cycles would miss the paths that carry U",
            tally.depth,
            number(needed),
            count(budget)
        ));
    }
    let effective = tally.effective_cycles();
    if tally.contributing >= MIN_CONTRIBUTING_CYCLES && effective < MIN_EFFECTIVE_CYCLES && (finished || n >= EARLY_EFFECTIVE_CHECK) {
        return Some(format!(
            "its weights are degenerate: {} cycles saw a system failure, but their likelihood ratios differ so much that the \
             estimate rests on {} of them (Kish's effective sample size; the largest carries {}% of it), so its interval would \
             mean nothing",
            count(tally.contributing),
            number(effective),
            number(100.0 * tally.largest_share())
        ));
    }
    if let Some(log10) = tally.log10_unavailability()
        && log10 < SMALLEST_UNAVAILABILITY.log10()
    {
        return Some(format!(
            "its estimate of U, about 10^{}, is below {SMALLEST_UNAVAILABILITY:e}, the smallest a result carries",
            number(log10.round())
        ));
    }
    None
}

/// An estimate computed in a tally's scale, brought back to true values (exact: a power of two).
fn unscale(e: Estimate, scale: i64) -> Estimate {
    let f = |x: f64| ldexp(x, scale);
    Estimate { mean: f(e.mean), std_error: f(e.std_error), ci95: [f(e.ci95[0]), f(e.ci95[1])], dof: e.dof }
}

/// Adds `other` into `sums` element by element (an empty vector is all zeros).
fn add_into(sums: &mut Vec<f64>, other: &[f64]) {
    if sums.len() < other.len() {
        sums.resize(other.len(), 0.0);
    }
    for (s, o) in sums.iter_mut().zip(other) {
        *s += o;
    }
}

/// x̄/t̄ for independent samples: SE² = (s²ₓ/nₓ + R²·s²ₜ/nₜ)/t̄² (delta method).
fn ratio_of_independent(mean: f64, var: f64, n: u64, length: &Moments) -> Option<Estimate> {
    if n == 0 || length.n == 0 || length.mean <= 0.0 {
        return None;
    }
    let r = mean / length.mean;
    let se =
        if n < 2 || length.n < 2 { f64::NAN } else { (var / n as f64 + r * r * length.variance() / length.n as f64).sqrt() / length.mean };
    Some(Estimate::new(r, se, (n.min(length.n) - 1) as f64))
}

/// Most work of `auto`'s pilot, in transitions × components (each transition of the chain
/// costs time in proportion to the components): about a tenth of a second.
const PILOT_WORK: u64 = 30_000_000;

/// Biased cycles of the pilot that `auto` estimates ω and the variance of failure biasing from.
pub const PILOT_CYCLES: u64 = 1024;

/// The pilot of `auto`: [`PILOT_CYCLES`] biased cycles on one thread, or `None` when they
/// would need more than [`PILOT_WORK`] (cycles of many transitions over many components: the
/// model is no candidate for failure biasing).
pub fn pilot(system: &System, seed: u64) -> Option<CycleTally> {
    let chain = chain(system).ok()?;
    let mut budget = PILOT_WORK / (chain.components() as u64 + 1);
    let mut total = CycleTally::default();
    for b in 0..PILOT_CYCLES.div_ceil(CYCLES_PER_BATCH) {
        let tally = batch(&chain, seed, b, CYCLES_PER_BATCH, false, budget).ok()?;
        budget = budget.checked_sub(tally.events)?;
        total.merge(&tally);
    }
    Some(total)
}

/// The chain failure biasing simulates, or why `system` has none: every law must be
/// exponential, no maintenance, every component repaired, and all-up must be an up state that
/// something can leave.
pub fn chain(system: &System) -> Result<DependentChain<'_>, String> {
    let chain = DependentChain::new(system).map_err(|e| match e {
        // "the repair law of `db` is not exponential (a Markov chain needs memoryless laws)":
        // the first half is the reason here.
        AnalysisError::Unsupported(why) => why.split(" (a Markov chain").next().unwrap_or_default().to_string(),
        e => e.to_string(),
    })?;
    if let Some(c) = system.components().iter().find(|c| c.repair.is_none()) {
        return Err(format!(
            "`{}` is never repaired, so the system never returns to as-good-as-new and has no steady state to estimate",
            c.name
        ));
    }
    let initial = chain.initial();
    if !chain.is_up(&initial) {
        return Err("the system is down with every component working".into());
    }
    let mut events = Vec::new();
    chain.events(&initial, &mut events);
    if events.is_empty() {
        return Err("nothing ever fails".into());
    }
    Ok(chain)
}

/// Runs failure biasing on `system` until `config.stop`. `progress` is called with the biased
/// cycles just finished. Returns the tally and, for a precision-driven run, why it stopped.
pub fn simulate(system: &System, config: &Config, progress: &(dyn Fn(u64) + Sync)) -> Result<(CycleTally, Option<StoppedBy>), RunError> {
    let chain = chain(system).map_err(|why| RunError::Unsupported(format!("failure biasing cannot run this model: {why}")))?;
    let (cycles, precision) = match config.stop {
        Stop::Cycles(n) if n >= 2 => (n, None),
        Stop::Cycles(n) => return Err(RunError::Config(format!("failure biasing needs at least 2 cycles, got {n}"))),
        Stop::Precision(p) => {
            if !(p.rel_error > 0.0 && p.rel_error.is_finite()) {
                return Err(RunError::Config(format!("--rel-error must be a number > 0, got {}", p.rel_error)));
            }
            if p.max_replications < 2 {
                return Err(RunError::Config("--max-replications must be at least 2".into()));
            }
            (p.max_replications, Some(p))
        }
    };
    let started = std::time::Instant::now();
    let batches = cycles.div_ceil(CYCLES_PER_BATCH);
    let run = || -> Result<(CycleTally, Option<StoppedBy>), RunError> {
        let mut total = CycleTally::default();
        let mut first = 0;
        loop {
            let last = (first + CHECK_BATCHES).min(batches);
            let tallies: Vec<Result<CycleTally, CycleError>> = (first..last)
                .into_par_iter()
                .map(|b| {
                    let n = CYCLES_PER_BATCH.min(cycles - b * CYCLES_PER_BATCH);
                    let tally = batch(&chain, config.seed, b, n, true, MAX_STEPS_PER_CYCLE);
                    progress(n);
                    tally
                })
                .collect();
            for t in tallies {
                total.merge(&t.map_err(|e| cycle_error(e, system))?);
            }
            first = last;
            let stop = match precision {
                None => (first >= batches).then_some(None),
                Some(p) if total.relative_half_width() <= p.rel_error => Some(Some(StoppedBy::Precision)),
                Some(_) if first >= batches => Some(Some(StoppedBy::MaxReplications)),
                Some(p) if p.max_time.is_some_and(|t| started.elapsed() >= t) => Some(Some(StoppedBy::MaxTime)),
                Some(_) => None,
            };
            match stop {
                Some(stopped_by) => {
                    return match untrustworthy(&total, total.cycles(), true) {
                        Some(why) => Err(refusal(system, &why, cycles)),
                        None => Ok((total, stopped_by)),
                    };
                }
                // No progress toward the target: stop at the first check that shows it, not
                // after the whole budget.
                None => {
                    if let Some(why) = untrustworthy(&total, cycles, false) {
                        return Err(refusal(system, &why, cycles));
                    }
                }
            }
        }
    };
    match config.threads {
        Some(threads) => rayon::ThreadPoolBuilder::new().num_threads(threads).build()?.install(run),
        None => run(),
    }
}

/// The error of a run whose cycles cannot be trusted (see [`untrustworthy`]).
fn refusal(system: &System, why: &str, budget: u64) -> RunError {
    RunError::Unsupported(format!(
        "failure biasing cannot estimate model `{}`: {why} (budget: {} biased cycles). The exact analysis answers it where \
         the model has one; plain Monte Carlo otherwise",
        system.name,
        count(budget)
    ))
}

fn cycle_error(e: CycleError, system: &System) -> RunError {
    RunError::Unsupported(match e {
        CycleError::Absorbing => format!("model `{}` reaches a state that nothing leaves, so its cycles never end", system.name),
        CycleError::TooLong => {
            format!(
                "a cycle of model `{}` ran {MAX_STEPS_PER_CYCLE} transitions without returning to all-up; use --method plain",
                system.name
            )
        }
    })
}

/// Batch `index`: `cycles` biased cycles, then a quarter as many unbiased ones (at least one);
/// `attribute` keeps the downtime by component; no cycle may exceed `max_steps`.
fn batch(
    chain: &DependentChain<'_>,
    seed: u64,
    index: u64,
    cycles: u64,
    attribute: bool,
    max_steps: u64,
) -> Result<CycleTally, CycleError> {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(stream_seed(seed, index, STREAM_KEY));
    let mut walker = Walker::new(chain);
    let mut tally = CycleTally::default();
    let components = chain.components();
    tally.contribution_sum = vec![0.0; components];
    tally.contribution_sum_sq = vec![0.0; components];
    for _ in 0..cycles {
        let c = walker.cycle(&mut rng, true, attribute, max_steps)?;
        tally.push_biased(&c, walker.critical_times());
        tally.events += c.steps;
    }
    for _ in 0..cycles.div_ceil(4) {
        let c = walker.cycle(&mut rng, false, false, max_steps)?;
        tally.length.push(c.length);
        tally.events += c.steps;
    }
    Ok(tally)
}
