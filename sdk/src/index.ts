export * from "./lottery.js";
export * from "./results.js";
export * from "./errors/index.js";
export * from "./bundle/index.js";
export * from "./cid/index.js";
export * from "./content/index.js";
export * from "./executor/index.js";
