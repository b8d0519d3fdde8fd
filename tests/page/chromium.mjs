// How every headless Chromium of the tests starts (tests/page, tests/packaging): as root,
// without a sandbox, and without the background connections (updates, sync, QUIC) that a
// closed network refuses, many at a time, at every start.
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
