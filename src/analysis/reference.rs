//! The exact steady state a simulation is checked against: for one run ([`reference_for_run`]),
//! for failure biasing ([`steady_reference`]) and for many parameter draws ([`SteadySolver`]).

use super::*;

/// The exact steady state alone, and how it was computed: what a steady-state estimate (failure
/// biasing) is compared with. Bounded (2¹⁷ chain states, the structure's usual BDD bound);
/// `None` when the model has no exact steady state or it is too large.
pub fn steady_reference(system: &System) -> Option<(String, SteadyState)> {
    match solvable(system).ok()? {
        ExactMethod::Structure(expanded) => {
            let structure = Structure::compile(&expanded, 2_000_000).ok()?;
            // Beyond f64's range U would read as 0: no reference rather than a wrong one.
            let steady = steady_state_ext(&expanded, &structure).filter(ExactSteady::in_range)?.plain();
            Some((format!("structure function (BDD of {} nodes)", structure.size()), steady))
        }
        ExactMethod::Chain(_) => {
            let model = dependent::DependentChain::new(system).ok()?;
            let chain = Ctmc::explore(&model, 1 << 17).ok()?;
            let m = chain.measures(&chain.steady_state().ok()?);
            let steady =
                SteadyState { availability: m.availability, unavailability: m.unavailability, failure_frequency: m.failure_frequency };
            Some((format!("Markov chain of {} states", chain.len()), steady))
        }
    }
}

/// The largest structure-function diagram [`SteadySolver`] builds (as [`steady_reference`]).
const STEADY_MAX_NODES: usize = 2_000_000;

/// The largest Markov chain [`SteadySolver`] explores per system (as [`steady_reference`]).
const STEADY_MAX_STATES: usize = 1 << 17;

/// The exact steady-state unavailability of many systems that share one structure and differ
/// only in the parameters of their laws (the draws of parameter uncertainty). For independent
/// components the structure function's diagram is built once and each system costs one pass
/// over it (steady state depends only on each MTTF and MDT, §3 of `docs/maths.md`); for
/// dependent exponential components each system's Markov chain is built and solved anew (its
/// rates change), bounded as [`steady_reference`] bounds it. Same figures, bit for bit, as
/// [`steady_reference`] on each system.
#[derive(Debug)]
pub struct SteadySolver {
    /// The structure function laid out for repeated evaluation; `None`: the Markov chain.
    structure: Option<bdd::Flat>,
    /// How, in words.
    method: String,
    /// Steps of one evaluation: the diagram's nodes and the components, or the chain's states
    /// times the components (about the transitions out of each state).
    work: usize,
}

impl SteadySolver {
    /// A solver for `system` and systems of the same structure, or why its steady state has
    /// no exact answer here.
    pub fn new(system: &System) -> Result<Self, AnalysisError> {
        match solvable(system)? {
            ExactMethod::Structure(expanded) => {
                if let Some(c) = system.components().iter().find(|c| c.repair.is_none()) {
                    return Err(AnalysisError::NoSteadyState(c.name.clone()));
                }
                let structure = Structure::compile(&expanded, STEADY_MAX_NODES)?;
                let method = format!("structure function (BDD of {} nodes)", structure.size());
                let flat = structure.bdd.flatten(structure.root);
                let work = flat.len() + system.components().len();
                Ok(Self { structure: Some(flat), method, work })
            }
            ExactMethod::Chain(_) => {
                let (states, _) = chain_unavailability(system)?;
                let work = states.saturating_mul(system.components().len().max(1));
                Ok(Self { structure: None, method: format!("Markov chain of {states} states"), work })
            }
        }
    }

    /// How the answers are computed.
    pub fn method(&self) -> &str {
        &self.method
    }

    /// About how many steps one evaluation takes, for bounding the work of many.
    pub fn work(&self) -> usize {
        self.work
    }

    /// The exact steady-state U of `system`, which must have the structure of the system the
    /// solver was made for (only its laws' parameters may differ). An unavailability below
    /// f64's range is an error, never 0.
    pub fn unavailability(&self, system: &System) -> Result<f64, AnalysisError> {
        check_means(system)?;
        let Some(flat) = &self.structure else {
            return chain_unavailability(system).map(|(_, u)| u);
        };
        let (p, q) = component_probabilities_ext(system)
            .ok_or_else(|| AnalysisError::Unsupported("some component is never repaired, so there is no steady state".into()))?;
        let (_, u) = flat.probability_ext(&p, &q);
        if u.is_zero() || u.fits_f64() {
            Ok(u.to_f64())
        } else {
            Err(AnalysisError::OutOfRange(format!("the unavailability is 10^{:.1}, below the range of f64 numbers", u.log10())))
        }
    }
}

