// Compile-only usage of the typed API (checked by `tsc --noEmit -p tests/ts`).
// It is never run: it proves the declarations let users write this code, and
// (with @ts-expect-error) that obvious mistakes are caught.
import {
  Engine,
  JixiaoError,
  init,
  validateScheme,
  version,
  type EvaluateInput,
  type ColumnsInput,
  type Column,
  type EvaluateOptions,
  type EvaluateOutput,
  type CompactOutput,
  type JixiaoErrorData,
  type Locale,
  type PersonResult,
  type Scheme,
  type ValidationReport,
  type ErrorCode,
  type EvaluateCallOptions,
  type RunControls,
  type WithNumbers,
} from "jixiao";

export async function example(rows: Record<string, unknown>[]): Promise<string[]> {
  await init();
  await init(new URL("./jixiao_bg.wasm", "https://example.com/"));
  const v: string = version;

  const scheme: Scheme = JSON.parse("{}") as Scheme;
  const report: ValidationReport = validateScheme(scheme, { locale: "en" });
  const ok: boolean = report.ok;
  const issueCodes: ErrorCode[] = report.issues.map((i: JixiaoErrorData) => i.code);

  const engine = new Engine(scheme, { locale: "zh-TW" });
  const fromText = new Engine('{"indicators": []}');
  fromText.free();

  const input: EvaluateInput = { people: rows, period: "2025-Q3", asOf: "2025-09-15" };
  const calendar: Scheme["calendar"] = { holidays: ["2025-10-01"], workdays: ["2025-09-28"] };
  new Engine({ ...scheme, calendar }).free();
  const options = { locale: "en", explain: true } satisfies Partial<EvaluateOptions>;
  const out: EvaluateOutput = engine.evaluate(input, options);
  // options whose decimals are not known give either form
  const loose: Partial<EvaluateOptions> = options;
  const either: EvaluateOutput | WithNumbers<EvaluateOutput> = engine.evaluate(input, loose);
  engine.evaluate(input);
  // lean output for large tables: the header names the indicators once
  const lean: CompactOutput = engine.evaluate(input, { output: "scores" });
  const firstKey: string | undefined = lean.indicators?.[0]?.key;
  const firstScore: string | null | undefined = lean.results[0]?.indicators?.[0]?.score;
  const totals: WithNumbers<CompactOutput> = engine.evaluate(input, { output: "totals", decimals: "number", explain: ["E001"] });
  const vetoed: boolean = totals.results[0]?.vetoed ?? false;
  // the people by columns: a Float64Array, or one cell per row
  const byColumns: ColumnsInput = {
    columns: { 销售额: new Float64Array([1_200_000, 0.1]), 工号: ["E001", null], 销售目标: [1_000_000, "120万"] },
    period: "2025-Q3",
  };
  const columnsOut: EvaluateOutput = engine.evaluate(byColumns, options);
  const anyInput: EvaluateInput = byColumns;
  const column: Column = byColumns.columns["销售额"] ?? [];
  engine.evaluate(anyInput, { output: "totals" });
  // @ts-expect-error: people and columns are not given together
  engine.evaluate({ columns: {}, people: rows });

  const lines: string[] = [v, String(ok), issueCodes.join(","), String(firstKey), String(firstScore), String(vetoed)];
  lines.push(String(columnsOut.results.length), String(column.length), String(either.results.length));
  const results: PersonResult[] = out.results;
  for (const r of results) {
    if (r.ok) {
      lines.push(`${r.id} ${String(r.total)} ${String(r.grade)} #${String(r.rank)}`);
    } else {
      for (const e of r.errors) lines.push(`${e.code} ${e.path} ${e.messages.en}`);
    }
  }

  try {
    new Engine(scheme);
  } catch (e) {
    if (e instanceof JixiaoError) {
      const code: string = e.code;
      const path: string = e.path;
      const en: string = e.messages.en;
      const row: number | undefined = e.row;
      const field: string | undefined = e.field;
      const issues: JixiaoErrorData[] = e.issues;
      const err: Error = e;
      lines.push(code, path, en, String(row), String(field), String(issues.length), err.message);
      const data: JixiaoErrorData = e.toJSON();
      lines.push(data.code);
    }
  }
  const made = new JixiaoError({ code: "INTERNAL", path: "", messages: { "zh-CN": "x", "zh-TW": "x", en: "x" } }, { locale: "en" });
  lines.push(made.code);

  {
    using scoped = new Engine(scheme);
    scoped.evaluate(input);
  }

  // progress and cancelling, in the thread and off it (the return type still follows `output`)
  const controller = new AbortController();
  const seen: [number, number][] = [];
  const onProgress = (done: number, total: number): void => void seen.push([done, total]);
  const watched: EvaluateOutput = engine.evaluate(input, { onProgress, signal: controller.signal, explain: true });
  const controls: RunControls = { onProgress, signal: controller.signal };
  const offThread: Promise<EvaluateOutput> = engine.evaluateAsync(input, controls);
  const leanAsync: CompactOutput = await engine.evaluateAsync(input, { output: "totals", ...controls });
  const callOptions: EvaluateCallOptions = { locale: "en", onProgress };
  await engine.evaluateAsync(input, callOptions);
  try {
    await offThread;
  } catch (e) {
    if (e instanceof JixiaoError && e.code === "ABORTED") lines.push(String(e.cause));
  }
  lines.push(String(watched.results.length), String(leanAsync.results.length), String(seen.length));
  // @ts-expect-error onProgress is a function of (done, total)
  engine.evaluate(input, { onProgress: "50%" });
  // @ts-expect-error signal is an AbortSignal
  void engine.evaluateAsync(input, { signal: true });

  const locale: Locale = "zh-CN";
  lines.push(locale);

  // Mistakes the declarations must catch:
  // @ts-expect-error a scheme is an object or JSON text, not a number
  new Engine(42);
  // @ts-expect-error evaluate takes the input object
  engine.evaluate();
  // @ts-expect-error version is a string, not a function
  version();
  // @ts-expect-error the error code is a string
  const n: number = made.code;
  lines.push(String(n));

  engine.free();
  return lines;
}

