// A Vite app, no vite.config: `vite` (dev) and `vite build`.
import * as jixiao from "jixiao";
import { report, run, runAsync } from "../app/case.js";

report(Promise.all([run(jixiao), runAsync(jixiao)]));
