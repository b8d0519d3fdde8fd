// jixiao for browsers and bundlers: call `await init()` once, then use the API.
// By default the wasm is fetched from `new URL("jixiao_bg.wasm", import.meta.url)`
// inside the wasm-bindgen glue, which Vite and webpack 5 resolve as an asset.
export * from "./entry.js";

/** Loads the wasm; call `await init()` once before the rest of the API (see loader.js `load`). */
export { load as init } from "./loader.js";
