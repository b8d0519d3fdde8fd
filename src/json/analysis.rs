//! Analysis on JSON texts (DESIGN.md, "Analysis (反馈)"): what-if between two engines,
//! the sales funnel, digests for replay.

use super::runner::{
    decode, decode_and_run, in_locale, locale_of, parse, read_object, write, write_decimals, Required,
};
use crate::analysis::{funnel, CompareOptions, Digest, FunnelInput};
use crate::engine::{read_head, Engine};
use crate::error::{ErrorCode, JixiaoError};
use crate::i18n::{Locale, Text};

/// What-if (方案对比) in the encoded form the JS package sends: the input head (JSON, the
/// input without `people`), the rows (one JSON object per line) and the options
/// (`{ locale?, decimals? }`, JSON). Returns the [`Comparison`](crate::analysis::Comparison) as JSON.
///
/// ```
/// let a = jixiao::Engine::from_json(r#"{"indicators":[{"key":"q","weight":100,
///     "actual":{"field":"q"},"scoring":{"type":"direct"}}]}"#).unwrap();
/// let json = jixiao::json::compare_encoded(&a, &a, "{}", "{\"q\":87.3}", r#"{"decimals":"number"}"#).unwrap();
/// assert!(json.contains(r#""delta":{"total":0.0,"rank":0"#) || json.contains(r#""delta":{"total":0,"rank":0"#));
/// let e = jixiao::json::compare_encoded(&a, &a, "{}", "", r#"{"explain":true}"#).unwrap_err();
/// assert_eq!((e.code.as_str(), e.path.as_str()), ("INVALID_INPUT", "options/explain"));
/// ```
pub fn compare_encoded(a: &Engine, b: &Engine, head: &str, rows: &str, options: &str) -> Result<String, JixiaoError> {
    let options: CompareOptions = if options.trim().is_empty() {
        CompareOptions::default()
    } else {
        decode(parse(options)?, "options")?
    };
    let out = a.compare(b, &read_head(head)?, rows, &options)?;
    write_decimals(&out, options.decimals)
}

/// The sales funnel on a JSON text `{ people, stages, id?, name?, groupBy?, places?,
/// decimals?, locale? }`: returns the [`FunnelOutput`](crate::analysis::FunnelOutput) as
/// JSON. Errors carry JSON pointers and speak the input's locale.
///
/// ```
/// let out = jixiao::json::funnel_json(r#"{"stages":["线索","成交"],"people":[{"线索":"１２０","成交":"30"}]}"#).unwrap();
/// assert!(out.contains(r#""rate":"0.2500""#));
/// let e = jixiao::json::funnel_json(r#"{"people":[],"locale":"en"}"#).unwrap_err();
/// assert_eq!((e.code.as_str(), e.path.as_str()), ("MISSING_SETTING", "/stages"));
/// ```
pub fn funnel_json(json: &str) -> Result<String, JixiaoError> {
    let required = [
        Required {
            key: "stages",
            code: ErrorCode::MissingSetting,
            what: Text::new("缺少漏斗阶段 stages", "缺少漏斗階段 stages", "the stages are missing"),
        },
        Required {
            key: "people",
            code: ErrorCode::MissingValue,
            what: Text::new("缺少人员 people", "缺少人員 people", "the people are missing"),
        },
    ];
    let value = read_object(json)?;
    let shown_in = locale_of(&value);
    let run = |input: FunnelInput, locale| {
        let decimals = input.decimals;
        funnel(input, locale).map(|out| (out, decimals))
    };
    let (out, decimals) = decode_and_run(value, &required, run).map_err(|e| in_locale(e, shown_in))?;
    write_decimals(&out, decimals)
}

/// The digests (申诉复核) of a scheme and an input given as JSON texts: the
/// [`Digest`] as JSON `{ version, scheme, input }`.
///
/// ```
/// let a = jixiao::json::digest_json(r#"{"b":1,"a":2}"#, r#"{"people":[{"x":1}]}"#).unwrap();
/// let b = jixiao::json::digest_json(r#"{ "a": 2, "b": 1 }"#, r#"{"people":[{"x":1}]}"#).unwrap();
/// assert_eq!(a, b);
/// ```
pub fn digest_json(scheme: &str, input: &str) -> Result<String, JixiaoError> {
    write(&Digest::of_texts(scheme, input).map_err(|e| in_locale(e, Locale::default()))?)
}
