/**
 * Builds gnd test files (tests/*.json) from scenarios written in TypeScript: mock blocks of events, encoded from the
 * ABIs in sdk/abis/ (so a renamed or retyped event parameter fails the build of the test, not silently the test),
 * then GraphQL assertions. `node tests/scenarios/build.ts` writes every file; `--check` fails if one is stale.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const abisDir = fileURLToPath(new URL("../../../sdk/abis/", import.meta.url));
const deployment = JSON.parse(
  readFileSync(fileURLToPath(new URL("../../config/test-deployment.json", import.meta.url)), "utf8"),
) as { contracts: Record<string, { address: string }> };

type AbiInput = { name: string; type: string; indexed: boolean };
type AbiEvent = { type: string; name: string; inputs: AbiInput[] };
type Value = string | number | bigint | boolean;
export type Params = Record<string, Value>;

export type MockEvent = { address: string; event: string; params: Record<string, string | boolean> };
export type Block = { number: number; timestamp: number; events: MockEvent[] };
export type Assertion = { query: string; expected: unknown };
export type TestFile = { name: string; blocks: Block[]; assertions: Assertion[] };

function loadEvents(contract: string): Map<string, AbiEvent> {
  const abi = JSON.parse(readFileSync(join(abisDir, `${contract}.json`), "utf8")) as AbiEvent[];
  return new Map(abi.filter((e) => e.type === "event").map((e) => [e.name, e]));
}

const ABIS = {
  JobMarket: loadEvents("JobMarket"),
  ProviderRegistry: loadEvents("ProviderRegistry"),
  VerificationCourt: loadEvents("VerificationCourt"),
};
type ContractName = keyof typeof ABIS;

export const ADDRESS = {
  market: deployment.contracts.JobMarket.address,
  registry: deployment.contracts.ProviderRegistry.address,
  court: deployment.contracts.VerificationCourt.address,
};

/** One event of `contract`, its signature and parameter names from the ABI; every parameter must be given. */
function event(contract: ContractName, name: string, params: Params): MockEvent {
  const abi = ABIS[contract].get(name);
  if (!abi) throw new Error(`${contract} has no event ${name}`);
  const given = new Set(Object.keys(params));
  const out: Record<string, string | boolean> = {};
  for (const input of abi.inputs) {
    if (!given.delete(input.name)) throw new Error(`${contract}.${name}: missing parameter ${input.name}`);
    const value = params[input.name];
    out[input.name] = typeof value === "boolean" ? value : String(value);
  }
  if (given.size) throw new Error(`${contract}.${name}: unknown parameters ${[...given].join(", ")}`);
  const signature = `${name}(${abi.inputs.map((i) => `${i.type}${i.indexed ? " indexed" : ""} ${i.name}`).join(", ")})`;
  const address = { JobMarket: ADDRESS.market, ProviderRegistry: ADDRESS.registry, VerificationCourt: ADDRESS.court }[
    contract
  ];
  return { address, event: signature, params: out };
}

export const market = (name: string, params: Params) => event("JobMarket", name, params);
export const registry = (name: string, params: Params) => event("ProviderRegistry", name, params);
export const court = (name: string, params: Params) => event("VerificationCourt", name, params);

/** A bytes32 ParameterUpdated key: the ASCII name right-padded with zeros. */
export function key(name: string): string {
  return "0x" + Buffer.from(name, "ascii").toString("hex").padEnd(64, "0");
}

export const ZERO32 = "0x" + "00".repeat(32);

/** A test: blocks numbered from 1 (block 1 is the empty start block gnd treats as already indexed). */
export class Scenario {
  readonly blocks: Block[] = [];
  readonly assertions: Assertion[] = [];
  readonly file: string;
  readonly name: string;
  /** `file`: the test's file name (tests/<file>.json); `startTimestamp`: the first real block's time. */
  constructor(file: string, name: string, startTimestamp: number) {
    this.file = file;
    this.name = name;
    this.blocks.push({ number: 1, timestamp: startTimestamp - 60, events: [] });
  }

  /** Appends a block at `timestamp` with `events`; returns its number (blocks count from 1, the empty start block). */
  block(timestamp: number, events: MockEvent[]): number {
    const number = this.blocks.length + 1;
    this.blocks.push({ number, timestamp, events });
    return number;
  }

  /** Asserts that `{ entity(id: "...") { fields } }` equals `expected` (its keys are the selected fields). */
  expectEntity(entity: string, id: string, expected: Record<string, unknown>): void {
    this.assertions.push({
      query: `{ ${entity}(id: "${id}") { ${selection(expected)} } }`,
      expected: { [entity]: normalise(expected) },
    });
  }

  /** Asserts a free query. */
  expectQuery(query: string, expected: unknown): void {
    this.assertions.push({ query, expected: normalise(expected) });
  }

  toJSON(): TestFile {
    return { name: this.name, blocks: this.blocks, assertions: this.assertions };
  }
}

/** A GraphQL selection for the keys of `value` (nested objects select their own keys, arrays their first item's). */
function selection(value: Record<string, unknown>): string {
  return Object.entries(value)
    .map(([k, v]) => {
      const inner = Array.isArray(v) ? v[0] : v;
      if (inner !== null && typeof inner === "object" && !(typeof inner === "bigint"))
        return `${k} { ${selection(inner as Record<string, unknown>)} }`;
      return k;
    })
    .join(" ");
}

/** BigInts as the decimal strings GraphQL returns. */
function normalise(value: unknown): unknown {
  if (typeof value === "bigint") return value.toString();
  if (Array.isArray(value)) return value.map(normalise);
  if (value !== null && typeof value === "object")
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, normalise(v)]));
  return value;
}
