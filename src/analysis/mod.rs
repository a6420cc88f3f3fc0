//! Exact and structural analysis: what can be known without sampling.
//!
//! - The structure function as a BDD ([`structure`]): exact steady-state A, U, ω, MUT, MDT and
//!   MTBF for independent components with any distributions (steady state depends only on the
//!   means), Birnbaum importance of every component in one pass, shared components handled as
//!   one variable.
//! - Time-dependent answers for independent components ([`transient`]) and Markov chains
//!   ([`markov`]) for reliability R(T) and MTTFF of exponential models.
//! - Minimal cut and path sets ([`cutsets`]) and the importance measures built on them.
//! - A worked, block-by-block derivation for students ([`explain`]).
//!
//! The formulas and their sources are in `docs/maths.md`.

pub(crate) mod bdd;
pub(crate) mod cutsets;
mod dependence;
pub(crate) mod dependent;
pub mod explain;
pub(crate) mod extended;
pub mod markov;
mod measures;
mod reference;
mod result;
pub mod structure;
pub(crate) mod transient;

pub use dependence::{Dependence, dependences};
pub use reference::{RunReference, SteadySolver, reference_for_run, steady_reference};
pub use result::{Analysis, Approximation, CutSet, CutSets, Importance, Mission, PathSets, SimulationCheck, Verdict};

use serde::{Deserialize, Serialize};

use crate::model::System;
use cutsets::SetKind;
use extended::Ext;
use markov::{ChainModel, Ctmc};
use measures::{cut_set_union, importance, mission};
use structure::Structure;
use transient::Transient;

/// Why an exact answer could not be computed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum AnalysisError {
    /// The model is too big for a method; the limit is configurable.
    #[error("the model needs more than {limit} {what}")]
    TooLarge {
        /// What overflowed.
        what: &'static str,
        /// The limit.
        limit: usize,
    },
    /// A steady-state derivation was asked of a model with a non-repairable component.
    #[error("`{0}` is never repaired, so the model has no steady state to derive; `ninesim analyze` gives its R(T) and MTTFF")]
    NoSteadyState(String),
    /// A steady state was asked of a chain that has none (some component is never repaired).
    #[error("the Markov chain has no steady state: some states are never left once entered (a component is never repaired)")]
    NotErgodic,
    /// The model has a feature the exact methods do not cover; the simulation still does.
    #[error("no exact answer for this model: {0}; the simulation covers it")]
    Unsupported(String),
    /// `explain` was asked of a model that has exact answers, but no block-by-block formulas.
    #[error("{0}")]
    NotExplainable(String),
    /// The states of a Markov chain would not fit in the memory bound.
    #[error(
        "the Markov chain needs more than {states} states of {state_bytes} bytes, more than fit in the {mib} MiB bound on a chain's memory (the `max_states` setting, {max_states}, is lowered to what fits); the simulation covers the model"
    )]
    ChainMemory {
        /// States that fit.
        states: usize,
        /// Bytes of one state.
        state_bytes: usize,
        /// The `max_states` setting.
        max_states: usize,
        /// The memory bound in MiB.
        mib: usize,
    },
    /// A figure the exact methods need is beyond f64's range (a law whose mean overflows).
    #[error("no exact answer for this model: {0}")]
    OutOfRange(String),
}

/// Refuses a model whose laws' means are not normal positive f64 numbers: MTTF/(MTTF + MTTR)
/// would be ∞/∞ = NaN (a lognormal with σ = 40 has a mean of e⁸⁰⁰), and a subnormal mean
/// (5e-324) has a rate or scale that overflows in the special functions of S(t) and F(t), which
/// then read as a component that never fails. An answer built on either would be silently wrong.
fn check_means(system: &System) -> Result<(), AnalysisError> {
    for c in system.components() {
        let mut laws = vec![("time to failure", &c.failure)];
        laws.extend(c.repair.iter().map(|r| ("repair time", r)));
        laws.extend(c.detection.iter().map(|d| ("detection delay", d)));
        laws.extend(c.remediation.iter().map(|r| ("remediation time", &r.time)));
        for (what, law) in laws {
            let mean = law.mean();
            if !(mean.is_normal() && mean > 0.0) {
                return Err(AnalysisError::OutOfRange(format!(
                    "the mean {what} of `{}` is {mean}, beyond the range of the exact arithmetic (a positive f64 between 2.2e-308 and 1.8e308); the simulation still samples it",
                    c.name
                )));
            }
        }
    }
    Ok(())
}

