import type { Command } from "commander";
import type { Run } from "../command.js";
import { formatAmount } from "../format.js";
import { queryChunked } from "@hashwork/sdk/chain";
import { providerAddress } from "./provider-status.js";
import { withdrawClaimable } from "./withdraw-claimable.js";

export function addProviderEarningsCommand(provider: Command, run: Run): void {
  provider
    .command("earnings")
    .description(
      "show what a provider earned (ProviderPaid, VerifierPaid) and can withdraw from market and court; --withdraw pays it out",
    )
    .option("--address <address>", "which provider (default: the signer's address)")
    .option("--withdraw", "withdraw the claimable balance to the signer")
    .action((o: { address?: string; withdraw?: boolean }, command: Command) =>
      run(command, async (ctx) => {
        const chain = await ctx.chain();
        const address = o.withdraw ? (await ctx.signer()).address : await providerAddress(ctx, o.address);
        const head = await chain.provider.getBlockNumber();
        const filter = chain.market.filters.ProviderPaid(undefined, address);
        const paid = await queryChunked(
          (from, to) => chain.market.queryFilter(filter, from, to),
          chain.addresses.startBlock,
          head,
        );
        const verified = await queryChunked(
          (from, to) => chain.court.queryFilter(chain.court.filters.VerifierPaid(undefined, address), from, to),
          chain.addresses.startBlock,
          head,
        );
        const earned = paid.reduce((sum, log) => sum + log.args.payment + log.args.bonus, 0n);
        const verifierPay = verified.reduce((sum, log) => sum + log.args.pay, 0n);
        const [marketBefore, courtBefore] = await Promise.all([
          chain.market.claimable(address),
          chain.court.claimable(address),
        ]);
        const withdrawn = o.withdraw ? await withdrawClaimable(await ctx.signer(), chain, ctx.output) : undefined;
        const result = {
          provider: address,
          jobsPaid: paid.length,
          earned,
          verificationsPaid: verified.length,
          verifierPay,
          claimable: withdrawn ? marketBefore - (withdrawn.amount - withdrawn.court) : marketBefore,
          courtClaimable: withdrawn ? courtBefore - withdrawn.court : courtBefore,
          ...(withdrawn
            ? {
                withdrawn: withdrawn.amount,
                withdrawTx: withdrawn.tx,
                ...(withdrawn.courtTx ? { courtTx: withdrawn.courtTx } : {}),
              }
            : {}),
        };
        const fmt = (x: bigint) => formatAmount(x, chain.tokenInfo);
        ctx.output.result(result, (r) =>
          [
            `Provider ${address}: earned ${fmt(r.earned)} over ${r.jobsPaid} job${r.jobsPaid === 1 ? "" : "s"}, and ${fmt(r.verifierPay)} verifying ${r.verificationsPaid} time${r.verificationsPaid === 1 ? "" : "s"}.`,
            withdrawn
              ? withdrawn.tx
                ? `Withdrew ${fmt(withdrawn.amount)} (tx ${withdrawn.tx}).`
                : "Nothing claimable to withdraw."
              : `Claimable now: ${fmt(r.claimable)} in the market, ${fmt(r.courtClaimable)} in the court${r.claimable + r.courtClaimable > 0n ? " — withdraw with `hashwork provider earnings --withdraw`" : ""}.`,
          ].join("\n"),
        );
      }),
    );
}
