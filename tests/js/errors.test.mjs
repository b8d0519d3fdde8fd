// JixiaoError: the one error class, for core errors and JS-side ones alike.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Engine, JixiaoError, validateScheme } from "../../pkg/index.node.js";
import { assertJixiaoError, simpleScheme, throwsJixiao } from "./helpers.mjs";

const DATA = {
  code: "WEIGHTS_SUM",
  severity: "error",
  path: "/indicators",
  message: "权重之和为 90，应为 100",
  messages: { "zh-CN": "权重之和为 90，应为 100", "zh-TW": "權重之和為 90，應為 100", en: "the weights sum to 90, not 100" },
};

test("JixiaoError is an Error subclass with its own data properties", () => {
  const e = new JixiaoError(DATA);
  assert.ok(e instanceof Error);
  assert.ok(e instanceof JixiaoError);
  assert.equal(e.name, "JixiaoError");
  assert.equal(e.code, "WEIGHTS_SUM");
  assert.equal(e.path, "/indicators");
  assert.equal(e.severity, "error");
  assert.equal(e.message, DATA.message);
  assert.deepEqual(e.messages, DATA.messages);
  assert.deepEqual(e.issues, []);
  for (const k of ["code", "path", "messages", "issues", "row", "field", "value", "severity"]) {
    assert.ok(Object.hasOwn(e, k), `own property ${k}`);
  }
  assert.match(String(e), /^JixiaoError: 权重之和/);
  assert.ok(typeof e.stack === "string" && e.stack.includes("JixiaoError"));
});

test("JixiaoError picks the message of the chosen locale", () => {
  assert.equal(new JixiaoError(DATA, { locale: "en" }).message, "the weights sum to 90, not 100");
  assert.equal(new JixiaoError(DATA, { locale: "zh-Hant" }).message, "權重之和為 90，應為 100");
  assert.equal(new JixiaoError(DATA, { locale: "fr" }).message, DATA.message);
});

test("JixiaoError keeps row errors' row, field and value; JSON.stringify gives the data", () => {
  const e = new JixiaoError({ ...DATA, code: "INVALID_NUMBER", path: "rows/4/销售额", row: 4, field: "销售额", value: "abc" });
  assert.equal(e.row, 4);
  assert.equal(e.field, "销售额");
  assert.equal(e.value, "abc");
  assert.deepEqual(JSON.parse(JSON.stringify(e)), { ...DATA, code: "INVALID_NUMBER", path: "rows/4/销售额", row: 4, field: "销售额", value: "abc" });
});

test("JixiaoError tolerates partial or garbage data", () => {
  for (const data of [undefined, null, 42, "x", {}, { code: 5, messages: "no" }]) {
    const e = new JixiaoError(data);
    assert.equal(e.code, "INTERNAL");
    assert.equal(typeof e.message, "string");
    assert.equal(typeof e.messages.en, "string");
  }
});

test("a scheme that cannot be serialized is a JS-side INVALID_INPUT, in three locales", () => {
  const cyclic = simpleScheme();
  cyclic.self = cyclic;
  for (const call of [() => new Engine(cyclic), () => validateScheme(cyclic), () => new Engine(undefined), () => new Engine(() => 1)]) {
    const e = throwsJixiao(JixiaoError, call, "INVALID_INPUT");
    assert.notEqual(e.messages["zh-CN"], e.messages.en);
    assert.notEqual(e.messages["zh-TW"], e.messages["zh-CN"]);
  }
  const en = throwsJixiao(JixiaoError, () => new Engine(cyclic, { locale: "en" }), "INVALID_INPUT");
  assert.match(en.message, /^the scheme cannot be converted to JSON: TypeError: Converting circular/);
  assert.ok(en.cause instanceof TypeError);
});

