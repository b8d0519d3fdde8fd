/**
 * jixiao (绩效) — a sales performance engine: exact decimal KPI scoring, weighted
 * totals, grades, ranking and explanations in zh-CN, zh-TW and en.
 *
 * The same API runs in Node (ready on import) and in browsers (after `await init()`).
 *
 * @example
 * ```ts
 * import { init, Engine, JixiaoError } from "jixiao";
 * await init(); // no-op in Node
 * const engine = new Engine(scheme);
 * const out = engine.evaluate({ people: rows }, { locale: "zh-CN" });
 * for (const r of out.results) console.log(r.id, r.total, r.grade, r.rank);
 * ```
 *
 * @packageDocumentation
 */

// The data types are generated from the Rust core (tsify) into ./jixiao.d.ts and are all
// part of this API (DESIGN.md, "The JS boundary"): a `null` the core writes is `T | null`,
// a key it leaves out is `key?: T`, an output decimal is `Dec` (a string; a number with
// `decimals: "number"`, see `WithNumbers`), and the error data in outputs is
// `JixiaoErrorData` (plain objects: the class `JixiaoError` below is what is thrown).
// Nothing here needs the DOM lib. The names this file uses itself are imported.
export type * from "./jixiao.js";
import type {
  AllocateOutput,
  CommissionOutput,
  CommissionPlan,
  CompareOptions,
  Comparison,
  DecomposeInput,
  Digest,
  Decomposition,
  ErrorCode,
  EvaluateInput as EvaluateRowsInput,
  FunnelInput,
  FunnelOutput,
  EvaluateOptions,
  EvaluateOutput,
  CompactOutput,
  Dec,
  FeishuWrite,
  HostRows,
  HuobanWrite,
  Indicator,
  InitInput,
  JsonValue,
  JiandaoyunWrite,
  JixiaoErrorData,
  LibraryIndicator,
  Locale,
  Num,
  PeriodsInput,
  PeriodsOutput,
  Replan,
  Row,
  ReplanInput,
  Rounding,
  Scheme,
  SchemeWithLibrary,
  Severity,
  Template,
  Text,
  TierTable,
  TreeDecomposition,
  TreeInput,
  ValidationReport,
} from "./jixiao.js";

/**
 * A locale tag. The canonical tags are `"zh-CN"`, `"zh-TW"` and `"en"`; common
 * spellings such as `"zh"`, `"zh-Hant"`, `"zh_TW"` or `"en-US"` are accepted too.
 */
export type LocaleTag = Locale | (string & {});

/**
 * Codes of errors detected on the JavaScript side, in addition to the core's
 * {@link ErrorCode}s: `NOT_INITIALIZED` (used before `init()` resolved, after
 * `free()`, or the wasm failed to load).
 */
export type JsErrorCode = "NOT_INITIALIZED";

/**
 * Everything jixiao throws: an `Error` with a stable `code`, a `path`, the message
 * in the chosen locale and in all three locales.
 *
 * @example
 * ```ts
 * try {
 *   new Engine(scheme);
 * } catch (e) {
 *   if (e instanceof JixiaoError && e.code === "INVALID_SCHEME") {
 *     for (const issue of e.issues) console.log(issue.path, issue.messages.en);
 *   }
 * }
 * ```
 */
export declare class JixiaoError extends Error {
  /**
   * Builds an error from the core's error data (as found in `out.errors` or a
   * validation report's `issues`).
   * @param data - the error data; missing parts get defaults.
   * @param options - `locale` picks `message` from `messages`; `cause` is kept as `Error.cause`.
   */
  constructor(data: Partial<JixiaoErrorData>, options?: { locale?: LocaleTag; cause?: unknown });
  /** Always `"JixiaoError"`. */
  name: string;
  /** The stable machine-readable code, e.g. `"WEIGHTS_SUM"`, `"INVALID_NUMBER"`, `"NOT_INITIALIZED"`. */
  code: ErrorCode | JsErrorCode;
  /** `"error"`, or `"warning"` for advice that blocks nothing. */
  severity: Severity;
  /** A JSON pointer into the scheme (`/indicators/0/weight`) or `rows/17/销售额` into the input; `""` when not tied to a place. */
  path: string;
  /** The message in all three locales. */
  messages: Text;
  /** For `INVALID_SCHEME`: every issue found (errors and warnings). Empty otherwise. */
  issues: JixiaoErrorData[];
  /** The 0-based input row, for row errors. */
  row: number | undefined;
  /** The user's field (column) name, for row errors. */
  field: string | undefined;
  /** The offending raw value (at most 200 characters), for row errors. */
  value: string | undefined;
  /** For formula errors: the 0-based character offset in the formula of the token at fault. */
  position: number | undefined;
  /** The plain error data, as the core reports it (used by `JSON.stringify`). */
  toJSON(): JixiaoErrorData;
}

