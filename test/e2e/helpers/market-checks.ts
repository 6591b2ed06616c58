/**
 * What a devnet run must never do, read from the chain itself (no indexer lag): slash a provider that is not
 * faulty, and leave a job open past its deadlines.
 */
import { JsonRpcProvider } from "ethers";
import {
  JobMarket__factory,
  JobStatus,
  readJob,
  VerificationCourt__factory,
  type ReadJobReturnType,
} from "@hashwork/sdk";
import type { Endpoints } from "./devnet.js";

function contractsOf(e: Endpoints) {
  const provider = new JsonRpcProvider(e.rpcUrl, e.chainId, { staticNetwork: true });
  return {
    provider,
    market: JobMarket__factory.connect(e.contracts.JobMarket, provider),
    court: VerificationCourt__factory.connect(e.contracts.VerificationCourt, provider),
  };
}

/** Every slash, as a replica (market) or as a verifier (court): who, on which job. */
export async function slashes(e: Endpoints): Promise<{ account: string; jobId: bigint; as: string }[]> {
  const { provider, market, court } = contractsOf(e);
  try {
    const replicas = await market.queryFilter(market.filters.AssignmentSlashed(), 0);
    const verifiers = await court.queryFilter(court.filters.VerifierSlashed(), 0);
    return [
      ...replicas.map((l) => ({ account: l.args.provider.toLowerCase(), jobId: l.args.jobId, as: "replica" })),
      ...verifiers.map((l) => ({ account: l.args.verifier.toLowerCase(), jobId: l.args.jobId, as: "verifier" })),
    ];
  } finally {
    provider.destroy();
  }
}

/** The last deadline a job has reached so far: past it, it must move on (settle, resolve, open the next window). */
export function lastDeadline(job: ReadJobReturnType): number {
  const t = job.timeline;
  const rounds = job.verification?.rounds ?? [];
  return Math.max(
    job.commitDeadline,
    t.auditDrawEndsAt,
    t.auditCommitEndsAt,
    t.revealEndsAt,
    t.challengeEndsAt,
    ...rounds.map((r) => r.revealEndsAt),
  );
}

/**
 * Jobs that settled (or are still open) more than `graceSec` after their last deadline, as readable lines. The grace
 * covers whoever settles (a replica, or the generator's sweeper 10 s after a job became settleable) and a block.
 */
export async function lateJobs(e: Endpoints, graceSec: number): Promise<{ checked: number; late: string[] }> {
  const { provider, market, court } = contractsOf(e);
  try {
    const settledAt = new Map<bigint, number>();
    for (const log of await market.queryFilter(market.filters.JobSettled(), 0))
      settledAt.set(log.args.jobId, (await provider.getBlock(log.blockNumber))!.timestamp);
    const now = (await provider.getBlock("latest"))!.timestamp;
    const late: string[] = [];
    const count = Number(await market.jobCount());
    for (let id = 1n; id <= BigInt(count); id++) {
      const job = await readJob(market, { jobId: id, court });
      if (job.status === JobStatus.Cancelled) continue;
      const due = lastDeadline(job) + graceSec;
      const done = settledAt.get(id);
      if ((done ?? now) > due)
        late.push(
          `job ${id} (${JobStatus[job.status]}) ${done ? `settled at ${done}` : `still open at ${now}`}, ` +
            `its last deadline ${lastDeadline(job)} + ${graceSec}s grace`,
        );
    }
    return { checked: count, late };
  } finally {
    provider.destroy();
  }
}

const FINAL = new Set([JobStatus.Completed, JobStatus.Refunded, JobStatus.Cancelled, JobStatus.Archived]);

/** Jobs up to `upTo` that `account` holds a replica slot or a verifier seat in and that have not ended yet. */
export async function openJobsOf(e: Endpoints, account: string, upTo: bigint): Promise<bigint[]> {
  const { provider, market, court } = contractsOf(e);
  const me = account.toLowerCase();
  try {
    const open: bigint[] = [];
    for (let id = 1n; id <= upTo; id++) {
      const job = await readJob(market, { jobId: id, court });
      const seats = (job.verification?.rounds ?? []).flatMap((r) => r.taken.map((s) => s.account));
      const mine = [...job.assignments.map((a) => a.provider), ...seats].some((a) => a.toLowerCase() === me);
      if (mine && !FINAL.has(job.status)) open.push(id);
    }
    return open;
  } finally {
    provider.destroy();
  }
}

/** Job ids posted so far. */
export async function jobCount(e: Endpoints): Promise<bigint> {
  const { provider, market } = contractsOf(e);
  try {
    return await market.jobCount();
  } finally {
    provider.destroy();
  }
}
