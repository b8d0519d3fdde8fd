// Dates in formulas through the built package: the seed rule "research started at least
// 3 months before renewal", NETWORKDAYS with the scheme's calendar, TODAY() = asOf,
// PERIOD_START() without a period, and a formula's row error at its JSON pointer with
// the row and the position. Expected day counts were computed with Python's datetime.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Engine, JixiaoError, validateScheme } from "../../pkg/index.node.js";

const scheme = {
  fields: { id: "工号" },
  calendar: {
    holidays: ["2025-10-01", "2025-10-02", "2025-10-03", "2025-10-06", "2025-10-07", "2025-10-08"],
    workdays: ["2025-09-28", "2025-10-11"],
  },
  indicators: [
    { key: "research", name: "续约前调研", weight: 50,
      scoring: { type: "pass_fail", pass: 'DATEDIF(调研开始日期, 续约日期, "M") >= 3' } },
    { key: "days", name: "出勤工作日", weight: 50,
      actual: { formula: "NETWORKDAYS(到岗日期, TODAY())" },
      target: { formula: "NETWORKDAYS(PERIOD_START(), PERIOD_END())" },
      scoring: { type: "linear", cap: "1" } },
  ],
};

test("[dates] DATEDIF, NETWORKDAYS with the scheme's calendar, TODAY() = asOf", () => {
  const engine = new Engine(scheme);
  try {
    const out = engine.evaluate({
      period: "2025-10",
      asOf: "2025-10-31",
      people: [
        // 2025-06-10 → 09-10: 3 whole months; Feishu-style epoch ms for 2025-10-20 (+08:00)
        { 工号: "E1", 调研开始日期: "2025/6/10", 续约日期: "2025年9月10日", 到岗日期: 1760889600000 },
        { 工号: "E2", 调研开始日期: "2025-06-11", 续约日期: "2025-09-10", 到岗日期: "2025-10-01" },
        { 工号: "E3", 调研开始日期: "上个月", 续约日期: "2025-09-10", 到岗日期: "2025-10-01" },
      ],
    });
    const [e1, e2, e3] = out.results;
    assert.equal(e1.indicators[0].score, "100.00");
    assert.equal(e2.indicators[0].score, "0.00");
    // python: October 2025 Mon–Fri (23) less 6 days off plus 10-11 worked = 18;
    // 10-20 (Mon) to 10-31 (Fri): two plain weeks = 10
    assert.equal(e2.indicators[1].target, "18");
    assert.equal(e2.indicators[1].actual, "18");
    assert.equal(e1.indicators[1].actual, "10");
    assert.equal(e3.ok, false);
    const err = e3.errors[0];
    assert.equal(err.code, "INVALID_DATE");
    assert.equal(err.path, "/indicators/0/scoring/pass");
    assert.equal(err.row, 2);
    assert.equal(err.position, 0);
    assert.equal(err.field, 'DATEDIF(调研开始日期, 续约日期, "M") >= 3');
  } finally {
    engine.free();
  }
});

test("[dates] no period: PERIOD_START() fails the row; a bad asOf or calendar date is refused", () => {
  const engine = new Engine(scheme);
  try {
    const out = engine.evaluate({ people: [{ 工号: "E1", 调研开始日期: "2025-06-10", 续约日期: "2025-09-10", 到岗日期: "2025-10-01" }] });
    const codes = out.results[0].errors.map((e) => `${e.code} ${e.path}`);
    assert.ok(codes.includes("MISSING_SETTING /indicators/1/actual/formula"), codes.join("; "));
    assert.throws(
      () => engine.evaluate({ period: "2025-10", asOf: "下周一", people: [] }),
      (e) => e instanceof JixiaoError && e.code === "INVALID_DATE" && e.path === "asOf",
    );
  } finally {
    engine.free();
  }
  const r = validateScheme({ ...scheme, calendar: { holidays: ["2025-02-30"] } });
  assert.equal(r.ok, false);
  assert.ok(r.issues.some((i) => i.code === "INVALID_DATE" && i.path === "/calendar/holidays/0"), JSON.stringify(r.issues));
});
