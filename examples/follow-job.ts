/**
 * Follows a job as its events happen — claims, commits, the audit decision, reveals, the court, payments — until it is
 * settled or cancelled, then prints its outcome. Read-only: no key needed. Ctrl-C stops following (the job goes on).
 *
 *   node --import tsx examples/follow-job.ts <jobId>
 */
import { AbortedError, waitForJob } from "@hashwork/sdk";
import { formatEther } from "ethers";
import { connectFromEnv } from "./connect.js";

const jobId = BigInt(process.argv[2] ?? "1");
const stop = new AbortController();
process.once("SIGINT", () => stop.abort());

const market = await connectFromEnv({ sign: false });
try {
  const { final } = await waitForJob(market, {
    jobId,
    signal: stop.signal,
    onEvent: (event) => console.log(`block ${event.block}: ${event.type}`),
  });
  if (final?.type === "settled")
    console.log(
      `job ${jobId} settled: ${final.outcome}, paid ${formatEther(final.paid)}, refund ${formatEther(final.refund)}`,
    );
  else if (final) console.log(`job ${jobId} cancelled, refund ${formatEther(final.refund)}`);
} catch (error) {
  if (!(error instanceof AbortedError)) throw error;
} finally {
  market.close();
}
