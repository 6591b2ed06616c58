// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IProviderRegistry} from "./IProviderRegistry.sol";
import {IRandomnessSource} from "./IRandomnessSource.sol";

/// @title IJobMarket
/// @notice Escrows job payments, assigns replica slots by a stake-weighted lottery, collects results by commit–reveal
/// (k = 1 and k >= 2 alike), has the protocol audit a random share of jobs, and settles with pull payments.
///
/// A job's result is the pair (output hash, fuel used). Its life:
/// 1. post: the requester escrows `replicas × budget + fee + auditFee`, with `budget = maxFuel × maxPricePerMfuel /
/// 1e6`; 2. claim: drawn providers take the slots (seed of the posting block, stake as of the block before it); 3.
/// commit: each replica commits to its result; commits close when every slot is claimed and committed, or at the
/// commit deadline; 4. audit: a seed from the block after the last commitment decides, with probability `auditRateBps`,
/// whether the    job is audited (a job whose commits closed at the deadline with slots missing is always audited). An
/// audited    job gets one verifier from the VerificationCourt, drawn like a provider, who re-executes and commits
/// before any    replica can reveal: it never sees the answer it checks; 5. reveal: replicas (and the auditor) open
/// their commitments; 6. settle: if every real result agrees (and the auditor, when audited, revealed the same), the
/// job settles after a    challenge window in which anyone may challenge it with a bond; on any disagreement, an
/// unanswered audit or a    challenge, the court's verifier panel decides and the job settles by its verdict. Without a
/// verdict the    requester is refunded and the replicas are released unpaid and unslashed: verification fails closed.
/// Anyone can settle a job once its deadlines allow; nothing stays stuck.
/// @dev Conservation: the market's token balance equals the escrow of open (and verifying) jobs plus all claimable
/// balances (the treasury's and the court's included).
interface IJobMarket {
    enum JobStatus {
        None,
        Open, // claims, commitments, the audit, reveals, the challenge window
        Completed, // a result won; winners paid
        Refunded, // no payable result; escrow returned to the requester
        Cancelled, // withdrawn by the requester before its seed existed
        Verifying, // the court's verifier panel decides; only the court can settle it
        // Finished, and its record recycled by a later job (getJob returns only this status): the job's events, and
        // the subgraph, keep its history.
        Archived
    }

    enum AuditState {
        Undecided, // commits are not closed, or the decision was not taken yet
        NotAudited,
        Audited
    }

    enum Outcome {
        Completed, // a real result won (by agreement or by the panel's verdict)
        InputUnavailable, // "input unavailable" won: refund, nobody slashed for it
        NoConsensus, // no result reached a strict majority of the replicas
        NoClaims, // nobody claimed before the claim deadline (or the seed expired unclaimed)
        NoResult, // every claimer failed to deliver
        Overturned, // the panel found a real result no replica revealed: refund and compensation
        NoVerdict // verification found no majority: refund, replicas released unpaid (fail closed)
    }

    /// @notice Why a job went to the court's verifier panel.
    enum VerificationReason {
        Disagreement, // two revealed real results differ (replicas, or a replica and the auditor)
        AuditUnanswered, // the job was audited and no auditor revealed
        Challenge // someone challenged the agreed result with a bond
    }

    /// @notice What a requester posts. Deadlines are unix seconds.
    struct JobRequest {
        uint8 resourceClass; // 0..31, matched against the provider's class bitmask
        uint8 replicas; // k, 1..MAX_REPLICAS
        uint64 maxFuel; // the job's compute limit: the bundle's `limits.fuel`
        uint64 maxPricePerMfuel; // token units per million fuel the requester pays a replica at most
        uint32 minReputation; // providers below it cannot claim
        uint40 claimDeadline; // last second to claim a slot
        uint40 commitDeadline; // last second to commit a result; at least the execution time after claimDeadline
        bytes32 bundleHash; // hash of the canonical job bundle bytes
        string bundleURI; // where the bundle can be fetched (recorded in the JobPosted event only)
    }

