/**
 * Posts a job and waits for its verified result: the SDK's sample `sha256` workload on a text of yours, priced from
 * the providers' offers, followed to settlement, its output downloaded and checked against its CID and the hash the
 * providers agreed on-chain, then re-run here and compared with every revealed answer.
 *
 *   node --import tsx examples/post-job.ts ["text to hash"]
 */
import {
  createBundle,
  execute,
  fetchResult,
  fuelLimitFor,
  getExample,
  submitJob,
  suggestPrice,
  verifyResult,
  waitForJob,
} from "@hashwork/sdk";
import { formatEther } from "ethers";
import { connectFromEnv } from "./connect.js";

/** The smallest fuel limit asked for: providers bill at least their minimum (1 Mfuel on the devnet, 50 in the tests). */
const MIN_FUEL = 50_000_000n;

const market = await connectFromEnv({ sign: true });
try {
  const sha256 = getExample("sha256");
  const module = await sha256.module();
  const input = new TextEncoder().encode(process.argv[2] ?? "hello, hashwork");

  // Fuel is deterministic: a run here uses exactly the fuel every provider's run will (fuelLimitFor adds headroom).
  const probe = await execute(createBundle({ module, input, limits: sha256.limits }), { module, input });
  const maxFuel = fuelLimitFor(probe.fuelUsed, MIN_FUEL);
  const bundle = createBundle({ module, input, limits: { ...sha256.limits, fuel: Number(maxFuel) } });
  const price = await suggestPrice(market, { maxFuel, replicas: 1 });
  console.log(`price: ${formatEther(price.pricePerMfuel)} per Mfuel (${price.rule})`);

  const posted = await submitJob(market, { bundle, module, input, replicas: 1, maxPricePerMfuel: price.pricePerMfuel });
  console.log(`job ${posted.jobId} posted in ${posted.hash}, escrow ${formatEther(posted.quote.escrow)}`);

  // Until it is settled (settling it ourselves if nobody does); a job ends at the latest after its deadlines.
  const done = await waitForJob(market, {
    jobId: posted.jobId,
    settle: true,
    timeout: 15 * 60_000,
    onEvent: (event) => console.log(`  ${event.type} (block ${event.block})`),
  });
  const result = await fetchResult(market, { jobId: posted.jobId, events: done.events });
  console.log(`output (verified against ${result.cid} and ${result.outputHash}):`);
  console.log(new TextDecoder().decode(result.bytes).trim());

  const check = await verifyResult(market, { jobId: posted.jobId });
  console.log(
    check.verified ? "every revealed answer matches a run here" : "a revealed answer differs from a run here",
  );
} finally {
  market.close();
}
