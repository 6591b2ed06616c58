// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IJobMarket} from "./IJobMarket.sol";
import {IProviderRegistry} from "./IProviderRegistry.sol";

/// @title IDisputeCourt
/// @notice Disputes of k = 1 results. During a job's challenge window anyone but its provider may dispute it by
/// posting a bond. Verifiers are drawn like providers (the market's stake-weighted hash lottery, seeded after the
/// dispute block, stake as of the dispute block, eligibility checked by the registry) excluding the job's provider,
/// requester and the challenger; they re-execute the bundle and commit–reveal their result hash. A strict majority
/// of the verifier count decides:
/// - the majority differs from the submitted hash: Overturned. The provider is slashed; the requester gets the
///   escrow back (from the market) plus compensation, the challenger its bond plus a reward, the majority
///   verifiers a share; the rest goes to the treasury;
/// - the majority equals the submitted hash: Upheld. The job settles as usual; the bond pays the majority
///   verifiers their share and the provider the rest;
/// - no majority (or a majority for "input unavailable" against a real result): Inconclusive. The job settles as
///   usual and the challenger gets its bond back.
/// Verifiers that claim and never reveal are slashed (NoShow), and so are those outside a deciding majority
/// (Dissent); those slashes go to the majority verifiers (the treasury when there are none). Anyone can resolve
/// once the dispute's deadlines allow. Money is pull-based: the court's token balance equals the bonds of open
/// disputes plus every claimable balance.
interface IDisputeCourt {
    enum DisputeStatus {
        None,
        Open, // drawing verifiers, collecting commitments and reveals
        Resolved
    }

    enum Verdict {
        None, // not resolved yet
        Upheld, // the submitted result stands
        Overturned, // the verifiers' majority found a different result
        Inconclusive // no deciding majority; the result stands and the bond goes back
    }

    /// @notice A dispute, as stored and as returned by {getDispute}. One dispute per job, keyed by the job id.
    /// Slot 0 holds the progress and deadlines every verifier action reads.
    struct Dispute {
        DisputeStatus status;
        Verdict verdict;
        uint8 verifiers; // verifier slots (odd), fixed at opening
        uint8 claimed; // verifier slots taken, in order
        uint8 committedMask; // bit i: verifier slot i committed
        uint8 revealedMask; // bit i: verifier slot i revealed
        uint8 resourceClass;
        uint32 minReputation;
        uint40 openedAt; // unix seconds
        uint40 drawDeadline; // last second a verifier can claim a slot
        uint40 commitDeadline; // last second to commit
        uint40 revealDeadline; // last second to reveal
        uint64 openedBlock; // verifier stake counts as of this block; the seed comes from the next one
        address challenger;
        address provider;
        address requester;
        uint96 bond; // token units held by the court
        uint96 collateral; // token units locked per verifier (the job's collateral)
        uint96 maxPrice; // token units, the job's escrow
        bytes32 resultHash; // the disputed result
    }

    /// @notice One verifier slot.
    struct Verifier {
        address account;
        bytes32 hash; // commitment until revealed, then the revealed result hash
    }

    /// @notice Governance-tunable parameters, each bounded in code (see the *_BPS / MIN_* / MAX_* constants).
    struct Parameters {
        uint16 bondBps; // bond as bps of the job's max price, >= MIN_BOND_BPS
        uint96 minBond; // token units: floor of the bond, >= MIN_BOND
        uint8 verifiers; // verifier slots per dispute, odd, MIN_VERIFIERS..MAX_VERIFIERS
        uint16 providerSlashBps; // bps of the provider's collateral slashed when its result is overturned
        uint16 verifierSlashBps; // bps of a verifier's collateral slashed for a no-show or a dissent
        uint16 requesterShareBps; // bps of the provider's slash compensating the requester
        uint16 challengerShareBps; // bps of the provider's slash rewarding the challenger
        uint16 verifierShareBps; // bps of the losing side's pool (provider slash or bond) for the majority verifiers
        uint32 drawPeriod; // seconds from opening to the draw deadline
        uint32 commitPeriod; // seconds from the draw deadline to the commit deadline
        uint32 revealPeriod; // seconds from the commit deadline to the reveal deadline
        uint32 wideningPeriod; // seconds for the verifier lottery's eligible share to grow by another slot count
    }

    // ------------------------------------------------------------------ errors

    error DisputeCourtZeroAddress();
    error DisputeCourtProviderCannotChallenge(uint256 jobId);
    error DisputeCourtTransferShortfall(uint256 expected, uint256 received);
    error DisputeCourtNotOpen(uint256 jobId, DisputeStatus status);
    error DisputeCourtDrawClosed(uint256 jobId, uint256 drawDeadline);
    error DisputeCourtSlotsFull(uint256 jobId, uint8 verifiers);
    error DisputeCourtIneligibleVerifier(uint256 jobId, address account);
    error DisputeCourtAlreadyVerifier(uint256 jobId, address account);
    error DisputeCourtNotDrawn(uint256 jobId, address account);
    error DisputeCourtNotVerifier(uint256 jobId, address account);
    error DisputeCourtZeroHash();
    error DisputeCourtAlreadyCommitted(uint256 jobId, address verifier);
    error DisputeCourtDeadlinePassed(uint256 jobId, uint256 deadline);
    error DisputeCourtRevealNotOpen(uint256 jobId);
    error DisputeCourtNotCommitted(uint256 jobId, address verifier);
    error DisputeCourtAlreadyRevealed(uint256 jobId, address verifier);
    error DisputeCourtCommitmentMismatch(uint256 jobId, address verifier);
    error DisputeCourtURITooLong(uint256 length, uint256 max);
    error DisputeCourtNotResolvable(uint256 jobId);
    error DisputeCourtNothingToWithdraw(address account);
    error DisputeCourtParameterOutOfBounds(bytes32 parameter, uint256 value, uint256 min, uint256 max);
    error DisputeCourtParametersUnchanged();

