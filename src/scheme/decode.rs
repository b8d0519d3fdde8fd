//! Decoding a scheme document: every element read on its own so every problem is reported
//! with its JSON pointer, unknown keys as errors, and a [`Layout`] telling where each
//! decoded list element stands in the document (so later checks point at it).
//!
//! serde stops at an element's first problem, and inside internally tagged sections
//! (`scoring`, `grades`) it only knows the section. So after a failure the decoder
//! locates the problem by reading shorter copies of the element, reports it, takes the
//! bad value out and reads again, until the element reads or what is left is only the
//! echo of a value taken out (DESIGN.md, "Errors").

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

/// A failed read: where serde stopped (pointer segments inside the element) and why.
struct Failure {
    at: Vec<String>,
    message: String,
}

/// Reads `value` as `T`, or says where and why it failed.
fn read<T: serde::de::DeserializeOwned>(value: &Value) -> Result<T, Failure> {
    serde_path_to_error::deserialize::<_, T>(value).map_err(|e| {
        let at = e
            .path()
            .iter()
            .map_while(|seg| match seg {
                serde_path_to_error::Segment::Seq { index } => Some(index.to_string()),
                serde_path_to_error::Segment::Map { key } => Some(key.clone()),
                serde_path_to_error::Segment::Enum { variant } => Some(variant.clone()),
                serde_path_to_error::Segment::Unknown => None,
            })
            .collect();
        Failure {
            at,
            message: e.into_inner().to_string(),
        }
    })
}

/// The JSON pointer of `at` under `base`.
fn pointer(base: &str, at: &[String]) -> String {
    at.iter().fold(base.to_string(), |mut p, seg| {
        p.push('/');
        p.push_str(&escape_pointer(seg));
        p
    })
}

/// How many times one element is read again after a problem (each reports one more).
const MAX_REREADS: usize = 32;

/// Deserializes `value` as `T`, reporting every problem as an issue at `base` + its path.
fn decode_at<T: serde::de::DeserializeOwned>(value: &Value, base: &str, issues: &mut Vec<JixiaoError>) -> Option<T> {
    match read::<T>(value) {
        Ok(t) => Some(t),
        Err(first) => {
            report_all(value, base, first, &|v| read::<T>(v).err(), issues);
            None
        }
    }
}

/// Reports `first` and every later problem of the element `value`: each is located,
/// reported unless it only echoes a value taken out before, and taken out.
fn report_all(
    value: &Value,
    base: &str,
    first: Failure,
    reread: &dyn Fn(&Value) -> Option<Failure>,
    issues: &mut Vec<JixiaoError>,
) {
    let mut doc = value.clone();
    let mut failure = first;
    let mut taken: Vec<Vec<String>> = Vec::new();
    for _ in 0..MAX_REREADS {
        let at = locate(&doc, failure.at, &failure.message, reread);
        let echo = taken.iter().any(|t| t.len() > at.len() && t.starts_with(&at));
        if !echo {
            issues.push(type_issue(&pointer(base, &at), &failure.message));
        }
        let Some(out) = stand_in(&mut doc, &at, reread).or_else(|| take_out(&mut doc, &at)) else {
            return;
        };
        taken.push(out);
        match reread(&doc) {
            Some(next) => failure = next,
            None => return,
        }
    }
}

/// Whether truncating a value can cause `message` (then a shorter copy proves nothing).
fn truncation_can_cause(message: &str) -> bool {
    ["missing field", "invalid length", "data did not match"]
        .iter()
        .any(|m| message.starts_with(m))
}

/// Narrows where serde stopped down to the value at fault. Inside a buffered (internally
/// tagged) section serde only knows the section: the element is read again with the
/// section cut to its first entries; the entry whose arrival brings the problem back
/// is the one at fault, and the search goes on inside it. A bad tag is the `type` key.
fn locate(doc: &Value, mut at: Vec<String>, message: &str, reread: &dyn Fn(&Value) -> Option<Failure>) -> Vec<String> {
    if truncation_can_cause(message) {
        return at;
    }
    while let Some(next) = entry_at_fault(doc, &at, message, reread) {
        at.push(next);
    }
    let tagged = doc.pointer(&pointer("", &at)).and_then(|n| n.get(TAG)).is_some();
    if message.starts_with("unknown variant") && tagged {
        at.push(TAG.to_string());
    }
    at
}

/// The entry of the object or array at `at` whose arrival brings `message` back, if the
/// value without its entries does not already have it.
fn entry_at_fault(
    doc: &Value,
    at: &[String],
    message: &str,
    reread: &dyn Fn(&Value) -> Option<Failure>,
) -> Option<String> {
    let node = doc.pointer(&pointer("", at))?;
    let len = match node {
        Value::Object(m) => m.len(),
        Value::Array(a) => a.len(),
        _ => return None,
    };
    let brings_back = |keep: usize| {
        let mut trial = doc.clone();
        if let Some(n) = trial.pointer_mut(&pointer("", at)) {
            keep_first(n, keep);
        }
        reread(&trial).is_some_and(|f| f.message == message)
    };
    let keep = (0..=len).find(|&keep| brings_back(keep))?;
    child_name(node, keep.checked_sub(1)?)
}

