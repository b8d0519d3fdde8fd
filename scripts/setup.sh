#!/usr/bin/env bash
# Installs what building and testing jixiao needs on a bare Debian 12 machine with
# rustup, node and npm: each step is skipped when already satisfied, so a second run
# takes seconds. Non-interactive (CI=true friendly).
#
#   - rustup target wasm32-unknown-unknown, components rustfmt and clippy
#   - wasm-bindgen-cli of exactly the wasm-bindgen version in Cargo.lock
#   - wasm-pack 0.15.1 (used with --mode no-install: it downloads nothing)
#   - Debian packages chromium and chromium-driver (headless browser tests) and
#     fonts-wqy-microhei (Chinese text in the page tests' screenshots)
#   - npm ci from package-lock.json (binaryen's wasm-opt, typescript, playwright-core; the
#     workbench page's Vite, Vue, ECharts, papaparse, read-excel-file, write-excel-file)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export PATH="$HOME/.cargo/bin:$PATH"
export DEBIAN_FRONTEND=noninteractive

say() { printf '[setup] %s\n' "$*"; }

need() {
  if ! command -v "$1" >/dev/null 2>&1; then
    echo "[setup] error: '$1' is not installed; $2" >&2
    exit 1
  fi
}
need rustup "install Rust with rustup first"
need cargo "install Rust with rustup first"
need node "install Node.js >= 18 first"
need npm "install Node.js >= 18 (with npm) first"

# --- Rust target and components ----------------------------------------------
if rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "rust target wasm32-unknown-unknown: present"
else
  say "rustup target add wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi
for comp in rustfmt clippy; do
  if rustup component list --installed | grep -q "^$comp"; then
    say "rust component $comp: present"
  else
    say "rustup component add $comp"
    rustup component add "$comp"
  fi
done

# --- wasm-bindgen CLI, the exact version of the crate in Cargo.lock ------------
WB=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
if [[ -z "$WB" ]]; then
  echo "[setup] error: no wasm-bindgen in Cargo.lock" >&2
  exit 1
fi
HAVE=$(wasm-bindgen --version 2>/dev/null | awk '{ print $2 }' || true)
HAVE_RUNNER=$(command -v wasm-bindgen-test-runner || true)
if [[ "$HAVE" == "$WB" && -n "$HAVE_RUNNER" ]]; then
  say "wasm-bindgen-cli $WB: present"
else
  say "cargo install wasm-bindgen-cli --version $WB (had: ${HAVE:-none}; takes ~3 min)"
  if ! cargo install wasm-bindgen-cli --version "$WB" --locked --force; then
    say "--locked failed (a locked dependency may be missing from the registry); retrying without --locked"
    cargo install wasm-bindgen-cli --version "$WB" --force
  fi
fi

# --- wasm-pack (the crate also builds and tests with it) --------------------------
WP=0.15.1
if [[ "$(wasm-pack --version 2>/dev/null | awk '{ print $2 }')" == "$WP" ]]; then
  say "wasm-pack $WP: present"
else
  say "cargo install wasm-pack --version $WP (takes ~3.5 min)"
  if ! cargo install wasm-pack --version "$WP" --locked --force; then
    say "--locked failed; retrying without --locked"
    cargo install wasm-pack --version "$WP" --force
  fi
fi

# --- Chromium, chromedriver and a Chinese font (Debian packages) ----------------
# fonts-wqy-microhei (≈5 MB): the page tests' screenshots (target/page-shots/) show Chinese
# text instead of empty boxes.
missing=()
for p in chromium chromium-driver fonts-wqy-microhei; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if ((${#missing[@]} == 0)); then
  say "debian packages chromium chromium-driver fonts-wqy-microhei: present"
else
  SUDO=()
  if [[ $(id -u) -ne 0 ]]; then
    need sudo "run as root or install sudo to install ${missing[*]}"
    SUDO=(sudo -n)
  fi
  say "apt-get update && apt-get install -y ${missing[*]}"
  "${SUDO[@]}" apt-get update
  "${SUDO[@]}" apt-get install -y --no-install-recommends "${missing[@]}"
fi

# --- npm dev dependencies -------------------------------------------------------
# Skipped when node_modules matches package-lock.json (npm writes its own copy of the
# lock into node_modules/.package-lock.json on every install).
if [[ -f node_modules/.package-lock.json ]] && [[ -x node_modules/.bin/wasm-opt ]] \
  && [[ -x node_modules/.bin/tsc ]] && [[ -d node_modules/playwright-core ]] \
  && node -e '
    const fs = require("fs");
    const want = JSON.parse(fs.readFileSync("package-lock.json", "utf8")).packages;
    const have = JSON.parse(fs.readFileSync("node_modules/.package-lock.json", "utf8")).packages;
    for (const [k, v] of Object.entries(want)) {
      if (k === "") continue;
      if (!have[k] || have[k].version !== v.version) process.exit(1);
    }' 2>/dev/null; then
  say "node_modules: up to date with package-lock.json"
else
  say "npm ci"
  npm ci --no-audit --no-fund
fi

say "ok"
