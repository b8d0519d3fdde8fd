// A webpack 5 app, no webpack.config (entry ./src/index.js).
import * as jixiao from "jixiao";
import { report, run, runAsync } from "../../app/case.js";

report(Promise.all([run(jixiao), runAsync(jixiao)]));
