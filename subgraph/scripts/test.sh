#!/usr/bin/env bash
# Runs the subgraph's gnd JSON tests (tests/*.json) in a real graph-node: generates the test manifest
# (fixture addresses), codegen, build, then `gnd test`. Exits non-zero when anything fails.
#
#   npm test -w subgraph            # or: bash subgraph/scripts/test.sh [tests/<file>.json ...]
#
# PostgreSQL as DESIGN.md says: POSTGRES_URL if set; a temporary database as non-root; as root the Debian
# cluster with a password role and a fresh database (scripts/postgres.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/postgres.sh

[ -f ../sdk/abis/JobMarket.json ] || {
  echo "test: sdk/abis/ is missing: run \`npx hardhat build && node scripts/export-abis.ts\` at the repository root" >&2
  exit 2
}

node scripts/manifest.mjs --deployment config/test-deployment.json
npx graph codegen
npx graph build
# With a shared database (root, or POSTGRES_URL) gnd keeps a failed test's entities for inspection, and they
# would leak into the next test; so each file runs in its own gnd process against a freshly created database.
# As non-root gnd gives every test its own temporary database, and one process runs them all.
files=("$@")
if [ ${#files[@]} -eq 0 ]; then
  mapfile -t files < <(find tests -name '*.json' -not -path '*/fixtures/*' | sort)
fi
[ ${#files[@]} -gt 0 ] || { echo "test: no tests/*.json" >&2; exit 1; }

log=$(mktemp)
trap 'rm -f "$log"' EXIT
run_gnd() {
  set +e
  npx gnd test --skip-build "${PG_ARGS[@]}" "$@" 2>&1 | tee -a "$log"
  local status=${PIPESTATUS[0]}
  set -e
  return "$status"
}

status=0
if [ "$(id -u)" -ne 0 ] && [ -z "${POSTGRES_URL:-}" ]; then
  pg_setup unused
  run_gnd "${files[@]}" || status=1
else
  for file in "${files[@]}"; do
    pg_setup "${HASHWORK_TEST_DB:-hashwork_subgraph_test}"
    run_gnd "$file" || status=1
  done
fi

# Sum gnd's "Tests: N passed, N failed" lines (one per process) into one line, and refuse a run that ran nothing.
read -r passed failed < <(sed 's/\x1b\[[0-9;]*m//g' "$log" | awk '/^Tests: [0-9]+ passed, [0-9]+ failed/ { p += $2; f += $4 } END { print p + 0, f + 0 }')
echo "Tests: $passed passed, $failed failed"
if [ "$passed" -eq 0 ] || [ "$failed" -ne 0 ]; then status=1; fi
exit "$status"
