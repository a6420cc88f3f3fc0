//! Meaning checks on a parsed model, and compilation into a [`System`].
//!
//! Every problem is collected (not only the first), each with the JSON path of the offending
//! value and what would be valid. By concern: the components, their laws and what links them
//! ([`components`]); the block structure ([`structure`]); service-level objectives
//! ([`objectives`]); "did you mean" ([`suggestions`]).

mod components;
mod costs;
pub mod objectives;
mod structure;
pub(crate) mod suggestions;

use super::Diagnostic;
use super::distribution::ParameterUncertainty;
use super::distribution::{Distribution, DistributionSpec};
use super::spec::{ModelSpec, SimulationSpec};
use super::system::{Block, Node};
use super::system::{Component, LawRole, System};
use components::{MAX_LINKS, compile_common_causes, compile_components, compile_crews, dependency_cycle, link_components};

/// Checks `spec` and builds the system. Errors and warnings are appended; the system is
/// returned only when there are no errors.
pub fn validate(spec: &ModelSpec, errors: &mut Vec<Diagnostic>, warnings: &mut Vec<Diagnostic>) -> Option<System> {
    let mut kinds = compile_components(&spec.components, errors);
    if let Some(sim) = &spec.simulation {
        check_simulation(sim, errors);
    }
    let crews = compile_crews(spec, errors);
    link_components(spec, &mut kinds, &crews, errors);
    let common_causes = compile_common_causes(spec, &kinds, errors);
    let objectives = objectives::compile_objectives(spec, errors, warnings);
    let counts: Vec<usize> = kinds.iter().map(|k| k.count as usize).collect();
    let costs = costs::compile_costs(spec, &counts, errors);
    let (root, blocks, standbys) = structure::build(&spec.system, &kinds, errors, warnings)?;
    if !errors.is_empty() {
        return None;
    }
    let components: Vec<Component> = kinds.into_iter().flat_map(|k| k.instances).collect();
    if let Some(cycle) = dependency_cycle(&components) {
        let names: Vec<&str> = cycle.iter().map(|&c| components[c as usize].name.as_str()).collect();
        let first = spec.components.iter().position(|k| k.id == components[cycle[0] as usize].kind_id).unwrap_or(0);
        errors.push(Diagnostic::new(
            format!("components[{first}].depends_on"),
            format!("dependency cycle {}: a component cannot (indirectly) depend on itself", names.join(" → ")),
        ));
        return None;
    }
    if let Some(problem) = dependency_expansion(spec, &components, &blocks, root) {
        errors.push(problem);
        return None;
    }
    let mut system = System::new(
        spec.name.clone(),
        spec.description.clone(),
        spec.time_unit,
        spec.simulation.clone().unwrap_or_default(),
        components,
        blocks,
        root,
    );
    system.crews = crews.into_iter().map(|(crew, _)| crew).collect();
    system.common_causes = common_causes;
    system.standbys = standbys;
    system.objectives = objectives;
    system.costs = costs;
    check_stream_keys(&system, errors);
    if !errors.is_empty() {
        return None;
    }
    gamma_rate_warnings(spec, &system, warnings);
    let needed_by_others: Vec<bool> = {
        let mut needed = vec![false; system.components().len()];
        for c in system.components() {
            for &d in &c.depends_on {
                needed[d as usize] = true;
            }
        }
        needed
    };
    for c in system.unused_components() {
        if needed_by_others[c] {
            continue;
        }
        let comp = &system.components()[c];
        warnings.push(Diagnostic::new(
            format!("components[{}]", spec.components.iter().position(|k| k.id == comp.kind_id).unwrap_or(0)),
            format!("`{}` is not used by any block of `system`, so it cannot affect availability", comp.name),
        ));
    }
    Some(system)
}

