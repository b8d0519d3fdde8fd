// A module Worker of the page's own that uses the package (import maps do not reach workers).
import * as jixiao from "/node_modules/jixiao/index.browser.js";
import { run } from "/app/case.js";

run(jixiao).then(
  (totals) => postMessage({ totals }),
  (err) => postMessage({ error: String(err?.message ?? err) }),
);
