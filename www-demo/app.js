// jixiao demo page: evaluates the bundled sample table with the bundled scheme and
// renders the results, the summary, the failed rows and each person's explanation.
// Plain ES module, no framework, no build step; the engine is the npm package copied
// into ./pkg/ by the build script. Evaluations run off the main thread
// (`engine.evaluateAsync`) with a progress bar and a Cancel button; "100 000 people"
// generates a big team from the sample to show them.
import { init, Engine, validateScheme, JixiaoError, templates, template } from "./pkg/index.browser.js";

const PERIOD = "2025-Q3";
const LOCALES = ["zh-CN", "zh-TW", "en"];
/** The size of the generated big team (`?people=N` changes it). */
const BIG_TEAM = 100_000;
/** How many rows (and row errors) of a big team the page renders: the DOM stays small. */
const SHOWN_ROWS = 200;

// ---------------------------------------------------------------- UI texts
const UI = {
  "zh-CN": {
    product: "绩效引擎演示", period: "考核周期", language: "语言",
    summaryTitle: "汇总", resultsTitle: "考核结果", errorsTitle: "数据问题",
    clickHint: "点击任意一行查看该员工的计算过程。",
    legendVetoed: "一票否决", legendFailed: "数据有误，未计算",
    footer: "所有计算均在本机浏览器内以十进制精确完成，数据不会上传。",
    id: "工号", name: "姓名", group: "团队", role: "岗位", total: "总分", grade: "等级",
    rank: "排名", groupRank: "组内排名", salesRaw: "销售额（原始 → 解析）", adjustments: "加减分", payout: "应发激励", payoutTotal: "激励合计",
    count: "人数", ok: "成功", failed: "失败", mean: "平均分", median: "中位数",
    min: "最低分", max: "最高分", vetoed: "否决", grades: "等级分布",
    noErrors: "没有数据问题，所有行均已计算。",
    rowLabel: (n) => `第 ${n} 行`, field: "字段", code: "代码", value: "原值",
    invalid: "无效", failedRow: "未计算", vetoTag: "否决",
    explainTitle: (r) => `计算过程 · ${r}`, close: "关闭",
    indicator: "指标", actual: "实际值", target: "目标值", achievement: "达成率", score: "得分",
    weight: "权重", weighted: "加权得分", steps: "计算步骤", noSteps: "引擎未返回计算步骤。",
    vetoedBy: (n) => `一票否决：${n}（总分记为 0）`, rowErrors: "本行错误",
    topPercent: "前百分比",
    loading: "正在加载引擎…", computing: "正在计算…",
    ready: (s) => `ready · 已计算 ${s.count} 人：成功 ${s.ok}，失败 ${s.failed} · ${s.ms} ms`,
    errorStatus: "error · 计算未完成，详见错误信息",
    engineError: "引擎报错", schemeIssues: "方案问题", warnings: "方案提示",
    path: "位置", loadFailed: "无法加载引擎或示例数据",
    buildHint: "请先运行构建脚本，把 npm 包复制到 www-demo/pkg/。",
    template: "方案模板", sampleTeam: "示例团队（本页自带数据）",
    bigTeam: (n) => `试算 ${n.toLocaleString("zh-CN")} 人`, backToSample: "返回示例团队",
    progress: (done, total) => `正在后台计算：${done.toLocaleString("zh-CN")} / ${total.toLocaleString("zh-CN")} 行`,
    preparing: "正在准备数据…", finishing: "正在排名、计算激励与汇总…", cancel: "取消",
    cancelled: "已取消：显示的仍是上一次的结果",
    shownRows: (shown, total) => `仅显示前 ${shown} 行（共 ${total.toLocaleString("zh-CN")} 行）；汇总包含全部人员。`,
    moreErrors: (n) => `另有 ${n.toLocaleString("zh-CN")} 条数据问题未列出。`,
  },
  "zh-TW": {
    product: "績效引擎示範", period: "考核週期", language: "語言",
    summaryTitle: "彙總", resultsTitle: "考核結果", errorsTitle: "資料問題",
    clickHint: "點擊任一列查看該員工的計算過程。",
    legendVetoed: "一票否決", legendFailed: "資料有誤，未計算",
    footer: "所有計算均在本機瀏覽器內以十進位精確完成，資料不會上傳。",
    id: "工號", name: "姓名", group: "團隊", role: "職位", total: "總分", grade: "等級",
    rank: "排名", groupRank: "組內排名", salesRaw: "銷售額（原始 → 解析）", adjustments: "加減分", payout: "應發激勵", payoutTotal: "激勵合計",
    count: "人數", ok: "成功", failed: "失敗", mean: "平均分", median: "中位數",
    min: "最低分", max: "最高分", vetoed: "否決", grades: "等級分佈",
    noErrors: "沒有資料問題，所有列均已計算。",
    rowLabel: (n) => `第 ${n} 列`, field: "欄位", code: "代碼", value: "原值",
    invalid: "無效", failedRow: "未計算", vetoTag: "否決",
    explainTitle: (r) => `計算過程 · ${r}`, close: "關閉",
    indicator: "指標", actual: "實際值", target: "目標值", achievement: "達成率", score: "得分",
    weight: "權重", weighted: "加權得分", steps: "計算步驟", noSteps: "引擎未回傳計算步驟。",
    vetoedBy: (n) => `一票否決：${n}（總分記為 0）`, rowErrors: "本列錯誤",
    topPercent: "前百分比",
    loading: "正在載入引擎…", computing: "正在計算…",
    ready: (s) => `ready · 已計算 ${s.count} 人：成功 ${s.ok}，失敗 ${s.failed} · ${s.ms} ms`,
    errorStatus: "error · 計算未完成，詳見錯誤訊息",
    engineError: "引擎報錯", schemeIssues: "方案問題", warnings: "方案提示",
    path: "位置", loadFailed: "無法載入引擎或範例資料",
    buildHint: "請先執行建置腳本，把 npm 套件複製到 www-demo/pkg/。",
    template: "方案範本", sampleTeam: "示範團隊（本頁自帶資料）",
    bigTeam: (n) => `試算 ${n.toLocaleString("zh-TW")} 人`, backToSample: "返回示範團隊",
    progress: (done, total) => `正在背景計算：${done.toLocaleString("zh-TW")} / ${total.toLocaleString("zh-TW")} 列`,
    preparing: "正在準備資料…", finishing: "正在排名、計算激勵與彙總…", cancel: "取消",
    cancelled: "已取消：顯示的仍是上一次的結果",
    shownRows: (shown, total) => `僅顯示前 ${shown} 列（共 ${total.toLocaleString("zh-TW")} 列）；彙總包含全部人員。`,
    moreErrors: (n) => `另有 ${n.toLocaleString("zh-TW")} 筆資料問題未列出。`,
  },
  en: {
    product: "performance engine demo", period: "Period", language: "Language",
    summaryTitle: "Summary", resultsTitle: "Results", errorsTitle: "Data problems",
    clickHint: "Click a row to see how that person's figures were computed.",
    legendVetoed: "Vetoed", legendFailed: "Bad data, not computed",
    footer: "Everything is computed exactly (decimal) in this browser; no data leaves the page.",
    id: "ID", name: "Name", group: "Team", role: "Role", total: "Total", grade: "Grade",
    rank: "Rank", groupRank: "Team rank", salesRaw: "Sales (cell → parsed)", adjustments: "Adjustments", payout: "Payout", payoutTotal: "Payouts",
    count: "People", ok: "OK", failed: "Failed", mean: "Mean", median: "Median",
    min: "Min", max: "Max", vetoed: "Vetoed", grades: "Grades",
    noErrors: "No data problems: every row was computed.",
    rowLabel: (n) => `Row ${n}`, field: "field", code: "code", value: "cell",
    invalid: "invalid", failedRow: "not computed", vetoTag: "veto",
    explainTitle: (r) => `How it was computed · ${r}`, close: "Close",
    indicator: "Indicator", actual: "Actual", target: "Target", achievement: "Achievement", score: "Score",
    weight: "Weight", weighted: "Weighted", steps: "Steps", noSteps: "The engine returned no steps.",
    vetoedBy: (n) => `Vetoed: ${n} (total set to 0)`, rowErrors: "Errors in this row",
    topPercent: "Top %",
    loading: "Loading the engine…", computing: "Computing…",
    ready: (s) => `ready · ${s.count} people computed: ${s.ok} ok, ${s.failed} failed · ${s.ms} ms`,
    errorStatus: "error · the evaluation did not complete, see the error below",
    engineError: "Engine error", schemeIssues: "Scheme problems", warnings: "Scheme warnings",
    path: "at", loadFailed: "Could not load the engine or the sample data",
    buildHint: "Run the build script first: it copies the npm package into www-demo/pkg/.",
    template: "Template", sampleTeam: "Sample team (this page's own data)",
    bigTeam: (n) => `Try ${n.toLocaleString("en")} people`, backToSample: "Back to the sample team",
    progress: (done, total) => `Computing in the background: ${done.toLocaleString("en")} / ${total.toLocaleString("en")} rows`,
    preparing: "Preparing the data…", finishing: "Ranking, paying and summing up…", cancel: "Cancel",
    cancelled: "Cancelled: the results shown are the previous ones",
    shownRows: (shown, total) => `Showing the first ${shown} of ${total.toLocaleString("en")} rows; the summary covers everyone.`,
    moreErrors: (n) => `${n.toLocaleString("en")} more data problems not listed.`,
  },
};

