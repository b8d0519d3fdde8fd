//! What the caller writes: the options and the input head of `evaluate`, and how their
//! JSON text is decoded (the locale, the head without `people`, the rows split out).

use crate::compile::Plan;
use crate::error::{ErrorCode, JixiaoError};
use crate::i18n::{Locale, Text};
use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

/// How output decimals are written.
///
/// ```
/// let d: jixiao::Decimals = serde_json::from_str("\"number\"").unwrap();
/// assert_eq!(d, jixiao::Decimals::Number);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[cfg_attr(target_arch = "wasm32", tsify(missing_as_null))]
#[serde(rename_all = "lowercase")]
pub enum Decimals {
    /// Strings with exactly the configured places (`"87.30"`), the default.
    #[default]
    String,
    /// JS numbers (`87.3`).
    Number,
}

/// How much each result of `evaluate` carries (DESIGN.md, "Large tables").
///
/// ```
/// let o: jixiao::EvaluateOptions = serde_json::from_str(r#"{"output":"totals"}"#).unwrap();
/// assert_eq!(o.output, jixiao::OutputMode::Totals);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[cfg_attr(target_arch = "wasm32", tsify(missing_as_null))]
#[serde(rename_all = "lowercase")]
pub enum OutputMode {
    /// Every figure of every indicator, category and adjustment, the default.
    #[default]
    Full,
    /// Identity, total, grade, ranks, veto and payout, and per indicator only its score and
    /// weighted score, with the indicators' keys and names once in a header.
    Scores,
    /// Identity, total, grade, ranks, veto and payout.
    ///
    /// With `Scores` and `Totals` (and no `rows`) the parts the lean results leave out are
    /// not built: `Engine::evaluate_rows` then returns categories, adjustments' and
    /// indicators' names, branches and payout lines' words empty (DESIGN.md, "Large tables").
    Totals,
}

/// Which results carry an explanation: none (`false`, the default), every one (`true`),
/// or the people whose id is listed (`["E001", "E007"]`): a page explains the person
/// clicked without explaining 100 000 (DESIGN.md, "Large tables").
///
/// ```
/// let o: jixiao::EvaluateOptions = serde_json::from_str(r#"{"explain":["E001"]}"#).unwrap();
/// assert!(o.explain.person(Some("E001")) && !o.explain.person(Some("E002")));
/// assert!(jixiao::Explain::from(true).person(None));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[cfg_attr(target_arch = "wasm32", tsify(missing_as_null))]
#[serde(untagged, expecting = "explain must be true, false or a list of ids")]
pub enum Explain {
    /// `true`: every result; `false`: none.
    Every(bool),
    /// The people with these ids.
    Only(Vec<String>),
}

impl Default for Explain {
    fn default() -> Explain {
        Explain::Every(false)
    }
}

impl From<bool> for Explain {
    fn from(every: bool) -> Explain {
        Explain::Every(every)
    }
}

impl Explain {
    /// Whether anyone is explained.
    pub fn any(&self) -> bool {
        match self {
            Explain::Every(every) => *every,
            Explain::Only(ids) => !ids.is_empty(),
        }
    }

    /// Whether the person with this id is explained.
    pub fn person(&self, id: Option<&str>) -> bool {
        match self {
            Explain::Every(every) => *every,
            Explain::Only(ids) => id.is_some_and(|id| ids.iter().any(|i| i == id)),
        }
    }
}

