// The page's own words in zh-CN, zh-TW and en. The engine's words (error messages,
// explanation lines, template and indicator names) come from the package in the same
// locale; nothing here is a developer's text.
import { reactive } from "vue";

export const LOCALES = ["zh-CN", "zh-TW", "en"];
export const LOCALE_NAMES = { "zh-CN": "简体中文", "zh-TW": "繁體中文", en: "English" };

const n = (locale) => (x) => Number(x).toLocaleString(locale);

const zhCN = {
  product: "绩效工作台", period: "考核周期", language: "语言", template: "方案模板",
  sampleTeam: "示例团队（本页自带数据）",
  tabs: { data: "导入数据", results: "考核结果", charts: "图表", scheme: "方案与权重" },
  loading: "正在加载引擎…", computing: "正在计算…",
  ready: (s) => `已计算 ${s.count} 人：成功 ${s.ok}，失败 ${s.failed}`,
  errorStatus: "计算未完成，详见下方说明", cancelled: "已取消：显示的仍是上一次的结果",
  unknownTemplate: (k) => `没有名为 “${k}” 的方案模板，已改为打开示例团队。`,
  dataSource: (name, rows) => `当前数据：${name}（${rows} 行）`,
  bigTeam: (x) => `试算 ${n("zh-CN")(x)} 人`, backToSample: "返回示例团队",
  progress: (d, t) => `正在后台计算：${n("zh-CN")(d)} / ${n("zh-CN")(t)} 行`,
  preparing: "正在准备数据…", finishing: "正在排名、计算激励与汇总…", cancel: "取消",
  bigNote: (x) => `共 ${n("zh-CN")(x)} 行（分页显示）；汇总包含全部人员。`,
  // summary
  summaryTitle: "汇总", count: "人数", ok: "成功", failed: "失败", mean: "平均分", median: "中位数",
  min: "最低分", max: "最高分", vetoed: "否决", grades: "等级分布", payoutTotal: "激励合计",
  // table
  resultsTitle: "考核结果", clickHint: "点击任意一行查看该员工的绩效单。",
  id: "工号", name: "姓名", group: "团队", role: "岗位", total: "总分", grade: "等级",
  rank: "排名", groupRank: "组内排名", payout: "应发激励", adjustments: "加减分",
  salesRaw: "销售额（原始 → 解析）", invalid: "无效", failedRow: "未计算", vetoTag: "否决",
  search: "搜索工号或姓名", all: "全部", filterGroup: "团队", filterGrade: "等级", filterRole: "岗位",
  page: (p, t) => `第 ${p} / ${t} 页`, prev: "上一页", next: "下一页",
  matching: (x, t) => `显示 ${n("zh-CN")(x)} / ${n("zh-CN")(t)} 人`,
  sortBy: (c) => `按${c}排序`,
  legendVetoed: "一票否决", legendFailed: "数据有误，未计算",
  errorsTitle: "数据问题", noErrors: "没有数据问题，所有行均已计算。",
  rowLabel: (x) => `第 ${x} 行`, field: "字段", value: "原值",
  moreErrors: (x) => `另有 ${n("zh-CN")(x)} 条数据问题未列出。`,
  // export
  exportTitle: "导出", exportCsv: "导出 CSV", exportXlsx: "导出 Excel", exportScheme: "导出方案 JSON",
  // statement
  statementTitle: (w) => `绩效单 · ${w}`, close: "关闭", print: "打印",
  categories: "维度得分", category: "维度", indicator: "指标", actual: "实际值", target: "目标值",
  achievement: "达成率", score: "得分", weight: "权重", weighted: "加权得分",
  payoutLines: "激励明细", noPayout: "本方案没有激励或此人无激励。", steps: "计算过程",
  noSteps: "引擎未返回计算步骤。", vetoedBy: (x) => `一票否决：${x}（总分记为 0）`,
  rowErrors: "本行错误", topPercent: "前百分比", points: "分",
  // charts
  chartsTitle: "团队概览", gradeChart: "等级分布", leaderChart: "排行榜（前 10 名）",
  histChart: "总分分布", payoutChart: "激励构成", people: "人", noData: "暂无数据",
  // data
  importTitle: "导入你自己的数据", pasteLabel: "从 Excel / WPS 复制表格（含表头）后粘贴到这里",
  pastePlaceholder: "工号\t姓名\t销售额 …", readPaste: "读取粘贴内容",
  fileLabel: "或选择 / 拖入 CSV、TSV、XLSX 文件", dropHere: "把文件拖到这里",
  readFailed: "无法读取这个文件", emptyTable: "没有读到任何数据行（第一行应为表头）。",
  columnsTitle: (name, rows, cols) => `${name}：${rows} 行，${cols} 列`,
  mapTitle: "把表格的列对应到方案字段", schemeField: "方案字段", yourColumn: "你的列",
  notImported: "（不导入）", autoMatched: "已按名称自动匹配", unmapped: "未对应",
  missingFields: (x) => `还有 ${x} 个方案字段没有对应的列，这些值会被当作缺失。`,
  checkTitle: "读不出来的单元格", checkOk: "所有单元格都能读取。", checking: "正在检查…",
  checkMore: (x) => `另有 ${n("zh-CN")(x)} 处未列出。`,
  useData: "用这份数据计算", preview: "预览（前 5 行）", pasted: "粘贴的表格",
  // scheme
  weightsTitle: "指标权重", weightSum: "权重合计", categorySum: (c) => `${c} 小计`,
  jsonTitle: "方案 JSON", jsonHint: "可直接编辑或粘贴整份方案；修改有效时结果会立即重算。",
  jsonOk: "方案有效，已应用。", schemeProblems: "方案问题", rolesNote: "注意：方案对部分岗位另设了权重，这些岗位不受此处修改影响。",
  // errors
  engineError: "计算出错", loadFailed: "无法加载引擎或示例数据", path: "位置",
  footer: "所有计算均在本机浏览器内以十进制精确完成，数据不会上传。",
};

