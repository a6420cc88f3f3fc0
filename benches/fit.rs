//! Time of fitting laws and of drawing parameters.
//!
//! `cargo bench --bench fit`. Groups:
//! - `fit/weibull-1000-censored`: every law (maximum likelihood, profile-likelihood intervals,
//!   Fisher information, Kaplan–Meier) fitted to 1,000 Weibull durations, a quarter censored.
//! - `fit/incident-log`: the bundled five-year incident log read and fitted (six samples).
//! - `uncertainty/storefront-exact-1000`: 1,000 parameter draws of the fitted storefront
//!   (`tests/goldens/storefront-fitted.json`), each solved exactly.

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use ninesim::model::incidents::{DataOptions, parse};
use ninesim::stats::fit::{Observation, fit_all};
use ninesim::study::uncertainty::{UncertaintyRequest, plan, run};
use rand::SeedableRng;
use rand::rngs::Xoshiro256PlusPlus;
use rand_distr::{Distribution, Exp, Weibull};

fn censored_weibull(n: usize) -> Vec<Observation> {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(7);
    let life = Weibull::new(1000.0, 1.5).expect("law");
    let watch = Exp::new(1.0 / 3000.0).expect("law");
    (0..n)
        .map(|_| {
            let (t, c): (f64, f64) = (life.sample(&mut rng), watch.sample(&mut rng));
            Observation { time: t.min(c), censored: c < t }
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("fit");
    group.sample_size(10).measurement_time(Duration::from_secs(10));
    let data = censored_weibull(1000);
    group.bench_function("weibull-1000-censored", |b| b.iter(|| black_box(fit_all(&data).expect("fits"))));
    let path = std::path::Path::new("examples/data/incident-log.csv");
    let text = std::fs::read_to_string(path).expect("the bundled incident log");
    let options = DataOptions { from: Some("2021-01-01T00:00:00Z".into()), to: Some("2026-01-01T00:00:00Z".into()), ..Default::default() };
    group.bench_function("incident-log", |b| {
        b.iter(|| black_box(ninesim::study::fit::fit(&parse(&text, path, &options).expect("reads"), "incident-log.csv")))
    });
    group.finish();

    let model = ninesim::load("tests/goldens/storefront-fitted.json").expect("the fitted storefront");
    let config = ninesim::RunConfig::from_model(&model.system);
    let request = UncertaintyRequest { draws: 1000, method: ninesim::study::results::UncertaintyMethod::Auto };
    let draws = plan(&model, &config, &request, false).expect("plans");
    let mut group = c.benchmark_group("uncertainty");
    group.sample_size(10).measurement_time(Duration::from_secs(10));
    group.bench_function("storefront-exact-1000", |b| b.iter(|| black_box(run(&model, &config, &draws, &|_| {}).expect("draws"))));
    group.finish();
}

criterion_group! {
    name = benches;
    // No HTML plots (see benches/analysis.rs).
    config = Criterion::default().without_plots();
    targets = bench
}
criterion_main!(benches);
