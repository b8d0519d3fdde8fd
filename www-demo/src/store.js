// The page's state and what changes it: the scheme (a template's, the page's sample, or
// edited), the people (a sample, an imported table, a generated big team), the last
// evaluation and the run under way. Built on the package as a customer's app is.
import { reactive, shallowRef, markRaw } from "vue";
import { init, Engine, validateScheme, templates, template, indicators } from "jixiao";
import { i18n, t } from "./i18n.js";
import { bigTeam } from "./big-team.js";
import sampleScheme from "../sample-scheme.json";
import samplePeople from "../sample-people.json";

export const PERIOD = "2025-Q3";
const BIG_TEAM = 100_000;

export const state = reactive({
  tab: "results",
  status: { state: "busy", text: "" },
  progress: null, // { done, total } while a run is under way
  error: null, // a thrown error shown in the error box
  notice: "", // e.g. an unknown ?template=
  templateKey: null, // null: the page's own sample
  templateDescription: "",
  scheme: null,
  period: PERIOD,
  tables: undefined,
  source: { kind: "sample", name: "" }, // sample | template | import | big
  big: null, // the size of a generated big team shown
  selected: null, // the index of the person whose statement is open
  schemeVersion: 0, // bumped when the scheme changes (forms re-read it)
  ready: false,
});
/** Large, read-only things kept out of Vue's deep reactivity. */
export const people = shallowRef([]);
export const out = shallowRef(null);
let engine = null;
let running = null;
let sampleRowsOfScheme = samplePeople;

export const sample = { scheme: sampleScheme, people: samplePeople };
export const bigTeamSize = () => {
  const n = Number(new URLSearchParams(location.search).get("people"));
  return Number.isInteger(n) && n > 0 && n <= 1_000_000 ? n : BIG_TEAM;
};

/** Library indicator key → the input columns its formula reads. */
let libraryColumns = {};
export const libraryColumnsOf = () => libraryColumns;
export const schemeSampleRows = () => sampleRowsOfScheme;

function setUrl(key, value) {
  const url = new URL(location.href);
  if (value) url.searchParams.set(key, value);
  else url.searchParams.delete(key);
  history.replaceState(null, "", url);
}

/** Compiles `scheme` into the page's engine (throws the engine's JixiaoError). */
function compile(scheme) {
  const next = markRaw(new Engine(scheme));
  engine?.free();
  engine = next;
  state.scheme = scheme;
  state.schemeVersion++;
}

/** Loads the picked template (or the page's sample) with its own people, and evaluates. */
export function loadTemplate(key) {
  state.templateKey = key || null;
  setUrl("template", state.templateKey);
  try {
    if (state.templateKey) {
      const tpl = template(state.templateKey, { locale: i18n.locale });
      compile(tpl.scheme);
      state.tables = tpl.sample.tables;
      state.period = tpl.sample.period ?? PERIOD;
      state.templateDescription = tpl.description;
      sampleRowsOfScheme = tpl.sample.people;
      state.source = { kind: "template", name: tpl.name };
      return run(tpl.sample.people, null);
    }
    compile(sample.scheme);
    state.tables = undefined;
    state.period = PERIOD;
    state.templateDescription = "";
    sampleRowsOfScheme = sample.people;
    state.source = { kind: "sample", name: "" };
    return run(sample.people, null);
  } catch (e) {
    fail(e);
  }
}

/** The language switch: names of a template follow it, and everything is re-evaluated. */
export function setLocale(locale) {
  i18n.locale = locale;
  document.documentElement.lang = locale;
  setUrl("locale", locale);
  if (!engine) return;
  if (state.templateKey && state.source.kind === "template") return loadTemplate(state.templateKey);
  return run();
}

/**
 * Replaces the scheme with an edited one when the package finds it valid; returns the
 * validation report (its issues in every locale) either way.
 */
export function applyScheme(scheme, { replaced = false } = {}) {
  const report = validateScheme(scheme);
  if (!report.ok) return report;
  try {
    compile(scheme);
    // a scheme pasted whole reads its own columns, not the previous sample's
    if (replaced) sampleRowsOfScheme = [];
  } catch (e) {
    return { ok: false, issues: e?.issues?.length ? e.issues : [e] };
  }
  run();
  return report;
}

