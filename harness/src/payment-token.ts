/**
 * The payment-token probe `deploySystem` runs before deploying on an existing ERC-20: a mistyped address costs one
 * RPC round trip, not a deployment.
 */
import { Contract, ZeroAddress, isAddress, type Provider } from "ethers";

/** The payment token is not a usable ERC-20: raised before anything is deployed. */
export class PaymentTokenError extends Error {
  override name = "PaymentTokenError";
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
  if (!isAddress(address)) throw new PaymentTokenError(`${where} is not an address (a typo, or a bad checksum)`);
  if ((await provider.getCode(address)) === "0x")
    throw new PaymentTokenError(
      `${where} has no code: it is an account, not a token contract (a typo, or the wrong network?)`,
    );
  const token = new Contract(address, ERC20_VIEWS, provider);
  const ask = async <T>(call: string, read: () => Promise<T>): Promise<T> => {
    try {
      return await read();
    } catch (error) {
      const reason = (error as { shortMessage?: string; message?: string }).shortMessage ?? (error as Error).message;
      throw new PaymentTokenError(`${where} is not an ERC-20: ${call} failed (${reason})`);
    }
  };
  const decimals = Number(await ask("decimals()", () => token.decimals!() as Promise<bigint>));
  await ask("balanceOf(address(0))", () => token.balanceOf!(ZeroAddress) as Promise<bigint>);
  const totalSupply = await ask("totalSupply()", () => token.totalSupply!() as Promise<bigint>);
  return { decimals, totalSupply };
}
