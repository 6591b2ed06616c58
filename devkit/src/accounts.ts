import { HDNodeWallet, Wallet } from "ethers";

/** Hardhat's default mnemonic: `hardhat node` funds the first 20 of these accounts with 10,000 ETH. */
export const HARDHAT_MNEMONIC = "test test test test test test test test test test test junk";

/** Hardhat's default account `i` (devnet only: the key is public). */
export function hardhatAccount(i: number): Wallet {
  const hd = HDNodeWallet.fromPhrase(HARDHAT_MNEMONIC, undefined, `m/44'/60'/0'/0/${i}`);
  return new Wallet(hd.privateKey);
}

/** Who is who on the devnet: account 0 deploys and funds, requesters, a settler and providers follow. */
export const ROLES = {
  deployer: 0,
  firstRequester: 1,
  requesters: 2,
  firstProvider: 10,
  /** Accounts left for you (the CLI): funded with tokens, used by nothing else on the devnet. */
  yourRequester: 3,
  yourProvider: 4,
  /** The workload generator's settler: settles and resolves the jobs it posted when nobody else has. */
  settler: 5,
} as const;

/**
 * The accounts the workload generator may post from: the first `ROLES.requesters` by default; the rest (funded by
 * `hardhat node` like them, used by nothing else) give concurrent posting loops an account each (bench:market).
 */
export const REQUESTER_ACCOUNTS = [ROLES.firstRequester, ROLES.firstRequester + 1, 6, 7, 8, 9] as const;