// Role names in the sample data are Chinese cell values; show them translated in the
// UI only where we know them (the engine works on the raw cells).
const CELL_TEXT = {
  "zh-TW": { "销售代表": "銷售代表", "大客户销售": "大客戶銷售", "华东一组": "華東一組", "华南二组": "華南二組", "华北三组": "華北三組" },
  en: { "销售代表": "Sales rep", "大客户销售": "Key account", "华东一组": "East 1", "华南二组": "South 2", "华北三组": "North 3" },
};

// ---------------------------------------------------------------- state
const state = {
  locale: pickInitialLocale(),
  scheme: null,
  people: null,
  engine: null,
  out: null,
  selectedIndex: null,
  rendered: false,
  fatal: null,
  // the bundled sample, and the scheme template picked instead of it (null: the sample)
  sample: null,
  templateKey: pickInitialTemplate(),
  templateDescription: "",
  period: PERIOD,
  // the size of the generated big team shown (null: a sample or a template's data)
  big: null,
  // the evaluation under way: { controller } (a newer one aborts it)
  running: null,
  // the people `out` was computed for
  outFor: null,
};

const $ = (id) => document.getElementById(id);
const t = (key, ...args) => {
  const v = (UI[state.locale] ?? UI["zh-CN"])[key] ?? UI["zh-CN"][key] ?? key;
  return typeof v === "function" ? v(...args) : v;
};

