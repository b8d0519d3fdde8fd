//! What jixiao's fuzz targets share (DESIGN.md, "Fuzzing"): JSON values built from the
//! fuzzer's bytes out of the engine's own vocabulary (scheme keys, rule types, cell formats,
//! decimal edges), mutations of real schemes and samples so inputs reach past the input
//! checks, and the invariants every target asserts: no trap (libFuzzer catches panics and
//! aborts), no `INTERNAL` error anywhere, one result per row, parts that sum exactly.

use arbitrary::{Result, Unstructured};
use jixiao::catalog::Template;
use jixiao::{ErrorCode, JixiaoError};
use serde_json::{Map, Value};
use std::sync::OnceLock;

/// Scheme, input and option keys and words the engine reads.
pub const WORDS: &[&str] = &[
    "key", "name", "weight", "actual", "target", "field", "value", "formula", "scoring", "type", "linear",
    "bands", "piecewise", "direct", "deduct", "pass_fail", "floor", "cap", "full", "min", "max", "score",
    "points", "on", "achievement", "else", "per", "pass", "op", "indicator", "all", "any", "not", "missing",
    "exclude", "zero", "error", "onZero", "direction", "lower_better", "higher_better", "reverse", "mirror",
    "ratio", "raters", "rater", "raterMissing", "renormalize", "categories", "category", "indicators",
    "adjustments", "vetoes", "when", "grade", "grades", "forced", "distribution", "ranking", "by", "groupBy",
    "tieBreakers", "method", "roles", "versions", "from", "weights", "fields", "id", "group", "role",
    "incentives", "commission", "bonus", "pool", "awards", "tiers", "rate", "mode", "marginal", "whole",
    "base", "top", "prize", "measures", "aggregate", "table", "tables", "sum", "count", "mean", "where",
    "split", "owner", "totalMin", "totalMax", "unit", "locked", "total", "parts", "history", "capacity",
    "uplift", "period", "periods", "locale", "decimals", "number", "string", "explain", "output", "totals",
    "scores", "rows", "people", "equal", "working_days", "calendar", "year", "quarter", "month", "week",
    "children", "nodes", "ramp", "start", "holidays", "workdays", "asOf", ">", ">=", "<", "<=", "=", "!=", "zh-CN", "zh-TW",
    "en", "S", "A", "B", "C", "D", "销售额", "目标", "工号", "姓名", "团队", "岗位", "回款", "订单",
];

/// Cell and decimal texts at the edges: ranges, precision, spreadsheet formats, non-numbers.
pub const CELLS: &[&str] = &[
    "0", "-0", "1", "-1", "0.5", "100", "1e28", "-1e28", "79228162514264337593543950335",
    "-79228162514264337593543950335", "0.0000000000000000000000000001", "3.1415926535897932384626433833",
    "1e9", "120万", "1.5亿", "１２３", "¥100", "-¥1,234.5", "50%", "１２％", "85,90", "1,234,567", "NaN",
    "Infinity", "-Infinity", "1e400", "abc", "", " ", "2025-07-01", "2025-Q3", "2025-W05", "2024-02-29",
    "SUM(a, b)", "IF(a > b, 1, 0)", "DATEDIF(\"2025-01-01\", \"2025-03-01\", \"m\")", "a / 0", "((((a",
    "85、90", "4.5;3", "true", "是", "√", "2024年3月5日", "2024/3/5", "2024-03-05 10:00:00", "1709568000000",
    "DATE(2024, 13, 40)", "DATE(0, 1, 1)", "YEAR(a)", "MONTH(a)", "DAY(a)", "DAYS(b, a)", "a - b",
    "DATEDIF(a, b, \"M\")", "DATEDIF(a, b, \"YD\")", "EDATE(a, 99999999999)", "EOMONTH(a, -1)",
    "NETWORKDAYS(DATE(1, 1, 1), DATE(9999, 12, 31))", "PERIOD_START()", "PERIOD_END()", "TODAY()",
];

/// A JSON value from the fuzzer's bytes: scalars from the vocabularies above or arbitrary,
/// lists and objects at most `depth` deep.
pub fn value(u: &mut Unstructured, depth: u32) -> Result<Value> {
    let kinds = if depth == 0 { 7 } else { 9 };
    Ok(match u.choose_index(kinds)? {
        0 => Value::Null,
        1 => Value::Bool(u.arbitrary()?),
        2 => Value::from(u.arbitrary::<i64>()?),
        3 => serde_json::Number::from_f64(u.arbitrary::<f64>()?).map_or(Value::Null, Value::Number),
        4 => number_or_text(u.choose(CELLS)?),
        5 => Value::from(*u.choose(WORDS)?),
        6 => Value::from(u.arbitrary::<String>()?),
        7 => {
            let n = u.int_in_range(0..=4)?;
            Value::Array((0..n).map(|_| value(u, depth - 1)).collect::<Result<_>>()?)
        }
        _ => {
            let mut m = Map::new();
            for _ in 0..u.int_in_range(0..=5)? {
                m.insert(key(u)?, value(u, depth - 1)?);
            }
            Value::Object(m)
        }
    })
}

/// A key: mostly one the engine reads.
pub fn key(u: &mut Unstructured) -> Result<String> {
    Ok(if u.ratio(7, 8)? {
        (*u.choose(WORDS)?).to_string()
    } else {
        u.arbitrary()?
    })
}

/// `text` as a JSON number when it is one, else as a string.
fn number_or_text(text: &str) -> Value {
    serde_json::from_str::<serde_json::Number>(text).map_or_else(|_| Value::from(text), Value::Number)
}

