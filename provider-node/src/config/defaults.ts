// Every default of the node's configuration, in one place. Units are in the field names or comments.
export const DEFAULTS = {
  rpcUrls: ["http://127.0.0.1:8545"],
  keystore: "keystore.json", // relative to the config file
  dataDir: "data", // relative to the config file
  // cacheMaxBytes: 10 GiB, a small share of a provider machine's disk that still holds some 30 jobs at the largest
  // module and input the default limits accept (320 MiB); a node re-fetches what it evicted if it needs it again.
  contentStore: { url: "http://127.0.0.1:5001", timeoutMs: 30_000, cacheMaxBytes: 10 * 2 ** 30 },
  chain: {
    confirmations: 2, // blocks
    pollIntervalMs: 1_000,
    logChunkSize: 2_000, // blocks
    reorgDepth: 128, // blocks
    rpcTimeoutMs: 10_000,
  },
  // fuelPerSecond: this machine's sandbox speed. Unset: measured at boot with the SDK's measureFuelRate() (about a
  // second; the slowest of its calibration jobs). A node claims only slots and seats whose whole fuel limit it can burn
  // at this rate before the commit deadline.
  // maxConcurrent: executions at once; unset, one per core within half the memory (validate.ts machineConcurrency).
  // maxQueued: claimed slots and seats waiting for an executor; unset, queuedPerExecutor per executor. A node claims
  // more only while everything it owes still finishes before its commit deadline (draw/eligibility.ts checkTime).
  provider: {
    classes: [0],
    maxConcurrent: undefined as number | undefined,
    maxQueued: undefined as number | undefined,
    queuedPerExecutor: 4,
    fuelPerSecond: undefined as number | undefined,
  },
  limits: {
    memoryMiB: 512,
    fuel: 1_000_000_000_000, // fuel units: the largest fuel limit a bundle may ask for
    maxOutputBytes: 64 * 1024 * 1024,
    maxModuleBytes: 64 * 1024 * 1024,
    maxInputBytes: 256 * 1024 * 1024,
  },
  // keepOutputsSec: a day, far beyond any reorg depth; nothing reads a final job's output file (the requester downloads
  // it from the content store), it is kept for an operator's inspection only.
  // settleBatchMax/settleWaitSec: jobs due for settlement together go out in one settleMany (up to 8); waiting for
  // company is the operator's choice (0: none), as it delays the node's pay.
  jobs: {
    safetyMarginSec: 20,
    runFirstMaxSec: 10,
    settle: true,
    settleBatchMax: 8,
    settleWaitSec: 0,
    keepOutputsSec: 86_400,
  },
  // Watcher mode (off by default): re-execute a deterministic sample of jobs and challenge a wrong agreed result.
  // sampleRate: share of jobs checked, 0..1; maxBondTokens: whole tokens (at the token's decimals) bonded at once.
  watcher: { sampleRate: 0, maxBondTokens: "100" },
  tx: {
    gasLimitMultiplierPct: 130,
    maxFeePerGasGwei: 500,
    priorityFeeGwei: undefined as number | undefined,
    replaceAfterMs: 30_000,
    feeBumpPct: 20,
    pollIntervalMs: 500,
  },
  // withdrawThreshold (token units) is unset by default: 10 whole tokens at the token's decimals (amounts.ts).
  earnings: { checkIntervalMs: 60_000 },
  http: { host: "127.0.0.1", port: 9464 },
  shutdownGraceMs: 20_000,
  log: { level: "info" as const },
  faulty: false,
};
