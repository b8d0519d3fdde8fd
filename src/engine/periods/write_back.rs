//! The composite's write-back (`compose.rows`): which columns a mapping may ask for, and
//! the cells of a composite, written through the engine's own flat rows (numbers as JSON
//! numbers, texts as strings, missing as null).

use super::decode::{find_period, PeriodSpec};
use super::name::PeriodName;
use super::{flat_rows, input_error, json_number, Common, CompositeResult, COMMON_TARGETS};
use crate::compile::Plan;
use crate::error::{escape_pointer, JixiaoError};
use indexmap::IndexMap;
use serde_json::Value;

/// Checks `compose.rows`: every column names a composite figure, a composed period's
/// `periods.<period>.<total|weight|weighted>` or a scheme category's
/// `categories.<key>.<score|weight|weighted>`.
pub(super) fn check_composite_mapping(
    plan: &Plan,
    periods: &[PeriodSpec],
    composed: &[usize],
    mapping: &IndexMap<String, String>,
) -> Result<(), JixiaoError> {
    for (column, what) in mapping {
        let ok = COMMON_TARGETS.contains(&what.as_str())
            || match what.strip_prefix("periods.").and_then(|r| r.rsplit_once('.')) {
                Some((p, fig)) => {
                    ["total", "weight", "weighted"].contains(&fig)
                        && find_period(periods, p).is_some_and(|k| composed.contains(&k))
                }
                None => match what.split('.').collect::<Vec<_>>().as_slice() {
                    ["categories", key, fig] => {
                        plan.categories.iter().any(|c| c.0 == *key) && ["score", "weight", "weighted"].contains(fig)
                    }
                    _ => false,
                },
            };
        if !ok {
            return Err(input_error(
                &format!("compose/rows/{}", escape_pointer(column)),
                format!("回写列 “{column}” 的取值 “{what}” 无法识别"),
                format!("回寫欄「{column}」的取值「{what}」無法識別"),
                format!("the write-back column \"{column}\" asks for \"{what}\", which is not known"),
            ));
        }
    }
    Ok(())
}

/// Flat write-back rows of the composite, one per result.
pub(super) fn composite_rows(
    results: &[CompositeResult],
    mapping: &IndexMap<String, String>,
    specs: &[PeriodSpec],
) -> Vec<IndexMap<String, Value>> {
    flat_rows(results, mapping, |r, what| composite_cell(r, what, specs))
}

/// One cell of a composite's write-back row.
fn composite_cell(r: &CompositeResult, what: &str, specs: &[PeriodSpec]) -> Value {
    let common = Common {
        id: r.id.as_ref(),
        name: r.name.as_ref(),
        group: r.group.as_ref(),
        role: r.role.as_ref(),
        grade: r.grade.as_ref(),
        ok: r.ok,
        vetoed: r.vetoed,
        veto: r.veto.as_ref().map(|v| &v.name),
        total: r.total,
        top_percent: r.top_percent,
        rank: r.rank,
        group_rank: r.group_rank,
        errors: &r.errors,
    };
    if let Some(v) = common.cell(what) {
        return v;
    }
    match what.strip_prefix("periods.").and_then(|x| x.rsplit_once('.')) {
        Some((p, fig)) => period_figure(r, p, fig, specs),
        None => match what.split('.').collect::<Vec<_>>().as_slice() {
            ["categories", key, fig] => r
                .categories
                .iter()
                .find(|c| c.key == *key)
                .map(|c| {
                    json_number(match *fig {
                        "score" => c.score,
                        "weight" => c.weight,
                        _ => c.weighted,
                    })
                })
                .unwrap_or(Value::Null),
            _ => Value::Null,
        },
    }
}

/// `periods.<p>.<fig>`: the figure of the part whose period is `p` (any spelling).
fn period_figure(r: &CompositeResult, p: &str, fig: &str, specs: &[PeriodSpec]) -> Value {
    let target = PeriodName::parse(p);
    r.periods
        .iter()
        .find(|part| {
            let name = specs.iter().find(|s| s.name.text == part.period).map(|s| &s.name);
            matches!((name, &target), (Some(a), Some(b)) if a.same(b))
        })
        .map(|part| {
            json_number(match fig {
                "total" => part.total,
                "weight" => part.weight,
                _ => part.weighted,
            })
        })
        .unwrap_or(Value::Null)
}
