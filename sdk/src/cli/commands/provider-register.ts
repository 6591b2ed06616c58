import type { Command } from "commander";
import { readProvider } from "../../actions/readProvider.js";
import { prepareRegister } from "../../actions/register.js";
import type { Run } from "../command.js";
import { CliError } from "../errors.js";
import { ExitCode } from "../exit-codes.js";
import { formatAmount } from "../format.js";
import { requireGas } from "../funds.js";
import { classList, parseAmount, parseClasses, parseInteger } from "../parse.js";
import { simulateAndSend } from "../tx.js";

interface RegisterOptions {
  classes: string;
  price: string;
  capacity: string;
  metadataUri: string;
  update?: boolean;
}

export function addProviderRegisterCommand(provider: Command, run: Run): void {
  provider
    .command("register")
    .description("register as a provider with an offer (or change it with --update)")
    .option("--classes <list>", "resource classes served, comma-separated (e.g. 0,2)", "0")
    .option("--price <amount>", "price per replica, in tokens", "1")
    .option("--capacity <n>", "max concurrent assignments", "2")
    .option("--metadata-uri <uri>", "where your off-chain description lives", "")
    .option("--update", "change the offer of an already registered provider")
    .action((o: RegisterOptions, command: Command) =>
      run(command, async (ctx) => {
        const classes = parseClasses(o.classes);
        const capacity = parseInteger(o.capacity, "--capacity", 1, 65_535);
        const chain = await ctx.chain();
        const price = parseAmount(o.price, chain.tokenInfo.decimals, "--price");
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
        const params = { metadataURI: o.metadataUri, classes, price, capacity };
        const call = o.update
          ? {
              ...prepareRegister(registry, params),
              data: registry.interface.encodeFunctionData("updateOffer", [o.metadataUri, classes, price, capacity]),
              functionName: "updateOffer",
            }
          : prepareRegister(registry, params);
        const sent = await simulateAndSend(wallet, call, ctx.output, (x) => formatAmount(x, chain.tokenInfo));
        const result = {
          provider: wallet.address,
          updated: o.update === true,
          classes: classList(classes),
          price,
          capacity,
          metadataURI: o.metadataUri,
          tx: sent.hash,
        };
        ctx.output.result(result, (r) =>
          [
            `${r.updated ? "Offer updated" : "Registered"} ${r.provider} (tx ${r.tx}):`,
            `  classes ${r.classes.join(",")}, ${formatAmount(r.price, chain.tokenInfo)} per replica, up to ${r.capacity} jobs at once.`,
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
