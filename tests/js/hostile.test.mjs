// Hostile inputs from JavaScript: each gives a structured error (thrown JixiaoError)
// or a per-row error, never a crash, and the engine keeps working afterwards.
// Tests named "[engine] …" need the real engine (they fail against the skeleton).
import { test } from "node:test";
import assert from "node:assert/strict";
import { Engine, JixiaoError, validateScheme } from "../../pkg/index.node.js";
import { goodRow, simpleScheme, throwsJixiao } from "./helpers.mjs";

let shared;
function engine() {
  shared ??= new Engine(simpleScheme());
  return shared;
}

/** The engine still scores a good row correctly. */
function assertStillWorks(e = engine()) {
  const out = e.evaluate({ people: [goodRow()] });
  assert.equal(out.results.length, 1);
  assert.equal(out.results[0].ok, true, JSON.stringify(out.results[0]));
  assert.equal(out.results[0].total, "120.00");
}

/** Evaluates [good, bad, good] and returns the bad row's result; checks the good ones. */
function evaluateBad(bad) {
  const out = engine().evaluate({ people: [goodRow("E1"), bad, goodRow("E3")] });
  assert.equal(out.results.length, 3, JSON.stringify(out));
  assert.equal(out.results[0].ok, true, JSON.stringify(out.results[0]));
  assert.equal(out.results[2].ok, true, JSON.stringify(out.results[2]));
  assert.equal(out.results[0].total, "120.00");
  assert.equal(out.results[2].total, "120.00");
  const r = out.results[1];
  assert.equal(r.ok, false, `row accepted: ${JSON.stringify(r)}`);
  assert.ok(Array.isArray(r.errors) && r.errors.length > 0, JSON.stringify(r));
  for (const e of r.errors) {
    assert.equal(typeof e.code, "string");
    assert.equal(e.row, 1, JSON.stringify(e));
    assert.match(e.path, /^rows\/1/);
    assert.equal(typeof e.messages.en, "string");
  }
  assert.ok(out.errors.some((e) => e.row === 1), "out.errors lists the row error");
  assertStillWorks();
  return r;
}

test("[engine] a good row is scored", () => {
  assertStillWorks();
});

for (const [label, value] of [
  ["NaN", NaN],
  ["Infinity", Infinity],
  ["-Infinity", -Infinity],
  ["a string that is not a number", "abc"],
  ["an object", { amount: 5 }],
]) {
  test(`[engine] a cell holding ${label} is INVALID_NUMBER for that row only`, () => {
    const r = evaluateBad({ ...goodRow("E2"), 销售额: value });
    assert.equal(r.errors[0].code, "INVALID_NUMBER");
    assert.equal(r.errors[0].field, "销售额");
    if (typeof value === "number") assert.equal(r.errors[0].value, String(value));
  });
}

test("[engine] BigInt cells are read exactly (as their decimal text)", () => {
  const out = engine().evaluate({ people: [{ ...goodRow(), 销售额: 1200000n, 销售目标: 1000000n }] });
  assert.equal(out.results[0].ok, true, JSON.stringify(out.results[0]));
  assert.equal(out.results[0].total, "120.00");
});

test("[engine] BigInt in a scheme is read as its decimal text", () => {
  const scheme = simpleScheme();
  scheme.indicators[0].weight = 100n;
  const e = new Engine(scheme);
  assertStillWorks(e);
  e.free();
});

test("[engine] a cyclic row is INVALID_ROW for that row only", () => {
  const row = goodRow("E2");
  row.self = row;
  const r = evaluateBad(row);
  assert.equal(r.errors[0].code, "INVALID_ROW");
  assert.match(r.errors[0].messages.en + (r.errors[0].value ?? ""), /circular/i);
});

for (const [label, row] of [
  ["a number", 42],
  ["a string", "E002"],
  ["null", null],
  ["undefined", undefined],
  ["an array", [1, 2, 3]],
  ["a function", () => 1],
]) {
  test(`[engine] a row that is ${label} is INVALID_ROW`, () => {
    const r = evaluateBad(row);
    assert.equal(r.errors[0].code, "INVALID_ROW");
  });
}

