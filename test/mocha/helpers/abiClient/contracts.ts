import { createRequire } from "node:module";
import {
  Contract,
  type ContractRunner,
  type ContractTransactionResponse,
  type InterfaceAbi,
  type LogDescription,
} from "ethers";

// The only project artifacts this client reads: the ABI JSON exported to sdk/abis/ (PROTOCOL.md, "Contracts").
// Loaded with require because this repository's TypeScript settings (module node16) reject JSON import attributes.
const require = createRequire(import.meta.url);
const JOB_MARKET_ABI = require("../../../../sdk/abis/JobMarket.json") as InterfaceAbi;
const PROVIDER_REGISTRY_ABI = require("../../../../sdk/abis/ProviderRegistry.json") as InterfaceAbi;
const RANDOMNESS_ABI = require("../../../../sdk/abis/BlockhashRandomness.json") as InterfaceAbi;
const TOKEN_ABI = require("../../../../sdk/abis/HashworkToken.json") as InterfaceAbi;

/** The contracts a requester or a provider talks to, bound to one account. */
export interface Hashwork {
  market: Contract;
  registry: Contract;
  randomness: Contract;
  token: Contract;
}

/** Binds the market at `marketAddress` and finds the rest from it: `token()`, `registry()`, `randomness()`. */
export async function connect(marketAddress: string, runner: ContractRunner): Promise<Hashwork> {
  const market = new Contract(marketAddress, JOB_MARKET_ABI, runner);
  const [token, registry, randomness] = (await Promise.all([
    market.token(),
    market.registry(),
    market.randomness(),
  ])) as string[];
  return {
    market,
    registry: new Contract(registry!, PROVIDER_REGISTRY_ABI, runner),
    randomness: new Contract(randomness!, RANDOMNESS_ABI, runner),
    token: new Contract(token!, TOKEN_ABI, runner),
  };
}

/** A mined transaction's events, decoded with the ABIs, in log order. */
export interface Sent {
  block: bigint;
  timestamp: bigint;
  events: LogDescription[];
}

/** Waits for `tx` and decodes every log one of `contracts` emitted (others, e.g. the token's, are left out). */
export async function mined(contracts: Hashwork, tx: Promise<ContractTransactionResponse>): Promise<Sent> {
  const receipt = await (await tx).wait();
  if (!receipt) throw new Error("transaction dropped");
  const byAddress = new Map(
    [contracts.market, contracts.registry, contracts.randomness].map((c) => [String(c.target).toLowerCase(), c]),
  );
  const events: LogDescription[] = [];
  for (const log of receipt.logs) {
    const parsed = byAddress.get(log.address.toLowerCase())?.interface.parseLog(log);
    if (parsed) events.push(parsed);
  }
  const block = await receipt.getBlock();
  return { block: BigInt(receipt.blockNumber), timestamp: BigInt(block.timestamp), events };
}

/** The one event named `name` among `sent.events`. */
export function eventNamed(sent: Sent, name: string): LogDescription {
  const found = sent.events.filter((e) => e.name === name);
  if (found.length !== 1) throw new Error(`expected one ${name} event, got ${found.length}`);
  return found[0]!;
}
