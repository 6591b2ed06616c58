#!/usr/bin/env bash
# `npm run indexer`: graph-node (gnd dev) indexing the local devnet, with this subgraph deployed and served at
#   http://127.0.0.1:$HASHWORK_GRAPHQL_PORT/subgraphs/name/subgraph-0     (default port 8000)
# Runs in the foreground until Ctrl-C / SIGTERM, then stops everything it started.
#
# Needs the devnet: `npx hardhat node --hostname 127.0.0.1` and `npx hardhat run scripts/deploy.ts --network
# localhost` (which writes sdk/deployments/31337.json). Environment:
#   HASHWORK_RPC_URL        chain RPC (default http://127.0.0.1:8545)
#   HASHWORK_NETWORK        network in config/networks.json (default hardhat)
#   HASHWORK_DEPLOYMENT     a deployment file other than sdk/deployments/<chainId>.json
#   HASHWORK_SUBGRAPH_NETWORKS  a networks.json other than config/networks.json
#   HASHWORK_IPFS_URL       a Kubo API or the devnet's content store; unset: the SDK's embedded store is started
#   HASHWORK_GRAPHQL_PORT, HASHWORK_ADMIN_PORT, HASHWORK_INDEX_NODE_PORT, HASHWORK_METRICS_PORT (8000/8020/8030/8040)
#   HASHWORK_INDEXER_DIR    work dir for gnd.log and gnd's data (default: a new temporary dir)
#   POSTGRES_URL            a database of your own (else scripts/postgres.sh: temporary as non-root, the Debian
#                           cluster as root); the index is rebuilt from the start block on every start, since a
#                           restarted devnet is a new chain.
set -euo pipefail
cd "$(dirname "$0")/.."
subgraph=$(pwd)
root=$(cd .. && pwd)
source scripts/postgres.sh
source scripts/processes.sh
source scripts/gnd.sh
require_gnd
require_node22

rpc=${HASHWORK_RPC_URL:-http://127.0.0.1:8545}
net=${HASHWORK_NETWORK:-hardhat}
http_port=${HASHWORK_GRAPHQL_PORT:-8000}
work=${HASHWORK_INDEXER_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/hashwork-indexer.XXXXXX")}
mkdir -p "$work"
trap proc_stop_all EXIT
trap 'exit 130' INT TERM

rpc_ready "$rpc" >/dev/null || {
  echo "indexer: no chain at $rpc — start one: npx hardhat node --hostname 127.0.0.1 (or set HASHWORK_RPC_URL)" >&2
  exit 2
}
[ -f "$root/sdk/abis/JobMarket.json" ] || {
  echo "indexer: sdk/abis/ is missing: run \`npx hardhat build && node scripts/export-abis.ts\`" >&2
  exit 2
}
# manifest.mjs fails with a clear message when the deployment file is missing.
node scripts/manifest.mjs --network "$net" ${HASHWORK_DEPLOYMENT:+--deployment "$HASHWORK_DEPLOYMENT"}
npx graph codegen
npx graph build

ipfs=${HASHWORK_IPFS_URL:-}
if [ -z "$ipfs" ]; then
  ipfs_port=$(free_port)
  proc_start content-store "$work/content.log" node --import tsx "$subgraph/e2e/content-store.ts" "$work/content" "$ipfs_port"
  ipfs="http://127.0.0.1:$ipfs_port"
  wait_until "content store" 60 ipfs_ready "$ipfs"
fi
ipfs_ready "$ipfs" >/dev/null || {
  echo "indexer: no IPFS API at $ipfs (graph-node checks /api/v0/version)" >&2
  exit 2
}

pg_setup "${HASHWORK_INDEXER_DB:-hashwork_indexer}"
proc_start gnd "$work/gnd.log" "$GND" dev \
  --manifests ./subgraph.yaml --database-dir "$work/gnd" \
  --ethereum-rpc "$(node -p 'require(require("path").resolve(process.env.HASHWORK_SUBGRAPH_NETWORKS || "./config/networks.json"))[process.argv[1]].graphNetwork' "$net"):$rpc" \
  --ipfs "$ipfs" --http-port "$http_port" --admin-port "${HASHWORK_ADMIN_PORT:-8020}" \
  --index-node-port "${HASHWORK_INDEX_NODE_PORT:-8030}" --metrics-port "${HASHWORK_METRICS_PORT:-8040}" \
  "${PG_ARGS[@]}"
url="http://127.0.0.1:$http_port/subgraphs/name/subgraph-0"
wait_until "gnd dev" 180 graphql_ready "$url" || {
  tail -n 30 "$work/gnd.log" >&2
  exit 1
}
echo "indexer: indexing $rpc; GraphQL at $url (logs: $work/gnd.log); Ctrl-C stops"
set +e
wait "${PROC_PIDS[-1]}"
echo "indexer: gnd exited ($?); see $work/gnd.log" >&2
exit 1
