import { ProviderHistoryChart } from "../charts/ProviderHistoryChart";
import { DataTable } from "../components/DataTable";
import { Facts } from "../components/Facts";
import { QueryStatus } from "../components/QueryStatus";
import { StatCard } from "../components/StatCard";
import { Badge, Hex, JobLink, Time, Tokens } from "../components/Values";
import { formatEnum, formatInteger, formatMfuel } from "../format";
import { useSubgraphQuery } from "../live/useSubgraphQuery";
import {
  fetchProviderDetail,
  type ProviderAssignment,
  type ProviderDetail,
  type ProviderJailing,
  type ProviderSeat,
  type ProviderSlash,
} from "../queries/providerDetail";
import { routeHref } from "../router";

/** One provider: stake, earnings, reputation, its work as a verifier, its history per day, slashes and recent jobs. */
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
        <h3>Verifier work</h3>
        <p className="note">
          Audits and panel seats it was drawn for: it re-executed the job, committed and revealed; paid the job&apos;s
          budget from the verifier pool when it revealed, slashed when it did not or sided against a real verdict.
        </p>
        <SeatTable seats={provider.seats} />
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
            { label: "Price per Mfuel", value: <Tokens wei={provider.pricePerMfuel} /> },
            { label: "Minimum billed", value: formatMfuel(BigInt(provider.minMfuel) * 1_000_000n) },
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
        value={<Tokens wei={p.totalEarnings} />}
        detail={
          <>
            <span data-testid="provider-replica-earnings">
              <Tokens wei={p.earnings} />
            </span>{" "}
            as a replica · <Tokens wei={p.verifierEarnings} /> as a verifier
          </>
        }
      />
      <StatCard
        label="Completions"
        testId="provider-completed"
        value={formatInteger(p.completed)}
        detail={`paid slots and upheld seats · ${formatInteger(p.jobsClaimed)} slots claimed · ${formatInteger(p.activeJobs)} open · ${formatMfuel(p.fuelBilled)} billed`}
      />
      <StatCard label="Reputation" testId="provider-reputation" value={p.reputation} />
      <StatCard
        label="Verifier work"
        testId="provider-verifications"
        value={formatInteger(p.verifications)}
        detail={
          <span data-testid="provider-verifications-detail">
            seats ({p.audits} {p.audits === 1 ? "audit" : "audits"}) · {p.verificationsUpheld} upheld ·{" "}
            {p.verificationsPaid} paid · {p.verificationsDissent} dissent · {p.verificationsMissed} missed
          </span>
        }
      />
      <StatCard
        label="Verifier earnings"
        testId="provider-verifier-earnings"
        value={<Tokens wei={p.verifierEarnings} />}
        detail={
          <>
            <Tokens wei={p.verifierSlashedAmount} /> slashed as a verifier
          </>
        }
      />
      <StatCard
        label="Slashes"
        testId="provider-slash-count"
        value={formatInteger(p.slashes + p.noShows)}
        detail={`${p.slashes - p.withheld} dissent · ${p.withheld} withheld · ${p.noShows} no-show · ${p.slashes + p.noShows - p.faultsAtJail} since its last jail`}
      />
      <StatCard label="Slashed" testId="provider-slashed" value={<Tokens wei={p.slashedAmount} />} />
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
  MARKET: "market: as a replica",
  COURT: "court: as a verifier",
};

function SeatTable({ seats }: { seats: ProviderSeat[] }) {
  return (
    <DataTable<ProviderSeat>
      testId="provider-seats"
      rows={seats}
      rowKey={(s) => s.verification.id}
      empty="Never drawn as a verifier."
      columns={[
        { key: "job", header: "Job", cell: (s) => <JobLink id={s.verification.id} /> },
        { key: "round", header: "Round", cell: (s) => (s.roundIndex === 0 ? "audit" : `panel ${s.roundIndex}`) },
        { key: "drawn", header: "Drawn", cell: (s) => <Time seconds={s.drawnAt} /> },
        { key: "revealed", header: "Revealed", cell: (s) => <Time seconds={s.revealedAt} /> },
        { key: "output", header: "Output hash", cell: (s) => <Hex value={s.outputHash} /> },
        { key: "outcome", header: "Outcome", cell: (s) => <Badge value={s.outcome} /> },
        {
          key: "verdict",
          header: "Verdict",
          cell: (s) => (s.verification.verdictOutcome ? <Badge value={s.verification.verdictOutcome} /> : "—"),
        },
        { key: "payment", header: "Paid", numeric: true, cell: (s) => <Tokens wei={s.payment} /> },
        { key: "slashed", header: "Slashed", numeric: true, cell: (s) => <Tokens wei={s.slashed} /> },
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
        { key: "faults", header: "Faults in the window", numeric: true, cell: (j) => j.faults },
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
        { key: "price", header: "Price / Mfuel", numeric: true, cell: (a) => <Tokens wei={a.pricePerMfuel} /> },
        { key: "fuel", header: "Fuel billed", numeric: true, cell: (a) => formatMfuel(a.fuelBilled) },
        { key: "outcome", header: "Outcome", cell: (a) => <Badge value={a.fault !== "NONE" ? a.fault : a.outcome} /> },
        { key: "payment", header: "Payment", numeric: true, cell: (a) => <Tokens wei={a.payment} /> },
        { key: "bonus", header: "Bonus", numeric: true, cell: (a) => <Tokens wei={a.bonus} /> },
        { key: "slashed", header: "Slashed", numeric: true, cell: (a) => <Tokens wei={a.slashed} /> },
      ]}
    />
  );
}
