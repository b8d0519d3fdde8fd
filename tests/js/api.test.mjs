// pkg/api.js over a fake core: exactly which strings reach the wasm, and how what it
// throws comes back. Independent of the real engine.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createApi } from "../../pkg/api.js";
import { throwsJixiao } from "./helpers.mjs";

const ERROR = {
  code: "INVALID_NUMBER",
  severity: "error",
  path: "rows/1/销售额",
  message: "销售额不是数字",
  messages: { "zh-CN": "销售额不是数字", "zh-TW": "銷售額不是數字", en: "销售额 is not a number" },
  row: 1,
  field: "销售额",
  value: "abc",
};

function fakeGlue() {
  const calls = [];
  class EngineCore {
    constructor(json) {
      calls.push(["new", json]);
      if (json === "THROW") throw JSON.stringify({ ...ERROR, code: "INVALID_JSON" });
      if (json === "TRAP") throw new WebAssembly.RuntimeError("unreachable");
      this.freed = false;
    }
    evaluate(head, rows, options) {
      calls.push(["evaluate", head, rows, options]);
      if (head === '{"fail":true}') throw JSON.stringify(ERROR);
      if (head === '{"garbage":true}') throw "not json at all";
      return JSON.stringify({ results: [], echo: { head, rows, options } });
    }
    free() {
      calls.push(["free"]);
    }
  }
  return {
    calls,
    EngineCore,
    validateSchemeJson: (json, locale) => {
      calls.push(["validate", json, locale]);
      return JSON.stringify({ ok: true, issues: [] });
    },
  };
}

function setup(ready = true) {
  const glue = fakeGlue();
  const api = createApi(glue, { ready: () => ready }, "9.9.9");
  return { glue, api };
}

test("the scheme goes as JSON text (objects through the replacer, strings as they are)", () => {
  const { glue, api } = setup();
  new api.Engine({ weight: 100n, x: NaN });
  new api.Engine('{"a":1}');
  assert.deepEqual(glue.calls, [
    ["new", '{"weight":"100","x":{"\\u0000nonfinite":"NaN"}}'],
    ["new", '{"a":1}'],
  ]);
});

test("evaluate sends head without people, one row per line, and the options", () => {
  const { glue, api } = setup();
  const engine = new api.Engine({});
  const out = engine.evaluate({ people: [{ a: 1 }, 2, null], period: "2025-Q3" }, { explain: true });
  assert.deepEqual(out.echo, { head: '{"period":"2025-Q3"}', rows: '{"a":1}\n2\nnull', options: '{"explain":true}' });
  assert.deepEqual(engine.evaluate({ people: [] }).echo, { head: "{}", rows: "", options: "{}" });
  assert.deepEqual(engine.evaluate({ people: [] }, null).echo.options, "{}");
  assert.equal(glue.calls.filter((c) => c[0] === "evaluate").length, 3);
});

test("the Engine's locale is evaluate's default locale; an explicit one wins", () => {
  const { api } = setup();
  const engine = new api.Engine({}, { locale: "zh_TW" });
  assert.equal(engine.evaluate({ people: [] }).echo.options, '{"locale":"zh-TW"}');
  assert.equal(engine.evaluate({ people: [] }, { explain: true }).echo.options, '{"explain":true,"locale":"zh-TW"}');
  assert.equal(engine.evaluate({ people: [] }, { locale: "en" }).echo.options, '{"locale":"en"}');
  assert.equal(new api.Engine({}).evaluate({ people: [] }).echo.options, "{}");
});

test("a thrown error JSON becomes a JixiaoError in the requested locale", () => {
  const { api } = setup();
  const engine = new api.Engine({});
  const e = throwsJixiao(api.JixiaoError, () => engine.evaluate({ fail: true }, { locale: "en" }), "INVALID_NUMBER");
  assert.equal(e.message, "销售额 is not a number");
  assert.equal(e.row, 1);
  assert.equal(e.field, "销售额");
  assert.equal(e.value, "abc");
  assert.equal(e.path, "rows/1/销售额");
  const zh = throwsJixiao(api.JixiaoError, () => new api.Engine("THROW"), "INVALID_JSON");
  assert.equal(zh.message, "销售额不是数字");
});

test("anything else thrown (a trap, a non-JSON string) is an INTERNAL JixiaoError with the cause", () => {
  const { api } = setup();
  const trap = throwsJixiao(api.JixiaoError, () => new api.Engine("TRAP"), "INTERNAL");
  assert.ok(trap.cause instanceof WebAssembly.RuntimeError);
  assert.match(trap.messages.en, /RuntimeError: unreachable/);
  const engine = new api.Engine({});
  const g = throwsJixiao(api.JixiaoError, () => engine.evaluate({ garbage: true }), "INTERNAL");
  assert.equal(g.cause, "not json at all");
});

test("validateScheme passes the locale tag as given", () => {
  const { glue, api } = setup();
  assert.deepEqual(api.validateScheme({ a: 1 }, { locale: "zh-Hant" }), { ok: true, issues: [] });
  api.validateScheme("{}");
  api.validateScheme("{}", { locale: 5 });
  assert.deepEqual(glue.calls, [
    ["validate", '{"a":1}', "zh-Hant"],
    ["validate", "{}", undefined],
    ["validate", "{}", undefined],
  ]);
});

test("before init every call throws NOT_INITIALIZED and nothing reaches the core", () => {
  const { glue, api } = setup(false);
  throwsJixiao(api.JixiaoError, () => new api.Engine({}), "NOT_INITIALIZED");
  throwsJixiao(api.JixiaoError, () => api.validateScheme({}), "NOT_INITIALIZED");
  assert.deepEqual(glue.calls, []);
  assert.equal(api.version, "9.9.9");
});

test("free releases the core once", () => {
  const { glue, api } = setup();
  const engine = new api.Engine({});
  engine.free();
  engine.free();
  assert.equal(glue.calls.filter((c) => c[0] === "free").length, 1);
  throwsJixiao(api.JixiaoError, () => engine.evaluate({ people: [] }), "NOT_INITIALIZED");
});
