import { useEffect, useState } from "react";
import { JOB_OUTCOMES, JOB_STATUSES, type JobFilters, type JobOutcome, type JobStatus } from "./queries/jobList";
import { LEADERBOARD_ORDERS, type LeaderboardOrder } from "./queries/providerLeaderboard";

/**
 * The dashboard's pages, addressed by the URL's hash so any static server can host the build:
 *   #/                       market overview
 *   #/jobs?status=&outcome=&class=&requester=&provider=&page=
 *   #/jobs/<id>              one job
 *   #/providers?orderBy=     leaderboard
 *   #/providers/<address>    one provider
 */
export type Route =
  | { page: "overview" }
  | { page: "jobs"; filters: JobFilters; pageIndex: number }
  | { page: "job"; id: string }
  | { page: "providers"; orderBy: LeaderboardOrder }
  | { page: "provider"; id: string };

export function parseRoute(hash: string): Route {
  const [path = "", search = ""] = hash.replace(/^#/, "").split("?");
  const params = new URLSearchParams(search);
  const [section, id] = path.split("/").filter(Boolean);
  if (section === "jobs" && id) return { page: "job", id };
  if (section === "jobs") return { page: "jobs", filters: parseJobFilters(params), pageIndex: pageIndex(params) };
  if (section === "providers" && id) return { page: "provider", id: id.toLowerCase() };
  if (section === "providers") {
    const orderBy = params.get("orderBy");
    return { page: "providers", orderBy: isLeaderboardOrder(orderBy) ? orderBy : "totalEarnings" };
  }
  return { page: "overview" };
}

export function routeHref(route: Route): string {
  switch (route.page) {
    case "overview":
      return "#/";
    case "job":
      return `#/jobs/${route.id}`;
    case "provider":
      return `#/providers/${route.id}`;
    case "providers":
      return `#/providers?orderBy=${route.orderBy}`;
    case "jobs": {
      const { status, outcome, resourceClass, requester, provider } = route.filters;
      const params = new URLSearchParams();
      if (status) params.set("status", status);
      if (outcome) params.set("outcome", outcome);
      if (resourceClass !== undefined) params.set("class", String(resourceClass));
      if (requester) params.set("requester", requester);
      if (provider) params.set("provider", provider);
      if (route.pageIndex > 0) params.set("page", String(route.pageIndex));
      const search = params.toString();
      return search ? `#/jobs?${search}` : "#/jobs";
    }
  }
}

/** The current route; follows hash changes. */
export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const onHashChange = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener("hashchange", onHashChange);
    return () => window.removeEventListener("hashchange", onHashChange);
  }, []);
  return route;
}

function parseJobFilters(params: URLSearchParams): JobFilters {
  const status = params.get("status");
  const outcome = params.get("outcome");
  const resourceClass = params.get("class");
  return {
    status: JOB_STATUSES.includes(status as JobStatus) ? (status as JobStatus) : undefined,
    outcome: JOB_OUTCOMES.includes(outcome as JobOutcome) ? (outcome as JobOutcome) : undefined,
    resourceClass: resourceClass && /^\d+$/.test(resourceClass) ? Number(resourceClass) : undefined,
    requester: params.get("requester") || undefined,
    provider: params.get("provider") || undefined,
  };
}

function pageIndex(params: URLSearchParams): number {
  const page = Number(params.get("page"));
  return Number.isInteger(page) && page > 0 ? page : 0;
}

function isLeaderboardOrder(value: string | null): value is LeaderboardOrder {
  return value !== null && value in LEADERBOARD_ORDERS;
}
