import { ZeroAddress, type JsonRpcProvider, type Wallet } from "ethers";
import { DisputeCourt__factory, type DisputeCourt } from "../typechain/index.js";
import type { Chain } from "./context.js";
import { CliError } from "./errors.js";
import { ExitCode } from "./exit-codes.js";

/**
 * The dispute court of the market: the registry's `disputeCourt()` (set once there, so it cannot disagree with
 * what the market trusts), bound to `runner` (default: the read-only provider).
 */
export async function courtOf(chain: Chain, runner: JsonRpcProvider | Wallet = chain.provider): Promise<DisputeCourt> {
  const address = await chain.registry.disputeCourt();
  if (address === ZeroAddress) {
    throw new CliError(ExitCode.NotFound, "NO_COURT", "This deployment has no dispute court.", {
      hint: "Disputes need a DisputeCourt wired into the registry (Ignition deploys one with the market).",
    });
  }
  return DisputeCourt__factory.connect(address, runner);
}

/** The court's claimable balance of `account`, or 0 when the deployment has no court. */
export async function courtClaimable(chain: Chain, account: string): Promise<bigint> {
  const address = await chain.registry.disputeCourt();
  if (address === ZeroAddress) return 0n;
  return DisputeCourt__factory.connect(address, chain.provider).claimable(account);
}
