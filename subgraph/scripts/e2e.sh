#!/usr/bin/env bash
# End-to-end test of the subgraph in a real graph-node against a live local chain:
#   hardhat node (127.0.0.1) + the SDK's embedded content store (graph-node checks /api/v0/version)
#   → Ignition deployment → manifest for those addresses → codegen + build → gnd dev (indexing live)
#   → real transactions (scripts/subgraph/e2e-chain.ts) → facts from contract views and logs → GraphQL checks and every
#   examples/queries/*.graphql (e2e/assert.mjs). Exits non-zero on any failure and then keeps the logs.
#
#   bash subgraph/scripts/e2e.sh          (Node >= 22 first on PATH; PostgreSQL as scripts/postgres.sh says)
set -euo pipefail
cd "$(dirname "$0")/.."
subgraph=$(pwd)
root=$(cd .. && pwd)
source scripts/postgres.sh
source scripts/processes.sh
source scripts/gnd.sh
require_gnd
require_node22
[ -f "$root/sdk/abis/JobMarket.json" ] ||
  { echo "e2e: sdk/abis/ is missing: run \`npx hardhat build && node scripts/export-abis.ts\`" >&2; exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/hashwork-subgraph-e2e.XXXXXX")
echo "e2e: work dir $work (logs: hardhat.log, content.log, gnd.log)"
ok=0
trap 'proc_stop_all; if [ "$ok" = 1 ]; then rm -rf "$work"; else echo "e2e: logs kept in $work" >&2; fi' EXIT
trap 'exit 130' INT TERM

rpc_port=$(free_port)
ipfs_port=$(free_port)
http_port=$(free_port)
admin_port=$(free_port)
index_port=$(free_port)
metrics_port=$(free_port)
rpc="http://127.0.0.1:$rpc_port"

# 1. The chain and the content store, both on loopback.
proc_start hardhat "$work/hardhat.log" "$root/node_modules/.bin/hardhat" --config "$root/hardhat.config.ts" node --hostname 127.0.0.1 --port "$rpc_port"
wait_until "hardhat node" 120 rpc_ready "$rpc"
proc_start content-store "$work/content.log" node --import tsx "$subgraph/e2e/content-store.ts" "$work/content" "$ipfs_port"
wait_until "content store" 60 ipfs_ready "http://127.0.0.1:$ipfs_port"

chain_step() {
  (cd "$root" && HASHWORK_RPC_URL="$rpc" E2E_DIR="$work" E2E_STEP="$1" \
    node_modules/.bin/hardhat run --no-compile --network localhost scripts/subgraph/e2e-chain.ts)
}

# 2. Deploy, then build the subgraph for those addresses.
chain_step deploy
node scripts/manifest.mjs --deployment "$work/deployment.json"
npx graph codegen
npx graph build

# 3. graph-node (gnd dev) indexing the live chain.
pg_setup "${HASHWORK_E2E_DB:-hashwork_subgraph_e2e}"
proc_start gnd "$work/gnd.log" "$GND" dev \
  --manifests ./subgraph.yaml --database-dir "$work/gnd" \
  --ethereum-rpc "hardhat:$rpc" --ipfs "http://127.0.0.1:$ipfs_port" \
  --http-port "$http_port" --admin-port "$admin_port" --index-node-port "$index_port" --metrics-port "$metrics_port" \
  "${PG_ARGS[@]}"
url="http://127.0.0.1:$http_port/subgraphs/name/subgraph-0"
wait_until "gnd dev ($url)" 180 graphql_ready "$url"

# 4. Real transactions while graph-node indexes, then what the chain says, then the checks.
chain_step activity
chain_step facts
node e2e/assert.mjs "$url" "$work" "$rpc"
ok=1
