//! Decoding a scheme document: every element read on its own so every type problem is
//! reported with its JSON pointer, unknown keys as warnings, and a [`Layout`] telling where
//! each decoded list element stands in the document (so later checks point at it).

use super::{Incentives, Scheme};
use crate::error::{escape_pointer, ErrorCode, JixiaoError};
use crate::i18n::Text;
use serde_json::{Map, Value};

fn type_issue(path: &str, err: &str) -> JixiaoError {
    JixiaoError::new(
        ErrorCode::InvalidType,
        path,
        Text::new(
            format!("{path} 的值不正确：{err}"),
            format!("{path} 的值不正確：{err}"),
            format!("the value at {path} is not valid: {err}"),
        ),
    )
}

/// Deserializes `value` as `T`, reporting a failure as an issue at `base` + the inner path.
fn decode_at<T: serde::de::DeserializeOwned>(value: &Value, base: &str, issues: &mut Vec<JixiaoError>) -> Option<T> {
    match serde_path_to_error::deserialize::<_, T>(value) {
        Ok(t) => Some(t),
        Err(e) => {
            let inner = e.path().to_string();
            let mut path = base.to_string();
            if inner != "." {
                for seg in inner.split('.') {
                    let seg = seg.trim_start_matches('[').trim_end_matches(']');
                    if !seg.is_empty() {
                        path.push('/');
                        path.push_str(&escape_pointer(seg));
                    }
                }
            }
            issues.push(type_issue(&path, &e.into_inner().to_string()));
            None
        }
    }
}

/// A list as decoded: the elements read, their positions in the document, and the keys
/// of the elements that could not be read (so checks across elements can hold back).
#[derive(Clone, Debug, Default)]
pub(crate) struct ListInfo {
    /// Position in the document of each decoded element.
    pub positions: Vec<usize>,
    /// How many elements the document has.
    pub len: usize,
    /// `key` of each element that failed to decode (when it has a readable key).
    pub broken_keys: Vec<String>,
    /// Whether any element failed to decode.
    pub broken: bool,
    /// Whether the document gave one object instead of a list (its pointer has no index).
    pub single: bool,
}

impl ListInfo {
    /// The document position of decoded element `i`.
    pub fn position(&self, i: usize) -> usize {
        self.positions.get(i).copied().unwrap_or(i)
    }

    /// The JSON pointer of decoded element `i` under `base`.
    pub fn pointer(&self, base: &str, i: usize) -> String {
        if self.single {
            base.to_string()
        } else {
            format!("{base}/{}", self.position(i))
        }
    }
}

/// Decodes a list element by element, so every bad element is reported.
fn decode_list<T: serde::de::DeserializeOwned>(
    value: &Value,
    base: &str,
    issues: &mut Vec<JixiaoError>,
    info: &mut ListInfo,
) -> Vec<T> {
    match value {
        Value::Array(items) => {
            info.len = items.len();
            let mut out = Vec::with_capacity(items.len());
            for (i, item) in items.iter().enumerate() {
                match decode_at(item, &format!("{base}/{i}"), issues) {
                    Some(t) => {
                        out.push(t);
                        info.positions.push(i);
                    }
                    None => {
                        info.broken = true;
                        if let Some(k) = item.get("key").and_then(|k| k.as_str()) {
                            info.broken_keys.push(k.to_string());
                        }
                    }
                }
            }
            out
        }
        _ => {
            issues.push(type_issue(base, "expected an array"));
            info.broken = true;
            Vec::new()
        }
    }
}

/// Where the decoded list elements stand in the document.
#[derive(Clone, Debug, Default)]
pub(crate) struct Layout {
    pub categories: ListInfo,
    pub indicators: ListInfo,
    pub adjustments: ListInfo,
    pub vetoes: ListInfo,
    pub versions: ListInfo,
    pub commission: ListInfo,
    pub bonus: ListInfo,
    pub pool: ListInfo,
    pub awards: ListInfo,
}

const KNOWN_KEYS: [&str; 24] = [
    "measures",
    "utcOffset",
    "calendar",
    "id",
    "name",
    "description",
    "locale",
    "rounding",
    "fields",
    "weighting",
    "categories",
    "indicators",
    "raters",
    "raterMissing",
    "adjustments",
    "vetoes",
    "totalMin",
    "totalMax",
    "grades",
    "ranking",
    "roles",
    "versions",
    "incentives",
    "$schema",
];

/// Decodes one plan or a list of plans, each reported at its own pointer.
fn decode_one_or_many<T: serde::de::DeserializeOwned>(
    value: &Value,
    base: &str,
    issues: &mut Vec<JixiaoError>,
    info: &mut ListInfo,
) -> Vec<T> {
    if value.is_array() {
        return decode_list(value, base, issues, info);
    }
    info.len = 1;
    info.single = true;
    match decode_at(value, base, issues) {
        Some(t) => {
            info.positions.push(0);
            vec![t]
        }
        None => {
            info.broken = true;
            Vec::new()
        }
    }
}

