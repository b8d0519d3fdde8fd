//! Weights compiled: the base weight set, one per dated version and per role (and per
//! role × version), each checked to sum to exactly 100 (DESIGN.md, "Weights, roles and
//! versions").

use super::compiler::HUNDRED;
use super::Compiler;
use crate::dates::Date;
use crate::error::{escape_pointer, ErrorCode};
use crate::i18n::Text;
use crate::numbers::checked_add;
use crate::scheme::{Category, WeightOverride, Weighting};
use rust_decimal::Decimal;
use std::collections::HashMap;

/// Effective weights (percent of the total) of each indicator, plus each category's
/// weight, for one role × version combination.
#[derive(Clone, Debug)]
pub(crate) struct WeightSet {
    /// Indicator weight as written (global: of the total; nested: inside its category).
    pub indicator: Vec<Decimal>,
    /// Category weight (nested: as written; global: sum of its indicators).
    pub category: Vec<Decimal>,
}

/// Weight sets keyed by (role, version index).
type WeightSets = HashMap<(Option<String>, Option<usize>), WeightSet>;

/// A sum of weights for checking; an overflowing term is left out (the sum is then
/// wrong, which is what the check reports).
fn lenient_sum(items: impl Iterator<Item = Decimal>) -> Decimal {
    items.fold(Decimal::ZERO, |acc, w| checked_add(acc, w).unwrap_or(acc))
}

