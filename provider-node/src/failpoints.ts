/**
 * Crash injection for restart tests (after etcd's gofail): when HASHWORK_NODE_FAILPOINTS lists `name`, the
 * process kills itself with SIGKILL at that point — no cleanup, no flush, like a power cut.
 */
const active = new Set((process.env.HASHWORK_NODE_FAILPOINTS ?? "").split(",").filter(Boolean));

export function failpoint(name: string): void {
  if (active.has(name)) process.kill(process.pid, "SIGKILL");
}
