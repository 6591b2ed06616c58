// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IJobMarket} from "./IJobMarket.sol";
import {IProviderRegistry} from "./IProviderRegistry.sol";

/// @title IVerificationCourt
/// @notice Re-execution by drawn verifiers: the protocol's audits, challenges, and the verifier panels that decide
/// disagreements. Verifiers are drawn like providers (the stake-weighted hash lottery, a seed from the block after the
/// trigger, stake as of the block before it), excluding the job's requester, replicas, challenger and earlier
/// verifiers; they lock the job's collateral, re-execute the bundle and commit–reveal a result.
///
/// Rounds of one job:
/// - round 0, the audit (audited jobs only): one verifier, drawn once the market decided the audit and committing
///   before any replica may reveal, so it never sees the answer it checks. Its result is compared with the replicas'
///   at settlement;
/// - rounds 1..maxRounds, panels of `panelSize` verifiers, opened by the market when results disagree or an audit went
///   unanswered, or by a challenge (a bond against the agreed result, during the challenge window). A strict majority
///   of a panel is the verdict; no majority opens the next round; after the last round the job fails closed (the
///   requester is refunded, replicas released unpaid and unslashed, a challenger's bond returned).
///
/// Proof of execution: a verifier commits, with its result, `keccak256(abi.encode(seed, stateDigest))` — the round's
/// seed and the digest of the module's final state (its linear memory when it stopped), which no replica publishes. A
/// panel votes on result and proof together, so a panel verifier that copies a revealed answer without executing finds
/// no majority with its guess, and is slashed for it.
///
/// Money: every verifier who reveals is paid the fuel it revealed at the job's own price per million fuel (never less
/// than re-executing costs), whatever the verdict, from the court's pool — except in a panel round without a majority,
/// where only seats whose ballot another seat corroborated are paid (a copier must not live off splits it causes); the
/// budget is reserved when the verifier is drawn, so a drawn verifier is always paid. Verifiers outside a majority, and
/// those who never reveal, are slashed into the pool. The pool is funded by every job's audit fee, by slashed
/// collateral the market does not pay out, by forfeited bonds and by anyone ({fundPool}). A challenger whose challenge
/// wins gets its bond back plus a share of the slashed collateral; one that loses forfeits the bond to the pool;
/// without a verdict the bond first pays the replicas of the challenged result what it would have paid them, and the
/// rest goes back.
/// @dev Conservation: the court's token balance plus its claimable balance in the market equals the pool, the reserved
/// verifier pay, the bonds of open challenges and the court's claimable balances.
interface IVerificationCourt {
    enum VerificationStatus {
        None,
        Audit, // round 0 running (or done) while the job is Open
        Panel, // a panel round is running; the job is Verifying
        Final // the job settled; everyone judged
    }

    /// @notice A job's verification, as stored and as returned by {getVerification}.
    struct Verification {
        VerificationStatus status;
        uint8 round; // the current (or last) round: 0 = audit, 1.. = panels
        uint16 verifierSlashBps; // fixed when the verification starts
        address challenger; // zero unless challenged
        uint96 bond; // token units held for the challenger
        bytes32 agreed; // the replicas' agreed result under verification (zero if they disagreed)
        bytes32 verdict; // the deciding result once final (zero: none)
    }

    /// @notice One round: the audit (one seat) or a panel.
    struct Round {
        uint8 seats;
        uint8 claimed; // seats taken, in order
        uint8 committedMask; // bit i: seat i committed
        uint8 revealedMask; // bit i: seat i revealed
        uint40 openedAt; // unix seconds; the round's lottery widens from here
        uint40 drawEndsAt; // last second a verifier can be drawn
        uint40 commitEndsAt; // last second to commit
        uint40 revealEndsAt; // last second to reveal
        uint40 openedBlock; // the round's trigger block: seed of the next block, stake as of the previous
        uint24 wideningPeriod; // seconds: the round's lottery widening (the audit's: the job's), fixed when it opens
    }

    /// @notice One verifier seat.
    struct Seat {
        address account;
        uint64 fuelUsed; // the fuel it revealed
        bytes32 result; // commitment until revealed, then `Results.resultOf(outputHash, fuelUsed)`
        bytes32 proof; // its proof of execution: keccak256(abi.encode(round seed, final state digest))
    }

