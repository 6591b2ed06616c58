import type { Command } from "commander";
import { prepareWithdraw, readProvider } from "@hashwork/sdk/actions";
import type { Run } from "../command.js";
import { CliError } from "../errors.js";
import { ExitCode } from "../exit-codes.js";
import { formatAmount, formatRelative, formatTime } from "../format.js";
import { requireGas } from "../funds.js";
import { simulateAndSend } from "../tx.js";

export function addProviderWithdrawCommand(provider: Command, run: Run): void {
  provider
    .command("withdraw")
    .description("pay out stake that finished unbonding")
    .action((_o: unknown, command: Command) =>
      run(command, async (ctx) => {
        const chain = await ctx.chain();
        const fmt = (x: bigint) => formatAmount(x, chain.tokenInfo);
        const { wallet, registry } = await ctx.writable();
        const p = await readProvider(chain.registry, { provider: wallet.address });
        if (p.unbonding === 0n) {
          throw new CliError(
            ExitCode.InsufficientFunds,
            "NOTHING_UNBONDING",
            `${wallet.address} has no unbonded stake to withdraw.`,
            {
              hint: "Start unbonding with `hashwork provider unstake <amount>` first.",
            },
          );
        }
        const now = (await chain.provider.getBlock("latest"))!.timestamp;
        if (now < p.unbondingReadyAt) {
          throw new CliError(
            ExitCode.NotAllowedNow,
            "STILL_UNBONDING",
            `${fmt(p.unbonding)} is still unbonding until ${formatTime(p.unbondingReadyAt)} (${formatRelative(p.unbondingReadyAt, now)}).`,
            {
              hint: "Run `hashwork provider withdraw` again after that time.",
              data: { unbonding: p.unbonding, readyAt: p.unbondingReadyAt },
            },
          );
        }
        await requireGas(wallet);
        const sent = await simulateAndSend(wallet, prepareWithdraw(registry), ctx.output, fmt);
        const result = { provider: wallet.address, withdrawn: p.unbonding, tx: sent.hash };
        ctx.output.result(
          result,
          (r) => `Withdrew ${fmt(r.withdrawn)} of unbonded stake to ${r.provider} (tx ${r.tx}).`,
        );
      }),
    );
}
