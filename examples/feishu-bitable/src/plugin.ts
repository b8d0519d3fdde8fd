// The plugin's logic, free of the DOM: read a people table of a Feishu Bitable through the
// SDK's own interfaces, map its fields to a jixiao template's columns, evaluate, and write
// the total score, grade and rank back. `main.ts` is only the sidebar around it; the tests
// drive it with an in-memory table that implements the same SDK interfaces (DESIGN.md,
// "A host plugin: Feishu Bitable").
import {
  FieldType,
  IOpenSegmentType,
  type IAddFieldConfig,
  type IBase,
  type IFieldMeta,
  type IOpenCellValue,
  type IRecord,
  type ITable,
  type ITableMeta,
} from "@lark-base-open/js-sdk";
import {
  Engine,
  fromFeishu,
  toFeishu,
  type EvaluateOutput,
  type FeishuField,
  type JixiaoErrorData,
  type LocaleTag,
  type PlainRow,
  type Template,
} from "jixiao";

/** The part of the SDK's `ITable` the plugin calls: the SDK's own signatures. */
export type PluginTable = Pick<ITable, "id" | "getName" | "getFieldMetaList" | "getRecordsByPage" | "addField" | "setRecords">;

/** The part of the SDK's `IBase` the plugin calls (`bitable.base` is one, see `main.ts`). */
export interface PluginBase {
  getTableMetaList: IBase["getTableMetaList"];
  getTableById(id: Parameters<IBase["getTableById"]>[0]): Promise<PluginTable>;
}

/** Template column → the id of the table field that holds it (`null`: not in this table). */
export type Mapping = Record<string, string | null>;

/** Where a result goes: an existing field, or a new one created with this name. */
export type Target = { fieldId: string } | { create: string };

/** The three results written back. */
export interface Targets {
  score: Target;
  grade: Target;
  rank: Target;
}

/** A row (record) that was not written, or a cell that could not be read. */
export interface Problem {
  recordId: string | null;
  /** The person's name when it was read. */
  name: string | null;
  code: string;
  /** The template column or table field concerned, when there is one. */
  field: string | null;
  message: string;
}

/** One person's result, as the sidebar lists it. */
export interface PersonResult {
  recordId: string;
  name: string | null;
  group: string | null;
  ok: boolean;
  total: string | null;
  grade: string | null;
  rank: number | null;
  vetoed: boolean;
}

/** What {@link run} did. */
export interface RunReport {
  /** Records read from the table. */
  read: number;
  /** Records written back (only rows evaluated without error). */
  written: number;
  results: PersonResult[];
  /** Rows not written and cells not read, with the engine's message in the chosen locale. */
  problems: Problem[];
  /** Advice that blocked nothing (an unknown role, a guessed date …). */
  warnings: string[];
}

/** What {@link run} needs besides the base. */
export interface RunOptions {
  tableId: string;
  template: Template;
  mapping: Mapping;
  targets: Targets;
  /** The period evaluated (default: the template sample's). */
  period?: string;
  /** The language of messages (default zh-CN). */
  locale?: LocaleTag;
}

/** The SDK's limits: records per `getRecordsByPage` page and per `setRecords` call. */
export const PAGE_SIZE = 200;
export const WRITE_BATCH = 200;

/** The tables of the base, for the table picker. */
export async function listTables(base: PluginBase): Promise<ITableMeta[]> {
  return base.getTableMetaList();
}

/**
 * The columns a template reads, in the order its sample table has them: the sample is the
 * template's own people table, so its column names are the ones its scheme reads.
 */
export function templateColumns(template: Template): string[] {
  const columns = new Set<string>();
  for (const row of template.sample.people) for (const key of Object.keys(row)) columns.add(key);
  return [...columns];
}

/** A field name as a person would compare it: full-width folded (NFKC), no spaces, lower case. */
function comparable(name: string): string {
  return name.normalize("NFKC").replace(/\s+/g, "").toLowerCase();
}

/**
 * Maps every template column to the table field of the same name: the exact name first,
 * then the name compared loosely (`（元）` = `(元)`, spaces and case ignored); else `null`.
 */
