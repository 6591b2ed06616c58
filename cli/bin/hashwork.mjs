#!/usr/bin/env node
// The `hashwork` CLI: runs the TypeScript sources through tsx (no build step), like hashwork-node.
import { register } from "tsx/esm/api";

register();
const { main } = await import("../src/main.ts");
const code = await main(process.argv.slice(2));
// Exit once output is flushed: open sockets (keep-alive RPC connections) must not keep a finished command alive.
process.stdout.write("", () => process.exit(code));
