// jixiao — what a worker does for `Engine.evaluateAsync` (DESIGN.md, "Off the main thread"),
// the same in browsers (worker.browser.js) and Node (worker.node.js). The protocol is
// described in worker-client.js.
import { evaluateEncoded } from "./api.js";

/** How many compiled engines a worker keeps (the least recently used one is freed first). */
export const CACHED_ENGINES = 4;

/**
 * Returns the message handler of a worker over an initialized glue module: it evaluates
 * each job with the engine compiled from the job's scheme text (cached), posts progress
 * after every block of rows and then the output as the core wrote it (JSON texts, see
 * `readOutput` in api.js), or the error.
 */
export function createWorkerHost(glue, post) {
  const engines = new Map();

  function engineFor(scheme) {
    const cached = engines.get(scheme);
    engines.delete(scheme);
    const core = cached ?? new glue.EngineCore(scheme);
    engines.set(scheme, core);
    if (engines.size > CACHED_ENGINES) {
      const [oldest, old] = engines.entries().next().value;
      engines.delete(oldest);
      old.free();
    }
    return core;
  }

  /** After a trap: a fresh instance, and no engine of the old one (DESIGN.md, "Never trap"). */
  function restart() {
    engines.clear();
    glue.__wbg_reset_state?.();
  }

  return function handle({ id, scheme, encoded, options }) {
    const observe = (done, total) => {
      post({ id, progress: [done, total] });
      return true;
    };
    try {
      // the texts, parsed on the main thread: receiving the parsed object (a structured clone)
      // blocks the main thread as long as JSON.parse, and parsing here first only adds time
      post({ id, output: evaluateEncoded(engineFor(scheme), encoded, options, observe) });
    } catch (err) {
      if (typeof WebAssembly === "object" && err instanceof WebAssembly.RuntimeError) restart();
      // the core throws its error as JSON text; anything else is a failure of the worker
      post(typeof err === "string" ? { id, error: err } : { id, failure: err instanceof Error ? `${err.name}: ${err.message}` : String(err) });
    }
  };
}
