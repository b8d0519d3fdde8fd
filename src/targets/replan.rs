//! Replanning mid-year (目标调整): closed parts keep their actuals, what remains of the
//! total goes to the open parts in proportion to their old targets; the gap, the status
//! and the new targets written with their explanation.

use crate::dates::Date;
use crate::error::{ErrorCode, JixiaoError};
use crate::i18n::text;
use crate::i18n::{Locale, Text};
use crate::numbers::exact::{add, exact_sub, exact_sum, overflow, sub};
use crate::numbers::{format_fixed, format_grouped, is_negative, split_largest_remainder, RoundingMode};
use crate::scheme::Num;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

use super::calendar::period_end;
use super::input::{duplicate_key, fail, localized, positive_unit, read_date, read_locale, unit_or_default};
use super::output::{places_of, DecomposeExplain};
use super::units::to_unit;

/// One part of a [`ReplanInput`]: its old target, what was achieved, and whether it is over.
///
/// ```
/// let p: jixiao::targets::ReplanPartInput = serde_json::from_str(r#"{"key":"2025-Q1","target":"100万","actual":"80万","closed":true}"#).unwrap();
/// assert_eq!(p.closed, Some(true));
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[cfg_attr(target_arch = "wasm32", tsify(missing_as_null))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ReplanPartInput {
    /// The part's key; a period key (`2025-Q1`, `2025-01`, `2025-W01`, `2025-01-W1`) lets
    /// `asOf` decide whether it is closed.
    pub key: String,
    /// The old target.
    pub target: Num,
    /// The actual so far (required for closed parts).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actual: Option<Num>,
    /// Whether the period is over; when absent, a period key that ends before `asOf` is closed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closed: Option<bool>,
}

/// The input of [`replan`] (目标调整).
///
/// ```
/// let i: jixiao::targets::ReplanInput = serde_json::from_str(r#"{"total":100,"parts":[{"key":"A","target":50}],"asOf":"2025-04-01"}"#).unwrap();
/// assert_eq!(i.as_of.as_deref(), Some("2025-04-01"));
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[cfg_attr(target_arch = "wasm32", tsify(missing_as_null))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ReplanInput {
    /// The total to reach over all parts.
    pub total: Num,
    /// The parts, in order.
    pub parts: Vec<ReplanPartInput>,
    /// The day of the replan: periods ending before it are closed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub as_of: Option<String>,
    /// Every new open target is a multiple of it (default 0.01).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<Num>,
    /// `zh-CN` (default), `zh-TW` or `en`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
}

/// Where the closed parts leave the plan.
///
/// ```
/// assert_eq!(serde_json::to_string(&jixiao::targets::ReplanStatus::Exceeded).unwrap(), "\"exceeded\"");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[cfg_attr(target_arch = "wasm32", tsify(missing_as_null))]
#[serde(rename_all = "snake_case")]
pub enum ReplanStatus {
    /// Closed actuals equal closed targets.
    OnTrack,
    /// Closed actuals fell short: open targets go up.
    Behind,
    /// Closed actuals beat their targets: open targets go down.
    Ahead,
    /// The closed actuals alone reach the total: every open target is 0.
    Exceeded,
}

/// One part of a [`Replan`].
///
/// ```
/// let out = jixiao::json::replan_json(r#"{"total":300,"unit":1,"parts":[{"key":"A","target":100,"actual":70,"closed":true},{"key":"B","target":100},{"key":"C","target":100}]}"#).unwrap();
/// let r: jixiao::targets::Replan = serde_json::from_str(&out).unwrap();
/// assert_eq!(r.parts[1].change, "15");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[cfg_attr(target_arch = "wasm32", tsify(missing_as_null))]
#[serde(rename_all = "camelCase")]
pub struct ReplanPart {
    /// The part's key.
    pub key: String,
    /// Whether it is closed.
    pub closed: bool,
    /// The old target.
    pub old_target: String,
    /// The actual, when given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actual: Option<String>,
    /// The new target: the actual for a closed part, a share of what remains for an open one.
    pub target: String,
    /// target − old target.
    pub change: String,
}

/// The result of [`replan`]: the gap so far and the new targets, which sum exactly to the
/// total (or, when the closed actuals already exceed it, to those actuals).
///
/// ```
/// let out = jixiao::json::replan_json(r#"{"total":100,"unit":1,"parts":[{"key":"A","target":50,"actual":120,"closed":true},{"key":"B","target":50}]}"#).unwrap();
/// let r: jixiao::targets::Replan = serde_json::from_str(&out).unwrap();
/// assert_eq!(r.status, jixiao::targets::ReplanStatus::Exceeded);
/// assert_eq!(r.parts[1].target, "0");
/// assert_eq!(r.remaining, "0");
/// assert_eq!(r.surplus, "20");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[cfg_attr(target_arch = "wasm32", tsify(missing_as_null))]
#[serde(rename_all = "camelCase")]
pub struct Replan {
    /// The total.
    pub total: String,
    /// Σ old targets of the closed parts.
    pub closed_target: String,
    /// Σ actuals of the closed parts.
    pub closed_actual: String,
    /// closed target − closed actual: positive when behind, negative when ahead.
    pub gap: String,
    /// total − closed actual, spread over the open parts (0 when exceeded).
    pub remaining: String,
    /// closed actual − total when it is above the total, else 0.
    pub surplus: String,
    /// On track, behind, ahead or exceeded.
    pub status: ReplanStatus,
    /// The parts, in order.
    pub parts: Vec<ReplanPart>,
    /// The explanation.
    pub explain: DecomposeExplain,
}

/// Replans targets mid-year (目标调整): closed parts keep their actuals; what
/// remains of the total after those actuals is spread over the open parts in proportion
/// to their old targets (equally when every open target is 0), each a multiple of `unit`
/// by largest remainder. Actuals of open parts are shown, not subtracted: an open
/// period's target still covers the whole period. When the closed actuals already reach
/// the total, the status is `exceeded`, every open target is 0 (never negative) and
/// `surplus` says by how much.
///
/// ```
/// let input: jixiao::targets::ReplanInput = serde_json::from_str(r#"{"total":300,"unit":1,"parts":[
///   {"key":"A","target":100,"actual":130,"closed":true},{"key":"B","target":100},{"key":"C","target":100}]}"#).unwrap();
/// let r = jixiao::replan(&input).unwrap();
/// assert_eq!(r.status, jixiao::targets::ReplanStatus::Ahead);
/// assert_eq!(r.gap, "-30");
/// assert_eq!((r.parts[1].target.as_str(), r.parts[2].target.as_str()), ("85", "85"));
/// ```
pub fn replan(input: &ReplanInput) -> Result<Replan, JixiaoError> {
    let locale = read_locale(input.locale.as_deref())?;
    localized(run_replan(input, locale), locale)
}

fn run_replan(input: &ReplanInput, locale: Locale) -> Result<Replan, JixiaoError> {
    let unit = checked_unit(input)?;
    let as_of = input
        .as_of
        .as_deref()
        .map(|t| read_date(t, "/asOf".to_string()))
        .transpose()?;
    let closed = closed_parts(input, as_of)?;
    let totals = Totals::of(input, &closed)?;
    let (targets, residual_to) = new_targets(input, &closed, totals.remaining, unit)?;
    let plan = Plan {
        input,
        unit,
        closed,
        totals,
        targets,
        residual_to,
    };
    written(&plan, locale)
}

/// The unit, after checking there are parts and the total is not negative.
fn checked_unit(input: &ReplanInput) -> Result<Decimal, JixiaoError> {
    if input.parts.is_empty() {
        return Err(fail(
            ErrorCode::InvalidInput,
            "/parts",
            Text::new("没有可调整的部分", "沒有可調整的部分", "there are no parts to replan"),
        ));
    }
    let total = input.total.0;
    if is_negative(total) {
        return Err(fail(
            ErrorCode::InvalidSetting,
            "/total",
            text!(
                "总额不能为负数：{total}",
                "總額不能為負數：{total}",
                "the total must not be negative: {total}"
            ),
        ));
    }
    positive_unit(unit_or_default(input.unit))
}

/// Whether each part is closed (keys unique, targets not negative, an actual for each
/// closed part).
fn closed_parts(input: &ReplanInput, as_of: Option<Date>) -> Result<Vec<bool>, JixiaoError> {
    let mut seen = BTreeSet::new();
    let mut closed = Vec::with_capacity(input.parts.len());
    for (i, p) in input.parts.iter().enumerate() {
        if !seen.insert(p.key.as_str()) {
            return Err(duplicate_key(i, &p.key));
        }
        if is_negative(p.target.0) {
            return Err(fail(
                ErrorCode::InvalidSetting,
                format!("/parts/{i}/target"),
                Text::new("目标不能为负数", "目標不能為負數", "a target must not be negative"),
            ));
        }
        let is_closed = is_closed(i, p, as_of)?;
        if is_closed && p.actual.is_none() {
            let k = &p.key;
            return Err(fail(
                ErrorCode::MissingSetting,
                format!("/parts/{i}/actual"),
                text!(
                    "已结束的部分 {k} 缺少实际值",
                    "已結束的部分 {k} 缺少實際值",
                    "closed part {k} has no actual",
                ),
            ));
        }
        closed.push(is_closed);
    }
    Ok(closed)
}

/// Part `i` is closed when it says so or, without `closed`, when its period key ends
/// before `as_of`.
fn is_closed(i: usize, p: &ReplanPartInput, as_of: Option<Date>) -> Result<bool, JixiaoError> {
    match (p.closed, as_of) {
        (Some(c), _) => Ok(c),
        (None, None) => Ok(false),
        (None, Some(day)) => {
            let end = period_end(&p.key).ok_or_else(|| {
                let k: String = p.key.chars().take(40).collect();
                fail(
                    ErrorCode::InvalidDate,
                    format!("/parts/{i}/key"),
                    text!(
                        "无法从键 {k} 判断期间是否结束：请给出 closed",
                        "無法從鍵 {k} 判斷期間是否結束：請給出 closed",
                        "cannot tell from the key {k} whether the period is over: give closed",
                    ),
                )
            })?;
            Ok(end < day)
        }
    }
}

/// Where the closed parts leave the total.
struct Totals {
    total: Decimal,
    closed_target: Decimal,
    closed_actual: Decimal,
    gap: Decimal,
    remaining: Decimal,
    surplus: Decimal,
    exceeded: bool,
}

/// A sum or difference of the total and the closed parts, or `INVALID_SETTING` when it needs
/// more than 28 significant digits: rounded, the new targets would not sum to the total
/// (DESIGN.md, "Numbers").
fn exactly(value: Option<Decimal>, total: Decimal) -> Result<Decimal, JixiaoError> {
    value.ok_or_else(|| {
        fail(
            ErrorCode::InvalidSetting,
            "/parts",
            text!(
                "已结束部分的目标或实际与总额 {total} 相加减超出 28 位有效数字，无法精确调整：请减少它们的小数位",
                "已結束部分的目標或實際與總額 {total} 相加減超出 28 位有效數字，無法精確調整：請減少它們的小數位",
                "the closed parts' targets or actuals and the total {total} need more than 28 significant digits to add up exactly: give them fewer decimal places",
            ),
        )
    })
}

impl Totals {
    fn of(input: &ReplanInput, closed: &[bool]) -> Result<Totals, JixiaoError> {
        let total = input.total.0;
        let closed_parts = || input.parts.iter().zip(closed).filter(|(_, c)| **c).map(|(p, _)| p);
        let closed_target = exactly(exact_sum(closed_parts().map(|p| p.target.0)), total)?;
        let closed_actual = exactly(
            exact_sum(closed_parts().map(|p| p.actual.map(|a| a.0).unwrap_or_default())),
            total,
        )?;
        let gap = exactly(exact_sub(closed_target, closed_actual), total)?;
        let left = exactly(exact_sub(total, closed_actual), total)?;
        let exceeded = left < Decimal::ZERO || (left.is_zero() && closed_actual > Decimal::ZERO);
        let remaining = if left < Decimal::ZERO { Decimal::ZERO } else { left };
        let surplus = if left < Decimal::ZERO {
            sub(Decimal::ZERO, left)?
        } else {
            Decimal::ZERO
        };
        Ok(Totals {
            total,
            closed_target,
            closed_actual,
            gap,
            remaining,
            surplus,
            exceeded,
        })
    }

    fn status(&self) -> ReplanStatus {
        if self.exceeded {
            ReplanStatus::Exceeded
        } else if self.gap > Decimal::ZERO {
            ReplanStatus::Behind
        } else if self.gap < Decimal::ZERO {
            ReplanStatus::Ahead
        } else {
            ReplanStatus::OnTrack
        }
    }
}

/// The new targets: a closed part's actual; `remaining` split over the open parts by
/// their old targets (equally when all are 0) in multiples of `unit`, the remainder below
/// one unit to the largest (ties: the earlier), which is also given. With every part
/// closed there is nothing left to plan (reported as behind).
fn new_targets(
    input: &ReplanInput,
    closed: &[bool],
    remaining: Decimal,
    unit: Decimal,
) -> Result<(Vec<Decimal>, Option<usize>), JixiaoError> {
    let parts = &input.parts;
    let mut targets: Vec<Decimal> = parts
        .iter()
        .zip(closed)
        .map(|(p, c)| match c {
            true => p.actual.map(|a| a.0).unwrap_or_default(),
            false => Decimal::ZERO,
        })
        .collect();
    let open: Vec<usize> = (0..parts.len())
        .filter(|i| !closed.get(*i).copied().unwrap_or(false))
        .collect();
    if open.is_empty() || remaining.is_zero() {
        return Ok((targets, None));
    }
    let mut ws: Vec<Decimal> = open
        .iter()
        .map(|i| parts.get(*i).map(|p| p.target.0).unwrap_or_default())
        .collect();
    if ws.iter().all(Decimal::is_zero) {
        ws = vec![Decimal::ONE; open.len()];
    }
    let whole = to_unit(remaining, unit, false)?;
    let residual = sub(remaining, whole)?;
    let split = if whole.is_zero() {
        vec![Decimal::ZERO; open.len()]
    } else {
        split_largest_remainder(whole, &ws, unit).map_err(overflow)?
    };
    let mut best: Option<usize> = None;
    for (j, (i, v)) in open.iter().zip(split).enumerate() {
        if let Some(t) = targets.get_mut(*i) {
            *t = v;
        }
        if best.is_none_or(|b| targets.get(*i) > open.get(b).and_then(|bi| targets.get(*bi))) {
            best = Some(j);
        }
    }
    let mut residual_to = None;
    if !residual.is_zero() {
        if let Some(i) = best.and_then(|b| open.get(b)).copied() {
            if let Some(t) = targets.get_mut(i) {
                *t = add(*t, residual)?;
            }
            residual_to = Some(i);
        }
    }
    Ok((targets, residual_to))
}

/// A replan worked out, before it is written.
struct Plan<'a> {
    input: &'a ReplanInput,
    unit: Decimal,
    closed: Vec<bool>,
    totals: Totals,
    targets: Vec<Decimal>,
    residual_to: Option<usize>,
}

impl Plan<'_> {
    fn is_closed(&self, i: usize) -> bool {
        self.closed.get(i).copied().unwrap_or(false)
    }
}

