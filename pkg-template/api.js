// jixiao (绩效) — the JavaScript API over the WebAssembly core.
//
// The core speaks strings only: a scheme as JSON text, evaluate input as a JSON
// "head" plus one JSON row per line, results as JSON text, and errors as a thrown
// string holding the error JSON. This file does that encoding and turns every
// failure into a `JixiaoError`. It holds no business logic: numbers, validation and
// row errors are all decided by the core.

import { createWorkerClient } from "./worker-client.js";

/** The key the core reads as "a JS number that JSON cannot hold" (NaN, ±Infinity). */
const NONFINITE_KEY = "\u0000nonfinite";

/** The longest reason kept for a row that could not be serialized. */
const MAX_REASON = 200;

/** Messages for failures detected on the JavaScript side, in the three locales. */
const JS_MESSAGES = {
  NOT_INITIALIZED: {
    "zh-CN": "jixiao 尚未初始化：请先 await init()",
    "zh-TW": "jixiao 尚未初始化：請先 await init()",
    en: "jixiao is not initialized: await init() first",
  },
  INIT_FAILED: (reason) => ({
    "zh-CN": `jixiao 的 WebAssembly 模块加载失败：${reason}`,
    "zh-TW": `jixiao 的 WebAssembly 模組載入失敗：${reason}`,
    en: `the jixiao WebAssembly module failed to load: ${reason}`,
  }),
  WASM_NOT_LOADED: (url, answer) => {
    const what = {
      status: [`服务器返回 HTTP ${answer.status}`, `伺服器回應 HTTP ${answer.status}`, `the server answered HTTP ${answer.status}`],
      html: ["服务器返回的是 HTML 页面，不是 wasm 文件", "伺服器回應的是 HTML 頁面，不是 wasm 檔案", "the server answered with an HTML page, not the wasm file"],
      compile: [`内容不是 WebAssembly 模块（${answer.reason}）`, `內容不是 WebAssembly 模組（${answer.reason}）`, `the answer is not a WebAssembly module (${answer.reason})`],
      fetch: [`下载失败（${answer.reason}）`, `下載失敗（${answer.reason}）`, `the download failed (${answer.reason})`],
    }[answer.kind];
    return {
      "zh-CN": `jixiao 无法加载 ${url}：${what[0]}。请让服务器以 application/wasm 提供 node_modules/jixiao/jixiao_bg.wasm，或把它的地址传给 init(url)；Vite 7 及更早版本的开发服务器请在 vite.config 中加 optimizeDeps: { exclude: ["jixiao"] }`,
      "zh-TW": `jixiao 無法載入 ${url}：${what[1]}。請讓伺服器以 application/wasm 提供 node_modules/jixiao/jixiao_bg.wasm，或把它的網址傳給 init(url)；Vite 7 及更早版本的開發伺服器請在 vite.config 中加入 optimizeDeps: { exclude: ["jixiao"] }`,
      en: `jixiao could not load ${url}: ${what[2]}. Serve node_modules/jixiao/jixiao_bg.wasm as application/wasm, or pass its URL to init(url); with the dev server of Vite 7 or earlier, add optimizeDeps: { exclude: ["jixiao"] } to vite.config`,
    };
  },
  RELEASE_BUSY: {
    "zh-CN": "计算进行中（例如在 onProgress 回调里）不能 releaseMemory()：请在计算结束后调用",
    "zh-TW": "計算進行中（例如在 onProgress 回呼裡）不能 releaseMemory()：請在計算結束後呼叫",
    en: "releaseMemory() cannot run during an evaluation (such as from onProgress): call it once the evaluation is over",
  },
  NOT_ENGINES: {
    "zh-CN": "compare(a, b, input) 的 a 和 b 必须是 Engine",
    "zh-TW": "compare(a, b, input) 的 a 和 b 必須是 Engine",
    en: "compare(a, b, input) needs two Engines as a and b",
  },
  FREED: {
    "zh-CN": "该 Engine 已释放（free），不能再使用",
    "zh-TW": "該 Engine 已釋放（free），不能再使用",
    en: "this Engine has been freed and cannot be used",
  },
  SCHEME_NOT_SERIALIZABLE: (reason) => ({
    "zh-CN": `考核方案无法转换为 JSON：${reason}`,
    "zh-TW": `考核方案無法轉換為 JSON：${reason}`,
    en: `the scheme cannot be converted to JSON: ${reason}`,
  }),
  INPUT_NOT_SERIALIZABLE: (what, reason) => ({
    "zh-CN": `${what === "options" ? "选项" : "输入"}无法转换为 JSON：${reason}`,
    "zh-TW": `${what === "options" ? "選項" : "輸入"}無法轉換為 JSON：${reason}`,
    en: `the ${what} cannot be converted to JSON: ${reason}`,
  }),
  ABORTED: {
    "zh-CN": "计算已被取消",
    "zh-TW": "計算已被取消",
    en: "the evaluation was aborted",
  },
  WORKER_FAILED: (reason) => ({
    "zh-CN": `后台线程（Worker）出错：${reason}`,
    "zh-TW": `背景執行緒（Worker）出錯：${reason}`,
    en: `the background worker failed: ${reason}`,
  }),
  NOT_A_FUNCTION: (name) => ({
    "zh-CN": `选项 ${name} 必须是函数`,
    "zh-TW": `選項 ${name} 必須是函式`,
    en: `the option ${name} must be a function`,
  }),
  NOT_A_SIGNAL: (name) => ({
    "zh-CN": `选项 ${name} 必须是 AbortSignal`,
    "zh-TW": `選項 ${name} 必須是 AbortSignal`,
    en: `the option ${name} must be an AbortSignal`,
  }),
  INTERNAL: (reason) => ({
    "zh-CN": `内部错误：${reason}`,
    "zh-TW": `內部錯誤：${reason}`,
    en: `internal error: ${reason}`,
  }),
  RESTARTED: (reason) => ({
    "zh-CN": `内部错误：WebAssembly 模块中止（${reason}），已自动重启；已有的 Engine 会在下次调用时重新编译，无需刷新页面`,
    "zh-TW": `內部錯誤：WebAssembly 模組中止（${reason}），已自動重新啟動；既有的 Engine 會在下次呼叫時重新編譯，無需重新整理頁面`,
    en: `internal error: the WebAssembly module trapped (${reason}) and was restarted; existing engines are recompiled on their next call, no page reload needed`,
  }),
};

