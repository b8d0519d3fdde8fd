//! The one error type: a stable code, where it happened, and the message in three locales.

use crate::i18n::text;
use crate::i18n::{Locale, Text};
use serde::{Deserialize, Serialize};

/// Stable machine-readable error codes. They serialize as `SCREAMING_SNAKE_CASE`
/// strings (`"WEIGHTS_SUM"`) and never change meaning between versions.
///
/// ```
/// assert_eq!(jixiao::ErrorCode::WeightsSum.as_str(), "WEIGHTS_SUM");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[cfg_attr(target_arch = "wasm32", tsify(missing_as_null))]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ErrorCode {
    /// The text given is not JSON, or nests deeper than the engine reads.
    InvalidJson,
    /// The scheme has errors; the thrown error lists them in `issues`.
    InvalidScheme,
    /// A scheme value has the wrong type or shape (an object where a number belongs …).
    InvalidType,
    /// A key the engine does not know (a typo?); a warning.
    UnknownKey,
    /// Two indicators, categories, adjustments, vetoes or bands share a key (or two
    /// nodes of a target tree share an id).
    DuplicateKey,
    /// Weights do not sum to exactly 100.
    WeightsSum,
    /// A role, version, condition or tie-breaker names an indicator that does not exist.
    UnknownIndicator,
    /// An indicator names a category that does not exist.
    UnknownCategory,
    /// A rated indicator names a rater with no weight in `raters`.
    UnknownRater,
    /// Grade bands, scoring bands or piecewise points are out of order or repeated.
    Order,
    /// A scoring rule lacks a setting it needs (a target, bands, points …).
    MissingSetting,
    /// A setting is out of its allowed range (a negative weight, `cap` below `floor` …).
    InvalidSetting,
    /// A setting has no effect and is probably a mistake; a warning.
    IgnoredSetting,
    /// Conditions or formulas reference each other in a circle.
    Cycle,
    /// A feature this version does not provide yet (DESIGN.md, "Not in this version").
    Unsupported,
    /// A `formula` value source; formulas arrive with a later version.
    FormulaUnsupported,
    /// A cell that should hold a number holds something else (`"abc"`, `NaN`, an object).
    InvalidNumber,
    /// A required cell is empty and the indicator's `missing` policy is `error`.
    MissingValue,
    /// A target of 0 (or a lower-better actual of 0) with `onZero: "error"`.
    ZeroDivisor,
    /// A rater's score is missing and `raterMissing` is `error`.
    RaterMissing,
    /// An input row is not an object (or could not be read at all).
    InvalidRow,
    /// The evaluate input or options are malformed.
    InvalidInput,
    /// A date or period text cannot be read.
    InvalidDate,
    /// A figure exceeds the decimal range (about 7.9 × 10²⁸).
    Overflow,
    /// Input exceeds a size bound (string length, nesting depth, row count).
    TooLarge,
    /// A bug in jixiao; please report it.
    Internal,
    /// A commission tier pays a lower rate than the tier before it; a warning.
    DecreasingRate,
    /// A whole-mode (全额累进) tier boundary makes the payout jump (a cliff); a warning.
    TierCliff,
    /// A formula cannot be read (an unbalanced bracket, an unknown function, a wrong
    /// argument count …); `position` points at the place.
    FormulaSyntax,
    /// A formula value has the wrong type for its operator or function (`"a" + 1`).
    FormulaType,
    /// A host number read as a date by its size (a Feishu epoch-millisecond cell with no
    /// field list to say so); a warning.
    GuessedDate,
    /// The caller stopped an evaluation before it finished (an `AbortSignal`, or a
    /// progress observer that answered "stop"); nothing was computed for anyone.
    Aborted,
    /// A value outside its domain: a target below 0 (achievement against it would read
    /// backwards: −500 000 against −1 000 000 is not 50 %).
    OutOfRange,
    /// Rows share an id (`fields.id`, compared as text: the number 1.5 and the text "1.5"
    /// are one id); each fails, naming the others.
    DuplicateId,
    /// The id cell holds what is not an id: an object with no name, text, value or label,
    /// a list or a boolean.
    InvalidId,
    /// An uncapped linear indicator reaches more than 10× its target for some rows (a
    /// typo in the data, or a missing `cap`?); a warning naming the rows.
    FarBeyondTarget,
    /// A weight (the base, a role's or a version's) outside its indicator's or
    /// category's `weightRange`.
    WeightRange,
    /// `ranking.by`, a tie-breaker, a grouping or an award's `by` names a column no row
    /// has; a warning.
    ColumnNotFound,
}

