#!/usr/bin/env bash
# Builds pkg/: the npm package `account-rules` with its web, bundler and nodejs builds behind
# one `exports` map, the worker helper, types, README and licences.
#
#   pkg-scripts/build.sh            release build (what is published and benchmarked)
#   pkg-scripts/build.sh --dev      unoptimised, faster to build (wasm-opt skipped)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

MODE=(--release)
if [[ "${1:-}" == "--dev" ]]; then MODE=(--dev --no-opt); fi

# wasm-opt comes from the binaryen npm package pinned in package-lock.json: Debian's wasm-opt
# (version 108) corrupts the externref table that wasm-bindgen emits.
export PATH="$ROOT/node_modules/.bin:$PATH"

need() { command -v "$1" >/dev/null || { echo "build.sh: '$1' is missing; run pkg-scripts/setup.sh" >&2; exit 1; }; }
need wasm-pack
need wasm-bindgen
need wasm-opt

rm -rf pkg
for target in web bundler nodejs; do
  dir=$target
  [[ $target == nodejs ]] && dir=node
  echo "build.sh: building the $target build into pkg/$dir"
  wasm-pack --quiet build "${MODE[@]}" --target "$target" --out-dir "pkg/$dir" \
    --out-name account_rules --no-pack
  rm -f "pkg/$dir/.gitignore"
done

# wasm-bindgen types classes with `[Symbol.dispose]`, which TypeScript knows only from its
# `esnext.disposable` lib: reference it, so consumers compile with whatever `lib` they chose.
for dts in pkg/*/account_rules.d.ts; do
  if grep -q 'Symbol.dispose' "$dts"; then
    printf '/// <reference lib="esnext.disposable" />\n%s\n' "$(cat "$dts")" > "$dts"
  fi
done

# The nodejs build is CommonJS; the package root is ESM.
printf '{ "type": "commonjs" }\n' > pkg/node/package.json

mkdir -p pkg/worker
cp js/worker/index.js js/worker/index.d.ts js/worker/strength-worker.js pkg/worker/
cp README.md LICENSE-MIT LICENSE-APACHE data/THIRD-PARTY-NOTICES.md pkg/
mkdir -p pkg/schema pkg/presets
cp schema/password-policy.schema.json pkg/schema/
cp src/policy/presets/*.json pkg/presets/

VERSION=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)
sed "s/@VERSION@/$VERSION/" pkg-scripts/package.template.json > pkg/package.json

echo "build.sh: pkg/ ready (account-rules $VERSION):"
( cd pkg && find . -type f -name '*.wasm' -exec ls -l {} \; | awk '{print "  " $5 " bytes  " $9}' )
