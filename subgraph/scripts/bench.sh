#!/usr/bin/env bash
# `npm run bench:indexer`: indexing benchmark in a real graph-node against a live local chain. Starts a
# hardhat node and the embedded content store on 127.0.0.1, deploys with Ignition, builds the subgraph, runs
# gnd dev, then scripts/subgraph/bench-indexer.ts fires a burst of BENCH_JOBS (default 500) complete k = 1 jobs — 5 events
# each, ≥ 2,000 events — and reports throughput (events/s), lag behind head at the end of the burst, and the
# p50/p95 latency of every examples/queries/*.graphql. Not a test: it fails only if something breaks.
set -euo pipefail
cd "$(dirname "$0")/.."
subgraph=$(pwd)
root=$(cd .. && pwd)
source scripts/postgres.sh
source scripts/processes.sh
source scripts/gnd.sh
require_gnd
require_node22

work=$(mktemp -d "${TMPDIR:-/tmp}/hashwork-subgraph-bench.XXXXXX")
echo "bench: work dir $work (logs: hardhat.log, content.log, gnd.log; report: bench.json)"
trap proc_stop_all EXIT
trap 'exit 130' INT TERM

rpc_port=$(free_port)
ipfs_port=$(free_port)
http_port=$(free_port)
rpc="http://127.0.0.1:$rpc_port"
proc_start hardhat "$work/hardhat.log" "$root/node_modules/.bin/hardhat" --config "$root/hardhat.config.ts" node --hostname 127.0.0.1 --port "$rpc_port"
wait_until "hardhat node" 120 rpc_ready "$rpc"
proc_start content-store "$work/content.log" node --import tsx "$subgraph/e2e/content-store.ts" "$work/content" "$ipfs_port"
wait_until "content store" 60 ipfs_ready "http://127.0.0.1:$ipfs_port"

hardhat_run() { # script, with env
  (cd "$root" && HASHWORK_RPC_URL="$rpc" E2E_DIR="$work" node_modules/.bin/hardhat run --no-compile --network localhost "$1")
}
E2E_STEP=deploy hardhat_run scripts/subgraph/e2e-chain.ts
node scripts/manifest.mjs --deployment "$work/deployment.json"
npx graph codegen
npx graph build

pg_setup "${HASHWORK_BENCH_DB:-hashwork_subgraph_bench}"
proc_start gnd "$work/gnd.log" "$GND" dev \
  --manifests ./subgraph.yaml --database-dir "$work/gnd" \
  --ethereum-rpc "hardhat:$rpc" --ipfs "http://127.0.0.1:$ipfs_port" --http-port "$http_port" \
  --admin-port "$(free_port)" --index-node-port "$(free_port)" --metrics-port "$(free_port)" \
  "${PG_ARGS[@]}"
url="http://127.0.0.1:$http_port/subgraphs/name/subgraph-0"
wait_until "gnd dev ($url)" 180 graphql_ready "$url"

BENCH_GRAPHQL_URL="$url" hardhat_run scripts/subgraph/bench-indexer.ts
