// engine.evaluatePeriods through the built package: monthly, quarterly and annual layers in
// one call, composites from periods and from categories, how rows are encoded (shared and
// per period, hostile rows), options, locales and errors.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Engine, JixiaoError } from "../../pkg/index.node.js";
import { encodePeriodsInput } from "../../pkg/api.js";
import { throwsJixiao } from "./helpers.mjs";

/** 业绩 60 / 行为 20 / 能力 20, one direct indicator each. */
function scheme() {
  return {
    fields: { id: "工号", name: "姓名", group: "团队" },
    categories: [
      { key: "performance", name: "业绩", weight: 60 },
      { key: "behavior", name: "行为", weight: 20 },
      { key: "ability", name: "能力", weight: 20 },
    ],
    indicators: [
      { key: "sales", name: "业绩分", category: "performance", weight: 60, actual: { field: "业绩" }, scoring: { type: "direct" } },
      { key: "conduct", name: "行为分", category: "behavior", weight: 20, actual: { field: "行为" }, scoring: { type: "direct" } },
      { key: "skill", name: "能力分", category: "ability", weight: 20, actual: { field: "能力" }, scoring: { type: "direct" } },
    ],
    vetoes: [{ key: "breach", name: "数据违规", when: { field: "违规", op: ">", value: 0 } }],
    grades: { type: "bands", bands: [{ grade: "A", min: 85 }, { grade: "B", min: 70 }, { grade: "C", min: 0 }] },
  };
}

const q = (id, 业绩, 行为 = 80, 能力 = 80, extra = {}) => ({ 工号: id, 姓名: `姓名${id}`, 团队: "华东", 业绩, 行为, 能力, ...extra });

test("quarters → annual: every period kept, the composite weighted, graded, ranked and explained", () => {
  const engine = new Engine(scheme());
  const out = engine.evaluatePeriods(
    {
      periods: [
        { period: "2025-Q1", people: [q("E1", 80), q("E2", 90)] },
        { period: "2025-Q2", people: [q("E1", 90), q("E2", 70)] },
        { period: "2025-Q3", people: [q("E1", 100), q("E2", 95)] },
        { period: "2025-Q4", people: [q("E2", 100), q("E1", 70)] },
      ],
      compose: { weights: { "2025-Q1": 20, "2025-Q2": 20, "2025-Q3": 30, "2025-Q4": 30 } },
    },
    { explain: true },
  );
  assert.deepEqual(out.periods.map((p) => p.period), ["2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4"]);
  // E1 Q1: 80 × 60% + 80 × 20% + 80 × 20% = 80.00
  assert.equal(out.periods[0].results[0].total, "80.00");
  const [e1, e2] = out.composite.results;
  // E1 periods 80, 86, 92, 74 → 16.00 + 17.20 + 27.60 + 22.20 = 83.00
  assert.equal(out.periods[1].results[0].total, "86.00");
  assert.equal(e1.total, "83.00");
  assert.deepEqual(e1.periods.map((p) => p.weighted), ["16.00", "17.20", "27.60", "22.20"]);
  assert.equal(e1.grade, "B");
  // E2 periods 86, 74, 89, 92 → 17.20 + 14.80 + 26.70 + 27.60 = 86.30
  assert.equal(e2.total, "86.30");
  assert.equal(e2.grade, "A");
  assert.equal(e2.rank, 1);
  assert.equal(e1.rank, 2);
  assert.equal(e1.periods[3].row, 1); // matched by 工号, whatever the row order
  assert.equal(out.composite.period, "2025");
  assert.equal(out.composite.summary.mean, "84.65");
  assert.equal(
    e1.explain.lines[4],
    "2025 年度 = 一季度 80.00 × 20% + 二季度 86.00 × 20% + 三季度 92.00 × 30% + 四季度 74.00 × 30% = 16.00 + 17.20 + 27.60 + 22.20 = 83.00",
  );
});

test("categories 业绩 60 / 行为 20 / 能力 20 from the calendar shorthand, numbers out", () => {
  const engine = new Engine(scheme(), { locale: "en" });
  const out = engine.evaluatePeriods(
    {
      people: [q("E1", 90, 70, 100)],
      periods: { year: 2025, by: "month" },
      compose: { from: "categories", weights: { performance: 60, behavior: 20, ability: 20 }, rows: { 年度得分: "total", 业绩: "categories.performance.score" } },
    },
    { decimals: "number", explain: true },
  );
  assert.equal(out.periods.length, 12);
  assert.equal(out.periods[11].period, "2025-12");
  const r = out.composite.results[0];
  assert.equal(r.total, 88); // 90 × 60% + 70 × 20% + 100 × 20%
  assert.deepEqual(r.categories.map((c) => [c.key, c.score, c.periods]), [["performance", 90, 12], ["behavior", 70, 12], ["ability", 100, 12]]);
  assert.deepEqual(out.composite.rows, [{ 年度得分: 88, 业绩: 90 }]);
  // category names as the scheme writes them; figures in the explanation keep their places
  assert.equal(r.explain.lines.at(-3), "2025 = 业绩 90.00 × 60% + 行为 70.00 × 20% + 能力 100.00 × 20% = 54.00 + 14.00 + 20.00 = 88.00");
  assert.equal(r.explain.lines.at(-1), "rank: 1 of 1 (top 100.00%)");
});

