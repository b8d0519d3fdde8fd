// Unit tests of the JS-side encoding (pkg/api.js): what crosses into wasm.
// These do not need the engine.
import { test } from "node:test";
import assert from "node:assert/strict";
import { encodeInput, encodeRow, normalizeLocale, readOutput, replacer } from "../../pkg/api.js";

test("replacer: non-finite numbers are tagged, BigInt is exact text", () => {
  const json = JSON.stringify({ a: NaN, b: Infinity, c: -Infinity, d: 12345678901234567890n, e: 1.5, f: [NaN] }, replacer);
  assert.deepEqual(JSON.parse(json), {
    a: { "\u0000nonfinite": "NaN" },
    b: { "\u0000nonfinite": "Infinity" },
    c: { "\u0000nonfinite": "-Infinity" },
    d: "12345678901234567890",
    e: 1.5,
    f: [{ "\u0000nonfinite": "NaN" }],
  });
  assert.equal(JSON.stringify(new Number(NaN), replacer), '{"\\u0000nonfinite":"NaN"}');
});

test("encodeRow: flat and nested rows are JSON.stringify + replacer", () => {
  const rows = [
    { 工号: "E1", 销售额: "120万", 销售目标: 1000000, ok: true, none: null },
    { 工号: "E2", 销售额: 0.1 + 0.2, 互评: [80, 90], 负责人: { name: "张三" } },
    { 工号: "E3", d: new Date(0), u: undefined, f() {} },
    { 工号: "E4", 销售额: NaN },
    { 工号: "E5", 销售额: 5n },
    { toJSON: () => ({ replaced: true }) },
    [1, 2, NaN],
    42,
    "text",
    null,
    true,
  ];
  for (const row of rows) {
    assert.equal(encodeRow(row), JSON.stringify(row, replacer), JSON.stringify(row, replacer));
  }
});

test("encodeRow: rows without a JSON form become null", () => {
  assert.equal(encodeRow(undefined), "null");
  assert.equal(encodeRow(() => 1), "null");
  assert.equal(encodeRow(Symbol("s")), "null");
});

test("encodeRow: a row that cannot be serialized becomes '!' and the reason, on one line", () => {
  const cyclic = { 工号: "E1" };
  cyclic.self = cyclic;
  const line = encodeRow(cyclic);
  assert.match(line, /^!TypeError: Converting circular structure/);
  assert.ok(!line.includes("\n"));
  const throwing = {
    get 销售额() {
      throw new Error("getter\nfailed");
    },
  };
  assert.equal(encodeRow(throwing), "!Error: getter failed");
  const long = {
    get x() {
      throw new Error("x".repeat(10_000));
    },
  };
  assert.ok(encodeRow(long).length < 300);
});

test("encodeRow: JSON text never holds a raw newline", () => {
  const line = encodeRow({ note: "a\nb\r\nc\u2028d" });
  assert.ok(!/[\n\r]/.test(line));
  assert.deepEqual(JSON.parse(line), { note: "a\nb\r\nc\u2028d" });
});

test("encodeInput: people go one per line, the rest in head", () => {
  const enc = encodeInput({ people: [{ a: 1 }, 7, undefined, { b: NaN }], period: "2025-Q3", previous: [{ id: "E1", total: "80" }] });
  assert.deepEqual(JSON.parse(enc.head), { period: "2025-Q3", previous: [{ id: "E1", total: "80" }] });
  assert.equal(enc.rows, '{"a":1}\n7\nnull\n{"b":{"\\u0000nonfinite":"NaN"}}');
});

test("encodeInput: empty people is zero lines; a non-array people stays in head", () => {
  assert.deepEqual(encodeInput({ people: [] }), { head: "{}", rows: "" });
  assert.deepEqual(encodeInput({ people: 5 }), { head: '{"people":5}', rows: "" });
  assert.deepEqual(encodeInput({ people: "x" }), { head: '{"people":"x"}', rows: "" });
  assert.deepEqual(encodeInput({}), { head: "{}", rows: "" });
});

test("encodeInput: non-object input is passed for the core to reject", () => {
  assert.deepEqual(encodeInput(undefined), { head: "null", rows: "" });
  assert.deepEqual(encodeInput(null), { head: "null", rows: "" });
  assert.deepEqual(encodeInput(42), { head: "42", rows: "" });
  assert.deepEqual(encodeInput([{ a: 1 }]), { head: '[{"a":1}]', rows: "" });
});

test("encodeInput: a cyclic head throws (the API turns it into INVALID_INPUT)", () => {
  const previous = [];
  previous.push(previous);
  assert.throws(() => encodeInput({ people: [], previous }), TypeError);
});

test("encodeInput: a people array with a JSON.parse'd __proto__ row keeps the key as data", () => {
  const row = JSON.parse('{"__proto__": {"销售额": 1}, "工号": "E9"}');
  const enc = encodeInput({ people: [row] });
  assert.equal(enc.rows, '{"__proto__":{"销售额":1},"工号":"E9"}');
  assert.equal({}.销售额, undefined);
});

test("normalizeLocale matches the core's Locale::parse", () => {
  const cases = {
    "zh-CN": "zh-CN", zh: "zh-CN", zh_cn: "zh-CN", "zh-Hans": "zh-CN", "zh-SG": "zh-CN",
    "zh-TW": "zh-TW", "zh-HK": "zh-TW", "zh-Hant-TW": "zh-TW", zh_tw: "zh-TW",
    en: "en", "en-US": "en", EN: "en", " en ": "en",
  };
  for (const [tag, want] of Object.entries(cases)) assert.equal(normalizeLocale(tag), want, tag);
  for (const bad of ["fr", "", undefined, null, 5, {}]) assert.equal(normalizeLocale(bad), undefined, String(bad));
});

test("readOutput: one text, or long lists in parts appended to the envelope in order", () => {
  assert.deepEqual(readOutput('{"results":[1],"errors":[]}'), { results: [1], errors: [] });
  const parts = ["results", "[1,2]", "results", "[3]", "errors", '[{"code":"X"}]', "rows", "[]", '{"results":[],"errors":[],"summary":{"count":3},"rows":[]}'];
  const out = readOutput(parts);
  assert.deepEqual(out, { results: [1, 2, 3], errors: [{ code: "X" }], summary: { count: 3 }, rows: [] });
  assert.deepEqual(Object.keys(out), ["results", "errors", "summary", "rows"], "the envelope keeps the key order");
  // Many items: appended one by one (no spread of a huge argument list).
  const many = Array.from({ length: 300_000 }, (_, i) => i);
  assert.equal(readOutput(["results", JSON.stringify(many), '{"results":[]}']).results.length, 300_000);
});