    /// @notice A job, as returned by {getJob}. (The market stores it in a layout of its own, `Jobs.Record`.)
    // Never stored, so packing does not matter (and the packing rule sizes the enum as 32 bytes):
    // solhint-disable-next-line gas-struct-packing
    struct Job {
        address requester;
        JobStatus status;
        AuditState audit;
        uint8 replicas;
        uint8 claimed; // slots taken, in order
        uint8 committedMask; // bit i: slot i committed
        uint8 revealedMask; // bit i: slot i revealed
        uint8 resourceClass;
        uint32 minReputation;
        uint64 maxFuel;
        uint64 maxPricePerMfuel;
        uint96 budget; // token units per replica: maxFuel × maxPricePerMfuel / 1e6
        uint96 collateral; // token units locked per claimed slot (and per verifier)
        uint96 fee; // token units: protocol fee, to the treasury if the job completes
        uint96 auditFee; // token units: to the court's pool once commits closed
        uint16 auditRateBps; // audit probability fixed at posting
        uint64 fuel; // fuel of the first revealed real result by slot (the agreed fuel when results agree)
        uint64 postedBlock; // the lottery's seed is this block's; stake counts as of the block before
        uint64 commitsClosedBlock; // the audit's seed is this block's
        uint40 postedAt;
        uint40 claimDeadline;
        uint40 commitDeadline;
        uint40 commitsClosedAt; // unix seconds; 0 until commits close
        uint40 revealsClosedAt; // unix seconds; 0 until every committed replica (and the auditor) revealed
        uint24 wideningPeriod; // seconds: the lottery's, fixed at posting
        uint112 totalStake; // token units: total stake as of the block before posting, the lottery's denominator
    }

    /// @notice When a job's later phases end (unix seconds; 0 = not known yet).
    struct Timeline {
        uint40 auditDrawEndsAt; // audited: last second an auditor can be drawn
        uint40 auditCommitEndsAt; // audited: last second the auditor can commit; replicas reveal after it
        uint40 revealEndsAt; // last second to reveal
        uint40 challengeEndsAt; // last second to challenge the agreed result (reveals closed)
    }

    /// @notice One replica slot of a job (two storage slots).
    struct Assignment {
        address provider;
        uint64 pricePerMfuel; // the provider's price when it claimed, token units per million fuel
        uint32 minMfuel; // the provider's minimum billable fuel when it claimed, million fuel
        bytes32 result; // commitment until revealed, then `Results.resultOf(outputHash, fuelUsed)`
    }

    /// @notice What the court needs to verify a job.
    // Returned in memory, never stored: solhint-disable-next-line gas-struct-packing
    struct VerificationTerms {
        address requester;
        uint8 resourceClass;
        uint32 minReputation;
        uint64 maxFuel;
        uint64 maxPricePerMfuel; // token units: a verifier who reveals is paid its fuel at this price (the job's own)
        uint96 budget; // token units: the most a verifier can be paid (reserved from the pool when it is drawn)
        uint96 collateral; // token units locked per verifier
        uint40 executionTime; // seconds to re-execute the job at the reference speed
        bytes32 agreed; // the replicas' agreed result under verification (zero when they disagree)
    }

    /// @notice Governance-tunable parameters, each bounded in code (see MarketParameters).
    struct Parameters {
        // slot 0: money fixed per job at posting
        uint16 feeBps; // protocol fee, bps of the job's total budget (replicas × budget)
        uint16 auditFeeBps; // audit fee, bps of one replica's budget
        uint16 auditRateBps; // probability that a job is audited, bps; floored by the break-even rate
        uint32 collateralBps; // collateral per slot, bps of one replica's budget
        uint96 minFee; // token units: floor of the protocol fee per job
        // slot 1
        uint96 minCollateral; // token units
        uint96 minBudget; // token units: floor of one replica's budget (against dust jobs)
        uint16 dissentSlashBps; // bps of collateral slashed for a losing result
        uint16 noShowSlashBps; // bps of collateral slashed for not delivering
        uint16 requesterShareBps; // bps of slashed collateral compensating the requester, capped at replicas × budget
        // slot 2
        uint16 honestShareBps; // bps of slashed collateral shared by the replicas that delivered the winning result
        // bps of slashed collateral to a winning challenger (at most its bond); rest to the pool
        uint16 challengerShareBps;
        uint32 revealPeriod; // seconds replicas and the auditor have to reveal
        uint32 challengeWindow; // seconds (plus the job's execution time) to challenge an agreed result
        uint32 auditDrawPeriod; // seconds for an auditor to be drawn once a job is audited
        uint32 wideningPeriod; // seconds for the lottery's eligible share to grow by another k providers' worth
        uint32 guardianPauseDuration; // seconds a guardian's pause lasts
        uint64 fuelPerSecond; // reference verifier speed: a job's execution time is maxFuel / fuelPerSecond
    }