/**
 * Normalizes a locale tag the way the core's `Locale::parse` does:
 * zh, zh-CN, zh-Hans… → "zh-CN"; zh-TW, zh-HK, zh-Hant… → "zh-TW"; en, en-US… → "en".
 * Returns undefined for anything else. It stays on this side because the message of a
 * JixiaoError is chosen here: for errors raised before the wasm is loaded
 * (NOT_INITIALIZED) and for `new Engine(scheme, { locale })`, whose core call takes no locale.
 */
export function normalizeLocale(tag) {
  if (typeof tag !== "string") return undefined;
  const t = tag.trim().toLowerCase().replace(/_/g, "-");
  if (t === "en" || t.startsWith("en-")) return "en";
  if (t === "zh-tw" || t === "zh-hk" || t === "zh-mo" || t.startsWith("zh-hant")) return "zh-TW";
  if (t === "zh" || t === "zh-cn" || t === "zh-sg" || t.startsWith("zh-hans")) return "zh-CN";
  return undefined;
}

function describe(err) {
  let text;
  try {
    text = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  } catch {
    text = "unknown error";
  }
  // control characters (line and block separators of the encoded rows) become spaces
  text = text.replace(/[\u0000-\u001f]+/g, " ");
  return text.length > MAX_REASON ? `${text.slice(0, MAX_REASON)}…` : text;
}

/**
 * The JSON replacer used for schemes, input and options. JSON has no NaN, Infinity
 * or BigInt: non-finite numbers become `{"\u0000nonfinite": "NaN" | "Infinity" |
 * "-Infinity"}` (so the core can report INVALID_NUMBER with the raw value instead of
 * silently reading `null`), and a BigInt becomes its exact decimal string.
 */
export function replacer(_key, value) {
  switch (typeof value) {
    case "number":
      return Number.isFinite(value) ? value : { [NONFINITE_KEY]: String(value) };
    case "bigint":
      return value.toString();
    case "object":
      if (value instanceof Number) return replacer(_key, value.valueOf());
      return value;
    default:
      return value;
  }
}

/**
 * The input as the JSON text its digest is taken of (DESIGN.md, "Analysis (反馈)"): as
 * {@link replacer} writes it, typed arrays (columns) as plain arrays. The core sorts the
 * keys and hashes it.
 */
export function digestText(input) {
  return JSON.stringify(input, (key, value) => (ArrayBuffer.isView(value) && !(value instanceof DataView) ? Array.from(value) : replacer(key, value)));
}

/**
 * The input with `columns` turned into `people` rows (a cell absent from a short column is
 * left out), for calls that read rows only (`compare`); any other input as it is.
 */
export function withPeopleRows(input) {
  if (!isRecord(input) || !isRecord(input.columns)) return input;
  const { columns, ...rest } = input;
  const names = Object.keys(columns).filter((name) => isList(columns[name]));
  const n = names.reduce((m, name) => Math.max(m, columns[name].length), 0);
  const people = Array.from({ length: n }, (_, i) => {
    const row = {};
    for (const name of names) if (i < columns[name].length) row[name] = columns[name][i];
    return row;
  });
  return { ...rest, people };
}

/**
 * Encodes one input row as one line: its JSON, `null` when it has no JSON form
 * (undefined, a function), or `!` and the reason when serializing throws (a cycle…).
 * JSON text never contains a raw newline, so rows join with "\n".
 */
export function encodeRow(row) {
  let json;
  try {
    // Same output as JSON.stringify(row, replacer) (tests/js/encoding.test.mjs checks
    // it). The common flat row of strings and finite numbers skips the replacer:
    // newer V8 versions serialize much faster without one (in Node 20 it is a wash).
    json = JSON.stringify(row, replacer);
  } catch (err) {
    return `!${describe(err)}`;
  }
  return json === undefined ? "null" : json;
}

/**
 * Calls the core's evaluate on what `encodeInput` made, by columns or by JSON lines. The
 * one place that knows how an encoded input reaches the core: `Engine.evaluate` and the
 * workers (worker.js) both call it. `observe(done, total)` is optional; `false` stops the
 * run. Returns the output as the core wrote it (see {@link readOutput}).
 */
export function evaluateEncoded(core, encoded, options, observe) {
  if (encoded.columns === undefined) return core.evaluate(encoded.head, encoded.rows, options, observe);
  const c = encoded.columns;
  return core.evaluateColumns(encoded.head, c.layout, c.numbers, c.kinds, c.texts, c.lines, options, observe);
}

/**
 * Splits evaluate input for the core (DESIGN.md, "The JS boundary"). With `read`, the
 * names of the columns the compiled scheme reads (`EngineCore.columnsRead()`), `people`
 * goes by columns too ({@link encodePeopleColumns}); `columns` always does
 * ({@link encodeColumns}). Otherwise `people`, when an array, is sent as one JSON line per
 * row; anything else stays in `head` for the core to report.
 * Returns `{ head, rows }` or `{ head, columns }`; throws (a plain Error) when `head`
 * cannot be serialized.
 */
export function encodeInput(input, read) {
  let head;
  let rows = "";
  if (isRecord(input) && input.columns !== undefined) {
    const { columns, ...rest } = input;
    return { head: JSON.stringify(rest, replacer), columns: encodeColumns(columns, read) };
  }
  if (isRecord(input) && Array.isArray(input.people)) {
    const { people, ...rest } = input;
    head = JSON.stringify(rest, replacer);
    if (read !== undefined) return { head, columns: encodePeopleColumns(people, read) };
    rows = people.map(encodeRow).join("\n");
  } else {
    head = JSON.stringify(input, replacer);
  }
  return { head: head === undefined ? "null" : head, rows };
}

// The forms of a column and the kinds of a cell, as src/json/evaluate.rs reads them.
const UNREAD = 0;
const NUMBERS = 1;
const CELLS = 2;
const NOT_A_LIST = 3;
const NULL = 1;
const NUMBER = 2;
const TEXT = 3;
const JSON_TEXT = 4;

/** One column sent cell by cell: each cell's kind and number; texts joined at the end. */
class CellColumn {
  constructor(rows) {
    this.kinds = new Uint8Array(rows);
    this.numbers = new Float64Array(rows);
    this.texts = [];
  }

