/**
 * Child processes that never outlive their owner. Each service runs in its own process group (so whatever it
 * starts goes with it), output to a log file; stop = SIGTERM to the group, a grace period, then SIGKILL to the
 * group (graph-node ignores SIGTERM). A service may also start only once something asynchronous is done
 * (`Service.after`: graph-node needs its subgraph built and its database made first).
 * Whatever is still tracked when the owner exits, however it exits short of SIGKILL, is SIGKILLed.
 * Shared by the devnet and by tests (provider-node/test/helpers/children.ts).
 */
import { spawn, type ChildProcess, type SpawnOptions } from "node:child_process";
import { appendFileSync, closeSync, openSync, readFileSync, writeSync } from "node:fs";

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
  /** Why a `Service.after` never started its command (the message is in the log too). */
  error?: Error;
}

/** What a `Service.after` runs once its preparation is done. */
export interface Launch {
  command: string;
  args: string[];
  /** Replaces the options' env. */
  env?: NodeJS.ProcessEnv;
}

/** One long-running child in its own process group, logging to a file. */
export class Service {
  readonly name: string;
  readonly options: ServiceOptions;
  readonly exited: Promise<ExitInfo>;
  private proc: ChildProcess | undefined;
  private settle!: (info: ExitInfo) => void;
  private settled = false;
  private stopping = false;
  private readonly preparation = new AbortController();

  constructor(name: string, command: string, args: string[], options: ServiceOptions);
  constructor(name: string, prepare: (signal: AbortSignal) => Promise<Launch>, options: ServiceOptions);
  constructor(
    name: string,
    command: string | ((signal: AbortSignal) => Promise<Launch>),
    argsOrOptions: string[] | ServiceOptions,
    options?: ServiceOptions,
  ) {
    this.name = name;
    this.options = Array.isArray(argsOrOptions) ? options! : argsOrOptions;
    this.exited = new Promise((resolve) => {
      this.settle = (info) => {
        this.settled = true;
        resolve(info);
      };
    });
    if (typeof command === "string") {
      this.spawn({ command, args: argsOrOptions as string[] });
      return;
    }
    command(this.preparation.signal).then(
      (launch) => (this.stopping ? this.settle({ code: null, signal: null }) : this.spawn(launch)),
      (error: Error) => {
        if (!this.stopping) appendFileSync(this.options.logFile, `\n${name} did not start: ${error.message}\n`);
        this.settle({ code: this.stopping ? null : 1, signal: null, error });
      },
    );
  }

  /** Starts `command` once `prepare` has resolved to it; `prepare`'s signal aborts when the service is stopped first. */
  static after(name: string, prepare: (signal: AbortSignal) => Promise<Launch>, options: ServiceOptions): Service {
    return new Service(name, prepare, options);
  }

  private spawn(launch: Launch): void {
    const fd = openSync(this.options.logFile, "a");
    writeSync(fd, `\n--- ${new Date().toISOString()} ${this.name}: ${launch.command} ${launch.args.join(" ")}\n`);
    const spawnOptions: SpawnOptions = {
      cwd: this.options.cwd,
      env: launch.env ?? this.options.env ?? process.env,
      stdio: ["ignore", fd, fd],
      detached: true, // its own process group: Ctrl-C reaches the owner only, which stops children in order
    };
    const child = spawn(launch.command, launch.args, spawnOptions);
    this.proc = child;
    closeSync(fd); // the child has its own copy
    groupLeaders.add(child);
    track(child);
    child.once("exit", (code, signal) => this.settle({ code, signal }));
    child.once("error", () => this.settle({ code: -1, signal: null })); // spawn failure (ENOENT)
  }

  /** The process (a `Service.after` has none while it prepares). */
  get child(): ChildProcess {
    if (!this.proc) throw new Error(`${this.name} has not started yet`);
    return this.proc;
  }

  get pid(): number | undefined {
    return this.proc?.pid;
  }

  /** True while preparing and while the process runs. */
  get running(): boolean {
    return this.proc ? isRunning(this.proc) : !this.settled;
  }

  /** True once `stop()` was called: an exit after that is not a crash. */
  get isStopping(): boolean {
    return this.stopping;
  }

  /** SIGTERM to the group, up to `graceMs` for it to go, then SIGKILL to whatever is left of the group. While
   * preparing: aborts the preparation, and the command never starts. */
  async stop(graceMs = this.options.graceMs ?? 10_000): Promise<ExitInfo> {
    this.stopping = true;
    if (!this.proc) this.preparation.abort();
    const pid = this.proc?.pid;
    if (pid === undefined) return this.exited;
    signalChild(this.proc!, "SIGTERM");
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

/** Runs a command to completion with output appended to `logFile`; rejects with the log's tail on failure, and with
 * `signal`'s reason once it aborts (the command is stopped). */
export async function runToCompletion(
  name: string,
  command: string,
  args: string[],
  options: ServiceOptions & { timeoutMs?: number; signal?: AbortSignal },
): Promise<void> {
  options.signal?.throwIfAborted();
  const service = new Service(name, command, args, options);
  const timer = options.timeoutMs ? setTimeout(() => void service.stop(2_000), options.timeoutMs) : undefined;
  const abort = () => void service.stop(2_000);
  options.signal?.addEventListener("abort", abort, { once: true });
  const { code, signal } = await service.exited;
  clearTimeout(timer);
  options.signal?.removeEventListener("abort", abort);
  options.signal?.throwIfAborted();
  if (code !== 0) {
    const tail = readFileSync(options.logFile, "utf8").split("\n").slice(-25).join("\n");
    throw new Error(`${name} failed (${signal ?? `exit ${code}`}); last lines of ${options.logFile}:\n${tail}`);
  }
}
