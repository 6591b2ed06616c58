import type { EthersError } from "ethers";
import { fetchBundle, type JobBundle } from "../bundle/index.js";
import {
  BaseError,
  type BundleValidationError,
  type ContentMismatchError,
  type ContentNotFoundError,
  type ExecutionError,
  type JobNotFoundError,
  type StoreHttpError,
  type StoreUnavailableError,
} from "../errors/index.js";
import { execute, type ExecutionResult } from "../executor/index.js";
import { INPUT_UNAVAILABLE } from "../results.js";
import type { MarketClient } from "./client.js";
import { jobEvents, type JobEvent } from "./jobEvents.js";
import { readExistingJob } from "./readExistingJob.js";

/** The job to re-run locally and the bytes to run it on. */
export interface VerifyResultParameters {
  jobId: bigint;
  /** Called with the fetched and checked bundle before the local run (which takes as long as the job). */
  onRun?: (bundle: JobBundle) => void;
  signal?: AbortSignal;
}

/** One revealed answer (a replica's, or a verifier's in the court) against the local run. */
export interface ComparedAnswer {
  role: "replica" | "verifier";
  account: string;
  outputHash: string;
  fuelUsed: bigint;
  /** Same output hash and same fuel as the local run. */
  agrees: boolean;
}

/** The local run's answer and how every revealed answer compares with it. */
export interface VerifyResultReturnType {
  jobId: bigint;
  /** The job run here, in the providers' sandbox (same fuel schedule, so the same fuel). */
  local: ExecutionResult;
  /** Every revealed answer so far ("input unavailable" abstains and is left out). */
  revealed: ComparedAnswer[];
  /** At least one answer was revealed and every one agrees with the local run. */
  verified: boolean;
  /** A revealed answer differs and the job's challenge window is open now: `challenge` it (it costs a bond). */
  challengeable: boolean;
}

/**
 * What `verifyResult` can throw: no such job; its bundle fails the on-chain hash or the bundle format, its module or
 * input its hashes (`ContentMismatchError`, `BundleValidationError`, `ExecutionError`); the store's and ethers'
 * transport errors. A job failing in the sandbox is not an error: it is a result (`local.kind === "error"`).
 */
export type VerifyResultErrorType =
  | JobNotFoundError
  | BundleValidationError
  | ContentMismatchError
  | ContentNotFoundError
  | ExecutionError
  | StoreUnavailableError
  | StoreHttpError
  | EthersError;

/**
 * What a requester does before challenging: fetches the job's bundle (checked against the on-chain bundle hash), its
 * module and input (checked by the executor against the bundle), runs it here in exactly the providers' sandbox, and
 * compares the pair (output hash, fuel used) with every answer revealed on-chain.
 */
export async function verifyResult(
  client: Pick<MarketClient, "market" | "court" | "provider" | "store">,
  p: VerifyResultParameters,
): Promise<VerifyResultReturnType> {
  const { jobId, signal } = p;
  const { store } = client;
  const job = await readExistingJob(client, jobId);
  const head = await client.provider.getBlockNumber();
  const events = await jobEvents(client.provider, client, jobId, Number(job.postedBlock), head);
  const posted = events.find((e) => e.type === "posted");
  if (posted?.type !== "posted")
    throw new BaseError(`Job ${jobId} has no JobPosted event on this chain.`, { code: "NO_JOB_POSTED_EVENT" });

  const bundle = await fetchBundle(store, posted.bundleURI, posted.bundleHash, signal);
  const module = await store.get(bundle.module.cid, { signal });
  const input = bundle.input ? await store.get(bundle.input.cid, { signal }) : null;
  p.onRun?.(bundle);
  const local = await execute(bundle, { module, input });

  const revealed = revealedAnswers(events).map((a) => ({
    ...a,
    agrees: a.outputHash.toLowerCase() === local.outputHash.toLowerCase() && a.fuelUsed === local.fuelUsed,
  }));
  const differs = revealed.some((a) => !a.agrees);
  const now = (await client.provider.getBlock("latest"))?.timestamp ?? Math.floor(Date.now() / 1000);
  return {
    jobId,
    local,
    revealed,
    verified: revealed.length > 0 && !differs,
    challengeable: differs && job.revealsClosedAt !== 0 && now <= job.timeline.challengeEndsAt,
  };
}

/** Every revealed answer of the job, replicas' and verifiers' ("input unavailable" abstains, so it is left out). */
function revealedAnswers(events: readonly JobEvent[]): Omit<ComparedAnswer, "agrees">[] {
  const answers: Omit<ComparedAnswer, "agrees">[] = [];
  for (const e of events) {
    if (e.type !== "revealed" && e.type !== "verdict-revealed") continue;
    if (e.outputHash.toLowerCase() === INPUT_UNAVAILABLE) continue;
    answers.push({
      role: e.type === "revealed" ? "replica" : "verifier",
      account: e.type === "revealed" ? e.provider : e.verifier,
      outputHash: e.outputHash,
      fuelUsed: e.fuelUsed,
    });
  }
  return answers;
}
