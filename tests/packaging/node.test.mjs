// The packed package in Node and its test runners: ES modules and CommonJS on Node 18,
// 20 before require(esm) (20.18) and this Node; Jest in its default CommonJS mode and
// Vitest, both without configuration; a TypeScript CommonJS project type-checks. Each
// consumer that runs evaluates app/case.js's scheme.
//
//   node tests/packaging/install.mjs && node --test tests/packaging/
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { join } from "node:path";
import { CASE, HERE, MODULES, NODES, assertInstalled, runNode } from "./helpers.mjs";

before(assertInstalled);

for (const [version, node] of Object.entries(NODES)) {
  test(`Node ${version}, ES modules: import from "jixiao"`, async () => {
    const out = JSON.parse(await runNode(node, ["main.mjs"], join(HERE, "node-esm")));
    assert.deepEqual(out, [CASE.expected, CASE.expected]);
  });

  test(`Node ${version}, CommonJS: require("jixiao")`, async () => {
    // --no-experimental-require-module: as if this Node had no require(esm) (it exists on 20.19+)
    const args = version === process.version ? ["--no-experimental-require-module", "main.js"] : ["main.js"];
    const out = JSON.parse(await runNode(node, args, join(HERE, "node-cjs")));
    assert.deepEqual(out, [CASE.expected, CASE.expected]);
  });
}

test("Jest, default CommonJS mode, no configuration", async () => {
  const dir = join(HERE, "jest");
  const out = await runNode(process.execPath, [join(MODULES, "jest/bin/jest.js"), "--ci", "--json", "--rootDir", dir], dir);
  const result = JSON.parse(out);
  assert.equal(result.numFailedTests, 0, JSON.stringify(result.testResults.map((r) => r.message)));
  assert.equal(result.numPassedTests, 2);
});

test("Vitest, no configuration", async () => {
  const dir = join(HERE, "vitest");
  const out = await runNode(process.execPath, [join(MODULES, "vitest/vitest.mjs"), "run", "--root", dir, "--reporter", "json"], dir);
  const result = JSON.parse(out.slice(out.indexOf("{")));
  assert.equal(result.numFailedTests, 0, JSON.stringify(result.testResults.map((r) => r.message)));
  assert.equal(result.numPassedTests, 2);
});

test("TypeScript, a CommonJS project (module node16): the require condition's declarations", async () => {
  // typescript is the repository's own dev dependency (node_modules at the root)
  const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
  const dir = join(HERE, "ts-cjs");
  await runNode(process.execPath, [tsc, "-p", dir], dir);
});
