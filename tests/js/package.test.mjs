// The built package as users get it: entry points, exports map, init behaviour.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, mkdirSync, readFileSync, rmSync, symlinkSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { PKG } from "./helpers.mjs";
import * as jixiao from "../../pkg/index.node.js";
import * as glue from "../../pkg/jixiao.js";

const pkgDir = fileURLToPath(PKG);
const manifest = JSON.parse(readFileSync(join(pkgDir, "package.json"), "utf8"));
const cargoVersion = /^version\s*=\s*"([^"]+)"/m.exec(readFileSync(new URL("../../Cargo.toml", import.meta.url), "utf8"))[1];

/** Runs an ES module snippet in a fresh Node process; returns its stdout. */
function runNode(code, { cwd = pkgDir, args = [] } = {}) {
  return execFileSync(process.execPath, [...args, "--input-type=module", "-e", code], { cwd, encoding: "utf8" });
}

test("the Node entry exports the API and needs no init", async () => {
  for (const name of ["Engine", "JixiaoError", "validateScheme", "decompose", "decomposeTree", "replan", "commission", "commissionDetail", "allocate", "allocateDetail", "defineScheme", "releaseMemory", "init", "version", "indicators", "templates", "template", "fromHuoban", "fromFeishu", "fromJiandaoyun", "toHuoban", "toFeishu", "toJiandaoyun"]) {
    assert.ok(name in jixiao, `missing export ${name}`);
  }
  assert.equal(typeof jixiao.Engine, "function");
  assert.equal(typeof jixiao.validateScheme, "function");
  assert.equal(await jixiao.init(), undefined);
  const report = jixiao.validateScheme({});
  assert.equal(typeof report.ok, "boolean");
  assert.ok(Array.isArray(report.issues));
});

test("version is the Cargo.toml version, in package.json and in the wasm", () => {
  assert.equal(jixiao.version, cargoVersion);
  assert.equal(manifest.version, cargoVersion);
  assert.equal(glue.version(), cargoVersion);
});

test("package.json: name, ESM, exports map, engines, files", () => {
  assert.equal(manifest.name, "jixiao");
  assert.equal(manifest.type, "module");
  // "types" first wherever it applies: inside "node" (require → the .d.cts), then at the top
  assert.deepEqual(manifest.exports["."], {
    node: {
      require: { types: "./index.node.d.cts", default: "./index.node.cjs" },
      types: "./index.d.ts",
      default: "./index.node.js",
    },
    types: "./index.d.ts",
    browser: "./index.browser.js",
    default: "./index.browser.js",
  });
  assert.equal(manifest.exports["./jixiao_bg.wasm"], "./jixiao_bg.wasm");
  assert.equal(manifest.exports["./package.json"], "./package.json");
  assert.equal(manifest.engines.node, ">=18");
  for (const f of manifest.files) assert.ok(existsSync(join(pkgDir, f)), `listed file ${f} missing`);
  for (const f of ["index.node.js", "index.browser.js", "index.d.ts", "jixiao_bg.wasm", "jixiao.js", "README.md"]) {
    assert.ok(manifest.files.includes(f), `${f} not in files`);
  }
});