const zhTW = {
  product: "績效工作台", period: "考核週期", language: "語言", template: "方案範本",
  sampleTeam: "示範團隊（本頁自帶資料）",
  tabs: { data: "匯入資料", results: "考核結果", charts: "圖表", scheme: "方案與權重" },
  loading: "正在載入引擎…", computing: "正在計算…",
  ready: (s) => `已計算 ${s.count} 人：成功 ${s.ok}，失敗 ${s.failed}`,
  errorStatus: "計算未完成，詳見下方說明", cancelled: "已取消：顯示的仍是上一次的結果",
  unknownTemplate: (k) => `沒有名為「${k}」的方案範本，已改為開啟示範團隊。`,
  dataSource: (name, rows) => `目前資料：${name}（${rows} 列）`,
  bigTeam: (x) => `試算 ${n("zh-TW")(x)} 人`, backToSample: "返回示範團隊",
  progress: (d, t) => `正在背景計算：${n("zh-TW")(d)} / ${n("zh-TW")(t)} 列`,
  preparing: "正在準備資料…", finishing: "正在排名、計算激勵與彙總…",
  bigNote: (x) => `共 ${n("zh-TW")(x)} 列（分頁顯示）；彙總包含全部人員。`,
  summaryTitle: "彙總", count: "人數", ok: "成功", failed: "失敗", mean: "平均分", median: "中位數", cancel: "取消", min: "最低分", max: "最高分", vetoed: "否決", grades: "等級分佈", payoutTotal: "激勵合計",
  resultsTitle: "考核結果", clickHint: "點擊任一列查看該員工的績效單。",
  id: "工號", name: "姓名", group: "團隊", role: "職位", total: "總分", grade: "等級",
  rank: "排名", groupRank: "組內排名", payout: "應發激勵", adjustments: "加減分",
  salesRaw: "銷售額（原始 → 解析）", invalid: "無效", failedRow: "未計算", vetoTag: "否決",
  search: "搜尋工號或姓名", all: "全部", filterGroup: "團隊", filterGrade: "等級", filterRole: "職位",
  page: (p, t) => `第 ${p} / ${t} 頁`, prev: "上一頁", next: "下一頁",
  matching: (x, t) => `顯示 ${n("zh-TW")(x)} / ${n("zh-TW")(t)} 人`,
  sortBy: (c) => `依${c}排序`,
  legendVetoed: "一票否決", legendFailed: "資料有誤，未計算",
  errorsTitle: "資料問題", noErrors: "沒有資料問題，所有列均已計算。",
  rowLabel: (x) => `第 ${x} 列`, field: "欄位", value: "原值",
  moreErrors: (x) => `另有 ${n("zh-TW")(x)} 筆資料問題未列出。`,
  exportTitle: "匯出", exportCsv: "匯出 CSV", exportXlsx: "匯出 Excel", exportScheme: "匯出方案 JSON",
  statementTitle: (w) => `績效單 · ${w}`, close: "關閉", print: "列印",
  categories: "維度得分", category: "維度", indicator: "指標", actual: "實際值", target: "目標值",
  achievement: "達成率", score: "得分", weight: "權重", weighted: "加權得分",
  payoutLines: "激勵明細", noPayout: "本方案沒有激勵或此人無激勵。", steps: "計算過程",
  noSteps: "引擎未回傳計算步驟。", vetoedBy: (x) => `一票否決：${x}（總分記為 0）`,
  rowErrors: "本列錯誤", topPercent: "前百分比", points: "分",
  chartsTitle: "團隊概覽", gradeChart: "等級分佈", leaderChart: "排行榜（前 10 名）",
  histChart: "總分分佈", payoutChart: "激勵構成", people: "人", noData: "暫無資料",
  importTitle: "匯入你自己的資料", pasteLabel: "從 Excel / WPS 複製表格（含表頭）後貼到這裡",
  pastePlaceholder: "工號\t姓名\t銷售額 …", readPaste: "讀取貼上內容",
  fileLabel: "或選擇 / 拖入 CSV、TSV、XLSX 檔案", dropHere: "把檔案拖到這裡",
  readFailed: "無法讀取這個檔案", emptyTable: "沒有讀到任何資料列（第一列應為表頭）。",
  columnsTitle: (name, rows, cols) => `${name}：${rows} 列，${cols} 欄`,
  mapTitle: "把表格的欄對應到方案欄位", schemeField: "方案欄位", yourColumn: "你的欄",
  notImported: "（不匯入）", autoMatched: "已依名稱自動比對", unmapped: "未對應",
  missingFields: (x) => `還有 ${x} 個方案欄位沒有對應的欄，這些值會被當作缺失。`,
  checkTitle: "讀不出來的儲存格", checkOk: "所有儲存格都能讀取。", checking: "正在檢查…",
  checkMore: (x) => `另有 ${n("zh-TW")(x)} 處未列出。`,
  useData: "用這份資料計算", preview: "預覽（前 5 列）", pasted: "貼上的表格",
  weightsTitle: "指標權重", weightSum: "權重合計", categorySum: (c) => `${c} 小計`,
  jsonTitle: "方案 JSON", jsonHint: "可直接編輯或貼上整份方案；修改有效時結果會立即重算。",
  jsonOk: "方案有效，已套用。", schemeProblems: "方案問題", rolesNote: "注意：方案對部分職位另設了權重，這些職位不受此處修改影響。",
  engineError: "計算出錯", loadFailed: "無法載入引擎或範例資料", path: "位置",
  footer: "所有計算均在本機瀏覽器內以十進位精確完成，資料不會上傳。",
};