/** Options of the {@link Engine} constructor. */
export interface EngineOptions {
  /** The locale of thrown error messages, and the default locale of `evaluate`. */
  locale?: LocaleTag;
}

/** Options of {@link validateScheme}. */
export interface ValidateOptions {
  /** The locale of the issues' `message` (every issue also has all three in `messages`). */
  locale?: LocaleTag;
}

/**
 * What {@link Engine.evaluate} returns for options `O`: {@link CompactOutput} when
 * `output` is `"scores"` or `"totals"`, else the full {@link EvaluateOutput}.
 *
 * @example
 * const lean = engine.evaluate({ people: rows }, { output: "scores" }); // CompactOutput
 * lean.indicators[0].key;
 * lean.results[0].indicators?.[0].score;
 */
export type EvaluateResult<O> = WithDecimals<O, O extends { output: "scores" | "totals" } ? CompactOutput : EvaluateOutput> &
  WithDigest<O>;

/**
 * `{ digest: Digest }` when the options ask for it (`digest: true`): the package version
 * and the SHA-256 of the scheme and of the input (DESIGN.md, "Analysis (反馈)").
 */
export type WithDigest<O> = O extends { digest: true } ? { digest: Digest } : {};

/**
 * `T` with every output decimal ({@link Dec}) a JS number: what `decimals: "number"` gives.
 * Other strings (names, grades, keys, texts) stay strings.
 *
 * @example
 * ```ts
 * const out = engine.evaluate({ people: rows }, { decimals: "number" }); // WithNumbers<EvaluateOutput>
 * const t: number | null = out.results[0].total;
 * ```
 */
export type WithNumbers<T> = T extends Dec
  ? number
  : T extends readonly (infer U)[]
    ? WithNumbers<U>[]
    : T extends object
      ? { [K in keyof T]: WithNumbers<T[K]> }
      : T;

/**
 * The output type `T` as options `O` ask for it: decimals as strings (`T`) by default or with
 * `decimals: "string"`, as numbers ({@link WithNumbers}) with `decimals: "number"`, either
 * when `O` does not say which (`decimals: Decimals`).
 */
export type WithDecimals<O, T> = [DecimalsOf<O>] extends ["number"]
  ? WithNumbers<T>
  : [DecimalsOf<O>] extends ["string" | undefined]
    ? T
    : T | WithNumbers<T>;

/** The `decimals` options `O` give (`undefined` when they have none). */
export type DecimalsOf<O> = O extends unknown ? ("decimals" extends keyof O ? O["decimals" & keyof O] : undefined) : never;

/**
 * What the evaluation options' `signal` must be: an `AbortSignal` (described by structure, so
 * these declarations need no DOM lib).
 */
export interface AbortSignalLike {
  readonly aborted: boolean;
  /** Given as the `ABORTED` error's `cause`. */
  readonly reason?: unknown;
  addEventListener(type: "abort", listener: () => void, options?: { once?: boolean }): void;
}

// `Symbol.dispose` (ES2026 explicit resource management): declared here too, so `using` works
// and these declarations compile with a lib older than `esnext.disposable`.
declare global {
  interface SymbolConstructor {
    readonly dispose: unique symbol;
  }
}

/**
 * Progress and cancelling of {@link Engine.evaluate} and {@link Engine.evaluateAsync}
 * (JavaScript only: they are taken out before the options go to the core).
 *
 * @example
 * ```ts
 * const controller = new AbortController();
 * cancelButton.onclick = () => controller.abort();
 * const out = await engine.evaluateAsync({ people: rows }, {
 *   output: "totals",
 *   signal: controller.signal,
 *   onProgress: (done, total) => (bar.value = done / total),
 * });
 * ```
 */
export interface RunControls {
  /**
   * Told how many rows are evaluated, after every block of 2048 rows and at the end of the
   * rows (ranking, payouts and the summary follow): `done` grows and the last call has
   * `done === total`. Throwing from it stops the run (`ABORTED`, with the thrown value as `cause`).
   */
  onProgress?: (done: number, total: number) => void;
  /**
   * Aborting it stops the run: {@link JixiaoError} `ABORTED`, with the signal's `reason`
   * as `cause`. Already aborted, the call fails at once.
   */
  signal?: AbortSignalLike;
}

/** The options of {@link Engine.evaluate} and {@link Engine.evaluateAsync}. */
export type EvaluateCallOptions = Partial<EvaluateOptions> & RunControls;

/**
 * A compiled scheme (考核方案): validated and compiled once, then evaluated many times.
 *
 * The engine holds WebAssembly memory; it is released when the engine is garbage
 * collected, or at once with {@link Engine.free} (or a `using` declaration).
 */
