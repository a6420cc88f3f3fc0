//! Exact analysis with the library API: where does the bridge network's unavailability come
//! from, and does the simulation agree?
//!
//! ```text
//!        ┌──[ a ]──┬──[ c ]──┐
//!   in ──┤         [e]        ├── out
//!        └──[ b ]──┴──[ d ]──┘
//! ```
//!
//! The bridge is not series–parallel: it is written as its four paths (a c, b d, a e d, b e c)
//! with each component shared between two of them. Its minimal cut sets are {a, b}, {c, d},
//! {a, d, e} and {b, c, e}, and with identical components of unavailability q its exact
//! unavailability is 2q² + 2q³ − 5q⁴ + 2q⁵ (by factoring on e).
//!
//! Run with `cargo run --release --example exact_analysis`.

use ninesim::analysis::{AnalysisConfig, analyze};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let model = ninesim::load(concat!(env!("CARGO_MANIFEST_DIR"), "/models/bridge.json"))?;
    let config = AnalysisConfig::from_model(&model.system);
    let exact = analyze(&model.system, "models/bridge.json", &config)?;

    let u = exact.unavailability.ok_or("every bridge component is repairable")?;
    println!("exact U = {u:.6e}  ({:.2} nines)", -u.log10());
    let cut_sets = exact.cut_sets.as_ref().ok_or("cut sets")?;
    for set in &cut_sets.sets {
        println!(
            "  cut set {:<12} P = {:.3e}  ({:.1}% of the rare-event sum)",
            set.components.join(" "),
            set.probability.unwrap_or(0.0),
            100.0 * set.share.unwrap_or(0.0)
        );
    }
    for imp in &exact.importance {
        println!("  {}: Birnbaum {:.3e}, criticality {:.1}%, RAW {:.1}", imp.id, imp.birnbaum, 100.0 * imp.criticality, imp.raw);
    }

    // Factoring on e by hand: with e up the bridge is (a ∥ b) in series with (c ∥ d); with e
    // down it is (a c) ∥ (b d). Every component has MTTF 1000 h and MTTR 10 h.
    let q: f64 = 10.0 / 1010.0;
    let formula = 2.0 * q.powi(2) + 2.0 * q.powi(3) - 5.0 * q.powi(4) + 2.0 * q.powi(5);
    assert!((u - formula).abs() < 1e-12 * formula, "exact {u} vs formula {formula}");
    assert_eq!(cut_sets.sets.len(), 4);
    assert!(cut_sets.complete);
    assert!(exact.spof.is_empty());

    // The simulation beside it: the exact value lies inside its 99.9% interval.
    let mut run = ninesim::RunConfig::from_model(&model.system);
    run.replications = 400;
    let simulated = ninesim::run(&model, &run, &|_| {})?;
    println!(
        "simulated U = {:.4e}, 95% CI [{:.4e}, {:.4e}]",
        simulated.unavailability.mean, simulated.unavailability.ci95[0], simulated.unavailability.ci95[1]
    );
    let verdict = &simulated.exact.as_ref().ok_or("the run carries the exact answer")?.verdict;
    println!("{}", verdict.summary);
    assert!(simulated.unavailability.contains(verdict.exact, 0.999));
    Ok(())
}
