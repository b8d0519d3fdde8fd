//! The explanation lines of a commission and of an allocation, in one locale: every step
//! written with its figures so the lines add up with a calculator (DESIGN.md, "Rounding:
//! what is shown adds up").

use super::allocate::Allocation;
use super::commission::{CommissionBreakdown, Slice, TierTable};
use super::figures::{amount_text, money_text, pct};
use crate::i18n::{tr, Locale};
use crate::numbers::{format_percent, format_plain, RoundingMode};
use crate::scheme::{CommissionMode, On};
use rust_decimal::Decimal;

/// The steps of a commission as lines of text in `locale`: for achievement tiers the
/// achievement and the boundaries; the slices with their pays and the total (marginal),
/// or the tier reached and the whole base × its rate (whole); a clawback for a negative
/// base; nothing-paid below the first tier; the cap.
///
/// ```
/// use jixiao::{incentives::compute_commission, incentives::explain_commission, Locale, numbers::RoundingMode, incentives::TierTable};
/// let t: TierTable = serde_json::from_str(r#"{"tiers":[{"from":0,"rate":"0.02"},
///   {"from":500000,"rate":"0.03"},{"from":1000000,"rate":"0.05"}]}"#).unwrap();
/// let b = compute_commission(&t, "1250000".parse().unwrap(), None, 2, RoundingMode::HalfUp).unwrap();
/// assert_eq!(explain_commission(&b, &t, Locale::ZhCn, 2), vec![
///     "0–500,000 × 2% = 10,000.00；500,000–1,000,000 × 3% = 15,000.00；1,000,000–1,250,000 × 5% = 12,500.00；合计 37,500.00"]);
/// ```
pub fn explain_commission(b: &CommissionBreakdown, t: &TierTable, locale: Locale, money_places: u32) -> Vec<String> {
    let c = CommissionLines {
        b,
        t,
        locale,
        places: money_places,
        base: amount_text(b.base),
    };
    let mut lines: Vec<String> = c.achievement().into_iter().collect();
    if b.negative_base && b.figure.is_none() {
        lines.push(c.clawback());
        return lines;
    }
    match (t.on.figure_name().zip(b.figure), b.slices.first(), b.mode) {
        (Some((name, x)), _, _) => lines.push(c.on_figure(name, x)),
        (None, None, _) => lines.push(c.nothing_paid()),
        (None, Some(_), CommissionMode::Marginal) => lines.extend(c.marginal()),
        (None, Some(s), CommissionMode::Whole) => lines.push(c.whole(s)),
    }
    if b.capped {
        lines.push(c.cap());
    }
    lines
}

/// One commission being explained: the breakdown, its plan and how figures are written.
struct CommissionLines<'a> {
    b: &'a CommissionBreakdown,
    t: &'a TierTable,
    locale: Locale,
    places: u32,
    /// The base as written.
    base: String,
}

