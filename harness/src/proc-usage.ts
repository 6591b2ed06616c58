/**
 * CPU and memory of local processes, read from /proc (Linux): what the benchmarks (bench:market, bench:tab) report of
 * a provider node and its sandbox processes, of Chromium's processes, of the chain. One implementation for both, so
 * their numbers mean the same thing.
 */
import { readFileSync, readdirSync } from "node:fs";

/** USER_HZ: /proc/<pid>/stat counts CPU time in these. */
export const TICKS_PER_SECOND = 100;

const statFields = (pid: number): string[] => readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");

/** CPU ticks of `pid`: utime + stime + the same of its exited children (a node's sandbox processes count as its). */
export const cpuTicks = (pid: number): number => {
  const fields = statFields(pid);
  return Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
};

export const parentPid = (pid: number): number => Number(statFields(pid)[1]);

/** Resident set size of `pid` in MiB (VmRSS). */
export const rssMiB = (pid: number): number => {
  const line = readFileSync(`/proc/${pid}/status`, "utf8")
    .split("\n")
    .find((l) => l.startsWith("VmRSS:"));
  return line ? Number(line.split(/\s+/)[1]) / 1024 : 0;
};

/** The command line of `pid`, arguments joined by spaces ("" once it exited). */
export const cmdline = (pid: number): string => {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ");
  } catch {
    return "";
  }
};

/** The pids running now. */
export const pids = (): number[] => readdirSync("/proc").map(Number).filter(Number.isInteger);

/** `f()`, or 0 when the process it reads exited meanwhile (its /proc entry is gone). */
export function safe(f: () => number): number {
  try {
    return f();
  } catch {
    return 0;
  }
}

/** `root` and every process below it now (a browser's zygote, renderers, GPU and utility processes). */
export function processTree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const pid of pids()) {
    const parent = safe(() => parentPid(pid));
    children.set(parent, [...(children.get(parent) ?? []), pid]);
  }
  const tree: number[] = [];
  for (const queue = [root]; queue.length > 0;) {
    const pid = queue.shift()!;
    tree.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return tree;
}

/**
 * RSS (MiB) of the provider nodes' sandbox processes running now, summed by the pid of the node that started them
 * (each job runs in a process of its own, see the node's exec/run.ts).
 */
export function sandboxRssByParent(): Map<number, number> {
  const byParent = new Map<number, number>();
  for (const pid of pids()) {
    if (!cmdline(pid).includes("process-host.js")) continue;
    const parent = safe(() => parentPid(pid));
    byParent.set(parent, (byParent.get(parent) ?? 0) + safe(() => rssMiB(pid)));
  }
  return byParent;
}

/** A provider node's V8 heap, used and committed (MiB), from the Node.js metrics its /metrics serves. */
export async function nodeHeapMiB(metricsUrl: string): Promise<{ used: number; total: number } | undefined> {
  try {
    const text = await (await fetch(metricsUrl, { signal: AbortSignal.timeout(2_000) })).text();
    const gauge = (name: string) => Number(new RegExp(`^hashwork_node_${name} (\\S+)$`, "m").exec(text)?.[1]) / 2 ** 20;
    const used = gauge("nodejs_heap_size_used_bytes");
    const total = gauge("nodejs_heap_size_total_bytes");
    return Number.isFinite(used) && Number.isFinite(total) ? { used, total } : undefined;
  } catch {
    return undefined; // restarting, or too busy to answer in time: this scrape is left out
  }
}
