import { BaseError } from "./base.js";

/** A keystore cannot be read, decrypted or written. Messages never contain the password or key material. */
export class KeystoreError extends BaseError {
  override name = "KeystoreError";
  constructor(shortMessage: string, parameters: { code?: string; cause?: unknown } = {}) {
    super(shortMessage, { code: parameters.code ?? "KEYSTORE", cause: parameters.cause, retryable: false });
  }
}