impl CommissionLines<'_> {
    fn money(&self, v: Decimal) -> String {
        money_text(v, self.places)
    }

    /// A tier's label in brackets, or nothing when it has none.
    fn label(&self, tier: usize) -> String {
        match self.t.tiers.get(tier).and_then(|x| x.label.as_deref()) {
            Some(l) if !l.is_empty() => match self.locale {
                Locale::En => format!(" ({l})"),
                _ => format!("（{l}）"),
            },
            _ => String::new(),
        }
    }

    /// Achievement tiers with a positive target: the achievement and each boundary.
    fn achievement(&self) -> Option<String> {
        if self.t.on.basis() != On::Achievement {
            return None;
        }
        let target = self.b.target.filter(|v| *v > Decimal::ZERO)?;
        let base = &self.base;
        let ach = self
            .b
            .base
            .checked_div(target)
            .map(|a| format_percent(a, 2, RoundingMode::HalfUp))
            .unwrap_or_default();
        let tg = amount_text(target);
        let edges = self
            .t
            .tiers
            .iter()
            .zip(&self.b.boundaries)
            .map(|(x, e)| format!("{} → {}", pct(x.from.0), amount_text(*e)))
            .collect::<Vec<_>>();
        let (cn, en) = (edges.join("、"), edges.join(", "));
        Some(tr!(
            self.locale,
            "按达成率分档：达成率 {ach} = {base} ÷ 目标 {tg}；档位边界 = 目标 × 起点（{cn}）",
            "按達成率分檔：達成率 {ach} = {base} ÷ 目標 {tg}；檔位邊界 = 目標 × 起點（{cn}）",
            "tiers on achievement: achievement {ach} = {base} ÷ target {tg}; boundaries = target × start ({en})",
        ))
    }

    /// A negative base: clawed back at the rate of the tier containing 0, or not at all.
    fn clawback(&self) -> String {
        let base = &self.base;
        match (self.b.slices.first(), self.b.rate) {
            (Some(s), Some(r)) => {
                let (rt, pay) = (pct(r), self.money(s.pay));
                tr!(
                    self.locale,
                    "基数为负 {base}（退款或红冲）：按含 0 的档位费率 {rt} 追回，{base} × {rt} = {pay}",
                    "基數為負 {base}（退款或紅沖）：按含 0 的檔位費率 {rt} 追回，{base} × {rt} = {pay}",
                    "negative base {base} (refunds or credit notes): clawed back at the rate of the tier \
                     containing 0, {base} × {rt} = {pay}",
                )
            }
            _ => {
                let zero = self.money(self.b.amount);
                tr!(
                    self.locale,
                    "基数为负 {base}（退款或红冲）：没有档位包含 0，不追回，提成 {zero}",
                    "基數為負 {base}（退款或紅沖）：沒有檔位包含 0，不追回，提成 {zero}",
                    "negative base {base} (refunds or credit notes): no tier contains 0, nothing is clawed \
                     back: {zero}",
                )
            }
        }
    }

    /// No slice: the base is below the first tier (or 0).
    fn nothing_paid(&self) -> String {
        let (base, zero) = (&self.base, self.money(self.b.amount));
        match self.b.boundaries.first().filter(|f| **f > self.b.base) {
            Some(f) => {
                let f = amount_text(*f);
                tr!(
                    self.locale,
                    "基数 {base} 未达首档起点 {f}，提成 {zero}",
                    "基數 {base} 未達首檔起點 {f}，提成 {zero}",
                    "the base {base} is below the first tier's start {f}: {zero}",
                )
            }
            None => tr!(
                self.locale,
                "基数 {base}，提成 {zero}",
                "基數 {base}，提成 {zero}",
                "base {base}: {zero}",
            ),
        }
    }

    /// Marginal mode: what earns nothing below the first tier, then every slice and the total.
    fn marginal(&self) -> Vec<String> {
        let mut lines = Vec::new();
        if let Some(f) = self.b.boundaries.first().filter(|f| **f > Decimal::ZERO) {
            let f = amount_text(*f);
            lines.push(tr!(
                self.locale,
                "低于首档起点 {f} 的部分不计提成",
                "低於首檔起點 {f} 的部分不計提成",
                "the part below the first tier's start {f} earns nothing",
            ));
        }
        let mut parts: Vec<String> = self.b.slices.iter().map(|s| self.slice(s)).collect();
        let total = self.money(self.b.uncapped);
        parts.push(tr!(self.locale, "合计 {total}", "合計 {total}", "total {total}"));
        let sep = match self.locale {
            Locale::En => "; ",
            _ => "；",
        };
        lines.push(parts.join(sep));
        lines
    }

    /// One marginal slice: `500,000–1,000,000 × 3% = 15,000.00`.
    fn slice(&self, s: &Slice) -> String {
        let top = s.from.checked_add(s.amount_in_slice).unwrap_or(self.b.base);
        format!(
            "{}–{} × {}{} = {}",
            amount_text(s.from),
            amount_text(top),
            pct(s.rate),
            self.label(s.tier),
            self.money(s.pay)
        )
    }

    /// Tiers on another figure: the tier the figure falls in and the whole base at its
    /// rate, or nothing below the first tier.
    fn on_figure(&self, name: &str, x: Decimal) -> String {
        let (base, fx) = (&self.base, amount_text(x));
        let Some(s) = self.b.slices.first() else {
            let first = self.t.tiers.first().map(|t| amount_text(t.from.0)).unwrap_or_default();
            return tr!(
                self.locale,
                "按 “{name}” 分档：{name} = {fx}，低于第一档起点 {first}，不发提成",
                "按「{name}」分檔：{name} = {fx}，低於第一檔起點 {first}，不發提成",
                "tiers on \"{name}\": {name} = {fx} is below the first tier ({first}), so nothing is paid",
            );
        };
        let start = self
            .t
            .tiers
            .get(s.tier)
            .map(|t| amount_text(t.from.0))
            .unwrap_or_default();
        let (rt, lb, pay) = (pct(s.rate), self.label(s.tier), self.money(s.pay));
        tr!(
            self.locale,
            "按 “{name}” 分档：{name} = {fx}，落在 {start} 起的档位{lb}，全额 {base} × {rt} = {pay}",
            "按「{name}」分檔：{name} = {fx}，落在 {start} 起的檔位{lb}，全額 {base} × {rt} = {pay}",
            "tiers on \"{name}\": {name} = {fx} falls in the tier from {start}{lb}, so all of the base pays: {base} × {rt} = {pay}",
        )
    }

    /// Whole mode: the tier the base reaches and the whole base at its rate.
    fn whole(&self, s: &Slice) -> String {
        let edge = self.b.boundaries.get(s.tier).copied().unwrap_or_default();
        let start = match self.t.on.basis() {
            On::Value => amount_text(edge),
            On::Achievement => {
                let f = self.t.tiers.get(s.tier).map(|x| pct(x.from.0)).unwrap_or_default();
                format!("{} ({f})", amount_text(edge))
            }
        };
        let (base, rt, lb, pay) = (&self.base, pct(s.rate), self.label(s.tier), self.money(s.pay));
        tr!(
            self.locale,
            "全额累进：{base} 达到 {start} 起的档位{lb}，全额 {base} × {rt} = {pay}",
            "全額累進：{base} 達到 {start} 起的檔位{lb}，全額 {base} × {rt} = {pay}",
            "whole mode: {base} reaches the tier from {start}{lb}, so all of it pays: {base} × {rt} = {pay}",
        )
    }

    /// The cap cut the amount.
    fn cap(&self) -> String {
        let (c, u) = (self.money(self.b.amount), self.money(self.b.uncapped));
        tr!(
            self.locale,
            "封顶 {c}：提成 {u} → {c}",
            "封頂 {c}：提成 {u} → {c}",
            "capped at {c}: {u} → {c}",
        )
    }
}

