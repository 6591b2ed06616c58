import {
  BaseError,
  BundleValidationError,
  ContentMismatchError,
  ContentNotFoundError,
  ContentTooLargeError,
  ContractRevertError,
  DeploymentError,
  InvalidCidError,
  RpcUnreachableError,
  StoreHttpError,
  StoreUnavailableError,
} from "@hashwork/sdk/errors";
import { CliError } from "./errors.js";
import { ExitCode } from "./exit-codes.js";
import { requesterError } from "./map-requester-error.js";
import { explainRevert, type AmountFormatter } from "./revert.js";

/**
 * Turns whatever a command threw into a CliError: reverts decoded from the contracts' ABIs, ethers
 * transport failures, and the SDK's typed errors, each with its exit code and a next step.
 */
export function toCliError(error: unknown, amount: AmountFormatter = (x) => `${x} base units`): CliError {
  if (error instanceof CliError) return error;
  if (error instanceof ContractRevertError && error.onChain && error.errorName === "unknown") {
    // Simulation passed but the mined call reverted: the state changed in between (another transaction won a race).
    return new CliError(
      ExitCode.NotAllowedNow,
      "REVERTED_ON_CHAIN",
      `${error.functionName} reverted when mined (the chain changed after simulation).`,
      { hint: "Check the current state with a status command and run it again if still needed." },
    );
  }
  const reverted = explainRevert(error, amount);
  if (reverted) return reverted;
  const requester = requesterError(error, amount);
  if (requester) return requester;
  if (error instanceof RpcUnreachableError) {
    return new CliError(ExitCode.Unreachable, "RPC_UNREACHABLE", error.shortMessage, {
      cause: error.cause,
      hint: "Start a node (`npx hardhat node --hostname 127.0.0.1`) or pass --rpc <url> / --network <name>.",
    });
  }

  if (error instanceof ContentMismatchError) {
    return new CliError(
      ExitCode.VerificationFailed,
      "CONTENT_MISMATCH",
      `The content store returned bytes that do not match the requested CID ${error.expected}.`,
      {
        hint: "The store (or something between you and it) is faulty or tampering; nothing was written. Try another store with --store.",
        details: `got bytes with CID ${error.actual}`,
      },
    );
  }
  if (error instanceof InvalidCidError) {
    return new CliError(ExitCode.VerificationFailed, "INVALID_CID", error.shortMessage, { details: error.details });
  }
  if (error instanceof ContentNotFoundError) {
    return new CliError(ExitCode.NotFound, "CONTENT_NOT_FOUND", error.shortMessage, {
      hint: "The provider may not have published it to this store; point --store at the store the providers use.",
    });
  }
  if (error instanceof StoreUnavailableError || error instanceof StoreHttpError) {
    return new CliError(ExitCode.Unreachable, "STORE_UNAVAILABLE", error.shortMessage, {
      details: error.details,
      hint: "Start the content store (the devnet's local store or an IPFS node) or pass its API URL with --store / HASHWORK_STORE_URL.",
    });
  }
  if (error instanceof ContentTooLargeError) {
    return new CliError(ExitCode.VerificationFailed, "CONTENT_TOO_LARGE", error.shortMessage, {
      details: error.details,
    });
  }
  if (error instanceof DeploymentError) {
    return new CliError(ExitCode.NotFound, "NO_DEPLOYMENT", error.shortMessage, {
      details: error.details,
      hint: "Pass the addresses file with --deployment <file> (HASHWORK_DEPLOYMENT).",
    });
  }
  if (error instanceof BundleValidationError) {
    return new CliError(ExitCode.Usage, "BUNDLE_INVALID", error.shortMessage, { details: error.details });
  }

  const code = (error as { code?: unknown })?.code;
  if (code === "INSUFFICIENT_FUNDS") {
    return new CliError(
      ExitCode.InsufficientFunds,
      "INSUFFICIENT_GAS",
      "The account has too little ETH to pay for gas.",
      {
        hint: "Send some ETH to the account, then run the command again.",
      },
    );
  }
  if (code === "NETWORK_ERROR" || code === "TIMEOUT" || code === "ECONNREFUSED" || code === "SERVER_ERROR") {
    return new CliError(ExitCode.Unreachable, "RPC_UNREACHABLE", "The chain RPC endpoint stopped answering.", {
      cause: error,
      hint: "Check the node behind --rpc (or HASHWORK_RPC_URL) and run the command again; it is safe to repeat.",
    });
  }
  if (error instanceof BaseError) {
    return new CliError(ExitCode.Unexpected, error.code, error.shortMessage, { details: error.details, cause: error });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new CliError(ExitCode.Unexpected, "UNEXPECTED", message.split("\n")[0]!, { cause: error });
}
