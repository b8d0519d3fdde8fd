//! The scheme's JSON Schema (DESIGN.md, "The scheme's JSON Schema"): the `schemars` impls
//! of the types whose JSON form serde's attributes cannot tell (`Num`, `Op`'s spellings,
//! `Incentives`' one-or-many plans), and [`json_schema`], the document
//! `schema/scheme.schema.json` holds. Built only with the `schema` feature, never into wasm.

use super::{AwardPlan, BonusPlan, CommissionPlan, Incentives, Num, Op, PoolPlan, Scheme};
use schemars::generate::SchemaSettings;
use schemars::transform::RecursiveTransform;
use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};
use serde_json::{json, Map, Value};
use std::borrow::Cow;

/// Where the published package serves the schema: its `$id`.
///
/// ```
/// assert_eq!(jixiao::scheme::json_schema()["$id"], jixiao::scheme::SCHEMA_ID);
/// ```
pub const SCHEMA_ID: &str = "https://unpkg.com/jixiao/scheme.schema.json";

impl JsonSchema for Num {
    fn schema_name() -> Cow<'static, str> {
        "Num".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A decimal: a JSON number, or a number text as a spreadsheet user writes it \
                (`\"0.6\"`, `\"60%\"`, `\"1.2万\"`, `\"¥550,000.00\"`, full-width digits); \
                blank text is not a number (DESIGN.md of jixiao, \"Numbers\").",
            "type": ["number", "string"],
            "pattern": "\\S",
            "examples": [100, "0.6", "60%", "1.2万"]
        })
    }
}

impl JsonSchema for Op {
    fn schema_name() -> Cow<'static, str> {
        "Op".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        let spellings = |names: &[&str], description: &str| json!({ "enum": names, "description": description });
        json_schema!({
            "description": "A comparison operator.",
            "oneOf": [
                spellings(&[">"], "greater than"),
                spellings(&[">=", "≥"], "greater than or equal"),
                spellings(&["<"], "less than"),
                spellings(&["<=", "≤"], "less than or equal"),
                spellings(&["=", "=="], "equal"),
                spellings(&["!=", "<>", "≠"], "not equal"),
            ]
        })
    }
}

/// One plan or a list of plans; `null` is no plan.
fn one_or_many<T: JsonSchema>(generator: &mut SchemaGenerator, description: &str) -> Value {
    let plan = generator.subschema_for::<T>();
    json!({
        "description": description,
        "anyOf": [plan, { "type": "array", "items": plan }, { "type": "null" }]
    })
}

impl JsonSchema for Incentives {
    fn schema_name() -> Cow<'static, str> {
        "Incentives".into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "Incentives: commission, bonus, pools, awards. Each entry takes one plan or a list.",
            "type": "object",
            "properties": {
                "commission": one_or_many::<CommissionPlan>(generator, "Commission plans (提成)."),
                "bonus": one_or_many::<BonusPlan>(generator, "Bonuses (绩效奖金)."),
                "pool": one_or_many::<PoolPlan>(generator, "Team pools (团队奖金池)."),
                "awards": one_or_many::<AwardPlan>(generator, "Awards (销售之星 …)."),
            },
            "additionalProperties": false
        })
    }
}

/// The JSON Schema (draft 2020-12) of a scheme document, with the descriptions of the
/// scheme types' docs: what `schema/scheme.schema.json` holds.
///
/// ```
/// let schema = jixiao::scheme::json_schema();
/// assert_eq!(schema["$schema"], "https://json-schema.org/draft/2020-12/schema");
/// assert_eq!(schema["required"], serde_json::json!(["indicators"]));
/// ```
pub fn json_schema() -> Value {
    let settings = SchemaSettings::draft2020_12()
        .for_deserialize()
        .with_transform(RecursiveTransform(tidy_description));
    let body = settings.into_generator().into_root_schema_for::<Scheme>().to_value();
    let Value::Object(mut body) = body else {
        return body;
    };
    let mut out = Map::new();
    out.insert("$schema".into(), body.remove("$schema").unwrap_or_default());
    out.insert("$id".into(), SCHEMA_ID.into());
    out.insert("title".into(), "jixiao scheme (考核方案)".into());
    out.insert("description".into(), SCHEME_DESCRIPTION.into());
    body.remove("title");
    body.remove("description");
    out.extend(body);
    if let Some(properties) = out.get_mut("properties").and_then(Value::as_object_mut) {
        top_level_as_read(properties);
    }
    out.insert("required".into(), json!(["indicators"]));
    out.insert("additionalProperties".into(), false.into());
    if let Some(defs) = out.get_mut("$defs").and_then(Value::as_object_mut) {
        if let Some(Value::Object(indicator)) = defs.get("Indicator") {
            let from_library = indicator_from_library(indicator.clone());
            defs.insert("IndicatorFromLibrary".into(), Value::Object(from_library));
        }
    }
    Value::Object(out)
}

