//! Engine throughput in events per second.
//!
//! `cargo bench --bench engine`. Groups:
//! - `engine/1-of-2`: one replication of two exponential components in parallel.
//! - `engine/1000-components`: one replication of 100 groups of 8-of-10 in series.
//! - `engine/1-of-2+objectives`, `engine/1000-components+objectives`: the same two models and
//!   windows with two service-level objectives (a monthly one with a fee and two credit tiers,
//!   a daily one), to read off what judging periods costs the engine (issue 12: at most 25 %).
//! - `engine/two-zone`: one replication of `models/two-zone.json`, which uses zones
//!   (`depends_on`), detection, remediation, a shared crew with a response delay, a standby
//!   database with switchovers and a common-cause shock.
//! - `components/N`: one replication of N = 1, 10, 200 and 10,000 components (groups of 8-of-10
//!   in series) over 20,000 h, about 40 events per component, to read how the cost per event
//!   grows with the model.
//! - `runner/1000-components`: `sim::simulate` on the 1000-component model (128 replications of 10,000 h) with 1 and 2 threads
//!   (compare the two to read off the parallel speed-up).
//!
//! The engine is deterministic, so each benchmark counts its events once, up front, at the fixed
//! seed and reports that count as criterion's throughput.

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use ninesim::model::{Model, parse_str};
use ninesim::sim::{Engine, RunConfig, Window, simulate};

const SEED: u64 = 42;

/// Two exponential components (MTTF 1000 h, MTTR 10 h) in parallel.
fn one_of_two() -> Model {
    parse_str(ONE_OF_TWO, "1-of-2.json").expect("1-of-2 model parses")
}

const ONE_OF_TWO: &str = r#"{
        "name": "1-of-2",
        "components": [
            { "id": "a", "failure": { "dist": "exponential", "mean": 1000 },
                         "repair":  { "dist": "exponential", "mean": 10 } },
            { "id": "b", "failure": { "dist": "exponential", "mean": 1000 },
                         "repair":  { "dist": "exponential", "mean": 10 } }
        ],
        "system": { "parallel": ["a", "b"] }
    }"#;

/// The two objectives of the `+objectives` benchmarks: a monthly one with a fee and two credit
/// tiers, and a daily one.
const OBJECTIVES: &str = r#"[
    { "id": "monthly", "target": 0.9995, "period": "month", "fee": 1000,
      "credits": [{ "below": 0.9995, "credit": 0.1 }, { "below": 0.999, "credit": 0.25 }] },
    { "id": "daily", "target": 0.999, "period": "day" }
]"#;

/// The model `text` with [`OBJECTIVES`] added.
fn with_objectives(text: &str, file: &str) -> Model {
    let mut spec: serde_json::Value = serde_json::from_str(text).expect("the model is JSON");
    spec["objectives"] = serde_json::from_str(OBJECTIVES).expect("the objectives are JSON");
    parse_str(&spec.to_string(), file).expect("the model with objectives parses")
}

/// 100 component kinds `g1`..`g100`, 10 instances each, in series of 8-of-10 votes.
fn thousand_components() -> Model {
    groups_of_ten(100)
}

/// `groups` component kinds of 10 instances each, in series of 8-of-10 votes
/// (10 × `groups` components).
fn groups_of_ten(groups: usize) -> Model {
    parse_str(&groups_of_ten_text(groups), "groups.json").expect("the model parses")
}

/// The text of [`groups_of_ten`]'s model.
fn groups_of_ten_text(groups: usize) -> String {
    let components: Vec<String> = (1..=groups)
        .map(|g| {
            format!(
                r#"{{ "id": "g{g}", "count": 10,
                     "failure": {{ "dist": "exponential", "mean": 1000 }},
                     "repair":  {{ "dist": "exponential", "mean": 10 }} }}"#
            )
        })
        .collect();
    let votes: Vec<String> = (1..=groups).map(|g| format!(r#"{{ "k_of_n": {{ "k": 8, "of": ["g{g}"] }} }}"#)).collect();
    format!(
        r#"{{ "name": "1000 components", "components": [{}], "system": {{ "series": [{}] }} }}"#,
        components.join(", "),
        votes.join(", ")
    )
}

/// One exponential component alone.
fn single() -> Model {
    let text = r#"{"name": "1", "components": [{"id": "s", "failure": {"dist": "exponential", "mean": 1000},
        "repair": {"dist": "exponential", "mean": 10}}], "system": "s"}"#;
    parse_str(text, "1.json").expect("model parses")
}