test("[engine] __proto__ keys from JSON.parse are plain data, nothing is polluted", () => {
  const row = JSON.parse('{"__proto__": {"销售额": "999万", "isAdmin": true}, "工号": "E2", "销售目标": 1000000}');
  assert.equal(Object.getPrototypeOf(row), Object.prototype);
  const r = evaluateBad(row);
  assert.equal(r.errors[0].code, "MISSING_VALUE");
  assert.equal(r.errors[0].field, "销售额");
  assert.equal({}.isAdmin, undefined);
  assert.equal({}.销售额, undefined);
  // A __proto__ key in the scheme is an unknown key at most, never a prototype.
  const scheme = JSON.parse(JSON.stringify(simpleScheme()).replace('{"id"', '{"__proto__":{"indicators":[]},"id"'));
  const report = validateScheme(scheme);
  assert.equal(typeof report.ok, "boolean");
  assert.equal({}.indicators, undefined);
});

test("[engine] a 10 000-character cell is a row error, repeated back shortened", () => {
  const r = evaluateBad({ ...goodRow("E2"), 销售额: "9".repeat(10_000) });
  assert.ok(["INVALID_NUMBER", "TOO_LARGE", "OVERFLOW"].includes(r.errors[0].code), r.errors[0].code);
  assert.ok((r.errors[0].value ?? "").length <= 201, "value is shortened");
  const r2 = evaluateBad({ ...goodRow("E2"), 销售额: "万".repeat(10_000) });
  assert.ok(["INVALID_NUMBER", "TOO_LARGE"].includes(r2.errors[0].code), r2.errors[0].code);
});

test("[engine] deeply nested cells are row errors", () => {
  let deep = 1;
  for (let i = 0; i < 10_000; i++) deep = [deep];
  evaluateBad({ ...goodRow("E2"), 销售额: deep });
  let deeper = {};
  const root = deeper;
  for (let i = 0; i < 200_000; i++) deeper = deeper.a = {};
  // JSON.stringify itself may overflow the JS stack here: that row becomes "!RangeError…".
  evaluateBad({ ...goodRow("E2"), 销售额: root });
});

test("[engine] an empty scheme is INVALID_SCHEME; the module keeps working", () => {
  throwsJixiao(JixiaoError, () => new Engine({}), "INVALID_SCHEME");
  throwsJixiao(JixiaoError, () => new Engine("{}"), "INVALID_SCHEME");
  assert.equal(validateScheme({}).ok, false);
  assertStillWorks();
});

test("[engine] schemes of the wrong type throw JixiaoError", () => {
  for (const bad of [null, 42, "not json", "[]", [], true, { indicators: 5 }, { indicators: [{ weight: {} }] }, "[".repeat(10_000)]) {
    throwsJixiao(JixiaoError, () => new Engine(bad), ["INVALID_JSON", "INVALID_SCHEME", "INVALID_TYPE", "TOO_LARGE"]);
    const report = validateScheme(bad);
    assert.equal(report.ok, false, JSON.stringify(bad).slice(0, 50));
  }
  assertStillWorks();
});

test("[engine] input of the wrong type throws INVALID_INPUT", () => {
  for (const bad of [undefined, null, 42, "people", [goodRow()], { people: 5 }, { people: "E1" }, { people: { 0: goodRow() } }]) {
    throwsJixiao(JixiaoError, () => engine().evaluate(bad), "INVALID_INPUT");
  }
  for (const opts of [{ decimals: "bogus" }, { explain: "yes" }, { locale: 5 }, [], 42]) {
    throwsJixiao(JixiaoError, () => engine().evaluate({ people: [goodRow()] }, opts), "INVALID_INPUT");
  }
  assertStillWorks();
});

test("[engine] an empty people array gives no results", () => {
  const out = engine().evaluate({ people: [] });
  assert.deepEqual(out.results, []);
});

test("[engine] 2 000 rows of which every 7th is bad: one result per row, in order", () => {
  const people = [];
  for (let i = 0; i < 2000; i++) {
    people.push(i % 7 === 3 ? { ...goodRow(`E${i}`), 销售额: NaN } : { ...goodRow(`E${i}`), 销售额: 600000 + i * 300 });
  }
  const out = engine().evaluate({ people });
  assert.equal(out.results.length, 2000);
  out.results.forEach((r, i) => {
    assert.equal(r.id, `E${i}`);
    assert.equal(r.ok, i % 7 !== 3, JSON.stringify(r));
  });
  assertStillWorks();
});
