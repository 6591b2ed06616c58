// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {HashworkToken} from "../../../contracts/HashworkToken.sol";
import {ProviderRegistry} from "../../../contracts/ProviderRegistry.sol";
import {BlockhashRandomness} from "../../../contracts/BlockhashRandomness.sol";
import {JobMarket} from "../../../contracts/JobMarket.sol";
import {VerificationCourt} from "../../../contracts/VerificationCourt.sol";
import {IJobMarket} from "../../../contracts/interfaces/IJobMarket.sol";
import {IVerificationCourt} from "../../../contracts/interfaces/IVerificationCourt.sol";
import {Results} from "../../../contracts/libraries/Results.sol";
import {Defaults} from "./Defaults.sol";
import {Draws} from "./Draws.sol";
import {SystemDeployer} from "./SystemDeployer.sol";
import {Test} from "./Test.sol";

/// @notice Deploys the whole system with the Ignition defaults, owned by the test contract, with a funded court pool,
/// and offers the steps every scenario needs: fund, register and stake, post, claim when drawn, commit, reveal, fix
/// the audit decision, take verifier seats.
abstract contract Fixture is Test {
    uint256 internal constant SUPPLY = 1e30; // token units; covers the largest fuzzed escrows and stakes
    uint256 internal constant POOL_SEED = 1_000e18; // token units in the court's pool, as the mocha fixture seeds it
    uint256 internal constant BPS = 10_000;
    uint64 internal constant MFUEL = 1e6; // prices are per million fuel
    address internal constant TREASURY = address(0x7EA5);
    uint256 internal constant START = 1_700_000_000; // unix seconds

    /// @notice A result: the output hash and the fuel used.
    struct Answer {
        bytes32 output;
        uint64 fuel;
    }

    HashworkToken internal token;
    ProviderRegistry internal registry;
    BlockhashRandomness internal randomness;
    JobMarket internal market;
    VerificationCourt internal court;
    mapping(uint256 jobId => mapping(address provider => uint8 slotPlusOne)) private _slotPlusOne; // see _slotIndex

    function _deploy() internal {
        vm.warp(START);
        vm.roll(100);
        SystemDeployer.System memory s = SystemDeployer.deploy(
            SUPPLY,
            Defaults.registry(),
            TREASURY,
            Defaults.market(),
            Defaults.court()
        );
        (token, registry, randomness, market, court) = (s.token, s.registry, s.randomness, s.market, s.court);
        token.approve(address(court), POOL_SEED);
        court.fundPool(POOL_SEED);
    }

    // ------------------------------------------------------------------ clock

    function _now() internal view returns (uint256) {
        return vm.getBlockTimestamp();
    }

    function _blockNumber() internal view returns (uint256) {
        return vm.getBlockNumber();
    }

    function _warpTo(uint256 timestamp) internal {
        if (timestamp > _now()) vm.warp(timestamp);
    }

    function _roll(uint256 blocks) internal {
        vm.roll(_blockNumber() + blocks);
    }

    // ------------------------------------------------------------------ parties

    /// @dev Sets market parameters as the owner; a no-op when nothing differs (the market rejects no-ops).
    function _setParameters(IJobMarket.Parameters memory p) internal {
        if (keccak256(abi.encode(p)) != keccak256(abi.encode(market.parameters()))) market.setParameters(p);
    }

    function _setCourtParameters(IVerificationCourt.Parameters memory p) internal {
        if (keccak256(abi.encode(p)) != keccak256(abi.encode(court.parameters()))) court.setParameters(p);
    }

    /// @dev Gives `account` `amount` tokens and lets the market, the registry and the court pull any amount.
    function _fund(address account, uint256 amount) internal {
        token.transfer(account, amount);
        vm.startPrank(account);
        token.approve(address(market), type(uint256).max);
        token.approve(address(registry), type(uint256).max);
        token.approve(address(court), type(uint256).max);
        vm.stopPrank();
    }

    /// @dev Registers `account` for resource class 0 with capacity 4 and stakes `stake`.
    function _addProvider(address account, uint64 pricePerMfuel, uint32 minMfuel, uint256 stake) internal {
        _fund(account, stake);
        vm.startPrank(account);
        registry.register("ipfs://provider", 1, pricePerMfuel, minMfuel, 4);
        registry.stake(stake);
        vm.stopPrank();
    }

    // ------------------------------------------------------------------ jobs

    /// @dev A valid request: class 0, a 600-second claim window, then 600 seconds plus the execution time to commit.
    function _request(
        uint8 replicas,
        uint64 maxFuel,
        uint64 maxPricePerMfuel
    ) internal view returns (IJobMarket.JobRequest memory r) {
        r.replicas = replicas;
        r.maxFuel = maxFuel;
        r.maxPricePerMfuel = maxPricePerMfuel;
        r.claimDeadline = uint40(_now() + 600);
        r.commitDeadline = uint40(r.claimDeadline + 600 + market.executionTime(maxFuel));
        r.bundleHash = keccak256("bundle");
        r.bundleURI = "ipfs://bundle";
    }

    /// @dev Funds `requester` with exactly the request's escrow and posts it.
    function _post(address requester, IJobMarket.JobRequest memory r) internal returns (uint256 jobId) {
        (uint256 escrow, ) = market.escrowFor(r);
        _fund(requester, escrow);
        vm.prank(requester);
        jobId = market.postJob(r);
    }

    /// @dev Waits for the job's seed, warps to the first second `provider` is drawn and claims.
    function _claim(uint256 jobId, address provider) internal {
        IJobMarket.Job memory job = market.getJob(jobId);
        if (_blockNumber() <= job.postedBlock + 1) vm.roll(job.postedBlock + 2);
        uint256 at = Draws.replicaDrawTime(market, jobId, provider);
        assertTrue(at != Draws.NEVER, "provider never drawn before the claim deadline");
        _warpTo(at);
        vm.prank(provider);
        market.claim(jobId, bytes32(0));
        _slotPlusOne[jobId][provider] = market.getJob(jobId).claimed; // the slot just taken, plus one
    }

    function _salt(uint256 jobId, address account) internal pure returns (bytes32) {
        return keccak256(abi.encode("salt", jobId, account));
    }

    /// @dev `provider`'s replica slot on the job (its JobClaimed's `slot`), or 255 (no slot) when it holds none. Kept
    /// by `_claim` rather than read from the market, so that a `vm.expectRevert` before `_commit` or `_reveal` applies
    /// to the market's call, not to a lookup.
    function _slotIndex(uint256 jobId, address provider) internal view returns (uint8) {
        uint8 plusOne = _slotPlusOne[jobId][provider];
        return plusOne == 0 ? type(uint8).max : plusOne - 1;
    }

    function _commit(uint256 jobId, address provider, Answer memory a) internal {
        uint8 slot = _slotIndex(jobId, provider);
        vm.prank(provider);
        market.commitResult(jobId, slot, Results.commitment(jobId, provider, a.output, a.fuel, _salt(jobId, provider)));
    }

    function _reveal(uint256 jobId, address provider, Answer memory a) internal {
        uint8 slot = _slotIndex(jobId, provider);
        vm.prank(provider);
        market.revealResult(jobId, slot, a.output, a.fuel, _salt(jobId, provider), "ipfs://out");
    }

    /// @dev Takes the audit decision of a job whose commits closed in full, with a seed chosen so that it comes out
    /// `audited` (as the proposer of the seed block could bias it). The decision logic itself is the contract's.
    function _forceAudit(uint256 jobId, bool audited) internal {
        IJobMarket.Job memory job = market.getJob(jobId);
        assertTrue(job.commitsClosedAt != 0, "commits not closed by a full job");
        if (_blockNumber() <= job.commitsClosedBlock + 1) vm.roll(job.commitsClosedBlock + 2);
        vm.setBlockhash(job.commitsClosedBlock + 1, Draws.auditSeed(jobId, job.auditRateBps, audited, 0));
        market.decideAudit(jobId);
        IJobMarket.AuditState expected = audited ? IJobMarket.AuditState.Audited : IJobMarket.AuditState.NotAudited;
        assertTrue(market.getJob(jobId).audit == expected, "audit decision not as forced");
    }

    /// @dev Waits for the round's seed, warps to the first second `account` is drawn and takes a seat.
    function _claimVerifier(uint256 jobId, address account) internal {
        IVerificationCourt.Round memory round = Draws.currentRound(court, jobId);
        if (_blockNumber() <= round.openedBlock + 1) vm.roll(round.openedBlock + 2);
        uint256 at = Draws.verifierDrawTime(court, jobId, account);
        assertTrue(at != Draws.NEVER, "verifier never drawn before the draw closes");
        _warpTo(at);
        vm.prank(account);
        court.claimVerifier(jobId);
    }

    /// @dev The digest of the final state an execution giving `a` leaves behind: the same for every verifier that
    /// computes `a`, and published by nobody (a copier of a revealed answer cannot know it).
    function _stateDigest(Answer memory a) internal pure returns (bytes32) {
        return keccak256(abi.encode("state", a.output, a.fuel));
    }

    /// @dev A verifier's proof of execution in the current round of `jobId`: the round's seed with the final state's
    /// digest.
    function _proof(uint256 jobId, bytes32 stateDigest) internal view returns (bytes32) {
        IVerificationCourt.Round memory round = Draws.currentRound(court, jobId);
        return keccak256(abi.encode(randomness.seedFor(round.openedBlock), stateDigest));
    }

    /// @dev Commits `a` with the proof of an execution that gave it.
    function _commitVerdict(uint256 jobId, address verifier, Answer memory a) internal {
        _commitVerdict(jobId, verifier, a, _stateDigest(a));
    }

    /// @dev Commits `a` with a proof built on `stateDigest` (a made-up one for a verifier that copied `a`).
    function _commitVerdict(uint256 jobId, address verifier, Answer memory a, bytes32 stateDigest) internal {
        bytes32 proof = _proof(jobId, stateDigest);
        vm.prank(verifier);
        court.commitVerdict(
            jobId,
            Results.verdictCommitment(jobId, verifier, a.output, a.fuel, proof, _salt(jobId, verifier))
        );
    }

    function _revealVerdict(uint256 jobId, address verifier, Answer memory a) internal {
        _revealVerdict(jobId, verifier, a, _stateDigest(a));
    }

    function _revealVerdict(uint256 jobId, address verifier, Answer memory a, bytes32 stateDigest) internal {
        bytes32 proof = _proof(jobId, stateDigest);
        vm.prank(verifier);
        court.revealVerdict(jobId, a.output, a.fuel, proof, _salt(jobId, verifier), "ipfs://verdict");
    }

    /// @dev The on-chain result word of an answer ("input unavailable" whatever its fuel).
    function _word(Answer memory a) internal pure returns (bytes32) {
        return
            a.output == Results.INPUT_UNAVAILABLE
                ? Results.INPUT_UNAVAILABLE_RESULT
                : Results.resultOf(a.output, a.fuel);
    }
}
