//! Hostile models: inputs built to make the model layer silently wrong, slow or out of memory.
//! Each is refused with an error naming the JSON path and what would be valid, or handled
//! exactly; one test per rule (docs/model.md, "Limits").

use std::time::Instant;

use ninesim::RunConfig;
use ninesim::model::{Diagnostic, DistributionSpec, Model, ModelError, parse_str};

fn errors(text: &str) -> Vec<Diagnostic> {
    match parse_str(text, "hostile.json") {
        Err(ModelError::Invalid { errors, .. }) => errors,
        Err(other) => panic!("expected model errors, got {other}"),
        Ok(_) => panic!("model should be rejected: {}", &text[..text.len().min(300)]),
    }
}

fn valid(text: &str) -> Model {
    match parse_str(text, "hostile.json") {
        Ok(model) => model,
        Err(e) => panic!("model should be valid: {e}"),
    }
}

/// Asserts an error at `path` whose message contains every one of `words`.
fn assert_error_at(errors: &[Diagnostic], path: &str, words: &[&str]) {
    let found = errors.iter().find(|e| e.path == path).unwrap_or_else(|| panic!("no error at {path}: {errors:#?}"));
    for w in words {
        assert!(found.message.contains(w), "message {:?} lacks {w:?}", found.message);
    }
}

const EXP: &str = r#""failure": {"dist": "exponential", "mean": 1000}, "repair": {"dist": "exponential", "mean": 10}"#;

/// The issue's pool: five disks and one bigger disk, at least `min` together, in any unit.
fn pool(disk: &str, big: &str, min: &str) -> String {
    format!(
        r#"{{"name": "pool", "components": [
            {{"id": "disk", "count": 5, "capacity": {disk}, {EXP}}},
            {{"id": "big", "capacity": {big}, {EXP}}}],
            "system": {{"k_of_n": {{"min_capacity": {min}, "of": ["disk", "big"]}}}}}}"#
    )
}

fn run_json(model: &Model) -> String {
    let config = RunConfig { replications: 64, horizon: 20_000.0, warmup: 0.0, seed: 11, threads: Some(2) };
    let result = ninesim::run(model, &config, &|_| {}).expect("runs");
    serde_json::to_string(&result).expect("serialises")
}

#[test]
fn capacities_are_counted_relative_to_their_vote_so_a_pool_in_bytes_equals_the_pool_in_mb() {
    // 5 × 4e12 + 4.1e12 bytes: in fixed micro-units the total (2.41e19) passed u64's range and
    // every disk became a single point of failure.
    let bytes = valid(&pool("4e12", "4.1e12", "5e12"));
    let mb = valid(&pool("4e6", "4.1e6", "5e6"));
    assert!(bytes.system.single_points_of_failure().is_empty());
    assert_eq!(bytes.system.single_points_of_failure(), mb.system.single_points_of_failure());
    assert_eq!(bytes.system.blocks()[0].weights, mb.system.blocks()[0].weights);
    assert_eq!(bytes.system.blocks()[0].need, mb.system.blocks()[0].need);
    // Same seed, same model text but the unit: the same simulated result, bit for bit.
    assert_eq!(run_json(&bytes), run_json(&mb));
    // Equal capacities of 4e12 still make a plain 2-of-6 vote.
    let equal = valid(&pool("4e12", "4e12", "5e12"));
    assert_eq!(equal.system.blocks()[0].kind, ninesim::model::BlockKind::KOfN(2));
}

#[test]
fn a_vote_whose_total_capacity_exceeds_1e8_times_its_smallest_member_is_refused() {
    let errors = errors(&pool("1e-3", "1e6", "1"));
    assert_error_at(&errors, "system.k_of_n.of", &["1e8", "smallest", "disk[1]", "coarser unit"]);
    // Just inside the limit: accepted.
    valid(&pool("1", "9e7", "1"));
}