// A scheme written as an object literal type-checks against the generated `Scheme`
// (every rule, value source, condition and ranking setting).
export const literalScheme: Scheme = {
  id: "ts-usage",
  name: "销售岗考核",
  locale: "zh-CN",
  rounding: { mode: "half_even", score: 2, money: 2, rate: 4 },
  fields: { id: "工号", name: "姓名", group: "团队", role: "岗位" },
  weighting: "global",
  categories: [{ key: "performance", name: "业绩", weight: 70 }, { key: "behavior", name: "行为", weight: 30 }],
  indicators: [
    { key: "revenue", name: "销售额", category: "performance", weight: 30, direction: "higher_better",
      actual: { field: "销售额" }, target: { field: "销售目标" },
      scoring: { type: "linear", floor: "0.6", cap: "1.2" }, missing: "error", onZero: "full" },
    { key: "collection", category: "performance", weight: 20, actual: { field: "回款率" },
      scoring: { type: "bands", on: "value", bands: [{ min: "0.95", score: 100 }, { min: "0.7", score: 60 }], else: 0 } },
    { key: "newCustomers", category: "performance", weight: 10, actual: { field: "新客户" }, target: { value: 10 },
      scoring: { type: "piecewise", points: [["0", 0], ["1", 100], ["1.5", 120]] }, missing: "zero" },
    { key: "expense", category: "performance", weight: 10, direction: "lower_better", reverse: "mirror",
      actual: { field: "费用率" }, target: { value: "0.1" }, scoring: { type: "linear", cap: 1.2 } },
    { key: "quality", category: "behavior", weight: 20, raterMissing: "zero",
      actual: { raters: { self: "自评", manager: "上级评分" } }, scoring: { type: "direct", scale: { max: 5 } } },
    { key: "compliance", category: "behavior", weight: 5, actual: { field: "违规" },
      scoring: { type: "deduct", per: -10, min: 0 }, missing: "exclude" },
    { key: "visits", category: "behavior", weight: 5,
      scoring: { type: "pass_fail", pass: { all: [{ field: "拜访", op: ">=", value: 36 }, { not: { indicator: "revenue", of: "achievement", op: "<", value: "0.5" } }] } } },
  ],
  raters: { self: 20, manager: 80 },
  adjustments: [{ key: "complaints", name: "投诉", per: -5, min: -20, value: { field: "投诉次数" } }],
  vetoes: [{ key: "breach", name: "数据违规", when: { any: [{ field: "违规类型", op: "=", value: "泄密" }] }, grade: "D" }],
  totalMin: 0,
  totalMax: 120,
  grades: { type: "bands", bands: [{ grade: "S", min: 95 }, { grade: "D", min: 0 }] },
  ranking: { by: "total", method: "dense", tieBreakers: ["revenue", "-费用率"], groupBy: "group" },
  roles: { 大客户销售: { weights: { revenue: 40, collection: 10 } } },
  versions: [{ from: "2025-07-01", weights: { collection: 30, revenue: 20 } }],
};