/**
 * One column of {@link ColumnsInput}: a `Float64Array` (the fastest: copied once into
 * WebAssembly; NaN and ±Infinity are `INVALID_NUMBER` where read), or one cell per row as
 * a row object's property would hold it (`null`/`undefined`/`""` are missing).
 */
export type Column = Float64Array | ReadonlyArray<string | number | boolean | bigint | null | undefined | object>;

/**
 * The people table by columns: `{ columns: { 销售额: Float64Array, 工号: ["E1", …] } }`,
 * every column as long as the others (else `INVALID_INPUT` naming the column). The same
 * results as the same rows given as `people` objects; columns the scheme does not read are
 * never copied. The other keys are those of the rows input (`period`, `tables`, …).
 */
export interface ColumnsInput extends Omit<EvaluateRowsInput, "people"> {
  columns: Record<string, Column>;
  people?: undefined;
}

/** The input of {@link Engine.evaluate}: the people as row objects (`people`) or by `columns`. */
export type EvaluateInput = EvaluateRowsInput | ColumnsInput;

export declare class Engine {
  /**
   * Validates and compiles a scheme.
   * @param scheme - the scheme as an object or as JSON text.
   * @param options - the locale of error messages.
   * @throws {@link JixiaoError} `INVALID_SCHEME` (with every problem in `issues`),
   *   `INVALID_JSON`, `INVALID_INPUT` (not serializable), `NOT_INITIALIZED`.
   */
  constructor(scheme: Scheme | SchemeWithLibrary | string, options?: EngineOptions);
  /**
   * Scores, grades and ranks every person in `input.people` (or in `input.columns`, one
   * list per column: see {@link ColumnsInput}).
   *
   * `out.results` has exactly one entry per input row, in input order; a row that
   * cannot be computed has `ok: false` and its `errors`, and does not affect the others.
   * Cells may be JS numbers or strings such as `"1.2万"`, `"85%"`, `"¥1,234"`;
   * `NaN`, `Infinity` and unreadable cells are reported as `INVALID_NUMBER` for that row.
   * @param input - `{ people | columns, previous?, tables?, period? }`; `tables` holds raw tables
   *   (`{ orders: [...], payments: [...] }`) that the scheme's `measures` and `aggregate`
   *   sources total per person for `period`.
   * @param options - `locale`, `decimals`, `explain`, `rows`, and `output`: `"full"`
   *   (default), or for large tables `"scores"` (per indicator only `score` and `weighted`,
   *   at the positions of the output's `indicators` header, which names each key once) or
   *   `"totals"` (identity, total, grade, ranks, veto, payout): a {@link CompactOutput}
   *   whose absent fields mean `null`/`false`/empty. Every mode gives the same totals,
   *   grades and ranks.
   *   `onProgress` and `signal` ({@link RunControls}): progress, called synchronously, and
   *   cancelling (the signal can only be aborted from inside `onProgress` here).
   * @returns the parsed output (`results`, `errors`, `summary`).
   * @throws {@link JixiaoError} when the input as a whole is malformed (`INVALID_INPUT`),
   *   the engine was freed (`NOT_INITIALIZED`), or the run was aborted (`ABORTED`).
   */
  evaluate<O extends EvaluateCallOptions = {}>(input: EvaluateInput, options?: O & EvaluateCallOptions): EvaluateResult<O>;
  /**
   * {@link Engine.evaluate} off the main thread: in a module `Worker` in browsers, in a
   * `worker_threads` Worker in Node. The page stays responsive, `onProgress` is called
   * (asynchronously) as blocks of rows are done, and aborting `signal` terminates the worker
   * at once; the next call starts a fresh one. The worker is reused across calls and keeps
   * the engines it compiled (by scheme text). The input is encoded and the output parsed
   * on the calling thread, exactly as `evaluate` does: the same output, the same errors.
   * @example
   * ```ts
   * const out = await engine.evaluateAsync({ people: rows }, { output: "totals", onProgress, signal });
   * ```
   * @returns a promise of what `evaluate` returns.
   * @throws (rejects with) {@link JixiaoError}: what `evaluate` throws, `ABORTED` when
   *   `signal` is aborted or `onProgress` throws, `INTERNAL` when the worker fails.
   */
  evaluateAsync<O extends EvaluateCallOptions = {}>(input: EvaluateInput, options?: O & EvaluateCallOptions): Promise<EvaluateResult<O>>;
  /** Releases the engine's WebAssembly memory now. Idempotent; the engine cannot be used afterwards. */
  free(): void;
  /** Same as {@link Engine.free}, for `using engine = new Engine(scheme)`. */
  [Symbol.dispose](): void;
  /**
   * Period layering (月度 / 季度 / 年度): evaluates the same people over several periods in
   * one call — each period exactly as {@link Engine.evaluate} with `period` set and the same
   * `tables` — and, with `compose`, builds a composite (e.g. the annual result) from the
   * period totals (`from: "periods"`, weights any non-negative numbers, default equal) or
   * from the category scores (`from: "categories"`, weights summing to 100, e.g. 业绩 60 /
   * 行为 20 / 能力 20). People are matched across periods by the id field, else the name
   * field, else row position. The composite is graded with the scheme's bands, ranked with
   * its method and `groupBy`, vetoed when any composed period was, and explained.
   * @example
   * ```ts
   * const out = engine.evaluatePeriods({
   *   people: rows,                                   // shared rows (or per period: { period, people })
   *   periods: ["2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4"],   // or { year: 2025, by: "quarter" }
   *   compose: { from: "periods", weights: { "2025-Q4": 2, "2025-Q1": 1, "2025-Q2": 1, "2025-Q3": 1 } },
   * });
   * out.periods[3].results;   // the fourth quarter, as evaluate gives it
   * out.composite?.results;   // the annual: total, grade, rank, periods [{ period, total, weight, weighted }]
   * ```
   * @param input - `{ people?, tables?, periods, compose? }`; see {@link PeriodsInput}.
   * @param options - `locale`, `decimals`, `explain`, `rows` (write-back of every period;
   *   the composite's is `compose.rows`).
   * @returns `{ periods: [{ period, results, errors, summary, warnings }], composite? }`.
   * @throws {@link JixiaoError} with a path such as `periods/3` or `compose/weights`:
   *   `INVALID_INPUT`, `INVALID_DATE`, `MISSING_SETTING`, `INVALID_SETTING`, `DUPLICATE_KEY`,
   *   `UNKNOWN_KEY`, `UNKNOWN_CATEGORY`, `WEIGHTS_SUM`, `UNSUPPORTED`, `TOO_LARGE`,
   *   `INVALID_JSON`, `NOT_INITIALIZED`. Bad rows are row errors of their period only.
   */
  evaluatePeriods<O extends Partial<EvaluateOptions> & { output?: "full" } = {}>(input: PeriodsInput, options?: O): WithDecimals<O, PeriodsOutput> & WithDigest<O>;
}