#[test]
fn every_law_compiles_to_a_normal_finite_mean_or_says_why() {
    let extremes = [5e-324, 1e-310, f64::MIN_POSITIVE, 1e-300, 1e-3, 1.0, 2.0, 40.0, 1e300, 1.7e308, f64::MAX];
    let mut specs = Vec::new();
    for &x in &extremes {
        specs.push(DistributionSpec::Exponential { mean: Some(x), rate: None, uncertainty: None });
        specs.push(DistributionSpec::Exponential { mean: None, rate: Some(x), uncertainty: None });
        specs.push(DistributionSpec::Fixed { value: x });
        specs.push(DistributionSpec::Uniform { low: 0.0, high: x });
        specs.push(DistributionSpec::Uniform { low: x, high: f64::MAX });
        specs.push(DistributionSpec::Empirical { values: vec![x, x] });
        for &y in &extremes {
            specs.push(DistributionSpec::Gamma { shape: x, scale: None, mean: Some(y), uncertainty: None });
            specs.push(DistributionSpec::Gamma { shape: x, scale: Some(y), mean: None, uncertainty: None });
            specs.push(DistributionSpec::Weibull { shape: x, scale: Some(y), mean: None, uncertainty: None });
            specs.push(DistributionSpec::Weibull { shape: x, scale: None, mean: Some(y), uncertainty: None });
            specs.push(DistributionSpec::Lognormal { mean: None, sd: None, mu: Some(y.ln()), sigma: Some(x), uncertainty: None });
            specs.push(DistributionSpec::Lognormal { mean: Some(x), sd: Some(y), mu: None, sigma: None, uncertainty: None });
            specs.push(DistributionSpec::Normal { mean: x, sd: y });
        }
    }
    for spec in specs {
        match spec.compile() {
            Ok(d) => {
                let m = d.mean();
                assert!(m.is_normal() && m > 0.0, "{spec:?} compiled with mean {m}");
                if let Some(rate) = d.exponential_rate() {
                    assert!(rate.is_normal(), "{spec:?} compiled with rate {rate}");
                }
            }
            Err(problems) => assert!(!problems.is_empty(), "{spec:?} failed without saying why"),
        }
    }
}

#[test]
fn a_law_whose_mean_overflows_is_refused() {
    let text = r#"{"name": "overflow", "components": [
        {"id": "a", "failure": {"dist": "lognormal", "mu": 0, "sigma": 40}, "repair": {"dist": "exponential", "mean": 1}},
        {"id": "b", "failure": {"dist": "exponential", "rate": 5e-324}, "repair": {"dist": "weibull", "shape": 0.001, "mean": 1}}],
        "system": {"series": ["a", "b"]}}"#;
    let errors = errors(text);
    assert_error_at(&errors, "components[0].failure.sigma", &["mean of inf"]);
    assert_error_at(&errors, "components[1].failure.rate", &["2.2250738585072014e-308"]);
    assert_error_at(&errors, "components[1].repair.shape", &["overflows", "0.006"]);
}

#[test]
fn a_subnormal_parameter_is_refused() {
    let text = r#"{"name": "tiny", "components": [
        {"id": "a", "failure": {"dist": "exponential", "mean": 5e-324}, "repair": {"dist": "fixed", "value": 1e-310}}],
        "system": "a"}"#;
    let errors = errors(text);
    assert_error_at(&errors, "components[0].failure.mean", &["at least 2.2250738585072014e-308"]);
    assert_error_at(&errors, "components[0].repair.value", &["at least"]);
}

#[test]
fn a_law_that_cannot_be_built_is_an_error_never_a_dropped_component() {
    // The issue's reproducer: the gamma's scale underflows to 0; the component vanished, the
    // instances shifted, and `c`'s unavailability was reported for the system `a`.
    let text = r#"{"name": "shifted", "components": [
        {"id": "x", "failure": {"dist": "exponential", "mean": 1000}, "repair": {"dist": "gamma", "shape": 2, "mean": 5e-324}},
        {"id": "a", "failure": {"dist": "exponential", "mean": 100}, "repair": {"dist": "exponential", "mean": 1}},
        {"id": "c", "failure": {"dist": "exponential", "mean": 1000000}, "repair": {"dist": "exponential", "mean": 1}}],
        "system": "a"}"#;
    let errors = errors(text);
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert_error_at(&errors, "components[0].repair.mean", &["at least"]);
    // A scale that underflows from normal parameters is caught too (1e-300 / 1e10).
    let text = text.replace(r#""shape": 2, "mean": 5e-324"#, r#""shape": 1e10, "mean": 1e-300"#);
    let errors = self::errors(&text);
    assert_error_at(&errors, "components[0].repair.mean", &["scale"]);
}

