// The one place the devnet imports the SDK from (bindings, actions, bundles, content store): when the SDK's
// public index exports everything, this file becomes `export * from "../../sdk/src/index.js"` alone.
export * from "../../sdk/src/index.js";
export * from "../../sdk/src/actions/index.js";
export type { HashworkToken, JobMarket, ProviderRegistry } from "../../sdk/src/typechain/index.js";
export {
  HashworkToken__factory,
  JobMarket__factory,
  ProviderRegistry__factory,
} from "../../sdk/src/typechain/index.js";
