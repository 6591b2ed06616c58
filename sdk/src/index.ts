/**
 * The Hashwork SDK: typed actions for the market, the court and the registry (each with a `prepare…` encoder and
 * its `…ErrorName` type), readers of their state, the lottery and the result commitments, job bundles, content
 * stores, the deterministic WASI executor, the sample workloads, deployment addresses and the keystore.
 *
 * The contract bindings `BlockhashRandomness`, `HashworkToken`, `JobMarket`, `ProviderRegistry` and
 * `VerificationCourt` (types) and their `…__factory` classes (ABI and `connect`) are exported too but not documented
 * here: the SDK's build generates them (typechain) from its ABIs in `abis/`, exported from the contracts, whose NatSpec in `contracts/interfaces/` documents every function, event and error (PROTOCOL.md has
 * the protocol, PROTOCOL-ABI.md every selector).
 *
 * @packageDocumentation
 */
export * from "./lottery.js";
export * from "./blockHashes.js";
export * from "./results.js";
export * from "./errors/index.js";
export * from "./bundle/index.js";
export * from "./cid/index.js";
export * from "./content/index.js";
export * from "./executor/index.js";
export * from "./deployments/index.js";
export * from "./workloads/index.js";
export * from "./keystore/index.js";
export * from "./actions/index.js";
export * from "./chain/index.js";
export * from "./requester/index.js";
// Typed bindings generated from abis/ by this package's build (`npm run build -w @hashwork/sdk`: typechain, ABIs only,
// so no bytecode ships); the one source of contract types.
export type {
  BlockhashRandomness,
  HashworkToken,
  JobMarket,
  ProviderRegistry,
  VerificationCourt,
} from "./typechain/index.js";
export {
  BlockhashRandomness__factory,
  HashworkToken__factory,
  JobMarket__factory,
  ProviderRegistry__factory,
  VerificationCourt__factory,
} from "./typechain/index.js";