test("input or options that cannot be serialized are a JS-side INVALID_INPUT", () => {
  const engine = new Engine(simpleScheme());
  const previous = [];
  previous.push(previous);
  throwsJixiao(JixiaoError, () => engine.evaluate({ people: [], previous }), "INVALID_INPUT");
  const opts = {};
  opts.self = opts;
  throwsJixiao(JixiaoError, () => engine.evaluate({ people: [] }, opts), "INVALID_INPUT");
  engine.free();
});

test("a freed engine throws NOT_INITIALIZED; free is idempotent", () => {
  const engine = new Engine(simpleScheme());
  engine.free();
  engine.free();
  const e = throwsJixiao(JixiaoError, () => engine.evaluate({ people: [] }), "NOT_INITIALIZED");
  assert.match(e.messages.en, /freed/);
});

test("Symbol.dispose frees the engine (when the runtime has it)", { skip: typeof Symbol.dispose !== "symbol" && "no Symbol.dispose in this Node" }, () => {
  const engine = new Engine(simpleScheme());
  engine[Symbol.dispose]();
  throwsJixiao(JixiaoError, () => engine.evaluate({ people: [] }), "NOT_INITIALIZED");
});

test("[engine] an invalid scheme throws INVALID_SCHEME with every issue", () => {
  const scheme = simpleScheme();
  scheme.indicators[0].weight = 90;
  scheme.indicators.push({ ...scheme.indicators[0] });
  const e = throwsJixiao(JixiaoError, () => new Engine(scheme, { locale: "en" }), "INVALID_SCHEME");
  assert.ok(e.issues.length >= 2, JSON.stringify(e.issues));
  for (const issue of e.issues) {
    assert.equal(typeof issue.code, "string");
    assert.equal(typeof issue.path, "string");
    assert.equal(typeof issue.messages.en, "string");
  }
  assert.ok(e.issues.some((i) => i.code === "DUPLICATE_KEY"), JSON.stringify(e.issues));
  assert.equal(e.message, e.messages.en);
  const report = validateScheme(scheme, { locale: "zh-TW" });
  assert.equal(report.ok, false);
  assert.deepEqual(report.issues.map((i) => i.code).sort(), e.issues.map((i) => i.code).sort());
  assert.equal(report.issues[0].message, report.issues[0].messages["zh-TW"]);
});

test("[engine] bad JSON text throws INVALID_JSON", () => {
  const e = throwsJixiao(JixiaoError, () => new Engine("{ not json"), "INVALID_JSON");
  assertJixiaoError(JixiaoError, e);
});

test("data checks reach JS: shared ids, ids that are not ids, negative targets, far beyond target", () => {
  const engine = new Engine({
    fields: { id: "工号" },
    indicators: [{ key: "rev", name: "销售额", weight: 100, actual: { field: "销售额" }, target: { field: "目标" }, scoring: { type: "linear" } }],
  });
  const out = engine.evaluate(
    {
      people: [
        { 工号: "E1", 销售额: 90, 目标: 100 },
        { 工号: 1.5, 销售额: 80, 目标: 100 },
        { 工号: "1.5", 销售额: 70, 目标: 100 },
        { 工号: { a: 1 }, 销售额: 60, 目标: 100 },
        { 工号: "E5", 销售额: -5, 目标: -10 },
        { 工号: "E6", 销售额: 5000, 目标: 100 },
      ],
    },
    { locale: "en" },
  );
  const first = out.results.map((r) => r.errors[0]?.code ?? null);
  assert.deepEqual(first, [null, "DUPLICATE_ID", "DUPLICATE_ID", "INVALID_ID", "OUT_OF_RANGE", null]);
  assert.deepEqual(out.results.map((r) => r.rank), [2, null, null, null, null, 1]);
  assert.match(out.results[1].errors[0].message, /"1\.5" is shared with rows 2/);
  assert.deepEqual(out.warnings.map((w) => [w.code, w.field, w.row]), [["FAR_BEYOND_TARGET", "rev", 5]]);
});
