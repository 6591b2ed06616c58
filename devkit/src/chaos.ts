/**
 * `--chaos`: SIGKILLs a random provider node every 20–60 s and leaves the restart to the supervisor — the crash a
 * provider's machine can have at any moment, mid-job. It prefers a node with jobs in flight (the case worth
 * exercising: the node must resume them from its database in time and not be slashed), and it kills only once every
 * node has been up for a while, so it never has more than one node down and never all of them.
 */
import { sleep } from "@hashwork/harness/processes";
import type { NodeSupervisor } from "./supervisor.js";

export const CHAOS = {
  /** Between two kills: a uniform draw from this range. */
  minGapMs: 20_000,
  maxGapMs: 60_000,
  /** A kill waits until every node has run at least this long (a restarted one has caught up with the chain). */
  upForMs: 15_000,
};

/** The node's job states between claiming a slot and the job's end: work it owes the market. */
const IN_FLIGHT = new Set(["claimed", "fetched", "executed", "committed", "revealed", "verifying"]);

/** Jobs in flight according to a node's /metrics text (the `hashwork_node_jobs` gauge, by state). */
export function jobsInFlight(metrics: string): number {
  let total = 0;
  for (const m of metrics.matchAll(/^hashwork_node_jobs\{state="(\w+)"\} (\d+)/gm))
    if (IN_FLIGHT.has(m[1])) total += Number(m[2]);
  return total;
}

export class Chaos {
  private readonly abort = new AbortController();
  private loop?: Promise<void>;

  constructor(
    private readonly supervisor: NodeSupervisor,
    private readonly metricsUrl: (name: string) => string,
    private readonly random: () => number = Math.random,
  ) {}

  start(): void {
    this.loop ??= this.run();
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await this.loop;
  }

  private async run(): Promise<void> {
    const signal = this.abort.signal;
    while (!signal.aborted) {
      await sleep(CHAOS.minGapMs + this.random() * (CHAOS.maxGapMs - CHAOS.minGapMs), signal);
      while (!signal.aborted && !this.supervisor.allUpFor(CHAOS.upForMs)) await sleep(1_000, signal);
      if (signal.aborted) return;
      const { name, inFlight } = await this.pickVictim();
      this.supervisor.kill(name, `--chaos with ${inFlight} job(s) in flight`);
    }
  }

  /** A random node among those with jobs in flight, or among all when none has any (or /metrics does not answer). */
  private async pickVictim(): Promise<{ name: string; inFlight: number }> {
    const nodes = await Promise.all(
      this.supervisor.names().map(async (name) => {
        try {
          const res = await fetch(this.metricsUrl(name), { signal: AbortSignal.timeout(2_000) });
          return { name, inFlight: jobsInFlight(await res.text()) };
        } catch {
          return { name, inFlight: 0 };
        }
      }),
    );
    const busy = nodes.filter((n) => n.inFlight > 0);
    const pool = busy.length > 0 ? busy : nodes;
    return pool[Math.floor(this.random() * pool.length)];
  }
}
