export * from "./base.js";
export * from "./bundle.js";
export * from "./content.js";
export * from "./execution.js";
export * from "./retry.js";
