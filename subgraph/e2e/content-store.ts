/**
 * Runs the SDK's embedded content store on 127.0.0.1 for graph-node (which checks `/api/v0/version` on start).
 *
 *   node --import tsx subgraph/e2e/content-store.ts <dir> <port>
 *
 * Prints the URL once listening; stops on SIGTERM/SIGINT.
 */
import { startLocalStoreServer } from "@hashwork/sdk/content";

const [dir, port] = process.argv.slice(2);
if (!dir || !port) {
  console.error("usage: content-store.ts <dir> <port>");
  process.exit(2);
}
const server = await startLocalStoreServer({ dir, host: "127.0.0.1", port: Number(port) });
console.error(`content store: ${server.url}`);
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.once(signal, () => void server.close().then(() => process.exit(0)));
}
