import {
  AbiCoder,
  HDNodeWallet,
  JsonRpcProvider,
  Network,
  NonceManager,
  Wallet,
  id,
  keccak256,
  parseEther,
  ZeroHash,
} from "ethers";
import { deploySystemAt, type HashworkParameters } from "@hashwork/harness/deploy";
import {
  BlockhashRandomness__factory,
  createBundle,
  isAuditedBySeed,
  marketAddresses,
  marketContracts,
  quoteJob,
  register,
  stake,
  submitJob,
  type BlockhashRandomness,
  type BundleLimits,
  type ContentStore,
  type HashworkToken,
  type JobMarket,
  type ProviderRegistry,
  type VerificationCourt,
} from "../../src/sdk.js";

const MNEMONIC = "test test test test test test test test test test test junk";
export const TOKEN = 10n ** 18n;
export const MFUEL = 1_000_000n;

/** Hardhat's default account `i` (funded with ETH on every hardhat node). */
export function account(i: number): Wallet {
  const hd = HDNodeWallet.fromPhrase(MNEMONIC, undefined, `m/44'/60'/0'/0/${i}`);
  return new Wallet(hd.privateKey);
}

export interface System {
  provider: JsonRpcProvider;
  token: HashworkToken;
  registry: ProviderRegistry;
  market: JobMarket;
  court: VerificationCourt;
  randomness: BlockhashRandomness;
  deployer: NonceManager;
  requester: NonceManager;
  startBlock: number;
  /** Audit decisions the tests steer (job id → audited), see `steerAudits`. */
  auditPlan: Map<bigint, boolean>;
}

/**
 * Market parameters for tests: the shortest windows the bounds allow, a 10% audit rate (above the break-even rate of
 * a 10x collateral fully slashed: 1 / 11), and a fast reference verifier (a 50 Mfuel job takes 31 s by the protocol's
 * clock).
 */
// A ring of 4 job records: every node suite that runs more than four jobs runs on recycled records. (The CLI's suites
// read their earliest jobs to the end, so they deploy the production ring, as a requester would meet it.)
export const RECORD_RING = 4;
export const PRODUCTION_RECORD_RING = 65_536;

export const TEST_PARAMS = {
  feeBps: 250n,
  auditFeeBps: 1_000n,
  auditRateBps: 1_000n,
  collateralBps: 100_000n, // 10x one replica's budget
  minFee: TOKEN / 100n,
  minCollateral: TOKEN,
  minBudget: 10n ** 15n,
  dissentSlashBps: 10_000n,
  noShowSlashBps: 2_500n,
  requesterShareBps: 5_000n,
  honestShareBps: 2_000n,
  challengerShareBps: 2_000n,
  revealPeriod: 60n, // seconds (the minimum)
  challengeWindow: 60n,
  auditDrawPeriod: 60n,
  wideningPeriod: 10n, // seconds (the minimum)
  guardianPauseDuration: 3_600n,
  fuelPerSecond: 1_000_000_000n,
};

/** Court parameters for tests: the shortest phases the bounds allow, panels of three, two rounds. */
export const TEST_COURT_PARAMS = {
  panelSize: 3,
  maxRounds: 2,
  bondBps: 40_000n, // 4x one replica's budget (a panel costs 3x)
  minBond: TOKEN,
  verifierSlashBps: 5_000n,
  drawPeriod: 60n,
  revealPeriod: 60n,
  wideningPeriod: 10n,
};

/** Tokens the deployer puts in the court's pool, so audits and panels can pay verifiers from the first job on. */
export const POOL_SEED = 100n * TOKEN;

/** TEST_PARAMS and TEST_COURT_PARAMS as the Ignition module's parameters, plus the registry's. */
function testParameters(recordRing: number): HashworkParameters {
  const court = TEST_COURT_PARAMS;
  return {
    ...TEST_PARAMS,
    // unbonding 1 h, jail after 10 faults within a day for an hour: a faulty demo node keeps working through a suite
    unbondingPeriod: 3_600n,
    jailThreshold: 10n,
    jailDuration: 3_600n,
    faultWindow: 86_400n,
    panelSize: court.panelSize,
    maxRounds: court.maxRounds,
    bondBps: court.bondBps,
    minBond: court.minBond,
    verifierSlashBps: court.verifierSlashBps,
    courtDrawPeriod: court.drawPeriod,
    courtRevealPeriod: court.revealPeriod,
    courtWideningPeriod: court.wideningPeriod,
    recordRing,
    // steerAudits plants seeds in the randomness source, so the market must read every seed from it
    inlineSeeds: false,
  };
}

/**
 * Deploys the system as production does (`deploySystem`: the Ignition module, owned by its Timelock) with the test
 * parameters, and seeds the court's pool.
 */
