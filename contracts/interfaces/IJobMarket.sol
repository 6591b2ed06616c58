// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IProviderRegistry} from "./IProviderRegistry.sol";
import {IRandomnessSource} from "./IRandomnessSource.sol";

/// @title IJobMarket
/// @notice Escrows job payments, assigns replica slots by a stake-weighted lottery, collects results
/// (k = 1: a submitted hash and a challenge window; k >= 2: commit–reveal and a strict majority), and
/// settles with pull payments. Anyone can settle a job once its deadlines allow; nothing stays stuck.
/// @dev Conservation: the market's token balance equals the escrow of open jobs plus all claimable balances
/// (the treasury's included).
interface IJobMarket {
    enum JobStatus {
        None,
        Open, // accepting claims, results or reveals
        Completed, // a result won; winners paid
        Refunded, // no usable result; escrow returned to the requester
        Cancelled, // withdrawn by the requester before any claim
        Disputed // k = 1: a challenger disputed the result; only the dispute court can settle it
    }

    enum Outcome {
        Completed, // a real result hash won
        InputUnavailable, // the reserved "input unavailable" hash won: refund, nobody slashed for it
        NoConsensus, // no hash reached a strict majority of the replicas
        NoClaims, // nobody claimed before the claim deadline
        NoResult, // every claimer failed to deliver
        Overturned // k = 1: the dispute court overturned the result; refund, the provider is slashed by the court
    }

    /// @notice What a requester posts. Deadlines are unix seconds.
    struct JobRequest {
        uint8 resourceClass; // 0..31, matched against the provider's class bitmask
        uint8 replicas; // k, 1..MAX_REPLICAS
        uint96 maxPrice; // token units per replica; escrow = replicas * maxPrice
        uint32 minReputation; // providers below it cannot claim
        uint40 claimDeadline; // last second to claim a slot
        uint40 commitDeadline; // last second to commit (k >= 2) or submit (k = 1)
        uint40 revealDeadline; // last second to reveal (k >= 2); must be 0 for k = 1
        bytes32 bundleHash; // hash of the canonical job bundle bytes
        string bundleURI; // where the bundle can be fetched (recorded in the JobPosted event only)
    }

    /// @notice A job, as returned by {getJob}. (The market stores it in a layout of its own, `Jobs.Record`,
    /// arranged so that each transaction touches as few storage slots as possible.)
    // Never stored, so packing does not matter (and the packing rule sizes the enum as 32 bytes):
    // solhint-disable-next-line gas-struct-packing
    struct Job {
        address requester;
        JobStatus status;
        uint8 replicas;
        uint8 claimed; // slots taken, in order
        uint8 committedMask; // bit i: slot i committed (k >= 2) or submitted (k = 1)
        uint8 revealedMask; // bit i: slot i revealed (k >= 2)
        uint8 resourceClass;
        uint16 feeBps; // protocol fee at posting, bps of each winner's price
        uint32 minReputation;
        uint96 maxPrice; // token units per replica
        uint96 collateral; // token units locked per claimed slot
        uint64 postedBlock; // stake and total stake count as of this block
        uint40 postedAt; // unix seconds
        uint40 claimDeadline;
        uint40 commitDeadline;
        uint40 revealDeadline;
        uint40 challengeEndsAt; // k = 1: end of the challenge window once a result is submitted
    }

    /// @notice One replica slot of a job (two storage slots).
    struct Assignment {
        address provider;
        uint96 price; // the provider's price when it claimed, token units
        bytes32 hash; // commitment until revealed, then the result hash (k = 1: the submitted hash)
    }

    /// @notice What the dispute court learns about a k = 1 job when it is disputed.
    // Returned in memory, never stored, so packing does not matter:
    // solhint-disable-next-line gas-struct-packing
    struct DisputeSubject {
        address requester;
        address provider; // the claimer whose submitted result is disputed
        bytes32 resultHash; // the submitted result
        uint96 maxPrice; // token units; the job's escrow (k = 1)
        uint96 price; // token units the provider would be paid
        uint96 collateral; // token units locked by the provider (and by each verifier)
        uint8 resourceClass;
        uint32 minReputation;
    }

