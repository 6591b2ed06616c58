// `npm start` will run the whole local marketplace (chain, content store, graph-node, provider nodes,
// workload generator, dashboard). Until the devnet issue lands it says so instead of pretending.
console.error(
  [
    "hashwork: the one-command local marketplace is not built yet (it lands with the devnet issue).",
    "What works today:",
    "  npm test            lint, typecheck, Solidity fuzz/invariant tests, mocha tests, gas snapshot check",
    "  npm run bench:gas   gas per step and per lifecycle with 10 / 1,000 / 10,000 providers",
    "  npx hardhat node --hostname 127.0.0.1   then   npx hardhat ignition deploy ignition/modules/Hashwork.ts --network localhost",
  ].join("\n"),
);
process.exitCode = 1;