/// Options of `evaluate`.
///
/// ```
/// let o: jixiao::EvaluateOptions = serde_json::from_str(r#"{"locale":"en","explain":true,"rows":{"得分":"total"}}"#).unwrap();
/// assert!(o.explain.any());
/// ```
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[cfg_attr(target_arch = "wasm32", tsify(missing_as_null))]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct EvaluateOptions {
    /// `zh-CN`, `zh-TW` or `en` (default: the scheme's locale).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
    /// `"string"` (default) or `"number"`.
    pub decimals: Decimals,
    /// Explanations: `true` for every result, or a list of ids for those people only.
    #[cfg_attr(target_arch = "wasm32", tsify(type = "boolean | string[]"))]
    pub explain: Explain,
    /// `"full"` (default), `"scores"` or `"totals"`: how much each result carries.
    pub output: OutputMode,
    /// Write-back mapping: output column → what to write (`total`, `grade`, `rank`,
    /// `groupRank`, `topPercent`, `id`, `name`, `group`, `role`, `ok`, `vetoed`, `veto`,
    /// `errors`, `indicators.<key>.<actual|target|achievement|score|weight|weighted>`,
    /// `categories.<key>.<score|weighted>`, `adjustments.<key>`).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(type = "Record<string, string>"))]
    pub rows: Option<IndexMap<String, String>>,
    /// `summary.indicators`: each indicator's statistics, overall and per group (off by
    /// default; DESIGN.md, "Analysis (反馈)").
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub statistics: bool,
    /// `digest`: the package version and SHA-256 digests of the scheme and the input, added
    /// by the layer that holds both (the JS package; natively [`crate::analysis::Digest::of`]).
    /// Off by default (DESIGN.md, "Analysis (反馈)").
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub digest: bool,
}

/// The input of `evaluate`.
///
/// ```
/// let i: jixiao::EvaluateInput = serde_json::from_str(r#"{"people":[{"工号":"E1"}],"period":"2025-Q3"}"#).unwrap();
/// assert_eq!(i.period.as_deref(), Some("2025-Q3"));
/// ```
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[cfg_attr(target_arch = "wasm32", tsify(missing_as_null))]
#[serde(default)]
pub struct EvaluateInput {
    /// The people table: one object per person, keyed by the user's column names.
    #[cfg_attr(target_arch = "wasm32", tsify(type = "Row[]"))]
    pub people: Option<serde_json::Value>,
    /// The period evaluated (`2025`, `2025-Q3`, `2025-07`, `2025-W05`, `2025-07-01`); picks the weight
    /// version, and the raw-table rows whose date falls in it. A number (`2025`) is read as its text.
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "period_text")]
    #[cfg_attr(target_arch = "wasm32", tsify(type = "string | number"))]
    pub period: Option<String>,
    /// The day `TODAY()` is in the scheme's formulas (`2025-03-31`, `2025/3/31`,
    /// `2025年3月31日`, epoch milliseconds); without it, the period's last day. Nothing
    /// reads a wall clock.
    #[serde(
        rename = "asOf",
        skip_serializing_if = "Option::is_none",
        deserialize_with = "period_text"
    )]
    #[cfg_attr(target_arch = "wasm32", tsify(type = "string | number"))]
    pub as_of: Option<String>,
    /// Previous results (used by a later version).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(type = "JsonValue"))]
    pub previous: Option<serde_json::Value>,
    /// Raw tables the scheme's measures and aggregates read: table name → rows
    /// (`{ "orders": [...], "payments": [...] }`).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(type = "Tables"))]
    pub tables: Option<serde_json::Value>,
}

/// Reads `period` (or `asOf`) as text: a string, or a number written as its digits.
pub(super) fn period_text<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    match serde_json::Value::deserialize(d)? {
        serde_json::Value::Null => Ok(None),
        serde_json::Value::String(s) => Ok(Some(s)),
        serde_json::Value::Number(n) => Ok(Some(n.to_string())),
        other => Err(serde::de::Error::custom(format!(
            "period must be a text such as \"2025-Q3\", not {}",
            match other {
                serde_json::Value::Bool(_) => "a boolean",
                serde_json::Value::Array(_) => "an array",
                _ => "an object",
            }
        ))),
    }
}

/// An `INVALID_INPUT` error at `path`, in the three locales.
pub(super) fn input_error(path: &str, cn: String, tw: String, en: String) -> JixiaoError {
    JixiaoError::new(ErrorCode::InvalidInput, path, Text::new(cn, tw, en))
}