    /// @notice Governance-tunable parameters, each bounded in code.
    struct Parameters {
        // slot 0: everything postJob reads
        uint16 feeBps; // bps of a winner's price, <= MAX_FEE_BPS
        uint16 collateralBps; // collateral per slot as bps of maxPrice
        uint96 minCollateral; // token units: collateral floor
        uint96 minPrice; // token units per replica: floor against dust jobs
        // slot 1
        uint16 dissentSlashBps; // bps of collateral slashed for a losing hash
        uint16 noShowSlashBps; // bps of collateral slashed for not delivering
        uint16 requesterShareBps; // bps of slashed tokens that compensate the requester
        uint16 honestShareBps; // bps of slashed tokens shared by the winning replicas; the rest to the treasury
        uint32 challengeWindow; // seconds a k = 1 result waits before it is final
        uint32 wideningPeriod; // seconds for the lottery's eligible share to grow by another k providers' worth
    }

    // ------------------------------------------------------------------ errors

    error JobMarketZeroAddress();
    error JobMarketPaused();
    error JobMarketInvalidReplicas(uint8 replicas, uint8 max);
    error JobMarketInvalidResourceClass(uint8 resourceClass);
    error JobMarketPriceOutOfBounds(uint96 maxPrice, uint96 minPrice);
    error JobMarketInvalidBundle();
    error JobMarketURITooLong(uint256 length, uint256 max);
    error JobMarketInvalidDeadlines(uint40 claimDeadline, uint40 commitDeadline, uint40 revealDeadline);
    error JobMarketTransferShortfall(uint256 expected, uint256 received);
    error JobMarketJobNotOpen(uint256 jobId, JobStatus status);
    error JobMarketNotRequester(uint256 jobId, address caller);
    error JobMarketAlreadyClaimed(uint256 jobId);
    error JobMarketClaimClosed(uint256 jobId, uint256 claimDeadline);
    error JobMarketSlotsFull(uint256 jobId, uint8 replicas);
    error JobMarketAlreadyOnJob(uint256 jobId, address provider);
    error JobMarketRequesterCannotClaim(uint256 jobId);
    error JobMarketNotDrawn(uint256 jobId, address provider);
    error JobMarketNotAssigned(uint256 jobId, address provider);
    error JobMarketWrongMode(uint256 jobId, uint8 replicas);
    error JobMarketDeadlinePassed(uint256 jobId, uint256 deadline);
    error JobMarketAlreadyCommitted(uint256 jobId, address provider);
    error JobMarketZeroHash();
    error JobMarketRevealNotOpen(uint256 jobId);
    error JobMarketNotCommitted(uint256 jobId, address provider);
    error JobMarketAlreadyRevealed(uint256 jobId, address provider);
    error JobMarketCommitmentMismatch(uint256 jobId, address provider);
    error JobMarketNotSettleable(uint256 jobId);
    error JobMarketNothingToWithdraw(address account);
    error JobMarketParameterOutOfBounds(bytes32 parameter, uint256 value, uint256 min, uint256 max);
    error JobMarketParametersUnchanged();
    error JobMarketPauseUnchanged(bool paused);
    error JobMarketNotCourt(address caller);
    error JobMarketNothingToDispute(uint256 jobId);
    error JobMarketNotDisputed(uint256 jobId, JobStatus status);

    // ------------------------------------------------------------------ events

    event JobPosted(
        uint256 indexed jobId,
        address indexed requester,
        uint8 resourceClass,
        uint8 replicas,
        uint96 maxPrice,
        uint96 collateral,
        uint32 minReputation,
        uint16 feeBps,
        uint40 claimDeadline,
        uint40 commitDeadline,
        uint40 revealDeadline,
        bytes32 bundleHash,
        string bundleURI
    );
    event JobClaimed(uint256 indexed jobId, address indexed provider, uint8 slot, uint96 price, uint96 collateral);
    event ResultSubmitted(
        uint256 indexed jobId,
        address indexed provider,
        bytes32 resultHash,
        string resultURI,
        uint40 challengeEndsAt
    );
    event ResultCommitted(uint256 indexed jobId, address indexed provider, bytes32 commitment);
    event ResultRevealed(uint256 indexed jobId, address indexed provider, bytes32 resultHash, string resultURI);
    event JobCancelled(uint256 indexed jobId, address indexed requester, uint256 refund);
    /// @notice A winning provider was credited `payment` (its price less `fee`) plus `bonus` from slashed tokens.
    event ProviderPaid(uint256 indexed jobId, address indexed provider, uint256 payment, uint256 fee, uint256 bonus);
    /// @notice A claimer was slashed `amount`; the registry's ProviderSlashed carries its stake afterwards.
    event AssignmentSlashed(
        uint256 indexed jobId,
        address indexed provider,
        IProviderRegistry.Fault reason,
        uint256 amount
    );
    /// @notice A claimer's `collateral` was released without payment or slash (its hash found no majority).
    event AssignmentReleased(uint256 indexed jobId, address indexed provider, uint256 collateral);
    /// @notice Final accounting of a job. refund + compensation went to the requester, fees and the
    /// treasury's slash share to the treasury.
    event JobSettled(
        uint256 indexed jobId,
        address indexed requester,
        Outcome outcome,
        bytes32 resultHash,
        uint256 paid,
        uint256 fees,
        uint256 refund,
        uint256 compensation,
        uint256 slashed
    );
    event Withdrawn(address indexed account, uint256 amount);
    /// @notice A k = 1 result was disputed; the job waits for the dispute court (DisputeCourt.DisputeOpened has
    /// the details). It ends with JobSettled: Overturned, or the usual outcome when the result stands.
    event JobDisputed(uint256 indexed jobId, address indexed challenger, address indexed provider);
    event ParameterUpdated(bytes32 indexed parameter, uint256 oldValue, uint256 newValue);
    event TreasuryUpdated(address indexed oldTreasury, address indexed newTreasury);
    event MarketPaused(address indexed by);
    event MarketUnpaused(address indexed by);

