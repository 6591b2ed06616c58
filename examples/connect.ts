// Where the examples find the market: the same variables as the `hashwork` CLI, with the devnet's defaults (`npm
// start` writes sdk/deployments/31337.json, serves its content store on port 5001 and funds hardhat account #3 with
// tokens for you; its key is public, so never use it anywhere else).
import { connectMarket, type ConnectedMarket } from "@hashwork/sdk";

const DEVNET_REQUESTER_KEY = "0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6";

export function connectFromEnv(o: { sign: boolean }): Promise<ConnectedMarket> {
  const env = process.env;
  return connectMarket({
    rpcUrl: env.HASHWORK_RPC_URL ?? "http://127.0.0.1:8545",
    store: env.HASHWORK_STORE_URL ?? "http://127.0.0.1:5001",
    ...(env.HASHWORK_DEPLOYMENT ? { deployment: env.HASHWORK_DEPLOYMENT } : {}),
    ...(o.sign ? { signer: env.HASHWORK_PRIVATE_KEY ?? DEVNET_REQUESTER_KEY } : {}),
  });
}
