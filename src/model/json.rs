//! Reading the model's JSON text into a [`Value`] while recording duplicate keys.
//!
//! serde_json keeps the last of two equal keys in an object without a word, so a component with
//! two `repair` laws would run with the second. The reader here builds the same [`Value`] as
//! serde_json does, and records each key seen twice in one object, with its JSON path, as an
//! error. Depth is bounded by serde_json's own recursion limit (128 levels), which applies to
//! this reader too.

use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

use super::Diagnostic;

/// Reads one JSON value at `path` (empty for the document), appending a [`Diagnostic`] to
/// `duplicates` for every key repeated in an object.
pub(super) struct CheckedValue<'a> {
    pub(super) path: String,
    pub(super) duplicates: &'a mut Vec<Diagnostic>,
}

impl<'de> DeserializeSeed<'de> for CheckedValue<'_> {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl CheckedValue<'_> {
    fn child(&mut self, segment: &str) -> CheckedValue<'_> {
        let path = match (self.path.is_empty(), segment.starts_with('[')) {
            (true, true) => format!("${segment}"),
            (true, false) => segment.to_string(),
            (false, true) => format!("{}{segment}", self.path),
            (false, false) => format!("{}.{segment}", self.path),
        };
        CheckedValue { path, duplicates: self.duplicates }
    }
}

impl<'de> Visitor<'de> for CheckedValue<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        // As serde_json's own Value: a non-finite number (never produced by its parser) is null.
        Ok(Number::from_f64(v).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_string()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(mut self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(self.child(&format!("[{}]", items.len())))? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(mut self, mut map: A) -> Result<Value, A::Error> {
        let mut object = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            let value = map.next_value_seed(self.child(&key))?;
            if object.contains_key(&key) {
                let at = self.child(&key).path;
                self.duplicates.push(Diagnostic::new(
                    at,
                    format!("the key `{key}` appears more than once in this object; give each key once (JSON readers disagree on which one counts)"),
                ));
            }
            // The last one is kept, as serde_json does, so that the rest of the model is
            // still checked; the model is refused for the duplicate.
            object.insert(key, value);
        }
        Ok(Value::Object(object))
    }
}
