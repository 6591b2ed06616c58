import { formatInteger, formatRatio, formatTokens } from "../format";
import type { ProtocolTotals } from "../queries/marketOverview";

/**
 * The overview's sentences about audits, challenges, panels and the pool, in one place: the page shows them and the
 * browser check (test/checkDashboard.ts) expects them from the subgraph's raw numbers.
 */
type Totals = Pick<
  ProtocolTotals,
  | "cumulativeAuditsDecided"
  | "auditRateRealised"
  | "cumulativeAuditsUpheld"
  | "cumulativeAuditsOverturned"
  | "cumulativeAuditsNoVerdict"
  | "cumulativeChallengesWon"
  | "cumulativeChallengesLost"
  | "cumulativeChallengesUndecided"
  | "openChallenges"
  | "cumulativePanelRoundsOpened"
  | "cumulativePanelRoundsNoMajority"
  | "cumulativeVerificationsUpheld"
  | "cumulativeVerificationsOverturned"
  | "cumulativeVerificationsNoVerdict"
  | "reserved"
  | "cumulativeVerifierPay"
>;

const n = formatInteger;

export function auditsDetail(p: Totals): string {
  return (
    `of ${n(p.cumulativeAuditsDecided)} decided (${formatRatio(p.auditRateRealised)}) · ` +
    `${n(p.cumulativeAuditsUpheld)} upheld · ${n(p.cumulativeAuditsOverturned)} overturned · ` +
    `${n(p.cumulativeAuditsNoVerdict)} no verdict`
  );
}

export function challengesDetail(p: Totals): string {
  return (
    `${n(p.cumulativeChallengesWon)} won · ${n(p.cumulativeChallengesLost)} lost · ` +
    `${n(p.cumulativeChallengesUndecided)} undecided · ${n(p.openChallenges)} open`
  );
}

export function panelsDetail(p: Totals): string {
  return (
    `${n(p.cumulativePanelRoundsOpened)} rounds · ${n(p.cumulativePanelRoundsNoMajority)} split · ` +
    `${n(p.cumulativeVerificationsUpheld)} upheld · ${n(p.cumulativeVerificationsOverturned)} overturned · ` +
    `${n(p.cumulativeVerificationsNoVerdict)} no verdict`
  );
}

export function poolDetail(p: Totals): string {
  return `${formatTokens(p.reserved)} reserved · ${formatTokens(p.cumulativeVerifierPay)} paid to verifiers`;
}
