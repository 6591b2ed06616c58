// Every default of the node's configuration, in one place. Units are in the field names or comments.
export const DEFAULTS = {
  rpcUrls: ["http://127.0.0.1:8545"],
  keystore: "keystore.json", // relative to the config file
  dataDir: "data", // relative to the config file
  contentStore: { url: "http://127.0.0.1:5001", timeoutMs: 30_000 },
  chain: {
    confirmations: 2, // blocks
    pollIntervalMs: 1_000,
    logChunkSize: 2_000, // blocks
    reorgDepth: 128, // blocks
    rpcTimeoutMs: 10_000,
  },
  provider: { classes: [0], maxConcurrent: 2 },
  limits: {
    memoryMiB: 512,
    fuel: 1_000_000_000_000, // fuel units: a few minutes of compute on a typical core
    maxOutputBytes: 64 * 1024 * 1024,
    maxModuleBytes: 64 * 1024 * 1024,
    maxInputBytes: 256 * 1024 * 1024,
  },
  // fuelPerSecond: this machine's speed in the sandbox; measured at boot (measureFuelRate) when unset.
  jobs: { safetyMarginSec: 20, settle: true, fuelPerSecond: undefined as number | undefined },
  tx: {
    gasLimitMultiplierPct: 130,
    maxFeePerGasGwei: 500,
    priorityFeeGwei: undefined as number | undefined,
    replaceAfterMs: 30_000,
    feeBumpPct: 20,
    pollIntervalMs: 500,
  },
  earnings: { withdrawThreshold: "10000000000000000000", checkIntervalMs: 60_000 }, // 10 tokens
  http: { host: "127.0.0.1", port: 9464 },
  shutdownGraceMs: 20_000,
  log: { level: "info" as const },
  faulty: false,
};
