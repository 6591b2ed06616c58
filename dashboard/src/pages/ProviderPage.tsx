import { ProviderHistoryChart } from "../charts/ProviderHistoryChart";
import { DataTable } from "../components/DataTable";
import { Facts } from "../components/Facts";
import { QueryStatus } from "../components/QueryStatus";
import { StatCard } from "../components/StatCard";
import { Badge, Hex, JobLink, Time, Tokens } from "../components/Values";
import { formatEnum, formatInteger } from "../format";
import { useSubgraphQuery } from "../live/useSubgraphQuery";
import {
  fetchProviderDetail,
  type ProviderAssignment,
  type ProviderDetail,
  type ProviderJailing,
  type ProviderSlash,
  type ProviderVerification,
} from "../queries/providerDetail";
import { routeHref } from "../router";

/** One provider: stake, earnings, reputation, its history per day, slashes, jailings and recent jobs. */
export function ProviderPage({ id }: { id: string }) {
  const { data: provider, error, loading } = useSubgraphQuery(`provider:${id}`, (url) => fetchProviderDetail(url, id));
  if (!provider) {
    return <QueryStatus loading={loading} error={error ?? (provider === null ? `no provider ${id}` : undefined)} />;
  }

  return (
    <>
      <div className="page-heading">
        <h2>
          Provider <Hex value={provider.id} full testId="provider-address" />
        </h2>
        <Badge value={provider.status} testId="provider-status" />
      </div>
      <ProviderStats provider={provider} />
      <ProviderHistoryChart days={provider.dayData} />
      <section className="card">
        <h3>Slashes</h3>
        <SlashTable slashes={provider.slashEvents} />
        {provider.jailings.length > 0 && <JailingTable jailings={provider.jailings} />}
      </section>
      <section className="card">
        <h3>Verifications</h3>
        <p className="note">Disputes it was drawn to verify: it re-executed the job and revealed its result hash.</p>
        <VerificationTable verifications={provider.verifierSlots} />
      </section>
      <section className="card">
        <h3>Recent jobs</h3>
        <p className="note">
          <a href={routeHref({ page: "jobs", filters: { provider: provider.id }, pageIndex: 0 })}>All its jobs →</a>
        </p>
        <AssignmentTable assignments={provider.assignments} />
      </section>
      <section className="card">
        <h3>Offer</h3>
        <Facts
          items={[
            { label: "Price per replica", value: <Tokens wei={provider.price} /> },
            { label: "Resource classes", value: provider.classList.join(", ") || "—" },
            { label: "Capacity", value: provider.capacity },
            { label: "Metadata URI", value: provider.metadataURI ?? "—" },
            { label: "Registered", value: <Time seconds={provider.registeredAt} /> },
          ]}
        />
      </section>
    </>
  );
}

function ProviderStats({ provider: p }: { provider: ProviderDetail }) {
  return (
    <div className="stat-grid">
      <StatCard
        label="Stake"
        testId="provider-stake"
        value={<Tokens wei={p.stake} />}
        detail={
          <>
            <Tokens wei={p.locked} /> locked · <Tokens wei={p.unbonding} /> unbonding
          </>
        }
      />
      <StatCard
        label="Earnings"
        testId="provider-earnings"
        value={<Tokens wei={p.earnings} />}
        detail={
          <>
            <Tokens wei={p.feesPaid} /> fees withheld
          </>
        }
      />
      <StatCard label="Reputation" testId="provider-reputation" value={p.reputation} />
      <StatCard
        label="Completed"
        testId="provider-completed"
        value={formatInteger(p.completed)}
        detail={`${formatInteger(p.jobsClaimed)} claimed · ${formatInteger(p.activeJobs)} open`}
      />
      <StatCard
        label="Slashes"
        testId="provider-slash-count"
        value={formatInteger(p.slashes + p.noShows)}
        detail={`${p.slashes} dissent · ${p.noShows} no-show`}
      />
      <StatCard label="Slashed" testId="provider-slashed" value={<Tokens wei={p.slashedAmount} />} />
      <StatCard
        label="Verifications"
        testId="provider-verifications"
        value={formatInteger(p.verifications)}
        detail={
          <>
            {p.verificationsMajority} majority · {p.verificationsDissent} dissent · {p.verificationsNoShow} no-show ·{" "}
            {p.verificationsReleased} inconclusive · <Tokens wei={p.verifierEarnings} /> earned
          </>
        }
      />
      <StatCard
        label="Results disputed"
        testId="provider-disputed"
        value={formatInteger(p.disputed)}
        detail={
          <>
            <span data-testid="provider-overturned">{p.overturned}</span> overturned · {p.upheld} upheld ·{" "}
            <Tokens wei={p.bondEarnings} /> from bonds
          </>
        }
      />
      <StatCard
        label="Jailed"
        testId="provider-jail-count"
        value={formatInteger(p.jailCount)}
        detail={
          p.jailCount > 0 ? (
            <>
              until <Time seconds={p.jailedUntil} />
            </>
          ) : (
            "never"
          )
        }
      />
    </div>
  );
}

