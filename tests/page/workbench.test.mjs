// The workbench flows in headless Chromium, desktop and phone: a scheme pasted as JSON, a
// TSV pasted from Excel, a CSV and an XLSX uploaded with messy cells (120万, full-width
// digits, ¥), columns mapped, the cells that cannot be read listed before computing, a
// weight edited (totals recompute) and a broken weight sum shown at the field, exports read
// back, charts, the language switch, a statement on a phone. Every figure checked is
// computed here by plain integer arithmetic from the tiny tables below, never taken from
// the engine. Screenshots of each flow in zh-CN and en go to target/page-shots/.
//
//   node --test tests/page/workbench.test.mjs
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import Papa from "papaparse";
import writeXlsxFile from "write-excel-file/node";
import { readSheet } from "read-excel-file/node";
import { startPage, byTestId, waitReady, DEMO_SRC, SHOTS } from "./page-server.mjs";

// ---------------------------------------------------------------- the tiny scheme and tables
const SCHEME = {
  name: "小测试方案",
  fields: { id: "工号", name: "姓名", group: "团队", role: "岗位" },
  indicators: [
    { key: "sales", name: "销售额", weight: 60, actual: { field: "销售额" }, target: { field: "目标" }, scoring: { type: "linear", cap: "1.2" } },
    { key: "quality", name: "质量", weight: 40, actual: { field: "质量分" }, scoring: { type: "direct" } },
  ],
  grades: { type: "bands", bands: [{ grade: "A", min: 100 }, { grade: "B", min: 80 }, { grade: "C", min: 0 }] },
};

/**
 * The expected total of a person, in hundredths: sales score = 100 × actual ÷ target capped
 * at 120, quality score = the cell; Σ score × weight ÷ 100. The tables are chosen so that
 * every quotient is exact.
 */
function expectedTotal({ sales, target, quality }, w = { sales: 60, quality: 40 }) {
  const salesScore = Math.min((sales * 100) / target, 120);
  const hundredths = salesScore * w.sales + quality * w.quality; // = total × 100
  assert.ok(Number.isInteger(hundredths));
  return `${Math.floor(hundredths / 100)}.${String(hundredths % 100).padStart(2, "0")}`;
}
const gradeOf = (total) => (Number(total) >= 100 ? "A" : Number(total) >= 80 ? "B" : "C");

// what the cells mean, written by hand next to how they are written
const PEOPLE = [
  { id: "A1", name: "甲", team: "一组", salesCell: "120万", targetCell: "100万", qualityCell: "90", sales: 1_200_000, target: 1_000_000, quality: 90 },
  { id: "A2", name: "乙", team: "二组", salesCell: "８０万", targetCell: "¥1,000,000", qualityCell: "７０", sales: 800_000, target: 1_000_000, quality: 70 },
  { id: "A3", name: "丙", team: "二组", salesCell: "¥950,000.00", targetCell: "100万", qualityCell: "85", sales: 950_000, target: 1_000_000, quality: 85 },
];
const BAD = [
  { id: "A4", name: "丁", team: "一组", salesCell: "待补充", targetCell: "100万", qualityCell: "80", badField: "销售额" },
  { id: "A5", name: "戊", team: "一组", salesCell: "90万", targetCell: "100万", qualityCell: "9".repeat(400), badField: "质量分" },
];

const tsv = () =>
  ["工号\t姓名\t团队\t销售额\t目标\t质量分", ...[...PEOPLE, ...BAD].map((p) => [p.id, p.name, p.team, p.salesCell, p.targetCell, p.qualityCell].join("\t"))].join("\n");

let ctx;
let phone;
before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  ctx = await startPage();
});
after(async () => {
  await ctx?.close();
  await phone?.close();
});

const shot = (page, name) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
const text = async (loc) => ((await loc.textContent()) ?? "").trim();

