//! The engine on JSON texts: a scheme validated, and input evaluated in the encoded form
//! the JS package sends (DESIGN.md, "The JS boundary"): the input head as JSON, the rows
//! one JSON object per line, the options as JSON.

use super::parts::Parts;
use super::runner::write_decimals;
use super::PART_BYTES;
use crate::engine::{
    parse_scheme, read_head, read_options, scheme_locale, Engine, EvaluateOptions, EvaluateOutput, OutputMode,
    ValidationReport,
};
use crate::error::{ErrorCode, JixiaoError, Severity};
use crate::i18n::text;
use crate::i18n::Locale;
use crate::records::{ColumnCell, Columns};
use serde::Deserialize;
use serde_json::Value;

/// Validates a scheme given as JSON text: every problem at once, errors before warnings,
/// in `locale` (else the scheme's own `locale`, else zh-CN).
///
/// ```
/// let r = jixiao::json::validate_scheme_json(r#"{"indicators":[
///   {"key":"a","weight":60,"actual":{"field":"A"},"scoring":{"type":"direct"}},
///   {"key":"b","weight":30,"actual":{"field":"B"},"scoring":{"type":"direct"}}]}"#, Some(jixiao::Locale::En));
/// assert!(!r.ok);
/// assert_eq!(r.issues[0].code.as_str(), "WEIGHTS_SUM");
/// assert!(r.issues[0].message.contains("90"));
/// ```
pub fn validate_scheme_json(scheme: &str, locale: Option<Locale>) -> ValidationReport {
    let mut issues = match parse_scheme(scheme) {
        Ok(value) => {
            let mut issues = crate::compile::validate(&value);
            if let Some(l) = locale.or_else(|| scheme_locale(&value)) {
                issues.iter_mut().for_each(|i| i.localize(l));
            }
            issues
        }
        Err(mut e) => {
            if let Some(l) = locale {
                e.localize(l);
            }
            vec![e]
        }
    };
    issues.sort_by_key(|i| i.severity != Severity::Error);
    ValidationReport {
        ok: !issues.iter().any(|i| i.severity == Severity::Error),
        issues,
    }
}

/// Evaluates the encoded form the JS package sends: `head` (the input object without
/// `people`), `rows` (one JSON object per line), `options` (JSON). Returns the output as JSON text.
///
/// ```
/// let e = jixiao::Engine::from_json(r#"{"indicators":[{"key":"q","weight":100,
///     "actual":{"field":"q"},"scoring":{"type":"direct"}}]}"#).unwrap();
/// let json = jixiao::json::evaluate_encoded(&e, "{}", "{\"q\":87.3}", r#"{"decimals":"number"}"#).unwrap();
/// assert!(json.contains("\"total\":87.3"));
/// ```
pub fn evaluate_encoded(engine: &Engine, head: &str, rows: &str, options: &str) -> Result<String, JixiaoError> {
    let opts = read_options("evaluate", options)?;
    let out = engine.evaluate_rows(&read_head(head)?, rows, &opts)?;
    match opts.output {
        OutputMode::Full => write_decimals(&out, opts.decimals),
        lean => write_decimals(&engine.compact(out, lean), opts.decimals),
    }
}

/// [`evaluate_encoded`] with an observer of its progress (see
/// [`Engine::evaluate_rows_observed`]), the output handed to `sink` in parts that no
/// JavaScript string is too small for (DESIGN.md, "Large tables"): for each long list
/// (`results`, `errors`, `rows`) one or more pairs of its key and a JSON array of its
/// next items, each array at most about [`PART_BYTES`]; then the rest of the output, its
/// long lists empty. Appending every pair's items to that list gives the output
/// [`evaluate_encoded`] writes as one text. A part that memory cannot hold is `TOO_LARGE`.
///
/// ```
/// let e = jixiao::Engine::from_json(r#"{"indicators":[{"key":"q","weight":100,
///     "actual":{"field":"q"},"scoring":{"type":"direct"}}]}"#).unwrap();
/// let (mut last, mut parts) = ((0, 0), Vec::new());
/// jixiao::json::evaluate_encoded_parts(&e, "{}", "{\"q\":1}\n{\"q\":2}", "{}",
///     &mut |done, total| { last = (done, total); Ok(()) }, &mut |part| parts.push(part)).unwrap();
/// assert_eq!(last, (2, 2));
/// assert_eq!(parts.len(), 3); // no row errors: no "errors" pair
/// assert_eq!(parts[0], "results");
/// assert!(parts[1].starts_with("[{") && parts[1].ends_with("}]"));
/// assert!(parts[2].starts_with("{\"results\":[],\"errors\":[],\"summary\":"));
/// ```
pub fn evaluate_encoded_parts(
    engine: &Engine,
    head: &str,
    rows: &str,
    options: &str,
    observe: &mut dyn FnMut(usize, usize) -> Result<(), JixiaoError>,
    sink: &mut dyn FnMut(String),
) -> Result<(), JixiaoError> {
    let opts = read_options("evaluate", options)?;
    let out = engine.evaluate_rows_observed(&read_head(head)?, rows, &opts, observe)?;
    write_parts(engine, out, &opts, sink)
}

