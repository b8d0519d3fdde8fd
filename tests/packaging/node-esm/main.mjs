// Node, ES modules: `import … from "jixiao"`. Prints the totals on this thread and through
// evaluateAsync (the package's worker_threads Worker) as JSON.
import { Engine, init } from "jixiao";

const { scheme, people } = JSON.parse(process.env.JIXIAO_CASE);
await init(); // a no-op in Node
const totals = (out) => out.results.map((r) => r.total);
console.log(JSON.stringify([totals(new Engine(scheme).evaluate({ people })), totals(await new Engine(scheme).evaluateAsync({ people }))]));
