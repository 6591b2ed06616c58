/**
 * Keeps the devnet's provider nodes running. A node that exits on its own — a crash, or `--chaos`'s SIGKILL — is
 * started again after an exponential back-off (1 s, 2 s, 4 s … capped at 30 s; back to 1 s once a run lasted a
 * minute), and the market goes on: the node resumes its jobs from its database. Only the provider nodes are
 * supervised: the chain and graph-node hold everyone's state (a new chain would be another market), so their death
 * stops the devnet (devnet.ts).
 */
import { signalChild, type Service } from "@hashwork/harness/processes";

export const BACKOFF = { firstMs: 1_000, maxMs: 30_000, resetAfterMs: 60_000 };

/** The wait before restart number `crashes` of a run of crashes (1-based): 1 s, 2 s, 4 s, … capped. */
export function backoffMs(crashes: number): number {
  return Math.min(BACKOFF.maxMs, BACKOFF.firstMs * 2 ** Math.max(0, crashes - 1));
}

export interface SupervisedNode {
  name: string;
  service: Service;
  /** When the current process was started (ms). */
  startedAt: number;
  /** Whether the current process has answered (a restarted one catches up with the chain first). */
  answering: boolean;
  /** Crashes since the last run that lasted `resetAfterMs`. */
  crashes: number;
  /** Set by `kill`: the next exit is ours, reported as such. */
  killedBy?: string;
  restartTimer?: NodeJS.Timeout;
}

export interface SupervisorOptions {
  /** Starts the node's process again (same command, config and database). */
  respawn(name: string): Service;
  /** Resolves once the restarted node answers; rejects if it does not (it is then left to its exit, if any). */
  answers(name: string, service: Service): Promise<void>;
  /** One line per event, for the terminal. */
  report(line: string): void;
  /** Where the node's output goes, for the crash message. */
  logFile(name: string): string;
}

export class NodeSupervisor {
  readonly stats = { restarts: 0, kills: 0 };
  private readonly nodes = new Map<string, SupervisedNode>();
  private stopping = false;

  constructor(private readonly o: SupervisorOptions) {}

  /** Supervises `service`, already started and answering. */
  adopt(name: string, service: Service): void {
    const node: SupervisedNode = { name, service, startedAt: Date.now(), answering: true, crashes: 0 };
    this.nodes.set(name, node);
    this.watch(node);
  }

  get total(): number {
    return this.nodes.size;
  }

  /** Nodes running and answering (a restarted one counts once it answers). */
  get up(): number {
    return [...this.nodes.values()].filter(isUp).length;
  }

  /** Whether every node is up and has been running for at least `ms` (none is down or just restarted). */
  allUpFor(ms: number): boolean {
    const now = Date.now();
    return [...this.nodes.values()].every((n) => isUp(n) && now - n.startedAt >= ms);
  }

  names(): string[] {
    return [...this.nodes.keys()];
  }

  /** SIGKILLs the node's process group; the supervisor then restarts it like any crash. */
  kill(name: string, by: string): void {
    const node = this.nodes.get(name);
    if (!node || !node.service.running || this.stopping) return;
    node.killedBy = by;
    this.stats.kills++;
    signalChild(node.service.child, "SIGKILL");
  }

  /** Cancels pending restarts and stops every node (SIGTERM, then SIGKILL after its grace). */
  async stop(): Promise<void> {
    this.stopping = true;
    for (const n of this.nodes.values()) clearTimeout(n.restartTimer);
    await Promise.all([...this.nodes.values()].map((n) => n.service.stop()));
  }

  private watch(node: SupervisedNode): void {
    const service = node.service;
    void service.exited.then(({ code, signal }) => {
      if (this.stopping || service.isStopping) return;
      const ranMs = Date.now() - node.startedAt;
      node.crashes = ranMs >= BACKOFF.resetAfterMs ? 1 : node.crashes + 1;
      const delay = backoffMs(node.crashes);
      // A kill of ours needs no log to explain it; a real crash does.
      const how = node.killedBy
        ? `killed by ${node.killedBy}`
        : `exited unexpectedly (${signal ?? `exit ${code}`}; log ${this.o.logFile(node.name)})`;
      node.killedBy = undefined;
      this.o.report(
        `↻ provider node ${node.name} ${how} after ${(ranMs / 1000).toFixed(0)}s up; restarting in ${delay / 1000}s` +
          (node.crashes > 1 ? ` (crash ${node.crashes} in a row)` : ""),
      );
      node.restartTimer = setTimeout(() => this.restart(node), delay);
    });
  }

  private restart(node: SupervisedNode): void {
    if (this.stopping) return;
    const t0 = Date.now();
    node.service = this.o.respawn(node.name);
    node.startedAt = t0;
    node.answering = false;
    this.stats.restarts++;
    this.watch(node);
    const service = node.service;
    this.o.answers(node.name, service).then(
      () => {
        if (node.service === service) node.answering = true;
        if (!this.stopping && service.running)
          this.o.report(`✓ provider node ${node.name} back up in ${((Date.now() - t0) / 1000).toFixed(1)}s`);
      },
      () => undefined, // it exited (the watch above restarts it) or hangs (its log says why)
    );
  }
}

const isUp = (n: SupervisedNode): boolean => n.service.running && n.answering;
