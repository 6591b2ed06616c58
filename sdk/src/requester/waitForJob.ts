import type { EthersError, Signer } from "ethers";
import { prepareDecideAudit } from "../actions/decideAudit.js";
import { AuditState, JobStatus } from "../actions/enums.js";
import { jobCommitsClosed, jobRevealsClosed, readJob } from "../actions/readJob.js";
import { prepareResolve } from "../actions/resolve.js";
import { prepareSettle } from "../actions/settle.js";
import { simulateAndSend } from "../chain/send.js";
import { sleep, WaitForJobTimeoutError, type AbortedError, type JobNotFoundError } from "../errors/index.js";
import { signerOf, type MarketClient } from "./client.js";
import { isFinalJobEvent, jobEvents, type FinalJobEvent, type JobEvent } from "./jobEvents.js";
import { readExistingJob } from "./readExistingJob.js";

/** What following a job reads: the market, the court, and the chain's blocks and logs. */
export type JobReader = Pick<MarketClient, "market" | "court" | "provider">;

/** The kinds of job event (`JobEvent["type"]`): what `waitForJob` can wait for. */
export type JobEventType = JobEvent["type"];
/** What anyone may do to move a job on: settle it (market), resolve its panel (court), take its audit decision. */
export type DueAction = "settle" | "resolve" | "decide-audit";

/** What `waitForJob` follows, until when, and whether it moves the job on itself. */
export interface WaitForJobParameters {
  jobId: bigint;
  /** Resolve at the first event of this type (default `settled`); a job that ends first (settled, cancelled) resolves too. */
  until?: JobEventType;
  /** First block to read the job's events from; default its posting block (so past events count). */
  fromBlock?: number;
  /** Give up after this many milliseconds with `WaitForJobTimeoutError`; the job keeps running. Default: never. */
  timeout?: number;
  signal?: AbortSignal;
  /** How often the chain is asked for new events, milliseconds. Default 500. */
  pollingInterval?: number;
  /**
   * Move the job on when nobody else does: settle it once settleable, resolve its panel once resolvable, take its audit
   * decision once commits closed (anyone may; providers normally do, so we wait `graceMs` first, default 3 s).
   * `signer` sends (default the client's); when it cannot be had (no key), the job is only followed.
   */
  settle?:
    | boolean
    | {
        /** Who sends the settle, resolve or decision (default the client's signer). */
        signer?: Signer | (() => Promise<Signer>);
        /** Milliseconds to let providers do it first (default 3 s). */
        graceMs?: number;
      };
  /** Each event of the job as it is read, oldest first. */
  onEvent?: (event: JobEvent) => void;
  /** Just before we send a settle, resolve or audit decision ourselves. */
  onAction?: (action: DueAction) => void;
  /**
   * Runs once when the job's reveals have closed while it is still open (its challenge window): where a requester
   * re-runs the job (`verifyResult`) and challenges a wrong result. Nothing is settled until it returns.
   */
  onRevealsClosed?: () => Promise<void> | void;
}

/** What `waitForJob` saw: the job's events so far, ending with the one it waited for. */
export interface WaitForJobReturnType {
  /** The job's events read, oldest first, up to the end of the block of `event`. */
  events: JobEvent[];
  /** What ended the wait: the first event of type `until`, or the job's `settled` or `cancelled`. */
  event: JobEvent;
  /** The job's `settled` or `cancelled` event, when it ended. */
  final: FinalJobEvent | undefined;
  /** Our settle, resolve or audit-decision transaction, when we sent one. */
  actionTx?: string;
}

/** What `waitForJob` can throw: no such job, the timeout or the signal, ethers' transport errors. */
export type WaitForJobErrorType = JobNotFoundError | WaitForJobTimeoutError | AbortedError | EthersError;

/**
 * Follows a job through its events (market and court, one `eth_getLogs` per poll from a moving cursor) until the
 * event it waits for, or the job's end; optionally moves the job on when it is due and nobody else does.
 */
