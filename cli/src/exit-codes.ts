/**
 * What each exit status of `hashwork` means. Scripts branch on these, so a code is never reused for
 * something else once published; `hashwork --help` prints this table.
 */
export enum ExitCode {
  Ok = 0,
  /** A bug or an error nobody anticipated; the message carries the underlying error. */
  Unexpected = 1,
  /** Bad arguments, options or input files; nothing was sent. */
  Usage = 2,
  /** The job, example, content or deployment does not exist. */
  NotFound = 3,
  /** Not enough tokens, gas (ETH), allowance, free stake or claimable balance. */
  InsufficientFunds = 4,
  /** Downloaded bytes do not match the on-chain result hash or their CID; nothing was written. */
  VerificationFailed = 5,
  /** The chain RPC, the content store or the subgraph could not be reached. */
  Unreachable = 6,
  /** Gave up waiting (--wait-timeout). */
  TimedOut = 7,
  /** The job's or provider's state or a deadline does not allow this now (already claimed, not settleable yet…). */
  NotAllowedNow = 8,
  /** The job ended without a usable output: refunded, or the program failed in the sandbox. */
  NoResult = 9,
}

export const EXIT_CODE_HELP = `Exit codes:
  0  ok
  1  unexpected error (the message includes the underlying error)
  2  bad arguments, options or input files — nothing was sent
  3  not found: job, example, content or deployment
  4  insufficient funds: tokens, gas (ETH), allowance, free stake, claimable balance
  5  verification failed: downloaded bytes do not match the on-chain hash or CID — nothing written
  6  unreachable: chain RPC, content store or subgraph
  7  timed out waiting
  8  not allowed now: the job's or provider's state or a deadline forbids it
  9  the job ended without a usable output (refunded, or the program failed in the sandbox)`;
