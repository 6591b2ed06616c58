/** Shared steps of the two challenge scenarios: a k = 1 job, unaudited, agreed on A, then challenged with a bond. */
import { court, type MockEvent } from "./lib.ts";
import {
  CHALLENGE,
  CHALLENGER,
  OUT_A,
  P1,
  T0,
  V2,
  V3,
  V4,
  claim,
  commit,
  commitsClosed,
  decide,
  deployment,
  drawn,
  panelRound,
  post,
  providers,
  resultOf,
  reveal,
  verdictCommitted,
  verificationStarted,
} from "./world.ts";

export const A = resultOf(OUT_A, 6_000_000n);
export const BOND = 3000n; // bondBps 30,000 of the 1,000 budget

/** Blocks 2..10 of both challenge scenarios; the panel's reveals and the resolution follow. */
export function challengedJob(): Array<[number, MockEvent[]]> {
  return [
    [T0, [...deployment(), ...providers([P1, V2, V3, V4])]],
    [T0 + 60, [post(1, 1, T0 + 60)]],
    [T0 + 120, [claim(1, P1, 0)]],
    [T0 + 180, [commit(1, P1), commitsClosed(1, 5)]],
    [T0 + 240, [decide(1, false, 5, T0 + 180), reveal(1, P1, OUT_A, 6_000_000n)]], // challenge until +880
    [
      T0 + 300,
      [
        verificationStarted(1, CHALLENGE, CHALLENGER, A),
        court("ChallengeOpened", { jobId: 1, challenger: CHALLENGER, agreed: A, bond: BOND }),
        panelRound(1, 1, 7, T0 + 300),
      ],
    ],
    [T0 + 360, [drawn(1, V2, 1, 0), drawn(1, V3, 1, 1), drawn(1, V4, 1, 2)]],
    [T0 + 420, [verdictCommitted(1, V2, 1), verdictCommitted(1, V3, 1), verdictCommitted(1, V4, 1)]],
  ];
}
