//! The compose plan: which listed periods a composite is built from (in time order), what
//! it weighs (period weights, or category weights summing to 100), and its label. Every
//! setting of `compose` is checked here, before any period is evaluated.

use super::decode::{find_period, periods_text, PeriodSpec};
use super::name::PeriodName;
use super::weigh::weights_overflow;
use super::write_back::check_composite_mapping;
use super::{Compose, ComposeFrom, ComposeMissing};
use crate::compile::Plan;
use crate::error::{escape_pointer, ErrorCode, JixiaoError};
use crate::i18n::text;
use crate::i18n::{Locale, Text};
use crate::numbers::{checked_add, format_plain};
use crate::scheme::Num;
use indexmap::IndexMap;
use rust_decimal::Decimal;

/// Where errors about the weights point.
const WEIGHTS_PATH: &str = "compose/weights";

/// What the composite weighs: period weights (by position in `composed`) or category weights.
pub(super) enum Weights {
    Periods(Vec<Decimal>),
    /// (category index in the plan, weight), scheme order.
    Categories(Vec<(usize, Decimal)>),
}

/// How the composite is built, checked.
pub(super) struct ComposePlan {
    /// Indices into the listed periods, in time order.
    pub(super) composed: Vec<usize>,
    pub(super) weights: Weights,
    pub(super) missing: ComposeMissing,
    /// The composite's name (`2025`), when known.
    pub(super) label: Option<String>,
    /// The write-back mapping (`compose.rows`).
    pub(super) rows: Option<IndexMap<String, String>>,
    /// Whether labels need the year (the composed periods span more than one year).
    pub(super) with_year: bool,
}

/// Checks `compose` against the scheme and the listed periods.
pub(super) fn compose_plan(
    plan: &Plan,
    periods: &[PeriodSpec],
    compose: Compose,
    calendar_label: Option<String>,
) -> Result<ComposePlan, JixiaoError> {
    let listed = listed_composed(periods, compose.periods.as_deref())?;
    let weights = compose.weights.as_ref();
    let (composed, weights) = match compose.from {
        ComposeFrom::Periods => period_weights(periods, weights, listed)?,
        ComposeFrom::Categories => category_weights(plan, periods, weights, listed)?,
    };
    if let Some(mapping) = &compose.rows {
        check_composite_mapping(plan, periods, &composed, mapping)?;
    }
    let (label, with_year) = label_and_span(periods, &composed, compose.period, calendar_label);
    Ok(ComposePlan {
        composed,
        weights,
        missing: compose.missing,
        label,
        rows: compose.rows,
        with_year,
    })
}

/// `compose.periods` as listed indices, in the order given (`None` when not given).
fn listed_composed(periods: &[PeriodSpec], list: Option<&[String]>) -> Result<Option<Vec<usize>>, JixiaoError> {
    let Some(list) = list else {
        return Ok(None);
    };
    if list.is_empty() {
        return Err(JixiaoError::new(
            ErrorCode::MissingSetting,
            "compose/periods",
            Text::new(
                "compose.periods 为空",
                "compose.periods 為空",
                "compose.periods is empty",
            ),
        ));
    }
    let mut composed: Vec<usize> = Vec::with_capacity(list.len());
    for (i, text) in list.iter().enumerate() {
        let path = format!("compose/periods/{i}");
        let Some(k) = find_period(periods, text) else {
            return Err(JixiaoError::new(
                ErrorCode::UnknownKey,
                path,
                text!(
                    "compose.periods 中的 “{text}” 不在 periods 中",
                    "compose.periods 中的「{text}」不在 periods 中",
                    "\"{text}\" in compose.periods is not one of the periods"
                ),
            ));
        };
        if composed.contains(&k) {
            return Err(JixiaoError::new(
                ErrorCode::DuplicateKey,
                path,
                text!(
                    "compose.periods 中的 “{text}” 重复",
                    "compose.periods 中的「{text}」重複",
                    "\"{text}\" appears twice in compose.periods"
                ),
            ));
        }
        composed.push(k);
    }
    Ok(Some(composed))
}

