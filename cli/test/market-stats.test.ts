import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { QUERY } from "../src/commands/market-stats.js";

/** The fields an entity type declares in the subgraph's schema. */
function fieldsOf(schema: string, type: string): Set<string> {
  const body = schema.match(new RegExp(`^type ${type} [^{]*\\{([\\s\\S]*?)^\\}`, "m"))?.[1];
  assert.ok(body, `type ${type} in schema.graphql`);
  return new Set([...body.matchAll(/^\s+(\w+)\s*(?:\([^)]*\))?\s*:/gm)].map((m) => m[1]!));
}

/** The field names selected inside `name(...) { ... }` of the query (one level). */
function selected(query: string, name: string): string[] {
  const inner = query.match(new RegExp(`${name}\\([^)]*\\)\\s*\\{([^}]*)\\}`))?.[1];
  assert.ok(inner, `${name} in the query`);
  return inner.split(/\s+/).filter(Boolean);
}

describe("hashwork market stats", () => {
  it("asks the subgraph only for fields its schema declares", () => {
    const schema = readFileSync(new URL("../../subgraph/schema.graphql", import.meta.url), "utf8");
    for (const [entity, type] of [
      ["protocol", "Protocol"],
      ["marketDayDatas", "MarketDayData"],
    ] as const) {
      const declared = fieldsOf(schema, type);
      const missing = selected(QUERY, entity).filter((f) => !declared.has(f));
      assert.deepEqual(missing, [], `${type} fields the query selects but the schema lacks`);
    }
  });
});
