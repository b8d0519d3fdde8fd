//! The `library` pre-pass: before a scheme is decoded, each indicator with
//! `"library": key` gets what it leaves out (key, name, description, direction, actual,
//! target, scoring) from the library entry; what the indicator gives wins, and
//! `"columns": { "实际回款额": "回款金额" }` points the library formula at the user's own
//! column names.

use super::library::{entry, text3, Entry};
use crate::error::{escape_pointer, ErrorCode, JixiaoError};
use crate::formula::parse_formula;
use crate::i18n::{Locale, Text};
use serde_json::{json, Map, Value};

fn is_plain_name(name: &str) -> bool {
    let mut chars = name.chars();
    let Some(first) = chars.next() else { return false };
    let ideograph = |c: char| ('\u{4e00}'..='\u{9fff}').contains(&c) || ('\u{3400}'..='\u{4dbf}').contains(&c);
    let start = |c: char| c.is_ascii_alphabetic() || c == '_' || ideograph(c);
    let keyword = ["AND", "OR", "NOT", "TRUE", "FALSE"]
        .iter()
        .any(|k| k.eq_ignore_ascii_case(name));
    start(first) && chars.all(|c| start(c) || c.is_ascii_digit()) && !keyword
}

/// A column name as it can stand in a formula: as is, or in `[…]`.
fn formula_name(name: &str) -> String {
    if is_plain_name(name) {
        name.to_string()
    } else {
        format!("[{name}]")
    }
}

/// Rewrites the names of a library formula (plain names only, no brackets or quotes:
/// library formulas are written that way) through `rename`.
fn rename_formula(formula: &str, rename: &Map<String, Value>) -> String {
    let mut out = String::with_capacity(formula.len());
    let mut name = String::new();
    let flush = |name: &mut String, out: &mut String, next: Option<char>| {
        if name.is_empty() {
            return;
        }
        let call = next == Some('(');
        match rename.get(name.as_str()).and_then(Value::as_str) {
            Some(new) if !call => out.push_str(&formula_name(new)),
            _ => out.push_str(name),
        }
        name.clear();
    };
    for c in formula.chars() {
        let starts = c.is_alphabetic() || c == '_';
        if starts || (!name.is_empty() && (c.is_alphanumeric() || c == '.')) {
            name.push(c);
        } else {
            flush(&mut name, &mut out, Some(c));
            out.push(c);
        }
    }
    flush(&mut name, &mut out, None);
    out
}

/// Expands library indicators in a scheme document, in place (the pre-pass before
/// decoding): for each indicator with `"library": key`, fills what it leaves out from the
/// library entry, applies its `"columns"` renames, and removes both keys. Returns the
/// problems: an unknown key (`UNKNOWN_KEY` at `/indicators/3/library`), a rename of a
/// column the entry does not read, a malformed `columns`.
pub(crate) fn expand_library(scheme: &mut Value) -> Vec<JixiaoError> {
    let mut issues = Vec::new();
    let locale = scheme
        .get("locale")
        .and_then(Value::as_str)
        .and_then(Locale::parse)
        .unwrap_or_default();
    let Some(list) = scheme.get_mut("indicators").and_then(Value::as_array_mut) else {
        return issues;
    };
    for (i, ind) in list.iter_mut().enumerate() {
        let Some(obj) = ind.as_object_mut() else { continue };
        let path = format!("/indicators/{i}");
        let library = obj.remove("library");
        let columns = obj.remove("columns");
        match library {
            None => {
                if columns.is_some() {
                    issues.push(JixiaoError::new(
                        ErrorCode::InvalidSetting,
                        format!("{path}/columns"),
                        Text::new(
                            "columns（列名对照）只用于指标库指标：请同时给出 library",
                            "columns（欄名對照）只用於指標庫指標：請同時給出 library",
                            "columns (column renames) only apply to a library indicator: give library too",
                        ),
                    ));
                }
            }
            Some(Value::String(key)) => match entry(&key) {
                Some(e) => expand_one(e, obj, columns, locale, &path, &mut issues),
                None => {
                    let shown: String = key.chars().take(60).collect();
                    issues.push(JixiaoError::new(
                        ErrorCode::UnknownKey,
                        format!("{path}/library"),
                        Text::new(
                            format!("指标库中没有 “{shown}”（可用的键见 indicators()，如 collection_rate、gross_margin）"),
                            format!("指標庫中沒有「{shown}」（可用的鍵見 indicators()，如 collection_rate、gross_margin）"),
                            format!("the indicator library has no \"{shown}\" (see indicators() for the keys, e.g. collection_rate, gross_margin)"),
                        ),
                    ));
                }
            },
            Some(_) => issues.push(JixiaoError::new(
                ErrorCode::InvalidType,
                format!("{path}/library"),
                Text::new(
                    "library 必须是指标库的键（文本），如 \"collection_rate\"",
                    "library 必須是指標庫的鍵（文字），如 \"collection_rate\"",
                    "library must be a library key (text), such as \"collection_rate\"",
                ),
            )),
        }
    }
    issues
}