/// Warns where an exponential law's rate lies outside the 90 % interval of its own gamma
/// uncertainty (`failures`, `exposure`): the plain run then uses one rate and the draws centre
/// on another, which is rarely what was meant (a rate and data from different sources).
fn gamma_rate_warnings(spec: &ModelSpec, system: &System, warnings: &mut Vec<Diagnostic>) {
    use crate::stats::ln_gamma_quantile;
    use crate::units::fmt::small;
    // A rate within rounding of an end is not outside: with r = 1e300 the interval is narrower
    // than the rounding of ln(λT).
    const SLACK: f64 = 1e-9;
    for law in system.uncertain_laws() {
        let Some(component) = system.components().get(law.instances.start as usize) else { continue };
        let distribution = match law.role {
            LawRole::Failure => Some(&component.failure),
            LawRole::Repair => component.repair.as_ref(),
        };
        let Some(distribution) = distribution else { continue };
        let (Some(rate), Some(ParameterUncertainty::GammaRate { failures, exposure })) =
            (distribution.exponential_rate(), distribution.uncertainty())
        else {
            continue;
        };
        // λT ~ Gamma(r, 1): compared in logarithms, so that no extreme T or r overflows.
        let (ln_exposure, ln_x) = (exposure.ln(), rate.ln() + exposure.ln());
        let (low, high) = (ln_gamma_quantile(*failures, 0.05), ln_gamma_quantile(*failures, 0.95));
        let unit = system.time_unit.symbol();
        if ln_x < low - SLACK || ln_x > high + SLACK {
            let index = spec.components.iter().position(|k| k.id == law.kind_id).unwrap_or(0);
            let end = |ln_q: f64| small((ln_q - ln_exposure).exp());
            let shown = |x: f64| if (1e-3..1e9).contains(&x) { format!("{x}") } else { format!("{x:e}") };
            warnings.push(Diagnostic::new(
                format!("components[{index}].{}.uncertainty", law.role.name()),
                format!(
                    "the law's rate {rate:.3e} per {unit} lies outside the 90 % interval of its uncertainty, {} to {} ({} failures in {} {unit}); the plain run uses the law's rate and the parameter draws the gamma law",
                    end(low),
                    end(high),
                    shown(*failures),
                    shown(*exposure)
                ),
            ));
        }
    }
}

/// The longest chain of `depends_on` links a model may have (a → b → c is 2).
pub const MAX_DEPENDENCY_DEPTH: usize = 64;

/// The exact analysis and the single points of failure write each use of a component that
/// depends on others as a series block of it and its dependencies' expansions: a chain as long
/// as the model made that walk quadratic (and, recursive, overflowed the stack), and shared
/// dependencies (c depends on a and b, both on x, ...) make it grow exponentially. Refuses
/// chains deeper than [`MAX_DEPENDENCY_DEPTH`] and expansions of more than [`MAX_LINKS`] nodes,
/// computed in O(components + links) on the acyclic graph (cycles are refused before).
fn dependency_expansion(spec: &ModelSpec, components: &[Component], blocks: &[Block], root: Node) -> Option<Diagnostic> {
    if components.iter().all(|c| c.depends_on.is_empty()) {
        return None;
    }
    // Per component: its expansion's size in nodes and its chain depth, in post-order.
    let n = components.len();
    let mut size = vec![0u64; n];
    let mut depth = vec![0usize; n];
    let mut done = vec![false; n];
    for start in 0..n {
        if done[start] {
            continue;
        }
        let mut stack: Vec<(usize, usize)> = vec![(start, 0)];
        while let Some(&mut (c, ref mut next)) = stack.last_mut() {
            if let Some(&d) = components[c].depends_on.get(*next) {
                *next += 1;
                if !done[d as usize] {
                    stack.push((d as usize, 0));
                }
                continue;
            }
            stack.pop();
            let deps = &components[c].depends_on;
            if !deps.is_empty() {
                size[c] = deps.iter().fold(2u64, |sum, &d| sum.saturating_add(size[d as usize]));
                depth[c] = 1 + deps.iter().map(|&d| depth[d as usize]).max().unwrap_or(0);
            } else {
                size[c] = 1;
            }
            done[c] = true;
        }
    }
    let uses = blocks.iter().flat_map(|b| &b.children).chain(std::iter::once(&root)).filter_map(|node| match *node {
        Node::Component(c) => Some(c as usize),
        Node::Block(_) => None,
    });
    let mut total = 0u64;
    for c in uses {
        if depth[c] > MAX_DEPENDENCY_DEPTH {
            let kind = spec.components.iter().position(|k| k.id == components[c].kind_id).unwrap_or(0);
            return Some(Diagnostic::new(
                format!("components[{kind}].depends_on"),
                format!(
                    "`{}` depends on a chain of {} components, one after the other; a chain may be at most {MAX_DEPENDENCY_DEPTH} long",
                    components[c].name, depth[c]
                ),
            ));
        }
        total = total.saturating_add(size[c]);
    }
    (total > MAX_LINKS as u64).then(|| {
        Diagnostic::new(
            "components",
            format!(
                "the dependencies (`depends_on`), written into the structure at each use of a component, would make more than {MAX_LINKS} nodes; share fewer dependencies, or depend on fewer instances"
            ),
        )
    })
}