function SlashTable({ slashes }: { slashes: ProviderSlash[] }) {
  return (
    <DataTable<ProviderSlash>
      testId="slashes"
      rows={slashes}
      rowKey={(s) => s.transactionHash + s.job.id}
      empty="Never slashed."
      columns={[
        { key: "time", header: "When", cell: (s) => <Time seconds={s.timestamp} /> },
        { key: "job", header: "Job", cell: (s) => <JobLink id={s.job.id} /> },
        { key: "reason", header: "Reason", cell: (s) => formatEnum(s.reason) },
        { key: "amount", header: "Slashed", numeric: true, cell: (s) => <Tokens wei={s.amount} /> },
        { key: "stake", header: "Stake after", numeric: true, cell: (s) => <Tokens wei={s.stake} /> },
        { key: "tx", header: "Transaction", cell: (s) => <Hex value={s.transactionHash} /> },
        { key: "source", header: "By", cell: (s) => SLASH_SOURCES[s.source] },
      ]}
    />
  );
}

const SLASH_SOURCES: Record<ProviderSlash["source"], string> = {
  MARKET: "market",
  DISPUTE_PROVIDER: "court: result overturned",
  DISPUTE_VERIFIER: "court: as a verifier",
};

function VerificationTable({ verifications }: { verifications: ProviderVerification[] }) {
  return (
    <DataTable<ProviderVerification>
      testId="provider-verifications-table"
      rows={verifications}
      rowKey={(v) => v.dispute.id}
      empty="Never drawn as a verifier."
      columns={[
        { key: "job", header: "Disputed job", cell: (v) => <JobLink id={v.dispute.id} /> },
        { key: "drawn", header: "Drawn", cell: (v) => <Time seconds={v.drawnAt} /> },
        { key: "revealed", header: "Revealed", cell: (v) => <Time seconds={v.revealedAt} /> },
        { key: "hash", header: "Revealed hash", cell: (v) => <Hex value={v.resultHash} /> },
        { key: "outcome", header: "Outcome", cell: (v) => <Badge value={v.outcome} /> },
        {
          key: "verdict",
          header: "Verdict",
          cell: (v) => (v.dispute.verdict ? <Badge value={v.dispute.verdict} /> : "—"),
        },
        { key: "payment", header: "Payment", numeric: true, cell: (v) => <Tokens wei={v.payment} /> },
        { key: "slashed", header: "Slashed", numeric: true, cell: (v) => <Tokens wei={v.slashed} /> },
      ]}
    />
  );
}

function JailingTable({ jailings }: { jailings: ProviderJailing[] }) {
  return (
    <DataTable<ProviderJailing>
      testId="jailings"
      rows={jailings}
      rowKey={(j) => j.timestamp}
      columns={[
        { key: "time", header: "Jailed", cell: (j) => <Time seconds={j.timestamp} /> },
        { key: "until", header: "Until", cell: (j) => <Time seconds={j.until} /> },
        { key: "faults", header: "Consecutive faults", numeric: true, cell: (j) => j.consecutiveFaults },
      ]}
    />
  );
}

function AssignmentTable({ assignments }: { assignments: ProviderAssignment[] }) {
  return (
    <DataTable<ProviderAssignment>
      testId="provider-jobs"
      rows={assignments}
      rowKey={(a) => a.job.id}
      empty="No job claimed yet."
      columns={[
        { key: "job", header: "Job", cell: (a) => <JobLink id={a.job.id} /> },
        { key: "claimed", header: "Claimed", cell: (a) => <Time seconds={a.claimedAt} /> },
        { key: "price", header: "Price", numeric: true, cell: (a) => <Tokens wei={a.price} /> },
        { key: "outcome", header: "Outcome", cell: (a) => <Badge value={a.outcome} /> },
        { key: "payment", header: "Payment", numeric: true, cell: (a) => <Tokens wei={a.payment} /> },
        { key: "bonus", header: "Bonus", numeric: true, cell: (a) => <Tokens wei={a.bonus} /> },
        { key: "slashed", header: "Slashed", numeric: true, cell: (a) => <Tokens wei={a.slashed} /> },
      ]}
    />
  );
}
