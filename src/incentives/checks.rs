//! The plan checks of a tier table, run once per plan (a standalone call, a scheme's
//! validation): what makes a table unusable (errors) and what is legal but surprising
//! (warnings a UI can filter by code).

use super::commission::TierTable;
use super::figures::{amount_text, exact_money, from_text, pct};
use crate::error::{ErrorCode, JixiaoError};
use crate::i18n::text;
use crate::i18n::Text;
use crate::numbers::is_negative;
use crate::scheme::{CommissionMode, On};
use rust_decimal::Decimal;

/// Checks a commission plan: errors for no tiers, `from` not strictly increasing
/// (`ORDER` at `{path}/tiers/{i}/from`), a negative cap, and an achievement `from` below 0;
/// warnings for a rate lower than the tier before (`DECREASING_RATE`) and, in whole mode,
/// for the jump each boundary makes (`TIER_CLIFF`: from × (rate − the rate before), or
/// that share of the target with `on: "achievement"`); tiers on another figure
/// (`on: { "field": … }`) in marginal mode are an `INVALID_SETTING` at `{path}/on`.
///
/// ```
/// use jixiao::{incentives::check_tier_table, ErrorCode, Severity, incentives::TierTable};
/// let t: TierTable = serde_json::from_str(r#"{"mode":"whole",
///   "tiers":[{"from":0,"rate":"0.02"},{"from":500000,"rate":"0.03"},{"from":400000,"rate":"0.01"}]}"#).unwrap();
/// let issues = check_tier_table(&t, "/incentives/0");
/// let codes: Vec<_> = issues.iter().map(|e| (e.code.as_str(), e.path.as_str(), e.severity)).collect();
/// assert!(codes.contains(&("ORDER", "/incentives/0/tiers/2/from", Severity::Error)));
/// assert!(codes.contains(&("TIER_CLIFF", "/incentives/0/tiers/1", Severity::Warning)));
/// assert!(codes.contains(&("DECREASING_RATE", "/incentives/0/tiers/2/rate", Severity::Warning)));
/// let cliff = issues.iter().find(|e| e.code == ErrorCode::TierCliff).unwrap();
/// assert!(cliff.messages.en.contains("one more unit of base at 500,000 adds 5,000.00"));
/// ```
pub fn check_tier_table(t: &TierTable, path: &str) -> Vec<JixiaoError> {
    let mut out = Vec::new();
    if t.tiers.is_empty() {
        out.push(JixiaoError::new(
            ErrorCode::MissingSetting,
            format!("{path}/tiers"),
            Text::new("提成方案没有档位", "提成方案沒有檔位", "the plan has no tiers"),
        ));
    }
    if t.on.basis() == On::Achievement {
        out.extend(negative_achievement_starts(t, path));
    }
    out.extend(order_and_rates(t, path));
    if let Some(c) = t.cap.map(|c| c.0).filter(|c| is_negative(*c)) {
        out.push(JixiaoError::new(
            ErrorCode::InvalidSetting,
            format!("{path}/cap"),
            text!(
                "封顶金额不能为负数：{c}",
                "封頂金額不能為負數：{c}",
                "the cap must not be negative: {c}"
            ),
        ));
    }
    match (t.on.figure_name(), t.mode) {
        (None, CommissionMode::Whole) => out.extend(cliffs(t, path)),
        (Some(name), CommissionMode::Marginal) => out.push(marginal_on_figure(name, path)),
        _ => {}
    }
    out
}

/// Tiers on another figure choose one rate for the whole base: marginal slices of the
/// base cannot be read on it (`INVALID_SETTING` at the plan's `on`).
fn marginal_on_figure(name: &str, path: &str) -> JixiaoError {
    JixiaoError::new(
        ErrorCode::InvalidSetting,
        format!("{path}/on"),
        text!(
            "按 “{name}” 分档只能用全额累进（mode: whole）：超额累进按基数分段，不能按另一个数分段",
            "按「{name}」分檔只能用全額累進（mode: whole）：超額累進按基數分段，不能按另一個數分段",
            "tiers on \"{name}\" need mode \"whole\": marginal mode slices the base itself, not another figure",
        ),
    )
}

/// An achievement tier starting below 0 (an error at its `from`).
fn negative_achievement_starts<'t>(t: &'t TierTable, path: &'t str) -> impl Iterator<Item = JixiaoError> + 't {
    t.tiers
        .iter()
        .enumerate()
        .filter(|(_, tier)| is_negative(tier.from.0))
        .map(move |(i, tier)| {
            let f = pct(tier.from.0);
            JixiaoError::new(
                ErrorCode::InvalidSetting,
                format!("{path}/tiers/{i}/from"),
                text!(
                    "达成率档位的起点不能小于 0：{f}",
                    "達成率檔位的起點不能小於 0：{f}",
                    "an achievement tier cannot start below 0: {f}",
                ),
            )
        })
}

