// The plugin against an in-memory Bitable (memory-base.ts): a people table with the cells a
// real one has (amounts typed as text such as "120万", a currency field, empty cells, a
// single-select team, a checkbox), evaluated with the kpi_okr template. Every expected
// score is computed here by hand from the template's rules, not taken from the engine.
import assert from "node:assert/strict";
import test from "node:test";
import type { IOpenCellValue, IRecord } from "@lark-base-open/js-sdk";
import { template } from "jixiao";
import { autoMap, listTables, run, templateColumns, type Mapping, type Targets } from "../src/plugin.js";
import {
  MemoryBase,
  MemoryTable,
  checkboxField,
  currencyField,
  numberField,
  option,
  selectField,
  text,
  textField,
} from "./memory-base.js";

/** One person: the cells as typed in the table, and the numbers they stand for. */
interface Person {
  id: string;
  name: string;
  team: string;
  /** 销售额, a text field: what was typed, and its value (null: not a number). */
  sales: string;
  salesValue: number | null;
  target: number | null;
  collected: number;
  receivable: number;
  cost: number;
  o1: [number, number, number];
  o2: [number | null, number | null, number | null];
  integrity: boolean;
}

const PEOPLE: Person[] = [
  { id: "recP1", name: "张伟", team: "华东组", sales: "120万", salesValue: 1_200_000, target: 1_000_000, collected: 950_000, receivable: 1_000_000, cost: 840_000, o1: [1, 1, 1], o2: [1, 0.8, null], integrity: false },
  { id: "recP2", name: "李娜", team: "华东组", sales: "1,000,000", salesValue: 1_000_000, target: 1_250_000, collected: 850_000, receivable: 1_000_000, cost: 775_000, o1: [0.5, 0.5, 0.5], o2: [0.6, 0.6, 0.6], integrity: false },
  { id: "recP3", name: "王强", team: "华南组", sales: " 90万 ", salesValue: 900_000, target: 1_000_000, collected: 1_000_000, receivable: 1_000_000, cost: 540_000, o1: [1.2, 1.2, 1.2], o2: [0.9, null, null], integrity: false },
  { id: "recP4", name: "赵敏", team: "华南组", sales: "50万元", salesValue: 500_000, target: 1_000_000, collected: 500_000, receivable: 1_000_000, cost: 400_000, o1: [0.8, 0.8, 0.8], o2: [0.5, 0.5, 0.5], integrity: false },
  { id: "recP5", name: "孙丽", team: "华东组", sales: "110万", salesValue: 1_100_000, target: 1_000_000, collected: 1_000_000, receivable: 1_000_000, cost: 700_000, o1: [1, 1, 1], o2: [1, 1, 1], integrity: true },
  // bad rows: an amount nobody can read, and a missing target
  { id: "recP6", name: "周杰", team: "华南组", sales: "待核实", salesValue: null, target: 1_000_000, collected: 900_000, receivable: 1_000_000, cost: 500_000, o1: [1, 1, 1], o2: [1, 1, 1], integrity: false },
  { id: "recP7", name: "陈晨", team: "华东组", sales: "80万", salesValue: 800_000, target: null, collected: 900_000, receivable: 1_000_000, cost: 500_000, o1: [1, 1, 1], o2: [1, 1, 1], integrity: false },
];
const BAD = new Set(["recP6", "recP7"]);
const OLD_SCORE = 88;

const round2 = (x: number): number => Math.round(x * 100 + 1e-9) / 100;

