//! One regenerative cycle of the embedded jump chain, from the all-up state back to it, with or
//! without failure biasing.

use rand::RngExt;
use rand::rngs::Xoshiro256PlusPlus;

use crate::analysis::dependent::{DependentChain, Event, State};
use crate::analysis::markov::ChainModel;
use crate::stats::Scaled;

/// In a state with both failures and other transitions, the probability that failure biasing
/// gives to the failures together (0.5 is Shahabuddin's balanced choice: a path to a cut of
/// depth k then has probability of order 2⁻ᵏ instead of εᵏ).
pub const FAILURE_BIAS: f64 = 0.5;

/// A cycle that has not returned to the all-up state after this many transitions is refused:
/// the model has a state it cannot leave, or never comes back to as-good-as-new.
pub const MAX_STEPS_PER_CYCLE: u64 = 50_000_000;

/// What one cycle observed. Times are the expected holding times 1/q(x) of the states visited.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Cycle {
    /// System downtime.
    pub downtime: f64,
    /// System failures (up → down transitions).
    pub failures: f64,
    /// Length.
    pub length: f64,
    /// Likelihood ratio of the path: its probability under the model over its probability
    /// under the biased chain (1 for an unbiased cycle). Scaled, since a path through many
    /// failures takes it far below f64's range (1-of-40 units: about 10⁻²⁰⁰).
    pub likelihood: Scaled,
    /// Failure events before the cycle's first system failure (0 without one).
    pub depth: u32,
    /// Transitions simulated.
    pub steps: u64,
}

/// Why a cycle could not be completed.
#[derive(Debug, Clone, PartialEq)]
pub enum CycleError {
    /// A reachable state has no transition out.
    Absorbing,
    /// The chain did not come back to the all-up state in time.
    TooLong,
}

/// Simulates cycles of one chain (buffers kept between cycles).
pub struct Walker<'c, 'm> {
    chain: &'c DependentChain<'m>,
    initial: State,
    events: Vec<(Event, f64)>,
    /// Per component: system downtime of the last cycle during which it was down and critical
    /// (its return alone would have restored the system). Only `touched` entries are non-zero.
    critical_time: Vec<f64>,
    touched: Vec<usize>,
    critical: Vec<usize>,
}

impl<'c, 'm> Walker<'c, 'm> {
    /// A walker over `chain`, whose initial (all-up) state is the regeneration state.
    pub fn new(chain: &'c DependentChain<'m>) -> Self {
        let components = chain.components();
        Self {
            chain,
            initial: chain.initial(),
            events: Vec::new(),
            critical_time: vec![0.0; components],
            touched: Vec::new(),
            critical: Vec::new(),
        }
    }

    /// The components critical during the last cycle's downtime, with the time each was
    /// (only for cycles run with `attribute`).
    pub fn critical_times(&self) -> impl Iterator<Item = (usize, f64)> + '_ {
        self.touched.iter().map(|&c| (c, self.critical_time[c]))
    }

    /// One cycle; `biased` turns failure biasing on until the cycle's first system failure;
    /// `attribute` keeps which components were critical while the system was down.
    /// A cycle longer than `max_steps` transitions is abandoned ([`CycleError::TooLong`]).
    pub fn cycle(&mut self, rng: &mut Xoshiro256PlusPlus, biased: bool, attribute: bool, max_steps: u64) -> Result<Cycle, CycleError> {
        for &c in &self.touched {
            self.critical_time[c] = 0.0;
        }
        self.touched.clear();
        let mut state = self.initial.clone();
        let mut up = true;
        let mut bias = biased;
        let mut c = Cycle { downtime: 0.0, failures: 0.0, length: 0.0, likelihood: Scaled::ONE, steps: 0, depth: 0 };
        loop {
            self.events.clear();
            self.chain.events(&state, &mut self.events);
            let q: f64 = self.events.iter().map(|&(_, r)| r).sum();
            if q <= 0.0 || !q.is_finite() {
                return Err(CycleError::Absorbing);
            }
            // Conditional Monte Carlo: the expected holding time instead of a drawn one.
            let hold = 1.0 / q;
            c.length += hold;
            if !up {
                c.downtime += hold;
                if attribute {
                    self.attribute(&state, hold);
                }
            }
            let pick = if bias { self.pick_biased(q, rng, &mut c.likelihood) } else { self.pick_by_rate(q, rng) };
            let event = self.events[pick].0;
            if bias && event.is_failure() {
                c.depth += 1;
            }
            state = self.chain.apply(&state, event, &mut |p| rng.random::<f64>() < p);
            c.steps += 1;
            let now_up = self.chain.is_up(&state);
            if up && !now_up {
                c.failures += 1.0;
                // The rare part is over: the rest of the cycle follows the model, which keeps
                // the likelihood ratio bounded and the cycle short.
                bias = false;
            }
            up = now_up;
            if up && state == self.initial {
                return Ok(c);
            }
            if c.steps >= max_steps {
                return Err(CycleError::TooLong);
            }
        }
    }

    /// Credits `hold` to every down component whose return alone would restore the system.
    fn attribute(&mut self, state: &State, hold: f64) {
        self.critical.clear();
        self.chain.critical(state, &mut self.critical);
        for &c in &self.critical {
            if self.critical_time[c] == 0.0 {
                self.touched.push(c);
            }
            self.critical_time[c] += hold;
        }
    }

    /// The model's own choice: each event with probability rate/q.
    fn pick_by_rate(&self, q: f64, rng: &mut Xoshiro256PlusPlus) -> usize {
        let mut x = rng.random::<f64>() * q;
        for (i, &(_, r)) in self.events.iter().enumerate() {
            if x < r {
                return i;
            }
            x -= r;
        }
        self.events.len() - 1
    }

    /// Balanced failure biasing: failures together get [`FAILURE_BIAS`] (all of it when nothing
    /// else can happen), shared equally; the other events share the rest in proportion to their
    /// rates. Multiplies `likelihood` by p(event)/p'(event).
    fn pick_biased(&self, q: f64, rng: &mut Xoshiro256PlusPlus, likelihood: &mut Scaled) -> usize {
        let failures = self.events.iter().filter(|(e, _)| e.is_failure()).count();
        if failures == 0 {
            return self.pick_by_rate(q, rng);
        }
        let others: f64 = self.events.iter().filter(|(e, _)| !e.is_failure()).map(|&(_, r)| r).sum();
        let p_failure = if others > 0.0 { FAILURE_BIAS } else { 1.0 };
        if rng.random::<f64>() < p_failure {
            let k = ((rng.random::<f64>() * failures as f64) as usize).min(failures - 1);
            let (i, &(_, rate)) =
                self.events.iter().enumerate().filter(|(_, (e, _))| e.is_failure()).nth(k).unwrap_or((0, &self.events[0]));
            *likelihood = likelihood.times((rate / q) / (p_failure / failures as f64));
            i
        } else {
            let mut x = rng.random::<f64>() * others;
            let mut chosen = None;
            for (i, &(e, r)) in self.events.iter().enumerate() {
                if e.is_failure() {
                    continue;
                }
                chosen = Some(i);
                if x < r {
                    break;
                }
                x -= r;
            }
            // p/p' = (r/q) / ((1 − p_f)·r/others) = others / (q·(1 − p_f)), whichever event.
            *likelihood = likelihood.times(others / (q * (1.0 - p_failure)));
            chosen.unwrap_or(0)
        }
    }
}
