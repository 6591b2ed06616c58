/**
 * Chain reads the deployment scripts share (scripts/deploy.ts, scripts/devnet/deploy.ts, scripts/subgraph/e2e-chain.ts).
 */
import { Contract, ZeroAddress, isAddress, type Provider } from "ethers";

/**
 * Binary search for the first block at which `address` has code (Ignition may return already-deployed contracts, whose
 * deployment transaction it no longer has). Reads code at past blocks: on a public network that needs an archive node.
 */
export async function firstBlockWithCode(provider: Provider, address: string): Promise<number> {
  let lo = 0;
  let hi = await provider.getBlockNumber();
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if ((await provider.getCode(address, mid)) !== "0x") hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** What an ERC-20 answered to the probe. */
export interface PaymentTokenFacts {
  decimals: number;
  totalSupply: bigint;
}

const ERC20_VIEWS = [
  "function decimals() view returns (uint8)",
  "function balanceOf(address) view returns (uint256)",
  "function totalSupply() view returns (uint256)",
];

/**
 * Checks that `address` on `networkName` looks like an ERC-20 before anything is deployed on it: it has code, and
 * `decimals()`, `balanceOf(address(0))` and `totalSupply()` answer. Throws an Error naming the address, the network
 * and what failed, so a mistyped `paymentToken` costs one RPC round trip, not a deployment.
 */
export async function probePaymentToken(
  provider: Provider,
  address: string,
  networkName: string,
): Promise<PaymentTokenFacts> {
  const where = `paymentToken ${address} on network "${networkName}"`;
  if (!isAddress(address)) throw new Error(`${where} is not an address (a typo, or a bad checksum)`);
  if ((await provider.getCode(address)) === "0x")
    throw new Error(`${where} has no code: it is an account, not a token contract (a typo, or the wrong network?)`);
  const token = new Contract(address, ERC20_VIEWS, provider);
  const ask = async <T>(call: string, read: () => Promise<T>): Promise<T> => {
    try {
      return await read();
    } catch (error) {
      const reason = (error as { shortMessage?: string; message?: string }).shortMessage ?? (error as Error).message;
      throw new Error(`${where} is not an ERC-20: ${call} failed (${reason})`);
    }
  };
  const decimals = Number(await ask("decimals()", () => token.decimals!() as Promise<bigint>));
  await ask("balanceOf(address(0))", () => token.balanceOf!(ZeroAddress) as Promise<bigint>);
  const totalSupply = await ask("totalSupply()", () => token.totalSupply!() as Promise<bigint>);
  return { decimals, totalSupply };
}