/// How a model is solved exactly.
#[derive(Debug, Clone)]
pub enum ExactMethod {
    /// Independent components: the structure function, on this system (the model's, with
    /// `depends_on` written into the structure: shared fate is exactly a series with the
    /// dependency).
    Structure(Box<System>),
    /// Components that depend on each other (shared crews, standby, common causes, votes on
    /// unequal capacities), all laws exponential: the Markov chain of [`dependent`]. The text
    /// says what makes them dependent.
    Chain(String),
}

/// Which exact method applies to `system`, or an error naming what none of them covers.
pub fn solvable(system: &System) -> Result<ExactMethod, AnalysisError> {
    check_means(system)?;
    if let Some(c) = system.components().iter().find(|c| c.maintenance.is_some()) {
        return Err(AnalysisError::Unsupported(format!(
            "planned maintenance of `{}` (periodic windows have no exact method here)",
            c.kind_id
        )));
    }
    let mut reasons = system.dependence();
    if let Some(b) = system.blocks().iter().find(|b| b.kind == crate::model::BlockKind::Capacity) {
        reasons.push(format!("the capacity vote at {} (unequal capacities)", b.path));
    }
    if reasons.is_empty() {
        return Ok(ExactMethod::Structure(Box::new(system.with_dependencies_in_structure())));
    }
    let reasons = reasons.join(", ");
    match dependent::DependentChain::new(system) {
        Ok(_) => Ok(ExactMethod::Chain(reasons)),
        Err(AnalysisError::Unsupported(why)) => Err(AnalysisError::Unsupported(format!("{reasons} need a Markov chain, and {why}"))),
        Err(e) => Err(e),
    }
}

/// The exact answers of a model of dependent exponential components, from its Markov chain.
struct ChainAnswers {
    states: usize,
    steady: Option<SteadyState>,
    mission: Mission,
}

fn solve_chain(system: &System, config: &AnalysisConfig, notes: &mut Vec<String>) -> Result<ChainAnswers, AnalysisError> {
    let model = dependent::DependentChain::new(system)?;
    let chain = Ctmc::explore(&model, config.max_states)?;
    let steady = match chain.steady_state() {
        Ok(pi) => {
            let m = chain.measures(&pi);
            Some(SteadyState { availability: m.availability, unavailability: m.unavailability, failure_frequency: m.failure_frequency })
        }
        Err(AnalysisError::NotErgodic) => {
            notes.push("no steady state: some component is never repaired; see the mission figures".into());
            None
        }
        Err(e) => return Err(e),
    };
    let (warmup, horizon) = (config.warmup, config.horizon);
    let mut mission = Mission::unknown(config, format!("Markov chain of {} states", chain.len()));
    let mut keep = |what: &str, value: Result<f64, AnalysisError>| match value {
        Ok(v) => Some(v),
        Err(e) => {
            notes.push(format!("{what} not computed: {e}"));
            None
        }
    };
    mission.window_unavailability = keep("U over the window", chain.interval_unavailability(warmup, horizon));
    mission.point_unavailability = keep("U at the horizon", chain.point_unavailability(horizon));
    mission.reliability = keep("R(T)", chain.reliability(horizon));
    mission.mttff = keep("MTTFF", chain.mttff().map(|t| t.unwrap_or(f64::INFINITY))).filter(|t| t.is_finite());
    Ok(ChainAnswers { states: chain.len(), steady, mission })
}

