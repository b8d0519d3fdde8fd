//! Indicator statistics (`options.statistics`): the mean, median, min, max and top-10 %
//! threshold of a list of decimals, and their layout per indicator and per group in
//! `summary.indicators` (DESIGN.md, "Analysis (反馈)").

use crate::engine::Dec;
use crate::numbers::{checked_add, checked_div, round, RoundingMode};
use indexmap::IndexMap;
use rust_decimal::Decimal;
use serde::Serialize;

/// The figures of one list: its size, mean, median, min, max and the top-10 % threshold.
///
/// The threshold is the score at or above which the best ⌈10 % × n⌉ people are: the
/// ⌈n / 10⌉-th highest figure. Everyone tied with it is at or above it, so more than
/// ⌈n / 10⌉ people may reach it. Mean and median are rounded to the places given; min,
/// max and the threshold are figures of the list, as they are.
///
/// ```
/// use jixiao::analysis::Stats;
/// use jixiao::numbers::RoundingMode;
/// let figures: Vec<rust_decimal::Decimal> = ["70", "80", "90", "100"].iter().map(|s| s.parse().unwrap()).collect();
/// let s = Stats::of(figures, 2, RoundingMode::HalfUp).unwrap();
/// assert_eq!((s.count, s.median.unwrap().0.to_string(), s.top10.unwrap().0.to_string()), (4, "85.00".into(), "100".into()));
/// assert!(Stats::of(Vec::new(), 2, RoundingMode::HalfUp).unwrap().mean.is_none());
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[cfg_attr(target_arch = "wasm32", tsify(missing_as_null))]
#[serde(rename_all = "camelCase")]
pub struct Stats {
    /// How many figures.
    pub count: usize,
    /// Their mean, rounded.
    pub mean: Option<Dec>,
    /// Their median (the mean of the middle two for an even count), rounded.
    pub median: Option<Dec>,
    /// The lowest.
    pub min: Option<Dec>,
    /// The highest.
    pub max: Option<Dec>,
    /// The ⌈n / 10⌉-th highest: the best 10 % are at or above it.
    pub top10: Option<Dec>,
}

impl Stats {
    /// The statistics of `figures` (any order); `None` when a sum overflows.
    pub fn of(mut figures: Vec<Decimal>, places: u32, mode: RoundingMode) -> Option<Stats> {
        figures.sort();
        let n = figures.len();
        if n == 0 {
            return Some(Stats::default());
        }
        let sum = figures.iter().try_fold(Decimal::ZERO, |a, f| checked_add(a, *f).ok())?;
        let mean = checked_div(sum, Decimal::from(n)).ok()?;
        let median = median_of_sorted(&figures)?;
        let best = n.div_ceil(10);
        Some(Stats {
            count: n,
            mean: Some(Dec(round(mean, places, mode))),
            median: Some(Dec(round(median, places, mode))),
            min: figures.first().copied().map(Dec),
            max: figures.last().copied().map(Dec),
            top10: figures.get(n.saturating_sub(best)).copied().map(Dec),
        })
    }
}

/// The median of a sorted, non-empty list: the middle figure, or the mean of the middle two.
pub(crate) fn median_of_sorted(sorted: &[Decimal]) -> Option<Decimal> {
    let n = sorted.len();
    if n % 2 == 1 {
        return sorted.get(n / 2).copied();
    }
    let (a, b) = (sorted.get((n / 2).checked_sub(1)?)?, sorted.get(n / 2)?);
    checked_div(checked_add(*a, *b).ok()?, Decimal::TWO).ok()
}

/// The statistics of one indicator's scores and of its values (the actual as read).
///
/// ```
/// let e = jixiao::Engine::from_json(r#"{"fields":{"group":"团队"},"indicators":[{"key":"q","weight":100,
///     "actual":{"field":"q"},"scoring":{"type":"direct"}}]}"#).unwrap();
/// let options = jixiao::EvaluateOptions { statistics: true, ..Default::default() };
/// let out = e.evaluate_rows(&Default::default(), "{\"q\":80,\"团队\":\"甲\"}\n{\"q\":90,\"团队\":\"乙\"}", &options).unwrap();
/// let s: &jixiao::analysis::IndicatorStats = &out.summary.indicators.as_ref().unwrap()[0];
/// assert_eq!(s.scores.mean.as_ref().unwrap().0.to_string(), "85.00");
/// assert_eq!(s.groups["乙"].values.max.as_ref().unwrap().0.to_string(), "90");
/// ```
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[cfg_attr(target_arch = "wasm32", tsify(missing_as_null))]
#[serde(rename_all = "camelCase")]
pub struct IndicatorStats {
    /// The indicator's key.
    pub key: String,
    /// The indicator's name.
    pub name: String,
    /// Its scores over every computed row (score places).
    pub scores: Stats,
    /// Its values over every computed row that has one (mean and median at rate places).
    pub values: Stats,
    /// The same per group (the `fields.group` cell), in order of first appearance.
    #[cfg_attr(target_arch = "wasm32", tsify(type = "Record<string, GroupStats>"))]
    pub groups: IndexMap<String, GroupStats>,
}

/// One group's statistics of one indicator.
///
/// ```
/// let g = jixiao::analysis::GroupStats::default();
/// assert_eq!(g.scores.count, 0);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[cfg_attr(target_arch = "wasm32", tsify(missing_as_null))]
#[serde(rename_all = "camelCase")]
pub struct GroupStats {
    /// The group's scores.
    pub scores: Stats,
    /// The group's values.
    pub values: Stats,
}

/// The figures of one indicator collected over the rows, overall and per group.
#[derive(Default)]
pub(crate) struct Collected {
    scores: Vec<Decimal>,
    values: Vec<Decimal>,
    groups: IndexMap<String, (Vec<Decimal>, Vec<Decimal>)>,
}

impl Collected {
    /// Adds one person's score and value (either may be absent) under their group.
    pub(crate) fn add(&mut self, group: Option<&str>, score: Option<Decimal>, value: Option<Decimal>) {
        self.scores.extend(score);
        self.values.extend(value);
        if let Some(g) = group {
            let (s, v) = self.groups.entry(g.to_string()).or_default();
            s.extend(score);
            v.extend(value);
        }
    }

    /// The statistics: scores at `places.0`, values at `places.1` (`None` on overflow).
    pub(crate) fn stats(self, key: &str, name: &str, places: (u32, u32), mode: RoundingMode) -> Option<IndicatorStats> {
        let mut groups = IndexMap::with_capacity(self.groups.len());
        for (g, (s, v)) in self.groups {
            let stats = GroupStats {
                scores: Stats::of(s, places.0, mode)?,
                values: Stats::of(v, places.1, mode)?,
            };
            groups.insert(g, stats);
        }
        Some(IndicatorStats {
            key: key.to_string(),
            name: name.to_string(),
            scores: Stats::of(self.scores, places.0, mode)?,
            values: Stats::of(self.values, places.1, mode)?,
            groups,
        })
    }
}