/// The people table by columns as the JS package sends it (DESIGN.md, "The JS boundary"):
/// only the columns the scheme reads carry cells.
///
/// - `layout`: JSON `{ "rows": n, "columns": [[name, length, form], …] | null, "lines": [row, …] }`,
///   every column given, in order; `form` is [`UNREAD`], [`NUMBERS`], [`CELLS`] or [`NOT_A_LIST`];
///   `columns` is `null` when the input's `columns` is not an object.
/// - `numbers`: one list per [`NUMBERS`] or [`CELLS`] column, in order (a cell's number).
/// - `kinds`: one list per [`CELLS`] column: each cell's kind (`0` absent, `1` null,
///   `2` number, `3` text, `4` JSON text).
/// - `texts`: the text and JSON cells of the [`CELLS`] columns, in order, joined by U+0000
///   (a text holding U+0000 is sent as JSON).
/// - `lines`: the rows of `layout.lines` given whole as JSON text (see
///   [`Columns::set_row_json`]), joined by `\n`.
#[derive(Clone, Debug, Default)]
pub struct EncodedColumns<'a> {
    /// Which columns, how long, in which form; which rows come as lines.
    pub layout: &'a str,
    /// The numbers of the columns sent.
    pub numbers: Vec<Vec<f64>>,
    /// The kinds of the cells of the [`CELLS`] columns.
    pub kinds: Vec<Vec<u8>>,
    /// The text cells, joined by U+0000.
    pub texts: &'a str,
    /// The rows given whole, one JSON text per line.
    pub lines: &'a str,
}

/// A column the scheme does not read: only its length is sent.
pub const UNREAD: u8 = 0;
/// A column of numbers only (a `Float64Array`).
pub const NUMBERS: u8 = 1;
/// A column of cells of any kind.
pub const CELLS: u8 = 2;
/// A column that is not a list.
pub const NOT_A_LIST: u8 = 3;

#[derive(Deserialize)]
struct Layout {
    rows: usize,
    columns: Option<Vec<(String, usize, u8)>>,
    #[serde(default)]
    lines: Vec<usize>,
}

/// [`evaluate_encoded_parts`] for the people table by columns (see [`EncodedColumns`],
/// [`Engine::evaluate_columns_observed`]).
///
/// ```
/// use jixiao::json::{evaluate_columns_encoded, EncodedColumns};
/// let e = jixiao::Engine::from_json(r#"{"indicators":[{"key":"q","weight":100,
///     "actual":{"field":"q"},"scoring":{"type":"direct"}}]}"#).unwrap();
/// let columns = EncodedColumns {
///     layout: r#"{"rows":2,"columns":[["q",2,2],["备注",2,0]]}"#,
///     numbers: vec![vec![87.3, 0.0]],
///     kinds: vec![vec![2, 3]],
///     texts: "85%",
///     ..Default::default()
/// };
/// let mut parts = Vec::new();
/// evaluate_columns_encoded(&e, "{}", columns, r#"{"decimals":"number"}"#, &mut |_, _| Ok(()),
///     &mut |part| parts.push(part)).unwrap();
/// assert!(parts[1].contains("\"total\":87.3") && parts[1].contains("\"total\":0.85"));
/// ```
pub fn evaluate_columns_encoded(
    engine: &Engine,
    head: &str,
    columns: EncodedColumns,
    options: &str,
    observe: &mut dyn FnMut(usize, usize) -> Result<(), JixiaoError>,
    sink: &mut dyn FnMut(String),
) -> Result<(), JixiaoError> {
    let opts = read_options("evaluate", options)?;
    let head = read_head(head)?;
    let columns = decode_columns(columns).map_err(|mut e| {
        if let Some(locale) = opts.locale.as_deref().and_then(Locale::parse) {
            e.localize(locale);
        }
        e
    })?;
    let out = engine.evaluate_columns_observed(&head, &columns, &opts, observe)?;
    write_parts(engine, out, &opts, sink)
}