    // ------------------------------------------------------------------ errors

    error JobMarketZeroAddress();
    /// @notice The registry created from the given code has no code, or does not name this market and its token.
    error JobMarketRegistryMismatch(address registry);
    error JobMarketInvalidRecordRing(uint256 ring, uint256 max);
    error JobMarketPaused();
    error JobMarketInvalidReplicas(uint8 replicas, uint8 max);
    error JobMarketInvalidResourceClass(uint8 resourceClass);
    error JobMarketBudgetOutOfBounds(uint256 budget, uint256 minBudget, uint256 maxBudget);
    /// @notice The court's pool could not pay for verifying a job this large (see {maxVerifiableBudget}).
    error JobMarketUnverifiable(uint256 budget, uint256 maxVerifiableBudget);
    error JobMarketInvalidBundle();
    error JobMarketURITooLong(uint256 length, uint256 max);
    error JobMarketInvalidDeadlines(uint40 claimDeadline, uint40 commitDeadline);
    error JobMarketJobNotOpen(uint256 jobId, JobStatus status);
    error JobMarketNotRequester(uint256 jobId, address caller);
    error JobMarketSeedKnown(uint256 jobId);
    error JobMarketClaimClosed(uint256 jobId, uint256 claimDeadline);
    error JobMarketSlotsFull(uint256 jobId, uint8 replicas);
    error JobMarketAlreadyOnJob(uint256 jobId, address provider);
    error JobMarketRequesterCannotClaim(uint256 jobId);
    error JobMarketNotDrawn(uint256 jobId, address provider);
    error JobMarketNotAssigned(uint256 jobId, address provider);
    error JobMarketDeadlinePassed(uint256 jobId, uint256 deadline);
    error JobMarketAlreadyCommitted(uint256 jobId, address provider);
    error JobMarketZeroHash();
    error JobMarketCommitsNotClosed(uint256 jobId);
    error JobMarketAuditAlreadyDecided(uint256 jobId);
    error JobMarketRevealNotOpen(uint256 jobId);
    error JobMarketNotCommitted(uint256 jobId, address provider);
    error JobMarketAlreadyRevealed(uint256 jobId, address provider);
    error JobMarketCommitmentMismatch(uint256 jobId, address provider);
    error JobMarketFuelOverLimit(uint256 jobId, uint64 fuelUsed, uint64 maxFuel);
    error JobMarketNotSettleable(uint256 jobId);
    error JobMarketNotChallengeable(uint256 jobId);
    error JobMarketNothingToWithdraw(address account);
    error JobMarketZeroDeposit();
    error JobMarketBatchSize(uint256 jobs, uint256 max);
    /// @notice GovernedParameter's error and event (the court and the registry share them), declared again here:
    /// the market's checks run in its linked library MarketParameters, whose reverts and events the compiler
    /// leaves out of the market's ABI.
    error ParameterOutOfBounds(bytes32 parameter, uint256 value, uint256 min, uint256 max);
    error JobMarketParametersUnchanged();
    error JobMarketPauseUnchanged(bool paused);
    error JobMarketNotCourt(address caller);
    error JobMarketNotGuardian(address caller);
    error JobMarketGuardianCoolingDown(uint256 allowedAt);

    // ------------------------------------------------------------------ events