test("a bad row stops nothing; a veto in any period vetoes the composite", () => {
  const engine = new Engine(scheme());
  const cyclic = { 工号: "E3" };
  cyclic.self = cyclic;
  const out = engine.evaluatePeriods({
    people: [q("E1", 90), q("E2", 80), q("E3", 75)],
    periods: ["2025-01", { period: "2025-02", people: [q("E1", 90, 80, 80, { 违规: 1 }), q("E2", NaN), cyclic] }, "2025-03"],
    compose: {},
  });
  assert.equal(out.periods[1].results[1].errors[0].code, "INVALID_NUMBER");
  assert.equal(out.periods[1].results[2].errors[0].code, "INVALID_ROW");
  assert.equal(out.periods[2].results[1].total, "80.00");
  const byId = Object.fromEntries(out.composite.results.map((r) => [r.id, r]));
  assert.equal(byId.E1.vetoed, true);
  assert.equal(byId.E1.total, "0.00");
  assert.equal(byId.E1.veto.period, "2025-02");
  assert.equal(byId.E2.ok, false);
  assert.equal(byId.E2.errors[0].path, "periods/1/rows/1/业绩");
  // the cyclic row has no readable id: its own failed composite
  assert.equal(out.composite.results.at(-1).errors[0].path, "periods/1/rows/2");
  assert.equal(byId.E3.total, "77.00"); // January and March (its February row is unreadable)
});

test("errors: structured, with periods/N paths, in the chosen locale", () => {
  const engine = new Engine(scheme());
  let e = throwsJixiao(JixiaoError, () => engine.evaluatePeriods({ periods: ["2025-Q1", "2025-Q9"] }, { locale: "en" }), "INVALID_DATE");
  assert.equal(e.path, "periods/1");
  assert.match(e.message, /^cannot read the period "2025-Q9"/);
  assert.match(e.messages["zh-TW"], /無法識別的期間/);
  e = throwsJixiao(JixiaoError, () => engine.evaluatePeriods({ periods: ["2025-01", "2025-Q1"], compose: {} }), "INVALID_SETTING");
  assert.equal(e.path, "compose/periods");
  e = throwsJixiao(JixiaoError, () => engine.evaluatePeriods({ periods: ["2025"], compose: { from: "categories", weights: { performance: 60 } } }), "WEIGHTS_SUM");
  assert.equal(e.path, "compose/weights");
  throwsJixiao(JixiaoError, () => engine.evaluatePeriods({ periods: [{ period: "2025", people: 5 }] }), "INVALID_INPUT");
  throwsJixiao(JixiaoError, () => engine.evaluatePeriods(null), "INVALID_INPUT");
  throwsJixiao(JixiaoError, () => engine.evaluatePeriods([]), "INVALID_INPUT");
  throwsJixiao(JixiaoError, () => engine.evaluatePeriods({ periods: ["2025"] }, []), "INVALID_INPUT");
  const big = { periods: ["2025"], tables: { n: 10n ** 30n } };
  assert.equal(engine.evaluatePeriods(big).periods.length, 1); // BigInt goes as its digits
  const cyclic = {};
  cyclic.self = cyclic;
  throwsJixiao(JixiaoError, () => engine.evaluatePeriods({ periods: ["2025"], tables: cyclic }), "INVALID_INPUT");
  engine.free();
  throwsJixiao(JixiaoError, () => engine.evaluatePeriods({ periods: ["2025"] }), "NOT_INITIALIZED");
});

test("the engine's locale is evaluatePeriods' default locale", () => {
  const engine = new Engine(scheme(), { locale: "zh-TW" });
  const out = engine.evaluatePeriods({ people: [q("E1", 90)], periods: ["2025-Q1", "2025-Q2"], compose: {} }, { explain: true });
  assert.equal(out.composite.results[0].explain.lines[0], "第一季：86.00 × 權重 50% → 43.00 分");
  const en = engine.evaluatePeriods({ people: [q("E1", 90)], periods: ["2025-Q1", "2025-Q2"], compose: {} }, { explain: true, locale: "en" });
  assert.equal(en.composite.results[0].explain.lines[0], "Q1: 86.00 × weight 50% → 43.00");
});

test("encodePeriodsInput: shared rows, then one block per period with its own people", () => {
  const enc = encodePeriodsInput({
    people: [{ a: 1 }, { b: Infinity }],
    periods: ["2025-Q1", { period: "2025-Q2", people: [{ c: "x\u001ey" }] }, { period: "2025-Q3", people: [] }, { period: "2025-Q4", people: "no" }],
    compose: { weights: { "2025-Q1": 1n } },
  });
  assert.equal(
    enc.head,
    '{"compose":{"weights":{"2025-Q1":"1"}},"periods":["2025-Q1",{"period":"2025-Q2","people":{"\\u0000rows":1}},{"period":"2025-Q3","people":{"\\u0000rows":2}},{"period":"2025-Q4","people":"no"}]}',
  );
  assert.equal(enc.rows, '{"a":1}\n{"b":{"\\u0000nonfinite":"Infinity"}}\u001e{"c":"x\\u001ey"}\u001e');
  assert.ok(!enc.rows.split("\u001e")[1].includes("\u001e"));
  assert.deepEqual(encodePeriodsInput({ periods: ["2025"] }), { head: '{"periods":["2025"]}', rows: "" });
  assert.deepEqual(encodePeriodsInput({ people: 5, periods: "x" }), { head: '{"people":5,"periods":"x"}', rows: "" });
  assert.deepEqual(encodePeriodsInput(null), { head: "null", rows: "" });
  assert.deepEqual(encodePeriodsInput(undefined), { head: "null", rows: "" });
});
