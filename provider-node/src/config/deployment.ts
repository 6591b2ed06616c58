import { loadDeployment, marketAddresses } from "../sdk.js";

/** The market, registry (and dispute court, if listed) addresses and start block from the SDK's deployment file. */
export function readDeployment(chainId: number, file: string | undefined) {
  const deployment = file === undefined ? loadDeployment(chainId) : loadDeployment(chainId, file);
  const court = deployment.contracts.DisputeCourt?.address;
  return { ...marketAddresses(deployment, file), ...(court === undefined ? {} : { court }) };
}