    /// @notice A job was posted. `escrowFromBalance`: its escrow (`replicas × budget + fee + auditFee`) was taken
    /// from the requester's balance in the market; otherwise it was pulled from the requester's wallet.
    event JobPosted(
        uint256 indexed jobId,
        address indexed requester,
        uint8 resourceClass,
        uint8 replicas,
        uint64 maxFuel,
        uint64 maxPricePerMfuel,
        uint96 budget,
        uint96 collateral,
        uint32 minReputation,
        uint96 fee,
        uint96 auditFee,
        uint16 auditRateBps,
        uint40 claimDeadline,
        uint40 commitDeadline,
        bytes32 bundleHash,
        string bundleURI,
        bool indexed escrowFromBalance
    );
    /// @notice A replica slot was taken. `commitment` is the claim's: zero, or the slot's commitment when the claim
    /// also committed (which then emits no `ResultCommitted`).
    event JobClaimed(
        uint256 indexed jobId,
        address indexed provider,
        uint8 slot,
        uint64 pricePerMfuel,
        uint32 minMfuel,
        uint96 collateral,
        bytes32 commitment
    );
    event ResultCommitted(uint256 indexed jobId, address indexed provider, bytes32 commitment);
    /// @notice Every slot was claimed and committed; the audit's seed is the hash of the block after `blockNumber`.
    event CommitsClosed(uint256 indexed jobId, uint64 blockNumber);
    /// @notice The audit decision. When `audited`, an auditor can be drawn until `auditDrawEndsAt` and commit until
    /// `auditCommitEndsAt`; replicas reveal until `revealEndsAt`.
    event AuditDecided(
        uint256 indexed jobId,
        bool audited,
        uint64 seedBlock,
        uint40 auditDrawEndsAt,
        uint40 auditCommitEndsAt,
        uint40 revealEndsAt
    );
    event ResultRevealed(
        uint256 indexed jobId,
        address indexed provider,
        bytes32 outputHash,
        uint64 fuelUsed,
        string resultURI
    );
    event JobCancelled(uint256 indexed jobId, address indexed requester, uint256 refund);
    /// @notice The job went to the court's verifier panel; `agreed` is the replicas' agreed result, if any.
    event VerificationStarted(
        uint256 indexed jobId,
        VerificationReason reason,
        address indexed challenger,
        bytes32 agreed
    );
    /// @notice A winning provider was credited `payment` (its fuel at its own price) plus `bonus` from slashed tokens.
    event ProviderPaid(uint256 indexed jobId, address indexed provider, uint256 payment, uint256 bonus);
    /// @notice A claimer was slashed `amount`; the registry's ProviderSlashed carries its stake afterwards.
    event AssignmentSlashed(
        uint256 indexed jobId,
        address indexed provider,
        IProviderRegistry.Fault reason,
        uint256 amount
    );
    /// @notice A claimer's `collateral` was released without payment or slash (no verdict, "input unavailable" on
    /// either side, or no strict majority).
    event AssignmentReleased(uint256 indexed jobId, address indexed provider, uint256 collateral);
    /// @notice Final accounting of a job. `result` is the winning `Results.resultOf(outputHash, fuel)` (zero if
    /// none). refund + compensation went to the requester, `fee` to the treasury, `toCourt` (the `auditFee` and the
    /// part of `slashed` paid to nobody else) to the court's pool: every amount is the one credited, so an indexer
    /// never re-derives the settlement's formula.
    event JobSettled(
        uint256 indexed jobId,
        address indexed requester,
        Outcome outcome,
        bytes32 result,
        uint64 fuelUsed,
        uint256 paid,
        uint256 fee,
        uint256 auditFee,
        uint256 refund,
        uint256 compensation,
        uint256 slashed,
        uint256 toCourt
    );
    event Withdrawn(address indexed account, uint256 amount);
    event Deposited(address indexed account, uint256 amount);
    /// @notice GovernedParameter's event (see ParameterOutOfBounds above).
    event ParameterUpdated(bytes32 indexed parameter, uint256 oldValue, uint256 newValue);
    event TreasuryUpdated(address indexed oldTreasury, address indexed newTreasury);
    event GuardianUpdated(address indexed oldGuardian, address indexed newGuardian);
    event MarketPaused(address indexed by, uint256 until);
    event MarketUnpaused(address indexed by);
    /// @notice The court reported the largest budget per replica it can verify (see {maxVerifiableBudget}).
    event VerifiableBudgetUpdated(uint256 maxVerifiableBudget);

    // ------------------------------------------------------------------ requester

    /// @notice Posts a job and escrows `replicas × budget + fee + auditFee` tokens: from the caller's balance in the
    /// market when it covers the whole escrow ({JobPosted}'s `escrowFromBalance`), otherwise pulled from its wallet
    /// (transferFrom).
    function postJob(JobRequest calldata request) external returns (uint256 jobId);

    /// @notice Adds `amount` tokens (pulled with transferFrom) to the caller's balance in the market, the balance that
    /// settlements and cancellations credit: later postings draw their escrow from it, and {withdraw} pays it out.
    function deposit(uint256 amount) external;

