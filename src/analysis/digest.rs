//! Digests for replay (申诉复核): the package version and SHA-256 of the scheme and of the
//! input in a canonical form (DESIGN.md, "Analysis (反馈)").

use crate::error::{ErrorCode, JixiaoError};
use crate::i18n::text;
use serde::Serialize;
use serde_json::Value;
use sha2::{Digest as _, Sha256};

/// What an output with `digest: true` carries: the package version and the SHA-256 (lower
/// case hex) of the scheme and of the input, each in its canonical form ([`canonical_json`]).
///
/// ```
/// use serde_json::json;
/// let a = jixiao::analysis::Digest::of(&json!({"b": 1, "a": [0.1, "x"]}), &json!({"people": []}));
/// let b = jixiao::analysis::Digest::of(&json!({"a": [0.1, "x"], "b": 1}), &json!({"people": []}));
/// assert_eq!(a, b); // key order does not matter
/// assert_eq!(a.version, env!("CARGO_PKG_VERSION"));
/// assert_eq!(a.scheme.len(), 64);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[cfg_attr(target_arch = "wasm32", tsify(missing_as_null))]
pub struct Digest {
    /// The package version that computed the output.
    pub version: String,
    /// SHA-256 of the scheme's canonical JSON, 64 hex digits.
    pub scheme: String,
    /// SHA-256 of the input's canonical JSON, 64 hex digits.
    pub input: String,
}

impl Digest {
    /// The digests of a scheme and an input, both as JSON values.
    pub fn of(scheme: &Value, input: &Value) -> Digest {
        Digest {
            version: env!("CARGO_PKG_VERSION").to_string(),
            scheme: sha256_hex(canonical_json(scheme).as_bytes()),
            input: sha256_hex(canonical_json(input).as_bytes()),
        }
    }

    /// The digests of a scheme and an input given as JSON texts (`INVALID_JSON` at
    /// `/scheme` or `/input` when one is not JSON).
    ///
    /// ```
    /// let d = jixiao::analysis::Digest::of_texts("{\"a\":1}", "{ \"people\" : [] }").unwrap();
    /// assert_eq!(d, jixiao::analysis::Digest::of(&serde_json::json!({"a":1}), &serde_json::json!({"people":[]})));
    /// assert_eq!(jixiao::analysis::Digest::of_texts("{", "{}").unwrap_err().path, "/scheme");
    /// ```
    pub fn of_texts(scheme: &str, input: &str) -> Result<Digest, JixiaoError> {
        Ok(Digest::of(&parse_json(scheme, "scheme")?, &parse_json(input, "input")?))
    }
}

/// A JSON text as a value; `INVALID_JSON` at `/what` when it is not one.
fn parse_json(text: &str, what: &str) -> Result<Value, JixiaoError> {
    serde_json::from_str(text).map_err(|e| {
        let e = e.to_string();
        JixiaoError::new(
            ErrorCode::InvalidJson,
            format!("/{what}"),
            text!(
                "{what} 不是有效的 JSON：{e}",
                "{what} 不是有效的 JSON：{e}",
                "{what} is not valid JSON: {e}"
            ),
        )
    })
}

/// The canonical JSON text of a value: no white space, every object's keys sorted by
/// Unicode code point, strings escaped and numbers written as serde_json writes them
/// (a number read from a JS `JSON.stringify` text is written with the same digits).
///
/// ```
/// let v: serde_json::Value = serde_json::from_str(r#"{ "b": [1, 2.5, "万"], "a": {"d": null, "c": true} }"#).unwrap();
/// assert_eq!(jixiao::analysis::canonical_json(&v), r#"{"a":{"c":true,"d":null},"b":[1,2.5,"万"]}"#);
/// ```
pub fn canonical_json(value: &Value) -> String {
    let mut out = String::new();
    write_canonical(value, &mut out);
    out
}

/// Appends `value`'s canonical text to `out`.
fn write_canonical(value: &Value, out: &mut String) {
    match value {
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_canonical(item, out);
            }
            out.push(']');
        }
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            out.push('{');
            for (i, key) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String(key.clone()).to_string());
                out.push(':');
                if let Some(v) = map.get(key) {
                    write_canonical(v, out);
                }
            }
            out.push('}');
        }
        scalar => out.push_str(&scalar.to_string()),
    }
}

/// SHA-256 of `bytes` as 64 lower-case hex digits.
fn sha256_hex(bytes: &[u8]) -> String {
    let hash = Sha256::digest(bytes);
    let mut hex = String::with_capacity(64);
    for b in hash {
        hex.push(char::from(HEX.get(usize::from(b >> 4)).copied().unwrap_or(b'0')));
        hex.push(char::from(HEX.get(usize::from(b & 15)).copied().unwrap_or(b'0')));
    }
    hex
}

const HEX: &[u8; 16] = b"0123456789abcdef";
