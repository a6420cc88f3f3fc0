//! Runs replications in parallel with deterministic results.
//!
//! Replications are grouped into batches whose boundaries depend only on the replication count.
//! Each batch is simulated and tallied in order on one thread; batches are then merged in
//! order. Floating-point sums therefore happen in the same order whatever the thread count, so
//! the result is bit-identical on 1 or 64 threads.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering as AtomicOrdering};
use std::sync::{Condvar, Mutex, PoisonError};

use super::engine::{Engine, Window};
use super::tally::Tally;
use crate::model::System;
use crate::stats::Moments;

/// Replications when neither the model nor the caller says.
pub const DEFAULT_REPLICATIONS: u64 = 1000;
/// Seed when neither the model nor the caller says.
pub const DEFAULT_SEED: u64 = 1;

/// How to run a simulation.
#[derive(Debug, Clone, PartialEq)]
pub struct RunConfig {
    /// Independent replications.
    pub replications: u64,
    /// Length of each replication, in the model's time unit.
    pub horizon: f64,
    /// Start of the observation window, in the model's time unit.
    pub warmup: f64,
    /// Master seed.
    pub seed: u64,
    /// Worker threads (`None`: all cores). Does not change the result.
    pub threads: Option<usize>,
}

impl RunConfig {
    /// The model's own settings, with defaults for what it leaves out.
    pub fn from_model(system: &System) -> Self {
        let sim = &system.simulation;
        Self {
            replications: sim.replications.unwrap_or(DEFAULT_REPLICATIONS),
            horizon: system.horizon(),
            warmup: system.warmup(),
            seed: sim.seed.unwrap_or(DEFAULT_SEED),
            threads: None,
        }
    }

    /// The observation window.
    pub fn window(&self) -> Window {
        Window { warmup: self.warmup, horizon: self.horizon }
    }

    /// Expected events of the whole run: each repairable component makes about
    /// (phases per cycle) · horizon / (MTTF + MTTR) transitions (renewal theory; a failure, a
    /// repair, and one more for detection, remediation or a crew's response), a non-repairable
    /// one at most one; maintenance windows two each; a shock process one per shock.
    pub fn expected_events(&self, system: &System) -> f64 {
        let components: f64 = system
            .components()
            .iter()
            .map(|c| {
                let cycles = match c.mttr() {
                    Some(mttr) => {
                        let response = c.crew.and_then(|k| system.crews[k as usize].response.as_ref()).is_some();
                        let phases = 2 + usize::from(c.detection.is_some()) + usize::from(c.remediation.is_some()) + usize::from(response);
                        phases as f64 * self.horizon / (c.mttf() + mttr)
                    }
                    None => 1.0,
                };
                let maintenance = c.maintenance.as_ref().map_or(0.0, |m| 2.0 * self.horizon / m.every);
                cycles + maintenance
            })
            .sum();
        let shocks: f64 = system.common_causes.iter().map(|k| self.horizon / k.every.mean()).sum();
        (components + shocks) * self.replications as f64
    }

    /// Checks the horizon and the warm-up.
    pub fn check_window(&self) -> Result<(), RunError> {
        if !(self.horizon > 0.0 && self.horizon.is_finite()) {
            return Err(RunError::Config(format!("horizon must be a finite number > 0, got {}", self.horizon)));
        }
        if !(self.warmup >= 0.0 && self.warmup < self.horizon) {
            return Err(RunError::Config(format!("warm-up must be ≥ 0 and less than the horizon ({}), got {}", self.horizon, self.warmup)));
        }
        Ok(())
    }

    fn check(&self, system: &System) -> Result<(), RunError> {
        if self.replications == 0 {
            return Err(RunError::Config("replications must be at least 1".into()));
        }
        self.check_window()?;
        match self.threads {
            Some(0) => return Err(RunError::Config("threads must be at least 1".into())),
            Some(t) if t > MAX_THREADS => {
                return Err(RunError::Config(format!("threads must be at most {MAX_THREADS} (one per core is fastest), got {t}")));
            }
            _ => {}
        }
        let events = self.expected_events(system);
        if events > MAX_EVENTS {
            let busiest = system.components().iter().min_by(|a, b| {
                let cycle = |c: &crate::model::Component| c.mttf() + c.mttr().unwrap_or(f64::INFINITY);
                cycle(a).total_cmp(&cycle(b))
            });
            return Err(RunError::Config(format!(
                "this run would simulate about {events:.1e} events (more than {MAX_EVENTS:.0e}, days of computing); \
                 lower the replications or the horizon, or check the durations of `{}` (MTTF + MTTR is tiny beside the horizon)",
                busiest.map_or("", |c| c.name.as_str())
            )));
        }
        self.check_time_resolution(system)?;
        self.check_periods(system)?;
        Ok(())
    }