    // ------------------------------------------------------------------ events

    /// @notice `challenger` disputed `jobId`'s result and posted `bond`. Verifiers are drawn with the seed after
    /// block `openedBlock`, weighing stake as of that block; each locks `collateral`.
    event DisputeOpened(
        uint256 indexed jobId,
        address indexed challenger,
        address indexed provider,
        address requester,
        bytes32 resultHash,
        uint256 bond,
        uint256 collateral,
        uint8 verifiers,
        uint64 openedBlock,
        uint40 drawDeadline,
        uint40 commitDeadline,
        uint40 revealDeadline
    );
    event VerifierDrawn(uint256 indexed jobId, address indexed verifier, uint8 slot, uint256 collateral);
    event VerdictCommitted(uint256 indexed jobId, address indexed verifier, bytes32 commitment);
    event VerdictRevealed(uint256 indexed jobId, address indexed verifier, bytes32 resultHash, string resultURI);
    /// @notice A verifier was slashed `amount` (NoShow: never revealed; Dissent: outside a deciding majority).
    event VerifierSlashed(
        uint256 indexed jobId,
        address indexed verifier,
        IProviderRegistry.Fault reason,
        uint256 amount
    );
    /// @notice A verifier's collateral was released; `payment` (possibly zero) was credited to it. `majority`
    /// says whether it revealed the deciding hash (counted as a completed assignment).
    event VerifierReleased(uint256 indexed jobId, address indexed verifier, bool majority, uint256 payment);
    /// @notice Final accounting of a dispute. Credits: the requester `compensation`, the challenger
    /// `challengerPaid` (its bond back and its reward, or zero), the provider `providerPaid` (from the bond),
    /// each majority verifier `verifierPayment`, the treasury `treasuryPaid`. `providerSlashed` came from the
    /// provider's collateral, `verifiersSlashed` from faulty verifiers.
    event DisputeResolved(
        uint256 indexed jobId,
        address indexed challenger,
        address indexed provider,
        Verdict verdict,
        bytes32 majorityHash,
        uint256 providerSlashed,
        uint256 verifiersSlashed,
        uint256 compensation,
        uint256 challengerPaid,
        uint256 providerPaid,
        uint256 verifierPayment,
        uint256 treasuryPaid
    );
    event Withdrawn(address indexed account, uint256 amount);
    event ParameterUpdated(bytes32 indexed parameter, uint256 oldValue, uint256 newValue);

    // ------------------------------------------------------------------ challenger

    /// @notice Disputes `jobId`'s k = 1 result during its challenge window; pulls {bondFor} tokens from the caller.
    function dispute(uint256 jobId) external;

    // ------------------------------------------------------------------ verifier

    /// @notice Takes the next verifier slot if the caller wins the lottery and is eligible; locks collateral.
    function claimVerifier(uint256 jobId) external;

    /// @notice Posts `Results.commitment(jobId, msg.sender, resultHash, salt)`.
    function commitVerdict(uint256 jobId, bytes32 commitment) external;

    /// @notice Opens the caller's commitment once every slot has committed or the commit deadline passed.
    function revealVerdict(uint256 jobId, bytes32 resultHash, bytes32 salt, string calldata resultURI) external;

    // ------------------------------------------------------------------ anyone

    /// @notice Decides a dispute whose reveals are all in or whose deadlines passed; settles the job through the
    /// market, slashes and credits everyone.
    function resolve(uint256 jobId) external;

    /// @notice Pays out the caller's claimable balance.
    function withdraw() external;

    // ------------------------------------------------------------------ governance

    /// @notice Replaces every parameter; each must lie within its bound. Open disputes keep their bond, verifier
    /// count and deadlines; slashes and shares are read at resolution.
    function setParameters(Parameters calldata next) external;

    // ------------------------------------------------------------------ views

    function market() external view returns (IJobMarket);
    function parameters() external view returns (Parameters memory);
    function getDispute(uint256 jobId) external view returns (Dispute memory);
    function getVerifiers(uint256 jobId) external view returns (Verifier[] memory);
    function claimable(address account) external view returns (uint256);
    /// @notice The bond a dispute of a job with this max price requires now (token units).
    function bondFor(uint96 maxPrice) external view returns (uint256);
    /// @notice Whether `account` currently wins the verifier lottery of `jobId`'s dispute (eligibility and
    /// exclusions are checked on claim).
    function isDrawn(uint256 jobId, address account) external view returns (bool);
    /// @notice Whether {resolve} would succeed now.
    function isResolvable(uint256 jobId) external view returns (bool);
}
