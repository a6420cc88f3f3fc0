//! Failure biasing against plain Monte Carlo on a seven-nines model.
//!
//! `cargo bench --bench rare_event`. First a one-off comparison, printed: both methods run on
//! `models/metadata-store.json` (U = 5.4e-8, 7.27 nines; five replicas voting 3 of 5 with one
//! repair engineer, two power feeds) until the 95% CI half-width of U is 10% of U, and the
//! events and times of each are printed with their ratio. Plain Monte Carlo needs about a
//! hundred million events for that; it runs once, on every core. Then criterion times:
//! - `rare_event/failure-biasing-10%`: failure biasing to ±10% (its events as throughput);
//! - `rare_event/failure-biasing-1%`: the same to ±1%.

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{Criterion, Throughput};
use ninesim::model::Model;
use ninesim::rare::{self, Config, Stop};
use ninesim::sim::{Precision, RunConfig};

const SEED: u64 = 1;

fn model() -> Model {
    ninesim::load(concat!(env!("CARGO_MANIFEST_DIR"), "/models/metadata-store.json")).expect("the bundled model loads")
}

fn precision(rel_error: f64, max: u64) -> Precision {
    Precision { rel_error, max_replications: max, max_time: None }
}

fn biased(model: &Model, rel_error: f64) -> rare::CycleTally {
    let config = Config { seed: SEED, threads: None, stop: Stop::Precision(precision(rel_error, 100_000_000)) };
    rare::simulate(&model.system, &config, &|_| {}).expect("failure biasing runs").0
}

/// The printed comparison: plain Monte Carlo to ±10% against failure biasing to ±10%.
fn compare(model: &Model) {
    let exact = ninesim::analysis::steady_reference(&model.system).expect("the chain solves it").1;
    let started = Instant::now();
    let tally = biased(model, 0.1);
    let biased_time = started.elapsed();
    let u = tally.unavailability().expect("downtime seen");

    let config = RunConfig { seed: SEED, ..RunConfig::from_model(&model.system) };
    let started = Instant::now();
    let (plain, stopped) =
        ninesim::sim::simulate_to_precision(&model.system, &config, precision(0.1, 10_000_000), &|_| {}).expect("plain runs");
    let plain_time = started.elapsed();
    let p = plain.unavailability.estimate();

    println!("rare_event: {} (exact U {:.4e}), to a 95% CI half-width of 10% of U", model.system.name, exact.unavailability);
    println!(
        "  plain Monte Carlo : U {:.4e} ± {:.1}%, {} replications of {} h, {} events, {:.2} s ({:?})",
        p.mean,
        100.0 * (p.ci95[1] - p.ci95[0]) / 2.0 / p.mean,
        plain.replications(),
        config.horizon,
        plain.events,
        plain_time.as_secs_f64(),
        stopped
    );
    println!(
        "  failure biasing   : U {:.4e} ± {:.1}%, {} cycles, {} events, {:.4} s",
        u.mean,
        100.0 * tally.relative_half_width(),
        tally.cycles(),
        tally.events,
        biased_time.as_secs_f64()
    );
    println!(
        "  ratio             : {:.0}× fewer events, {:.0}× less time",
        plain.events as f64 / tally.events as f64,
        plain_time.as_secs_f64() / biased_time.as_secs_f64()
    );
}

fn main() {
    let model = model();
    compare(&model);
    let mut c = Criterion::default().without_plots().configure_from_args();
    let mut group = c.benchmark_group("rare_event");
    group.measurement_time(Duration::from_secs(5));
    for (name, rel_error, samples) in [("failure-biasing-10%", 0.1, 100), ("failure-biasing-1%", 0.01, 10)] {
        group.sample_size(samples);
        group.throughput(Throughput::Elements(biased(&model, rel_error).events));
        group.bench_function(name, |b| b.iter(|| black_box(biased(&model, rel_error))));
    }
    group.finish();
    c.final_summary();
}