    /// Refuses a window too short to hold one complete period of an objective: there would be
    /// nothing to judge it by.
    fn check_periods(&self, system: &System) -> Result<(), RunError> {
        let window = self.window().length();
        for (i, o) in system.objectives.iter().enumerate() {
            if let Some(problem) = crate::model::validate::objectives::window_problem(o.period, window, system.time_unit) {
                return Err(RunError::Config(format!(
                    "objectives[{i}].period (`{}`): {problem} (horizon {}, warm-up {})",
                    o.id, self.horizon, self.warmup
                )));
            }
        }
        Ok(())
    }
}

impl RunConfig {
    /// Refuses a horizon so long that f64 event times cannot resolve the model's shortest
    /// durations. Times are absolute, so near the horizon T a time is known to T·2⁻⁵³ (half an
    /// ulp) and each duration measured as a difference of two times carries an error up to
    /// T·2⁻⁵²: at T = 10¹² h a repair of 10⁻³ h is off by up to 2·10⁻⁴ of itself per event, and
    /// fixed durations round the same way every time, so the error does not average out (MDT
    /// came out 1.6% low). A run is accepted while that relative error stays below
    /// [`MAX_TIME_ROUNDING`], far inside any interval the run can report.
    fn check_time_resolution(&self, system: &System) -> Result<(), RunError> {
        let Some((what, shortest)) = shortest_mean_duration(system) else {
            return Ok(());
        };
        let rounding = self.horizon * f64::EPSILON / shortest;
        if rounding > MAX_TIME_ROUNDING {
            let longest = shortest * MAX_TIME_ROUNDING / f64::EPSILON;
            return Err(RunError::Config(format!(
                "the horizon {} is too long to time {what} (mean {shortest:e}) in f64: each duration would be off by up to \
                 {:.1e} of itself; use a horizon of at most {longest:.3e} (more replications give the same precision)",
                self.horizon, rounding
            )));
        }
        Ok(())
    }
}

/// The largest relative rounding error of one simulated duration that a run accepts (see
/// [`RunConfig::check_time_resolution`]).
pub const MAX_TIME_ROUNDING: f64 = 1e-5;

/// The most worker threads a run may ask for: beyond the cores they only cost start-up time
/// (100,000 took minutes to spawn).
pub const MAX_THREADS: usize = 4096;

/// The shortest mean of any duration the model draws (failure, repair, detection, remediation,
/// maintenance window, switchover, time between shocks), and what it is, ignoring zero means
/// (an instantaneous step has no duration to resolve).
fn shortest_mean_duration(system: &System) -> Option<(String, f64)> {
    let mut shortest: Option<(String, f64)> = None;
    let mut consider = |what: String, mean: f64| {
        if mean > 0.0 && mean.is_finite() && shortest.as_ref().is_none_or(|(_, s)| mean < *s) {
            shortest = Some((what, mean));
        }
    };
    for c in system.components() {
        consider(format!("the failures of `{}`", c.name), c.failure.mean());
        if let Some(r) = &c.repair {
            consider(format!("the repairs of `{}`", c.name), r.mean());
        }
        if let Some(d) = &c.detection {
            consider(format!("the detection of `{}`", c.name), d.mean());
        }
        if let Some(r) = &c.remediation {
            consider(format!("the remediation of `{}`", c.name), r.time.mean());
        }
        if let Some(m) = &c.maintenance {
            consider(format!("the maintenance of `{}`", c.name), m.duration.mean());
        }
    }
    for s in &system.standbys {
        if let Some(d) = &s.switchover {
            consider("a switchover".to_string(), d.mean());
        }
    }
    for k in &system.common_causes {
        consider(format!("common cause `{}`", k.id), k.every.mean());
    }
    shortest
}

/// Why a run could not start.
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    /// A setting is out of range.
    #[error("invalid run settings: {0}")]
    Config(String),
    /// The worker pool could not be created.
    #[error("could not start worker threads: {0}")]
    Threads(#[from] rayon::ThreadPoolBuildError),
    /// The method asked for cannot run this model.
    #[error("{0}")]
    Unsupported(String),
}

impl RunError {
    /// Whether the user must fix a setting (or choose another method), rather than the machine
    /// failing the run.
    pub fn is_bad_input(&self) -> bool {
        matches!(self, RunError::Config(_) | RunError::Unsupported(_))
    }
}

/// Replications per batch: fixed by the replication count alone (never by timing or threads).
fn batch_size(replications: u64) -> u64 {
    (replications / 256).clamp(1, 1024)
}

