import { defineConfig } from "vite";

export default defineConfig({
  // Vite's dev server pre-bundles dependencies into node_modules/.vite, where jixiao's
  // `new URL("jixiao_bg.wasm", import.meta.url)` would no longer find the wasm: serve it as is.
  optimizeDeps: { exclude: ["jixiao"] },
  // Feishu opens the plugin's URL in an iframe; listen on every interface so a phone or a
  // second machine on the LAN can open it too.
  server: { host: true, port: 5173 },
  // the SDK alone is ~850 kB minified
  build: { target: "es2022", chunkSizeWarningLimit: 1500 },
});