/// `analyze` for a model of dependent exponential components: the steady state and mission
/// figures from its Markov chain (exact), the cut sets from its structure (exact), and their
/// probabilities and the importance measures from the structure function at each component's
/// own availability (approximate: independence assumed).
fn analyze_chain(system: &System, file: &str, config: &AnalysisConfig, reasons: &str) -> Result<Analysis, AnalysisError> {
    let mut notes = Vec::new();
    let answers = solve_chain(system, config, &mut notes)?;
    notes.push(format!(
        "the components depend on each other ({reasons}): the steady-state and mission figures come from the Markov chain of the whole model (exact); the cut sets are the structure's (exact){}",
        if dependences(system).is_empty() {
            ", and so are their probabilities and the importance measures: the components themselves are independent"
        } else {
            ", but their probabilities and the importance measures take each component at its own long-run unavailability as if the components were independent (approximate)"
        }
    ));
    let spof = system.single_points_of_failure().iter().map(|&c| system.components()[c].name.clone()).collect();
    let method = format!("Markov chain of {} states over {} components", answers.states, system.components().len());
    let mut analysis = Analysis { spof, ..Analysis::new(system, file, method, answers.steady, answers.mission) };
    // A capacity vote alone goes to the chain, but its components are independent: then the
    // structure function's importance and cut set probabilities are exact.
    let reasons: Vec<String> = dependences(system).iter().map(Dependence::describe).collect();
    let approximation = (!reasons.is_empty()).then(|| Approximation {
        figures: vec!["importance".into(), "cut_set_probabilities".into()],
        reasons,
        no_exact: Some("importance measures and cut set probabilities are defined for independent components".into()),
    });
    match analyze_structure(&system.with_dependencies_in_structure(), file, config, approximation.as_ref()) {
        Ok(structural) => {
            analysis.cut_sets = structural.cut_sets;
            analysis.path_sets = structural.path_sets;
            analysis.importance = structural.importance;
            // The structure's own steady state and mission notes are the chain's business here.
            notes.extend(structural.notes.into_iter().filter(|n| n.starts_with("cut sets") || n.starts_with("path sets")));
            analysis.approximate = approximation;
        }
        Err(e) => notes.push(format!("cut sets and importance measures not computed: {e}")),
    }
    analysis.notes = notes;
    Ok(analysis)
}

/// The start of the note that says which figures of an approximate analysis are approximate.
const APPROXIMATE_NOTE: &str = "approximate:";

/// `analyze` for a model with no exact method (dependent components with laws that are not
/// all exponential, planned maintenance): the structure function at each component's own
/// availability. Exact when nothing makes the components dependent (a capacity vote of
/// independent components); else the steady state, importance and cut set probabilities are
/// approximate and the mission figures are not given.
fn analyze_approximate(system: &System, file: &str, config: &AnalysisConfig, why: String) -> Result<Analysis, AnalysisError> {
    let expanded = system.with_dependencies_in_structure();
    let reasons: Vec<String> = dependences(system).iter().map(Dependence::describe).collect();
    if reasons.is_empty() {
        return analyze_structure(&expanded, file, config, None);
    }
    let approximation = Approximation {
        figures: vec!["steady_state".into(), "importance".into(), "cut_set_probabilities".into()],
        reasons,
        no_exact: Some(why),
    };
    let mut analysis = analyze_structure(&expanded, file, config, Some(&approximation))?;
    analysis.approximate = Some(approximation);
    Ok(analysis)
}

/// Settings of an analysis.
#[derive(Debug, Clone, Copy)]
pub struct AnalysisConfig {
    /// Largest cut set order to enumerate (`--max-order`).
    pub max_order: usize,
    /// Also enumerate minimal path sets.
    pub path_sets: bool,
    /// Largest path set order.
    pub max_path_order: usize,
    /// Largest Markov chain (`--max-states`).
    pub max_states: usize,
    /// Largest decision diagram.
    pub max_nodes: usize,
    /// Mission time: R(horizon) and the window [warmup, horizon] of the time-dependent answers.
    pub horizon: f64,
    /// Start of the observation window.
    pub warmup: f64,
}

impl AnalysisConfig {
    /// Defaults: cut sets to order 3, no path sets, 10⁶ states, the model's horizon and warm-up.
    pub fn from_model(system: &System) -> Self {
        Self {
            max_order: 3,
            path_sets: false,
            max_path_order: 8,
            max_states: 1_000_000,
            max_nodes: 20_000_000,
            horizon: system.horizon(),
            warmup: system.warmup(),
        }
    }
}

/// Exact steady-state measures of the system.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct SteadyState {
    /// A = P(system up).
    pub availability: f64,
    /// U = P(system down), computed on its own (not 1 − A).
    pub unavailability: f64,
    /// ω, system failures per unit of time: Σ_i B_i / (MTTF_i + MTTR_i).
    pub failure_frequency: f64,
}

impl SteadyState {
    /// MTBF = 1/ω (`None` when the system cannot fail).
    pub fn mtbf(&self) -> Option<f64> {
        (self.failure_frequency > 0.0).then(|| 1.0 / self.failure_frequency)
    }
    /// MUT = A/ω.
    pub fn mut_(&self) -> Option<f64> {
        (self.failure_frequency > 0.0).then(|| self.availability / self.failure_frequency)
    }
    /// MDT = U/ω.
    pub fn mdt(&self) -> Option<f64> {
        (self.failure_frequency > 0.0).then(|| self.unavailability / self.failure_frequency)
    }
}

