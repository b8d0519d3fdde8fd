//! What `evaluate` returns, and how decimals are written: strings with the
//! configured places by default, or JSON numbers with `decimals: "number"`.

use crate::error::JixiaoError;
use crate::numbers::DecimalText;
use indexmap::IndexMap;
use rust_decimal::Decimal;
use serde::{Serialize, Serializer};
use std::cell::Cell as StdCell;

thread_local! {
    static AS_NUMBERS: StdCell<bool> = const { StdCell::new(false) };
}

/// An output decimal, already rounded to its places (`"87.30"`).
/// It serializes as a string, or as a JSON number inside `with_numbers` (`decimals: "number"`).
///
/// ```
/// let d = jixiao::Dec("87.30".parse().unwrap());
/// assert_eq!(serde_json::to_string(&d).unwrap(), "\"87.30\"");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Dec(pub Decimal);

impl Serialize for Dec {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if !AS_NUMBERS.with(StdCell::get) {
            // written straight into the output, with no formatter and no String per figure
            return s.serialize_str(DecimalText::new(self.0, false).as_str());
        }
        // the nearest double to the exact decimal text: parsing, not arithmetic
        let text = self.0.to_string();
        match text.parse::<f64>() {
            Ok(f) if f.is_finite() => s.serialize_f64(f),
            _ => s.serialize_str(&text),
        }
    }
}

/// Runs `f` with decimals serialized as JSON numbers when `numbers` is true.
pub(crate) fn with_numbers<T>(numbers: bool, f: impl FnOnce() -> T) -> T {
    let before = AS_NUMBERS.with(|c| c.replace(numbers));
    let out = f();
    AS_NUMBERS.with(|c| c.set(before));
    out
}

/// One indicator of one person.
///
/// ```
/// let e = jixiao::Engine::from_json(r#"{"fields":{"id":"工号","group":"团队"},
///   "categories":[{"key":"c","name":"业绩","weight":100}],
///   "indicators":[{"key":"q","name":"评分","category":"c","weight":100,"actual":{"field":"q"},"scoring":{"type":"direct"}}],
///   "adjustments":[{"key":"a","per":-5,"value":{"field":"投诉"}}],
///   "vetoes":[{"key":"v","name":"违规","when":{"field":"违规","op":">","value":0}}],
///   "grades":{"type":"bands","bands":[{"grade":"A","min":80},{"grade":"B","min":0}]},
///   "ranking":{"groupBy":"group"}}"#).unwrap();
/// let rows = "{\"工号\":\"E1\",\"团队\":\"华东\",\"q\":90,\"投诉\":1}\n{\"工号\":\"E2\",\"团队\":\"华东\",\"q\":95,\"违规\":1}";
/// let options = jixiao::EvaluateOptions { explain: true.into(), ..Default::default() };
/// let out = e.evaluate_rows(&Default::default(), rows, &options).unwrap();
/// let i: &jixiao::IndicatorResult = &out.results[0].indicators[0];
/// assert_eq!((i.score.unwrap().0.to_string(), i.weighted.unwrap().0.to_string()), ("90.00".into(), "90.00".into()));
/// ```
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[cfg_attr(target_arch = "wasm32", tsify(missing_as_null))]
#[serde(rename_all = "camelCase")]
pub struct IndicatorResult {
    /// Indicator key.
    pub key: String,
    /// Indicator name.
    pub name: String,
    /// `ok`, `missing_zero` (missing, scored 0), `excluded` (missing, dropped out) or `error`.
    pub status: &'static str,
    /// The actual value as read (exact).
    pub actual: Option<Dec>,
    /// The target as read (exact).
    pub target: Option<Dec>,
    /// Achievement rate, rate places.
    pub achievement: Option<Dec>,
    /// Score, score places.
    pub score: Option<Dec>,
    /// Effective weight in percent of the total (after role, version and exclusions).
    pub weight: Option<Dec>,
    /// score × weight / 100, score places.
    pub weighted: Option<Dec>,
    /// The branch of the rule taken (`capped`, `below_floor`, `band:0.95`, `pass` …).
    pub branch: Option<String>,
}

