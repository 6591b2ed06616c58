import type { Command } from "commander";
import type { Run } from "../command.js";
import { addProviderEarningsCommand } from "./provider-earnings.js";
import { addProviderRegisterCommand } from "./provider-register.js";
import { addProviderStakeCommand } from "./provider-stake.js";
import { addProviderStatusCommand } from "./provider-status.js";
import { addProviderUnstakeCommand } from "./provider-unstake.js";
import { addProviderWithdrawCommand } from "./provider-withdraw.js";

/** `hashwork provider …`: register an offer, manage stake, watch reputation, collect earnings. */
export function addProviderCommands(program: Command, run: Run): void {
  const provider = program.command("provider").description("register, stake, unstake, withdraw, status and earnings");
  addProviderRegisterCommand(provider, run);
  addProviderStakeCommand(provider, run);
  addProviderUnstakeCommand(provider, run);
  addProviderWithdrawCommand(provider, run);
  addProviderStatusCommand(provider, run);
  addProviderEarningsCommand(provider, run);
}