/// What the root of the schema says a scheme is.
const SCHEME_DESCRIPTION: &str = "A scheme (考核方案) of the jixiao engine: indicators with weights and \
    scoring rules, adjustments, vetoes, grades, ranking and incentives. `validateScheme(scheme)` reports \
    what this schema cannot see (weights that do not sum to 100, unknown indicator keys, formula errors …).";

/// An indicator taken from the library (`{ "library": "collection_rate", "weight": 20 }`):
/// the library fills what it leaves out, so only `library` and `weight` are needed.
fn indicator_from_library(mut schema: Map<String, Value>) -> Map<String, Value> {
    let keys: Vec<Value> = crate::indicators(None)
        .into_iter()
        .map(|e| json!({ "const": e.key, "description": format!("{} ({}): {}", e.names.zh_cn, e.names.en, e.formula) }))
        .collect();
    if let Some(properties) = schema.get_mut("properties").and_then(Value::as_object_mut) {
        properties.insert(
            "library".into(),
            json!({ "description": "The library key (see `indicators()`); the library fills key, name, description, direction, actual, target and scoring unless given.", "oneOf": keys }),
        );
        properties.insert(
            "columns".into(),
            json!({ "description": "Library column name → your column name.", "type": "object", "additionalProperties": { "type": "string", "pattern": "^[^\\]]*[^\\]\\s][^\\]]*$" } }),
        );
    }
    schema.insert("required".into(), json!(["library", "weight"]));
    schema.insert(
        "description".into(),
        "An indicator from the built-in library (指标库).".into(),
    );
    schema
}

/// The top-level settings as `decode_scheme` reads them: `null` is an absent setting
/// (except `indicators`, which a scheme must have, at least one), and `$schema` names the
/// document's schema for editors and is ignored.
fn top_level_as_read(properties: &mut Map<String, Value>) {
    for (key, property) in properties.iter_mut() {
        if let (true, Some(fields)) = (key == "indicators", property.as_object_mut()) {
            let items =
                json!({ "anyOf": [{ "$ref": "#/$defs/Indicator" }, { "$ref": "#/$defs/IndicatorFromLibrary" }] });
            fields.insert("items".into(), items);
            fields.insert("minItems".into(), 1.into());
            fields.remove("default");
            continue;
        }
        if !accepts_null(property) {
            *property = or_null(std::mem::take(property));
        }
    }
    let schema = json!({
        "type": "string",
        "description": "The JSON Schema of this document, for editors (`./node_modules/jixiao/scheme.schema.json`); the engine ignores it."
    });
    properties.insert("$schema".into(), schema);
}

/// Whether a property's schema already admits `null`.
fn accepts_null(property: &Value) -> bool {
    let null = json!({ "type": "null" });
    match (property.get("type"), property.get("anyOf")) {
        (Some(Value::Array(types)), _) => types.iter().any(|t| t == "null"),
        (_, Some(Value::Array(options))) => options.contains(&null),
        _ => false,
    }
}

/// `property` or `null`, its description and default kept beside the choice.
fn or_null(mut property: Value) -> Value {
    let mut wrapper = Map::new();
    if let Some(fields) = property.as_object_mut() {
        for key in ["description", "default"] {
            if let Some(v) = fields.remove(key) {
                wrapper.insert(key.into(), v);
            }
        }
    }
    wrapper.insert("anyOf".into(), json!([property, { "type": "null" }]));
    Value::Object(wrapper)
}

/// A doc comment as an editor shows it: no Rust examples, no rustdoc link brackets,
/// paragraphs on one line each.
fn tidy_description(schema: &mut Schema) {
    let Some(Value::String(text)) = schema.get("description") else {
        return;
    };
    let tidy = plain_doc(text);
    if tidy.is_empty() {
        schema.remove("description");
    } else {
        schema.insert("description".into(), tidy.into());
    }
}

/// `doc` without fenced code blocks and rustdoc link brackets, each paragraph on one line.
fn plain_doc(doc: &str) -> String {
    let prose: String = doc.split("```").step_by(2).collect::<Vec<_>>().join("\n\n");
    let prose = prose.replace("[`crate::", "`").replace("[`", "`").replace("`]", "`");
    prose
        .split("\n\n")
        .map(|paragraph| paragraph.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|paragraph| !paragraph.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n")
}