export async function deploySystem(url: string, recordRing = RECORD_RING): Promise<System> {
  const deployment = await deploySystemAt(url, { parameters: testParameters(recordRing), poolFunding: POOL_SEED });
  const provider = new JsonRpcProvider(url, Network.from(31337), { staticNetwork: true, pollingInterval: 200 });
  const addresses = marketAddresses(deployment);
  const { market, registry, token, court } = marketContracts(addresses, provider);
  return {
    provider,
    token,
    registry,
    market,
    court,
    randomness: BlockhashRandomness__factory.connect(deployment.contracts.BlockhashRandomness!.address, provider),
    deployer: new NonceManager(account(0).connect(provider)),
    requester: new NonceManager(account(1).connect(provider)),
    startBlock: addresses.startBlock,
    auditPlan: new Map(),
  };
}

/**
 * Providers' offer in tests: 0.00001 token per million fuel, billed at least 50 Mfuel a job (so the smallest test job,
 * 50 Mfuel, fits the minimum). Jobs are priced so that one replica's budget is 2 tokens whatever their fuel limit.
 */
export const PRICE_PER_MFUEL = 10n ** 13n;
export const MIN_MFUEL = 50;
export const BUDGET = 2n * TOKEN;
/** The max price per million fuel that makes a job of `maxFuel` worth BUDGET per replica. */
export const jobPrice = (maxFuel: bigint) => (BUDGET * MFUEL) / maxFuel;
/** A default job's fuel limit. */
export const DEFAULT_FUEL = 50n * MFUEL;

/** Funds, registers and stakes a provider (SDK actions) with the test offer (`PRICE_PER_MFUEL`, `MIN_MFUEL`). */
export async function addProvider(
  sys: System,
  wallet: Wallet,
  o: { stake?: bigint; pricePerMfuel?: bigint; minMfuel?: number; capacity?: number } = {},
): Promise<void> {
  const amount = o.stake ?? parseEther("1000");
  const signer = new NonceManager(wallet.connect(sys.provider));
  await (await sys.token.connect(sys.deployer).transfer(wallet.address, amount)).wait();
  const registry = sys.registry.connect(signer);
  await (
    await register(registry, {
      metadataURI: `ipfs://provider/${wallet.address}`,
      classes: 1,
      pricePerMfuel: o.pricePerMfuel ?? PRICE_PER_MFUEL,
      minMfuel: o.minMfuel ?? MIN_MFUEL,
      capacity: o.capacity ?? 8,
    })
  ).wait();
  await (await stake(registry, sys.token.connect(signer), { amount })).wait();
}

/**
 * Steers the audit decision of the jobs in `sys.auditPlan` (job id → audited), as a block proposer could bias it:
 * writes one seed into the randomness source's storage for the next `blocks` blocks (from the next block on, never a
 * block whose seed anyone could have fixed yet) such that every planned job still undecided gets its decision. The
 * market's audit rate is capped at 25% by the audit-fee bound, so a test that needs an audit (or needs none) cannot
 * rely on the rate alone; the decision logic itself stays the contract's. The same seed then also seeds any lottery
 * or panel triggered in those blocks, which is as valid a seed as any.
 */
export async function steerAudits(sys: System, blocks = 900): Promise<void> {
  const pending: [bigint, boolean][] = [];
  for (const [jobId, audited] of sys.auditPlan) {
    const count = await sys.market.jobCount();
    if (jobId <= count && Number((await sys.market.getJob(jobId)).audit) !== 0) continue; // decided
    pending.push([jobId, audited]);
  }
  if (pending.length === 0) return;
  let seed = "";
  for (let i = 0; ; i++) {
    seed = id(`steered-audit-seed:${i}`);
    if (pending.every(([jobId, audited]) => isAuditedBySeed(seed, jobId, TEST_PARAMS.auditRateBps) === audited)) break;
  }
  const randomness = await sys.randomness.getAddress();
  // From the next block on: a k = 1 job's commits can close a few blocks after posting.
  const from = (await sys.provider.getBlockNumber()) + 1;
  const writes = [];
  for (let b = from; b < from + blocks; b++) {
    // BlockhashRandomness keeps `mapping(uint256 triggerBlock => bytes32 seed)` in slot 0.
    const slot = keccak256(AbiCoder.defaultAbiCoder().encode(["uint256", "uint256"], [b, 0]));
    writes.push(sys.provider.send("hardhat_setStorageAt", [randomness, slot, seed]));
  }
  await Promise.all(writes);
}