// Targets: decompose and replan are typed from the Rust types too.
import { decompose, replan, type DecomposeInput, type Decomposition, type Replan } from "jixiao";
export function targets(): string[] {
  const input: DecomposeInput = {
    total: "1200万", calendar: { year: 2025, by: "month" }, method: "history",
    history: ["82万", "56万", "91万", "95万", "101万", "108万", "90万", "88万", "105万", "99万", "115万", "140万"],
    uplift: "0.1", unit: "10000",
  };
  const d: Decomposition = decompose(input);
  const r: Replan = replan({ total: "1200", parts: [{ key: "Q1", target: "300", actual: "200", closed: true }, { key: "Q2", target: "900" }] });
  return [...d.parts.map((p) => `${p.key} ${p.value}`), r.status, ...r.explain.lines];
}

// Incentives: a scheme's incentives section, payout lines, and the standalone functions.
import {
  allocate,
  allocateDetail,
  commission,
  commissionDetail,
  type AllocateOutput,
  type CommissionOutput,
  type Incentives,
  type PayoutLine,
} from "jixiao";
export function incentives(): string[] {
  const section: Incentives = {
    commission: [
      { key: "own", name: "个人提成", base: { field: "回款额" }, mode: "marginal",
        tiers: [{ from: 0, rate: "0.02" }, { from: "50万", rate: "0.03" }],
        gate: { field: "回款率", op: ">=", value: "0.6" }, cap: "50000" },
      { key: "ytd", base: { field: "累计回款" }, tiers: [{ from: 0, rate: "0.01" }], accumulate: "ytd", paid: { field: "已发" } },
      { key: "margin", base: { field: "销售额" }, mode: "whole", on: { field: "利润率" },
        tiers: [{ from: 0, rate: "0.01" }, { from: "0.2", rate: "0.03" }] },
    ],
    bonus: [{ base: { field: "奖金基数" }, coefficients: { S: "1.5", A: 1.2 } }],
    pool: [{ amount: { value: "100000" }, groupBy: "group", weight: "score_x_base", base: { field: "底薪" },
      when: { indicator: "revenue", of: "achievement", op: ">=", value: 1 }, cap: "40000" }],
    awards: [{ name: "销售之星", by: "total", top: 3, prize: "5000", ties: "split" }],
  };
  const engine = new Engine({ ...literalScheme, incentives: section });
  const out = engine.evaluate({ people: [] });
  const lines: PayoutLine[] = out.results.flatMap((r) => r.incentives);
  const a: string | number = commission({ tiers: [{ from: 0, rate: "0.02" }] }, "60万");
  const d: CommissionOutput = commissionDetail({ tiers: [{ from: 0, rate: "0.02" }], mode: "whole" }, 1, null, { locale: "en" });
  const byMargin: string | number = commission({ tiers: [{ from: 0, rate: "0.01" }], mode: "whole", on: { formula: "毛利 / 销售额" } }, 1, null, { figure: "0.25" });
  const parts: (string | number)[] = allocate("100.00", [1, 1, 1], { caps: ["40", null, null] });
  const al: AllocateOutput = allocateDetail(100, ["1", 2], { unit: 1 });
  return [String(a), String(byMargin), d.amount, ...parts.map(String), al.unallocated, ...lines.map((l) => `${l.key} ${l.status} ${l.amount}`), String(out.summary.payout)];
}

