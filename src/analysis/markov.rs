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

use statrs::function::gamma::{checked_gamma_lr, ln_gamma};

use super::AnalysisError;

/// Chains up to this many states are solved by dense elimination.
pub const DENSE_LIMIT: usize = 1500;
/// Most work (uniformization steps × (states + transitions)) one transient solution may take:
/// a few seconds.
const MAX_WORK: f64 = 5e9;
/// Most Gauss–Seidel sweeps.
const MAX_SWEEPS: usize = 100_000;
/// Most uniformization steps one transient solution may take, whatever the chain's size: the
/// series' terms are kept (8 bytes a step), and a stiff chain (a transition of rate 10⁻⁶ × the
/// fastest, as a switch that fails 999,999 times in a million makes) needs Λ/γ steps to settle,
/// which [`MAX_WORK`] alone allows to reach 10⁸ on a chain of a few states (1.3 GB).
const MAX_STEPS: u64 = 1 << 23;
/// Chains up to this many states whose uniformization would take more than
/// [`SMALL_CHAIN_WORK`] use the dense matrix exponential by scaling and squaring instead
/// (O(n³) per squaring, log₂(Λt) squarings: independent of how stiff the chain is).
const DENSE_EXP_LIMIT: usize = 200;
/// Uniformization work after which a small chain switches to the dense exponential.
const SMALL_CHAIN_WORK: f64 = 1e8;
/// Most work (n³ × products) of one dense exponential.
const MAX_DENSE_WORK: f64 = 2e10;
/// Most memory the states and transitions of one chain may take while it is explored.
pub const MAX_CHAIN_BYTES: usize = 1 << 30;
/// Most work (transitions generated × bytes of a state) one exploration may take: each
/// transition copies, compares and hashes a state. About ten seconds.
const MAX_EXPLORE_WORK: f64 = 2e10;

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
    /// Bytes a state takes, with what it owns on the heap (for the memory bound).
    fn state_bytes(&self) -> usize {
        std::mem::size_of::<Self::State>()
    }
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
    /// Explores every state reachable from `model.initial()`, refusing more than `max_states`,
    /// more than [`MAX_CHAIN_BYTES`] of memory (the bound on states is lowered to what fits,
    /// before any work, so a model with large states fails at once and says why), or more
    /// than [`MAX_EXPLORE_WORK`].
    pub fn explore<M: ChainModel>(model: &M, max_states: usize) -> Result<Self, AnalysisError> {
        // A state is held twice (the list and the index's key), with the index's slot, its
        // up flag, exit rate and offset; a transition is a target and a rate.
        let state_bytes = model.state_bytes().max(1);
        let per_state = 2 * state_bytes + 48;
        let per_transition = 12;
        let fitting = MAX_CHAIN_BYTES / per_state;
        let (limit, memory_bound) = if fitting < max_states { (fitting, true) } else { (max_states, false) };
        let too_many = |states: usize| {
            if memory_bound {
                AnalysisError::ChainMemory { states, state_bytes, max_states, mib: MAX_CHAIN_BYTES >> 20 }
            } else {
                AnalysisError::TooLarge { what: "Markov chain states (the `max_states` setting)", limit: max_states }
            }
        };
        let mut work = 0.0;
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
            work += (out.len() + 1) as f64 * state_bytes as f64;
            if work > MAX_EXPLORE_WORK {
                return Err(AnalysisError::TooLarge {
                    what: "units of work exploring the Markov chain (transitions × bytes of a state)",
                    limit: MAX_EXPLORE_WORK as usize,
                });
            }
            if states.len() * per_state + (to.len() + out.len()) * per_transition > MAX_CHAIN_BYTES {
                return Err(too_many(states.len()));
            }
            let mut total = 0.0;
            for (next, r) in out.drain(..) {
                if r <= 0.0 || next == state {
                    continue;
                }
                let j = match index.get(&next) {
                    Some(&j) => j,
                    None => {
                        if states.len() >= limit {
                            return Err(too_many(limit));
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
        if !self.irreducible() {
            return Err(AnalysisError::NotErgodic);
        }
        if self.len() <= DENSE_LIMIT { self.gth() } else { self.gauss_seidel() }
    }

    /// Whether every state can reach every other. All are reachable from the initial state
    /// (that is how the chain was built), so it is whether the initial state is reachable from
    /// all: a search backwards from it, O(states + transitions). Without it an iterative solver
    /// converges, slowly, to the closed class a never-repaired component falls into, and
    /// reports that class's U (1) as a steady state.
    fn irreducible(&self) -> bool {
        let (start, from, _) = self.incoming();
        let mut seen = vec![false; self.len()];
        seen[0] = true;
        let mut stack = vec![0usize];
        let mut count = 1;
        while let Some(j) = stack.pop() {
            for &i in &from[start[j]..start[j + 1]] {
                let i = i as usize;
                if !seen[i] {
                    seen[i] = true;
                    count += 1;
                    stack.push(i);
                }
            }
        }
        count == self.len()
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

    /// Refuses to go on once `k` steps have cost more than [`MAX_WORK`].
    fn check_work(&self, k: u64) -> Result<(), AnalysisError> {
        // A chain small enough for the dense exponential gives up early: that method's cost
        // does not grow with stiffness.
        if self.len() <= DENSE_EXP_LIMIT && k as f64 * (self.len() + self.transitions()) as f64 > SMALL_CHAIN_WORK {
            return Err(AnalysisError::TooLarge { what: "uniformization work on a small chain", limit: SMALL_CHAIN_WORK as usize });
        }
        if k > MAX_STEPS {
            return Err(AnalysisError::TooLarge {
                what: "uniformization steps (the chain is stiff: its slowest transition is far slower than its fastest)",
                limit: MAX_STEPS as usize,
            });
        }
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

    /// The uniformized chain from the initial state, step by step, until its vector stops
    /// changing (ergodic: the stationary vector; absorbing: the quasi-stationary shape on the up
    /// states, shrinking by a constant ratio ρ per step). Returns the rate Λ, the sequence of
    /// the tracked mass (ergodic: on the down states; absorbing: on the up states) and the
    /// share δ = 1 − ρ of the live mass absorbed per step in the tail (0 for an ergodic chain).
    ///
    /// The change per step decays geometrically, by a ratio r; the drift still to come is at
    /// most change·r/(1 − r), and the iteration stops when that is below 10⁻¹³ of the tracked
    /// mass (or the change is at the rounding floor).
    fn converge(&self, absorbing: bool) -> Result<(f64, Vec<f64>, f64), AnalysisError> {
        let n = self.len();
        let moving = |i: usize| !absorbing || self.up[i];
        let lambda = (0..n).filter(|&i| moving(i)).map(|i| self.exit[i]).fold(0.0, f64::max) * 1.02;
        let tracked = |x: &[f64]| -> f64 { (0..n).filter(|&i| self.up[i] == absorbing).map(|i| x[i]).sum() };
        let mut x = vec![0.0; n];
        x[0] = 1.0;
        let mut masses = vec![tracked(&x)];
        if lambda == 0.0 {
            return Ok((1.0, masses, 0.0));
        }
        let mut next = vec![0.0; n];
        let mut previous = f64::INFINITY;
        let mut k = 0u64;
        loop {
            k += 1;
            self.check_work(k)?;
            self.step(&x, &mut next, lambda, absorbing);
            let (m0, m1) = (tracked(&x), tracked(&next));
            masses.push(m1);
            if absorbing && m1 <= 0.0 {
                return Ok((lambda, masses, 1.0));
            }
            // Change of the shape of the vector, relative to the mass that matters.
            let change: f64 = if absorbing {
                // The shape on the up states, and the share absorbed per step: the states next to
                // failure can hold a tiny mass that still decides δ, so δ must settle too.
                let shape: f64 = (0..n).filter(|&i| self.up[i]).map(|i| (next[i] / m1 - x[i] / m0).abs()).sum();
                let (d0, d1) = (self.absorbed_share(&x, lambda), self.absorbed_share(&next, lambda));
                let share = if d1 > 0.0 { (d1 - d0).abs() / d1 } else { 0.0 };
                shape.max(share)
            } else {
                let total: f64 = (0..n).map(|i| (next[i] - x[i]).abs()).sum();
                let down: f64 = (0..n).filter(|&i| !self.up[i]).map(|i| (next[i] - x[i]).abs()).sum();
                if m1 > 0.0 { total.max(down / m1) } else { total }
            };
            std::mem::swap(&mut x, &mut next);
            let r = change / previous;
            let settled = change < 1e-15 || (r < 1.0 && change * r / (1.0 - r) < 1e-13);
            if settled && k > 1 {
                // δ, the share of the live mass absorbed in one step, from the flow into the down
                // states: 1 − m1/m0, or even ρ = 1 − δ, would keep no digits when δ < 1e-16.
                let delta = if absorbing { self.absorbed_share(&x, lambda) } else { 0.0 };
                return Ok((lambda, masses, delta));
            }
            previous = change;
        }
    }

    /// Σ of `x` over the down states.
    fn down_mass(&self, x: &[f64]) -> f64 {
        (0..x.len()).filter(|&i| !self.up[i]).map(|i| x[i]).sum()
    }

    /// E = e^{Qt} and, when `integral`, F = ∫₀ᵗ e^{Qs} ds, as dense n × n matrices (row-major),
    /// by scaling and squaring (Moler & Van Loan 2003, method 3): for τ = t/2ˢ with Λτ ≤ 1,
    /// E(τ) = Σ_k Pois(k; Λτ) Pᵏ and F(τ) = (1/Λ) Σ_k P(N > k) Pᵏ with P = I + Q/Λ (the
    /// uniformized chain), then E(2τ) = E(τ)², F(2τ) = F(τ) + E(τ)F(τ). Every term and product
    /// is of non-negative numbers, so nothing cancels. `absorbing`: the down states keep their
    /// mass (for R(t)).
    fn exponential(&self, t: f64, absorbing: bool, integral: bool) -> Result<(Vec<f64>, Vec<f64>), AnalysisError> {
        let n = self.len();
        let moving = |i: usize| !absorbing || self.up[i];
        let lambda = (0..n).filter(|&i| moving(i)).map(|i| self.exit[i]).fold(0.0, f64::max);
        let identity = {
            let mut m = vec![0.0; n * n];
            (0..n).for_each(|i| m[i * n + i] = 1.0);
            m
        };
        if lambda == 0.0 || t <= 0.0 {
            let f = identity.iter().map(|v| v * t.max(0.0)).collect();
            return Ok((identity, f));
        }
        // log₂(Λt) as a sum: Λt itself overflows for t near f64's largest value.
        let squarings = (lambda.log2() + t.log2()).ceil().max(0.0);
        let cube = (n as f64).powi(3);
        // About 20 products for the series, then one or two per squaring.
        if (20.0 + 2.0 * squarings) * cube > MAX_DENSE_WORK {
            return Err(AnalysisError::TooLarge {
                what: "work of the dense matrix exponential (states³ × squarings)",
                limit: MAX_DENSE_WORK as usize,
            });
        }
        let squarings = squarings as i32;
        // Halving is exact; 2ˢ itself overflows for t near f64's largest value.
        let tau = (0..squarings).fold(t, |x, _| x * 0.5);
        let m = lambda * tau;
        let mut p = vec![0.0; n * n];
        for i in 0..n {
            if moving(i) {
                p[i * n + i] = 1.0 - self.exit[i] / lambda;
                for (j, r) in self.out(i) {
                    p[i * n + j] += r / lambda;
                }
            } else {
                p[i * n + i] = 1.0;
            }
        }
        // The Poisson(m ≤ 1) weights until they are below 10⁻²⁰ (at most 30 terms), and each
        // tail P(N > k) summed from the far end, so that it keeps its digits.
        let mut weights = vec![(-m).exp()];
        while weights.len() < 30 && weights[weights.len() - 1] > 1e-20 {
            let k = weights.len() as f64;
            weights.push(weights[weights.len() - 1] * m / k);
        }
        let mut tails = vec![0.0; weights.len()];
        for k in (0..weights.len() - 1).rev() {
            tails[k] = tails[k + 1] + weights[k + 1];
        }
        let mut power = identity;
        let (mut e, mut f) = (vec![0.0; n * n], vec![0.0; n * n]);
        for (k, (&weight, &tail)) in weights.iter().zip(&tails).enumerate() {
            if k > 0 {
                power = product(&power, &p, n);
            }
            for (idx, &v) in power.iter().enumerate() {
                e[idx] += weight * v;
                f[idx] += tail / lambda * v;
            }
        }
        // Each row of E sums to 1 and each row of F to the time covered; a squaring doubles
        // the rounding error of those sums (2ˢ·ε after s squarings), so every row is scaled
        // back to its sum (a product, nothing cancels).
        let mut covered = tau;
        for _ in 0..squarings {
            if integral {
                let ef = product(&e, &f, n);
                f.iter_mut().zip(&ef).for_each(|(a, b)| *a += b);
                covered *= 2.0;
                rescale_rows(&mut f, n, covered);
            }
            e = product(&e, &e, n);
            rescale_rows(&mut e, n, 1.0);
        }
        Ok((e, f))
    }

    /// The share δ of the up states' mass that one uniformized step moves into the down states.
    fn absorbed_share(&self, x: &[f64], lambda: f64) -> f64 {
        let (mut flow, mut live) = (0.0, 0.0);
        for (i, &xi) in x.iter().enumerate() {
            if self.up[i] {
                live += xi;
                flow += xi * self.out(i).filter(|&(j, _)| !self.up[j]).map(|(_, r)| r).sum::<f64>() / lambda;
            }
        }
        if live > 0.0 { flow / live } else { 1.0 }
    }

    /// Point unavailability U(t) = P(system down at t), from the initial state, by
    /// uniformization: U(t) = Σ_k Pois(k; Λt)·d_k with d_k the down mass after k steps; past the
    /// last computed step d_k is stationary, so the rest is P(N ≥ K)·d_K.
    pub fn point_unavailability(&self, t: f64) -> Result<f64, AnalysisError> {
        let (lambda, down, _) = match self.converge(false) {
            Err(AnalysisError::TooLarge { .. }) if self.len() <= DENSE_EXP_LIMIT => {
                let (e, _) = self.exponential(t, false, false)?;
                return Ok(self.down_mass(&e[..self.len()]));
            }
            other => other?,
        };
        let lt = lambda * t;
        let last = down.len() - 1;
        let head: f64 = down[..last].iter().enumerate().map(|(k, d)| poisson(k as u64, lt) * d).sum();
        Ok(head + at_least(last as u64, lt) * down[last])
    }

    /// Expected fraction of [from, to] the system is down, starting as new at 0. The integral
    /// ∫₀ᵗ U = (1/Λ) Σ_k P(N > k)·d_k; past the last computed step K it is
    /// (1/Λ)·E[(N − K)⁺]·d_K, since Σ_{j≥K} P(N > j) = E[(N − K)⁺].
    pub fn interval_unavailability(&self, from: f64, to: f64) -> Result<f64, AnalysisError> {
        let (lambda, down, _) = match self.converge(false) {
            Err(AnalysisError::TooLarge { .. }) if self.len() <= DENSE_EXP_LIMIT => {
                // ∫_from^to π(s) ds = π(from) · ∫_0^{to−from} e^{Qs} ds: a product of
                // non-negative terms, with no difference of two integrals.
                let n = self.len();
                let start = if from > 0.0 { self.exponential(from, false, false)?.0[..n].to_vec() } else { unit(n) };
                let (_, f) = self.exponential(to - from, false, true)?;
                let y: Vec<f64> = (0..n).map(|j| (0..n).map(|i| start[i] * f[i * n + j]).sum()).collect();
                return Ok(self.down_mass(&y) / (to - from));
            }
            other => other?,
        };
        let last = down.len() - 1;
        let integral = |t: f64| {
            let lt = lambda * t;
            if !lt.is_finite() {
                // Λt beyond f64 (a horizon near 10³⁰⁸): every P(N > k) with k ≤ K is 1 and
                // E[(N − K)⁺] = Λt − K, so the integral is t·d_K + (Σ_{k<K} d_k − K·d_K)/Λ,
                // written so that nothing overflows.
                let head: f64 = down[..last].iter().sum();
                return t * down[last] + (head - last as f64 * down[last]) / lambda;
            }
            let head: f64 = down[..last].iter().enumerate().map(|(k, d)| at_least(k as u64 + 1, lt) * d).sum();
            (head + expected_excess(last as u64, lt) * down[last]) / lambda
        };
        Ok((integral(to) - if from > 0.0 { integral(from) } else { 0.0 }) / (to - from))
    }

    /// Reliability R(t): probability of no system failure in [0, t], by uniformization of the
    /// chain whose down states absorb: R(t) = Σ_k Pois(k; Λt)·m_k with m_k the mass left on the
    /// up states after k steps. Past the last computed step K the mass decays by ρ per step (the
    /// quasi-stationary regime), so the rest is m_K Σ_{j≥K} w_j ρ^{j−K}
    /// = m_K ρ^{−K} e^{−Λt(1−ρ)} P(Pois(Λtρ) ≥ K).
    pub fn reliability(&self, t: f64) -> Result<f64, AnalysisError> {
        if !self.up[0] {
            return Ok(0.0);
        }
        let (lambda, live, delta) = match self.converge(true) {
            Err(AnalysisError::TooLarge { .. }) if self.len() <= DENSE_EXP_LIMIT => {
                let (e, _) = self.exponential(t, true, false)?;
                let x = &e[..self.len()];
                // R and F = 1 − R, each a sum of non-negative terms: the smaller keeps its digits.
                let reliability: f64 = (0..x.len()).filter(|&i| self.up[i]).map(|i| x[i]).sum();
                return Ok(if reliability < 0.5 { reliability } else { (1.0 - self.down_mass(x)).clamp(0.0, 1.0) });
            }
            other => other?,
        };
        let lt = lambda * t;
        let last = live.len() - 1;
        // Summed both as R and as the unreliability F = Σ_k w_k (1 − m_k): whichever is the
        // smaller number keeps its digits (and R never exceeds 1).
        let head: f64 = live[..last].iter().enumerate().map(|(k, m)| poisson(k as u64, lt) * (1.0 - m).max(0.0)).sum();
        let k = last as u64;
        let m = live[last].min(1.0);
        // Past step K: 1 − m_K(1−δ)^{j−K} = (1 − m_K) + m_K(1 − (1−δ)^{j−K}); with P = P(N ≥ K),
        // P' = P(Pois(Λt(1−δ)) ≥ K) and x = −Λtδ − K ln(1−δ),
        // Σ_{j≥K} w_j (1 − (1−δ)^{j−K}) = (P − P') + P'·(1 − eˣ).
        let p = at_least(k, lt);
        let (p2, x) = if delta >= 1.0 {
            (0.0, f64::NEG_INFINITY)
        } else if delta <= 0.0 {
            // Nothing is absorbed in the tail: (1 − δ)^{j−K} = 1 (and Λt·0 must not be ∞·0).
            (p, 0.0)
        } else {
            (at_least(k, lt * (1.0 - delta)), -lt * delta - k as f64 * (-delta).ln_1p())
        };
        let unreliability = head + (1.0 - m) * p + m * ((p - p2) + p2 * -x.exp_m1());
        // R itself, summed directly, keeps the digits of a small R (a long mission).
        let reliability: f64 = live[..last].iter().enumerate().map(|(k, m)| poisson(k as u64, lt) * m).sum::<f64>() + m * x.exp() * p2;
        Ok(if reliability < 0.5 { reliability } else { (1.0 - unreliability).clamp(0.0, 1.0) })
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
            return self.mttff_uniformized();
        }
        // GTH-style elimination (as for the steady state): with a[i][j] the rates between up
        // states and r[i] the rate into the down states, eliminating state k folds its flows
        // into the others, r_i += a_ik r_k / s_k, a_ij += a_ik a_kj / s_k, b_i += a_ik b_k / s_k,
        // where s_k = r_k + Σ_{j<k} a_kj is k's total rate out of the states left. The diagonal
        // is never formed, so nothing is subtracted: a nearly singular −Q_UU (a very reliable
        // system) keeps its digits.
        let mut a = vec![0.0; n * n];
        let mut r = vec![0.0; n];
        let mut b = vec![1.0; n];
        for (k, &i) in ups.iter().enumerate() {
            for (j, rate) in self.out(i) {
                match position[j] {
                    usize::MAX => r[k] += rate,
                    p if p != k => a[k * n + p] += rate,
                    _ => {}
                }
            }
        }
        let mut s = vec![0.0; n];
        for k in (0..n).rev() {
            s[k] = r[k] + (0..k).map(|j| a[k * n + j]).sum::<f64>();
            if k == 0 {
                break;
            }
            if s[k] <= 0.0 {
                // State k can reach neither the down states nor the states before it.
                return Ok(None);
            }
            for i in 0..k {
                let f = a[i * n + k] / s[k];
                if f == 0.0 {
                    continue;
                }
                r[i] += f * r[k];
                b[i] += f * b[k];
                for j in 0..k {
                    if j != i {
                        a[i * n + j] += f * a[k * n + j];
                    }
                }
            }
        }
        if s[0] <= 0.0 {
            return Ok(None);
        }
        let mut m = vec![0.0; n];
        for k in 0..n {
            m[k] = (b[k] + (0..k).map(|j| a[k * n + j] * m[j]).sum::<f64>()) / s[k];
        }
        let value = m[position[0]];
        Ok((value.is_finite() && value > 0.0).then_some(value))
    }

    /// MTTFF of a large chain: the expected number of uniformized steps before absorption,
    /// over Λ: (1/Λ)(Σ_{k<K} m_k + m_K/(1 − ρ)), the tail being geometric.
    fn mttff_uniformized(&self) -> Result<Option<f64>, AnalysisError> {
        let (lambda, live, delta) = self.converge(true)?;
        if delta <= 0.0 {
            return Ok(None);
        }
        let last = live.len() - 1;
        let head: f64 = live[..last].iter().sum();
        Ok(Some((head + live[last] / delta) / lambda))
    }
}

/// The row vector (1, 0, …, 0): everything in the initial state.
fn unit(n: usize) -> Vec<f64> {
    let mut x = vec![0.0; n];
    x[0] = 1.0;
    x
}

/// Scales each row of the n × n matrix `m` to sum to `sum`.
fn rescale_rows(m: &mut [f64], n: usize, sum: f64) {
    for row in m.chunks_mut(n) {
        let total: f64 = row.iter().sum();
        if total > 0.0 {
            row.iter_mut().for_each(|v| *v *= sum / total);
        }
    }
}

/// The product of two n × n row-major matrices.
fn product(a: &[f64], b: &[f64], n: usize) -> Vec<f64> {
    let mut c = vec![0.0; n * n];
    for i in 0..n {
        for k in 0..n {
            let aik = a[i * n + k];
            if aik == 0.0 {
                continue;
            }
            for j in 0..n {
                c[i * n + j] += aik * b[k * n + j];
            }
        }
    }
    c
}

/// Poisson probability P(N = k) for N ~ Poisson(m), in logs so that m = 10⁶ works.
fn poisson(k: u64, m: f64) -> f64 {
    if m == f64::INFINITY {
        // The limit as m → ∞ (−∞ + ∞ would be NaN).
        return 0.0;
    }
    (-m + k as f64 * m.ln() - ln_gamma(k as f64 + 1.0)).exp()
}

/// P(N ≥ k) for N ~ Poisson(m) = P(Gamma(k, 1) ≤ m), the regularised lower incomplete gamma.
fn at_least(k: u64, m: f64) -> f64 {
    if k == 0 {
        return 1.0;
    }
    // statrs panics outside 0 < m < ∞; the limits there are exact.
    if m <= 0.0 {
        return 0.0;
    }
    if m == f64::INFINITY {
        return 1.0;
    }
    checked_gamma_lr(k as f64, m).unwrap_or(f64::NAN)
}

/// E[(N − k)⁺] = Σ_{j≥k} P(N > j) for N ~ Poisson(m). As (N − k)⁺ = (N − k)·1{N ≥ k} and
/// E[N·1{N ≥ k}] = m·P(N ≥ k − 1), it is m·P(N ≥ k − 1) − k·P(N ≥ k).
fn expected_excess(k: u64, m: f64) -> f64 {
    if k == 0 {
        return m;
    }
    m * at_least(k - 1, m) - k as f64 * at_least(k, m)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// n identical units, at least k up, one repair crew per unit. State: units down.
    struct KOfN {
        n: u32,
        k: u32,
        lambda: f64,
        mu: f64,
    }

    impl ChainModel for KOfN {
        type State = u32;
        fn initial(&self) -> u32 {
            0
        }
        fn is_up(&self, down: &u32) -> bool {
            self.n - down >= self.k
        }
        fn transitions(&self, down: &u32, out: &mut Vec<(u32, f64)>) {
            if *down < self.n {
                out.push((down + 1, f64::from(self.n - down) * self.lambda));
            }
            if *down > 0 {
                out.push((down - 1, f64::from(*down) * self.mu));
            }
        }
    }

    #[test]
    fn the_large_chain_methods_agree_with_the_dense_ones() {
        let chain = Ctmc::explore(&KOfN { n: 2, k: 1, lambda: 1e-3, mu: 0.1 }, 10).unwrap();
        let (l, m) = (1e-3, 0.1);
        let exact = (3.0 * l + m) / (2.0 * l * l);
        let dense = chain.mttff().unwrap().unwrap();
        let uniformized = chain.mttff_uniformized().unwrap().unwrap();
        assert!((dense - exact).abs() < 1e-12 * exact);
        assert!((uniformized - exact).abs() < 1e-9 * exact, "{uniformized} vs {exact}");
        let gth = chain.gth().unwrap();
        let gs = chain.gauss_seidel().unwrap();
        for (a, b) in gth.iter().zip(&gs) {
            assert!((a - b).abs() <= 1e-12 * a, "{a} vs {b}");
        }
    }

    #[test]
    fn long_horizons_stop_early_and_stay_exact() {
        // 2-of-3, independent repairs: U(t) → the binomial steady state; R(t) decays.
        let (l, m) = (1e-3, 0.1);
        let chain = Ctmc::explore(&KOfN { n: 3, k: 2, lambda: l, mu: m }, 10).unwrap();
        let q = l / (l + m);
        let steady = 3.0 * q * q * (1.0 - q) + q * q * q;
        let u = chain.point_unavailability(1e7).unwrap();
        assert!((u - steady).abs() < 1e-12 * steady, "{u} vs {steady}");
        let average = chain.interval_unavailability(1e6, 1e7).unwrap();
        assert!((average - steady).abs() < 1e-10 * steady, "{average} vs {steady}");
        // R(t) is e^{−t/MTTFF}-like in the long run: R(2t)/R(t) = R(3t)/R(2t).
        let (r1, r2, r3) = (chain.reliability(1e6).unwrap(), chain.reliability(2e6).unwrap(), chain.reliability(3e6).unwrap());
        assert!((r2 / r1 - r3 / r2).abs() < 1e-9 * (r2 / r1), "{r1} {r2} {r3}");
    }
}
