import { DataTable } from "../components/DataTable";
import { Facts } from "../components/Facts";
import { QueryStatus } from "../components/QueryStatus";
import { Badge, Hex, ProviderLink, Time, Tokens } from "../components/Values";
import { formatBps, formatMfuel } from "../format";
import { useSubgraphQuery } from "../live/useSubgraphQuery";
import {
  fetchJobDetail,
  type JobAssignment,
  type JobDetail,
  type JobVerification,
  type VerifierSeat,
} from "../queries/jobDetail";
import { routeHref } from "../router";
import { JobTimeline } from "./JobTimeline";

/** One job: its timeline, result, settlement, verification (audit, panels, challenge), terms and replica slots. */
export function JobPage({ id }: { id: string }) {
  const { data: job, error, loading } = useSubgraphQuery(`job:${id}`, (url) => fetchJobDetail(url, id));
  if (!job) return <QueryStatus loading={loading} error={error ?? (job === null ? `no job ${id}` : undefined)} />;

  return (
    <>
      <div className="page-heading">
        <h2 data-testid="job-title">Job #{job.id}</h2>
        <Badge value={job.status} testId="job-status" />
        {job.outcome && job.outcome !== job.status && <Badge value={job.outcome} testId="job-outcome" />}
        <Badge value={job.audit} testId="job-audit" />
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
              { label: "Output hash", value: <Hex value={job.outputHash} full />, testId: "job-output-hash" },
              { label: "Result (output, fuel)", value: <Hex value={job.result} full />, testId: "job-result" },
              { label: "Fuel used", value: job.fuelUsed === null ? "—" : formatMfuel(job.fuelUsed) },
              { label: "Result URI", value: job.resultURI ?? "—", testId: "job-result-uri" },
            ]}
          />
          <h3>Settlement</h3>
          <SettlementFacts job={job} />
        </section>
      </div>
      {job.verification && <VerificationSection verification={job.verification} />}
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
        { label: "Paid to winners for their fuel", value: <Tokens wei={job.paid} />, testId: "job-paid" },
        { label: "Fuel billed", value: formatMfuel(job.fuelBilled) },
        { label: "Protocol fee (treasury)", value: <Tokens wei={job.feeCharged} /> },
        { label: "Audit fee (verifier pool)", value: <Tokens wei={job.auditFeeCharged} /> },
        { label: "Refunded to requester", value: <Tokens wei={job.refund} />, testId: "job-refund" },
        { label: "Compensation", value: <Tokens wei={job.compensation} /> },
        { label: "Slashed", value: <Tokens wei={job.slashed} />, testId: "job-slashed" },
        { label: "Bonuses", value: <Tokens wei={job.bonuses} /> },
        { label: "To the verifier pool", value: <Tokens wei={job.courtCredit} /> },
        { label: "Settlement tx", value: <Hex value={job.settledTx} /> },
      ]}
    />
  );
}

/** The court's part: why, the challenge, the verdict, the money, each round and each verifier seat. */
function VerificationSection({ verification: v }: { verification: JobVerification }) {
  return (
    <section className="card" data-testid="verification">
      <div className="page-heading">
        <h3>Verification</h3>
        <Badge value={v.status} testId="verification-status" />
        {v.verdictOutcome && <Badge value={v.verdictOutcome} testId="verification-verdict" />}
      </div>
      <div className="columns">
        <Facts
          items={[
            { label: "Audited", value: v.audited ? "yes" : "no", testId: "verification-audited" },
            { label: "Sent to a panel because", value: v.reason ?? "—", testId: "verification-reason" },
            { label: "Agreed result", value: <Hex value={v.agreed} full /> },
            { label: "Verdict", value: <Hex value={v.verdict} full />, testId: "verification-verdict-hash" },
            { label: "Panel rounds", value: v.panelRounds },
            { label: "Verifiers drawn", value: v.verifiersDrawn },
            { label: "Paid to verifiers", value: <Tokens wei={v.verifierPay} />, testId: "verification-pay" },
            { label: "Slashed from verifiers", value: <Tokens wei={v.verifierSlashed} /> },
            { label: "Finalized", value: <Time seconds={v.finalizedAt} /> },
          ]}
        />
        <Facts
          items={[
            { label: "Challenger", value: <Hex value={v.challenger} full />, testId: "verification-challenger" },
            { label: "Bond", value: <Tokens wei={v.bond} />, testId: "verification-bond" },
            { label: "Challenge", value: v.challengeStatus ?? "—", testId: "verification-challenge-status" },
            { label: "Bond returned", value: <Tokens wei={v.bondReturned} /> },
            { label: "Challenger's reward", value: <Tokens wei={v.challengerReward} />, testId: "verification-reward" },
            { label: "Challenged", value: <Time seconds={v.challengedAt} /> },
          ]}
        />
      </div>
      <SeatsTable seats={v.seats} />
    </section>
  );
}