export interface PostJobOptions {
  module: Uint8Array;
  input?: Uint8Array | null;
  replicas: number;
  limits?: Partial<BundleLimits>;
  /** The job's fuel limit, also the bundle's `limits.fuel` (default `limits.fuel`, else 50 Mfuel). */
  maxFuel?: bigint;
  /** Token units per million fuel (default `jobPrice(maxFuel)`: a 2-token budget per replica). */
  maxPricePerMfuel?: bigint;
  claimWindow?: number; // seconds
  commitWindow?: number;
  /** Store the module and input (default true); false makes them unavailable. */
  storeInput?: boolean;
  /** Overrides the bundle's module hash (a hostile bundle). */
  moduleHash?: string;
  /** Whether the job is audited (steered, see `steerAudits`; default false); "random" leaves it to the chain. */
  audit?: boolean | "random";
}

/**
 * Builds a bundle and posts the job with the SDK's `submitJob` (module, input and bundle uploaded, the escrow approved
 * exactly, the posting simulated, then sent), after funding the requester with exactly the escrow and steering the
 * job's audit decision. Returns its id.
 */
export async function postJob(sys: System, store: ContentStore, o: PostJobOptions): Promise<bigint> {
  const maxFuel = o.maxFuel ?? (o.limits?.fuel === undefined ? DEFAULT_FUEL : BigInt(o.limits.fuel));
  const limits = { memoryMiB: 32, maxOutputBytes: 1024 * 1024, ...o.limits, fuel: Number(maxFuel) };
  let bundle = createBundle({ module: o.module, input: o.input ?? null, limits });
  // A hostile bundle names another module than the bytes stored: submitJob refuses to upload bytes that are not the
  // bundle's, so the test stores them itself.
  if (o.moduleHash) {
    bundle = { ...bundle, module: { ...bundle.module, hash: o.moduleHash as `0x${string}` } };
    await store.put(o.module);
  }
  const client = {
    market: sys.market.connect(sys.requester),
    token: sys.token.connect(sys.requester),
    court: sys.court,
    provider: sys.provider,
    store,
  };
  // Deadlines from the chain clock (ahead of the wall clock when blocks come fast), plus slack for inclusion.
  const latest = await sys.provider.getBlock("latest");
  const claimDeadline = Math.max(latest?.timestamp ?? 0, Math.floor(Date.now() / 1000)) + 3 + (o.claimWindow ?? 60);
  const quote = await quoteJob(client, {
    bundle,
    replicas: o.replicas,
    maxPricePerMfuel: o.maxPricePerMfuel ?? jobPrice(maxFuel),
    deadlines: { claimDeadline, commitDeadline: claimDeadline + (o.commitWindow ?? 60) },
  });
  await (await sys.token.connect(sys.deployer).transfer(await sys.requester.getAddress(), quote.escrow)).wait();
  if (o.audit !== "random") {
    sys.auditPlan.set((await sys.market.jobCount()) + 1n, o.audit ?? false);
    await steerAudits(sys);
  }
  const posted = await submitJob(client, {
    bundle,
    quote,
    ...(o.moduleHash ? {} : { module: o.module }),
    // Without its input in the store the job's input is unavailable to the providers (what some tests want).
    ...(o.storeInput === false ? {} : { input: o.input }),
  });
  return posted.jobId;
}

/** The JobSettled log of a job, once there is one. */
export async function settlement(sys: System, jobId: bigint) {
  const logs = await sys.market.queryFilter(sys.market.filters.JobSettled(jobId), 0, "latest");
  const log = logs[0];
  return (
    log && {
      outcome: Number(log.args.outcome),
      result: log.args.result,
      fuelUsed: log.args.fuelUsed,
      paid: log.args.paid,
      fee: log.args.fee,
      auditFee: log.args.auditFee,
      refund: log.args.refund,
      compensation: log.args.compensation,
      slashed: log.args.slashed,
    }
  );
}

/**
 * How `provider` committed on the job so far: the commitment its `JobClaimed` carried (a job it ran before claiming;
 * ZeroHash when it claimed first) and its separate `ResultCommitted`s. `committed` once either exists.
 */
export async function commitmentsOf(sys: System, jobId: bigint, provider: string) {
  const [claim] = await sys.market.queryFilter(sys.market.filters.JobClaimed(jobId, provider), 0, "latest");
  const separate = await sys.market.queryFilter(sys.market.filters.ResultCommitted(jobId, provider), 0, "latest");
  const inClaim = claim !== undefined && claim.args.commitment !== ZeroHash ? claim.args.commitment : undefined;
  return {
    claimed: claim !== undefined,
    inClaim,
    separate: separate.length,
    committed: !!inClaim || separate.length > 0,
  };
}

