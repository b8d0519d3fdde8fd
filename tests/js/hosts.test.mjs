// Host adapters from the package: Huoban, Feishu Bitable and Jiandaoyun records
// read into plain rows, evaluated, and written back in each host's update format.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import {
  Engine,
  JixiaoError,
  fromFeishu,
  fromHuoban,
  fromJiandaoyun,
  toFeishu,
  toHuoban,
  toJiandaoyun,
} from "../../pkg/index.node.js";
import { FIXTURES, throwsJixiao } from "./helpers.mjs";

const load = (name) => JSON.parse(readFileSync(new URL(`hosts/${name}`, FIXTURES), "utf8"));
const huoban = load("huoban.json");
const feishu = load("feishu.json");
const jiandaoyun = load("jiandaoyun.json");
const expected = load("expected.json");

/** Rows without `_id`, members without `id` (checked against the host's ids). */
function hostNeutral(rows, ids) {
  const member = (m) => {
    assert.equal(m.id, ids[m.name], `the id of ${m.name}`);
    return { name: m.name };
  };
  return rows.map((r) => {
    const out = {};
    for (const [k, v] of Object.entries(r)) {
      if (k === "_id") continue;
      if (k === "负责人" || k === "协作人") out[k] = v.map(member);
      else if (k === "_createdBy" || k === "_updatedBy") out[k] = member(v);
      else out[k] = v;
    }
    return out;
  });
}

function readAll() {
  return {
    huoban: fromHuoban(huoban.items, huoban.fields),
    feishu: fromFeishu(feishu.records, { fields: feishu.fields }),
    jiandaoyun: fromJiandaoyun(jiandaoyun.data, jiandaoyun.widgets),
  };
}

test("the three hosts' fixtures read as the same plain rows", () => {
  const all = readAll();
  for (const [host, out] of Object.entries(all)) {
    assert.deepEqual(out.errors, [], host);
    assert.deepEqual(out.warnings, [], host);
    assert.deepEqual(hostNeutral(out.rows, expected.memberIds[host]), expected.rows, host);
  }
  assert.equal(all.huoban.rows[0]._id, 2300000871650001);
  assert.equal(all.feishu.rows[0]._id, "recvQ8nKc2");
  assert.equal(all.jiandaoyun.rows[4].合同金额, -12000);
  assert.equal(all.feishu.rows[2].签约日期, "2025-02-28 14:30:00");
  assert.deepEqual(all.jiandaoyun.rows[0].负责人, [{ id: "zhangsan", name: "张三" }]);
});

test("response bodies as fetched (JSON text) read the same", () => {
  const fromText = fromFeishu(JSON.stringify(feishu.records), { fields: feishu.fields });
  assert.deepEqual(fromText, readAll().feishu);
});

test("the rows feed an evaluation and the results go back to each host", () => {
  const { huoban: hb, feishu: fs, jiandaoyun: jd } = readAll();
  // per-person sums of the orders (the engine's raw-table aggregates come later): here by hand
  const people = {};
  for (const r of fs.rows) {
    const owner = r.负责人[0];
    people[owner.id] ??= { 工号: owner.id, 姓名: owner.name, 销售额: 0, 目标: 300000 };
    people[owner.id].销售额 += Math.round(r.合同金额 * 100); // in fen: integers add exactly
  }
  const input = Object.values(people).map((p) => ({ ...p, 销售额: (p.销售额 / 100).toFixed(2) }));
  const engine = new Engine({
    fields: { id: "工号", name: "姓名" },
    indicators: [{ key: "r", name: "销售额", weight: 100, actual: { field: "销售额" }, target: { field: "目标" }, scoring: { type: "linear", cap: "1.5" } }],
    grades: { type: "bands", bands: [{ grade: "A", min: 100 }, { grade: "B", min: 0 }] },
  });
  const out = engine.evaluate({ people: input }, { rows: { _id: "id", 绩效得分: "total", 绩效等级: "grade", 排名: "rank" } });
  // Feishu: the people table is keyed by open id here; numbers into number fields
  const fields = [
    { field_name: "绩效得分", type: 2 },
    { field_name: "绩效等级", type: 3 },
    { field_name: "排名", type: 2 },
  ];
  const body = toFeishu(out, { fields });
  assert.deepEqual(body.errors, []);
  assert.equal(body.records.length, 3);
  for (const rec of body.records) {
    assert.match(rec.record_id, /^ou_/);
    assert.equal(typeof rec.fields.绩效得分, "number");
    assert.ok(["A", "B"].includes(rec.fields.绩效等级));
  }
  // 王五: 46800 + 99999.99 + 560000 = 706799.99 → 150 (capped)
  const wang = body.records.find((r) => r.record_id === expected.memberIds.feishu["王五"]);
  assert.deepEqual(wang.fields, { 绩效得分: 150, 绩效等级: "A", 排名: 1 });
  assert.ok(hb.rows.length === 8 && jd.rows.length === 8);
});

