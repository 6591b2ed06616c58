/**
 * The simulation's world: the real contracts deployed by the Ignition module on an in-process chain, a population of
 * staked providers, funded requesters and challengers, and what each account owns in the system.
 */
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { network } from "hardhat";
import { deploySystem } from "@hashwork/harness/deploy";
import {
  BlockhashRandomness__factory,
  HashworkToken__factory,
  JobMarket__factory,
  ProviderRegistry__factory,
  VerificationCourt__factory,
} from "@hashwork/sdk/typechain";
import type { Actor, Strategy } from "./strategies.js";

export const TOKEN = 10n ** 18n;
export const MFUEL = 1_000_000n;

export interface WorldOptions {
  /** Strategy, number of accounts, stake of each (token units). */
  population: [Strategy, number, bigint][];
  /** Ignition parameter overrides of the Hashwork module. */
  overrides: Record<string, bigint>;
  /** What each provider asks, token units per million fuel. */
  pricePerMfuel: bigint;
  /** Seeded into the court's pool at deployment. */
  poolSeed: bigint;
}

export type World = Awaited<ReturnType<typeof createWorld>>;

export async function createWorld(o: WorldOptions) {
  const conn = await network.create("simulation");
  const { ethers, networkHelpers } = conn;
  const signers = await ethers.getSigners();
  const [deployer, requester, withholder, watcher, alt, renterChallenger] = signers;
  await networkHelpers.setNextBlockBaseFeePerGas(1n);
  const { contracts: c } = await deploySystem(conn, { parameters: o.overrides, poolFunding: o.poolSeed });
  const token = HashworkToken__factory.connect(c.HashworkToken!.address, deployer);
  const registry = ProviderRegistry__factory.connect(c.ProviderRegistry!.address, deployer);
  const market = JobMarket__factory.connect(c.JobMarket!.address, deployer);
  const court = VerificationCourt__factory.connect(c.VerificationCourt!.address, deployer);
  const randomness = BlockhashRandomness__factory.connect(c.BlockhashRandomness!.address, deployer);
  const marketAddress = c.JobMarket!.address;
  const courtAddress = c.VerificationCourt!.address;

  const actors: Actor[] = [];
  let next = 6;
  for (const [strategy, count, stake] of o.population) {
    for (let i = 0; i < count; i++) {
      const signer = signers[next++];
      if (signer === undefined) throw new Error("not enough accounts for the population");
      await token.connect(deployer).transfer(signer.address, stake);
      await token.connect(signer).approve(await registry.getAddress(), stake);
      await registry.connect(signer).register("ipfs://sim", 1, o.pricePerMfuel, 0, 16);
      await registry.connect(signer).stake(stake);
      actors.push({ signer, strategy });
    }
  }
  // Requesters and challengers hold plenty; what they spend is measured from balances.
  for (const s of [requester, withholder, watcher, alt, renterChallenger]) {
    await token.connect(deployer).transfer(s!.address, 1_000_000n * TOKEN);
    await token.connect(s!).approve(marketAddress, 1_000_000n * TOKEN);
    await token.connect(s!).approve(courtAddress, 1_000_000n * TOKEN);
  }
  const params = await market.parameters();
  const courtParams = await court.parameters();

  /** What `account` owns in the system: tokens in hand, stake and unbonding, claimable on both contracts. */
  async function worth(account: string): Promise<bigint> {
    const p = await registry.getFunction("provider")(account);
    return (
      (await token.balanceOf(account)) +
      p.stake +
      p.unbonding +
      (await market.claimable(account)) +
      (await court.claimable(account))
    );
  }

  return {
    ethers,
    networkHelpers,
    token,
    registry,
    market,
    court,
    randomness,
    params,
    courtParams,
    deployer: deployer!,
    requester: requester!,
    withholder: withholder!,
    watcher: watcher!,
    alt: alt!,
    renterChallenger: renterChallenger!,
    actors,
    worth,
  };
}

export type Signer = HardhatEthersSigner;
