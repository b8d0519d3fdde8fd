// Host records all the way through: Huoban items, Feishu Bitable records and Jiandaoyun
// data (tests/fixtures/hosts/: the same eight orders in each host's shape) become plain
// rows, the rows are a raw table the scheme's measures total per person for a quarter,
// and the results are shaped back into each host's write format. Whatever the host, the
// results are the same, and the same as from the plain rows themselves.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { Engine, fromFeishu, fromHuoban, fromJiandaoyun, toFeishu } from "../../pkg/index.node.js";

const load = (name) => JSON.parse(readFileSync(new URL(`../fixtures/hosts/${name}.json`, import.meta.url), "utf8"));
const [huoban, feishu, jiandaoyun, expected] = ["huoban", "feishu", "jiandaoyun", "expected"].map(load);

const scheme = {
  fields: { id: "工号", name: "姓名" },
  measures: {
    签约额: { table: "orders", op: "sum", field: "合同金额", where: "状态 <> '草稿'", owner: "负责人", date: "签约日期",
              split: { owners: "协作人" } },
    单数: { table: "orders", op: "count", where: "合同金额 > 0", owner: "负责人", date: "签约日期" },
  },
  indicators: [
    { key: "revenue", name: "签约额达成率", weight: 80, actual: { field: "签约额" }, target: { value: "150000" },
      scoring: { type: "linear", cap: "1.5" } },
    { key: "orders", name: "签约单数", weight: 20, actual: { field: "单数" }, target: { value: "2" }, scoring: { type: "linear", cap: "1" } },
  ],
  grades: { type: "bands", bands: [{ grade: "A", min: 90 }, { grade: "B", min: 60 }, { grade: "C", min: 0 }] },
};
const people = [{ 工号: "E001", 姓名: "张三" }, { 工号: "E002", 姓名: "李四" }, { 工号: "E003", 姓名: "王五" }];

test("[hosts] records of every host score the same as the plain rows, and go back in the host's write format", () => {
  const engine = new Engine(scheme);
  try {
    const run = (rows) => engine.evaluate({ people, tables: { orders: rows }, period: "2025-Q1" }, { rows: { 工号: "id", 绩效得分: "total", 绩效等级: "grade" } });
    const plain = run(expected.rows);
    assert.deepEqual(plain.errors, []);
    assert.ok(plain.results.every((r) => r.ok));
    const hosts = {
      huoban: fromHuoban(huoban.items, huoban.fields),
      feishu: fromFeishu(feishu.records, { fields: feishu.fields }),
      jiandaoyun: fromJiandaoyun(jiandaoyun.data, jiandaoyun.widgets),
    };
    for (const [host, converted] of Object.entries(hosts)) {
      assert.deepEqual(converted.errors, [], host);
      const out = run(converted.rows);
      assert.deepEqual(out.results, plain.results, host);
    }
    // the quarter's orders, worked out by hand from expected.json
    const actual = Object.fromEntries(plain.results.map((r) => [r.name, r.indicators[0].actual]));
    const byHand = { 张三: 0, 李四: 0, 王五: 0 };
    for (const row of expected.rows) {
      if (row.状态 === "草稿" || !/^2025-0[1-3]/.test(row.签约日期)) continue;
      const names = [...new Set([...row.负责人, ...(row.协作人 ?? [])].map((m) => m.name))];
      names.forEach((n, i) => {
        const cents = Math.round(row.合同金额 * 100);
        const each = Math.trunc(cents / names.length);
        const extra = i < Math.abs(cents - each * names.length) ? Math.sign(cents) : 0;
        if (n in byHand) byHand[n] += each + extra;
      });
    }
    for (const [n, cents] of Object.entries(byHand)) assert.equal(Number(actual[n]), cents / 100, n);
    // and back: a Feishu batch_update body keyed by the people table's record ids
    const ids = { E001: "recA", E002: "recB", E003: "recC" };
    const body = toFeishu(plain.rows, { idColumn: "工号", ids });
    assert.deepEqual(body.errors, []);
    assert.deepEqual(body.records.map((r) => r.record_id), ["recA", "recB", "recC"]);
    assert.deepEqual(body.records.map((r) => r.fields.绩效等级), plain.results.map((r) => r.grade));
  } finally {
    engine.free();
  }
});
