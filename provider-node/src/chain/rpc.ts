import { JsonRpcProvider, Network, type JsonRpcPayload, type JsonRpcResult } from "ethers";
import { RpcUnavailableError } from "../errors.js";
import type { Logger } from "../logger.js";
import type { Metrics } from "../metrics.js";
import { withRetry } from "../sdk.js";

export interface FailoverProviderOptions {
  chainId: number;
  timeoutMs: number;
  logger: Logger;
  metrics: Metrics;
  /** Transport retries across all endpoints before a request fails (higher layers back off further). */
  retries?: number;
}

/**
 * An ethers JSON-RPC provider over several endpoints. Transport failures (refused, reset, timeout, HTTP 5xx
 * or 429) rotate to the next endpoint and retry with jittered exponential backoff (sdk `withRetry`);
 * JSON-RPC error responses (reverts, bad params) pass through untouched, they are answers.
 * Requests made in the same tick are batched into one HTTP call.
 */
export class FailoverProvider extends JsonRpcProvider {
  private active = 0;
  private readonly urls: string[];
  private readonly opts: FailoverProviderOptions;

  constructor(urls: string[], opts: FailoverProviderOptions) {
    const network = Network.from(opts.chainId);
    // Calls issued in the same tick travel as one JSON-RPC batch (no stall): one HTTP round trip.
    super(urls[0], network, {
      staticNetwork: network,
      batchMaxCount: 20,
      batchStallTime: 0,
      cacheTimeout: -1,
      polling: false,
    });
    this.urls = urls;
    this.opts = opts;
  }

  /** Index of the endpoint currently in use (for /healthz and logs; URLs may hold API keys). */
  get activeEndpoint(): number {
    return this.active;
  }

  override async _send(payload: JsonRpcPayload | JsonRpcPayload[]): Promise<JsonRpcResult[]> {
    return withRetry(() => this.sendOnce(payload), {
      retries: this.opts.retries ?? Math.max(3, this.urls.length * 2),
      baseDelayMs: 200,
      maxDelayMs: 3_000,
    });
  }

  private async sendOnce(payload: JsonRpcPayload | JsonRpcPayload[]): Promise<JsonRpcResult[]> {
    const index = this.active;
    const url = this.urls[index] as string;
    try {
      const response = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(payload),
        signal: AbortSignal.timeout(this.opts.timeoutMs),
      });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const body = (await response.json()) as JsonRpcResult | JsonRpcResult[];
      return Array.isArray(body) ? body : [body];
    } catch (cause) {
      this.opts.metrics.rpcErrors.inc({ endpoint: String(index) });
      if (this.urls.length > 1) this.active = (index + 1) % this.urls.length;
      this.opts.logger.debug({ endpoint: index, err: (cause as Error).message }, "rpc request failed");
      throw new RpcUnavailableError(`#${index} (${new URL(url).host})`, { cause });
    }
  }
}

/** How long an RPC behind the blocks we handled may take to catch up: a record younger than this may not show yet. */
export const RPC_LAG_GRACE_MS = 30_000;

/** Whether `sinceMs` is recent enough that the chain's silence may still be a lagging RPC rather than a reorg. */
export function withinRpcLag(sinceMs: number): boolean {
  return Date.now() - sinceMs < RPC_LAG_GRACE_MS;
}