/// The steps of an allocation as lines of text in `locale`: the rule, each person's
/// weight, share and part (and cap), the re-spread, what stayed unallocated, the total.
/// Money is written at `places` places.
///
/// ```
/// use rust_decimal::Decimal;
/// use jixiao::{incentives::allocate, incentives::explain_allocation, Locale};
/// let w = [Decimal::ONE, Decimal::ONE, Decimal::ONE];
/// let amount = Decimal::from(100);
/// let a = allocate(amount, &w, &[], "0.01".parse().unwrap()).unwrap();
/// let lines = explain_allocation(&a, amount, &w, Locale::En, 2);
/// assert_eq!(lines[1], "#1: weight 1 (33.33%) → 33.34");
/// assert_eq!(lines.last().unwrap(), "total 100.00");
/// ```
pub fn explain_allocation(
    a: &Allocation,
    amount: Decimal,
    weights: &[Decimal],
    locale: Locale,
    places: u32,
) -> Vec<String> {
    let money = |v: Decimal| money_text(v, places);
    let total_weight = weights.iter().try_fold(Decimal::ZERO, |s, w| s.checked_add(*w));
    let (am, u, n) = (money(amount), format_plain(a.unit), weights.len());
    let tw = total_weight.map(format_plain).unwrap_or_default();
    let mut lines = vec![tr!(
        locale,
        "分配 {am}：按权重（合计 {tw}）分给 {n} 人，每份为 {u} 的整数倍，尾差按最大余数（并列取靠前者）",
        "分配 {am}：按權重（合計 {tw}）分給 {n} 人，每份為 {u} 的整數倍，尾差按最大餘數（並列取靠前者）",
        "split {am} by weight (total {tw}) over {n} people, each a multiple of {u}, leftover units by \
         largest remainder (ties: the earlier)",
    )];
    for (i, w) in weights.iter().enumerate() {
        let share = total_weight
            .filter(|t| !t.is_zero())
            .and_then(|t| w.checked_div(t))
            .map(|s| format_percent(s, 2, RoundingMode::HalfUp))
            .unwrap_or_default();
        lines.push(person_line(a, i, *w, &share, locale, places));
    }
    if a.capped.iter().any(|c| *c) {
        let r = a.rounds;
        lines.push(tr!(
            locale,
            "超出上限的部分按其余人的权重再分配（共 {r} 轮）",
            "超出上限的部分按其餘人的權重再分配（共 {r} 輪）",
            "the excess over the caps was re-spread over the others by weight ({r} rounds)",
        ));
    }
    lines.extend(total_lines(a, &am, locale, places));
    lines
}

