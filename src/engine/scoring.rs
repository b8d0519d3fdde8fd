//! Scoring: an indicator's figure turned into a score by its rule (linear, bands,
//! piecewise, direct, deduction, pass/fail), with the branch taken and the rule's text.

use super::achievement::Ratio;
use super::row::{IndState, Recorded, RowEvaluator};
use crate::compile::{Cond, IndicatorPlan, Rule, Source};
use crate::i18n::tr;
use crate::numbers::{checked_add, checked_div, checked_mul, checked_sub, format_plain, NumberError};
use crate::records::Slots;
use crate::scheme::On;
use rust_decimal::Decimal;

/// What a rule can score: the value as read, the achievement, and the same figure as an
/// exact fraction (so a score is computed with one division).
#[derive(Clone, Copy)]
struct Figure {
    actual: Option<Decimal>,
    achievement: Option<Decimal>,
    ratio: Option<Ratio>,
}

impl Figure {
    fn on(&self, on: On) -> Option<Decimal> {
        match on {
            On::Achievement => self.achievement,
            On::Value => self.actual,
        }
    }

    fn ratio_on(&self, on: On) -> Option<Ratio> {
        match on {
            On::Achievement => self.ratio,
            On::Value => self.actual.map(Ratio::whole),
        }
    }
}

/// An uncapped linear achievement above this (1000 %) is reported as `FAR_BEYOND_TARGET`
/// (DESIGN.md, "Data checks").
pub(super) const FAR_BEYOND: Decimal = Decimal::TEN;

/// The name of a rule in an explanation step.
pub(super) fn rule_name(rule: &Rule) -> &'static str {
    match rule {
        Rule::Linear { .. } => "linear",
        Rule::Bands { .. } => "bands",
        Rule::Piecewise { .. } => "piecewise",
        Rule::Direct { .. } => "direct",
        Rule::Deduct { .. } => "deduct",
        Rule::PassFail { .. } => "pass_fail",
    }
}

