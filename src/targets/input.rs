//! The input of a decomposition and the checks every target entry shares while reading
//! one: the locale, dates, the total and its uplift, the unit, negative values and lists
//! of the wrong length.

use crate::dates::Date;
use crate::error::{ErrorCode, JixiaoError};
use crate::i18n::text;
use crate::i18n::{Locale, Text};
use crate::numbers::exact::{add, mul};
use crate::scheme::Num;
use indexmap::IndexMap;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// How the total is split: `equal`, `weights`, `history` (last period's actuals),
/// `working_days` (Monday–Friday minus holidays plus make-up workdays) or `capacity`.
///
/// ```
/// let m: jixiao::targets::Method = serde_json::from_str("\"working_days\"").unwrap();
/// assert_eq!(m, jixiao::targets::Method::WorkingDays);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[cfg_attr(target_arch = "wasm32", tsify(missing_as_null))]
#[serde(rename_all = "snake_case")]
pub enum Method {
    /// The same share for every part (default).
    #[default]
    Equal,
    /// In proportion to `weights` (or each part's `weight`).
    Weights,
    /// In proportion to `history` (or each part's `history`): seasonality, 历史占比.
    History,
    /// In proportion to each period's working days.
    WorkingDays,
    /// In proportion to `capacity` (or each part's `capacity`).
    Capacity,
}

/// The period a calendar is cut into.
///
/// ```
/// let b: jixiao::targets::PeriodBy = serde_json::from_str("\"natural_week\"").unwrap();
/// assert_eq!(b, jixiao::targets::PeriodBy::NaturalWeek);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[cfg_attr(target_arch = "wasm32", tsify(missing_as_null))]
#[serde(rename_all = "snake_case")]
pub enum PeriodBy {
    /// Quarters: `2025-Q1` (or `FY2025-Q1` in a fiscal year).
    Quarter,
    /// Months: `2025-01`.
    Month,
    /// ISO weeks: `2025-W01`.
    Week,
    /// Natural weeks cut at month ends: `2025-01-W1`.
    #[serde(alias = "naturalWeek")]
    NaturalWeek,
}

/// A year cut into periods (see the module docs for the keys).
///
/// ```
/// let c: jixiao::targets::Calendar = serde_json::from_str(r#"{"year":2025,"by":"quarter","fiscalYearStart":4}"#).unwrap();
/// assert_eq!(c.fiscal_year_start, Some(4));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[cfg_attr(target_arch = "wasm32", tsify(missing_as_null))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Calendar {
    /// The (fiscal) year, named by the calendar year it starts in.
    pub year: i32,
    /// The period.
    pub by: PeriodBy,
    /// The month the fiscal year starts in, 1‥12 (default 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fiscal_year_start: Option<u32>,
}