impl ErrorCode {
    /// The stable string form, e.g. `"INVALID_NUMBER"`.
    ///
    /// ```
    /// assert_eq!(jixiao::ErrorCode::InvalidNumber.as_str(), "INVALID_NUMBER");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::InvalidJson => "INVALID_JSON",
            ErrorCode::InvalidScheme => "INVALID_SCHEME",
            ErrorCode::InvalidType => "INVALID_TYPE",
            ErrorCode::UnknownKey => "UNKNOWN_KEY",
            ErrorCode::DuplicateKey => "DUPLICATE_KEY",
            ErrorCode::WeightsSum => "WEIGHTS_SUM",
            ErrorCode::UnknownIndicator => "UNKNOWN_INDICATOR",
            ErrorCode::UnknownCategory => "UNKNOWN_CATEGORY",
            ErrorCode::UnknownRater => "UNKNOWN_RATER",
            ErrorCode::Order => "ORDER",
            ErrorCode::MissingSetting => "MISSING_SETTING",
            ErrorCode::InvalidSetting => "INVALID_SETTING",
            ErrorCode::IgnoredSetting => "IGNORED_SETTING",
            ErrorCode::Cycle => "CYCLE",
            ErrorCode::Unsupported => "UNSUPPORTED",
            ErrorCode::FormulaUnsupported => "FORMULA_UNSUPPORTED",
            ErrorCode::InvalidNumber => "INVALID_NUMBER",
            ErrorCode::MissingValue => "MISSING_VALUE",
            ErrorCode::ZeroDivisor => "ZERO_DIVISOR",
            ErrorCode::RaterMissing => "RATER_MISSING",
            ErrorCode::InvalidRow => "INVALID_ROW",
            ErrorCode::InvalidInput => "INVALID_INPUT",
            ErrorCode::InvalidDate => "INVALID_DATE",
            ErrorCode::Overflow => "OVERFLOW",
            ErrorCode::TooLarge => "TOO_LARGE",
            ErrorCode::Internal => "INTERNAL",
            ErrorCode::DecreasingRate => "DECREASING_RATE",
            ErrorCode::TierCliff => "TIER_CLIFF",
            ErrorCode::FormulaSyntax => "FORMULA_SYNTAX",
            ErrorCode::FormulaType => "FORMULA_TYPE",
            ErrorCode::GuessedDate => "GUESSED_DATE",
            ErrorCode::Aborted => "ABORTED",
            ErrorCode::OutOfRange => "OUT_OF_RANGE",
            ErrorCode::DuplicateId => "DUPLICATE_ID",
            ErrorCode::InvalidId => "INVALID_ID",
            ErrorCode::FarBeyondTarget => "FAR_BEYOND_TARGET",
            ErrorCode::WeightRange => "WEIGHT_RANGE",
            ErrorCode::ColumnNotFound => "COLUMN_NOT_FOUND",
        }
    }
}

/// Whether a problem stops the scheme from compiling (`error`) or is advice (`warning`).
///
/// ```
/// assert_eq!(serde_json::to_string(&jixiao::Severity::Warning).unwrap(), "\"warning\"");
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[cfg_attr(target_arch = "wasm32", tsify(missing_as_null))]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Blocks compilation of the scheme, or fails the row.
    #[default]
    Error,
    /// Reported, but does not block anything.
    Warning,
}