/// The replan written at the places its figures need, with its explanation in `locale`.
fn written(plan: &Plan, locale: Locale) -> Result<Replan, JixiaoError> {
    let (parts, t) = (&plan.input.parts, &plan.totals);
    let places = places_of(
        parts
            .iter()
            .flat_map(|p| [Some(p.target.0), p.actual.map(|a| a.0)])
            .flatten()
            .chain(plan.targets.iter().copied()),
        plan.unit,
        t.total,
    );
    let fmt = |v: Decimal| format_fixed(v, places, RoundingMode::HalfUp);
    let g = |v: Decimal| format_grouped(v, places, RoundingMode::HalfUp);
    let mut lines: Vec<String> = summary_lines(plan, &g)
        .iter()
        .map(|t| t.get(locale).to_string())
        .collect();
    let mut out_parts = Vec::with_capacity(parts.len());
    for (i, p) in parts.iter().enumerate() {
        let target = plan.targets.get(i).copied().unwrap_or_default();
        let change = sub(target, p.target.0)?;
        let (k, ot, nt, ch) = (&p.key, g(p.target.0), g(target), g(change));
        let line = if plan.is_closed(i) {
            text!(
                "{k}：已结束，目标 {ot} → 实际 {nt}",
                "{k}：已結束，目標 {ot} → 實際 {nt}",
                "{k}: closed, target {ot} → actual {nt}",
            )
        } else {
            text!(
                "{k}：目标 {ot} → {nt}（{ch}）",
                "{k}：目標 {ot} → {nt}（{ch}）",
                "{k}: target {ot} → {nt} ({ch})",
            )
        };
        lines.push(line.get(locale).to_string());
        out_parts.push(ReplanPart {
            key: p.key.clone(),
            closed: plan.is_closed(i),
            old_target: fmt(p.target.0),
            actual: p.actual.map(|a| fmt(a.0)),
            target: fmt(target),
            change: fmt(change),
        });
    }
    Ok(Replan {
        total: fmt(t.total),
        closed_target: fmt(t.closed_target),
        closed_actual: fmt(t.closed_actual),
        gap: fmt(t.gap),
        remaining: fmt(t.remaining),
        surplus: fmt(t.surplus),
        status: t.status(),
        parts: out_parts,
        explain: DecomposeExplain { lines },
    })
}