async function pasteScheme(page, scheme = SCHEME) {
  await byTestId(page, "tab-scheme").click();
  await byTestId(page, "scheme-json").fill(JSON.stringify(scheme, null, 2));
  await page.waitForFunction((name) => document.querySelector('[data-testid="scheme-name"]')?.textContent === name, scheme.name, { timeout: 10_000 });
  await byTestId(page, "json-ok").waitFor({ state: "visible" });
  await waitReady(page);
}

async function waitChecked(page) {
  await page.waitForFunction(() => document.querySelector('[data-testid="check"]')?.dataset.state === "done", null, { timeout: 20_000 });
}

/** The figures of the result rows, by id. */
async function shownTotals(page) {
  return page.locator('[data-testid="result-row"]').evaluateAll((rows) =>
    Object.fromEntries(rows.map((tr) => [tr.dataset.id, {
      ok: tr.dataset.ok === "true",
      total: tr.querySelector('[data-testid="cell-total"]').textContent.trim(),
      grade: tr.querySelector('[data-testid="cell-grade"]').textContent.trim(),
    }])));
}

function assertTotals(got, people, weights) {
  for (const p of people) {
    const total = expectedTotal(p, weights);
    assert.deepEqual(got[p.id], { ok: true, total, grade: gradeOf(total) }, `${p.id}`);
  }
}

const noHorizontalScroll = (page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1);

test("paste a scheme and a TSV from Excel: the unreadable cells are listed before computing, then the totals", async (t) => {
  for (const locale of ["zh-CN", "en"]) {
    const { page, problems } = await ctx.open(`?locale=${locale}`);
    try {
      await pasteScheme(page);
      await shot(page, `scheme-json-${locale}`);
      await byTestId(page, "tab-data").click();
      await byTestId(page, "paste-area").fill(tsv());
      await byTestId(page, "paste-read").click();
      await waitChecked(page);
      // every scheme field matched by name
      for (const f of ["工号", "姓名", "团队", "销售额", "目标", "质量分"]) assert.equal(await byTestId(page, `map-${f}`).inputValue(), f);
      // the two bad cells, in the page's language, before anything is computed
      const items = byTestId(page, "check-item");
      assert.equal(await items.count(), 2, await text(byTestId(page, "check")));
      for (const [k, bad] of BAD.entries()) {
        const item = items.nth(k);
        assert.equal(await item.getAttribute("data-row"), String(PEOPLE.length + k));
        assert.equal(await item.getAttribute("data-field"), bad.badField);
        assert.match(await item.getAttribute("data-code"), /^(INVALID_NUMBER|OVERFLOW)$/);
        const message = await text(item.locator(".message"));
        // the column's name and the cell are quoted as written; the sentence is in the page's language
        const sentence = message.replace(/“[^”]*”|"[^"]*"|「[^」]*」/g, "");
        if (locale === "en") assert.doesNotMatch(sentence, /[\u4e00-\u9fff]/, `an English message: ${message}`);
        else assert.match(message, /[\u4e00-\u9fff]/, `a Chinese message: ${message}`);
        assert.doesNotMatch(message, /INVALID_NUMBER|OVERFLOW/, "no raw error code on screen");
      }
      assert.ok(await noHorizontalScroll(page), "a 400-digit cell does not widen the page");
      await shot(page, `import-paste-${locale}`);

      await byTestId(page, "use-data").click();
      await waitReady(page);
      assert.equal(await byTestId(page, "result-row").count(), PEOPLE.length + BAD.length);
      const got = await shownTotals(page);
      assertTotals(got, PEOPLE);
      for (const b of BAD) assert.equal(got[b.id].ok, false, `${b.id} failed`);
      assert.ok(await noHorizontalScroll(page), "the results do not widen the page");
      await shot(page, `results-${locale}`);
      assert.deepEqual(problems, []);
      t.diagnostic(`${locale}: ok`);
    } finally {
      await page.close();
    }
  }
});