/// Every failure jixiao reports: scheme issues, row errors and thrown errors alike.
///
/// `path` is a JSON pointer into the scheme (`/indicators/0/weight`) or
/// `rows/17/销售额` into the input. Row errors also carry `row`, `field` and the raw
/// `value`. In JavaScript a thrown one is a `JixiaoError` (an `Error` subclass).
///
/// ```
/// use jixiao::{ErrorCode, JixiaoError, Locale, Text};
/// let e = JixiaoError::new(ErrorCode::ZeroDivisor, "/indicators/0",
///     Text::new("目标为 0", "目標為 0", "the target is 0"));
/// assert_eq!(e.code.as_str(), "ZERO_DIVISOR");
/// assert_eq!(e.message_in(Locale::En), "the target is 0");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[cfg_attr(target_arch = "wasm32", tsify(missing_as_null, rename = "JixiaoErrorData"))]
#[serde(rename_all = "camelCase")]
pub struct JixiaoError {
    /// The stable code.
    pub code: ErrorCode,
    /// `error` or `warning`.
    pub severity: Severity,
    /// JSON pointer into the scheme, or `rows/N/field` into the input.
    pub path: String,
    /// The message in the chosen locale.
    pub message: String,
    /// The message in all three locales.
    pub messages: Text,
    /// The 0-based input row, for row errors.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub row: Option<usize>,
    /// The user's field (column) name, for row errors.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub field: Option<String>,
    /// The offending raw value, shortened to 200 characters.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub value: Option<String>,
    /// For formula errors: the 0-based character (Unicode scalar) offset into the formula
    /// of the operator, function name or token at fault.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub position: Option<usize>,
    /// For `INVALID_SCHEME`: every issue found.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    #[cfg_attr(target_arch = "wasm32", tsify(type = "JixiaoErrorData[]"))]
    pub issues: Vec<JixiaoError>,
}

/// The longest raw value an error repeats back.
pub(crate) const MAX_VALUE_CHARS: usize = 200;

/// The longest message or path an error carries.
pub(crate) const MAX_MESSAGE_CHARS: usize = 300;

/// Cuts `s` to `max` characters, marking the cut with `…`: how every message, path and
/// value quoting user text stays readable whatever the input's size.
pub(crate) fn clip(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((cut, _)) => format!("{}…", s.get(..cut).unwrap_or_default()),
        None => s.to_string(),
    }
}

impl JixiaoError {
    /// An error with a code, a path and its three-language message (zh-CN as `message`).
    ///
    /// ```
    /// let e = jixiao::JixiaoError::new(jixiao::ErrorCode::Internal, "", jixiao::Text::same("x"));
    /// assert_eq!(e.message, "x");
    /// ```
    pub fn new(code: ErrorCode, path: impl Into<String>, messages: Text) -> JixiaoError {
        // A message quotes user text (keys, values, serde's description of a bad value):
        // keep it readable whatever the input's size.
        let messages = Text {
            zh_cn: clip(&messages.zh_cn, MAX_MESSAGE_CHARS),
            zh_tw: clip(&messages.zh_tw, MAX_MESSAGE_CHARS),
            en: clip(&messages.en, MAX_MESSAGE_CHARS),
        };
        let path = clip(&path.into(), MAX_MESSAGE_CHARS);
        JixiaoError {
            code,
            severity: Severity::Error,
            path,
            message: messages.zh_cn.clone(),
            messages,
            row: None,
            field: None,
            value: None,
            position: None,
            issues: Vec::new(),
        }
    }

    /// Attaches a 0-based character offset into a formula.
    ///
    /// ```
    /// let e = jixiao::JixiaoError::new(jixiao::ErrorCode::FormulaSyntax, "", jixiao::Text::same("?")).at_position(4);
    /// assert_eq!(e.position, Some(4));
    /// assert!(serde_json::to_string(&e).unwrap().contains("\"position\":4"));
    /// ```
    pub fn at_position(mut self, position: usize) -> JixiaoError {
        self.position = Some(position);
        self
    }

