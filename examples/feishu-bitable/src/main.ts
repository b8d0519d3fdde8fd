// The sidebar: pickers and buttons around src/plugin.ts. Feishu loads this page in an iframe
// beside the Bitable; `bitable.base` talks to the host.
import { bitable, type IFieldMeta } from "@lark-base-open/js-sdk";
import { init, templates, type Template } from "jixiao";
import { autoMap, listTables, run, templateColumns, type Mapping, type PluginBase, type RunReport, type Target } from "./plugin.js";

type Locale = "zh-CN" | "zh-TW" | "en";

const TEXTS: Record<Locale, Record<string, string>> = {
  "zh-CN": {
    table: "人员表", template: "考核模板", period: "考核期间", mapping: "字段对应（模板列 → 表格字段）",
    score: "总分写入", grade: "等级写入", rank: "排名写入", run: "计算并写回", unmapped: "（不读取）",
    create: "新建字段", loading: "正在读取…", done: "读取 {read} 行，写回 {written} 行，{problems} 个问题",
    name: "姓名", total: "总分", gradeCol: "等级", rankCol: "排名", failed: "未写回",
  },
  "zh-TW": {
    table: "人員表", template: "考核範本", period: "考核期間", mapping: "欄位對應（範本欄 → 表格欄位）",
    score: "總分寫入", grade: "等級寫入", rank: "排名寫入", run: "計算並寫回", unmapped: "（不讀取）",
    create: "新建欄位", loading: "正在讀取…", done: "讀取 {read} 行，寫回 {written} 行，{problems} 個問題",
    name: "姓名", total: "總分", gradeCol: "等級", rankCol: "排名", failed: "未寫回",
  },
  en: {
    table: "People table", template: "Template", period: "Period", mapping: "Fields (template column → table field)",
    score: "Write the total into", grade: "Write the grade into", rank: "Write the rank into", run: "Evaluate and write back",
    unmapped: "(not read)", create: "new field", loading: "Reading…",
    done: "{read} rows read, {written} written, {problems} problems", name: "Name", total: "Total", gradeCol: "Grade",
    rankCol: "Rank", failed: "not written",
  },
};

/** The default names of the result fields the plugin creates. */
const CREATE_NAMES: Record<Locale, Record<"score" | "grade" | "rank", string>> = {
  "zh-CN": { score: "绩效得分", grade: "绩效等级", rank: "绩效排名" },
  "zh-TW": { score: "績效得分", grade: "績效等級", rank: "績效排名" },
  en: { score: "Score", grade: "Grade", rank: "Rank" },
};

const $ = <T extends HTMLElement>(id: string): T => {
  const el = document.getElementById(id);
  if (!el) throw new Error(`#${id} is missing from index.html`);
  return el as T;
};

function option(value: string, label: string, selected = false): HTMLOptionElement {
  const o = document.createElement("option");
  o.value = value;
  o.textContent = label;
  o.selected = selected;
  return o;
}

async function localeOfHost(): Promise<Locale> {
  const language = await bitable.bridge.getLanguage().catch(() => "zh" as const);
  return language === "en" ? "en" : language === "zh-TW" || language === "zh-HK" ? "zh-TW" : "zh-CN";
}

