/**
 * A Hashwork client written from PROTOCOL.md and the ABI JSON in sdk/abis/ alone: the test of issue 14's "a protocol
 * spec someone else could implement". It imports nothing of the project but those ABIs (no SDK, no typechain, no
 * scripts), only `ethers` and Node built-ins; test/mocha/flows/AbiOnlyClient_*.test.ts fails if that changes. Every
 * formula here cites the section of PROTOCOL.md it follows; where the page was not enough, the page was fixed.
 */
export { publishBundle, fetchBundle, type Bundle, type ContentStore, type FetchedBundle } from "./bundle.js";
export { canonicalJson } from "./canonicalJson.js";
export { cidOf, ipfsUriOf } from "./cid.js";
export { connect, eventNamed, type Hashwork, type Sent } from "./contracts.js";
export { deadlineBounds, executionTimeOf } from "./deadlines.js";
export { firstWinningElapsed, wins, type Ticket } from "./lottery.js";
export { auditFeeKeptOf, escrowOf, paymentOf } from "./money.js";
export { ProviderClient, type Execute, type Offer } from "./provider.js";
export { RequesterClient, type JobRequest } from "./requester.js";
export { commitmentOf, isAudited, outputHashOf, resultOf, type Answer } from "./results.js";
