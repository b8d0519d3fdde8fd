// The README's JavaScript examples are tests: every ```js block of README.md runs as
// its own ES module in Node, importing "jixiao" through a real node_modules link to the
// built package. A block fails the test when it throws (they use node:assert).
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import "./helpers.mjs"; // fails early when pkg/ is not built

const root = fileURLToPath(new URL("../../", import.meta.url));
const readme = readFileSync(new URL("README.md", `file://${root}`), "utf8");
const blocks = [...readme.matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1]);

const dir = `${root}target/readme-test`;
rmSync(dir, { recursive: true, force: true });
mkdirSync(`${dir}/node_modules`, { recursive: true });
symlinkSync(`${root}pkg`, `${dir}/node_modules/jixiao`, "dir");

test("README has JavaScript examples", () => {
  assert.ok(blocks.length >= 3, `found ${blocks.length} js blocks`);
});

blocks.forEach((code, i) => {
  const firstLine = code.split("\n").find((l) => l.startsWith("import {")) ?? "";
  test(`README js block ${i + 1} runs (${firstLine.trim()})`, () => {
    const file = `${dir}/block-${i + 1}.mjs`;
    writeFileSync(file, code);
    // Throws (with the block's stderr) when the example throws or an assertion fails.
    const out = execFileSync(process.execPath, [file], { cwd: dir, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    assert.equal(typeof out, "string");
  });
});
