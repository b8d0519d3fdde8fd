// The indicator library and the scheme templates through the built package.
import { test } from "node:test";
import assert from "node:assert/strict";
import "./helpers.mjs";
import { Engine, JixiaoError, indicators, template, templates, validateScheme } from "../../pkg/index.node.js";

const LOCALES = ["zh-CN", "zh-TW", "en"];
const KEYS = [
  "general_sales_rep",
  "three_dimension_2024",
  "key_account",
  "fmcg",
  "new_market",
  "sales_manager",
  "balanced_scorecard",
  "kpi_okr",
];

test("templates() lists the eight models, in order", () => {
  assert.deepEqual(
    templates().map((t) => t.key),
    KEYS,
  );
});

test("every template evaluates its sample data with explanations, in every locale", () => {
  for (const locale of LOCALES) {
    for (const t of templates({ locale })) {
      assert.equal(t.scheme.locale, locale, `${t.key} scheme locale`);
      assert.ok(t.name.length > 0 && t.description.length > 0, `${t.key} name and description`);
      const report = validateScheme(t.scheme);
      assert.equal(report.ok, true, `${t.key}: ${JSON.stringify(report.issues)}`);
      assert.deepEqual(report.issues, [], `${t.key} has no warnings`);
      const out = new Engine(t.scheme).evaluate(t.sample, { explain: true });
      const people = t.sample.people;
      assert.ok(people.length >= 6 && people.length <= 12, `${t.key}: ${people.length} people`);
      assert.equal(out.results.length, people.length);
      for (const r of out.results) {
        const failing = t.cases.failed.includes(r.id);
        assert.equal(r.ok, !failing, `${t.key} ${r.id} ok`);
        if (failing) {
          assert.ok(r.errors.length > 0, `${t.key} ${r.id} says why`);
          continue;
        }
        assert.equal(r.vetoed, t.cases.vetoed.includes(r.id), `${t.key} ${r.id} vetoed`);
        assert.match(r.total, /^-?\d+\.\d{2}$/);
        assert.ok(r.grade, `${t.key} ${r.id} graded`);
        assert.ok(r.explain && r.explain.lines.length > 0, `${t.key} ${r.id} explained`);
        for (const ind of r.indicators) assert.ok(ind.name, `${t.key} ${ind.key} has a name`);
      }
      assert.ok(t.cases.vetoed.length > 0, `${t.key} has a vetoed person`);
      assert.ok(t.cases.over.length > 0, `${t.key} has an over-achiever`);
    }
  }
});

test("display names follow the locale; the data's column names stay Chinese", () => {
  const cn = template("three_dimension_2024", { locale: "zh-CN" });
  const tw = template("three_dimension_2024", { locale: "zh-TW" });
  const en = template("three_dimension_2024", { locale: "en" });
  assert.equal(cn.scheme.categories[0].name, "业绩");
  assert.equal(tw.scheme.categories[1].name, "行為");
  assert.equal(en.scheme.categories[2].name, "Capability");
  assert.equal(en.scheme.vetoes[0].name, "Customer data security breach");
  assert.deepEqual(en.names, { "zh-CN": cn.name, "zh-TW": tw.name, en: en.name });
  assert.deepEqual(en.sample, cn.sample);
  assert.equal(en.scheme.fields.id, "员工编号");
  // a library indicator takes its name in the scheme's locale
  const out = new Engine(en.scheme).evaluate(en.sample, { explain: true });
  const collection = out.results[0].indicators.find((i) => i.key === "collection_rate");
  assert.equal(collection.name, "Collection rate");
  const vetoed = out.results.find((r) => r.vetoed);
  assert.equal(vetoed.veto.name, "Customer data security breach");
});

test("template(key) gives one template; an unknown key is UNKNOWN_KEY", () => {
  assert.equal(template("fmcg").key, "fmcg");
  assert.throws(
    () => template("no_such_template", { locale: "en" }),
    (e) => e instanceof JixiaoError && e.code === "UNKNOWN_KEY" && /no scheme template/.test(e.message),
  );
});

test("indicators() lists the library with formulas, columns, units, directions and texts", () => {
  const lib = indicators({ locale: "en" });
  assert.ok(lib.length >= 20);
  const byKey = Object.fromEntries(lib.map((e) => [e.key, e]));
  for (const key of [
    "collection_rate", "clv", "referral_rate", "solution_fit", "contract_approval_rate",
    "sales_expense_ratio", "gross_margin", "team_turnover_rate", "forecast_accuracy",
    "sales_achievement", "new_customers", "average_order_value", "visit_completion_rate",
    "opportunity_conversion_rate", "on_time_collection_rate",
  ]) {
    assert.ok(byKey[key], `library has ${key}`);
  }
  assert.equal(byKey.collection_rate.formula, "实际回款额 / 应收款总额");
  assert.deepEqual(byKey.collection_rate.columns, ["实际回款额", "应收款总额"]);
  assert.equal(byKey.sales_expense_ratio.direction, "lower_better");
  assert.equal(byKey.team_turnover_rate.direction, "lower_better");
  assert.equal(byKey.clv.unit, "money");
  for (const e of lib) {
    assert.ok(e.text.length > 0 && e.name.length > 0, e.key);
    for (const l of LOCALES) assert.ok(e.names[l] && e.texts[l], `${e.key} ${l}`);
  }
  assert.equal(indicators({ locale: "zh-TW" }).find((e) => e.key === "bad_debt_ratio").name, "壞帳率");
  assert.equal(indicators().find((e) => e.key === "bad_debt_ratio").name, "坏账率");
  // a locale tag alone stands for the options
  assert.equal(indicators("en").find((e) => e.key === "bad_debt_ratio").name, "Bad debt ratio");
  assert.equal(template("fmcg", "zh-TW").name, "快消品銷售考核");
  assert.equal(templates("en")[0].name, "General sales rep");
});

test("a scheme uses the library by key, with overrides and column renames", () => {
  const scheme = {
    locale: "en",
    fields: { id: "工号" },
    indicators: [
      { library: "collection_rate", weight: 60, columns: { 实际回款额: "回款金额" } },
      { library: "sales_expense_ratio", key: "expense", weight: 40, name: "Cost of sales" },
    ],
  };
  const out = new Engine(scheme).evaluate(
    { people: [{ 工号: "E1", 回款金额: "90万", 应收款总额: "100万", 销售费用: 5000, 销售额: 100000 }] },
    { explain: true },
  );
  const r = out.results[0];
  assert.equal(r.ok, true, JSON.stringify(r.errors));
  // 0.9 → band 90; 0.05 → piecewise 100: 54 + 40
  assert.equal(r.indicators[0].score, "90.00");
  assert.equal(r.indicators[1].name, "Cost of sales");
  assert.equal(r.total, "94.00");
  assert.ok(r.explain.lines.some((l) => l.includes("回款金额")), JSON.stringify(r.explain.lines));

  const bad = validateScheme({ indicators: [{ library: "no_such_thing", weight: 100 }] }, { locale: "en" });
  assert.equal(bad.ok, false);
  assert.deepEqual(
    bad.issues.map((i) => [i.code, i.path]),
    [["UNKNOWN_KEY", "/indicators/0/library"]],
  );
});
