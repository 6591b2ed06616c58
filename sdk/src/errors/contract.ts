import { Interface, isHexString, type ErrorDescription } from "ethers";
import {
  BlockhashRandomness__factory,
  HashworkToken__factory,
  JobMarket__factory,
  ProviderRegistry__factory,
  VerificationCourt__factory,
} from "../typechain/index.js";
import { BaseError } from "./base.js";

// Every custom error a market, court or registry call can bubble up: the market's and the court's own, the
// registry's (lockCollateral, slash), the randomness source's (fixSeed; BlockhashRandomness carries IRandomnessSource's errors) and the token's (transfers, permits).
const errorsInterface = new Interface(
  [
    JobMarket__factory.abi,
    VerificationCourt__factory.abi,
    ProviderRegistry__factory.abi,
    BlockhashRandomness__factory.abi,
    HashworkToken__factory.abi,
  ]
    .flat()
    .filter((f) => f.type === "error"),
);

/** A decoded custom error: its name (e.g. `JobMarketNotDrawn`) and arguments. */
export interface DecodedContractError {
  name: string;
  args: unknown[];
}

/** Finds revert data in an ethers / JSON-RPC error, however deeply the transport nested it. */
export function revertDataOf(error: unknown, depth = 0): string | undefined {
  if (error === null || typeof error !== "object" || depth > 6) return undefined;
  const e = error as Record<string, unknown>;
  if (typeof e.data === "string" && isHexString(e.data) && e.data.length >= 10) return e.data;
  for (const key of ["data", "error", "info", "cause", "revert"]) {
    const found = revertDataOf(e[key], depth + 1);
    if (found) return found;
  }
  return undefined;
}

/** The Hashwork custom error encoded in revert data, or undefined for data that is not one. */
export function decodeContractError(data: string | undefined): DecodedContractError | undefined {
  if (!data) return undefined;
  let parsed: ErrorDescription | null = null;
  try {
    parsed = errorsInterface.parseError(data);
  } catch {
    return undefined;
  }
  return parsed ? { name: parsed.name, args: [...parsed.args] } : undefined;
}

/** Whether an error is a revert (as opposed to a transport or node problem). */
export function isContractRevert(error: unknown): boolean {
  const e = error as { code?: string } | null;
  return e?.code === "CALL_EXCEPTION" || revertDataOf(error) !== undefined;
}

/**
 * A contract call reverted, in simulation or on-chain. `errorName` is the decoded custom error ("unknown" when the
 * data is not one of ours); every action file lists the names its call can revert with (`…ErrorName`).
 */
export class ContractRevertError extends BaseError {
  override name = "ContractRevertError";
  readonly errorName: string;
  readonly errorArgs: readonly unknown[];
  readonly functionName: string;
  readonly onChain: boolean;

  constructor(
    functionName: string,
    errorName: string,
    errorArgs: readonly unknown[],
    parameters: { onChain: boolean; cause?: unknown; details?: string },
  ) {
    const where = parameters.onChain ? "reverted on-chain" : "would revert";
    super(`${functionName} ${where}: ${errorName}.`, {
      code: "CONTRACT_REVERT",
      details: parameters.details ?? `${errorName}(${errorArgs.map(String).join(", ")})`,
      cause: parameters.cause,
    });
    this.errorName = errorName;
    this.errorArgs = errorArgs;
    this.functionName = functionName;
    this.onChain = parameters.onChain;
  }

  /** The revert of `error` as a ContractRevertError; undefined when `error` is not a revert. */
  static from(functionName: string, error: unknown, onChain = false): ContractRevertError | undefined {
    if (!isContractRevert(error)) return undefined;
    const decoded = decodeContractError(revertDataOf(error));
    return new ContractRevertError(functionName, decoded?.name ?? "unknown", decoded?.args ?? [], {
      onChain,
      cause: error,
    });
  }
}
