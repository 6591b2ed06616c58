// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title IProviderRegistry
/// @notice Providers register their offer (a price per million fuel and a minimum billable fuel per job), bond stake,
/// and unbond it through a delay. The job market (fixed at construction) and the verification court (set once) lock
/// collateral from free stake per assignment, release it, and slash it; nothing else can touch staked tokens. The
/// registry's token balance always equals the sum of stakes and unbonding amounts.
interface IProviderRegistry {
    /// @notice Why a provider was slashed.
    enum Fault {
        None,
        /// @dev revealed a result that lost to the consensus or to a verifier panel's majority
        Dissent,
        /// @dev claimed a slot (or a verifier seat) and never committed before the deadline
        NoShow,
        /// @dev committed and never revealed: withholding a result after seeing others is punished like a dissent
        Withheld
    }

    /// @notice The registry's governed policy at construction; each value is bounded as its setter bounds it.
    struct Policy {
        uint256 unbondingPeriod; // seconds
        uint256 jailThreshold; // faults within any fault window (sliding) that jail
        uint256 jailDuration; // seconds
        uint256 faultWindow; // seconds; completions never erase faults
    }

    /// @notice A provider's state, as returned by {provider}. (The registry stores it in a layout of its own,
    /// arranged so that a claim or a settlement touches as few storage slots as possible.)
    struct Provider {
        uint96 stake; // token units: bonded, counts for the lottery, collateral comes from here
        uint96 locked; // token units: collateral locked by open assignments, <= stake
        uint16 activeJobs; // open assignments
        uint16 capacity; // max open assignments
        uint32 jailedUntil; // unix seconds; cannot claim before
        uint64 pricePerMfuel; // token units per million fuel the provider asks
        uint32 minMfuel; // million fuel: the least a job is billed for (0 = no minimum)
        uint32 classes; // bitmask of resource classes served (bit i = class i)
        bool registered;
        uint32 faultsAtJail; // slashes + noShows when last jailed; only later faults count toward the next jail
        uint32 completed; // assignments that won consensus (or a verification) and were released as completed
        uint32 slashes; // assignments lost to dissent or withheld
        uint32 noShows; // assignments abandoned
        uint96 unbonding; // token units: requested out, no longer staked, withdrawable at unbondingReadyAt
        uint40 unbondingReadyAt; // unix seconds
    }

    /// @notice What the market asks of a provider when it claims a slot.
    struct ClaimTerms {
        uint256 jobId;
        uint8 resourceClass; // 0..31
        uint64 maxPricePerMfuel; // token units per million fuel; a verifier claim passes type(uint64).max
        uint64 maxFuel; // the job's fuel limit: the provider's minimum billable fuel must fit in it
        uint96 collateral; // token units to lock
        uint32 minReputation;
        uint64 stakeBlock; // stake is read as of the end of this block (strictly before the draw's trigger)
    }

    /// @notice What a claim locks in: the offer at the time of the claim and the stake that counts for the draw.
    struct ClaimReceipt {
        uint64 pricePerMfuel; // the provider's price, token units per million fuel
        uint32 minMfuel; // the provider's minimum billable fuel, million fuel
        uint256 stake; // the provider's stake as of `stakeBlock` as the lottery counts it (see lotteryStakeAt)
    }

    // ------------------------------------------------------------------ errors

    error ProviderRegistryNotMarket(address caller);
    error ProviderRegistryCourtAlreadySet(address court);
    error ProviderRegistryZeroAddress();
    error ProviderRegistryAlreadyRegistered(address provider);
    error ProviderRegistryNotRegistered(address provider);
    error ProviderRegistryInvalidOffer(uint32 classes, uint64 pricePerMfuel, uint16 capacity);
    error ProviderRegistryZeroAmount();
    error ProviderRegistryStakeTooLarge(uint256 stake, uint256 max);
    error ProviderRegistryInsufficientFreeStake(uint256 requested, uint256 free);
    error ProviderRegistryNothingToWithdraw(address provider);
    error ProviderRegistryStillUnbonding(uint256 readyAt, uint256 nowTs);
    error ProviderRegistryJailed(address provider, uint256 until);
    error ProviderRegistryClassNotServed(address provider, uint8 resourceClass);
    error ProviderRegistryPriceTooHigh(uint64 pricePerMfuel, uint64 maxPricePerMfuel);
    error ProviderRegistryMinimumTooHigh(uint256 minFuel, uint64 maxFuel);
    error ProviderRegistryAtCapacity(address provider, uint16 capacity);
    error ProviderRegistryReputationTooLow(uint256 reputation, uint32 minReputation);
    error ProviderRegistryParameterUnchanged(bytes32 parameter, uint256 value);
    /// @notice `stakeAt` asked for a block before the earliest stake the registry keeps for `provider` (`keptFrom`).
    error ProviderRegistryStakeNotKept(address provider, uint256 blockNumber, uint256 keptFrom);

    // ------------------------------------------------------------------ events

