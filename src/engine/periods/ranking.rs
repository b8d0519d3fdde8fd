//! Composites ranked and summed up by the engine's own `rank` and `summarize`: by total,
//! higher first, with the scheme's method and `groupBy`. `ranking.by` and `tieBreakers`
//! name per-period figures a composite does not have, so they are ignored with a warning.

use super::person::Built;
use super::{rank, summarize, CompositeResult, Evaluated};
use crate::compile::{IncentivePlan, Plan, RankKey, RankKeyPlan};
use crate::engine::output::{PersonResult, Summary};
use crate::error::{ErrorCode, JixiaoError};
use crate::i18n::{Locale, Text};

/// Ranks the built composites (adding the rank lines to their explanations) and sums
/// them up; incentives are paid per period, so the summary has no payouts.
pub(super) fn rank_composites(
    plan: &Plan,
    mut built: Vec<Built>,
    locale: Locale,
    explain: bool,
) -> (Vec<CompositeResult>, Summary) {
    let cplan = composite_ranking(plan);
    let mut evaluated: Vec<Evaluated> = built
        .iter_mut()
        .enumerate()
        .map(|(index, b)| as_evaluated(index, b))
        .collect();
    rank(&cplan, &mut evaluated, locale, explain);
    let summary = summarize(&cplan, &evaluated);
    let results = built
        .into_iter()
        .zip(evaluated)
        .map(|(b, e)| {
            let mut r = b.result;
            r.rank = e.result.rank;
            r.group_rank = e.result.group_rank;
            r.top_percent = e.result.top_percent;
            r.explain = e.result.explain;
            r
        })
        .collect();
    (results, summary)
}

/// The scheme as the composite ranks: by total, descending, no tie-breakers, no incentives.
fn composite_ranking(plan: &Plan) -> Plan {
    let mut cplan = plan.clone();
    cplan.ranking.by = RankKeyPlan {
        key: RankKey::Total,
        descending: true,
    };
    cplan.ranking.tie_breakers.clear();
    cplan.incentives = IncentivePlan::default();
    cplan
}

/// A composite as a row the engine ranks (its explanation moves along).
fn as_evaluated(index: usize, b: &mut Built) -> Evaluated {
    Evaluated {
        result: PersonResult {
            index,
            id: b.result.id.clone(),
            name: b.result.name.clone(),
            group: b.result.group.clone(),
            role: b.result.role.clone(),
            ok: b.result.ok,
            total: b.result.total,
            grade: b.result.grade.clone(),
            rank: None,
            group_rank: None,
            top_percent: None,
            vetoed: b.result.vetoed,
            veto: None,
            indicators: Vec::new(),
            categories: Vec::new(),
            adjustments: Vec::new(),
            incentives: Vec::new(),
            payout: None,
            explain: b.result.explain.take(),
            errors: Vec::new(),
        },
        keys: vec![b.result.total.map(|d| d.0)],
        group_key: b.group_key.as_deref().map(std::sync::Arc::from),
        total: b.result.total.map(|d| d.0),
        incentives: None,
    }
}

/// The `IGNORED_SETTING` warnings of ranking settings a composite cannot use, in `locale`.
pub(super) fn ignored_ranking(plan: &Plan, locale: Locale) -> Vec<JixiaoError> {
    let mut warnings = Vec::new();
    if !matches!(plan.ranking.by.key, RankKey::Total) || !plan.ranking.by.descending {
        warnings.push(JixiaoError::warning(
            ErrorCode::IgnoredSetting,
            "ranking/by",
            Text::new(
                "汇总结果按汇总总分排名；方案的 ranking.by 只用于各期间",
                "彙總結果按彙總總分排名；方案的 ranking.by 只用於各期間",
                "the composite is ranked by its total; the scheme's ranking.by applies to the periods only",
            ),
        ));
    }
    if !plan.ranking.tie_breakers.is_empty() {
        warnings.push(JixiaoError::warning(
            ErrorCode::IgnoredSetting,
            "ranking/tieBreakers",
            Text::new(
                "汇总结果不使用 tieBreakers（汇总没有指标得分）；同分按排名方法处理",
                "彙總結果不使用 tieBreakers（彙總沒有指標得分）；同分按排名方法處理",
                "the composite does not use tieBreakers (it has no indicator scores); ties follow the ranking method",
            ),
        ));
    }
    for w in &mut warnings {
        w.localize(locale);
    }
    warnings
}
