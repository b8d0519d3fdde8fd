// jixiao for Node (>= 18): the wasm is read and instantiated synchronously when this
// module is imported, so the API works with no init step.
import { readFileSync } from "node:fs";
import { loadSync } from "./loader.js";

loadSync(readFileSync(new URL("./jixiao_bg.wasm", import.meta.url)));

export * from "./entry.js";

/** No-op in Node (the module is ready on import); present so browser code runs unchanged. */
export async function init(_input) {}
