// The one API instance over the wasm-bindgen glue (--target web), and the loading of
// the wasm: synchronous from its bytes (index.node.js) or asynchronous (index.browser.js).
import * as glue from "./jixiao.js";
import { createApi } from "./api.js";
import { version as pkgVersion } from "./version.js";

let ready = false;
let pending = null;

/** The API; every call but `version` throws NOT_INITIALIZED until the wasm is loaded. */
export const api = createApi(glue, { ready: () => ready }, pkgVersion);

/** Instantiates the wasm synchronously from its bytes. */
export function loadSync(bytes) {
  glue.initSync({ module: bytes });
  ready = true;
}

function isPlainObject(x) {
  return x !== null && typeof x === "object" && Object.getPrototypeOf(x) === Object.prototype;
}

/**
 * Loads and instantiates the wasm module. Idempotent: later calls return the same
 * promise. `input` may be a URL or string, a Request/Response (or a promise of one),
 * the bytes (ArrayBuffer, typed array), a compiled `WebAssembly.Module`, or
 * `{ module_or_path }` as wasm-bindgen takes it. Rejects with a JixiaoError
 * (code NOT_INITIALIZED) when loading fails; a later call may retry.
 */
export function load(input) {
  if (ready) return Promise.resolve();
  if (pending === null) {
    const arg = input === undefined ? undefined : isPlainObject(input) ? input : { module_or_path: input };
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