/// Runs expected to need more component events than this are refused before they start.
pub const MAX_EVENTS: f64 = 1e13;

/// Batches simulated concurrently per thread before their tallies are merged: bounds memory to
/// a few tallies per thread (the merge order, hence the result, does not depend on it).
const BATCHES_PER_WAVE_PER_THREAD: u64 = 2;

/// Simulates `config.replications` lives of `system`. `progress` is called from worker threads
/// with the number of replications just finished.
pub fn simulate(system: &System, config: &RunConfig, progress: &(dyn Fn(u64) + Sync)) -> Result<Tally, RunError> {
    let mut designs = simulate_designs(&[system], config, Streams::Common, progress)?;
    Ok(designs.tallies.remove(0))
}

/// How designs simulated side by side draw their random numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Streams {
    /// Common random numbers: replication i of every design uses the same seed, so a
    /// component that two designs share (same instance name) lives the same life in both, and
    /// the difference between designs is estimated with less noise.
    Common,
    /// Each design its own seed: independent runs (to measure what common numbers gain).
    Independent,
}

/// The designs' tallies, and for each design after the first its per-replication difference
/// from the first.
#[derive(Debug, Clone, Default)]
pub struct DesignTallies {
    /// One per design, in order.
    pub tallies: Vec<Tally>,
    /// Per design (the first's is empty): U − U(first), per replication.
    pub unavailability_difference: Vec<Moments>,
    /// Per design: ω − ω(first), per unit of time, per replication.
    pub failure_rate_difference: Vec<Moments>,
}

impl DesignTallies {
    fn new(designs: &[&System]) -> Self {
        Self {
            tallies: designs.iter().map(|s| Tally::new(s.components().len(), s.blocks().len())).collect(),
            unavailability_difference: vec![Moments::default(); designs.len()],
            failure_rate_difference: vec![Moments::default(); designs.len()],
        }
    }

    fn merge(&mut self, other: &Self) {
        for (mine, theirs) in self.tallies.iter_mut().zip(&other.tallies) {
            mine.merge(theirs);
            mine.convergence.push((mine.replications(), mine.unavailability));
        }
        for (mine, theirs) in self.unavailability_difference.iter_mut().zip(&other.unavailability_difference) {
            mine.merge(theirs);
        }
        for (mine, theirs) in self.failure_rate_difference.iter_mut().zip(&other.failure_rate_difference) {
            mine.merge(theirs);
        }
    }
}

/// Seed of design `k` under `streams`.
/// The first design always runs on the master seed, so it equals a plain run of that model.
fn design_seed(seed: u64, k: usize, streams: Streams) -> u64 {
    match streams {
        Streams::Independent if k > 0 => super::engine::stream_seed(seed, k as u64, 0x5eed_0fde_519e),
        _ => seed,
    }
}