    /// The same, as a warning.
    ///
    /// ```
    /// let w = jixiao::JixiaoError::warning(jixiao::ErrorCode::UnknownKey, "/x", jixiao::Text::same("?"));
    /// assert_eq!(w.severity, jixiao::Severity::Warning);
    /// ```
    pub fn warning(code: ErrorCode, path: impl Into<String>, messages: Text) -> JixiaoError {
        let mut e = JixiaoError::new(code, path, messages);
        e.severity = Severity::Warning;
        e
    }

    /// `ABORTED`: what a progress observer answers to stop an evaluation
    /// ([`crate::Engine::evaluate_rows_observed`]).
    ///
    /// ```
    /// assert_eq!(jixiao::JixiaoError::aborted().code.as_str(), "ABORTED");
    /// ```
    pub fn aborted() -> JixiaoError {
        JixiaoError::new(
            ErrorCode::Aborted,
            "",
            Text::new("计算已被取消", "計算已被取消", "the evaluation was aborted"),
        )
    }

    /// Attaches the input row, the field and the raw value; the path becomes `rows/N/field`.
    ///
    /// ```
    /// let e = jixiao::JixiaoError::new(jixiao::ErrorCode::InvalidNumber, "", jixiao::Text::same("bad"))
    ///     .at_row(17, "销售额", Some("abc"));
    /// assert_eq!(e.path, "rows/17/销售额");
    /// ```
    pub fn at_row(mut self, row: usize, field: &str, value: Option<&str>) -> JixiaoError {
        self.row = Some(row);
        self.path = clip(&format!("rows/{row}/{}", escape_pointer(field)), MAX_MESSAGE_CHARS);
        self.field = Some(clip(field, MAX_MESSAGE_CHARS));
        self.value = value.map(|v| clip(v, MAX_VALUE_CHARS));
        self
    }

    /// Points the error at a cell of a raw table: path `tables/orders/17/合同金额`,
    /// with the field and the cell's value (shortened).
    ///
    /// ```
    /// use jixiao::{JixiaoError, ErrorCode, Text};
    /// let e = JixiaoError::new(ErrorCode::InvalidNumber, "", Text::new("甲", "乙", "c"))
    ///     .at_table_cell("orders", 17, "合同金额", Some("abc"));
    /// assert_eq!(e.path, "tables/orders/17/合同金额");
    /// assert_eq!(e.row, None);
    /// ```
    pub fn at_table_cell(mut self, table: &str, row: usize, field: &str, value: Option<&str>) -> JixiaoError {
        let path = if field.is_empty() {
            format!("tables/{}/{row}", escape_pointer(table))
        } else {
            format!("tables/{}/{row}/{}", escape_pointer(table), escape_pointer(field))
        };
        self.path = clip(&path, MAX_MESSAGE_CHARS);
        self.field = (!field.is_empty()).then(|| clip(field, MAX_MESSAGE_CHARS));
        self.value = value.map(|v| clip(v, MAX_VALUE_CHARS));
        self
    }

    /// The message in `locale`.
    ///
    /// ```
    /// use jixiao::{JixiaoError, ErrorCode, Locale, Text};
    /// let e = JixiaoError::new(ErrorCode::Internal, "", Text::new("甲", "乙", "c"));
    /// assert_eq!(e.message_in(Locale::ZhTw), "乙");
    /// ```
    pub fn message_in(&self, locale: Locale) -> &str {
        self.messages.get(locale)
    }

    /// Sets `message` (and that of every nested issue) to the chosen locale.
    ///
    /// ```
    /// use jixiao::{JixiaoError, ErrorCode, Locale, Text};
    /// let mut e = JixiaoError::new(ErrorCode::Internal, "", Text::new("甲", "乙", "c"));
    /// e.localize(Locale::En);
    /// assert_eq!(e.message, "c");
    /// ```
    pub fn localize(&mut self, locale: Locale) {
        self.message = self.messages.get(locale).to_string();
        for issue in &mut self.issues {
            issue.localize(locale);
        }
    }

