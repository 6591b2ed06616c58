export * from "./base.js";
export * from "./bundle.js";
export * from "./content.js";
export * from "./execution.js";
export { sleep, withRetry, type RetryContext, type RetryOptions } from "./retry.js";
export * from "./deployment.js";
export * from "./workloads.js";
export * from "./keystore.js";
export * from "./contract.js";