/// One named part given explicitly instead of a calendar.
///
/// ```
/// let p: jixiao::targets::PartSpec = serde_json::from_str(r#"{"key":"华东","weight":3,"max":"1万"}"#).unwrap();
/// assert_eq!(p.max.unwrap().0.to_string(), "10000");
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[cfg_attr(target_arch = "wasm32", tsify(missing_as_null))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PartSpec {
    /// The part's key (unique).
    pub key: String,
    /// Its weight (method `weights`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weight: Option<Num>,
    /// Its last period's actual (method `history`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub history: Option<Num>,
    /// Its capacity (method `capacity`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capacity: Option<Num>,
    /// A value to keep as given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locked: Option<Num>,
    /// The least value it may get.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<Num>,
    /// The most value it may get.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<Num>,
    /// First day (needed by `working_days`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<String>,
    /// Last day, inclusive (needed by `working_days`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<String>,
}

/// A bound for every part (one number) or per part (a list; `null` for none).
///
/// ```
/// let b: jixiao::targets::Bound = serde_json::from_str(r#"[100, null, "2万"]"#).unwrap();
/// assert!(matches!(b, jixiao::targets::Bound::Each(ref v) if v.len() == 3));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[cfg_attr(target_arch = "wasm32", tsify(missing_as_null))]
#[serde(untagged)]
pub enum Bound {
    /// The same bound for every part.
    One(Num),
    /// One bound per part, in order.
    Each(Vec<Option<Num>>),
}

/// The input of [`decompose`](crate::decompose).
///
/// ```
/// let input: jixiao::targets::DecomposeInput = serde_json::from_str(
///     r#"{"total":"100","parts":[{"key":"A"},{"key":"B"},{"key":"C"}]}"#).unwrap();
/// let out = jixiao::decompose(&input).unwrap();
/// assert_eq!(out.parts[0].value, "33.34");
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[cfg_attr(target_arch = "wasm32", tsify(missing_as_null))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DecomposeInput {
    /// The total to split (before uplift).
    pub total: Num,
    /// A year cut into periods (or give `parts`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub calendar: Option<Calendar>,
    /// Named parts (or give `calendar`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parts: Option<Vec<PartSpec>>,
    /// The method (default `equal`).
    #[serde(default)]
    pub method: Method,
    /// Weights per part, in order (method `weights`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weights: Option<Vec<Num>>,
    /// Last period's actuals per part, in order (method `history`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub history: Option<Vec<Num>>,
    /// Capacity per part, in order (method `capacity`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capacity: Option<Vec<Num>>,
    /// Days off (`working_days`), weekend days inside a holiday block included.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub holidays: Vec<String>,
    /// Weekend days worked instead (调休, `working_days`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub workdays: Vec<String>,
    /// Every part is a multiple of it (default 0.01).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<Num>,
    /// The total is multiplied by 1 + uplift before splitting (挑战目标).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uplift: Option<Num>,
    /// Least values: one for all parts or one per part.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<Bound>,
    /// Greatest values: one for all parts or one per part.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<Bound>,
    /// Parts that keep the value given: `{ "2025-01": 900000 }`.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    #[cfg_attr(target_arch = "wasm32", tsify(type = "Record<string, Num>"))]
    pub locked: IndexMap<String, Num>,
    /// `zh-CN` (default), `zh-TW` or `en`, for explanations and errors.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
}

/// An input's `method`, if any, is one of the methods: else `INVALID_SETTING` at `/method`
/// (checked before decoding, so a misspelt method is not reported as a shape problem).
pub(crate) fn check_method(input: &serde_json::Value) -> Result<(), JixiaoError> {
    let Some(m) = input.get("method") else {
        return Ok(());
    };
    if serde_json::from_value::<Method>(m.clone()).is_ok() {
        return Ok(());
    }
    let shown: String = m.to_string().chars().take(40).collect();
    Err(JixiaoError::new(
        ErrorCode::InvalidSetting,
        "/method",
        text!(
            "未知的分解方法 {shown}（可用：equal、weights、history、working_days、capacity）",
            "未知的分解方法 {shown}（可用：equal、weights、history、working_days、capacity）",
            "unknown method {shown} (use equal, weights, history, working_days or capacity)",
        ),
    ))
}

/// An error with a code, a path and its three-language message.
pub(super) fn fail(code: ErrorCode, path: impl Into<String>, text: Text) -> JixiaoError {
    JixiaoError::new(code, path, text)
}

/// The locale an input names (zh-CN when none); an unknown tag is `INVALID_SETTING` at `/locale`.
pub(super) fn read_locale(tag: Option<&str>) -> Result<Locale, JixiaoError> {
    match tag {
        None => Ok(Locale::default()),
        Some(tag) => Locale::parse(tag).ok_or_else(|| {
            let shown: String = tag.chars().take(20).collect();
            JixiaoError::unknown_locale("/locale", &format!("{shown:?}"))
        }),
    }
}

/// `result` with its error's message set to `locale`.
pub(super) fn localized<T>(result: Result<T, JixiaoError>, locale: Locale) -> Result<T, JixiaoError> {
    result.map_err(|mut e| {
        e.localize(locale);
        e
    })
}

/// A date text, or `INVALID_DATE` at `path`.
pub(super) fn read_date(text: &str, path: String) -> Result<Date, JixiaoError> {
    Date::parse(text).ok_or_else(|| {
        let shown: String = text.chars().take(40).collect();
        fail(
            ErrorCode::InvalidDate,
            path,
            text!(
                "无法识别的日期：{shown:?}",
                "無法識別的日期：{shown:?}",
                "not a date: {shown:?}",
            ),
        )
    })
}

/// `INVALID_SETTING` at `path`: `name` is `v`, below zero.
pub(super) fn negative_error(path: impl Into<String>, name: &str, v: Decimal) -> JixiaoError {
    fail(
        ErrorCode::InvalidSetting,
        path,
        text!(
            "{name} 不能为负数：{v}",
            "{name} 不能為負數：{v}",
            "{name} must not be negative: {v}",
        ),
    )
}

/// `INVALID_INPUT` at `/name`: a per-part list of `got` values for `want` parts.
pub(super) fn count_error(name: &str, got: usize, want: usize) -> JixiaoError {
    fail(
        ErrorCode::InvalidInput,
        format!("/{name}"),
        text!(
            "{name} 有 {got} 项，但共有 {want} 个部分",
            "{name} 有 {got} 項，但共有 {want} 個部分",
            "{name} has {got} values but there are {want} parts",
        ),
    )
}

/// `INVALID_INPUT` at `/parts/i/key`: a key given twice.
pub(super) fn duplicate_key(i: usize, k: &str) -> JixiaoError {
    fail(
        ErrorCode::InvalidInput,
        format!("/parts/{i}/key"),
        text!("部分的键重复：{k}", "部分的鍵重複：{k}", "duplicate part key: {k}"),
    )
}

/// The unit given, or 0.01.
pub(super) fn unit_or_default(unit: Option<Num>) -> Decimal {
    unit.map_or(Decimal::new(1, 2), |u| u.0)
}

/// `INVALID_SETTING` at `/unit` unless the unit is above 0.
pub(super) fn positive_unit(unit: Decimal) -> Result<Decimal, JixiaoError> {
    if unit <= Decimal::ZERO {
        return Err(fail(
            ErrorCode::InvalidSetting,
            "/unit",
            text!(
                "取整单位应大于 0：{unit}",
                "取整單位應大於 0：{unit}",
                "the unit must be above 0: {unit}"
            ),
        ));
    }
    Ok(unit)
}

/// The total after uplift: `base` must be above 0 and the uplift above −1; an overflow
/// comes back without a path.
pub(super) fn uplifted_total(base: Decimal, uplift: Option<Num>) -> Result<Decimal, JixiaoError> {
    if base <= Decimal::ZERO {
        return Err(fail(
            ErrorCode::InvalidSetting,
            "/total",
            text!(
                "总额应大于 0：{base}",
                "總額應大於 0：{base}",
                "the total must be above 0: {base}"
            ),
        ));
    }
    let Some(u) = uplift else {
        return Ok(base);
    };
    if u.0 <= Decimal::NEGATIVE_ONE {
        let u = u.0;
        return Err(fail(
            ErrorCode::InvalidSetting,
            "/uplift",
            text!(
                "上浮比例应大于 -1：{u}",
                "上浮比例應大於 -1：{u}",
                "uplift must be above -1: {u}"
            ),
        ));
    }
    mul(base, add(Decimal::ONE, u.0)?)
}
