import { HDNodeWallet, JsonRpcProvider, Network, NonceManager, Wallet, parseEther } from "ethers";
import {
  BlockhashRandomness__factory,
  DisputeCourt__factory,
  HashworkToken__factory,
  JobMarket__factory,
  ProviderRegistry__factory,
  canonicalBundleBytes,
  createBundle,
  bundleHash,
  register,
  stake,
  type BundleLimits,
  type ContentStore,
  type DisputeCourt,
  type HashworkToken,
  type JobMarket,
  type ProviderRegistry,
} from "../../src/sdk.js";

const MNEMONIC = "test test test test test test test test test test test junk";

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
  court: DisputeCourt;
  deployer: NonceManager;
  requester: NonceManager;
  startBlock: number;
}

/** Market parameters for tests: the shortest windows the bounds allow. */
export const TEST_PARAMS = {
  feeBps: 250n,
  collateralBps: 20_000n,
  minCollateral: parseEther("1"),
  minPrice: 10n ** 15n,
  dissentSlashBps: 10_000n,
  noShowSlashBps: 2_500n,
  requesterShareBps: 5_000n,
  honestShareBps: 3_000n,
  challengeWindow: 60n, // seconds (the minimum)
  wideningPeriod: 10n, // seconds (the minimum)
};

/** Dispute court parameters for tests: the shortest phases the bounds allow, Ignition's money splits. */
export const TEST_COURT_PARAMS = {
  bondBps: 10_000n, // the bond is the job's max price...
  minBond: parseEther("1"), // ...and at least 1 token
  verifiers: 3n,
  providerSlashBps: 10_000n,
  verifierSlashBps: 2_500n,
  requesterShareBps: 4_000n,
  challengerShareBps: 2_000n,
  verifierShareBps: 3_000n,
  drawPeriod: 60n, // seconds (the minimum)
  commitPeriod: 60n,
  revealPeriod: 60n,
  wideningPeriod: 10n, // seconds (the minimum)
};

/** Deploys token, registry, randomness, market and dispute court with the SDK's typechain factories. */
export async function deploySystem(url: string): Promise<System> {
  const provider = new JsonRpcProvider(url, Network.from(31337), { staticNetwork: true, pollingInterval: 200 });
  const deployer = new NonceManager(account(0).connect(provider));
  const requester = new NonceManager(account(1).connect(provider));
  const startBlock = await provider.getBlockNumber();
  const deployerAddress = await deployer.getAddress();
  const token = await new HashworkToken__factory(deployer).deploy(deployerAddress, parseEther("1000000000"));
  await token.waitForDeployment();
  const registry = await new ProviderRegistry__factory(deployer).deploy(token, deployerAddress, 3600n, 3n, 3600n);
  await registry.waitForDeployment();
  const randomness = await new BlockhashRandomness__factory(deployer).deploy();
  await randomness.waitForDeployment();
  const market = await new JobMarket__factory(deployer).deploy(
    token,
    registry,
    randomness,
    deployerAddress,
    deployerAddress,
    TEST_PARAMS,
  );
  await market.waitForDeployment();
  await (await registry.setMarket(market)).wait();
  const court = await new DisputeCourt__factory(deployer).deploy(market, deployerAddress, TEST_COURT_PARAMS);
  await court.waitForDeployment();
  await (await registry.setDisputeCourt(court)).wait();
  return { provider, token, registry, market, court, deployer, requester, startBlock };
}

/** Funds, registers and stakes a provider (SDK actions). */
export async function addProvider(
  sys: System,
  wallet: Wallet,
  o: { stake?: bigint; price?: bigint; capacity?: number } = {},
): Promise<void> {
  const amount = o.stake ?? parseEther("1000");
  const signer = new NonceManager(wallet.connect(sys.provider));
  await (await sys.token.connect(sys.deployer).transfer(wallet.address, amount)).wait();
  const registry = sys.registry.connect(signer);
  await (
    await register(registry, {
      metadataURI: `ipfs://provider/${wallet.address}`,
      classes: 1,
      price: o.price ?? parseEther("1"),
      capacity: o.capacity ?? 8,
    })
  ).wait();
  await (await stake(registry, sys.token.connect(signer), { amount })).wait();
}