/**
 * What-if (方案对比): engines `a` and `b` (two schemes, or two versions of one) evaluate the
 * same `input`; per person (matched by id, else by row) the two totals, grades, ranks and
 * payouts and B − A (`delta`), and a summary with the grade migration matrix (grade under
 * A → grade under B → people) and the payout difference, overall and per group. A person
 * failing under one scheme is reported with its errors.
 * @example
 * ```ts
 * const c = compare(current, proposed, { people: rows });
 * c.people[0].delta.total;          // "+3.50" as "3.50"
 * c.summary.migration["B"]["A"];    // people moving from B to A
 * c.summary.payout.delta;           // Σ payout B − Σ payout A
 * ```
 * @param options - `locale`, `decimals`.
 * @throws {@link JixiaoError} `INVALID_INPUT` (not two engines, a malformed input or
 *   options), `NOT_INITIALIZED` (an engine was freed).
 */
export declare function compare<O extends Partial<CompareOptions> = {}>(a: Engine, b: Engine, input: EvaluateInput, options?: O): WithDecimals<O, Comparison>;

/**
 * The sales funnel (销售漏斗): stage counts per person (`stages`: columns, first to last)
 * → each stage's conversion and the overall one per person, per group (`groupBy`) and for
 * the whole table, and each person's bottleneck (the step furthest below the group's
 * rate), explained. A zero stage gives a `null` rate with its `reason`; a later stage
 * larger than an earlier one is a row warning.
 * @example
 * ```ts
 * const f = funnel({ people: rows, stages: ["线索", "商机", "报价", "成交"], groupBy: "团队" });
 * f.people[0].bottleneck?.to;       // "报价"
 * ```
 * @throws {@link JixiaoError} `MISSING_SETTING` (`/stages`), `INVALID_SETTING`, `INVALID_INPUT`.
 */
export declare function funnel<I extends FunnelInput>(input: I | string): WithDecimals<I, FunnelOutput>;

/** Options of {@link replay}: the disputed run's evaluate options, and `id` to check one person. */
export type ReplayOptions = Partial<EvaluateOptions> & { id?: string };

/** What {@link replay} answers. */
export interface ReplayResult {
  /** True when every digest and every checked person's result bytes match. */
  matches: boolean;
  /** Whether each part of the digest matches. */
  digest: { version: boolean; scheme: boolean; input: boolean };
  /** Each checked person: whether their result is byte for byte the same. */
  people: Array<{ index: number; id: string | null; matches: boolean }>;
}

