import type { Result } from "ethers";
import { JobStatus, VerificationStatus } from "@hashwork/sdk/actions";
import { ContractRevertError, decodeContractError, revertDataOf } from "@hashwork/sdk/errors";
import { CliError } from "./errors.js";
import { ExitCode } from "./exit-codes.js";
import { formatTime } from "./format.js";

// Decoding is the SDK's (`decodeContractError` over the market, court, registry, randomness and token ABIs); this
// file only adds what a CLI user needs on top: a sentence, an exit code and a next step per custom error.

/** Prints amounts for messages; the default prints base units. */
export type AmountFormatter = (amount: bigint) => string;

const JOB_STATUS: Record<JobStatus, string> = {
  [JobStatus.None]: "none",
  [JobStatus.Open]: "open",
  [JobStatus.Completed]: "completed",
  [JobStatus.Refunded]: "refunded",
  [JobStatus.Cancelled]: "cancelled",
  [JobStatus.Verifying]: "being verified by the court",
  [JobStatus.Archived]: "finished (its record was recycled)",
};
const VERIFICATION_STATUS: Record<VerificationStatus, string> = {
  [VerificationStatus.None]: "not under verification",
  [VerificationStatus.Audit]: "in its audit",
  [VerificationStatus.Panel]: "before a panel",
  [VerificationStatus.Final]: "final",
};

type Explain = (args: Result, amount: AmountFormatter) => CliError;
const err = (exit: ExitCode, code: string, message: string, hint?: string) =>
  new CliError(exit, code, message, { hint });

/**
 * A sentence and a next step for each custom error, keyed by error name. Errors a user cannot cause through
 * the CLI (market-only hooks, governance) fall through to the generic message with the decoded name.
 */