// Organisation trees: decomposeTree takes a recursive TreeNode and returns TreeNodeResults.
import {
  decomposeTree,
  type TreeDecomposition,
  type TreeInput,
  type TreeNode,
  type TreeNodeResult,
} from "jixiao";
export function tree(): string[] {
  const rep = (id: string, start?: string): TreeNode => (start === undefined ? { id } : { id, start });
  const root: TreeNode = {
    id: "co", name: "公司", method: "weights",
    children: [
      { id: "east", name: "华东", weight: 3, method: "capacity", children: [
        { id: "e1", capacity: { headcount: 4, productivity: "25万" }, method: "equal", children: [rep("r1"), rep("r2", "2025-01-17")] },
        { id: "e2", capacity: "50万", children: [], max: "400万" },
      ] },
      { id: "south", weight: 1, locked: "300万", min: 0, history: "280万" },
    ],
  };
  const input: TreeInput = {
    total: "1200万", uplift: "10%", unit: 10000, method: "equal", root,
    ramp: ["0.25", "0.5", "0.75", "1"], asOf: "2025-01-01", periodEnd: "2025-01-31", locale: "zh-CN",
  };
  try {
    const out: TreeDecomposition = decomposeTree(input);
    const leaves: TreeNodeResult[] = out.nodes.filter((n) => n.method === undefined);
    const hires = out.nodes.filter((n) => n.proration !== undefined || n.ramp !== undefined);
    const depth: number = out.nodes[0]?.depth ?? 0;
    return [
      out.total,
      out.unit,
      String(depth),
      ...leaves.map((n) => `${n.parent ?? "-"}/${n.id} ${n.value} ${n.share} ${n.locked ?? false} ${n.bound ?? ""}`),
      ...hires.map((n) => `${n.id} ${n.ramp ?? "1"} ${n.proration ?? "1"}`),
      ...out.explain.lines,
    ];
  } catch (e) {
    if (e instanceof JixiaoError) return [e.code, e.path];
    throw e;
  }
}

// Raw tables: named measures and inline aggregates, typed from the Rust types.
export function rawTables(): string | undefined {
  const scheme: Scheme = {
    fields: { id: "工号", name: "姓名" },
    measures: {
      签约额: {
        table: "orders", op: "sum", field: "合同金额", where: "状态 = '已签约'",
        owner: "负责人", date: "签约日期", split: { owners: "协作人", shares: "分配比例" },
      },
    },
    utcOffset: "+08:00",
    indicators: [
      { key: "revenue", weight: 60, actual: { field: "签约额" }, target: { field: "目标" }, scoring: { type: "linear" } },
      { key: "visits", weight: 40, actual: { aggregate: { table: "visits", op: "count", owner: "拜访人", date: "日期" } },
        target: { value: "20" }, scoring: { type: "linear", cap: "1" } },
    ],
  } as Scheme;
  const input: EvaluateInput = {
    people: [{ 工号: "E1", 姓名: "张三", 目标: "100万" }],
    period: "2025-Q1",
    tables: { orders: [{ 负责人: [{ id: "ou_1", name: "张三" }], 合同金额: 1000, 状态: "已签约", 签约日期: 1736899200000 }], visits: [] },
  };
  // @ts-expect-error: op is one of sum/count/count_distinct/avg/min/max
  const wrong: Scheme["measures"] = { x: { table: "t", op: "median", owner: "o" } };
  void wrong;
  const engine = new Engine(scheme);
  const total = engine.evaluate(input).results[0]?.total;
  engine.free();
  return total === undefined || total === null ? undefined : String(total);
}