/**
 * Replay (申诉复核): evaluates `input` again with `options` (those of the disputed run) and
 * says whether `output` (which carries `digest`, from `digest: true`) matches: the same
 * package version, scheme and input digests, and the same result bytes (`id`: one person).
 * @example
 * ```ts
 * const out = engine.evaluate({ people: rows }, { digest: true });
 * replay(engine, { people: rows }, out, { digest: true, id: "E001" }).matches; // true
 * ```
 */
export declare function replay(engine: Engine, input: EvaluateInput, output: { digest?: Digest | null; results?: unknown[] }, options?: ReplayOptions): ReplayResult;

/**
 * Checks a scheme and returns every problem at once (it never throws for a bad scheme).
 * @param scheme - the scheme as an object or as JSON text (anything: that is what is checked).
 * @param options - the locale of the issues' `message`.
 * @returns `{ ok, issues }`: `ok` is false when any issue has severity `"error"`.
 * @throws {@link JixiaoError} `INVALID_INPUT` when the object cannot be turned into JSON
 *   (a cycle), `NOT_INITIALIZED` before `init()`.
 */
export declare function validateScheme(scheme: Scheme | SchemeWithLibrary | string | object, options?: ValidateOptions): ValidationReport;

/**
 * Decomposes a target (目标分解) over a calendar (quarters, months, ISO or natural weeks,
 * fiscal years) or explicit parts, by `equal`, `weights`, `history`, `working_days` or
 * `capacity`, with `uplift`, `unit`, `min`/`max` and `locked` parts. The parts always
 * sum exactly to the (uplifted) total.
 * @param input - see {@link DecomposeInput}; `locale` picks the explanation's language.
 * @returns the total and the parts (values as decimal strings), with an explanation.
 * @throws {@link JixiaoError} `INVALID_INPUT`, `INVALID_SETTING`, `INVALID_DATE`,
 *   `INVALID_JSON`, `NOT_INITIALIZED`.
 */
export declare function decompose(input: DecomposeInput | string): Decomposition;

/**
 * Decomposes a target down an organisation tree (组织树目标分解: company → regions →
 * teams → reps, any depth up to 32 levels). The root gets `total × (1 + uplift)` (once);
 * every node is split over its children by its own `method` (or the input's: `equal`,
 * `weights`, `history`, `capacity`) with the rules of {@link decompose} (`unit`, the
 * remainder, `min`/`max`, `locked`), so every node's children sum exactly to it. A new
 * hire (a leaf with `start`) is scaled by `ramp` by whole months since `start` and
 * prorated by days when starting after `asOf`.
 * @param input - see {@link TreeInput}; `locale` picks the explanation's language.
 * @returns the total, the unit and every node in pre-order (values as decimal strings),
 *   with an explanation.
 * @throws {@link JixiaoError} `INVALID_INPUT`, `INVALID_SETTING`, `MISSING_SETTING`,
 *   `DUPLICATE_KEY`, `INVALID_DATE`, `TOO_LARGE`, `INVALID_JSON`, `NOT_INITIALIZED`.
 */
export declare function decomposeTree(input: TreeInput | string): TreeDecomposition;

/**
 * Re-plans a target (目标调整): closed parts keep their actuals, and what is left of the
 * total is spread over the open parts in proportion to their old targets.
 * @param input - see {@link ReplanInput}.
 * @returns the new targets, the gap, what remains and a status; never a negative target.
 * @throws {@link JixiaoError} `INVALID_INPUT`, `INVALID_DATE`, `INVALID_JSON`, `NOT_INITIALIZED`.
 */
export declare function replan(input: ReplanInput | string): Replan;

/** Options of {@link commission} and {@link commissionDetail}. */
export interface CommissionOptions {
  /**
   * The figure the tier is chosen by, for tiers on another figure
   * (`on: { field: "利润率" }`, whole mode): the whole base is paid at the rate of the tier it falls in.
   */
  figure?: Num;
  /** Already paid this year: the result is the YTD true-up commission − paid (negative = clawback). */
  paid?: Num;
  /** Rounding mode and money places (default `half_up`, 2). */
  rounding?: Partial<Rounding>;
  /** The explanation's language (default `zh-CN`). */
  locale?: LocaleTag;
  /** `"string"` (default, exact places) or `"number"` (JS numbers; {@link commission} only). */
  decimals?: "string" | "number";
}

