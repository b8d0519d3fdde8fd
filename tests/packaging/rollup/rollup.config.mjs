// Rollup resolves packages with @rollup/plugin-node-resolve; the wasm, which the package
// finds with `new URL("./jixiao_bg.wasm", import.meta.url)`, is emitted by
// @web/rollup-plugin-import-meta-assets (the one line the README asks for).
import { nodeResolve } from "@rollup/plugin-node-resolve";
import { importMetaAssets } from "@web/rollup-plugin-import-meta-assets";

export default {
  input: new URL("./main.js", import.meta.url).pathname,
  output: { format: "es" },
  plugins: [nodeResolve(), importMetaAssets()],
};
