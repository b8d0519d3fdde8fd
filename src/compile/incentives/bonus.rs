//! A scheme's bonus compiled: by grade (base × the grade's coefficient, the coefficients
//! checked against the scheme's grades) or by score.

use super::checks::plan_name;
use crate::compile::{Compiler, Cond, Source};
use crate::error::{escape_pointer, ErrorCode};
use crate::i18n::Text;
use crate::scheme::{BonusBy, BonusPlan};
use rust_decimal::Decimal;

/// A compiled bonus.
#[derive(Clone, Debug)]
pub(crate) struct BonusCompiled {
    pub key: String,
    /// The display name in each locale (a name the scheme gives is the same in all three).
    pub name: Text,
    pub base: Source,
    pub by: BonusBy,
    pub coefficients: Vec<(String, Decimal)>,
    pub cap: Option<Decimal>,
    pub gate: Option<Cond>,
    pub applies: Option<Cond>,
}

impl Compiler<'_> {
    /// Compiles bonus `b` at `path` under `key`; `grades` are the scheme's grade names.
    /// `None` when it has an error.
    pub(super) fn bonus_plan(
        &mut self,
        b: &BonusPlan,
        key: String,
        path: &str,
        grades: &[(String, Decimal)],
    ) -> Option<BonusCompiled> {
        let base = self.source(&b.base, &format!("{path}/base"));
        self.non_negative(b.cap.map(|c| c.0), format!("{path}/cap"), "cap");
        let coefficients = if b.by == BonusBy::Grade {
            self.grade_coefficients(b, path, grades)
        } else {
            if !b.coefficients.is_empty() {
                self.warning(
                    ErrorCode::IgnoredSetting,
                    format!("{path}/coefficients"),
                    "按分数发放（by: score）时不使用 coefficients，已忽略".into(),
                    "按分數發放（by: score）時不使用 coefficients，已忽略".into(),
                    "coefficients are not used by a bonus by score; ignored".into(),
                );
            }
            Vec::new()
        };
        let gate = self.optional_condition(b.gate.as_ref(), format!("{path}/gate"));
        let applies = self.optional_condition(b.applies_to.as_ref(), format!("{path}/appliesTo"));
        let (base, gate, applies) = (base?, gate.ok()?, applies.ok()?);
        Some(BonusCompiled {
            name: plan_name(b.name.as_ref(), Text::new("绩效奖金", "績效獎金", "Bonus")),
            key,
            base,
            by: b.by,
            coefficients,
            cap: b.cap.map(|c| c.0),
            gate,
            applies,
        })
    }

    /// A bonus by grade's coefficients: needed, with grades in the scheme; each ≥ 0 and
    /// naming a grade; a grade without one is warned about (its bonus is 0).
    fn grade_coefficients(
        &mut self,
        b: &BonusPlan,
        path: &str,
        grades: &[(String, Decimal)],
    ) -> Vec<(String, Decimal)> {
        if b.coefficients.is_empty() {
            self.error(
                ErrorCode::MissingSetting,
                format!("{path}/coefficients"),
                "按等级发放奖金需要 coefficients（等级 → 系数）".into(),
                "按等級發放獎金需要 coefficients（等級 → 係數）".into(),
                "a bonus by grade needs coefficients (grade → coefficient)".into(),
            );
        } else if grades.is_empty() {
            self.error(
                ErrorCode::MissingSetting,
                "/grades",
                "按等级发放奖金需要方案的 grades".into(),
                "按等級發放獎金需要方案的 grades".into(),
                "a bonus by grade needs the scheme's grades".into(),
            );
        }
        let mut coefficients = Vec::new();
        for (g, c) in &b.coefficients {
            let cpath = format!("{path}/coefficients/{}", escape_pointer(g));
            self.non_negative(Some(c.0), cpath.clone(), "coefficient");
            if !grades.is_empty() && !grades.iter().any(|(n, _)| n == g) {
                self.warning(
                    ErrorCode::UnknownKey,
                    cpath,
                    format!("等级 “{g}” 不在方案的 grades 中"),
                    format!("等級「{g}」不在方案的 grades 中"),
                    format!("the grade \"{g}\" is not among the scheme's grades"),
                );
            }
            coefficients.push((g.clone(), c.0));
        }
        if !b.coefficients.is_empty() {
            for (g, _) in grades {
                if !b.coefficients.contains_key(g) {
                    self.warning(
                        ErrorCode::MissingSetting,
                        format!("{path}/coefficients"),
                        format!("等级 “{g}” 没有系数，该等级奖金为 0"),
                        format!("等級「{g}」沒有係數，該等級獎金為 0"),
                        format!("the grade \"{g}\" has no coefficient: its bonus is 0"),
                    );
                }
            }
        }
        coefficients
    }
}
