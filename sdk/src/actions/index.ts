export * from "./types.js";
export * from "./enums.js";
export * from "./errors.js";
// market
export * from "./postJob.js";
export * from "./postJobWithPermit.js";
export * from "./deposit.js";
export * from "./cancelJob.js";
export * from "./claim.js";
export * from "./commit.js";
export * from "./decideAudit.js";
export * from "./reveal.js";
export * from "./settle.js";
export * from "./withdrawEarnings.js";
// court
export * from "./claimVerifier.js";
export * from "./commitVerdict.js";
export * from "./revealVerdict.js";
export * from "./challenge.js";
export * from "./resolve.js";
export * from "./fundPool.js";
export * from "./withdrawCourt.js";
// registry
export * from "./register.js";
export * from "./updateOffer.js";
export * from "./stake.js";
export * from "./unstake.js";
export * from "./withdraw.js";
// reads
export * from "./readJob.js";
export * from "./readVerification.js";
export * from "./readProvider.js";
export * from "./pinBlock.js";
