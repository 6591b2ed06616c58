# Sourced by the scripts that run graph-node: `require_gnd` sets GND to the graph-node dev binary (gnd), or
# exits 2 explaining how to get one. The binary comes from the npm package @graphprotocol/gnd-linux-x64, an
# optional dependency (published for linux-x64 only), so `npm install` succeeds on other machines without it.
# GND_BIN overrides it with a gnd of your own (e.g. built from graph-node's gnd/ crate).

require_gnd() {
  local dir subgraph_dir
  subgraph_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
  GND=${GND_BIN:-}
  if [ -z "$GND" ]; then
    # Hoisted to the repository root by npm workspaces, or nested under subgraph/ when npm could not hoist it.
    for dir in "$(cd "$subgraph_dir/.." && pwd)/node_modules" "$subgraph_dir/node_modules"; do
      if [ -x "$dir/@graphprotocol/gnd-linux-x64/bin/gnd" ]; then
        GND="$dir/@graphprotocol/gnd-linux-x64/bin/gnd"
        break
      fi
    done
  fi
  if [ -z "$GND" ] || [ ! -x "$GND" ]; then
    {
      if [ -n "${GND_BIN:-}" ]; then
        echo "gnd: GND_BIN=$GND_BIN is not an executable file."
      else
        echo "gnd: graph-node's dev binary is not installed. It comes from @graphprotocol/gnd-linux-x64, an optional"
        echo "dependency published for linux-x64 only (this machine: $(uname -s)-$(uname -m))."
        echo "On linux-x64 run \`npm install\` at the repository root; elsewhere set GND_BIN to a gnd binary"
        echo "(built from https://github.com/graphprotocol/graph-node, crate gnd/) or run this on linux-x64."
      fi
    } >&2
    exit 2
  fi
  export GND
}
