#!/usr/bin/env bash
# Chooses the release profile by measurement: builds the web package with opt-level "z", "s"
# and 3 (each with lto = true, codegen-units = 1 and the matching wasm-opt level) and compares
# them on size and keystroke latency in one headless-Chromium run.
#
#   pkg-scripts/bench/profiles.sh            (about 10 minutes on 2 cores)
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
export PATH="$ROOT/node_modules/.bin:$PATH"
OUT=$ROOT/target/bench-profiles
FEATURES=(--enable-bulk-memory --enable-nontrapping-float-to-int --enable-reference-types
  --enable-multivalue --enable-sign-ext --enable-mutable-globals)

args=()
for level in z s 3; do
  dir=$OUT/opt-$level
  echo "profiles.sh: opt-level=$level, lto, codegen-units=1, wasm-opt -O$level"
  CARGO_PROFILE_RELEASE_OPT_LEVEL=$level CARGO_PROFILE_RELEASE_LTO=true \
    CARGO_PROFILE_RELEASE_CODEGEN_UNITS=1 CARGO_TARGET_DIR=$OUT/target-$level \
    wasm-pack --quiet build --release --no-opt --target web --out-dir "$dir/web" \
    --out-name account_rules --no-pack
  wasm-opt "-O$level" "${FEATURES[@]}" "$dir/web/account_rules_bg.wasm" -o "$dir/web/account_rules_bg.wasm"
  args+=(--pkg "$dir" --label "opt-level $level")
done

node pkg-scripts/bench/strength.mjs "${args[@]}"