/// Cost per event against the number of components (it may grow at most logarithmically: the
/// event heap holds one timer per component): 1, 10, 200 and 10,000 components, each run long
/// enough for about 40,000 events.
fn bench_components(c: &mut Criterion) {
    let mut group = c.benchmark_group("components");
    group.sample_size(20).warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(5));
    for (n, model) in [(1usize, single()), (10, groups_of_ten(1)), (200, groups_of_ten(20)), (10_000, groups_of_ten(1000))] {
        assert_eq!(model.system.components().len(), n);
        // Every component lives 20,000 h (about 40 events), whatever the size: the setup of a
        // replication (one random stream and one first failure per component) costs the same
        // per event at every size, as it does in real runs of many years.
        let window = Window { warmup: 0.0, horizon: 20_000.0 };
        let events = events(&model, window);
        group.throughput(Throughput::Elements(events));
        let mut engine = Engine::new(&model.system);
        group.bench_function(format!("{n}"), |b| {
            b.iter(|| {
                engine.run(black_box(SEED), black_box(0), window);
                black_box(engine.observation().events)
            })
        });
    }
    group.finish();
}

/// Events in one replication at the fixed seed (the engine is deterministic).
fn events(model: &Model, window: Window) -> u64 {
    let mut engine = Engine::new(&model.system);
    engine.run(SEED, 0, window);
    engine.observation().events
}

fn bench_engine(c: &mut Criterion) {
    let mut group = c.benchmark_group("engine");
    group.sample_size(30).warm_up_time(Duration::from_secs(2)).measurement_time(Duration::from_secs(8));

    // ~4 events per 1010 h: 1e7 h is ~40k events, a few ms.
    let two_zone = ninesim::load(concat!(env!("CARGO_MANIFEST_DIR"), "/models/two-zone.json")).expect("bundled model loads");
    let cases = [
        ("1-of-2", one_of_two(), 1.0e7),
        ("1-of-2+objectives", with_objectives(ONE_OF_TWO, "1-of-2.json"), 1.0e7),
        ("1000-components", thousand_components(), 2.0e4),
        ("1000-components+objectives", with_objectives(&groups_of_ten_text(100), "groups.json"), 2.0e4),
        ("two-zone", two_zone, 2.0e6),
    ];
    for (name, model, horizon) in &cases {
        let window = Window { warmup: 0.0, horizon: *horizon };
        // As `RunConfig` requires: every objective has a complete period in the window (a
        // month is 730.5 h), else the engine would judge none and measure nothing of them.
        for objective in &model.system.objectives {
            assert!(objective.period <= window.length(), "{name}: a period of objective `{}` exceeds the window", objective.id);
        }
        let n = events(model, window);
        group.throughput(Throughput::Elements(n));
        let mut engine = Engine::new(&model.system);
        // Same replication every iteration, so every iteration does exactly `n` events.
        group.bench_function(*name, |b| {
            b.iter(|| {
                engine.run(black_box(SEED), black_box(0), window);
                black_box(engine.observation().events)
            })
        });
    }
    group.finish();
}

fn bench_runner(c: &mut Criterion) {
    let model = thousand_components();
    let mut config = RunConfig::from_model(&model.system);
    config.replications = 128;
    config.horizon = 1.0e4;
    config.warmup = 0.0;
    config.seed = SEED;
    config.threads = Some(1);
    let n = simulate(&model.system, &config, &|_| {}).expect("runs").events;

    let mut group = c.benchmark_group("runner/1000-components");
    group.sample_size(10).warm_up_time(Duration::from_secs(2)).measurement_time(Duration::from_secs(8));
    group.throughput(Throughput::Elements(n));
    for threads in [1, 2] {
        let config = RunConfig { threads: Some(threads), ..config.clone() };
        group.bench_function(format!("threads={threads}"), |b| {
            b.iter(|| simulate(&model.system, black_box(&config), &|_| {}).expect("runs").events)
        });
    }
    group.finish();
}

criterion_group! {
    name = benches;
    // No HTML plots: criterion would draw them with plotters, whose text needs a registered
    // font (this crate enables plotters' embedded-font backend); the figures are in the output.
    config = Criterion::default().without_plots();
    targets = bench_engine, bench_runner, bench_components
}
criterion_main!(benches);
