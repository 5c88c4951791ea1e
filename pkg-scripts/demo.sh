#!/usr/bin/env bash
# The demo: installs what is missing, builds pkg/ when its sources changed and the demo server,
# then starts the server on 127.0.0.1: it serves the pages (www/) and the package (pkg/) and
# enforces www/policy.json and www/access.json natively. Accounts live in a SQLite file.
#
#   pkg-scripts/demo.sh                          http://127.0.0.1:8080/
#   pkg-scripts/demo.sh --port 0                 any free port; the URL is printed
#   PORT=9000 pkg-scripts/demo.sh
#   pkg-scripts/demo.sh --db /tmp/demo.sqlite3   another database (default target/demo/accounts.sqlite3)
#
# Every flag is passed to the server: docs/demo-server.md lists them and the HTTP API.
set -euo pipefail
cd "$(dirname "$0")/.."

pkg-scripts/setup.sh

# pkg/package.json is written last by build.sh: anything newer than it is not in pkg/ yet.
SOURCES=(src js Cargo.toml Cargo.lock pkg-scripts/build.sh pkg-scripts/package.template.json)
if [[ ! -f pkg/package.json || -n "$(find "${SOURCES[@]}" -newer pkg/package.json -print -quit)" ]]; then
  echo "demo.sh: pkg/ is missing or older than its sources; building it"
  pkg-scripts/build.sh
fi

echo "demo.sh: building the demo server (cargo build --features server --bin demo-server)"
cargo build --locked --quiet --features server --bin demo-server

echo "demo.sh: to use the admin page, sign up as \`admin\` (the user www/access.json makes administrator),"
echo "demo.sh: then set up the second factor on the account page (any TOTP authenticator app)"
exec target/debug/demo-server "$@"
