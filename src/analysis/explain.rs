//! A worked, block-by-block derivation of the steady-state availability, for students.
//!
//! The structure is evaluated bottom-up with the textbook rule of each block (the numbers are
//! the same as the BDD's; a test holds them equal). A component used in several places makes
//! the blocks above it dependent, so the derivation conditions on it (the factoring theorem,
//! or total probability): A = A_s·A[s up] + U_s·A[s down].

use serde::{Deserialize, Serialize};

use super::{SteadyState, component_probabilities};
use crate::model::ModelInfo;
use crate::model::{BlockKind, Node, System};
use crate::stats::Estimate;
use crate::units::fmt::{number as num, probability as prob, small_or_plain as sci};

/// Most shared components factored on explicitly (2^m cases).
pub const MAX_FACTORED: usize = 4;

/// The rule a step applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Rule {
    /// A = MTTF/(MTTF + MTTR).
    Component,
    /// A = Π A_i.
    Series,
    /// U = Π U_i.
    Parallel,
    /// Binomial sum over identical children.
    KOfNIdentical,
    /// Poisson-binomial recurrence over different children.
    KOfN,
    /// Total probability over shared components.
    Factoring,
    /// Read off the BDD (too many shared components to factor by hand).
    Bdd,
    /// A capacity vote: P(the up members' capacity reaches the minimum), read off the block's
    /// decision diagram.
    Capacity,
}

/// One line of the derivation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Step {
    /// The name the step gives its result (a component name, or B1, B2, … for blocks).
    pub name: String,
    /// What it is: "component", "parallel of lb[1], lb[2]", …
    pub what: String,
    /// JSON path in the model (blocks) or component id.
    pub path: String,
    /// The rule applied.
    pub rule: Rule,
    /// The formula in symbols.
    pub formula: String,
    /// The formula with the numbers plugged in.
    pub numbers: String,
    /// Result: availability.
    pub availability: f64,
    /// Result: unavailability (computed on its own, not 1 − A).
    pub unavailability: f64,
    /// The simulated unavailability of the same block or component, when a run was made.
    pub simulated: Option<Estimate>,
    /// The condition of a factoring case ("dns up"), empty outside factoring.
    pub condition: String,
    /// What makes this step only an approximation (the `what` of each
    /// [`Explanation::approximate`] that touches a component below it); empty: exact.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub approximate: Vec<String>,
}

/// Where the maths stops: something that makes the components below a step dependent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Stop {
    /// What: "crew `dba` (1 for 2 components)".
    pub what: String,
    /// Why the independent formula is off there.
    pub effect: String,
    /// The components it touches.
    pub components: Vec<String>,
}

/// The whole derivation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Explanation {
    /// The model.
    pub model: ModelInfo,
    /// Unit of every time.
    pub time_unit: crate::model::TimeUnit,
    /// Shared components (used in more than one place).
    pub shared: Vec<String>,
    /// Steps, bottom-up; the last one is the system.
    pub steps: Vec<Step>,
    /// The exact steady state of the system (from the BDD).
    pub exact: SteadyState,
    /// ω per year.
    pub failure_frequency_per_year: f64,
    /// The simulated system unavailability, when a run was made.
    pub simulated: Option<Estimate>,
    /// Replications of that run.
    pub replications: Option<u64>,
    /// Why the derivation falls back on the BDD for some blocks, if it does.
    pub note: Option<String>,
    /// What makes the components dependent; when not empty, `exact` and every step marked
    /// `approximate` take the components as independent (an approximation).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub approximate: Vec<Stop>,
    /// The model's exact steady state from its Markov chain, when the components are dependent
    /// but the chain applies (every law exponential, the chain small enough).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chain: Option<SteadyState>,
    /// Why there is no exact answer, when the components are dependent and no chain applies.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub no_exact: Option<String>,
}

/// What a run of the same model measured, for the simulated value beside each step (plain
/// data: the analysis never sees a simulation, the study layer fills this in).
#[derive(Debug, Clone, PartialEq)]
pub struct Simulated {
    /// Replications run.
    pub replications: u64,
    /// The system's unavailability over the window.
    pub unavailability: Estimate,
    /// Each component instance's unavailability, in model order.
    pub components: Vec<Estimate>,
    /// Each block's unavailability, in block order.
    pub blocks: Vec<Estimate>,
}

