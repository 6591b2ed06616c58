/**
 * Crash injection for restart tests (after etcd's gofail): when HASHWORK_NODE_FAILPOINTS lists `name`, the
 * process kills itself with SIGKILL at that point — no cleanup, no flush, like a power cut. (A browser tab has no
 * `process`: none is ever active there.)
 */
const proc = (globalThis as { process?: NodeJS.Process }).process;
const active = new Set((proc?.env.HASHWORK_NODE_FAILPOINTS ?? "").split(",").filter(Boolean));

export function failpoint(name: string): void {
  if (active.has(name)) proc?.kill(proc.pid, "SIGKILL");
}