/**
 * Commission (提成) on one base by a tier table (DESIGN.md, "Incentives"): `marginal`
 * (超额累进) pays each slice at its tier's rate, `whole` (全额累进) the whole base at the
 * highest tier reached; `on: "achievement"` makes `from` an achievement rate (boundaries = target × from);
 * `on: { field: "利润率" }` (whole mode) chooses the tier by another figure, given as `options.figure`.
 * A negative base (refunds) is a clawback at the rate of the tier holding 0.
 * @example
 * ```ts
 * commission({ tiers: [{ from: 0, rate: "0.02" }, { from: 500000, rate: "0.03" }] }, "60万"); // "13000.00"
 * ```
 * @returns the amount at money places, as a decimal string (a number with `decimals: "number"`).
 * @throws {@link JixiaoError} `ORDER` (tiers not strictly increasing), `MISSING_SETTING`,
 *   `ZERO_DIVISOR` (achievement tiers without a positive target), `MISSING_VALUE` at `/figure`
 *   (tiers on another figure without `options.figure`), `INVALID_SETTING` at `/plan/on` (such tiers
 *   in marginal mode), `INVALID_INPUT`, `INVALID_NUMBER`.
 */
export declare function commission<O extends CommissionOptions = {}>(plan: TierTable | CommissionPlan, base: Num, target?: Num | null, options?: O): WithDecimals<O, Dec>;

/** {@link commission} with its slices, tier, rate, cap, the plan's warnings and an explanation. */
export declare function commissionDetail(plan: TierTable | CommissionPlan, base: Num, target?: Num | null, options?: CommissionOptions): CommissionOutput;

/** Options of {@link allocate} and {@link allocateDetail}. */
export interface AllocateOptions {
  /** One cap per weight (`null`: none); a capped person's excess is re-spread by the same weights. */
  caps?: (Num | null | undefined)[];
  /** Every part is a multiple of it (default `"0.01"`, one fen). */
  unit?: Num;
  /** The explanation's language. */
  locale?: LocaleTag;
  /** `"string"` (default) or `"number"` ({@link allocate} only). */
  decimals?: "string" | "number";
}

/**
 * Splits an amount (a team pool) by weights to the unit by largest remainder (ties: the
 * earlier), caps re-spread: the parts always sum exactly to the amount unless everyone
 * with a weight is capped ({@link allocateDetail} then reports `unallocated`).
 * @example
 * ```ts
 * allocate("100.00", [1, 1, 1]); // ["33.34", "33.33", "33.33"]
 * ```
 * @throws {@link JixiaoError} `INVALID_SETTING` (negative or all-zero weights, caps of another length,
 *   an amount that is not a multiple of the unit), `INVALID_INPUT`.
 */
export declare function allocate<O extends AllocateOptions = {}>(amount: Num, weights: Num[], options?: O): WithDecimals<O, Dec[]>;

/** {@link allocate} with who was capped, what is left unallocated, the rounds and an explanation. */
export declare function allocateDetail(amount: Num, weights: Num[], options?: AllocateOptions): AllocateOutput;

/**
 * Loads the WebAssembly module. Required once in browsers before any other call;
 * a no-op in Node. Idempotent: later calls return the same promise.
 * @param input - where to load the wasm from: a URL or string, a `Response` (or a
 *   promise of one), the bytes, or a compiled `WebAssembly.Module`. Default: the
 *   `jixiao_bg.wasm` next to this package (bundlers resolve it as an asset).
 * @throws {@link JixiaoError} `NOT_INITIALIZED` when loading fails (a later call may retry).
 */
export declare function init(input?: InitInput | Promise<InitInput> | { module_or_path: InitInput | Promise<InitInput> }): Promise<void>;

/** The package version, e.g. `"0.1.0"` (the same as the Rust crate's). */
export declare const version: string;

/**
 * Returns the scheme unchanged, so that an object literal is checked against the scheme's
 * type where it is written — with no annotation, literal fields such as `type: "bands"`
 * keep their literal type, and a misspelt key is an error.
 * (Without it, `const scheme = { … }` widens `"bands"` to `string`; `satisfies
 * SchemeWithLibrary` does the same job.)
 * @example
 * ```ts
 * const scheme = defineScheme({
 *   indicators: [{ key: "q", weight: 100, actual: { field: "质量" }, scoring: { type: "direct" } }],
 *   grades: { type: "bands", bands: [{ grade: "A", min: 80 }, { grade: "B", min: 0 }] },
 * });
 * new Engine(scheme);
 * ```
 */
export declare function defineScheme(scheme: SchemeWithLibrary): SchemeWithLibrary;

/** The wasm instance's memory in bytes before and after {@link releaseMemory}. */
export interface ReleasedMemory {
  before: number;
  after: number;
}

