import { BaseError } from "./base.js";

/** No example workload has the requested name; `validNames` lists the ones that exist. */
export class UnknownExampleError extends BaseError {
  override name = "UnknownExampleError";
  readonly requested: string;
  readonly validNames: readonly string[];
  constructor(requested: string, validNames: readonly string[]) {
    super(`Unknown example workload "${requested}"; valid names: ${validNames.join(", ")}.`, {
      code: "UNKNOWN_EXAMPLE",
      retryable: false,
    });
    this.requested = requested;
    this.validNames = validNames;
  }
}