test("upload a CSV with other column names: map one by hand, then compute", async () => {
  const { page, problems } = await ctx.open();
  try {
    await pasteScheme(page);
    const csv = Papa.unparse([
      ["员工编号", "名字", "团队", "业绩额", "目标", "质量分"],
      ...PEOPLE.map((p) => [p.id, p.name, p.team, p.salesCell, p.targetCell, p.qualityCell]),
    ]);
    await byTestId(page, "tab-data").click();
    await byTestId(page, "file-input").setInputFiles({ name: "团队.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
    await waitChecked(page);
    assert.equal(await byTestId(page, "map-工号").inputValue(), "员工编号", "a synonym matched");
    assert.equal(await byTestId(page, "map-姓名").inputValue(), "名字");
    assert.equal(await byTestId(page, "map-销售额").inputValue(), "", "业绩额 is not matched by name");
    // 销售额 and 岗位 (the CSV has no role column) are not matched
    assert.match(await text(byTestId(page, "unmapped")), /还有 2 个/);
    await byTestId(page, "map-销售额").selectOption("业绩额");
    await page.waitForFunction(() => /还有 1 个/.test(document.querySelector('[data-testid="unmapped"]')?.textContent ?? ""), null, { timeout: 5_000 });
    await waitChecked(page);
    assert.ok(await byTestId(page, "check-ok").isVisible(), await text(byTestId(page, "check")));
    await shot(page, "import-csv-zh-CN");
    await byTestId(page, "use-data").click();
    await waitReady(page);
    assertTotals(await shownTotals(page), PEOPLE);
    assert.match(await text(byTestId(page, "data-source")), /团队\.csv/);
    assert.deepEqual(problems, []);
  } finally {
    await page.close();
  }
});

test("upload an XLSX (numbers and messy text cells), compute, export CSV and XLSX and read them back", async () => {
  const { page, problems } = await ctx.open("?locale=en");
  try {
    await pasteScheme(page);
    const sheet = [
      ["工号", "姓名", "团队", "销售额", "目标", "质量分"],
      ...PEOPLE.map((p, k) => [p.id, p.name, p.team, k === 0 ? p.sales : p.salesCell, p.targetCell, k === 2 ? p.quality : p.qualityCell]),
    ];
    const xlsx = await writeXlsxFile(sheet).toBuffer();
    await byTestId(page, "tab-data").click();
    await byTestId(page, "file-input").setInputFiles({ name: "team.xlsx", mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", buffer: xlsx });
    await waitChecked(page);
    assert.equal(await byTestId(page, "check-item").count(), 0, await text(byTestId(page, "check")));
    await shot(page, "import-xlsx-en");
    await byTestId(page, "use-data").click();
    await waitReady(page);
    assertTotals(await shownTotals(page), PEOPLE);

    const [csvDownload] = await Promise.all([page.waitForEvent("download"), byTestId(page, "export-csv").click()]);
    const csv = readFileSync(await csvDownload.path(), "utf8").replace(/^\uFEFF/, "");
    const rows = Papa.parse(csv, { header: true, skipEmptyLines: true }).data;
    assert.equal(rows.length, PEOPLE.length);
    for (const p of PEOPLE) {
      const row = rows.find((r) => r.ID === p.id);
      assert.ok(row, `${p.id} in ${csv}`);
      assert.equal(row.Total, expectedTotal(p));
      assert.equal(row.Grade, gradeOf(expectedTotal(p)));
    }

    const [xlsxDownload] = await Promise.all([page.waitForEvent("download"), byTestId(page, "export-xlsx").click()]);
    const back = await readSheet(await xlsxDownload.path());
    const head = back[0];
    for (const p of PEOPLE) {
      const row = back.find((r) => r[head.indexOf("ID")] === p.id);
      assert.ok(row, `${p.id} in the XLSX`);
      assert.equal(Number(row[head.indexOf("Total")]).toFixed(2), expectedTotal(p));
    }

    const [schemeDownload] = await Promise.all([page.waitForEvent("download"), byTestId(page, "export-scheme").click()]);
    assert.deepEqual(JSON.parse(readFileSync(await schemeDownload.path(), "utf8")), SCHEME);
    assert.deepEqual(problems, []);
  } finally {
    await page.close();
  }
});

test("edit the weights: a broken sum is shown at the field, a valid one recomputes the totals", async () => {
  for (const locale of ["zh-CN", "en"]) {
    const { page, problems } = await ctx.open(`?locale=${locale}`);
    try {
      await pasteScheme(page);
      await byTestId(page, "tab-data").click();
      await byTestId(page, "paste-area").fill(tsv());
      await byTestId(page, "paste-read").click();
      await waitChecked(page);
      await byTestId(page, "use-data").click();
      await waitReady(page);

      await byTestId(page, "tab-scheme").click();
      await byTestId(page, "weight-sales").fill("50");
      const issue = byTestId(page, "weight-sum-issue");
      await page.waitForFunction(() => document.querySelector('[data-testid="weight-sum-issue"]')?.textContent.trim() !== "", null, { timeout: 5_000 });
      assert.match(await text(issue), locale === "en" ? /sum to 90.*100/ : /90.*100/);
      assert.equal(await text(byTestId(page, "weight-sum")), "Σ 90");
      await shot(page, `weights-broken-${locale}`);
      // the results still show the last valid scheme's totals
      await byTestId(page, "tab-results").click();
      assertTotals(await shownTotals(page), PEOPLE);

      await byTestId(page, "tab-scheme").click();
      await byTestId(page, "weight-quality").fill("50");
      await page.waitForFunction(() => document.querySelector('[data-testid="weight-sum-issue"]')?.textContent.trim() === "", null, { timeout: 5_000 });
      assert.equal(await text(byTestId(page, "weight-sum")), "Σ 100");
      await waitReady(page);
      await byTestId(page, "tab-results").click();
      const weights = { sales: 50, quality: 50 };
      await page.waitForFunction((want) => document.querySelector('[data-testid="result-row"][data-id="A1"] [data-testid="cell-total"]')?.textContent.trim() === want, expectedTotal(PEOPLE[0], weights), { timeout: 10_000 });
      assertTotals(await shownTotals(page), PEOPLE, weights);
      await shot(page, `weights-edited-${locale}`);

      // the JSON view shows a problem of a broken scheme next to it, and keeps the last valid one
      await byTestId(page, "tab-scheme").click();
      const broken = { ...SCHEME, indicators: [{ ...SCHEME.indicators[0], weight: 70 }, SCHEME.indicators[1]] };
      await byTestId(page, "scheme-json").fill(JSON.stringify(broken));
      await byTestId(page, "json-issue").first().waitFor({ state: "visible", timeout: 5_000 });
      assert.equal(await byTestId(page, "json-issue").first().getAttribute("data-path"), "/indicators");
      await byTestId(page, "scheme-json").fill("{ not json");
      await byTestId(page, "json-issue").first().waitFor({ state: "visible", timeout: 5_000 });
      assert.doesNotMatch(await text(byTestId(page, "json-issues")), /INVALID_JSON/);
      assertTotals(await shownTotals(page), PEOPLE, weights);
      assert.deepEqual(problems, []);
    } finally {
      await page.close();
    }
  }
});

test("results: filter, search, sort; charts; the 加减分 column shows points", async () => {
  const sample = JSON.parse(readFileSync(join(DEMO_SRC, "sample-people.json"), "utf8"));
  const { page, problems } = await ctx.open();
  try {
    // 加减分: 客户投诉 −5 each, at least −20, written with the score's two places
    for (const p of sample.filter((x) => Number(x["投诉次数"]) > 0)) {
      const row = page.locator(`[data-testid="result-row"][data-id="${p["工号"]}"]`);
      if ((await row.getAttribute("data-ok")) !== "true") continue;
      const points = Math.max(-5 * Number(p["投诉次数"]), -20);
      assert.equal(await text(row.locator('[data-testid="cell-adjustments"]')), `${points}.00`, p["工号"]);
    }

    await byTestId(page, "filter-group").selectOption("华东一组");
    const teams = await page.locator('[data-testid="result-row"] td:nth-child(3)').allTextContents();
    assert.equal(teams.length, sample.filter((p) => p["团队"] === "华东一组").length);
    assert.ok(teams.every((x) => x.trim() === "华东一组"));
    await byTestId(page, "filter-group").selectOption("");
    await byTestId(page, "search").fill("E01");
    assert.equal(await byTestId(page, "result-row").count(), sample.filter((p) => p["工号"].includes("E01")).length);
    await byTestId(page, "search").fill("");
    await byTestId(page, "sort-total").click();
    const totals = (await page.locator('[data-testid="result-row"][data-ok="true"] [data-testid="cell-total"]').allTextContents()).map(Number);
    assert.deepEqual(totals, [...totals].sort((a, b) => b - a), "descending by total");
    await shot(page, "results-sorted-zh-CN");

    // charts: the grade counts equal the rows' grades counted here
    await byTestId(page, "tab-charts").click();
    await byTestId(page, "chart-grades").locator("canvas").first().waitFor({ timeout: 10_000 });
    const grades = await page.locator('[data-testid="result-row"][data-ok="true"] [data-testid="cell-grade"]').allTextContents();
    const counted = {};
    for (const g of grades) counted[g.trim()] = (counted[g.trim()] ?? 0) + 1;
    const charted = await byTestId(page, "chart-grades").locator("tr").evaluateAll((trs) => trs.map((tr) => [tr.dataset.grade, Number(tr.dataset.count)]));
    for (const [g, n] of charted) assert.equal(n, counted[g] ?? 0, `grade ${g}`);
    for (const id of ["chart-leaders", "chart-histogram", "chart-payouts"]) assert.ok((await byTestId(page, id).locator("canvas").count()) > 0, id);
    const binned = await byTestId(page, "chart-histogram").locator("tr").evaluateAll((trs) => trs.reduce((s, tr) => s + Number(tr.dataset.count), 0));
    assert.equal(binned, grades.length, "every scored person in one bin");
    await shot(page, "charts-zh-CN");
    await byTestId(page, "locale").selectOption("en");
    await waitReady(page);
    await shot(page, "charts-en");
    assert.deepEqual(problems, []);
  } finally {
    await page.close();
  }
});

test("drop a TSV file in traditional Chinese, compute, and open a statement with the keyboard", async () => {
  const { page, problems } = await ctx.open("?locale=zh-TW");
  try {
    await pasteScheme(page);
    await byTestId(page, "tab-data").click();
    await page.evaluate((body) => {
      const dt = new DataTransfer();
      dt.items.add(new File([body], "拖入.tsv", { type: "text/tab-separated-values" }));
      document.querySelector('[data-testid="drop-zone"]').dispatchEvent(new DragEvent("drop", { dataTransfer: dt, bubbles: true, cancelable: true }));
    }, tsv());
    await waitChecked(page);
    assert.equal(await byTestId(page, "check-item").count(), BAD.length);
    await shot(page, "import-drop-zh-TW");
    await byTestId(page, "use-data").click();
    await waitReady(page);
    assertTotals(await shownTotals(page), PEOPLE);
    const row = page.locator('[data-testid="result-row"][data-id="A1"]');
    await row.focus();
    await page.keyboard.press("Enter");
    const card = byTestId(page, "explain");
    await card.waitFor({ state: "visible", timeout: 5_000 });
    assert.equal(await text(card.locator('[data-testid="statement-total"]')), expectedTotal(PEOPLE[0]));
    assert.match(await text(card.locator("h2")), /^績效單/);
    await page.keyboard.press("Escape");
    await card.waitFor({ state: "detached", timeout: 5_000 });
    assert.deepEqual(problems, []);
  } finally {
    await page.close();
  }
});

test("an unknown ?template= says so and opens the sample team", async () => {
  const { page, problems } = await ctx.open("?template=no_such_template&locale=en");
  try {
    assert.match(await text(byTestId(page, "notice")), /no_such_template/);
    assert.equal(await byTestId(page, "template").inputValue(), "");
    assert.equal(await byTestId(page, "result-row").count(), 20);
    assert.deepEqual(problems, []);
  } finally {
    await page.close();
  }
});

test("a statement on a phone: tap a row, every payout line and explanation line, Esc closes, printable", async () => {
  phone = await startPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
  for (const locale of ["zh-CN", "en"]) {
    const { page, problems } = await phone.open(`?locale=${locale}`);
    try {
      assert.ok(await noHorizontalScroll(page), "the page fits the phone's width");
      await shot(page, `phone-results-${locale}`);
      const row = page.locator('[data-testid="result-row"][data-id="E001"]');
      await row.tap();
      const card = byTestId(page, "explain");
      await card.waitFor({ state: "visible", timeout: 5_000 });
      // the sample's E001: every payout line visible, their amounts add up to the payout
      const lines = card.locator('[data-testid="payout-lines"] li');
      assert.ok((await lines.count()) >= 1);
      let cents = 0n;
      for (const amount of await lines.evaluateAll((ls) => ls.map((l) => l.dataset.amount))) {
        const [i, f = ""] = amount.split(".");
        cents += BigInt(i) * 100n + BigInt(f.padEnd(2, "0").slice(0, 2));
      }
      const payout = (await text(card.locator('[data-testid="statement-payout"]'))).replaceAll(",", "");
      const [pi, pf = ""] = payout.split(".");
      assert.equal(cents, BigInt(pi) * 100n + BigInt(pf.padEnd(2, "0")), "Σ payout lines = payout");
      for (let k = 0; k < (await lines.count()); k++) assert.ok(await lines.nth(k).isVisible());
      assert.ok((await card.locator('[data-testid="statement-categories"] tbody tr').count()) === 3, "业绩 / 运营 / 行为");
      assert.ok((await card.locator('[data-testid="explain-lines"] li').count()) > 0);
      assert.ok(await noHorizontalScroll(page), "the statement fits the phone's width");
      await shot(page, `phone-statement-${locale}`);
      await page.emulateMedia({ media: "print" });
      assert.equal(await byTestId(page, "results-table").isVisible(), false, "printing shows the statement alone");
      assert.ok(await card.isVisible());
      await page.emulateMedia({ media: "screen" });
      await page.keyboard.press("Escape");
      await card.waitFor({ state: "detached", timeout: 5_000 });
      assert.deepEqual(problems, []);
    } finally {
      await page.close();
    }
  }
});

test("every text of the page exists in zh-CN, zh-TW and en, of the same kind", async () => {
  const { UI } = await import("../../www-demo/src/i18n.js");
  const shape = (o) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, typeof v === "object" ? shape(v) : typeof v]));
  assert.deepEqual(shape(UI["zh-TW"]), shape(UI["zh-CN"]));
  assert.deepEqual(shape(UI.en), shape(UI["zh-CN"]));
  // zh-TW is its own text, not simplified characters left over
  const flat = (o) => Object.values(o).flatMap((v) => (typeof v === "object" ? flat(v) : typeof v === "function" ? [String(v(1, 2))] : [v]));
  const simplifiedOnly = /[这们数据计权总级组页载选过导错础区间]/;
  for (const s of flat(UI["zh-TW"])) assert.doesNotMatch(s, simplifiedOnly, s);
});