/// From periods: the composed periods in time order with their weights. With weights, the
/// composed periods default to the weighted ones and each needs a weight; without, every
/// period weighs 1 and mixing lengths is refused.
fn period_weights(
    periods: &[PeriodSpec],
    given: Option<&IndexMap<String, Num>>,
    listed: Option<Vec<usize>>,
) -> Result<(Vec<usize>, Weights), JixiaoError> {
    let mut pairs: Vec<(usize, Decimal)> = match given {
        Some(given) => {
            let keyed = keyed_period_weights(periods, given, listed.as_deref())?;
            let composed = listed.unwrap_or_else(|| keyed.iter().map(|(k, _)| *k).collect());
            let pairs = composed
                .iter()
                .map(|&k| match keyed.iter().find(|(j, _)| *j == k) {
                    Some((_, w)) => Ok((k, *w)),
                    None => Err(no_weight(periods_text(periods, k))),
                })
                .collect::<Result<Vec<_>, _>>()?;
            if keyed.iter().all(|(_, w)| w.is_zero()) {
                return Err(JixiaoError::new(
                    ErrorCode::InvalidSetting,
                    WEIGHTS_PATH,
                    Text::new("期间权重全部为 0", "期間權重全部為 0", "every period weight is 0"),
                ));
            }
            pairs
        }
        None => {
            let composed = listed.unwrap_or_else(|| (0..periods.len()).collect());
            mixing_check(periods, &composed, "compose/periods")?;
            composed.into_iter().map(|k| (k, Decimal::ONE)).collect()
        }
    };
    pairs.sort_by(|(a, _), (b, _)| time_order(periods, *a, *b));
    let composed = pairs.iter().map(|(k, _)| *k).collect();
    Ok((composed, Weights::Periods(pairs.into_iter().map(|(_, w)| w).collect())))
}

/// `compose.weights` of periods read in the order given: each names a listed period (in
/// `compose.periods` when that is given), once, with a weight ≥ 0.
fn keyed_period_weights(
    periods: &[PeriodSpec],
    given: &IndexMap<String, Num>,
    listed: Option<&[usize]>,
) -> Result<Vec<(usize, Decimal)>, JixiaoError> {
    let mut keyed: Vec<(usize, Decimal)> = Vec::with_capacity(given.len());
    for (key, w) in given {
        let path = format!("{WEIGHTS_PATH}/{}", escape_pointer(key));
        let Some(k) = find_period(periods, key) else {
            return Err(JixiaoError::new(
                ErrorCode::UnknownKey,
                path,
                text!(
                    "权重中的 “{key}” 不在 periods 中",
                    "權重中的「{key}」不在 periods 中",
                    "the weight \"{key}\" names no listed period"
                ),
            ));
        };
        if keyed.iter().any(|(j, _)| *j == k) {
            return Err(JixiaoError::new(
                ErrorCode::DuplicateKey,
                path,
                text!(
                    "期间 “{key}” 有两个权重",
                    "期間「{key}」有兩個權重",
                    "the period \"{key}\" has two weights"
                ),
            ));
        }
        if listed.is_some_and(|l| !l.contains(&k)) {
            return Err(JixiaoError::new(
                ErrorCode::UnknownKey,
                path,
                text!(
                    "期间 “{key}” 有权重，但不在 compose.periods 中",
                    "期間「{key}」有權重，但不在 compose.periods 中",
                    "the period \"{key}\" has a weight but is not in compose.periods"
                ),
            ));
        }
        if w.0.is_sign_negative() && !w.0.is_zero() {
            let shown = format_plain(w.0);
            return Err(JixiaoError::new(
                ErrorCode::InvalidSetting,
                path,
                text!(
                    "期间权重不能为负数（{shown}）",
                    "期間權重不能為負數（{shown}）",
                    "a period weight cannot be negative ({shown})"
                ),
            ));
        }
        keyed.push((k, w.0));
    }
    Ok(keyed)
}

/// The `MISSING_SETTING` of a composed period without a weight.
fn no_weight(text: &str) -> JixiaoError {
    JixiaoError::new(
        ErrorCode::MissingSetting,
        WEIGHTS_PATH,
        text!(
            "期间 “{text}” 没有权重（给出权重时，每个参与汇总的期间都要有）",
            "期間「{text}」沒有權重（給出權重時，每個參與彙總的期間都要有）",
            "the period \"{text}\" has no weight (with weights, every composed period needs one)"
        ),
    )
}

/// From categories: the composed periods in time order (lengths never mixed) and the
/// category weights in scheme order, which must sum to exactly 100.
fn category_weights(
    plan: &Plan,
    periods: &[PeriodSpec],
    given: Option<&IndexMap<String, Num>>,
    listed: Option<Vec<usize>>,
) -> Result<(Vec<usize>, Weights), JixiaoError> {
    if plan.categories.is_empty() {
        return Err(JixiaoError::new(
            ErrorCode::InvalidSetting,
            "compose/from",
            Text::new(
                "方案没有维度（categories），不能按维度汇总",
                "方案沒有維度（categories），不能按維度彙總",
                "the scheme has no categories to compose from",
            ),
        ));
    }
    let Some(given) = given else {
        return Err(JixiaoError::new(
            ErrorCode::MissingSetting,
            WEIGHTS_PATH,
            Text::new(
                "按维度汇总需要维度权重，如 { performance: 60, behavior: 20, ability: 20 }",
                "按維度彙總需要維度權重，如 { performance: 60, behavior: 20, ability: 20 }",
                "composing from categories needs category weights, e.g. { performance: 60, behavior: 20, ability: 20 }",
            ),
        ));
    };
    let cats = keyed_category_weights(plan, given)?;
    let mut composed = listed.unwrap_or_else(|| (0..periods.len()).collect());
    mixing_check(periods, &composed, "compose/periods")?;
    composed.sort_by(|a, b| time_order(periods, *a, *b));
    Ok((composed, Weights::Categories(cats)))
}

