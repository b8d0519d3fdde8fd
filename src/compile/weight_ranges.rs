//! Weight ranges: the base weights and every role's and version's weights stay inside an
//! indicator's or category's `weightRange` (DESIGN.md, "Weights, roles and versions").

use super::weights::WeightSet;
use super::Compiler;
use crate::error::{escape_pointer, ErrorCode};
use crate::scheme::{WeightOverride, WeightRange, Weighting};
use rust_decimal::Decimal;

/// Whether `w` is inside `range` (bounds inclusive, `null` open).
fn inside(range: &WeightRange, w: Decimal) -> bool {
    range.0.is_none_or(|lo| w >= lo.0) && range.1.is_none_or(|hi| w <= hi.0)
}

/// `[40, 60]`, an open side as `…`.
fn shown(range: &WeightRange) -> String {
    let side = |n: Option<crate::scheme::Num>| n.map_or("…".to_string(), |n| n.0.normalize().to_string());
    format!("[{}, {}]", side(range.0), side(range.1))
}

impl Compiler<'_> {
    /// Checks the weights of `set` against the ranges: the base (`over` none) at the
    /// indicators' and categories' own weights; an override (a role's or a version's at
    /// `path`) at each weight it writes.
    pub(super) fn check_ranges(&mut self, set: &WeightSet, path: &str, over: Option<&WeightOverride>) {
        if self.layout.indicators.broken || self.layout.categories.broken {
            return;
        }
        self.check_indicator_ranges(set, path, over);
        self.check_category_ranges(set, path, over);
    }

    fn check_indicator_ranges(&mut self, set: &WeightSet, path: &str, over: Option<&WeightOverride>) {
        let s = self.scheme;
        for (i, ind) in s.indicators.iter().enumerate() {
            let (Some(range), Some(w)) = (&ind.weight_range, set.indicator.get(i)) else {
                continue;
            };
            let at = match over {
                None => format!("/indicators/{}/weight", self.layout.indicators.position(i)),
                Some(ov) if ov.weights.contains_key(&ind.key) => {
                    format!("{path}/weights/{}", escape_pointer(&ind.key))
                }
                Some(_) => continue,
            };
            self.range_error(range, *w, at, &ind.key);
        }
    }

    /// A category's weight: as written with `nested`, the sum of its indicators with
    /// `global` (reported at the override's `weights` when only they changed it).
    fn check_category_ranges(&mut self, set: &WeightSet, path: &str, over: Option<&WeightOverride>) {
        let s = self.scheme;
        for (ci, cat) in s.categories.iter().enumerate() {
            let Some(range) = &cat.weight_range else { continue };
            let w = match s.weighting {
                Weighting::Nested => set.category.get(ci).copied().unwrap_or_default(),
                Weighting::Global => self.members(set, cat),
            };
            let moved = |ov: &WeightOverride| {
                s.indicators
                    .iter()
                    .any(|i| i.category.as_deref() == Some(cat.key.as_str()) && ov.weights.contains_key(&i.key))
            };
            let at = match over {
                None => format!("/categories/{}/weight", self.layout.categories.position(ci)),
                Some(ov) if ov.category_weights.contains_key(&cat.key) => {
                    format!("{path}/categoryWeights/{}", escape_pointer(&cat.key))
                }
                Some(ov) if s.weighting == Weighting::Global && moved(ov) => format!("{path}/weights"),
                Some(_) => continue,
            };
            self.range_error(range, w, at, &cat.key);
        }
    }

    /// `WEIGHT_RANGE` at `at` when `w` (the weight of `key`) is outside `range`.
    fn range_error(&mut self, range: &WeightRange, w: Decimal, at: String, key: &str) {
        if inside(range, w) {
            return;
        }
        let (w, r) = (w.normalize(), shown(range));
        self.error(
            ErrorCode::WeightRange,
            at,
            format!("“{key}” 的权重 {w} 超出其权重范围 {r}"),
            format!("「{key}」的權重 {w} 超出其權重範圍 {r}"),
            format!("the weight {w} of \"{key}\" is outside its weight range {r}"),
        );
    }
}