    /// @notice Governance-tunable parameters, each bounded in code (see CourtParameters).
    struct Parameters {
        uint8 panelSize; // seats per panel, odd, 3..7
        uint8 maxRounds; // panels before failing closed, 1..3
        uint32 bondBps; // challenge bond, bps of one replica's budget; at least a full panel's pay
        uint96 minBond; // token units: floor of the bond
        uint16 verifierSlashBps; // bps of a verifier's collateral for a no-show or a losing result
        uint32 drawPeriod; // seconds to draw a panel
        uint32 revealPeriod; // seconds a panel (and the auditor) has to reveal after its commits close
        uint32 wideningPeriod; // seconds for the verifier lottery's eligible share to grow by another seat count
    }

    // ------------------------------------------------------------------ errors

    error VerificationCourtZeroAddress();
    error VerificationCourtNotMarket(address caller);
    error VerificationCourtNotAudited(uint256 jobId);
    error VerificationCourtNotOpen(uint256 jobId, VerificationStatus status);
    error VerificationCourtAlreadyVerifying(uint256 jobId);
    error VerificationCourtDrawClosed(uint256 jobId, uint256 drawEndsAt);
    error VerificationCourtSeatsFull(uint256 jobId, uint8 size);
    error VerificationCourtIneligible(uint256 jobId, address account);
    error VerificationCourtNotDrawn(uint256 jobId, address account);
    error VerificationCourtPoolInsufficient(uint256 needed, uint256 available);
    error VerificationCourtNotVerifier(uint256 jobId, address account);
    error VerificationCourtZeroHash();
    error VerificationCourtAlreadyCommitted(uint256 jobId, address verifier);
    error VerificationCourtDeadlinePassed(uint256 jobId, uint256 deadline);
    error VerificationCourtRevealNotOpen(uint256 jobId);
    error VerificationCourtNotCommitted(uint256 jobId, address verifier);
    error VerificationCourtAlreadyRevealed(uint256 jobId, address verifier);
    error VerificationCourtCommitmentMismatch(uint256 jobId, address verifier);
    error VerificationCourtFuelOverLimit(uint256 jobId, uint64 fuelUsed, uint64 maxFuel);
    error VerificationCourtURITooLong(uint256 length, uint256 max);
    error VerificationCourtNotResolvable(uint256 jobId);
    error VerificationCourtZeroAmount();
    error VerificationCourtNothingToWithdraw(address account);
    error VerificationCourtParametersUnchanged();

    // ------------------------------------------------------------------ events

    /// @notice Round `round` of `jobId` opened (0: the audit, opened by the first auditor draw). Seats are drawn with
    /// the seed of the block after `openedBlock`, weighing stake as of the block before it.
    event RoundOpened(
        uint256 indexed jobId,
        uint8 round,
        uint8 seats,
        uint64 openedBlock,
        uint40 drawEndsAt,
        uint40 commitEndsAt,
        uint40 revealEndsAt
    );
    /// @notice `challenger` challenged the agreed result `agreed` of `jobId` with `bond`.
    event ChallengeOpened(uint256 indexed jobId, address indexed challenger, bytes32 agreed, uint256 bond);
    /// @notice A verifier took seat `seat` of round `round`; `pay` is reserved for it from the pool.
    event VerifierDrawn(
        uint256 indexed jobId,
        address indexed verifier,
        uint8 round,
        uint8 seat,
        uint256 collateral,
        uint256 pay
    );
    event VerdictCommitted(uint256 indexed jobId, address indexed verifier, uint8 round, bytes32 commitment);
    event VerdictRevealed(
        uint256 indexed jobId,
        address indexed verifier,
        uint8 round,
        bytes32 outputHash,
        uint64 fuelUsed,
        bytes32 proof,
        string resultURI
    );
    /// @notice A round ended: `majority` is its strict-majority result (zero: none).
    event RoundClosed(uint256 indexed jobId, uint8 round, bytes32 majority, uint64 fuelUsed);
    /// @notice A verifier who revealed was paid `pay`; `upheld` whether its result matched the verdict.
    event VerifierPaid(uint256 indexed jobId, address indexed verifier, uint8 round, uint256 pay, bool upheld);
    /// @notice A verifier was slashed `amount` (NoShow: never revealed; Dissent: outside the verdict).
    event VerifierSlashed(
        uint256 indexed jobId,
        address indexed verifier,
        uint8 round,
        IProviderRegistry.Fault reason,
        uint256 amount
    );
    /// @notice The challenge of `jobId` ended: `won` (the verdict differs from the agreed result), with the bond back
    /// and `reward`; or lost, the bond forfeited to the pool; or undecided (no verdict), the bond back.
    event ChallengeSettled(
        uint256 indexed jobId,
        address indexed challenger,
        bool won,
        uint256 bondReturned,
        uint256 reward
    );
    /// @notice A challenge ended without a verdict: `provider`, a replica that revealed the challenged result and was
    /// released unpaid, was credited `amount` out of the challenger's bond (what the result would have paid it).
    event ReplicaCompensated(uint256 indexed jobId, address indexed provider, uint256 amount);
    /// @notice Verification of `jobId` ended with `verdict` (zero: none; for an audit that agreed, the agreed result).
    event VerificationFinalized(uint256 indexed jobId, bytes32 verdict, uint8 rounds);
    event PoolFunded(address indexed from, uint256 amount);
    event Withdrawn(address indexed account, uint256 amount);