/// The states and the steady-state U of a model of dependent exponential components.
fn chain_unavailability(system: &System) -> Result<(usize, f64), AnalysisError> {
    let model = dependent::DependentChain::new(system)?;
    let chain = Ctmc::explore(&model, STEADY_MAX_STATES)?;
    let pi = chain.steady_state()?;
    Ok((chain.len(), chain.measures(&pi).unavailability))
}

/// The exact figures a simulation run is compared with.
#[derive(Debug, Clone, PartialEq)]
pub struct RunReference {
    /// How they were computed.
    pub method: String,
    /// Exact steady state, when every component is repaired.
    pub steady: Option<SteadyState>,
    /// Time-dependent answers over the run's window.
    pub mission: Mission,
    /// Exact criticality importance per component (steady state).
    pub criticality: Option<Vec<f64>>,
    /// When only the steady state is known and the run is short for a non-exponential
    /// component: which one, and how many of its cycles fit in the window.
    pub transient_caveat: Option<String>,
}

/// The exact answers beside a run of `warmup..horizon`: cheap ones only (no cut sets, a small
/// Markov chain bound), so that `run` is not slowed down. `None` when the structure is too
/// large for the BDD.
pub fn reference_for_run(system: &System, horizon: f64, warmup: f64) -> Option<RunReference> {
    let expanded = match solvable(system).ok()? {
        ExactMethod::Structure(expanded) => expanded,
        ExactMethod::Chain(reasons) => {
            // A bound that keeps `run` quick: the chain of a few dependent components.
            let config = AnalysisConfig { max_states: 1 << 14, horizon, warmup, ..AnalysisConfig::from_model(system) };
            let answers = solve_chain(system, &config, &mut Vec::new()).ok()?;
            return Some(RunReference {
                method: format!("{} ({reasons})", answers.mission.method),
                steady: answers.steady,
                mission: answers.mission,
                criticality: None,
                transient_caveat: None,
            });
        }
    };
    let system = &expanded;
    let config = AnalysisConfig { max_states: 1 << 12, horizon, warmup, ..AnalysisConfig::from_model(system) };
    let structure = Structure::compile(system, 2_000_000).ok()?;
    let exact = steady_state_ext(system, &structure);
    // A steady state beyond f64's range would read as U = 0: no reference rather than a wrong one.
    let steady = exact.as_ref().filter(|s| s.in_range()).map(ExactSteady::plain);
    let mut notes = Vec::new();
    let mission = mission(system, &structure, &config, &mut notes);
    let criticality = exact.map(|s| {
        let u = s.unavailability;
        s.birnbaum.iter().zip(&s.q).map(|(b, q)| if u.is_zero() { 0.0 } else { b.mul(*q).div(u).to_f64() }).collect()
    });
    // The steady state ignores the start from new. For exponential laws the transient dies out
    // within a few MTTRs, but a wear-out (or any non-memoryless) failure law keeps it for a few
    // lives; over fewer than ~100 cycles that can show beside a tight interval.
    let transient_caveat = if mission.window_unavailability.is_none() {
        // Only components that matter: at least 1% of the downtime is theirs.
        let matters = |i: usize| criticality.as_ref().is_some_and(|v: &Vec<f64>| v[i] >= 0.01);
        system
            .components()
            .iter()
            .enumerate()
            .filter(|&(i, c)| {
                let memoryless = c.failure.exponential_rate().is_some() && c.restoration_rate().is_some();
                matters(i) && !memoryless && c.repair.is_some()
            })
            .map(|(_, c)| c)
            .map(|c| (c, (horizon - warmup) / (c.mttf() + c.mttr().unwrap_or(0.0))))
            .filter(|&(c, cycles)| cycles < 100.0 && warmup < 3.0 * c.mttf())
            .min_by(|a, b| a.1.total_cmp(&b.1))
            .map(|(c, cycles)| {
                format!(
                    "the run starts from new and `{}` (not exponential) lives only {cycles:.0} failure–repair cycles in the window, so its start-up transient can show; a longer run with a --warmup of a few MTTFs ({} {}) removes it",
                    c.name,
                    crate::units::fmt::number(3.0 * c.mttf()),
                    system.time_unit.symbol()
                )
            })
    } else {
        None
    };
    Some(RunReference {
        method: format!("structure function (BDD of {} nodes); {}", structure.size(), mission.method),
        steady,
        mission,
        criticality,
        transient_caveat,
    })
}
