#!/usr/bin/env bash
# Runs the subgraph's gnd JSON tests (tests/*.json, written from tests/scenarios/*.ts) in a real graph-node:
# generates the test manifest (fixture addresses), codegen, build, then `gnd test`. Exits non-zero when anything fails.
#
#   npm test -w subgraph            # or: bash subgraph/scripts/test.sh [tests/<file>.json ...]
#
# PostgreSQL as DESIGN.md says: POSTGRES_URL if set; a temporary database as non-root; as root the Debian
# cluster with a password role and a fresh database (scripts/postgres.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/postgres.sh
source scripts/gnd.sh
require_gnd

[ -f ../sdk/abis/JobMarket.json ] || {
  echo "test: sdk/abis/ is missing: run \`npx hardhat build && node scripts/export-abis.ts\` at the repository root" >&2
  exit 2
}

# The schema's counter fields and the JSON tests are generated: refuse stale ones (see their scripts).
node scripts/counters.mjs --check
node tests/scenarios/build.ts --check
node scripts/manifest.mjs --deployment config/test-deployment.json
npx graph codegen
npx graph build
# With a shared database gnd keeps a failed test's entities for inspection, and they would leak into the next
# test; so as root each file runs in its own gnd process against its own freshly created database. As non-root
# gnd gives every test its own temporary database, and one process runs them all. (A POSTGRES_URL of your own
# is used for every file as is.)
files=("$@")
if [ ${#files[@]} -eq 0 ]; then
  mapfile -t files < <(find tests -maxdepth 1 -name '*.json' | sort)
fi
[ ${#files[@]} -gt 0 ] || { echo "test: no tests/*.json" >&2; exit 1; }

logdir=$(mktemp -d)
trap 'rm -rf "$logdir"' EXIT
status=0
if [ "$(id -u)" -ne 0 ] || [ -n "${POSTGRES_URL:-}" ]; then
  pg_setup "${HASHWORK_TEST_DB:-hashwork_subgraph_test}"
  "$GND" test --skip-build "${PG_ARGS[@]}" "${files[@]}" 2>&1 | tee "$logdir/all.log" || status=1
else
  # One database per file, up to HASHWORK_TEST_JOBS gnd processes at a time; logs are printed in file order.
  jobs_max=${HASHWORK_TEST_JOBS:-4}
  for i in "${!files[@]}"; do
    pg_setup "${HASHWORK_TEST_DB:-hashwork_subgraph_test}_$i"
    "$GND" test --skip-build "${PG_ARGS[@]}" "${files[$i]}" >"$logdir/$(printf %03d "$i").log" 2>&1 &
    while [ "$(jobs -rp | wc -l)" -ge "$jobs_max" ]; do wait -n || true; done
  done
  wait || true
  for log in "$logdir"/*.log; do
    cat "$log"
    # A gnd that crashed before its summary line fails the run.
    grep -q 'Tests: [0-9]* passed' "$log" || { echo "test: gnd did not finish $(basename "$log")" >&2; status=1; }
  done
fi

# Sum gnd's "Tests: N passed, N failed" lines (one per process) into one line, and refuse a run that ran nothing.
read -r passed failed < <(cat "$logdir"/*.log | sed 's/\x1b\[[0-9;]*m//g' | awk '/^Tests: [0-9]+ passed, [0-9]+ failed/ { p += $2; f += $4 } END { print p + 0, f + 0 }')
echo "Tests: $passed passed, $failed failed"
if [ "$passed" -eq 0 ] || [ "$failed" -ne 0 ]; then status=1; fi
exit "$status"