const EXPLAIN: Record<string, Explain> = {
  JobMarketPaused: () =>
    err(
      ExitCode.NotAllowedNow,
      "MARKET_PAUSED",
      "The market is paused: no new jobs are accepted right now.",
      "Try again once governance unpauses it; settlement, refunds and withdrawals still work.",
    ),
  JobMarketInvalidReplicas: (a) =>
    err(ExitCode.Usage, "INVALID_REPLICAS", `--replicas must be from 1 to ${a[1]}, got ${a[0]}.`),
  JobMarketInvalidResourceClass: (a) =>
    err(ExitCode.Usage, "INVALID_CLASS", `Resource class ${a[0]} does not exist (0 to 31).`),
  JobMarketURITooLong: (a) =>
    err(ExitCode.Usage, "URI_TOO_LONG", `A URI is ${a[0]} bytes long; the market allows ${a[1]}.`),
  JobMarketInvalidBundle: () => err(ExitCode.Usage, "INVALID_BUNDLE", "The bundle hash or URI is empty."),
  JobMarketJobNotOpen: (a) =>
    err(
      ExitCode.NotAllowedNow,
      "JOB_NOT_OPEN",
      Number(a[1]) === 0
        ? `Job ${a[0]} does not exist.`
        : `Job ${a[0]} is ${JOB_STATUS[Number(a[1]) as JobStatus] ?? "closed"}, not open.`,
      Number(a[1]) === 0 ? "List your jobs with `hashwork job list`." : `See it with \`hashwork job status ${a[0]}\`.`,
    ),
  JobMarketNotRequester: (a) =>
    err(
      ExitCode.NotAllowedNow,
      "NOT_REQUESTER",
      `Only the requester of job ${a[0]} can do this; you are ${a[1]}.`,
      "Use the key that posted the job (--keystore or HASHWORK_PRIVATE_KEY).",
    ),
  JobMarketNotSettleable: (a) =>
    err(
      ExitCode.NotAllowedNow,
      "NOT_SETTLEABLE",
      `Job ${a[0]} cannot be settled yet: results are still due and its deadlines have not passed.`,
      `Check its deadlines with \`hashwork job status ${a[0]}\`.`,
    ),
  JobMarketDeadlinePassed: (a) =>
    err(
      ExitCode.NotAllowedNow,
      "DEADLINE_PASSED",
      `The deadline of job ${a[0]} passed at ${formatTime(Number(a[1]))}.`,
      `Anyone can now settle it: \`hashwork job refund ${a[0]}\`.`,
    ),
  JobMarketClaimClosed: (a) =>
    err(ExitCode.NotAllowedNow, "CLAIM_CLOSED", `Claims for job ${a[0]} closed at ${formatTime(Number(a[1]))}.`),
  JobMarketNothingToWithdraw: (a) =>
    err(ExitCode.InsufficientFunds, "NOTHING_TO_WITHDRAW", `${a[0]} has no claimable balance in the market.`),
  JobMarketZeroDeposit: () => err(ExitCode.Usage, "ZERO_AMOUNT", "The deposit must be greater than zero."),
  JobMarketBudgetOutOfBounds: (a, fmt) =>
    err(
      ExitCode.Usage,
      "BUDGET_OUT_OF_BOUNDS",
      `A replica's budget (--fuel × --price-per-mfuel / 1e6) is ${fmt(a[0])}; the market accepts ${fmt(a[1])} to ${fmt(a[2])}.`,
      "Change --fuel or --price-per-mfuel so the budget falls inside.",
    ),
  JobMarketUnverifiable: (a, fmt) =>
    err(
      ExitCode.NotAllowedNow,
      "UNVERIFIABLE",
      `A replica's budget of ${fmt(a[0])} is more than the court can verify now: its pool covers budgets up to ${fmt(a[1])} (maxVerifiableBudget).`,
      "Lower --fuel or --price-per-mfuel, or wait until the court's pool grows (`hashwork market stats` shows it; " +
        "a pool that grew since the court last reported it counts after anyone calls court.syncVerifiableBudget()).",
    ),
  JobMarketInvalidDeadlines: () =>
    err(
      ExitCode.Usage,
      "INVALID_DEADLINES",
      "The job's deadlines are invalid: claims need at least 30 s, commits 30 s more plus the job's execution time at the reference speed, and the job at most 30 days.",
      "Choose a longer --timeout (or a smaller --fuel).",
    ),
  JobMarketSeedKnown: (a) =>
    err(
      ExitCode.NotAllowedNow,
      "SEED_KNOWN",
      `Job ${a[0]} can no longer be cancelled: its lottery seed exists (a job is cancellable only in its posting block and the next).`,
      `It runs to its claim deadline; if nobody claims it, \`hashwork job refund ${a[0]}\` returns the whole escrow.`,
    ),
  JobMarketNotChallengeable: (a) =>
    err(
      ExitCode.NotAllowedNow,
      "NOT_CHALLENGEABLE",
      `Job ${a[0]} has nothing to challenge now: only an agreed payable result can be challenged, after its reveals closed.`,
      `Check it with \`hashwork job status ${a[0]}\`.`,
    ),
  VerificationCourtIneligible: (a) =>
    err(
      ExitCode.NotAllowedNow,
      "CANNOT_CHALLENGE",
      `${a[1]} cannot challenge job ${a[0]}: a replica or the job's auditor never challenges the result it judged.`,
      "Challenge from another account (--keystore or HASHWORK_PRIVATE_KEY).",
    ),
  VerificationCourtNotOpen: (a) =>
    err(
      ExitCode.NotAllowedNow,
      "VERIFICATION_NOT_OPEN",
      `The verification of job ${a[0]} is ${VERIFICATION_STATUS[Number(a[1]) as VerificationStatus] ?? "closed"}.`,
      `See it with \`hashwork job status ${a[0]}\`.`,
    ),
  VerificationCourtAlreadyVerifying: (a) =>
    err(
      ExitCode.NotAllowedNow,
      "ALREADY_VERIFYING",
      `Job ${a[0]} is already before the court's panel.`,
      `Follow it with \`hashwork job wait ${a[0]}\`.`,
    ),
  VerificationCourtNotResolvable: (a) =>
    err(
      ExitCode.NotAllowedNow,
      "NOT_RESOLVABLE",
      `The panel of job ${a[0]} cannot be resolved yet: verifiers are still due and its deadlines have not passed.`,
      `Follow it with \`hashwork job wait ${a[0]}\`; it resolves it as soon as it can.`,
    ),
  VerificationCourtDeadlinePassed: (a) =>
    err(
      ExitCode.NotAllowedNow,
      "DEADLINE_PASSED",
      `A deadline of the verification of job ${a[0]} passed at ${formatTime(Number(a[1]))}.`,
    ),
  VerificationCourtPoolInsufficient: (a, fmt) =>
    err(
      ExitCode.NotAllowedNow,
      "POOL_INSUFFICIENT",
      `The court's pool holds ${fmt(a[1])} but a verifier needs ${fmt(a[0])} reserved.`,
      "Anyone can fund it (`court.fundPool`); `hashwork market stats` shows the pool.",
    ),
  VerificationCourtNothingToWithdraw: (a) =>
    err(
      ExitCode.InsufficientFunds,
      "NOTHING_TO_WITHDRAW",
      `${a[0]} has no claimable balance in the verification court.`,
      "Verifier pay, bonds and challenge rewards become claimable when a verification ends.",
    ),
  TransferShortfall: (a, fmt) =>
    err(
      ExitCode.InsufficientFunds,
      "TRANSFER_SHORTFALL",
      `The contract received ${fmt(a[1])} instead of ${fmt(a[0])}: the token takes a fee on transfer.`,
    ),
  VerificationCourtZeroAmount: () => err(ExitCode.Usage, "ZERO_AMOUNT", "The amount must be greater than zero."),
  ProviderRegistryPriceTooHigh: (a) =>
    err(
      ExitCode.NotAllowedNow,
      "PRICE_TOO_HIGH",
      `The provider's price ${a[0]} per Mfuel is above the job's maximum of ${a[1]} (token base units).`,
    ),
  ProviderRegistryMinimumTooHigh: (a) =>
    err(
      ExitCode.NotAllowedNow,
      "MINIMUM_TOO_HIGH",
      `The provider bills at least ${a[0]} fuel, more than the job's limit of ${a[1]}.`,
    ),
  RandomnessSeedNotReady: (a) =>
    err(
      ExitCode.NotAllowedNow,
      "SEED_NOT_READY",
      `The seed of block ${a[0]} does not exist yet (now at block ${a[1]}).`,
      "Run the command again in a few seconds.",
    ),
  RandomnessSeedExpired: (a) =>
    err(
      ExitCode.NotAllowedNow,
      "SEED_EXPIRED",
      `The seed of block ${a[0]} expired unfixed (now at block ${a[1]}): the draw fails closed.`,
      "Settle the job: it is refunded.",
    ),
  ERC20InsufficientBalance: (a, fmt) =>
    err(
      ExitCode.InsufficientFunds,
      "INSUFFICIENT_BALANCE",
      `Insufficient token balance: ${a[0]} has ${fmt(a[1])} and needs ${fmt(a[2])}.`,
      "Get more tokens into this account, or lower --fuel, --price-per-mfuel or --replicas.",
    ),
  ERC20InsufficientAllowance: (a, fmt) =>
    err(
      ExitCode.InsufficientFunds,
      "INSUFFICIENT_ALLOWANCE",
      `Insufficient allowance: ${a[0]} may spend ${fmt(a[1])} of your tokens but needs ${fmt(a[2])}.`,
      "Run the command again: it approves exactly what is needed before sending.",
    ),
  ERC2612ExpiredSignature: () =>
    err(
      ExitCode.NotAllowedNow,
      "PERMIT_EXPIRED",
      "The permit signature expired before the transaction was mined.",
      "Run the command again.",
    ),
  ERC2612InvalidSigner: () =>
    err(
      ExitCode.Unexpected,
      "PERMIT_INVALID",
      "The token rejected the permit signature.",
      "Retry with --no-permit to approve with a transaction instead.",
    ),
  ProviderRegistryAlreadyRegistered: (a) =>
    err(
      ExitCode.NotAllowedNow,
      "ALREADY_REGISTERED",
      `${a[0]} is already registered.`,
      "Change the offer with `hashwork provider register --update …`.",
    ),
  ProviderRegistryNotRegistered: (a) =>
    err(
      ExitCode.NotAllowedNow,
      "NOT_REGISTERED",
      `${a[0]} is not a registered provider.`,
      "Register first: `hashwork provider register --classes 0 --price-per-mfuel 0.00001 --capacity 2`.",
    ),
  ProviderRegistryInvalidOffer: () =>
    err(
      ExitCode.Usage,
      "INVALID_OFFER",
      "The offer is invalid: it needs at least one class, a non-zero price per Mfuel and a non-zero capacity.",
    ),
  ProviderRegistryZeroAmount: () => err(ExitCode.Usage, "ZERO_AMOUNT", "The amount must be greater than zero."),
  ProviderRegistryStakeTooLarge: (a, fmt) =>
    err(
      ExitCode.Usage,
      "STAKE_TOO_LARGE",
      `The stake would be ${fmt(a[0])}; the registry allows at most ${fmt(a[1])}.`,
    ),
  ProviderRegistryInsufficientFreeStake: (a, fmt) =>
    err(
      ExitCode.InsufficientFunds,
      "INSUFFICIENT_FREE_STAKE",
      `Only ${fmt(a[1])} of your stake is free (not locked as collateral); ${fmt(a[0])} was requested.`,
      "Unstake less, or wait until your open assignments settle.",
    ),
  ProviderRegistryNothingToWithdraw: (a) =>
    err(
      ExitCode.InsufficientFunds,
      "NOTHING_UNBONDING",
      `${a[0]} has no unbonded stake to withdraw.`,
      "Start unbonding with `hashwork provider unstake <amount>` first.",
    ),
  ProviderRegistryStillUnbonding: (a) =>
    err(
      ExitCode.NotAllowedNow,
      "STILL_UNBONDING",
      `The stake is still unbonding until ${formatTime(Number(a[0]))}.`,
      "Run `hashwork provider withdraw` again after that time.",
    ),
  ProviderRegistryJailed: (a) =>
    err(ExitCode.NotAllowedNow, "JAILED", `${a[0]} is jailed until ${formatTime(Number(a[1]))}.`),
};

/**
 * A CliError for a reverted call, or undefined when `error` is no revert: one with revert data, or the SDK's
 * `ContractRevertError` (which may be predicted from a read, without data).
 */
export function explainRevert(
  error: unknown,
  amount: AmountFormatter = (x) => `${x} base units`,
): CliError | undefined {
  const named = error instanceof ContractRevertError && error.errorName !== "unknown";
  const data = revertDataOf(error);
  if (!data && !named) return undefined;
  const decoded = named ? { name: error.errorName, args: [...error.errorArgs] } : decodeContractError(data);
  if (!decoded) {
    return new CliError(
      ExitCode.Unexpected,
      "REVERTED",
      `The contract rejected the call with unknown error data ${data!.slice(0, 10)}.`,
      { cause: error },
    );
  }
  const explained = EXPLAIN[decoded.name]?.(decoded.args as unknown as Result, amount);
  if (explained) return explained;
  return new CliError(
    ExitCode.Unexpected,
    "REVERTED",
    `The contract rejected the call: ${decoded.name}(${decoded.args.join(", ")}).`,
    { cause: error },
  );
}
