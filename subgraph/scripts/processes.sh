# shellcheck shell=bash
# Background processes for the e2e test, the local indexer and the benchmark: started by us, remembered by
# pid, stopped by pid with SIGTERM and a grace period, then SIGKILL (gnd does not always exit on SIGTERM).
# Our servers bind to 127.0.0.1; graph-node (gnd) binds its four ports on 0.0.0.0 (hard-coded, no flag).

GRACE=${HASHWORK_STOP_GRACE:-10} # seconds between SIGTERM and SIGKILL
PROC_PIDS=()
PROC_NAMES=()

proc_stop() { # pid name
  local pid=$1 name=$2 i
  kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < GRACE * 10; i++)); do
    kill -0 "$pid" 2>/dev/null || {
      wait "$pid" 2>/dev/null || true
      return 0
    }
    sleep 0.1
  done
  echo "$name ($pid) ignored SIGTERM for ${GRACE}s; sending SIGKILL" >&2
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

proc_stop_all() { # newest first
  local i
  for ((i = ${#PROC_PIDS[@]} - 1; i >= 0; i--)); do proc_stop "${PROC_PIDS[$i]}" "${PROC_NAMES[$i]}"; done
  PROC_PIDS=()
  PROC_NAMES=()
}

proc_start() { # name logfile command...
  local name=$1 log=$2
  shift 2
  "$@" >"$log" 2>&1 &
  PROC_PIDS+=($!)
  PROC_NAMES+=("$name")
}

# A free TCP port on 127.0.0.1 *below* the kernel's ephemeral range. Ports from listen(0) come from that range,
# so another program that picks one, closes it and binds it later can never land on ours (seen here: a
# concurrent test's client talking to our hardhat node, snapshotting and reverting its chain).
free_port() {
  node -e '
    const net = require("node:net");
    const fs = require("node:fs");
    let low = 32768;
    try { low = Number(fs.readFileSync("/proc/sys/net/ipv4/ip_local_port_range", "utf8").trim().split(/\s+/)[0]); } catch {}
    const lo = Math.max(1024, Math.min(20000, low - 10000)), hi = Math.max(lo + 100, low);
    const attempt = (n) => {
      if (n === 0) { console.error("free_port: no free port below the ephemeral range"); process.exit(1); }
      const port = lo + Math.floor(Math.random() * (hi - lo));
      const s = net.createServer();
      s.once("error", () => attempt(n - 1));
      s.listen(port, "127.0.0.1", () => { console.log(port); s.close(); });
    };
    attempt(200);'
}

wait_until() { # what seconds command...
  local what=$1 seconds=$2 i
  shift 2
  for ((i = 0; i < seconds * 4; i++)); do
    "$@" >/dev/null 2>&1 && return 0
    sleep 0.25
  done
  echo "$what did not come up in ${seconds}s" >&2
  return 1
}

rpc_ready() { # url
  curl -sf -H 'content-type: application/json' -d '{"jsonrpc":"2.0","id":1,"method":"eth_chainId","params":[]}' "$1"
}

ipfs_ready() { # url
  curl -sf -X POST "$1/api/v0/version"
}

graphql_ready() { # url: the subgraph is deployed and answers (graph-node says 200 with errors before that)
  curl -sf -H 'content-type: application/json' -d '{"query":"{ _meta { block { number } } }"}' "$1" | grep -q '"_meta"'
}

require_node22() {
  # The engines of every package.json: Hardhat 3 needs 22, node:sqlite without a flag 22.13.
  node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 22 || (a === 22 && b >= 13) ? 0 : 1)' || {
    echo "Node >= 22.13 must be first on PATH (see README: Prerequisites)" >&2
    exit 2
  }
}