  /**
   * Writes cell `i` as the JSON row encoding would read it; `false` for a value only a
   * whole row's `JSON.stringify` reads exactly (a Date, a class instance, a cycle …), which
   * is then left absent here. (An absent cell is a kind of 0: nothing to write.)
   */
  put(i, v) {
    switch (typeof v) {
      case "number":
        this.kinds[i] = NUMBER;
        this.numbers[i] = v;
        return true;
      case "string":
        // U+0000 joins the texts: a text holding it goes as JSON
        if (v.indexOf("\u0000") === -1) return this.text(i, TEXT, v);
        return this.text(i, JSON_TEXT, JSON.stringify(v));
      case "boolean":
        return this.text(i, JSON_TEXT, v ? "true" : "false");
      case "bigint":
        return this.text(i, TEXT, v.toString());
      case "object":
        if (v === null) {
          this.kinds[i] = NULL;
          return true;
        }
        if (!isPlainData(v)) return false;
        try {
          return this.text(i, JSON_TEXT, JSON.stringify(v, replacer));
        } catch {
          return false;
        }
      default:
        return true; // undefined, functions and symbols: JSON leaves the key out
    }
  }

  text(i, kind, text) {
    this.kinds[i] = kind;
    this.texts.push(text);
    return true;
  }
}

/** A plain object or array, without `toJSON`: stringified alone as inside its row. */
function isPlainData(v) {
  const proto = Object.getPrototypeOf(v);
  const plain = Array.isArray(v) ? proto === Array.prototype : proto === Object.prototype || proto === null;
  return plain && typeof v.toJSON !== "function";
}

/** Whether a list of cells can be a column: an array or a typed array. */
function isList(x) {
  return Array.isArray(x) || (ArrayBuffer.isView(x) && !(x instanceof DataView));
}

/**
 * The encoded columns (src/json/evaluate.rs `EncodedColumns`) of `columns`, an object of
 * column name → `Float64Array` or array of cells. Only the columns in `read` (all when
 * `read` is undefined) carry cells: a `Float64Array` as it is (copied once, into wasm),
 * another list cell by cell. The lengths of all are sent for the core to check.
 */
export function encodeColumns(columns, read) {
  const out = { layout: "", numbers: [], kinds: [], texts: "", lines: "" };
  if (!isRecord(columns)) {
    out.layout = JSON.stringify({ rows: 0, columns: null });
    return out;
  }
  const wanted = read === undefined ? undefined : new Set(read);
  const names = Object.keys(columns);
  const first = names.length > 0 && isList(columns[names[0]]) ? columns[names[0]].length : 0;
  const layout = { rows: first, columns: [], lines: [] };
  const texts = [];
  const lines = [];
  for (const name of names) {
    const list = columns[name];
    if (!isList(list)) {
      layout.columns.push([name, 0, NOT_A_LIST]);
    } else if ((wanted !== undefined && !wanted.has(name)) || list.length !== first) {
      layout.columns.push([name, list.length, UNREAD]);
    } else if (list instanceof Float64Array) {
      layout.columns.push([name, list.length, NUMBERS]);
      out.numbers.push(list);
    } else {
      const column = new CellColumn(list.length);
      for (let i = 0; i < list.length; i++) {
        if (!column.put(i, list[i]) && !layout.lines.includes(i)) {
          layout.lines.push(i);
          lines.push(encodeRow(rowOf(columns, names, i)));
        }
      }
      layout.columns.push([name, list.length, CELLS]);
      out.numbers.push(column.numbers);
      out.kinds.push(column.kinds);
      texts.push(column.texts);
    }
  }
  sortLines(layout, lines);
  out.layout = JSON.stringify(layout);
  out.texts = joinTexts(texts);
  out.lines = lines.join("\n");
  return out;
}

/** The text cells of every column, in order, joined by U+0000 (a column without any adds nothing). */
function joinTexts(perColumn) {
  return perColumn
    .filter((texts) => texts.length > 0)
    .map((texts) => texts.join("\u0000"))
    .join("\u0000");
}

/** Row `i` of columns as the row object it stands for. */
function rowOf(columns, names, i) {
  const row = {};
  for (const name of names) if (isList(columns[name])) row[name] = columns[name][i];
  return row;
}

/** Puts the rows sent whole in row order (the core reads them by row). */
function sortLines(layout, lines) {
  const order = layout.lines.map((row, k) => [row, lines[k]]).sort((a, b) => a[0] - b[0]);
  layout.lines = order.map((o) => o[0]);
  order.forEach((o, k) => (lines[k] = o[1]));
}

/**
 * `people` by columns: only the properties the scheme reads (`read`) are read, into one
 * column each, with no JSON.stringify per row. A row that only its own JSON.stringify reads
 * exactly goes whole, as a JSON line, and gives exactly what it gives today: a row that is
 * not a plain object (null, an array, a class instance), one with `toJSON` or a getter that
 * throws, a cell that is not plain data (a Date, a Map …), an object anywhere in it that
 * `JSON.stringify` refuses (a cycle). Objects in other properties are stringified only to
 * check that.
 */
export function encodePeopleColumns(people, read) {
  const index = new Map(read.map((name, c) => [name, c]));
  const columns = read.map(() => new CellColumn(people.length));
  const seen = read.map(() => false);
  const lineRows = [];
  const lines = [];
  for (let i = 0; i < people.length; i++) {
    if (!readRow(people[i], i, index, columns, seen)) {
      lineRows.push(i);
      lines.push(encodeRow(people[i]));
    }
  }
  const layout = { rows: people.length, columns: [], lines: lineRows };
  const out = { layout: "", numbers: [], kinds: [], texts: "", lines: lines.join("\n") };
  const texts = [];
  read.forEach((name, c) => {
    if (!seen[c]) return; // no row has it: the core reads it as absent everywhere
    layout.columns.push([name, people.length, CELLS]);
    out.numbers.push(columns[c].numbers);
    out.kinds.push(columns[c].kinds);
    texts.push(columns[c].texts);
  });
  out.layout = JSON.stringify(layout);
  out.texts = joinTexts(texts);
  return out;
}

/** Reads row `i`'s cells into the columns; `false` when the row must go whole. */
function readRow(row, i, index, columns, seen) {
  if (row === null || typeof row !== "object" || Array.isArray(row)) return false;
  const proto = Object.getPrototypeOf(row);
  if ((proto !== Object.prototype && proto !== null) || typeof row.toJSON === "function") return false;
  try {
    for (const key in row) {
      if (!Object.hasOwn(row, key)) return false; // an inherited enumerable property (a polluted prototype)
      const v = row[key];
      const c = index.get(key);
      if (c !== undefined) {
        if (!columns[c].put(i, v)) return false;
        seen[c] = true;
      } else if (typeof v === "object" && v !== null) {
        JSON.stringify(v, replacer); // throws where the row's JSON.stringify would
      }
    }
  } catch {
    return false;
  }
  return true;
}

