import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { Signature } from "ethers";
import type { HashworkToken } from "@hashwork/sdk/typechain";
import { ethers } from "../fixture.js";

/**
 * Signs an EIP-2612 permit of `value` tokens from `owner` to `spender`; returns the split signature. `signer`
 * (default: the owner) is who actually signs, to forge invalid permits.
 */
export async function signPermit(
  token: HashworkToken,
  owner: HardhatEthersSigner,
  spender: string,
  value: bigint,
  deadline: bigint,
  signer: HardhatEthersSigner = owner,
) {
  const { chainId } = await ethers.provider.getNetwork();
  const domain = { name: await token.name(), version: "1", chainId, verifyingContract: await token.getAddress() };
  const types = {
    Permit: [
      { name: "owner", type: "address" },
      { name: "spender", type: "address" },
      { name: "value", type: "uint256" },
      { name: "nonce", type: "uint256" },
      { name: "deadline", type: "uint256" },
    ],
  };
  const message = { owner: owner.address, spender, value, nonce: await token.nonces(owner.address), deadline };
  const sig = Signature.from(await signer.signTypedData(domain, types, message));
  return { v: sig.v, r: sig.r, s: sig.s };
}
