import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import type { BaseContract, ContractTransactionResponse } from "ethers";
import type { BlockhashRandomness, JobMarket, ProviderRegistry, VerificationCourt } from "@hashwork/sdk/typechain";
import { POOL_SEED, ethers } from "../fixture.js";
import { TEST_ERC20, deployInline } from "./inlineSolidity.js";

/**
 * A deliberately misbehaving ERC-20 for the paths the bundled token cannot reach: it can skim a fee from every
 * transfer (fee-on-transfer) and refuse transfers to chosen recipients (a blacklisting stablecoin). It lives here,
 * compiled with the npm `solc` the build already uses, because contracts/ holds production code only.
 */
const SOURCE = `// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;
${TEST_ERC20}
contract MockToken is TestERC20 {
    string public constant symbol = "MOCK";
    uint256 public feeBps; // skimmed (burnt) from every transfer

    constructor(uint256 supply) TestERC20(supply) {}

    function name() public pure override returns (string memory) {
        return "MockToken";
    }

    function setFeeBps(uint256 bps) external {
        feeBps = bps;
    }

    function _move(address from, address to, uint256 value) internal override {
        uint256 fee = (value * feeBps) / 10_000;
        super._move(from, to, value);
        balanceOf[to] -= fee;
        totalSupply -= fee;
        emit Transfer(to, address(0), fee);
    }
}
`;

/** The mock token's surface, typed by hand (it has no typechain binding). */
export interface MockToken extends BaseContract {
  balanceOf(account: string): Promise<bigint>;
  allowance(owner: string, spender: string): Promise<bigint>;
  transfer(to: string, value: bigint): Promise<ContractTransactionResponse>;
  approve(spender: string, value: bigint): Promise<ContractTransactionResponse>;
  setFeeBps(bps: bigint): Promise<ContractTransactionResponse>;
  setBlocked(account: string, blocked: boolean): Promise<ContractTransactionResponse>;
  connect(runner: HardhatEthersSigner): MockToken;
}

export async function deployMockToken(deployer: HardhatEthersSigner, supply = 10n ** 30n): Promise<MockToken> {
  return deployInline<MockToken>("MockToken.sol", SOURCE, "MockToken", deployer, [supply]);
}

/** The market parameters of the Ignition module's defaults, for deployments outside it. */
export const DEFAULT_PARAMETERS = {
  feeBps: 250n,
  auditFeeBps: 1_200n,
  auditRateBps: 1_000n,
  collateralBps: 150_000n,
  minFee: 10n ** 16n,
  minCollateral: 10n ** 18n,
  minBudget: 10n ** 15n,
  dissentSlashBps: 10_000n,
  noShowSlashBps: 2_500n,
  requesterShareBps: 5_000n,
  honestShareBps: 2_000n,
  challengerShareBps: 2_000n,
  revealPeriod: 600n,
  challengeWindow: 600n,
  auditDrawPeriod: 600n,
  wideningPeriod: 60n,
  guardianPauseDuration: 3n * 24n * 3600n,
  fuelPerSecond: 50_000_000n,
};

/** The court parameters of the Ignition module's defaults. */
export const DEFAULT_COURT_PARAMETERS = {
  panelSize: 3n,
  maxRounds: 2n,
  bondBps: 40_000n,
  minBond: 10n ** 18n,
  verifierSlashBps: 5_000n,
  drawPeriod: 600n,
  revealPeriod: 600n,
  wideningPeriod: 60n,
};

/** The registry policy deployContractsOn uses unless told otherwise: 1-hour unbonding, jail after 3 faults within 7 days
 * for 1 day. */
export const DEFAULT_REGISTRY_POLICY = {
  unbondingPeriod: 3600n,
  jailThreshold: 3n,
  jailDuration: 86_400n,
  faultWindow: 7n * 86_400n,
};

/** Deploys the libraries JobMarket links (`libraries` of its `deployContract`), from `deployer` (default: the first). */
export async function deployMarketLibraries(deployer?: HardhatEthersSigner) {
  return {
    MarketParameters: await (await ethers.deployContract("MarketParameters", [], deployer)).getAddress(),
    Settlement: await (await ethers.deployContract("Settlement", [], deployer)).getAddress(),
  };
}

/**
 * The protocol's contracts on any ERC-20 at `token`: randomness, the market's linked libraries, the market (which
 * creates its registry) and the court, wired together, with the given terms or the Ignition defaults (and a 1-hour
 * unbonding). The deployer owns everything and is the treasury. Ignition deploys the real system; this is for custom
 * tokens.
 */
export async function deployContractsOn(
  token: string,
  deployer: HardhatEthersSigner,
  terms: { params?: object; courtParams?: object; registryPolicy?: typeof DEFAULT_REGISTRY_POLICY } = {},
) {
  // Not readable inline, as the fixture's: flows on this system plant audit seeds in the source (forceAudit).
  const randomness = (await ethers.deployContract(
    "BlockhashRandomness",
    [false],
    deployer,
  )) as unknown as BlockhashRandomness;
  const libraries = await deployMarketLibraries(deployer);
  const market = (await ethers.deployContract(
    "JobMarket",
    [
      token,
      (await ethers.getContractFactory("ProviderRegistry")).bytecode, // the market creates its registry
      terms.registryPolicy ?? DEFAULT_REGISTRY_POLICY,
      await randomness.getAddress(),
      deployer.address,
      deployer.address,
      terms.params ?? DEFAULT_PARAMETERS,
      65_536, // record ring
    ],
    { signer: deployer, libraries },
  )) as unknown as JobMarket;
  const registry = (await ethers.getContractAt(
    "ProviderRegistry",
    await market.registry(),
  )) as unknown as ProviderRegistry;
  const court = (await ethers.deployContract(
    "VerificationCourt",
    [await market.getAddress(), deployer.address, terms.courtParams ?? DEFAULT_COURT_PARAMETERS],
    deployer,
  )) as unknown as VerificationCourt;
  await registry.connect(deployer).setCourt(await court.getAddress());
  return { registry, randomness, market, court, libraries };
}

/**
 * A whole market running on the mock token (see deployContractsOn), the court's pool seeded with POOL_SEED like the
 * fixture's (the market refuses jobs the pool could not verify).
 */
export async function deployMockSystem() {
  const [deployer, requester, other, ...rest] = await ethers.getSigners();
  const token = await deployMockToken(deployer);
  const contracts = await deployContractsOn(await token.getAddress(), deployer);
  await token.approve(await contracts.court.getAddress(), POOL_SEED);
  await contracts.court.fundPool(POOL_SEED);
  return {
    token,
    ...contracts,
    deployer,
    owner: deployer,
    treasury: deployer,
    requester,
    other,
    providers: rest.slice(0, 7),
  };
}
