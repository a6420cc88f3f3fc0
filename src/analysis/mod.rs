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
pub(crate) mod dependent;
pub mod explain;
pub(crate) mod extended;
pub mod markov;
mod result;
pub mod structure;
pub(crate) mod transient;

pub use result::{Analysis, Approximation, CutSet, CutSets, Importance, Mission, PathSets, SimulationCheck, Verdict};

use serde::{Deserialize, Serialize};

use crate::model::System;
use cutsets::SetKind;
use extended::Ext;
use markov::{ChainModel, Ctmc};
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

/// One thing that makes the structure function at the components' own availabilities only an
/// approximation: what it is (as [`System::dependence`] words it), why, and the components it
/// touches.
#[derive(Debug, Clone, PartialEq)]
pub struct Dependence {
    /// What: "crew `dba` (1 for 2 components)", "common cause `bad-deploy`", ….
    pub what: String,
    /// Why the independent formula is off there.
    pub effect: &'static str,
    /// The components (indices) it touches.
    pub components: Vec<usize>,
}

impl Dependence {
    /// "what (effect)", for lists of reasons.
    pub fn describe(&self) -> String {
        format!("{}: {}", self.what, self.effect)
    }
}

/// What makes the components of `system` dependent, or gives them downtime their own laws do
/// not carry (planned maintenance, a crew's response delay): empty exactly when the structure
/// function at each component's own availability is the exact steady state. `depends_on` is
/// not among them: written into the structure it is exact.
pub fn dependences(system: &System) -> Vec<Dependence> {
    let components = system.components();
    let mut out = Vec::new();
    for (k, crew) in system.crews.iter().enumerate() {
        let members: Vec<usize> = (0..components.len()).filter(|&c| components[c].crew == Some(k as u32)).collect();
        if members.len() > crew.size as usize {
            out.push(Dependence {
                what: format!("crew `{}` ({} for {} components)", crew.id, crew.size, members.len()),
                effect: "its members queue for the repairers, so each is down longer than its own MTTR and their repairs are not independent",
                components: members,
            });
        } else if crew.response.is_some() && !members.is_empty() {
            out.push(Dependence {
                what: format!("crew `{}`'s response delay", crew.id),
                effect: "it adds to every repair, and the components' own MTTR leaves it out",
                components: members,
            });
        }
    }
    for s in &system.standbys {
        out.push(Dependence {
            what: format!("standby block at {}", system.blocks()[s.block as usize].path),
            effect: "a spare takes over only after a switchover that can fail, and a waiting spare ages at its own rate; the structure takes the units as a parallel block of independent units with instant, perfect failover",
            components: s.units.iter().map(|&u| u as usize).collect(),
        });
    }
    for cc in &system.common_causes {
        out.push(Dependence {
            what: format!("common cause `{}`", cc.id),
            effect: "its shocks fail the members together, and the members' own MTTF leaves them out",
            components: cc.members.iter().map(|&m| m as usize).collect(),
        });
    }
    let mut kinds: Vec<&str> = Vec::new();
    for c in components.iter().filter(|c| c.maintenance.is_some()) {
        if !kinds.contains(&c.kind_id.as_str()) {
            kinds.push(&c.kind_id);
            out.push(Dependence {
                what: format!("planned maintenance of `{}`", c.kind_id),
                effect: "its windows are downtime the component's own MTTF and MTTR leave out",
                components: (0..components.len()).filter(|&i| components[i].kind_id == c.kind_id).collect(),
            });
        }
    }
    out
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

/// Time-dependent answers: from the structure function when every A_i(t) is known, and from
/// the Markov chain of the components for R(T) and MTTFF of repairable exponential models.
fn mission(system: &System, structure: &Structure, config: &AnalysisConfig, notes: &mut Vec<String>) -> Mission {
    let (warmup, horizon) = (config.warmup, config.horizon);
    let mut m = Mission::unknown(config, String::new());
    let Some(transient) = Transient::new(system, structure) else {
        m.method = "time-dependent answers need exponential repairable components or non-repairable ones".into();
        return m;
    };
    // U(t) of a very redundant system can be far below f64's range: null and said, never 0.
    let point = transient.point_ext(horizon).1;
    let window = transient.window_unavailability(warmup, horizon);
    if point.is_zero() || point.fits_f64() {
        m.point_unavailability = Some(point.to_f64());
    } else {
        notes.push(format!("U at the horizon = 10^{:.4} is below the range of f64 numbers: not given", point.log10()));
    }
    if window >= f64::MIN_POSITIVE || point.is_zero() {
        m.window_unavailability = Some(window);
    } else {
        notes.push("U over the window is below the range of f64 numbers: not given".into());
    }
    if transient.all_non_repairable() {
        m.reliability = Some(transient.point(horizon).0);
        m.mttff = Some(transient.non_repairable_mttff());
        m.method = "structure function at the components' survival probabilities (no repairs: R(t) = A(t))".into();
        return m;
    }
    let n = system.components().len();
    m.method = "structure function at the components' point availabilities".into();
    if system.components().iter().any(|c| c.failure.exponential_rate().is_none()) {
        notes.push("R(T) and MTTFF of a repairable model need exponential failure laws (a Markov chain)".into());
        return m;
    }
    let chain_states = if n < 63 { 1u64 << n } else { u64::MAX };
    if n >= 63 || chain_states > config.max_states as u64 {
        notes.push(format!(
            "R(T) and MTTFF need a Markov chain of 2^{n} states, more than the limit of {} (--max-states)",
            config.max_states
        ));
        return m;
    }
    let model = IndependentExponential {
        structure,
        rates: system.components().iter().map(|c| (1.0 / c.mttf(), c.mttr().map(|r| 1.0 / r))).collect(),
    };
    let chain = match Ctmc::explore(&model, config.max_states) {
        Ok(chain) => chain,
        Err(e) => {
            notes.push(format!("R(T) and MTTFF not computed: {e}"));
            return m;
        }
    };
    m.method += &format!("; R(T) and MTTFF from a Markov chain of {} states", chain.len());
    match chain.reliability(horizon) {
        Ok(r) => m.reliability = Some(r),
        Err(e) => notes.push(format!("R(T) not computed: {e}")),
    }
    match chain.mttff() {
        Ok(t) => m.mttff = t,
        Err(e) => notes.push(format!("MTTFF not computed: {e}")),
    }
    m
}

/// Builds "some listed cut set has failed" on the BDD: whether it equals "system down" (the
/// list is complete), and each component's Fussell–Vesely importance, the exact probability
/// of the union of its cut sets over U.
fn cut_set_union(
    structure: &mut Structure,
    sets: &[Vec<u32>],
    probabilities: Option<&(Vec<Ext>, Vec<Ext>)>,
) -> Result<(bool, Option<Vec<f64>>), AnalysisError> {
    let bdd = &mut structure.bdd;
    let mut conjunctions = Vec::with_capacity(sets.len());
    for set in sets {
        // "All of the set down": ∧ ¬x_c, folded from the deepest variable up.
        let mut f = bdd::TRUE;
        let mut members: Vec<u32> = set.clone();
        members.sort_by_key(|&c| std::cmp::Reverse(bdd.level(c)));
        for c in members {
            let x = bdd.variable(c)?;
            let down = bdd.not(x)?;
            f = bdd.and(down, f)?;
        }
        conjunctions.push(f);
    }
    // A balanced tree of ∨ over the sets in variable order: neighbours share variables, so the
    // partial unions stay small (a left fold re-walks the growing union for every set).
    let mut order: Vec<usize> = (0..sets.len()).collect();
    order.sort_by_key(|&k| sets[k].iter().map(|&c| bdd.level(c)).min());
    let union = balanced_or(bdd, &order.iter().map(|&k| conjunctions[k]).collect::<Vec<_>>())?;
    let down = bdd.not(structure.root)?;
    let complete = union == down;
    let Some((p, q)) = probabilities else { return Ok((complete, None)) };
    let (_, u) = bdd.probability_ext(structure.root, p, q);
    let components = p.len();
    let mut per_component: Vec<Vec<usize>> = vec![Vec::new(); components];
    for (k, set) in sets.iter().enumerate() {
        for &c in set {
            per_component[c as usize].push(k);
        }
    }
    let mut fv = vec![0.0; components];
    for (c, list) in per_component.iter().enumerate() {
        let f = balanced_or(bdd, &list.iter().map(|&k| conjunctions[k]).collect::<Vec<_>>())?;
        fv[c] = if u.is_zero() { 0.0 } else { bdd.probability_ext(f, p, q).0.div(u).to_f64() };
    }
    Ok((complete, Some(fv)))
}

/// f₀ ∨ f₁ ∨ … as a balanced tree.
fn balanced_or(bdd: &mut bdd::Bdd, fs: &[bdd::NodeId]) -> Result<bdd::NodeId, AnalysisError> {
    match fs.len() {
        0 => Ok(bdd::FALSE),
        1 => Ok(fs[0]),
        n => {
            let left = balanced_or(bdd, &fs[..n / 2])?;
            let right = balanced_or(bdd, &fs[n / 2..])?;
            bdd.or(left, right)
        }
    }
}

/// Birnbaum, criticality, RAW and RRW from the BDD. U is multilinear in q_i, so
/// U(i down) = U + p_i·B_i (a sum of positive terms) and U(i up) = U − q_i·B_i; the latter
/// loses digits when component i carries almost all of U, and is then evaluated directly with
/// q_i = 0 (O(size) for those few components, O(size) in all for the rest).
/// Most node evaluations spent on U(i never down) evaluated directly.
const MAX_DIRECT_WORK: usize = 50_000_000;

fn importance(system: &System, structure: &Structure, p: &[Ext], q: &[Ext], fv: Option<&[f64]>, spofs: &[usize]) -> Vec<Importance> {
    let flat = structure.bdd.flatten(structure.root);
    let (_, u) = flat.probability_ext(p, q);
    let birnbaum = structure.bdd.birnbaum_ext(structure.root, p, q);
    let (mut p1, mut q1) = (p.to_vec(), q.to_vec());
    let threshold = Ext::from_f64(1e-6).mul(u);
    // The direct evaluations are O(size) each: a budget keeps a 60,000-wide parallel (every
    // unit carries all of U) from taking O(size²); past it the difference is kept.
    let mut budget = MAX_DIRECT_WORK / flat.len().max(1);
    system
        .components()
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let u_down = u.add(p[i].mul(birnbaum[i]));
            let mut u_up = u.sub(q[i].mul(birnbaum[i]));
            if u_up.lt(threshold) && budget > 0 {
                budget -= 1;
                (p1[i], q1[i]) = (Ext::ONE, Ext::ZERO);
                u_up = flat.probability_ext(&p1, &q1).1;
                (p1[i], q1[i]) = (p[i], q[i]);
            }
            let b = birnbaum[i];
            Importance {
                id: c.name.clone(),
                unavailability: q[i].to_f64(),
                birnbaum: b.to_f64(),
                criticality: if u.is_zero() { 0.0 } else { b.mul(q[i]).div(u).to_f64() },
                fussell_vesely: fv.map(|f| f[i]),
                raw: if u.is_zero() { f64::NAN } else { u_down.div(u).to_f64() },
                rrw: (Ext::ZERO.lt(u_up)).then(|| u.div(u_up).to_f64()),
                spof: spofs.contains(&i),
                log10_birnbaum: (!b.is_zero() && !b.fits_f64()).then(|| b.log10()),
                simulated_criticality: None,
                simulated_contribution: None,
            }
        })
        .collect()
}
