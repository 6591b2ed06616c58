#!/usr/bin/env bash
# End-to-end test of the subgraph in a real graph-node against a live local chain:
#   hardhat node (127.0.0.1) + the SDK's embedded content store (graph-node checks /api/v0/version)
#   → Ignition deployment → manifest for those addresses → codegen + build → gnd dev (indexing live)
#   → real transactions (e2e/chain.ts) → facts from contract views and logs → GraphQL checks and every
#   examples/queries/*.graphql (e2e/assert.mjs). Exits non-zero on any failure; logs stay in the work dir.
#
#   bash subgraph/scripts/e2e.sh          (Node >= 22 first on PATH; PostgreSQL as scripts/postgres.sh says)
set -euo pipefail
cd "$(dirname "$0")/.."
subgraph=$(pwd)
root=$(cd .. && pwd)
source scripts/postgres.sh

node -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 22 ? 0 : 1)' ||
  { echo "e2e: Hardhat needs Node >= 22 first on PATH (see README: Prerequisites)" >&2; exit 2; }
[ -f "$root/sdk/abis/JobMarket.json" ] ||
  { echo "e2e: sdk/abis/ is missing: run \`npx hardhat build && node scripts/export-abis.ts\`" >&2; exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/hashwork-subgraph-e2e.XXXXXX")
echo "e2e: work dir $work (logs: hardhat.log, content.log, gnd.log)"
GRACE=${HASHWORK_STOP_GRACE:-10} # seconds between SIGTERM and SIGKILL (gnd does not always exit on SIGTERM)
pids=()
names=()

stop() { # pid name: SIGTERM, wait up to $GRACE seconds, then SIGKILL
  local pid=$1 name=$2 i
  kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < GRACE * 10; i++)); do
    kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null || true; return 0; }
    sleep 0.1
  done
  echo "e2e: $name ($pid) ignored SIGTERM for ${GRACE}s; sending SIGKILL" >&2
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}
cleanup() {
  local i
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do stop "${pids[$i]}" "${names[$i]}"; done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

start() { # name logfile command...: runs in the background, remembered for cleanup
  local name=$1 log=$2
  shift 2
  "$@" >"$log" 2>&1 &
  pids+=($!)
  names+=("$name")
}

free_port() {
  node -e 'const s = require("node:net").createServer(); s.listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); });'
}

wait_until() { # what seconds command...
  local what=$1 seconds=$2 i
  shift 2
  for ((i = 0; i < seconds * 4; i++)); do
    "$@" >/dev/null 2>&1 && return 0
    sleep 0.25
  done
  echo "e2e: $what did not come up in ${seconds}s" >&2
  return 1
}

rpc_port=$(free_port)
ipfs_port=$(free_port)
http_port=$(free_port)
admin_port=$(free_port)
index_port=$(free_port)
metrics_port=$(free_port)
rpc="http://127.0.0.1:$rpc_port"

# 1. The chain and the content store, both on loopback.
start hardhat "$work/hardhat.log" "$root/node_modules/.bin/hardhat" --config "$root/hardhat.config.ts" node --hostname 127.0.0.1 --port "$rpc_port"
wait_until "hardhat node" 120 curl -sf -H 'content-type: application/json' \
  -d '{"jsonrpc":"2.0","id":1,"method":"eth_chainId","params":[]}' "$rpc"
start content-store "$work/content.log" node --import tsx "$subgraph/e2e/content-store.ts" "$work/content" "$ipfs_port"
wait_until "content store" 60 curl -sf -X POST "http://127.0.0.1:$ipfs_port/api/v0/version"

chain_step() {
  (cd "$root" && HASHWORK_RPC_URL="$rpc" E2E_DIR="$work" E2E_STEP="$1" \
    node_modules/.bin/hardhat run --network localhost subgraph/e2e/chain.ts)
}

# 2. Deploy, then build the subgraph for those addresses.
chain_step deploy
node scripts/manifest.mjs --deployment "$work/deployment.json"
npx graph codegen
npx graph build

# 3. graph-node (gnd dev) indexing the live chain.
pg_setup "${HASHWORK_E2E_DB:-hashwork_subgraph_e2e}"
start gnd "$work/gnd.log" "$root/node_modules/@graphprotocol/gnd-linux-x64/bin/gnd" dev \
  --manifests ./subgraph.yaml --database-dir "$work/gnd" \
  --ethereum-rpc "hardhat:$rpc" --ipfs "http://127.0.0.1:$ipfs_port" \
  --http-port "$http_port" --admin-port "$admin_port" --index-node-port "$index_port" --metrics-port "$metrics_port" \
  "${PG_ARGS[@]}"
url="http://127.0.0.1:$http_port/subgraphs/name/subgraph-0"
wait_until "gnd dev ($url)" 180 curl -sf -H 'content-type: application/json' -d '{"query":"{ _meta { block { number } } }"}' "$url"

# 4. Real transactions while graph-node indexes, then what the chain says, then the checks.
chain_step activity
chain_step facts
node e2e/assert.mjs "$url" "$work"