/// Steady-state availability and unavailability of each component: MTTF/(MTTF+MTTR) and
/// MTTR/(MTTF+MTTR), or `None` when some component is never repaired.
pub fn component_probabilities(system: &System) -> Option<(Vec<f64>, Vec<f64>)> {
    system
        .components()
        .iter()
        .map(|c| {
            let (mttf, mttr) = (c.mttf(), c.mttr()?);
            Some((mttf / (mttf + mttr), mttr / (mttf + mttr)))
        })
        .collect::<Option<Vec<_>>>()
        .map(|v| v.into_iter().unzip())
}

/// [`component_probabilities`] in extended range: the same values when they are within f64's
/// range, and a q_i far below it (a repair of 10⁻³²⁴ h) kept instead of rounded to 0.
fn component_probabilities_ext(system: &System) -> Option<(Vec<Ext>, Vec<Ext>)> {
    system
        .components()
        .iter()
        .map(|c| {
            let (mttf, mttr) = (c.mttf(), c.mttr()?);
            let total = Ext::from_f64(mttf + mttr);
            Some((Ext::from_f64(mttf).div(total), Ext::from_f64(mttr).div(total)))
        })
        .collect::<Option<Vec<_>>>()
        .map(|v| v.into_iter().unzip())
}

/// The steady state in extended range, with what it was computed from.
struct ExactSteady {
    availability: Ext,
    unavailability: Ext,
    failure_frequency: Ext,
    /// Birnbaum importance of each component.
    birnbaum: Vec<Ext>,
    p: Vec<Ext>,
    q: Vec<Ext>,
}

impl ExactSteady {
    /// The f64 figures (bit for bit those of f64 arithmetic when every figure is in range).
    fn plain(&self) -> SteadyState {
        SteadyState {
            availability: self.availability.to_f64(),
            unavailability: self.unavailability.to_f64(),
            failure_frequency: self.failure_frequency.to_f64(),
        }
    }

    /// Whether U and ω are normal f64 numbers, so that [`ExactSteady::plain`] loses nothing.
    fn in_range(&self) -> bool {
        [self.unavailability, self.failure_frequency].iter().all(|x| x.is_zero() || x.fits_f64())
    }
}

fn steady_state_ext(system: &System, structure: &Structure) -> Option<ExactSteady> {
    let (p, q) = component_probabilities_ext(system)?;
    let (availability, unavailability) = structure.bdd.probability_ext(structure.root, &p, &q);
    let birnbaum = structure.bdd.birnbaum_ext(structure.root, &p, &q);
    // Frequency–duration: the system fails when a component whose state matters fails, so
    // ω = Σ_i P(i critical) · (failure frequency of i) = Σ_i B_i / (MTTF_i + MTTR_i).
    let failure_frequency = system
        .components()
        .iter()
        .zip(&birnbaum)
        .map(|(c, b)| b.div(Ext::from_f64(c.mttf() + c.mttr().unwrap_or(f64::INFINITY))))
        .fold(Ext::ZERO, Ext::add);
    Some(ExactSteady { availability, unavailability, failure_frequency, birnbaum, p, q })
}

/// The exact steady state from the structure function (any distributions: the alternating
/// renewal theorem makes each component's long-run availability depend only on its means).
/// Figures below f64's range come out as 0 here; [`analyze`] states them in log form.
pub fn steady_state(system: &System, structure: &Structure) -> Option<SteadyState> {
    steady_state_ext(system, structure).map(|s| s.plain())
}

/// The exact steady-state availability of each of the first `blocks` blocks of `system`, a
/// system of independent components (the [`ExactMethod::Structure`] system of [`solvable`],
/// whose first blocks are the model's): each block's own structure solved on its own BDD.
/// `None` when some component is never repaired (no steady state).
pub fn block_availabilities(system: &System, blocks: usize, max_nodes: usize) -> Result<Option<Vec<f64>>, AnalysisError> {
    let mut sub = system.clone();
    let mut out = Vec::with_capacity(blocks);
    for b in 0..blocks.min(system.blocks().len()) {
        sub.root = crate::model::Node::Block(b as u32);
        let structure = Structure::compile(&sub, max_nodes)?;
        match steady_state(&sub, &structure) {
            Some(s) => out.push(s.availability),
            None => return Ok(None),
        }
    }
    Ok(Some(out))
}