function pickInitialTemplate() {
  const q = new URLSearchParams(location.search).get("template");
  return q && /^[a-z0-9_]+$/.test(q) ? q : null;
}

function pickBigTeamSize() {
  const n = Number(new URLSearchParams(location.search).get("people"));
  return Number.isInteger(n) && n > 0 && n <= 1_000_000 ? n : BIG_TEAM;
}

/**
 * A big team like the sample: row i is sample row i mod 20 under a new 工号 and 姓名 (its
 * messy cells, failing and vetoed rows included), visits and complaints varied a little.
 */
export function bigTeam(sample, n) {
  const idField = sample.scheme?.fields?.id ?? "工号";
  const nameField = sample.scheme?.fields?.name ?? "姓名";
  return Array.from({ length: n }, (_, i) => {
    const base = sample.people[i % sample.people.length];
    const row = { ...base, [idField]: `B${String(i + 1).padStart(6, "0")}`, [nameField]: `${base[nameField]}${Math.floor(i / sample.people.length) + 1}` };
    if (typeof base["拜访次数"] === "number") row["拜访次数"] = base["拜访次数"] + (i % 7) - 3;
    return row;
  });
}

function pickInitialLocale() {
  const q = new URLSearchParams(location.search).get("locale");
  return LOCALES.includes(q) ? q : "zh-CN";
}

// ---------------------------------------------------------------- small helpers
function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === "class") e.className = v;
    else if (k === "text") e.textContent = v;
    else if (k === "dataset") Object.assign(e.dataset, v);
    else if (k.startsWith("on") && typeof v === "function") e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}

const isBlank = (v) => v === null || v === undefined || v === "";

// Decimals arrive as strings with fixed places ("1200000.00"); with {decimals:"number"}
// they could be numbers. Never go through floating point for display: group the digits
// of the string as it is.
function decText(v) {
  if (isBlank(v)) return "";
  return typeof v === "number" ? String(v) : String(v).trim();
}
function groupDigits(v) {
  const s = decText(v);
  const m = /^([+-]?)(\d+)(\.\d+)?$/.exec(s);
  if (!m) return s;
  // a long exact quotient (1/9 = 0.1111…, 28 digits) is cut to 8 places and marked "…"
  const frac = m[3] && m[3].length > 9 ? `${m[3].slice(0, 9)}…` : m[3] ?? "";
  return m[1] + m[2].replace(/\B(?=(\d{3})+(?!\d))/g, ",") + frac;
}
// Money: grouped, an all-zero fraction dropped ("1200000.00" → "1,200,000").
function money(v) {
  const g = groupDigits(v);
  return g.replace(/\.0+$/, "");
}
// A rate "1.1600" → "116.00%" by moving the decimal point in the string.
function percent(v) {
  const s = decText(v);
  const m = /^([+-]?)(\d+)(?:\.(\d+))?$/.exec(s);
  if (!m) return s;
  const frac = (m[3] ?? "").padEnd(2, "0");
  const intPart = (m[2] + frac.slice(0, 2)).replace(/^0+(?=\d)/, "");
  const rest = frac.slice(2);
  return `${m[1]}${intPart}${rest ? "." + rest : ""}%`;
}
function cellText(v) {
  if (v === null || v === undefined) return "∅";
  if (v === "") return "\u201C\u201D";
  if (Array.isArray(v)) return JSON.stringify(v);
  if (typeof v === "object") return JSON.stringify(v);
  return String(v);
}
const showCell = (v) => (typeof v === "string" ? CELL_TEXT[state.locale]?.[v] ?? v : v);

function messageOf(err) {
  if (!err) return "";
  const m = err.messages;
  if (m && typeof m === "object" && m[state.locale]) return m[state.locale];
  return err.message ?? String(err);
}

// The scheme's indicators, in order, with their names (the results may omit names).
// A library indicator ({ library: "collection_rate", … }) may leave out its key: it is the library key.
function indicatorDefs() {
  const list = Array.isArray(state.scheme?.indicators) ? state.scheme.indicators : [];
  return list.map((d) => (d && d.key === undefined && typeof d.library === "string" ? { ...d, key: d.library } : d));
}
function salesField() {
  const defs = indicatorDefs();
  const d = defs.find((i) => i.key === "revenue" && i.actual?.field);
  if (d) return { key: d.key, field: d.actual.field };
  // the library's 销售额达成率 reads 销售额 (or the column it is renamed to)
  const lib = defs.find((i) => i.library === "sales_achievement" && !i.actual);
  if (lib) return { key: lib.key, field: lib.columns?.["销售额"] ?? "销售额" };
  if (state.templateKey) return null;
  const any = defs.find((i) => i.actual?.field);
  return any ? { key: any.key, field: any.actual.field } : null;
}
function fieldName(role, fallback) {
  return state.scheme?.fields?.[role] ?? fallback;
}

