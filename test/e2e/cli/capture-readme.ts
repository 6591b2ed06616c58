// Captures real `hashwork` outputs for the README: a fresh chain, local store and provider nodes (the provider node's
// test helpers), then each documented command run through the real binary. Each output replaces the one README.md
// shows for that command (README.md's console blocks are the template: see writeReadme).
// Run from the repository root:  npm run docs:cli  (it also prints every capture).
import { execFile } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { parseEther } from "ethers";
import { PRODUCTION_RECORD_RING, account } from "@hashwork/provider-node/test-helpers/market";
import { NodeProcess } from "@hashwork/provider-node/test-helpers/nodes";
import { waitFor } from "@hashwork/provider-node/test-helpers/ports";
import { createWorld } from "@hashwork/provider-node/test-helpers/suite";
import { UPPERCASE, wat } from "@hashwork/provider-node/test-helpers/wasm";
import { planAudits, writeDeployment } from "./helpers/cli.js";
import { setIntervalMining } from "@hashwork/harness/chain";

const BIN = new URL("../../../cli/bin/hashwork.mjs", import.meta.url).pathname;

const world = await createWorld("readme", { recordRing: PRODUCTION_RECORD_RING });
try {
  const deployment = await writeDeployment(world);
  const base = {
    ...process.env,
    HASHWORK_RPC_URL: world.chain.url,
    HASHWORK_DEPLOYMENT: deployment,
    HASHWORK_STORE_URL: world.store.url,
  };
  // Asynchronous on purpose: the content store runs in this process and must keep answering.
  const sh = async (cmd: string, key?: string) => {
    let out: string;
    try {
      const r = await promisify(execFile)("bash", ["-c", `${cmd.replace(/^hashwork /, `node ${BIN} `)} 2>&1`], {
        cwd: world.dir,
        env: { ...base, ...(key ? { HASHWORK_PRIVATE_KEY: key } : {}) },
      });
      out = r.stdout;
    } catch (e) {
      out = `${(e as { stdout: string }).stdout}[exit ${(e as { code: number }).code}]\n`;
    }
    return `$ ${cmd}\n${out}`;
  };
  /** Every capture by command, in the order they ran (a command may run more than once). */
  const captured = new Map<string, string[]>();
  const record = (cmd: string, text: string) => {
    captured.set(cmd, [...(captured.get(cmd) ?? []), text.trimEnd()]);
    console.log(text);
  };
  const show = async (cmd: string, key?: string) => record(cmd, await sh(cmd, key));
  /** Runs a command that waits for a job's settlement, moving chain time past the job's challenge window. */
  const showSettling = async (cmd: string, key: string, replicas: number) => {
    const next = (await world.sys.market.jobCount()) + 1n;
    await planAudits(world, false); // the README's jobs are not audited; status shows the decision
    let output: string | undefined;
    const running = sh(cmd, key).then((o) => (output = o));
    // A command that fails before posting ends without a job: show its output rather than wait for one.
    await waitFor("posted", async () => (output || (await world.sys.market.jobCount()) >= next ? true : undefined));
    if (output === undefined) await world.passChallengeWindow(next, replicas);
    record(cmd, await running);
  };
  const deployer = world.sys.token.connect(world.sys.deployer);
  const requester = account(1);
  const provider = account(10);
  await (await deployer.transfer(requester.address, parseEther("100"))).wait();
  await (await deployer.transfer(provider.address, parseEther("500"))).wait();
  await world.addNode("alice", 3);
  await world.addNode("bob", 4);
  await Promise.all(world.nodes.map((n) => n.start()));
  // The test nodes bill at least 50 Mfuel a job; the README's small jobs need no minimum.
  for (const i of [3, 4])
    await sh("hashwork provider register --update --price-per-mfuel 0.00001 --min-mfuel 0", account(i).privateKey);
  writeFileSync(join(world.dir, "upper.wasm"), await wat(UPPERCASE));
  writeFileSync(join(world.dir, "input.txt"), "hello hashwork\n");
  const R = requester.privateKey;

  console.log("=== REQUESTER");
  await show("hashwork job examples");
  await showSettling("hashwork job post --example wordfreq --replicas 2 --wait", R, 2);
  await show("head -5 job-1.out");
  await show("hashwork job status 1", R);
  await show("hashwork job verify 1", R);
  await show("hashwork job result 1 --out words.txt", R);
  await showSettling(
    "hashwork job post upper.wasm --input input.txt --replicas 2 --fuel 1000000 --price-per-mfuel 0.01 --wait --out upper.txt",
    R,
    2,
  );
  await show("cat upper.txt");
  await show("hashwork job refund 2", R);
  await setIntervalMining(world.chain, 0); // cancel must follow the post within one block
  await show("hashwork job post upper.wasm --input input.txt --class 5 --price-per-mfuel 1", R);
  await show("hashwork job cancel 3", R);
  await setIntervalMining(world.chain, 1000);
  await show("hashwork job post upper.wasm --input input.txt --class 5 --price-per-mfuel 1 --timeout 2m", R);
  await show("hashwork job cancel 4", R);
  await show("hashwork job refund 4", R);
  await world.advance(180);
  await show("hashwork job refund 4", R);
  await show("hashwork job list", R);
  await show("hashwork job post --example sha256 --fuel 50000000 --price-per-mfuel 1", R);
  await show("hashwork job post upper.wasm --timeout 30s", R);
  await show("hashwork job status 42", R);
  await show("hashwork job cancel 1", R);
  await show("hashwork job challenge 1", R);
  await show("hashwork job post --example sha256 --json", R);
  await show("hashwork job status 5 --json", R);

  console.log("=== PROVIDER");
  const P = provider.privateKey;
  await show(
    "hashwork provider register --classes 0 --price-per-mfuel 0.00001 --min-mfuel 1 --capacity 2 --metadata-uri ipfs://carol-gpu-box",
    P,
  );
  await show("hashwork provider stake 200", P);
  await show("hashwork provider status", P);
  const carol = await NodeProcess.create({
    dir: world.dir,
    name: "carol",
    wallet: provider,
    rpcUrls: [world.chain.url],
    market: await world.sys.market.getAddress(),
    registry: await world.sys.registry.getAddress(),
    startBlock: world.sys.startBlock,
    storeUrl: world.store.url,
    config: { earnings: { withdrawThreshold: parseEther("1000000").toString() } },
  });
  world.nodes.push(carol);
  // Only carol runs now, so she takes the next jobs.
  for (const n of world.nodes.slice(0, 2)) await n.stop();
  await carol.start();
  await showSettling("hashwork job post --example primes --wait", R, 1);
  await show("hashwork provider status", P);
  await show("hashwork provider earnings", P);
  await show("hashwork provider earnings --withdraw", P);
  await show("hashwork provider unstake 50", P);
  await show("hashwork provider withdraw", P);
  await show("hashwork provider unstake 5000", P);
  await show("hashwork market stats");
  writeReadme(captured);
} finally {
  await world.teardown();
}

