//! Bonuses: a base times the grade's coefficient or the total / 100, capped.

use super::inputs::BonusRow;
use super::{Dec, Payer, PayoutLine};
use crate::engine::row::Evaluated;
use crate::i18n::tr;
use crate::numbers::{checked_div, checked_mul, format_plain};
use crate::scheme::BonusBy;
use rust_decimal::Decimal;

impl Payer<'_> {
    /// Pays every bonus plan.
    pub(super) fn bonuses(&self, lines: &mut [Vec<PayoutLine>]) {
        for bi in 0..self.plan.incentives.bonuses.len() {
            for (ri, r) in self.rows.iter().enumerate() {
                let Some(x) = r.incentives.as_ref() else { continue };
                let Some(br) = x.bonuses.get(bi) else { continue };
                let Some(out) = lines.get_mut(ri) else { continue };
                if !br.applies {
                    continue;
                }
                if let Some(l) = self.bonus(bi, r, br) {
                    out.push(l);
                }
            }
        }
    }

    /// The line of bonus `bi` for one row it applies to.
    fn bonus(&self, bi: usize, r: &Evaluated, br: &BonusRow) -> Option<PayoutLine> {
        let b = self.plan.incentives.bonuses.get(bi)?;
        let (locale, money) = (self.locale, &self.money);
        if let Some(refused) = self.refused(&b.key, &b.name, "bonus", r, &br.gate) {
            return Some(refused);
        }
        let Some(base) = br.base else {
            let text = tr!(
                locale,
                "{}：缺少奖金基数 → 0",
                "{}：缺少獎金基數 → 0",
                "{}: no bonus base → 0",
                b.name.get(locale)
            );
            return Some(self.line(&b.key, &b.name, "bonus", money.zero(), "missing", text));
        };
        let (factor, how) = match b.by {
            BonusBy::Grade => self.grade_factor(&b.coefficients, r.result.grade.as_deref().unwrap_or_default()),
            BonusBy::Score => self.score_factor(r.total),
        };
        let raw = checked_mul(base, factor).unwrap_or(Decimal::ZERO);
        let mut amount = money.round(raw);
        let mut status = "paid";
        let mut text = self.words(|| {
            tr!(
                locale,
                "{}：基数 {} × {how} = {}",
                "{}：基數 {} × {how} = {}",
                "{}: base {} × {how} = {}",
                b.name.get(locale),
                money.text(base),
                money.text(amount)
            )
        });
        if let Some(cap) = b.cap {
            if amount > cap {
                amount = money.round(cap);
                status = "capped";
                text.push_str(
                    &self.words(|| tr!(locale, "，封顶 {}", "，封頂 {}", ", capped at {}", money.text(amount))),
                );
            }
        }
        Some(PayoutLine {
            base: Some(Dec(base)),
            rate: Some(Dec(factor)),
            ..self.line(&b.key, &b.name, "bonus", Dec(amount), status, text)
        })
    }

    /// The total / 100 (a negative total counts as 0), and its text.
    fn score_factor(&self, total: Option<Decimal>) -> (Decimal, String) {
        let t = total.unwrap_or(Decimal::ZERO).max(Decimal::ZERO);
        let f = checked_div(t, Decimal::ONE_HUNDRED).unwrap_or(Decimal::ZERO);
        let how = self.words(|| {
            tr!(
                self.locale,
                "总分 {} / 100",
                "總分 {} / 100",
                "total {} / 100",
                format_plain(t)
            )
        });
        (f, how)
    }

    /// The coefficient of the row's grade (0 when it has none), and its text.
    fn grade_factor(&self, coefficients: &[(String, Decimal)], grade: &str) -> (Decimal, String) {
        let locale = self.locale;
        let coef = coefficients.iter().find(|(g, _)| g == grade).map(|(_, c)| *c);
        let how = self.words(|| match coef {
            Some(c) => tr!(
                locale,
                "等级 {grade} 系数 {}",
                "等級 {grade} 係數 {}",
                "grade {grade} coefficient {}",
                format_plain(c)
            ),
            None => tr!(
                locale,
                "等级 {grade} 无系数",
                "等級 {grade} 無係數",
                "grade {grade} has no coefficient"
            ),
        });
        (coef.unwrap_or(Decimal::ZERO), how)
    }
}
