//! Continuous-time Markov chains: built by exploring the states reachable from the initial
//! one, then solved exactly.
//!
//! - Steady state: the GTH algorithm (Grassmann, Taksar & Heyman 1985), a Gaussian elimination
//!   that never subtracts and so keeps full relative precision on stiff availability chains,
//!   for up to [`DENSE_LIMIT`] states; Gauss–Seidel beyond (Stewart 1994, ch. 3).
//! - Transient: uniformization (Jensen 1953; Stewart 1994, ch. 8): π(t) = Σ_k Pois(k; Λt) π₀Pᵏ
//!   with P = I + Q/Λ. Long horizons stop early: once π₀Pᵏ has reached its limit (the
//!   stationary vector, or for an absorbing chain the quasi-stationary shape decaying by a
//!   constant ratio ρ per step) the rest of the series is summed in closed form.
//! - Mean time to absorption (MTTFF): the linear system −Q_UU m = 1 over the up states.
//!
//! Every solver has a size bound and returns [`AnalysisError::TooLarge`] instead of hanging.

use std::collections::HashMap;
use std::hash::Hash;

use statrs::function::gamma::{gamma_lr, ln_gamma};

use super::AnalysisError;

/// Chains up to this many states are solved by dense elimination.
pub const DENSE_LIMIT: usize = 1500;
/// Most work (uniformization steps × (states + transitions)) one transient solution may take:
/// a few seconds.
const MAX_WORK: f64 = 5e9;
/// Most Gauss–Seidel sweeps.
const MAX_SWEEPS: usize = 100_000;

/// A model whose states and exponential transitions can be enumerated.
pub trait ChainModel {
    /// A state (e.g. which components are down, and the repair queue).
    type State: Clone + Eq + Hash;
    /// The state at t = 0.
    fn initial(&self) -> Self::State;
    /// Whether the system is up in `state`.
    fn is_up(&self, state: &Self::State) -> bool;
    /// Appends the transitions out of `state` with their rates (per unit of time).
    fn transitions(&self, state: &Self::State, out: &mut Vec<(Self::State, f64)>);
}

/// A finite CTMC with up/down states. State 0 is the initial state.
#[derive(Debug, Clone)]
pub struct Ctmc {
    up: Vec<bool>,
    /// Transitions out of state i: `to[start[i]..start[i+1]]` with `rate[..]`.
    start: Vec<usize>,
    to: Vec<u32>,
    rate: Vec<f64>,
    exit: Vec<f64>,
}

/// Steady-state measures of a chain.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SteadyMeasures {
    /// Σ π over up states.
    pub availability: f64,
    /// Σ π over down states (summed on its own, never 1 − A).
    pub unavailability: f64,
    /// System failure frequency ω: the probability flow from up states into down states.
    pub failure_frequency: f64,
}

impl Ctmc {
    /// Explores every state reachable from `model.initial()`, refusing more than `max_states`.
    pub fn explore<M: ChainModel>(model: &M, max_states: usize) -> Result<Self, AnalysisError> {
        let mut index: HashMap<M::State, u32> = HashMap::new();
        let mut states = vec![model.initial()];
        index.insert(model.initial(), 0);
        let (mut up, mut start, mut to, mut rate, mut exit) = (Vec::new(), vec![0], Vec::new(), Vec::new(), Vec::new());
        let mut out = Vec::new();
        let mut i = 0;
        while i < states.len() {
            let state = states[i].clone();
            up.push(model.is_up(&state));
            out.clear();
            model.transitions(&state, &mut out);
            let mut total = 0.0;
            for (next, r) in out.drain(..) {
                if r <= 0.0 || next == state {
                    continue;
                }
                let j = match index.get(&next) {
                    Some(&j) => j,
                    None => {
                        if states.len() >= max_states {
                            return Err(AnalysisError::TooLarge { what: "Markov chain states", limit: max_states });
                        }
                        let j = states.len() as u32;
                        index.insert(next.clone(), j);
                        states.push(next);
                        j
                    }
                };
                to.push(j);
                rate.push(r);
                total += r;
            }
            exit.push(total);
            start.push(to.len());
            i += 1;
        }
        Ok(Self { up, start, to, rate, exit })
    }

    /// Number of states.
    pub fn len(&self) -> usize {
        self.up.len()
    }

    /// Whether the chain has no state (never: exploration starts from one).
    pub fn is_empty(&self) -> bool {
        self.up.is_empty()
    }

    /// Number of transitions.
    pub fn transitions(&self) -> usize {
        self.to.len()
    }

