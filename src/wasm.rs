//! The WebAssembly binding: strings (and, for columns, typed arrays) in, strings out.
//!
//! This module only converts: each export calls one entry of `crate::json` (or the
//! `Engine`) and hands its text back — an evaluation's as an array of texts, its parts —
//! calling a JS progress function on the way. It holds no logic of its own: every
//! decision (validation, numbers, errors) is made by the core, so the native tests cover
//! it. What only wasm needs stays here: the heap grown in big steps (`Heap`). The
//! JavaScript wrapper in `pkg-template/api.js` turns the thrown JSON strings into
//! `JixiaoError` objects.
//!
//! Errors cross the boundary as a thrown JS string holding the `JixiaoError` JSON
//! (`{ code, severity, path, message, messages, … }`). A string (not a `js_sys::Error`)
//! keeps the binding free of JS object plumbing and lets the wrapper build a real
//! `Error` subclass with a JS stack trace.

use crate::json::{
    allocate_json, commission_json, compare_encoded, decompose_json, decompose_tree_json, digest_json,
    evaluate_columns_encoded, evaluate_encoded_parts, evaluate_periods_encoded, from_feishu_json, from_huoban_json,
    from_jiandaoyun_json, funnel_json, heap_estimate, indicators_json, replan_json, template_json, templates_json,
    to_feishu_json, to_huoban_json, to_jiandaoyun_json, validate_scheme_json, EncodedColumns,
};
use crate::{Engine, JixiaoError, Locale};
use wasm_bindgen::prelude::*;

/// Type aliases the tsify-generated declarations refer to by name (DESIGN.md, "The JS
/// boundary": how nulls, decimals and errors are typed).
#[wasm_bindgen(typescript_custom_section)]
const TS_ALIASES: &'static str = r#"
/** A number cell or setting: a JS number or a decimal string ("1.2万", "85%", "0.1"). */
export type Num = string | number;
/** An exact decimal the core always writes as a string, such as "13000.00". */
export type Decimal = string;
declare const decimalText: unique symbol;
/**
 * An output decimal (the core's `Dec`): a string such as "87.30", rounded to its places.
 * The brand only marks where `decimals: "number"` gives a JS number instead (see
 * `WithNumbers` in index.d.ts); a `Dec` is a `string` wherever a string is expected.
 */
export type Dec = string & { readonly [decimalText]: "Dec" };
/** Any JSON value, as `JSON.parse` gives it. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
/**
 * A people row or a raw-table row: column name → cell. A cell may be anything: a number, a
 * text ("1.2万", "85%", "2025-07-01"), a boolean; `null`, `undefined` or "" are missing; a
 * cell that cannot be read is that row's error (`INVALID_NUMBER` …), never a throw.
 */
export type Row = Record<string, unknown>;
/** Raw tables by name (`{ orders: [...], payments: [...] }`), read by the scheme's measures and aggregates. */
export type Tables = Record<string, Row[]>;
/**
 * An indicator taken from the built-in library by key (DESIGN.md, "The indicator library
 * and scheme templates"): it may leave out what the library provides (key, name,
 * description, direction, actual, target, scoring); what it gives overrides the library. `columns` renames the library formula's input
 * columns to the user's own (`{ "实际回款额": "回款金额" }`).
 * @example
 * ```ts
 * const ind: IndicatorFromLibrary = { library: "collection_rate", weight: 20, columns: { 实际回款额: "回款金额" } };
 * ```
 */
export type IndicatorFromLibrary = Partial<Indicator> & {
  /** The library key, e.g. `"collection_rate"` (see `indicators()`). */
  library: string;
  /** Library column name → the user's column name. */
  columns?: Record<string, string>;
};

