//! [`decompose_tree`]: the steps in order (flatten, node settings, new hires, the root's
//! total and unit, every node's split, the result written).

use crate::error::JixiaoError;
use crate::i18n::Locale;
use crate::targets::input::{localized, read_locale};

use super::flat::flatten;
use super::hires::{hires, read_period, read_ramp};
use super::node::split_all;
use super::result::{written, Solved, TreeDecomposition};
use super::settings::{node_starts, root_total, Settings};
use super::TreeInput;

/// Splits a total down an organisation tree; see the module docs for the per-level
/// rules, new-hire ramp and proration, and limits. Every node's children sum exactly to
/// the node; errors come back in the input's locale with a JSON pointer such as
/// `/root/children/1/weight`.
///
/// ```
/// let input: jixiao::targets::TreeInput = serde_json::from_str(r#"{
///   "total": 1000, "unit": 10, "method": "weights",
///   "root": { "id": "co", "children": [ { "id": "east", "weight": 3 }, { "id": "west", "weight": 1 } ] } }"#).unwrap();
/// let out = jixiao::decompose_tree(&input).unwrap();
/// assert_eq!((out.nodes[1].value.as_str(), out.nodes[2].value.as_str()), ("750", "250"));
/// assert_eq!(out.nodes[1].share, "0.7500");
/// ```
pub fn decompose_tree(input: &TreeInput) -> Result<TreeDecomposition, JixiaoError> {
    let locale = read_locale(input.locale.as_deref())?;
    localized(run(input, locale), locale)
}

fn run(input: &TreeInput, locale: Locale) -> Result<TreeDecomposition, JixiaoError> {
    let flat = flatten(&input.root)?;
    let starts = node_starts(input, &flat)?;
    let period = read_period(input)?;
    let ramp = read_ramp(input)?;
    let hires = hires(&starts, period.as_ref(), ramp.as_deref())?;
    let (base, total, unit) = root_total(input)?;
    let settings = Settings {
        method: input.method,
        hires: &hires,
        unit,
        locale,
        period_days: period.as_ref().map_or(1, |p| p.days),
    };
    let walk = split_all(&settings, &flat, total)?;
    written(Solved {
        input,
        flat: &flat,
        settings: &settings,
        starts: &starts,
        period: period.as_ref(),
        base,
        total,
        walk,
    })
}