/// The totals and the gap, how what remains is spread (or that it is exceeded), and who
/// got the remainder below one unit.
fn summary_lines(plan: &Plan, g: &dyn Fn(Decimal) -> String) -> Vec<Text> {
    let (t, unit) = (&plan.totals, plan.unit);
    let (tt, ct, ca, gp, rm) = (
        g(t.total),
        g(t.closed_target),
        g(t.closed_actual),
        g(t.gap),
        g(t.remaining),
    );
    let n = plan.input.parts.len();
    let no = plan.closed.iter().filter(|c| !**c).count();
    let nc = n.saturating_sub(no);
    let mut lines = vec![text!(
        "目标总额 {tt}；已结束 {nc} 个部分：目标 {ct}，实际 {ca}，差距 {gp}",
        "目標總額 {tt}；已結束 {nc} 個部分：目標 {ct}，實際 {ca}，差距 {gp}",
        "Total {tt}; {nc} closed parts: target {ct}, actual {ca}, gap {gp}",
    )];
    if t.exceeded {
        let sp = g(t.surplus);
        lines.push(text!(
            "已完成 {ca}，超出总额 {sp}：{no} 个未结束部分的目标为 0",
            "已完成 {ca}，超出總額 {sp}：{no} 個未結束部分的目標為 0",
            "Already {ca}, {sp} above the total: the {no} open parts' targets are 0",
        ));
    } else {
        lines.push(text!(
            "剩余 {rm} 按原目标比例分给 {no} 个未结束部分（取 {unit} 的整数倍，余数按最大余数）",
            "剩餘 {rm} 按原目標比例分給 {no} 個未結束部分（取 {unit} 的整數倍，餘數按最大餘數）",
            "The remaining {rm} goes to the {no} open parts in proportion to their old targets (multiples of {unit}, leftover units by largest remainder)",
        ));
    }
    if let Some(i) = plan.residual_to {
        let k = plan.input.parts.get(i).map(|p| p.key.as_str()).unwrap_or_default();
        lines.push(text!(
            "不足一个单位的余数给最大的部分 {k}",
            "不足一個單位的餘數給最大的部分 {k}",
            "The remainder below one unit goes to the largest part, {k}",
        ));
    }
    lines
}
