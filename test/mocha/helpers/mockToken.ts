import { createRequire } from "node:module";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import type { BaseContract, ContractTransactionResponse } from "ethers";
import type { BlockhashRandomness, JobMarket, ProviderRegistry } from "../../../sdk/src/typechain/index.js";
import { ethers } from "../fixture.js";

/**
 * A deliberately misbehaving ERC-20 for the paths the bundled token cannot reach: it can skim a fee from every
 * transfer (fee-on-transfer) and refuse transfers to chosen recipients (a blacklisting stablecoin). It lives here,
 * compiled with the npm `solc` the build already uses, because contracts/ holds production code only.
 */
const SOURCE = `// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

contract MockToken {
    string public constant name = "Mock";
    string public constant symbol = "MOCK";
    uint8 public constant decimals = 18;
    uint256 public totalSupply;
    uint256 public feeBps; // skimmed (burnt) from every transfer
    mapping(address => bool) public blocked; // transfers to these revert
    mapping(address => uint256) public balanceOf;
    mapping(address => mapping(address => uint256)) public allowance;

    event Transfer(address indexed from, address indexed to, uint256 value);
    event Approval(address indexed owner, address indexed spender, uint256 value);

    constructor(uint256 supply) {
        balanceOf[msg.sender] = supply;
        totalSupply = supply;
    }

    function setFeeBps(uint256 bps) external {
        feeBps = bps;
    }

    function setBlocked(address account, bool isBlocked) external {
        blocked[account] = isBlocked;
    }

    function approve(address spender, uint256 value) external returns (bool) {
        allowance[msg.sender][spender] = value;
        emit Approval(msg.sender, spender, value);
        return true;
    }

    function transfer(address to, uint256 value) external returns (bool) {
        _move(msg.sender, to, value);
        return true;
    }

    function transferFrom(address from, address to, uint256 value) external returns (bool) {
        allowance[from][msg.sender] -= value;
        _move(from, to, value);
        return true;
    }

    function _move(address from, address to, uint256 value) private {
        require(!blocked[to], "MockToken: blocked recipient");
        uint256 fee = (value * feeBps) / 10_000;
        balanceOf[from] -= value;
        balanceOf[to] += value - fee;
        totalSupply -= fee;
        emit Transfer(from, to, value - fee);
    }
}
`;

interface Compiled {
  abi: unknown[];
  bytecode: string;
}
let compiled: Compiled | undefined;

function compile(): Compiled {
  if (compiled) return compiled;
  const load = createRequire(import.meta.url);
  const solc = load("solc") as { compile(input: string): string };
  const input = {
    language: "Solidity",
    sources: { "MockToken.sol": { content: SOURCE } },
    settings: { evmVersion: "cancun", outputSelection: { "*": { "*": ["abi", "evm.bytecode.object"] } } },
  };
  const output = JSON.parse(solc.compile(JSON.stringify(input))) as {
    errors?: { severity: string; formattedMessage: string }[];
    contracts: Record<string, Record<string, { abi: unknown[]; evm: { bytecode: { object: string } } }>>;
  };
  const errors = (output.errors ?? []).filter((e) => e.severity === "error");
  if (errors.length) throw new Error(errors.map((e) => e.formattedMessage).join("\n"));
  const c = output.contracts["MockToken.sol"].MockToken;
  compiled = { abi: c.abi, bytecode: `0x${c.evm.bytecode.object}` };
  return compiled;
}

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
  const { abi, bytecode } = compile();
  const factory = new ethers.ContractFactory(abi as never, bytecode, deployer);
  const token = await factory.deploy(supply);
  await token.waitForDeployment();
  return token as unknown as MockToken;
}

/** The market parameters of the Ignition module's defaults, for deployments outside it. */
export const DEFAULT_PARAMETERS = {
  feeBps: 250n,
  collateralBps: 20_000n,
  minCollateral: 10n ** 18n,
  minPrice: 10n ** 15n,
  dissentSlashBps: 10_000n,
  noShowSlashBps: 2_500n,
  requesterShareBps: 5_000n,
  honestShareBps: 3_000n,
  challengeWindow: 600n,
  wideningPeriod: 60n,
};

/**
 * A whole market running on the mock token: registry (1-hour unbonding, jail after 3 faults for 1 day),
 * randomness, market (Ignition defaults), wired together. The deployer owns everything and is the treasury.
 */
export async function deployMockSystem() {
  const [deployer, requester, other, ...rest] = await ethers.getSigners();
  const token = await deployMockToken(deployer);
  const tokenAddress = await token.getAddress();
  const registry = (await ethers.deployContract("ProviderRegistry", [
    tokenAddress,
    deployer.address,
    3600n,
    3n,
    86_400n,
  ])) as unknown as ProviderRegistry;
  const randomness = (await ethers.deployContract("BlockhashRandomness", [])) as unknown as BlockhashRandomness;
  const market = (await ethers.deployContract("JobMarket", [
    tokenAddress,
    await registry.getAddress(),
    await randomness.getAddress(),
    deployer.address,
    deployer.address,
    DEFAULT_PARAMETERS,
  ])) as unknown as JobMarket;
  await registry.setMarket(await market.getAddress());
  return {
    token,
    registry,
    randomness,
    market,
    deployer,
    treasury: deployer,
    requester,
    other,
    providers: rest.slice(0, 7),
  };
}
