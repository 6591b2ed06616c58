import { spawn, type ChildProcess } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { track } from "@hashwork/provider-node/test-helpers/children";
import { REPO } from "@hashwork/provider-node/test-helpers/hardhat";
import { steerAudits } from "@hashwork/provider-node/test-helpers/market";
import type { World } from "@hashwork/provider-node/test-helpers/suite";

const BIN = join(REPO, "cli/bin/hashwork.mjs");

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
  /** stdout parsed as JSON (commands run with --json print exactly one document). */
  json: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** Writes the world's addresses in the format of sdk/deployments/<chainId>.json, for --deployment. */
export async function writeDeployment(world: World): Promise<string> {
  const { sys } = world;
  const at = async (c: { getAddress(): Promise<string> }) => ({
    address: await c.getAddress(),
    startBlock: sys.startBlock,
  });
  const file = join(world.dir, "deployment.json");
  const contracts = {
    JobMarket: await at(sys.market),
    ProviderRegistry: await at(sys.registry),
    HashworkToken: await at(sys.token),
    VerificationCourt: await at(sys.court),
  };
  await writeFile(file, JSON.stringify({ chainId: 31337, network: "e2e", contracts }, null, 2));
  return file;
}

/** Runs the real `hashwork` binary against one world; `env` carries the key, `cwd` where outputs land. */
export class Cli {
  constructor(
    private readonly baseEnv: Record<string, string>,
    readonly cwd: string,
  ) {}

  static async forWorld(world: World, cwd: string): Promise<Cli> {
    const deployment = await writeDeployment(world);
    return new Cli(
      { HASHWORK_RPC_URL: world.chain.url, HASHWORK_DEPLOYMENT: deployment, HASHWORK_STORE_URL: world.store.url },
      cwd,
    );
  }

  /** Starts the CLI; resolve the result with `finish`. */
  start(args: string[], env: Record<string, string | undefined> = {}): ChildProcess {
    return track(
      spawn(process.execPath, [BIN, ...args], {
        cwd: this.cwd,
        stdio: ["ignore", "pipe", "pipe"],
        env: { PATH: process.env.PATH, HOME: process.env.HOME, ...this.baseEnv, ...env } as NodeJS.ProcessEnv,
      }),
    );
  }

  async run(args: string[], env: Record<string, string | undefined> = {}): Promise<CliResult> {
    return finish(this.start(args, env));
  }
}

export async function finish(child: ChildProcess): Promise<CliResult> {
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (d) => (stdout += d));
  child.stderr?.on("data", (d) => (stderr += d));
  const code = await new Promise<number | null>((r) => child.once("exit", (c) => r(c)));
  let json: CliResult["json"] = {};
  try {
    json = JSON.parse(stdout) as CliResult["json"];
  } catch {
    // human output or nothing: callers that expect JSON fail on the missing fields
  }
  return { code, stdout, stderr, json };
}

/**
 * Makes the audit decision of the next `count` jobs deterministic (`audited`), as the node suites do: the market's
 * audit rate is random by design, and a test that follows a job's money needs to know whether an auditor is paid.
 */
export async function planAudits(world: World, audited: boolean, count = 1): Promise<void> {
  const next = (await world.sys.market.jobCount()) + 1n;
  for (let i = 0n; i < BigInt(count); i++) world.sys.auditPlan.set(next + i, audited);
  await steerAudits(world.sys);
}
