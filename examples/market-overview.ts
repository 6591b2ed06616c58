/**
 * What the market looks like to a requester, from the chain alone: its jobs and fees, the court's pool (the largest job
 * it can verify), the providers whose offers can take a job of 50 Mfuel, and the price `suggestPrice` would bid.
 * Read-only: no key needed.
 *
 *   node --import tsx examples/market-overview.ts
 */
import { eligibleOffers, suggestPrice } from "@hashwork/sdk";
import { formatEther } from "ethers";
import { connectFromEnv } from "./connect.js";

const maxFuel = 50_000_000n;

const market = await connectFromEnv({ sign: false });
try {
  const [jobs, params, pool, maxVerifiableBudget] = await Promise.all([
    market.market.jobCount(),
    market.market.parameters(),
    market.court.pool(),
    market.market.maxVerifiableBudget(), // what posting checks: the court's last report
  ]);
  console.log(`jobs posted: ${jobs}`);
  console.log(
    `fees: ${Number(params.feeBps) / 100}% (at least ${formatEther(params.minFee)}), audits ${Number(params.auditRateBps) / 100}% of jobs`,
  );
  console.log(
    `court pool: ${formatEther(pool)}; largest budget per replica it can verify: ${formatEther(maxVerifiableBudget)}`,
  );

  const offers = await eligibleOffers(market, { resourceClass: 0, maxFuel });
  console.log(`providers that can take a class-0 job of ${maxFuel} fuel: ${offers.length}`);
  for (const p of offers)
    console.log(
      `  ${p.address}: ${formatEther(p.pricePerMfuel)} per Mfuel (min ${p.minMfuel} Mfuel), stake ${formatEther(p.stake)}, ` +
        `${p.activeJobs}/${p.capacity} jobs, reputation ${p.reputation}`,
    );
  if (offers.length > 0) {
    const price = await suggestPrice(market, { maxFuel, replicas: 1 });
    console.log(`suggested price: ${formatEther(price.pricePerMfuel)} per Mfuel (${price.rule})`);
  }
} finally {
  market.close();
}
