import type { Command } from "commander";
import { readProvider } from "@hashwork/sdk/actions";
import type { Run } from "../command.js";
import type { Chain, Context } from "../context.js";
import { formatAmount, formatDuration, formatRelative, formatTime, table } from "../format.js";
import { classList, parseAddress } from "../parse.js";

/** The provider an inspecting command looks at: --address, else the signer. */
export async function providerAddress(ctx: Context, address: string | undefined): Promise<string> {
  return address ? parseAddress(address, "--address") : (await ctx.signer()).address;
}

export function addProviderStatusCommand(provider: Command, run: Run): void {
  provider
    .command("status")
    .description("show a provider's offer, stake, collateral, unbonding, faults, jail state and claimable balances")
    .option("--address <address>", "which provider (default: the signer's address)")
    .action((o: { address?: string }, command: Command) =>
      run(command, async (ctx) => {
        const chain = await ctx.chain();
        const address = await providerAddress(ctx, o.address);
        const [p, claimable, courtClaimable, jailPolicy, latest] = await Promise.all([
          readProvider(chain.registry, { provider: address }),
          chain.market.claimable(address),
          chain.court.claimable(address),
          jailPolicyOf(chain),
          chain.provider.getBlock("latest"),
        ]);
        const now = latest!.timestamp;
        const result = {
          ...p,
          classes: classList(p.classes),
          jailed: p.jailedUntil > now,
          // Faults since the last jail: the registry jails at `faultThreshold` of them within its fault window.
          faultsSinceJail: p.slashes + p.noShows - p.faultsAtJail,
          jailPolicy,
          claimable,
          courtClaimable,
        };
        const fmt = (x: bigint) => formatAmount(x, chain.tokenInfo);
        ctx.output.result(result, (r) => {
          if (!r.registered) return `${address} is not registered. Register with \`hashwork provider register\`.`;
          const rows: [string, string][] = [
            [
              "offer",
              `classes ${r.classes.join(",")}, ${fmt(r.pricePerMfuel)} per Mfuel (min ${r.minMfuel} Mfuel a job), capacity ${r.capacity}`,
            ],
            ["stake", `${fmt(r.stake)} (${fmt(r.locked)} locked as collateral, ${fmt(r.free)} free)`],
            ["active jobs", `${r.activeJobs}/${r.capacity}`],
            [
              "unbonding",
              r.unbonding > 0n
                ? `${fmt(r.unbonding)}, withdrawable ${formatTime(r.unbondingReadyAt)} (${formatRelative(r.unbondingReadyAt, now)})`
                : "none",
            ],
            ["reputation", `${r.reputation} (completed ${r.completed}, slashed ${r.slashes}, no-shows ${r.noShows})`],
            [
              "faults",
              `${r.faultsSinceJail} since the last jail (jailed at ${r.jailPolicy.threshold} within ${formatDuration(r.jailPolicy.windowSeconds)}, for ${formatDuration(r.jailPolicy.jailSeconds)})`,
            ],
            ["jailed", r.jailed ? `until ${formatTime(r.jailedUntil)} (${formatRelative(r.jailedUntil, now)})` : "no"],
            [
              "claimable",
              `${fmt(r.claimable)} in the market, ${fmt(r.courtClaimable)} in the court (withdraw with \`hashwork provider earnings --withdraw\`)`,
            ],
          ];
          return `Provider ${address}\n${table(rows).replace(/^/gm, "  ")}`;
        });
      }),
    );
}

/** The registry's jail policy: `threshold` faults within `windowSeconds` jail a provider for `jailSeconds`. */
async function jailPolicyOf(chain: Chain): Promise<{ threshold: number; jailSeconds: number; windowSeconds: number }> {
  const [threshold, jailSeconds, windowSeconds] = await Promise.all([
    chain.registry.jailThreshold(),
    chain.registry.jailDuration(),
    chain.registry.faultWindow(),
  ]);
  return { threshold: Number(threshold), jailSeconds: Number(jailSeconds), windowSeconds: Number(windowSeconds) };
}
