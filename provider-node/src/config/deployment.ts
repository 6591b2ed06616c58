import { loadDeployment, marketAddresses } from "../sdk.js";

/** The market, registry and court addresses and the start block from the SDK's deployment file. */
export function readDeployment(chainId: number, file: string | undefined) {
  const deployment = file === undefined ? loadDeployment(chainId) : loadDeployment(chainId, file);
  const { market, registry, court, startBlock } = marketAddresses(deployment, file);
  return { market, registry, court, startBlock };
}
