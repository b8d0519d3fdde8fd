// Tables in and out of the page: pasted TSV, CSV/TSV/XLSX files (papaparse;
// read-excel-file, loaded on first use), the scheme's fields and the mapping of the
// user's columns to them, and the exports (CSV, XLSX with write-excel-file, scheme JSON).
import Papa from "papaparse";

/** Text of a file's bytes: UTF-8 (a BOM dropped), else GB18030 (Excel's CSV on Chinese Windows). */
export function decodeBytes(bytes) {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes).replace(/^\uFEFF/, "");
  } catch {
    return new TextDecoder("gb18030").decode(bytes);
  }
}

/** Rows of cells from pasted or CSV/TSV text (the delimiter is detected: tab, comma, …). */
export function parseDelimited(text) {
  const { data } = Papa.parse(text.replace(/^\uFEFF/, ""), { skipEmptyLines: "greedy" });
  return data;
}

/** Rows of cells of an XLSX file's first sheet (dates as YYYY-MM-DD). */
export async function parseXlsx(file) {
  const { readSheet } = await import("read-excel-file/browser");
  const rows = await readSheet(file);
  return rows.map((row) => row.map((c) => (c instanceof Date ? c.toISOString().slice(0, 10) : c)));
}

/** Rows of cells of a picked or dropped file. */
export async function parseFile(file) {
  if (/\.xlsx$/i.test(file.name)) return parseXlsx(file);
  return parseDelimited(decodeBytes(new Uint8Array(await file.arrayBuffer())));
}

/** `{ headers, rows }`: the first row names the columns (blank or repeated names made unique). */
export function toTable(cells) {
  const [head = [], ...body] = cells;
  const seen = new Map();
  const headers = head.map((h, i) => {
    const base = String(h ?? "").trim() || `#${i + 1}`;
    const k = (seen.get(base) ?? 0) + 1;
    seen.set(base, k);
    return k === 1 ? base : `${base} (${k})`;
  });
  const rows = body
    .filter((r) => r.some((c) => c !== null && c !== undefined && String(c).trim() !== ""))
    .map((r) => Object.fromEntries(headers.map((h, i) => [h, r[i] ?? ""])));
  return { headers, rows };
}

/**
 * The input columns the scheme reads, in order: its identity fields, then every `field`
 * and rater column, then the columns of library indicators (renamed by their `columns`),
 * then what its own sample rows carry. Columns of raw tables (`measures`) are not people
 * columns and are left out.
 */
export function schemeFields(scheme, libraryColumns = {}, sampleRows = []) {
  const out = [];
  const add = (f) => typeof f === "string" && f !== "" && !out.includes(f) && out.push(f);
  for (const role of ["id", "name", "group", "role"]) add(scheme?.fields?.[role]);
  const walk = (node, key) => {
    if (key === "measures" || node === null || typeof node !== "object") return;
    if (Array.isArray(node)) return node.forEach((x) => walk(x));
    if (typeof node.library === "string" && !node.actual) {
      for (const c of libraryColumns[node.library] ?? []) add(node.columns?.[c] ?? c);
    }
    for (const [k, v] of Object.entries(node)) {
      if (k === "field") add(v);
      else if (k === "raters" && v && typeof v === "object" && Object.values(v).every((x) => typeof x === "string")) Object.values(v).forEach(add);
      else walk(v, k);
    }
  };
  walk(scheme);
  for (const row of sampleRows.slice(0, 1)) Object.keys(row).forEach(add);
  return out;
}

// Names people give the identity columns.
const SYNONYMS = [
  ["工号", "员工编号", "員工編號", "员工号", "編號", "编号", "id", "employeeid", "empno"],
  ["姓名", "名字", "员工姓名", "員工姓名", "name", "employee", "employeename"],
  ["团队", "團隊", "部门", "部門", "小组", "組別", "组别", "team", "group", "department"],
  ["岗位", "崗位", "职位", "職位", "角色", "role", "position", "title"],
];

const normal = (s) => String(s).toLowerCase().replace(/[\s\u3000_\-]+/g, "").replace(/[(（][^)）]*[)）]$/, "");

/** For each field, the header with the same name (or a known synonym), else "". */
export function autoMap(fields, headers) {
  const byName = new Map(headers.map((h) => [normal(h), h]));
  const mapping = {};
  for (const f of fields) {
    const group = SYNONYMS.find((g) => g.some((s) => normal(s) === normal(f))) ?? [f];
    const hit = [f, ...group].map((s) => byName.get(normal(s))).find(Boolean);
    mapping[f] = hit ?? "";
  }
  return mapping;
}

/** The engine's rows: each mapped field takes its column's cell; unmapped fields are absent. */
export function applyMapping(rows, mapping) {
  const pairs = Object.entries(mapping).filter(([, col]) => col);
  return rows.map((r) => Object.fromEntries(pairs.map(([f, col]) => [f, r[col]])));
}

/** Saves `blob` as `name` through the browser's download. */
export function download(blob, name) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** CSV text (UTF-8 with a BOM, so Excel reads the Chinese right) of a header row and rows. */
export function toCsv(header, rows) {
  return "\uFEFF" + Papa.unparse([header, ...rows]);
}

/** An XLSX blob of a header row and rows; decimal strings become numbers. */
export async function toXlsx(header, rows) {
  const { default: writeXlsxFile } = await import("write-excel-file/browser");
  const cell = (v) => (typeof v === "string" && /^-?\d+(\.\d+)?$/.test(v) && v.length < 16 ? Number(v) : v === "" ? null : v);
  return writeXlsxFile([header, ...rows.map((r) => r.map(cell))]).toBlob();
}