/// The worked example of a loaded model, with a run's figures for the simulated values.
/// Where the components depend on each other, the formulas take them as independent and the
/// steps above a dependence are marked approximate, with the Markov chain's exact answer beside
/// them when it applies. Refused only without a steady state (a component never repaired).
pub fn explain_model(model: &crate::model::Model, tally: Option<&Simulated>) -> Result<Explanation, super::AnalysisError> {
    let (expanded, chain, no_exact) = match super::solvable(&model.system) {
        Ok(super::ExactMethod::Structure(expanded)) => (*expanded, None, None),
        Ok(super::ExactMethod::Chain(_)) => {
            (model.system.with_dependencies_in_structure(), super::steady_reference(&model.system).map(|(_, s)| s), None)
        }
        Err(super::AnalysisError::Unsupported(why)) => (model.system.with_dependencies_in_structure(), None, Some(why)),
        Err(e) => return Err(e),
    };
    let system = &expanded;
    let structure = super::structure::Structure::compile(system, 20_000_000)?;
    let no_steady = || {
        let c = system.components().iter().find(|c| c.repair.is_none());
        super::AnalysisError::NoSteadyState(c.map_or(String::new(), |c| c.name.clone()))
    };
    let exact = super::steady_state(system, &structure).ok_or_else(no_steady)?;
    let mut x = explain(system, &model.file.display().to_string(), exact, tally).ok_or_else(no_steady)?;
    if !x.approximate.is_empty() {
        x.chain = chain;
        x.no_exact = no_exact;
    }
    Ok(x)
}

/// Derives the system's availability step by step. `None` when some component is never
/// repaired (no steady state). `tally`: a run of the same model, for the simulated values.
/// Where components depend on each other ([`super::dependences`]) the steps are those of
/// independent components, marked approximate.
pub fn explain(system: &System, file: &str, exact: SteadyState, tally: Option<&Simulated>) -> Option<Explanation> {
    let (p, q) = component_probabilities(system)?;
    let shared = shared_components(system);
    let dependences = super::dependences(system);
    // A capacity vote's probability is read off its decision diagram.
    let structure = if system.blocks().iter().any(|b| b.kind == BlockKind::Capacity) {
        Some(super::structure::Structure::compile(system, 20_000_000).ok()?)
    } else {
        None
    };
    let mut ex = Explainer {
        system,
        shared: shared.clone(),
        names: vec![String::new(); system.blocks().len()],
        steps: Vec::new(),
        tally,
        next_block: 0,
        dependences: &dependences,
        structure: structure.as_ref(),
    };
    // Components first, in model order.
    for (c, comp) in system.components().iter().enumerate() {
        let (mttf, mttr) = (comp.mttf(), comp.mttr().unwrap_or(f64::NAN));
        ex.steps.push(Step {
            name: comp.name.clone(),
            what: "component".into(),
            path: comp.kind_id.clone(),
            rule: Rule::Component,
            formula: "A = MTTF / (MTTF + MTTR)".into(),
            numbers: format!("A = {} / ({} + {})", num(mttf), num(mttf), num(mttr)),
            availability: p[c],
            unavailability: q[c],
            simulated: tally.map(|t| t.components[c]),
            condition: String::new(),
            approximate: ex.approximate_below(Node::Component(c as u32)),
        });
    }
    ex.name_blocks(system.root());
    let note = (shared.len() > MAX_FACTORED).then(|| {
        format!(
            "{} components are shared; factoring on all of them would take 2^{} cases, so the system line is taken from the BDD (the blocks without a shared component are derived above)",
            shared.len(),
            shared.len()
        )
    });
    if shared.is_empty() {
        ex.evaluate(system.root(), &p, &q, "", true);
    } else if shared.len() <= MAX_FACTORED {
        ex.factor(&shared, &p, &q);
    } else {
        ex.evaluate_independent(system.root(), &shared, &p, &q);
        ex.steps.push(Step {
            name: "system".into(),
            what: "the whole structure".into(),
            path: "system".into(),
            rule: Rule::Bdd,
            formula: "A = P(φ(X) = 1), summed over the paths of the BDD (Shannon expansion on every component)".into(),
            numbers: String::new(),
            availability: exact.availability,
            unavailability: exact.unavailability,
            simulated: tally.map(|t| t.unavailability),
            condition: String::new(),
            approximate: ex.approximate_below(system.root()),
        });
    }
    let components = system.components();
    Some(Explanation {
        model: ModelInfo { name: system.name.clone(), file: file.to_string() },
        time_unit: system.time_unit,
        shared: shared.iter().map(|&c| system.components()[c].name.clone()).collect(),
        steps: ex.steps,
        exact,
        failure_frequency_per_year: exact.failure_frequency * system.year(),
        simulated: tally.map(|t| t.unavailability),
        replications: tally.map(|t| t.replications),
        note,
        approximate: dependences
            .iter()
            .map(|d| Stop {
                what: d.what.clone(),
                effect: d.effect.to_string(),
                components: d.components.iter().map(|&c| components[c].name.clone()).collect(),
            })
            .collect(),
        chain: None,
        no_exact: None,
    })
}