export function autoMap(columns: string[], fields: IFieldMeta[]): Mapping {
  const mapping: Mapping = {};
  for (const column of columns) {
    const exact = fields.find((f) => f.name === column);
    const loose = fields.find((f) => comparable(f.name) === comparable(column));
    mapping[column] = (exact ?? loose)?.id ?? null;
  }
  return mapping;
}

/** Every record of a table, page by page. */
export async function readAllRecords(table: PluginTable): Promise<IRecord[]> {
  const records: IRecord[] = [];
  let pageToken: number | undefined;
  for (;;) {
    const page = await table.getRecordsByPage({ pageSize: PAGE_SIZE, pageToken });
    records.push(...page.records);
    if (!page.hasMore || page.pageToken === undefined) return records;
    pageToken = page.pageToken;
  }
}

/**
 * The field type of the open API's *list fields* for an SDK field type: the SDK numbers
 * currency, progress, rating (numbers there), barcode and e-mail (texts) on their own.
 */
function openApiType(type: FieldType): number {
  switch (type) {
    case FieldType.Currency:
    case FieldType.Progress:
    case FieldType.Rating:
      return FieldType.Number;
    case FieldType.Barcode:
    case FieldType.Email:
      return FieldType.Text;
    default:
      return type;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The text of an option, a link or a rich-text segment; the value itself otherwise. */
function textOf(value: unknown): unknown {
  return isObject(value) && typeof value.text === "string" ? value.text : value;
}

/** A formula or lookup value: one number or text as it is, several joined like rich text. */
function formulaValue(cell: IOpenCellValue): unknown {
  const value: unknown = cell;
  if (!Array.isArray(value)) return textOf(value);
  if (value.length === 1) return textOf(value[0]);
  if (value.every((v) => isObject(v) && typeof v.text === "string")) return value.map(textOf).join("");
  return value;
}

/**
 * An SDK cell in the open API's shape, which `fromFeishu` reads: options become their
 * names (the SDK gives `{ id, text }`), auto numbers and links their text, formulas their
 * value; numbers, dates (epoch ms), members and rich text are the same in both.
 */
export function openApiCell(cell: IOpenCellValue | undefined, type: FieldType): unknown {
  const value: unknown = cell;
  if (value === undefined || value === null) return null;
  switch (type) {
    case FieldType.SingleSelect:
    case FieldType.SingleLink:
    case FieldType.DuplexLink:
      return textOf(value);
    case FieldType.MultiSelect:
      return Array.isArray(value) ? value.map(textOf) : textOf(value);
    case FieldType.AutoNumber:
      return isObject(value) ? value.value : value;
    case FieldType.Formula:
    case FieldType.Lookup:
      return formulaValue(cell ?? null);
    default:
      return value;
  }
}

/** The people rows read from a table, keyed by template column, each with its record id as `_id`. */
export interface PeopleRows {
  rows: PlainRow[];
  problems: Problem[];
  warnings: string[];
}

/**
 * Reads the records into plain rows keyed by template column through `fromFeishu`
 * (dates into local dates, members into `[{ id, name }]`, rich text into its text). A cell
 * `fromFeishu` cannot read is left out of its row and reported; the engine then says what
 * the person lacks.
 */
export function peopleRows(records: IRecord[], fields: IFieldMeta[], mapping: Mapping, locale: LocaleTag): PeopleRows {
  const mapped = Object.entries(mapping).flatMap(([column, id]) => {
    const field = fields.find((f) => f.id === id);
    return field ? [{ column, field }] : [];
  });
  const items = records.map((record) => ({
    record_id: record.recordId,
    fields: Object.fromEntries(mapped.map(({ column, field }) => [column, openApiCell(record.fields[field.id], field.type)])),
  }));
  const feishuFields: FeishuField[] = mapped.map(({ column, field }) => ({ field_name: column, type: openApiType(field.type) }));
  const read = fromFeishu(items, { fields: feishuFields, locale });
  const problems = read.errors.map((e) => problem(e, recordAt(records, e.path), null));
  return { rows: read.rows, problems, warnings: read.warnings.map((w) => w.message) };
}

/** The record an adapter path `items/N/…` points at. */
function recordAt(records: IRecord[], path: string): string | null {
  const index = Number(/^items\/(\d+)/.exec(path)?.[1]);
  return records[index]?.recordId ?? null;
}

function problem(error: JixiaoErrorData, recordId: string | null, name: string | null): Problem {
  return { recordId, name, code: error.code, field: error.field ?? null, message: error.message };
}

/** The template's scheme with the record id as the person id: every record has one, unique. */
function schemeByRecord(template: Template): Template["scheme"] {
  return { ...template.scheme, fields: { ...template.scheme.fields, id: "_id" } };
}

/** Field types a result may be written into. */
const WRITABLE: Record<keyof Targets, FieldType[]> = {
  score: [FieldType.Number, FieldType.Text],
  grade: [FieldType.Text, FieldType.SingleSelect],
  rank: [FieldType.Number, FieldType.Text],
};

/** The type a result's field is created with. */
const CREATED: Record<keyof Targets, IAddFieldConfig["type"]> = {
  score: FieldType.Number,
  grade: FieldType.Text,
  rank: FieldType.Number,
};

/** A target checked against the table: its field, or the name of the field to create. */
function checkTarget(key: keyof Targets, target: Target, fields: IFieldMeta[]): IFieldMeta | string {
  const field = fields.find((f) => ("create" in target ? f.name === target.create : f.id === target.fieldId));
  if (!field && "create" in target) return target.create;
  if (!field) throw new Error(`the ${key} field is not in the table`);
  if (!WRITABLE[key].includes(field.type)) throw new Error(`the ${key} cannot be written into “${field.name}” (field type ${field.type})`);
  return field;
}

/**
 * The target fields, created when asked (`{ create: name }`; an existing field of that name
 * is used instead). Throws before creating or writing anything when a target is missing, of
 * a type its result cannot go into, or chosen for two results.
 */
export async function resolveTargets(table: PluginTable, targets: Targets): Promise<Record<keyof Targets, IFieldMeta>> {
  const keys = Object.keys(targets) as (keyof Targets)[];
  let fields = await table.getFieldMetaList();
  const planned = keys.map((key) => [key, checkTarget(key, targets[key], fields)] as const);
  const names = planned.map(([, p]) => (typeof p === "string" ? p : p.name));
  const twice = names.find((n, i) => names.indexOf(n) !== i);
  if (twice !== undefined) throw new Error(`“${twice}” is chosen for two results`);
  for (const [key, p] of planned) {
    if (typeof p === "string") await table.addField({ type: CREATED[key], name: p } as IAddFieldConfig);
  }
  if (planned.some(([, p]) => typeof p === "string")) fields = await table.getFieldMetaList();
  const byName = (name: string): IFieldMeta => {
    const field = fields.find((f) => f.name === name);
    if (!field) throw new Error(`the field “${name}” was not created`);
    return field;
  };
  return Object.fromEntries(planned.map(([key, p]) => [key, byName(typeof p === "string" ? p : p.name)])) as Record<keyof Targets, IFieldMeta>;
}

/** A value `toFeishu` shaped, as the SDK writes it into a field of this type (`undefined`: cannot). */
export function sdkCell(value: unknown, field: IFieldMeta): IOpenCellValue | undefined {
  if (value === null || value === undefined) return null;
  switch (field.type) {
    case FieldType.Number:
      return typeof value === "number" ? value : undefined;
    case FieldType.Text:
      return [{ type: IOpenSegmentType.Text, text: String(value) }];
    case FieldType.SingleSelect: {
      const options = "options" in field.property ? field.property.options : [];
      const option = options.find((o) => o.name === String(value));
      return option ? { id: option.id, text: option.name } : undefined;
    }
    default:
      return undefined;
  }
}

/** The records to write, and the rows that cannot be written with why. */
interface Writes {
  records: IRecord[];
  problems: Problem[];
}

/**
 * The SDK records for the evaluated rows: `toFeishu` shapes them (numbers exact or
 * refused), then each value is put in the SDK's cell shape for its field. Only rows the
 * engine evaluated without error are written; a row with any value that cannot be written is
 * left out whole.
 */
function writes(out: EvaluateOutput, targets: Record<keyof Targets, IFieldMeta>, names: Map<string, string | null>, locale: LocaleTag): Writes {
  const fields = Object.values(targets);
  const feishuFields: FeishuField[] = fields.map((f) => ({ field_name: f.name, type: openApiType(f.type) }));
  const okRows = (out.rows ?? []).filter((_, i) => out.results[i]?.ok === true);
  const body = toFeishu(okRows, { fields: feishuFields, locale });
  const problems = body.errors.map((e) => {
    const id = okRows[Number(/^rows\/(\d+)/.exec(e.path)?.[1])]?._id;
    return problem(e, typeof id === "string" ? id : null, typeof id === "string" ? (names.get(id) ?? null) : null);
  });
  const records: IRecord[] = [];
  for (const update of body.records) {
    const recordId = String(update.record_id);
    const cells = fields.map((f) => [f, sdkCell(update.fields[f.name], f)] as const);
    const bad = cells.find(([, cell]) => cell === undefined);
    if (bad) {
      const [field] = bad;
      const message = `“${String(update.fields[field.name])}” cannot be written into “${field.name}”`;
      problems.push({ recordId, name: names.get(recordId) ?? null, code: "INVALID_VALUE", field: field.name, message });
      continue;
    }
    records.push({ recordId, fields: Object.fromEntries(cells.map(([f, cell]) => [f.id, cell ?? null])) });
  }
  return { records, problems };
}

/** Writes records in batches the SDK accepts. */
export async function writeRecords(table: PluginTable, records: IRecord[]): Promise<void> {
  for (let i = 0; i < records.length; i += WRITE_BATCH) await table.setRecords(records.slice(i, i + WRITE_BATCH));
}

/** A result as the sidebar lists it. */
function personResult(r: EvaluateOutput["results"][number]): PersonResult {
  return {
    recordId: String(r.id),
    name: r.name ?? null,
    group: r.group ?? null,
    ok: r.ok,
    total: r.total === null || r.total === undefined ? null : String(r.total),
    grade: r.grade ?? null,
    rank: r.rank ?? null,
    vetoed: r.vetoed === true,
  };
}

/**
 * Reads the table, evaluates it with the template and writes score, grade and rank back.
 * A row the engine cannot evaluate (an unreadable number, a missing value) is reported in
 * `problems` and not written: its fields keep what they had.
 */
export async function run(base: PluginBase, options: RunOptions): Promise<RunReport> {
  const locale = options.locale ?? "zh-CN";
  const table = await base.getTableById(options.tableId);
  const fields = await table.getFieldMetaList();
  const records = await readAllRecords(table);
  const people = peopleRows(records, fields, options.mapping, locale);
  const targets = await resolveTargets(table, options.targets);
  const engine = new Engine(schemeByRecord(options.template), { locale });
  try {
    const period = options.period ?? options.template.sample.period;
    const columns = { _id: "id", [targets.score.name]: "total", [targets.grade.name]: "grade", [targets.rank.name]: "rank" };
    const out = engine.evaluate({ people: people.rows, period }, { locale, rows: columns });
    const names = new Map(out.results.map((r) => [String(r.id), r.name ?? null]));
    const rowProblems = out.errors.map((e) => {
      const result = e.row === undefined ? undefined : out.results[e.row];
      return problem(e, result ? String(result.id) : null, result?.name ?? null);
    });
    const { records: updates, problems: writeProblems } = writes(out, targets, names, locale);
    await writeRecords(table, updates);
    return {
      read: records.length,
      written: updates.length,
      results: out.results.map(personResult),
      problems: [...people.problems, ...rowProblems, ...writeProblems],
      warnings: [...people.warnings, ...(out.warnings ?? []).map((w) => w.message)],
    };
  } finally {
    engine.free();
  }
}
