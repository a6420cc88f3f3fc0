//! Bad input gets a clear error naming the JSON path and what would be valid, never a panic.
//! One test per class of mistake.

use ninesim::model::{Diagnostic, ModelError, parse_str};
use proptest::prelude::*;

fn errors(text: &str) -> Vec<Diagnostic> {
    match parse_str(text, "bad.json") {
        Err(ModelError::Invalid { errors, .. }) => errors,
        Err(other) => panic!("expected model errors, got {other}"),
        Ok(_) => panic!("model should be rejected: {text}"),
    }
}

/// Asserts exactly one error, at `path`, whose message contains every one of `words`.
fn assert_single(text: &str, path: &str, words: &[&str]) {
    let errors = errors(text);
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert_eq!(errors[0].path, path, "{errors:#?}");
    for w in words {
        assert!(errors[0].message.contains(w), "message {:?} lacks {w:?}", errors[0].message);
    }
}

/// A valid model with `component` as its second component and `system` as the structure.
fn model(component: &str, system: &str) -> String {
    format!(
        r#"{{"name": "m", "components": [
            {{"id": "web", "count": 3, "failure": {{"dist": "exponential", "mean": 1000}}, "repair": {{"dist": "fixed", "value": 1}}}},
            {component}
        ], "system": {system}}}"#
    )
}

const OK: &str = r#"{"id": "db", "failure": {"dist": "exponential", "mean": 100}, "repair": {"dist": "exponential", "mean": 2}}"#;
const SYSTEM: &str = r#"{"series": [{"parallel": ["web"]}, "db"]}"#;

#[test]
fn the_reference_model_is_valid() {
    parse_str(&model(OK, SYSTEM), "ok.json").expect("valid");
}

#[test]
fn syntax_errors_give_line_and_column() {
    let err = parse_str("{\n  \"name\": \"x\",\n  oops\n}", "bad.json").unwrap_err();
    let text = err.to_string();
    assert!(text.starts_with("bad.json:3:"), "{text}");
    assert!(text.contains("not valid JSON"));
}

#[test]
fn unknown_field_is_named_with_the_valid_ones() {
    let c = r#"{"id": "db", "failure": {"dist": "exponential", "mean": 100}, "reapir": {"dist": "fixed", "value": 1}}"#;
    assert_single(&model(c, SYSTEM), "components[1].reapir", &["unknown field `reapir`", "repair"]);
}

#[test]
fn unknown_distribution_parameter_is_named() {
    let c = r#"{"id": "db", "failure": {"dist": "weibull", "shape": 2, "mena": 100}}"#;
    let errors = errors(&model(c, SYSTEM));
    assert_eq!(errors[0].path, "components[1].failure.mena", "{errors:#?}");
}

#[test]
fn unknown_distribution_lists_the_valid_ones() {
    let c = r#"{"id": "db", "failure": {"dist": "poisson", "mean": 100}}"#;
    assert_single(&model(c, SYSTEM), "components[1].failure.dist", &["poisson", "exponential", "weibull", "empirical"]);
}

#[test]
fn missing_field_is_named() {
    let c = r#"{"id": "db", "repair": {"dist": "fixed", "value": 1}}"#;
    assert_single(&model(c, SYSTEM), "components[1]", &["missing field `failure`"]);
}

#[test]
fn wrong_type_is_named() {
    let c = r#"{"id": "db", "count": "two", "failure": {"dist": "exponential", "mean": 100}}"#;
    assert_single(&model(c, SYSTEM), "components[1].count", &["invalid type", "string \"two\""]);
}

#[test]
fn negative_and_zero_parameters_are_rejected() {
    let c = r#"{"id": "db", "failure": {"dist": "exponential", "mean": -5}, "repair": {"dist": "fixed", "value": 0}}"#;
    let errors = errors(&model(c, SYSTEM));
    let paths: Vec<&str> = errors.iter().map(|e| e.path.as_str()).collect();
    assert_eq!(paths, ["components[1].failure.mean", "components[1].repair.value"]);
    assert!(errors.iter().all(|e| e.message.contains("> 0")), "{errors:#?}");
}