/// The tag of internally tagged sections, kept when a section is cut short.
const TAG: &str = "type";

/// Keeps the first `keep` entries of an object (and its tag) or array.
fn keep_first(node: &mut Value, keep: usize) {
    match node {
        Value::Object(m) => {
            let mut seen = 0usize;
            m.retain(|k, _| {
                seen = seen.saturating_add(1);
                seen <= keep || k == TAG
            });
        }
        Value::Array(a) => a.truncate(keep),
        _ => {}
    }
}

/// The key or index of entry `i` of an object or array.
fn child_name(node: &Value, i: usize) -> Option<String> {
    match node {
        Value::Object(m) => m.keys().nth(i).cloned(),
        Value::Array(_) => Some(i.to_string()),
        _ => None,
    }
}

/// What a bad value is replaced with to read past it: nothing (the key removed), or a
/// value of each JSON type. The element is refused anyway, so a stand-in never leaks.
const STAND_INS: [fn() -> Option<Value>; 6] = [
    || None,
    || Some(Value::from(0)),
    || Some(Value::from("")),
    || Some(Value::Bool(false)),
    || Some(Value::Array(Vec::new())),
    || Some(Value::Object(Map::new())),
];

/// Replaces the bad value at `at` by the first stand-in that moves the next problem away
/// from it (somewhere not at `at` nor around it), or lets the element read; `None` when
/// none does (a required key inside a list element: see [`take_out`]).
fn stand_in(doc: &mut Value, at: &[String], reread: &dyn Fn(&Value) -> Option<Failure>) -> Option<Vec<String>> {
    let (last, parent) = at.split_last()?;
    for make in STAND_INS {
        let mut trial = doc.clone();
        match (trial.pointer_mut(&pointer("", parent))?, make()) {
            (Value::Object(m), None) => {
                m.shift_remove(last);
            }
            (Value::Object(m), Some(v)) => {
                m.insert(last.clone(), v);
            }
            (Value::Array(a), Some(v)) => *a.get_mut(last.parse::<usize>().ok()?)? = v,
            _ => continue,
        }
        let moved = match reread(&trial) {
            None => true,
            Some(f) => !at.starts_with(&locate(&trial, f.at, &f.message, reread)),
        };
        if moved {
            *doc = trial;
            return Some(at.to_vec());
        }
    }
    None
}

/// Takes the value at `at` out of `doc` so reading goes on past it. Inside a list the
/// element holding it is replaced by its predecessor (which read well), so the positions
/// of the others never shift; a first element takes its whole list out; elsewhere the
/// key is removed. Returns what was taken out, `None` when it is the element itself.
fn take_out(doc: &mut Value, at: &[String]) -> Option<Vec<String>> {
    let in_list = (0..at.len()).rev().find(|&n| {
        let parent = at.get(..n).map(|p| pointer("", p));
        parent.and_then(|p| doc.pointer(&p)).is_some_and(Value::is_array)
    });
    let at = in_list.and_then(|n| at.get(..=n)).unwrap_or(at);
    let (last, parent) = at.split_last()?;
    match doc.pointer_mut(&pointer("", parent))? {
        Value::Object(m) => {
            m.shift_remove(last);
            Some(at.to_vec())
        }
        Value::Array(a) => {
            let i: usize = last.parse().ok()?;
            match i.checked_sub(1).and_then(|p| a.get(p)).cloned() {
                Some(prev) => {
                    *a.get_mut(i)? = prev;
                    Some(at.to_vec())
                }
                None => take_out(doc, parent),
            }
        }
        _ => None,
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

/// Decodes the `incentives` section; an unknown entry is an error.
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
            _ => issues.push(unknown_key(
                &format!("/incentives/{}", escape_pointer(key)),
                key,
                "commission, bonus, pool, awards",
            )),
        }
    }
}

/// Decodes a scheme document, collecting every type problem with its JSON pointer.
/// An unknown key at any depth is an error. The returned scheme holds what could be read.
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

/// An error for each top-level key the scheme model does not know.
fn unknown_settings(obj: &Map<String, Value>) -> Vec<JixiaoError> {
    obj.keys()
        .filter(|key| !KNOWN_KEYS.contains(&key.as_str()))
        .map(|key| unknown_key(&format!("/{}", escape_pointer(key)), key, TOP_LEVEL_HINT))
        .collect()
}

/// The main top-level keys, named in `UNKNOWN_KEY` messages.
const TOP_LEVEL_HINT: &str =
    "indicators, categories, weighting, raters, roles, versions, grades, ranking, incentives …";

/// `UNKNOWN_KEY` at `path`: a key the scheme model does not know (`known` lists the keys it does).
fn unknown_key(path: &str, key: &str, known: &str) -> JixiaoError {
    JixiaoError::new(
        ErrorCode::UnknownKey,
        path,
        Text::new(
            format!("未知的方案设置 “{key}”（可用 {known}）"),
            format!("未知的方案設定「{key}」（可用 {known}）"),
            format!("unknown scheme setting \"{key}\" (use {known})"),
        ),
    )
}
