//! Is a replica worth it? One database server against a primary/replica pair, simulated with
//! the library API and checked against the textbook formulas.
//!
//! ```text
//!   design A:  ──[ db ]──            design B:  ──┬──[ db[1] ]──┬──
//!                                                 └──[ db[2] ]──┘
//! ```
//!
//! A single unit is up a fraction A = MTTF / (MTTF + MTTR) of the time; two independent units in
//! parallel are down only when both are: U = (1 − A)².
//!
//! Run with `cargo run --release --example quickstart`.

use ninesim::RunConfig;

fn design(count: u32) -> String {
    format!(
        r#"{{
            "name": "database x{count}",
            "components": [{{
                "id": "db", "count": {count},
                "failure": {{ "dist": "weibull", "shape": 1.3, "mean": 4380 }},
                "repair":  {{ "dist": "lognormal", "mean": 6, "sd": 4 }}
            }}],
            "system": {{ "parallel": ["db"] }}
        }}"#
    )
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let (mttf, mttr): (f64, f64) = (4380.0, 6.0);
    let a_unit = mttf / (mttf + mttr);

    let mut results = Vec::new();
    for count in [1, 2] {
        let model = ninesim::model::parse_str(&design(count), format!("design-{count}.json"))?;
        // Ten years per life; the first year is left out of the statistics, because a brand-new
        // wear-out (Weibull shape > 1) unit fails less often than a steady-state one.
        let config = RunConfig { replications: 2000, horizon: 10.0 * 8766.0, warmup: 8766.0, seed: 42, threads: None };
        let result = ninesim::run(&model, &config, &|_| {})?;
        let exact_u = (1.0 - a_unit).powi(count as i32);
        println!(
            "{count} server(s): U = {:.3e} (95% CI [{:.3e}, {:.3e}]), exact {:.3e}; {:.2} nines, {:.1} min/year",
            result.unavailability.mean,
            result.unavailability.ci95[0],
            result.unavailability.ci95[1],
            exact_u,
            result.nines.mean,
            result.downtime_minutes_per_year.mean
        );
        // The simulation agrees with the formula within its own 99.9% interval.
        assert!(result.unavailability.contains(exact_u, 0.999));
        results.push(result);
    }
    let (one, two) = (&results[0], &results[1]);
    // The replica buys well over two nines, far outside either interval.
    assert!(two.unavailability.ci95[1] < one.unavailability.ci95[0] / 100.0);
    assert_eq!(one.spof, ["db"]);
    assert!(two.spof.is_empty());
    Ok(())
}