/// One category of one person: the sum of its indicators' weighted scores.
///
/// ```
/// let e = jixiao::Engine::from_json(r#"{"fields":{"id":"工号","group":"团队"},
///   "categories":[{"key":"c","name":"业绩","weight":100}],
///   "indicators":[{"key":"q","name":"评分","category":"c","weight":100,"actual":{"field":"q"},"scoring":{"type":"direct"}}],
///   "adjustments":[{"key":"a","per":-5,"value":{"field":"投诉"}}],
///   "vetoes":[{"key":"v","name":"违规","when":{"field":"违规","op":">","value":0}}],
///   "grades":{"type":"bands","bands":[{"grade":"A","min":80},{"grade":"B","min":0}]},
///   "ranking":{"groupBy":"group"}}"#).unwrap();
/// let rows = "{\"工号\":\"E1\",\"团队\":\"华东\",\"q\":90,\"投诉\":1}\n{\"工号\":\"E2\",\"团队\":\"华东\",\"q\":95,\"违规\":1}";
/// let options = jixiao::EvaluateOptions { explain: true.into(), ..Default::default() };
/// let out = e.evaluate_rows(&Default::default(), rows, &options).unwrap();
/// let c: &jixiao::CategoryResult = &out.results[0].categories[0];
/// assert_eq!(c.weighted.0.to_string(), "90.00");
/// ```
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[cfg_attr(target_arch = "wasm32", tsify(missing_as_null))]
#[serde(rename_all = "camelCase")]
pub struct CategoryResult {
    /// Category key.
    pub key: String,
    /// Category name.
    pub name: String,
    /// weighted × 100 / weight: the category's own score on the 0–100 scale.
    pub score: Option<Dec>,
    /// The category's effective weight.
    pub weight: Dec,
    /// Sum of its indicators' weighted scores.
    pub weighted: Dec,
}

/// One adjustment of one person.
///
/// ```
/// let e = jixiao::Engine::from_json(r#"{"fields":{"id":"工号","group":"团队"},
///   "categories":[{"key":"c","name":"业绩","weight":100}],
///   "indicators":[{"key":"q","name":"评分","category":"c","weight":100,"actual":{"field":"q"},"scoring":{"type":"direct"}}],
///   "adjustments":[{"key":"a","per":-5,"value":{"field":"投诉"}}],
///   "vetoes":[{"key":"v","name":"违规","when":{"field":"违规","op":">","value":0}}],
///   "grades":{"type":"bands","bands":[{"grade":"A","min":80},{"grade":"B","min":0}]},
///   "ranking":{"groupBy":"group"}}"#).unwrap();
/// let rows = "{\"工号\":\"E1\",\"团队\":\"华东\",\"q\":90,\"投诉\":1}\n{\"工号\":\"E2\",\"团队\":\"华东\",\"q\":95,\"违规\":1}";
/// let options = jixiao::EvaluateOptions { explain: true.into(), ..Default::default() };
/// let out = e.evaluate_rows(&Default::default(), rows, &options).unwrap();
/// let a: &jixiao::AdjustmentResult = &out.results[0].adjustments[0];
/// assert_eq!(a.points.0.to_string(), "-5.00");
/// ```
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[cfg_attr(target_arch = "wasm32", tsify(missing_as_null))]
#[serde(rename_all = "camelCase")]
pub struct AdjustmentResult {
    /// Adjustment key.
    pub key: String,
    /// Adjustment name.
    pub name: String,
    /// The value read (missing counts as 0).
    pub value: Dec,
    /// per × value within min‥max, score places.
    pub points: Dec,
}

/// The veto that applied.
///
/// ```
/// let e = jixiao::Engine::from_json(r#"{"fields":{"id":"工号","group":"团队"},
///   "categories":[{"key":"c","name":"业绩","weight":100}],
///   "indicators":[{"key":"q","name":"评分","category":"c","weight":100,"actual":{"field":"q"},"scoring":{"type":"direct"}}],
///   "adjustments":[{"key":"a","per":-5,"value":{"field":"投诉"}}],
///   "vetoes":[{"key":"v","name":"违规","when":{"field":"违规","op":">","value":0}}],
///   "grades":{"type":"bands","bands":[{"grade":"A","min":80},{"grade":"B","min":0}]},
///   "ranking":{"groupBy":"group"}}"#).unwrap();
/// let rows = "{\"工号\":\"E1\",\"团队\":\"华东\",\"q\":90,\"投诉\":1}\n{\"工号\":\"E2\",\"团队\":\"华东\",\"q\":95,\"违规\":1}";
/// let options = jixiao::EvaluateOptions { explain: true.into(), ..Default::default() };
/// let out = e.evaluate_rows(&Default::default(), rows, &options).unwrap();
/// let v: &jixiao::VetoHit = out.results[1].veto.as_ref().unwrap();
/// assert_eq!(v.name, "违规");
/// ```
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[cfg_attr(target_arch = "wasm32", tsify(missing_as_null))]
#[serde(rename_all = "camelCase")]
pub struct VetoHit {
    /// Veto key.
    pub key: String,
    /// Veto name.
    pub name: String,
    /// Reason, when the scheme gives one.
    pub reason: Option<String>,
}

