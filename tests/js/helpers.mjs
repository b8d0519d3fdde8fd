// Shared helpers of the JavaScript tests.
//
// The tests import the BUILT package (scripts/build.sh → pkg/) by path:
// `../../pkg/index.node.js` is exactly what `import "jixiao"` resolves to in Node
// (package.test.mjs checks that resolution through a real node_modules link).
import { existsSync, readFileSync, readdirSync } from "node:fs";
import assert from "node:assert/strict";

export const PKG = new URL("../../pkg/", import.meta.url);
export const FIXTURES = new URL("../fixtures/", import.meta.url);

if (!existsSync(new URL("index.node.js", PKG))) {
  throw new Error("pkg/ is not built: run `bash scripts/build.sh` first");
}

/** The call a scoring fixture makes (others land later: commission, allocate, decompose). */
export const EVALUATE_CALL = "new Engine(scheme).evaluate(input)";

/** Every `tests/fixtures/*.json`, parsed, with its file name. */
export function loadFixtures() {
  return readdirSync(FIXTURES)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((file) => ({ file, data: JSON.parse(readFileSync(new URL(file, FIXTURES), "utf8")) }));
}

/** A one-indicator scheme: total = min(销售额 / 销售目标, 1.2) × 100, 0 below 0.6. */
export function simpleScheme() {
  return {
    id: "js-tests",
    name: "JS tests",
    fields: { id: "工号", name: "姓名" },
    indicators: [
      {
        key: "revenue",
        name: "销售额达成率",
        weight: 100,
        actual: { field: "销售额" },
        target: { field: "销售目标" },
        scoring: { type: "linear", floor: "0.6", cap: "1.2" },
      },
    ],
    grades: { type: "bands", bands: [{ grade: "A", min: 85 }, { grade: "B", min: 0 }] },
  };
}

/** A good row (total "120.00", grade A). */
export function goodRow(id = "E001") {
  return { 工号: id, 姓名: "张三", 销售额: "120万", 销售目标: 1000000 };
}

/**
 * Asserts that `actual` has every field of `expected`, recursively: objects by the
 * keys present in `expected`, arrays element-wise with equal length, scalars strictly
 * equal. The message names the path of the first difference.
 */
export function assertSubset(actual, expected, path = "") {
  if (Array.isArray(expected)) {
    assert.ok(Array.isArray(actual), `${path || "/"}: expected an array, got ${JSON.stringify(actual)}`);
    assert.equal(actual.length, expected.length, `${path || "/"}: expected ${expected.length} entries, got ${actual.length}: ${JSON.stringify(actual)}`);
    expected.forEach((e, i) => assertSubset(actual[i], e, `${path}/${i}`));
  } else if (expected !== null && typeof expected === "object") {
    assert.ok(actual !== null && typeof actual === "object" && !Array.isArray(actual), `${path || "/"}: expected an object, got ${JSON.stringify(actual)}`);
    for (const [k, v] of Object.entries(expected)) {
      assert.ok(Object.hasOwn(actual, k), `${path}/${k}: missing in ${JSON.stringify(actual).slice(0, 300)}`);
      assertSubset(actual[k], v, `${path}/${k}`);
    }
  } else {
    assert.strictEqual(actual, expected, `${path || "/"}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
  }
}

/** Asserts `err` is a well-formed JixiaoError (optionally with one of `codes`); returns it. */
export function assertJixiaoError(JixiaoError, err, codes) {
  assert.ok(err instanceof Error, `not an Error: ${err}`);
  assert.ok(err instanceof JixiaoError, `not a JixiaoError: ${err?.name}: ${err?.message}`);
  assert.equal(err.name, "JixiaoError");
  assert.equal(typeof err.code, "string");
  assert.ok(err.code.length > 0);
  assert.equal(typeof err.path, "string");
  assert.equal(typeof err.message, "string");
  for (const l of ["zh-CN", "zh-TW", "en"]) assert.equal(typeof err.messages[l], "string", `messages[${l}]`);
  assert.ok(Array.isArray(err.issues));
  if (codes !== undefined) {
    const list = Array.isArray(codes) ? codes : [codes];
    assert.ok(list.includes(err.code), `code ${err.code} (${err.message}) is not one of ${list.join(", ")}`);
  }
  return err;
}

/** Runs `fn`, which must throw a JixiaoError (with one of `codes`); returns the error. */
export function throwsJixiao(JixiaoError, fn, codes) {
  let thrown;
  try {
    fn();
  } catch (err) {
    thrown = err;
  }
  assert.ok(thrown !== undefined, "expected a JixiaoError, nothing was thrown");
  return assertJixiaoError(JixiaoError, thrown, codes);
}
