// Strict schemes through the package: bad schemes with their code and path, option errors
// that name the option, tiers chosen by another figure, COLUMN_NOT_FOUND. Every thrown
// error has a code, a path and messages in three locales.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Engine, JixiaoError, validateScheme, commission, commissionDetail, templates, indicators, decompose } from "../../pkg/index.node.js";
import { assertJixiaoError, simpleScheme, goodRow } from "./helpers.mjs";

const withScheme = (patch) => ({ ...simpleScheme(), ...patch });
const firstIndicator = (patch) => {
  const s = simpleScheme();
  s.indicators = [{ ...s.indicators[0], ...patch }];
  return s;
};

test("bad schemes are refused with their code and path", () => {
  const cases = [
    [withScheme({ colour: 1 }), "UNKNOWN_KEY", "/colour"],
    [withScheme({ incentives: { stars: [] } }), "UNKNOWN_KEY", "/incentives/stars"],
    [firstIndicator({ scoring: { type: "linear", flor: "0.6" } }), "INVALID_TYPE", "/indicators/0/scoring/flor"],
    [firstIndicator({ scoring: { type: "linear", floor: "abc" } }), "INVALID_TYPE", "/indicators/0/scoring/floor"],
    [firstIndicator({ weightRange: ["40", "60"] }), "WEIGHT_RANGE", "/indicators/0/weight"],
    [
      withScheme({ incentives: { commission: { base: { field: "销售额" }, on: { field: "利润率" }, tiers: [{ from: 0, rate: "1%" }] } } }),
      "INVALID_SETTING",
      "/incentives/commission/on",
    ],
    [
      withScheme({ grades: { type: "bands", bands: [{ grade: "A", min: "x" }] } }),
      "INVALID_TYPE",
      "/grades/bands/0/min",
    ],
  ];
  for (const [scheme, code, path] of cases) {
    const report = validateScheme(scheme, { locale: "en" });
    assert.equal(report.ok, false, `${code} ${path}`);
    const hit = report.issues.find((i) => i.code === code && i.path === path);
    assert.ok(hit, `no ${code} at ${path}: ${JSON.stringify(report.issues.map((i) => [i.code, i.path]))}`);
    let thrown;
    try {
      new Engine(scheme);
    } catch (e) {
      thrown = e;
    }
    assertJixiaoError(JixiaoError, thrown, "INVALID_SCHEME");
    assert.ok(thrown.issues.some((i) => i.code === code && i.path === path));
  }
});

/** Calls `fn`, which must throw; returns the error. */
function thrown(fn) {
  try {
    fn();
  } catch (e) {
    return e;
  }
  assert.fail("nothing was thrown");
}

test("every thrown error has a code, a path and messages in three locales; options are named", () => {
  const engine = new Engine(simpleScheme());
  const plan = { mode: "whole", on: { field: "利润率" }, tiers: [{ from: 0, rate: "1%" }, { from: "0.2", rate: "3%" }] };
  // [what, call, code, path (null: any)]
  const calls = [
    ["evaluate output", () => engine.evaluate({ people: [goodRow()] }, { output: "everything" }), "INVALID_INPUT", "options/output"],
    ["evaluate explain", () => engine.evaluate({ people: [goodRow()] }, { explain: 3 }), "INVALID_INPUT", "options/explain"],
    ["evaluate locale", () => engine.evaluate({ people: [goodRow()] }, { locale: "fr" }), "INVALID_INPUT", "options/locale"],
    ["templates locale", () => templates({ locale: 7 }), "INVALID_INPUT", "options/locale"],
    ["indicators locale", () => indicators({ locale: 7 }), "INVALID_INPUT", "options/locale"],
    ["a bad scheme", () => new Engine({ indicators: "x" }), "INVALID_SCHEME", ""],
    ["commission bad on", () => commission({ ...plan, on: "profit" }, 1), "INVALID_INPUT", "/plan/on"],
    ["commission without the figure", () => commission(plan, 1), "MISSING_VALUE", "/figure"],
    ["commission marginal on a figure", () => commission({ ...plan, mode: "marginal" }, 1, null, { figure: 1 }), "INVALID_SETTING", "/plan/on"],
    ["commission bad base", () => commission(plan, "abc", null, { figure: 1 }), null, null],
    ["decompose", () => decompose({ total: "x" }), null, null],
  ];
  for (const [what, call, code, path] of calls) {
    const e = thrown(call);
    assertJixiaoError(JixiaoError, e, code ?? undefined);
    if (path !== null) assert.equal(e.path, path, what);
    for (const l of ["zh-CN", "zh-TW", "en"]) {
      assert.ok(e.messages[l].length > 0, `${what}: messages[${l}]`);
      assert.doesNotMatch(e.messages[l], /line \d+ column \d+/, `${what}: a parser position leaks`);
    }
  }
});

test("tiers chosen by another figure: standalone and in a scheme", () => {
  const plan = {
    mode: "whole",
    on: { field: "利润率" },
    tiers: [{ from: 0, rate: "1%" }, { from: "0.2", rate: "3%", label: "中利润" }, { from: "0.3", rate: "5%" }],
  };
  // 200 000 at a 25 % margin: the 20–30 % tier, 3 % → 6 000.00
  assert.equal(commission(plan, "200000", null, { figure: "0.25" }), "6000.00");
  assert.equal(commission(plan, "200000", null, { figure: "0.35", decimals: "number" }), 10000);
  const d = commissionDetail(plan, "200000", null, { figure: "0.25", locale: "en" });
  assert.deepEqual([d.tier, d.figure, d.on], [1, "0.25", { field: "利润率" }]);
  assert.match(d.explain.lines.join(" "), /利润率/);
  // a scheme reads the figure from the row
  const scheme = withScheme({ incentives: { commission: { key: "m", base: { field: "销售额" }, ...plan } } });
  const out = new Engine(scheme).evaluate({ people: [{ ...goodRow(), 利润率: "0.1" }] });
  const line = out.results[0].incentives[0];
  assert.equal(line.amount, "12000.00"); // 120万 × 1 %
});

test("a column no row has is a COLUMN_NOT_FOUND warning", () => {
  const scheme = withScheme({ ranking: { by: "年限" } });
  const out = new Engine(scheme).evaluate({ people: [goodRow("E1"), goodRow("E2")] });
  const w = out.warnings.find((x) => x.code === "COLUMN_NOT_FOUND");
  assert.ok(w, JSON.stringify(out.warnings));
  assert.deepEqual([w.path, w.field, w.severity], ["/ranking/by", "年限", "warning"]);
});
