#!/usr/bin/env bash
# THE test command: installs what is missing (setup.sh), then runs every check, natively and
# in a real headless Chromium, and ends with one summary line "N passed, N failed".
#
#   pkg-scripts/test.sh
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
export PATH="$ROOT/node_modules/.bin:$PATH"
export CHROMEDRIVER=${CHROMEDRIVER:-/usr/bin/chromedriver}
export CARGO_TERM_COLOR=never

pkg-scripts/setup.sh || { echo "test.sh: setup failed"; echo "test.sh: 0 passed, 1 failed"; exit 1; }

passed=0
failed=0
failures=()
step() {
  local name=$1
  shift
  local started=$SECONDS
  echo
  echo "=== $name"
  if "$@"; then
    passed=$((passed + 1))
    echo "--- ok: $name ($((SECONDS - started)) s)"
  else
    failed=$((failed + 1))
    failures+=("$name")
    echo "--- FAILED: $name ($((SECONDS - started)) s)"
  fi
}

step "cargo fmt --check" cargo fmt --all -- --check
step "clippy (native, with the demo server, -D warnings)" cargo clippy --all-targets --locked --features server -- -D warnings
step "clippy (wasm32, -D warnings)" cargo clippy --all-targets --locked --target wasm32-unknown-unknown -- -D warnings
# Includes tests/server.rs: the real demo-server binary on a real SQLite file.
step "cargo test (native, with the demo server)" cargo test --locked --features server
step "permission engine alone, with and without Casbin import (clippy, tests)" bash -c \
  'for features in "" "--features casbin"; do
     cargo clippy --all-targets --locked --no-default-features $features -- -D warnings &&
     cargo test --locked --no-default-features $features --lib || exit 1
   done'

step "wasm-pack test --headless --chrome" wasm-pack test --headless --chrome
step "build the npm package (pkg-scripts/build.sh)" pkg-scripts/build.sh
if [[ -f pkg/package.json ]]; then
  step "package smoke: node ESM/CJS, tsc, webpack, Chromium, worker" node --test --test-reporter=spec tests/smoke/run.mjs
fi
step "build the demo server" cargo build --locked --features server --bin demo-server
if [[ -d tests/e2e ]]; then
  step "demo end-to-end: pages against the Rust server (Playwright + Chromium)" node --test --test-reporter=spec tests/e2e/*.test.mjs
fi

echo
if ((failed)); then
  printf 'test.sh: failed: %s\n' "${failures[@]}"
fi
echo "test.sh: $passed passed, $failed failed"
((failed == 0))
