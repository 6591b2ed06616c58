import type { Command } from "commander";
import { prepareUnstake, readProvider } from "@hashwork/sdk/actions";
import type { Run } from "../command.js";
import { CliError } from "../errors.js";
import { ExitCode } from "../exit-codes.js";
import { formatAmount, formatTime } from "../format.js";
import { requireGas } from "../funds.js";
import { parseAmount } from "../parse.js";
import { simulateAndSend } from "../tx.js";

export function addProviderUnstakeCommand(provider: Command, run: Run): void {
  provider
    .command("unstake <amount>")
    .description("start unbonding free stake; withdraw it with `provider withdraw` after the unbonding period")
    .action((value: string, _o: unknown, command: Command) =>
      run(command, async (ctx) => {
        const chain = await ctx.chain();
        const amount = parseAmount(value, chain.tokenInfo.decimals, "amount");
        const fmt = (x: bigint) => formatAmount(x, chain.tokenInfo);
        const { wallet, registry } = await ctx.writable();
        const before = await readProvider(chain.registry, { provider: wallet.address });
        if (amount > before.free) {
          throw new CliError(
            ExitCode.InsufficientFunds,
            "INSUFFICIENT_FREE_STAKE",
            `Only ${fmt(before.free)} of your stake is free (${fmt(before.locked)} is locked as collateral); ${fmt(amount)} was requested.`,
            {
              hint: "Unstake less, or wait until your open assignments settle.",
              data: { free: before.free, locked: before.locked, requested: amount },
            },
          );
        }
        await requireGas(wallet);
        const sent = await simulateAndSend(wallet, prepareUnstake(registry, { amount }), ctx.output, fmt);
        const after = await readProvider(chain.registry, { provider: wallet.address });
        const result = {
          provider: wallet.address,
          requested: amount,
          stake: after.stake,
          unbonding: after.unbonding,
          readyAt: after.unbondingReadyAt,
          tx: sent.hash,
        };
        ctx.output.result(
          result,
          (r) =>
            `Unbonding ${fmt(r.unbonding)} (tx ${r.tx}); withdraw it with \`hashwork provider withdraw\` after ${formatTime(r.readyAt)}.\nStake still bonded: ${fmt(r.stake)}.`,
        );
      }),
    );
}
