import { BaseError } from "./base.js";

/** A deployment file is missing, unreadable, for another chain, or lacks a contract the caller needs. */
export class DeploymentError extends BaseError {
  override name = "DeploymentError";
  constructor(shortMessage: string, parameters: { details?: string; cause?: unknown } = {}) {
    super(shortMessage, { code: "DEPLOYMENT", ...parameters, retryable: false });
  }
}