/**
 * Refreshes README.md in place: every ```console block whose `$ ` commands this script ran gets their new outputs, in
 * the order the README shows them (a command shown twice takes its captures in the order they ran). README.md is its
 * own template, so its prose has one copy; blocks of commands this script does not run stay as written.
 */
function writeReadme(captured: Map<string, string[]>): void {
  const used = new Map<string, number>();
  const take = (cmd: string) => {
    const i = used.get(cmd) ?? 0;
    used.set(cmd, i + 1);
    const text = captured.get(cmd)?.[i];
    if (text === undefined) throw new Error(`README.md shows \`${cmd}\` ${i + 1} times, but it ran ${i} times`);
    return text;
  };
  const readmePath = new URL("../../../README.md", import.meta.url);
  const readme = readFileSync(readmePath, "utf8");
  let refreshed = 0;
  const next = readme.replace(/```console\n([\s\S]*?)```/g, (block, body: string) => {
    const cmds = body
      .split("\n")
      .filter((line) => line.startsWith("$ "))
      .map((line) => line.slice(2));
    const ran = cmds.filter((c) => captured.has(c));
    if (ran.length === 0) return block;
    if (ran.length < cmds.length)
      throw new Error(`README.md mixes captured and hand-written commands in one block: ${cmds.join(" | ")}`);
    refreshed++;
    return "```console\n" + cmds.map(take).join("\n\n") + "\n```";
  });
  const unshown = [...captured.keys()].filter((cmd) => !used.has(cmd));
  if (unshown.length > 0) console.error(`captured but not in README.md: ${unshown.join(" | ")}`);
  writeFileSync(readmePath, next);
  console.error(`README.md: ${refreshed} console blocks refreshed; run \`npx prettier --write README.md\``);
}
