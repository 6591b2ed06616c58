import { DataTable } from "../components/DataTable";
import { Facts } from "../components/Facts";
import { QueryStatus } from "../components/QueryStatus";
import { Badge, Hex, ProviderLink, Time, Tokens } from "../components/Values";
import { formatBps } from "../format";
import { useSubgraphQuery } from "../live/useSubgraphQuery";
import {
  fetchJobDetail,
  type DisputeVerifierSlot,
  type JobAssignment,
  type JobDetail,
  type JobDispute,
} from "../queries/jobDetail";
import { routeHref } from "../router";
import { JobTimeline } from "./JobTimeline";

/** One job: its timeline, result, settlement, dispute (if any), terms and replica slots. */
export function JobPage({ id }: { id: string }) {
  const { data: job, error, loading } = useSubgraphQuery(`job:${id}`, (url) => fetchJobDetail(url, id));
  if (!job) return <QueryStatus loading={loading} error={error ?? (job === null ? `no job ${id}` : undefined)} />;

  return (
    <>
      <div className="page-heading">
        <h2 data-testid="job-title">Job #{job.id}</h2>
        <Badge value={job.status} testId="job-status" />
        {job.outcome && job.outcome !== job.status && <Badge value={job.outcome} testId="job-outcome" />}
      </div>
      <div className="columns">
        <section className="card">
          <h3>Timeline</h3>
          <JobTimeline job={job} />
        </section>
        <section className="card">
          <h3>Result</h3>
          <Facts
            items={[
              { label: "Result hash", value: <Hex value={job.resultHash} full />, testId: "job-result-hash" },
              { label: "Result URI", value: job.resultURI ?? "—", testId: "job-result-uri" },
            ]}
          />
          <h3>Settlement</h3>
          <SettlementFacts job={job} />
        </section>
      </div>
      {job.dispute && <DisputeSection dispute={job.dispute} />}
      <section className="card">
        <h3>Terms</h3>
        <JobTerms job={job} />
      </section>
      <section className="card">
        <h3>Replica slots</h3>
        <AssignmentsTable assignments={job.assignments} />
      </section>
    </>
  );
}

function SettlementFacts({ job }: { job: JobDetail }) {
  return (
    <Facts
      items={[
        { label: "Paid to winners (fees incl.)", value: <Tokens wei={job.paid} /> },
        { label: "Protocol fees", value: <Tokens wei={job.fees} /> },
        { label: "Refunded to requester", value: <Tokens wei={job.refund} /> },
        { label: "Compensation", value: <Tokens wei={job.compensation} /> },
        { label: "Slashed", value: <Tokens wei={job.slashed} />, testId: "job-slashed" },
        { label: "Bonuses", value: <Tokens wei={job.bonuses} /> },
        { label: "Treasury", value: <Tokens wei={job.treasuryRevenue} /> },
        { label: "Settlement tx", value: <Hex value={job.settledTx} /> },
      ]}
    />
  );
}

/** The dispute: who challenged, the bond, the verdict, where the court's money went, and each verifier. */
function DisputeSection({ dispute: d }: { dispute: JobDispute }) {
  return (
    <section className="card" data-testid="dispute">
      <div className="page-heading">
        <h3>Dispute</h3>
        <Badge value={d.status} testId="dispute-status" />
        {d.verdict && <Badge value={d.verdict} testId="dispute-verdict" />}
      </div>
      <div className="columns">
        <Facts
          items={[
            { label: "Challenger", value: <Hex value={d.challenger} full />, testId: "dispute-challenger" },
            { label: "Bond", value: <Tokens wei={d.bond} />, testId: "dispute-bond" },
            { label: "Disputed result", value: <Hex value={d.resultHash} full /> },
            { label: "Verifiers' majority", value: <Hex value={d.majorityHash} full />, testId: "dispute-majority" },
            { label: "Verifiers", value: `${d.drawn} drawn of ${d.verifierCount}, ${d.revealed} revealed` },
            { label: "Collateral per verifier", value: <Tokens wei={d.collateral} /> },
            { label: "Draw deadline", value: <Time seconds={d.drawDeadline} /> },
            { label: "Commit deadline", value: <Time seconds={d.commitDeadline} /> },
            { label: "Reveal deadline", value: <Time seconds={d.revealDeadline} /> },
          ]}
        />
        <Facts
          items={[
            {
              label: "Provider slashed",
              value: <Tokens wei={d.providerSlashed} />,
              testId: "dispute-provider-slashed",
            },
            { label: "Verifiers slashed", value: <Tokens wei={d.verifiersSlashed} /> },
            { label: "Requester compensation", value: <Tokens wei={d.compensation} /> },
            { label: "To the challenger", value: <Tokens wei={d.challengerPaid} />, testId: "dispute-challenger-paid" },
            { label: "To the provider (from the bond)", value: <Tokens wei={d.providerPaid} /> },
            {
              label: "To the majority verifiers",
              value: (
                <>
                  <Tokens wei={d.verifierPayments} /> ({d.majorityCount} × <Tokens wei={d.verifierPayment} />)
                </>
              ),
            },
            { label: "To the treasury", value: <Tokens wei={d.treasuryPaid} /> },
            { label: "Resolution tx", value: <Hex value={d.resolvedTx} /> },
          ]}
        />
      </div>
      <VerifiersTable verifiers={d.verifiers} />
    </section>
  );
}