fn replicated(count: u64) -> String {
    format!(r#"{{"name": "big", "components": [{{"id": "u", "count": {count}, {EXP}}}], "system": {{"parallel": ["u"]}}}}"#)
}

#[test]
fn a_model_has_at_most_a_million_component_instances() {
    let started = Instant::now();
    let errors = errors(&replicated(4_000_000_000));
    assert_error_at(&errors, "components[0].count", &["4000000000", "at most 1000000"]);
    let two = format!(
        r#"{{"name": "two", "components": [{{"id": "a", "count": 600000, {EXP}}}, {{"id": "b", "count": 600000, {EXP}}}],
            "system": {{"parallel": ["a", "b"]}}}}"#
    );
    assert_error_at(&self::errors(&two), "components[1].count", &["1200000", "at most 1000000"]);
    assert!(started.elapsed().as_secs() < 5, "refused before anything was built");
}

#[test]
fn validation_is_linear_in_the_number_of_instances() {
    // Single points of failure summed each block's children per component: O(n²), minutes
    // for a million instances.
    let started = Instant::now();
    let model = valid(&replicated(300_000));
    assert!(model.system.single_points_of_failure().is_empty());
    let capacity = format!(
        r#"{{"name": "votes", "components": [{{"id": "u", "count": 100000, "capacity": 2, {EXP}}}, {{"id": "v", "capacity": 3, {EXP}}}],
            "system": {{"k_of_n": {{"min_capacity": 3, "of": ["u", "v"]}}}}}}"#
    );
    assert!(valid(&capacity).system.single_points_of_failure().is_empty());
    let seconds = started.elapsed().as_secs_f64();
    assert!(seconds < 20.0, "validation took {seconds} s");
}

#[test]
fn block_members_are_at_most_ten_million_after_expansion() {
    let members = [r#""u""#; 11].join(", ");
    let text =
        format!(r#"{{"name": "wide", "components": [{{"id": "u", "count": 1000000, {EXP}}}], "system": {{"parallel": [{members}]}}}}"#);
    assert_error_at(&errors(&text), "system.parallel[10]", &["10000000"]);
}

#[test]
fn dependency_links_are_at_most_ten_million() {
    let text = format!(
        r#"{{"name": "deps", "components": [{{"id": "a", "count": 5000, "depends_on": ["b"], {EXP}}}, {{"id": "b", "count": 5000, {EXP}}}],
            "system": {{"parallel": ["a"]}}}}"#
    );
    assert_error_at(&errors(&text), "components[0].depends_on", &["25000000", "10000000"]);
}

