import { createRequire } from "node:module";
import hardhatToolboxMochaEthers from "@nomicfoundation/hardhat-toolbox-mocha-ethers";
import type { HardhatUserConfig } from "hardhat/config";

// Hardhat cannot download compilers on our machines; the npm `solc` package ships the
// same compiler as WASM, and Hardhat detects and runs it from this path.
const require = createRequire(import.meta.url);
const solc = { version: "0.8.28", path: require.resolve("solc/soljson.js") };
const optimizer = { enabled: true, runs: 10_000 };
const viaIR = true; // lets events carry every field an indexer needs without stack-too-deep

const config: HardhatUserConfig = {
  plugins: [hardhatToolboxMochaEthers],
  solidity: {
    profiles: {
      default: { ...solc, settings: { optimizer, viaIR, evmVersion: "cancun" } },
      production: { ...solc, settings: { optimizer, viaIR, evmVersion: "cancun" } },
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
    // In-process chain for tests and scripts.
    hardhat: { type: "edr-simulated", chainType: "l1" },
    // A `hardhat node` on loopback (the devnet); chain id 31337.
    localhost: { type: "http", chainType: "l1", url: process.env.HASHWORK_RPC_URL ?? "http://127.0.0.1:8545" },
  },
};

export default config;
