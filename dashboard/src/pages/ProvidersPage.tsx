import { DataTable } from "../components/DataTable";
import { QueryStatus } from "../components/QueryStatus";
import { Badge, ProviderLink, Tokens } from "../components/Values";
import { useSubgraphQuery } from "../live/useSubgraphQuery";
import {
  fetchProviderLeaderboard,
  LEADERBOARD_ORDERS,
  type LeaderboardOrder,
  type LeaderboardProvider,
} from "../queries/providerLeaderboard";
import { routeHref } from "../router";

/** Provider leaderboard: the top 100 registered providers by the chosen column. */
export function ProvidersPage({ orderBy }: { orderBy: LeaderboardOrder }) {
  const { data, error, loading } = useSubgraphQuery(`providers:${orderBy}`, (url) =>
    fetchProviderLeaderboard(url, orderBy),
  );
  return (
    <>
      <div className="page-heading">
        <h2>Provider leaderboard</h2>
        <nav className="period-switch" aria-label="Rank by">
          {Object.entries(LEADERBOARD_ORDERS).map(([order, label]) => (
            <a
              key={order}
              className={order === orderBy ? "active" : undefined}
              href={routeHref({ page: "providers", orderBy: order as LeaderboardOrder })}
            >
              {label}
            </a>
          ))}
        </nav>
      </div>
      {data ? (
        <DataTable<LeaderboardProvider>
          testId="leaderboard"
          rows={data}
          rowKey={(p) => p.id}
          empty="No provider registered yet."
          columns={[
            { key: "rank", header: "#", numeric: true, cell: (p) => data.indexOf(p) + 1 },
            { key: "provider", header: "Provider", cell: (p) => <ProviderLink address={p.id} /> },
            { key: "status", header: "Status", cell: (p) => <Badge value={p.status} /> },
            { key: "stake", header: "Stake", numeric: true, cell: (p) => <Tokens wei={p.stake} /> },
            { key: "earnings", header: "Earnings", numeric: true, cell: (p) => <Tokens wei={p.totalEarnings} /> },
            { key: "replica", header: "as replica", numeric: true, cell: (p) => <Tokens wei={p.earnings} /> },
            { key: "verifier", header: "as verifier", numeric: true, cell: (p) => <Tokens wei={p.verifierEarnings} /> },
            { key: "verifications", header: "Verifications", numeric: true, cell: (p) => p.verifications },
            { key: "reputation", header: "Reputation", numeric: true, cell: (p) => p.reputation },
            { key: "completed", header: "Completed", numeric: true, cell: (p) => p.completed },
            { key: "slashes", header: "Dissent / withheld", numeric: true, cell: (p) => p.slashes },
            { key: "noShows", header: "No-shows", numeric: true, cell: (p) => p.noShows },
            { key: "slashed", header: "Slashed", numeric: true, cell: (p) => <Tokens wei={p.slashedAmount} /> },
            { key: "price", header: "Price / Mfuel", numeric: true, cell: (p) => <Tokens wei={p.pricePerMfuel} /> },
            { key: "active", header: "Open jobs", numeric: true, cell: (p) => p.activeJobs },
          ]}
        />
      ) : (
        <QueryStatus loading={loading} error={error} />
      )}
    </>
  );
}
