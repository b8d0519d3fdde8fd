// jixiao for Node (>= 18): the wasm is read and instantiated synchronously when this
// module is imported, so the API works with no init step.
import { readFileSync } from "node:fs";
import { Worker } from "node:worker_threads";
import * as glue from "./jixiao.js";
import { createApi } from "./api.js";
import { version as pkgVersion } from "./version.js";

// compiled once: this thread instantiates it, and each worker of evaluateAsync is given it
const wasmModule = new WebAssembly.Module(readFileSync(new URL("./jixiao_bg.wasm", import.meta.url)));
glue.initSync({ module: wasmModule });

/** Starts the worker_threads Worker of `Engine.evaluateAsync` (see worker-client.js). */
function spawnWorker(onMessage, onFailure) {
  // the parent's flags, but not `--input-type` (`node --input-type=module -e …`), which workers refuse
  const execArgv = process.execArgv.filter((flag) => !flag.startsWith("--input-type"));
  const worker = new Worker(new URL("./worker.node.js", import.meta.url), { workerData: { module: wasmModule }, execArgv });
  worker.on("message", onMessage);
  worker.on("error", onFailure);
  worker.on("exit", (code) => onFailure(`the worker exited (code ${code})`));
  return {
    post: (message) => worker.postMessage(message),
    terminate: () => void worker.terminate(),
    ref: () => worker.ref(),
    unref: () => worker.unref(),
  };
}

const api = createApi(glue, { ready: () => true }, pkgVersion, spawnWorker);

// The public API (documented in index.d.ts). ESM exports are static, so index.browser.js
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

/** No-op in Node (the module is ready on import); present so browser code runs unchanged. */
export async function init(_input) {}
