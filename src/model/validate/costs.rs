//! The cost fields: every amount finite and ≥ 0, each error at its JSON path; compiled into a
//! [`CostModel`] when the model gives any cost at all.

use super::Diagnostic;
use super::objectives::{MAX_AMOUNT, shown};
use crate::model::costs::{ComponentCost, CostModel, CrewCost};
use crate::model::spec::ModelSpec;

/// The most characters of a currency label (it is printed beside every amount).
pub const MAX_CURRENCY_CHARS: usize = 16;

/// An amount at `path`: 0 when absent; an error when negative, not finite or above
/// [`MAX_AMOUNT`] (sums over a century of events must stay far inside f64's range).
fn amount(value: Option<f64>, path: String, errors: &mut Vec<Diagnostic>) -> f64 {
    match value {
        None => 0.0,
        Some(x) if x.is_finite() && (0.0..=MAX_AMOUNT).contains(&x) => x,
        Some(x) => {
            errors.push(Diagnostic::new(path, format!("must be a finite amount from 0 to {MAX_AMOUNT:e}, got {}", shown(x))));
            0.0
        }
    }
}

/// Checks every cost field; returns the costs of each instance, given the number of instances
/// of each component kind (`counts[i]` for `components[i]`), when the model has any cost field.
pub(super) fn compile_costs(spec: &ModelSpec, counts: &[usize], errors: &mut Vec<Diagnostic>) -> Option<CostModel> {
    let mut any = spec.costs.is_some();
    let mut components = Vec::with_capacity(counts.iter().sum());
    for (i, (component, &count)) in spec.components.iter().zip(counts).enumerate() {
        let cost = match &component.cost {
            None => ComponentCost::default(),
            Some(c) => {
                any = true;
                let path = |field: &str| format!("components[{i}].cost.{field}");
                ComponentCost {
                    acquisition: amount(c.acquisition, path("acquisition"), errors),
                    per_year: amount(c.per_year, path("per_year"), errors),
                    per_failure: amount(c.per_failure, path("per_failure"), errors),
                    per_repair_hour: amount(c.per_repair_hour, path("per_repair_hour"), errors),
                }
            }
        };
        components.extend(std::iter::repeat_n(cost, count));
    }
    let crews = spec
        .crews
        .iter()
        .enumerate()
        .map(|(k, crew)| match &crew.cost {
            None => CrewCost::default(),
            Some(c) => {
                any = true;
                let path = |field: &str| format!("crews[{k}].cost.{field}");
                CrewCost {
                    per_year: amount(c.per_year, path("per_year"), errors),
                    per_call_out: amount(c.per_call_out, path("per_call_out"), errors),
                    per_hour: amount(c.per_hour, path("per_hour"), errors),
                }
            }
        })
        .collect();
    let system = spec.costs.clone().unwrap_or_default();
    let per_hour_down = amount(system.per_hour_down, "costs.per_hour_down".into(), errors);
    let per_outage = amount(system.per_outage, "costs.per_outage".into(), errors);
    if let Some(currency) = &system.currency {
        let chars = currency.chars().count();
        if currency.trim().is_empty() || chars > MAX_CURRENCY_CHARS || currency.chars().any(char::is_control) {
            errors.push(Diagnostic::new(
                "costs.currency",
                format!("must be a short label (1 to {MAX_CURRENCY_CHARS} characters, no control characters), such as \"EUR\""),
            ));
        }
    }
    any.then_some(CostModel { components, crews, per_hour_down, per_outage, currency: system.currency })
}

#[cfg(test)]
mod tests {
    use crate::model::{ModelError, parse_str};

    fn errors(model: &str) -> Vec<(String, String)> {
        match parse_str(model, "test.json") {
            Ok(_) => Vec::new(),
            Err(ModelError::Invalid { errors, .. }) => errors.iter().map(|d| (d.path.clone(), d.message.clone())).collect(),
            Err(e) => vec![(String::new(), e.to_string())],
        }
    }