// Period layering: monthly, quarterly and annual results for the same people in one call.
import {
  type CompositeOutput,
  type CompositeResult,
  type PeriodOutput,
  type PeriodPart,
  type PeriodsInput,
  type PeriodsOutput,
} from "jixiao";
export function periods(rows: Record<string, unknown>[]): string[] {
  const engine = new Engine(literalScheme);
  const quarterly: PeriodsInput = {
    people: rows,
    periods: ["2025-Q1", "2025-Q2", { period: "2025-Q3", people: rows.slice(1) }, 2025],
    compose: { from: "periods", periods: ["2025-Q1", "2025-Q2", "2025-Q3"], weights: { "2025-Q1": 1, "2025-Q2": "1", "2025-Q3": 2 }, missing: "renormalize" },
  };
  const out: PeriodsOutput = engine.evaluatePeriods(quarterly, { explain: true, locale: "en" });
  const kept: PeriodOutput[] = out.periods;
  const annual: CompositeOutput | undefined = out.composite;
  const results: CompositeResult[] = annual?.results ?? [];
  const parts: PeriodPart[] = results.flatMap((r) => r.periods);
  const byCategory = engine.evaluatePeriods({
    people: rows,
    periods: { year: 2025, by: "month", fiscalYearStart: 4 },
    compose: { from: "categories", weights: { performance: 70, behavior: 30 }, missing: "zero", period: "FY2025", rows: { 年度得分: "total" } },
  });
  const lines = [
    ...kept.map((p) => `${p.period} ${p.summary.count}`),
    ...results.map((r) => `${r.id} ${String(r.total)} ${String(r.grade)} #${String(r.rank)} ${r.veto?.period ?? ""}`),
    ...parts.map((p) => `${p.period} ${p.status} ${String(p.weighted)}`),
    ...(byCategory.composite?.results ?? []).flatMap((r) => r.categories.map((c) => `${c.key} ${String(c.score)} ${c.periods}`)),
    String(annual?.period),
  ];
  // @ts-expect-error periods is a list or a { year, by } calendar, not a boolean
  engine.evaluatePeriods({ periods: true });
  // @ts-expect-error compose.from is "periods" or "categories"
  engine.evaluatePeriods({ periods: ["2025"], compose: { from: "people" } });
  return lines;
}

import {
  indicators,
  template,
  templates,
  type IndicatorFromLibrary,
  type LibraryIndicator,
  type SchemeWithLibrary,
  type Template,
} from "jixiao";
export function library(): string[] {
  const lib: LibraryIndicator[] = indicators({ locale: "en" });
  const lines = lib.map((e) => `${e.key} ${e.name} ${e.formula} ${e.columns.join(",")} ${e.unit} ${e.direction} ${e.target ?? "-"} ${e.text}`);
  const ind: IndicatorFromLibrary = { library: "collection_rate", weight: 60, columns: { 实际回款额: "回款金额" } };
  const scheme: SchemeWithLibrary = {
    fields: { id: "工号" },
    indicators: [ind, { library: "sales_expense_ratio", key: "expense", weight: 40, name: "费用率" }],
  };
  const report = validateScheme(scheme);
  const engine = new Engine(scheme, { locale: "en" });
  // @ts-expect-error the library key must be a string
  const bad: IndicatorFromLibrary = { library: 7, weight: 1 };
  void bad;
  lines.push(indicators("zh-TW")[0]?.name ?? "", templates("en")[0]?.name ?? "", template("fmcg", "en").key);
  for (const t of templates({ locale: "zh-TW" })) {
    const tpl: Template = t;
    const out: EvaluateOutput = new Engine(tpl.scheme).evaluate(tpl.sample, { explain: true });
    lines.push(`${tpl.key} ${tpl.name} ${tpl.names.en} ${tpl.description} ${out.results.length} ${(tpl.cases.vetoed ?? []).join(",")}`);
  }
  try {
    lines.push(template("kpi_okr").scheme.name ?? "");
  } catch (e) {
    if (e instanceof JixiaoError && e.code === "UNKNOWN_KEY") lines.push(e.message);
  }
  engine.free();
  return [String(report.ok), ...lines];
}

