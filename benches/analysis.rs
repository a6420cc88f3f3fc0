//! Time of the exact analysis.
//!
//! `cargo bench --bench analysis`. Groups:
//! - `analyze/1000-components`: the whole `ninesim analyze` (BDD, steady state, window average,
//!   cut sets to order 3 with Fussell–Vesely, importance) on 100 groups of 8-of-10 in series.
//! - `analyze/steady-state`: the BDD and the steady state alone, on the same model.
//! - `markov/1-of-2-shared-crew`… is covered by tests; here `markov/16-components`: exploring and
//!   solving the 65,536-state chain of 16 independent exponential components for R(T) and MTTFF.

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use ninesim::analysis::structure::Structure;
use ninesim::analysis::{AnalysisConfig, analyze, steady_state};
use ninesim::model::{Model, parse_str};

/// `groups` component kinds of `size` exponential instances each (MTTF 1000 h, MTTR 10 h),
/// in series of k-of-`size` votes.
fn voting_groups(groups: u32, size: u32, k: u32) -> Model {
    let components: Vec<String> = (1..=groups)
        .map(|g| {
            format!(
                r#"{{ "id": "g{g}", "count": {size}, "failure": {{ "dist": "exponential", "mean": 1000 }},
                     "repair": {{ "dist": "exponential", "mean": 10 }} }}"#
            )
        })
        .collect();
    let votes: Vec<String> = (1..=groups).map(|g| format!(r#"{{ "k_of_n": {{ "k": {k}, "of": ["g{g}"] }} }}"#)).collect();
    let text =
        format!(r#"{{ "name": "groups", "components": [{}], "system": {{ "series": [{}] }} }}"#, components.join(", "), votes.join(", "));
    parse_str(&text, "groups.json").expect("model parses")
}

fn bench(c: &mut Criterion) {
    let model = voting_groups(100, 10, 8);
    let config = AnalysisConfig::from_model(&model.system);
    let mut group = c.benchmark_group("analyze");
    group.sample_size(10).measurement_time(Duration::from_secs(10));
    group.bench_function("1000-components", |b| b.iter(|| black_box(analyze(&model.system, "m", &config).expect("analysis"))));
    group.bench_function("steady-state", |b| {
        b.iter(|| {
            let s = Structure::compile(&model.system, 20_000_000).expect("compiles");
            black_box(steady_state(&model.system, &s))
        })
    });
    group.finish();

    let model = voting_groups(4, 4, 2);
    let config = AnalysisConfig::from_model(&model.system);
    let mut group = c.benchmark_group("markov");
    group.sample_size(10).measurement_time(Duration::from_secs(10));
    group.bench_function("16-components", |b| b.iter(|| black_box(analyze(&model.system, "m", &config).expect("analysis").mission)));
    group.finish();
}

criterion_group! {
    name = benches;
    // No HTML plots: criterion would draw them with plotters, whose text needs a registered
    // font (this crate enables plotters' embedded-font backend); the figures are in the output.
    config = Criterion::default().without_plots();
    targets = bench
}
criterion_main!(benches);