// ---------------------------------------------------------------- evaluate
/** The options of the page's evaluation: a big team is evaluated lean (totals only). */
function evaluateOptions(big) {
  return big ? { output: "totals", locale: state.locale } : { explain: true, locale: state.locale };
}

/** The page's input of `people` (state.people, or a big team about to replace it). */
function evaluateInput(people) {
  return { people, tables: state.tables, period: state.period };
}

/** Generates the big team from the page's sample and evaluates it. */
function tryBigTeam() {
  if (!state.sample) return;
  const n = pickBigTeamSize();
  if (state.templateKey) {
    state.templateKey = null;
    const url = new URL(location.href);
    url.searchParams.delete("template");
    history.replaceState(null, "", url);
    $("template").value = "";
    reload(bigTeam(state.sample, n), n);
    return;
  }
  run(bigTeam(state.sample, n), n);
}

function backToSample() {
  run(state.sample.people, null);
}

/**
 * Evaluates `people` off the main thread with a progress bar; a newer run or the Cancel
 * button aborts it. The results replace the page's only when the run completes.
 */
async function run(people = state.people, big = state.big) {
  state.running?.controller.abort();
  const job = { controller: new AbortController() };
  state.running = job;
  setStatus(t("computing"), "busy");
  showProgress(0, people.length);
  const t0 = performance.now();
  try {
    // let the page paint the bar before the input is encoded (that part runs on this thread)
    await new Promise((ok) => setTimeout(ok, 0));
    const out = await state.engine.evaluateAsync(evaluateInput(people), {
      ...evaluateOptions(big),
      signal: job.controller.signal,
      onProgress: (done, total) => state.running === job && showProgress(done, total),
    });
    if (state.running !== job) return;
    if (people !== state.people) {
      state.selectedIndex = null;
      $("explain").hidden = true;
    }
    state.people = people;
    state.big = big;
    state.out = out ?? {};
    state.outFor = people;
    hideError();
    render();
    const ms = Math.max(0, Math.round(performance.now() - t0));
    setStatus(t("ready", { ...summaryCounts(), ms }), "ready");
  } catch (e) {
    if (state.running !== job) return;
    if (e?.code === "ABORTED") {
      // a new scheme was loaded for this run: the results shown were another table's
      if (state.outFor !== state.people) {
        state.out = null;
        clearResults();
      }
      setStatus(t("cancelled"), "cancelled");
    } else {
      state.out = null;
      clearResults();
      showError(e);
      setStatus(t("errorStatus"), "error");
    }
  } finally {
    if (state.running === job) {
      state.running = null;
      hideProgress();
      markReady();
    }
  }
}

function cancelRun() {
  state.running?.controller.abort();
}

function showProgress(done, total) {
  const box = $("progress");
  const bar = $("progress-bar");
  const percent = total > 0 ? Math.floor((done * 100) / total) : 100;
  bar.max = 100;
  bar.value = percent;
  bar.dataset.done = String(done);
  bar.dataset.total = String(total);
  $("progress-percent").textContent = `${percent}%`;
  $("progress-text").textContent = done === 0 && total > 0 ? t("preparing") : done >= total ? t("finishing") : t("progress", done, total);
  box.hidden = false;
}

function hideProgress() {
  $("progress").hidden = true;
}

function summaryCounts() {
  const results = Array.isArray(state.out?.results) ? state.out.results : [];
  const sm = state.out?.summary ?? {};
  const count = sm.count ?? results.length;
  const ok = sm.ok ?? results.filter((r) => r?.ok).length;
  const failed = sm.failed ?? count - ok;
  return { count, ok, failed };
}

function markReady() {
  if (!state.rendered) {
    state.rendered = true;
    document.body.dataset.ready = "true";
  }
}

function setStatus(text, kind) {
  const s = $("status");
  s.textContent = text;
  s.dataset.state = kind;
}

// ---------------------------------------------------------------- rendering
function applyUiTexts() {
  document.documentElement.lang = state.locale;
  document.title = `jixiao · ${t("product")}`;
  for (const n of document.querySelectorAll("[data-i18n]")) n.textContent = t(n.dataset.i18n);
  $("locale").value = state.locale;
  $("scheme-name").textContent = state.scheme?.name ?? "—";
  $("period").textContent = state.period;
  const desc = $("template-description");
  desc.textContent = state.templateKey ? state.templateDescription : "";
  desc.hidden = !state.templateKey;
  $("big-team").textContent = t("bigTeam", pickBigTeamSize());
  $("cancel").textContent = t("cancel");
  const note = $("shown-rows");
  note.hidden = !state.big || !state.out;
  if (state.big) {
    note.replaceChildren(t("shownRows", Math.min(SHOWN_ROWS, state.big), state.big), " ",
      el("button", { type: "button", class: "link", "data-testid": "back-to-sample", onclick: backToSample, text: t("backToSample") }));
  }
}

// ---------------------------------------------------------------- templates
// The picker lists the engine's scheme templates (names in the page's locale).
function renderTemplateOptions() {
  const select = $("template");
  let list = [];
  try {
    list = typeof templates === "function" ? templates({ locale: state.locale }) : [];
  } catch (e) {
    console.warn(e);
  }
  select.replaceChildren(
    el("option", { value: "", text: t("sampleTeam") }),
    ...list.map((x) => el("option", { value: x.key, text: x.name })),
  );
  select.value = state.templateKey ?? "";
}