    // ------------------------------------------------------------------ verifiers

    /// @notice Takes the next seat of `jobId`'s current round (the audit, or a panel) if the caller wins the lottery
    /// and is eligible; locks the job's collateral and reserves the pay.
    function claimVerifier(uint256 jobId) external;

    /// @notice Posts `Results.verdictCommitment(jobId, msg.sender, outputHash, fuelUsed, proof, salt)` for the current
    /// round, `proof = keccak256(abi.encode(seedFor(round.openedBlock), stateDigest))`.
    function commitVerdict(uint256 jobId, bytes32 commitment) external;

    /// @notice Opens the caller's commitment: the auditor in the job's reveal window, a panel once its commits closed.
    function revealVerdict(
        uint256 jobId,
        bytes32 outputHash,
        uint64 fuelUsed,
        bytes32 proof,
        bytes32 salt,
        string calldata resultURI
    ) external;

    // ------------------------------------------------------------------ challengers and anyone

    /// @notice Challenges `jobId`'s agreed result during its challenge window: pulls {bondFor} and opens a panel.
    function challenge(uint256 jobId) external;

    /// @notice Closes the current panel round once its reveals are all in or its deadlines passed: a majority
    /// settles the job by its verdict, no majority opens the next round or, after the last, fails closed.
    function resolve(uint256 jobId) external;

    /// @notice Adds `amount` tokens to the pool that pays verifiers.
    function fundPool(uint256 amount) external;

    /// @notice Reports {maxVerifiableBudget} to the market, which refuses larger jobs. The court reports every fall
    /// itself; anyone may call this to make a rise count now (audit fees and slashes grow the pool between reports).
    function syncVerifiableBudget() external;

    /// @notice Pays out the caller's claimable balance.
    function withdraw() external;

    // ------------------------------------------------------------------ market

    /// @notice The market's settlement found a disagreement or an unanswered audit: opens round 1.
    function openPanel(uint256 jobId, IJobMarket.VerificationTerms calldata terms) external;

    /// @notice The market settled an audited job by agreement: judges and pays the auditor against `agreed`.
    function closeAudit(uint256 jobId, bytes32 agreed) external;

    // ------------------------------------------------------------------ governance

    /// @notice Replaces every parameter; each must lie within its bound. Open rounds keep their deadlines, seats and
    /// pay.
    function setParameters(Parameters calldata next) external;

    // ------------------------------------------------------------------ views

    function market() external view returns (IJobMarket);
    function parameters() external view returns (Parameters memory);
    function getVerification(uint256 jobId) external view returns (Verification memory);
    function getRound(uint256 jobId, uint8 round) external view returns (Round memory);
    /// @notice The seats of `round` of `jobId`.
    function getSeats(uint256 jobId, uint8 round) external view returns (Seat[] memory);
    function claimable(address account) external view returns (uint256);
    /// @notice Token units free to reserve for verifiers' pay.
    function pool() external view returns (uint256);
    /// @notice Token units reserved for drawn verifiers.
    function reserved() external view returns (uint256);
    /// @notice The largest budget per replica the pool can verify in full now: an auditor plus every panel round's
    /// seats, each paid at most one budget. The market refuses larger jobs: a job it could not verify would let a
    /// made-up result go unslashed; it checks the value this court last reported to it (see {syncVerifiableBudget}).
    function maxVerifiableBudget() external view returns (uint256);
    /// @notice The bond a challenge of a job with this budget per replica requires now (token units).
    function bondFor(uint256 budget) external view returns (uint256);
    /// @notice Whether the auditor of `jobId` has committed (the replicas' reveals open then).
    function auditCommitted(uint256 jobId) external view returns (bool);
    /// @notice The auditor's revealed result, and whether it revealed.
    function auditResult(uint256 jobId) external view returns (bytes32 result, bool revealed);
    /// @notice Whether `account` currently wins the lottery of `jobId`'s current round (eligibility is checked on
    /// claim).
    function isDrawn(uint256 jobId, address account) external view returns (bool);
    /// @notice Whether {resolve} would succeed now.
    function isResolvable(uint256 jobId) external view returns (bool);
}
