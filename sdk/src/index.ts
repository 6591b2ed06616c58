export * from "./lottery.js";
export * from "./results.js";