/** The key the core reads, in a period's `people`, as "this period's rows are block k". */
const ROWS_KEY = "\u0000rows";

/** Separates the row blocks of evaluatePeriods (U+001E never appears in JSON text). */
const BLOCK_SEPARATOR = "\u001e";

function isRecord(x) {
  return x !== null && typeof x === "object" && !Array.isArray(x);
}

/**
 * Splits evaluatePeriods input into the core's strings: the shared `people` and every
 * period's own `people` become blocks of rows (one JSON row per line, blocks joined by
 * U+001E); in `head` a period's own people are replaced by `{ "\u0000rows": k }`, the
 * index of its block. Anything that is not an array stays in `head` for the core to report.
 */
export function encodePeriodsInput(input) {
  if (!isRecord(input)) {
    const head = JSON.stringify(input, replacer);
    return { head: head === undefined ? "null" : head, rows: "" };
  }
  const { people, periods, ...rest } = input;
  const blocks = [Array.isArray(people) ? people.map(encodeRow).join("\n") : ""];
  const head = { ...rest };
  if (people !== undefined && !Array.isArray(people)) head.people = people;
  if (Array.isArray(periods)) {
    head.periods = periods.map((p) => {
      if (!isRecord(p) || !Array.isArray(p.people)) return p;
      const { people: own, ...entry } = p;
      blocks.push(own.map(encodeRow).join("\n"));
      return { ...entry, people: { [ROWS_KEY]: blocks.length - 1 } };
    });
  } else if (periods !== undefined) {
    head.periods = periods;
  }
  return { head: JSON.stringify(head, replacer), rows: blocks.join(BLOCK_SEPARATOR) };
}

/**
 * Creates the public API over a wasm-bindgen glue module (`--target web`).
 *
 * @param glue   the glue module namespace: `EngineCore`, `validateSchemeJson`, `version`.
 * @param state  `{ ready(): boolean }` — whether the wasm instance is initialized.
 * @param pkgVersion  the package version (baked in at build time, known before init).
 * @param spawnWorker  `(onMessage, onFailure) => handle`: starts this platform's worker for
 *   `Engine.evaluateAsync` (see worker-client.js); absent, evaluateAsync runs in the thread.
 */
/**
 * The output the core wrote: one JSON text, or parts (DESIGN.md, "Large tables"): pairs of
 * a long list's key and a JSON array of its next items, then the rest of the output with
 * those lists empty. No part comes near the largest string a JS engine holds.
 */
export function readOutput(written) {
  if (typeof written === "string") return JSON.parse(written);
  const out = JSON.parse(written[written.length - 1]);
  for (let i = 0; i + 1 < written.length - 1; i += 2) {
    const list = out[written[i]];
    for (const item of JSON.parse(written[i + 1])) list.push(item);
  }
  return out;
}

