// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IJobMarket} from "../../../contracts/interfaces/IJobMarket.sol";
import {IVerificationCourt} from "../../../contracts/interfaces/IVerificationCourt.sol";
import {Results} from "../../../contracts/libraries/Results.sol";
import {Fixture} from "../lib/Fixture.sol";

/// @notice Settlement pays each winner its fuel (at least its minimum) at its own price, capped by the budget, slashes
/// dissenters, withholders and no-shows, refunds the requester the rest and credits the treasury and the court. For
/// every bounded combination of fuel, prices, minimums, replica behaviour and slash policy, each account is credited
/// exactly what the rules say, and every escrowed and slashed token is credited to exactly one account.
contract SettlementFuzzTest is Fixture {
    address internal constant REQUESTER = address(0xBEEF);
    address internal constant AUDITOR = address(0xA0D1);
    uint256 internal constant STAKE = 1e26; // token units per provider: covers any fuzzed collateral
    uint64 internal constant MAX_FUEL = 100_000e6; // 100 Gfuel: about 2,000 seconds at the reference speed
    uint256 internal constant MAX_JOB_BUDGET = 1e24; // token units per replica, so 30x collateral fits STAKE

    /// @dev What a replica does.
    enum Act {
        NoShow, // claims, never commits
        Withhold, // commits, never reveals
        Honest, // reveals the true output and fuel
        WrongOutput, // reveals another output
        WrongFuel, // reveals the true output with another fuel
        InputUnavailable
    }

    /// @dev Raw fuzz input for the slash and share policy, bounded by `_policy`.
    struct Knobs {
        uint256 collateralBps;
        uint256 minCollateral;
        uint256 dissentSlashBps;
        uint256 noShowSlashBps;
        uint256 requesterShareBps;
        uint256 honestShareBps;
        uint256 challengerShareBps;
        uint256 auditRateBps;
        uint256 auditFeeBps;
    }

    /// @dev One fuzzed job: its terms and its replicas' offers and behaviour.
    struct Case {
        uint8 k;
        uint64 maxFuel;
        uint64 maxPrice;
        uint64 fuel; // the true answer's fuel
        uint64[3] prices;
        uint32[3] minMfuels;
        Act[3] acts;
    }

    /// @dev What settlement must credit, computed from first principles.
    struct Expected {
        bytes32 winner; // the replicas' strict majority; zero: none
        bool disagree; // two revealed real results differ
        uint256 winners;
        uint256[3] slash;
        uint256[3] pay;
        uint256 slashed;
        uint256 paid;
        uint256 compensation;
        uint256 bonus;
        uint256 fee;
        uint256 auditFee;
        uint256 escrow;
    }

    /// @dev Balances settlement can touch.
    struct Books {
        uint256 requester; // market claimable
        uint256 treasury; // market claimable
        uint256 court; // market claimable
        uint256[3] providers; // market claimable
        uint256[3] stakes;
        uint256 auditorPay; // court claimable
        uint256 market; // token balance
        uint256 registry; // token balance
    }

    address[3] internal providers = [address(0xA1), address(0xA2), address(0xA3)];

    function setUp() public {
        _deploy();
        _fund(REQUESTER, SUPPLY / 4);
        _addProvider(AUDITOR, 1, 0, STAKE); // staked before any job, so it counts for audit draws
        // The market refuses jobs the pool could not verify in full: an auditor and two 3-seat panels, one budget each.
        token.approve(address(court), 7 * MAX_JOB_BUDGET);
        court.fundPool(7 * MAX_JOB_BUDGET);
    }

    // ------------------------------------------------------------------ tests

    /// @dev Every replica reveals the true answer: each is paid min(budget, max(fuel, minMfuel·1e6)·price/1e6) at its
    /// own offer, the requester gets back the rest of the budgets, the treasury the fee and the court the audit fee.
    function testFuzz_settle_PaysEachWinnerItsFuelAtItsOwnPrice(
        uint256 k,
        uint256 maxFuel,
        uint256 maxPrice,
        uint256 fuel,
        uint64[3] memory prices,
        uint32[3] memory minMfuels
    ) public {
        Case memory c = _case(k, maxFuel, maxPrice, fuel, prices, minMfuels, 2 + (2 << 8) + (2 << 16)); // all Honest
        (uint256 jobId, Books memory before) = _runUnaudited(c);
        Books memory afterwards = _books();
        IJobMarket.Job memory job = market.getJob(jobId);
        uint256 paid;
        for (uint256 i; i < c.k; ++i) {
            uint256 billed = uint256(c.minMfuels[i]) * MFUEL;
            if (billed < c.fuel) billed = c.fuel;
            uint256 pay = (billed * c.prices[i]) / MFUEL;
            if (pay > job.budget) pay = job.budget;
            assertEq(afterwards.providers[i] - before.providers[i], pay, "payment != fuel at own price, capped");
            assertEq(registry.provider(providers[i]).completed, 1, "completion not counted");
            paid += pay;
        }
        uint256 escrow = uint256(c.k) * job.budget + job.fee + job.auditFee;
        // The audit fee is kept on the fuel used at the job's price; the rest of it is refunded.
        uint256 auditFee = (((uint256(c.fuel) * c.maxPrice) / MFUEL) * market.parameters().auditFeeBps) / BPS;
        assertEq(afterwards.requester - before.requester, escrow - paid - job.fee - auditFee, "refund");
        assertEq(afterwards.treasury - before.treasury, job.fee, "fee");
        assertEq(afterwards.court - before.court, auditFee, "audit fee");
        assertTrue(job.status == IJobMarket.JobStatus.Completed, "status");
    }

    /// @dev Any mix of no-shows, withholders, honest, wrong and "input unavailable" replicas, under any bounded slash
    /// and share policy. Unaudited when every replica committed; otherwise the job is audited (fail closed) and an
    /// honest auditor answers. Each account gets exactly its due (checked in `_check`).
    function testFuzz_settle_ConservesTokensAndSlashesFaults(
        Knobs memory knobs,
        uint256 k,
        uint256 maxFuel,
        uint256 maxPrice,
        uint256 fuel,
        uint64[3] memory prices,
        uint32[3] memory minMfuels,
        uint256 acts
    ) public {
        _setParameters(_policy(knobs));
        Case memory c = _case(k, maxFuel, maxPrice, fuel, prices, minMfuels, acts);
        bool allCommit = true;
        for (uint256 i; i < c.k; ++i) if (c.acts[i] == Act.NoShow) allCommit = false;
        if (allCommit) _runUnaudited(c);
        else _runAfterNoShow(c);
    }

    /// PROTOCOL.md: the parameters that decide a job's money are fixed when the job is posted. Governance raising
    /// noShowSlashBps while a job runs must not take more of its no-show's collateral than the terms it claimed under.
    function test_settle_SlashesByThePolicyInForceAtPosting() public {
        _addProvider(providers[0], 1e16, 0, STAKE);
        _roll(1);
        uint256 jobId = _post(REQUESTER, _request(1, 100e6, 2e16));
        _claim(jobId, providers[0]);
        IJobMarket.Parameters memory p = market.parameters();
        uint256 atPosting = p.noShowSlashBps;
        p.noShowSlashBps = p.dissentSlashBps; // governance raises it mid-job
        _setParameters(p);
        _warpTo(uint256(market.getJob(jobId).commitDeadline) + 1);
        uint256 stakeBefore = registry.provider(providers[0]).stake;
        market.settle(jobId);
        uint256 collateral = market.getJob(jobId).collateral;
        assertEq(stakeBefore - registry.provider(providers[0]).stake, (collateral * atPosting) / BPS, "no-show slash");
    }

    // ------------------------------------------------------------------ scenarios

    /// @dev Every replica commits; the audit decision comes out "not audited"; reveals; settles once it can.
    function _runUnaudited(Case memory c) internal returns (uint256 jobId, Books memory before) {
        jobId = _postAndClaim(c);
        _commitAll(jobId, c);
        _forceAudit(jobId, false);
        _revealAll(jobId, c);
        Expected memory e = _expect(jobId, c);
        if (e.disagree) {
            _assertGoesToPanel(jobId, IJobMarket.VerificationReason.Disagreement);
            return (jobId, before);
        }
        before = _settleWhenDue(jobId, e);
        _check(jobId, c, e, before);
    }

    /// @dev Some replica never commits: commits close at the deadline and the job is audited whatever the seed (unless
    /// nobody committed). An honest auditor commits and reveals; the replicas reveal; the job settles by their
    /// results, or goes to a panel when the auditor disagrees.
    function _runAfterNoShow(Case memory c) internal {
        uint256 jobId = _postAndClaim(c);
        _commitAll(jobId, c);
        _warpTo(uint256(market.getJob(jobId).commitDeadline) + 1);
        market.decideAudit(jobId);
        IJobMarket.Job memory job = market.getJob(jobId);
        if (job.committedMask == 0) {
            assertTrue(job.audit == IJobMarket.AuditState.NotAudited, "nothing committed, yet audited");
            Expected memory none = _expect(jobId, c);
            Books memory start = _books();
            market.settle(jobId);
            _check(jobId, c, none, start);
            return;
        }
        assertTrue(job.audit == IJobMarket.AuditState.Audited, "missing slots must fail closed into an audit");
        Answer memory truth = _answer(jobId, c, Act.Honest, 0);
        _claimVerifier(jobId, AUDITOR);
        _commitVerdict(jobId, AUDITOR, truth);
        _revealAll(jobId, c);
        _revealVerdict(jobId, AUDITOR, truth);
        Expected memory e = _expect(jobId, c);
        if (e.disagree || (Results.isReal(e.winner) && e.winner != _word(truth))) {
            _assertGoesToPanel(jobId, IJobMarket.VerificationReason.Disagreement);
            return;
        }
        Books memory before = _settleWhenDue(jobId, e);
        _check(jobId, c, e, before);
        // The auditor revealed: paid its fuel at the job's price from the pool whatever the verdict, never slashed here
        // (its answer is the truth, and a job without a real winner judges nobody's result).
        assertEq(court.claimable(AUDITOR) - before.auditorPay, (uint256(c.fuel) * c.maxPrice) / MFUEL, "auditor pay");
        assertEq(registry.provider(AUDITOR).locked, 0, "auditor collateral still locked");
        assertEq(court.reserved(), 0, "pay still reserved after the audit closed");
        assertTrue(
            court.getVerification(jobId).status == IVerificationCourt.VerificationStatus.Final,
            "audit not closed"
        );
    }

    // ------------------------------------------------------------------ steps

    function _case(
        uint256 k,
        uint256 maxFuel,
        uint256 maxPrice,
        uint256 fuel,
        uint64[3] memory prices,
        uint32[3] memory minMfuels,
        uint256 acts
    ) internal view returns (Case memory c) {
        c.k = uint8(bound(k, 1, 3));
        c.maxFuel = uint64(bound(maxFuel, 1e3, MAX_FUEL));
        uint256 lo = (market.parameters().minBudget * MFUEL + c.maxFuel - 1) / c.maxFuel;
        uint256 hi = (MAX_JOB_BUDGET * MFUEL) / c.maxFuel;
        c.maxPrice = uint64(bound(maxPrice, lo, hi < type(uint64).max ? hi : type(uint64).max));
        c.fuel = uint64(bound(fuel, 0, c.maxFuel));
        for (uint256 i; i < 3; ++i) {
            c.prices[i] = uint64(bound(prices[i], 1, c.maxPrice));
            c.minMfuels[i] = uint32(bound(minMfuels[i], 0, c.maxFuel / MFUEL));
            c.acts[i] = Act(uint8(acts >> (8 * i)) % 6); // one byte per replica
        }
    }

    /// @dev Registers the three providers with the case's offers, then (a block later, so their stake counts) posts
    /// the job and has the first k claim it.
    function _postAndClaim(Case memory c) internal returns (uint256 jobId) {
        for (uint256 i; i < 3; ++i) _addProvider(providers[i], c.prices[i], c.minMfuels[i], STAKE);
        _roll(1);
        jobId = _post(REQUESTER, _request(c.k, c.maxFuel, c.maxPrice));
        for (uint256 i; i < c.k; ++i) _claim(jobId, providers[i]);
    }

    /// @dev The answer an act stands for: the true (output, fuel) of the job, another output, another fuel, or "input
    /// unavailable".
    function _answer(uint256 jobId, Case memory c, Act act, uint256 i) internal pure returns (Answer memory a) {
        a = Answer(keccak256(abi.encode("output", jobId)), c.fuel);
        if (act == Act.WrongOutput) a.output = keccak256(abi.encode("wrong output", jobId, i));
        if (act == Act.WrongFuel) a.fuel = c.fuel == c.maxFuel ? c.fuel - 1 : c.fuel + 1;
        if (act == Act.InputUnavailable) a.output = Results.INPUT_UNAVAILABLE;
    }

    function _commitAll(uint256 jobId, Case memory c) internal {
        for (uint256 i; i < c.k; ++i) {
            if (c.acts[i] != Act.NoShow) _commit(jobId, providers[i], _answer(jobId, c, c.acts[i], i));
        }
    }

    function _revealAll(uint256 jobId, Case memory c) internal {
        for (uint256 i; i < c.k; ++i) {
            if (_reveals(c.acts[i])) _reveal(jobId, providers[i], _answer(jobId, c, c.acts[i], i));
        }
    }

    function _reveals(Act act) internal pure returns (bool) {
        return act != Act.NoShow && act != Act.Withhold;
    }

    /// @dev Waits for reveals to close and, for a payable result, out its challenge window (refusing to pay inside
    /// it); returns the books before settling, then settles.
    function _settleWhenDue(uint256 jobId, Expected memory e) internal returns (Books memory before) {
        if (market.getJob(jobId).revealsClosedAt == 0) _warpTo(uint256(market.timeline(jobId).revealEndsAt) + 1);
        if (Results.isReal(e.winner)) {
            assertTrue(!market.isSettleable(jobId), "a payable result is settleable inside its challenge window");
            vm.expectRevert(abi.encodeWithSelector(IJobMarket.JobMarketNotSettleable.selector, jobId));
            market.settle(jobId);
            _warpTo(uint256(market.timeline(jobId).challengeEndsAt) + 1);
        }
        assertTrue(market.isSettleable(jobId), "isSettleable");
        before = _books();
        market.settle(jobId);
    }

    /// @dev Settling moves the job to the court's panel and no token.
    function _assertGoesToPanel(uint256 jobId, IJobMarket.VerificationReason reason) internal {
        if (market.getJob(jobId).revealsClosedAt == 0) _warpTo(uint256(market.timeline(jobId).revealEndsAt) + 1);
        Books memory before = _books();
        vm.expectEmit();
        emit IJobMarket.VerificationStarted(jobId, reason, address(0), _agreedWord(jobId));
        market.settle(jobId);
        Books memory afterwards = _books();
        assertTrue(market.getJob(jobId).status == IJobMarket.JobStatus.Verifying, "not verifying");
        assertTrue(
            court.getVerification(jobId).status == IVerificationCourt.VerificationStatus.Panel,
            "no panel opened"
        );
        assertEq(
            keccak256(abi.encode(afterwards)),
            keccak256(abi.encode(before)),
            "tokens moved on the way to a panel"
        );
    }

    /// @dev The replicas' strict-majority result, as the market reports it in VerificationStarted.
    function _agreedWord(uint256 jobId) internal view returns (bytes32) {
        IJobMarket.Job memory job = market.getJob(jobId);
        IJobMarket.Assignment[] memory slots = market.getAssignments(jobId);
        bytes32[] memory delivered = new bytes32[](slots.length);
        for (uint256 i; i < slots.length; ++i) {
            if (job.revealedMask & (1 << i) != 0) delivered[i] = slots[i].result;
        }
        return _majority(delivered, job.replicas);
    }

    /// @dev The result revealed by more than half of `seats`, counted naively.
    function _majority(bytes32[] memory delivered, uint256 seats) internal pure returns (bytes32 winner) {
        for (uint256 i; i < delivered.length; ++i) {
            if (delivered[i] == bytes32(0)) continue;
            uint256 votes;
            for (uint256 j; j < delivered.length; ++j) if (delivered[j] == delivered[i]) ++votes;
            if (votes * 2 > seats) winner = delivered[i];
        }
    }

    /// @dev Settlement's due, from the rules in PROTOCOL.md ("Judging and money") and the policy at posting (the
    /// current one: the scenarios change parameters only before posting).
    function _expect(uint256 jobId, Case memory c) internal view returns (Expected memory e) {
        IJobMarket.Job memory job = market.getJob(jobId);
        IJobMarket.Parameters memory p = market.parameters();
        bytes32[] memory delivered = new bytes32[](c.k);
        bytes32 real;
        for (uint256 i; i < c.k; ++i) {
            if (!_reveals(c.acts[i])) continue;
            delivered[i] = _word(_answer(jobId, c, c.acts[i], i));
            if (!Results.isReal(delivered[i])) continue;
            if (real == bytes32(0)) real = delivered[i];
            else if (delivered[i] != real) e.disagree = true;
        }
        e.winner = _majority(delivered, c.k);
        bool realWinner = Results.isReal(e.winner);
        for (uint256 i; i < c.k; ++i) {
            uint256 bps;
            if (c.acts[i] == Act.NoShow) bps = p.noShowSlashBps;
            else if (c.acts[i] == Act.Withhold) bps = p.dissentSlashBps;
            else if (realWinner && delivered[i] == e.winner) ++e.winners;
            else if (realWinner && Results.isReal(delivered[i])) bps = p.dissentSlashBps;
            e.slash[i] = (uint256(job.collateral) * bps) / BPS;
            e.slashed += e.slash[i];
        }
        uint64 fuel; // the winning answer's fuel: what winners are paid for
        for (uint256 i; i < c.k; ++i) {
            if (realWinner && delivered[i] == e.winner) fuel = _answer(jobId, c, c.acts[i], i).fuel;
        }
        for (uint256 i; i < c.k; ++i) {
            if (!realWinner || delivered[i] != e.winner) continue;
            uint256 billed = uint256(c.minMfuels[i]) * MFUEL;
            if (billed < fuel) billed = fuel;
            e.pay[i] = (billed * c.prices[i]) / MFUEL;
            if (e.pay[i] > job.budget) e.pay[i] = job.budget;
            e.paid += e.pay[i];
        }
        // Compensation makes the requester whole, no more: at most what it escrowed for replicas.
        e.compensation = (e.slashed * p.requesterShareBps) / BPS;
        if (e.compensation > uint256(c.k) * job.budget) e.compensation = uint256(c.k) * job.budget;
        if (e.winners != 0) e.bonus = (e.slashed * p.honestShareBps) / BPS / e.winners;
        e.fee = realWinner ? job.fee : 0;
        // The audit fee is charged on the fuel used at the job's price (the whole budget without a payable result).
        uint256 auditedFuel = realWinner ? fuel : c.maxFuel;
        uint256 auditFee = (((auditedFuel * c.maxPrice) / MFUEL) * p.auditFeeBps) / BPS;
        e.auditFee = job.committedMask != 0 ? auditFee : 0;
        e.escrow = uint256(c.k) * job.budget + job.fee + job.auditFee;
    }

    function _books() internal view returns (Books memory b) {
        b.requester = market.claimable(REQUESTER);
        b.treasury = market.claimable(TREASURY);
        b.court = market.claimable(address(court));
        for (uint256 i; i < 3; ++i) {
            b.providers[i] = market.claimable(providers[i]);
            b.stakes[i] = registry.provider(providers[i]).stake;
        }
        b.auditorPay = court.claimable(AUDITOR);
        b.market = token.balanceOf(address(market));
        b.registry = token.balanceOf(address(registry));
    }

    /// @dev Each account got exactly its due, and the books balance.
    function _check(uint256 jobId, Case memory c, Expected memory e, Books memory before) internal view {
        Books memory a = _books();
        IJobMarket.Job memory job = market.getJob(jobId);
        bool completed = Results.isReal(e.winner);
        assertTrue(
            job.status == (completed ? IJobMarket.JobStatus.Completed : IJobMarket.JobStatus.Refunded),
            "status != Completed iff a real result has a strict majority"
        );
        uint256 credited;
        for (uint256 i; i < c.k; ++i) {
            bool won = completed && _reveals(c.acts[i]) && _word(_answer(jobId, c, c.acts[i], i)) == e.winner;
            uint256 due = e.pay[i] + (won ? e.bonus : 0);
            assertEq(a.providers[i] - before.providers[i], due, "provider credit != pay + bonus");
            assertEq(before.stakes[i] - a.stakes[i], e.slash[i], "provider slash");
            assertEq(registry.provider(providers[i]).locked, 0, "collateral still locked");
            assertEq(registry.provider(providers[i]).activeJobs, 0, "assignment still active");
            credited += due;
        }
        uint256 refund = e.escrow - e.paid - e.fee - e.auditFee;
        assertEq(a.requester - before.requester, refund + e.compensation, "requester credit != refund + compensation");
        assertEq(a.treasury - before.treasury, e.fee, "treasury credit != fee (completed jobs only)");
        assertEq(
            a.court - before.court,
            e.auditFee + e.slashed - e.compensation - e.bonus * e.winners,
            "court credit != audit fee + undistributed slashes"
        );
        credited += (a.requester - before.requester) + (a.treasury - before.treasury) + (a.court - before.court);
        // Conservation: escrow and slashed stake are credited exactly once; the tokens followed.
        assertEq(credited, e.escrow + e.slashed, "credits != escrow + slashed");
        assertEq(a.market - before.market, e.slashed, "market received != slashed");
        assertEq(before.registry - a.registry, e.slashed, "registry paid out != slashed");
        assertEq(a.market, _marketClaimable(), "market balance != claimable balances");
    }

    function _marketClaimable() internal view returns (uint256 sum) {
        sum = market.claimable(REQUESTER) + market.claimable(TREASURY) + market.claimable(address(court));
        for (uint256 i; i < 3; ++i) sum += market.claimable(providers[i]);
    }

    function _policy(Knobs memory f) internal view returns (IJobMarket.Parameters memory p) {
        p = market.parameters();
        p.collateralBps = uint32(bound(f.collateralBps, 30_000, 300_000));
        p.minCollateral = uint96(bound(f.minCollateral, 0, 1e21));
        // At least three budgets of collateral fully at risk, so the break-even audit rate stays under the 25% cap
        // on the audit fee (the fee must cover the rate).
        uint256 minDissent = (30_000 * BPS + p.collateralBps - 1) / p.collateralBps;
        p.dissentSlashBps = uint16(bound(f.dissentSlashBps, minDissent < 2_000 ? 2_000 : minDissent, BPS));
        p.noShowSlashBps = uint16(bound(f.noShowSlashBps, 500, p.dissentSlashBps));
        p.requesterShareBps = uint16(bound(f.requesterShareBps, 0, BPS));
        p.honestShareBps = uint16(bound(f.honestShareBps, 0, BPS - p.requesterShareBps));
        p.challengerShareBps = uint16(bound(f.challengerShareBps, 0, BPS - p.requesterShareBps - p.honestShareBps));
        uint256 atRisk = BPS + (uint256(p.collateralBps) * p.dissentSlashBps) / BPS;
        uint256 breakEven = (BPS * BPS + atRisk - 1) / atRisk;
        p.auditRateBps = uint16(bound(f.auditRateBps, breakEven < 700 ? 700 : breakEven, 2_500));
        p.auditFeeBps = uint16(bound(f.auditFeeBps, p.auditRateBps, 2_500));
    }
}
