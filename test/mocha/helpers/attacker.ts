import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import type { BaseContract, ContractTransactionResponse, Interface } from "ethers";
import { POOL_SEED, currentCourtParameters, currentParameters, deploySystem, ethers } from "../fixture.js";
import { TEST_ERC20, deployInline } from "./inlineSolidity.js";
import { deployContractsOn } from "./mockToken.js";

/**
 * Malicious contracts for the adversarial suite, compiled at test time with the npm `solc` (contracts/ holds
 * production code only).
 *
 * - `HookToken`: an ERC-20 that hands control to a hook contract after every balance change, like an ERC-777
 *   token calling its holders' hooks, or simply a malicious token. It can also refuse transfers to chosen
 *   recipients (a blacklisting stablecoin), and with no hook set it is a plain token with a large supply.
 * - `Attacker`: a contract account that takes part in the market (requester, provider, verifier, challenger)
 *   through `exec`, or through `execBatch` to do several things in one transaction (stake and trigger a draw in
 *   the same block); when called back by the token it re-enters the market, the court and the registry with a
 *   programmed list of calls. It records each re-entry's outcome and never reverts from the hook (unless told to
 *   refuse tokens), so the outer operation completes and the test can check that the re-entry gained nothing. An
 *   `Attacker` can own another (a second account driven from the first, in the same transaction).
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

    /// @param owner_ who may drive this account (zero: the deployer)
    constructor(address owner_) {
        owner = owner_ == address(0) ? msg.sender : owner_;
    }

    /// Acts as a market participant: any call, reverting with the callee's reason.
    function exec(address target, bytes calldata data) public returns (bytes memory ret) {
        require(msg.sender == owner, "Attacker: not owner");
        bool ok;
        (ok, ret) = target.call(data);
        if (!ok) {
            assembly {
                revert(add(ret, 32), mload(ret))
            }
        }
    }

    /// Several calls in one transaction, in order; reverts with the first failing callee's reason.
    function execBatch(address[] calldata targets, bytes[] calldata calls) external {
        for (uint256 i; i < targets.length; ++i) exec(targets[i], calls[i]);
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
  execBatch(targets: string[], calls: string[]): Promise<ContractTransactionResponse>;
  arm(trigger: string, targets: string[], calls: string[]): Promise<ContractTransactionResponse>;
  setRefuseTokens(refuse: boolean): Promise<ContractTransactionResponse>;
  reentries(): Promise<bigint>;
  reentryOk(i: number): Promise<boolean>;
  reentryReturn(i: number): Promise<string>;
  connect(runner: HardhatEthersSigner): Attacker;
}

const deploy = <T>(name: "HookToken" | "Attacker", deployer: HardhatEthersSigner, args: unknown[]) =>
  deployInline<T>("Attacker.sol", SOURCE, name, deployer, args);

/** An attacker contract driven by `owner` (an EOA, or another attacker contract's address). */
export const deployAttacker = (deployer: HardhatEthersSigner, owner = ethers.ZeroAddress) =>
  deploy<Attacker>("Attacker", deployer, [owner]);

/**
 * The whole protocol (registry, randomness, market with its linked libraries, court) on `token`, with the Ignition
 * module's parameters (read from a reference deployment, so they never drift) except a 1-hour unbonding period.
 * The deployer owns everything and is the treasury; the court's pool is seeded with POOL_SEED like the fixture's.
 */
export async function deployOnToken(token: HookToken) {
  const reference = await deploySystem();
  const params = await currentParameters(reference.market);
  const courtParams = await currentCourtParameters(reference.court);
  const [deployer, requester, other, ...rest] = await ethers.getSigners();
  const { registry, randomness, market, court } = await deployContractsOn(await token.getAddress(), deployer, {
    params,
    courtParams,
    registryPolicy: {
      unbondingPeriod: 3600n,
      jailThreshold: await reference.registry.jailThreshold(),
      jailDuration: await reference.registry.jailDuration(),
      faultWindow: await reference.registry.faultWindow(),
    },
  });
  await token.approve(await court.getAddress(), POOL_SEED);
  await court.fundPool(POOL_SEED);
  return {
    token,
    registry,
    randomness,
    market,
    court,
    deployer,
    owner: deployer,
    treasury: deployer,
    requester,
    other,
    providers: rest.slice(0, 7),
    verifiers: rest.slice(7, 14),
  };
}

/**
 * The protocol on the hook token, plus an attacker contract owned by `attackerOwner` (signer 17, outside the
 * providers and verifiers) and installed as the token's hook. The supply (1e30) exceeds seven maximal stakes.
 */
export async function deployHookSystem() {
  const [deployer] = await ethers.getSigners();
  const token = await deploy<HookToken>("HookToken", deployer, [10n ** 30n]);
  const sys = await deployOnToken(token);
  const attackerOwner = (await ethers.getSigners())[17]!;
  const attacker = await deployAttacker(attackerOwner);
  await token.setHook(await attacker.getAddress());
  return { ...sys, attacker, attackerOwner };
}
export type HookSystem = Awaited<ReturnType<typeof deployHookSystem>>;

/**
 * The protocol on the hook token with no hook: a plain token whose transfers to chosen recipients can be refused, with
 * a supply (token units) large enough for stakes at the uint96 bound.
 */
export async function deployBlockingSystem(supply = 10n ** 30n) {
  const [deployer] = await ethers.getSigners();
  return await deployOnToken(await deploy<HookToken>("HookToken", deployer, [supply]));
}

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
