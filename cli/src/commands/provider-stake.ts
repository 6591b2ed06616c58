import type { Command } from "commander";
import { prepareStake, readProvider, signPermitIfSupported } from "@hashwork/sdk/actions";
import type { Run } from "../command.js";
import { CliError } from "../errors.js";
import { ExitCode } from "../exit-codes.js";
import { formatAmount } from "../format.js";
import { approveExactly, requireGas, requireTokens } from "../funds.js";
import { parseAmount } from "../parse.js";
import { simulateAndSend } from "../tx.js";

export function addProviderStakeCommand(provider: Command, run: Run): void {
  provider
    .command("stake <amount>")
    .description("bond more stake (tokens); it counts for jobs posted from the next block on")
    .option("--no-permit", "approve with a transaction even if the token supports EIP-2612 permits")
    .action((value: string, o: { permit: boolean }, command: Command) =>
      run(command, async (ctx) => {
        const chain = await ctx.chain();
        const amount = parseAmount(value, chain.tokenInfo.decimals, "amount");
        const fmt = (x: bigint) => formatAmount(x, chain.tokenInfo);
        const { wallet, registry, token } = await ctx.writable();
        const before = await readProvider(chain.registry, { provider: wallet.address });
        if (!before.registered) {
          throw new CliError(
            ExitCode.NotAllowedNow,
            "NOT_REGISTERED",
            `${wallet.address} is not a registered provider.`,
            {
              hint: "Register first: `hashwork provider register --classes 0 --price-per-mfuel 0.00001 --capacity 2`.",
            },
          );
        }
        await requireGas(wallet);
        await requireTokens(token, chain.tokenInfo, wallet.address, amount, `Staking ${fmt(amount)}`);
        const spender = chain.addresses.registry;
        const permit = o.permit ? await signPermitIfSupported(token, wallet, spender, amount) : undefined;
        const call = permit
          ? {
              to: spender,
              data: registry.interface.encodeFunctionData("stakeWithPermit", [
                amount,
                permit.deadline,
                permit.v,
                permit.r,
                permit.s,
              ]),
              functionName: "stakeWithPermit",
            }
          : prepareStake(registry, { amount });
        if (!permit) await approveExactly(wallet, token, chain.tokenInfo, spender, amount, ctx.output);
        const sent = await simulateAndSend(wallet, call, ctx.output, fmt);
        const after = await readProvider(chain.registry, { provider: wallet.address });
        const result = {
          provider: wallet.address,
          staked: amount,
          stake: after.stake,
          free: after.free,
          tx: sent.hash,
        };
        ctx.output.result(
          result,
          (r) => `Staked ${fmt(r.staked)} (tx ${r.tx}); stake is now ${fmt(r.stake)}, ${fmt(r.free)} free.`,
        );
      }),
    );
}
