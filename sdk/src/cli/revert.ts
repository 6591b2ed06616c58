import { Interface, type ErrorDescription, type Result } from "ethers";
import {
  DisputeCourt__factory,
  HashworkToken__factory,
  JobMarket__factory,
  ProviderRegistry__factory,
} from "../typechain/index.js";
import { CliError } from "./errors.js";
import { ExitCode } from "./exit-codes.js";
import { formatTime } from "./format.js";

/**
 * Every custom error a CLI transaction can hit: the market's, the dispute court's, the registry's and the
 * token's (ERC-20, permit).
 */
const INTERFACES: Interface[] = [
  JobMarket__factory.createInterface(),
  DisputeCourt__factory.createInterface(),
  ProviderRegistry__factory.createInterface(),
  HashworkToken__factory.createInterface(),
];

/** Prints amounts for messages; the default prints base units. */
export type AmountFormatter = (amount: bigint) => string;

const JOB_STATUS = ["none", "open", "completed", "refunded", "cancelled", "disputed"];
const DISPUTE_STATUS = ["not disputed", "open", "resolved"];

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
  JobMarketPriceOutOfBounds: (a, fmt) =>
    err(
      ExitCode.Usage,
      "PRICE_OUT_OF_BOUNDS",
      `--price ${fmt(a[0])} is below the market minimum of ${fmt(a[1])} per replica.`,
      `Pass --price ${fmt(a[1])} or more.`,
    ),
  JobMarketInvalidDeadlines: () =>
    err(
      ExitCode.Usage,
      "INVALID_DEADLINES",
      "The job's deadlines are invalid: each phase needs at least 30 s and the job at most 30 days.",
      "Choose a --timeout between 2m and 30d.",
    ),
  JobMarketURITooLong: (a) =>
    err(ExitCode.Usage, "URI_TOO_LONG", `A URI is ${a[0]} bytes long; the market allows ${a[1]}.`),
  JobMarketInvalidBundle: () => err(ExitCode.Usage, "INVALID_BUNDLE", "The bundle hash or URI is empty."),
  JobMarketJobNotOpen: (a) =>
    err(
      ExitCode.NotAllowedNow,
      "JOB_NOT_OPEN",
      Number(a[1]) === 0 ? `Job ${a[0]} does not exist.` : `Job ${a[0]} is ${JOB_STATUS[Number(a[1])]}, not open.`,
      Number(a[1]) === 0 ? "List your jobs with `hashwork job list`." : `See it with \`hashwork job status ${a[0]}\`.`,
    ),
  JobMarketNotRequester: (a) =>
    err(
      ExitCode.NotAllowedNow,
      "NOT_REQUESTER",
      `Only the requester of job ${a[0]} can do this; you are ${a[1]}.`,
      "Use the key that posted the job (--keystore or HASHWORK_PRIVATE_KEY).",
    ),
  JobMarketAlreadyClaimed: (a) =>
    err(
      ExitCode.NotAllowedNow,
      "ALREADY_CLAIMED",
      `Job ${a[0]} has already been claimed by a provider, so it can no longer be cancelled.`,
      `Wait for the result with \`hashwork job wait ${a[0]}\`; if it times out, \`hashwork job refund ${a[0]}\` returns your escrow.`,
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
  JobMarketTransferShortfall: (a, fmt) =>
    err(
      ExitCode.InsufficientFunds,
      "TRANSFER_SHORTFALL",
      `The market received ${fmt(a[1])} instead of ${fmt(a[0])}: the token takes a fee on transfer.`,
    ),
  JobMarketNothingToDispute: (a) =>
    err(
      ExitCode.NotAllowedNow,
      "NOTHING_TO_DISPUTE",
      `Job ${a[0]} has no result to dispute: only a submitted k = 1 result can be challenged.`,
      `Check it with \`hashwork job status ${a[0]}\`; k ≥ 2 jobs are settled by consensus instead.`,
    ),
  DisputeCourtProviderCannotChallenge: (a) =>
    err(
      ExitCode.NotAllowedNow,
      "PROVIDER_CANNOT_CHALLENGE",
      `You are the provider of job ${a[0]}: a provider cannot dispute its own result.`,
      "Dispute from another account (--keystore or HASHWORK_PRIVATE_KEY).",
    ),
  DisputeCourtNotOpen: (a) =>
    err(
      ExitCode.NotAllowedNow,
      "DISPUTE_NOT_OPEN",
      `The dispute of job ${a[0]} is ${DISPUTE_STATUS[Number(a[1])] ?? "closed"}, not open.`,
      `See the verdict with \`hashwork job dispute ${a[0]} --wait\` (it only follows a dispute that exists).`,
    ),
  DisputeCourtNotResolvable: (a) =>
    err(
      ExitCode.NotAllowedNow,
      "DISPUTE_NOT_RESOLVABLE",
      `The dispute of job ${a[0]} cannot be resolved yet: verifiers are still due and its deadlines have not passed.`,
      `Follow it with \`hashwork job dispute ${a[0]} --wait\`; it resolves it as soon as it can.`,
    ),
  DisputeCourtNothingToWithdraw: (a) =>
    err(
      ExitCode.InsufficientFunds,
      "NOTHING_TO_WITHDRAW",
      `${a[0]} has no claimable balance in the dispute court.`,
      "Bonds, rewards and compensation become claimable when a dispute is resolved.",
    ),
  DisputeCourtTransferShortfall: (a, fmt) =>
    err(
      ExitCode.InsufficientFunds,
      "TRANSFER_SHORTFALL",
      `The court received ${fmt(a[1])} instead of the ${fmt(a[0])} bond: the token takes a fee on transfer.`,
    ),
  DisputeCourtDrawClosed: (a) =>
    err(
      ExitCode.NotAllowedNow,
      "DRAW_CLOSED",
      `Verifiers for job ${a[0]} could be drawn until ${formatTime(Number(a[1]))}; the draw is closed.`,
    ),
  DisputeCourtDeadlinePassed: (a) =>
    err(
      ExitCode.NotAllowedNow,
      "DEADLINE_PASSED",
      `A deadline of the dispute of job ${a[0]} passed at ${formatTime(Number(a[1]))}.`,
      `Anyone can resolve it now: \`hashwork job dispute ${a[0]} --wait\`.`,
    ),
  ERC20InsufficientBalance: (a, fmt) =>
    err(
      ExitCode.InsufficientFunds,
      "INSUFFICIENT_BALANCE",
      `Insufficient token balance: ${a[0]} has ${fmt(a[1])} and needs ${fmt(a[2])}.`,
      "Get more tokens into this account, or lower --price / --replicas.",
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
      "Register first: `hashwork provider register --classes 0 --price 1 --capacity 2`.",
    ),
  ProviderRegistryInvalidOffer: () =>
    err(
      ExitCode.Usage,
      "INVALID_OFFER",
      "The offer is invalid: it needs at least one class, a non-zero price and a non-zero capacity.",
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

/** The revert data (custom error selector + arguments) inside an ethers error, if any. */
export function revertData(error: unknown): string | undefined {
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current && typeof current === "object" && !seen.has(current)) {
    seen.add(current);
    const e = current as { data?: unknown; info?: { error?: { data?: unknown } }; error?: unknown; cause?: unknown };
    if (typeof e.data === "string" && e.data.startsWith("0x") && e.data.length >= 10) return e.data;
    const nested = e.info?.error?.data;
    if (typeof nested === "string" && nested.startsWith("0x") && nested.length >= 10) return nested;
    current = e.error ?? e.cause;
  }
  return undefined;
}

/** Decodes revert data against the market, registry and token ABIs. */
export function decodeRevert(data: string): ErrorDescription | undefined {
  for (const iface of INTERFACES) {
    try {
      const parsed = iface.parseError(data);
      if (parsed) return parsed;
    } catch {
      // not this contract's error
    }
  }
  return undefined;
}

/** A CliError for a reverted call, or undefined when `error` carries no decodable revert. */
export function explainRevert(
  error: unknown,
  amount: AmountFormatter = (x) => `${x} base units`,
): CliError | undefined {
  const data = revertData(error);
  if (!data) return undefined;
  const decoded = decodeRevert(data);
  if (!decoded) {
    return new CliError(
      ExitCode.Unexpected,
      "REVERTED",
      `The contract rejected the call with unknown error data ${data.slice(0, 10)}.`,
      {
        cause: error,
      },
    );
  }
  const explained = EXPLAIN[decoded.name]?.(decoded.args, amount);
  if (explained) return explained;
  return new CliError(
    ExitCode.Unexpected,
    "REVERTED",
    `The contract rejected the call: ${decoded.name}(${decoded.args.join(", ")}).`,
    {
      cause: error,
    },
  );
}
