// Formulas from the package: value sources and conditions in a scheme, errors
// with positions, and hostile formulas that must give JixiaoErrors, never a trap.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Engine, JixiaoError, validateScheme } from "../../pkg/index.node.js";

const scheme = (formula, extra = {}) => ({
  fields: { id: "工号" },
  indicators: [{ key: "collection", name: "回款率", weight: 100, actual: { formula },
    target: { value: "0.9" }, scoring: { type: "linear", cap: "1.2" } }],
  ...extra,
});

test("[formulas] a formula reads columns, and a veto can be a formula", () => {
  const engine = new Engine(scheme("实际回款额 / 应收款总额", { vetoes: [{ key: "v", name: "违规", when: "OR(违规次数 > 0, 状态 = '泄密')" }] }));
  try {
    const out = engine.evaluate({ people: [
      { 工号: "E1", 实际回款额: "81万", 应收款总额: "90万" },
      { 工号: "E2", 实际回款额: 1, 应收款总额: 0 },
      { 工号: "E3", 实际回款额: "81万", 应收款总额: "90万", 状态: "泄密" },
    ] }, { explain: true });
    assert.equal(out.results[0].total, "100.00");
    assert.equal(out.results[1].ok, false);
    assert.equal(out.results[1].errors[0].code, "ZERO_DIVISOR");
    assert.equal(out.results[2].vetoed, true);
    assert.equal(out.results[0].explain.steps[0].inputs[0].field, "实际回款额 / 应收款总额");
  } finally {
    engine.free();
  }
});

test("[formulas] syntax errors carry the JSON pointer and the position", () => {
  const r = validateScheme(scheme("实际回款额 / (应收款总额"));
  assert.equal(r.ok, false);
  const issue = r.issues.find((i) => i.code === "FORMULA_SYNTAX");
  assert.ok(issue, JSON.stringify(r.issues));
  assert.equal(issue.path, "/indicators/0/actual/formula");
  assert.equal(typeof issue.position, "number");
  assert.throws(() => new Engine(scheme("1 +* 2")), (e) => e instanceof JixiaoError && e.code === "INVALID_SCHEME");
});

test("[formulas] hostile formulas are errors and the module keeps working", () => {
  const hostile = [
    "(".repeat(10000) + "1" + ")".repeat(10000),
    "1+".repeat(500000) + "1",
    "x".repeat(1 << 20),
    "'unterminated",
    "NOSUCH(1)",
    "1 < 2 < 3",
  ];
  for (const f of hostile) {
    const r = validateScheme(scheme(f));
    assert.equal(r.ok, false, f.slice(0, 20));
    assert.ok(r.issues.some((i) => /^(FORMULA_SYNTAX|TOO_LARGE|FORMULA_TYPE)$/.test(i.code)), `${f.slice(0, 20)}: ${JSON.stringify(r.issues).slice(0, 300)}`);
  }
  // errors found only when a row is evaluated fail that row
  const heavy = new Engine(scheme("POWER(实际回款额, 100000) + REPT"));
  try {
    const out = heavy.evaluate({ people: [{ 工号: "E1", 实际回款额: 2 }, { 工号: "E2", 实际回款额: "abc" }] });
    assert.equal(out.results[0].ok, false);
    assert.match(out.results[0].errors[0].code, /^(OVERFLOW|TOO_LARGE|FORMULA_TYPE)$/);
    assert.equal(out.results[1].ok, false);
  } finally {
    heavy.free();
  }
  // the deepest formulas the parser accepts evaluate without exhausting the wasm stack
  for (const depth of [30, 50, 62, 63, 64, 70]) {
    const f = "1+(".repeat(depth) + "实际回款额" + ")".repeat(depth);
    const r = validateScheme(scheme(f));
    if (!r.ok) {
      assert.ok(r.issues.every((i) => i.code === "TOO_LARGE"), JSON.stringify(r.issues).slice(0, 300));
      continue;
    }
    const deep = new Engine(scheme(f));
    try {
      const out = deep.evaluate({ people: [{ 工号: "E1", 实际回款额: 1 }] });
      assert.equal(Number(out.results[0].indicators[0].actual), depth + 1, `depth ${depth}`);
    } finally {
      deep.free();
    }
  }
  const engine = new Engine(scheme("ROUND(实际回款额 / 应收款总额, 2)"));
  try {
    assert.equal(engine.evaluate({ people: [{ 工号: "E1", 实际回款额: 9, 应收款总额: 10 }] }).results[0].total, "100.00");
  } finally {
    engine.free();
  }
});
