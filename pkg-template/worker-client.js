// jixiao — the main-thread side of `Engine.evaluateAsync` (DESIGN.md, "Off the main thread").
//
// One worker at a time, started on first use and reused across calls (it keeps the
// engines it compiled). A job is one message `{ id, scheme, encoded, options }`; the
// worker answers `{ id, progress: [done, total] }` any number of times, then
// `{ id, output }` (the output as the core wrote it: JSON texts, see `readOutput` in
// api.js), `{ id, error }` (the core's error JSON) or `{ id, failure }`.
// Cancelling a job terminates the worker at once (a synchronous wasm call cannot be
// interrupted otherwise); the jobs still waiting are sent again to a fresh worker.

/**
 * @param spawn  `(onMessage, onFailure) => { post(message), terminate(), ref(), unref() }`:
 *   starts one worker of this platform. `ref`/`unref` keep Node's event loop alive while a
 *   job runs (no-ops in browsers).
 */
export function createWorkerClient(spawn) {
  let worker = null;
  let nextId = 1;
  /** id → { message, progress(done, total), settle(reply) }, in the order they were sent */
  const jobs = new Map();

  function start() {
    const handle = spawn(
      (data) => handle === worker && receive(data),
      (reason) => handle === worker && crash(reason),
    );
    return handle;
  }

  function receive(data) {
    const job = jobs.get(data?.id);
    if (job === undefined) return;
    if (Array.isArray(data.progress)) {
      job.progress(data.progress[0], data.progress[1]);
      return;
    }
    finish(data.id);
    job.settle(data);
  }

  /** The worker died (failed to load, out of memory…): every job waiting on it fails. */
  function crash(reason) {
    const waiting = [...jobs.values()];
    jobs.clear();
    stopWorker();
    for (const job of waiting) job.settle({ failure: reason });
  }

  function stopWorker() {
    const old = worker;
    worker = null;
    old?.terminate();
  }

  function finish(id) {
    jobs.delete(id);
    if (jobs.size === 0) worker?.unref();
  }

  /** Sends a job, starting a worker when none runs. */
  function send(id, message) {
    if (worker === null) worker = start();
    worker.ref();
    worker.post({ id, ...message });
  }

  /**
   * Runs one job: `progress(done, total)` on each report, `settle(reply)` once at the end.
   * Returns `{ cancel() }`: cancelling settles nothing, terminates the worker, and sends the
   * other waiting jobs to a new one.
   */
  function run(message, progress, settle) {
    const id = nextId++;
    jobs.set(id, { message, progress, settle });
    send(id, message);
    return {
      cancel() {
        if (!jobs.has(id)) return;
        jobs.delete(id);
        stopWorker();
        for (const [other, job] of jobs) send(other, job.message);
      },
    };
  }

  return { run };
}
