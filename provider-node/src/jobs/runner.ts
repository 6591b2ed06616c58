import type { Common } from "../common.js";
import type { JobRecord } from "../db/jobs.js";
import { isRetryable } from "../sdk.js";
import type { NodeContext, StepResult } from "../context.js";
import { needsWork, step } from "./steps/index.js";

const MAX_STEPS_PER_RUN = 16; // guards against a step that keeps returning "next"

/** What a runner drives: persisted records by key, each with one step per state. */
export interface StepDriver<K, R extends { jobId: bigint; state: string }> {
  /** For logs: "job", "verification" or "watch". */
  role: string;
  load(key: K): R | undefined;
  /** Keys to resume on start (left active by a previous run). */
  resumable(): K[];
  needsWork(record: R): boolean;
  step(record: R): Promise<StepResult>;
}

/**
 * Drives every active job through its steps: one run at a time per job, re-run on wake-ups (logs) or when
 * the step's wait elapses. Errors never lose a job: it is retried with backoff, since every step is
 * idempotent and re-reads the chain. On stop, no new runs start and in-flight runs get a grace period.
 */
export class StepRunner<K, R extends { jobId: bigint; state: string }> {
  // Keys are compared by their string form (a verifier seat's key is an object).
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly running = new Map<string, Promise<void>>();
  private readonly rerun = new Map<string, K>();
  private readonly failures = new Map<string, number>();
  private stopped = false;

  constructor(
    private readonly common: Common,
    private readonly driver: StepDriver<K, R>,
    private readonly id: (key: K) => string = String,
  ) {}

  /** Resumes every record left active by a previous run. */
  start(): void {
    for (const id of this.driver.resumable()) this.wake(id);
  }

  /** Number of jobs currently inside a step. */
  get busy(): number {
    return this.running.size;
  }

  /** Runs the record's step soon (after `delayMs`); an earlier wake-up replaces a later one. */
  wake(key: K, delayMs = 0): void {
    if (this.stopped) return;
    const id = this.id(key);
    if (this.running.has(id)) {
      if (delayMs === 0) this.rerun.set(id, key);
      return;
    }
    const existing = this.timers.get(id);
    if (existing) clearTimeout(existing);
    this.timers.set(
      id,
      setTimeout(() => {
        this.timers.delete(id);
        this.run(key);
      }, delayMs),
    );
  }

  private run(key: K): void {
    const id = this.id(key);
    if (this.stopped || this.running.has(id)) return;
    const promise = this.drive(key, id)
      .catch(() => undefined)
      .then((delay) => {
        this.running.delete(id);
        if (this.rerun.delete(id)) this.wake(key);
        else if (delay !== undefined) this.wake(key, delay);
      });
    this.running.set(id, promise);
  }

  /** Runs steps until one waits (returns its delay) or the record is done (undefined). */
  private async drive(key: K, id: string): Promise<number | undefined> {
    const { common, driver } = this;
    for (let i = 0; i < MAX_STEPS_PER_RUN; i++) {
      const job = driver.load(key);
      if (!job || !driver.needsWork(job)) return undefined;
      let result;
      try {
        result = await driver.step(job);
        this.failures.delete(id);
      } catch (error) {
        if (this.stopped || common.shutdown.requested) return undefined;
        const n = (this.failures.get(id) ?? 0) + 1;
        this.failures.set(id, n);
        const delay = Math.min(30_000, 500 * 2 ** Math.min(n, 6));
        const log = {
          jobId: job.jobId.toString(),
          key: id,
          role: driver.role,
          state: job.state,
          attempt: n,
          retryInMs: delay,
          err: (error as Error).message.slice(0, 300),
        };
        if (isRetryable(error)) common.logger.warn(log, "step failed; retrying");
        else common.logger.error(log, "step failed unexpectedly; retrying");
        return delay;
      }
      if (result.kind === "done") return undefined;
      if (result.kind === "wait") return result.ms;
    }
    return 0;
  }

  /**
   * Stops scheduling and lets in-flight steps finish for up to `graceMs` (a pending transaction usually
   * lands). Resolves whether they all finished; the caller then aborts whatever is left (executions and waits
   * give up, those records stay parked in their state) — once for every runner, so one runner going idle
   * never cuts another's grace short.
   */
  async drain(graceMs: number): Promise<boolean> {
    this.stopped = true;
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    return this.settle(graceMs);
  }

  /** Waits up to `ms` for in-flight steps; whether they all finished. */
  async settle(ms: number): Promise<boolean> {
    const all = Promise.allSettled([...this.running.values()]).then(() => true);
    let timer: NodeJS.Timeout | undefined;
    const result = await Promise.race([all, new Promise<boolean>((r) => (timer = setTimeout(() => r(false), ms)))]);
    clearTimeout(timer);
    return result;
  }
}

/** The runner of the node's own jobs (failed jobs we hold a slot on are still driven to their settlement). */
export class JobRunner extends StepRunner<bigint, JobRecord> {
  constructor(ctx: NodeContext) {
    super(ctx.common, {
      role: "job",
      load: (id) => ctx.jobs.get(id),
      resumable: () => [...ctx.jobs.active(), ...ctx.jobs.activeFailed()].map((j) => j.jobId),
      needsWork,
      step: (job) => step(ctx, job),
    });
  }
}
