/**
 * The devnet's Ignition parameters: ignition/parameters/localhost.json (a short governance clock) plus the shortest
 * market and court windows the bounds allow, so a job's whole life — audits and panels included — takes minutes.
 */
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { REPO } from "@hashwork/harness/chain";
import type { HashworkParameters } from "@hashwork/harness/deploy";

/**
 * The shortest windows the bounds allow, the highest audit rate the fee bound allows (so audits show within minutes),
 * a fast reference verifier (a job's execution time is 30 s + maxFuel / fuelPerSecond), and a jail a faulty demo node
 * rarely reaches.
 */
export const DEVNET_PARAMETERS: HashworkParameters = {
  challengeWindow: 60n, // seconds (minimum)
  revealPeriod: 60n, // seconds (minimum)
  auditDrawPeriod: 60n, // seconds (minimum)
  courtDrawPeriod: 60n, // seconds (minimum)
  courtRevealPeriod: 60n, // seconds (minimum)
  wideningPeriod: 10n, // seconds (minimum): every eligible provider can claim within ~10 s per k
  courtWideningPeriod: 10n, // seconds (minimum)
  auditRateBps: 2_500n, // 25% of jobs audited (the maximum: the audit fee must cover the rate)
  auditFeeBps: 2_500n, // of one replica's budget
  fuelPerSecond: 1_000_000_000n, // reference verifier speed
  jailThreshold: 20n, // faults within the fault window (the maximum)
  jailDuration: 3600n, // seconds (minimum)
  faultWindow: 3600n, // seconds (minimum)
};

/** The `Hashwork` parameters of ignition/parameters/localhost.json (none when the file is absent). */
export async function localhostParameters(): Promise<HashworkParameters> {
  const file = join(REPO, "ignition/parameters/localhost.json");
  return existsSync(file) ? ((JSON.parse(await readFile(file, "utf8")).Hashwork ?? {}) as HashworkParameters) : {};
}
