//! The exact solvers against hand-derived closed forms, to 1e-12 relative.
//!
//! Every expected value here is derived in this file, independently of the library: closed
//! forms for series, parallel and k-of-n blocks, a 2^5 enumeration for the bridge, the factoring
//! theorem by hand for a shared component, and the textbook Markov-chain solutions for one
//! repair crew shared by two units and for cold standby.

use std::collections::HashSet;

use ninesim::analysis::markov::{ChainModel, Ctmc};
use ninesim::analysis::{Analysis, AnalysisConfig, analyze};

const REL: f64 = 1e-12;

fn assert_rel(actual: f64, expected: f64, rel: f64, what: &str) {
    let err = ((actual - expected) / expected).abs();
    assert!(err <= rel, "{what}: got {actual:e}, expected {expected:e} (relative error {err:e} > {rel:e})");
}

/// Exponential components: (id, count, MTTF, MTTR).
fn model(components: &[(&str, u32, f64, f64)], system: &str) -> ninesim::Model {
    let comps: Vec<String> = components
        .iter()
        .map(|(id, n, mttf, mttr)| {
            format!(
                r#"{{"id": "{id}", "count": {n}, "failure": {{"dist": "exponential", "mean": {mttf}}}, "repair": {{"dist": "exponential", "mean": {mttr}}}}}"#
            )
        })
        .collect();
    let json = format!(r#"{{"name": "test", "components": [{}], "system": {system}}}"#, comps.join(","));
    ninesim::model::parse_str(&json, "test.json").expect("valid test model")
}

fn analysis(m: &ninesim::Model) -> Analysis {
    let config = AnalysisConfig { horizon: 8766.0, ..AnalysisConfig::from_model(&m.system) };
    analyze(&m.system, "test.json", &config).expect("analysis succeeds")
}

fn a_q(mttf: f64, mttr: f64) -> (f64, f64) {
    (mttf / (mttf + mttr), mttr / (mttf + mttr))
}

#[test]
fn series_of_three() {
    let m = model(&[("x", 1, 1000.0, 10.0), ("y", 1, 2000.0, 5.0), ("z", 1, 500.0, 1.0)], r#"{"series": ["x", "y", "z"]}"#);
    let r = analysis(&m);
    let (ax, _) = a_q(1000.0, 10.0);
    let (ay, _) = a_q(2000.0, 5.0);
    let (az, _) = a_q(500.0, 1.0);
    let a = ax * ay * az;
    assert_rel(r.availability.unwrap(), a, REL, "A");
    assert_rel(r.unavailability.unwrap(), 1.0 - a, 1e-11, "U");
    // ω of a series: B_x = A_y A_z etc., so ω = A · Σ 1/MTTF_i (each 1/(m+r) · 1/A_i = 1/m).
    let omega = a * (1.0 / 1000.0 + 1.0 / 2000.0 + 1.0 / 500.0);
    assert_rel(r.failure_frequency_per_year.unwrap(), omega * 8766.0, REL, "ω");
    assert_eq!(r.spof, ["x", "y", "z"]);
}

#[test]
fn parallel_of_two_and_its_mean_down_time() {
    let m = model(&[("x", 1, 1000.0, 10.0), ("y", 1, 400.0, 20.0)], r#"{"parallel": ["x", "y"]}"#);
    let r = analysis(&m);
    let (ax, qx) = a_q(1000.0, 10.0);
    let (ay, qy) = a_q(400.0, 20.0);
    assert_rel(r.unavailability.unwrap(), qx * qy, REL, "U");
    assert_rel(r.availability.unwrap(), 1.0 - qx * qy, REL, "A");
    // Both down ends when either repair does: MDT = 1/(μx + μy) for exponential repairs.
    assert_rel(r.mdt.unwrap(), 1.0 / (1.0 / 10.0 + 1.0 / 20.0), REL, "MDT");
    let omega = qy * ax / 1000.0 + qx * ay / 400.0;
    assert_rel(r.failure_frequency_per_year.unwrap(), omega * 8766.0, REL, "ω");
    assert!(r.spof.is_empty());
}

/// Σ_{j≥k} C(n,j) a^j q^(n−j) and its complement, summed term by term.
fn binomial_tail(n: u32, k: u32, a: f64, q: f64) -> (f64, f64) {
    let c = |n: u32, j: u32| (0..j).fold(1.0, |acc, i| acc * f64::from(n - i) / f64::from(i + 1));
    let term = |j: u32| c(n, j) * a.powi(j as i32) * q.powi((n - j) as i32);
    ((k..=n).map(term).sum(), (0..k).map(term).sum())
}

#[test]
fn two_of_three_and_three_of_five() {
    for (n, k) in [(3u32, 2u32), (5, 3)] {
        let m = model(&[("s", n, 3000.0, 6.0)], &format!(r#"{{"k_of_n": {{"k": {k}, "of": ["s"]}}}}"#));
        let r = analysis(&m);
        let (a, q) = a_q(3000.0, 6.0);
        let (ea, eu) = binomial_tail(n, k, a, q);
        assert_rel(r.availability.unwrap(), ea, REL, "A");
        assert_rel(r.unavailability.unwrap(), eu, REL, "U");
        // ω: the system fails from exactly k up when one of those k fails.
        let c = (0..k).fold(1.0, |acc, i| acc * f64::from(n - i) / f64::from(i + 1));
        let p_k = c * a.powi(k as i32) * q.powi((n - k) as i32);
        assert_rel(r.failure_frequency_per_year.unwrap(), p_k * f64::from(k) / 3000.0 * 8766.0, REL, "ω");
        let cut_order = (n - k + 1) as usize;
        let cuts = r.cut_sets.as_ref().unwrap();
        assert!(cuts.sets.iter().all(|s| s.components.len() == cut_order));
    }
}

/// The bridge: (a∧c) ∨ (b∧d) ∨ (a∧e∧d) ∨ (b∧e∧c), all 2^5 states enumerated here.
fn bridge_phi(x: &[bool]) -> bool {
    let [a, b, c, d, e] = [x[0], x[1], x[2], x[3], x[4]];
    (a && c) || (b && d) || (a && e && d) || (b && e && c)
}

#[test]
fn bridge_by_enumeration_cut_sets_and_importance() {
    let params = [(1000.0, 10.0), (800.0, 12.0), (1200.0, 8.0), (900.0, 5.0), (1500.0, 20.0)];
    let comps: Vec<(&str, u32, f64, f64)> = ["a", "b", "c", "d", "e"].iter().zip(&params).map(|(id, &(m, r))| (*id, 1, m, r)).collect();
    let m = model(
        &comps,
        r#"{"parallel": [{"series": ["a", "c"]}, {"series": ["b", "d"]}, {"series": ["a", "e", "d"]}, {"series": ["b", "e", "c"]}]}"#,
    );
    let r = analysis(&m);
    let p: Vec<f64> = params.iter().map(|&(m, r)| m / (m + r)).collect();
    let q: Vec<f64> = params.iter().map(|&(m, r)| r / (m + r)).collect();
    let (mut a, mut u) = (0.0, 0.0);
    let mut birnbaum = [0.0; 5];
    let mut u_down = [0.0; 5];
    let mut u_up = [0.0; 5];
    for bits in 0u32..32 {
        let x: Vec<bool> = (0..5).map(|i| bits & (1 << i) != 0).collect();
        let prob: f64 = (0..5).map(|i| if x[i] { p[i] } else { q[i] }).product();
        if bridge_phi(&x) {
            a += prob
        } else {
            u += prob
        }
        for i in 0..5 {
            let mut y = x.clone();
            let others = prob / if x[i] { p[i] } else { q[i] };
            if x[i] {
                y[i] = false;
                if bridge_phi(&x) && !bridge_phi(&y) {
                    birnbaum[i] += others;
                }
                if !bridge_phi(&x) {
                    u_up[i] += others;
                }
            } else if !bridge_phi(&x) {
                u_down[i] += others;
            }
        }
    }
    assert_rel(r.availability.unwrap(), a, REL, "A");
    assert_rel(r.unavailability.unwrap(), u, REL, "U");
    let omega: f64 = (0..5).map(|i| birnbaum[i] / (params[i].0 + params[i].1)).sum();
    assert_rel(r.failure_frequency_per_year.unwrap(), omega * 8766.0, REL, "ω");
    for (i, imp) in r.importance.iter().enumerate() {
        assert_rel(imp.birnbaum, birnbaum[i], 1e-11, "Birnbaum");
        assert_rel(imp.criticality, birnbaum[i] * q[i] / u, 1e-11, "criticality");
        assert_rel(imp.raw, u_down[i] / u, REL, "RAW");
        assert_rel(imp.rrw.unwrap(), u / u_up[i], REL, "RRW");
    }
    // Exactly its four minimal cut sets, and they are all of them.
    let cuts = r.cut_sets.unwrap();
    let found: HashSet<Vec<String>> = cuts.sets.iter().map(|s| s.components.clone()).collect();
    let expected: HashSet<Vec<String>> = [vec!["a", "b"], vec!["c", "d"], vec!["a", "d", "e"], vec!["b", "c", "e"]]
        .into_iter()
        .map(|s| s.into_iter().map(String::from).collect())
        .collect();
    assert_eq!(found, expected);
    assert!(cuts.complete);
    // Fussell–Vesely of a: P({a,b} failed ∪ {a,d,e} failed) / U, by inclusion–exclusion.
    let fv_a = (q[0] * q[1] + q[0] * q[3] * q[4] - q[0] * q[1] * q[3] * q[4]) / u;
    assert_rel(r.importance[0].fussell_vesely.unwrap(), fv_a, 1e-11, "Fussell–Vesely");
}

#[test]
fn bridge_path_sets_are_its_four_paths() {
    let m = ninesim::load(concat!(env!("CARGO_MANIFEST_DIR"), "/models/bridge.json")).unwrap();
    let config = AnalysisConfig { path_sets: true, ..AnalysisConfig::from_model(&m.system) };
    let r = analyze(&m.system, "bridge.json", &config).unwrap();
    let paths: HashSet<Vec<String>> = r.path_sets.unwrap().sets.into_iter().collect();
    let expected: HashSet<Vec<String>> = [vec!["a", "c"], vec!["b", "d"], vec!["a", "d", "e"], vec!["b", "c", "e"]]
        .into_iter()
        .map(|s| s.into_iter().map(String::from).collect())
        .collect();
    assert_eq!(paths, expected);
}

#[test]
fn a_shared_component_is_one_component() {
    // (a ∧ c) ∨ (b ∧ c) with c shared = c ∧ (a ∨ b), by the factoring theorem on c.
    let m = model(
        &[("a", 1, 100.0, 5.0), ("b", 1, 200.0, 5.0), ("c", 1, 300.0, 5.0)],
        r#"{"parallel": [{"series": ["a", "c"]}, {"series": ["b", "c"]}]}"#,
    );
    let r = analysis(&m);
    let (ac, qc) = a_q(300.0, 5.0);
    let (_, qa) = a_q(100.0, 5.0);
    let (_, qb) = a_q(200.0, 5.0);
    let a = ac * (1.0 - qa * qb);
    assert_rel(r.availability.unwrap(), a, REL, "A");
    assert_rel(r.unavailability.unwrap(), qc + ac * qa * qb, REL, "U");
    assert_eq!(r.spof, ["c"]);
    // Treating c as two independent copies would give a different answer; make sure it is not that.
    let copies = 1.0 - (1.0 - (1.0 - qa) * ac) * (1.0 - (1.0 - qb) * ac);
    assert!((r.availability.unwrap() - copies).abs() > 1e-4);
}

#[test]
fn the_web_service_spof_is_dns() {
    let m = ninesim::load(concat!(env!("CARGO_MANIFEST_DIR"), "/models/web-service.json")).unwrap();
    let r = analyze(&m.system, "web-service.json", &AnalysisConfig::from_model(&m.system)).unwrap();
    assert_eq!(r.spof, ["dns"]);
    let order_one: Vec<&Vec<String>> = r.cut_sets.as_ref().unwrap().sets.iter().map(|s| &s.components).filter(|c| c.len() == 1).collect();
    assert_eq!(order_one, [&vec!["dns".to_string()]]);
}

/// Two identical units, either keeps the system up, one repair crew (FIFO). States: number down.
struct SharedCrew {
    lambda: f64,
    mu: f64,
}

impl ChainModel for SharedCrew {
    type State = u8;
    fn initial(&self) -> u8 {
        0
    }
    fn is_up(&self, down: &u8) -> bool {
        *down < 2
    }
    fn transitions(&self, down: &u8, out: &mut Vec<(u8, f64)>) {
        let up = 2 - down;
        if up > 0 {
            out.push((down + 1, f64::from(up) * self.lambda));
        }
        if *down > 0 {
            out.push((down - 1, self.mu)); // one crew: one repair at a time
        }
    }
}

/// A primary with one cold spare (the spare does not age), perfect switching, one crew.
/// States: units down (0, 1, 2); only the active unit can fail.
struct ColdStandby {
    lambda: f64,
    mu: f64,
}

impl ChainModel for ColdStandby {
    type State = u8;
    fn initial(&self) -> u8 {
        0
    }
    fn is_up(&self, down: &u8) -> bool {
        *down < 2
    }
    fn transitions(&self, down: &u8, out: &mut Vec<(u8, f64)>) {
        if *down < 2 {
            out.push((down + 1, self.lambda));
        }
        if *down > 0 {
            out.push((down - 1, self.mu));
        }
    }
}

#[test]
fn one_of_two_with_one_shared_crew() {
    let (lambda, mu) = (1.0 / 1000.0, 1.0 / 10.0);
    let chain = Ctmc::explore(&SharedCrew { lambda, mu }, 100).unwrap();
    let pi = chain.steady_state().unwrap();
    let m = chain.measures(&pi);
    // Birth–death balance: π1 = 2λ/μ π0, π2 = λ/μ π1.
    let (p0, p1, p2) = (1.0, 2.0 * lambda / mu, 2.0 * lambda * lambda / (mu * mu));
    let total = p0 + p1 + p2;
    assert_rel(m.unavailability, p2 / total, REL, "U");
    assert_rel(m.availability, (p0 + p1) / total, REL, "A");
    assert_rel(m.failure_frequency, p1 / total * lambda, REL, "ω");
    // MTTFF from both up: m0 = 1/(2λ) + m1, m1 = (1 + μ m0)/(λ + μ) ⇒ m0 = (3λ + μ)/(2λ²).
    assert_rel(chain.mttff().unwrap().unwrap(), (3.0 * lambda + mu) / (2.0 * lambda * lambda), 1e-12, "MTTFF");
    // Independent crews would give U = q², strictly less.
    let q = lambda / (lambda + mu);
    assert!(m.unavailability > q * q * 1.5);
}

#[test]
fn cold_standby_with_one_crew() {
    let (lambda, mu) = (1.0 / 500.0, 1.0 / 25.0);
    let chain = Ctmc::explore(&ColdStandby { lambda, mu }, 100).unwrap();
    let pi = chain.steady_state().unwrap();
    let m = chain.measures(&pi);
    let r = lambda / mu;
    assert_rel(m.unavailability, r * r / (1.0 + r + r * r), REL, "U");
    // MTTFF: m0 = 1/λ + m1, m1 = (1 + μ m0)/(λ + μ) ⇒ m0 = (2λ + μ)/λ².
    assert_rel(chain.mttff().unwrap().unwrap(), (2.0 * lambda + mu) / (lambda * lambda), 1e-12, "MTTFF");
}

#[test]
fn transient_answers_of_a_markov_chain() {
    let (lambda, mu) = (1.0 / 100.0, 1.0 / 5.0);
    let chain = Ctmc::explore(&SharedCrew { lambda, mu }, 100).unwrap();
    // R(t) of the 1-of-2 with one crew: the absorbing generator on {0, 1} has eigenvalues
    // s = [−(3λ + μ) ± √((3λ + μ)² − 8λ²)]/2 and R(t) = (s1 e^{s2 t} − s2 e^{s1 t})/(s1 − s2).
    let b = 3.0 * lambda + mu;
    let disc = (b * b - 8.0 * lambda * lambda).sqrt();
    let (s1, s2) = ((-b + disc) / 2.0, (-b - disc) / 2.0);
    for t in [1.0, 50.0, 2000.0, 50_000.0] {
        let exact = (s1 * (s2 * t).exp() - s2 * (s1 * t).exp()) / (s1 - s2);
        assert_rel(chain.reliability(t).unwrap(), exact, 1e-9, &format!("R({t})"));
    }
    // A one-unit chain: U(t) = λ/(λ+μ)(1 − e^{−(λ+μ)t}), and its time average over [0, T].
    let single = Ctmc::explore(&ColdStandby { lambda, mu }, 100).unwrap();
    let _ = single;
    struct One(f64, f64);
    impl ChainModel for One {
        type State = bool;
        fn initial(&self) -> bool {
            true
        }
        fn is_up(&self, up: &bool) -> bool {
            *up
        }
        fn transitions(&self, up: &bool, out: &mut Vec<(bool, f64)>) {
            out.push((!up, if *up { self.0 } else { self.1 }));
        }
    }
    let one = Ctmc::explore(&One(lambda, mu), 10).unwrap();
    let s = lambda + mu;
    for t in [0.5, 3.0, 40.0, 10_000.0] {
        let exact = lambda / s * -(-s * t).exp_m1();
        assert_rel(one.point_unavailability(t).unwrap(), exact, 1e-10, &format!("U({t})"));
        let average = lambda / s * (1.0 - (-(-s * t).exp_m1()) / (s * t));
        assert_rel(one.interval_unavailability(0.0, t).unwrap(), average, 1e-9, &format!("Ū(0, {t})"));
    }
}

#[test]
fn chains_beyond_the_state_bound_are_refused_not_solved() {
    struct Endless;
    impl ChainModel for Endless {
        type State = u64;
        fn initial(&self) -> u64 {
            0
        }
        fn is_up(&self, _: &u64) -> bool {
            true
        }
        fn transitions(&self, s: &u64, out: &mut Vec<(u64, f64)>) {
            out.push((s + 1, 1.0));
        }
    }
    let err = Ctmc::explore(&Endless, 1000).unwrap_err();
    assert!(err.to_string().contains("more than 1000 Markov chain states"), "{err}");
}

#[test]
fn mission_answers_for_independent_exponential_components() {
    // 1-of-2 repairable with independent crews: the window average equals the integral of
    // U(t) = q(t)², q(t) = λ/(λ+μ)(1 − e^{−(λ+μ)t}).
    let (mttf, mttr) = (200.0, 20.0);
    let m = model(&[("u", 2, mttf, mttr)], r#"{"parallel": ["u"]}"#);
    let horizon = 100.0;
    let config = AnalysisConfig { horizon, warmup: 0.0, ..AnalysisConfig::from_model(&m.system) };
    let r = analyze(&m.system, "t.json", &config).unwrap();
    let (l, u) = (1.0 / mttf, 1.0 / mttr);
    let s = l + u;
    let c = l / s;
    // ∫₀ᵀ c²(1 − e^{−st})² dt = c²[T − 2(1 − e^{−sT})/s + (1 − e^{−2sT})/(2s)].
    let integral = c * c * (horizon - 2.0 * (-(-s * horizon).exp_m1()) / s + (-(-2.0 * s * horizon).exp_m1()) / (2.0 * s));
    assert_rel(r.mission.window_unavailability.unwrap(), integral / horizon, 1e-10, "window U");
    // R and MTTFF: from the 4-state chain; MTTFF of independent repair is (3λ + μ)/(2λ²).
    assert_rel(r.mission.mttff.unwrap(), (3.0 * l + u) / (2.0 * l * l), 1e-10, "MTTFF");
    assert!(r.mission.reliability.unwrap() < 1.0 && r.mission.reliability.unwrap() > 0.9);
}

#[test]
fn non_repairable_mission() {
    let json = r#"{"name": "mission", "components": [{"id": "u", "count": 2,
        "failure": {"dist": "weibull", "shape": 2, "scale": 1000}}], "system": {"parallel": ["u"]}}"#;
    let m = ninesim::model::parse_str(json, "t.json").unwrap();
    let config = AnalysisConfig { horizon: 800.0, warmup: 0.0, ..AnalysisConfig::from_model(&m.system) };
    let r = analyze(&m.system, "t.json", &config).unwrap();
    assert!(r.availability.is_none(), "no steady state without repairs");
    let f = 1.0 - (-(0.8f64).powi(2)).exp();
    assert_rel(r.mission.reliability.unwrap(), 1.0 - f * f, 1e-12, "R(800)");
    // MTTFF = ∫ 1 − (1 − S)² = 2∫S − ∫S²; ∫S = η Γ(1.5) = η√π/2, ∫S² = (η/√2)√π/2.
    let root_pi = std::f64::consts::PI.sqrt();
    let expected = 2.0 * 1000.0 * root_pi / 2.0 - 1000.0 / 2f64.sqrt() * root_pi / 2.0;
    assert_rel(r.mission.mttff.unwrap(), expected, 1e-10, "MTTFF");
}

#[test]
fn analysis_of_a_thousand_components_in_k_of_n_groups() {
    // 100 groups of 8-of-10 in series: the BDD and the threshold programme, never 2^1000.
    let m = model(&[("d", 1000, 10_000.0, 24.0)], &{
        let groups: Vec<String> = (0..100)
            .map(|g| {
                let members: Vec<String> = (1..=10).map(|i| format!("\"d[{}]\"", g * 10 + i)).collect();
                format!(r#"{{"k_of_n": {{"k": 8, "of": [{}]}}}}"#, members.join(","))
            })
            .collect();
        format!(r#"{{"series": [{}]}}"#, groups.join(","))
    });
    let r = analysis(&m);
    let (a, q) = a_q(10_000.0, 24.0);
    let (ga, _) = binomial_tail(10, 8, a, q);
    assert_rel(r.availability.unwrap(), ga.powi(100), 1e-11, "A");
    let cuts = r.cut_sets.unwrap();
    assert_eq!(cuts.sets.len(), 100 * 120, "C(10, 3) cut sets of order 3 per group");
    assert!(cuts.complete);
}

#[test]
fn very_reliable_repairable_systems_keep_their_digits() {
    // 1-of-4, MTTF 1e5 h, MTTR 1 h, independent repairs: MTTFF ≈ 2.5e19 h. The first passage
    // of the birth–death chain from 0 to 4 down is, in positive terms only,
    // E[T] = Σ_k (Σ_{j≤k} π_j) / (λ_k π_k), with λ_k = (4 − k)λ, μ_k = kμ, π_j = Π λ_i/μ_{i+1}.
    let (lambda, mu) = (1e-5, 1.0);
    let birth = |k: usize| (4 - k) as f64 * lambda;
    let death = |k: usize| k as f64 * mu;
    let pi: Vec<f64> = (0..4)
        .scan(1.0, |p, j| {
            let value = *p;
            *p *= birth(j) / death(j + 1);
            Some(value)
        })
        .collect();
    let expected: f64 = (0..4).map(|k| pi[..=k].iter().sum::<f64>() / (birth(k) * pi[k])).sum();
    let m = model(&[("a", 4, 1e5, 1.0)], r#"{"parallel": ["a"]}"#);
    for (horizon, check) in [(1e9, "1 − R ≈ T/MTTFF"), (1e17, "R ≈ e^{−T/MTTFF}")] {
        let config = AnalysisConfig { horizon, ..AnalysisConfig::from_model(&m.system) };
        let r = analyze(&m.system, "t.json", &config).unwrap();
        assert_rel(r.mission.mttff.unwrap(), expected, 1e-10, "MTTFF");
        let reliability = r.mission.reliability.unwrap();
        assert!(reliability <= 1.0);
        let predicted = (-horizon / expected).exp();
        assert_rel(1.0 - reliability, -(-horizon / expected).exp_m1(), 1e-6, check);
        assert_rel(reliability, predicted, 1e-9, check);
    }
}

#[test]
fn non_repairable_laws_without_closed_forms_finish_and_are_exact() {
    // Lognormal, gamma and truncated normal: their distribution functions come from statrs,
    // and the window integral must stop at the rounding floor, not bisect forever.
    for law in [
        r#"{"dist": "lognormal", "mean": 2000, "sd": 3000}"#,
        r#"{"dist": "gamma", "shape": 50, "mean": 1000}"#,
        r#"{"dist": "normal", "mean": 1000, "sd": 10}"#,
    ] {
        let json = format!(r#"{{"name": "x", "components": [{{"id": "a", "failure": {law}}}], "system": "a"}}"#);
        let m = ninesim::model::parse_str(&json, "t.json").unwrap();
        let config = AnalysisConfig { horizon: 3000.0, warmup: 0.0, ..AnalysisConfig::from_model(&m.system) };
        let r = analyze(&m.system, "t.json", &config).unwrap();
        // One non-repairable unit: MTTFF is its mean.
        let mean = m.system.components()[0].mttf();
        assert_rel(r.mission.mttff.unwrap(), mean, 1e-8, law);
    }
    // Empirical: the MTTFF of one unit is the mean of the observations, jumps and all.
    let json =
        r#"{"name": "x", "components": [{"id": "a", "failure": {"dist": "empirical", "values": [10, 500, 950, 660]}}], "system": "a"}"#;
    let m = ninesim::model::parse_str(json, "t.json").unwrap();
    let r = analyze(&m.system, "t.json", &AnalysisConfig { horizon: 600.0, warmup: 0.0, ..AnalysisConfig::from_model(&m.system) }).unwrap();
    assert_rel(r.mission.mttff.unwrap(), 530.0, 1e-10, "empirical MTTFF");
    assert_rel(r.mission.reliability.unwrap(), 0.5, 1e-15, "R(600): two of four observations exceed 600");
}