    /// Wraps scheme issues into one thrown `INVALID_SCHEME` error.
    ///
    /// ```
    /// use jixiao::{JixiaoError, ErrorCode, Text};
    /// let e = JixiaoError::invalid_scheme(vec![JixiaoError::new(ErrorCode::WeightsSum, "/indicators", Text::same("90"))]);
    /// assert_eq!(e.issues.len(), 1);
    /// ```
    pub fn invalid_scheme(issues: Vec<JixiaoError>) -> JixiaoError {
        let errors = issues.iter().filter(|i| i.severity == Severity::Error).count();
        let first = issues
            .iter()
            .find(|i| i.severity == Severity::Error)
            .map(|i| i.messages.clone())
            .unwrap_or_default();
        let mut e = JixiaoError::new(
            ErrorCode::InvalidScheme,
            "",
            Text::new(
                format!("考核方案有 {errors} 处错误；第一处：{}", first.zh_cn),
                format!("考核方案有 {errors} 處錯誤；第一處：{}", first.zh_tw),
                format!("the scheme has {errors} error(s); the first: {}", first.en),
            ),
        );
        e.issues = issues;
        e
    }
}

/// Builders for errors placed by hand, and the errors several entry points build alike
/// (one wording each: the JSON entry points of every domain share them).
impl JixiaoError {
    /// Points the error at `path` (clipped like every path).
    pub(crate) fn at_path(mut self, path: &str) -> JixiaoError {
        self.path = clip(path, MAX_MESSAGE_CHARS);
        self
    }

    /// Names the input record (0-based) the error is about, keeping the path.
    pub(crate) fn in_row(mut self, row: usize) -> JixiaoError {
        self.row = Some(row);
        self
    }

    /// Names the field (column) the error is about, keeping the path.
    pub(crate) fn on_field(mut self, field: &str) -> JixiaoError {
        self.field = Some(clip(field, MAX_MESSAGE_CHARS));
        self
    }

    /// Quotes the offending raw value (shortened), keeping the path.
    pub(crate) fn with_value(mut self, value: &str) -> JixiaoError {
        self.value = Some(clip(value, MAX_VALUE_CHARS));
        self
    }

    /// `INVALID_SETTING` at `path`: a locale tag that is not zh-CN, zh-TW or en, `shown`
    /// as the caller quotes it (`"fr"`).
    pub(crate) fn unknown_locale(path: impl Into<String>, shown: &str) -> JixiaoError {
        JixiaoError::new(
            ErrorCode::InvalidSetting,
            path,
            text!(
                "未知的语言 {shown}（可用：zh-CN、zh-TW、en）",
                "未知的語言 {shown}（可用：zh-CN、zh-TW、en）",
                "unknown locale {shown} (use zh-CN, zh-TW or en)",
            ),
        )
    }

    /// `INVALID_JSON` at the root: the one input text of an entry point is not JSON.
    pub(crate) fn input_not_json(e: impl std::fmt::Display) -> JixiaoError {
        JixiaoError::new(
            ErrorCode::InvalidJson,
            "",
            text!(
                "输入不是有效的 JSON：{e}",
                "輸入不是有效的 JSON：{e}",
                "the input is not JSON: {e}"
            ),
        )
    }

    /// `INVALID_JSON` at `name`: the argument `name` of a several-argument entry point
    /// (the host adapters') is not JSON.
    pub(crate) fn argument_not_json(name: &str, e: impl std::fmt::Display) -> JixiaoError {
        JixiaoError::new(
            ErrorCode::InvalidJson,
            name,
            text!(
                "{name} 不是有效的 JSON：{e}",
                "{name} 不是有效的 JSON：{e}",
                "{name} is not JSON: {e}"
            ),
        )
    }

    /// `TOO_LARGE`: memory cannot hold what an evaluation of this size needs.
    pub(crate) fn out_of_memory() -> JixiaoError {
        JixiaoError::new(
            ErrorCode::TooLarge,
            "",
            text!(
                "内存不足，无法计算这么大的表：请分批计算，或使用 output: \"totals\" / \"scores\"、只对部分人员 explain",
                "記憶體不足，無法計算這麼大的表：請分批計算，或使用 output: \"totals\" / \"scores\"、只對部分人員 explain",
                "not enough memory for a table this large: evaluate in batches, or use output: \"totals\" / \"scores\" and explain only some people"
            ),
        )
    }

