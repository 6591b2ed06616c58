import { loadDeployment, marketAddresses } from "../sdk.js";

/** The market and registry addresses and start block from the SDK's deployment file (or `file`). */
export function readDeployment(chainId: number, file: string | undefined) {
  const deployment = file === undefined ? loadDeployment(chainId) : loadDeployment(chainId, file);
  return marketAddresses(deployment, file);
}