export interface PostJobOptions {
  module: Uint8Array;
  input?: Uint8Array | null;
  replicas: number;
  limits?: Partial<BundleLimits>;
  claimWindow?: number; // seconds
  commitWindow?: number;
  revealWindow?: number;
  maxPrice?: bigint;
  /** Store the module and input (default true); false makes them unavailable. */
  storeInput?: boolean;
  /** Overrides the bundle's module hash (a hostile bundle). */
  moduleHash?: string;
}

/** Builds a bundle, stores it with its module and input, and posts the job. Returns its id. */
export async function postJob(sys: System, store: ContentStore, o: PostJobOptions): Promise<bigint> {
  const limits = { memoryMiB: 32, fuel: 100_000_000, maxOutputBytes: 1024 * 1024, ...o.limits };
  let bundle = createBundle({ module: o.module, input: o.input ?? null, limits });
  if (o.moduleHash) bundle = { ...bundle, module: { ...bundle.module, hash: o.moduleHash as `0x${string}` } };
  await store.put(o.module);
  if (o.input && o.storeInput !== false) await store.put(o.input);
  const { cid } = await store.put(canonicalBundleBytes(bundle));
  const maxPrice = o.maxPrice ?? parseEther("2");
  const market = sys.market.connect(sys.requester);
  await (
    await sys.token.connect(sys.deployer).transfer(await sys.requester.getAddress(), maxPrice * BigInt(o.replicas))
  ).wait();
  await (
    await sys.token.connect(sys.requester).approve(await sys.market.getAddress(), maxPrice * BigInt(o.replicas))
  ).wait();
  // Deadlines from the chain clock (ahead of the wall clock when blocks come fast), plus slack for inclusion.
  const latest = await sys.provider.getBlock("latest");
  const now = BigInt(Math.max(latest?.timestamp ?? 0, Math.floor(Date.now() / 1000)) + 3);
  const claimDeadline = now + BigInt(o.claimWindow ?? 60);
  const commitDeadline = claimDeadline + BigInt(o.commitWindow ?? 60);
  const revealDeadline = o.replicas === 1 ? 0n : commitDeadline + BigInt(o.revealWindow ?? 60);
  const receipt = await (
    await market.postJob({
      resourceClass: 0,
      replicas: o.replicas,
      maxPrice,
      minReputation: 0,
      claimDeadline,
      commitDeadline,
      revealDeadline,
      bundleHash: bundleHash(bundle),
      bundleURI: `ipfs://${cid}`,
    })
  ).wait();
  for (const log of receipt?.logs ?? []) {
    const parsed = sys.market.interface.parseLog(log);
    if (parsed?.name === "JobPosted") return parsed.args.jobId as bigint;
  }
  throw new Error("JobPosted not found");
}

/** The JobSettled log of a job, once there is one. */
export async function settlement(sys: System, jobId: bigint) {
  const logs = await sys.market.queryFilter(sys.market.filters.JobSettled(jobId), 0, "latest");
  const log = logs[0];
  return (
    log && {
      outcome: Number(log.args.outcome),
      resultHash: log.args.resultHash,
      refund: log.args.refund,
      paid: log.args.paid,
      slashed: log.args.slashed,
    }
  );
}

/** ProviderPaid and AssignmentSlashed logs of a job, by provider address. */
export async function payouts(sys: System, jobId: bigint) {
  const paid = await sys.market.queryFilter(sys.market.filters.ProviderPaid(jobId), 0, "latest");
  const slashed = await sys.market.queryFilter(sys.market.filters.AssignmentSlashed(jobId), 0, "latest");
  return {
    paid: new Map(paid.map((l) => [l.args.provider, l.args.payment + l.args.bonus])),
    slashed: new Map(slashed.map((l) => [l.args.provider, { amount: l.args.amount, reason: Number(l.args.reason) }])),
  };
}