/// Person `i`'s line: weight, share of the total weight, part, and the cap when it bound.
fn person_line(a: &Allocation, i: usize, w: Decimal, share: &str, locale: Locale, places: u32) -> String {
    let k = i.saturating_add(1);
    let wt = format_plain(w);
    let part = money_text(a.parts.get(i).copied().unwrap_or_default(), places);
    let is_capped = a.capped.get(i).copied().unwrap_or(false);
    match (is_capped, a.caps.get(i).copied().flatten()) {
        (true, Some(c)) => {
            let c = money_text(c, places);
            tr!(
                locale,
                "第 {k} 人：权重 {wt}（{share}）→ {part}（按份额超出上限，封顶 {c}）",
                "第 {k} 人：權重 {wt}（{share}）→ {part}（按份額超出上限，封頂 {c}）",
                "#{k}: weight {wt} ({share}) → {part} (its share exceeds the cap: capped at {c})",
            )
        }
        _ => tr!(
            locale,
            "第 {k} 人：权重 {wt}（{share}）→ {part}",
            "第 {k} 人：權重 {wt}（{share}）→ {part}",
            "#{k}: weight {wt} ({share}) → {part}",
        ),
    }
}

/// The total given, and what stayed unallocated when everyone with a weight is capped
/// (`am` is the amount as written).
fn total_lines(a: &Allocation, am: &str, locale: Locale, places: u32) -> Vec<String> {
    let given = a.parts.iter().try_fold(Decimal::ZERO, |s, p| s.checked_add(*p));
    let given = money_text(given.unwrap_or_default(), places);
    if a.unallocated.is_zero() {
        return vec![tr!(locale, "合计 {given}", "合計 {given}", "total {given}")];
    }
    let un = money_text(a.unallocated, places);
    vec![
        tr!(
            locale,
            "有权重的人均已封顶，未分配 {un}",
            "有權重的人均已封頂，未分配 {un}",
            "everyone with a weight is capped: {un} stays unallocated",
        ),
        tr!(
            locale,
            "合计 {given} + 未分配 {un} = {am}",
            "合計 {given} + 未分配 {un} = {am}",
            "total {given} + unallocated {un} = {am}",
        ),
    ]
}
