#!/usr/bin/env bash
# Installs everything this project needs on a fresh machine of its kind (Debian 12, rustup,
# Node 20+), and nothing twice: every step checks first and is skipped when already done.
#
#   wasm32 target · wasm-pack · wasm-bindgen-cli (exactly the version in Cargo.lock)
#   chromium + chromium-driver + a CJK font (Debian) · node dependencies from package-lock.json files
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

say() { echo "setup.sh: $*"; }
fail() { echo "setup.sh: ERROR: $*" >&2; exit 1; }

command -v cargo >/dev/null || fail "cargo is missing: install Rust with rustup first (https://rustup.rs)"
command -v rustup >/dev/null || fail "rustup is missing: the wasm32 target is installed with it"
command -v node >/dev/null || fail "node is missing: install Node.js 18 or newer"
command -v npm >/dev/null || fail "npm is missing: install it with Node.js"

# 1. Rust: the wasm target and the formatter/linter used by test.sh.
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown || fail "rustup could not add wasm32-unknown-unknown"
fi
for component in rustfmt clippy; do
  if ! rustup component list --installed | grep -q "^$component"; then
    say "adding the $component component"
    rustup component add "$component" || fail "rustup could not add $component"
  fi
done

# 2. wasm-pack (built from source: its npm package downloads a binary, which fails here).
if ! command -v wasm-pack >/dev/null; then
  say "installing wasm-pack (about 4 minutes)"
  cargo install wasm-pack --version '^0.15' || fail "cargo install wasm-pack failed"
fi

# 3. wasm-bindgen-cli at exactly the wasm-bindgen version in Cargo.lock.
WB_VERSION=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
[[ -n "$WB_VERSION" ]] || fail "could not read the wasm-bindgen version from Cargo.lock"
if [[ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$WB_VERSION" ]]; then
  say "installing wasm-bindgen-cli $WB_VERSION (about 5 minutes)"
  # Without --locked: the CLI's own lockfile pins a crate version the registry mirror lacks.
  cargo install wasm-bindgen-cli --version "=$WB_VERSION" --force \
    || fail "cargo install wasm-bindgen-cli $WB_VERSION failed"
fi

# 4. A real browser and its driver for the browser tests, and a CJK font so that the Chinese
#    pages in screenshots show characters rather than boxes (Debian packages).
missing=()
[[ -x /usr/bin/chromium ]] || missing+=(chromium)
[[ -x /usr/bin/chromedriver ]] || missing+=(chromium-driver)
dpkg -s fonts-wqy-microhei >/dev/null 2>&1 || missing+=(fonts-wqy-microhei)
if ((${#missing[@]})); then
  SUDO=()
  [[ $(id -u) -eq 0 ]] || SUDO=(sudo)
  say "installing ${missing[*]} from Debian"
  "${SUDO[@]}" apt-get update -qq || fail "apt-get update failed"
  DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get install -y -qq "${missing[@]}" \
    || fail "apt-get install ${missing[*]} failed"
fi

# 5. Node dependencies, exactly as locked (build tooling, test tooling, benchmark peers).
for dir in . pkg-scripts/bench; do
  [[ -f "$dir/package-lock.json" ]] || continue
  stamp="$dir/node_modules/.package-lock.json"
  if [[ ! -f "$stamp" || "$dir/package-lock.json" -nt "$stamp" ]]; then
    say "installing node dependencies in $dir"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error) || fail "npm ci failed in $dir"
  fi
done

say "all tools present ($(rustc --version | awk '{print $1, $2}'), wasm-pack $(wasm-pack --version | awk '{print $2}'), wasm-bindgen $WB_VERSION, $("$ROOT/node_modules/.bin/wasm-opt" --version | awk '{print $1, $3}'), $(/usr/bin/chromium --version 2>/dev/null | awk '{print $1, $2}'), node $(node --version))"
