//! Scoring rules compiled: linear, bands, piecewise, direct, deduct and pass/fail, each
//! with its own checks (floor ≤ cap, monotone band edges, increasing points …); bands are
//! sorted by `min` descending (DESIGN.md, "Tier and band edges").

use super::compiler::HUNDRED;
use super::{Compiler, Cond};
use crate::error::ErrorCode;
use crate::scheme::{Indicator, Num, On, Scale, ScoreBand, Scoring};
use rust_decimal::Decimal;

/// A compiled scoring rule; bands sorted by `min` descending, points ascending.
#[derive(Clone, Debug)]
pub(crate) enum Rule {
    Linear {
        floor: Option<Decimal>,
        cap: Option<Decimal>,
        full: Decimal,
    },
    Bands {
        on: On,
        bands: Vec<(Decimal, Decimal, Option<String>)>,
        otherwise: Decimal,
    },
    Piecewise {
        on: On,
        points: Vec<(Decimal, Decimal)>,
    },
    Direct {
        max: Option<Decimal>,
        full: Decimal,
    },
    Deduct {
        per: Decimal,
        min: Decimal,
        full: Decimal,
    },
    PassFail {
        pass: Cond,
        full: Decimal,
    },
}

impl Rule {
    /// Whether the rule reads an achievement rate (and so needs a target).
    pub fn uses_achievement(&self) -> bool {
        match self {
            Rule::Linear { .. } => true,
            Rule::Bands { on, .. } | Rule::Piecewise { on, .. } => *on == On::Achievement,
            _ => false,
        }
    }
}

/// The full score of a rule: as written, else 100.
fn full_of(f: &Option<Num>) -> Decimal {
    f.map(|n| n.0).unwrap_or(HUNDRED)
}