/** A scheme whose indicators may come from the library ({@link IndicatorFromLibrary}). */
export type SchemeWithLibrary = Omit<Scheme, "indicators"> & {
  indicators?: Array<Indicator | IndicatorFromLibrary>;
};
// The loader's types below shadow the DOM names wasm-bindgen writes, with structural ones
// the real objects fit, so these declarations compile without the DOM lib (Node projects).
// They stay private to this file: `export {}` ends implicit exports.
/** A request: a URL text or an object with a `url` (a `Request`). */
type RequestInfo = string | { readonly url: string };
/** A URL object. */
type URL = { readonly href: string };
/** A fetch response (`Response`). */
type Response = { arrayBuffer(): Promise<ArrayBuffer> };
/** Bytes: an `ArrayBuffer` or a view of one. */
type BufferSource = ArrayBuffer | ArrayBufferView;
declare namespace WebAssembly {
  /** A compiled module. */
  interface Module {}
  /** The instance's memory. */
  interface Memory { readonly buffer: ArrayBuffer; grow(delta: number): number }
  /** The instance's function table. */
  interface Table { readonly length: number }
}
export {};
"#;

/// Used when an error cannot even be serialized (it never should).
const INTERNAL_ERROR_JSON: &str = r#"{"code":"INTERNAL","severity":"error","path":"","message":"内部错误：无法编码错误信息","messages":{"zh-CN":"内部错误：无法编码错误信息","zh-TW":"內部錯誤：無法編碼錯誤訊息","en":"internal error: the error could not be encoded"}}"#;

/// Encodes a core error as the thrown JS value: its JSON text.
fn throw(error: &JixiaoError) -> JsValue {
    match serde_json::to_string(error) {
        Ok(json) => JsValue::from_str(&json),
        Err(_) => JsValue::from_str(INTERNAL_ERROR_JSON),
    }
}

/// A compiled scheme (the core `Engine`), as the JS wrapper's `Engine` holds it.
#[wasm_bindgen]
pub struct EngineCore {
    engine: Engine,
}

#[wasm_bindgen]
impl EngineCore {
    /// Validates and compiles a scheme given as JSON text; throws the error JSON.
    #[wasm_bindgen(constructor)]
    pub fn new(scheme_json: &str) -> Result<EngineCore, JsValue> {
        Engine::from_json(scheme_json)
            .map(|engine| EngineCore { engine })
            .map_err(|e| throw(&e))
    }

    /// Evaluates: `head` is the input object without `people` (JSON), `rows` one
    /// JSON row per line, `options` JSON. Returns the output as an array of JSON texts in
    /// the order of `json::evaluate_encoded_parts`; throws the error JSON.
    /// `on_progress(done, total)`, when given, is called after every block of rows; an
    /// answer of `false` (or a throw) stops the evaluation with `ABORTED`.
    pub fn evaluate(
        &self,
        head: &str,
        rows: &str,
        options: &str,
        on_progress: Option<js_sys::Function>,
    ) -> Result<js_sys::Array, JsValue> {
        let heap = Heap::ahead_of(heap_estimate(rows.len(), options)).map_err(|e| throw(&e))?;
        in_parts(heap, on_progress.as_ref(), |observe, sink| {
            evaluate_encoded_parts(&self.engine, head, rows, options, observe, sink)
        })
    }

    /// Evaluates the people table by columns (`json::EncodedColumns`: `layout` JSON, one
    /// `Float64Array` per column sent in `numbers`, one `Uint8Array` of cell kinds per mixed
    /// column in `kinds`, the text cells joined by U+0000, the rows sent whole as JSON lines),
    /// each typed array copied once. Otherwise as `evaluate`.
    #[wasm_bindgen(js_name = evaluateColumns)]
    #[allow(clippy::too_many_arguments)] // the encoded parts, as they cross the boundary
    pub fn evaluate_columns(
        &self,
        head: &str,
        layout: &str,
        numbers: js_sys::Array,
        kinds: js_sys::Array,
        texts: &str,
        lines: &str,
        options: &str,
        on_progress: Option<js_sys::Function>,
    ) -> Result<js_sys::Array, JsValue> {
        let numbers = copied(&numbers, js_sys::Float64Array::to_vec);
        let kinds = copied(&kinds, js_sys::Uint8Array::to_vec);
        // about the size of the same rows as JSON lines: ~16 bytes a cell
        let cells: usize = numbers.iter().map(Vec::len).sum();
        let bytes = cells
            .saturating_mul(16)
            .saturating_add(texts.len())
            .saturating_add(lines.len());
        let heap = Heap::ahead_of(heap_estimate(bytes, options)).map_err(|e| throw(&e))?;
        let columns = EncodedColumns {
            layout,
            numbers,
            kinds,
            texts,
            lines,
        };
        in_parts(heap, on_progress.as_ref(), |observe, sink| {
            evaluate_columns_encoded(&self.engine, head, columns, options, observe, sink)
        })
    }