/**
 * Gives the wasm instance's memory back: wasm memory only grows, so after one very large
 * evaluation a page would keep it for life. A fresh instance replaces the current one and
 * every `Engine` recompiles its scheme on its next call (same figures). Throws
 * `UNSUPPORTED` when called during an evaluation (from `onProgress`).
 *
 * ```ts
 * engine.evaluate({ people: hundredThousandRows }, { explain: true });
 * const { before, after } = releaseMemory();   // e.g. 3.1 GB → 1.2 MB
 * engine.evaluate({ people: someRows });        // still works
 * ```
 */
export declare function releaseMemory(options?: { locale?: LocaleTag }): ReleasedMemory;

/** Options of {@link indicators}, {@link templates} and {@link template} (a locale tag alone may stand for them). */
export interface ListOptions {
  /** The locale of names, descriptions and explanations (default `zh-CN`). */
  locale?: LocaleTag;
}

/**
 * The built-in indicator library (指标库): every entry with its key, name, formula over
 * input columns, the columns it reads, unit, direction, the scoring it brings and an
 * explanation, in `options.locale`. Use an entry in a scheme by key:
 * `{ library: "collection_rate", weight: 20 }`.
 * @example
 * ```ts
 * const rate = indicators({ locale: "en" }).find((e) => e.key === "collection_rate");
 * rate?.formula; // "实际回款额 / 应收款总额"
 * ```
 */
export declare function indicators(options?: ListOptions | LocaleTag): LibraryIndicator[];

/**
 * The scheme templates (方案模板) of the seed documents: general sales rep, 2024 three
 * dimensions, key account, FMCG, new market, sales manager, balanced scorecard, KPI + OKR.
 * Each has a ready scheme (display names in `options.locale`), sample data for `evaluate`
 * and the ids of its deliberate edge cases.
 * @example
 * ```ts
 * for (const t of templates({ locale: "en" })) {
 *   const out = new Engine(t.scheme).evaluate(t.sample, { explain: true });
 *   console.log(t.name, out.summary.mean);
 * }
 * ```
 */
export declare function templates(options?: ListOptions | LocaleTag): Template[];

/**
 * One scheme template by key (`"general_sales_rep"`, `"kpi_okr"` …).
 * @throws {@link JixiaoError} `UNKNOWN_KEY` when there is no such template.
 */
export declare function template(key: string, options?: ListOptions | LocaleTag): Template;

// ---------------------------------------------------------------- host adapters (DESIGN.md, "Host adapters")

/** A plain row: field name → value (what the write-back adapters read, e.g. `out.rows`). */
export type PlainRow = Row;

/**
 * A member as the adapters give it: `id` is the host's (Huoban `user_id`, Feishu `ou_…`,
 * Jiandaoyun `username` or `dept_no`), `name` the display name.
 */
export interface Member {
  id?: string | number;
  name?: string;
}

/** One field of a Huoban table's field list (`GET /table/:table_id` → `table.fields`). */
export interface HuobanField {
  field_id: number | string;
  name: string;
  /** `text`, `number`, `date`, `user`, `category`, `relation`, `calculation` … */
  type: string;
  alias?: string;
  /** `type: "single" | "multi"` and `options: [{ id, name }]` for category fields. */
  config?: { type?: string; options?: { id: number | string; name: string }[]; [key: string]: unknown };
  [key: string]: unknown;
}

/** One field of a Feishu Bitable table's field list (*list fields* → `data.items`). */
export interface FeishuField {
  field_name: string;
  /** 1 text, 2 number (currency, percent, progress, rating), 3 single select, 4 multi-select, 5 date, 7 checkbox, 11 user, 13 phone, 15 URL, 20 formula, 1001/1002 created/modified time … */
  type: number;
  field_id?: string;
  ui_type?: string;
  [key: string]: unknown;
}

/** One widget of a Jiandaoyun form (*widget list* → `widgets`). */
export interface JiandaoyunWidget {
  /** `_widget_…`, or the alias set on the widget. */
  name: string;
  label: string;
  /** `text`, `textarea`, `number`, `datetime`, `user`, `usergroup`, `dept`, `deptgroup`, `radiogroup`, `checkboxgroup`, `subform` … */
  type: string;
  /** A subform's widgets. */
  items?: JiandaoyunWidget[];
  [key: string]: unknown;
}

/** Options of every host adapter. */
export interface HostOptions {
  /**
   * The local time of dates, `"+08:00"` by default (China): Feishu epoch milliseconds and
   * Jiandaoyun UTC datetimes are read into it, and local date texts are written from it.
   * Also `"Z"`, `"-05:00"`, `"+0530"` (at most 14 hours).
   */
  utcOffset?: string;
  /** The language of each error's `message` (all three are in `messages`). */
  locale?: LocaleTag;
}

/** Options of {@link fromFeishu}. */
export interface FeishuReadOptions extends HostOptions {
  /** The table's field list (or the *list fields* response): says exactly which numbers are dates. */
  fields?: FeishuField[] | object;
  /** Names of the fields holding epoch-millisecond dates (even `[]` turns date guessing off). */
  dates?: string[];
}

