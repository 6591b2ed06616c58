import { BaseError } from "./sdk.js";

/** The configuration file is missing, unreadable or invalid; `issues` lists every problem with its path. */
export class ConfigError extends BaseError {
  override name = "ConfigError";
  readonly issues: readonly string[];
  constructor(issues: readonly string[], parameters: { cause?: unknown } = {}) {
    super(
      `Invalid configuration: ${issues[0] ?? "unknown problem"}${issues.length > 1 ? ` (and ${issues.length - 1} more)` : ""}.`,
      {
        code: "CONFIG_INVALID",
        details: issues.join("\n"),
        cause: parameters.cause,
      },
    );
    this.issues = issues;
  }
}

/** Every RPC endpoint failed the request (transport-level: refused, reset, timeout, HTTP 5xx). */
export class RpcUnavailableError extends BaseError {
  override name = "RpcUnavailableError";
  constructor(url: string, parameters: { cause?: unknown; details?: string } = {}) {
    super(`RPC endpoint ${url} is unavailable.`, { code: "RPC_UNAVAILABLE", retryable: true, ...parameters });
  }
}

/** A contract call reverted (in simulation or on-chain); `errorName` is the decoded custom error. The SDK's. */
export { ContractRevertError } from "./sdk.js";

/** Our transaction's nonce was used by a transaction we did not send (or that no longer exists). */
export class TxDroppedError extends BaseError {
  override name = "TxDroppedError";
  constructor(nonce: number, parameters: { details?: string } = {}) {
    super(`Transaction with nonce ${nonce} was dropped or replaced by a foreign transaction.`, {
      code: "TX_DROPPED",
      ...parameters,
    });
  }
}

/** The service is shutting down; in-flight work stops and is resumed from the database on restart. */
export class ShuttingDownError extends BaseError {
  override name = "ShuttingDownError";
  constructor() {
    super("The node is shutting down.", { code: "SHUTTING_DOWN" });
  }
}
