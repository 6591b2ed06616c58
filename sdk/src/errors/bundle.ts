import { BaseError } from "./base.js";

/** One problem found in a bundle: where (a JSON path such as `$.limits.memoryMiB`) and what was expected. */
export interface BundleIssue {
  path: string;
  message: string;
}

/** The bundle is malformed; `issues` lists every problem found, each with its JSON path. */
export class BundleValidationError extends BaseError {
  override name = "BundleValidationError";
  readonly issues: readonly BundleIssue[];

  constructor(issues: readonly BundleIssue[], parameters: { cause?: unknown } = {}) {
    const first = issues[0];
    const summary = first ? `${first.path}: ${first.message}` : "unknown problem";
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : "";
    super(`Invalid job bundle: ${summary}${more}.`, {
      code: "BUNDLE_INVALID",
      details: issues.map((issue) => `${issue.path}: ${issue.message}`).join("\n"),
      cause: parameters.cause,
      retryable: false,
    });
    this.issues = issues;
  }
}