/** Options of the write-back adapters. */
export interface HostWriteOptions extends HostOptions {
  /** The column holding each row's record id (default `"_id"`). */
  idColumn?: string;
  /** Record ids by the value of `idColumn`, e.g. `{ "E001": "recA1b2" }` (employee number → record id). */
  ids?: Record<string, string | number>;
  /** Column renames `{ column: host field name }`; `null` leaves a column out. */
  columns?: Record<string, string | null>;
}

/** Options of {@link toFeishu}. */
export interface FeishuWriteOptions extends HostWriteOptions {
  /** The table's field list: every column must be a field, and values follow its type (numbers, dates, members). */
  fields?: FeishuField[] | object;
}

/**
 * Reads Huoban (伙伴云) items into plain rows keyed by field name. Dates become
 * `YYYY-MM-DD` (or `YYYY-MM-DD HH:MM:SS`), members `[{ id, name }]`, options their names,
 * numbers stay as they come; each row has the item id as `_id` and the creator and times
 * as `_createdBy`, `_createdAt`, `_updatedBy`, `_updatedAt`.
 * @param items - the items, or the response holding them (`{ data: { items } }`), or its JSON text.
 * @param fields - the table's field list (or `{ table: { fields } }`); `null` keeps the field ids as keys.
 * @returns the rows; a bad record is left out and a bad cell left out of its row, each with an
 *   error (`path` like `items/17/fields/2200000150845867`).
 * @throws {@link JixiaoError} `INVALID_INPUT` (not a list of items), `INVALID_SETTING` (options), `INVALID_JSON`.
 */
export declare function fromHuoban(items: unknown, fields: HuobanField[] | object | string | null, options?: HostOptions): HostRows;

/**
 * Reads Feishu Bitable (飞书多维表格) records into plain rows keyed by field name: rich text
 * becomes its text, epoch-millisecond dates `YYYY-MM-DD` (or with the time), members
 * `[{ id, name }]`; formulas their value. Without `fields` or `dates`, whole-second integers
 * between 2000 and 2100 are taken for dates, with a `GUESSED_DATE` warning per field.
 * @param records - the records, or the response holding them (`{ data: { items } }`), or its JSON text.
 */
export declare function fromFeishu(records: unknown, options?: FeishuReadOptions): HostRows;

/**
 * Reads Jiandaoyun (简道云) data into plain rows keyed by widget label: UTC datetimes become
 * local `YYYY-MM-DD[ HH:MM:SS]`, members `[{ id: username, name }]`, subforms lists of
 * converted rows.
 * @param data - the data, or the response holding them (`{ data: [...] }`), or its JSON text.
 * @param widgets - the form's widget list (or the response `{ widgets }`); `null` keeps the keys.
 */
export declare function fromJiandaoyun(data: unknown, widgets?: JiandaoyunWidget[] | object | string | null, options?: HostOptions): HostRows;

/**
 * Shapes result rows (e.g. `evaluate`'s `out.rows`, or `out` itself) into Huoban item
 * updates `{ item_id, fields: { "<field_id>": value } }`: number fields get JS numbers (a
 * decimal string only when a double holds it exactly), category fields option ids, user
 * fields user ids. A row with a bad value or no record id is left out with its errors.
 * @throws {@link JixiaoError} `INVALID_INPUT` naming a column the table lacks (rename or drop it with `columns`).
 */
export declare function toHuoban(rows: PlainRow[] | { rows?: PlainRow[] } | string, fields: HuobanField[] | object | string, options?: HostWriteOptions): HuobanWrite;

/**
 * Shapes result rows into the Feishu Bitable `batch_update` body `{ records: [{ record_id,
 * fields }] }` (at most 500 records per call). With `options.fields`, values follow the field
 * types (numbers, epoch-millisecond dates, `[{ id }]` members); without it they go as they are.
 * @throws {@link JixiaoError} `INVALID_INPUT` naming a column the field list lacks.
 */
export declare function toFeishu(rows: PlainRow[] | { rows?: PlainRow[] } | string, options?: FeishuWriteOptions): FeishuWrite;

/**
 * Shapes result rows into Jiandaoyun data updates `{ data_id, data: { "_widget_…": { value } } }`
 * (add `app_id` and `entry_id` to call `data/update`): numbers, UTC ISO datetimes, usernames.
 * @throws {@link JixiaoError} `INVALID_INPUT` naming a column the widget list lacks.
 */
export declare function toJiandaoyun(rows: PlainRow[] | { rows?: PlainRow[] } | string, widgets: JiandaoyunWidget[] | object | string, options?: HostWriteOptions): JiandaoyunWrite;
