// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Ownable, Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {Checkpoints} from "@openzeppelin/contracts/utils/structs/Checkpoints.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {IProviderRegistry} from "./interfaces/IProviderRegistry.sol";
import {GovernedParameter} from "./libraries/GovernedParameter.sol";
import {TokenPull} from "./libraries/TokenPull.sol";

/// @title ProviderRegistry
/// @notice Provider offers, stake, unbonding, collateral locks, reputation and jailing.
/// @dev The owner (the Timelock in production) can only tune bounded parameters and set the court once; no path lets
/// it move staked tokens. The market is fixed at construction: the market creates its registry (JobMarket's
/// constructor), so the market's hooks are checked against an immutable, not a stored address (a cold read, 2,100 gas,
/// per claim and per settlement).
contract ProviderRegistry is IProviderRegistry, Ownable2Step, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;
    using TokenPull for IERC20;
    using Checkpoints for Checkpoints.Trace208;

    /// @dev A provider's storage, laid out by access path; {provider} returns it as the ABI's {Provider}.
    struct ProviderRecord {
        // slot 0: the only slot a claim writes and a clean settlement reads or writes
        uint96 stake; // token units; its latest change was in block `stakeBlock`
        uint96 locked; // token units
        uint16 activeJobs;
        uint32 completed;
        // slot 1: the offer and eligibility, read by every claim
        uint64 pricePerMfuel; // token units per million fuel
        uint32 minMfuel; // million fuel
        uint32 classes;
        uint16 capacity;
        uint32 jailedUntil; // unix seconds
        uint48 stakeBlock; // the stake this change replaced is in _replacedStake
        bool registered;
        // slot 2: read only for reputation checks, faults and unbonding
        uint32 slashes;
        uint32 noShows;
        uint96 unbonding; // token units
        uint40 unbondingReadyAt; // unix seconds
        uint32 faultsAtJail; // slashes + noShows when it was last jailed: only later faults count toward the next jail
    }

    /// @dev The stake a provider's latest change replaced, and the block that replaced stake was set in (0: none).
    struct ReplacedStake {
        uint48 blockNumber;
        uint96 amount; // token units
        bool first; // nothing was staked before it: stake as of an earlier block is zero
    }

    /// @dev The latest total stake and the block it changed in, in one slot.
    struct TotalStake {
        uint48 blockNumber;
        uint208 amount; // token units
    }

    uint256 public constant MIN_UNBONDING_PERIOD = 1 hours;
    uint256 public constant MAX_UNBONDING_PERIOD = 60 days;
    uint256 public constant MIN_JAIL_THRESHOLD = 1; // faults per fault window
    uint256 public constant MAX_JAIL_THRESHOLD = 20;
    uint256 public constant MIN_JAIL_DURATION = 1 hours;
    uint256 public constant MAX_JAIL_DURATION = 90 days;
    uint256 public constant MIN_FAULT_WINDOW = 1 hours;
    uint256 public constant MAX_FAULT_WINDOW = 365 days;
    uint256 public constant MAX_STAKE = type(uint96).max; // token units, per provider
    uint256 private constant _FAULT_WEIGHT = 2; // reputation points a fault costs
    uint256 private constant _FUEL_UNIT = 1e6; // offers are priced per million fuel

    IERC20 private immutable _token;
    // The account that deployed the system may wire the court (once) even when the owner is already the Timelock:
    // the registry is constructed owned by governance, and the wiring needs no proposal. The right is spent by the
    // wiring itself; it gives no other power.
    address private immutable _wirer;
    address private immutable _market;
    address private _court; // the verification court: a second, set-once caller of the collateral hooks
    uint256 private _unbondingPeriod; // seconds
    uint256 private _jailThreshold; // faults within any fault window that jail
    uint256 private _jailDuration; // seconds
    uint256 private _faultWindow; // seconds

    mapping(address account => ProviderRecord record) private _providers;
    // The times of each provider's last MAX_JAIL_THRESHOLD faults, a ring indexed by its fault count.
    mapping(address account => uint40[MAX_JAIL_THRESHOLD] times) private _faultTimes;
    TotalStake private _totalStake;
    // The lottery weighs stake as of a job's posting block. The latest stake and total sit in hot slots with the
    // block they changed in. A provider keeps only the value its latest change replaced: that is all a draw reads
    // (see _providerStakeAt), and one slot rewritten costs a stake change 22,100 gas less than a history entry
    // appended. The total keeps its whole history: the court's panels weigh the total as of the block before a round
    // opened, however many changes ago that was.
    mapping(address account => ReplacedStake replaced) private _replacedStake;
    Checkpoints.Trace208 private _totalStakeHistory;

    /// @dev The market is checked first, so its calls pay for no second lookup.
    modifier onlyMarket() {
        require(msg.sender == _market || msg.sender == _court, ProviderRegistryNotMarket(msg.sender));
        _;
    }

    /// @dev The owner, or the wirer for its one-time wiring (the court is set once).
    modifier onlyWirer() {
        require(msg.sender == owner() || msg.sender == _wirer, OwnableUnauthorizedAccount(msg.sender));
        _;
    }

    modifier onlyRegistered() {
        require(_providers[msg.sender].registered, ProviderRegistryNotRegistered(msg.sender));
        _;
    }

    /// @param market_ The market that may lock, release and slash collateral; JobMarket passes itself.
    /// @param wirer_ The account that may set the court once besides the owner (zero: the owner only).
    constructor(IERC20 token_, address owner_, Policy memory policy_, address market_, address wirer_) Ownable(owner_) {
        require(address(token_) != address(0) && market_ != address(0), ProviderRegistryZeroAddress());
        _token = token_;
        _market = market_;
        _wirer = wirer_;
        emit MarketSet(market_);
        _setUnbondingPeriod(policy_.unbondingPeriod);
        _setJailPolicy(policy_.jailThreshold, policy_.jailDuration, policy_.faultWindow);
    }

    // ------------------------------------------------------------------ provider actions

    /// @inheritdoc IProviderRegistry
    function register(
        string calldata metadataURI,
        uint32 classes,
        uint64 pricePerMfuel,
        uint32 minMfuel,
        uint16 capacity
    ) external {
        ProviderRecord storage p = _providers[msg.sender];
        require(!p.registered, ProviderRegistryAlreadyRegistered(msg.sender));
        p.registered = true;
        _setOffer(p, classes, pricePerMfuel, minMfuel, capacity);
        emit ProviderRegistered(msg.sender, metadataURI, classes, pricePerMfuel, minMfuel, capacity);
    }

    /// @inheritdoc IProviderRegistry
    function updateOffer(
        string calldata metadataURI,
        uint32 classes,
        uint64 pricePerMfuel,
        uint32 minMfuel,
        uint16 capacity
    ) external onlyRegistered {
        _setOffer(_providers[msg.sender], classes, pricePerMfuel, minMfuel, capacity);
        emit ProviderUpdated(msg.sender, metadataURI, classes, pricePerMfuel, minMfuel, capacity);
    }

    /// @inheritdoc IProviderRegistry
    function stake(uint256 amount) external nonReentrant onlyRegistered {
        _stake(amount);
    }

    /// @inheritdoc IProviderRegistry
    function stakeWithPermit(
        uint256 amount,
        uint256 deadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external nonReentrant onlyRegistered {
        // A front-run permit is not an error: the allowance is there either way.
        try IERC20Permit(address(_token)).permit(msg.sender, address(this), amount, deadline, v, r, s) {} catch {}
        _stake(amount);
    }

    /// @inheritdoc IProviderRegistry
    function requestUnstake(uint256 amount) external nonReentrant onlyRegistered {
        require(amount != 0, ProviderRegistryZeroAmount());
        ProviderRecord storage p = _providers[msg.sender];
        uint256 free = p.stake - p.locked;
        require(amount <= free, ProviderRegistryInsufficientFreeStake(amount, free));
        uint256 newStake = p.stake - amount;
        p.unbonding += uint96(amount); // amount <= free <= stake < 2^96
        uint256 readyAt = block.timestamp + _unbondingPeriod;
        p.unbondingReadyAt = SafeCast.toUint40(readyAt);
        uint256 total = _setStake(msg.sender, p, newStake);
        emit UnstakeRequested(msg.sender, amount, newStake, p.unbonding, readyAt, total);
    }

    /// @inheritdoc IProviderRegistry
    function withdraw() external nonReentrant {
        ProviderRecord storage p = _providers[msg.sender];
        uint256 amount = p.unbonding;
        require(amount != 0, ProviderRegistryNothingToWithdraw(msg.sender));
        require(
            block.timestamp >= p.unbondingReadyAt,
            ProviderRegistryStillUnbonding(p.unbondingReadyAt, block.timestamp)
        );
        p.unbonding = 0;
        p.unbondingReadyAt = 0;
        emit StakeWithdrawn(msg.sender, amount);
        _token.safeTransfer(msg.sender, amount);
    }

    // ------------------------------------------------------------------ market hooks

    /// @inheritdoc IProviderRegistry
    function lockCollateral(
        address account,
        ClaimTerms calldata terms
    ) external onlyMarket returns (ClaimReceipt memory receipt) {
        ProviderRecord storage p = _providers[account];
        require(p.registered, ProviderRegistryNotRegistered(account));
        require(block.timestamp >= p.jailedUntil, ProviderRegistryJailed(account, p.jailedUntil));
        require(
            p.classes & (uint32(1) << terms.resourceClass) != 0,
            ProviderRegistryClassNotServed(account, terms.resourceClass)
        );
        receipt.pricePerMfuel = p.pricePerMfuel;
        require(
            receipt.pricePerMfuel <= terms.maxPricePerMfuel,
            ProviderRegistryPriceTooHigh(receipt.pricePerMfuel, terms.maxPricePerMfuel)
        );
        receipt.minMfuel = p.minMfuel;
        uint256 minFuel = uint256(receipt.minMfuel) * _FUEL_UNIT;
        require(minFuel <= terms.maxFuel, ProviderRegistryMinimumTooHigh(minFuel, terms.maxFuel));
        require(p.activeJobs < p.capacity, ProviderRegistryAtCapacity(account, p.capacity));
        uint256 free = p.stake - p.locked;
        require(terms.collateral <= free, ProviderRegistryInsufficientFreeStake(terms.collateral, free));
        if (terms.minReputation != 0) {
            uint256 rep = _reputation(p);
            require(rep >= terms.minReputation, ProviderRegistryReputationTooLow(rep, terms.minReputation));
        }
        p.locked += terms.collateral;
        ++p.activeJobs; // < capacity <= type(uint16).max
        receipt.stake = _providerStakeAt(account, p, terms.stakeBlock, false);
        // The market emits JobClaimed with the locked collateral; no second event here.
    }

    /// @inheritdoc IProviderRegistry
    function releaseCollateral(address account, uint96 collateral, bool completed) external onlyMarket {
        ProviderRecord storage p = _providers[account];
        p.locked -= collateral;
        --p.activeJobs;
        // A completion never clears faults: a provider cannot work its way out of jail with jobs it posts itself.
        if (completed) ++p.completed;
        // The market emits the settlement events that describe this release.
    }

    /// @inheritdoc IProviderRegistry
    function slash(
        address account,
        uint256 jobId,
        uint96 collateral,
        uint96 amount,
        Fault reason
    ) external onlyMarket nonReentrant {
        ProviderRecord storage p = _providers[account];
        // Effects: the slashed amount comes out of the locked collateral (amount <= collateral <= locked).
        p.locked -= collateral;
        --p.activeJobs;
        if (reason == Fault.NoShow) ++p.noShows;
        else ++p.slashes;
        uint256 newStake = p.stake - amount;
        uint256 total = _setStake(account, p, newStake);
        emit ProviderSlashed(account, jobId, reason, amount, newStake, total);
        _countFault(account, p);
        // Interaction: the market distributes the slashed tokens.
        if (amount != 0) _token.safeTransfer(msg.sender, amount);
    }

    // ------------------------------------------------------------------ governance

    /// @inheritdoc IProviderRegistry
    function setCourt(address court_) external onlyWirer {
        require(_court == address(0), ProviderRegistryCourtAlreadySet(_court));
        require(court_ != address(0), ProviderRegistryZeroAddress());
        _court = court_;
        emit CourtSet(court_);
    }

    /// @inheritdoc IProviderRegistry
    function setUnbondingPeriod(uint256 seconds_) external onlyOwner {
        _setUnbondingPeriod(seconds_);
    }

    /// @inheritdoc IProviderRegistry
    function setJailPolicy(uint256 faultThreshold, uint256 jailSeconds, uint256 windowSeconds) external onlyOwner {
        _setJailPolicy(faultThreshold, jailSeconds, windowSeconds);
    }

    // ------------------------------------------------------------------ views

    /// @inheritdoc IProviderRegistry
    function token() external view returns (address) {
        return address(_token);
    }

    /// @inheritdoc IProviderRegistry
    function market() external view returns (address) {
        return _market;
    }

    /// @inheritdoc IProviderRegistry
    function court() external view returns (address) {
        return _court;
    }

    /// @inheritdoc IProviderRegistry
    function provider(address account) external view returns (Provider memory out) {
        ProviderRecord storage p = _providers[account];
        // Field by field: a 16-field struct literal is too deep for the stack.
        out.stake = p.stake;
        out.locked = p.locked;
        out.activeJobs = p.activeJobs;
        out.capacity = p.capacity;
        out.jailedUntil = p.jailedUntil;
        out.pricePerMfuel = p.pricePerMfuel;
        out.minMfuel = p.minMfuel;
        out.classes = p.classes;
        out.registered = p.registered;
        out.faultsAtJail = p.faultsAtJail;
        out.completed = p.completed;
        out.slashes = p.slashes;
        out.noShows = p.noShows;
        out.unbonding = p.unbonding;
        out.unbondingReadyAt = p.unbondingReadyAt;
    }

    /// @inheritdoc IProviderRegistry
    function reputation(address account) external view returns (uint256) {
        return _reputation(_providers[account]);
    }

    /// @inheritdoc IProviderRegistry
    function stakeAt(address account, uint256 blockNumber) external view returns (uint256) {
        return _providerStakeAt(account, _providers[account], blockNumber, true);
    }

    /// @inheritdoc IProviderRegistry
    function lotteryStakeAt(address account, uint256 blockNumber) external view returns (uint256) {
        return _providerStakeAt(account, _providers[account], blockNumber, false);
    }

    /// @inheritdoc IProviderRegistry
    function totalStakeBeforeThisBlock() external view returns (uint256) {
        TotalStake memory t = _totalStake;
        // The latest total changed in an earlier block, or in this one: then the value it replaced is the last entry
        // of the history, set in an earlier block. Either way the answer is O(1).
        return _totalStakeAt(t, block.number - 1, false);
    }

    /// @inheritdoc IProviderRegistry
    function totalStake() external view returns (uint256) {
        return _totalStake.amount;
    }

    /// @inheritdoc IProviderRegistry
    function totalStakeAt(uint256 blockNumber) external view returns (uint256) {
        TotalStake memory t = _totalStake;
        return _totalStakeAt(t, blockNumber, true);
    }

    /// @inheritdoc IProviderRegistry
    function unbondingPeriod() external view returns (uint256) {
        return _unbondingPeriod;
    }

    /// @inheritdoc IProviderRegistry
    function jailThreshold() external view returns (uint256) {
        return _jailThreshold;
    }

    /// @inheritdoc IProviderRegistry
    function jailDuration() external view returns (uint256) {
        return _jailDuration;
    }

    /// @inheritdoc IProviderRegistry
    function faultWindow() external view returns (uint256) {
        return _faultWindow;
    }

    // ------------------------------------------------------------------ internals

    function _stake(uint256 amount) private {
        require(amount != 0, ProviderRegistryZeroAmount());
        ProviderRecord storage p = _providers[msg.sender];
        uint256 newStake = p.stake + amount;
        require(newStake <= MAX_STAKE, ProviderRegistryStakeTooLarge(newStake, MAX_STAKE));
        // Credit only what arrived, so a fee-on-transfer token cannot inflate stake.
        _token.pullExactly(amount);
        uint256 total = _setStake(msg.sender, p, newStake);
        emit Staked(msg.sender, amount, newStake, total);
    }

    /// @dev Sets `account`'s stake and the total as of this block. A latest value set in an earlier block is kept
    /// first (the provider's as its replaced stake, the total's in its history), so lookups for that block find it.
    function _setStake(address account, ProviderRecord storage p, uint256 newStake) private returns (uint256 total) {
        uint48 blockNumber = SafeCast.toUint48(block.number);
        // A value set earlier in this block is simply replaced; block 0 means no value was ever set.
        if (p.stakeBlock != 0 && p.stakeBlock != blockNumber) {
            _replacedStake[account] = ReplacedStake(p.stakeBlock, p.stake, _replacedStake[account].blockNumber == 0);
        }
        TotalStake memory t = _totalStake;
        if (t.blockNumber != 0 && t.blockNumber != blockNumber) _totalStakeHistory.push(t.blockNumber, t.amount);
        total = t.amount + newStake - p.stake;
        p.stake = uint96(newStake); // <= MAX_STAKE
        p.stakeBlock = blockNumber;
        _totalStake = TotalStake(blockNumber, SafeCast.toUint208(total));
    }

    /// @dev A provider's stake as of `blockNumber`: its latest stake unless that changed after the block; then the
    /// stake the latest replaced, if it was in force then. Older than both: zero for a draw (`exact` false: zero only
    /// ever under-counts, so a draw never weighs stake added after its trigger, and a claim's cost never depends on
    /// how often a provider restaked; a claimer pays for its own churn at most: it cannot claim jobs posted before its
    /// stake settled); for the exact view, zero before the provider's first stake, and otherwise a revert (not kept).
    function _providerStakeAt(
        address account,
        ProviderRecord storage p,
        uint256 blockNumber,
        bool exact
    ) private view returns (uint256) {
        uint256 latestBlock = p.stakeBlock;
        if (latestBlock <= blockNumber) return p.stake;
        ReplacedStake memory replaced = _replacedStake[account];
        if (replaced.blockNumber != 0 && replaced.blockNumber <= blockNumber) return replaced.amount;
        // Before the first stake the registry saw, nothing was staked.
        if (!exact || replaced.blockNumber == 0 || replaced.first) return 0;
        revert ProviderRegistryStakeNotKept(account, blockNumber, replaced.blockNumber);
    }

    /// @dev The total stake as of `blockNumber`: the latest total unless it changed after that block. Then, `exact`,
    /// the history answers (a binary search: for views and the court's draws); otherwise, in O(1), the total the
    /// latest replaced if it was in force then, and zero if not.
    function _totalStakeAt(TotalStake memory t, uint256 blockNumber, bool exact) private view returns (uint256) {
        if (t.blockNumber <= blockNumber) return t.amount;
        if (exact) return _totalStakeHistory.upperLookupRecent(SafeCast.toUint48(blockNumber));
        (bool exists, uint48 replacedBlock, uint208 replaced) = _totalStakeHistory.latestCheckpoint();
        return exists && replacedBlock <= blockNumber ? replaced : 0;
    }

    function _reputation(ProviderRecord storage p) private view returns (uint256) {
        uint256 faults = (uint256(p.slashes) + p.noShows) * _FAULT_WEIGHT;
        return p.completed > faults ? p.completed - faults : 0;
    }

    function _setOffer(
        ProviderRecord storage p,
        uint32 classes,
        uint64 pricePerMfuel,
        uint32 minMfuel,
        uint16 capacity
    ) private {
        require(
            classes != 0 && pricePerMfuel != 0 && capacity != 0,
            ProviderRegistryInvalidOffer(classes, pricePerMfuel, capacity)
        );
        p.classes = classes;
        p.pricePerMfuel = pricePerMfuel;
        p.minMfuel = minMfuel;
        p.capacity = capacity;
    }

    /// @dev Records the fault's time and jails the provider when its last `_jailThreshold` faults since its last jail
    /// all fell within `_faultWindow`: an exact sliding window, kept as a ring of the last MAX_JAIL_THRESHOLD fault
    /// times. Completions never enter it.
    function _countFault(address account, ProviderRecord storage p) private {
        uint256 faults = uint256(p.slashes) + p.noShows; // this fault included
        uint40[MAX_JAIL_THRESHOLD] storage times = _faultTimes[account];
        times[(faults - 1) % MAX_JAIL_THRESHOLD] = uint40(block.timestamp); // < 2^40 for 34,000 years
        uint256 threshold = _jailThreshold;
        if (faults - p.faultsAtJail < threshold) return;
        uint256 oldest = times[(faults - threshold) % MAX_JAIL_THRESHOLD];
        if (block.timestamp - oldest >= _faultWindow) return;
        uint256 until = block.timestamp + _jailDuration;
        p.jailedUntil = SafeCast.toUint32(until);
        p.faultsAtJail = uint32(faults);
        emit ProviderJailed(account, until, threshold);
    }

    function _setUnbondingPeriod(uint256 value) private {
        GovernedParameter.check("unbondingPeriod", value, MIN_UNBONDING_PERIOD, MAX_UNBONDING_PERIOD);
        uint256 old = _unbondingPeriod;
        require(value != old, ProviderRegistryParameterUnchanged("unbondingPeriod", value));
        _unbondingPeriod = value;
        GovernedParameter.update("unbondingPeriod", old, value);
    }

    function _setJailPolicy(uint256 threshold, uint256 duration, uint256 window) private {
        GovernedParameter.check("jailThreshold", threshold, MIN_JAIL_THRESHOLD, MAX_JAIL_THRESHOLD);
        GovernedParameter.check("jailDuration", duration, MIN_JAIL_DURATION, MAX_JAIL_DURATION);
        GovernedParameter.check("faultWindow", window, MIN_FAULT_WINDOW, MAX_FAULT_WINDOW);
        require(
            threshold != _jailThreshold || duration != _jailDuration || window != _faultWindow,
            ProviderRegistryParameterUnchanged("jailPolicy", threshold)
        );
        (uint256 oldThreshold, uint256 oldDuration, uint256 oldWindow) = (_jailThreshold, _jailDuration, _faultWindow);
        _jailThreshold = threshold;
        _jailDuration = duration;
        _faultWindow = window;
        GovernedParameter.update("jailThreshold", oldThreshold, threshold);
        GovernedParameter.update("jailDuration", oldDuration, duration);
        GovernedParameter.update("faultWindow", oldWindow, window);
    }
}
