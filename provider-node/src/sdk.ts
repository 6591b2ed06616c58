// The one place the node imports the SDK from (ABIs, bindings, helpers): switching to package subpath
// exports later touches this file only.
export * from "../../sdk/src/index.js";
export * from "../../sdk/src/actions/index.js";
export type { HashworkToken, JobMarket, ProviderRegistry, BlockhashRandomness } from "../../sdk/src/typechain/index.js";
export {
  HashworkToken__factory,
  JobMarket__factory,
  ProviderRegistry__factory,
  BlockhashRandomness__factory,
  IRandomnessSource__factory,
} from "../../sdk/src/typechain/index.js";