#[test]
fn weibull_shape_must_be_positive() {
    let c = r#"{"id": "db", "failure": {"dist": "weibull", "shape": 0, "mean": 100}}"#;
    assert_single(&model(c, SYSTEM), "components[1].failure.shape", &["> 0", "got 0"]);
}

#[test]
fn alternative_parameters_must_not_both_be_given() {
    let c = r#"{"id": "db", "failure": {"dist": "exponential", "mean": 100, "rate": 0.01}}"#;
    assert_single(&model(c, SYSTEM), "components[1].failure", &["`mean` or `rate`, not both"]);
}

#[test]
fn count_zero_is_rejected() {
    let c = r#"{"id": "db", "count": 0, "failure": {"dist": "exponential", "mean": 100}}"#;
    let errors = errors(&model(c, SYSTEM));
    assert_eq!(errors[0].path, "components[1].count", "{errors:#?}");
}

#[test]
fn k_greater_than_n_is_rejected_counting_expanded_instances() {
    let system = r#"{"series": [{"k_of_n": {"k": 4, "of": ["web"]}}, "db"]}"#;
    assert_single(&model(OK, system), "system.series[0].k_of_n.k", &["is 4", "only 3 members", "between 1 and 3"]);
}

#[test]
fn k_zero_is_rejected() {
    let system = r#"{"series": [{"k_of_n": {"k": 0, "of": ["web"]}}, "db"]}"#;
    assert_single(&model(OK, system), "system.series[0].k_of_n.k", &["whole number ≥ 1", "got 0"]);
}

#[test]
fn unknown_id_suggests_the_closest() {
    let system = r#"{"series": [{"parallel": ["wbe"]}, "db"]}"#;
    assert_single(&model(OK, system), "system.series[0].parallel[0]", &["unknown component `wbe`", "did you mean `web`?"]);
}