/// Components that appear in more than one place in the structure.
fn shared_components(system: &System) -> Vec<usize> {
    (0..system.components().len()).filter(|&c| system.parents_of(c).len() > 1).collect()
}

struct Explainer<'a> {
    system: &'a System,
    /// Components used in more than one place.
    shared: Vec<usize>,
    names: Vec<String>,
    steps: Vec<Step>,
    tally: Option<&'a Simulated>,
    next_block: usize,
    /// What makes components dependent.
    dependences: &'a [super::Dependence],
    /// The structure's diagram, when a capacity vote needs it.
    structure: Option<&'a super::structure::Structure>,
}

impl Explainer<'_> {
    /// The dependences that touch `node` or a component below it (a standby block's own
    /// dynamics count at the block and above).
    fn approximate_below(&self, node: Node) -> Vec<String> {
        self.dependences
            .iter()
            .filter(|d| {
                let members: Vec<usize> = d.components.clone();
                self.contains(node, &members)
            })
            .map(|d| d.what.clone())
            .collect()
    }

    /// Names blocks B1, B2, … in the order they are derived (children before parents).
    fn name_blocks(&mut self, node: Node) {
        if let Node::Block(b) = node {
            for &child in &self.system.blocks()[b as usize].children {
                self.name_blocks(child);
            }
            self.next_block += 1;
            self.names[b as usize] = format!("B{}", self.next_block);
        }
    }

    fn label(&self, node: Node) -> String {
        match node {
            Node::Component(c) => self.system.components()[c as usize].name.clone(),
            Node::Block(b) => self.names[b as usize].clone(),
        }
    }

    fn contains(&self, node: Node, targets: &[usize]) -> bool {
        match node {
            Node::Component(c) => targets.contains(&(c as usize)),
            Node::Block(b) => self.system.blocks()[b as usize].children.iter().any(|&ch| self.contains(ch, targets)),
        }
    }

    /// Total probability over every up/down combination of the shared components.
    fn factor(&mut self, shared: &[usize], p: &[f64], q: &[f64]) {
        let root = self.system.root();
        // Blocks that do not contain a shared component are derived once, unconditionally.
        self.evaluate_independent(root, shared, p, q);
        let mut terms = Vec::new();
        let (mut a, mut u) = (0.0, 0.0);
        for mask in 0..(1usize << shared.len()) {
            let (mut pc, mut qc) = (p.to_vec(), q.to_vec());
            let mut weight = 1.0;
            let mut condition = Vec::new();
            let mut factors = Vec::new();
            for (k, &c) in shared.iter().enumerate() {
                let name = &self.system.components()[c].name;
                if mask & (1 << k) == 0 {
                    weight *= p[c];
                    factors.push(format!("A({name})"));
                    condition.push(format!("{name} up"));
                    (pc[c], qc[c]) = (1.0, 0.0);
                } else {
                    weight *= q[c];
                    factors.push(format!("U({name})"));
                    condition.push(format!("{name} down"));
                    (pc[c], qc[c]) = (0.0, 1.0);
                }
            }
            let condition = condition.join(", ");
            let (ac, uc) = self.evaluate(root, &pc, &qc, &condition, false);
            a += weight * ac;
            u += weight * uc;
            terms.push((factors.join("·"), weight, condition, ac, uc));
        }
        let formula = terms.iter().map(|(f, _, c, _, _)| format!("{f}·A[{c}]")).collect::<Vec<_>>().join(" + ");
        let numbers = terms.iter().map(|(_, w, _, ac, _)| format!("{}·{}", prob(*w), prob(*ac))).collect::<Vec<_>>().join(" + ");
        let names: Vec<String> = shared.iter().map(|&c| self.system.components()[c].name.clone()).collect();
        self.steps.push(Step {
            name: "system".into(),
            what: format!("factoring on {}", names.join(", ")),
            path: "system".into(),
            rule: Rule::Factoring,
            formula: format!("A = {formula}"),
            numbers: format!("A = {numbers}"),
            availability: a,
            unavailability: u,
            simulated: self.tally.map(|t| t.unavailability),
            condition: String::new(),
            approximate: self.approximate_below(root),
        });
    }

    /// Derives (once) every block with no shared component below it.
    fn evaluate_independent(&mut self, node: Node, shared: &[usize], p: &[f64], q: &[f64]) {
        if let Node::Block(b) = node {
            if self.contains(node, shared) {
                for &child in &self.system.blocks()[b as usize].children.clone() {
                    self.evaluate_independent(child, shared, p, q);
                }
            } else {
                self.evaluate(node, p, q, "", true);
            }
        }
    }

    /// Derives `node`, recording a step per block; `record_all`: also blocks already derived
    /// unconditionally are recorded (false inside factoring, where only the blocks that depend
    /// on the condition are new).
    fn evaluate(&mut self, node: Node, p: &[f64], q: &[f64], condition: &str, record_all: bool) -> (f64, f64) {
        let b = match node {
            Node::Component(c) => return (p[c as usize], q[c as usize]),
            Node::Block(b) => b as usize,
        };
        let block = self.system.blocks()[b].clone();
        let values: Vec<(f64, f64)> = block.children.iter().map(|&ch| self.evaluate(ch, p, q, condition, record_all)).collect();
        let labels: Vec<String> = block.children.iter().map(|&ch| self.label(ch)).collect();
        let n = values.len();
        let (rule, formula, numbers, a, u) = match block.kind {
            BlockKind::Series => {
                let a: f64 = values.iter().map(|v| v.0).product();
                // U = 1 − Π(1 − U_i), through logs so a tiny U keeps its digits.
                let u = -values.iter().map(|v| (-v.1).ln_1p()).sum::<f64>().exp_m1();
                let formula = format!("A = {}", labels.iter().map(|l| format!("A({l})")).collect::<Vec<_>>().join(" × "));
                let numbers = format!("A = {}", values.iter().map(|v| prob(v.0)).collect::<Vec<_>>().join(" × "));
                (Rule::Series, formula, numbers, a, u)
            }
            // Structurally a standby block is a parallel one (the dynamics are its dependence).
            BlockKind::Parallel | BlockKind::Standby(_) => {
                let u: f64 = values.iter().map(|v| v.1).product();
                let a = 1.0 - u;
                let formula = format!("U = {}, A = 1 − U", labels.iter().map(|l| format!("U({l})")).collect::<Vec<_>>().join(" × "));
                let numbers = format!("U = {}", values.iter().map(|v| sci(v.1)).collect::<Vec<_>>().join(" × "));
                (Rule::Parallel, formula, numbers, a, u)
            }
            BlockKind::KOfN(k) => {
                let k = k as usize;
                let dist = count_distribution(&values);
                let a: f64 = dist[k..].iter().sum();
                let u: f64 = dist[..k].iter().sum();
                let identical = values.windows(2).all(|w| w[0] == w[1]);
                if identical {
                    let (ai, ui) = values[0];
                    let formula =
                        format!("A = Σ_{{j={k}}}^{{{n}}} C({n}, j) · A^j · U^({n}−j)   with A = A({}), U = U({})", labels[0], labels[0]);
                    let numbers = format!(
                        "A = {}",
                        (k..=n)
                            .map(|j| format!("{}·{}^{}·{}^{}", binomial(n, j), prob(ai), j, sci(ui), n - j))
                            .collect::<Vec<_>>()
                            .join(" + ")
                    );
                    (Rule::KOfNIdentical, formula, numbers, a, u)
                } else {
                    let formula = format!(
                        "P_j(m) = A_j·P_(j−1)(m−1) + U_j·P_(j−1)(m), A = Σ_(m≥{k}) P_{n}(m)   (at least {k} of {})",
                        labels.join(", ")
                    );
                    let numbers = format!("P_{n}(m) for m = 0..{n}: {}", dist.iter().map(|&x| sci(x)).collect::<Vec<_>>().join(", "));
                    (Rule::KOfN, formula, numbers, a, u)
                }
            }
            BlockKind::Capacity => {
                let (a, u) = self.structure.map_or((f64::NAN, f64::NAN), |s| s.bdd.probability(s.blocks[b], p, q));
                let capacities: Vec<String> = labels.iter().zip(&block.weights).map(|(l, w)| format!("{l}: {w}")).collect();
                let formula = format!(
                    "A = P(Σ capacity of the up members ≥ {}), summed over the block's decision diagram   (capacities in the vote's unit: {})",
                    block.need,
                    capacities.join(", ")
                );
                (Rule::Capacity, formula, String::new(), a, u)
            }
        };
        if record_all || self.contains(node, &self.shared) {
            let what = match block.kind {
                BlockKind::Series => "series",
                BlockKind::Parallel => "parallel",
                BlockKind::KOfN(_) => "k-of-n",
                BlockKind::Capacity => "capacity vote",
                BlockKind::Standby(_) => "standby",
            };
            let what = match block.kind {
                BlockKind::KOfN(k) => format!("{k}-of-{n} of {}", labels.join(", ")),
                _ => format!("{what} of {}", labels.join(", ")),
            };
            self.steps.push(Step {
                name: self.names[b].clone(),
                what,
                path: block.path.clone(),
                rule,
                formula,
                numbers,
                availability: a,
                unavailability: u,
                simulated: if condition.is_empty() { self.tally.and_then(|t| t.blocks.get(b)).copied() } else { None },
                condition: condition.to_string(),
                approximate: self.approximate_below(node),
            });
        }
        (a, u)
    }
}