    /// @notice Same as {postJob} with an EIP-2612 permit instead of a prior approval.
    function postJobWithPermit(
        JobRequest calldata request,
        uint256 deadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external returns (uint256 jobId);

    /// @notice Cancels a job whose lottery seed does not exist yet (the posting block or the next); the escrow
    /// becomes claimable by the requester. Later, cancelling would let a requester re-post until a chosen provider
    /// is drawn, so a job then runs to its claim deadline (refunded in full if nobody claims).
    function cancelJob(uint256 jobId) external;

    /// @notice The escrow {postJob} pulls for `request` under the current parameters.
    function escrowFor(JobRequest calldata request) external view returns (uint256 escrow, uint256 budget);

    // ------------------------------------------------------------------ provider

    /// @notice Takes the next replica slot if the caller wins the lottery and is eligible; locks collateral. A
    /// non-zero `commitment` also commits to the slot's result, as {commitResult} would, in the same transaction: the
    /// provider node does this for a short job, which it runs before claiming (one transaction less). `JobClaimed` then
    /// carries the commitment, and no `ResultCommitted` is emitted.
    function claim(uint256 jobId, bytes32 commitment) external;

    /// @notice Posts `Results.commitment(jobId, msg.sender, outputHash, fuelUsed, salt)` for the caller's replica slot
    /// `slot` (the `slot` of its {JobClaimed}; reverts with JobMarketNotAssigned unless the caller holds it).
    function commitResult(uint256 jobId, uint8 slot, bytes32 commitment) external;

    /// @notice Takes the audit decision once commits closed (revealing takes it too). A k = 1 job's later phases (the
    /// audit's windows, or its reveal period) then count from this decision: taking it during the job's challenge
    /// window against the commitment (see {revealAndSettle}) makes its replica reveal, so that anyone can see and
    /// challenge the answer.
    function decideAudit(uint256 jobId) external;

    /// @notice Opens the caller's commitment once the audit decision allows it (unaudited: right away; audited: once
    /// the auditor committed or its commit window ended). `slot` is the caller's, as for {commitResult}.
    function revealResult(
        uint256 jobId,
        uint8 slot,
        bytes32 outputHash,
        uint64 fuelUsed,
        bytes32 salt,
        string calldata resultURI
    ) external;

    /// @notice A k = 1 job's replica reveals and settles in one transaction, once the challenge window counted from its
    /// commitment (`challengeWindow` plus the execution time after commits closed; `timeline(jobId).challengeEndsAt`
    /// while the audit is undecided) is over and nobody took the audit decision. The decision is taken here: an
    /// unaudited job's result is revealed and settled at once, as if revealed when commits closed (its challenge
    /// window has passed); an audited one (or one whose seed expired) only opens its audit, counted from now, and is
    /// revealed by {revealResult} after its auditor. Anyone who wants to see the answer within the window takes the
    /// decision ({decideAudit}): the replica then reveals within a reveal period and the usual challenge window
    /// follows. A replica that neither reveals nor settles can be settled as withholding a reveal period after the
    /// window. Reverts JobMarketRevealNotOpen for a job with k > 1, a decided audit, or before the window's end.
    function revealAndSettle(
        uint256 jobId,
        bytes32 outputHash,
        uint64 fuelUsed,
        bytes32 salt,
        string calldata resultURI
    ) external;

    // ------------------------------------------------------------------ anyone

    /// @notice Settles a job whose reveals are closed: sends it to the court's panel on any disagreement or
    /// unanswered audit, otherwise (after the challenge window, when a result is payable) pays winners, slashes
    /// dissenters and no-shows, refunds the requester.
    function settle(uint256 jobId) external;

    /// @notice Settles several jobs in one transaction, as {settle} does each: a node settling the jobs it finished
    /// pays one transaction's base cost and one cold access to each shared slot and contract for all of them. A job
    /// settled since the batch was put together (or under verification) is skipped; any other job that {settle} would
    /// refuse, a job id never posted included, reverts the whole batch. 1 to 32 jobs (a batch of 7-replica jobs that
    /// all slash still fits a block).
    function settleMany(uint256[] calldata jobIds) external;

    /// @notice Pays out the caller's own balance (what settlements credited it as a requester or provider) or, when it
    /// has none, what settlements owe the treasury and the court if it holds either role. An account with both (a
    /// former treasury made treasury again) withdraws twice.
    function withdraw() external;

    // ------------------------------------------------------------------ court

    /// @notice Called by the court when `challenger` challenges the agreed result during the challenge window.
    function beginChallenge(uint256 jobId, address challenger) external returns (VerificationTerms memory terms);

    /// @notice Called by the court when the auditor revealed: reveals close if every replica has revealed too.
    function noteAuditRevealed(uint256 jobId) external;

    /// @notice Called by the court whenever its `maxVerifiableBudget` changed: at least every time it fell.
    function setVerifiableBudget(uint256 maxVerifiableBudget) external;

    /// @notice Called by the court with its verdict (zero: no verdict). Settles the job and returns the token units
    /// credited to the court for a winning challenger (a share of the slashed collateral).
    function finalizeVerification(
        uint256 jobId,
        bytes32 result,
        uint64 fuelUsed
    ) external returns (uint256 challengerReward);

    // ------------------------------------------------------------------ governance

    /// @notice Replaces every tunable parameter; each must lie within its bound (see MarketParameters).
    /// Jobs already posted keep their fee, audit fee, audit rate and collateral.
    function setParameters(Parameters calldata next) external;
    /// @notice Where protocol fees accrue from now on.
    function setTreasury(address treasury) external;
    /// @notice Who may pause the market for `guardianPauseDuration` (zero: nobody).
    function setGuardian(address guardian) external;
    /// @notice Stops new jobs and new claims until unpaused. Reveals, settlement, verification, refunds and withdrawals
    /// keep working.
    function pause() external;
    /// @notice Ends the owner's pause and any guardian pause.
    function unpause() external;
    /// @notice The guardian's emergency brake: stops new jobs and new claims for `guardianPauseDuration`. It cannot be
    /// extended; a new guardian pause needs a cooldown as long as the pause after the previous one ended.
    function guardianPause() external;

    // ------------------------------------------------------------------ views

    function token() external view returns (address);
    function registry() external view returns (IProviderRegistry);
    function randomness() external view returns (IRandomnessSource);
    function treasury() external view returns (address);
    function guardian() external view returns (address);
    function parameters() external view returns (Parameters memory);
    /// @notice Whether new jobs and claims are stopped, and until when (type(uint40).max: until governance unpauses).
    function pausedUntil() external view returns (uint256);
    function jobCount() external view returns (uint256);
    /// @notice How many job records the market recycles: job n takes the record of job n - recordRing when that job
    /// is finished, and then {getJob} of the earlier job returns only the status `Archived`.
    function recordRing() external view returns (uint256);
    function getJob(uint256 jobId) external view returns (Job memory);
    function timeline(uint256 jobId) external view returns (Timeline memory);
    function getAssignments(uint256 jobId) external view returns (Assignment[] memory);
    function claimable(address account) external view returns (uint256);
    /// @notice The largest budget per replica {postJob} accepts: the court's `maxVerifiableBudget` as it last reported
    /// it. The court reports every fall at once; a rise (audit fees, slashes) arrives with its next report or with
    /// `VerificationCourt.syncVerifiableBudget`, so this is never above what the court can verify.
    function maxVerifiableBudget() external view returns (uint256);
    /// @notice Seconds to re-execute `maxFuel` at the reference speed (at least one minute).
    function executionTime(uint64 maxFuel) external view returns (uint256);
    /// @notice Whether `account` is the requester or holds a replica slot of `jobId`.
    function isParty(uint256 jobId, address account) external view returns (bool);
    /// @notice Whether `provider` currently wins the lottery for `jobId` (eligibility is checked on claim).
    function isDrawn(uint256 jobId, address provider) external view returns (bool);
    /// @notice The seed of `jobId`'s replica draw: the randomness source's `seedFor(postedBlock)`, which the job's
    /// first claim keeps in the market when more slots stay open (the source does not store it), so later claims, and
    /// this, read it after the chain forgot it. Reverts as `seedFor` does before the first claim, and for a job not
    /// stored (never posted, or Archived).
    function drawSeed(uint256 jobId) external view returns (bytes32);
    /// @notice Whether {settle} would succeed now.
    function isSettleable(uint256 jobId) external view returns (bool);
    /// @notice The court's view of an audited job: its terms and the auditor's window.
    function auditTerms(
        uint256 jobId
    ) external view returns (VerificationTerms memory terms, uint64 seedBlock, uint40 openedAt, Timeline memory times);
}