    fn out(&self, i: usize) -> impl Iterator<Item = (usize, f64)> + '_ {
        (self.start[i]..self.start[i + 1]).map(move |e| (self.to[e] as usize, self.rate[e]))
    }

    /// The stationary distribution π (πQ = 0, Σπ = 1). The chain must be irreducible (every
    /// component repairable); otherwise the result says so.
    pub fn steady_state(&self) -> Result<Vec<f64>, AnalysisError> {
        if self.len() <= DENSE_LIMIT { self.gth() } else { self.gauss_seidel() }
    }

    /// GTH: eliminate states from the last, folding each one's flows into the others (state
    /// reduction), then recover π forwards. Only sums and products of positive numbers.
    fn gth(&self) -> Result<Vec<f64>, AnalysisError> {
        let n = self.len();
        let mut a = vec![0.0; n * n];
        for i in 0..n {
            for (j, r) in self.out(i) {
                a[i * n + j] += r;
            }
        }
        for k in (1..n).rev() {
            let s: f64 = a[k * n..k * n + k].iter().sum();
            if s <= 0.0 {
                return Err(AnalysisError::NotErgodic);
            }
            for i in 0..k {
                let f = a[i * n + k] / s;
                if f == 0.0 {
                    continue;
                }
                for j in 0..k {
                    a[i * n + j] += f * a[k * n + j];
                }
            }
        }
        let mut pi = vec![0.0; n];
        pi[0] = 1.0;
        for k in 1..n {
            let s: f64 = a[k * n..k * n + k].iter().sum();
            pi[k] = (0..k).map(|i| pi[i] * a[i * n + k]).sum::<f64>() / s;
        }
        let total: f64 = pi.iter().sum();
        pi.iter_mut().for_each(|p| *p /= total);
        Ok(pi)
    }

    fn incoming(&self) -> (Vec<usize>, Vec<u32>, Vec<f64>) {
        let n = self.len();
        let mut count = vec![0usize; n + 1];
        for &j in &self.to {
            count[j as usize + 1] += 1;
        }
        for j in 0..n {
            count[j + 1] += count[j];
        }
        let mut fill = count.clone();
        let mut from = vec![0u32; self.to.len()];
        let mut rate = vec![0.0; self.to.len()];
        for i in 0..n {
            for (j, r) in self.out(i) {
                from[fill[j]] = i as u32;
                rate[fill[j]] = r;
                fill[j] += 1;
            }
        }
        (count, from, rate)
    }

    /// Gauss–Seidel on the balance equations π_j · exit_j = Σ_i π_i q_ij.
    fn gauss_seidel(&self) -> Result<Vec<f64>, AnalysisError> {
        let n = self.len();
        if self.exit.contains(&0.0) {
            return Err(AnalysisError::NotErgodic);
        }
        let (start, from, rate) = self.incoming();
        let mut pi = vec![1.0 / n as f64; n];
        for _ in 0..MAX_SWEEPS {
            let mut change: f64 = 0.0;
            for j in 0..n {
                let inflow: f64 = (start[j]..start[j + 1]).map(|e| pi[from[e] as usize] * rate[e]).sum();
                let new = inflow / self.exit[j];
                if new > 0.0 {
                    change = change.max((new - pi[j]).abs() / new);
                }
                pi[j] = new;
            }
            let total: f64 = pi.iter().sum();
            pi.iter_mut().for_each(|p| *p /= total);
            if change < 1e-14 {
                return Ok(pi);
            }
        }
        Err(AnalysisError::TooLarge { what: "Gauss–Seidel sweeps (the chain converges too slowly)", limit: MAX_SWEEPS })
    }

    /// A, U and ω from a distribution over the states.
    pub fn measures(&self, pi: &[f64]) -> SteadyMeasures {
        let mut m = SteadyMeasures { availability: 0.0, unavailability: 0.0, failure_frequency: 0.0 };
        for (i, &p) in pi.iter().enumerate() {
            if self.up[i] {
                m.availability += p;
                m.failure_frequency += p * self.out(i).filter(|&(j, _)| !self.up[j]).map(|(_, r)| r).sum::<f64>();
            } else {
                m.unavailability += p;
            }
        }
        m
    }

    /// Last step of the series: beyond it the Poisson weights are below 1e-20.
    fn steps(&self, lt: f64) -> u64 {
        (lt + 10.0 * lt.sqrt() + 20.0).ceil() as u64
    }

    /// Refuses to go on once `k` steps have cost more than [`MAX_WORK`].
    fn check_work(&self, k: u64) -> Result<(), AnalysisError> {
        if k as f64 * (self.len() + self.transitions()) as f64 > MAX_WORK {
            return Err(AnalysisError::TooLarge { what: "uniformization work (steps × transitions)", limit: MAX_WORK as usize });
        }
        Ok(())
    }

    /// One step x ← xP of the uniformized chain (P = I + Q/Λ); `absorbing`: down states keep
    /// their mass.
    fn step(&self, x: &[f64], next: &mut [f64], lambda: f64, absorbing: bool) {
        next.fill(0.0);
        for (i, &xi) in x.iter().enumerate() {
            if xi == 0.0 {
                continue;
            }
            if absorbing && !self.up[i] {
                next[i] += xi;
                continue;
            }
            next[i] += xi * (1.0 - self.exit[i] / lambda);
            for (j, r) in self.out(i) {
                next[j] += xi * r / lambda;
            }
        }
    }

    /// Uniformization from the initial state over [0, t]: (π(t), ∫₀ᵗ π(s) ds). Stops early
    /// once π₀Pᵏ is stationary; the rest of the series is then P(N ≥ k)·π and
    /// E[(N − k)⁺]/Λ·π for the integral (Σ_{j≥k} P(N > j) = E[(N − k)⁺]).
    fn ergodic(&self, t: f64) -> Result<(Vec<f64>, Vec<f64>), AnalysisError> {
        let n = self.len();
        let lambda = self.exit.iter().copied().fold(0.0, f64::max) * 1.02;
        let mut x = vec![0.0; n];
        x[0] = 1.0;
        if lambda == 0.0 || t == 0.0 {
            return Ok((x.clone(), x.iter().map(|p| p * t).collect()));
        }
        let lt = lambda * t;
        let last = self.steps(lt);
        let (mut point, mut cumulative, mut next) = (vec![0.0; n], vec![0.0; n], vec![0.0; n]);
        for k in 0..=last {
            self.check_work(k)?;
            let w = poisson(k, lt);
            let beyond = at_least(k + 1, lt);
            for i in 0..n {
                point[i] += w * x[i];
                cumulative[i] += beyond * x[i] / lambda;
            }
            self.step(&x, &mut next, lambda, false);
            // Stationary when no state's probability moves, relative to the down states' total
            // (the small number everything is about), with margin for every step still to come.
            let (mut change, mut change_down, mut down) = (0.0, 0.0, 0.0);
            for i in 0..n {
                let d = (next[i] - x[i]).abs();
                change += d;
                if !self.up[i] {
                    change_down += d;
                    down += next[i];
                }
            }
            std::mem::swap(&mut x, &mut next);
            let remaining = (last - k) as f64;
            if change * remaining < 1e-15 && change_down * remaining <= 1e-13 * down {
                let k = k + 1;
                let (rest, excess) = (at_least(k, lt), expected_excess(k, lt));
                for i in 0..n {
                    point[i] += rest * x[i];
                    cumulative[i] += excess * x[i] / lambda;
                }
                break;
            }
        }
        Ok((point, cumulative))
    }

    /// The state distribution at time t, from the initial state.
    pub fn transient(&self, t: f64) -> Result<Vec<f64>, AnalysisError> {
        Ok(self.ergodic(t)?.0)
    }

    /// Point unavailability U(t) = P(system down at t).
    pub fn point_unavailability(&self, t: f64) -> Result<f64, AnalysisError> {
        let pi = self.transient(t)?;
        Ok(pi.iter().zip(&self.up).filter(|&(_, &u)| !u).map(|(p, _)| p).sum())
    }

    /// Expected fraction of [from, to] the system is down, starting as new at 0.
    pub fn interval_unavailability(&self, from: f64, to: f64) -> Result<f64, AnalysisError> {
        let down = |c: &[f64]| c.iter().zip(&self.up).filter(|&(_, &u)| !u).map(|(p, _)| p).sum::<f64>();
        let end = down(&self.ergodic(to)?.1);
        let begin = if from > 0.0 { down(&self.ergodic(from)?.1) } else { 0.0 };
        Ok((end - begin) / (to - from))
    }

    /// Reliability R(t): probability of no system failure in [0, t], by uniformization of the
    /// chain whose down states absorb. Once the mass left on the up states keeps its shape and
    /// shrinks by a constant ratio ρ per step (the quasi-stationary regime), the rest of the
    /// series is m_k Σ_{j≥k} w_j ρ^{j−k} = m_k ρ^{−k} e^{−Λt(1−ρ)} P(Pois(Λtρ) ≥ k).
    pub fn reliability(&self, t: f64) -> Result<f64, AnalysisError> {
        if !self.up[0] {
            return Ok(0.0);
        }
        let n = self.len();
        let lambda = (0..n).filter(|&i| self.up[i]).map(|i| self.exit[i]).fold(0.0, f64::max) * 1.02;
        if lambda == 0.0 || t == 0.0 {
            return Ok(1.0);
        }
        let lt = lambda * t;
        let last = self.steps(lt);
        let mut x = vec![0.0; n];
        x[0] = 1.0;
        let mut next = vec![0.0; n];
        let mut reliability = 0.0;
        let mut live = 1.0;
        let mut shape_change_prev = f64::INFINITY;
        for k in 0..=last {
            self.check_work(k)?;
            reliability += poisson(k, lt) * live;
            self.step(&x, &mut next, lambda, true);
            let live_next: f64 = (0..n).filter(|&i| self.up[i]).map(|i| next[i]).sum();
            if live_next <= 0.0 {
                return Ok(reliability);
            }
            let shape_change: f64 = (0..n).filter(|&i| self.up[i]).map(|i| (next[i] / live_next - x[i] / live).abs()).sum();
            std::mem::swap(&mut x, &mut next);
            let rho = live_next / live;
            live = live_next;
            let remaining = (last - k) as f64;
            if shape_change * remaining < 1e-14 && shape_change_prev * remaining < 1e-14 {
                let k = (k + 1) as f64;
                let tail = (-k * rho.ln() - lt * (1.0 - rho)).exp() * at_least(k as u64, lt * rho);
                return Ok(reliability + live * tail);
            }
            shape_change_prev = shape_change;
        }
        Ok(reliability)
    }

    /// Mean time to first system failure from the initial state: m solves −Q_UU m = 1 over the
    /// up states, MTTFF = m₀. `None` when the system can never fail (no path to a down state).
    pub fn mttff(&self) -> Result<Option<f64>, AnalysisError> {
        if !self.up[0] {
            return Ok(Some(0.0));
        }
        let ups: Vec<usize> = (0..self.len()).filter(|&i| self.up[i]).collect();
        let mut position = vec![usize::MAX; self.len()];
        for (k, &i) in ups.iter().enumerate() {
            position[i] = k;
        }
        let n = ups.len();
        if n > DENSE_LIMIT {
            return self.mttff_gauss_seidel(&ups, &position);
        }
        // Dense Gaussian elimination on the M-matrix −Q_UU (diagonally dominant: no pivoting).
        let mut a = vec![0.0; n * n];
        let mut b = vec![1.0; n];
        for (k, &i) in ups.iter().enumerate() {
            a[k * n + k] = self.exit[i];
            for (j, r) in self.out(i) {
                if position[j] != usize::MAX {
                    a[k * n + position[j]] -= r;
                }
            }
        }
        for col in 0..n {
            let pivot = a[col * n + col];
            if pivot <= 0.0 {
                return Ok(None);
            }
            for row in col + 1..n {
                let f = a[row * n + col] / pivot;
                if f == 0.0 {
                    continue;
                }
                for c in col..n {
                    a[row * n + c] -= f * a[col * n + c];
                }
                b[row] -= f * b[col];
            }
        }
        let mut m = vec![0.0; n];
        for row in (0..n).rev() {
            let s: f64 = (row + 1..n).map(|c| a[row * n + c] * m[c]).sum();
            m[row] = (b[row] - s) / a[row * n + row];
        }
        let value = m[position[0]];
        Ok((value.is_finite() && value > 0.0).then_some(value))
    }

    fn mttff_gauss_seidel(&self, ups: &[usize], position: &[usize]) -> Result<Option<f64>, AnalysisError> {
        let mut m = vec![0.0; ups.len()];
        for _ in 0..MAX_SWEEPS {
            let mut change: f64 = 0.0;
            for (k, &i) in ups.iter().enumerate() {
                if self.exit[i] == 0.0 {
                    return Ok(None);
                }
                let s: f64 = self.out(i).filter(|&(j, _)| position[j] != usize::MAX).map(|(j, r)| r * m[position[j]]).sum();
                let new = (1.0 + s) / self.exit[i];
                change = change.max((new - m[k]).abs() / new);
                m[k] = new;
            }
            if change < 1e-14 {
                return Ok(Some(m[position[0]]));
            }
        }
        Err(AnalysisError::TooLarge { what: "Gauss–Seidel sweeps (the chain converges too slowly)", limit: MAX_SWEEPS })
    }
}

/// Poisson probability P(N = k) for N ~ Poisson(m), in logs so that m = 10⁶ works.
fn poisson(k: u64, m: f64) -> f64 {
    (-m + k as f64 * m.ln() - ln_gamma(k as f64 + 1.0)).exp()
}

/// P(N ≥ k) for N ~ Poisson(m) = P(Gamma(k, 1) ≤ m), the regularised lower incomplete gamma.
fn at_least(k: u64, m: f64) -> f64 {
    if k == 0 { 1.0 } else { gamma_lr(k as f64, m) }
}

/// E[(N − k)⁺] = Σ_{j≥k} P(N > j) for N ~ Poisson(m). As (N − k)⁺ = (N − k)·1{N ≥ k} and
/// E[N·1{N ≥ k}] = m·P(N ≥ k − 1), it is m·P(N ≥ k − 1) − k·P(N ≥ k).
fn expected_excess(k: u64, m: f64) -> f64 {
    if k == 0 {
        return m;
    }
    m * at_least(k - 1, m) - k as f64 * at_least(k, m)
}