impl Compiler<'_> {
    /// The scoring rule of indicator `i` and whether it is usable; `None` when a pass/fail
    /// condition cannot be compiled (the indicator is then left out without more checks).
    pub(super) fn rule(&mut self, ind: &Indicator, i: usize, path: &str) -> Option<(Rule, bool)> {
        let has_target = ind.target.is_some();
        let default_on = if has_target { On::Achievement } else { On::Value };
        Some(match &ind.scoring {
            Scoring::Linear { floor, cap, full } => self.linear_rule(floor, cap, full, path),
            Scoring::Bands { on, bands, otherwise } => {
                self.bands_rule(on.unwrap_or(default_on), bands, otherwise, path)
            }
            Scoring::Piecewise { on, points } => self.piecewise_rule(on.unwrap_or(default_on), points, path),
            Scoring::Direct { scale, full } => self.direct_rule(scale, full, has_target, path),
            Scoring::Deduct { per, min, full } => (self.deduct_rule(per, min, full, path), true),
            Scoring::PassFail { pass, full } => {
                let pass = self.condition(pass, &format!("{path}/scoring/pass"), Some(i))?;
                (
                    Rule::PassFail {
                        pass,
                        full: full_of(full),
                    },
                    true,
                )
            }
        })
    }

    /// `linear`: `floor` must not be above `cap`, and `cap` must be above 0.
    fn linear_rule(&mut self, floor: &Option<Num>, cap: &Option<Num>, full: &Option<Num>, path: &str) -> (Rule, bool) {
        let mut ok = true;
        let rule = {
            let (floor, cap) = (floor.map(|n| n.0), cap.map(|n| n.0));
            if let (Some(f), Some(c)) = (floor, cap) {
                if f > c {
                    self.error(
                        ErrorCode::InvalidSetting,
                        format!("{path}/scoring/floor"),
                        format!("floor {f} 大于 cap {c}"),
                        format!("floor {f} 大於 cap {c}"),
                        format!("floor {f} is above cap {c}"),
                    );
                    ok = false;
                }
            }
            if cap.is_some_and(|c| c <= Decimal::ZERO) {
                self.error(
                    ErrorCode::InvalidSetting,
                    format!("{path}/scoring/cap"),
                    "cap 必须大于 0".into(),
                    "cap 必須大於 0".into(),
                    "cap must be above 0".into(),
                );
                ok = false;
            }
            Rule::Linear {
                floor,
                cap,
                full: full_of(full),
            }
        };
        (rule, ok)
    }

    /// `bands`: at least one band, edges strictly monotone.
    fn bands_rule(&mut self, on: On, bands: &[ScoreBand], otherwise: &Option<Num>, path: &str) -> (Rule, bool) {
        let mut ok = true;
        let rule = {
            if bands.is_empty() {
                self.error(
                    ErrorCode::MissingSetting,
                    format!("{path}/scoring/bands"),
                    "阶梯计分至少需要一档".into(),
                    "階梯計分至少需要一檔".into(),
                    "band scoring needs at least one band".into(),
                );
                ok = false;
            }
            let mins: Vec<Decimal> = bands.iter().map(|b| b.min.0).collect();
            if !self.monotone(&mins, &format!("{path}/scoring/bands")) {
                ok = false;
            }
            let mut sorted: Vec<(Decimal, Decimal, Option<String>)> =
                bands.iter().map(|b| (b.min.0, b.score.0, b.label.clone())).collect();
            sorted.sort_by_key(|b| std::cmp::Reverse(b.0));
            Rule::Bands {
                on,
                bands: sorted,
                otherwise: otherwise.map(|n| n.0).unwrap_or(Decimal::ZERO),
            }
        };
        (rule, ok)
    }

    /// `piecewise`: at least two points, x strictly increasing.
    fn piecewise_rule(&mut self, on: On, points: &[(Num, Num)], path: &str) -> (Rule, bool) {
        let mut ok = true;
        let rule = {
            if points.len() < 2 {
                self.error(
                    ErrorCode::MissingSetting,
                    format!("{path}/scoring/points"),
                    "分段线性计分至少需要两个点".into(),
                    "分段線性計分至少需要兩個點".into(),
                    "piecewise scoring needs at least two points".into(),
                );
                ok = false;
            }
            for (j, pair) in points.windows(2).enumerate() {
                if let [a, b] = pair {
                    if a.0 .0 >= b.0 .0 {
                        self.error(
                            ErrorCode::Order,
                            format!("{path}/scoring/points/{}", j.saturating_add(1)),
                            format!("分段点的 x 必须严格递增：{} 之后是 {}", a.0 .0, b.0 .0),
                            format!("分段點的 x 必須嚴格遞增：{} 之後是 {}", a.0 .0, b.0 .0),
                            format!("piecewise x values must strictly increase: {} then {}", a.0 .0, b.0 .0),
                        );
                        ok = false;
                    }
                }
            }
            Rule::Piecewise {
                on,
                points: points.iter().map(|(x, y)| (x.0, y.0)).collect(),
            }
        };
        (rule, ok)
    }

    /// `direct`: `scale.max` above 0; a target is ignored (warning).
    fn direct_rule(&mut self, scale: &Option<Scale>, full: &Option<Num>, has_target: bool, path: &str) -> (Rule, bool) {
        let mut ok = true;
        let rule = {
            let max = scale.as_ref().map(|s| s.max.0);
            if max.is_some_and(|m| m <= Decimal::ZERO) {
                self.error(
                    ErrorCode::InvalidSetting,
                    format!("{path}/scoring/scale/max"),
                    "scale.max 必须大于 0".into(),
                    "scale.max 必須大於 0".into(),
                    "scale.max must be above 0".into(),
                );
                ok = false;
            }
            if has_target {
                self.warning(
                    ErrorCode::IgnoredSetting,
                    format!("{path}/target"),
                    "直接计分（direct）不使用目标值".into(),
                    "直接計分（direct）不使用目標值".into(),
                    "direct scoring does not use a target".into(),
                );
            }
            Rule::Direct {
                max,
                full: full_of(full),
            }
        };
        (rule, ok)
    }

    /// `deduct`: a positive `per` is allowed but warned about.
    fn deduct_rule(&mut self, per: &Num, min: &Option<Num>, full: &Option<Num>, path: &str) -> Rule {
        if per.0 > Decimal::ZERO {
            self.warning(
                ErrorCode::InvalidSetting,
                format!("{path}/scoring/per"),
                format!("扣分的 per 通常为负数，当前为 {}", per.0),
                format!("扣分的 per 通常為負數，目前為 {}", per.0),
                format!("a deduction's per is normally negative; it is {}", per.0),
            );
        }
        Rule::Deduct {
            per: per.0,
            min: min.map(|n| n.0).unwrap_or(Decimal::ZERO),
            full: full_of(full),
        }
    }
}