/// A scheme's JSON text as a value: `TOO_LARGE` past 4 MB, `INVALID_JSON` when it is not
/// JSON (each message naming the scheme in its own language).
pub(crate) fn parse_scheme(text: &str) -> Result<serde_json::Value, JixiaoError> {
    if text.len() > crate::scheme::MAX_SCHEME_BYTES {
        return Err(JixiaoError::new(
            ErrorCode::TooLarge,
            "",
            Text::new(
                "考核方案过大（超过 4 MB）",
                "考核方案過大（超過 4 MB）",
                "the scheme is too large (over 4 MB)",
            ),
        ));
    }
    serde_json::from_str(text).map_err(|e| {
        let e = e.to_string();
        JixiaoError::new(
            ErrorCode::InvalidJson,
            "",
            Text::new(
                format!("考核方案不是有效的 JSON：{e}"),
                format!("考核方案不是有效的 JSON：{e}"),
                format!("the scheme is not valid JSON: {e}"),
            ),
        )
    })
}

/// The locale of an evaluation: the `locale` option, else the scheme's.
pub(super) fn options_locale(plan: &Plan, options: &EvaluateOptions) -> Result<Locale, JixiaoError> {
    match options.locale.as_deref() {
        None => Ok(plan.locale),
        Some(tag) => Locale::parse(tag).ok_or_else(|| {
            input_error(
                "options/locale",
                format!("不支持的语言 “{tag}”（可用 zh-CN、zh-TW、en）"),
                format!("不支援的語言「{tag}」（可用 zh-CN、zh-TW、en）"),
                format!("unsupported locale \"{tag}\" (use zh-CN, zh-TW or en)"),
            )
        }),
    }
}

/// Reads the options JSON of `what` (`evaluate`, `evaluatePeriods`): an object, or nothing.
/// A bad option is named, never a parser position (DESIGN.md, "Errors").
pub(crate) fn read_options(what: &str, options: &str) -> Result<EvaluateOptions, JixiaoError> {
    if !is_object_text(options) {
        return Err(input_error(
            "options",
            format!("{what} 的选项必须是对象"),
            format!("{what} 的選項必須是物件"),
            format!("the {what} options must be an object"),
        ));
    }
    if options.trim().is_empty() {
        return Ok(EvaluateOptions::default());
    }
    let value: serde_json::Value = serde_json::from_str(options).map_err(|e| {
        input_error(
            "options",
            format!("{what} 的选项不是有效的 JSON：{e}"),
            format!("{what} 的選項不是有效的 JSON：{e}"),
            format!("the {what} options are not valid JSON: {e}"),
        )
    })?;
    crate::json::decode_option(value, what)
}

/// Reads the input head (the input object without `people`).
pub(crate) fn read_head(head: &str) -> Result<EvaluateInput, JixiaoError> {
    let wrong = |detail: String| {
        input_error(
            "",
            format!("evaluate 的输入必须是 {{ people: [...] }} 形式的对象{detail}"),
            format!("evaluate 的輸入必須是 {{ people: [...] }} 形式的物件{detail}"),
            format!("the evaluate input must be an object like {{ people: [...] }}{detail}"),
        )
    };
    if !is_object_text(head) {
        return Err(wrong(String::new()));
    }
    if head.trim().is_empty() {
        return Ok(EvaluateInput::default());
    }
    serde_json::from_str(head).map_err(|e| wrong(format!(": {e}")))
}

/// Empty text, or JSON text that is an object (serde would also accept an array for a struct).
fn is_object_text(text: &str) -> bool {
    let t = text.trim_start();
    t.is_empty() || t.starts_with('{')
}

/// Splits `{ people: [...], ...rest }` into the encoded head and row lines.
pub(super) fn encode_input(input: &serde_json::Value) -> (String, String) {
    match input.as_object() {
        Some(obj) => {
            let mut rest = obj.clone();
            let rows = match rest.get("people") {
                Some(serde_json::Value::Array(people)) => {
                    let lines: Vec<String> = people.iter().map(|p| p.to_string()).collect();
                    rest.remove("people");
                    lines.join("\n")
                }
                _ => String::new(),
            };
            (serde_json::Value::Object(rest).to_string(), rows)
        }
        None => (input.to_string(), String::new()),
    }
}
