// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IJobMarket} from "../../../contracts/interfaces/IJobMarket.sol";
import {IVerificationCourt} from "../../../contracts/interfaces/IVerificationCourt.sol";
import {Results} from "../../../contracts/libraries/Results.sol";
import {Fixture} from "../lib/Fixture.sol";

/// @notice Court resolution: for every bounded court policy, number of seats taken and pattern of verifier answers
/// (silent, committed only, the agreed result, another output, another fuel, "input unavailable"), the verdict is the
/// strict majority of the panel's seats; every verifier who revealed is paid one budget; silent verifiers and, under a
/// real verdict, dissenting ones are slashed; without a majority the next round opens and after the last the job
/// fails closed; the challenger's bond comes back with a reward when the verdict differs from the agreed result, is
/// forfeited when it confirms it and comes back without a verdict; the court's and the market's books balance.
contract CourtFuzzTest is Fixture {
    address internal constant REQUESTER = address(0xBEEF);
    address internal constant CHALLENGER = address(0xC0FFEE);
    address internal constant PROVIDER = address(0xA0);
    uint256 internal constant STAKE = 1_000e18; // token units per provider
    uint64 internal constant FUEL = 40e6;
    uint256 internal constant CANDIDATES = 7; // verifier candidates: a full 7-seat panel

    /// @dev What a verifier does.
    enum Act {
        Silent, // takes the seat, never commits
        CommitOnly, // commits, never reveals
        Agreed, // reveals the replicas' result
        OtherOutput,
        OtherFuel, // the agreed output with another fuel: a different result
        InputUnavailable
    }

    /// @dev Raw fuzz input for the court's policy, bounded by `_courtPolicy`.
    struct Knobs {
        uint256 panelSize;
        uint256 maxRounds;
        uint256 bondBps;
        uint256 minBond;
        uint256 verifierSlashBps;
    }

    /// @dev A panel round as the test played it.
    struct Played {
        address[] seats;
        bytes32[] revealed; // zero: revealed nothing
        Act[] acts;
    }

    /// @dev The court's holdings and debts, and what everyone can claim.
    struct Ledger {
        uint256 holdings; // court balance + its claimable in the market
        uint256 pool;
        uint256 reserved;
        uint256 challenger; // court claimable
        uint256 providerStake;
        uint256 providerClaimable; // market
        uint256 requesterClaimable; // market
        uint256[CANDIDATES] stakes;
        uint256[CANDIDATES] pays; // court claimable
    }

    address[CANDIDATES] internal candidates;

    function setUp() public {
        _deploy();
        _fund(REQUESTER, 1_000e18);
        _fund(CHALLENGER, 1_000_000e18);
        _addProvider(PROVIDER, 1e16, 0, STAKE);
        for (uint256 i; i < CANDIDATES; ++i) {
            candidates[i] = address(uint160(0xB1 + i));
            _addProvider(candidates[i], 1e16, 0, STAKE);
        }
        _roll(1); // stakes count for jobs posted from the next block on
    }

    // ------------------------------------------------------------------ tests

    function testFuzz_resolve_FollowsTheStrictMajorityOfTheSeatsAndBalances(
        Knobs memory knobs,
        uint256 taken,
        uint256 answers
    ) public {
        IVerificationCourt.Parameters memory p = _courtPolicy(knobs);
        _setCourtParameters(p);
        (uint256 jobId, bytes32 agreed) = _challengedJob();
        IJobMarket.Job memory job = market.getJob(jobId);
        IVerificationCourt.Verification memory v = court.getVerification(jobId);
        assertEq(v.bond, _max((uint256(job.budget) * p.bondBps) / BPS, p.minBond), "bond != max(bps of budget, floor)");
        assertEq(v.agreed, agreed, "agreed result");

        Ledger memory start = _ledger();
        Played memory round = _playRound(jobId, agreed, bound(taken, 0, p.panelSize), answers);
        bytes32 majority = _majority(round.revealed, p.panelSize);
        uint8 rounds = 1;
        // No majority: the revealers are paid, the silent slashed, and a fresh (here: empty) panel is drawn, until the
        // last round fails closed.
        while (true) {
            _warpTo(uint256(court.getRound(jobId, rounds).revealEndsAt) + 1);
            assertTrue(court.isResolvable(jobId), "not resolvable after the reveal deadline");
            court.resolve(jobId);
            if (court.getVerification(jobId).status == IVerificationCourt.VerificationStatus.Final) break;
            assertEq(rounds == 1 ? majority : bytes32(0), bytes32(0), "a majority opened another round");
            assertTrue(market.getJob(jobId).status == IJobMarket.JobStatus.Verifying, "settled without a verdict");
            ++rounds;
            assertEq(court.getVerification(jobId).round, rounds, "next round not opened");
        }
        if (rounds > 1) majority = bytes32(0);
        assertEq(rounds, majority == bytes32(0) ? p.maxRounds : 1, "rounds played");
        v = court.getVerification(jobId);
        assertEq(v.verdict, majority, "verdict != the seats' strict majority");
        _checkMoney(jobId, job, v, round, start, majority, rounds == 1, p);
    }

    function testFuzz_bondFor_CoversAFullPanel(Knobs memory knobs, uint256 budget) public {
        IVerificationCourt.Parameters memory p = _courtPolicy(knobs);
        _setCourtParameters(p);
        budget = bound(budget, 0, market.MAX_BUDGET());
        uint256 bond = court.bondFor(budget);
        assertEq(bond, _max((budget * p.bondBps) / BPS, p.minBond), "bond formula");
        assertGe(bond, budget * p.panelSize, "a lost challenge would not pay a full panel");
        assertGe(bond, p.minBond, "bond below its floor");
    }

    /// @dev Nobody with a stake in the result verifies it: the replica, the requester, the challenger, nor a verifier
    /// already seated.
    function testFuzz_claimVerifier_RevertWhen_PartyToTheJob(uint256 who) public {
        (uint256 jobId, ) = _challengedJob();
        who = bound(who, 0, 3);
        _claimVerifier(jobId, candidates[0]);
        address account =
            who == 0
                ? PROVIDER
                : who == 1
                    ? REQUESTER
                    : who == 2
                        ? CHALLENGER
                        : candidates[0];
        _warpTo(court.getRound(jobId, 1).openedAt + 300); // everyone with stake is drawn by now (8 equal stakes)
        vm.expectRevert(
            abi.encodeWithSelector(IVerificationCourt.VerificationCourtIneligible.selector, jobId, account)
        );
        vm.prank(account);
        court.claimVerifier(jobId);
    }

    /// @dev A challenge is refused to a replica, and to anyone once the challenge window closed.
    function testFuzz_challenge_RevertWhen_ReplicaOrTooLate(uint256 late, bool asReplica) public {
        (uint256 jobId, ) = _agreedJob();
        uint256 endsAt = market.timeline(jobId).challengeEndsAt;
        if (asReplica) {
            vm.expectRevert(abi.encodeWithSelector(IJobMarket.JobMarketNotChallengeable.selector, jobId));
            vm.prank(PROVIDER);
        } else {
            _warpTo(endsAt + bound(late, 1, 30 days));
            vm.expectRevert(abi.encodeWithSelector(IJobMarket.JobMarketDeadlinePassed.selector, jobId, endsAt));
            vm.prank(CHALLENGER);
        }
        court.challenge(jobId);
    }

    // ------------------------------------------------------------------ steps

    function _courtPolicy(Knobs memory k) internal view returns (IVerificationCourt.Parameters memory p) {
        p = court.parameters();
        p.panelSize = uint8(1 + 2 * bound(k.panelSize, 1, 3)); // 3, 5 or 7
        p.maxRounds = uint8(bound(k.maxRounds, 1, 3));
        p.bondBps = uint32(bound(k.bondBps, uint256(p.panelSize) * BPS, 200_000));
        p.minBond = uint96(bound(k.minBond, 1, 10e18));
        p.verifierSlashBps = uint16(bound(k.verifierSlashBps, 2_000, BPS));
    }

    /// @dev A k = 1 job whose provider revealed the true result, unaudited, inside its challenge window.
    function _agreedJob() internal returns (uint256 jobId, bytes32 agreed) {
        jobId = _post(REQUESTER, _request(1, 100e6, 2e16));
        _claim(jobId, PROVIDER);
        Answer memory truth = Answer(keccak256(abi.encode("output", jobId)), FUEL);
        _commit(jobId, PROVIDER, truth);
        _forceAudit(jobId, false);
        _reveal(jobId, PROVIDER, truth);
        agreed = _word(truth);
    }

    /// @dev `_agreedJob`, challenged by CHALLENGER: a panel of round 1 is drawing.
    function _challengedJob() internal returns (uint256 jobId, bytes32 agreed) {
        (jobId, agreed) = _agreedJob();
        uint256 bond = court.bondFor(market.getJob(jobId).budget);
        uint256 balance = token.balanceOf(CHALLENGER);
        vm.expectEmit();
        emit IVerificationCourt.ChallengeOpened(jobId, CHALLENGER, agreed, bond);
        vm.prank(CHALLENGER);
        court.challenge(jobId);
        assertEq(balance - token.balanceOf(CHALLENGER), bond, "bond pulled");
        assertTrue(market.getJob(jobId).status == IJobMarket.JobStatus.Verifying, "job not verifying");
        assertEq(court.getVerification(jobId).round, 1, "panel round");
    }

    /// @dev The first `seats` candidates take seats, then each acts by three bits of `answers`.
    function _playRound(
        uint256 jobId,
        bytes32 agreed,
        uint256 seats,
        uint256 answers
    ) internal returns (Played memory r) {
        r.seats = new address[](seats);
        r.revealed = new bytes32[](seats);
        r.acts = new Act[](seats);
        for (uint256 i; i < seats; ++i) {
            r.seats[i] = candidates[i];
            _claimVerifier(jobId, r.seats[i]);
        }
        Answer[] memory said = new Answer[](seats);
        for (uint256 i; i < seats; ++i) {
            uint256 choice = (answers >> (3 * i)) % 8;
            r.acts[i] = choice >= 6 ? Act.Agreed : Act(choice);
            if (r.acts[i] == Act.Silent) continue;
            said[i] = _answerFor(jobId, r.acts[i], i);
            _commitVerdict(jobId, r.seats[i], said[i]);
        }
        // Reveals open once every seat committed or the commit deadline passed; wait for the deadline to be sure.
        _warpTo(uint256(court.getRound(jobId, 1).commitEndsAt) + 1);
        for (uint256 i; i < seats; ++i) {
            if (r.acts[i] == Act.Silent || r.acts[i] == Act.CommitOnly) continue;
            _revealVerdict(jobId, r.seats[i], said[i]);
            r.revealed[i] = _word(said[i]);
        }
        assertEq(_word(_answerFor(jobId, Act.Agreed, 0)), agreed, "the Agreed act reveals the agreed result");
    }

    function _answerFor(uint256 jobId, Act act, uint256 i) internal pure returns (Answer memory a) {
        a = Answer(keccak256(abi.encode("output", jobId)), FUEL);
        if (act == Act.OtherOutput) a.output = keccak256(abi.encode("other output", jobId, i));
        if (act == Act.OtherFuel) a.fuel = FUEL + 1;
        if (act == Act.InputUnavailable) a.output = Results.INPUT_UNAVAILABLE;
    }

    /// @dev The result revealed by more than half of `seats`, counted naively.
    function _majority(bytes32[] memory revealed, uint256 seats) internal pure returns (bytes32 winner) {
        for (uint256 i; i < revealed.length; ++i) {
            if (revealed[i] == bytes32(0)) continue;
            uint256 votes;
            for (uint256 j; j < revealed.length; ++j) if (revealed[j] == revealed[i]) ++votes;
            if (votes * 2 > seats) winner = revealed[i];
        }
    }

    function _ledger() internal view returns (Ledger memory l) {
        l.holdings = token.balanceOf(address(court)) + market.claimable(address(court));
        l.pool = court.pool();
        l.reserved = court.reserved();
        l.challenger = court.claimable(CHALLENGER);
        l.providerStake = registry.provider(PROVIDER).stake;
        l.providerClaimable = market.claimable(PROVIDER);
        l.requesterClaimable = market.claimable(REQUESTER);
        for (uint256 i; i < CANDIDATES; ++i) {
            l.stakes[i] = registry.provider(candidates[i]).stake;
            l.pays[i] = court.claimable(candidates[i]);
        }
    }

    /// @dev Verifiers, the replica, the challenger and both contracts' books after the final resolution.
    function _checkMoney(
        uint256 jobId,
        IJobMarket.Job memory job,
        IVerificationCourt.Verification memory v,
        Played memory round,
        Ledger memory start,
        bytes32 verdict,
        bool decidedInRoundOne,
        IVerificationCourt.Parameters memory p
    ) internal view {
        Ledger memory end = _ledger();
        uint256 pay = job.budget;
        uint256 slash = (uint256(job.collateral) * p.verifierSlashBps) / BPS;
        uint256 pays;
        uint256 verifierSlashes;
        for (uint256 i; i < round.seats.length; ++i) {
            bool revealed = round.revealed[i] != bytes32(0);
            // Round one is judged against the verdict only if it produced it; otherwise against "no verdict".
            bytes32 judgedBy = decidedInRoundOne ? verdict : bytes32(0);
            bool dissent =
                revealed &&
                    Results.isReal(judgedBy) &&
                    Results.isReal(round.revealed[i]) &&
                    round.revealed[i] != judgedBy;
            uint256 loss = !revealed || dissent ? slash : 0;
            assertEq(end.pays[i] - start.pays[i], revealed ? pay : 0, "a revealing verifier is paid one budget");
            assertEq(start.stakes[i] - end.stakes[i], loss, "verifier slash");
            assertEq(registry.provider(round.seats[i]).locked, 0, "verifier collateral still locked");
            pays += revealed ? pay : 0;
            verifierSlashes += loss;
        }

        // The replica, judged by the verdict.
        // A real verdict other than the agreed result slashes the replica's dissent: 100% of its collateral.
        uint256 providerSlash = Results.isReal(verdict) && verdict != v.agreed ? uint256(job.collateral) : 0;
        assertEq(start.providerStake - end.providerStake, providerSlash, "replica slash");
        IJobMarket.JobStatus status = market.getJob(jobId).status;
        if (verdict == v.agreed) {
            assertTrue(status == IJobMarket.JobStatus.Completed, "upheld job not completed");
            assertEq(
                end.providerClaimable - start.providerClaimable,
                (uint256(FUEL) * 1e16) / MFUEL,
                "upheld replica pay"
            );
        } else {
            assertTrue(status == IJobMarket.JobStatus.Refunded, "job not refunded without an upheld result");
            assertEq(end.providerClaimable, start.providerClaimable, "replica paid without an upheld result");
        }

        // The challenger: bond back and a reward if the verdict differs, nothing if it confirms, the bond without one.
        IJobMarket.Parameters memory mp = market.parameters();
        uint256 reward = (providerSlash * mp.challengerShareBps) / BPS;
        uint256 challengerPaid =
            verdict == bytes32(0)
                ? v.bond
                : verdict == v.agreed
                    ? 0
                    : v.bond + reward;
        assertEq(end.challenger - start.challenger, challengerPaid, "challenger payout");

        // The court's books (from just after the challenge, the bond already held): it took the verifiers' slashes and
        // the market's credit (the audit fee and the undistributed share of the replica's slash); it owes the
        // verifiers' pay and the challenger's payout, and the bond is no longer owed as such.
        uint256 compensation = (providerSlash * mp.requesterShareBps) / BPS;
        uint256 marketCredit = job.auditFee + providerSlash - compensation; // no winner when the replica is slashed
        assertEq(end.holdings, start.holdings + verifierSlashes + marketCredit, "court holdings");
        assertEq(end.reserved, 0, "pay still reserved after the final round");
        assertEq(end.pool, start.pool + v.bond + verifierSlashes + marketCredit - pays - challengerPaid, "court pool");
        assertEq(
            end.holdings,
            end.pool + end.reserved + _courtClaimable(),
            "court holdings != pool + reserved + claimable"
        );
        assertEq(token.balanceOf(address(market)), _marketClaimable(), "market balance != claimable");
        assertEq(
            end.requesterClaimable - start.requesterClaimable,
            verdict == v.agreed ? job.budget - (uint256(FUEL) * 1e16) / MFUEL : job.budget + job.fee + compensation,
            "requester refund"
        );
    }

    function _courtClaimable() internal view returns (uint256 sum) {
        sum = court.claimable(CHALLENGER);
        for (uint256 i; i < CANDIDATES; ++i) sum += court.claimable(candidates[i]);
    }

    function _marketClaimable() internal view returns (uint256) {
        return
            market.claimable(REQUESTER) +
            market.claimable(PROVIDER) +
            market.claimable(TREASURY) +
            market.claimable(address(court));
    }

    function _max(uint256 a, uint256 b) internal pure returns (uint256) {
        return a > b ? a : b;
    }
}