export const validate = (scheme) => validateScheme(scheme);

/** Uses an imported, mapped table as the people, under the current scheme. */
export function useImported(rows, name) {
  state.source = { kind: "import", name };
  state.tab = "results";
  return run(rows, null);
}

/** The page's row check before computing: the rows' errors from a lean evaluation. */
export async function checkRows(rows) {
  if (!engine) return [];
  const o = await engine.evaluateAsync({ people: rows, tables: state.tables, period: state.period }, { output: "totals", locale: i18n.locale });
  return o.errors ?? [];
}

export function tryBigTeam() {
  const n = bigTeamSize();
  if (state.templateKey) {
    state.templateKey = null;
    setUrl("template", null);
    try {
      compile(sample.scheme);
    } catch (e) {
      return fail(e);
    }
    state.tables = undefined;
    state.period = PERIOD;
    state.templateDescription = "";
    sampleRowsOfScheme = sample.people;
  }
  state.source = { kind: "big", name: "" };
  return run(bigTeam(sample, n), n);
}

export function backToSample() {
  return loadTemplate(null);
}

/** The evaluation options: a big team is evaluated lean (totals only). */
const optionsFor = (big) => (big ? { output: "totals", locale: i18n.locale } : { explain: true, locale: i18n.locale });

/**
 * Evaluates `rows` off the main thread with a progress bar; a newer run or Cancel aborts
 * it. The results replace the page's only when the run completes.
 */
export async function run(rows = people.value, big = state.big) {
  running?.controller.abort();
  const job = { controller: new AbortController() };
  running = job;
  state.status = { state: "busy", text: t("computing") };
  state.progress = { done: 0, total: rows.length };
  try {
    await new Promise((ok) => setTimeout(ok, 0)); // paint the bar before encoding
    const o = await engine.evaluateAsync({ people: rows, tables: state.tables, period: state.period }, {
      ...optionsFor(big),
      signal: job.controller.signal,
      onProgress: (done, total) => running === job && (state.progress = { done, total }),
    });
    if (running !== job) return;
    if (rows !== people.value) state.selected = null;
    people.value = markRaw(rows);
    out.value = markRaw(o ?? {});
    state.big = big;
    state.error = null;
    state.status = { state: "ready", text: "" };
  } catch (e) {
    if (running !== job) return;
    if (e?.code === "ABORTED") state.status = { state: "cancelled", text: "" };
    else fail(e);
  } finally {
    if (running === job) {
      running = null;
      state.progress = null;
      state.ready = true;
    }
  }
}

export const cancelRun = () => running?.controller.abort();

function fail(e) {
  out.value = null;
  state.error = markRaw(e);
  state.status = { state: "error", text: "" };
  state.ready = true;
}

/**
 * A big team is evaluated lean: a statement evaluates that person alone, with the total,
 * grade, ranks and payout of the whole team.
 */
export function resultFor(i) {
  const r = out.value?.results?.[i];
  if (!state.big || !r || !engine) return r;
  try {
    const alone = engine.evaluate({ people: [people.value[i]], tables: state.tables, period: state.period }, optionsFor(null)).results[0];
    const { total, grade, rank, groupRank, topPercent, payout, vetoed, ok, index } = r;
    return { ...alone, total, grade, rank, groupRank, topPercent, payout, vetoed, ok, index };
  } catch {
    return r;
  }
}

/** Starts the page: the engine, the library's columns, the template of ?template=. */
export async function start() {
  document.documentElement.lang = i18n.locale;
  state.status = { state: "busy", text: t("loading") };
  try {
    await init();
    libraryColumns = Object.fromEntries(indicators().map((x) => [x.key, x.columns ?? []]));
  } catch (e) {
    return fail(e);
  }
  const asked = new URLSearchParams(location.search).get("template");
  const known = templates().map((x) => x.key);
  if (asked && !known.includes(asked)) {
    state.notice = asked;
    setUrl("template", null);
    return loadTemplate(null);
  }
  return loadTemplate(asked);
}
