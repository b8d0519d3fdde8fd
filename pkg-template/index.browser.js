// jixiao for browsers and bundlers: call `await init()` once, then use the API.
// By default the wasm is fetched from `new URL("jixiao_bg.wasm", import.meta.url)`
// inside the wasm-bindgen glue, which Vite and webpack 5 resolve as an asset.
import * as glue from "./jixiao.js";
import { createApi } from "./api.js";
import { version as pkgVersion } from "./version.js";

let ready = false;
let pending = null;

const api = createApi(glue, { ready: () => ready }, pkgVersion);

/** A compiled scheme. */
export const Engine = api.Engine;
/** The error class of everything jixiao throws. */
export const JixiaoError = api.JixiaoError;
/** Validates a scheme and returns `{ ok, issues }`. */
export const validateScheme = api.validateScheme;
/** Decomposes a target over a calendar or explicit parts: `{ total, parts, explain }`. */
export const decompose = api.decompose;
/** Decomposes a target down an organisation tree: `{ total, unit, nodes, explain }`. */
export const decomposeTree = api.decomposeTree;
/** Re-plans the open parts of a target: `{ parts, gap, remaining, status, explain }`. */
export const replan = api.replan;
/** Commission on one base: the amount as a decimal string. */
export const commission = api.commission;
/** Commission with its slices, tier, rate, cap and explanation. */
export const commissionDetail = api.commissionDetail;
/** Splits an amount by weights (caps re-spread): the parts as decimal strings. */
export const allocate = api.allocate;
/** The allocation with who was capped, what is left and an explanation. */
export const allocateDetail = api.allocateDetail;
/** The package version. */
export const version = api.version;
/** The built-in indicator library: key, name, formula, columns, unit, direction, scoring, text. */
export const indicators = api.indicators;
/** Every scheme template with its scheme and sample data. */
export const templates = api.templates;
/** One scheme template by key. */
export const template = api.template;

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
export function init(input) {
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

/** Huoban (伙伴云) items + field list → plain rows: `{ rows, errors, warnings }`. */
export const fromHuoban = api.fromHuoban;
/** Feishu Bitable (飞书多维表格) records → plain rows: `{ rows, errors, warnings }`. */
export const fromFeishu = api.fromFeishu;
/** Jiandaoyun (简道云) data + widget list → plain rows: `{ rows, errors, warnings }`. */
export const fromJiandaoyun = api.fromJiandaoyun;
/** Result rows → Huoban item updates: `{ items, errors, warnings }`. */
export const toHuoban = api.toHuoban;
/** Result rows → the Feishu batch_update body: `{ records, errors, warnings }`. */
export const toFeishu = api.toFeishu;
/** Result rows → Jiandaoyun data updates: `{ items, errors, warnings }`. */
export const toJiandaoyun = api.toJiandaoyun;