/// One input of an explanation step.
///
/// ```
/// let e = jixiao::Engine::from_json(r#"{"fields":{"id":"工号","group":"团队"},
///   "categories":[{"key":"c","name":"业绩","weight":100}],
///   "indicators":[{"key":"q","name":"评分","category":"c","weight":100,"actual":{"field":"q"},"scoring":{"type":"direct"}}],
///   "adjustments":[{"key":"a","per":-5,"value":{"field":"投诉"}}],
///   "vetoes":[{"key":"v","name":"违规","when":{"field":"违规","op":">","value":0}}],
///   "grades":{"type":"bands","bands":[{"grade":"A","min":80},{"grade":"B","min":0}]},
///   "ranking":{"groupBy":"group"}}"#).unwrap();
/// let rows = "{\"工号\":\"E1\",\"团队\":\"华东\",\"q\":90,\"投诉\":1}\n{\"工号\":\"E2\",\"团队\":\"华东\",\"q\":95,\"违规\":1}";
/// let options = jixiao::EvaluateOptions { explain: true.into(), ..Default::default() };
/// let out = e.evaluate_rows(&Default::default(), rows, &options).unwrap();
/// let step = &out.results[0].explain.as_ref().unwrap().steps[0];
/// let input: &jixiao::StepInput = &step.inputs[0];
/// assert_eq!(input.field.as_deref(), Some("q"));
/// ```
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[cfg_attr(target_arch = "wasm32", tsify(missing_as_null))]
#[serde(rename_all = "camelCase")]
pub struct StepInput {
    /// What it is: `actual`, `target`, a rater key, `value`.
    pub role: String,
    /// The column it came from.
    pub field: Option<String>,
    /// The cell as written (`"120万"`).
    pub raw: Option<String>,
    /// The number read.
    pub value: Option<Dec>,
}

/// One step of an explanation: structured data plus one line of text.
///
/// ```
/// let e = jixiao::Engine::from_json(r#"{"fields":{"id":"工号","group":"团队"},
///   "categories":[{"key":"c","name":"业绩","weight":100}],
///   "indicators":[{"key":"q","name":"评分","category":"c","weight":100,"actual":{"field":"q"},"scoring":{"type":"direct"}}],
///   "adjustments":[{"key":"a","per":-5,"value":{"field":"投诉"}}],
///   "vetoes":[{"key":"v","name":"违规","when":{"field":"违规","op":">","value":0}}],
///   "grades":{"type":"bands","bands":[{"grade":"A","min":80},{"grade":"B","min":0}]},
///   "ranking":{"groupBy":"group"}}"#).unwrap();
/// let rows = "{\"工号\":\"E1\",\"团队\":\"华东\",\"q\":90,\"投诉\":1}\n{\"工号\":\"E2\",\"团队\":\"华东\",\"q\":95,\"违规\":1}";
/// let options = jixiao::EvaluateOptions { explain: true.into(), ..Default::default() };
/// let out = e.evaluate_rows(&Default::default(), rows, &options).unwrap();
/// let step: &jixiao::Step = &out.results[0].explain.as_ref().unwrap().steps[0];
/// assert_eq!(step.kind, "indicator");
/// ```
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[cfg_attr(target_arch = "wasm32", tsify(missing_as_null))]
#[serde(rename_all = "camelCase")]
pub struct Step {
    /// `measure` (a raw-table total), `indicator`, `adjustment`, `total`, `veto`, `grade`, `rank`.
    pub kind: &'static str,
    /// The indicator, adjustment or veto key.
    pub key: Option<String>,
    /// Inputs with their cells.
    pub inputs: Vec<StepInput>,
    /// The rule applied (`linear`, `bands` …).
    pub rule: Option<String>,
    /// The branch taken.
    pub branch: Option<String>,
    /// The step's result.
    pub value: Option<Dec>,
    /// One line of text in the chosen locale.
    pub text: String,
}