// Loads the picked template's scheme and sample data (or the bundled sample) and compiles it.
function loadScheme() {
  if (state.templateKey) {
    const tpl = template(state.templateKey, { locale: state.locale });
    state.scheme = tpl.scheme;
    state.people = tpl.sample.people;
    state.tables = tpl.sample.tables;
    state.period = tpl.sample.period ?? PERIOD;
    state.templateDescription = tpl.description;
  } else {
    state.scheme = state.sample.scheme;
    state.people = state.sample.people;
    state.tables = undefined;
    state.period = PERIOD;
    state.templateDescription = "";
  }
  state.big = null;
  state.selectedIndex = null;
  $("explain").hidden = true;
  const old = state.engine;
  state.engine = null;
  old?.free();
  state.engine = new Engine(state.scheme);
}

// Reloads the scheme (a template's names follow the locale) and evaluates (the scheme's own
// sample, or `people` as the big team of size `big`); errors go to the error box.
function reload(people, big = null) {
  try {
    loadScheme();
  } catch (e) {
    state.out = null;
    clearResults();
    showError(e);
    setStatus(t("errorStatus"), "error");
    markReady();
    return;
  }
  if (people === undefined) run();
  else run(people, big);
}

function render() {
  applyUiTexts();
  renderSummary();
  renderTable();
  renderErrors();
  if (state.selectedIndex !== null) renderExplain(state.selectedIndex, false);
}

function clearResults() {
  applyUiTexts();
  $("summary").replaceChildren();
  $("results-table").querySelector("thead").replaceChildren();
  $("results-table").querySelector("tbody").replaceChildren();
  $("errors").replaceChildren();
  $("explain").hidden = true;
}

function gradeBadge(grade) {
  if (isBlank(grade)) return el("span", { class: "muted", text: "—" });
  const g = String(grade);
  return el("span", { class: `badge grade grade-${/^[A-Za-z]$/.test(g) ? g.toUpperCase() : "X"}`, text: g });
}

function renderSummary() {
  const sm = state.out?.summary ?? {};
  const { count, ok, failed } = summaryCounts();
  const stat = (key, value, cls = "") =>
    el("div", { class: `stat ${cls}`, dataset: { key } },
      el("div", { class: "stat-label", text: t(key) }),
      el("div", { class: "stat-value", text: isBlank(value) ? "—" : String(value) }));
  const grades = sm.grades && typeof sm.grades === "object" ? sm.grades : {};
  const gradeList = el("div", { class: "grade-dist" },
    Object.entries(grades).map(([g, n]) =>
      el("span", { class: "grade-count", dataset: { grade: g } }, gradeBadge(g), el("b", { text: ` × ${n}` }))));
  $("summary").replaceChildren(
    stat("count", count),
    stat("ok", ok, "good"),
    stat("failed", failed, failed ? "bad" : ""),
    stat("mean", sm.mean),
    stat("median", sm.median),
    stat("min", sm.min),
    stat("max", sm.max),
    isBlank(sm.payout) ? null : stat("payoutTotal", money(sm.payout)),
    stat("vetoed", sm.vetoed ?? (state.out?.results ?? []).filter((r) => r?.vetoed).length, "warn"),
    el("div", { class: "stat wide", dataset: { key: "grades" } },
      el("div", { class: "stat-label", text: t("grades") }), gradeList),
  );
}

function indicatorColumns() {
  // Columns from the scheme; any indicator key that only appears in results is appended.
  // a library indicator may leave out its name: the results carry it in the output locale
  const resultName = (key) => {
    for (const r of state.out?.results ?? []) {
      const ind = (r?.indicators ?? []).find((x) => x?.key === key);
      if (ind?.name) return ind.name;
    }
    return undefined;
  };
  const cols = indicatorDefs().map((d) => ({ key: d.key, name: d.name ?? resultName(d.key) ?? d.key }));
  const seen = new Set(cols.map((c) => c.key));
  for (const r of state.out?.results ?? []) {
    for (const ind of r?.indicators ?? []) {
      if (ind?.key && !seen.has(ind.key)) { seen.add(ind.key); cols.push({ key: ind.key, name: ind.name ?? ind.key }); }
    }
  }
  return cols;
}

function renderTable() {
  const table = $("results-table");
  const cols = indicatorColumns();
  const sales = salesField();
  const head = el("tr", {},
    el("th", { text: t("id") }), el("th", { text: t("name") }), el("th", { text: t("group") }),
    el("th", { text: t("role") }), el("th", { class: "num", text: t("total") }),
    el("th", { text: t("grade") }), el("th", { class: "num", text: t("rank") }),
    el("th", { class: "num", text: t("groupRank") }),
    el("th", { class: "num", text: t("payout") }),
    sales ? el("th", { class: "num", text: t("salesRaw") }) : null,
    cols.map((c) => el("th", { class: "num ind", title: c.key, text: c.name })),
    el("th", { class: "num", text: t("adjustments") }),
  );
  table.querySelector("thead").replaceChildren(head);

  const results = Array.isArray(state.out?.results) ? state.out.results : [];
  const shown = state.big ? results.slice(0, SHOWN_ROWS) : results;
  const rows = shown.map((r, i) => resultRow(r ?? {}, i, cols, sales));
  table.querySelector("tbody").replaceChildren(...rows);
}

