// jixiao for browsers and bundlers: call `await init()` once, then use the API.
// By default the wasm is fetched from `new URL("./jixiao_bg.wasm", import.meta.url)`,
// which Vite and webpack 5 resolve as an asset (DESIGN.md, "Bundlers and module formats").
import * as glue from "./jixiao.js";
import { createApi } from "./api.js";
import { version as pkgVersion } from "./version.js";

let ready = false;
let pending = null;
/** What `init()` was given, in a form a worker can load too (null: the package's own wasm). */
let workerWasm = null;

/**
 * Starts the module Worker of `Engine.evaluateAsync` (see worker-client.js). The
 * `new Worker(new URL(…, import.meta.url), { type: "module" })` form is the one Vite and
 * webpack 5 recognize and bundle.
 */
function spawnWorker(onMessage, onFailure) {
  // bundlers see the literal form only; in Vite 7's dev pre-bundle its URL is wrong
  const moved = besideVitePrebundle(new URL("./jixiao_bg.wasm", import.meta.url));
  const worker = moved
    ? new Worker(new URL("worker.browser.js", moved), { type: "module" })
    : new Worker(new URL("./worker.browser.js", import.meta.url), { type: "module" });
  worker.onmessage = (event) => onMessage(event.data);
  worker.onmessageerror = () => onFailure("a message from the worker could not be read");
  worker.onerror = (event) => {
    event.preventDefault();
    onFailure(event.message || "the worker script failed to load");
  };
  worker.postMessage({ init: workerWasm });
  return { post: (message) => worker.postMessage(message), terminate: () => worker.terminate(), ref() {}, unref() {} };
}

const api = createApi(glue, { ready: () => ready }, pkgVersion, typeof Worker === "function" ? spawnWorker : undefined);

// The public API (documented in index.d.ts). ESM exports are static, so index.node.js
// names them too, over its own instance: each entry point keeps its own readiness, and
// tests/js/package.test.mjs checks that the two lists are equal.
export const {
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
  version,
  indicators,
  templates,
  template,
  fromHuoban,
  fromFeishu,
  fromJiandaoyun,
  toHuoban,
  toFeishu,
  toJiandaoyun,
  compare,
  funnel,
  replay,
} = api;

function isPlainObject(x) {
  return x !== null && typeof x === "object" && Object.getPrototypeOf(x) === Object.prototype;
}

/**
 * The wasm `init()` was given, as a worker can load it: a URL made absolute against the
 * page (a worker resolves relative URLs against its own script), a compiled module or the
 * bytes; null for anything else (a Request, a Response, a promise), the worker then loads
 * the package's own wasm.
 */
function forWorker(source) {
  try {
    if (typeof source === "string" || source instanceof URL) return new URL(source, globalThis.location?.href).href;
  } catch {
    return null;
  }
  const loadable = source instanceof WebAssembly.Module || source instanceof ArrayBuffer || ArrayBuffer.isView(source);
  return loadable ? source : null;
}

/**
 * Where the browser finds a file of this package whose `new URL(…, import.meta.url)` is
 * `url`, when Vite 7 or earlier pre-bundled the package for its dev server; else null.
 * Those Vites copy the package's modules into `node_modules/.vite/deps/` without its other
 * files and without rewriting the URL, which then points into that folder, where the
 * server answers with index.html; the file is in `node_modules/jixiao/` beside it
 * (DESIGN.md, "Bundlers and module formats").
 */
function besideVitePrebundle(url) {
  const moved = url.pathname.replace(/\/\.vite\/deps(?:_temp_[0-9a-f]+)?\/([^/]+)$/, "/jixiao/$1");
  return moved === url.pathname ? null : new URL(moved, url);
}

/** Whether the wasm-bindgen glue would fetch `source` before compiling it. */
function isFetched(source) {
  return typeof source === "string" || source instanceof URL || (typeof Request === "function" && source instanceof Request);
}

/**
 * Fetches and instantiates the wasm. An answer that cannot be the wasm (an HTTP error, an
 * HTML page such as a dev server's fallback index.html, bytes that do not compile) becomes
 * a JixiaoError saying where the wasm was looked for and how to serve it.
 */
async function instantiate(input) {
  const source = await input;
  const isResponse = typeof Response === "function" && source instanceof Response;
  if (!isFetched(source) && !isResponse) return glue.default({ module_or_path: source });
  let url = typeof source === "string" || source instanceof URL ? String(source) : source.url;
  let response = source;
  try {
    if (!isResponse) response = await fetch(source);
  } catch (err) {
    throw api.wasmError(url, { kind: "fetch", reason: err }, err);
  }
  url = response.url || url;
  if (!response.ok) throw api.wasmError(url, { kind: "status", status: response.status });
  if (/^text\/html\b/i.test(response.headers.get("Content-Type") ?? "")) throw api.wasmError(url, { kind: "html" });
  try {
    return await glue.default({ module_or_path: response });
  } catch (err) {
    if (err instanceof WebAssembly.CompileError) throw api.wasmError(url, { kind: "compile", reason: err }, err);
    throw err;
  }
}

/**
 * Loads and instantiates the wasm module. Idempotent: later calls return the same
 * promise. `input` may be a URL or string, a Request/Response (or a promise of one),
 * the bytes (ArrayBuffer, typed array), a compiled `WebAssembly.Module`, or
 * `{ module_or_path }` as wasm-bindgen takes it. A URL, Request or Response is compiled
 * while it downloads (`WebAssembly.instantiateStreaming`) when the server sends
 * `application/wasm`; otherwise the glue warns and instantiates the downloaded bytes
 * (DESIGN.md, "The module's size"). Rejects with a JixiaoError (code NOT_INITIALIZED)
 * when loading fails, saying where the wasm was looked for and how to serve it when the
 * answer was not the wasm; a later call may retry.
 */
export function init(input) {
  if (ready) return Promise.resolve();
  if (pending === null) {
    let source = isPlainObject(input) ? input.module_or_path : input;
    if (source === undefined) {
      const own = new URL("./jixiao_bg.wasm", import.meta.url);
      source = besideVitePrebundle(own) ?? own;
    }
    workerWasm = forWorker(source);
    pending = instantiate(source).then(
      () => {
        ready = true;
      },
      (err) => {
        pending = null;
        throw err instanceof api.JixiaoError ? err : api.initError(err);
      },
    );
  }
  return pending;
}
