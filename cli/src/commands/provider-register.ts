import type { Command } from "commander";
import { prepareRegister, prepareUpdateOffer, readProvider } from "@hashwork/sdk/actions";
import type { Run } from "../command.js";
import { CliError, usageError } from "../errors.js";
import { ExitCode } from "../exit-codes.js";
import { formatAmount } from "../format.js";
import { requireGas } from "../funds.js";
import { classList, parseAmount, parseClasses, parseInteger } from "../parse.js";
import { simulateAndSend } from "../tx.js";

interface RegisterOptions {
  classes: string;
  pricePerMfuel: string;
  minMfuel: string;
  capacity: string;
  metadataUri: string;
  update?: boolean;
}

export function addProviderRegisterCommand(provider: Command, run: Run): void {
  provider
    .command("register")
    .description("register as a provider with an offer (or change it with --update)")
    .option("--classes <list>", "resource classes served, comma-separated (e.g. 0,2)", "0")
    .option(
      "--price-per-mfuel <amount>",
      "price per million fuel, in tokens (you are paid the fuel a job used)",
      "0.00001",
    )
    .option("--min-mfuel <n>", "million fuel billed at least per job (jobs with a smaller --fuel cannot be yours)", "0")
    .option("--capacity <n>", "max concurrent assignments", "2")
    .option("--metadata-uri <uri>", "where your off-chain description lives", "")
    .option("--update", "change the offer of an already registered provider")
    .action((o: RegisterOptions, command: Command) =>
      run(command, async (ctx) => {
        const classes = parseClasses(o.classes);
        const capacity = parseInteger(o.capacity, "--capacity", 1, 65_535);
        const minMfuel = parseInteger(o.minMfuel, "--min-mfuel", 0, 2 ** 32 - 1);
        const chain = await ctx.chain();
        const pricePerMfuel = parseAmount(o.pricePerMfuel, chain.tokenInfo.decimals, "--price-per-mfuel");
        if (pricePerMfuel === 0n || pricePerMfuel >= 2n ** 64n)
          throw usageError("--price-per-mfuel must be above zero and below 2^64 base units.");
        const { wallet, registry } = await ctx.writable();
        const current = await readProvider(chain.registry, { provider: wallet.address });
        if (current.registered && !o.update) {
          throw new CliError(ExitCode.NotAllowedNow, "ALREADY_REGISTERED", `${wallet.address} is already registered.`, {
            hint: "Change the offer with `hashwork provider register --update …`.",
          });
        }
        if (!current.registered && o.update) {
          throw new CliError(
            ExitCode.NotAllowedNow,
            "NOT_REGISTERED",
            `${wallet.address} is not registered yet, so there is no offer to update.`,
            {
              hint: "Run the same command without --update.",
            },
          );
        }
        await requireGas(wallet);
        const offer = { metadataURI: o.metadataUri, classes, pricePerMfuel, minMfuel, capacity };
        const call = o.update ? prepareUpdateOffer(registry, offer) : prepareRegister(registry, offer);
        const sent = await simulateAndSend(wallet, call, ctx.output, (x) => formatAmount(x, chain.tokenInfo));
        const result = {
          provider: wallet.address,
          updated: o.update === true,
          classes: classList(classes),
          pricePerMfuel,
          minMfuel,
          capacity,
          metadataURI: o.metadataUri,
          tx: sent.hash,
        };
        ctx.output.result(result, (r) =>
          [
            `${r.updated ? "Offer updated" : "Registered"} ${r.provider} (tx ${r.tx}):`,
            `  classes ${r.classes.join(",")}, ${formatAmount(r.pricePerMfuel, chain.tokenInfo)} per Mfuel (at least ${r.minMfuel} Mfuel a job), up to ${r.capacity} jobs at once.`,
            r.updated
              ? ""
              : "Next: stake with `hashwork provider stake <amount>`, then start your node (`hashwork-node start`).",
          ]
            .filter(Boolean)
            .join("\n"),
        );
      }),
    );
}
