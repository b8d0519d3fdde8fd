// Builds the workbench page (www-demo/) into www-demo/dist with the jixiao package
// imported as customers import it: `import { … } from "jixiao"`, here resolved to the
// package built in ../pkg (its browser entry; PKG_DIR may name another build). Vite
// bundles the package's module Worker and serves its wasm as an asset.
import { defineConfig } from "vite";
import vue from "@vitejs/plugin-vue";
import { resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const pkg = process.env.PKG_DIR ? resolve(process.env.PKG_DIR) : resolve(here, "../pkg");

export default defineConfig({
  root: here,
  base: "./",
  plugins: [vue()],
  resolve: { alias: [{ find: /^jixiao$/, replacement: resolve(pkg, "index.browser.js") }] },
  worker: { format: "es" },
  // the charts tab (ECharts, ~530 kB) is its own lazily loaded chunk
  build: { chunkSizeWarningLimit: 600, outDir: process.env.PAGE_OUT_DIR ? resolve(process.env.PAGE_OUT_DIR) : resolve(here, "dist"), emptyOutDir: true, target: "es2022" },
  server: { fs: { allow: [here, pkg] } },
});
