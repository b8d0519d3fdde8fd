// How the JS benchmarks time a call, the same in Node and in a page (performance.now).

/**
 * Calls `fn` once (the first call, timed apart: it includes warming up) and then `runs`
 * times; returns `{ first, med, out }`: the first call's ms, the median of the runs in ms,
 * and the last run's answer.
 */
export function timeRuns(runs, fn) {
  let t = performance.now();
  let out = fn();
  const first = performance.now() - t;
  const times = [];
  for (let r = 0; r < runs; r++) {
    t = performance.now();
    out = fn();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { first, med: times[Math.floor(times.length / 2)], out };
}