export async function waitForJob(client: JobReader, p: WaitForJobParameters): Promise<WaitForJobReturnType> {
  const { provider, market, court } = client;
  const { jobId, signal } = p;
  const until = p.until ?? "settled";
  const pollMs = p.pollingInterval ?? 500;
  const settle = p.settle === true ? {} : p.settle || undefined;
  const graceMs = settle?.graceMs ?? 3_000;
  const giveUpAt = p.timeout === undefined ? Infinity : Date.now() + p.timeout;
  const events: JobEvent[] = [];
  let cursor = p.fromBlock ?? Number((await readExistingJob(client, jobId)).postedBlock);
  let dueSince: number | undefined;
  let actionTx: string | undefined;
  let signer: Signer | undefined;
  let canAct = settle !== undefined;
  let revealsHookPending = p.onRevealsClosed !== undefined;

  for (;;) {
    const head = await provider.getBlockNumber();
    if (head >= cursor) {
      const fresh = await jobEvents(provider, { market, court }, jobId, cursor, head);
      cursor = head + 1;
      let reached: JobEvent | undefined;
      for (const event of fresh) {
        // Events after the awaited one in the same block belong to it (the court's ChallengeSettled follows the
        // market's JobSettled in one transaction), so that block is read to its end.
        if (reached && event.block !== reached.block) break;
        events.push(event);
        p.onEvent?.(event);
        if (!reached && (event.type === until || isFinalJobEvent(event))) reached = event;
      }
      if (reached) return { events, event: reached, final: events.find(isFinalJobEvent), actionTx };
    }

    if (revealsHookPending) {
      const job = await readJob(market, { jobId });
      if (job.status !== JobStatus.Open)
        revealsHookPending = false; // settled, cancelled or before the court
      else if (jobRevealsClosed(job, await chainNow(client))) {
        revealsHookPending = false;
        await p.onRevealsClosed!();
      }
    }

    // While the reveals hook waits, nothing is settled; a sealed k = 1 answer is asked for by taking the decision.
    let due = canAct ? await dueAction(client, jobId, revealsHookPending) : undefined;
    if (revealsHookPending && due !== "decide-audit") due = undefined;
    if (!due) dueSince = undefined;
    else if (Date.now() - (dueSince ??= Date.now()) >= graceMs) {
      try {
        signer ??= await resolveSigner(client, settle!.signer);
      } catch {
        canAct = false; // no key: keep following
      }
      if (signer) {
        p.onAction?.(due);
        actionTx = (await send(client, signer, due, jobId).catch(() => undefined)) ?? actionTx;
        // A failure is mostly someone else settling first: the next poll shows it.
      }
    }

    if (Date.now() > giveUpAt) throw new WaitForJobTimeoutError(jobId, p.timeout!);
    await sleep(Math.min(pollMs, Math.max(0, giveUpAt - Date.now())), signal);
  }
}

async function resolveSigner(client: JobReader, given?: Signer | (() => Promise<Signer>)): Promise<Signer> {
  if (!given) return signerOf(client, "waitForJob");
  return typeof given === "function" ? given() : given;
}

async function send(client: JobReader, signer: Signer, due: DueAction, jobId: bigint): Promise<string> {
  const call =
    due === "settle"
      ? prepareSettle(client.market, { jobId })
      : due === "resolve"
        ? prepareResolve(client.court, { jobId })
        : prepareDecideAudit(client.market, { jobId });
  return (await simulateAndSend(signer, call)).hash;
}

/**
 * What anyone may do now to move the job on, or nothing. An audit decision without any commitment is not needed. A
 * k = 1 job's replica may keep its answer sealed through the challenge window and then reveal and settle at once
 * (`revealAndSettle`); taking the decision makes it reveal within a reveal period instead, so it is taken only for
 * a caller that wants to see the answer (`wantsAnswer`). A replica that never reveals is settled (as withholding) a
 * reveal period after that window.
 */
async function dueAction(client: JobReader, jobId: bigint, wantsAnswer: boolean): Promise<DueAction | undefined> {
  if (await client.market.isSettleable(jobId)) return "settle";
  if (await client.court.isResolvable(jobId)) return "resolve";
  const job = await readJob(client.market, { jobId });
  if (
    job.status === JobStatus.Open &&
    job.audit === AuditState.Undecided &&
    jobCommitsClosed(job, await chainNow(client))
  ) {
    if (job.committedMask === 0 || (job.replicas === 1 && !wantsAnswer)) return undefined;
    return "decide-audit";
  }
  return undefined;
}

const chainNow = async (client: JobReader) =>
  (await client.provider.getBlock("latest"))?.timestamp ?? Math.floor(Date.now() / 1000);