/// How a person's figures were computed.
///
/// ```
/// let e = jixiao::Engine::from_json(r#"{"fields":{"id":"工号","group":"团队"},
///   "categories":[{"key":"c","name":"业绩","weight":100}],
///   "indicators":[{"key":"q","name":"评分","category":"c","weight":100,"actual":{"field":"q"},"scoring":{"type":"direct"}}],
///   "adjustments":[{"key":"a","per":-5,"value":{"field":"投诉"}}],
///   "vetoes":[{"key":"v","name":"违规","when":{"field":"违规","op":">","value":0}}],
///   "grades":{"type":"bands","bands":[{"grade":"A","min":80},{"grade":"B","min":0}]},
///   "ranking":{"groupBy":"group"}}"#).unwrap();
/// let rows = "{\"工号\":\"E1\",\"团队\":\"华东\",\"q\":90,\"投诉\":1}\n{\"工号\":\"E2\",\"团队\":\"华东\",\"q\":95,\"违规\":1}";
/// let options = jixiao::EvaluateOptions { explain: true.into(), ..Default::default() };
/// let out = e.evaluate_rows(&Default::default(), rows, &options).unwrap();
/// let ex: &jixiao::Explanation = out.results[0].explain.as_ref().unwrap();
/// assert!(ex.lines.iter().any(|l| l.starts_with("总分")));
/// ```
#[derive(Clone, Debug, Default, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[cfg_attr(target_arch = "wasm32", tsify(missing_as_null))]
#[serde(rename_all = "camelCase")]
pub struct Explanation {
    /// One line per step, in the chosen locale.
    pub lines: Vec<String>,
    /// The steps.
    pub steps: Vec<Step>,
}

/// One person's result. Exactly one per input row, in input order.
///
/// ```
/// let e = jixiao::Engine::from_json(r#"{"fields":{"id":"工号","group":"团队"},
///   "categories":[{"key":"c","name":"业绩","weight":100}],
///   "indicators":[{"key":"q","name":"评分","category":"c","weight":100,"actual":{"field":"q"},"scoring":{"type":"direct"}}],
///   "adjustments":[{"key":"a","per":-5,"value":{"field":"投诉"}}],
///   "vetoes":[{"key":"v","name":"违规","when":{"field":"违规","op":">","value":0}}],
///   "grades":{"type":"bands","bands":[{"grade":"A","min":80},{"grade":"B","min":0}]},
///   "ranking":{"groupBy":"group"}}"#).unwrap();
/// let rows = "{\"工号\":\"E1\",\"团队\":\"华东\",\"q\":90,\"投诉\":1}\n{\"工号\":\"E2\",\"团队\":\"华东\",\"q\":95,\"违规\":1}";
/// let options = jixiao::EvaluateOptions { explain: true.into(), ..Default::default() };
/// let out = e.evaluate_rows(&Default::default(), rows, &options).unwrap();
/// let r: &jixiao::PersonResult = &out.results[1];
/// assert!(r.vetoed && r.ok);
/// assert_eq!((r.total.unwrap().0.to_string(), r.grade.as_deref(), r.rank), ("0.00".into(), Some("B"), Some(2)));
/// ```
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[cfg_attr(target_arch = "wasm32", tsify(missing_as_null))]
#[serde(rename_all = "camelCase")]
pub struct PersonResult {
    /// 0-based position in `people`.
    pub index: usize,
    /// The id cell.
    pub id: Option<String>,
    /// The name cell.
    pub name: Option<String>,
    /// The group cell.
    pub group: Option<String>,
    /// The role cell.
    pub role: Option<String>,
    /// False when the row could not be computed; see `errors`.
    pub ok: bool,
    /// Σ weighted + Σ adjustments within totalMin‥totalMax (or the veto score).
    pub total: Option<Dec>,
    /// The grade.
    pub grade: Option<String>,
    /// Rank among the `ok` rows.
    pub rank: Option<u32>,
    /// Rank inside the group (`ranking.groupBy`).
    pub group_rank: Option<u32>,
    /// rank / n over the ranked rows, rate places.
    pub top_percent: Option<Dec>,
    /// Whether a veto applied.
    pub vetoed: bool,
    /// The veto that applied.
    pub veto: Option<VetoHit>,
    /// Indicators in scheme order.
    pub indicators: Vec<IndicatorResult>,
    /// Categories in scheme order.
    pub categories: Vec<CategoryResult>,
    /// Adjustments in scheme order.
    pub adjustments: Vec<AdjustmentResult>,
    /// Payout lines of the scheme's incentives, in scheme order (commission, bonus, pool, awards).
    pub incentives: Vec<PayoutLine>,
    /// Σ of the payout lines (none when the scheme has no incentives; 0 for a failed row).
    pub payout: Option<Dec>,
    /// With `explain: true`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub explain: Option<Explanation>,
    /// Row errors.
    #[cfg_attr(target_arch = "wasm32", tsify(type = "JixiaoErrorData[]"))]
    pub errors: Vec<JixiaoError>,
}

