// Raw tables from the package: a scheme scores people straight from order,
// payment and visit tables (a filter, a credit split, a refund, member objects, dates in
// several forms) and gets the same results as from per-person totals added up by hand.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { Engine, JixiaoError } from "../../pkg/index.node.js";

const fixture = JSON.parse(readFileSync(new URL("../fixtures/tables/raw-vs-totals.json", import.meta.url), "utf8"));

test("[tables] raw tables give the same results as hand-made totals", () => {
  const engine = new Engine(fixture.scheme);
  try {
    const raw = engine.evaluate({ people: fixture.people, tables: fixture.tables, period: fixture.period });
    const hand = engine.evaluate({ people: fixture.totals, period: fixture.period });
    assert.deepEqual(raw.errors, []);
    assert.deepEqual(raw.results, hand.results);
    assert.deepEqual(raw.summary, hand.summary);
    assert.deepEqual(raw.results.map((r) => r.indicators[0].actual), ["193333.33", "93333.33", "93333.34"]);
    // another quarter buckets other rows
    const q2 = engine.evaluate({ people: fixture.people, tables: fixture.tables, period: "2025-Q2" });
    assert.deepEqual(q2.results.map((r) => r.indicators[0].actual), ["0", "0", "70000"]);
  } finally {
    engine.free();
  }
});

test("[tables] the explanation says how every measure was aggregated", () => {
  const engine = new Engine(fixture.scheme);
  try {
    const out = engine.evaluate({ people: fixture.people, tables: fixture.tables, period: fixture.period }, { explain: true, locale: "en" });
    const steps = out.results[1].explain.steps.filter((s) => s.kind === "measure");
    assert.equal(steps.length, Object.keys(fixture.scheme.measures).length);
    const signed = steps.find((s) => s.key === "签约额");
    assert.equal(signed.value, "93333.33");
    assert.match(signed.text, /sum of orders\.合同金额 where 状态 = '已签约' in 2025-Q1, 4 rows = 93,333\.33/);
  } finally {
    engine.free();
  }
});

test("[tables] a bad table row fails only the people it is credited to; a bad table is a JixiaoError", () => {
  const engine = new Engine(fixture.scheme);
  try {
    const tables = structuredClone(fixture.tables);
    tables.orders[2]["合同金额"] = "八万";
    const out = engine.evaluate({ people: fixture.people, tables, period: fixture.period });
    assert.equal(out.results[1].ok, false);
    assert.equal(out.results[1].errors[0].code, "INVALID_NUMBER");
    assert.equal(out.results[1].errors[0].path, "tables/orders/2/合同金额");
    assert.equal(out.results[0].ok, true);
    assert.equal(out.results[2].ok, true);
    assert.throws(
      () => engine.evaluate({ people: fixture.people, tables: { orders: [] }, period: "2025-Q1" }),
      (e) => e instanceof JixiaoError && e.code === "INVALID_INPUT" && e.path === "tables/payments",
    );
  } finally {
    engine.free();
  }
});
