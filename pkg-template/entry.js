// The public API, one list for both entry points: index.node.js and index.browser.js
// re-export it (`export *`) and add their own `init`.
import { api } from "./loader.js";

/** A compiled scheme. */
export const Engine = api.Engine;
/** The error class of everything jixiao throws. */
export const JixiaoError = api.JixiaoError;
/** Validates a scheme and returns `{ ok, issues }`. */
export const validateScheme = api.validateScheme;
/** Decomposes a target over a calendar or explicit parts: `{ total, parts, explain }`. */
export const decompose = api.decompose;
/** Decomposes a target down an organisation tree: `{ total, unit, nodes, explain }`. */
export const decomposeTree = api.decomposeTree;
/** Re-plans the open parts of a target: `{ parts, gap, remaining, status, explain }`. */
export const replan = api.replan;
/** Commission on one base: the amount as a decimal string. */
export const commission = api.commission;
/** Commission with its slices, tier, rate, cap and explanation. */
export const commissionDetail = api.commissionDetail;
/** Splits an amount by weights (caps re-spread): the parts as decimal strings. */
export const allocate = api.allocate;
/** The allocation with who was capped, what is left and an explanation. */
export const allocateDetail = api.allocateDetail;
/** The package version. */
export const version = api.version;
/** The built-in indicator library: key, name, formula, columns, unit, direction, scoring, text. */
export const indicators = api.indicators;
/** Every scheme template with its scheme and sample data. */
export const templates = api.templates;
/** One scheme template by key. */
export const template = api.template;

/** Huoban (伙伴云) items + field list → plain rows: `{ rows, errors, warnings }`. */
export const fromHuoban = api.fromHuoban;
/** Feishu Bitable (飞书多维表格) records → plain rows: `{ rows, errors, warnings }`. */
export const fromFeishu = api.fromFeishu;
/** Jiandaoyun (简道云) data + widget list → plain rows: `{ rows, errors, warnings }`. */
export const fromJiandaoyun = api.fromJiandaoyun;
/** Result rows → Huoban item updates: `{ items, errors, warnings }`. */
export const toHuoban = api.toHuoban;
/** Result rows → the Feishu batch_update body: `{ records, errors, warnings }`. */
export const toFeishu = api.toFeishu;
/** Result rows → Jiandaoyun data updates: `{ items, errors, warnings }`. */
export const toJiandaoyun = api.toJiandaoyun;
