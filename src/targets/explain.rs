//! A decomposition written out: the values at their places, the shares, and the
//! explanation (total and uplift, method, locked parts, each free part's share, the bounds
//! hit, who got the leftover units and the remainder, the sum).

use crate::error::JixiaoError;
use crate::i18n::text;
use crate::i18n::{Locale, Text};
use crate::numbers::exact::{div, mul, sum};
use crate::numbers::{format_fixed, format_grouped, format_percent, format_plain, RoundingMode};
use rust_decimal::Decimal;

use super::input::Method;
use super::output::{places_of, BoundHit, DecomposeExplain, DecomposedPart, Decomposition};
use super::split::Solved;

/// How lines are written: the locale, the places and the parts' keys.
struct Ctx<'a> {
    locale: Locale,
    places: u32,
    solved: &'a Solved<'a>,
}

impl Ctx<'_> {
    fn money(&self, v: Decimal) -> String {
        format_grouped(v, self.places, RoundingMode::HalfUp)
    }
    fn key(&self, i: usize) -> &str {
        self.solved.slots.get(i).map(|s| s.key.as_str()).unwrap_or_default()
    }
    fn line(&self, t: Text) -> String {
        t.get(self.locale).to_string()
    }
}

/// The result of `solved`, its explanation in `locale`.
pub(super) fn written(solved: &Solved, locale: Locale) -> Result<Decomposition, JixiaoError> {
    let (total, unit) = (solved.total, solved.unit);
    let places = places_of(solved.spread.values.iter().copied(), unit, total);
    let ctx = Ctx { locale, places, solved };
    let mut lines = opening_lines(&ctx);
    lines.extend(share_lines(&ctx)?);
    lines.extend(bound_lines(&ctx));
    lines.extend(unit_lines(&ctx));
    let tt = ctx.money(total);
    lines.push(ctx.line(text!("合计 {tt}", "合計 {tt}", "Sum {tt}")));
    Ok(Decomposition {
        total: format_fixed(total, places, RoundingMode::HalfUp),
        unit: format_plain(unit),
        method: solved.input.method,
        parts: parts(solved, places)?,
        explain: DecomposeExplain { lines },
    })
}

fn method_name(m: Method) -> Text {
    match m {
        Method::Equal => Text::new("平均分配", "平均分配", "equal split"),
        Method::Weights => Text::new("按权重", "按權重", "by weights"),
        Method::History => Text::new("按历史占比", "按歷史佔比", "by last period's actuals"),
        Method::WorkingDays => Text::new("按工作日", "按工作日", "by working days"),
        Method::Capacity => Text::new("按产能", "按產能", "by capacity"),
    }
}

/// The total (and its uplift), the method, and the locked parts.
fn opening_lines(ctx: &Ctx) -> Vec<String> {
    let s = ctx.solved;
    let mut lines = Vec::new();
    let (tb, tt) = (ctx.money(s.base), ctx.money(s.total));
    match s.input.uplift {
        Some(u) => {
            let pct = format_percent(u.0, 2, RoundingMode::HalfUp);
            lines.push(ctx.line(text!(
                "目标总额 {tb} ×（1 + 上浮 {pct}）= {tt}",
                "目標總額 {tb} ×（1 + 上浮 {pct}）= {tt}",
                "Total {tb} × (1 + uplift {pct}) = {tt}",
            )));
        }
        None => lines.push(ctx.line(text!("目标总额 {tt}", "目標總額 {tt}", "Total {tt}"))),
    }
    let mname = method_name(s.input.method);
    let (mcn, mtw, men) = (&mname.zh_cn, &mname.zh_tw, &mname.en);
    let n = s.slots.len();
    lines.push(ctx.line(text!(
        "方法：{mcn}，共 {n} 个部分",
        "方法：{mtw}，共 {n} 個部分",
        "Method: {men}, {n} parts",
    )));
    if s.locked.values.iter().any(Option::is_some) {
        let names: Vec<String> = s
            .locked
            .values
            .iter()
            .enumerate()
            .filter_map(|(i, l)| l.map(|v| format!("{} = {}", ctx.key(i), ctx.money(v))))
            .collect();
        let (list, r, f) = (names.join(", "), ctx.money(s.locked.rest), s.locked.free.len());
        lines.push(ctx.line(text!(
            "锁定：{list}；剩余 {r} 分给 {f} 个未锁定部分",
            "鎖定：{list}；剩餘 {r} 分給 {f} 個未鎖定部分",
            "Locked: {list}; the rest {r} goes to the {f} unlocked parts",
        )));
    }
    lines
}

