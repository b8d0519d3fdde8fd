//! Awards: places by the total, an indicator's score or a column, within groups, among
//! the ok and unvetoed rows that reach `min`; tied places share their prizes.

use super::{Dec, Payer, PayoutLine};
use crate::compile::RankKey;
use crate::i18n::{tr, Locale};
use crate::incentives::{award_places, AwardPlace};
use crate::numbers::{checked_mul, format_plain};
use indexmap::IndexMap;
use rust_decimal::Decimal;
use std::ops::Neg;
use std::sync::Arc;

/// Per group: the competing rows and their figures.
type Entrants = IndexMap<Option<Arc<str>>, Vec<(usize, Decimal)>>;

impl Payer<'_> {
    /// Pays every award, group by group.
    pub(super) fn awards(&self, lines: &mut [Vec<PayoutLine>]) {
        for ai in 0..self.plan.incentives.awards.len() {
            let Some(a) = self.plan.incentives.awards.get(ai) else {
                continue;
            };
            for (group, members) in &self.entrants(ai) {
                let figures: Vec<Option<Decimal>> = members
                    .iter()
                    .map(|(_, f)| Some(if a.descending { *f } else { f.neg() }))
                    .collect();
                let places = award_places(&figures, a.top, a.ties);
                for ((ri, figure), place) in members.iter().zip(places) {
                    let Some(place) = place else { continue };
                    if place.share.is_zero() {
                        continue;
                    }
                    let Some(out) = lines.get_mut(*ri) else { continue };
                    if let Some(l) = self.award_line(ai, group.as_deref(), *figure, &place) {
                        out.push(l);
                    }
                }
            }
        }
    }

    /// The rows competing for award `ai`, by group.
    fn entrants(&self, ai: usize) -> Entrants {
        let mut groups = Entrants::new();
        let Some(a) = self.plan.incentives.awards.get(ai) else {
            return groups;
        };
        for (ri, r) in self.rows.iter().enumerate() {
            let Some(x) = r.incentives.as_ref() else { continue };
            let Some(ar) = x.awards.get(ai) else { continue };
            if r.result.vetoed || !r.result.ok {
                continue;
            }
            let figure = match a.by {
                RankKey::Total => r.total,
                _ => ar.figure,
            };
            let Some(figure) = figure else { continue };
            if a.min.is_some_and(|m| figure < m) {
                continue;
            }
            groups.entry(ar.group.clone()).or_default().push((ri, figure));
        }
        groups
    }

    /// `销冠：华东 组内第 1 名（按 总分 95）→ 5,000.00`.
    fn award_line(&self, ai: usize, group: Option<&str>, figure: Decimal, place: &AwardPlace) -> Option<PayoutLine> {
        let a = self.plan.incentives.awards.get(ai)?;
        let money = &self.money;
        let amount = money.round(checked_mul(a.prize, place.share).unwrap_or(Decimal::ZERO));
        let text = self.words(|| self.award_text(ai, group, figure, place, amount));
        Some(PayoutLine {
            rate: Some(Dec(place.share)),
            ..self.line(&a.key, &a.name, "award", Dec(amount), "paid", text)
        })
    }

    /// The words of an award line.
    fn award_text(
        &self,
        ai: usize,
        group: Option<&str>,
        figure: Decimal,
        place: &AwardPlace,
        amount: Decimal,
    ) -> String {
        let Some(a) = self.plan.incentives.awards.get(ai) else {
            return String::new();
        };
        let (locale, money) = (self.locale, &self.money);
        let by = match (&a.by, locale) {
            (RankKey::Total, Locale::En) => "total".to_string(),
            (RankKey::Total, Locale::ZhTw) => "總分".to_string(),
            (RankKey::Total, Locale::ZhCn) => "总分".to_string(),
            (RankKey::Indicator(i), _) => self.plan.indicators.get(*i).map(|p| p.name.clone()).unwrap_or_default(),
            (RankKey::Field(_), _) => a.by_name.trim_start_matches('-').to_string(),
        };
        let within = match group {
            Some(g) => tr!(locale, "{g} 组内", "{g} 組內", " within {g}"),
            None => String::new(),
        };
        let (name, rank, shown, paid) = (
            a.name.get(locale),
            place.rank,
            format_plain(figure.normalize()),
            money.text(amount),
        );
        let mut text = match locale {
            Locale::En => format!("{name}: place {rank}{within} by {by} ({shown}) → {paid}"),
            Locale::ZhTw | Locale::ZhCn => format!("{name}：{within}第 {rank} 名（按 {by} {shown}）→ {paid}"),
        };
        if place.share != Decimal::ONE {
            text.push_str(&tr!(
                locale,
                "（并列，平分名额：奖金 × {}）",
                "（並列，平分名額：獎金 × {}）",
                " (tied: places shared, prize × {})",
                format_plain(place.share.normalize())
            ));
        }
        text
    }
}