const en = {
  product: "performance workbench", period: "Period", language: "Language", template: "Template",
  sampleTeam: "Sample team (this page's own data)",
  tabs: { data: "Your data", results: "Results", charts: "Charts", scheme: "Scheme & weights" },
  loading: "Loading the engine…", computing: "Computing…",
  ready: (s) => `${s.count} people computed: ${s.ok} ok, ${s.failed} failed`,
  errorStatus: "The evaluation did not complete, see below", cancelled: "Cancelled: the results shown are the previous ones",
  unknownTemplate: (k) => `There is no template "${k}"; the sample team is shown instead.`,
  dataSource: (name, rows) => `Data: ${name} (${rows} rows)`,
  bigTeam: (x) => `Try ${n("en")(x)} people`, backToSample: "Back to the sample team",
  progress: (d, t) => `Computing in the background: ${n("en")(d)} / ${n("en")(t)} rows`,
  preparing: "Preparing the data…", finishing: "Ranking, paying and summing up…", cancel: "Cancel",
  bigNote: (x) => `${n("en")(x)} rows, in pages; the summary covers everyone.`,
  summaryTitle: "Summary", count: "People", ok: "OK", failed: "Failed", mean: "Mean", median: "Median",
  min: "Min", max: "Max", vetoed: "Vetoed", grades: "Grades", payoutTotal: "Payouts",
  resultsTitle: "Results", clickHint: "Click a row to open that person's statement.",
  id: "ID", name: "Name", group: "Team", role: "Role", total: "Total", grade: "Grade",
  rank: "Rank", groupRank: "Team rank", payout: "Payout", adjustments: "Adjustments",
  salesRaw: "Sales (cell → parsed)", invalid: "invalid", failedRow: "not computed", vetoTag: "veto",
  search: "Search ID or name", all: "All", filterGroup: "Team", filterGrade: "Grade", filterRole: "Role",
  page: (p, t) => `Page ${p} of ${t}`, prev: "Previous", next: "Next",
  matching: (x, t) => `Showing ${n("en")(x)} of ${n("en")(t)} people`,
  sortBy: (c) => `Sort by ${c}`,
  legendVetoed: "Vetoed", legendFailed: "Bad data, not computed",
  errorsTitle: "Data problems", noErrors: "No data problems: every row was computed.",
  rowLabel: (x) => `Row ${x}`, field: "Column", value: "Cell",
  moreErrors: (x) => `${n("en")(x)} more data problems not listed.`,
  exportTitle: "Export", exportCsv: "Export CSV", exportXlsx: "Export Excel", exportScheme: "Export scheme JSON",
  statementTitle: (w) => `Statement · ${w}`, close: "Close", print: "Print",
  categories: "Scores by category", category: "Category", indicator: "Indicator", actual: "Actual", target: "Target",
  achievement: "Achievement", score: "Score", weight: "Weight", weighted: "Weighted",
  payoutLines: "Payout", noPayout: "No payout under this scheme for this person.", steps: "How it was computed",
  noSteps: "The engine returned no steps.", vetoedBy: (x) => `Vetoed: ${x} (total set to 0)`,
  rowErrors: "Errors in this row", topPercent: "Top %", points: "points",
  chartsTitle: "The team at a glance", gradeChart: "Grades", leaderChart: "Leaderboard (top 10)",
  histChart: "Totals", payoutChart: "Payout mix", people: "people", noData: "No data yet",
  importTitle: "Bring your own data", pasteLabel: "Copy a table with its header row in Excel / WPS and paste it here",
  pastePlaceholder: "ID\tName\tSales …", readPaste: "Read the pasted table",
  fileLabel: "or pick / drop a CSV, TSV or XLSX file", dropHere: "Drop a file here",
  readFailed: "This file could not be read", emptyTable: "No data rows were found (the first row must be the header).",
  columnsTitle: (name, rows, cols) => `${name}: ${rows} rows, ${cols} columns`,
  mapTitle: "Match your columns to the scheme's fields", schemeField: "Scheme field", yourColumn: "Your column",
  notImported: "(not imported)", autoMatched: "matched by name", unmapped: "not matched",
  missingFields: (x) => `${x} of the scheme's fields have no column; their values count as missing.`,
  checkTitle: "Cells that cannot be read", checkOk: "Every cell can be read.", checking: "Checking…",
  checkMore: (x) => `${n("en")(x)} more not listed.`,
  useData: "Compute with this data", preview: "Preview (first 5 rows)", pasted: "Pasted table",
  weightsTitle: "Indicator weights", weightSum: "Sum of weights", categorySum: (c) => `${c} subtotal`,
  jsonTitle: "Scheme JSON", jsonHint: "Edit here or paste a whole scheme; a valid change recomputes at once.",
  jsonOk: "The scheme is valid and applied.", schemeProblems: "Scheme problems", rolesNote: "Note: the scheme gives some roles their own weights; they are not changed here.",
  engineError: "The computation failed", loadFailed: "Could not load the engine or the sample data", path: "at",
  footer: "Everything is computed exactly (decimal) in this browser; no data leaves the page.",
};