function resultRow(r, i, cols, sales) {
  const input = state.people?.[i] ?? {};
  const ok = r.ok === true;
  const id = r.id ?? input[fieldName("id", "id")] ?? "";
  const byKey = new Map((r.indicators ?? []).filter(Boolean).map((x) => [x.key, x]));
  const errFields = new Set((r.errors ?? []).map((e) => e?.field).filter(Boolean));
  const classes = ["result-row", ok ? "ok" : "failed", r.vetoed ? "vetoed" : "", state.selectedIndex === i ? "selected" : ""];

  let salesCell = null;
  if (sales) {
    const raw = input[sales.field];
    const parsed = byKey.get(sales.key)?.actual;
    const bad = errFields.has(sales.field);
    salesCell = el("td", { class: `num sales ${bad ? "bad-cell" : ""}`, "data-testid": "cell-sales" },
      el("span", { class: "raw", text: cellText(raw) }),
      el("span", { class: "arrow", text: " → " }),
      bad || isBlank(parsed)
        ? el("span", { class: "parsed invalid", text: bad ? `⚠ ${t("invalid")}` : "—" })
        : el("span", { class: "parsed", text: money(parsed) }));
  }

  const nameCell = el("td", { class: "name" }, r.name ?? input[fieldName("name", "name")] ?? "",
    r.vetoed ? el("span", { class: "tag veto", title: r.veto?.name ?? "", text: t("vetoTag") }) : null,
    !ok ? el("span", { class: "tag fail", text: t("failedRow") }) : null);

  const adj = (r.adjustments ?? []).filter((a) => a && !isBlank(a.value) && !/^[+-]?0+(\.0+)?$/.test(decText(a.value)));

  const tr = el("tr", {
    class: classes.filter(Boolean).join(" "),
    "data-testid": "result-row",
    "data-id": id,
    "data-ok": ok ? "true" : "false",
    "data-vetoed": r.vetoed ? "true" : "false",
    "data-index": i,
    tabindex: 0,
    onclick: () => select(i),
    onkeydown: (ev) => { if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); select(i); } },
  },
    el("td", { class: "mono", text: id }),
    nameCell,
    el("td", { text: showCell(r.group ?? input[fieldName("group", "group")] ?? "") }),
    el("td", { text: showCell(r.role ?? input[fieldName("role", "role")] ?? "") }),
    el("td", { class: "num total", "data-testid": "cell-total", text: ok ? decText(r.total) : "—" }),
    el("td", { class: "grade-cell", "data-testid": "cell-grade" }, ok ? gradeBadge(r.grade) : el("span", { class: "muted", text: "—" })),
    el("td", { class: "num", "data-testid": "cell-rank", text: ok && !isBlank(r.rank) ? String(r.rank) : "—" }),
    el("td", { class: "num", "data-testid": "cell-group-rank", text: ok && !isBlank(r.groupRank) ? String(r.groupRank) : "—" }),
    el("td", {
      class: "num payout", "data-testid": "cell-payout", "data-value": ok && !isBlank(r.payout) ? decText(r.payout) : "",
      title: (r.incentives ?? []).map((l) => l?.text ?? "").join("\n"),
      text: ok && !isBlank(r.payout) ? money(r.payout) : "—",
    }),
    salesCell,
    cols.map((c) => {
      const ind = byKey.get(c.key);
      return el("td", { class: "num ind", "data-key": c.key, title: ind && !isBlank(ind.weighted) ? `${t("weighted")} ${decText(ind.weighted)}` : null,
        text: ind && !isBlank(ind.score) ? decText(ind.score) : "—" });
    }),
    el("td", { class: `num ${adj.length ? "neg" : ""}`, text: adj.length ? adj.map((a) => decText(a.value)).join(" ") : "" }),
  );
  return tr;
}

function renderErrors() {
  const box = $("errors");
  const results = Array.isArray(state.out?.results) ? state.out.results : [];
  let errs = Array.isArray(state.out?.errors) ? state.out.errors : null;
  if (!errs) errs = results.flatMap((r, i) => (r?.errors ?? []).map((e) => ({ ...e, row: e?.row ?? i })));
  if (!errs.length) {
    box.replaceChildren(el("p", { class: "muted", text: t("noErrors") }));
    return;
  }
  const rowIndexOf = (e) => {
    if (Number.isInteger(e?.row)) return e.row;
    const m = /^\/?rows\/(\d+)\//.exec(e?.path ?? "");
    return m ? Number(m[1]) : null;
  };
  const hidden = state.big ? Math.max(0, errs.length - SHOWN_ROWS) : 0;
  if (hidden > 0) errs = errs.slice(0, SHOWN_ROWS);
  box.replaceChildren(el("ul", { class: "error-list" }, errs.map((e) => {
    const ri = rowIndexOf(e);
    const who = ri !== null ? results[ri] ?? {} : {};
    const input = ri !== null ? state.people?.[ri] ?? {} : {};
    const rawValue = e?.value ?? (e?.field ? input[e.field] : undefined);
    return el("li", { class: "error-item", "data-testid": "error-item", "data-code": e?.code ?? "", "data-field": e?.field ?? "", "data-row": ri ?? "" },
      el("span", { class: "badge code", text: e?.code ?? "ERROR" }),
      ri !== null ? el("span", { class: "who", text: `${t("rowLabel", ri + 1)} · ${who.id ?? input[fieldName("id", "id")] ?? ""} ${who.name ?? input[fieldName("name", "name")] ?? ""}` }) : null,
      e?.field ? el("span", { class: "field" }, `${t("field")}: `, el("b", { text: e.field })) : null,
      rawValue !== undefined ? el("span", { class: "value" }, `${t("value")}: `, el("code", { text: cellText(rawValue) })) : null,
      el("span", { class: "message", text: messageOf(e) }));
  })), hidden > 0 ? el("p", { class: "muted", "data-testid": "more-errors", text: t("moreErrors", hidden) }) : null);
}

