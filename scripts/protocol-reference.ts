/**
 * Writes PROTOCOL-ABI.md: every event (with its topic 0) and every custom error (with its selector) of the protocol's
 * contracts, from the ABIs in sdk/abis/. A client written from PROTOCOL.md and the ABIs alone filters logs by these
 * topics and decodes reverts by these selectors.
 *
 *   node scripts/protocol-reference.ts            # (re)write PROTOCOL-ABI.md
 *   node scripts/protocol-reference.ts --check    # exit 1 if it is stale (part of npm run lint)
 *
 * Plain Node (≥ 22.6 strips the types); ethers computes the hashes.
 */
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Interface, type ErrorFragment, type EventFragment } from "ethers";

const root = fileURLToPath(new URL("..", import.meta.url));
const outPath = join(root, "PROTOCOL-ABI.md");
const check = process.argv.includes("--check");
// The contracts a client talks to, in the order PROTOCOL.md introduces them.
const CONTRACTS = ["JobMarket", "ProviderRegistry", "VerificationCourt", "BlockhashRandomness"];

const lines = [
  "# Hashwork protocol: events and errors",
  "",
  "Generated from `sdk/abis/` by `node scripts/protocol-reference.ts` (`npm run lint` fails when it is stale). What each",
  "event and error means is in the NatSpec of `contracts/interfaces/` and in PROTOCOL.md. Topic 0 of an event is the",
  "keccak256 of its signature; an error's selector is the first four bytes of the keccak256 of its signature. Indexed",
  "event parameters are marked `indexed`.",
];
for (const name of CONTRACTS) {
  const abi = JSON.parse(await readFile(join(root, "sdk", "abis", `${name}.json`), "utf8")) as unknown[];
  const iface = new Interface(abi as never);
  const events: EventFragment[] = [];
  const errors: ErrorFragment[] = [];
  iface.forEachEvent((e) => events.push(e));
  iface.forEachError((e) => errors.push(e));
  const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
  lines.push("", `## ${name}`, "", "### Events", "", "| event | topic 0 |", "| --- | --- |");
  for (const e of events.sort(byName))
    lines.push(`| \`${e.format("full").replace(/^event /, "")}\` | \`${e.topicHash}\` |`);
  lines.push("", "### Errors", "", "| error | selector |", "| --- | --- |");
  for (const e of errors.sort(byName))
    lines.push(`| \`${e.format("full").replace(/^error /, "")}\` | \`${e.selector}\` |`);
}
const text = lines.join("\n") + "\n";

const current = await readFile(outPath, "utf8").catch(() => undefined);
if (check) {
  if (current !== text) {
    console.error("protocol-reference: PROTOCOL-ABI.md is stale (run `node scripts/protocol-reference.ts`)");
    process.exit(1);
  }
} else if (current !== text) {
  await writeFile(outPath, text);
  console.log(`wrote ${outPath}`);
}