/// Decodes the `incentives` section; an unknown entry is a warning.
fn decode_incentives(value: &Value, out: &mut Incentives, issues: &mut Vec<JixiaoError>, layout: &mut Layout) {
    let Some(obj) = value.as_object() else {
        issues.push(type_issue("/incentives", "expected an object"));
        return;
    };
    for (key, v) in obj {
        if v.is_null() {
            continue;
        }
        match key.as_str() {
            "commission" => {
                out.commission = decode_one_or_many(v, "/incentives/commission", issues, &mut layout.commission)
            }
            "bonus" => out.bonus = decode_one_or_many(v, "/incentives/bonus", issues, &mut layout.bonus),
            "pool" => out.pool = decode_one_or_many(v, "/incentives/pool", issues, &mut layout.pool),
            "awards" => out.awards = decode_one_or_many(v, "/incentives/awards", issues, &mut layout.awards),
            _ => issues.push(JixiaoError::warning(
                ErrorCode::UnknownKey,
                format!("/incentives/{}", escape_pointer(key)),
                Text::new(
                    format!("未知的激励设置 “{key}”（可用 commission、bonus、pool、awards），已忽略"),
                    format!("未知的激勵設定「{key}」（可用 commission、bonus、pool、awards），已忽略"),
                    format!("unknown incentive \"{key}\" (use commission, bonus, pool, awards) was ignored"),
                ),
            )),
        }
    }
}

/// Decodes a scheme document, collecting every type problem with its JSON pointer.
/// Unknown top-level keys are warnings. The returned scheme holds what could be read.
///
/// ```
/// let (scheme, issues) = jixiao::scheme::decode_scheme(&serde_json::json!({
///     "indicators": [{ "key": "a", "weight": "x", "scoring": { "type": "direct" } }],
///     "rounding": { "mode": "sideways" },
///     "colour": "red"
/// }));
/// assert!(scheme.indicators.is_empty());
/// let paths: Vec<_> = issues.iter().map(|i| i.path.as_str()).collect();
/// assert_eq!(paths, vec!["/rounding/mode", "/indicators/0/weight", "/colour"]);
/// ```
pub fn decode_scheme(value: &Value) -> (Scheme, Vec<JixiaoError>) {
    let (scheme, issues, _) = decode_scheme_with_layout(value);
    (scheme, issues)
}

/// [`decode_scheme`], also telling where each decoded list element stands.
pub(crate) fn decode_scheme_with_layout(value: &Value) -> (Scheme, Vec<JixiaoError>, Layout) {
    let mut layout = Layout::default();
    let mut issues = Vec::new();
    let mut scheme = Scheme::default();
    let Some(obj) = value.as_object() else {
        issues.push(JixiaoError::new(
            ErrorCode::InvalidType,
            "",
            Text::new(
                "考核方案必须是一个 JSON 对象",
                "考核方案必須是一個 JSON 物件",
                "a scheme must be a JSON object",
            ),
        ));
        return (scheme, issues, layout);
    };
    decode_sections(obj, &mut scheme, &mut issues, &mut layout);
    issues.extend(unknown_settings(obj));
    (scheme, issues, layout)
}

/// Decodes each known top-level setting in document-model order; `null` is absent.
fn decode_sections(obj: &Map<String, Value>, scheme: &mut Scheme, issues: &mut Vec<JixiaoError>, layout: &mut Layout) {
    let get = |k: &str| obj.get(k).filter(|v| !v.is_null());
    macro_rules! one {
        ($key:literal, $slot:expr) => {
            if let Some(v) = get($key) {
                if let Some(t) = decode_at(v, concat!("/", $key), issues) {
                    $slot = t;
                }
            }
        };
    }
    macro_rules! list {
        ($key:literal, $slot:expr, $info:expr) => {
            if let Some(v) = get($key) {
                $slot = decode_list(v, concat!("/", $key), issues, &mut $info);
            }
        };
    }
    one!("id", scheme.id);
    one!("name", scheme.name);
    one!("description", scheme.description);
    one!("locale", scheme.locale);
    one!("rounding", scheme.rounding);
    one!("fields", scheme.fields);
    one!("weighting", scheme.weighting);
    list!("categories", scheme.categories, layout.categories);
    list!("indicators", scheme.indicators, layout.indicators);
    one!("raters", scheme.raters);
    one!("raterMissing", scheme.rater_missing);
    list!("adjustments", scheme.adjustments, layout.adjustments);
    list!("vetoes", scheme.vetoes, layout.vetoes);
    one!("totalMin", scheme.total_min);
    one!("totalMax", scheme.total_max);
    one!("grades", scheme.grades);
    one!("ranking", scheme.ranking);
    one!("roles", scheme.roles);
    list!("versions", scheme.versions, layout.versions);
    if let Some(v) = get("incentives") {
        decode_incentives(v, &mut scheme.incentives, issues, layout);
    }
    one!("measures", scheme.measures);
    one!("utcOffset", scheme.utc_offset);
    one!("calendar", scheme.calendar);
}

/// A warning for each top-level key the scheme model does not know.
fn unknown_settings(obj: &Map<String, Value>) -> Vec<JixiaoError> {
    obj.keys()
        .filter(|key| !KNOWN_KEYS.contains(&key.as_str()))
        .map(|key| {
            JixiaoError::warning(
                ErrorCode::UnknownKey,
                format!("/{}", escape_pointer(key)),
                Text::new(
                    format!("未知的方案设置 “{key}”，已忽略"),
                    format!("未知的方案設定「{key}」，已忽略"),
                    format!("unknown scheme setting \"{key}\" was ignored"),
                ),
            )
        })
        .collect()
}