test("write back to Huoban and Jiandaoyun with idColumn, ids and columns", () => {
  const rows = [
    { 员工编号: "E001", 绩效得分: "87.35", 绩效等级: "A", 排名: 3, 提成: "12500.00" },
    { 员工编号: "E002", 绩效得分: "91.20", 绩效等级: "S", 排名: 1, 提成: "0.1000000000000000055511151231" },
  ];
  const fields = [
    { field_id: 2201, name: "绩效得分", type: "number" },
    { field_id: 2202, name: "绩效等级", type: "category", config: { type: "single", options: [{ id: 1, name: "S" }, { id: 2, name: "A" }] } },
    { field_id: 2203, name: "排名", type: "number" },
    { field_id: 2204, name: "本月提成", type: "number" },
  ];
  const out = toHuoban(rows, fields, { idColumn: "员工编号", ids: { E001: 2300000000000001, E002: 2300000000000002 }, columns: { 提成: "本月提成" } });
  assert.deepEqual(out.items, [{ item_id: 2300000000000001, fields: { 2201: 87.35, 2202: [2], 2203: 3, 2204: 12500 } }]);
  // the second row's commission has no exact double: the row is left out, with its error
  assert.equal(out.errors.length, 1);
  assert.equal(out.errors[0].code, "INVALID_NUMBER");
  assert.equal(out.errors[0].path, "rows/1/提成");
  assert.equal(out.errors[0].row, 1);

  const widgets = { widgets: [{ name: "_widget_1", label: "绩效得分", type: "number" }, { name: "grade", label: "绩效等级", type: "radiogroup" }] };
  const jd = toJiandaoyun(rows, widgets, { idColumn: "员工编号", ids: { E001: "65f0a1", E002: "65f0a2" }, columns: { 排名: null, 提成: null } });
  assert.deepEqual(jd.items, [
    { data_id: "65f0a1", data: { _widget_1: { value: 87.35 }, grade: { value: "A" } } },
    { data_id: "65f0a2", data: { _widget_1: { value: 91.2 }, grade: { value: "S" } } },
  ]);
});

test("round trip: read, then write back in each host's own format", () => {
  const all = readAll();
  const hb = toHuoban(all.huoban.rows, huoban.fields);
  assert.deepEqual(hb.errors, []);
  assert.deepEqual(hb.items[0].fields["2200000150845865"], [1001]);
  assert.deepEqual(hb.items[0].fields["2200000150845867"], [2]);
  const fs = toFeishu(all.feishu.rows, { fields: feishu.fields });
  fs.records.forEach((rec, k) => {
    const original = feishu.records.data.items[k];
    assert.equal(rec.record_id, original.record_id);
    assert.equal(rec.fields.签约日期, original.fields.签约日期);
    assert.deepEqual(rec.fields.协作人, original.fields.协作人.map((u) => ({ id: u.id })));
  });
  const jd = toJiandaoyun(all.jiandaoyun.rows, jiandaoyun.widgets);
  jd.items.forEach((item, k) => {
    const original = jiandaoyun.data.data[k];
    assert.equal(item.data._widget_1735600000004.value, original._widget_1735600000004);
    assert.equal(item.data.amount.value, original.amount);
    assert.equal(item.data._widget_1735600000005.value, original._widget_1735600000005.username);
  });
});

