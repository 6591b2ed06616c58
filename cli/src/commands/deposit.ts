import type { Command } from "commander";
import { prepareDeposit } from "@hashwork/sdk/actions";
import type { Run } from "../command.js";
import { formatAmount } from "../format.js";
import { approveExactly, requireGas, requireTokens } from "../funds.js";
import { parseAmount } from "../parse.js";
import { simulateAndSend } from "../tx.js";

/**
 * `hashwork deposit <amount>`: moves tokens from the wallet into the signer's balance in the market (the balance
 * refunds are credited to). `job post` then takes a job's escrow from it whenever it covers all of it: no approval or
 * permit, and less gas than a pull per job.
 */
export function addDepositCommand(program: Command, run: Run): void {
  program
    .command("deposit <amount>")
    .description("move tokens (e.g. 10) into your balance in the market: jobs you post are paid from it")
    .action((value: string, _o: unknown, command: Command) =>
      run(command, async (ctx) => {
        const chain = await ctx.chain();
        const amount = parseAmount(value, chain.tokenInfo.decimals, "amount");
        const fmt = (x: bigint) => formatAmount(x, chain.tokenInfo);
        const { wallet, market, token } = await ctx.writable();
        await requireGas(wallet);
        await requireTokens(token, chain.tokenInfo, wallet.address, amount, `Depositing ${fmt(amount)}`);
        // The market has no deposit with a permit: an approval of exactly the amount, unless the allowance covers it.
        const approveTx = await approveExactly(
          wallet,
          token,
          chain.tokenInfo,
          chain.addresses.market,
          amount,
          ctx.output,
        );
        const sent = await simulateAndSend(wallet, prepareDeposit(market, { amount }), ctx.output, fmt);
        const balance = await chain.market.claimable(wallet.address);
        const result = {
          account: wallet.address,
          deposited: amount,
          balance,
          tx: sent.hash,
          ...(approveTx ? { approveTx } : {}),
        };
        ctx.output.result(result, (r) =>
          [
            `Deposited ${fmt(r.deposited)} (tx ${r.tx}); your balance in the market is now ${fmt(r.balance)}.`,
            "Jobs you post are paid from it while it covers their escrow (no approval or permit).",
            "`job refund` and `job cancel` withdraw it with their refunds (`--no-withdraw` keeps it).",
          ].join("\n"),
        );
      }),
    );
}