export const UI = { "zh-CN": zhCN, "zh-TW": zhTW, en };

/** The page's locale, reactive: every text below follows it. */
export const i18n = reactive({ locale: initialLocale() });

function initialLocale() {
  const q = typeof location === "object" ? new URLSearchParams(location.search).get("locale") : null;
  return LOCALES.includes(q) ? q : "zh-CN";
}

/** The page's text `key` in the current locale (a function entry is called with `args`). */
export function t(key, ...args) {
  const v = key.split(".").reduce((o, k) => o?.[k], UI[i18n.locale]);
  return typeof v === "function" ? v(...args) : v ?? key;
}

/** An engine error's message in the page's locale. */
export function messageOf(err) {
  return err?.messages?.[i18n.locale] ?? err?.message ?? String(err ?? "");
}

// The sample's team and role cells are Chinese; shown translated where known.
const CELL_TEXT = {
  "zh-TW": { 销售代表: "銷售代表", 大客户销售: "大客戶銷售", 华东一组: "華東一組", 华南二组: "華南二組", 华北三组: "華北三組" },
  en: { 销售代表: "Sales rep", 大客户销售: "Key account", 华东一组: "East 1", 华南二组: "South 2", 华北三组: "North 3" },
};
export const showCell = (v) => (typeof v === "string" ? CELL_TEXT[i18n.locale]?.[v] ?? v : v ?? "");
