import { Scenario } from "./lib.ts";
import {
  DAY,
  HOUR,
  OUT_A,
  P1,
  P2,
  P3,
  T0,
  at,
  claim,
  claimCommitting,
  commit,
  commitmentOf,
  commitsClosed,
  decide,
  deployment,
  post,
  providers,
  reveal,
} from "./world.ts";

// claim(jobId, commitment): a claim that commits in the same transaction emits JobClaimed with the commitment and no
// ResultCommitted. Job 1 (k = 2): P1 claims and commits at once, P2 claims alone and commits later (ResultCommitted);
// the two commitments close commits. Job 2 (k = 1): P3's committing claim is its only commitment and closes commits in
// the same block. Job 3 (k = 1): P2's plain claim, never committed. Every slot counts once.
const s = new Scenario("claim-commit", "a claim that commits: recorded as committed without a ResultCommitted", T0);
s.block(T0, [...deployment(), ...providers([P1, P2, P3])]); // block 2
s.block(T0 + 60, [post(1, 2, T0 + 60), post(2, 1, T0 + 60), post(3, 1, T0 + 60)]); // block 3
s.block(T0 + 120, [claimCommitting(1, P1, 0), claimCommitting(2, P3, 0), commitsClosed(2, 4)]); // block 4
s.block(T0 + 150, [claim(1, P2, 1), claim(3, P2, 0)]); // block 5
s.block(T0 + 180, [commit(1, P2), commitsClosed(1, 6)]); // block 6
s.block(T0 + 240, [
  decide(1, false, 6, T0 + 180),
  decide(2, false, 4, T0 + 120),
  reveal(1, P1, OUT_A, 6_000_000n),
  reveal(1, P2, OUT_A, 6_000_000n),
  reveal(2, P3, OUT_A, 6_000_000n),
]);

s.expectEntity("assignment", "1-0", {
  provider: { id: P1 },
  claimedAt: at(120),
  committedAt: at(120),
  commitment: commitmentOf(1, P1),
  revealedAt: at(240),
  outcome: "PENDING",
});
s.expectEntity("assignment", "1-1", {
  provider: { id: P2 },
  claimedAt: at(150),
  committedAt: at(180),
  commitment: commitmentOf(1, P2),
  revealedAt: at(240),
});
s.expectEntity("assignment", "2-0", {
  provider: { id: P3 },
  claimedAt: at(120),
  committedAt: at(120),
  commitment: commitmentOf(2, P3),
  revealedAt: at(240),
});
s.expectEntity("assignment", "3-0", {
  provider: { id: P2 },
  claimedAt: at(150),
  committedAt: null,
  commitment: null,
  revealedAt: null,
});
s.expectEntity("job", "1", {
  claimed: 2,
  committed: 2,
  revealed: 2,
  firstClaimAt: at(120),
  lastClaimAt: at(150),
  lastCommitAt: at(180),
  commitsClosedAt: at(180),
  revealsClosedAt: at(240),
});
s.expectEntity("job", "2", {
  claimed: 1,
  committed: 1,
  revealed: 1,
  lastCommitAt: at(120),
  commitsClosedAt: at(120),
  revealsClosedAt: at(240),
});
s.expectEntity("job", "3", {
  claimed: 1,
  committed: 0,
  revealed: 0,
  lastCommitAt: null,
  commitsClosedAt: null,
});
s.expectEntity("provider", P1, { jobsClaimed: 1, activeJobs: 1 });
s.expectEntity("provider", P2, { jobsClaimed: 2, activeJobs: 2 });
s.expectEntity("protocol", "hashwork", { cumulativeClaims: 4, cumulativeJobsPosted: 3, openJobs: 3 });
s.expectEntity("marketDayData", String(DAY), { dailyClaims: 4, activeProviders: 3 });
s.expectEntity("marketHourData", String(HOUR), { hourlyClaims: 4, activeProviders: 3 });
s.expectEntity("providerDayData", `${P1}-${DAY}`, { claims: 1, deliveries: 1 });
export default s;
