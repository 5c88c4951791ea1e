#!/usr/bin/env bash
# The demo: installs what is missing, builds pkg/ when its sources changed, then serves the
# signup page (www/) and the package (pkg/) on 127.0.0.1. Nothing is downloaded at run time.
#
#   pkg-scripts/demo.sh              http://127.0.0.1:8080/
#   pkg-scripts/demo.sh --port 0     any free port; the URL is printed
#   PORT=9000 pkg-scripts/demo.sh
set -euo pipefail
cd "$(dirname "$0")/.."

pkg-scripts/setup.sh

# pkg/package.json is written last by build.sh: anything newer than it is not in pkg/ yet.
SOURCES=(src js Cargo.toml Cargo.lock pkg-scripts/build.sh pkg-scripts/package.template.json)
if [[ ! -f pkg/package.json || -n "$(find "${SOURCES[@]}" -newer pkg/package.json -print -quit)" ]]; then
  echo "demo.sh: pkg/ is missing or older than its sources; building it"
  pkg-scripts/build.sh
fi

exec node pkg-scripts/serve.mjs "$@"