/// Each tier against the one before: a start not above it is `ORDER` (an error), a lower
/// rate is `DECREASING_RATE` (a warning), in tier order.
fn order_and_rates(t: &TierTable, path: &str) -> Vec<JixiaoError> {
    let mut out = Vec::new();
    for (i, (prev, cur)) in t.tiers.iter().zip(t.tiers.iter().skip(1)).enumerate() {
        let i = i.saturating_add(1);
        let (f, pf) = (
            from_text(t.on.basis(), cur.from.0),
            from_text(t.on.basis(), prev.from.0),
        );
        if cur.from.0 <= prev.from.0 {
            out.push(JixiaoError::new(
                ErrorCode::Order,
                format!("{path}/tiers/{i}/from"),
                text!(
                    "档位起点必须严格递增：{f} 不大于上一档的 {pf}",
                    "檔位起點必須嚴格遞增：{f} 不大於上一檔的 {pf}",
                    "tiers must start in strictly increasing order: {f} does not exceed the tier before ({pf})",
                ),
            ));
        }
        if cur.rate.0 < prev.rate.0 {
            let (r, pr) = (pct(cur.rate.0), pct(prev.rate.0));
            out.push(JixiaoError::warning(
                ErrorCode::DecreasingRate,
                format!("{path}/tiers/{i}/rate"),
                text!(
                    "从 {f} 起的费率 {r} 低于上一档（{pr}）：基数越高，费率反而越低",
                    "從 {f} 起的費率 {r} 低於上一檔（{pr}）：基數越高，費率反而越低",
                    "the rate {r} from {f} is lower than the tier before ({pr}): a higher base earns a lower rate",
                ),
            ));
        }
    }
    out
}

/// The `TIER_CLIFF` warnings of a whole-mode table, one per boundary above 0 where the rate
/// changes (the first tier counts, from no rate to its own).
fn cliffs(t: &TierTable, path: &str) -> Vec<JixiaoError> {
    let mut out = Vec::new();
    let mut before = Decimal::ZERO;
    for (i, tier) in t.tiers.iter().enumerate() {
        let rate = tier.rate.0;
        if let Some(w) = cliff_warning(t.on.basis(), tier.from.0, before, rate, &format!("{path}/tiers/{i}")) {
            out.push(w);
        }
        before = rate;
    }
    out
}

/// The `TIER_CLIFF` warning for a whole-mode boundary at `from` where the rate goes from
/// `before` to `rate`; none when the boundary is not above 0 or the rate does not change.
fn cliff_warning(on: On, from: Decimal, before: Decimal, rate: Decimal, path: &str) -> Option<JixiaoError> {
    if from <= Decimal::ZERO {
        return None;
    }
    let delta = rate.checked_sub(before)?;
    if delta.is_zero() {
        return None;
    }
    let up = delta > Decimal::ZERO;
    let (r, b) = (pct(rate), pct(before));
    let jump = from.checked_mul(delta)?.abs();
    let msg = match on {
        On::Value => value_cliff(amount_text(from), exact_money(jump), up, &r, &b),
        On::Achievement => achievement_cliff(pct(from), pct(jump), up, &r, &b),
    };
    Some(JixiaoError::warning(ErrorCode::TierCliff, path, msg))
}

/// A value boundary's cliff: one more unit of base at `f` adds (or takes) `jump`.
fn value_cliff(f: String, jump: String, up: bool, r: &str, b: &str) -> Text {
    if up {
        text!(
            "全额累进：基数到 {f} 时多一个单位，提成就跳增 {jump}（{f} × ({r} − {b})），存在断崖",
            "全額累進：基數到 {f} 時多一個單位，提成就跳增 {jump}（{f} × ({r} − {b})），存在斷崖",
            "whole mode: one more unit of base at {f} adds {jump} ({f} × ({r} − {b})): a cliff",
        )
    } else {
        text!(
            "全额累进：基数到 {f} 时多一个单位，提成反而减少 {jump}（{f} × ({r} − {b})）",
            "全額累進：基數到 {f} 時多一個單位，提成反而減少 {jump}（{f} × ({r} − {b})）",
            "whole mode: one more unit of base at {f} lowers the payout by {jump} ({f} × ({r} − {b}))",
        )
    }
}

/// An achievement boundary's cliff: reaching `f` adds (or takes) `share` of the target.
fn achievement_cliff(f: String, share: String, up: bool, r: &str, b: &str) -> Text {
    if up {
        text!(
            "全额累进：达成率到 {f} 时提成跳增目标的 {share}（目标 × {f} × ({r} − {b})），存在断崖",
            "全額累進：達成率到 {f} 時提成跳增目標的 {share}（目標 × {f} × ({r} − {b})），存在斷崖",
            "whole mode: reaching an achievement of {f} adds {share} of the target at once \
             (target × {f} × ({r} − {b})): a cliff",
        )
    } else {
        text!(
            "全额累进：达成率到 {f} 时提成反而减少目标的 {share}（目标 × {f} × ({r} − {b})）",
            "全額累進：達成率到 {f} 時提成反而減少目標的 {share}（目標 × {f} × ({r} − {b})）",
            "whole mode: reaching an achievement of {f} lowers the payout by {share} of the target \
             (target × {f} × ({r} − {b}))",
        )
    }
}