export function createApi(glue, state, pkgVersion, spawnWorker) {
  /**
   * Every error jixiao throws: an `Error` with a stable `code`, a `path`, `message`
   * in the chosen locale and `messages` in zh-CN, zh-TW and en.
   */
  class JixiaoError extends Error {
    constructor(data, options) {
      const d = data !== null && typeof data === "object" ? data : {};
      const messages = d.messages !== null && typeof d.messages === "object" ? d.messages : {};
      const locale = normalizeLocale(options?.locale);
      const message =
        (locale && typeof messages[locale] === "string" && messages[locale]) ||
        (typeof d.message === "string" && d.message) ||
        messages["zh-CN"] ||
        String(d.code ?? "INTERNAL");
      super(message, options?.cause !== undefined ? { cause: options.cause } : undefined);
      Object.defineProperty(this, "name", { value: "JixiaoError", writable: true, configurable: true, enumerable: false });
      this.code = typeof d.code === "string" ? d.code : "INTERNAL";
      this.severity = d.severity === "warning" ? "warning" : "error";
      this.path = typeof d.path === "string" ? d.path : "";
      this.messages = {
        "zh-CN": typeof messages["zh-CN"] === "string" ? messages["zh-CN"] : message,
        "zh-TW": typeof messages["zh-TW"] === "string" ? messages["zh-TW"] : message,
        en: typeof messages.en === "string" ? messages.en : message,
      };
      this.issues = Array.isArray(d.issues) ? d.issues : [];
      this.row = typeof d.row === "number" ? d.row : undefined;
      this.field = typeof d.field === "string" ? d.field : undefined;
      this.value = typeof d.value === "string" ? d.value : undefined;
      this.position = typeof d.position === "number" ? d.position : undefined;
    }

    /** The plain data (what the core sent), e.g. for logging or postMessage. */
    toJSON() {
      const out = {
        code: this.code,
        severity: this.severity,
        path: this.path,
        message: this.message,
        messages: this.messages,
      };
      if (this.row !== undefined) out.row = this.row;
      if (this.field !== undefined) out.field = this.field;
      if (this.value !== undefined) out.value = this.value;
      if (this.position !== undefined) out.position = this.position;
      if (this.issues.length > 0) out.issues = this.issues;
      return out;
    }
  }

  function jsError(code, messages, options) {
    const path = options?.path ?? "";
    return new JixiaoError({ code, severity: "error", path, message: messages["zh-CN"], messages }, options);
  }

  /** Turns anything thrown by the core (or the glue) into a JixiaoError. */
  function toJixiaoError(err, locale) {
    if (err instanceof JixiaoError) return err;
    if (typeof err === "string") {
      let data;
      try {
        data = JSON.parse(err);
      } catch {
        data = undefined;
      }
      if (data !== null && typeof data === "object" && typeof data.code === "string") {
        return new JixiaoError(data, { locale });
      }
    }
    // Not an error the core reported: a trap or a glue failure. Keep it as `cause`.
    return jsError("INTERNAL", JS_MESSAGES.INTERNAL(describe(err)), { locale, cause: err });
  }

  /** Core calls in progress: more than one when `onProgress` calls back into the API. */
  let busy = 0;

  function call(fn, locale) {
    busy += 1;
    try {
      return fn();
    } catch (err) {
      throw isTrap(err) ? restart(err, locale) : toJixiaoError(err, locale);
    } finally {
      busy -= 1;
    }
  }

  /**
   * How many times the module was restarted (after a trap, or by `releaseMemory`): an
   * engine whose core is from an earlier instance recompiles its scheme before its next
   * call (DESIGN.md, "Never trap").
   */
  let instance = 0;

  /**
   * Replaces the instance with a fresh one of the same compiled module (wasm-bindgen's
   * `__wbg_reset_state`): its memory, and every core in it, is dropped. Returns whether it could.
   */
  function newInstance() {
    if (typeof glue.__wbg_reset_state !== "function") return false;
    try {
      glue.__wbg_reset_state();
    } catch {
      return false;
    }
    instance += 1;
    for (const record of live.keys()) record.core = undefined;
    live.clear();
    liveBytes = 0;
    return true;
  }

  /** A trap of the wasm instance (`unreachable`, out of bounds, out of memory). */
  function isTrap(err) {
    return typeof WebAssembly === "object" && err instanceof WebAssembly.RuntimeError;
  }

  /**
   * After a trap the instance's memory may hold half-done state: a fresh instance replaces
   * it (wasm-bindgen's `__wbg_reset_state`), and the error says so, once, as INTERNAL.
   */
  function restart(err, locale) {
    const restarted = newInstance();
    const messages = restarted ? JS_MESSAGES.RESTARTED(describe(err)) : JS_MESSAGES.INTERNAL(describe(err));
    return jsError("INTERNAL", messages, { locale, cause: err });
  }

  function requireReady(locale) {
    if (!state.ready()) throw jsError("NOT_INITIALIZED", JS_MESSAGES.NOT_INITIALIZED, { locale });
  }

  /**
   * `encode(value)`, or INVALID_INPUT when it throws: `messages(reason)` says what could not
   * be serialized, and the thrown error is kept as `cause`.
   */
  function encodeOrThrow(encode, value, messages, locale) {
    try {
      return encode(value);
    } catch (err) {
      throw jsError("INVALID_INPUT", messages(describe(err)), { locale, cause: err });
    }
  }

  const stringify = (value) => JSON.stringify(value, replacer);
  const inputNotSerializable = (reason) => JS_MESSAGES.INPUT_NOT_SERIALIZABLE("input", reason);
  const optionsNotSerializable = (reason) => JS_MESSAGES.INPUT_NOT_SERIALIZABLE("options", reason);

  function encodeScheme(scheme, locale) {
    if (typeof scheme === "string") return scheme;
    const json = encodeOrThrow(stringify, scheme, JS_MESSAGES.SCHEME_NOT_SERIALIZABLE, locale);
    if (json === undefined) {
      throw jsError("INVALID_INPUT", JS_MESSAGES.SCHEME_NOT_SERIALIZABLE(typeof scheme), { locale });
    }
    return json;
  }

  function encodeOptions(options, locale) {
    return encodeOrThrow(stringify, options ?? {}, optionsNotSerializable, locale) ?? "{}";
  }

  /**
   * Each engine's state: its scheme's JSON text (the key a worker caches its compiled engine
   * under), its locale, and its core while it is live (`core`, compiled in `instance`, with
   * the `columns` its scheme reads once asked). `freed` after `free()`.
   */
  const records = new WeakMap();

  /**
   * The live cores, least recently used first (DESIGN.md, "Engines and memory"). The GC
   * frees an engine only when the event loop turns, so engines made in a loop would hold
   * wasm memory until then; past `LIVE_CORES` cores, or `LIVE_SCHEME_BYTES` of their
   * schemes' text, the least recently used core is freed, and its engine compiles its
   * scheme again on its next call, as after a restart.
   */
  const live = new Map();
  const LIVE_CORES = 64;
  const LIVE_SCHEME_BYTES = 16 * 1024 * 1024;
  let liveBytes = 0;

  /** Marks a record's core the most recently used, freeing the least used beyond the limits. */
  function touch(record) {
    if (live.delete(record)) liveBytes -= record.json.length;
    live.set(record, true);
    liveBytes += record.json.length;
    for (const oldest of live.keys()) {
      if (live.size <= LIVE_CORES && liveBytes <= LIVE_SCHEME_BYTES) break;
      if (oldest === record) break;
      release(oldest);
    }
  }

  /**
   * Drops a record's core from the live set and frees it; never throws: a core from before a
   * restart went with its instance, and one still in use (freed from its own `onProgress`)
   * refuses and is left to the GC's finalizer once its call is over.
   */
  function release(record) {
    if (live.delete(record)) liveBytes -= record.json.length;
    const { core } = record;
    record.core = undefined;
    record.columns = undefined;
    if (core === undefined || record.instance !== instance) return;
    try {
      core.free();
    } catch {
      // still borrowed: see above
    }
  }

  /**
   * The names of the columns an engine's scheme reads, asked of the core once (undefined
   * for a core without `columnsRead`: its rows go as JSON lines).
   */
  function columnsRead(engine) {
    const core = coreOf(engine);
    const record = records.get(engine);
    if (record !== undefined && record.columns === undefined) {
      record.columns = { names: typeof core?.columnsRead === "function" ? core.columnsRead() : undefined };
    }
    return record?.columns?.names;
  }

  /** How an engine's evaluate input is encoded: `people` by the columns its scheme reads. */
  function encodeFor(engine) {
    return (input) => encodeInput(input, columnsRead(engine));
  }

  /**
   * An engine's core (undefined once freed), compiled again from its scheme when the module
   * was restarted since or the core was released to keep memory bounded.
   */
  function coreOf(engine) {
    const record = records.get(engine);
    if (record === undefined || record.freed) return undefined;
    if (record.core === undefined || record.instance !== instance) {
      const core = call(() => new glue.EngineCore(record.json), record.locale);
      Object.assign(record, { core, instance, columns: undefined });
    }
    touch(record);
    return record.core;
  }

  /** The locale of the errors of one engine call: the call's `locale` option, else the engine's. */
  function callLocale(engine, options) {
    return normalizeLocale(options?.locale) ?? records.get(engine)?.locale;
  }

  /**
   * Prepares one engine call: encodes the input (`encode` gives `{ head, rows }` or
   * `{ head, columns }`) and the
   * options, with the engine's locale as the default of the `locale` option.
   */
  function prepareRun(engine, encode, input, options) {
    const locale = callLocale(engine, options);
    requireReady(locale);
    const core = coreOf(engine);
    if (core === undefined) throw jsError("NOT_INITIALIZED", JS_MESSAGES.FREED, { locale });
    const encoded = encodeOrThrow(encode, input, inputNotSerializable, locale);
    const engineLocale = records.get(engine)?.locale;
    const withLocale =
      engineLocale !== undefined && (options === undefined || options === null || (isRecord(options) && options.locale === undefined))
        ? { ...options, locale: engineLocale }
        : options;
    return { core, encoded, opts: encodeOptions(withLocale, locale), locale };
  }

  /** Runs one engine call (see prepareRun): calls the core and parses the output. */
  function runEngine(engine, encode, invoke, input, options) {
    const { core, encoded, opts, locale } = prepareRun(engine, encode, input, options);
    const written = call(() => invoke(core, encoded, opts), locale);
    return call(() => readOutput(written), locale);
  }

  /**
   * Takes the JS-only options `onProgress` and `signal` out of evaluate's options (the rest
   * is JSON-encoded for the core); INVALID_SETTING when they are not a function and an AbortSignal.
   */
  function runControls(engine, options) {
    if (!isRecord(options) || (options.onProgress === undefined && options.signal === undefined)) {
      return { onProgress: undefined, signal: undefined, options };
    }
    const { onProgress, signal, ...rest } = options;
    const locale = callLocale(engine, options);
    if (onProgress !== undefined && typeof onProgress !== "function") {
      throw jsError("INVALID_SETTING", JS_MESSAGES.NOT_A_FUNCTION("onProgress"), { locale, path: "options/onProgress" });
    }
    const isSignal = signal !== null && typeof signal === "object" && typeof signal.aborted === "boolean" && typeof signal.addEventListener === "function";
    if (signal !== undefined && !isSignal) {
      throw jsError("INVALID_SETTING", JS_MESSAGES.NOT_A_SIGNAL("signal"), { locale, path: "options/signal" });
    }
    return { onProgress, signal, options: rest };
  }

  /** The ABORTED error of a stopped evaluation; `cause` is why (the signal's reason, or what onProgress threw). */
  function abortedError(locale, cause, from) {
    if (from instanceof JixiaoError) {
      return new JixiaoError(from.toJSON(), cause !== undefined ? { cause } : undefined);
    }
    return jsError("ABORTED", JS_MESSAGES.ABORTED, { locale, cause });
  }

  /**
   * Runs `run(observe)` in this thread: `observe` reports progress to `onProgress` and
   * stops the core (ABORTED) once `signal` is aborted or `onProgress` throws.
   */
  function observed(controls, locale, run) {
    const { onProgress, signal } = controls;
    if (signal?.aborted) throw abortedError(locale, signal.reason);
    if (onProgress === undefined && signal === undefined) return run(undefined);
    let thrown;
    const observe = (done, total) => {
      try {
        onProgress?.(done, total);
      } catch (err) {
        thrown = { err };
        return false;
      }
      return !signal?.aborted;
    };
    try {
      return run(observe);
    } catch (err) {
      if (!(err instanceof JixiaoError) || err.code !== "ABORTED") throw err;
      throw abortedError(locale, thrown !== undefined ? thrown.err : signal?.reason, err);
    }
  }

  const workers = spawnWorker === undefined ? undefined : createWorkerClient(spawnWorker);

  /**
   * Runs one evaluation in the worker (worker-client.js): progress goes to `onProgress`;
   * an aborted `signal`, or `onProgress` throwing, terminates the run (ABORTED).
   */
  function evaluateInWorker(engine, input, controls) {
    const { onProgress, signal } = controls;
    const { encoded, opts, locale } = prepareRun(engine, encodeFor(engine), input, controls.options);
    return new Promise((resolve, reject) => {
      const stop = (cause) => {
        signal?.removeEventListener("abort", onAbort);
        job.cancel();
        reject(abortedError(locale, cause));
      };
      const onAbort = () => stop(signal.reason);
      const report = (done, total) => {
        try {
          onProgress?.(done, total);
        } catch (err) {
          stop(err);
        }
      };
      const job = workers.run({ scheme: records.get(engine)?.json, encoded, options: opts }, report, (reply) => {
        signal?.removeEventListener("abort", onAbort);
        if (reply.output !== undefined) resolve(call(() => readOutput(reply.output), locale));
        else reject(reply.error !== undefined ? toJixiaoError(reply.error, locale) : workerFailure(reply.failure, locale));
      });
      signal?.addEventListener("abort", onAbort, { once: true });
    });
  }

  function workerFailure(reason, locale) {
    return jsError("INTERNAL", JS_MESSAGES.WORKER_FAILED(describe(reason)), { locale, cause: reason });
  }

  /**
   * `output.digest` (DESIGN.md, "Analysis (反馈)") when `options.digest` is true: the
   * package version and the SHA-256 of the engine's scheme and of `input`, computed by the core.
   */
  function withDigest(engine, input, options, output) {
    if (!isRecord(options) || options.digest !== true || !isRecord(output)) return output;
    const locale = callLocale(engine, options);
    const record = records.get(engine);
    if (record === undefined || record.freed) throw jsError("NOT_INITIALIZED", JS_MESSAGES.FREED, { locale });
    const text = encodeOrThrow(digestText, input, inputNotSerializable, locale) ?? "null";
    output.digest = call(() => JSON.parse(glue.digestJson(record.json, text)), locale);
    return output;
  }

  /** A compiled scheme: validate and compile once, evaluate many times. */
  class Engine {
    constructor(scheme, options) {
      const locale = normalizeLocale(options?.locale);
      requireReady(locale);
      const json = encodeScheme(scheme, locale);
      const core = call(() => new glue.EngineCore(json), locale);
      const record = { json, locale, core, instance, columns: undefined, freed: false };
      records.set(this, record);
      touch(record);
    }

    /**
     * Evaluates the people in `input` (`people` rows or `columns`); returns the parsed output. `options.onProgress(done,
     * total)` is told the rows done; an aborted `options.signal` stops the run (ABORTED).
     */
    evaluate(input, options) {
      const controls = runControls(this, options);
      const output = observed(controls, callLocale(this, options), (observe) =>
        runEngine(this, encodeFor(this), (core, e, opts) => evaluateEncoded(core, e, opts, observe), input, controls.options),
      );
      return withDigest(this, input, options, output);
    }

    /**
     * `evaluate` off the main thread (DESIGN.md, "Off the main thread"): a module Worker in
     * browsers, a worker_threads Worker in Node. Resolves to the output; progress and
     * cancelling as in `evaluate`, except that `onProgress` is called asynchronously.
     */
    async evaluateAsync(input, options) {
      const controls = runControls(this, options);
      const locale = callLocale(this, options);
      if (controls.signal?.aborted) throw abortedError(locale, controls.signal.reason);
      if (workers === undefined) return this.evaluate(input, options);
      return withDigest(this, input, options, await evaluateInWorker(this, input, controls));
    }

    /**
     * Evaluates the same people over several periods (months, quarters, a year) and, with
     * `compose`, their composite: `{ periods: [...], composite? }`.
     */
    evaluatePeriods(input, options) {
      const output = runEngine(this, encodePeriodsInput, (core, e, opts) => core.evaluatePeriods(e.head, e.rows, opts), input, options);
      return withDigest(this, input, options, output);
    }

    /**
     * Releases the wasm memory of this engine now (otherwise the GC does it). Idempotent,
     * and never throws: a core from before a restart, or one a trap left borrowed, is
     * simply dropped (its memory went with the old instance).
     */
    free() {
      const record = records.get(this);
      if (record === undefined) return;
      record.freed = true;
      release(record);
    }
  }

  if (typeof Symbol.dispose === "symbol") {
    // `using engine = new Engine(scheme)` (explicit resource management) frees it.
    Object.defineProperty(Engine.prototype, Symbol.dispose, {
      value: function dispose() {
        this.free();
      },
      writable: true,
      configurable: true,
    });
  }

  /**
   * Gives the memory of the wasm instance back to the browser (DESIGN.md, "Limits"): wasm
   * memory only grows, so after one very large evaluation the page would hold it for life.
   * A fresh instance replaces this one; engines recompile their schemes on their next call.
   * Returns the instance's memory in bytes before and after. `UNSUPPORTED` during an evaluation.
   */
  function releaseMemory(options) {
    const locale = normalizeLocale(options?.locale);
    requireReady(locale);
    if (busy > 0) throw jsError("UNSUPPORTED", JS_MESSAGES.RELEASE_BUSY, { locale });
    const before = glue.memoryBytes();
    newInstance();
    return { before, after: glue.memoryBytes() };
  }

  /**
   * What-if (方案对比, DESIGN.md "Analysis (反馈)"): engines `a` and `b` evaluate the same
   * `input`; per person the two totals, grades, ranks and payouts and B − A, and a summary
   * with the grade migration matrix and the payout difference.
   */
  function compare(a, b, input, options) {
    const locale = a instanceof Engine ? callLocale(a, options) : normalizeLocale(options?.locale);
    requireReady(locale);
    if (!(a instanceof Engine) || !(b instanceof Engine)) throw jsError("INVALID_INPUT", JS_MESSAGES.NOT_ENGINES, { locale });
    const [coreA, coreB] = [coreOf(a), coreOf(b)];
    if (coreA === undefined || coreB === undefined) throw jsError("NOT_INITIALIZED", JS_MESSAGES.FREED, { locale });
    const encoded = encodeOrThrow((v) => encodeInput(withPeopleRows(v)), input, inputNotSerializable, locale);
    const withLocale = locale !== undefined && options?.locale === undefined ? { ...options, locale } : options;
    const opts = encodeOptions(withLocale, locale);
    const text = call(() => coreA.compare(coreB, encoded.head, encoded.rows ?? "", opts), locale);
    return call(() => JSON.parse(text), locale);
  }

  /**
   * Replay (申诉复核, DESIGN.md "Analysis (反馈)"): evaluates `input` again with `options`
   * (those of the disputed run; `id` picks one person) and says whether `output` matches:
   * the same digests and, per person, the same result bytes.
   */
  function replay(engine, input, output, options) {
    const { id, ...rest } = isRecord(options) ? options : {};
    const fresh = engine.evaluate(input, { ...rest, digest: true });
    const given = isRecord(output?.digest) ? output.digest : {};
    const digest = {
      version: given.version === fresh.digest.version,
      scheme: given.scheme === fresh.digest.scheme,
      input: given.input === fresh.digest.input,
    };
    const results = Array.isArray(output?.results) ? output.results : [];
    const people = fresh.results
      .map((r, index) => ({ index, id: r.id ?? null, matches: JSON.stringify(r) === JSON.stringify(results[index]) }))
      .filter((p) => id === undefined || p.id === id);
    const matches = digest.version && digest.scheme && digest.input && people.length > 0 && people.every((p) => p.matches);
    return { matches, digest, people };
  }

  /** The sales funnel (DESIGN.md, "Analysis (反馈)"): stage conversions and each person's bottleneck. */
  function funnel(input) {
    return callJson(glue.funnelJson, input);
  }

  /** Validates a scheme and returns every problem at once: `{ ok, issues }`. */
  function validateScheme(scheme, options) {
    const locale = normalizeLocale(options?.locale);
    requireReady(locale);
    const json = encodeScheme(scheme, locale);
    const tag = typeof options?.locale === "string" ? options.locale : undefined;
    const text = call(() => glue.validateSchemeJson(json, tag), locale);
    return call(() => JSON.parse(text), locale);
  }

  /** Runs a JSON-in, JSON-out core function (decompose, decomposeTree, replan) on a plain input object. */
  function callJson(fn, input) {
    const locale = normalizeLocale(input?.locale);
    requireReady(locale);
    const json = typeof input === "string" ? input : encodeOrThrow(stringify, input, inputNotSerializable, locale);
    const text = call(() => fn(json === undefined ? "null" : json), locale);
    return call(() => JSON.parse(text), locale);
  }

  /** Decomposes a target over a calendar or explicit parts (DESIGN.md, "Targets"). */
  function decompose(input) {
    return callJson(glue.decomposeJson, input);
  }

  /**
   * Decomposes a target down an organisation tree, every node's children summing to it
   * (DESIGN.md, "Organisation trees").
   */
  function decomposeTree(input) {
    return callJson(glue.decomposeTreeJson, input);
  }

  /** Re-plans the open parts of a target after some parts have closed (DESIGN.md, "Targets"). */
  function replan(input) {
    return callJson(glue.replanJson, input);
  }

  /** Turns decimal strings into JS numbers for `decimals: "number"`; other values unchanged. */
  function asNumber(value, decimals) {
    return decimals === "number" && typeof value === "string" ? Number(value) : value;
  }

  /** The JSON input of the commission entry. */
  function commissionInput(plan, base, target, options) {
    const input = { plan, base };
    if (target !== undefined && target !== null) input.target = target;
    if (options?.figure !== undefined) input.figure = options.figure;
    if (options?.paid !== undefined) input.paid = options.paid;
    if (options?.rounding !== undefined) input.rounding = options.rounding;
    if (options?.locale !== undefined) input.locale = options.locale;
    return input;
  }

  /**
   * Commission on one base (DESIGN.md, "Incentives"): the amount as a decimal string at
   * money places (a JS number with `decimals: "number"`). With `options.paid` it is the YTD true-up.
   */
  function commission(plan, base, target, options) {
    const out = callJson(glue.commissionJson, commissionInput(plan, base, target, options));
    return asNumber(out.amount, options?.decimals);
  }

  /** The whole commission breakdown: slices, tier, rate, cap, explanation, plan warnings. */
  function commissionDetail(plan, base, target, options) {
    return callJson(glue.commissionJson, commissionInput(plan, base, target, options));
  }

  function allocateInput(amount, weights, options) {
    const input = { amount, weights };
    for (const k of ["caps", "unit", "locale"]) if (options?.[k] !== undefined) input[k] = options[k];
    return input;
  }

  /**
   * Splits an amount by weights to the unit (0.01 by default) by largest remainder, caps
   * re-spread (DESIGN.md, "Incentives"): the parts as decimal strings (JS numbers with
   * `decimals: "number"`).
   */
  function allocate(amount, weights, options) {
    const out = callJson(glue.allocateJson, allocateInput(amount, weights, options));
    return out.parts.map((p) => asNumber(p, options?.decimals));
  }

  /** The whole allocation: parts, who was capped, what was left unallocated, explanation. */
  function allocateDetail(amount, weights, options) {
    return callJson(glue.allocateJson, allocateInput(amount, weights, options));
  }

  /** The JSON options of the library and template listings: only `locale` (a locale tag alone is accepted too). */
  function listOptions(options) {
    const locale = typeof options === "string" ? options : options?.locale;
    return locale === undefined || locale === null ? {} : { locale };
  }

  /**
   * The built-in indicator library (DESIGN.md, "The indicator library and scheme templates"):
   * key, name, formula, columns, unit, direction, scoring, text.
   */
  function indicators(options) {
    return callJson(glue.indicatorsJson, listOptions(options));
  }

  /**
   * Every scheme template (DESIGN.md, "The indicator library and scheme templates") with its
   * scheme and sample data, names in `options.locale`.
   */
  function templates(options) {
    return callJson(glue.templatesJson, listOptions(options));
  }

  /** One scheme template by key; throws `UNKNOWN_KEY` for an unknown key. */
  function template(key, options) {
    const input = listOptions(options);
    const locale = normalizeLocale(input.locale);
    requireReady(locale);
    const json = JSON.stringify(input);
    const text = call(() => glue.templateJson(String(key), json), locale);
    return call(() => JSON.parse(text), locale);
  }

  /**
   * Encodes one host-adapter argument: `null`/`undefined` → none, a string is taken as
   * JSON text (a host response body as fetched), anything else is serialized.
   */
  function hostArg(value, locale) {
    if (value === undefined || value === null) return "";
    if (typeof value === "string") return value;
    return encodeOrThrow(stringify, value, inputNotSerializable, locale) ?? "null";
  }

  /** Runs a host adapter binding on its arguments and options; returns the parsed result. */
  function callHost(fn, args, options) {
    const locale = normalizeLocale(options?.locale);
    requireReady(locale);
    const texts = args.map((a) => hostArg(a, locale));
    const opts = encodeOptions(options, locale);
    const text = call(() => fn(...texts, opts), locale);
    return call(() => JSON.parse(text), locale);
  }

  /**
   * Huoban (伙伴云) items + the table's field list → `{ rows, errors, warnings }`
   * (DESIGN.md, "Host adapters").
   */
  function fromHuoban(items, fields, options) {
    return callHost(glue.fromHuobanJson, [items, fields], options);
  }

  /** Feishu Bitable (飞书多维表格) records → `{ rows, errors, warnings }`. */
  function fromFeishu(records, options) {
    return callHost(glue.fromFeishuJson, [records], options);
  }

  /** Jiandaoyun (简道云) data + the form's widget list → `{ rows, errors, warnings }`. */
  function fromJiandaoyun(data, widgets, options) {
    return callHost(glue.fromJiandaoyunJson, [data, widgets], options);
  }

  /** Result rows → Huoban item updates `{ items: [{ item_id, fields }], errors, warnings }`. */
  function toHuoban(rows, fields, options) {
    return callHost(glue.toHuobanJson, [rows, fields], options);
  }

  /** Result rows → the Feishu batch_update body `{ records: [{ record_id, fields }], errors, warnings }`. */
  function toFeishu(rows, options) {
    return callHost(glue.toFeishuJson, [rows], options);
  }

  /** Result rows → Jiandaoyun data updates `{ items: [{ data_id, data }], errors, warnings }`. */
  function toJiandaoyun(rows, widgets, options) {
    return callHost(glue.toJiandaoyunJson, [rows, widgets], options);
  }

  /**
   * Returns the scheme unchanged: in TypeScript, an object literal passed to it is checked
   * against `Scheme` where it is written (DESIGN.md, "The JS boundary").
   */
  function defineScheme(scheme) {
    return scheme;
  }

  function initError(err) {
    return jsError("NOT_INITIALIZED", JS_MESSAGES.INIT_FAILED(describe(err)), { cause: err });
  }

  /**
   * The wasm at `url` could not be loaded: `answer` is `{ kind: "status", status }`,
   * `{ kind: "html" }`, `{ kind: "compile" | "fetch", reason }`. The message says how to
   * serve it (DESIGN.md, "Bundlers and module formats").
   */
  function wasmError(url, answer, cause) {
    const reason = answer.reason === undefined ? undefined : describe(answer.reason);
    return jsError("NOT_INITIALIZED", JS_MESSAGES.WASM_NOT_LOADED(url, { ...answer, reason }), { cause });
  }

  return {
    Engine,
    JixiaoError,
    validateScheme,
    decompose,
    decomposeTree,
    replan,
    commission,
    commissionDetail,
    allocate,
    allocateDetail,
    defineScheme,
    releaseMemory,
    indicators,
    templates,
    template,
    version: pkgVersion,
    initError,
    wasmError,
    toJixiaoError,
    fromHuoban,
    fromFeishu,
    fromJiandaoyun,
    toHuoban,
    toFeishu,
    toJiandaoyun,
    compare,
    funnel,
    replay,
  };
}
