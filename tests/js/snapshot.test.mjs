// Behaviour snapshot of the README's JavaScript examples: every ```js block of README.md
// runs against the built package through a recording proxy that writes each call's
// result (or thrown error) as JSON; the recording must equal tests/snapshots/readme.snap,
// written before the crate was restructured (DESIGN.md "Map of the crate").
// JIXIAO_BLESS=1 rewrites it (only for a deliberate change of behaviour, said in the commit).
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import "./helpers.mjs"; // fails early when pkg/ is not built

const root = fileURLToPath(new URL("../../", import.meta.url));
const readme = readFileSync(`${root}README.md`, "utf8");
const blocks = [...readme.matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1]);
const snapFile = `${root}tests/snapshots/readme.snap`;

const dir = `${root}target/readme-snapshot`;
rmSync(dir, { recursive: true, force: true });
mkdirSync(`${dir}/node_modules/jixiao`, { recursive: true });
symlinkSync(`${root}pkg`, `${dir}/node_modules/jixiao-real`, "dir");

const real = await import(`${root}pkg/index.node.js`);
const names = Object.keys(real).sort();

// The proxy package "jixiao": the real exports, with every function and every Engine
// method recording what it returned or threw.
const proxy = `
import * as real from "jixiao-real";
import { appendFileSync } from "node:fs";
const out = process.env.JIXIAO_RECORD;
const json = (v) => JSON.stringify(v, (k, x) => (typeof x === "bigint" ? String(x) : x === undefined ? null : x));
const record = (name, value) => appendFileSync(out, name + " " + json(value) + "\\n");
const failure = (e) => ({ name: e?.name, code: e?.code, path: e?.path, message: e?.message });
function recorded(name, fn) {
  return function (...args) {
    let value;
    try {
      value = fn.apply(this, args);
    } catch (e) {
      record(name + " throws", failure(e));
      throw e;
    }
    if (value && typeof value.then === "function") {
      return value.then(
        (v) => (record(name, name === "init" || name === "default" ? "ready" : v), v),
        (e) => (record(name + " rejects", failure(e)), Promise.reject(e)),
      );
    }
    record(name, value);
    return value;
  };
}
export class Engine extends real.Engine {
  constructor(...args) {
    try {
      super(...args);
    } catch (e) {
      record("new Engine throws", failure(e));
      throw e;
    }
    record("new Engine", { warnings: this.warnings ?? null });
  }
}
for (const m of Object.getOwnPropertyNames(real.Engine.prototype)) {
  const d = Object.getOwnPropertyDescriptor(real.Engine.prototype, m);
  if (m !== "constructor" && m !== "free" && typeof d.value === "function") {
    Engine.prototype[m] = recorded("engine." + m, d.value);
  }
}
${names
  .filter((n) => n !== "Engine")
  .map((n) =>
    typeof real[n] === "function" && !/^class\b/.test(Function.prototype.toString.call(real[n])) && n !== "JixiaoError"
      ? `export const ${n === "default" ? "_default" : n} = recorded(${JSON.stringify(n)}, real[${JSON.stringify(n)}]);`
      : `export const ${n === "default" ? "_default" : n} = real[${JSON.stringify(n)}];`,
  )
  .join("\n")}
${names.includes("default") ? "export default _default;" : ""}
`;
writeFileSync(`${dir}/node_modules/jixiao/index.js`, proxy);
writeFileSync(`${dir}/node_modules/jixiao/package.json`, JSON.stringify({ name: "jixiao", type: "module", main: "index.js" }));

test("README examples answer as before (recorded results of every call)", () => {
  assert.ok(blocks.length >= 3, `found ${blocks.length} js blocks`);
  const parts = [];
  blocks.forEach((code, i) => {
    const file = `${dir}/block-${i + 1}.mjs`;
    const rec = `${dir}/block-${i + 1}.rec`;
    writeFileSync(file, code);
    writeFileSync(rec, "");
    execFileSync(process.execPath, [file], {
      cwd: dir,
      env: { ...process.env, JIXIAO_RECORD: rec },
      stdio: ["ignore", "pipe", "pipe"],
    });
    parts.push(`=== block ${i + 1}\n${readFileSync(rec, "utf8")}`);
  });
  const text = parts.join("");
  if (process.env.JIXIAO_BLESS) {
    writeFileSync(snapFile, text);
    return;
  }
  assert.ok(existsSync(snapFile), `${snapFile} is missing`);
  const stored = readFileSync(snapFile, "utf8");
  if (stored !== text) {
    const old = stored.split("\n");
    const now = text.split("\n");
    const at = now.findIndex((line, k) => line !== old[k]);
    assert.fail(`README answers changed at line ${at + 1}:\n  was: ${old[at]?.slice(0, 300)}\n  now: ${now[at]?.slice(0, 300)}`);
  }
});
