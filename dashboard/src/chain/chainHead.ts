/** The chain's latest block number, from `eth_blockNumber` on a JSON-RPC endpoint. */
export async function fetchChainHead(rpcUrl: string): Promise<number> {
  const response = await fetch(rpcUrl, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_blockNumber", params: [] }),
  });
  if (!response.ok) throw new Error(`RPC answered HTTP ${response.status}`);
  const body = (await response.json()) as { result?: string; error?: { message: string } };
  if (body.result === undefined) throw new Error(body.error?.message ?? "RPC answered without a result");
  return Number(BigInt(body.result));
}