function SeatsTable({ seats }: { seats: VerifierSeat[] }) {
  return (
    <DataTable<VerifierSeat>
      testId="verification-seats"
      rows={seats}
      rowKey={(s) => `${s.roundIndex}-${s.seat}`}
      empty="No verifier drawn yet."
      columns={[
        { key: "round", header: "Round", cell: (s) => (s.roundIndex === 0 ? "audit" : `panel ${s.roundIndex}`) },
        { key: "verifier", header: "Verifier", cell: (s) => <ProviderLink address={s.verifier.id} /> },
        { key: "drawn", header: "Drawn", cell: (s) => <Time seconds={s.drawnAt} /> },
        { key: "committed", header: "Committed", cell: (s) => <Time seconds={s.committedAt} /> },
        { key: "revealed", header: "Revealed", cell: (s) => <Time seconds={s.revealedAt} /> },
        { key: "output", header: "Output hash", cell: (s) => <Hex value={s.outputHash} /> },
        { key: "outcome", header: "Outcome", cell: (s) => <Badge value={s.outcome} /> },
        { key: "payment", header: "Paid", numeric: true, cell: (s) => <Tokens wei={s.payment} /> },
        { key: "slashed", header: "Slashed", numeric: true, cell: (s) => <Tokens wei={s.slashed} /> },
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
        { label: "Fuel limit", value: formatMfuel(job.maxFuel) },
        { label: "Max price per Mfuel", value: <Tokens wei={job.maxPricePerMfuel} /> },
        { label: "Budget per replica", value: <Tokens wei={job.budget} /> },
        { label: "Escrow", value: <Tokens wei={job.escrow} /> },
        { label: "Collateral per slot", value: <Tokens wei={job.collateral} /> },
        { label: "Protocol fee", value: <Tokens wei={job.fee} /> },
        { label: "Audit fee", value: <Tokens wei={job.auditFee} /> },
        { label: "Audit rate", value: formatBps(job.auditRateBps) },
        { label: "Min reputation", value: job.minReputation },
        { label: "Bundle hash", value: <Hex value={job.bundleHash} full /> },
        { label: "Bundle URI", value: job.bundleURI },
        { label: "Claim deadline", value: <Time seconds={job.claimDeadline} /> },
        { label: "Commit deadline", value: <Time seconds={job.commitDeadline} /> },
        ...(job.auditDrawEndsAt ? [{ label: "Auditor draw ends", value: <Time seconds={job.auditDrawEndsAt} /> }] : []),
        ...(job.revealEndsAt ? [{ label: "Reveal ends", value: <Time seconds={job.revealEndsAt} /> }] : []),
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
        { key: "price", header: "Price / Mfuel", numeric: true, cell: (a) => <Tokens wei={a.pricePerMfuel} /> },
        { key: "collateral", header: "Collateral", numeric: true, cell: (a) => <Tokens wei={a.collateral} /> },
        { key: "claimed", header: "Claimed", cell: (a) => <Time seconds={a.claimedAt} /> },
        { key: "revealed", header: "Revealed", cell: (a) => <Time seconds={a.revealedAt} /> },
        {
          key: "output",
          header: "Output hash",
          cell: (a) => (a.inputUnavailable ? "input unavailable" : <Hex value={a.outputHash} />),
        },
        {
          key: "fuel",
          header: "Fuel",
          numeric: true,
          cell: (a) => (a.fuelUsed === null ? "—" : formatMfuel(a.fuelUsed)),
        },
        { key: "outcome", header: "Outcome", cell: (a) => <Badge value={a.fault !== "NONE" ? a.fault : a.outcome} /> },
        { key: "payment", header: "Payment", numeric: true, cell: (a) => <Tokens wei={a.payment} /> },
        { key: "bonus", header: "Bonus", numeric: true, cell: (a) => <Tokens wei={a.bonus} /> },
        { key: "slashed", header: "Slashed", numeric: true, cell: (a) => <Tokens wei={a.slashed} /> },
      ]}
    />
  );
}