    /// @notice Emitted once, by the constructor: the market is fixed at construction (the market creates its registry).
    event MarketSet(address indexed market);
    event CourtSet(address indexed court);
    event ProviderRegistered(
        address indexed provider,
        string metadataURI,
        uint32 classes,
        uint64 pricePerMfuel,
        uint32 minMfuel,
        uint16 capacity
    );
    event ProviderUpdated(
        address indexed provider,
        string metadataURI,
        uint32 classes,
        uint64 pricePerMfuel,
        uint32 minMfuel,
        uint16 capacity
    );
    event Staked(address indexed provider, uint256 amount, uint256 stake, uint256 totalStake);
    event UnstakeRequested(
        address indexed provider,
        uint256 amount,
        uint256 stake,
        uint256 unbonding,
        uint256 readyAt,
        uint256 totalStake
    );
    event StakeWithdrawn(address indexed provider, uint256 amount);
    /// @notice Collateral slashed from `provider` for `jobId`; the tokens went to the market for distribution.
    event ProviderSlashed(
        address indexed provider,
        uint256 indexed jobId,
        Fault reason,
        uint256 amount,
        uint256 stake,
        uint256 totalStake
    );
    /// @notice `faults` faults (the jail threshold) within the fault window, all since its last jail, jailed `provider`
    /// until `until` (unix seconds).
    event ProviderJailed(address indexed provider, uint256 until, uint256 faults);

    // ------------------------------------------------------------------ provider actions

    /// @notice Registers the caller with an offer. `classes` is a bitmask (bit i = resource class i); a job pays the
    /// provider `max(fuelUsed, minMfuel * 1e6) * pricePerMfuel / 1e6`, capped by the job's budget per replica.
    function register(
        string calldata metadataURI,
        uint32 classes,
        uint64 pricePerMfuel,
        uint32 minMfuel,
        uint16 capacity
    ) external;

    /// @notice Changes the caller's offer. Open assignments keep the offer they were claimed at.
    function updateOffer(
        string calldata metadataURI,
        uint32 classes,
        uint64 pricePerMfuel,
        uint32 minMfuel,
        uint16 capacity
    ) external;

    /// @notice Bonds `amount` more tokens (pulled with transferFrom). Counts for draws triggered in a later block
    /// (draws read stake as of the block before their trigger, so staking and triggering in one block gains nothing).
    function stake(uint256 amount) external;

    /// @notice Same as {stake} with an EIP-2612 permit instead of a prior approval.
    function stakeWithPermit(uint256 amount, uint256 deadline, uint8 v, bytes32 r, bytes32 s) external;

    /// @notice Moves `amount` of free (unlocked) stake to unbonding; restarts the unbonding delay.
    function requestUnstake(uint256 amount) external;

    /// @notice Pays out everything that finished unbonding.
    function withdraw() external;

    // ------------------------------------------------------------------ market and court hooks
    // Callable by the market and by the verification court (both set once): the market for replica assignments, the
    // court for auditors and panel verifiers.

    /// @notice Checks that `provider` may take a slot on these terms and locks the collateral.
    function lockCollateral(address provider, ClaimTerms calldata terms) external returns (ClaimReceipt memory);

    /// @notice Releases `collateral` after an assignment ends without fault; counts a completion if `completed`.
    /// Completions never erase faults: jail depends only on the faults' times.
    function releaseCollateral(address provider, uint96 collateral, bool completed) external;

    /// @notice Releases `collateral`, slashes `amount` of it to the market, and records the fault.
    function slash(address provider, uint256 jobId, uint96 collateral, uint96 amount, Fault reason) external;

    // ------------------------------------------------------------------ governance

    /// @notice Wires the verification court, once. Callable by the owner or by the registry's wirer (the account that
    /// deployed the market, which creates the registry), so a registry constructed owned by the Timelock is wired
    /// without a proposal. The court may lock, release and slash collateral like the market.
    function setCourt(address court) external;
    function setUnbondingPeriod(uint256 seconds_) external;
    /// @notice `faultThreshold` faults within any `windowSeconds` (a sliding window; faults before the provider's last
    /// jail excluded) jail it for `jailSeconds`.
    function setJailPolicy(uint256 faultThreshold, uint256 jailSeconds, uint256 windowSeconds) external;

    // ------------------------------------------------------------------ views

    function token() external view returns (address);
    function market() external view returns (address);
    function court() external view returns (address);
    function provider(address account) external view returns (Provider memory);
    /// @notice Completed minus twice the faults, floored at zero.
    function reputation(address account) external view returns (uint256);
    /// @notice `account`'s stake as of the end of `blockNumber`, exactly. The registry keeps a provider's latest stake
    /// and the one that stake replaced: for a block before both it reverts {ProviderRegistryStakeNotKept} (zero if
    /// the provider had not staked before).
    function stakeAt(address account, uint256 blockNumber) external view returns (uint256);
    /// @notice The stake a draw weighs for `account` as of `blockNumber`, in O(1): its latest stake or the one that
    /// stake replaced, whichever was in force then; zero when its stake changed in two or more blocks after
    /// `blockNumber`. Never more than {stakeAt}; lockCollateral reports this.
    function lotteryStakeAt(address account, uint256 blockNumber) external view returns (uint256);
    function totalStake() external view returns (uint256);
    /// @notice The total stake as of the end of `blockNumber`, exactly (from the total's history).
    function totalStakeAt(uint256 blockNumber) external view returns (uint256);
    /// @notice The total stake as of the end of the previous block, in O(1): what a job posted in this block is drawn
    /// against (the market records it with the job).
    function totalStakeBeforeThisBlock() external view returns (uint256);
    function unbondingPeriod() external view returns (uint256);
    function jailThreshold() external view returns (uint256);
    function jailDuration() external view returns (uint256);
    function faultWindow() external view returns (uint256);
}
