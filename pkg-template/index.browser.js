// jixiao for browsers and bundlers: call `await init()` once, then use the API.
// By default the wasm is fetched from `new URL("jixiao_bg.wasm", import.meta.url)`
// inside the wasm-bindgen glue, which Vite and webpack 5 resolve as an asset.
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
  const worker = new Worker(new URL("./worker.browser.js", import.meta.url), { type: "module" });
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
 * Loads and instantiates the wasm module. Idempotent: later calls return the same
 * promise. `input` may be a URL or string, a Request/Response (or a promise of one),
 * the bytes (ArrayBuffer, typed array), a compiled `WebAssembly.Module`, or
 * `{ module_or_path }` as wasm-bindgen takes it. A URL, Request or Response is compiled
 * while it downloads (`WebAssembly.instantiateStreaming`) when the server sends
 * `application/wasm`; otherwise the glue warns and instantiates the downloaded bytes
 * (DESIGN.md, "The module's size"). Rejects with a JixiaoError
 * (code NOT_INITIALIZED) when loading fails; a later call may retry.
 */
export function init(input) {
  if (ready) return Promise.resolve();
  if (pending === null) {
    const arg = input === undefined ? undefined : isPlainObject(input) ? input : { module_or_path: input };
    workerWasm = forWorker(arg?.module_or_path);
    pending = glue.default(arg).then(
      () => {
        ready = true;
      },
      (err) => {
        pending = null;
        throw api.initError(err);
      },
    );
  }
  return pending;
}