impl RowEvaluator<'_> {
    /// Scores an indicator. `Ok(None)`: the figure the rule needs is missing; `Err`: an
    /// error was recorded.
    pub(super) fn score(
        &mut self,
        slots: &Slots,
        ind: &IndicatorPlan,
        actual: Option<Decimal>,
        target: Option<Decimal>,
        states: &[IndState],
        st: &mut IndState,
    ) -> Result<Option<Decimal>, Recorded> {
        let ratio = match (ind.rule.uses_achievement(), actual, target) {
            (true, Some(a), Some(t)) => Some(self.achievement(ind, a, t, st)?),
            _ => None,
        };
        let achievement = match ratio {
            Some(r) => Some(r.value().map_err(|_| self.overflow(&ind.name))?),
            None => None,
        };
        st.achievement = achievement;
        if self.explain && achievement.is_none() {
            if let (Some(src), Some(a)) = (&ind.actual, actual) {
                st.calc = self.value_calc(ind, src, a, st);
            }
        }
        let fig = Figure {
            actual,
            achievement,
            ratio,
        };
        match &ind.rule {
            Rule::Linear { floor, cap, full } => self.linear(ind, &fig, *floor, *cap, *full, st),
            Rule::Bands { on, bands, otherwise } => Ok(fig.on(*on).map(|x| self.band(x, *on, bands, *otherwise, st))),
            Rule::Piecewise { on, points } => self.piecewise(ind, &fig, *on, points, st),
            Rule::Direct { max, full } => match actual {
                Some(v) => self.direct(ind, v, *max, *full, st).map(Some),
                None => Ok(None),
            },
            Rule::Deduct { per, min, full } => match actual {
                Some(v) => self.deduct(ind, v, *per, *min, *full, st).map(Some),
                None => Ok(None),
            },
            Rule::PassFail { pass, full } => self.pass_fail(slots, pass, *full, states, st).map(Some),
        }
    }

    /// `销售额 120 万元` (or the raters' sum): the value scored without an achievement.
    fn value_calc(&self, ind: &IndicatorPlan, src: &Source, a: Decimal, st: &IndState) -> String {
        match src.unranged() {
            Source::Raters(_) => self.raters_text(&st.inputs, src, a),
            _ => format!(
                "{} {}{}",
                self.source_label(src),
                self.value_text(a),
                ind.unit.as_deref().map(|u| format!(" {u}")).unwrap_or_default()
            ),
        }
    }

    /// A figure as the rule reads it: a percentage, or a value.
    fn shown_on(&self, on: On, x: Decimal) -> String {
        match on {
            On::Achievement => self.pct(x),
            On::Value => self.value_text(x),
        }
    }

    /// Records the branch a rule took, when the result or an explanation shows it.
    fn branch(&self, st: &mut IndState, branch: impl FnOnce() -> String) {
        if self.texts() {
            st.branch = Some(branch());
        }
    }

    /// full × achievement, 0 below the floor, the achievement capped.
    fn linear(
        &mut self,
        ind: &IndicatorPlan,
        fig: &Figure,
        floor: Option<Decimal>,
        cap: Option<Decimal>,
        full: Decimal,
        st: &mut IndState,
    ) -> Result<Option<Decimal>, Recorded> {
        let loc = self.locale;
        let Some(x) = fig.achievement else { return Ok(None) };
        if let Some(f) = floor.filter(|f| x < *f) {
            self.branch(st, || "below_floor".into());
            if self.explain {
                st.rule = tr!(
                    loc,
                    "低于保底 {} → 0 分",
                    "低於保底 {} → 0 分",
                    "below the floor {} → 0",
                    self.pct(f)
                );
            }
            return Ok(Some(Decimal::ZERO));
        }
        let capped = cap.filter(|c| x > *c);
        if cap.is_none() && x > FAR_BEYOND {
            self.far.push((ind.key.clone(), x));
        }
        self.branch(st, || if capped.is_some() { "capped" } else { "linear" }.into());
        let s = match (capped, fig.ratio) {
            (Some(c), _) => checked_mul(full, c),
            (None, Some(r)) => r.times(full),
            (None, None) => checked_mul(full, x),
        }
        .map_err(|_| self.overflow(&ind.name))?;
        if self.explain {
            st.rule = match capped {
                Some(c) => tr!(
                    loc,
                    "线性计分，封顶 {} → {} × {}",
                    "線性計分，封頂 {} → {} × {}",
                    "linear, capped at {} → {} × {}",
                    self.pct(c),
                    format_plain(full),
                    self.pct(c)
                ),
                None => tr!(
                    loc,
                    "线性计分 {} × {}",
                    "線性計分 {} × {}",
                    "linear {} × {}",
                    format_plain(full),
                    self.pct(x)
                ),
            };
        }
        Ok(Some(s.max(Decimal::ZERO)))
    }

    /// The score of the first band whose minimum `x` reaches, else `otherwise`.
    fn band(
        &self,
        x: Decimal,
        on: On,
        bands: &[(Decimal, Decimal, Option<String>)],
        otherwise: Decimal,
        st: &mut IndState,
    ) -> Decimal {
        let loc = self.locale;
        let pos = bands.iter().position(|(min, _, _)| x >= *min);
        let Some((p, (min, score, label))) = pos.and_then(|p| bands.get(p).map(|b| (p, b))) else {
            self.branch(st, || "below_bands".into());
            if self.explain {
                st.rule = tr!(
                    loc,
                    "低于所有档位 → {} 分",
                    "低於所有檔位 → {} 分",
                    "below every band → {}",
                    format_plain(otherwise)
                );
            }
            return otherwise;
        };
        self.branch(st, || format!("band:{}", format_plain(*min)));
        if self.explain {
            let lo = self.shown_on(on, *min);
            let range = match p.checked_sub(1).and_then(|q| bands.get(q)) {
                Some((hi, _, _)) => format!("{lo}–{}", self.shown_on(on, *hi)),
                None => format!("≥ {lo}"),
            };
            let label = label
                .as_ref()
                .map(|l| tr!(loc, "（{l}）", "（{l}）", " ({l})"))
                .unwrap_or_default();
            st.rule = tr!(
                loc,
                "{range} 档{label} → {} 分",
                "{range} 檔{label} → {} 分",
                "band {range}{label} → {}",
                format_plain(*score)
            );
        }
        *score
    }

    /// The first or last point's score outside the points, else interpolated between two.
    fn piecewise(
        &mut self,
        ind: &IndicatorPlan,
        fig: &Figure,
        on: On,
        points: &[(Decimal, Decimal)],
        st: &mut IndState,
    ) -> Result<Option<Decimal>, Recorded> {
        let loc = self.locale;
        let Some(x) = fig.on(on) else { return Ok(None) };
        let (Some(first), Some(last)) = (points.first(), points.last()) else {
            return Ok(None);
        };
        if x <= first.0 {
            self.branch(st, || "below_first".into());
            if self.explain {
                st.rule = tr!(
                    loc,
                    "不高于首点 {} → {} 分",
                    "不高於首點 {} → {} 分",
                    "at or below the first point {} → {}",
                    self.shown_on(on, first.0),
                    format_plain(first.1)
                );
            }
            return Ok(Some(first.1));
        }
        if x >= last.0 {
            self.branch(st, || "above_last".into());
            if self.explain {
                st.rule = tr!(
                    loc,
                    "不低于末点 {} → {} 分",
                    "不低於末點 {} → {} 分",
                    "at or above the last point {} → {}",
                    self.shown_on(on, last.0),
                    format_plain(last.1)
                );
            }
            return Ok(Some(last.1));
        }
        let seg = points.windows(2).find(|w| matches!(w, [a, b] if x >= a.0 && x < b.0));
        let Some([(x0, y0), (x1, y1)]) = seg else {
            return Ok(None);
        };
        let r = fig.ratio_on(on).unwrap_or(Ratio::whole(x));
        let y = interpolate(r, (*x0, *y0), (*x1, *y1)).map_err(|_| self.overflow(&ind.name))?;
        self.branch(st, || format!("segment:{}", format_plain(*x0)));
        if self.explain {
            st.rule = tr!(
                loc,
                "在 ({}, {})–({}, {}) 之间线性插值",
                "在 ({}, {})–({}, {}) 之間線性插值",
                "interpolated between ({}, {}) and ({}, {})",
                self.shown_on(on, *x0),
                format_plain(*y0),
                self.shown_on(on, *x1),
                format_plain(*y1)
            );
        }
        Ok(Some(y))
    }

    /// The value itself, or scaled from `max` to `full`.
    fn direct(
        &mut self,
        ind: &IndicatorPlan,
        v: Decimal,
        max: Option<Decimal>,
        full: Decimal,
        st: &mut IndState,
    ) -> Result<Decimal, Recorded> {
        let loc = self.locale;
        let Some(m) = max else {
            self.branch(st, || "direct".into());
            if self.explain {
                st.rule = tr!(loc, "直接计分", "直接計分", "direct score");
            }
            return Ok(v);
        };
        let s = checked_div(checked_mul(v, full).map_err(|_| self.overflow(&ind.name))?, m)
            .map_err(|_| self.overflow(&ind.name))?;
        self.branch(st, || "scaled".into());
        if self.explain {
            st.rule = tr!(
                loc,
                "直接计分，按满分 {} 折算为 {}",
                "直接計分，按滿分 {} 折算為 {}",
                "direct, scaled from {} to {}",
                format_plain(m),
                format_plain(full)
            );
        }
        Ok(s)
    }

    /// full + per × value, not below `min`.
    fn deduct(
        &mut self,
        ind: &IndicatorPlan,
        v: Decimal,
        per: Decimal,
        min: Decimal,
        full: Decimal,
        st: &mut IndState,
    ) -> Result<Decimal, Recorded> {
        let loc = self.locale;
        let raw = checked_add(full, checked_mul(per, v).map_err(|_| self.overflow(&ind.name))?)
            .map_err(|_| self.overflow(&ind.name))?;
        self.branch(st, || if raw < min { "at_min".into() } else { "deduct".into() });
        if self.explain {
            st.rule = tr!(
                loc,
                "扣分 {} + ({}) × {} = {}{}",
                "扣分 {} + ({}) × {} = {}{}",
                "deduction {} + ({}) × {} = {}{}",
                format_plain(full),
                format_plain(per),
                format_plain(v),
                format_plain(raw),
                if raw < min {
                    tr!(loc, "，不低于 {}", "，不低於 {}", ", not below {}", format_plain(min))
                } else {
                    String::new()
                }
            );
        }
        Ok(raw.max(min))
    }

    /// `full` when the condition holds, else 0.
    fn pass_fail(
        &mut self,
        slots: &Slots,
        pass: &Cond,
        full: Decimal,
        states: &[IndState],
        st: &mut IndState,
    ) -> Result<Decimal, Recorded> {
        let loc = self.locale;
        let ok = self.condition(slots, pass, states)?;
        self.branch(st, || if ok { "pass".into() } else { "fail".into() });
        if self.explain {
            st.rule = if ok {
                tr!(loc, "达标 → {} 分", "達標 → {} 分", "passed → {}", format_plain(full))
            } else {
                tr!(loc, "未达标 → 0 分", "未達標 → 0 分", "not passed → 0")
            };
        }
        Ok(if ok { full } else { Decimal::ZERO })
    }
}

/// y0 + (x − x0)(y1 − y0)/(x1 − x0) with x = num/den, divided once:
/// y0 + (num − x0·den)(y1 − y0) / (den·(x1 − x0)).
fn interpolate(r: Ratio, (x0, y0): (Decimal, Decimal), (x1, y1): (Decimal, Decimal)) -> Result<Decimal, NumberError> {
    let dx = checked_sub(r.num, checked_mul(x0, r.den)?)?;
    let top = checked_mul(dx, checked_sub(y1, y0)?)?;
    let bottom = checked_mul(r.den, checked_sub(x1, x0)?)?;
    checked_add(y0, checked_div(top, bottom)?)
}