/// `compose.weights` of categories: scheme categories, each ≥ 0, summing to exactly 100;
/// returned in scheme order.
fn keyed_category_weights(plan: &Plan, given: &IndexMap<String, Num>) -> Result<Vec<(usize, Decimal)>, JixiaoError> {
    let mut cats: Vec<(usize, Decimal)> = Vec::with_capacity(given.len());
    let mut sum = Decimal::ZERO;
    for (key, w) in given {
        let path = format!("{WEIGHTS_PATH}/{}", escape_pointer(key));
        let Some(c) = plan.categories.iter().position(|(k, _)| k == key) else {
            let known: Vec<&str> = plan.categories.iter().map(|(k, _)| k.as_str()).collect();
            let known = known.join(", ");
            return Err(JixiaoError::new(
                ErrorCode::UnknownCategory,
                path,
                text!(
                    "方案没有维度 “{key}”（有：{known}）",
                    "方案沒有維度「{key}」（有：{known}）",
                    "the scheme has no category \"{key}\" (it has: {known})"
                ),
            ));
        };
        if w.0.is_sign_negative() && !w.0.is_zero() {
            let shown = format_plain(w.0);
            return Err(JixiaoError::new(
                ErrorCode::InvalidSetting,
                path,
                text!(
                    "维度权重不能为负数（{shown}）",
                    "維度權重不能為負數（{shown}）",
                    "a category weight cannot be negative ({shown})"
                ),
            ));
        }
        sum = checked_add(sum, w.0).map_err(|_| weights_overflow())?;
        cats.push((c, w.0));
    }
    if sum != Decimal::ONE_HUNDRED {
        let s = format_plain(sum);
        return Err(JixiaoError::new(
            ErrorCode::WeightsSum,
            WEIGHTS_PATH,
            text!(
                "维度权重之和为 {s}，必须恰好为 100",
                "維度權重之和為 {s}，必須恰好為 100",
                "the category weights sum to {s}; they must sum to exactly 100"
            ),
        ));
    }
    cats.sort_by_key(|(c, _)| *c);
    Ok(cats)
}

/// Time order of two listed periods (by first day, the coarser first).
fn time_order(periods: &[PeriodSpec], a: usize, b: usize) -> std::cmp::Ordering {
    match (periods.get(a), periods.get(b)) {
        (Some(x), Some(y)) => x.name.order(&y.name),
        _ => std::cmp::Ordering::Equal,
    }
}

/// Composing a month with its quarter without weights would count the month twice.
fn mixing_check(periods: &[PeriodSpec], composed: &[usize], path: &str) -> Result<(), JixiaoError> {
    let mut first: Option<&PeriodName> = None;
    for p in composed.iter().filter_map(|k| periods.get(*k)) {
        match first {
            None => first = Some(&p.name),
            Some(f) if f.grain != p.name.grain => {
                let (a, b) = (&f.text, &p.name.text);
                let (ga, gb) = (f.grain, p.name.grain);
                return Err(JixiaoError::new(
                    ErrorCode::InvalidSetting,
                    path,
                    Text::new(
                        format!(
                            "汇总混合了不同粒度的期间（“{a}” 是{}，“{b}” 是{}），会重复计算；请用 compose.periods 选定一种粒度，或给出各期间的权重",
                            ga.text(Locale::ZhCn),
                            gb.text(Locale::ZhCn)
                        ),
                        format!(
                            "彙總混合了不同粒度的期間（「{a}」是{}，「{b}」是{}），會重複計算；請用 compose.periods 選定一種粒度，或給出各期間的權重",
                            ga.text(Locale::ZhTw),
                            gb.text(Locale::ZhTw)
                        ),
                        format!(
                            "the composition mixes periods of different lengths (\"{a}\" is a {}, \"{b}\" a {}), which counts the same time twice; choose one kind with compose.periods, or give weights",
                            ga.text(Locale::En),
                            gb.text(Locale::En)
                        ),
                    ),
                ));
            }
            Some(_) => {}
        }
    }
    Ok(())
}

/// The composite's label (`compose.period`, else the calendar's, else the one calendar
/// year every composed period lies in) and whether labels need the year.
fn label_and_span(
    periods: &[PeriodSpec],
    composed: &[usize],
    given: Option<String>,
    calendar_label: Option<String>,
) -> (Option<String>, bool) {
    let first_year = composed
        .first()
        .and_then(|k| periods.get(*k))
        .map(|p| p.name.start.year);
    let one_year = composed
        .iter()
        .filter_map(|k| periods.get(*k))
        .all(|p| Some(p.name.start.year) == first_year && p.name.year == p.name.start.year);
    let label = given.or(calendar_label).or_else(|| {
        if one_year {
            first_year.map(|y| format!("{y:04}"))
        } else {
            None
        }
    });
    (label, !one_year)
}