/// One slice of a tiered commission: the part of the base between two edges, at a rate.
///
/// ```
/// let s = jixiao::PayoutSlice { from: jixiao::Dec(0.into()), to: Some(jixiao::Dec(500000.into())),
///     rate: jixiao::Dec("0.02".parse().unwrap()), base: jixiao::Dec(500000.into()), pay: jixiao::Dec("10000.00".parse().unwrap()) };
/// assert_eq!(serde_json::to_value(&s).unwrap()["pay"], "10000.00");
/// ```
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[cfg_attr(target_arch = "wasm32", tsify(missing_as_null))]
#[serde(rename_all = "camelCase")]
pub struct PayoutSlice {
    /// Lower edge (inclusive).
    pub from: Dec,
    /// Upper edge (none for the top tier).
    pub to: Option<Dec>,
    /// The tier's rate.
    pub rate: Dec,
    /// The part of the base in this slice.
    pub base: Dec,
    /// base × rate, at money places.
    pub pay: Dec,
}

/// One payout line of a person: a commission, bonus, pool share or award.
///
/// `status` is `paid`, `capped`, `clawback` (a negative YTD true-up), `gate_failed`,
/// `vetoed`, `condition_failed` (the team missed the pool's condition), `no_weight`,
/// `missing` (a figure the plan needs is blank), `failed` (the row has errors) or
/// `error`; `text` says why in the output locale.
///
/// ```
/// let e = jixiao::Engine::from_json(r#"{"fields":{"id":"工号"},
///   "indicators":[{"key":"q","weight":100,"actual":{"field":"q"},"scoring":{"type":"direct"}}],
///   "incentives":{"commission":{"base":{"field":"销售额"},"tiers":[{"from":0,"rate":"0.02"},{"from":500000,"rate":"0.03"}]}}}"#).unwrap();
/// let out = e.evaluate_rows(&Default::default(), "{\"工号\":\"E1\",\"q\":90,\"销售额\":\"60万\"}", &Default::default()).unwrap();
/// let line: &jixiao::PayoutLine = &out.results[0].incentives[0];
/// assert_eq!((line.kind, line.amount.0.to_string(), line.slices.len()), ("commission", "13000.00".into(), 2));
/// ```
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[cfg_attr(target_arch = "wasm32", tsify(missing_as_null))]
#[serde(rename_all = "camelCase")]
pub struct PayoutLine {
    /// The plan's key.
    pub key: String,
    /// The plan's name.
    pub name: String,
    /// `commission`, `bonus`, `pool` or `award`.
    pub kind: &'static str,
    /// The amount, at money places (negative for a clawback).
    pub amount: Dec,
    /// Why the amount is what it is (see above).
    pub status: &'static str,
    /// The base read (commission, bonus, `score_x_base`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub base: Option<Dec>,
    /// The target read (commission on achievement).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target: Option<Dec>,
    /// The rate (whole mode), coefficient (bonus) or share of the pool.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rate: Option<Dec>,
    /// Already paid this year (YTD true-up).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub paid: Option<Dec>,
    /// Commission slices.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub slices: Vec<PayoutSlice>,
    /// The explanation, in the output locale.
    pub text: String,
}

