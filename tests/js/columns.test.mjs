// Columnar input and object rows by columns (DESIGN.md, "Large tables", "The JS boundary"):
// `evaluate({ columns })` and `evaluate({ people })` (read property by property) give
// exactly what the JSON-line path gives: the core's own `evaluate` called on
// `encodeInput(input)` with no column list, which JSON.stringifies every row.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { Engine, JixiaoError, templates } from "../../pkg/index.node.js";
import * as glue from "../../pkg/jixiao.js";
import { encodeInput, encodeColumns, readOutput } from "../../pkg/api.js";
import { EVALUATE_CALL, loadFixtures, simpleScheme, goodRow, throwsJixiao } from "./helpers.mjs";

/** The output of the JSON-line path: every row through JSON.stringify, as before columns. */
function byJsonLines(scheme, input, options = {}) {
  const core = new glue.EngineCore(JSON.stringify(scheme));
  try {
    const e = encodeInput(input);
    assert.equal(e.columns, undefined);
    return readOutput(core.evaluate(e.head, e.rows, JSON.stringify(options)));
  } finally {
    core.free();
  }
}

/** The same people as columns: one plain array per key (as a table export gives them). */
function columnsOf(people) {
  const names = [];
  for (const row of people) for (const k of Object.keys(row)) if (!names.includes(k)) names.push(k);
  const columns = {};
  for (const n of names) columns[n] = people.map((row) => row[n]);
  return columns;
}

/** Every evaluation case: fixtures, the raw-table fixture, template samples, the demo table. */
function cases() {
  const out = [];
  for (const { file, data } of loadFixtures()) {
    if (data?.call === EVALUATE_CALL && Array.isArray(data.input?.people)) out.push([file, data.scheme, data.input]);
  }
  const tables = JSON.parse(readFileSync(new URL("../fixtures/tables/raw-vs-totals.json", import.meta.url), "utf8"));
  out.push(["tables", tables.scheme, { people: tables.people, tables: tables.tables, period: tables.period }]);
  for (const t of templates()) out.push([`template ${t.key}`, t.scheme, t.sample]);
  const demo = (f) => JSON.parse(readFileSync(new URL(`../../www-demo/${f}`, import.meta.url), "utf8"));
  out.push(["www-demo", demo("sample-scheme.json"), { people: demo("sample-people.json") }]);
  return out;
}

test("object rows and columns give what JSON lines give, on every fixture", () => {
  let compared = 0;
  for (const [name, scheme, input] of cases()) {
    let engine;
    try {
      engine = new Engine(scheme);
    } catch {
      continue; // a scheme this version rejects (forced distribution)
    }
    for (const options of [{}, { explain: true }, { output: "scores", decimals: "number" }]) {
      const want = byJsonLines(scheme, input, options);
      assert.ok(want.results.length > 0, name);
      assert.deepEqual(engine.evaluate(input, options), want, `${name} people ${JSON.stringify(options)}`);
      const { people, ...rest } = input;
      const byColumns = engine.evaluate({ ...rest, columns: columnsOf(people) }, options);
      assert.deepEqual(byColumns, want, `${name} columns ${JSON.stringify(options)}`);
    }
    engine.free();
    compared++;
  }
  assert.ok(compared > 5, `only ${compared} cases`);
});

const scheme = {
  fields: { id: "工号", name: "负责人.name" },
  indicators: [
    { key: "q", weight: 60, actual: { field: "销售额" }, target: { field: "目标" }, scoring: { type: "linear", cap: "1.5" } },
    { key: "r", weight: 40, actual: { formula: "IF(达标, 100, 0)" }, scoring: { type: "direct" } },
  ],
};

/** Every kind of cell, in the columns the scheme reads and in others. */
function messyPeople() {
  const cyclic = { a: 1 };
  cyclic.self = cyclic;
  return [
    { 工号: "E1", 销售额: 120, 目标: 100, 达标: true, 负责人: { name: "张三" } },
    { 工号: "E2", 销售额: "1.2万", 目标: "1万", 达标: "否" },
    { 工号: 3, 销售额: NaN, 目标: 100 },
    { 工号: "E4", 销售额: Infinity, 目标: -Infinity },
    { 工号: "E5", 销售额: null, 目标: "", 达标: undefined },
    { 工号: "E6", 销售额: 0.1 + 0.2, 目标: 1e21, 备注: { deep: [1, { x: NaN }] } },
    { 工号: "E7", 销售额: 5n, 目标: 10, 负责人: [{ name: "李四" }] },
    { 工号: "E8", 销售额: new Date(0), 目标: 10 },
    { 工号: "E9", 销售额: 1, 目标: 1, 备注: cyclic },
    null,
    [1, 2],
    42,
    { toJSON: () => ({ 工号: "T", 销售额: 1, 目标: 1 }) },
    Object.defineProperty({ 工号: "G" }, "销售额", { enumerable: true, get: () => { throw new Error("getter"); } }),
    Object.create({ inherited: 1 }),
    { 工号: "E16", 销售额: "12\u0000", 目标: "\"引号\"\\", 负责人: { name: "王\n五" } },
    { 工号: "E17", 销售额: -0, 目标: 5e-7, 达标: 1 },
  ];
}

