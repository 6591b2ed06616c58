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
pg_setup "${HASHWORK_TEST_DB:-hashwork_subgraph_test}"

log=$(mktemp)
trap 'rm -f "$log"' EXIT
set +e
npx gnd test --skip-build "${PG_ARGS[@]}" "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
# gnd prints "Tests: N passed, N failed"; trust the exit code, but also refuse a run that passed nothing.
if [ "$status" -eq 0 ] && ! grep -Eq 'Tests: [1-9][0-9]* passed, 0 failed' "$log"; then
  echo "test: gnd reported no passing tests" >&2
  status=1
fi
exit "$status"