#[test]
fn duplicate_id_is_rejected() {
    let c = r#"{"id": "web", "failure": {"dist": "exponential", "mean": 100}}"#;
    assert_single(&model(c, r#"{"parallel": ["web"]}"#), "components[1].id", &["`web` is already the id of components[0]"]);
}

#[test]
fn empty_block_is_rejected() {
    let system = r#"{"series": [{"parallel": []}, "db", "web[1]"]}"#;
    assert_single(&model(OK, system), "system.series[0].parallel", &["is empty"]);
}

#[test]
fn bare_replicated_id_where_one_unit_is_expected_says_what_to_write() {
    let text = model(OK, r#""web""#);
    let errors = errors(&text);
    assert_eq!(errors[0].path, "system");
    assert!(errors[0].message.contains(r#"{"parallel": ["web"]}"#), "{}", errors[0].message);
    assert!(errors[0].message.contains(r#""web[1]""#));
}

#[test]
fn instance_out_of_range_gives_the_valid_range() {
    let system = r#"{"series": ["web[4]", "db"]}"#;
    assert_single(&model(OK, system), "system.series[0]", &["numbered 1 to 3"]);
}

#[test]
fn unknown_block_type_lists_the_valid_forms() {
    let system = r#"{"serial": ["web", "db"]}"#;
    assert_single(&model(OK, system), "system.serial", &["unknown block type `serial`", "k_of_n"]);
}

#[test]
fn unused_component_is_a_warning_not_an_error() {
    let model = parse_str(&model(OK, r#"{"parallel": ["web"]}"#), "warn.json").expect("still valid");
    assert_eq!(model.warnings.len(), 1);
    assert_eq!(model.warnings[0].path, "components[1]");
    assert!(model.warnings[0].message.contains("`db` is not used"));
}

#[test]
fn every_error_in_a_model_is_reported_at_once() {
    let text = r#"{"name": "m", "components": [
        {"id": "a", "failure": {"dist": "weibull", "shape": -1, "mean": 10}},
        {"id": "b", "failure": {"dist": "exponential", "mean": 0}, "repair": {"dist": "uniform", "low": 5, "high": 1}},
        {"id": "b", "failure": {"dist": "fixed", "value": 1}}
    ], "system": {"series": [{"k_of_n": {"k": 3, "of": ["a", "b"]}}, "zz"]}}"#;
    let paths: Vec<String> = errors(text).into_iter().map(|e| e.path).collect();
    assert_eq!(
        paths,
        [
            "components[0].failure.shape",
            "components[1].failure.mean",
            "components[1].repair.high",
            "components[2].id",
            "system.series[0].k_of_n.k",
            "system.series[1]"
        ]
    );
}

#[test]
fn invalid_simulation_settings_are_named() {
    let text = r#"{"name": "m", "simulation": {"horizon": 10, "warmup": 20, "replications": 0},
        "components": [{"id": "a", "failure": {"dist": "fixed", "value": 1}}], "system": "a"}"#;
    let paths: Vec<String> = errors(text).into_iter().map(|e| e.path).collect();
    assert_eq!(paths, ["simulation.warmup", "simulation.replications"]);
}

#[test]
fn a_run_that_would_never_finish_is_refused_before_it_starts() {
    let text = r#"{"name": "m", "components": [{"id": "a", "failure": {"dist": "fixed", "value": 1e-9}, "repair": {"dist": "fixed", "value": 1e-9}}], "system": "a"}"#;
    let model = parse_str(text, "fast.json").expect("valid model");
    let config = ninesim::RunConfig::from_model(&model.system);
    let err = ninesim::run(&model, &config, &|_| {}).unwrap_err().to_string();
    assert!(err.contains("events"), "{err}");
}

fn number() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("0".to_string()),
        Just("-1".to_string()),
        Just("1e308".to_string()),
        Just("1e-308".to_string()),
        Just("\"x\"".to_string()),
        Just("null".to_string()),
        Just("[]".to_string()),
        (1u32..100).prop_map(|n| n.to_string()),
    ]
}

fn distribution() -> impl Strategy<Value = String> {
    let dist =
        prop::sample::select(vec!["exponential", "weibull", "lognormal", "normal", "gamma", "uniform", "fixed", "empirical", "nope"]);
    let key = prop::sample::select(vec!["mean", "rate", "shape", "scale", "sd", "mu", "sigma", "low", "high", "value", "values", "k"]);
    (dist, prop::collection::vec((key, number()), 0..4)).prop_map(|(d, params)| {
        let fields: Vec<String> = params.iter().map(|(k, v)| format!(r#""{k}": {v}"#)).collect();
        format!(r#"{{"dist": "{d}"{}{}}}"#, if fields.is_empty() { "" } else { ", " }, fields.join(", "))
    })
}

fn block() -> impl Strategy<Value = String> {
    let leaf = prop::sample::select(vec![r#""a""#, r#""b""#, r#""b[2]""#, r#""b[9]""#, r#""c""#, "3", "[]"]).prop_map(String::from);
    leaf.prop_recursive(3, 16, 4, |inner| {
        (prop::sample::select(vec!["series", "parallel", "k_of_n", "other"]), prop::collection::vec(inner, 0..4), 0u32..5).prop_map(
            |(kind, children, k)| {
                let list = children.join(", ");
                if kind == "k_of_n" {
                    format!(r#"{{"k_of_n": {{"k": {k}, "of": [{list}]}}}}"#)
                } else {
                    format!(r#"{{"{kind}": [{list}]}}"#)
                }
            },
        )
    })
}

/// A valid model with extra top-level fields and its own components and system.
fn rich(components: &str, extra: &str, system: &str) -> String {
    format!(r#"{{"name": "m", {extra} "components": [{components}], "system": {system}}}"#)
}

const UNIT: &str = r#""failure": {"dist": "exponential", "mean": 100}, "repair": {"dist": "exponential", "mean": 2}"#;

#[test]
fn an_unknown_crew_suggests_the_nearest() {
    let text = rich(&format!(r#"{{"id": "a", "crew": "oncal", {UNIT}}}"#), r#""crews": [{"id": "oncall"}],"#, r#""a""#);
    assert_single(&text, "components[0].crew", &["unknown crew `oncal`", "did you mean `oncall`"]);
    let text = rich(&format!(r#"{{"id": "a", "crew": "ops", {UNIT}}}"#), "", r#""a""#);
    assert_single(&text, "components[0].crew", &["no `crews`"]);
}

#[test]
fn crews_are_checked() {
    let text = rich(&format!(r#"{{"id": "a", {UNIT}}}"#), r#""crews": [{"id": "x", "size": 0}, {"id": "x"}],"#, r#""a""#);
    let errors = errors(&text);
    let paths: Vec<&str> = errors.iter().map(|e| e.path.as_str()).collect();
    assert_eq!(paths, ["crews[0].size", "crews[1].id"], "{errors:#?}");
}

#[test]
fn repair_features_need_a_repair() {
    let text = rich(r#"{"id": "a", "failure": {"dist": "fixed", "value": 1}, "detection": {"dist": "fixed", "value": 1}}"#, "", r#""a""#);
    assert_single(&text, "components[0].detection", &["no `repair`"]);
}

#[test]
fn a_dependency_cycle_is_named() {
    let text = rich(
        &format!(
            r#"{{"id": "a", "depends_on": ["b"], {UNIT}}}, {{"id": "b", "depends_on": ["c"], {UNIT}}}, {{"id": "c", "depends_on": ["a"], {UNIT}}}"#
        ),
        "",
        r#"{"series": ["a", "b", "c"]}"#,
    );
    assert_single(&text, "components[0].depends_on", &["cycle a → b → c → a"]);
    let text = rich(&format!(r#"{{"id": "a", "depends_on": ["a"], {UNIT}}}"#), "", r#""a""#);
    let errors = errors(&text);
    assert!(errors.iter().any(|e| e.path == "components[0].depends_on" && e.message.contains("itself")), "{errors:#?}");
}

#[test]
fn an_unknown_dependency_or_member_is_located() {
    let text = rich(
        &format!(r#"{{"id": "zone", {UNIT}}}, {{"id": "a", "depends_on": ["zome"], {UNIT}}}"#),
        r#""common_causes": [{"id": "cc", "members": ["b"], "every": {"dist": "exponential", "mean": 10}}],"#,
        r#""a""#,
    );
    let errors = errors(&text);
    let paths: Vec<&str> = errors.iter().map(|e| e.path.as_str()).collect();
    assert_eq!(paths, ["components[1].depends_on[0]", "common_causes[0].members[0]"], "{errors:#?}");
    assert!(errors[0].message.contains("did you mean `zone`"));
}

#[test]
fn standby_blocks_are_checked() {
    let units = format!(r#"{{"id": "s", "count": 2, {UNIT}}}"#);
    let standby = |fields: &str| rich(&units, "", &format!(r#"{{"standby": {{"units": ["s"], {fields}}}}}"#));
    assert_single(&standby(r#""mode": "warm""#), "system.standby.dormant_factor", &["missing", "0 to 1"]);
    assert_single(&standby(r#""mode": "cold", "dormant_factor": 0.5"#), "system.standby.dormant_factor", &["warm", "cold spares"]);
    assert_single(&standby(r#""switch_failure_prob": 1"#), "system.standby.switch_failure_prob", &["less than 1"]);
    assert_single(&standby(r#""mode": "lukewarm""#), "system.standby.mode", &["unknown variant `lukewarm`", "warm"]);
    let one = rich(&units, "", r#"{"standby": {"units": ["s[1]"]}}"#);
    assert_single(&one, "system.standby.units", &["at least one spare"]);
    let twice = rich(&units, "", r#"{"parallel": [{"standby": {"units": ["s"]}}, {"standby": {"units": ["s[2]", "s[1]"]}}]}"#);
    assert_single(&twice, "system.parallel[1].standby.units", &["another standby block"]);
}

#[test]
fn capacity_votes_are_checked() {
    let units = format!(r#"{{"id": "s", "count": 3, "capacity": 100, {UNIT}}}"#);
    let vote = |fields: &str| rich(&units, "", &format!(r#"{{"k_of_n": {{{fields}, "of": ["s"]}}}}"#));
    assert_single(&vote(r#""min_capacity": 400"#), "system.k_of_n.min_capacity", &["only 300"]);
    assert_single(&vote(r#""k": 2, "min_capacity": 200"#), "system.k_of_n", &["not both"]);
    assert_single(&vote(r#""min_capacity": 200, "nominal_capacity": 100"#), "system.k_of_n.nominal_capacity", &["between"]);
    let block_member = rich(&units, "", r#"{"k_of_n": {"min_capacity": 1, "of": [{"series": ["s[1]"]}]}}"#);
    assert_single(&block_member, "system.k_of_n.of[0]", &["must be components"]);
    let bad_capacity = rich(&format!(r#"{{"id": "s", "capacity": -1, {UNIT}}}"#), "", r#""s""#);
    assert_single(&bad_capacity, "components[0].capacity", &["> 0"]);
}

#[test]
fn demand_is_checked_against_the_minimum_and_the_total() {
    // Count votes: demand between k and n.
    let count = |fields: &str| model(OK, &format!(r#"{{"series": ["db", {{"k_of_n": {{{fields}, "of": ["web"]}}}}]}}"#));
    parse_str(&count(r#""k": 2, "demand": 2.5"#), "ok.json").expect("a demand between k and n is valid");
    assert_single(&count(r#""k": 2, "demand": 1"#), "system.series[1].k_of_n.demand", &["is 1", "`k` is 2", "at least 2"]);
    assert_single(&count(r#""k": 2, "demand": 4"#), "system.series[1].k_of_n.demand", &["is 4", "only 3", "never be reached"]);
    for bad in ["0", "-1", "\"lots\"", "null"] {
        assert_single(&count(&format!(r#""k": 2, "demand": {bad}"#)), "system.series[1].k_of_n.demand", &["finite number > 0"]);
    }
    // Capacity votes: demand between min_capacity and the members' capacity, in its units.
    let units = format!(r#"{{"id": "s", "count": 3, "capacity": 100, {UNIT}}}"#);
    let vote = |fields: &str| rich(&units, "", &format!(r#"{{"k_of_n": {{{fields}, "of": ["s"]}}}}"#));
    parse_str(&vote(r#""min_capacity": 150, "demand": 250"#), "ok.json").expect("valid");
    assert_single(&vote(r#""min_capacity": 150, "demand": 100"#), "system.k_of_n.demand", &["is 100", "`min_capacity` is 150"]);
    assert_single(&vote(r#""min_capacity": 150, "demand": 301"#), "system.k_of_n.demand", &["is 301", "only 300"]);
    // Every problem at once, each with its path.
    let both = model(
        OK,
        r#"{"series": [{"k_of_n": {"k": 1, "demand": 9, "of": ["web"]}}, {"k_of_n": {"k": 3, "demand": 0, "of": ["web"]}}, "db"]}"#,
    );
    let paths: Vec<String> = errors(&both).into_iter().map(|e| e.path).collect();
    assert_eq!(paths, ["system.series[0].k_of_n.demand", "system.series[1].k_of_n.demand"]);
}

#[test]
fn a_malformed_block_does_not_hide_the_errors_around_it() {
    let system = r#"{"series": ["zz", {"serial": ["db"]}, {"k_of_n": {"k": 2.5, "of": ["yy"]}}, 3, {"parallel": ["web", "db"]}]}"#;
    let paths: Vec<String> = errors(&model(OK, system)).into_iter().map(|e| e.path).collect();
    assert_eq!(
        paths,
        ["system.series[0]", "system.series[1].serial", "system.series[2].k_of_n.k", "system.series[2].k_of_n.of[0]", "system.series[3]"]
    );
}

#[test]
fn every_problem_of_one_vote_is_reported() {
    let system = r#"{"k_of_n": {"x": 1, "min_capacity": "lots", "nominal_capacity": 0, "of": ["web"]}}"#;
    let errors = errors(&model(OK, system));
    let paths: Vec<&str> = errors.iter().map(|e| e.path.as_str()).collect();
    assert_eq!(paths, ["system.k_of_n.x", "system.k_of_n.min_capacity", "system.k_of_n.nominal_capacity"], "{errors:#?}");
    assert!(errors[1].message.contains(r#"got "lots""#), "{}", errors[1].message);
}

/// A component whose law is invalid has no compiled instances: the blocks that use it are still
/// checked, and name it, without them.
#[test]
fn a_member_with_an_invalid_law_is_checked_in_every_kind_of_block() {
    let bad = r#"{"id": "db", "count": 2, "capacity": 100, "failure": {"dist": "exponential", "mean": -1}}"#;
    let law = "components[1].failure.mean";
    let vote = errors(&model(bad, r#"{"k_of_n": {"min_capacity": 100, "of": ["db"]}}"#));
    assert_eq!(vote.iter().map(|e| e.path.as_str()).collect::<Vec<_>>(), [law], "{vote:#?}");
    let twice = errors(&model(bad, r#"{"series": ["db[1]", "db[1]", "web[1]"]}"#));
    assert_eq!(twice.iter().map(|e| e.path.as_str()).collect::<Vec<_>>(), [law], "{twice:#?}");
    let standby = r#"{"parallel": [{"standby": {"units": ["db"]}}, {"standby": {"units": ["db[2]", "web[1]"]}}]}"#;
    let two_standbys = errors(&model(bad, standby));
    assert_eq!(two_standbys.iter().map(|e| e.path.as_str()).collect::<Vec<_>>(), [law, "system.parallel[1].standby.units"]);
    assert!(two_standbys[1].message.contains("`db[2]` is already a unit of another standby block"), "{}", two_standbys[1].message);
}

#[test]
fn a_capacity_vote_on_a_component_with_no_instances_is_not_a_crash() {
    let none = r#"{"id": "db", "count": 0, "failure": {"dist": "exponential", "mean": 100}}"#;
    assert_single(&model(none, r#"{"k_of_n": {"min_capacity": 1e-7, "of": ["db"]}}"#), "components[1].count", &["at least 1"]);
}

#[test]
fn capacities_near_the_largest_number_do_not_wrap_around() {
    let units = format!(r#"{{"id": "s", "count": 2, "capacity": 1e300, {UNIT}}}"#);
    let text = rich(&units, "", r#"{"k_of_n": {"min_capacity": 1e300, "of": ["s"]}}"#);
    parse_str(&text, "big.json").expect("either member alone reaches 1e300");
}

#[test]
fn maintenance_is_checked() {
    let text = rich(
        &format!(r#"{{"id": "a", "maintenance": {{"every": 10, "duration": {{"dist": "fixed", "value": 12}}}}, {UNIT}}}"#),
        "",
        r#""a""#,
    );
    assert_single(&text, "components[0].maintenance.duration", &["never be in service"]);
    let text = rich(
        &format!(r#"{{"id": "a", "maintenance": {{"every": 0, "duration": {{"dist": "fixed", "value": 1}}}}, {UNIT}}}"#),
        "",
        r#""a""#,
    );
    assert_single(&text, "components[0].maintenance.every", &["> 0"]);
}

#[test]
fn remediation_probability_is_checked() {
    let text = rich(
        &format!(r#"{{"id": "a", "remediation": {{"probability": 1.5, "time": {{"dist": "fixed", "value": 1}}}}, {UNIT}}}"#),
        "",
        r#""a""#,
    );
    assert_single(&text, "components[0].remediation.probability", &["between 0 and 1"]);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    /// Arbitrary parameters and structures: loading returns a model or errors, never panics,
    /// and every error has a path.
    #[test]
    fn no_model_makes_loading_panic(fa in distribution(), ra in distribution(), fb in distribution(), count in number(), system in block()) {
        let text = format!(
            r#"{{"name": "fuzz", "components": [
                {{"id": "a", "failure": {fa}, "repair": {ra}}},
                {{"id": "b", "count": {count}, "failure": {fb}}}
            ], "system": {system}}}"#
        );
        match parse_str(&text, "fuzz.json") {
            Ok(model) => prop_assert!(!model.system.components().is_empty()),
            Err(ModelError::Invalid { errors, .. }) => {
                prop_assert!(!errors.is_empty());
                prop_assert!(errors.iter().all(|e| !e.path.is_empty() && !e.message.is_empty()));
            }
            Err(other) => prop_assert!(false, "unexpected error kind: {other}"),
        }
    }
}