/// The Markov chain of independent exponential components: a state is the set of components
/// that are down (a bit mask).
struct IndependentExponential<'a> {
    structure: &'a Structure,
    rates: Vec<(f64, Option<f64>)>,
}

impl ChainModel for IndependentExponential<'_> {
    type State = u64;
    fn initial(&self) -> u64 {
        0
    }
    fn is_up(&self, down: &u64) -> bool {
        let up: Vec<bool> = (0..self.rates.len()).map(|i| down & (1 << i) == 0).collect();
        self.structure.bdd.eval(self.structure.root, &up)
    }
    fn transitions(&self, down: &u64, out: &mut Vec<(u64, f64)>) {
        for (i, &(lambda, mu)) in self.rates.iter().enumerate() {
            let bit = 1u64 << i;
            if down & bit == 0 {
                out.push((down | bit, lambda));
            } else if let Some(mu) = mu {
                out.push((down & !bit, mu));
            }
        }
    }
}

/// Analyses `system`: steady state, mission answers, cut sets and importance. Every valid model
/// gets its cut sets, single points of failure and importance measures; figures that are not
/// exact are listed in [`Analysis::approximate`], with why.
pub fn analyze(system: &System, file: &str, config: &AnalysisConfig) -> Result<Analysis, AnalysisError> {
    match solvable(system) {
        Ok(ExactMethod::Structure(expanded)) => analyze_structure(&expanded, file, config, None),
        Ok(ExactMethod::Chain(reasons)) => analyze_chain(system, file, config, &reasons),
        Err(AnalysisError::Unsupported(why)) => analyze_approximate(system, file, config, why),
        Err(e) => Err(e),
    }
}

/// The structure function's answers on `system` (`depends_on` already written into its
/// structure). With `approximate`, the components are not independent: the figures it names
/// are marked so, and the mission figures (which need the components' joint law) are not given.
fn analyze_structure(
    system: &System,
    file: &str,
    config: &AnalysisConfig,
    approximate: Option<&Approximation>,
) -> Result<Analysis, AnalysisError> {
    let mut structure = Structure::compile(system, config.max_nodes)?;
    let names = |set: &[u32]| set.iter().map(|&c| system.components()[c as usize].name.clone()).collect::<Vec<_>>();
    let mut notes = Vec::new();
    let exact = steady_state_ext(system, &structure);
    let steady = exact.as_ref().map(ExactSteady::plain);
    if steady.is_none() {
        notes.push("no steady state: some component is never repaired, so the long-run availability is 0; see the mission figures".into());
    }
    let mission = match approximate {
        None => mission(system, &structure, config, &mut notes),
        Some(a) => {
            let why = dependences(system).into_iter().map(|d| d.what).collect::<Vec<_>>().join(", ");
            notes.push(format!(
                "{APPROXIMATE_NOTE} {} the structure function at each component's own long-run unavailability, as if the components were independent, but {why} make them dependent or add downtime; the cut sets and single points of failure depend only on the structure and are exact; `--simulate` (or `ninesim run`) gives the model's own figures",
                if Approximation::covers(Some(a), "steady_state") {
                    "the steady state, the importance measures and the cut set probabilities come from"
                } else {
                    "the importance measures and the cut set probabilities come from"
                }
            ));
            let m = Mission::unknown(
                config,
                "not computed: the components are not independent, or have downtime their own laws leave out, and no exact method applies"
                    .into(),
            );
            notes.push(
                "U over the window, U at the horizon, R(T) and MTTFF not computed: they need the joint law of dependent components".into(),
            );
            m
        }
    };

    // Component probabilities for cut sets and importance: steady state, else at the horizon.
    let transient = Transient::new(system, &structure);
    let probabilities: Option<(Vec<Ext>, Vec<Ext>)> = match &exact {
        Some(s) => Some((s.p.clone(), s.q.clone())),
        None => transient.as_ref().map(|t| {
            let (p, q) = t.components(config.horizon);
            (p.into_iter().map(Ext::from_f64).collect(), q.into_iter().map(Ext::from_f64).collect())
        }),
    };
    if steady.is_none() && probabilities.is_some() {
        notes.push(format!("importance and cut set probabilities are at the horizon t = {}", config.horizon));
    }

    let cut_sets = match cutsets::minimal_sets(system, SetKind::Cut, config.max_order, 20_000_000) {
        Ok(sets) => Some(sets),
        Err(e) => {
            notes.push(format!("cut sets not enumerated: {e}"));
            None
        }
    };
    let path_sets = if config.path_sets {
        match cutsets::minimal_sets(system, SetKind::Path, config.max_path_order, 20_000_000) {
            Ok(sets) => Some(PathSets { max_order: config.max_path_order, sets: sets.iter().map(|s| names(s)).collect() }),
            Err(e) => {
                notes.push(format!("path sets not enumerated: {e}"));
                None
            }
        }
    } else {
        None
    };

    let (complete, fv) = match &cut_sets {
        Some(sets) => cut_set_union(&mut structure, sets, probabilities.as_ref())?,
        None => (false, None),
    };
    let spofs = system.single_points_of_failure();
    let importance = match &probabilities {
        Some((p, q)) => importance(system, &structure, p, q, fv.as_deref(), &spofs),
        None => Vec::new(),
    };
    if probabilities.is_none() {
        notes.push("importance measures need steady-state or closed-form component probabilities".into());
    }
    let cut_sets = cut_sets.map(|sets| {
        let probability =
            |set: &[u32]| probabilities.as_ref().map(|(_, q)| set.iter().map(|&c| q[c as usize]).fold(Ext::ONE, Ext::mul).to_f64());
        let total: Option<f64> = probabilities.as_ref().map(|_| sets.iter().filter_map(|s| probability(s)).sum());
        let mut listed: Vec<CutSet> = sets
            .iter()
            .map(|s| {
                let p = probability(s);
                CutSet { components: names(s), probability: p, share: p.zip(total).map(|(p, t)| if t > 0.0 { p / t } else { 0.0 }) }
            })
            .collect();
        listed.sort_by(|a, b| {
            a.components.len().cmp(&b.components.len()).then(b.probability.unwrap_or(0.0).total_cmp(&a.probability.unwrap_or(0.0)))
        });
        CutSets { max_order: config.max_order, complete, rare_event_sum: total, sets: listed }
    });

    let method = match approximate.filter(|a| Approximation::covers(Some(a), "steady_state")) {
        None => format!("structure function (BDD of {} nodes over {} components)", structure.size(), system.components().len()),
        Some(_) => format!(
            "structure function at each component's own availability, independence assumed (BDD of {} nodes over {} components)",
            structure.size(),
            system.components().len()
        ),
    };
    let mut analysis = Analysis {
        cut_sets,
        path_sets,
        importance,
        spof: spofs.iter().map(|&c| system.components()[c].name.clone()).collect(),
        notes,
        ..Analysis::new(system, file, method, steady, mission)
    };
    if let Some(exact) = exact.as_ref().filter(|s| !s.in_range()) {
        state_beyond_f64(&mut analysis, exact, system);
    }
    Ok(analysis)
}

