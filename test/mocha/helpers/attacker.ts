import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import type { BaseContract, ContractTransactionResponse, Interface } from "ethers";
import type { BlockhashRandomness, JobMarket, ProviderRegistry } from "../../../sdk/src/typechain/index.js";
import { ethers } from "../fixture.js";
import { TEST_ERC20, deployInline } from "./inlineSolidity.js";
import { DEFAULT_PARAMETERS } from "./mockToken.js";

/**
 * Malicious contracts for the adversarial suite, compiled at test time with the npm `solc` (contracts/ holds
 * production code only; see helpers/mockToken.ts for the same pattern).
 *
 * - `HookToken`: an ERC-20 that hands control to a hook contract after every balance change, like an ERC-777
 *   token calling its holders' hooks, or simply a malicious token. It can also refuse transfers to chosen
 *   recipients.
 * - `Attacker`: a contract account that takes part in the market (requester, provider) through `exec`, and
 *   when called back by the token re-enters the market and the registry with a programmed list of calls. It
 *   records each re-entry's outcome and never reverts from the hook (unless told to refuse tokens), so the outer
 *   operation completes and the test can check that the re-entry gained nothing.
 */
const SOURCE = `// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;
${TEST_ERC20}

interface ITokenHook {
    function onTokenTransfer(address from, address to, uint256 value) external;
}

contract HookToken is TestERC20 {
    string public constant symbol = "HOOK";
    address public hook; // called after every balance change

    constructor(uint256 supply) TestERC20(supply) {}

    function name() public pure override returns (string memory) {
        return "HookToken";
    }

    function setHook(address hook_) external {
        hook = hook_;
    }

    function _move(address from, address to, uint256 value) internal override {
        super._move(from, to, value);
        if (hook != address(0)) ITokenHook(hook).onTokenTransfer(from, to, value);
    }
}

contract Attacker is ITokenHook {
    address public immutable owner;
    address public trigger; // the hook fires on transfers from or to this address; zero: on every transfer
    bool public armed; // one round of re-entry per arming
    bool public refuseTokens; // revert when receiving tokens: a recipient that cannot be paid
    address[] private _targets;
    bytes[] private _calls;
    bool[] public reentryOk;
    bytes[] public reentryReturn;

    constructor() {
        owner = msg.sender;
    }

    /// Acts as a market participant: any call, reverting with the callee's reason.
    function exec(address target, bytes calldata data) external returns (bytes memory ret) {
        require(msg.sender == owner, "Attacker: not owner");
        bool ok;
        (ok, ret) = target.call(data);
        if (!ok) {
            assembly {
                revert(add(ret, 32), mload(ret))
            }
        }
    }

    /// Programs the calls to make from inside the next hooked transfer.
    function arm(address trigger_, address[] calldata targets, bytes[] calldata calls) external {
        require(msg.sender == owner, "Attacker: not owner");
        trigger = trigger_;
        delete _targets;
        delete _calls;
        for (uint256 i; i < targets.length; ++i) {
            _targets.push(targets[i]);
            _calls.push(calls[i]);
        }
        delete reentryOk;
        delete reentryReturn;
        armed = true;
    }

    function setRefuseTokens(bool refuse) external {
        require(msg.sender == owner, "Attacker: not owner");
        refuseTokens = refuse;
    }

    function reentries() external view returns (uint256) {
        return reentryOk.length;
    }

    function onTokenTransfer(address from, address to, uint256) external {
        if (refuseTokens && to == address(this)) revert("Attacker: refuses tokens");
        if (!armed || (trigger != address(0) && from != trigger && to != trigger)) return;
        armed = false;
        for (uint256 i; i < _targets.length; ++i) {
            (bool ok, bytes memory ret) = _targets[i].call(_calls[i]);
            reentryOk.push(ok);
            reentryReturn.push(ret);
        }
    }
}
`;

/** The hook token's surface, typed by hand (it has no typechain binding). */
export interface HookToken extends BaseContract {
  balanceOf(account: string): Promise<bigint>;
  transfer(to: string, value: bigint): Promise<ContractTransactionResponse>;
  approve(spender: string, value: bigint): Promise<ContractTransactionResponse>;
  setHook(hook: string): Promise<ContractTransactionResponse>;
  setBlocked(account: string, blocked: boolean): Promise<ContractTransactionResponse>;
  connect(runner: HardhatEthersSigner): HookToken;
}

/** The attacker contract's surface. */
export interface Attacker extends BaseContract {
  exec(target: string, data: string): Promise<ContractTransactionResponse>;
  arm(trigger: string, targets: string[], calls: string[]): Promise<ContractTransactionResponse>;
  setRefuseTokens(refuse: boolean): Promise<ContractTransactionResponse>;
  reentries(): Promise<bigint>;
  reentryOk(i: number): Promise<boolean>;
  reentryReturn(i: number): Promise<string>;
  connect(runner: HardhatEthersSigner): Attacker;
}

const deploy = <T>(name: "HookToken" | "Attacker", deployer: HardhatEthersSigner, args: unknown[]) =>
  deployInline<T>("Attacker.sol", SOURCE, name, deployer, args);

export const deployAttacker = (deployer: HardhatEthersSigner) => deploy<Attacker>("Attacker", deployer, []);

/**
 * A whole market on the hook token (registry with a 1-hour unbonding, jail after 3 faults for a day; market with
 * the Ignition defaults), plus an attacker contract owned by `attackerOwner` and installed as the token's hook.
 */
export async function deployHookSystem() {
  const [deployer, requester, other, ...rest] = await ethers.getSigners();
  const token = await deploy<HookToken>("HookToken", deployer, [10n ** 30n]);
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
  const attackerOwner = rest[7];
  const attacker = await deployAttacker(attackerOwner);
  await token.setHook(await attacker.getAddress());
  return {
    token,
    registry,
    randomness,
    market,
    attacker,
    attackerOwner,
    deployer,
    treasury: deployer,
    requester,
    other,
    providers: rest.slice(0, 7),
  };
}
export type HookSystem = Awaited<ReturnType<typeof deployHookSystem>>;

/** The 4-byte selector of `ReentrancyGuardReentrantCall()` (OpenZeppelin's guard). */
export const REENTRANT_CALL = ethers.id("ReentrancyGuardReentrantCall()").slice(0, 10);

/** Calldata of `contract.f(...args)`. */
export const call = (contract: { interface: unknown }, f: string, args: unknown[] = []) =>
  (contract.interface as Interface).encodeFunctionData(f, args);

/** Runs `data` on `target` as the attacker contract. */
export async function asAttacker(
  sys: { attacker: Attacker; attackerOwner: HardhatEthersSigner },
  target: { getAddress(): Promise<string> },
  data: string,
) {
  return sys.attacker.connect(sys.attackerOwner).exec(await target.getAddress(), data);
}
