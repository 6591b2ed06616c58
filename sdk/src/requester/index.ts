// What a requester does, end to end: connect, price, quote, submit, wait, fetch and verify the result.
export * from "./client.js";
export * from "./deadlines.js";
export * from "./fuelLimit.js";
export * from "./jobEvents.js";
export * from "./readExistingJob.js";
export * from "./suggestPrice.js";
export * from "./quoteJob.js";
export * from "./submitJob.js";
export * from "./waitForJob.js";
export * from "./fetchResult.js";
export * from "./verifyResult.js";