/// Simulates several designs over the same replications (same window and replication count),
/// replication by replication, so that differences between them can be estimated pairwise.
pub fn simulate_designs(
    designs: &[&System],
    config: &RunConfig,
    streams: Streams,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<DesignTallies, RunError> {
    for system in designs {
        config.check(system)?;
    }
    let run = || simulate_batches(designs, config, streams, progress);
    match config.threads {
        Some(threads) => Ok(rayon::ThreadPoolBuilder::new().num_threads(threads).build()?.install(run)),
        None => Ok(run()),
    }
}

fn simulate_batches(designs: &[&System], config: &RunConfig, streams: Streams, progress: &(dyn Fn(u64) + Sync)) -> DesignTallies {
    let mut total = DesignTallies::new(designs);
    for_each_batch(designs, config, streams, 0..batch_count(config.replications), progress, |batch| total.merge(&batch));
    total
}

/// Number of batches of a run of `replications`.
pub fn batch_count(replications: u64) -> u64 {
    replications.div_ceil(batch_size(replications))
}

/// Replications in batch `batch` of a run of `replications` (the last batch may be short).
pub fn batch_replications(replications: u64, batch: u64) -> u64 {
    let size = batch_size(replications);
    let start = batch.saturating_mul(size).min(replications);
    (start.saturating_add(size)).min(replications) - start
}

/// Simulates the batches in `range`, in waves on the thread pool, and hands each batch's
/// tallies to `merge` in batch order.
fn for_each_batch(
    designs: &[&System],
    config: &RunConfig,
    streams: Streams,
    range: std::ops::Range<u64>,
    progress: &(dyn Fn(u64) + Sync),
    merge: impl FnMut(DesignTallies) + Send,
) {
    for_each_batch_of(designs, config, streams, batch_size(config.replications), range, progress, merge);
}

/// As [`for_each_batch`], with batches of `size` replications (the last one cut at
/// `config.replications`).
///
/// One worker per thread takes the next batch from a counter and simulates it with its own
/// engines; a finished batch waits in a reorder buffer until every batch before it has been
/// merged, and whoever completes the next one in order merges it (and any that follow). No
/// barrier: a slow batch holds back only the merging, not the other workers, so threads stay
/// busy. A worker does not start a batch more than `BATCHES_PER_WAVE_PER_THREAD × threads`
/// ahead of the merge, which bounds memory to a few tallies per thread.
fn for_each_batch_of(
    designs: &[&System],
    config: &RunConfig,
    streams: Streams,
    size: u64,
    range: std::ops::Range<u64>,
    progress: &(dyn Fn(u64) + Sync),
    merge: impl FnMut(DesignTallies) + Send,
) {
    if range.is_empty() {
        return;
    }
    let threads = rayon::current_num_threads().max(1) as u64;
    let ahead = (BATCHES_PER_WAVE_PER_THREAD * threads).max(4);
    let next = AtomicU64::new(range.start);
    let order = Mutex::new(InOrder { next: range.start, ready: BTreeMap::new(), merge });
    let merged = Condvar::new();
    rayon::scope(|scope| {
        for _ in 0..threads.min(range.end - range.start) {
            scope.spawn(|_| {
                let mut engines: Vec<Engine> = designs.iter().map(|s| Engine::new(s)).collect();
                loop {
                    let batch = next.fetch_add(1, AtomicOrdering::Relaxed);
                    if batch >= range.end {
                        break;
                    }
                    {
                        let mut state = order.lock().unwrap_or_else(PoisonError::into_inner);
                        while batch >= state.next + ahead {
                            state = merged.wait(state).unwrap_or_else(PoisonError::into_inner);
                        }
                    }
                    let start = batch * size;
                    let end = (start + size).min(config.replications);
                    let tallies = simulate_batch(&mut engines, designs, config, streams, start..end);
                    progress(end - start);
                    let mut state = order.lock().unwrap_or_else(PoisonError::into_inner);
                    state.ready.insert(batch, tallies);
                    loop {
                        let turn = state.next;
                        let Some(tallies) = state.ready.remove(&turn) else { break };
                        (state.merge)(tallies);
                        state.next += 1;
                    }
                    drop(state);
                    merged.notify_all();
                }
            });
        }
    });
}

/// The merge of [`for_each_batch_of`]: the next batch to merge, finished batches waiting for
/// their turn, and what merges them.
struct InOrder<M> {
    next: u64,
    ready: BTreeMap<u64, DesignTallies>,
    merge: M,
}

/// Replications `replications` of every design, tallied.
fn simulate_batch(
    engines: &mut [Engine],
    designs: &[&System],
    config: &RunConfig,
    streams: Streams,
    replications: std::ops::Range<u64>,
) -> DesignTallies {
    let window = config.window();
    let length = window.length();
    let mut tallies = DesignTallies::new(designs);
    for replication in replications {
        let (mut u0, mut w0) = (0.0, 0.0);
        for (k, engine) in engines.iter_mut().enumerate() {
            engine.run(design_seed(config.seed, k, streams), replication, window);
            let obs = engine.observation();
            tallies.tallies[k].add(obs, window, designs[k]);
            let (u, w) = (obs.downtime / length, obs.failures as f64 / length);
            if k == 0 {
                (u0, w0) = (u, w);
            } else {
                tallies.unavailability_difference[k].push(u - u0);
                tallies.failure_rate_difference[k].push(w - w0);
            }
        }
    }
    tallies
}

/// The batches shard `index` of `count` simulates: an even split of the run's batches, fixed
/// by the replication count alone.
pub fn shard_batches(replications: u64, index: u64, count: u64) -> std::ops::Range<u64> {
    let batches = batch_count(replications);
    (batches * index / count)..(batches * (index + 1) / count)
}

/// Simulates shard `index` of `count` of the run of `system`: the tally of each of its batches,
/// unmerged, so that [`merge_shards`] can replay exactly the single run's merges.
pub fn simulate_shard(
    system: &System,
    config: &RunConfig,
    index: u64,
    count: u64,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<Vec<Tally>, RunError> {
    if count == 0 || index >= count {
        return Err(RunError::Config(format!("shard {index}/{count}: the index must be at least 0 and less than the count")));
    }
    config.check(system)?;
    let range = shard_batches(config.replications, index, count);
    let mut batches = Vec::with_capacity((range.end - range.start) as usize);
    let mut run = || for_each_batch(&[system], config, Streams::Common, range.clone(), progress, |mut b| batches.push(b.tallies.remove(0)));
    match config.threads {
        Some(threads) => rayon::ThreadPoolBuilder::new().num_threads(threads).build()?.install(run),
        None => run(),
    }
    Ok(batches)
}

/// The tally of the whole run from its shards' batch tallies, in shard order: the same merges
/// in the same order as the single run, so the same bits.
pub fn merge_shards<'a>(batches: impl IntoIterator<Item = &'a Tally>, system: &System) -> Tally {
    let mut total = DesignTallies::new(&[system]);
    for batch in batches {
        total.merge(&DesignTallies {
            tallies: vec![batch.clone()],
            unavailability_difference: vec![Moments::default()],
            failure_rate_difference: vec![Moments::default()],
        });
    }
    total.tallies.remove(0)
}

/// When a precision-driven run stops.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Precision {
    /// Target: the 95% CI half-width of U at most this fraction of U.
    pub rel_error: f64,
    /// Stop here at the latest (a whole number of checkpoints, cut to this).
    pub max_replications: u64,
    /// Stop at the first checkpoint after this much wall-clock time. Timing decides, so a
    /// run that stops on time is not reproducible; one that stops on precision or replications
    /// is, for any thread count.
    pub max_time: Option<std::time::Duration>,
}