/// The output in parts (see [`evaluate_encoded_parts`]), lean when the options ask for it.
fn write_parts(
    engine: &Engine,
    out: EvaluateOutput,
    opts: &EvaluateOptions,
    sink: &mut dyn FnMut(String),
) -> Result<(), JixiaoError> {
    let mut parts = Parts::new(sink, PART_BYTES);
    match opts.output {
        OutputMode::Full => parts.write(out, opts.decimals),
        lean => parts.write(engine.compact(out, lean), opts.decimals),
    }
}

/// The columns as sent, checked: every column as long as the table, each one a list.
fn decode_columns(encoded: EncodedColumns) -> Result<Columns, JixiaoError> {
    let layout: Layout = serde_json::from_str(encoded.layout).map_err(|e| {
        let e = e.to_string();
        JixiaoError::new(
            ErrorCode::Internal,
            "columns",
            text!(
                "列的编码有误：{e}",
                "欄的編碼有誤：{e}",
                "the columns are wrongly encoded: {e}"
            ),
        )
    })?;
    let Some(list) = layout.columns else {
        return Err(JixiaoError::new(
            ErrorCode::InvalidInput,
            "columns",
            text!(
                "columns 必须是对象（列名 → 值的数组）",
                "columns 必須是物件（欄名 → 值的陣列）",
                "columns must be an object (column name → array of values)"
            ),
        ));
    };
    let mut columns = Columns::new(layout.rows);
    let mut numbers = encoded.numbers.into_iter();
    let mut kinds = encoded.kinds.into_iter();
    let mut texts = encoded.texts.split('\0');
    for (name, len, form) in list {
        if form == NOT_A_LIST {
            return Err(not_a_list(&name));
        }
        columns.check_length(&name, len)?;
        match form {
            NUMBERS => columns.push_numbers(&name, numbers.next().unwrap_or_default())?,
            CELLS => {
                let (kinds, numbers) = (kinds.next().unwrap_or_default(), numbers.next().unwrap_or_default());
                let cells = kinds.iter().zip(numbers).map(|(kind, n)| match *kind {
                    1 => ColumnCell::Null,
                    2 => ColumnCell::Number(n),
                    3 => ColumnCell::Text(texts.next().unwrap_or("")),
                    4 => ColumnCell::Json(texts.next().unwrap_or("null")),
                    _ => ColumnCell::Absent,
                });
                columns.push_cells(&name, cells)?;
            }
            _ => {}
        }
    }
    for (row, line) in layout.lines.iter().zip(encoded.lines.split('\n')) {
        columns.set_row_json(*row, line)?;
    }
    Ok(columns)
}

/// `INVALID_INPUT`: a column that is not an array.
fn not_a_list(name: &str) -> JixiaoError {
    let mut e = JixiaoError::new(
        ErrorCode::InvalidInput,
        format!("columns/{name}"),
        text!(
            "列 “{name}” 必须是数组（或 Float64Array）",
            "欄「{name}」必須是陣列（或 Float64Array）",
            "the column \"{name}\" must be an array (or a Float64Array)"
        ),
    );
    e.field = Some(name.to_string());
    e
}

/// Evaluates several periods in the encoded form the JS package sends (see
/// [`Engine::evaluate_periods`]): the head as JSON text, the rows, and the options as
/// JSON. Returns the output as JSON text.
///
/// ```
/// let e = jixiao::Engine::from_json(r#"{"indicators":[{"key":"q","weight":100,
///     "actual":{"field":"q"},"scoring":{"type":"direct"}}]}"#).unwrap();
/// let json = jixiao::json::evaluate_periods_encoded(&e, r#"{"periods":[2025],"compose":{}}"#,
///     "{\"q\":87.3}", r#"{"decimals":"number"}"#).unwrap();
/// assert!(json.contains("\"total\":87.3"));
/// ```
pub fn evaluate_periods_encoded(engine: &Engine, head: &str, rows: &str, options: &str) -> Result<String, JixiaoError> {
    let opts = read_options("evaluatePeriods", options)?;
    let out = engine.evaluate_periods(&periods_head(head)?, rows, &opts)?;
    write_decimals(&out, opts.decimals)
}

/// The head of a periods input as a JSON value (empty text is `{}`).
fn periods_head(head: &str) -> Result<Value, JixiaoError> {
    if head.trim().is_empty() {
        return Ok(Value::Object(serde_json::Map::new()));
    }
    serde_json::from_str(head).map_err(|e| {
        let e = e.to_string();
        JixiaoError::new(
            ErrorCode::InvalidJson,
            "",
            text!(
                "evaluatePeriods 的输入不是有效的 JSON：{e}",
                "evaluatePeriods 的輸入不是有效的 JSON：{e}",
                "the evaluatePeriods input is not valid JSON: {e}"
            ),
        )
    })
}
