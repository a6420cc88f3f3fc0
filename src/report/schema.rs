//! The JSON Schemas of the results ninesim writes (`schema/*.schema.json`, docs/results.md),
//! generated from the very types that serialise the results (as serialised: a field always
//! written is required), so that they cannot drift.
//!
//! Two things the derived schemas would not say on their own, and the output does:
//! - a floating-point number that is not finite is written as `null` (serde_json's rule), so
//!   every `number` admits `null`;
//! - an object has no fields but those listed (`additionalProperties: false`).

use schemars::generate::SchemaSettings;
use schemars::transform::RecursiveTransform;
use schemars::{JsonSchema, Schema};
use serde_json::Value;

use crate::analysis::Analysis;
use crate::analysis::explain::Explanation;
use crate::study::compare::Comparison;
use crate::study::fit::FitResult;
use crate::study::results::{Outcome, RareEventResult, RunResult};
use crate::study::shard::Shard;
use crate::study::sweep::Sweep;

/// Every result kind's schema: (file name in `schema/`, pretty JSON with a final newline).
pub fn result_schemas() -> Vec<(&'static str, String)> {
    let mut uncertainty = schema_of::<RunResult>("ninesim run result with parameter uncertainty (run --uncertainty N)");
    if let Some(Value::Array(required)) = uncertainty.as_object_mut().and_then(|o| o.get_mut("required")) {
        required.push("uncertainty".into());
    }
    vec![
        ("run.schema.json", schema_of::<Outcome>("ninesim run result, by whichever method ran (run --format json)")),
        ("run-result.schema.json", schema_of::<RunResult>("ninesim run result, plain Monte Carlo (run, merge)")),
        (
            "rare-event-result.schema.json",
            schema_of::<RareEventResult>("ninesim run result, failure biasing (run --method failure-biasing)"),
        ),
        ("uncertainty-result.schema.json", uncertainty),
        ("batch.schema.json", schema_of::<Vec<super::BatchEntry<'static>>>("ninesim batch of runs (run A B … --format json)")),
        ("batch-line.schema.json", schema_of::<super::BatchEntry<'static>>("one line of a batch of runs (run A B … --format ndjson)")),
        ("compare.schema.json", schema_of::<Comparison>("ninesim comparison of designs (compare --format json)")),
        ("sweep.schema.json", schema_of::<Sweep>("ninesim parameter sweep (sweep --format json)")),
        ("analyze.schema.json", schema_of::<Analysis>("ninesim exact analysis (analyze --format json)")),
        ("explain.schema.json", schema_of::<Explanation>("ninesim worked example (explain --format json)")),
        ("fit.schema.json", schema_of::<FitResult>("ninesim laws fitted to incident data (fit --format json)")),
        ("shard.schema.json", schema_of::<Shard>("ninesim shard file (run --shard I/N)")),
        ("validate.schema.json", schema_of::<Vec<super::ValidationRecord>>("ninesim validate --format json")),
    ]
    .into_iter()
    .map(|(file, schema)| {
        // Serialising a schema (string keys, finite numbers) cannot fail.
        let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
        text.push('\n');
        (file, text)
    })
    .collect()
}

/// The schema of `T` as ninesim writes it, titled `title`.
fn schema_of<T: JsonSchema>(title: &str) -> Schema {
    let mut schema = SchemaSettings::draft2020_12()
        .for_serialize()
        .with_transform(RecursiveTransform(as_written))
        .into_generator()
        .into_root_schema_for::<T>();
    schema.insert("title".into(), title.into());
    schema
}

/// A number may be `null` (not finite); an object with listed fields has no others.
fn as_written(schema: &mut Schema) {
    if schema.get("type") == Some(&Value::from("number")) {
        schema.insert("type".into(), serde_json::json!(["number", "null"]));
    }
    if schema.get("properties").is_some() && schema.get("additionalProperties").is_none() {
        schema.insert("additionalProperties".into(), false.into());
    }
}