// ---------------------------------------------------------------- explanation
function select(i) {
  state.selectedIndex = i;
  for (const tr of document.querySelectorAll("#results-table tbody tr")) {
    tr.classList.toggle("selected", Number(tr.dataset.index) === i);
  }
  renderExplain(i, true);
}

function closeExplain() {
  state.selectedIndex = null;
  for (const tr of document.querySelectorAll("#results-table tbody tr.selected")) tr.classList.remove("selected");
  $("explain").hidden = true;
}

function explainLines(r) {
  const ex = r?.explain;
  if (ex) {
    if (Array.isArray(ex.lines) && ex.lines.length) return ex.lines.map(String);
    if (Array.isArray(ex.steps) && ex.steps.length) {
      return ex.steps.map((s) => (typeof s === "string" ? s : s?.text ?? messageOf(s) ?? "")).filter(Boolean);
    }
    if (Array.isArray(ex)) return ex.map((s) => (typeof s === "string" ? s : s?.text ?? "")).filter(Boolean);
  }
  // Some engines attach the steps to each indicator instead.
  const lines = [];
  for (const ind of r?.indicators ?? []) {
    const e = ind?.explain;
    if (Array.isArray(e?.lines)) lines.push(...e.lines.map(String));
    else if (Array.isArray(e?.steps)) lines.push(...e.steps.map((s) => s?.text ?? "").filter(Boolean));
  }
  return lines;
}

/**
 * A big team is evaluated lean (no indicators, no steps): its row's explanation comes from
 * evaluating that person alone, with the total, grade, ranks and payout of the whole team.
 */
function explainedResult(i) {
  const r = state.out?.results?.[i];
  if (!state.big || !r) return r;
  try {
    const alone = state.engine.evaluate(evaluateInput([state.people[i]]), evaluateOptions(null)).results[0];
    const { total, grade, rank, groupRank, topPercent, payout, vetoed, ok } = r;
    return { ...alone, total, grade, rank, groupRank, topPercent, payout, vetoed, ok };
  } catch {
    return r;
  }
}

function renderExplain(i, scroll) {
  const box = $("explain");
  const r = explainedResult(i);
  if (!r) { box.hidden = true; return; }
  const input = state.people?.[i] ?? {};
  const defs = new Map(indicatorDefs().map((d) => [d.key, d]));
  const who = `${r.id ?? ""} ${r.name ?? ""}`.trim();

  const header = el("div", { class: "card-head" },
    el("h2", { text: t("explainTitle", who) }),
    el("button", { type: "button", class: "close", onclick: closeExplain, text: t("close") }));

  const facts = el("div", { class: "facts" },
    el("span", {}, `${t("group")}: `, el("b", { text: showCell(r.group ?? "") })),
    el("span", {}, `${t("role")}: `, el("b", { text: showCell(r.role ?? "") })),
    r.ok ? el("span", {}, `${t("total")}: `, el("b", { class: "big", text: decText(r.total) })) : null,
    r.ok ? el("span", {}, `${t("grade")}: `, gradeBadge(r.grade)) : null,
    r.ok && !isBlank(r.rank) ? el("span", {}, `${t("rank")}: `, el("b", { text: String(r.rank) })) : null,
    r.ok && !isBlank(r.groupRank) ? el("span", {}, `${t("groupRank")}: `, el("b", { text: String(r.groupRank) })) : null,
    r.ok && !isBlank(r.topPercent) ? el("span", {}, `${t("topPercent")}: `, el("b", { text: percent(r.topPercent) })) : null);

  const veto = r.vetoed ? el("p", { class: "veto-note", text: t("vetoedBy", r.veto?.name ?? r.veto?.key ?? "") }) : null;

  const errs = (r.errors ?? []).length
    ? el("div", { class: "row-errors" }, el("h3", { text: t("rowErrors") }),
        el("ul", {}, r.errors.map((e) => el("li", {}, el("span", { class: "badge code", text: e?.code ?? "" }), " ",
          e?.field ? el("b", { text: e.field }) : null, e?.field ? ` (${cellText(input[e.field])})` : null, " ", messageOf(e)))))
    : null;

  const inds = (r.indicators ?? []).filter(Boolean);
  const indTable = inds.length
    ? el("div", { class: "table-wrap" }, el("table", { class: "breakdown" },
        el("thead", {}, el("tr", {},
          el("th", { text: t("indicator") }), el("th", { class: "num", text: t("actual") }),
          el("th", { class: "num", text: t("target") }), el("th", { class: "num", text: t("achievement") }),
          el("th", { class: "num", text: t("score") }), el("th", { class: "num", text: t("weight") }),
          el("th", { class: "num", text: t("weighted") }))),
        el("tbody", {}, inds.map((x) => el("tr", {},
          el("td", { text: x.name ?? defs.get(x.key)?.name ?? x.key }),
          el("td", { class: "num", text: isBlank(x.actual) ? "—" : groupDigits(x.actual) }),
          el("td", { class: "num", text: isBlank(x.target) ? "—" : groupDigits(x.target) }),
          el("td", { class: "num", text: isBlank(x.achievement) ? "—" : percent(x.achievement) }),
          el("td", { class: "num", text: decText(x.score) || "—" }),
          el("td", { class: "num", text: isBlank(x.weight) ? "—" : decText(x.weight) }),
          el("td", { class: "num", text: decText(x.weighted) || "—" })))),
        (r.adjustments ?? []).filter(Boolean).length
          ? el("tfoot", {}, (r.adjustments ?? []).filter(Boolean).map((a) => el("tr", { class: /^-(?!0+(\.0+)?$)/.test(decText(a.value)) ? "neg" : "" },
              el("td", { colspan: 6, text: `${t("adjustments")}: ${a.name ?? a.key ?? ""}` }),
              el("td", { class: "num", text: decText(a.value) }))))
          : null))
    : null;

  const lines = explainLines(r);
  const steps = el("div", { class: "steps" },
    el("h3", { text: t("steps") }),
    lines.length
      ? el("ol", { class: "explain-lines", "data-testid": "explain-lines" }, lines.map((l) => el("li", { text: l })))
      : el("p", { class: "muted", text: t("noSteps") }));

  box.replaceChildren(...[header, facts, veto, errs, indTable, steps].filter(Boolean));
  box.dataset.id = r.id ?? "";
  box.hidden = false;
  if (scroll) box.scrollIntoView({ behavior: "smooth", block: "start" });
}

