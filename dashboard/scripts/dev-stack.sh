#!/usr/bin/env bash
# A populated stack to develop and check the dashboard against, in the foreground until Ctrl-C / SIGTERM:
#   hardhat node → Ignition deploy (scripts/subgraph/e2e-chain.ts) → graph-node (subgraph/scripts/indexer.sh)
#   → the subgraph e2e's real transactions (audited, challenged, panel-verified, slashed, refunded, cancelled jobs) → the built dashboard
#   served by `vite preview`. Every server binds 127.0.0.1 on a free port.
#
#   bash dashboard/scripts/dev-stack.sh      (Node >= 22 first on PATH; PostgreSQL as subgraph/README.md says)
#
# Prints the URLs and writes them to $DASHBOARD_STACK_ENV (default /tmp/hashwork-dashboard-stack.env) as
# SUBGRAPH_URL, RPC_URL and DASHBOARD_URL, ready for `source` before the e2e check. New blocks are mined every
# DASHBOARD_DEV_MINE_MS milliseconds (default 5000; 0 disables) so the live view has something to follow.
set -euo pipefail
cd "$(dirname "$0")/.."
dashboard=$(pwd)
root=$(cd .. && pwd)
source "$root/subgraph/scripts/processes.sh"
require_node22
GRACE=$((GRACE * 2 + 5)) # indexer.sh itself gives graph-node GRACE seconds to stop: outwait it

work=$(mktemp -d "${TMPDIR:-/tmp}/hashwork-dashboard-stack.XXXXXX")
stack_env=${DASHBOARD_STACK_ENV:-/tmp/hashwork-dashboard-stack.env}
trap 'proc_stop_all; rm -f "$stack_env"' EXIT
trap 'exit 130' INT TERM
echo "dev-stack: work dir $work (logs: hardhat.log, indexer.log, indexer/gnd.log, preview.log)"

rpc_port=$(free_port)
graphql_port=$(free_port)
preview_port=$(free_port)
rpc="http://127.0.0.1:$rpc_port"
subgraph_url="http://127.0.0.1:$graphql_port/subgraphs/name/subgraph-0"

rpc_call() { # method params-json
  curl -sf -H 'content-type: application/json' -d "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"$1\",\"params\":$2}" "$rpc"
}
chain_step() { # deploy | activity, from the subgraph's end-to-end test
  (cd "$root" && HASHWORK_RPC_URL="$rpc" E2E_DIR="$work" E2E_STEP="$1" \
    node_modules/.bin/hardhat run --no-compile --network localhost scripts/subgraph/e2e-chain.ts)
}

proc_start hardhat "$work/hardhat.log" "$root/node_modules/.bin/hardhat" --config "$root/hardhat.config.ts" \
  node --hostname 127.0.0.1 --port "$rpc_port"
wait_until "hardhat node" 120 rpc_ready "$rpc"
chain_step deploy

HASHWORK_RPC_URL="$rpc" HASHWORK_DEPLOYMENT="$work/deployment.json" HASHWORK_GRAPHQL_PORT="$graphql_port" \
  HASHWORK_ADMIN_PORT=$(free_port) HASHWORK_INDEX_NODE_PORT=$(free_port) HASHWORK_METRICS_PORT=$(free_port) \
  HASHWORK_INDEXER_DB=hashwork_dashboard_dev HASHWORK_INDEXER_DIR="$work/indexer" proc_start indexer "$work/indexer.log" bash "$root/subgraph/scripts/indexer.sh"
wait_until "graph-node ($subgraph_url)" 300 graphql_ready "$subgraph_url" || {
  tail -n 30 "$work/indexer.log" >&2
  exit 1
}
chain_step activity
mine_ms=${DASHBOARD_DEV_MINE_MS:-5000}
[ "$mine_ms" = 0 ] || rpc_call evm_setIntervalMining "[$mine_ms]" >/dev/null

(cd "$dashboard" && "$root/node_modules/.bin/vite" build >"$work/build.log" 2>&1) || {
  tail -n 30 "$work/build.log" >&2
  exit 1
}
proc_start preview "$work/preview.log" "$root/node_modules/.bin/vite" preview "$dashboard" \
  --host 127.0.0.1 --port "$preview_port" --strictPort
dashboard_url="http://127.0.0.1:$preview_port/?subgraph=$subgraph_url&rpc=$rpc"
wait_until "vite preview" 60 curl -sf "http://127.0.0.1:$preview_port/"

printf "export SUBGRAPH_URL='%s'\nexport RPC_URL='%s'\nexport DASHBOARD_URL='%s'\n" "$subgraph_url" "$rpc" "$dashboard_url" >"$stack_env"
echo "dev-stack: subgraph $subgraph_url"
echo "dev-stack: chain    $rpc"
echo "dev-stack: open     $dashboard_url"
echo "dev-stack: URLs in $stack_env; Ctrl-C stops everything"
set +e
wait "${PROC_PIDS[0]}"
echo "dev-stack: hardhat node exited ($?); see $work/hardhat.log" >&2
exit 1
