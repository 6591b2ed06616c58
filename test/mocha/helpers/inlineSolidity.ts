import { createRequire } from "node:module";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { ethers } from "../fixture.js";

/**
 * Test-only contracts (misbehaving tokens, attackers) are compiled at test time with the npm `solc` the build
 * already uses: contracts/ holds production code only.
 */
interface Artifact {
  abi: unknown[];
  bytecode: string;
}

/**
 * A plain ERC-20 for test tokens to extend: `_move` is the one place balances change, so a token overrides it
 * to skim fees or call hooks. Transfers to `blocked` accounts revert with "<name>: blocked recipient".
 */
export const TEST_ERC20 = `
abstract contract TestERC20 {
    uint8 public constant decimals = 18;
    uint256 public totalSupply;
    mapping(address => bool) public blocked; // transfers to these revert
    mapping(address => uint256) public balanceOf;
    mapping(address => mapping(address => uint256)) public allowance;

    event Transfer(address indexed from, address indexed to, uint256 value);
    event Approval(address indexed owner, address indexed spender, uint256 value);

    constructor(uint256 supply) {
        balanceOf[msg.sender] = supply;
        totalSupply = supply;
    }

    function name() public pure virtual returns (string memory);

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

    function _move(address from, address to, uint256 value) internal virtual {
        require(!blocked[to], string.concat(name(), ": blocked recipient"));
        balanceOf[from] -= value;
        balanceOf[to] += value;
        emit Transfer(from, to, value);
    }
}
`;

const compiled = new Map<string, Record<string, Artifact>>();

/** Compiles `source` (once per file name) and returns its contracts' ABIs and bytecode. */
export function compileInline(fileName: string, source: string): Record<string, Artifact> {
  const cached = compiled.get(fileName);
  if (cached) return cached;
  const solc = createRequire(import.meta.url)("solc") as { compile(input: string): string };
  const input = {
    language: "Solidity",
    sources: { [fileName]: { content: source } },
    settings: { evmVersion: "cancun", outputSelection: { "*": { "*": ["abi", "evm.bytecode.object"] } } },
  };
  const output = JSON.parse(solc.compile(JSON.stringify(input))) as {
    errors?: { severity: string; formattedMessage: string }[];
    contracts: Record<string, Record<string, { abi: unknown[]; evm: { bytecode: { object: string } } }>>;
  };
  const errors = (output.errors ?? []).filter((e) => e.severity === "error");
  if (errors.length) throw new Error(errors.map((e) => e.formattedMessage).join("\n"));
  const artifacts = Object.fromEntries(
    Object.entries(output.contracts[fileName]!).map(([name, c]) => [
      name,
      { abi: c.abi, bytecode: `0x${c.evm.bytecode.object}` },
    ]),
  );
  compiled.set(fileName, artifacts);
  return artifacts;
}

/** Deploys contract `name` of an inline source. */
export async function deployInline<T>(
  fileName: string,
  source: string,
  name: string,
  deployer: HardhatEthersSigner,
  args: unknown[],
): Promise<T> {
  const artifact = compileInline(fileName, source)[name];
  if (!artifact) throw new Error(`${fileName} has no contract ${name}`);
  const contract = await new ethers.ContractFactory(artifact.abi as never, artifact.bytecode, deployer).deploy(...args);
  await contract.waitForDeployment();
  return contract as unknown as T;
}
