// Incentives from the package: the scheme's incentives through Engine.evaluate,
// and the standalone commission / allocate functions, their errors and explanations.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  Engine,
  JixiaoError,
  allocate,
  allocateDetail,
  commission,
  commissionDetail,
  validateScheme,
} from "../../pkg/index.node.js";

const TIERS = [
  { from: 0, rate: "0.02" },
  { from: 500000, rate: "0.03" },
  { from: 1000000, rate: "0.05" },
];

const fen = (s) => BigInt(s.replace(".", ""));

const scheme = {
  locale: "zh-CN",
  fields: { id: "工号", group: "团队", role: "岗位" },
  indicators: [
    {
      key: "revenue", name: "销售额", weight: 100,
      actual: { field: "销售额" }, target: { field: "目标" },
      scoring: { type: "linear", cap: "1.2" },
    },
  ],
  vetoes: [{ key: "v", name: "数据违规", when: { field: "违规", op: ">", value: 0 } }],
  grades: { type: "bands", bands: [{ grade: "S", min: 100 }, { grade: "A", min: 90 }, { grade: "B", min: 70 }, { grade: "C", min: 0 }] },
  incentives: {
    commission: { key: "own", name: "个人提成", base: { field: "回款额" }, tiers: TIERS,
      gate: { field: "回款率", op: ">=", value: "0.6" } },
    bonus: { base: { field: "奖金基数" }, coefficients: { S: "1.5", A: "1.2", B: "1", C: "0.5" } },
    pool: { amount: { value: "100000" }, weight: "score",
      when: { indicator: "revenue", of: "achievement", op: ">=", value: 1 } },
    awards: [{ key: "star", name: "销售之星", top: 1, prize: "5000" }],
  },
};

const people = [
  { 工号: "E1", 团队: "华东", 销售额: "125万", 目标: "100万", 回款额: 1250000, 回款率: "80%", 奖金基数: 10000 },
  { 工号: "E2", 团队: "华东", 销售额: 800000, 目标: 1000000, 回款额: 800000, 回款率: "50%", 奖金基数: 10000 },
  { 工号: "E3", 团队: "华南", 销售额: 400000, 目标: 1000000, 回款额: 400000, 回款率: "90%", 奖金基数: 8000 },
  { 工号: "E4", 团队: "华南", 销售额: 999999, 目标: 1000000, 回款额: 999999, 违规: 1, 奖金基数: 8000 },
];

test("[incentives] evaluate pays commission, bonus, pool and award lines with a summary", () => {
  const engine = new Engine(scheme);
  try {
    const out = engine.evaluate({ people }, { explain: true });
    const by = (i, key) => out.results[i].incentives.find((l) => l.key === key);
    assert.equal(by(0, "own").amount, "37500.00");
    assert.equal(by(0, "own").slices.length, 3);
    assert.equal(by(1, "own").status, "gate_failed");
    assert.match(by(1, "own").text, /回款率 0\.5（需 ≥ 0\.6）/);
    assert.equal(by(0, "bonus").amount, "15000.00"); // S × 1.5
    assert.equal(by(1, "bonus").amount, "10000.00"); // B × 1
    // 华东 reaches Σ 2,050,000 / 2,000,000: the pool is split 120 : 80
    assert.deepEqual([by(0, "pool").amount, by(1, "pool").amount], ["60000.00", "40000.00"]);
    // 华南 misses (1,399,999 / 2,000,000)
    assert.equal(by(2, "pool").status, "condition_failed");
    assert.equal(by(3, "own").status, "vetoed");
    assert.equal(by(0, "star").amount, "5000.00");
    assert.equal(out.results[0].payout, "117500.00");
    assert.equal(out.summary.payouts.pool, "100000.00");
    const total = out.results.reduce((s, r) => s + fen(r.payout), 0n);
    assert.equal(fen(out.summary.payout), total);
    assert.ok(out.results[0].explain.steps.some((s) => s.kind === "incentive" && s.key === "own"));
  } finally {
    engine.free();
  }
});

test("[incentives] decimals: number and write-back columns carry payouts", () => {
  const engine = new Engine(scheme);
  try {
    const out = engine.evaluate(
      { people },
      { decimals: "number", locale: "en", rows: { 工号: "id", 提成: "incentives.own", 应发合计: "payout" } },
    );
    assert.equal(out.results[0].incentives[0].amount, 37500);
    assert.deepEqual(out.rows[0], { 工号: "E1", 提成: 37500, 应发合计: 117500 });
    assert.match(out.results[1].incentives[0].text, /gate not met/);
  } finally {
    engine.free();
  }
});