/// Applies `n` mutations to `v`: a node somewhere inside is replaced, removed from its
/// object or list, given a new key, or copied beside itself.
pub fn mutate(u: &mut Unstructured, v: &mut Value, n: usize) -> Result<()> {
    for _ in 0..n {
        let node = pick(u, v)?;
        match u.choose_index(4)? {
            0 => *node = value(u, 2)?,
            1 => match node {
                Value::Object(m) if !m.is_empty() => {
                    let i = u.choose_index(m.len())?;
                    if let Some(k) = m.keys().nth(i).cloned() {
                        m.shift_remove(&k);
                    }
                }
                Value::Array(a) if !a.is_empty() => {
                    let i = u.choose_index(a.len())?;
                    a.remove(i);
                }
                _ => *node = Value::Null,
            },
            2 => match node {
                Value::Object(m) => {
                    m.insert(key(u)?, value(u, 2)?);
                }
                Value::Array(a) => a.push(value(u, 2)?),
                _ => *node = value(u, 1)?,
            },
            _ => {
                if let Value::Array(a) = node {
                    if let Some(first) = a.first().cloned() {
                        a.push(first);
                    }
                }
            }
        }
    }
    Ok(())
}

/// A node of `v`, reached by walking down from the root and stopping at random.
fn pick<'v>(u: &mut Unstructured, v: &'v mut Value) -> Result<&'v mut Value> {
    let stop = u.ratio(1, 4)?;
    let len = match &*v {
        Value::Object(m) => m.len(),
        Value::Array(a) => a.len(),
        _ => 0,
    };
    if stop || len == 0 {
        return Ok(v);
    }
    let i = u.choose_index(len)?;
    match v {
        Value::Object(m) => match m.values_mut().nth(i) {
            Some(child) => pick(u, child),
            None => unreachable!("index below the length"),
        },
        Value::Array(a) => pick(u, &mut a[i]),
        _ => unreachable!("a leaf stops above"),
    }
}

/// The scheme templates (their schemes and samples are the seeds of the scheme and row
/// targets).
pub fn templates() -> &'static [Template] {
    static TEMPLATES: OnceLock<Vec<Template>> = OnceLock::new();
    TEMPLATES.get_or_init(|| jixiao::templates(None).unwrap_or_default())
}

/// Panics (a finding) when `e` is an internal error.
pub fn no_internal(e: &JixiaoError) {
    assert!(e.code != ErrorCode::Internal, "INTERNAL: {e} at {}", e.path);
    e.issues.iter().for_each(no_internal);
}

/// Panics when any object inside the JSON text `out` has `"code": "INTERNAL"`.
pub fn no_internal_in(out: &str) -> Value {
    let v: Value = serde_json::from_str(out).unwrap_or_else(|e| panic!("output is not JSON: {e}"));
    walk(&v);
    v
}

fn walk(v: &Value) {
    match v {
        Value::Object(m) => {
            assert!(m.get("code") != Some(&Value::from("INTERNAL")), "INTERNAL in output: {v}");
            m.values().for_each(walk);
        }
        Value::Array(a) => a.iter().for_each(walk),
        _ => {}
    }
}

/// Options for an evaluation, from the fuzzer's bytes.
pub fn options(u: &mut Unstructured) -> Result<String> {
    let output = *u.choose(&["full", "scores", "totals"])?;
    let explain = u.arbitrary::<bool>()?;
    let decimals = *u.choose(&["string", "number"])?;
    let locale = *u.choose(&["zh-CN", "zh-TW", "en"])?;
    Ok(format!(
        r#"{{"output":"{output}","explain":{explain},"decimals":"{decimals}","locale":"{locale}"}}"#
    ))
}

/// Evaluates `people` (a JSON list of rows) under `engine` through the string entry the
/// JS package uses; asserts one result per row and no internal error.
pub fn evaluate(engine: &jixiao::Engine, head: &Value, people: &[Value], options: &str) {
    let rows: Vec<String> = people.iter().map(Value::to_string).collect();
    let head = head.to_string();
    match jixiao::json::evaluate_encoded(engine, &head, &rows.join("\n"), options) {
        Ok(out) => {
            let out = no_internal_in(&out);
            let n = out["results"].as_array().map_or(0, Vec::len);
            assert_eq!(n, people.len(), "one result per row");
        }
        Err(e) => no_internal(&e),
    }
}

/// The exact sum of non-negative decimal texts, digit by digit (independent of
/// `rust_decimal`), as (integer digits, fraction digits) without leading or trailing zeros;
/// `None` when a text is negative or not a plain decimal.
pub fn digit_sum<'a>(texts: impl IntoIterator<Item = &'a str>) -> Option<(String, String)> {
    const PLACES: usize = 30;
    const WIDTH: usize = 40 + PLACES;
    let mut sum = [0u8; WIDTH];
    for t in texts {
        let (int, frac) = t.split_once('.').unwrap_or((t, ""));
        if int.len() > 38 || frac.len() > PLACES || !(int.bytes().chain(frac.bytes())).all(|b| b.is_ascii_digit()) {
            return None;
        }
        let digits = format!("{int:0>40}{frac:0<PLACES$}");
        let mut carry = 0;
        for (i, b) in digits.bytes().enumerate().rev() {
            let s = sum[i] + (b - b'0') + carry;
            sum[i] = s % 10;
            carry = s / 10;
        }
    }
    let text: String = sum.iter().map(|d| char::from(b'0' + d)).collect();
    let (int, frac) = text.split_at(40);
    Some((int.trim_start_matches('0').to_string(), frac.trim_end_matches('0').to_string()))
}