test("object rows: every kind of cell and row gives exactly what JSON lines give", () => {
  const engine = new Engine(scheme);
  const people = messyPeople();
  for (const options of [{}, { explain: true, locale: "en" }]) {
    const want = byJsonLines(scheme, { people }, options);
    const got = engine.evaluate({ people }, options);
    assert.deepEqual(got, want);
    assert.equal(got.results.length, people.length);
  }
  // the rows only their own JSON.stringify reads exactly went whole
  const e = encodeInput({ people }, glue.EngineCore.prototype.columnsRead.call(new glue.EngineCore(JSON.stringify(scheme))));
  assert.deepEqual(JSON.parse(e.columns.layout).lines, [7, 8, 9, 10, 11, 12, 13, 14]);
  // and a plain table went with none
  const plain = encodeInput({ people: [goodRow("E1"), goodRow("E2")] }, ["工号", "销售额"]);
  assert.deepEqual(JSON.parse(plain.columns.layout).lines, []);
  assert.equal(plain.columns.texts, "E1\u0000E2\u0000120万\u0000120万");
});

test("columns: Float64Array and plain arrays, NaN, ±Infinity, null, undefined, \"\", nested, booleans", () => {
  const engine = new Engine(scheme);
  const people = messyPeople().filter((r) => r !== null && typeof r === "object" && !Array.isArray(r) && r.toJSON === undefined);
  const plainPeople = people.filter((r) => Object.getPrototypeOf(r) === Object.prototype && !("备注" in r) && Object.getOwnPropertyDescriptor(r, "销售额")?.get === undefined);
  const columns = columnsOf(plainPeople);
  const want = byJsonLines(scheme, { people: plainPeople }, { explain: true });
  assert.deepEqual(engine.evaluate({ columns }, { explain: true }), want);
  // a Float64Array column reads as the same numbers in an array
  const numbers = [120, 0.1 + 0.2, NaN, Infinity, -Infinity, -0, 1e21, 5e-7, 74.29];
  const rows = numbers.map((n, i) => ({ 工号: `E${i}`, 销售额: n, 目标: 100 }));
  const typed = { 工号: rows.map((r) => r.工号), 销售额: new Float64Array(numbers), 目标: new Float64Array(numbers.length).fill(100) };
  const out = engine.evaluate({ columns: typed }, { explain: true });
  assert.deepEqual(out, byJsonLines(scheme, { people: rows }, { explain: true }));
  assert.equal(out.results[2].errors[0].code, "INVALID_NUMBER");
  assert.equal(out.results[3].errors[0].value, "Infinity");
  // the id read from a number is its JS text, for any double
  const ids = new Float64Array(2000).map((_, i) => (i % 2 ? Math.random() * 10 ** ((i % 40) - 20) : i * 1.5e15 + 0.25 * i));
  const idOut = new Engine({ fields: { id: "id" }, indicators: [{ key: "q", weight: 100, actual: { value: 1 }, scoring: { type: "direct" } }] })
    .evaluate({ columns: { id: ids } }, { output: "totals" });
  idOut.results.forEach((r, i) => assert.equal(r.id, String(ids[i])));
});

test("columns: a column of another length is INVALID_INPUT naming it; bad shapes are errors", () => {
  const engine = new Engine(simpleScheme());
  const e = throwsJixiao(JixiaoError, () =>
    engine.evaluate({ columns: { 工号: ["E1", "E2"], 销售额: new Float64Array(3), 销售目标: [1, 2] } }, { locale: "en" }), "INVALID_INPUT");
  assert.equal(e.path, "columns/销售额");
  assert.equal(e.field, "销售额");
  assert.match(e.message, /"销售额" has 3 values where the others have 2/);
  assert.match(e.messages["zh-CN"], /销售额/);
  // a column the scheme does not read is checked too, never copied
  const unread = throwsJixiao(JixiaoError, () => engine.evaluate({ columns: { 工号: ["E1"], 备注: [] } }), "INVALID_INPUT");
  assert.equal(unread.path, "columns/备注");
  const encoded = encodeColumns({ 工号: ["E1"], 备注: ["x"] }, ["工号"]);
  assert.deepEqual(JSON.parse(encoded.layout).columns, [["工号", 1, 2], ["备注", 1, 0]]);
  assert.equal(encoded.texts, "E1");
  assert.equal(throwsJixiao(JixiaoError, () => engine.evaluate({ columns: { 工号: "E1" } }), "INVALID_INPUT").path, "columns/工号");
  assert.equal(throwsJixiao(JixiaoError, () => engine.evaluate({ columns: [] }), "INVALID_INPUT").path, "columns");
  assert.equal(throwsJixiao(JixiaoError, () => engine.evaluate({ columns: {}, people: [] }), "INVALID_INPUT").path, "people");
  assert.deepEqual(engine.evaluate({ columns: {} }).results, []);
});

test("columns: progress is reported as for rows", () => {
  const engine = new Engine(simpleScheme());
  const n = 5000;
  const columns = { 工号: Array.from({ length: n }, (_, i) => `E${i}`), 销售额: new Float64Array(n).fill(1), 销售目标: new Float64Array(n).fill(1) };
  const core = new glue.EngineCore(JSON.stringify(simpleScheme()));
  const e = encodeInput({ columns }, core.columnsRead());
  const seen = [];
  const c = e.columns;
  core.evaluateColumns(e.head, c.layout, c.numbers, c.kinds, c.texts, c.lines, "{}", (done, total) => { seen.push([done, total]); return true; });
  assert.deepEqual(seen, [[2048, n], [4096, n], [n, n]]);
  assert.throws(() => core.evaluateColumns(e.head, c.layout, c.numbers, c.kinds, c.texts, c.lines, "{}", () => false), /ABORTED/);
  core.free();
  assert.equal(engine.evaluate({ columns }).results.length, n);
});