impl Compiler<'_> {
    /// The dated versions as (first day, version index), ascending; a repeated or
    /// unreadable date is an error.
    pub(super) fn versions(&mut self) -> Vec<(Date, usize)> {
        let mut out = Vec::new();
        for (i, v) in self.scheme.versions.iter().enumerate() {
            match Date::parse(&v.from) {
                Some(d) => {
                    if out.iter().any(|(e, _)| *e == d) {
                        self.duplicate(&v.from, &format!("/versions/{}/from", self.layout.versions.position(i)));
                    }
                    out.push((d, i));
                }
                None => self.error(
                    ErrorCode::InvalidDate,
                    format!("/versions/{}/from", self.layout.versions.position(i)),
                    format!("无法识别的日期 “{}”（应为 YYYY-MM-DD）", v.from),
                    format!("無法識別的日期「{}」（應為 YYYY-MM-DD）", v.from),
                    format!("cannot read the date \"{}\" (expected YYYY-MM-DD)", v.from),
                ),
            }
        }
        out.sort();
        out
    }

    /// Builds and checks the weight set of every role × version combination.
    pub(super) fn weights(&mut self, versions: &[(Date, usize)]) -> WeightSets {
        let s = self.scheme;
        let base = WeightSet {
            indicator: s.indicators.iter().map(|i| i.weight.0).collect(),
            category: s
                .categories
                .iter()
                .map(|c| c.weight.map(|n| n.0).unwrap_or(Decimal::ZERO))
                .collect(),
        };
        let mut out = HashMap::new();
        self.check_weights(&base, "", true);
        self.check_ranges(&base, "", None);
        out.insert((None, None), base.clone());
        let mut version_sets = Vec::new();
        for (_, vi) in versions {
            let Some(v) = s.versions.get(*vi) else { continue };
            let ov = WeightOverride {
                weights: v.weights.clone(),
                category_weights: v.category_weights.clone(),
            };
            let path = format!("/versions/{}", self.layout.versions.position(*vi));
            let set = self.apply_override(&base, &ov, &path);
            self.check_weights(&set, &path, !ov.category_weights.is_empty());
            self.check_ranges(&set, &path, Some(&ov));
            version_sets.push((*vi, ov));
            out.insert((None, Some(*vi)), set);
        }
        for (role, ov) in &s.roles {
            let path = format!("/roles/{}", escape_pointer(role));
            let set = self.apply_override(&base, ov, &path);
            self.check_weights(&set, &path, !ov.category_weights.is_empty());
            self.check_ranges(&set, &path, Some(ov));
            for (vi, vov) in &version_sets {
                let Some(vset) = out.get(&(None, Some(*vi))).cloned() else {
                    continue;
                };
                let combined = self.role_in_version(&vset, ov, vov, *vi, &path);
                out.insert((Some(role.clone()), Some(*vi)), combined);
            }
            out.insert((Some(role.clone()), None), set);
        }
        out
    }

    /// A role's override applied over version `vi`'s set, checked; its problems say which
    /// version they are in.
    fn role_in_version(
        &mut self,
        vset: &WeightSet,
        ov: &WeightOverride,
        vov: &WeightOverride,
        vi: usize,
        path: &str,
    ) -> WeightSet {
        // the override's own unknown keys were reported with the role
        self.quiet = true;
        let combined = self.apply_override(vset, ov, path);
        self.quiet = false;
        let before = self.issues.len();
        self.check_weights(
            &combined,
            path,
            !ov.category_weights.is_empty() || !vov.category_weights.is_empty(),
        );
        let from = self.scheme.versions.get(vi).map(|v| v.from.clone()).unwrap_or_default();
        for issue in self.issues.iter_mut().skip(before) {
            issue.messages.zh_cn.push_str(&format!("（自 {from} 起的版本）"));
            issue.messages.zh_tw.push_str(&format!("（自 {from} 起的版本）"));
            issue.messages.en.push_str(&format!(" (in the version from {from})"));
            issue.message = issue.messages.zh_cn.clone();
        }
        combined
    }

    /// `base` with an override's weights; an unknown indicator or category is an error.
    fn apply_override(&mut self, base: &WeightSet, ov: &WeightOverride, path: &str) -> WeightSet {
        let mut set = base.clone();
        for (key, w) in &ov.weights {
            match self.indicator_index.get(key.as_str()) {
                Some(i) => {
                    if let Some(slot) = set.indicator.get_mut(*i) {
                        *slot = w.0;
                    }
                }
                None if self.layout.indicators.broken_keys.contains(key) => {}
                None => self.error(
                    ErrorCode::UnknownIndicator,
                    format!("{path}/weights/{}", escape_pointer(key)),
                    format!("权重调整引用了不存在的指标 “{key}”"),
                    format!("權重調整引用了不存在的指標「{key}」"),
                    format!("the weight override names the unknown indicator \"{key}\""),
                ),
            }
        }
        for (key, w) in &ov.category_weights {
            match self.category_index.get(key.as_str()) {
                Some(i) => {
                    if let Some(slot) = set.category.get_mut(*i) {
                        *slot = w.0;
                    }
                }
                None if self.layout.categories.broken_keys.contains(key) => {}
                None => self.error(
                    ErrorCode::UnknownCategory,
                    format!("{path}/categoryWeights/{}", escape_pointer(key)),
                    format!("权重调整引用了不存在的维度 “{key}”"),
                    format!("權重調整引用了不存在的維度「{key}」"),
                    format!("the weight override names the unknown category \"{key}\""),
                ),
            }
        }
        set
    }

    fn sum_error(&mut self, path: String, what: Text, sum: Decimal) {
        let sum = sum.normalize();
        self.error(
            ErrorCode::WeightsSum,
            path,
            format!("{}之和为 {sum}，必须恰好为 100", what.zh_cn),
            format!("{}之和為 {sum}，必須恰好為 100", what.zh_tw),
            format!("{} sum to {sum}; they must sum to exactly 100", what.en),
        );
    }

    /// Checks one weight set (`base_path` empty for the scheme's own weights).
    fn check_weights(&mut self, set: &WeightSet, base_path: &str, check_categories: bool) {
        // an element that could not be read would make every sum look wrong: its own
        // problem is reported, the sums are checked once it is fixed
        if self.layout.indicators.broken || self.layout.categories.broken {
            return;
        }
        self.check_negative_weights(set, base_path);
        match self.scheme.weighting {
            Weighting::Global => {
                self.check_global_sum(set, base_path);
                if check_categories {
                    self.check_category_weights(set, base_path);
                }
            }
            Weighting::Nested => self.check_nested(set, base_path),
        }
    }

    /// An override's weight must not be negative (the scheme's own are checked with the indicator).
    fn check_negative_weights(&mut self, set: &WeightSet, base_path: &str) {
        let s = self.scheme;
        for (i, w) in set.indicator.iter().enumerate() {
            if w.is_sign_negative() && !w.is_zero() && !base_path.is_empty() {
                let key = s.indicators.get(i).map(|x| x.key.as_str()).unwrap_or("");
                self.error(
                    ErrorCode::InvalidSetting,
                    format!("{base_path}/weights/{}", escape_pointer(key)),
                    format!("权重不能为负：{w}"),
                    format!("權重不能為負：{w}"),
                    format!("a weight cannot be negative: {w}"),
                );
            }
        }
    }

    /// The weights of the indicators in `cat`.
    pub(super) fn members(&self, set: &WeightSet, cat: &Category) -> Decimal {
        lenient_sum(
            self.scheme
                .indicators
                .iter()
                .enumerate()
                .filter(|(_, ind)| ind.category.as_deref() == Some(cat.key.as_str()))
                .filter_map(|(ii, _)| set.indicator.get(ii).copied()),
        )
    }

    /// Global weighting: the indicator weights sum to 100.
    fn check_global_sum(&mut self, set: &WeightSet, base_path: &str) {
        let total = lenient_sum(set.indicator.iter().copied());
        if total != HUNDRED && !self.scheme.indicators.is_empty() {
            let path = if base_path.is_empty() {
                "/indicators".to_string()
            } else {
                base_path.to_string()
            };
            self.sum_error(path, Text::new("指标权重", "指標權重", "the indicator weights"), total);
        }
    }

    /// Global weighting: a category's declared weight equals the sum of its indicators'.
    fn check_category_weights(&mut self, set: &WeightSet, base_path: &str) {
        let s = self.scheme;
        for (ci, cat) in s.categories.iter().enumerate() {
            let declared = if base_path.is_empty() {
                cat.weight.map(|n| n.0)
            } else {
                set.category.get(ci).copied()
            };
            let Some(declared) = declared else { continue };
            let members = self.members(set, cat);
            if members != declared {
                let m = members.normalize();
                let path = if base_path.is_empty() {
                    format!("/categories/{}/weight", self.layout.categories.position(ci))
                } else {
                    format!("{base_path}/categoryWeights/{}", escape_pointer(&cat.key))
                };
                self.error(
                    ErrorCode::WeightsSum,
                    path,
                    format!("维度 “{}” 的权重 {declared} 与其指标权重之和 {m} 不等", cat.key),
                    format!("維度「{}」的權重 {declared} 與其指標權重之和 {m} 不等", cat.key),
                    format!(
                        "category \"{}\" has weight {declared} but its indicators sum to {m}",
                        cat.key
                    ),
                );
            }
        }
    }

    /// Nested weighting: category weights sum to 100, each category has one, and the
    /// indicator weights inside each category sum to 100.
    fn check_nested(&mut self, set: &WeightSet, base_path: &str) {
        let s = self.scheme;
        let total = lenient_sum(set.category.iter().copied());
        if total != HUNDRED {
            let path = if base_path.is_empty() {
                "/categories".to_string()
            } else {
                base_path.to_string()
            };
            self.sum_error(path, Text::new("维度权重", "維度權重", "the category weights"), total);
        }
        for (ci, cat) in s.categories.iter().enumerate() {
            if base_path.is_empty() && cat.weight.is_none() {
                self.error(
                    ErrorCode::MissingSetting,
                    format!("/categories/{}/weight", self.layout.categories.position(ci)),
                    format!("分层权重下维度 “{}” 需要权重", cat.key),
                    format!("分層權重下維度「{}」需要權重", cat.key),
                    format!("with nested weighting, category \"{}\" needs a weight", cat.key),
                );
            }
            let members = self.members(set, cat);
            if members != HUNDRED {
                let path = if base_path.is_empty() {
                    format!("/categories/{}", self.layout.categories.position(ci))
                } else {
                    base_path.to_string()
                };
                self.sum_error(
                    path,
                    Text::new(
                        format!("维度 “{}” 内的指标权重", cat.key),
                        format!("維度「{}」內的指標權重", cat.key),
                        format!("the indicator weights inside category \"{}\"", cat.key),
                    ),
                    members,
                );
            }
        }
    }
}
