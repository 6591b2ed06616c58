import { createRequire } from "node:module";
import hardhatToolboxMochaEthers from "@nomicfoundation/hardhat-toolbox-mocha-ethers";
import type { HardhatUserConfig } from "hardhat/config";

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

const config: HardhatUserConfig = {
  plugins: [hardhatToolboxMochaEthers],
  solidity: {
    profiles: {
      default: { compilers: [{ ...solc, settings: { optimizer, viaIR, evmVersion: "cancun" } }], overrides },
      production: { compilers: [{ ...solc, settings: { optimizer, viaIR, evmVersion: "cancun" } }], overrides },
    },
  },
  // sdk/ owns the contract bindings; everything else imports them from there.
  typechain: { outDir: "sdk/src/typechain" },
  paths: {
    tests: { mocha: "test/mocha", solidity: "test/solidity" },
  },
  test: {
    solidity: {
      fuzz: { runs: 256 },
      // Deep rather than many runs: a job's lifecycle (post, claims, results, deadlines, settle) spans about
      // 100 handler calls, so depth 40 almost never settled one. 7 invariants x 32 x 300 calls: ~35 s on 2 cores.
      invariant: { runs: 32, depth: 300, failOnRevert: false },
    },
  },
  networks: {
    // In-process chain for tests and scripts (the "default" network is the same kind).
    hardhat: { type: "edr-simulated", chainType: "l1" },
    // The economics simulation's population needs more than the default 20 accounts.
    simulation: { type: "edr-simulated", chainType: "l1", accounts: { count: 40 } },
    // A `hardhat node` on loopback (the devnet); chain id 31337.
    localhost: { type: "http", chainType: "l1", url: process.env.HASHWORK_RPC_URL ?? "http://127.0.0.1:8545" },
  },
};

export default config;