function VerifiersTable({ verifiers }: { verifiers: DisputeVerifierSlot[] }) {
  return (
    <DataTable<DisputeVerifierSlot>
      testId="dispute-verifiers"
      rows={verifiers}
      rowKey={(v) => String(v.slot)}
      empty="No verifier drawn yet."
      columns={[
        { key: "slot", header: "Slot", numeric: true, cell: (v) => v.slot },
        { key: "verifier", header: "Verifier", cell: (v) => <ProviderLink address={v.verifier.id} /> },
        { key: "drawn", header: "Drawn", cell: (v) => <Time seconds={v.drawnAt} /> },
        { key: "committed", header: "Committed", cell: (v) => <Time seconds={v.committedAt} /> },
        { key: "revealed", header: "Revealed", cell: (v) => <Time seconds={v.revealedAt} /> },
        { key: "result", header: "Revealed hash", cell: (v) => <Hex value={v.resultHash} /> },
        { key: "outcome", header: "Outcome", cell: (v) => <Badge value={v.outcome} /> },
        { key: "payment", header: "Payment", numeric: true, cell: (v) => <Tokens wei={v.payment} /> },
        { key: "slashed", header: "Slashed", numeric: true, cell: (v) => <Tokens wei={v.slashed} /> },
      ]}
    />
  );
}

function JobTerms({ job }: { job: JobDetail }) {
  return (
    <Facts
      items={[
        {
          label: "Requester",
          value: (
            <a href={routeHref({ page: "jobs", filters: { requester: job.requester }, pageIndex: 0 })}>
              <Hex value={job.requester} full />
            </a>
          ),
        },
        { label: "Resource class", value: job.resourceClass },
        { label: "Replicas (k)", value: job.replicas },
        { label: "Max price per replica", value: <Tokens wei={job.maxPrice} /> },
        { label: "Escrow", value: <Tokens wei={job.escrow} /> },
        { label: "Collateral per slot", value: <Tokens wei={job.collateral} /> },
        { label: "Protocol fee", value: formatBps(job.feeBps) },
        { label: "Min reputation", value: job.minReputation },
        { label: "Bundle hash", value: <Hex value={job.bundleHash} full /> },
        { label: "Bundle URI", value: job.bundleURI },
        { label: "Claim deadline", value: <Time seconds={job.claimDeadline} /> },
        {
          label: job.replicas === 1 ? "Submit deadline" : "Commit deadline",
          value: <Time seconds={job.commitDeadline} />,
        },
        ...(job.revealDeadline ? [{ label: "Reveal deadline", value: <Time seconds={job.revealDeadline} /> }] : []),
        ...(job.challengeEndsAt ? [{ label: "Challenge ends", value: <Time seconds={job.challengeEndsAt} /> }] : []),
        { label: "Posting tx", value: <Hex value={job.postedTx} /> },
      ]}
    />
  );
}

function AssignmentsTable({ assignments }: { assignments: JobAssignment[] }) {
  return (
    <DataTable<JobAssignment>
      testId="assignments"
      rows={assignments}
      rowKey={(a) => String(a.slot)}
      empty="No slot claimed."
      columns={[
        { key: "slot", header: "Slot", numeric: true, cell: (a) => a.slot },
        { key: "provider", header: "Provider", cell: (a) => <ProviderLink address={a.provider.id} /> },
        { key: "price", header: "Price", numeric: true, cell: (a) => <Tokens wei={a.price} /> },
        { key: "collateral", header: "Collateral", numeric: true, cell: (a) => <Tokens wei={a.collateral} /> },
        { key: "claimed", header: "Claimed", cell: (a) => <Time seconds={a.claimedAt} /> },
        { key: "revealed", header: "Delivered", cell: (a) => <Time seconds={a.revealedAt} /> },
        { key: "result", header: "Result hash", cell: (a) => <Hex value={a.resultHash} /> },
        { key: "outcome", header: "Outcome", cell: (a) => <Badge value={a.outcome} /> },
        { key: "payment", header: "Payment", numeric: true, cell: (a) => <Tokens wei={a.payment} /> },
        { key: "bonus", header: "Bonus", numeric: true, cell: (a) => <Tokens wei={a.bonus} /> },
        { key: "slashed", header: "Slashed", numeric: true, cell: (a) => <Tokens wei={a.slashed} /> },
      ]}
    />
  );
}