    #[test]
    fn negative_amounts_and_bad_currency_are_errors_at_their_paths_all_at_once() {
        let model = r#"{"name": "c", "components": [{"id": "a", "failure": {"dist": "exponential", "mean": 10},
            "repair": {"dist": "fixed", "value": 1}, "crew": "ops", "cost": {"per_failure": -1, "acquisition": 2}}],
            "crews": [{"id": "ops", "cost": {"per_hour": -0.5}}],
            "costs": {"per_hour_down": -3, "currency": ""}, "system": "a"}"#;
        let found = errors(model);
        let paths: Vec<&str> = found.iter().map(|(p, _)| p.as_str()).collect();
        for path in ["components[0].cost.per_failure", "crews[0].cost.per_hour", "costs.per_hour_down", "costs.currency"] {
            assert!(paths.contains(&path), "no error at {path}: {found:?}");
        }
        assert!(found.iter().any(|(p, m)| p == "crews[0].cost.per_hour" && m.contains("from 0") && m.contains("-0.5")), "{found:?}");
    }

    #[test]
    fn amounts_too_large_to_sum_are_errors() {
        // 1e300 per hour down would make a century's downtime cost overflow to infinity.
        let model = r#"{"name": "c", "components": [{"id": "a", "failure": {"dist": "exponential", "mean": 10}}],
            "costs": {"per_hour_down": 1e300}, "system": "a"}"#;
        let found = errors(model);
        assert!(found.iter().any(|(p, m)| p == "costs.per_hour_down" && m.contains("1e15") && m.contains("1e300")), "{found:?}");
    }

    #[test]
    fn non_finite_amounts_are_errors() {
        // JSON has no NaN or infinity; a spec built in code (a sweep, a library user) can.
        let model = r#"{"name": "c", "components": [{"id": "a", "failure": {"dist": "fixed", "value": 1}, "cost": {}}],
            "system": "a"}"#;
        let mut spec = parse_str(model, "t.json").expect("valid").spec;
        spec.components[0].cost = Some(crate::model::spec::ComponentCostSpec {
            acquisition: Some(f64::INFINITY),
            per_year: Some(f64::NAN),
            ..Default::default()
        });
        spec.costs = Some(crate::model::spec::CostsSpec { per_outage: Some(f64::NEG_INFINITY), ..Default::default() });
        let (mut errors, mut warnings) = (Vec::new(), Vec::new());
        assert!(crate::model::validate::validate(&spec, &mut errors, &mut warnings).is_none());
        let paths: Vec<&str> = errors.iter().map(|d| d.path.as_str()).collect();
        assert_eq!(paths, ["components[0].cost.acquisition", "components[0].cost.per_year", "costs.per_outage"], "{errors:?}");
    }

    #[test]
    fn unknown_cost_fields_are_rejected() {
        for (model, field) in [
            (
                r#"{"name": "c", "components": [{"id": "a", "failure": {"dist": "fixed", "value": 1}, "cost": {"per_falure": 1}}], "system": "a"}"#,
                "per_falure",
            ),
            (
                r#"{"name": "c", "components": [{"id": "a", "failure": {"dist": "fixed", "value": 1}}], "costs": {"per_minute_down": 1}, "system": "a"}"#,
                "per_minute_down",
            ),
            (
                r#"{"name": "c", "components": [{"id": "a", "failure": {"dist": "fixed", "value": 1}}], "crews": [{"id": "k", "cost": {"hourly": 1}}], "system": "a"}"#,
                "hourly",
            ),
        ] {
            let found = errors(model);
            assert!(found.iter().any(|(p, m)| p.contains(field) || m.contains(field)), "{field}: {found:?}");
        }
    }

    #[test]
    fn a_model_without_cost_fields_has_no_costs_and_one_with_any_has_them_per_instance() {
        let plain = r#"{"name": "c", "components": [{"id": "a", "failure": {"dist": "fixed", "value": 1}}], "system": "a"}"#;
        assert!(parse_str(plain, "t.json").expect("valid").system.costs.is_none());
        let costed = r#"{"name": "c", "components": [{"id": "a", "count": 2, "failure": {"dist": "fixed", "value": 1},
            "cost": {"acquisition": 5, "per_year": 2}}, {"id": "b", "failure": {"dist": "fixed", "value": 1}}],
            "system": {"series": ["a", "b"]}}"#;
        let costs = parse_str(costed, "t.json").expect("valid").system.costs.expect("costs");
        assert_eq!(costs.components.len(), 3);
        assert_eq!(costs.acquisition(), 10.0);
        assert_eq!(costs.infrastructure_per_year(), 4.0);
        assert_eq!(costs.currency, None);
    }
}
