// A Rollup app: rollup.config.mjs adds node-resolve and the import-meta-assets plugin.
import * as jixiao from "jixiao";
import { report, run } from "../app/case.js";

report(Promise.all([run(jixiao)]));