test("[incentives] commission(plan, base, target?) returns the amount at money places", () => {
  assert.equal(commission({ tiers: TIERS, mode: "marginal" }, "125万"), "37500.00");
  assert.equal(commission({ tiers: TIERS, mode: "whole" }, 1250000), "62500.00");
  assert.equal(commission({ tiers: TIERS }, "1,250,000", undefined, { decimals: "number" }), 37500);
  const acc = { on: "achievement", tiers: [{ from: 0, rate: "0.01" }, { from: "0.8", rate: "0.02" }, { from: "1", rate: "0.03" }, { from: "1.2", rate: "0.04" }] };
  assert.equal(commission(acc, 1300000, 1000000), "22000.00");
  assert.equal(commission({ tiers: TIERS, cap: "30000" }, 1250000), "30000.00");
  // a YTD true-up: commission on the year to date minus what was paid; negative is a clawback
  assert.equal(commission({ tiers: TIERS }, 400000, undefined, { paid: "10000" }), "-2000.00");
});

test("[incentives] commissionDetail explains slice by slice in three locales", () => {
  const d = commissionDetail({ tiers: TIERS }, 1250000);
  assert.equal(d.amount, "37500.00");
  assert.equal(d.slices.length, 3);
  assert.match(d.explain.lines.join("\n"), /500,000–1,000,000 × 3% = 15,000\.00/);
  const en = commissionDetail({ tiers: TIERS }, 1250000, undefined, { locale: "en" });
  const tw = commissionDetail({ tiers: TIERS }, 1250000, undefined, { locale: "zh-TW" });
  assert.notEqual(en.explain.lines.join(), tw.explain.lines.join());
  // a whole-mode plan warns about its cliffs
  const w = commissionDetail({ tiers: TIERS, mode: "whole" }, 1);
  assert.ok(w.warnings.some((x) => x.code === "TIER_CLIFF"), JSON.stringify(w.warnings));
});

test("[incentives] allocate splits to the fen, re-spreads caps and always sums to the amount", () => {
  assert.deepEqual(allocate("100.00", ["1", "1", "1"]), ["33.34", "33.33", "33.33"]);
  assert.deepEqual(allocate(100, [1, 1, 1], { unit: "1" }), ["34", "33", "33"]);
  assert.deepEqual(allocate("100000.00", ["105.92", "72.76", "43.75"], { caps: ["40000", null, null] }), [
    "40000.00",
    "37469.75",
    "22530.25",
  ]);
  assert.deepEqual(allocate("10.00", [1, 3], { decimals: "number" }), [2.5, 7.5]);
  const d = allocateDetail("100.00", [1, 1], { caps: ["10", "10"] });
  assert.deepEqual(d.parts, ["10.00", "10.00"]);
  assert.equal(d.unallocated, "80.00");
  assert.ok(d.explain.lines.length > 0);
});

test("[incentives] bad input is a JixiaoError with a code and a JSON pointer", () => {
  const cases = [
    [() => commission({ tiers: [{ from: 0, rate: "0.02" }, { from: 0, rate: "0.03" }] }, 1), "ORDER", "/plan/tiers/1/from"],
    [() => commission({ tiers: TIERS }, "abc"), null, "/base"],
    [() => commission({ on: "achievement", tiers: TIERS }, 1), null, null],
    [() => allocate("100", [1, -1]), null, "/weights/1"],
    [() => allocate("100", [0, 0]), null, null],
    [() => allocate("100", [1, 1], { caps: ["1"] }), null, "/caps"],
    [() => allocate(NaN, [1]), null, "/amount"],
  ];
  for (const [fn, code, path] of cases) {
    assert.throws(fn, (e) => {
      assert.ok(e instanceof JixiaoError, String(e));
      assert.equal(typeof e.code, "string");
      if (code) assert.equal(e.code, code, e.message);
      if (path) assert.equal(e.path, path, e.message);
      assert.ok(e.messages["zh-CN"] && e.messages["zh-TW"] && e.messages.en);
      return true;
    });
  }
});

test("[incentives] validateScheme reports plan checks: order errors, decreasing rates and cliffs as warnings", () => {
  const r = validateScheme({
    ...scheme,
    incentives: {
      commission: [
        { key: "a", base: { field: "x" }, mode: "whole",
          tiers: [{ from: 0, rate: "0.03" }, { from: 500000, rate: "0.02" }, { from: 1000000, rate: "0.05" }] },
        { key: "b", base: { field: "x" }, tiers: [{ from: 10, rate: "0.01" }, { from: 5, rate: "0.02" }] },
      ],
    },
  });
  assert.equal(r.ok, false);
  const find = (code) => r.issues.filter((i) => i.code === code);
  assert.ok(find("ORDER").some((i) => i.path === "/incentives/commission/1/tiers/1/from"), JSON.stringify(r.issues));
  assert.ok(find("DECREASING_RATE").every((i) => i.severity === "warning") && find("DECREASING_RATE").length > 0);
  assert.ok(find("TIER_CLIFF").length > 0);
});