#[test]
fn ids_have_at_most_256_characters() {
    let long = "x".repeat(70_000);
    let text =
        format!(r#"{{"name": "long", "components": [{{"id": "{long}", {EXP}}}], "crews": [{{"id": "{long}"}}], "system": "{long}"}}"#);
    let errors = errors(&text);
    assert_error_at(&errors, "components[0].id", &["70000 characters", "at most 256"]);
    assert_error_at(&errors, "crews[0].id", &["at most 256"]);
    let ok = "y".repeat(256);
    valid(&format!(r#"{{"name": "ok", "components": [{{"id": "{ok}", {EXP}}}], "system": "{ok}"}}"#));
}

#[test]
fn duplicate_keys_are_errors_with_their_path() {
    // Two `repair` laws: serde_json kept the second without a word, and the model ran.
    let text = r#"{"name": "dup", "components": [
        {"id": "a", "failure": {"dist": "exponential", "mean": 100}, "repair": {"dist": "exponential", "mean": 1},
         "repair": {"dist": "fixed", "value": 2}},
        {"id": "b", "failure": {"dist": "exponential", "mean": -1, "mean": 3}},
        {"id": "c", "failure": {"dist": "exponential", "mean": -1}}],
        "system": {"series": ["a", "b", "c"]}, "name": "again"}"#;
    let errors = errors(text);
    assert_error_at(&errors, "components[0].repair", &["`repair` appears more than once"]);
    assert_error_at(&errors, "components[1].failure.mean", &["more than once"]);
    assert_error_at(&errors, "name", &["more than once"]);
    // The other errors are still reported with them.
    assert_error_at(&errors, "components[2].failure.mean", &["> 0"]);
    assert_eq!(errors.len(), 4, "{errors:#?}");
}

#[test]
fn a_model_file_is_read_to_at_most_64_mib() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("huge.json");
    let limit = ninesim::model::MAX_MODEL_BYTES as usize;
    let mut text = vec![b' '; limit + 1];
    text[..2].copy_from_slice(b"{}");
    std::fs::write(&path, &text).expect("written");
    match ninesim::load(&path) {
        Err(e @ ModelError::TooLarge { .. }) => assert!(e.to_string().contains("64 MiB"), "{e}"),
        other => panic!("expected a size error, got {other:?}"),
    }
    assert!(matches!(parse_str(std::str::from_utf8(&text).expect("ascii"), "huge.json"), Err(ModelError::TooLarge { .. })));
    // One byte less is read (and is then just an invalid model).
    std::fs::write(&path, &text[..limit]).expect("written");
    assert!(matches!(ninesim::load(&path), Err(ModelError::Invalid { .. })));
}

#[cfg(unix)]
#[test]
fn a_model_is_a_file_or_a_pipe_not_a_device_that_never_ends() {
    // /dev/zero used to be read until memory ran out.
    match ninesim::load("/dev/zero") {
        Err(e @ ModelError::NotAFile { .. }) => {
            assert!(e.to_string().contains("character device"), "{e}");
            assert!(e.is_bad_input());
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
    let dir = tempfile::tempdir().expect("temp dir");
    assert!(matches!(ninesim::load(dir.path()), Err(ModelError::NotAFile { what: "a directory", .. })));
}

/// Components `c0` … `c{n-1}`, each depending on the previous one or two, all in a parallel.
fn dependency_chain(n: usize, two: bool) -> String {
    let components: Vec<String> = (0..n)
        .map(|i| {
            let deps: Vec<String> =
                [i.checked_sub(1), if two { i.checked_sub(2) } else { None }].into_iter().flatten().map(|d| format!(r#""c{d}""#)).collect();
            format!(r#"{{"id": "c{i}", "depends_on": [{}], {EXP}}}"#, deps.join(", "))
        })
        .collect();
    let all: Vec<String> = (0..n).map(|i| format!(r#""c{i}""#)).collect();
    format!(r#"{{"name": "chain", "components": [{}], "system": {{"parallel": [{}]}}}}"#, components.join(", "), all.join(", "))
}

#[test]
fn dependency_chains_are_at_most_64_deep_and_their_expansion_is_bounded() {
    // A chain of 200,000 overflowed the stack in `validate`; one of 65 is refused, 64 is fine.
    let started = Instant::now();
    // The first use found past the limit is named.
    assert_error_at(&errors(&dependency_chain(200_000, false)), "components[65].depends_on", &["chain of 65", "at most 64"]);
    assert_error_at(&errors(&dependency_chain(66, false)), "components[65].depends_on", &["chain of 65"]);
    let ok = valid(&dependency_chain(65, false));
    assert!(ok.system.single_points_of_failure().contains(&0), "c0 takes every other down");
    // Each depending on the previous two: written into the structure, the expansion grows as
    // the Fibonacci numbers (2^40 nodes at depth 60).
    assert_error_at(&errors(&dependency_chain(60, true)), "components", &["10000000 nodes"]);
    assert!(started.elapsed().as_secs() < 30, "took {:?}", started.elapsed());
}
