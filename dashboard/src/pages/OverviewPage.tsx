import { useState } from "react";
import { AuditsVerdictsChart } from "../charts/AuditsVerdictsChart";
import { JobsByOutcomeChart } from "../charts/JobsByOutcomeChart";
import type { PeriodKind } from "../charts/periodColumns";
import { PriceChart } from "../charts/PriceChart";
import { ProvidersStakeChart } from "../charts/ProvidersStakeChart";
import { SlashesChart } from "../charts/SlashesChart";
import { VerifierPoolChart } from "../charts/VerifierPoolChart";
import { VolumeFeesChart } from "../charts/VolumeFeesChart";
import { QueryStatus } from "../components/QueryStatus";
import { StatCard } from "../components/StatCard";
import { Tokens } from "../components/Values";
import { formatInteger, formatMfuel, formatTokens } from "../format";
import { useSubgraphQuery } from "../live/useSubgraphQuery";
import { fetchMarketOverview, type ProtocolTotals } from "../queries/marketOverview";
import { auditsDetail, challengesDetail, panelsDetail, poolDetail } from "./overviewText";

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
      <AuditsVerdictsChart periods={periods} kind={kind} />
      <VerifierPoolChart periods={periods} kind={kind} />
      <ProvidersStakeChart periods={periods} kind={kind} />
    </>
  );
}

function ProtocolStats({ protocol: p }: { protocol: ProtocolTotals }) {
  return (
    <div className="stat-grid">
      <StatCard label="Jobs posted" testId="stat-jobs-posted" value={formatInteger(p.cumulativeJobsPosted)} />
      <StatCard
        label="Open"
        testId="stat-jobs-open"
        value={formatInteger(p.openJobs + p.verifyingJobs)}
        detail={<span data-testid="stat-jobs-verifying">{formatInteger(p.verifyingJobs)} with a panel</span>}
      />
      <StatCard label="Completed" testId="stat-jobs-completed" value={formatInteger(p.cumulativeJobsCompleted)} />
      <StatCard
        label="Refunded"
        testId="stat-jobs-refunded"
        value={formatInteger(p.cumulativeJobsRefunded)}
        detail={<span data-testid="stat-jobs-failed">{formatInteger(p.cumulativeJobsFailed)} failed</span>}
      />
      <StatCard label="Cancelled" testId="stat-jobs-cancelled" value={formatInteger(p.cumulativeJobsCancelled)} />
      <StatCard label="Volume" testId="stat-volume" value={<Tokens wei={p.cumulativeVolume} />} />
      <StatCard label="Fees" testId="stat-fees" value={<Tokens wei={p.cumulativeFees} />} />
      <StatCard
        label="Fuel billed"
        testId="stat-fuel"
        value={formatMfuel(p.cumulativeFuelBilled)}
        detail={<span data-testid="stat-price-per-mfuel">{formatTokens(p.averagePricePerMfuel)} per Mfuel paid</span>}
      />
      <StatCard
        label="Audits"
        testId="stat-audits"
        value={formatInteger(p.cumulativeAuditsAudited)}
        detail={<span data-testid="stat-audits-detail">{auditsDetail(p)}</span>}
      />
      <StatCard
        label="Challenges"
        testId="stat-challenges"
        value={formatInteger(p.cumulativeChallengesOpened)}
        detail={<span data-testid="stat-challenges-detail">{challengesDetail(p)}</span>}
      />
      <StatCard
        label="Panels"
        testId="stat-panels"
        value={formatInteger(p.cumulativePanelsStarted)}
        detail={<span data-testid="stat-panels-detail">{panelsDetail(p)}</span>}
      />
      <StatCard
        label="Verifier pool"
        testId="stat-pool"
        value={<Tokens wei={p.pool} />}
        detail={<span data-testid="stat-pool-detail">{poolDetail(p)}</span>}
      />
      <StatCard
        label="Slashed"
        testId="stat-slashed"
        value={<Tokens wei={p.cumulativeSlashed} />}
        detail={<span data-testid="stat-slash-count">{formatInteger(p.cumulativeSlashes)} slash events</span>}
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