fn check_simulation(sim: &SimulationSpec, errors: &mut Vec<Diagnostic>) {
    if let Some(h) = sim.horizon
        && !(h > 0.0 && h.is_finite())
    {
        errors.push(Diagnostic::new("simulation.horizon", format!("must be a finite number > 0, got {h}")));
    }
    if let Some(w) = sim.warmup {
        if !(w >= 0.0 && w.is_finite()) {
            errors.push(Diagnostic::new("simulation.warmup", format!("must be a finite number ≥ 0, got {w}")));
        } else if let Some(h) = sim.horizon
            && w >= h
        {
            errors.push(Diagnostic::new("simulation.warmup", format!("must be less than the horizon ({h}), got {w}")));
        }
    }
    if sim.replications == Some(0) {
        errors.push(Diagnostic::new("simulation.replications", "must be at least 1"));
    }
}

/// Compiles a law that is taken as known: parameter uncertainty is refused here, as the draws
/// replace a component's `failure` and `repair` laws only (see [`compile_law`]).
fn compile_distribution(spec: &DistributionSpec, path: &str, errors: &mut Vec<Diagnostic>) -> Option<Distribution> {
    if spec.uncertainty().is_some() {
        errors.push(Diagnostic::new(
            format!("{path}.uncertainty"),
            "parameter uncertainty is drawn for a component's `failure` and `repair` laws only; remove it here (this law is taken as known)",
        ));
    }
    compile_law(spec, path, errors)
}

/// Compiles a component's `failure` or `repair` law, with its parameter uncertainty if any.
fn compile_law(spec: &DistributionSpec, path: &str, errors: &mut Vec<Diagnostic>) -> Option<Distribution> {
    match spec.compile() {
        Ok(d) => Some(d),
        Err(problems) => {
            for p in problems {
                let at = if p.field.is_empty() { path.to_string() } else { format!("{path}.{}", p.field) };
                errors.push(Diagnostic::new(at, p.message));
            }
            None
        }
    }
}

/// What draws from a random stream of its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum StreamOwner {
    /// A component instance, keyed by its name alone: a component shared by name between
    /// designs keeps its stream (common random numbers).
    Component,
    /// A common cause, keyed by its id.
    CommonCause,
    /// A standby block, keyed by its JSON path.
    Standby,
    /// The parameter draws of a component kind's `failure` or `repair` law, keyed by
    /// `id\0failure` or `id\0repair` (an id has no control characters, so the pair is unique).
    ParameterDraws,
}

/// FNV-1a of the owner's kind tag and name: a stable, portable key for its random stream. The
/// tags of common causes and standby blocks begin with the byte 0xFF, which no UTF-8 string
/// (hence no component name) contains, so a key's input never coincides across kinds whatever
/// the names: a component named `common cause x` no longer shares the stream of common cause
/// `x`. Different inputs can still hash alike (64 bits, and FNV is no cryptographic hash), so
/// [`check_stream_keys`] refuses a model where two streams would coincide.
pub(crate) fn stream_key(owner: StreamOwner, name: &str) -> u64 {
    let tag: &[u8] = match owner {
        StreamOwner::Component => b"",
        StreamOwner::CommonCause => b"\xffcommon cause ",
        StreamOwner::Standby => b"\xffstandby ",
        StreamOwner::ParameterDraws => b"\xffparameters ",
    };
    tag.iter().chain(name.as_bytes()).fold(0xcbf2_9ce4_8422_2325, |h, &b| (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3))
}

/// Two things of one model must never draw the same random numbers: that would make them
/// perfectly correlated (a component sharing a shock's stream fails with every shock) and the
/// answer silently wrong. Refuses a model whose stream keys coincide, naming both owners.
fn check_stream_keys(system: &System, errors: &mut Vec<Diagnostic>) {
    let mut owners: Vec<(u64, String)> = system
        .components()
        .iter()
        .map(|c| (c.stream_key, format!("component `{}`", c.name)))
        .chain(system.common_causes.iter().map(|k| (k.stream_key, format!("common cause `{}`", k.id))))
        .chain(system.standbys.iter().map(|s| (s.stream_key, format!("the standby block at {}", system.blocks()[s.block as usize].path))))
        .chain(
            system
                .uncertain_laws()
                .into_iter()
                .map(|l| (l.stream_key, format!("the parameter draws of `{}`'s {} law", l.kind_id, l.role.name()))),
        )
        .collect();
    owners.sort();
    for pair in owners.windows(2) {
        if pair[0].0 == pair[1].0 {
            errors.push(Diagnostic::new(
                "components",
                format!(
                    "{} and {} would draw the same random numbers (their names hash to one stream key); rename one of them",
                    pair[0].1, pair[1].1
                ),
            ));
        }
    }
}
