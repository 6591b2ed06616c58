import assert from "node:assert/strict";
import { test } from "node:test";
import { parseRoute, routeHref, type Route } from "../src/router";

test("routes round-trip through the hash", () => {
  const routes: Route[] = [
    { page: "overview" },
    { page: "jobs", filters: {}, pageIndex: 0 },
    { page: "jobs", filters: { status: "REFUNDED", resourceClass: 2, provider: "0xabc" }, pageIndex: 3 },
    { page: "jobs", filters: { status: "VERIFYING" }, pageIndex: 0 },
    { page: "jobs", filters: { status: "REFUNDED", outcome: "OVERTURNED" }, pageIndex: 0 },
    { page: "job", id: "42" },
    { page: "providers", orderBy: "stake" },
    { page: "provider", id: "0xabc" },
  ];
  for (const route of routes) {
    const parsed = parseRoute(routeHref(route));
    assert.deepEqual(parsed.page === "jobs" ? { ...parsed, filters: defined(parsed.filters) } : parsed, route);
  }
  assert.deepEqual(parseRoute("#/nowhere"), { page: "overview" });
  assert.equal(routeHref(parseRoute("#/jobs?status=BOGUS&outcome=NOPE&class=x&page=-1")), "#/jobs");
});

function defined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
