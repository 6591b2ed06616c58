/**
 * TCP ports on 127.0.0.1: free-port picking, "is it in use" checks, and polling until something answers.
 * Shared by the devnet, the devnet's e2e test and the provider node's tests (one implementation).
 */
import { readFileSync } from "node:fs";
import { createServer } from "node:net";

/** Thrown when a port the devnet needs is taken; the message says which and what to do. */
export class PortInUseError extends Error {
  constructor(
    readonly port: number,
    readonly role: string,
    readonly hint: string,
  ) {
    super(`port ${port} is in use (${role}); ${hint}`);
    this.name = "PortInUseError";
  }
}

/** Whether `port` can be bound on `host` right now (also false when the port is reserved or privileged). */
export function isPortFree(port: number, host = "127.0.0.1"): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

export interface PortClaim {
  port: number;
  /** What uses it, for the error message: "RPC", "GraphQL", … */
  role: string;
  /** How to move it: "pass --rpc-port or stop the other process". */
  hint: string;
  /** Also check the wildcard address (for services that bind 0.0.0.0, like graph-node). */
  wildcard?: boolean;
}

/**
 * Checks every port before anything starts; rejects with one message listing every conflict (duplicates
 * within `claims` count as conflicts too).
 */
export async function checkPorts(claims: PortClaim[]): Promise<void> {
  const problems: string[] = [];
  const seen = new Map<number, string>();
  for (const c of claims) {
    const other = seen.get(c.port);
    if (other) {
      problems.push(`port ${c.port} is assigned twice (${other} and ${c.role}); ${c.hint}`);
      continue;
    }
    seen.set(c.port, c.role);
    const free = (await isPortFree(c.port, "127.0.0.1")) && (!c.wildcard || (await isPortFree(c.port, "0.0.0.0")));
    if (!free) problems.push(new PortInUseError(c.port, c.role, c.hint).message);
  }
  if (problems.length === 1) throw new Error(problems[0]);
  if (problems.length > 1) throw new Error(`ports in use:\n  ${problems.join("\n  ")}`);
}

/** The kernel's ephemeral port range (where listen(0) and outgoing connections draw from). */
function ephemeralLow(): number {
  try {
    return Number(readFileSync("/proc/sys/net/ipv4/ip_local_port_range", "utf8").trim().split(/\s+/)[0]) || 32768;
  } catch {
    return 32768;
  }
}

const handedOut = new Set<number>();

/**
 * A TCP port free on 127.0.0.1 *below* the kernel's ephemeral range, never handed out twice by this
 * process. A port from listen(0) comes from the ephemeral range, so another program's outgoing connection
 * can land on it between our check and our bind (seen here: a concurrent test's client talking to our hardhat
 * node); ports below that range are only ever taken by someone who binds them on purpose.
 */
export async function freePort(): Promise<number> {
  const low = ephemeralLow();
  const lo = Math.max(1024, Math.min(20_000, low - 10_000));
  const hi = Math.max(lo + 100, low);
  for (let attempt = 0; attempt < 500; attempt++) {
    const port = lo + Math.floor(Math.random() * (hi - lo));
    if (handedOut.has(port)) continue;
    if ((await isPortFree(port, "127.0.0.1")) && (await isPortFree(port, "0.0.0.0"))) {
      handedOut.add(port);
      return port;
    }
  }
  throw new Error(`no free port found between ${lo} and ${hi}`);
}

/**
 * `n` consecutive free ports (the first one's number), all reserved like `freePort`'s: none of them was handed out
 * before, so a port reserved for another service but not bound yet is never inside the run.
 */
export async function consecutiveFreePorts(n: number): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const first = await freePort();
    let ok = true;
    for (let i = 1; i < n && ok; i++) {
      const port = first + i;
      ok = !handedOut.has(port) && (await isPortFree(port, "127.0.0.1")) && (await isPortFree(port, "0.0.0.0"));
    }
    if (ok) {
      for (let i = 1; i < n; i++) handedOut.add(first + i);
      return first;
    }
  }
  throw new Error(`no ${n} consecutive free ports`);
}

/** An error that makes `waitFor` give up at once (e.g. the process it waits for has exited). */
export function fatal(message: string): Error {
  return Object.assign(new Error(message), { fatal: true });
}

/** Polls `check` until it returns a value (not undefined) or `timeoutMs` passes; a `fatal()` error stops it. */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 60_000,
  everyMs = 250,
  signal?: AbortSignal,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    signal?.throwIfAborted();
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      if ((error as { fatal?: boolean }).fatal) throw error;
      lastError = error;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${what}${lastError ? ` (last error: ${(lastError as Error).message})` : ""}`,
      );
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