    /// `INVALID_INPUT` at `path`: what serde found wrong in an input (`inner`).
    pub(crate) fn invalid_input(path: impl Into<String>, inner: impl std::fmt::Display) -> JixiaoError {
        JixiaoError::new(
            ErrorCode::InvalidInput,
            path,
            text!("输入有误：{inner}", "輸入有誤：{inner}", "invalid input: {inner}"),
        )
    }

    /// `INTERNAL`: something that cannot happen did (a built-in template that does not read).
    pub(crate) fn internal(reason: impl std::fmt::Display) -> JixiaoError {
        JixiaoError::new(
            ErrorCode::Internal,
            "",
            text!("内部错误：{reason}", "內部錯誤：{reason}", "internal error: {reason}"),
        )
    }

    /// `INTERNAL`: a result could not be serialized .
    pub(crate) fn cannot_write_result(e: impl std::fmt::Display) -> JixiaoError {
        JixiaoError::new(
            ErrorCode::Internal,
            "",
            text!("无法写出结果：{e}", "無法寫出結果：{e}", "cannot write the result: {e}"),
        )
    }
}

/// The JSON pointer (`/parts/2/weight`, `/` for the root) of where serde_path_to_error
/// stopped in an input.
pub(crate) fn pointer_of(path: &serde_path_to_error::Path) -> String {
    let mut out = String::new();
    for seg in path.iter() {
        out.push('/');
        match seg {
            serde_path_to_error::Segment::Seq { index } => out.push_str(&index.to_string()),
            serde_path_to_error::Segment::Map { key } => out.push_str(&escape_pointer(key)),
            serde_path_to_error::Segment::Enum { variant } => out.push_str(variant),
            serde_path_to_error::Segment::Unknown => out.push('?'),
        }
    }
    if out.is_empty() {
        out.push('/');
    }
    out
}

impl std::fmt::Display for JixiaoError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} at {}: {}", self.code.as_str(), self.path, self.messages.en)
    }
}

impl std::error::Error for JixiaoError {}

/// Escapes a key for use in a JSON pointer (`~` → `~0`, `/` → `~1`).
pub(crate) fn escape_pointer(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_values_are_shortened() {
        let long = "万".repeat(10_000);
        let e = JixiaoError::new(ErrorCode::InvalidNumber, "", Text::same("x")).at_row(0, "f", Some(&long));
        assert_eq!(e.value.map(|v| v.chars().count()), Some(MAX_VALUE_CHARS + 1));
    }

    #[test]
    fn long_messages_and_paths_are_clipped() {
        let long = "x".repeat(10_000);
        let e = JixiaoError::new(ErrorCode::InvalidType, format!("/{long}"), Text::same(long.clone()));
        assert!(e.messages.en.chars().count() <= MAX_MESSAGE_CHARS + 1);
        assert!(e.path.chars().count() <= MAX_MESSAGE_CHARS + 1);
        assert!(serde_json::to_string(&e).unwrap().len() < 8_000);
    }

    #[test]
    fn codes_serialize_as_their_stable_strings() {
        for code in [
            ErrorCode::WeightsSum,
            ErrorCode::FormulaUnsupported,
            ErrorCode::ZeroDivisor,
        ] {
            let json = serde_json::to_string(&code).unwrap();
            assert_eq!(json, format!("\"{}\"", code.as_str()));
        }
    }

    #[test]
    fn invalid_scheme_counts_errors_not_warnings() {
        let e = JixiaoError::invalid_scheme(vec![
            JixiaoError::warning(ErrorCode::UnknownKey, "/x", Text::same("w")),
            JixiaoError::new(
                ErrorCode::WeightsSum,
                "/indicators",
                Text::new("和为90", "和為90", "sum 90"),
            ),
        ]);
        assert!(e.messages.en.contains("1 error"));
        assert!(e.messages.zh_tw.contains("和為90"));
    }
}