/** kpi_okr by hand: its five indicators, weights 40/15/15/15/15, grades S95 A85 B70 C60 D0, the integrity veto. */
function byHand(p: Person): { total: number; grade: string } {
  const sales = p.salesValue ?? 0;
  const a = sales / (p.target ?? 1);
  const salesScore = a < 0.6 ? 0 : 100 * Math.min(a, 1.2); // linear, floor 0.6, cap 1.2
  const r = p.collected / p.receivable;
  const collectionScore = r >= 1 ? 100 : r >= 0.9 ? 90 : r >= 0.8 ? 80 : r >= 0.6 ? 60 : 0; // bands on the rate
  const gm = (sales - p.cost) / sales;
  const marginScore = gm <= 0.1 ? 0 : gm >= 0.35 ? 100 : ((gm - 0.1) / 0.25) * 100; // piecewise 10% → 0, 35% → 100
  const okr = (x: number): number => Math.max(0, Math.min(x, 1.2)) * 100; // piecewise 0 → 0, 1 → 100, 1.2 → 120
  const o1 = 0.4 * p.o1[0] + 0.3 * p.o1[1] + 0.3 * p.o1[2];
  const o2Present = p.o2.filter((k): k is number => k !== null);
  const o2 = o2Present.reduce((s, k) => s + k, 0) / o2Present.length; // AVG skips blanks
  const parts: [number, number][] = [[salesScore, 40], [collectionScore, 15], [marginScore, 15], [okr(o1), 15], [okr(o2), 15]];
  const total = p.integrity ? 0 : round2(parts.reduce((s, [score, w]) => s + round2((round2(score) * w) / 100), 0));
  const grade = p.integrity ? "D" : total >= 95 ? "S" : total >= 85 ? "A" : total >= 70 ? "B" : total >= 60 ? "C" : "D";
  return { total, grade };
}

/** Competition ranks (1, 2, 2, 4) by total, higher first. */
function ranks(totals: Map<string, number>): Map<string, number> {
  return new Map([...totals].map(([id, t]) => [id, 1 + [...totals.values()].filter((u) => u > t).length]));
}

const FIELDS = [
  textField("fldName", "姓名", true),
  textField("fldNo", "工号"),
  selectField("fldTeam", "团队", ["华东组", "华南组"]),
  textField("fldSales", "销售额"),
  numberField("fldTarget", "销售目标"),
  numberField("fldCollected", "回款金额"), // the template calls it 实际回款额: mapped by hand
  currencyField("fldReceivable", "应收款总额"),
  numberField("fldCost", "成本"),
  numberField("fldO1K1", "O1KR1得分"),
  numberField("fldO1K2", "o1 kr2 得分"), // matched loosely
  numberField("fldO1K3", "Ｏ１ＫＲ３得分"), // full-width: matched loosely
  numberField("fldO2K1", "O2KR1得分"),
  numberField("fldO2K2", "O2KR2得分"),
  numberField("fldO2K3", "O2KR3得分"),
  checkboxField("fldIntegrity", "诚信问题"),
  numberField("fldBonus", "奖金基数"),
  numberField("fldScore", "绩效得分"),
];

function record(p: Person, i: number): IRecord {
  const team = FIELDS.find((f) => f.id === "fldTeam");
  assert.ok(team);
  const cells: Record<string, IOpenCellValue> = {
    fldName: text(p.name),
    fldNo: text(`E${String(i + 1).padStart(3, "0")}`),
    fldTeam: option(team, p.team),
    fldSales: text(p.sales),
    fldTarget: p.target,
    fldCollected: p.collected,
    fldReceivable: p.receivable,
    fldCost: p.cost,
    fldO1K1: p.o1[0],
    fldO1K2: p.o1[1],
    fldO1K3: p.o1[2],
    fldO2K1: p.o2[0],
    fldO2K2: p.o2[1],
    fldO2K3: p.o2[2],
    fldIntegrity: p.integrity,
    fldBonus: 10_000,
    fldScore: OLD_SCORE,
  };
  // an empty cell is absent from the SDK's record, not null
  return { recordId: p.id, fields: Object.fromEntries(Object.entries(cells).filter(([, v]) => v !== null)) };
}

function peopleTable(people: Person[], pageLimit?: number): MemoryTable {
  return new MemoryTable("tblPeople", "销售人员", FIELDS.map((f) => ({ ...f })), people.map(record), pageLimit);
}

const ordersTable = (): MemoryTable => new MemoryTable("tblOrders", "订单", [textField("fldOrder", "订单号", true)], []);
const kpiOkr = template("kpi_okr");
const TARGETS: Targets = { score: { fieldId: "fldScore" }, grade: { create: "绩效等级" }, rank: { create: "排名" } };

async function mapped(table: MemoryTable): Promise<Mapping> {
  const mapping = autoMap(templateColumns(kpiOkr), await table.getFieldMetaList());
  mapping["实际回款额"] = "fldCollected";
  return mapping;
}