// ---------------------------------------------------------------- errors thrown
function showError(e) {
  const box = $("error-box");
  const isJx = (typeof JixiaoError === "function" && e instanceof JixiaoError) || (e && typeof e === "object" && "code" in e);
  const issues = Array.isArray(e?.issues) ? e.issues : [];
  box.replaceChildren(...[
    el("h2", { text: isJx ? t("engineError") : t("loadFailed") }),
    el("p", {},
      e?.code ? el("span", { class: "badge code", text: e.code }) : null, " ",
      el("span", { class: "message", text: messageOf(e) }),
      e?.path ? el("span", { class: "muted" }, ` (${t("path")} `, el("code", { text: e.path }), ")") : null),
    issues.length
      ? el("div", {}, el("h3", { text: t("schemeIssues") }), el("ul", {}, issues.map((x) => el("li", {},
          el("span", { class: "badge code", text: x?.code ?? "" }), " ",
          x?.path ? el("code", { text: x.path }) : null, " ", messageOf(x)))))
      : null,
    !isJx ? el("p", { class: "muted", text: t("buildHint") }) : null,
  ].filter(Boolean));
  box.hidden = false;
  box.dataset.code = e?.code ?? "";
}
function hideError() {
  const box = $("error-box");
  box.hidden = true;
  box.replaceChildren();
}

// Warnings from validateScheme (an invalid scheme makes `new Engine` throw anyway).
function schemeWarnings() {
  if (typeof validateScheme !== "function") return [];
  try {
    const report = validateScheme(state.scheme);
    const issues = Array.isArray(report?.issues) ? report.issues : [];
    return issues.filter((x) => (x?.severity ?? "error") === "warning");
  } catch {
    return [];
  }
}

// ---------------------------------------------------------------- start
async function loadJson(url) {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  return res.json();
}

async function main() {
  applyUiTexts();
  setStatus(t("loading"), "busy");
  $("locale").addEventListener("change", (ev) => {
    const v = ev.target.value;
    state.locale = LOCALES.includes(v) ? v : "zh-CN";
    const url = new URL(location.href);
    url.searchParams.set("locale", state.locale);
    history.replaceState(null, "", url);
    if (state.sample) renderTemplateOptions();
    if (state.sample && state.templateKey) reload();
    else if (state.engine) run();
    else {
      applyUiTexts();
      if (state.fatal) { showError(state.fatal); setStatus(t("errorStatus"), "error"); }
    }
  });
  $("big-team").addEventListener("click", tryBigTeam);
  $("cancel").addEventListener("click", cancelRun);
  $("template").addEventListener("change", (ev) => {
    if (!state.sample) return;
    state.templateKey = ev.target.value || null;
    const url = new URL(location.href);
    if (state.templateKey) url.searchParams.set("template", state.templateKey);
    else url.searchParams.delete("template");
    history.replaceState(null, "", url);
    reload();
  });
  try {
    const [, scheme, people] = await Promise.all([init(), loadJson("./sample-scheme.json"), loadJson("./sample-people.json")]);
    state.sample = { scheme, people };
    renderTemplateOptions();
    if (state.templateKey && !Array.from($("template").options).some((o) => o.value === state.templateKey)) state.templateKey = null;
    $("template").value = state.templateKey ?? "";
    loadScheme();
    applyUiTexts();
    const warnings = schemeWarnings();
    if (warnings.length) console.warn(t("warnings"), warnings);
  } catch (e) {
    state.fatal = e;
    showError(e);
    setStatus(t("errorStatus"), "error");
    markReady();
    return;
  }
  run();
}

main();
