// Node, CommonJS: `require("jixiao")` (Node 18 and 20 before 20.19 have no require(esm)).
// Prints the totals on this thread and through evaluateAsync as JSON.
const { Engine } = require("jixiao");

const { scheme, people } = JSON.parse(process.env.JIXIAO_CASE);
const totals = (out) => out.results.map((r) => r.total);
new Engine(scheme)
  .evaluateAsync({ people })
  .then((out) => console.log(JSON.stringify([totals(new Engine(scheme).evaluate({ people })), totals(out)])));