test("the template's columns are mapped to the table's fields by name, loosely", async () => {
  const table = peopleTable(PEOPLE);
  const mapping = autoMap(templateColumns(kpiOkr), await table.getFieldMetaList());
  assert.equal(mapping["销售额"], "fldSales");
  assert.equal(mapping["O1KR2得分"], "fldO1K2");
  assert.equal(mapping["O1KR3得分"], "fldO1K3");
  assert.equal(mapping["实际回款额"], null, "回款金额 is another name: left to the user");
  assert.equal(mapping["岗位"], null, "the table has no 岗位");
});

test("scores, grades and ranks computed by hand are written back; bad rows are reported, not written", async () => {
  const table = peopleTable(PEOPLE, 3); // three records a page: the plugin must follow hasMore
  const base = new MemoryBase([table, ordersTable()]);
  assert.deepEqual((await listTables(base)).map((t) => t.name), ["销售人员", "订单"]);

  const report = await run(base, { tableId: "tblPeople", template: kpiOkr, mapping: await mapped(table), targets: TARGETS });

  const good = PEOPLE.filter((p) => !BAD.has(p.id));
  const expected = new Map(good.map((p) => [p.id, byHand(p)]));
  const expectedRanks = ranks(new Map([...expected].map(([id, e]) => [id, e.total])));
  assert.equal(report.read, PEOPLE.length);
  assert.equal(report.written, good.length);
  for (const p of good) {
    const e = expected.get(p.id);
    assert.ok(e);
    assert.equal(table.cell(p.id, "绩效得分"), e.total, `${p.name}'s score`);
    assert.deepEqual(table.cell(p.id, "绩效等级"), text(e.grade), `${p.name}'s grade`);
    assert.equal(table.cell(p.id, "排名"), expectedRanks.get(p.id), `${p.name}'s rank`);
    const result = report.results.find((r) => r.recordId === p.id);
    assert.equal(result?.total, e.total.toFixed(2));
    assert.equal(result?.group, p.team, "the single-select team is read as its option's name");
    assert.equal(result?.vetoed, p.integrity);
  }
  for (const id of BAD) {
    assert.equal(table.cell(id, "绩效得分"), OLD_SCORE, `${id} keeps its old score`);
    assert.equal(table.cell(id, "绩效等级"), undefined);
    assert.equal(table.cell(id, "排名"), undefined);
    assert.equal(report.results.find((r) => r.recordId === id)?.ok, false);
  }
  const reported = (id: string) => report.problems.filter((q) => q.recordId === id).map((q) => [q.code, q.field]);
  assert.deepEqual(reported("recP6")[0], ["INVALID_NUMBER", "销售额"]);
  assert.deepEqual(reported("recP7")[0], ["MISSING_VALUE", "销售目标"]);
  assert.ok(report.problems.every((q) => BAD.has(q.recordId ?? "") && q.message.length > 0));
  assert.ok(report.problems.some((q) => q.name === "周杰"), "a problem names the person");
  assert.deepEqual(table.writes.map((w) => w.length), [good.length], "one write");
});

test("writes go in batches of at most 200 records", async () => {
  const many = Array.from({ length: 450 }, (_, i) => ({ ...PEOPLE[1]!, id: `rec${i}`, name: `销售${i}` }));
  const table = peopleTable(many);
  const report = await run(new MemoryBase([table]), { tableId: "tblPeople", template: kpiOkr, mapping: await mapped(table), targets: TARGETS });
  assert.equal(report.written, 450);
  assert.deepEqual(table.writes.map((w) => w.length), [200, 200, 50]);
  assert.equal(table.cell("rec449", "绩效得分"), byHand(PEOPLE[1]!).total);
  assert.equal(table.cell("rec449", "排名"), 1, "450 equal totals share rank 1");
});

test("a result is never written into a field of the wrong type, nor two into one field", async () => {
  const table = peopleTable(PEOPLE);
  const mapping = await mapped(table);
  const options = { tableId: "tblPeople", template: kpiOkr, mapping };
  const base = new MemoryBase([table]);
  await assert.rejects(run(base, { ...options, targets: { ...TARGETS, grade: { fieldId: "fldTarget" } } }), /grade/);
  await assert.rejects(run(base, { ...options, targets: { ...TARGETS, rank: { fieldId: "fldScore" } } }), /two results/);
  assert.deepEqual(table.writes, []);
});