test('`import "jixiao"` resolves through the exports map (node and browser conditions)', (t) => {
  const dir = mkdtempSync(join(tmpdir(), "jixiao-resolve-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(join(dir, "node_modules"));
  symlinkSync(pkgDir, join(dir, "node_modules", "jixiao"), "dir");
  const code = `
    const url = import.meta.resolve("jixiao");
    const m = await import("jixiao");
    console.log(JSON.stringify({ url: url.slice(url.lastIndexOf("/") + 1), exports: Object.keys(m).sort() }));`;
  const node = JSON.parse(runNode(code, { cwd: dir }).trim());
  assert.equal(node.url, "index.node.js");
  assert.deepEqual(node.exports, [
    "Engine",
    "JixiaoError",
    "allocate",
    "allocateDetail",
    "commission",
    "commissionDetail",
    "compare",
    "decompose",
    "decomposeTree",
    "defineScheme",
    "fromFeishu",
    "fromHuoban",
    "fromJiandaoyun",
    "funnel",
    "indicators",
    "init",
    "releaseMemory",
    "replan",
    "replay",
    "template",
    "templates",
    "toFeishu",
    "toHuoban",
    "toJiandaoyun",
    "validateScheme",
    "version",
  ]);
  // Node always has the "node" condition (listed before "browser"); a bundler
  // targeting browsers (Vite, webpack 5) has "browser", "import", "default" instead.
  const pick = (conditions, target = manifest.exports["."]) => {
    if (typeof target === "string") return target;
    for (const [k, v] of Object.entries(target)) if (conditions.includes(k)) return pick(conditions, v);
  };
  assert.equal(pick(["browser", "import", "module", "default"]), "./index.browser.js");
  assert.equal(pick(["node", "import", "default"]), "./index.node.js");
  assert.equal(pick(["node", "require", "default"]), "./index.node.cjs");
  assert.equal(pick(["types", "import"]), "./index.d.ts");
  assert.equal(pick(["types", "node", "import"]), "./index.d.ts");
  assert.equal(pick(["types", "node", "require"]), "./index.node.d.cts");
  const browser = runNode(`const m = await import("jixiao/package.json", { with: { type: "json" } }); console.log(m.default.name);`, { cwd: dir });
  assert.equal(browser.trim(), "jixiao");
});

test("Node entry: works with no init step in a fresh process", () => {
  const out = runNode(`
    import { validateScheme, Engine, version } from "./index.node.js";
    const r = validateScheme("{}", { locale: "en" });
    console.log(JSON.stringify({ ok: typeof r.ok, version, engine: typeof Engine }));`);
  assert.deepEqual(JSON.parse(out), { ok: "boolean", version: cargoVersion, engine: "function" });
});

test("browser entry: NOT_INITIALIZED before init, idempotent init, retry after a failed init", () => {
  const out = runNode(`
    import { readFileSync } from "node:fs";
    import { init, Engine, validateScheme, JixiaoError, version } from "./index.browser.js";
    const log = {};
    const codeOf = (fn) => { try { fn(); return "no error"; } catch (e) { return (e instanceof JixiaoError) + ":" + e.code + ":" + e.messages.en; } };
    log.version = version;
    log.beforeValidate = codeOf(() => validateScheme({}));
    log.beforeEngine = codeOf(() => new Engine({}));
    try { await init(new Uint8Array([0, 1, 2, 3])); log.badInit = "resolved"; }
    catch (e) { log.badInit = (e instanceof JixiaoError) + ":" + e.code; }
    log.afterBad = codeOf(() => validateScheme({}));
    const bytes = readFileSync(new URL("./jixiao_bg.wasm", import.meta.url));
    const p1 = init(bytes);
    const p2 = init(bytes);
    log.samePromise = p1 === p2;
    await p1;
    await init();
    log.after = typeof validateScheme({}).ok;
    console.log(JSON.stringify(log));`);
  const log = JSON.parse(out);
  assert.equal(log.version, cargoVersion);
  assert.match(log.beforeValidate, /^true:NOT_INITIALIZED:.*init\(\)/);
  assert.match(log.beforeEngine, /^true:NOT_INITIALIZED:/);
  assert.equal(log.badInit, "true:NOT_INITIALIZED");
  assert.match(log.afterBad, /^true:NOT_INITIALIZED:/);
  assert.equal(log.samePromise, true);
  assert.equal(log.after, "boolean");
});

test("browser entry: the same exports as the Node entry; decomposeTree needs init like the rest", () => {
  const out = runNode(`
    import { readFileSync } from "node:fs";
    import * as browser from "./index.browser.js";
    import * as node from "./index.node.js";
    const codeOf = (fn) => { try { fn(); return "no error"; } catch (e) { return (e instanceof browser.JixiaoError) + ":" + e.code; } };
    const input = { total: 100, unit: 1, root: { id: "co", children: [{ id: "a" }, { id: "b" }] } };
    const before = codeOf(() => browser.decomposeTree(input));
    await browser.init(readFileSync(new URL("./jixiao_bg.wasm", import.meta.url)));
    const after = browser.decomposeTree(input).nodes.map((n) => n.value);
    console.log(JSON.stringify({ browser: Object.keys(browser).sort(), node: Object.keys(node).sort(), before, after }));`);
  const log = JSON.parse(out);
  assert.deepEqual(log.browser, log.node);
  assert.ok(log.browser.includes("decomposeTree"));
  for (const name of ["indicators", "templates", "template"]) assert.ok(log.browser.includes(name), `browser entry lacks ${name}`);
  assert.equal(log.before, "true:NOT_INITIALIZED");
  assert.deepEqual(log.after, ["100", "50", "50"]);
});

test("browser entry: init accepts a compiled WebAssembly.Module and { module_or_path }", () => {
  const out = runNode(`
    import { readFileSync } from "node:fs";
    import { init, validateScheme } from "./index.browser.js";
    const mod = new WebAssembly.Module(readFileSync(new URL("./jixiao_bg.wasm", import.meta.url)));
    await init({ module_or_path: mod });
    console.log(typeof validateScheme({}).ok);`);
  assert.equal(out.trim(), "boolean");
});

test("the wasm uses only the features build.sh allows (no stringref, no GC)", () => {
  const bytes = readFileSync(join(pkgDir, "jixiao_bg.wasm"));
  assert.ok(WebAssembly.validate(bytes), "Node's WebAssembly rejects the module");
  assert.ok(bytes.length < 4_000_000, `wasm is ${bytes.length} bytes`);
});

test("both entries' Engine has evaluatePeriods (a method, not an export)", () => {
  const out = runNode(`
    import { readFileSync } from "node:fs";
    import * as browser from "./index.browser.js";
    import * as node from "./index.node.js";
    await browser.init(readFileSync(new URL("./jixiao_bg.wasm", import.meta.url)));
    const scheme = { indicators: [{ key: "q", weight: 100, actual: { field: "q" }, scoring: { type: "direct" } }] };
    const input = { people: [{ q: 80 }], periods: ["2025-Q1", "2025-Q2"], compose: {} };
    const totals = [browser, node].map((m) => new m.Engine(scheme).evaluatePeriods(input).composite.results[0].total);
    console.log(JSON.stringify({ kinds: [typeof browser.Engine.prototype.evaluatePeriods, typeof node.Engine.prototype.evaluatePeriods], totals }));`);
  assert.deepEqual(JSON.parse(out), { kinds: ["function", "function"], totals: ["80.00", "80.00"] });
});