/// Each free part's share of the rest: how it is worked out, the percentage, the exact amount.
fn share_lines(ctx: &Ctx) -> Result<Vec<String>, JixiaoError> {
    let s = ctx.solved;
    let (free, weights) = (&s.locked.free, &s.weights.values);
    let free_w = sum(free.iter().map(|i| weights.get(*i).copied().unwrap_or_default()))?;
    let mut lines = Vec::with_capacity(free.len());
    for &i in free {
        let k = ctx.key(i);
        let w = weights.get(i).copied().unwrap_or_default();
        let share = if free_w.is_zero() {
            Decimal::ZERO
        } else {
            div(w, free_w)?
        };
        let pct = format_percent(share, 2, RoundingMode::HalfUp);
        let exact = format_grouped(mul(s.locked.rest, share)?, ctx.places.max(2), RoundingMode::HalfUp);
        let what = share_formula(s, i, w, free_w);
        let (wcn, wtw, wen) = (&what.zh_cn, &what.zh_tw, &what.en);
        lines.push(ctx.line(text!(
            "{k}：{wcn} = {pct}，{exact}",
            "{k}：{wtw} = {pct}，{exact}",
            "{k}: {wen} = {pct}, {exact}",
        )));
    }
    Ok(lines)
}

/// How part `i`'s share is worked out: days ÷ days, 1 ÷ parts, or weight ÷ weights.
fn share_formula(s: &Solved, i: usize, w: Decimal, free_w: Decimal) -> Text {
    let free = &s.locked.free;
    let days = s.weights.days.as_ref();
    match (s.input.method, days.and_then(|d| d.get(i))) {
        (Method::WorkingDays, Some(d)) => {
            let all = days.map_or(0, |d| {
                free.iter()
                    .filter_map(|j| d.get(*j))
                    .fold(0u32, |a, b| a.saturating_add(*b))
            });
            text!("{d} 天 ÷ {all} 天", "{d} 天 ÷ {all} 天", "{d} days ÷ {all} days")
        }
        (Method::Equal, _) => {
            let f = free.len();
            text!("1 ÷ {f}", "1 ÷ {f}", "1 ÷ {f}")
        }
        _ => {
            let (a, b) = (format_plain(w), format_plain(free_w));
            text!("{a} ÷ {b}", "{a} ÷ {b}", "{a} ÷ {b}")
        }
    }
}

/// One line per free part fixed at a bound.
fn bound_lines(ctx: &Ctx) -> Vec<String> {
    let s = ctx.solved;
    s.locked
        .free
        .iter()
        .filter_map(|&i| s.fixed.get(i).copied().flatten().map(|f| (i, f)))
        .map(|(i, (b, hit))| {
            let (k, bv) = (ctx.key(i), ctx.money(b));
            ctx.line(match hit {
                BoundHit::Min => text!(
                    "{k} 低于下限，取下限 {bv}，其余重新分配",
                    "{k} 低於下限，取下限 {bv}，其餘重新分配",
                    "{k} is below its min: set to {bv}, the rest re-spread",
                ),
                BoundHit::Max => text!(
                    "{k} 高于上限，取上限 {bv}，其余重新分配",
                    "{k} 高於上限，取上限 {bv}，其餘重新分配",
                    "{k} is above its max: set to {bv}, the rest re-spread",
                ),
            })
        })
        .collect()
}

/// Who got the leftover units, and who the remainder below one unit.
fn unit_lines(ctx: &Ctx) -> Vec<String> {
    let s = ctx.solved;
    let u = format_plain(s.unit);
    let who: Vec<&str> = s.spread.got_unit.iter().map(|i| ctx.key(*i)).collect();
    let count = who.len();
    let mut lines = Vec::new();
    if who.is_empty() {
        lines.push(ctx.line(text!(
            "每个部分取 {u} 的整数倍（去尾），没有剩余单位",
            "每個部分取 {u} 的整數倍（去尾），沒有剩餘單位",
            "Each part rounded down to a multiple of {u}; no units left over",
        )));
    } else {
        let list = who.join(", ");
        lines.push(ctx.line(text!(
            "每个部分取 {u} 的整数倍（去尾），剩余 {count} 个单位按最大余数分给：{list}",
            "每個部分取 {u} 的整數倍（去尾），剩餘 {count} 個單位按最大餘數分給：{list}",
            "Each part rounded down to a multiple of {u}; the {count} units left over go by largest remainder to: {list}",
        )));
    }
    if let Some(b) = s.spread.residual_to {
        let (k, r) = (ctx.key(b), format_plain(s.spread.residual));
        lines.push(ctx.line(text!(
            "不足一个单位的余数 {r} 给最大的部分 {k}",
            "不足一個單位的餘數 {r} 給最大的部分 {k}",
            "The remainder {r} below one unit goes to the largest part, {k}",
        )));
    }
    lines
}

/// The parts written: value, share of the total, dates, working days, locked, bound.
fn parts(s: &Solved, places: u32) -> Result<Vec<DecomposedPart>, JixiaoError> {
    let mut parts = Vec::with_capacity(s.slots.len());
    for (i, slot) in s.slots.iter().enumerate() {
        let v = s.spread.values.get(i).copied().unwrap_or_default();
        parts.push(DecomposedPart {
            key: slot.key.clone(),
            value: format_fixed(v, places, RoundingMode::HalfUp),
            share: format_fixed(div(v, s.total)?, 4, RoundingMode::HalfUp),
            start: slot.start.map(|d| d.to_string()),
            end: slot.end.map(|d| d.to_string()),
            working_days: s.weights.days.as_ref().and_then(|d| d.get(i).copied()),
            locked: s.locked.values.get(i).is_some_and(Option::is_some),
            bound: s.fixed.get(i).copied().flatten().map(|f| f.1),
        });
    }
    Ok(parts)
}