    /// The names of the columns the compiled scheme reads: the JS wrapper reads only these
    /// properties of row objects (DESIGN.md, "The JS boundary").
    #[wasm_bindgen(js_name = columnsRead)]
    pub fn columns_read(&self) -> Vec<String> {
        self.engine.columns_read().into_iter().map(str::to_string).collect()
    }

    /// Evaluates several periods and their composite: `head` is the input without the shared
    /// `people` (JSON; a period's own people replaced by `{ "\u0000rows": k }`), `rows` the
    /// shared rows then each period's block, blocks separated by U+001E, one JSON row per
    /// line; `options` JSON. Returns the output JSON; throws the error JSON.
    #[wasm_bindgen(js_name = evaluatePeriods)]
    pub fn evaluate_periods(&self, head: &str, rows: &str, options: &str) -> Result<String, JsValue> {
        Heap::ahead_of(heap_estimate(rows.len(), options)).map_err(|e| throw(&e))?;
        evaluate_periods_encoded(&self.engine, head, rows, options).map_err(|e| throw(&e))
    }

    /// What-if (方案对比): this engine (A) and `other` (B) on the same input, given as in
    /// `evaluate` (`head` JSON, one JSON row per line); `options` JSON. Returns the
    /// comparison JSON (`json::compare_encoded`); throws the error JSON.
    pub fn compare(&self, other: &EngineCore, head: &str, rows: &str, options: &str) -> Result<String, JsValue> {
        Heap::ahead_of(heap_estimate(rows.len(), r#"{"output":"totals"}"#)).map_err(|e| throw(&e))?;
        compare_encoded(&self.engine, &other.engine, head, rows, options).map_err(|e| throw(&e))
    }
}

/// Each typed array of `list` copied into wasm memory (anything else as an empty list).
fn copied<A: JsCast, T>(list: &js_sys::Array, copy: impl Fn(&A) -> Vec<T>) -> Vec<Vec<T>> {
    list.iter()
        .map(|value| value.dyn_into::<A>().map(|a| copy(&a)).unwrap_or_default())
        .collect()
}

/// Runs an evaluation that reports its progress and writes its output in parts: keeps
/// the heap ahead of it, tells `on_progress(done, total)` (an answer of `false`, or a
/// throw, stops it with `ABORTED`) and returns the parts as JS strings, each leaving wasm
/// memory as soon as it is written.
fn in_parts(
    mut heap: Heap,
    on_progress: Option<&js_sys::Function>,
    run: impl FnOnce(
        &mut dyn FnMut(usize, usize) -> Result<(), JixiaoError>,
        &mut dyn FnMut(String),
    ) -> Result<(), JixiaoError>,
) -> Result<js_sys::Array, JsValue> {
    let mut observe = |done: usize, total: usize| {
        heap.keep_ahead()?;
        match on_progress {
            Some(f)
                if !f
                    .call2(&JsValue::NULL, &JsValue::from(done), &JsValue::from(total))
                    .is_ok_and(|answer| answer.as_bool() != Some(false)) =>
            {
                Err(JixiaoError::aborted())
            }
            _ => Ok(()),
        }
    };
    let parts = js_sys::Array::new();
    let mut sink = |part: String| {
        parts.push(&JsValue::from_str(&part));
    };
    run(&mut observe, &mut sink).map_err(|e| throw(&e))?;
    Ok(parts)
}

/// Keeps the wasm heap ahead of an evaluation (DESIGN.md, "Large tables"). The allocator
/// grows linear memory by what each allocation lacks, a few pages at a time, and every
/// `memory.grow` is costly in V8 (measured: 8 000 one-page grows take 7 s, one grow of
/// 8 000 pages 4 ms; a first `"totals"` evaluation of 100 000 rows took 13.4 s against
/// 1.7 s once the heap had grown). So the heap is grown in big steps (taken from the
/// allocator and given back at once: it keeps them for what follows): up front by what
/// the evaluation is expected to take (`json::heap_estimate`), then, whenever it grew
/// during a block of rows, by a quarter more. When memory cannot hold
/// the first step, or even a sixteenth more once the rows outgrew it, the evaluation stops
/// with `TOO_LARGE` instead of trapping later. Wasm memory never shrinks; it is reused.
struct Heap {
    /// Linear memory at the last look.
    last: usize,
}

impl Heap {
    /// Grows the heap to `bytes`, what the evaluation is expected to take, or `TOO_LARGE`
    /// when memory cannot hold it.
    fn ahead_of(bytes: usize) -> Result<Heap, JixiaoError> {
        reserve(bytes).map_err(|_| JixiaoError::out_of_memory())?;
        Ok(Heap { last: heap_bytes() })
    }

    /// After a block of rows: when the heap grew during it, grows it by a quarter more (a
    /// sixteenth when a quarter cannot be had), or `TOO_LARGE` when memory is all but spent.
    fn keep_ahead(&mut self) -> Result<(), JixiaoError> {
        let now = heap_bytes();
        if now <= self.last {
            return Ok(());
        }
        let grown = reserve(now / 4).or_else(|_| reserve(now / 16));
        self.last = heap_bytes();
        grown.map_err(|_| JixiaoError::out_of_memory())
    }
}

/// Linear memory's size in bytes.
fn heap_bytes() -> usize {
    core::arch::wasm32::memory_size::<0>().saturating_mul(65_536)
}

/// Takes `bytes` from the allocator and gives them back, so it holds them for what follows.
fn reserve(bytes: usize) -> Result<(), std::collections::TryReserveError> {
    let mut block: Vec<u8> = Vec::new();
    block.try_reserve_exact(bytes)
}

/// Validates a scheme given as JSON text; returns the report `{ ok, issues }` as JSON.
#[wasm_bindgen(js_name = validateSchemeJson)]
pub fn validate_scheme_json_binding(scheme_json: &str, locale: Option<String>) -> String {
    let locale = locale.as_deref().and_then(Locale::parse);
    let report = validate_scheme_json(scheme_json, locale);
    match serde_json::to_string(&report) {
        Ok(json) => json,
        Err(_) => format!(r#"{{"ok":false,"issues":[{INTERNAL_ERROR_JSON}]}}"#),
    }
}

/// The instance's linear memory in bytes (what `releaseMemory` gives back).
#[wasm_bindgen(js_name = memoryBytes)]
pub fn memory_bytes() -> usize {
    heap_bytes()
}

/// The crate version (`CARGO_PKG_VERSION`).
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

/// The sales funnel: the input as JSON text; returns the funnel as JSON (`json::funnel_json`).
#[wasm_bindgen(js_name = funnelJson)]
pub fn funnel_json_binding(input_json: &str) -> Result<String, JsValue> {
    funnel_json(input_json).map_err(|e| throw(&e))
}

/// The digests of a scheme and an input, both JSON texts; returns `{ version, scheme, input }`
/// as JSON (`json::digest_json`).
#[wasm_bindgen(js_name = digestJson)]
pub fn digest_json_binding(scheme_json: &str, input_json: &str) -> Result<String, JsValue> {
    digest_json(scheme_json, input_json).map_err(|e| throw(&e))
}

/// Decomposes a target: the input as JSON text; returns the decomposition as JSON.
#[wasm_bindgen(js_name = decomposeJson)]
pub fn decompose_json_binding(input_json: &str) -> Result<String, JsValue> {
    decompose_json(input_json).map_err(|e| throw(&e))
}

/// Decomposes a target down an organisation tree: the input as
/// JSON text; returns the tree decomposition as JSON.
#[wasm_bindgen(js_name = decomposeTreeJson)]
pub fn decompose_tree_json_binding(input_json: &str) -> Result<String, JsValue> {
    decompose_tree_json(input_json).map_err(|e| throw(&e))
}

/// Re-plans the open parts of a target: the input as JSON text; returns the result as JSON.
#[wasm_bindgen(js_name = replanJson)]
pub fn replan_json_binding(input_json: &str) -> Result<String, JsValue> {
    replan_json(input_json).map_err(|e| throw(&e))
}

/// Computes one commission: `{ plan, base, target?, paid?, rounding?, locale? }`
/// as JSON text; returns the breakdown as JSON.
#[wasm_bindgen(js_name = commissionJson)]
pub fn commission_json_binding(input_json: &str) -> Result<String, JsValue> {
    commission_json(input_json).map_err(|e| throw(&e))
}

/// Splits an amount by weights with caps: `{ amount, weights, caps?, unit?, locale? }`
/// as JSON text; returns the allocation as JSON.
#[wasm_bindgen(js_name = allocateJson)]
pub fn allocate_json_binding(input_json: &str) -> Result<String, JsValue> {
    allocate_json(input_json).map_err(|e| throw(&e))
}

/// The indicator library: `{ locale? }` as JSON text; returns the entries as JSON.
#[wasm_bindgen(js_name = indicatorsJson)]
pub fn indicators_json_binding(options_json: &str) -> Result<String, JsValue> {
    indicators_json(options_json).map_err(|e| throw(&e))
}

/// Every scheme template: `{ locale? }` as JSON text; returns the templates as JSON.
#[wasm_bindgen(js_name = templatesJson)]
pub fn templates_json_binding(options_json: &str) -> Result<String, JsValue> {
    templates_json(options_json).map_err(|e| throw(&e))
}

/// One scheme template by key: `{ locale? }` as JSON text; returns the template as JSON
/// (throws `UNKNOWN_KEY` for an unknown key).
#[wasm_bindgen(js_name = templateJson)]
pub fn template_json_binding(key: &str, options_json: &str) -> Result<String, JsValue> {
    template_json(key, options_json).map_err(|e| throw(&e))
}

/// Reads Huoban (伙伴云) items into plain rows: the items, the table's field list
/// and the options as JSON texts (`""` for none); returns `{ rows, errors, warnings }` as JSON.
#[wasm_bindgen(js_name = fromHuobanJson)]
pub fn from_huoban_json_binding(items: &str, fields: &str, options: &str) -> Result<String, JsValue> {
    from_huoban_json(items, fields, options).map_err(|e| throw(&e))
}

/// Reads Feishu Bitable (飞书多维表格) records into plain rows: the records and the options as
/// JSON texts; returns `{ rows, errors, warnings }` as JSON.
#[wasm_bindgen(js_name = fromFeishuJson)]
pub fn from_feishu_json_binding(records: &str, options: &str) -> Result<String, JsValue> {
    from_feishu_json(records, options).map_err(|e| throw(&e))
}

/// Reads Jiandaoyun (简道云) data into plain rows: the data, the form's widget list (`""` for
/// none) and the options as JSON texts; returns `{ rows, errors, warnings }` as JSON.
#[wasm_bindgen(js_name = fromJiandaoyunJson)]
pub fn from_jiandaoyun_json_binding(data: &str, widgets: &str, options: &str) -> Result<String, JsValue> {
    from_jiandaoyun_json(data, widgets, options).map_err(|e| throw(&e))
}

/// Shapes rows into Huoban item updates: the rows, the field list and the options as JSON
/// texts; returns `{ items, errors, warnings }` as JSON.
#[wasm_bindgen(js_name = toHuobanJson)]
pub fn to_huoban_json_binding(rows: &str, fields: &str, options: &str) -> Result<String, JsValue> {
    to_huoban_json(rows, fields, options).map_err(|e| throw(&e))
}

/// Shapes rows into the Feishu `batch_update` body: the rows and the options as JSON texts;
/// returns `{ records, errors, warnings }` as JSON.
#[wasm_bindgen(js_name = toFeishuJson)]
pub fn to_feishu_json_binding(rows: &str, options: &str) -> Result<String, JsValue> {
    to_feishu_json(rows, options).map_err(|e| throw(&e))
}

/// Shapes rows into Jiandaoyun data updates: the rows, the widget list and the options as
/// JSON texts; returns `{ items, errors, warnings }` as JSON.
#[wasm_bindgen(js_name = toJiandaoyunJson)]
pub fn to_jiandaoyun_json_binding(rows: &str, widgets: &str, options: &str) -> Result<String, JsValue> {
    to_jiandaoyun_json(rows, widgets, options).map_err(|e| throw(&e))
}