    // ------------------------------------------------------------------ requester

    /// @notice Posts a job and escrows `replicas * maxPrice` tokens (pulled with transferFrom).
    function postJob(JobRequest calldata request) external returns (uint256 jobId);

    /// @notice Same as {postJob} with an EIP-2612 permit instead of a prior approval.
    function postJobWithPermit(
        JobRequest calldata request,
        uint256 deadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external returns (uint256 jobId);

    /// @notice Cancels a job nobody has claimed yet; the escrow becomes claimable by the requester.
    function cancelJob(uint256 jobId) external;

    // ------------------------------------------------------------------ provider

    /// @notice Takes the next replica slot if the caller wins the lottery and is eligible; locks collateral.
    function claim(uint256 jobId) external;

    /// @notice k = 1: posts the result hash; it becomes final after the challenge window.
    function submitResult(uint256 jobId, bytes32 resultHash, string calldata resultURI) external;

    /// @notice k >= 2: posts `Results.commitment(jobId, msg.sender, resultHash, salt)`.
    function commitResult(uint256 jobId, bytes32 commitment) external;

    /// @notice k >= 2: opens the caller's commitment once every slot has committed or the commit deadline passed.
    function revealResult(uint256 jobId, bytes32 resultHash, bytes32 salt, string calldata resultURI) external;

    // ------------------------------------------------------------------ anyone

    /// @notice Settles a job whose results are all in or whose deadlines have passed: pays winners,
    /// slashes dissenters and no-shows, refunds the requester.
    function settle(uint256 jobId) external;

    /// @notice Pays out the caller's claimable balance.
    function withdraw() external;

    // ------------------------------------------------------------------ dispute court

    /// @notice Called by the dispute court (the registry's `disputeCourt`) when `challenger` disputes a k = 1
    /// result during its challenge window: the job becomes Disputed and cannot be settled by anyone else.
    function disputeJob(uint256 jobId, address challenger) external returns (DisputeSubject memory subject);

    /// @notice Called by the dispute court with its verdict. If the result stands, the job settles as usual
    /// (the provider is paid and released); if it was overturned, the requester gets the escrow back
    /// (JobSettled with Outcome.Overturned) and the court has already slashed the provider's collateral.
    function resolveDispute(uint256 jobId, bool overturned) external;

    // ------------------------------------------------------------------ governance

    /// @notice Replaces every tunable parameter; each must lie within its bound (see MarketParameters).
    /// Jobs already posted keep their fee and collateral.
    function setParameters(Parameters calldata next) external;
    /// @notice Where protocol fees and the treasury's share of slashes are credited from now on.
    function setTreasury(address treasury) external;
    /// @notice Stops new jobs. Claims, results, settlement, refunds and withdrawals keep working.
    function pause() external;
    function unpause() external;

    // ------------------------------------------------------------------ views

    function token() external view returns (address);
    function registry() external view returns (IProviderRegistry);
    function randomness() external view returns (IRandomnessSource);
    function treasury() external view returns (address);
    function parameters() external view returns (Parameters memory);
    function paused() external view returns (bool);
    function jobCount() external view returns (uint256);
    function getJob(uint256 jobId) external view returns (Job memory);
    function getAssignments(uint256 jobId) external view returns (Assignment[] memory);
    function claimable(address account) external view returns (uint256);
    /// @notice Whether `provider` currently wins the lottery for `jobId` (eligibility is checked on claim).
    function isDrawn(uint256 jobId, address provider) external view returns (bool);
    /// @notice Whether {settle} would succeed now.
    function isSettleable(uint256 jobId) external view returns (bool);
}
