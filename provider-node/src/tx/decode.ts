import { Interface, isHexString, type ErrorDescription } from "ethers";
import {
  DisputeCourt__factory,
  HashworkToken__factory,
  IRandomnessSource__factory,
  JobMarket__factory,
  ProviderRegistry__factory,
} from "../sdk.js";

// Every custom error a market or court call can bubble up: the market's, the court's, the registry's
// (lockCollateral, slash), the randomness source's and the token's (transfers).
const errorsInterface = new Interface(
  [
    JobMarket__factory.abi,
    DisputeCourt__factory.abi,
    ProviderRegistry__factory.abi,
    IRandomnessSource__factory.abi,
    HashworkToken__factory.abi,
  ]
    .flat()
    .filter((f) => f.type === "error"),
);

/** Finds revert data in an ethers / JSON-RPC error, however deeply the transport nested it. */
export function revertData(error: unknown, depth = 0): string | undefined {
  if (error === null || typeof error !== "object" || depth > 6) return undefined;
  const e = error as Record<string, unknown>;
  if (typeof e.data === "string" && isHexString(e.data) && e.data.length >= 10) return e.data;
  for (const key of ["data", "error", "info", "cause", "revert"]) {
    const found = revertData(e[key], depth + 1);
    if (found) return found;
  }
  return undefined;
}

/** The custom error (name and arguments) encoded in revert data, if it is one we know. */
export function decodeRevert(data: string | undefined): { name: string; args: unknown[] } | undefined {
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
export function isRevert(error: unknown): boolean {
  const e = error as { code?: string } | null;
  return e?.code === "CALL_EXCEPTION" || revertData(error) !== undefined;
}
