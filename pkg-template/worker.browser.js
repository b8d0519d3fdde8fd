// jixiao's module Worker for `Engine.evaluateAsync` in browsers (DESIGN.md, "Off the main
// thread"). Started by index.browser.js as
// `new Worker(new URL("./worker.browser.js", import.meta.url), { type: "module" })`.
// The first message `{ init }` says which wasm to load: what the page gave `init()` when a
// worker can load it too, else null (the glue's own `new URL("jixiao_bg.wasm", import.meta.url)`).
import initWasm, * as glue from "./jixiao.js";
import { createWorkerHost } from "./worker.js";

const handle = createWorkerHost(glue, (message) => self.postMessage(message));
let ready = null;

self.onmessage = (event) => {
  const data = event.data;
  if (data !== null && typeof data === "object" && "init" in data) {
    ready = initWasm(data.init === null ? undefined : { module_or_path: data.init });
    return;
  }
  ready ??= initWasm();
  ready.then(
    () => handle(data),
    (err) => self.postMessage({ id: data?.id, failure: `the wasm failed to load: ${err instanceof Error ? err.message : String(err)}` }),
  );
};