// Host adapters: Huoban, Feishu Bitable and Jiandaoyun records to plain rows and back.
import {
  fromFeishu,
  fromHuoban,
  fromJiandaoyun,
  toFeishu,
  toHuoban,
  toJiandaoyun,
  type FeishuField,
  type FeishuWrite,
  type HostRows,
  type HuobanField,
  type HuobanWrite,
  type JiandaoyunWidget,
  type JiandaoyunWrite,
  type PlainRow,
} from "jixiao";
export function hosts(huobanItems: unknown, feishuResponse: string, jdyData: unknown): string[] {
  const fields: HuobanField[] = [
    { field_id: 2200000150845867, name: "合同金额", type: "number" },
    { field_id: "2200000150845868", name: "状态", type: "category", config: { type: "single", options: [{ id: 1, name: "已签约" }] } },
  ];
  const a: HostRows = fromHuoban(huobanItems, fields, { utcOffset: "+08:00", locale: "en" });
  const feishuFields: FeishuField[] = [{ field_name: "签约日期", type: 5 }];
  const b: HostRows = fromFeishu(feishuResponse, { fields: feishuFields, dates: ["签约日期"] });
  const widgets: JiandaoyunWidget[] = [{ name: "_widget_1", label: "明细", type: "subform", items: [{ name: "_widget_2", label: "小计", type: "number" }] }];
  const c: HostRows = fromJiandaoyun(jdyData, widgets);
  fromJiandaoyun(jdyData);
  const rows: PlainRow[] = [...a.rows, ...b.rows, ...c.rows];
  const hb: HuobanWrite = toHuoban(rows, fields, { idColumn: "员工编号", ids: { E001: 2300000000000001 }, columns: { 提成: "本月提成", 备注: null } });
  const fs: FeishuWrite = toFeishu({ rows }, { fields: feishuFields });
  const jd: JiandaoyunWrite = toJiandaoyun(rows, { widgets }, { utcOffset: "Z" });
  // @ts-expect-error: Feishu write options take a column map of strings or null
  toFeishu(rows, { columns: { a: 1 } });
  // @ts-expect-error: the field list is required to write to Huoban
  toHuoban(rows);
  return [
    ...hb.items.map((i) => `${i.item_id} ${Object.keys(i.fields).join(",")}`),
    ...fs.records.map((r) => String(r.record_id)),
    ...jd.items.map((i) => `${i.data_id} ${JSON.stringify(i.data)}`),
    ...[...a.errors, ...b.warnings, ...hb.errors].map((e) => `${e.code} ${e.path} ${e.row ?? ""}`),
  ];
}

// Value sources (DESIGN.md, "Team figures", "Value ranges and strict sources"): a team
// figure, a range, a rated source with its own weights; an inactive indicator's status.
import { type ValueSource } from "jixiao";
export function sources(rows: Record<string, unknown>[]): string[] {
  const team: ValueSource = { group: "revenue", op: "achievement" };
  const ranged: ValueSource = { field: "满意度", range: ["0", 100] };
  const open: ValueSource = { formula: "a / b", range: [null, "1.5"] };
  const rated: ValueSource = { raters: { manager: "上级评分", customer: "客户评分" }, weights: { manager: 60, customer: 40 } };
  // @ts-expect-error a team figure needs its op
  const noOp: ValueSource = { group: "revenue" };
  const scheme: Scheme = {
    fields: { id: "工号", group: "团队" },
    indicators: [
      { key: "revenue", weight: 70, actual: ranged, target: { value: 1 }, scoring: { type: "direct" } },
      { key: "team", weight: 30, actual: team, target: { value: 1 }, scoring: { type: "linear", cap: "1.5" } },
    ],
  } as Scheme;
  const out: EvaluateOutput = new Engine(scheme).evaluate({ people: rows });
  const statuses: string[] = out.results.flatMap((r) => r.indicators.map((i) => i.status));
  return [...statuses, JSON.stringify([open, rated, noOp])];
}

// Analysis (DESIGN.md "Analysis (反馈)"): what-if, funnel, statistics, digest and replay.
import { compare, funnel, replay, type Comparison, type Digest, type FunnelOutput, type ReplayResult, type Row } from "jixiao";
export function analysis(a: Engine, b: Engine, rows: Row[]): string[] {
  const c: Comparison = compare(a, b, { people: rows });
  const n: number | null = compare(a, b, { people: rows }, { decimals: "number" }).people[0].delta.total;
  const f: FunnelOutput = funnel({ people: rows, stages: ["线索", "成交"], groupBy: "团队" });
  const rate: number | null = funnel({ people: rows, stages: ["线索", "成交"], decimals: "number" }).overall.overall.rate;
  const out = a.evaluate({ people: rows }, { statistics: true, digest: true });
  const d: Digest = out.digest;
  const top: string | null = out.summary.indicators?.[0].scores.top10 ?? null;
  const r: ReplayResult = replay(a, { people: rows }, out, { digest: true, id: "E1" });
  // @ts-expect-error: no digest unless asked for
  a.evaluate({ people: rows }).digest;
  // @ts-expect-error: compare takes Engines
  compare(a, {}, { people: rows });
  return [c.summary.payout.delta, String(n), f.stages.join(), String(rate), d.scheme, String(top), String(r.matches),
    ...Object.entries(c.summary.migration).map(([from, to]) => `${from}→${Object.keys(to).join()}`)];
}
