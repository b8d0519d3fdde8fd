#!/usr/bin/env bash
# Runs the demo: installs what is missing, builds the package (scripts/build.sh → pkg/),
# builds the workbench page with Vite (www-demo/ → www-demo/dist/, the package imported
# as `jixiao`) and serves www-demo/dist/ on http://127.0.0.1:PORT/ (Ctrl-C stops it).
#
#   bash scripts/demo.sh              # PORT defaults to 8765, or the next free port
#   PORT=9000 bash scripts/demo.sh
#   bash scripts/demo.sh --no-serve   # build only
# JIXIAO_SKIP_SETUP=1 skips scripts/setup.sh.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

SERVE=1
for arg in "$@"; do
  case "$arg" in
    --no-serve) SERVE=0 ;;
    -h | --help) sed -n '2,9p' "$0"; exit 0 ;;
    *) echo "unknown argument: $arg" >&2; exit 2 ;;
  esac
done

if [[ ! -f www-demo/index.html ]]; then
  echo "error: www-demo/index.html not found (the demo page is not in this checkout)" >&2
  exit 1
fi

if [[ "${JIXIAO_SKIP_SETUP:-}" != 1 ]]; then
  echo "==> scripts/setup.sh"
  bash scripts/setup.sh
fi
echo "==> scripts/build.sh"
bash scripts/build.sh

echo "==> vite build www-demo → www-demo/dist/"
rm -rf www-demo/pkg # the copy of pkg/ the page used before it was built with Vite
node_modules/.bin/vite build www-demo

((SERVE)) || exit 0

port_free() {
  python3 -c 'import socket,sys; s=socket.socket(); s.bind(("127.0.0.1", int(sys.argv[1]))); s.close()' "$1" 2>/dev/null
}
if [[ -z "${PORT:-}" ]]; then
  PORT=8765
  while ! port_free "$PORT"; do
    PORT=$((PORT + 1))
    if ((PORT > 8865)); then
      echo "error: no free port in 8765-8865; set PORT" >&2
      exit 1
    fi
  done
fi

echo
echo "  jixiao demo: http://127.0.0.1:$PORT/"
echo "  (zh-TW: http://127.0.0.1:$PORT/?locale=zh-TW · en: http://127.0.0.1:$PORT/?locale=en)  Ctrl-C to stop"
echo
exec python3 -m http.server --bind 127.0.0.1 "$PORT" --directory www-demo/dist
