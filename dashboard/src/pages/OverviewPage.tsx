import { useState } from "react";
import { DisputesChart } from "../charts/DisputesChart";
import { JobsByOutcomeChart } from "../charts/JobsByOutcomeChart";
import type { PeriodKind } from "../charts/periodColumns";
import { PriceChart } from "../charts/PriceChart";
import { ProvidersStakeChart } from "../charts/ProvidersStakeChart";
import { SlashesChart } from "../charts/SlashesChart";
import { VolumeFeesChart } from "../charts/VolumeFeesChart";
import { QueryStatus } from "../components/QueryStatus";
import { StatCard } from "../components/StatCard";
import { Tokens } from "../components/Values";
import { formatInteger } from "../format";
import { useSubgraphQuery } from "../live/useSubgraphQuery";
import { fetchMarketOverview, type ProtocolTotals } from "../queries/marketOverview";

/** Market overview: running totals as stat cards, then per-day or per-hour charts with their numbers. */
export function OverviewPage() {
  const [kind, setKind] = useState<PeriodKind>("day");
  const { data, error, loading } = useSubgraphQuery("overview", (url) => fetchMarketOverview(url));
  if (!data) return <QueryStatus loading={loading} error={error} />;

  const periods = kind === "day" ? data.days : data.hours;
  return (
    <>
      <div className="page-heading">
        <h2>Market overview</h2>
        <span className="as-of">
          as of block <span data-testid="overview-block">{data.block}</span>
        </span>
      </div>
      {data.protocol ? <ProtocolStats protocol={data.protocol} /> : <p className="empty">No market activity yet.</p>}
      <div className="period-switch" role="group" aria-label="Chart period">
        {(["day", "hour"] as const).map((k) => (
          <button key={k} className={k === kind ? "active" : undefined} onClick={() => setKind(k)}>
            {k === "day" ? "By day (last 30)" : "By hour (last 48)"}
          </button>
        ))}
      </div>
      <JobsByOutcomeChart periods={periods} kind={kind} />
      <VolumeFeesChart periods={periods} kind={kind} />
      <PriceChart periods={periods} kind={kind} />
      <SlashesChart periods={periods} kind={kind} />
      <DisputesChart periods={periods} kind={kind} />
      <ProvidersStakeChart periods={periods} kind={kind} />
    </>
  );
}

/** Every slash the registry recorded: replicas by the market, overturned providers and verifiers by the court. */
export function slashEvents(p: ProtocolTotals): number {
  return p.assignmentsSlashedDissent + p.assignmentsSlashedNoShow + p.verifierDissents + p.verifierNoShows;
}

function ProtocolStats({ protocol: p }: { protocol: ProtocolTotals }) {
  return (
    <div className="stat-grid">
      <StatCard label="Jobs posted" testId="stat-jobs-posted" value={formatInteger(p.jobsPosted)} />
      <StatCard label="Open" testId="stat-jobs-open" value={formatInteger(p.jobsOpen)} />
      <StatCard label="Completed" testId="stat-jobs-completed" value={formatInteger(p.jobsCompleted)} />
      <StatCard
        label="Refunded"
        testId="stat-jobs-refunded"
        value={formatInteger(p.jobsRefunded)}
        detail={<span data-testid="stat-jobs-failed">{formatInteger(p.jobsFailed)} failed</span>}
      />
      <StatCard label="Cancelled" testId="stat-jobs-cancelled" value={formatInteger(p.jobsCancelled)} />
      <StatCard label="Volume" testId="stat-volume" value={<Tokens wei={p.cumulativeVolume} />} />
      <StatCard label="Fees" testId="stat-fees" value={<Tokens wei={p.cumulativeFees} />} />
      <StatCard
        label="Slashed"
        testId="stat-slashed"
        value={<Tokens wei={p.cumulativeSlashed} />}
        detail={<span data-testid="stat-slash-count">{formatInteger(slashEvents(p))} slash events</span>}
      />
      <StatCard
        label="Disputes"
        testId="stat-disputes"
        value={formatInteger(p.disputesOpened)}
        detail={
          <span data-testid="stat-disputes-detail">
            {formatInteger(p.disputesOpen)} open · {formatInteger(p.disputesOverturned)} overturned ·{" "}
            {formatInteger(p.disputesUpheld)} upheld · {formatInteger(p.disputesInconclusive)} inconclusive
          </span>
        }
      />
      <StatCard label="Total stake" testId="stat-total-stake" value={<Tokens wei={p.totalStake} />} />
      <StatCard
        label="Staked providers"
        testId="stat-staked-providers"
        value={formatInteger(p.stakedProviderCount)}
        detail={<span data-testid="stat-providers">{formatInteger(p.providerCount)} registered</span>}
      />
      <StatCard label="Open escrow" testId="stat-open-escrow" value={<Tokens wei={p.openEscrow} />} />
    </div>
  );
}
