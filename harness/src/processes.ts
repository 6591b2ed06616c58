/**
 * Child processes that never outlive their owner. Each service runs in its own process group (so a shell
 * script's children, e.g. graph-node under subgraph/scripts/indexer.sh, go with it), output to a log file;
 * stop = SIGTERM to the group, a grace period, then SIGKILL to the group (graph-node ignores SIGTERM).
 * Whatever is still tracked when the owner exits, however it exits short of SIGKILL, is SIGKILLed.
 * Shared by the devnet and by tests (provider-node/test/helpers/children.ts).
 */
import { spawn, type ChildProcess, type SpawnOptions } from "node:child_process";
import { closeSync, openSync, writeSync } from "node:fs";

const tracked = new Set<ChildProcess>();
let exitHookInstalled = false;

/** Kills `child` (its whole group when it leads one) on `process.exit` and on SIGINT/SIGTERM/SIGHUP
 * when nobody else handles them. Returns the child. */
export function track(child: ChildProcess, o: { signals?: boolean } = {}): ChildProcess {
  tracked.add(child);
  child.once("exit", () => tracked.delete(child));
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once("exit", killAllTracked);
    if (o.signals !== false) {
      for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
        process.once(signal, () => {
          // Only when nobody else handles the signal: an owner with its own handler stops children itself.
          if (process.listenerCount(signal) > 0) return;
          killAllTracked();
          process.exit(128 + (signal === "SIGINT" ? 2 : signal === "SIGTERM" ? 15 : 1));
        });
      }
    }
  }
  return child;
}

/** SIGKILLs every tracked child (synchronously: safe in an `exit` handler). */
export function killAllTracked(): void {
  for (const child of tracked) signalChild(child, "SIGKILL");
}

function isRunning(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null;
}

const groupLeaders = new WeakSet<ChildProcess>();

/** Sends `signal` to the child's process group when it leads one, else to the child. Never throws. */
export function signalChild(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    if (groupLeaders.has(child)) process.kill(-child.pid, signal);
    else if (isRunning(child)) child.kill(signal);
  } catch {
    // already gone
  }
}

/** Whether any process is left in the group led by `pid`. */
export function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

export interface ServiceOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Output (stdout and stderr) is appended here. */
  logFile: string;
  /** Between SIGTERM and SIGKILL when stopping. Default 10 s. */
  graceMs?: number;
}

export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** One long-running child in its own process group, logging to a file. */
export class Service {
  readonly child: ChildProcess;
  readonly exited: Promise<ExitInfo>;
  private stopping = false;

  constructor(
    readonly name: string,
    command: string,
    args: string[],
    readonly options: ServiceOptions,
  ) {
    const fd = openSync(options.logFile, "a");
    writeSync(fd, `\n--- ${new Date().toISOString()} ${name}: ${command} ${args.join(" ")}\n`);
    const spawnOptions: SpawnOptions = {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ["ignore", fd, fd],
      detached: true, // its own process group: Ctrl-C reaches the owner only, which stops children in order
    };
    this.child = spawn(command, args, spawnOptions);
    closeSync(fd); // the child has its own copy
    groupLeaders.add(this.child);
    track(this.child);
    this.exited = new Promise((resolve) => {
      this.child.once("exit", (code, signal) => resolve({ code, signal }));
      this.child.once("error", () => resolve({ code: -1, signal: null })); // spawn failure (ENOENT)
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get running(): boolean {
    return isRunning(this.child);
  }

  /** True once `stop()` was called: an exit after that is not a crash. */
  get isStopping(): boolean {
    return this.stopping;
  }

  /** SIGTERM to the group, up to `graceMs` for it to go, then SIGKILL to whatever is left of the group. */
  async stop(graceMs = this.options.graceMs ?? 10_000): Promise<ExitInfo> {
    this.stopping = true;
    const pid = this.child.pid;
    if (pid === undefined) return this.exited;
    signalChild(this.child, "SIGTERM");
    const deadline = Date.now() + graceMs;
    // Wait for the leader, then for the rest of its group (a shell's children may outlive it by a moment).
    while (Date.now() < deadline && (this.running || groupAlive(pid))) await sleep(100);
    if (this.running || groupAlive(pid)) {
      try {
        process.kill(-pid, "SIGKILL");
      } catch {
        // gone between the check and the kill
      }
    }
    return this.exited;
  }
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      "abort",
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });
}

/** Runs a command to completion with output appended to `logFile`; rejects with the log's tail on failure. */
export async function runToCompletion(
  name: string,
  command: string,
  args: string[],
  options: ServiceOptions & { timeoutMs?: number },
): Promise<void> {
  const service = new Service(name, command, args, options);
  const timer = options.timeoutMs ? setTimeout(() => void service.stop(2_000), options.timeoutMs) : undefined;
  const { code, signal } = await service.exited;
  clearTimeout(timer);
  if (code !== 0) {
    const { readFileSync } = await import("node:fs");
    const tail = readFileSync(options.logFile, "utf8").split("\n").slice(-25).join("\n");
    throw new Error(`${name} failed (${signal ?? `exit ${code}`}); last lines of ${options.logFile}:\n${tail}`);
  }
}
