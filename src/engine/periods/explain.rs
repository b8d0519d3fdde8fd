//! The composite's explanation lines, in the output's locale: one per period or category,
//! the total line (`2025 年度 = 一季度 86.00 × 25% + … = 21.50 + … = 87.25`), the bound
//! that applied and the veto carried over.

use super::tr_colon;
use crate::engine::output::{Dec, Step};
use crate::i18n::tr;
use crate::i18n::Locale;
use crate::numbers::format_plain;
use rust_decimal::Decimal;

/// A step of the explanation with no inputs, rule or branch.
pub(super) fn step(kind: &'static str, key: Option<String>, value: Option<Decimal>, text: String) -> Step {
    Step {
        kind,
        key,
        inputs: Vec::new(),
        rule: None,
        branch: None,
        value: value.map(Dec),
        text,
    }
}

/// The composite's label in a line of explanation: `2025 年度` / `2025`.
fn composite_label(period: Option<&str>, locale: Locale) -> String {
    match period {
        Some(p) if !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()) => {
            tr!(locale, "{p} 年度", "{p} 年度", "{p}")
        }
        Some(p) => p.to_string(),
        None => tr!(locale, "综合得分", "綜合得分", "composite"),
    }
}

/// `2025 年度 = terms = parts = total` (the parts only when there are several).
pub(super) fn total_line(
    period: Option<&str>,
    locale: Locale,
    terms: &[String],
    shown: &[String],
    total: &str,
) -> String {
    let head = composite_label(period, locale);
    if shown.len() > 1 {
        format!("{head} = {} = {} = {total}", terms.join(" + "), shown.join(" + "))
    } else {
        format!("{head} = {} = {total}", terms.join(" + "))
    }
}

/// A weight in percent as explanations show it (four places at most).
pub(super) fn pct_text(pct: Option<Decimal>) -> String {
    pct.map(|p| format_plain(p.round_dp(4))).unwrap_or_default()
}

/// `一季度：86.00 × 权重 25% → 21.50 分`, noting a vetoed period or a missing row counted as 0.
pub(super) fn period_line(
    locale: Locale,
    label: &str,
    status: &str,
    total: &str,
    pct_text: &str,
    weighted: &str,
) -> String {
    let note = match status {
        "vetoed" => tr!(
            locale,
            "（该期一票否决）",
            "（該期一票否決）",
            " (vetoed in that period)"
        ),
        "missing_zero" => tr!(
            locale,
            "（无记录，按 0 分）",
            "（無記錄，按 0 分）",
            " (no row, counted as 0)"
        ),
        _ => String::new(),
    };
    tr!(
        locale,
        "{label}：{total}{note} × 权重 {pct_text}% → {weighted} 分",
        "{label}：{total}{note} × 權重 {pct_text}% → {weighted} 分",
        "{label}: {total}{note} × weight {pct_text}% → {weighted}"
    )
}

/// A period the person has no row in, left out (`missing: "renormalize"`).
pub(super) fn missing_period_line(locale: Locale, label: &str) -> String {
    tr!(
        locale,
        "{label}：无记录，不计入（其余期间的权重按比例放大）",
        "{label}：無記錄，不計入（其餘期間的權重按比例放大）",
        "{label}: no row, left out (the other periods' weights scaled up)"
    )
}

/// A category's mean over the periods: `业绩：（一季度 85.00 + 二季度 90.00）÷ 2 = 87.50`,
/// one period's score, or left out when no period scored it.
pub(super) fn category_mean_line(locale: Locale, name: &str, terms: &[String], n: usize, mean: Option<&str>) -> String {
    match mean {
        Some(mean) if n > 1 => {
            let terms = terms.join(" + ");
            tr!(
                locale,
                "{name}：（{terms}）÷ {n} = {mean}",
                "{name}：（{terms}）÷ {n} = {mean}",
                "{name}: ({terms}) ÷ {n} = {mean}"
            )
        }
        Some(_) => format!("{name}{}{}", tr_colon(locale), terms.join("")),
        None => tr!(
            locale,
            "{name}：各期间均无得分，不计入（其余维度的权重按比例放大）",
            "{name}：各期間均無得分，不計入（其餘維度的權重按比例放大）",
            "{name}: no score in any period, left out (the other categories' weights scaled up)"
        ),
    }
}

/// The clause a weighted category's line ends with: `；权重 60% → 52.50 分`.
pub(super) fn category_weight_clause(locale: Locale, pct_text: &str, weighted: &str) -> String {
    tr!(
        locale,
        "；权重 {pct_text}% → {weighted} 分",
        "；權重 {pct_text}% → {weighted} 分",
        "; weight {pct_text}% → {weighted}"
    )
}

/// The note of a total bounded by `totalMin` (`above: false`) or `totalMax`.
pub(super) fn bound_note(locale: Locale, above: bool, bound: Decimal) -> String {
    let b = format_plain(bound);
    if above {
        tr!(locale, "，不高于 {b}", "，不高於 {b}", ", not above {b}")
    } else {
        tr!(locale, "，不低于 {b}", "，不低於 {b}", ", not below {b}")
    }
}

/// `一票否决：二季度 数据违规 → 总分 0.00`.
pub(super) fn veto_line(locale: Locale, period: &str, veto: &str, total: &str) -> String {
    tr!(
        locale,
        "一票否决：{period} {veto} → 总分 {total}",
        "一票否決：{period} {veto} → 總分 {total}",
        "veto: {period} {veto} → total {total}"
    )
}
