// An in-memory Bitable implementing the SDK interfaces the plugin uses (`PluginBase`,
// `PluginTable`: picks of the SDK's `IBase` and `ITable`, so a changed SDK signature breaks
// this file's compilation). It keeps the host's rules the plugin must respect: at most 200
// records per page and per write, values in the SDK's cell shape for the field's type,
// unique field names.
import {
  CurrencyCode,
  FieldType,
  IOpenSegmentType,
  NumberFormatter,
  SelectOptionsType,
  type IAddFieldConfig,
  type IFieldMeta,
  type IFieldRes,
  type IGetRecordsByPageParams,
  type IGetRecordsByPageResponse,
  type IOpenCellValue,
  type IOpenSegment,
  type IOpenSingleSelect,
  type IRecord,
  type IRecordRes,
  type ITableMeta,
} from "@lark-base-open/js-sdk";
import type { PluginBase, PluginTable } from "../src/plugin.js";

const LIMIT = 200;
const description = { content: null };

export const textField = (id: string, name: string, isPrimary = false): IFieldMeta =>
  ({ id, name, type: FieldType.Text, property: null, isPrimary, description });
export const numberField = (id: string, name: string): IFieldMeta =>
  ({ id, name, type: FieldType.Number, property: { formatter: NumberFormatter.INTEGER }, isPrimary: false, description });
export const currencyField = (id: string, name: string): IFieldMeta =>
  ({ id, name, type: FieldType.Currency, property: { decimalDigits: 2, currencyCode: CurrencyCode.CNY }, isPrimary: false, description });
export const checkboxField = (id: string, name: string): IFieldMeta =>
  ({ id, name, type: FieldType.Checkbox, property: null, isPrimary: false, description });
export const selectField = (id: string, name: string, options: string[]): IFieldMeta => ({
  id,
  name,
  type: FieldType.SingleSelect,
  property: { options: options.map((o, i) => ({ id: `${id}_opt${i}`, name: o, color: i })), optionsType: SelectOptionsType.STATIC },
  isPrimary: false,
  description,
});

/** A text cell as the SDK gives it: rich-text segments. */
export const text = (value: string): IOpenSegment[] => [{ type: IOpenSegmentType.Text, text: value }];

/** A single-select cell as the SDK gives it: `{ id, text }` of one of the field's options. */
export function option(field: IFieldMeta, name: string): IOpenSingleSelect {
  const found = field.type === FieldType.SingleSelect && "options" in field.property ? field.property.options.find((o) => o.name === name) : undefined;
  if (!found) throw new Error(`no option ${name} in ${field.name}`);
  return { id: found.id, text: found.name };
}

function isSegments(value: IOpenCellValue): boolean {
  return Array.isArray(value) && value.every((s) => typeof s === "object" && s !== null && "type" in s && s.type === IOpenSegmentType.Text);
}

/** Whether the host would store this value in a field of this type. */
function fits(value: IOpenCellValue, field: IFieldMeta): boolean {
  if (value === null) return true;
  switch (field.type) {
    case FieldType.Number:
    case FieldType.Currency:
      return typeof value === "number" && Number.isFinite(value);
    case FieldType.Text:
      return isSegments(value);
    case FieldType.Checkbox:
      return typeof value === "boolean";
    case FieldType.SingleSelect:
      return typeof value === "object" && !Array.isArray(value) && "id" in value && "options" in field.property &&
        field.property.options.some((o) => o.id === value.id);
    default:
      return false;
  }
}

export class MemoryTable implements PluginTable {
  /** Every `setRecords` call, in order. */
  readonly writes: IRecord[][] = [];
  private readonly records: Map<string, IRecord["fields"]>;
  private nextField = 1;

  constructor(
    readonly id: string,
    readonly name: string,
    private readonly fields: IFieldMeta[],
    records: IRecord[],
    /** How many records a page holds at most (the host may return fewer than asked). */
    private readonly pageLimit = LIMIT,
  ) {
    this.records = new Map(records.map((r) => [r.recordId, { ...r.fields }]));
  }

  async getName(): Promise<string> {
    return this.name;
  }

  async getFieldMetaList(): Promise<IFieldMeta[]> {
    return this.fields.map((f) => ({ ...f }));
  }

  async getRecordsByPage({ pageSize = LIMIT, pageToken = 0 }: IGetRecordsByPageParams): Promise<IGetRecordsByPageResponse> {
    if (pageSize > LIMIT) throw new Error(`pageSize ${pageSize} > ${LIMIT}`);
    const all = [...this.records];
    const page = all.slice(pageToken, pageToken + Math.min(pageSize, this.pageLimit));
    const next = pageToken + page.length;
    const hasMore = next < all.length;
    return {
      total: all.length,
      hasMore,
      pageToken: hasMore ? next : undefined,
      records: page.map(([recordId, fields]) => ({ recordId, fields: structuredClone(fields) })),
    };
  }

  async addField(config: IAddFieldConfig): Promise<IFieldRes> {
    const name = config.name ?? `字段 ${this.nextField}`;
    if (this.fields.some((f) => f.name === name)) throw new Error(`a field named ${name} exists`);
    const id = `fldNew${this.nextField++}`;
    if (config.type === FieldType.Number) this.fields.push(numberField(id, name));
    else if (config.type === FieldType.Text) this.fields.push(textField(id, name));
    else throw new Error(`the memory table cannot add fields of type ${config.type}`);
    return id;
  }

  async setRecords(records: IRecord[] = []): Promise<IRecordRes[]> {
    if (records.length > LIMIT) throw new Error(`${records.length} records in one call > ${LIMIT}`);
    for (const record of records) {
      if (!this.records.has(record.recordId)) throw new Error(`no record ${record.recordId}`);
      for (const [fieldId, value] of Object.entries(record.fields)) {
        const field = this.fields.find((f) => f.id === fieldId);
        if (!field) throw new Error(`no field ${fieldId}`);
        if (!fits(value, field)) throw new Error(`${JSON.stringify(value)} does not fit ${field.name}`);
      }
    }
    for (const record of records) Object.assign(this.records.get(record.recordId) ?? {}, record.fields);
    this.writes.push(structuredClone(records));
    return records.map((r) => r.recordId);
  }

  /** A cell by record id and field name, for assertions. */
  cell(recordId: string, fieldName: string): IOpenCellValue | undefined {
    const field = this.fields.find((f) => f.name === fieldName);
    return field ? this.records.get(recordId)?.[field.id] : undefined;
  }

  fieldId(name: string): string {
    const field = this.fields.find((f) => f.name === name);
    if (!field) throw new Error(`no field ${name}`);
    return field.id;
  }
}

export class MemoryBase implements PluginBase {
  constructor(private readonly tables: MemoryTable[]) {}

  async getTableMetaList(): Promise<ITableMeta[]> {
    return this.tables.map((t) => ({ id: t.id, name: t.name, isSync: false }));
  }

  async getTableById(id: string): Promise<MemoryTable> {
    const table = this.tables.find((t) => t.id === id);
    if (!table) throw new Error(`no table ${id}`);
    return table;
  }
}