/** ProviderPaid and AssignmentSlashed logs of a job, by provider address. */
export async function payouts(sys: System, jobId: bigint) {
  const paid = await sys.market.queryFilter(sys.market.filters.ProviderPaid(jobId), 0, "latest");
  const slashed = await sys.market.queryFilter(sys.market.filters.AssignmentSlashed(jobId), 0, "latest");
  return {
    paid: new Map(paid.map((l) => [l.args.provider, l.args.payment + l.args.bonus])),
    payment: new Map(paid.map((l) => [l.args.provider, l.args.payment])),
    slashed: new Map(slashed.map((l) => [l.args.provider, { amount: l.args.amount, reason: Number(l.args.reason) }])),
  };
}

/** The court's VerifierPaid and VerifierSlashed logs of a job, by verifier. */
export async function verifierPayouts(sys: System, jobId: bigint) {
  const paid = await sys.court.queryFilter(sys.court.filters.VerifierPaid(jobId), 0, "latest");
  const slashed = await sys.court.queryFilter(sys.court.filters.VerifierSlashed(jobId), 0, "latest");
  return {
    paid: new Map(
      paid.map((l) => [l.args.verifier, { pay: l.args.pay, round: Number(l.args.round), upheld: l.args.upheld }]),
    ),
    slashed: new Map(slashed.map((l) => [l.args.verifier, { amount: l.args.amount, reason: Number(l.args.reason) }])),
  };
}

/**
 * Conservation: the market holds exactly the escrow of its open (and verifying) jobs plus every claimable balance
 * (the treasury's and the court's included); the registry exactly the stake plus unbonding of every provider; the
 * court's tokens, here and in the market, exactly its pool, reserved verifier pay, open bonds and claimable balances.
 * Throws with the first mismatch.
 */
export async function checkConservation(sys: System): Promise<void> {
  const accounts = [
    ...new Set([...Array.from({ length: 20 }, (_, i) => account(i).address), await sys.market.treasury()]),
  ];
  const court = await sys.court.getAddress();
  let escrow = 0n;
  let bonds = 0n;
  const jobs = await sys.market.jobCount();
  for (let id = 1n; id <= jobs; id++) {
    const job = await sys.market.getJob(id);
    const status = Number(job.status);
    if (status === 1 || status === 5) escrow += job.replicas * job.budget + job.fee + job.auditFee; // Open, Verifying
    const v = await sys.court.getVerification(id);
    if (Number(v.status) !== 3) bonds += v.bond; // not Final
  }
  let marketClaimable = await sys.market.claimable(court);
  let courtClaimable = 0n;
  let bonded = 0n;
  let stakes = 0n;
  for (const a of accounts) {
    marketClaimable += await sys.market.claimable(a);
    courtClaimable += await sys.court.claimable(a);
    const p = await sys.registry.getFunction("provider")(a);
    stakes += p.stake;
    bonded += p.stake + p.unbonding;
    if (p.locked > p.stake) throw new Error(`locked > stake for ${a}`);
  }
  const expect = (what: string, actual: bigint, wanted: bigint) => {
    if (actual !== wanted) throw new Error(`conservation: ${what} is ${actual}, expected ${wanted}`);
  };
  expect("market balance", await sys.token.balanceOf(await sys.market.getAddress()), escrow + marketClaimable);
  const holdings = (await sys.token.balanceOf(court)) + (await sys.market.claimable(court));
  expect("court holdings", holdings, (await sys.court.pool()) + (await sys.court.reserved()) + bonds + courtClaimable);
  expect("registry balance", await sys.token.balanceOf(await sys.registry.getAddress()), bonded);
  expect("total stake", await sys.registry.totalStake(), stakes);
}

/** What a replica that revealed the winning `fuel` is paid: its fuel (at least its minimum) at its price, capped. */
export const replicaPay = (fuel: bigint) => {
  const billed = fuel > BigInt(MIN_MFUEL) * MFUEL ? fuel : BigInt(MIN_MFUEL) * MFUEL;
  const pay = (billed * PRICE_PER_MFUEL) / MFUEL;
  return pay > BUDGET ? BUDGET : pay;
};

/** What a verifier who revealed `fuel` is paid: its fuel at the job's max price per million fuel. */
export const verifierPay = (fuel: bigint, maxFuel = DEFAULT_FUEL) => (fuel * jobPrice(maxFuel)) / MFUEL;

/** The audit fee a settled job keeps: auditFeeBps of its fuel (the whole limit without a result) at its own price. */
export const auditFeeKept = (fuel: bigint, maxFuel = DEFAULT_FUEL) =>
  (((fuel * jobPrice(maxFuel)) / MFUEL) * TEST_PARAMS.auditFeeBps) / 10_000n;