/// Reads the `columns` rename map of one indicator; problems go to `issues`.
fn renames(e: &Entry, columns: Option<Value>, path: &str, issues: &mut Vec<JixiaoError>) -> Map<String, Value> {
    let mut map = Map::new();
    let Some(columns) = columns else { return map };
    let Value::Object(given) = columns else {
        issues.push(JixiaoError::new(
            ErrorCode::InvalidType,
            format!("{path}/columns"),
            Text::new(
                "columns 必须是对象：{ 指标库列名: 你的列名 }",
                "columns 必須是物件：{ 指標庫欄名: 你的欄名 }",
                "columns must be an object: { library column: your column }",
            ),
        ));
        return map;
    };
    let known = e.columns();
    for (from, to) in given {
        let at = format!("{path}/columns/{}", escape_pointer(&from));
        if !known.contains(&from) {
            let list = known.join("、");
            issues.push(JixiaoError::new(
                ErrorCode::UnknownKey,
                at,
                Text::new(
                    format!("指标库指标 {} 不读取列 “{from}”（它读取：{list}）", e.key),
                    format!("指標庫指標 {} 不讀取欄「{from}」（它讀取：{list}）", e.key),
                    format!(
                        "library indicator {} does not read a column \"{from}\" (it reads: {list})",
                        e.key
                    ),
                ),
            ));
            continue;
        }
        match to {
            Value::String(s) if !s.trim().is_empty() && !s.contains(']') => {
                map.insert(from, Value::String(s));
            }
            Value::String(_) => issues.push(JixiaoError::new(
                ErrorCode::InvalidSetting,
                at,
                Text::new(
                    "列名不能为空，也不能含有 “]”",
                    "欄名不能為空，也不能含有「]」",
                    "a column name must not be empty or contain \"]\"",
                ),
            )),
            _ => issues.push(JixiaoError::new(
                ErrorCode::InvalidType,
                at,
                Text::new("列名必须是文本", "欄名必須是文字", "a column name must be text"),
            )),
        }
    }
    map
}