async function main(): Promise<void> {
  await init();
  const locale = await localeOfHost();
  const t = (key: string, values: Record<string, number> = {}): string =>
    (TEXTS[locale][key] ?? key).replace(/\{(\w+)\}/g, (_, k: string) => String(values[k] ?? ""));
  for (const el of document.querySelectorAll<HTMLElement>("[data-t]")) el.textContent = t(el.dataset.t ?? "");

  // `bitable.base` is the SDK's IBase: that it is a PluginBase is checked by tsc here.
  const base: PluginBase = bitable.base;
  const all: Template[] = templates({ locale });
  const tableSelect = $<HTMLSelectElement>("table");
  const templateSelect = $<HTMLSelectElement>("template");
  const period = $<HTMLInputElement>("period");
  let fields: IFieldMeta[] = [];
  let mapping: Mapping = {};

  const selection = await bitable.base.getSelection();
  for (const meta of await listTables(base)) tableSelect.append(option(meta.id, meta.name, meta.id === selection.tableId));
  for (const tpl of all) templateSelect.append(option(tpl.key, tpl.name));
  const template = (): Template => all.find((x) => x.key === templateSelect.value) ?? all[0]!;

  function renderMapping(): void {
    const rows = templateColumns(template()).map((column) => {
      const select = document.createElement("select");
      select.append(option("", t("unmapped")));
      for (const f of fields) select.append(option(f.id, f.name, mapping[column] === f.id));
      select.onchange = () => (mapping[column] = select.value || null);
      const tr = document.createElement("tr");
      const th = document.createElement("th");
      th.textContent = column;
      const td = document.createElement("td");
      td.append(select);
      tr.append(th, td);
      return tr;
    });
    $("mapping").replaceChildren(...rows);
  }

  function renderTargets(): void {
    for (const key of ["score", "grade", "rank"] as const) {
      const name = CREATE_NAMES[locale][key];
      const existing = fields.find((f) => f.name === name);
      const select = $<HTMLSelectElement>(key);
      select.replaceChildren(option(`create:${name}`, `${t("create")} “${name}”`, !existing));
      for (const f of fields) select.append(option(`field:${f.id}`, f.name, f.id === existing?.id));
    }
  }

  async function refresh(): Promise<void> {
    const table = await base.getTableById(tableSelect.value);
    fields = await table.getFieldMetaList();
    mapping = autoMap(templateColumns(template()), fields);
    period.value = template().sample.period ?? "";
    renderMapping();
    renderTargets();
  }

  const target = (key: "score" | "grade" | "rank"): Target => {
    const value = $<HTMLSelectElement>(key).value;
    return value.startsWith("field:") ? { fieldId: value.slice(6) } : { create: value.slice(7) };
  };

  function renderReport(report: RunReport): void {
    $("status").textContent = t("done", { read: report.read, written: report.written, problems: report.problems.length });
    const head = document.createElement("tr");
    for (const key of ["name", "total", "gradeCol", "rankCol"]) {
      const th = document.createElement("th");
      th.textContent = t(key);
      head.append(th);
    }
    const rows = report.results.map((r) => {
      const tr = document.createElement("tr");
      const cells = r.ok ? [r.name ?? r.recordId, r.total ?? "", r.grade ?? "", String(r.rank ?? "")] : [r.name ?? r.recordId, t("failed"), "", ""];
      for (const text of cells) {
        const td = document.createElement("td");
        td.textContent = text;
        tr.append(td);
      }
      if (!r.ok) tr.className = "problem";
      return tr;
    });
    $("results").replaceChildren(head, ...rows);
    const items = [...report.problems.map((p) => `${p.name ?? p.recordId ?? ""}：${p.message}`), ...report.warnings].map((text, i) => {
      const li = document.createElement("li");
      li.textContent = text;
      li.className = i < report.problems.length ? "problem" : "muted";
      return li;
    });
    $("problems").replaceChildren(...items);
  }

  tableSelect.onchange = () => void refresh();
  templateSelect.onchange = () => void refresh();
  $<HTMLButtonElement>("run").onclick = async () => {
    const button = $<HTMLButtonElement>("run");
    button.disabled = true;
    $("status").textContent = t("loading");
    $("status").className = "";
    try {
      const targets = { score: target("score"), grade: target("grade"), rank: target("rank") };
      const options = { tableId: tableSelect.value, template: template(), mapping, targets, locale };
      renderReport(await run(base, period.value ? { ...options, period: period.value } : options));
      fields = await (await base.getTableById(tableSelect.value)).getFieldMetaList(); // the fields just created
      renderTargets();
    } catch (e) {
      $("status").textContent = e instanceof Error ? e.message : String(e);
      $("status").className = "problem";
    } finally {
      button.disabled = false;
    }
  };
  await refresh();
}

main().catch((e: unknown) => {
  document.body.textContent = e instanceof Error ? e.message : String(e);
});
