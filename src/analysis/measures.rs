//! The figures an analysis derives from the structure function: the time-dependent answers
//! (mission), the union of minimal cut sets and the importance measures.

use super::*;

/// Time-dependent answers: from the structure function when every A_i(t) is known, and from
/// the Markov chain of the components for R(T) and MTTFF of repairable exponential models.
pub(super) fn mission(system: &System, structure: &Structure, config: &AnalysisConfig, notes: &mut Vec<String>) -> Mission {
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
pub(super) fn cut_set_union(
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

pub(super) fn importance(
    system: &System,
    structure: &Structure,
    p: &[Ext],
    q: &[Ext],
    fv: Option<&[f64]>,
    spofs: &[usize],
) -> Vec<Importance> {
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