fn expand_one(
    e: &Entry,
    obj: &mut Map<String, Value>,
    columns: Option<Value>,
    locale: Locale,
    path: &str,
    issues: &mut Vec<JixiaoError>,
) {
    let rename = renames(e, columns, path, issues);
    let column = |c: &str| -> String {
        rename
            .get(c)
            .and_then(Value::as_str)
            .map_or_else(|| c.to_string(), str::to_string)
    };
    let fill = |obj: &mut Map<String, Value>, k: &str, v: Value| {
        if !obj.contains_key(k) {
            obj.insert(k.to_string(), v);
        }
    };
    fill(obj, "key", Value::String(e.key.to_string()));
    fill(obj, "name", Value::String(text3(&e.names).get(locale).to_string()));
    fill(
        obj,
        "description",
        Value::String(text3(&e.text).get(locale).to_string()),
    );
    fill(
        obj,
        "direction",
        serde_json::to_value(e.direction).unwrap_or(Value::Null),
    );
    let actual = e.actual_text();
    let source = match parse_formula(actual) {
        // one plain column: read it as a field (the explanation names the column)
        Ok(f) if f.names().len() == 1 && f.names().first().is_some_and(|n| *n == actual) => {
            json!({ "field": column(actual) })
        }
        _ => json!({ "formula": rename_formula(actual, &rename) }),
    };
    fill(obj, "actual", source);
    if let Some(t) = e.target {
        fill(obj, "target", json!({ "field": column(t) }));
    }
    let has_target = obj.get("target").is_some_and(|t| !t.is_null());
    if has_target && obj.get("direction").and_then(Value::as_str) == Some("lower_better") {
        // a lower-better actual of 0 (no leavers, no expense) is the best case
        fill(obj, "onZero", Value::String("full".into()));
    }
    let scoring = match (has_target, e.value_scoring()) {
        (false, Some(s)) => s,
        _ => e.target_scoring(),
    };
    fill(obj, "scoring", scoring);
}

/// Whether any indicator of the scheme uses the library (or the `columns` that go with it).
pub(crate) fn uses_library(scheme: &Value) -> bool {
    scheme.get("indicators").and_then(Value::as_array).is_some_and(|list| {
        list.iter()
            .any(|i| i.get("library").is_some() || i.get("columns").is_some())
    })
}

#[cfg(test)]
mod tests {
    use super::super::library::ENTRIES;
    use super::*;

    fn expand(indicator: Value, locale: &str) -> (Value, Vec<JixiaoError>) {
        let mut scheme = json!({ "locale": locale, "indicators": [indicator] });
        let issues = expand_library(&mut scheme);
        (scheme["indicators"][0].clone(), issues)
    }

    #[test]
    fn expansion_fills_what_is_missing_and_keeps_what_is_given() {
        let (ind, issues) = expand(
            json!({ "library": "collection_rate", "weight": 20, "columns": { "实际回款额": "回款 金额" } }),
            "zh-TW",
        );
        assert!(issues.is_empty());
        assert_eq!(
            ind,
            json!({
                "weight": 20, "key": "collection_rate", "name": "回款率",
                "description": text3(&ENTRIES[1].text).zh_tw,
                "direction": "higher_better",
                "actual": { "formula": "[回款 金额] / 应收款总额" },
                "scoring": { "type": "bands", "on": "value", "bands": [
                    { "min": "1", "score": 100 }, { "min": "0.9", "score": 90 },
                    { "min": "0.8", "score": 80 }, { "min": "0.6", "score": 60 } ] }
            })
        );
        let (ind, _) = expand(
            json!({ "library": "new_customers", "key": "n", "name": "新签", "weight": 10, "missing": "zero",
                    "columns": { "新客户目标": "目标" } }),
            "en",
        );
        assert_eq!(ind["key"], "n");
        assert_eq!(ind["name"], "新签");
        assert_eq!(ind["actual"], json!({ "field": "新客户数" }));
        assert_eq!(ind["target"], json!({ "field": "目标" }));
        assert_eq!(ind["scoring"], json!({ "type": "linear", "cap": "1.5" }));
        assert_eq!(ind["missing"], "zero");
        assert!(ind.get("library").is_none() && ind.get("columns").is_none());
    }

    #[test]
    fn renames_touch_names_only() {
        let mut map = Map::new();
        map.insert("实际销售额".into(), json!("Actual"));
        map.insert("预测销售额".into(), json!("AND"));
        map.insert("ABS".into(), json!("x"));
        assert_eq!(
            rename_formula("1 - ABS(实际销售额 - 预测销售额) / 实际销售额", &map),
            "1 - ABS(Actual - [AND]) / Actual"
        );
        assert_eq!(formula_name("动销SKU数"), "动销SKU数");
        assert_eq!(formula_name("1月销售"), "[1月销售]");
        assert_eq!(formula_name("回款（元）"), "[回款（元）]");
    }
}