test("bad records and cells are errors with paths; the good ones are kept", () => {
  const items = structuredClone(huoban.items.data.items);
  items[2] = "oops";
  items[4].fields["2200000150845863"] = NaN; // a JS NaN reaches the core as a non-finite marker
  items[6].fields["2200000150845864"] = "2025-13-01";
  const out = fromHuoban(items, huoban.fields, { locale: "en" });
  assert.equal(out.rows.length, 7);
  assert.deepEqual(
    out.errors.map((e) => [e.code, e.path, e.row]),
    [
      ["INVALID_ROW", "items/2", 2],
      ["INVALID_NUMBER", "items/4/fields/2200000150845863", 4],
      ["INVALID_DATE", "items/6/fields/2200000150845864", 6],
    ],
  );
  for (const e of out.errors) {
    assert.equal(e.message, e.messages.en);
    assert.ok(e.messages["zh-CN"] && e.messages["zh-TW"]);
  }
  assert.equal(out.errors[1].value, "NaN");
  const refund = out.rows.find((r) => r.订单号 === "SO-2025-0005");
  assert.equal(refund.合同金额, undefined);
  assert.equal(refund.状态, "已退款");
});

test("JS numbers come back as the same numbers, bit for bit", () => {
  const values = [911988574.5000007, 112383802.68000041, 0.1 + 0.2, -12000, 5e-324, 1.7976931348623157e308, 2 ** 53];
  const records = [{ record_id: "r", fields: Object.fromEntries(values.map((v, i) => [`n${i}`, v])) }];
  const { rows } = fromFeishu(records, { dates: [] });
  values.forEach((v, i) => assert.ok(Object.is(rows[0][`n${i}`], v), `n${i}: ${rows[0][`n${i}`]} !== ${v}`));
});

test("Feishu dates are guessed (with a warning) only without a field list", () => {
  const out = fromFeishu(feishu.records);
  assert.equal(out.rows[0].签约日期, "2025-01-15");
  assert.deepEqual(out.warnings.map((w) => [w.code, w.field, w.severity]), [["GUESSED_DATE", "签约日期", "warning"]]);
  assert.equal(fromFeishu(feishu.records, { dates: [] }).rows[0].签约日期, 1736870400000);
  assert.equal(fromFeishu(feishu.records, { utcOffset: "Z", dates: ["签约日期"] }).rows[0].签约日期, "2025-01-14 16:00:00");
});

test("whole-input problems throw a JixiaoError", () => {
  throwsJixiao(JixiaoError, () => fromHuoban({ nope: 1 }, null), "INVALID_INPUT");
  throwsJixiao(JixiaoError, () => fromFeishu([], { utcOffset: "+99:00" }), "INVALID_SETTING");
  throwsJixiao(JixiaoError, () => fromJiandaoyun("{", null), "INVALID_JSON");
  const cyclic = [];
  cyclic.push(cyclic);
  throwsJixiao(JixiaoError, () => fromFeishu(cyclic), "INVALID_INPUT");
  const e = throwsJixiao(JixiaoError, () => toJiandaoyun([{ _id: "a", 绩效得份: 1 }], [{ name: "_widget_1", label: "绩效得分", type: "number" }], { locale: "en" }), "INVALID_INPUT");
  assert.equal(e.path, "rows/0/绩效得份");
  assert.equal(e.field, "绩效得份");
  assert.match(e.message, /绩效得份/);
  throwsJixiao(JixiaoError, () => toHuoban([], null), "INVALID_INPUT");
});
