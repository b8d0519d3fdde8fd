// Value sources through the package (DESIGN.md, "Team figures", "Value ranges and strict
// sources", "Weights, roles and versions"): a team figure in every output mode, a range,
// a rated source's own weights, an inactive indicator, and strict sources in validateScheme.
// Expected figures are worked out by hand in the comments.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Engine, validateScheme } from "../../pkg/index.node.js";

const teamScheme = {
  fields: { id: "工号", group: "团队" },
  indicators: [
    { key: "revenue", name: "销售额", weight: 70, actual: { field: "销售额" }, target: { field: "销售目标" },
      scoring: { type: "linear", cap: "1.5" } },
    { key: "team", weight: 30, actual: { group: "revenue", op: "achievement" }, target: { value: 1 },
      scoring: { type: "linear", cap: "1.5" } },
  ],
};
const teamPeople = [
  { 工号: "E1", 团队: "华东", 销售额: "120万", 销售目标: "100万" },
  { 工号: "E2", 团队: "华东", 销售额: 800000, 销售目标: 1000000 },
  { 工号: "E3", 团队: "华东", 销售额: "待补充", 销售目标: 1000000 },
  { 工号: "E4", 团队: "华南", 销售额: "50万", 销售目标: "100万" },
];

test("[sources] a team achievement weighs into each member's score, the same in every output mode", () => {
  const engine = new Engine(teamScheme);
  try {
    // 华东: E3 fails and is left out: (120万 + 80万) ÷ (100万 + 100万) = 1 → 100;
    // E1 = 120 × 0.7 + 100 × 0.3 = 114, E2 = 80 × 0.7 + 30 = 86; 华南 0.5: E4 = 35 + 15 = 50
    const expected = ["114.00", "86.00", null, "50.00"];
    const full = engine.evaluate({ people: teamPeople }, { explain: true });
    assert.deepEqual(full.results.map((r) => r.total), expected);
    assert.equal(full.results[2].errors[0].code, "INVALID_NUMBER");
    const first = full.results[0].explain.steps[0];
    assert.equal(first.kind, "team");
    assert.match(first.text, /计入 2 人，未计入 1 人.*E3/);
    for (const output of ["scores", "totals"]) {
      const lean = engine.evaluate({ people: teamPeople }, { output });
      assert.deepEqual(lean.results.map((r) => r.total ?? null), expected, output);
    }
    // by columns too
    const columns = Object.fromEntries(Object.keys(teamPeople[0]).map((k) => [k, teamPeople.map((p) => p[k])]));
    assert.deepEqual(engine.evaluate({ columns }).results.map((r) => r.total), expected);
  } finally {
    engine.free();
  }
});

test("[sources] a range, a rated source's own weights, an inactive indicator", () => {
  const engine = new Engine({
    fields: { id: "工号", role: "岗位" },
    raters: { self: 10, manager: 50, customer: 30, peer: 10 },
    indicators: [
      { key: "service", weight: 60, scoring: { type: "direct" },
        actual: { raters: { manager: "上级", customer: "客户" }, weights: { manager: 60, customer: 40 }, range: [0, 100] } },
      { key: "visits", weight: 40, scoring: { type: "direct" }, actual: { formula: "完成 / 计划 * 100" } },
    ],
    roles: { 电话销售: { weights: { service: 100, visits: 0 } } },
  });
  try {
    const out = engine.evaluate({ people: [
      { 工号: "E1", 岗位: "外勤", 上级: 80, 客户: 90, 完成: 9, 计划: 10 },   // (48 + 36) × 0.6 + 90 × 0.4 = 50.4 + 36
      { 工号: "E2", 岗位: "电话销售", 上级: 80, 客户: 90 },                  // visits inactive: 84 × 1
      { 工号: "E3", 岗位: "电话销售", 上级: 120, 客户: 90 },                 // (72 + 36) = 108 > 100
    ] });
    assert.equal(out.results[0].total, "86.40");
    assert.equal(out.results[1].total, "84.00");
    assert.equal(out.results[1].indicators[1].status, "inactive");
    assert.equal(out.results[1].indicators[1].score, null);
    assert.equal(out.results[2].ok, false);
    assert.equal(out.results[2].errors[0].code, "OUT_OF_RANGE");
    assert.match(out.results[2].errors[0].value, /^108(\.0+)?$/);
  } finally {
    engine.free();
  }
});

test("[sources] unknown keys in a value source are errors at their path", () => {
  const report = validateScheme({
    indicators: [{ key: "a", weight: 100, actual: { field: "x", scope: "group" }, scoring: { type: "direct" } }],
  }, { locale: "en" });
  assert.equal(report.ok, false);
  assert.deepEqual(report.issues.map((i) => i.path), ["/indicators/0/actual/scope"]);
  assert.match(report.issues[0].messages.en, /team figure/);
  assert.throws(() => new Engine({ fields: { id: "i" }, indicators: [{ key: "a", weight: 100,
    actual: { field: "x", value: 1 }, scoring: { type: "direct" } }] }), (e) => e.code === "INVALID_SCHEME");
});