/// Why a precision-driven run stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum StoppedBy {
    /// The target precision was reached.
    Precision,
    /// `max_replications` was reached first.
    MaxReplications,
    /// `max_time` was reached first.
    MaxTime,
}

/// Replications per batch of a precision-driven run, and batches between two checks: fixed
/// numbers, so the checkpoints (and the result) do not depend on the threads or on timing.
const PRECISION_BATCH: u64 = 16;
const PRECISION_CHECK_BATCHES: u64 = 64;

/// The relative 95% half-width of U's estimate (infinite while U is 0 or unknown).
pub fn relative_half_width(tally: &Tally) -> f64 {
    let e = tally.unavailability.estimate();
    let half = (e.ci95[1] - e.ci95[0]) / 2.0;
    if e.mean > 0.0 && half.is_finite() { half / e.mean } else { f64::INFINITY }
}

/// Simulates checkpoint after checkpoint (1,024 replications each) until the estimate of U is
/// precise enough or a limit is reached. `config.replications` is ignored.
pub fn simulate_to_precision(
    system: &System,
    config: &RunConfig,
    precision: Precision,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<(Tally, StoppedBy), RunError> {
    let (mut designs, stopped) = simulate_designs_to_precision(&[system], config, Streams::Common, precision, progress)?;
    Ok((designs.tallies.remove(0), stopped))
}

/// As [`simulate_designs`], checkpoint after checkpoint (1,024 replications each) until every
/// design's estimate of U is precise enough (the least precise decides) or a limit is reached.
/// `config.replications` is ignored. The checkpoints are fixed numbers of replications, so the
/// result does not depend on the threads (unless `max_time` stops it).
pub fn simulate_designs_to_precision(
    designs: &[&System],
    config: &RunConfig,
    streams: Streams,
    precision: Precision,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<(DesignTallies, StoppedBy), RunError> {
    if !(precision.rel_error > 0.0 && precision.rel_error.is_finite()) {
        return Err(RunError::Config(format!("--rel-error must be a number > 0, got {}", precision.rel_error)));
    }
    if precision.max_replications < 2 {
        return Err(RunError::Config("--max-replications must be at least 2".into()));
    }
    let limit = RunConfig { replications: precision.max_replications, ..config.clone() };
    limit.check_window()?;
    let started = std::time::Instant::now();
    let run = || {
        let mut total = DesignTallies::new(designs);
        let batches = precision.max_replications.div_ceil(PRECISION_BATCH);
        let mut first = 0;
        let stopped = loop {
            let last = (first + PRECISION_CHECK_BATCHES).min(batches);
            for_each_batch_of(designs, &limit, streams, PRECISION_BATCH, first..last, progress, |b| total.merge(&b));
            first = last;
            if total.tallies.iter().all(|t| relative_half_width(t) <= precision.rel_error) {
                break StoppedBy::Precision;
            }
            if first >= batches {
                break StoppedBy::MaxReplications;
            }
            if precision.max_time.is_some_and(|t| started.elapsed() >= t) {
                break StoppedBy::MaxTime;
            }
        };
        (total, stopped)
    };
    match config.threads {
        Some(threads) => Ok(rayon::ThreadPoolBuilder::new().num_threads(threads).build()?.install(run)),
        None => Ok(run()),
    }
}