/// P(exactly m of the children up), m = 0..n, by the recurrence
/// P_j(m) = A_j·P_{j−1}(m−1) + U_j·P_{j−1}(m): sums of positive terms only.
fn count_distribution(values: &[(f64, f64)]) -> Vec<f64> {
    let mut dist = vec![1.0];
    for &(a, u) in values {
        let mut next = vec![0.0; dist.len() + 1];
        for (m, &d) in dist.iter().enumerate() {
            next[m] += u * d;
            next[m + 1] += a * d;
        }
        dist = next;
    }
    dist
}

/// C(n, k) for display, in floating point (exact below 2^53; huge blocks would overflow integers).
fn binomial(n: usize, k: usize) -> String {
    let c = (0..k.min(n - k)).fold(1.0f64, |acc, i| acc * (n - i) as f64 / (i + 1) as f64);
    if c < 1e15 { format!("{}", c.round()) } else { format!("{c:.4e}") }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::structure::Structure;

    fn check(json: &str) -> Explanation {
        let model = crate::model::parse_str(json, "t.json").expect("valid");
        let x = explain_model(&model, None).expect("explains");
        let structure = Structure::compile(&model.system, 1 << 20).expect("compiles");
        let (p, q) = component_probabilities(&model.system).expect("repairable");
        // The last step is the system, and agrees with the BDD.
        let last = x.steps.last().expect("steps");
        assert!((last.availability - x.exact.availability).abs() < 1e-14);
        assert!((last.unavailability - x.exact.unavailability).abs() <= 1e-12 * x.exact.unavailability);
        // Every unconditioned block step agrees with the BDD of that block.
        for step in x.steps.iter().filter(|s| s.condition.is_empty() && s.name.starts_with('B')) {
            let b = model.system.blocks().iter().position(|blk| blk.path == step.path).expect("block");
            let (a, u) = structure.block_availability(b, &p, &q);
            assert!((step.availability - a).abs() < 1e-14, "{}: {} vs {a}", step.name, step.availability);
            assert!((step.unavailability - u).abs() <= 1e-12 * u, "{}: {} vs {u}", step.name, step.unavailability);
        }
        x
    }

    const COMPONENT: &str = r#""failure": {"dist": "exponential", "mean": 100}, "repair": {"dist": "fixed", "value": 5}"#;

    #[test]
    fn blocks_match_the_bdd() {
        let json = format!(
            r#"{{"name": "t", "components": [{{"id": "a", "count": 3, {COMPONENT}}}, {{"id": "b", "failure": {{"dist": "gamma", "shape": 3, "mean": 300}}, "repair": {{"dist": "uniform", "low": 1, "high": 9}}}}, {{"id": "c", "count": 2, "failure": {{"dist": "weibull", "shape": 2, "mean": 70}}, "repair": {{"dist": "exponential", "mean": 3}}}}],
            "system": {{"series": [{{"k_of_n": {{"k": 2, "of": ["a[1]", "a[2]", "b"]}}}}, {{"parallel": ["c", "a[3]"]}}]}}}}"#
        );
        let x = check(&json);
        assert!(x.steps.iter().any(|s| s.rule == Rule::KOfN), "different children: the recurrence");
        assert!(x.shared.is_empty());
    }

    #[test]
    fn a_shared_component_is_factored_on() {
        let json = format!(
            r#"{{"name": "t", "components": [{{"id": "a", {COMPONENT}}}, {{"id": "b", {COMPONENT}}}, {{"id": "s", {COMPONENT}}}],
            "system": {{"parallel": [{{"series": ["a", "s"]}}, {{"series": ["b", "s"]}}]}}}}"#
        );
        let x = check(&json);
        assert_eq!(x.shared, ["s"]);
        let last = x.steps.last().expect("steps");
        assert_eq!(last.rule, Rule::Factoring);
        assert_eq!(last.formula, "A = A(s)·A[s up] + U(s)·A[s down]");
        assert!(x.steps.iter().any(|s| s.condition == "s down"));
    }
}
