/**
 * The system's Ignition module, where Hardhat's `ignition deploy` looks for modules:
 *   npx hardhat ignition deploy ignition/modules/Hashwork.ts --network <name> --parameters ignition/parameters/<name>.json
 * It lives in @hashwork/harness beside `deploySystem`, the one deployment flow scripts/deploy.ts, the devnet, the
 * tests and the benchmarks share.
 */
export { default, HashworkOnExistingToken } from "@hashwork/harness/ignition";
