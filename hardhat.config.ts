import { createRequire } from "node:module";
import hardhatToolboxMochaEthers from "@nomicfoundation/hardhat-toolbox-mocha-ethers";
import { configVariable, type HardhatUserConfig } from "hardhat/config";

// Hardhat cannot download compilers on our machines; the npm `solc` package ships the
// same compiler as WASM, and Hardhat detects and runs it from this path.
const require = createRequire(import.meta.url);
const solc = { version: "0.8.28", path: require.resolve("solc/soljson.js") };
const optimizer = { enabled: true, runs: 10_000 };
const viaIR = true; // lets events carry every field an indexer needs without stack-too-deep
// The market and the court sit near the 24 KiB contract size limit (EIP-170); fewer optimizer runs keep them under it
// at a small gas cost per call.
const sizeBound = (runs: number) => ({
  ...solc,
  settings: { optimizer: { enabled: true, runs }, viaIR, evmVersion: "cancun" },
});
const overrides = { "contracts/JobMarket.sol": sizeBound(200), "contracts/VerificationCourt.sol": sizeBound(200) };

/** An HTTP network whose URL is `<PREFIX>_RPC_URL` and whose one account is `HASHWORK_DEPLOYER_KEY`. */
function publicNetwork(name: string, prefix: string) {
  const accounts = [configVariable("HASHWORK_DEPLOYER_KEY")];
  return { [name]: { type: "http" as const, url: configVariable(`${prefix}_RPC_URL`), accounts } };
}

const config: HardhatUserConfig = {
  plugins: [hardhatToolboxMochaEthers],
  solidity: {
    profiles: {
      default: { compilers: [{ ...solc, settings: { optimizer, viaIR, evmVersion: "cancun" } }], overrides },
      production: { compilers: [{ ...solc, settings: { optimizer, viaIR, evmVersion: "cancun" } }], overrides },
    },
  },
  // sdk/ owns the contract bindings; everything else imports them from there.
  // The SDK generates its contract bindings from its own ABIs (sdk/abis, `npm run build -w @hashwork/sdk`), so none here.
  typechain: { dontOverrideCompile: true },
  paths: {
    tests: { mocha: "test/mocha", solidity: "test/solidity" },
  },
  test: {
    solidity: {
      fuzz: { runs: 256 }, // every fuzz test at 256 runs: about 6 s
      // The invariant handler (test/solidity/invariant) makes valid calls only and checks each call's postconditions,
      // so a revert means a protocol bug or a wrong model: failOnRevert reports it instead of hiding it. Every call is
      // a new 12-second block and does real work (an action with nothing to do advances some live job by its next
      // step, or time to the next deadline), so a 400-call run posts ~35 jobs. After each run, afterInvariant finishes
      // its live jobs, has an honest job posted and completed, and asserts the run paid out through settle, audited,
      // resolved panels and settled challenges. A run whose random calls never settled a sealed k = 1 answer or a
      // challenge gets one more honest job driven down that path; a run that misses any other path fails, and
      // shrinking that failure takes ~10 minutes (the fewest seen are in Protocol.invariant.t.sol). 4 invariants x 16
      // runs x (400 calls + a finish of at most ~50): about 80 s of CPU, under 2 minutes on 2 busy shared cores.
      invariant: { runs: 16, depth: 400, failOnRevert: true },
    },
  },
  networks: {
    // In-process chain for tests and scripts (the "default" network is the same kind).
    hardhat: { type: "edr-simulated", chainType: "l1" },
    // The economics simulation's population needs more than the default 20 accounts.
    simulation: { type: "edr-simulated", chainType: "l1", accounts: { count: 40 } },
    // A `hardhat node` on loopback (the devnet); chain id 31337.
    localhost: { type: "http", chainType: "l1", url: process.env.HASHWORK_RPC_URL ?? "http://127.0.0.1:8545" },
    // Public networks (README, "Deploy to a public network"): the RPC URL and the deployer's key come from the
    // environment (or Hardhat's keystore), read only when the network is used.
    ...publicNetwork("sepolia", "SEPOLIA"), // an L1 testnet, paying in the bundled token
    ...publicNetwork("base-sepolia", "BASE_SEPOLIA"), // an L2 testnet, paying in an existing ERC-20 (USDC)
  },
};

export default config;
