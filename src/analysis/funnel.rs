//! The sales funnel (销售漏斗): stage counts per person (columns of plain rows) → each
//! stage's conversion and the overall conversion, per person, per group and for the whole
//! table, and each person's bottleneck stage (DESIGN.md, "Analysis (反馈)").

use crate::engine::{Dec, Decimals};
use crate::error::{ErrorCode, JixiaoError};
use crate::i18n::{text, Locale, Text};
use crate::numbers::exact::sum;
use crate::numbers::{checked_div, checked_sub, format_percent, round, RoundingMode};
use crate::records::{number_of_value, text_of_value, BadNumber};
use indexmap::IndexMap;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The input of `funnel`.
///
/// ```
/// let i: jixiao::analysis::FunnelInput = serde_json::from_str(
///     r#"{"people":[{"线索":100,"成交":5}],"stages":["线索","成交"],"groupBy":"团队"}"#).unwrap();
/// assert_eq!(i.stages.len(), 2);
/// ```
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[cfg_attr(target_arch = "wasm32", tsify(missing_as_null))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FunnelInput {
    /// One row per person: column name → cell (`100`, `"1,200"`, `"１２０"` …).
    #[cfg_attr(target_arch = "wasm32", tsify(type = "Row[]"))]
    pub people: Vec<Value>,
    /// The stage columns, first to last (at least two): `["线索", "商机", "报价", "成交"]`.
    pub stages: Vec<String>,
    /// The id column.
    #[serde(default)]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub id: Option<String>,
    /// The name column.
    #[serde(default)]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub name: Option<String>,
    /// The group column: rates per group, and each person measured against their group.
    #[serde(default)]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub group_by: Option<String>,
    /// Places of the rates (default 4, at most 28), rounded half up.
    #[serde(default)]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub places: Option<u32>,
    /// `"string"` (default) or `"number"`.
    #[serde(default)]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub decimals: Decimals,
    /// `zh-CN` (default), `zh-TW` or `en`.
    #[serde(default)]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub locale: Option<String>,
}

/// One conversion: `to` ÷ `from`, or `null` with the reason.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[cfg_attr(target_arch = "wasm32", tsify(missing_as_null))]
pub struct Conversion {
    /// The earlier stage.
    pub from: String,
    /// The later stage.
    pub to: String,
    /// The later count ÷ the earlier, rounded to the places; `null` when the earlier is 0.
    pub rate: Option<Dec>,
    /// Why there is no rate.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub reason: Option<String>,
}

/// The counts and conversions of one person, group or the whole table.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[cfg_attr(target_arch = "wasm32", tsify(missing_as_null))]
#[serde(rename_all = "camelCase")]
pub struct FunnelRates {
    /// The count at each stage (a group's: the sum over its computed rows).
    pub counts: Vec<Dec>,
    /// Each stage to the next.
    pub steps: Vec<Conversion>,
    /// The last stage ÷ the first.
    pub overall: Conversion,
}

/// Where a person falls furthest behind their group.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[cfg_attr(target_arch = "wasm32", tsify(missing_as_null))]
#[serde(rename_all = "camelCase")]
pub struct Bottleneck {
    /// The step (0: first stage → second).
    pub step: usize,
    /// Its earlier stage.
    pub from: String,
    /// Its later stage.
    pub to: String,
    /// The person's rate.
    pub rate: Dec,
    /// The group's rate.
    pub group_rate: Dec,
    /// Group rate − the person's rate (> 0).
    pub shortfall: Dec,
}

/// One person's funnel.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[cfg_attr(target_arch = "wasm32", tsify(missing_as_null))]
#[serde(rename_all = "camelCase")]
pub struct FunnelPerson {
    /// The input row (0-based).
    pub index: usize,
    /// The id cell.
    pub id: Option<String>,
    /// The name cell.
    pub name: Option<String>,
    /// The group cell.
    pub group: Option<String>,
    /// True when every stage count was read.
    pub ok: bool,
    /// Counts and conversions (absent when the row failed).
    pub rates: Option<FunnelRates>,
    /// The step with the largest shortfall against the group's rate (none when no step falls short).
    pub bottleneck: Option<Bottleneck>,
    /// The bottleneck in words, in the chosen locale.
    pub explain: String,
    /// The row's errors.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional, type = "JixiaoErrorData[]"))]
    pub errors: Vec<JixiaoError>,
}

/// What `funnel` returns.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[cfg_attr(target_arch = "wasm32", tsify(missing_as_null))]
pub struct FunnelOutput {
    /// The stages, first to last.
    pub stages: Vec<String>,
    /// One per input row, in input order.
    pub people: Vec<FunnelPerson>,
    /// Per group (with `groupBy`), in order of first appearance.
    #[cfg_attr(target_arch = "wasm32", tsify(type = "Record<string, FunnelRates>"))]
    pub groups: IndexMap<String, FunnelRates>,
    /// The whole table.
    pub overall: FunnelRates,
    /// Every row error.
    #[cfg_attr(target_arch = "wasm32", tsify(type = "JixiaoErrorData[]"))]
    pub errors: Vec<JixiaoError>,
    /// Row warnings: a later stage larger than an earlier one.
    #[cfg_attr(target_arch = "wasm32", tsify(type = "JixiaoErrorData[]"))]
    pub warnings: Vec<JixiaoError>,
}

/// Exact conversions of one set of counts (each `None` when its divisor is 0).
struct Exact {
    steps: Vec<Option<Decimal>>,
    overall: Option<Decimal>,
}

/// The sales funnel: each person's counts read from the stage columns, the conversions of
/// every person, group and the whole table, and each person's bottleneck against their
/// group (the whole table without `groupBy`). A bad row never stops the good rows.
///
/// ```
/// let input: jixiao::analysis::FunnelInput = serde_json::from_str(r#"{"stages":["线索","商机","成交"],
///   "people":[{"线索":100,"商机":40,"成交":10},{"线索":"１００","商机":10,"成交":5},{"线索":0,"商机":0,"成交":0}]}"#).unwrap();
/// let out = jixiao::analysis::funnel(input, jixiao::Locale::En).unwrap();
/// let first = out.people[0].rates.as_ref().unwrap();
/// assert_eq!(first.steps[0].rate.unwrap().0.to_string(), "0.4000");
/// assert_eq!(out.people[1].bottleneck.as_ref().unwrap().to, "商机"); // 10 % against 50 / 200 = 25 %
/// assert!(out.people[2].rates.as_ref().unwrap().overall.rate.is_none());
/// ```
pub fn funnel(input: FunnelInput, locale: Locale) -> Result<FunnelOutput, JixiaoError> {
    check_input(&input)?;
    let places = input.places.unwrap_or(4);
    let mut errors = Vec::new();
    let mut warnings = Vec::new();
    let mut read: Vec<(Option<String>, Option<Vec<Decimal>>)> = Vec::with_capacity(input.people.len());
    for (index, row) in input.people.iter().enumerate() {
        let group = column_text(row, input.group_by.as_deref());
        match read_counts(row, index, &input.stages, &mut warnings) {
            Ok(counts) => read.push((group, Some(counts))),
            Err(e) => {
                errors.push(e);
                read.push((group, None));
            }
        }
    }
    let (groups, overall) = group_totals(&read, input.stages.len())?;
    let mut people = Vec::with_capacity(read.len());
    for (index, ((group, counts), row)) in read.into_iter().zip(&input.people).enumerate() {
        let against = group.as_ref().and_then(|g| groups.get(g)).unwrap_or(&overall);
        let mut person = person(index, counts.as_deref(), against, &input.stages, (places, locale))?;
        person.id = column_text(row, input.id.as_deref());
        person.name = column_text(row, input.name.as_deref());
        person.group = group;
        person.errors = errors.iter().filter(|e| e.row == Some(index)).cloned().collect();
        people.push(person);
    }
    let shown = |counts: &[Decimal], exact: &Exact| shown_rates(counts, exact, &input.stages, (places, locale));
    let groups = groups.iter().map(|(g, (c, e))| (g.clone(), shown(c, e))).collect();
    let overall = shown(&overall.0, &overall.1);
    for e in errors.iter_mut().chain(warnings.iter_mut()) {
        e.localize(locale);
    }
    for e in people.iter_mut().flat_map(|p| p.errors.iter_mut()) {
        e.localize(locale);
    }
    Ok(FunnelOutput {
        stages: input.stages,
        people,
        groups,
        overall,
        errors,
        warnings,
    })
}

/// At least two stages; places at most 28.
fn check_input(input: &FunnelInput) -> Result<(), JixiaoError> {
    if input.stages.len() < 2 {
        return Err(JixiaoError::new(
            ErrorCode::InvalidSetting,
            "/stages",
            text!(
                "漏斗至少需要两个阶段（如 [\"线索\", \"成交\"]）",
                "漏斗至少需要兩個階段（如 [\"線索\", \"成交\"]）",
                "a funnel needs at least two stages (e.g. [\"leads\", \"won\"])"
            ),
        ));
    }
    if input.places.is_some_and(|p| p > 28) {
        return Err(JixiaoError::new(
            ErrorCode::InvalidSetting,
            "/places",
            text!("places 最多为 28", "places 最多為 28", "places must be at most 28"),
        ));
    }
    Ok(())
}

/// A column's cell as text (ids, names, groups).
fn column_text(row: &Value, column: Option<&str>) -> Option<String> {
    column.and_then(|c| row.get(c)).and_then(text_of_value)
}

/// One row's stage counts; a missing, unreadable or negative count fails the row; a later
/// stage larger than an earlier one is a warning.
fn read_counts(
    row: &Value,
    index: usize,
    stages: &[String],
    warnings: &mut Vec<JixiaoError>,
) -> Result<Vec<Decimal>, JixiaoError> {
    let mut counts = Vec::with_capacity(stages.len());
    for stage in stages {
        let cell = row.get(stage.as_str()).unwrap_or(&Value::Null);
        let count = match number_of_value(cell) {
            Ok(Some(c)) if c >= Decimal::ZERO => c,
            Ok(Some(c)) => {
                let t = text!(
                    "阶段 “{stage}” 的数量不能为负：{c}",
                    "階段「{stage}」的數量不能為負：{c}",
                    "the count of the stage \"{stage}\" must not be negative: {c}"
                );
                return Err(JixiaoError::new(ErrorCode::OutOfRange, "", t).at_row(index, stage, Some(&c.to_string())));
            }
            Ok(None) => {
                let t = text!(
                    "缺少阶段 “{stage}” 的数量",
                    "缺少階段「{stage}」的數量",
                    "the count of the stage \"{stage}\" is missing"
                );
                return Err(JixiaoError::new(ErrorCode::MissingValue, "", t).at_row(index, stage, None));
            }
            Err(bad) => return Err(bad_count(index, stage, &bad)),
        };
        counts.push(count);
    }
    for (i, pair) in counts.windows(2).enumerate() {
        if let [earlier, later] = pair {
            if later > earlier {
                let (from, to) = (stage_name(stages, i), stage_name(stages, i.saturating_add(1)));
                let t = text!(
                    "“{to}”（{later}）多于前一阶段 “{from}”（{earlier}）",
                    "「{to}」（{later}）多於前一階段「{from}」（{earlier}）",
                    "\"{to}\" ({later}) is more than the stage before it, \"{from}\" ({earlier})"
                );
                warnings.push(JixiaoError::warning(ErrorCode::Order, "", t).at_row(
                    index,
                    to,
                    Some(&later.to_string()),
                ));
            }
        }
    }
    Ok(counts)
}

/// `INVALID_NUMBER` (or `OVERFLOW`) for a count cell that is not a number.
fn bad_count(index: usize, stage: &str, bad: &BadNumber) -> JixiaoError {
    let (code, t) = bad.problem(stage);
    JixiaoError::new(code, "", t).at_row(index, stage, Some(&bad.raw))
}

/// A stage's name by position ("" past the end, which the callers never ask for).
fn stage_name(stages: &[String], i: usize) -> &str {
    stages.get(i).map_or("", String::as_str)
}

type Totals = (Vec<Decimal>, Exact);

/// The counts summed per group and over the whole table (computed rows only), with their
/// exact conversions.
fn group_totals(
    read: &[(Option<String>, Option<Vec<Decimal>>)],
    stages: usize,
) -> Result<(IndexMap<String, Totals>, Totals), JixiaoError> {
    let mut per_group: IndexMap<String, Vec<&[Decimal]>> = IndexMap::new();
    let mut all = Vec::new();
    for (group, counts) in read {
        let Some(counts) = counts else { continue };
        all.push(counts.as_slice());
        if let Some(g) = group {
            per_group.entry(g.clone()).or_default().push(counts);
        }
    }
    let totals = |rows: &[&[Decimal]]| -> Result<Totals, JixiaoError> {
        let sums = (0..stages)
            .map(|s| sum(rows.iter().filter_map(|r| r.get(s).copied())))
            .collect::<Result<Vec<_>, _>>()?;
        let exact = exact_rates(&sums);
        Ok((sums, exact))
    };
    let mut groups = IndexMap::with_capacity(per_group.len());
    for (g, rows) in &per_group {
        groups.insert(g.clone(), totals(rows)?);
    }
    Ok((groups, totals(&all)?))
}

/// Each stage's conversion and the overall one, exact (`None` over a zero count).
fn exact_rates(counts: &[Decimal]) -> Exact {
    let ratio = |to: Option<&Decimal>, from: Option<&Decimal>| match (to, from) {
        (Some(to), Some(from)) if !from.is_zero() => checked_div(*to, *from).ok(),
        _ => None,
    };
    Exact {
        steps: counts.windows(2).map(|p| ratio(p.get(1), p.first())).collect(),
        overall: ratio(counts.last(), counts.first()),
    }
}

/// Counts and conversions as shown: rates rounded half up to `places`, a reason where there is none.
fn shown_rates(counts: &[Decimal], exact: &Exact, stages: &[String], (places, locale): (u32, Locale)) -> FunnelRates {
    let conversion = |from: usize, to: usize, rate: Option<Decimal>| Conversion {
        from: stage_name(stages, from).to_string(),
        to: stage_name(stages, to).to_string(),
        rate: rate.map(|r| Dec(round(r, places, RoundingMode::HalfUp))),
        reason: rate
            .is_none()
            .then(|| zero_reason(stage_name(stages, from)).get(locale).to_string()),
    };
    FunnelRates {
        counts: counts.iter().copied().map(Dec).collect(),
        steps: (exact.steps.iter().enumerate())
            .map(|(i, r)| conversion(i, i.saturating_add(1), *r))
            .collect(),
        overall: conversion(0, stages.len().saturating_sub(1), exact.overall),
    }
}

/// Why a conversion has no rate: its earlier stage is 0.
fn zero_reason(from: &str) -> Text {
    text!(
        "“{from}” 为 0，无法计算转化率",
        "「{from}」為 0，無法計算轉化率",
        "\"{from}\" is 0: no conversion rate"
    )
}

/// One person's rates and bottleneck against `group` (their group's totals).
fn person(
    index: usize,
    counts: Option<&[Decimal]>,
    group: &Totals,
    stages: &[String],
    (places, locale): (u32, Locale),
) -> Result<FunnelPerson, JixiaoError> {
    let mut p = FunnelPerson {
        index,
        id: None,
        name: None,
        group: None,
        ok: counts.is_some(),
        rates: None,
        bottleneck: None,
        explain: String::new(),
        errors: Vec::new(),
    };
    let Some(counts) = counts else {
        p.explain = text!("该行无法计算", "該列無法計算", "this row could not be computed")
            .get(locale)
            .to_string();
        return Ok(p);
    };
    let exact = exact_rates(counts);
    p.bottleneck = bottleneck(&exact, &group.1, stages, places)?;
    p.explain = explain(p.bottleneck.as_ref(), &exact).get(locale).to_string();
    p.rates = Some(shown_rates(counts, &exact, stages, (places, locale)));
    Ok(p)
}

/// The step whose rate falls furthest below the group's (the earlier step on a tie); none
/// when no step with both rates falls short.
fn bottleneck(
    person: &Exact,
    group: &Exact,
    stages: &[String],
    places: u32,
) -> Result<Option<Bottleneck>, JixiaoError> {
    let mut worst: Option<(usize, Decimal, Decimal, Decimal)> = None;
    for (step, (own, theirs)) in person.steps.iter().zip(&group.steps).enumerate() {
        let (Some(own), Some(theirs)) = (own, theirs) else {
            continue;
        };
        let shortfall = checked_sub(*theirs, *own).map_err(crate::numbers::exact::overflow)?;
        if shortfall > Decimal::ZERO && worst.is_none_or(|w| shortfall > w.3) {
            worst = Some((step, *own, *theirs, shortfall));
        }
    }
    let r = |d: Decimal| Dec(round(d, places, RoundingMode::HalfUp));
    Ok(worst.map(|(step, own, theirs, shortfall)| Bottleneck {
        step,
        from: stage_name(stages, step).to_string(),
        to: stage_name(stages, step.saturating_add(1)).to_string(),
        rate: r(own),
        group_rate: r(theirs),
        shortfall: r(shortfall),
    }))
}

/// The bottleneck in words.
fn explain(bottleneck: Option<&Bottleneck>, exact: &Exact) -> Text {
    let Some(b) = bottleneck else {
        if exact.steps.iter().all(Option::is_none) {
            return text!("没有可比较的阶段", "沒有可比較的階段", "no stage can be compared");
        }
        return text!(
            "各阶段转化率均不低于组内水平",
            "各階段轉化率均不低於組內水準",
            "every stage converts at or above the group's rate"
        );
    };
    let pct = |d: Dec| format_percent(d.0, 2, RoundingMode::HalfUp);
    let (from, to, own, theirs, gap) = (&b.from, &b.to, pct(b.rate), pct(b.group_rate), pct(b.shortfall));
    text!(
        "瓶颈在 {from} → {to}：转化率 {own}，组内 {theirs}，低 {gap}",
        "瓶頸在 {from} → {to}：轉化率 {own}，組內 {theirs}，低 {gap}",
        "bottleneck at {from} → {to}: {own} against the group's {theirs}, {gap} lower"
    )
}