/// Totals over the rows.
///
/// ```
/// let e = jixiao::Engine::from_json(r#"{"fields":{"id":"工号","group":"团队"},
///   "categories":[{"key":"c","name":"业绩","weight":100}],
///   "indicators":[{"key":"q","name":"评分","category":"c","weight":100,"actual":{"field":"q"},"scoring":{"type":"direct"}}],
///   "adjustments":[{"key":"a","per":-5,"value":{"field":"投诉"}}],
///   "vetoes":[{"key":"v","name":"违规","when":{"field":"违规","op":">","value":0}}],
///   "grades":{"type":"bands","bands":[{"grade":"A","min":80},{"grade":"B","min":0}]},
///   "ranking":{"groupBy":"group"}}"#).unwrap();
/// let rows = "{\"工号\":\"E1\",\"团队\":\"华东\",\"q\":90,\"投诉\":1}\n{\"工号\":\"E2\",\"团队\":\"华东\",\"q\":95,\"违规\":1}";
/// let options = jixiao::EvaluateOptions { explain: true.into(), ..Default::default() };
/// let out = e.evaluate_rows(&Default::default(), rows, &options).unwrap();
/// let s: &jixiao::Summary = &out.summary;
/// assert_eq!((s.count, s.vetoed, s.grades["A"]), (2, 1, 1));
/// ```
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[cfg_attr(target_arch = "wasm32", tsify(missing_as_null))]
#[serde(rename_all = "camelCase")]
pub struct Summary {
    /// Rows in.
    pub count: usize,
    /// Rows computed.
    pub ok: usize,
    /// Rows failed.
    pub failed: usize,
    /// Rows vetoed.
    pub vetoed: usize,
    /// Mean total over ok rows.
    pub mean: Option<Dec>,
    /// Median total over ok rows.
    pub median: Option<Dec>,
    /// Lowest total.
    pub min: Option<Dec>,
    /// Highest total.
    pub max: Option<Dec>,
    /// Grade → count, in grade order (every grade listed).
    #[cfg_attr(target_arch = "wasm32", tsify(type = "Record<string, number>"))]
    pub grades: IndexMap<String, usize>,
    /// Σ of every payout (none without incentives).
    pub payout: Option<Dec>,
    /// Plan key → Σ of its payouts, in scheme order.
    #[cfg_attr(target_arch = "wasm32", tsify(type = "Record<string, Dec>"))]
    pub payouts: IndexMap<String, Dec>,
    /// With `options.statistics`: each indicator's statistics, overall and per group
    /// (DESIGN.md, "Analysis (反馈)").
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub indicators: Option<Vec<crate::analysis::IndicatorStats>>,
}

/// The whole output of `evaluate`.
///
/// ```
/// let e = jixiao::Engine::from_json(r#"{"fields":{"id":"工号","group":"团队"},
///   "categories":[{"key":"c","name":"业绩","weight":100}],
///   "indicators":[{"key":"q","name":"评分","category":"c","weight":100,"actual":{"field":"q"},"scoring":{"type":"direct"}}],
///   "adjustments":[{"key":"a","per":-5,"value":{"field":"投诉"}}],
///   "vetoes":[{"key":"v","name":"违规","when":{"field":"违规","op":">","value":0}}],
///   "grades":{"type":"bands","bands":[{"grade":"A","min":80},{"grade":"B","min":0}]},
///   "ranking":{"groupBy":"group"}}"#).unwrap();
/// let rows = "{\"工号\":\"E1\",\"团队\":\"华东\",\"q\":90,\"投诉\":1}\n{\"工号\":\"E2\",\"团队\":\"华东\",\"q\":95,\"违规\":1}";
/// let options = jixiao::EvaluateOptions { explain: true.into(), ..Default::default() };
/// let out = e.evaluate_rows(&Default::default(), rows, &options).unwrap();
/// let o: &jixiao::EvaluateOutput = &out;
/// assert_eq!(o.results.len(), 2);
/// assert!(o.errors.is_empty());
/// ```
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[cfg_attr(target_arch = "wasm32", tsify(missing_as_null))]
#[serde(rename_all = "camelCase")]
pub struct EvaluateOutput {
    /// One per input row, in input order.
    pub results: Vec<PersonResult>,
    /// Every row error.
    #[cfg_attr(target_arch = "wasm32", tsify(type = "JixiaoErrorData[]"))]
    pub errors: Vec<JixiaoError>,
    /// Totals.
    pub summary: Summary,
    /// Notes about the input (ignored parts, unknown role values …).
    #[cfg_attr(target_arch = "wasm32", tsify(type = "JixiaoErrorData[]"))]
    pub warnings: Vec<JixiaoError>,
    /// Write-back rows, with `options.rows`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        target_arch = "wasm32",
        tsify(type = "Array<Record<string, string | number | boolean | null>>")
    )]
    pub rows: Option<Vec<IndexMap<String, serde_json::Value>>>,
}