/// Replaces the figures that f64 cannot carry (they came out of [`ExactSteady::plain`] as 0, a
/// subnormal or ∞) by their log form or null, and computes the ratios (MDT, MUT, MTBF) in
/// extended range, where U/ω of two numbers far below f64's range is an ordinary number.
fn state_beyond_f64(a: &mut Analysis, s: &ExactSteady, system: &System) {
    let normal = |x: Ext| (!x.is_zero() && x.fits_f64()).then(|| x.to_f64());
    let (u, omega) = (s.unavailability, s.failure_frequency);
    if !u.is_zero() && !u.fits_f64() {
        let log10 = u.log10();
        a.unavailability = None;
        a.log10_unavailability = Some(log10);
        a.nines = Some(-log10);
        a.downtime_minutes_per_year = normal(u.mul(Ext::from_f64(crate::units::MINUTES_PER_YEAR)));
        a.notes.push(format!(
            "U = 10^{log10:.4} is below the range of f64 numbers: it is given in log form (log10_unavailability = {log10:.6}, nines = {:.6}), never as 0",
            -log10
        ));
    }
    if !omega.is_zero() {
        let per_year = omega.mul(Ext::from_f64(system.year()));
        a.failure_frequency_per_year = normal(per_year);
        a.mtbf = normal(Ext::ONE.div(omega));
        a.r#mut = normal(s.availability.div(omega));
        a.mdt = normal(u.div(omega));
        if a.failure_frequency_per_year.is_none() {
            let log10 = per_year.log10();
            a.log10_failure_frequency_per_year = Some(log10);
            a.notes.push(format!(
                "ω = 10^{log10:.4} per year and MTBF = 10^{:.4} {} are beyond the range of f64 numbers: ω is given as log10_failure_frequency_per_year",
                -omega.log10(),
                system.time_unit.symbol()
            ));
        }
    }
}
