// Installs the package as a user gets it: `npm pack pkg/` into a temporary folder, the
// tarball unpacked into tests/packaging/node_modules/jixiao (what `npm install <tarball>`
// does for a package without dependencies, without touching package.json or the lock).
// Run after `npm ci` here (which removes it); scripts/test.sh (step packaging) does both.
//
//   node tests/packaging/install.mjs [path/to/pkg]
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const HERE = fileURLToPath(new URL(".", import.meta.url));
const PKG = resolve(process.argv[2] ?? join(HERE, "../../pkg"));
const TARGET = join(HERE, "node_modules/jixiao");

const tmp = mkdtempSync(join(tmpdir(), "jixiao-pack-"));
try {
  execFileSync("npm", ["pack", PKG, "--pack-destination", tmp, "--silent"], { stdio: ["ignore", "ignore", "inherit"] });
  const [tarball] = readdirSync(tmp).filter((f) => f.endsWith(".tgz"));
  if (!tarball) throw new Error(`npm pack ${PKG} made no tarball`);
  rmSync(TARGET, { recursive: true, force: true });
  mkdirSync(TARGET, { recursive: true });
  execFileSync("tar", ["-xzf", join(tmp, tarball), "-C", TARGET, "--strip-components=1"]);
  // a fresh package: Vite's dep optimizer must not reuse what it pre-bundled from an older one
  rmSync(join(HERE, "node_modules/.vite"), { recursive: true, force: true });
  console.log(`installed ${tarball} into ${TARGET}`);
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
