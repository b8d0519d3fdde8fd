// The packed package in browsers, in headless Chromium: no bundler (an import map, a
// module Worker), Vite 8 (dev server and build + preview, no vite.config), Vite 7's dev
// server (its dep pre-bundling moved the glue away from the wasm), webpack 5 (no
// webpack.config), Rollup and esbuild (the one line each that the README states), and
// init() given URLs that do not answer with the wasm. Each page evaluates app/case.js's
// scheme; evaluateAsync is checked where the bundler ships the package's worker.
//
//   node tests/packaging/install.mjs && node --test tests/packaging/
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { CASE, HERE, MODULES, assertInstalled, launchBrowser, serve, tempDir } from "./helpers.mjs";

let browser;
before(async () => {
  assertInstalled();
  browser = await launchBrowser();
});
after(() => browser?.close());

/** Opens `url` and checks the page computed `expected` with no error on the way. */
async function assertPage(url, expected) {
  const result = await browser.open(url);
  assert.equal(result.error, undefined, JSON.stringify(result.error));
  assert.deepEqual(result.value, expected);
  assert.deepEqual(result.errors, []);
}

/** Serves a bundler's output folder (with a page loading its main.js) and checks it. */
async function assertBundle(dir, expected) {
  writeFileSync(join(dir, "index.html"), '<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><script type="module" src="./main.js"></script>\n');
  const server = await serve({ "/": dir });
  try {
    await assertPage(server.url, expected);
  } finally {
    await server.close();
  }
}

const THREE = [CASE.expected, CASE.expected, CASE.expected];
const TWO = [CASE.expected, CASE.expected];

test("no bundler: <script type=module> with an import map, evaluateAsync, a module Worker", async () => {
  const server = await serve({ "/": join(HERE, "plain"), "/plain/": join(HERE, "plain"), "/app/": join(HERE, "app"), "/node_modules/": MODULES });
  try {
    await assertPage(server.url, THREE);
  } finally {
    await server.close();
  }
});

test("init() says what to do when the answer is not the wasm, and a later call still loads it", async () => {
  const server = await serve({ "/": join(HERE, "plain"), "/app/": join(HERE, "app"), "/node_modules/": MODULES });
  try {
    const { value, error } = await browser.open(`${server.url}errors.html`);
    assert.equal(error, undefined, JSON.stringify(error));
    const cases = { html: "HTML", status: "HTTP 404", compile: "not a WebAssembly module" };
    for (const [kind, words] of Object.entries(cases)) {
      const e = value[kind];
      assert.equal(e.isJixiaoError, true, kind);
      assert.equal(e.code, "NOT_INITIALIZED", kind);
      assert.ok(e.messages.en.includes(words), `${kind}: ${e.messages.en}`);
      for (const locale of ["zh-CN", "zh-TW", "en"]) {
        assert.ok(e.messages[locale].includes(`${server.url}${kind === "compile" ? "junk.wasm" : ""}`), `${kind} ${locale} names the URL`);
        assert.ok(e.messages[locale].includes('optimizeDeps: { exclude: ["jixiao"] }'), `${kind} ${locale} gives the Vite cure`);
        assert.ok(e.messages[locale].includes("init(url)"), `${kind} ${locale}`);
      }
    }
    assert.ok(value.html.messages["zh-CN"].includes("HTML 页面"));
    assert.deepEqual(value.then, CASE.expected);
  } finally {
    await server.close();
  }
});

for (const [name, vite] of [["Vite 8", "vite"], ["Vite 7", "vite7"]]) {
  test(`${name} dev server, no vite.config (dependency pre-bundling on)`, async () => {
    const { createServer } = await import(vite);
    const server = await createServer({ root: join(HERE, "vite"), configFile: false, logLevel: "warn", server: { host: "127.0.0.1", port: 0, strictPort: false } });
    await server.listen();
    try {
      await assertPage(server.resolvedUrls.local[0], TWO);
      const { value, error, errors } = await browser.open(`${server.resolvedUrls.local[0]}url.html`);
      assert.equal(error, undefined, JSON.stringify(error));
      assert.deepEqual(errors, []);
      assert.deepEqual(value[0], CASE.expected);
      assert.match(value[1], /jixiao_bg\.wasm$/, "import … from \"jixiao/jixiao_bg.wasm?url\" is the wasm's URL");
    } finally {
      await server.close();
    }
  });
}

test("Vite 8 build + preview, no vite.config", async () => {
  const { build, preview } = await import("vite");
  const [outDir, remove] = tempDir("vite-build");
  try {
    const root = join(HERE, "vite");
    await build({ root, configFile: false, logLevel: "warn", build: { outDir, emptyOutDir: true } });
    const server = await preview({ root, configFile: false, logLevel: "warn", build: { outDir }, preview: { host: "127.0.0.1", port: 0 } });
    try {
      await assertPage(server.resolvedUrls.local[0], TWO);
    } finally {
      await server.close();
    }
  } finally {
    remove();
  }
});

test("webpack 5, no webpack.config", async () => {
  const { default: webpack } = await import("webpack");
  const [dir, remove] = tempDir("webpack");
  try {
    const stats = await new Promise((ok, fail) =>
      webpack({ context: join(HERE, "webpack"), mode: "production", output: { path: dir } }, (err, s) => (err ? fail(err) : ok(s))),
    );
    assert.equal(stats.hasErrors(), false, stats.toString("errors-only"));
    await assertBundle(dir, TWO);
  } finally {
    remove();
  }
});

test("Rollup with node-resolve and import-meta-assets", async () => {
  const { rollup } = await import("rollup");
  const { default: config } = await import("./rollup/rollup.config.mjs");
  const [dir, remove] = tempDir("rollup");
  try {
    const bundle = await rollup({ ...config, logLevel: "silent" });
    await bundle.write({ ...config.output, dir, entryFileNames: "main.js" });
    await bundle.close();
    await assertBundle(dir, [CASE.expected]);
  } finally {
    remove();
  }
});

test("esbuild --bundle, the wasm copied beside the bundle", async () => {
  const esbuild = await import("esbuild");
  const [dir, remove] = tempDir("esbuild");
  try {
    await esbuild.build({ entryPoints: [join(HERE, "esbuild/main.js")], bundle: true, format: "esm", outdir: dir, logLevel: "warning" });
    copyFileSync(join(MODULES, "jixiao/jixiao_bg.wasm"), join(dir, "jixiao_bg.wasm"));
    await assertBundle(dir, [CASE.expected]);
  } finally {
    remove();
  }
});
