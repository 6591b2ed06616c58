// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IJobMarket} from "../../../contracts/interfaces/IJobMarket.sol";
import {IVerificationCourt} from "../../../contracts/interfaces/IVerificationCourt.sol";
import {Results} from "../../../contracts/libraries/Results.sol";
import {Fixture} from "../lib/Fixture.sol";

/// @notice Court resolution: for every bounded court policy, number of seats taken and pattern of verifier answers
/// (silent, committed only, the agreed result, the agreed result copied with a made-up proof of execution, another
/// output, another fuel, "input unavailable"), the verdict is the strict majority of the panel's seats voting on
/// result and proof together; every verifier who revealed is paid its fuel at the job's price (not for "input
/// unavailable", nor, in a round without a majority, unless another seat cast the same ballot); silent verifiers and,
/// under a real verdict, those outside it (a copier included) are slashed; without a majority the next round opens and
/// after the last the job fails closed; the challenger's bond comes back with a reward (at most the bond) when the
/// verdict differs from the agreed result, is forfeited when it confirms it and, without a verdict, pays the replica
/// for its result and comes back; the court's and the market's books balance.
contract CourtFuzzTest is Fixture {
    address internal constant REQUESTER = address(0xBEEF);
    address internal constant CHALLENGER = address(0xC0FFEE);
    address internal constant PROVIDER = address(0xA0);
    uint256 internal constant STAKE = 1_000e18; // token units per provider
    uint64 internal constant FUEL = 40e6;
    uint64 internal constant PRICE = 2e16; // the job's maximum price per Mfuel: what verifiers are paid at
    uint256 internal constant CANDIDATES = 7; // verifier candidates: a full 7-seat panel

    /// @dev What a verifier does.
    enum Act {
        Silent, // takes the seat, never commits
        CommitOnly, // commits, never reveals
        Agreed, // reveals the replicas' result
        OtherOutput,
        OtherFuel, // the agreed output with another fuel: a different result
        InputUnavailable,
        Copied // the agreed result with a made-up final state: a proof nobody else shares
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
        bytes32[] ballots; // what the seat voted for: its result and its state digest (zero: revealed nothing)
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
        uint256 providerCourtClaimable; // court: an undecided challenge's bond pays the replica
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
        bytes32 majority = _resultOf(round, _majority(round.ballots, p.panelSize));
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
        jobId = _post(REQUESTER, _request(1, 100e6, PRICE));
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
        r.ballots = new bytes32[](seats);
        r.acts = new Act[](seats);
        for (uint256 i; i < seats; ++i) {
            r.seats[i] = candidates[i];
            _claimVerifier(jobId, r.seats[i]);
        }
        Answer[] memory said = new Answer[](seats);
        for (uint256 i; i < seats; ++i) {
            uint256 choice = (answers >> (3 * i)) % 8;
            r.acts[i] = choice == 7 ? Act.Agreed : Act(choice);
            if (r.acts[i] == Act.Silent) continue;
            said[i] = _answerFor(jobId, r.acts[i], i);
            _commitVerdict(jobId, r.seats[i], said[i], _digestFor(said[i], r.acts[i], i));
        }
        // Reveals open once every seat committed or the commit deadline passed; wait for the deadline to be sure.
        _warpTo(uint256(court.getRound(jobId, 1).commitEndsAt) + 1);
        for (uint256 i; i < seats; ++i) {
            if (r.acts[i] == Act.Silent || r.acts[i] == Act.CommitOnly) continue;
            bytes32 digest = _digestFor(said[i], r.acts[i], i);
            _revealVerdict(jobId, r.seats[i], said[i], digest);
            r.revealed[i] = _word(said[i]);
            r.ballots[i] = keccak256(abi.encode(r.revealed[i], digest));
        }
        assertEq(_word(_answerFor(jobId, Act.Agreed, 0)), agreed, "the Agreed act reveals the agreed result");
    }

    function _answerFor(uint256 jobId, Act act, uint256 i) internal pure returns (Answer memory a) {
        a = Answer(keccak256(abi.encode("output", jobId)), FUEL);
        if (act == Act.OtherOutput) a.output = keccak256(abi.encode("other output", jobId, i));
        if (act == Act.OtherFuel) a.fuel = FUEL + 1;
        if (act == Act.InputUnavailable) a.output = Results.INPUT_UNAVAILABLE;
    }

    /// @dev The final state's digest a seat proves: an execution's, or a copier's made-up one.
    function _digestFor(Answer memory a, Act act, uint256 i) internal pure returns (bytes32) {
        return act == Act.Copied ? keccak256(abi.encode("made-up state", i)) : _stateDigest(a);
    }

    /// @dev The result of the seat that cast `ballot` (zero for none).
    function _resultOf(Played memory r, bytes32 ballot) internal pure returns (bytes32) {
        for (uint256 i; i < r.ballots.length && ballot != bytes32(0); ++i)
            if (r.ballots[i] == ballot) return r.revealed[i];
        return bytes32(0);
    }

    /// @dev Whether another seat of the round revealed the same ballot as seat `i`.
    function _corroborated(Played memory r, uint256 i) internal pure returns (bool) {
        for (uint256 j; j < r.ballots.length; ++j)
            if (j != i && r.ballots[j] != bytes32(0) && r.ballots[j] == r.ballots[i]) return true;
        return false;
    }

    /// @dev The ballot revealed by more than half of `seats`, counted naively.
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
        l.providerCourtClaimable = court.claimable(PROVIDER);
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
        uint256 slash = (uint256(job.collateral) * v.verifierSlashBps) / BPS; // the rate fixed when it started
        assertEq(v.verifierSlashBps, p.verifierSlashBps, "verifier slash rate not the policy at the start");
        uint256 pays;
        uint256 verifierSlashes;
        // Round one is judged against the verdict only if it produced it; otherwise against "no verdict".
        bytes32 judgedBy = decidedInRoundOne ? verdict : bytes32(0);
        bytes32 winningBallot = judgedBy == bytes32(0) ? bytes32(0) : _majority(round.ballots, p.panelSize);
        for (uint256 i; i < round.seats.length; ++i) {
            bool revealed = round.revealed[i] != bytes32(0);
            bool upheld = revealed && Results.isReal(round.revealed[i]) && round.ballots[i] == winningBallot;
            bool outside = revealed && Results.isReal(judgedBy) && Results.isReal(round.revealed[i]) && !upheld;
            uint256 loss = !revealed || outside ? slash : 0;
            uint256 pay = _seatPay(round, i, judgedBy == bytes32(0));
            assertEq(end.pays[i] - start.pays[i], pay, "a revealing verifier is paid its fuel at the job's price");
            assertEq(start.stakes[i] - end.stakes[i], loss, "verifier slash");
            assertEq(registry.provider(round.seats[i]).locked, 0, "verifier collateral still locked");
            pays += pay;
            verifierSlashes += loss;
        }

        // The replica, judged by the verdict.
        // A real verdict other than the agreed result slashes the replica's dissent: 100% of its collateral.
        uint256 providerSlash = Results.isReal(verdict) && verdict != v.agreed ? uint256(job.collateral) : 0;
        assertEq(start.providerStake - end.providerStake, providerSlash, "replica slash");
        IJobMarket.JobStatus status = market.getJob(jobId).status;
        uint256 replicaPay = (uint256(FUEL) * 1e16) / MFUEL; // its price, minimum 0
        if (verdict == v.agreed) {
            assertTrue(status == IJobMarket.JobStatus.Completed, "upheld job not completed");
            assertEq(end.providerClaimable - start.providerClaimable, replicaPay, "upheld replica pay");
        } else {
            assertTrue(status == IJobMarket.JobStatus.Refunded, "job not refunded without an upheld result");
            assertEq(end.providerClaimable, start.providerClaimable, "replica paid without an upheld result");
        }

        // The challenger: bond back and a reward (at most the bond) if the verdict differs, nothing if it confirms;
        // without a verdict the bond first pays the replica of the challenged result, then comes back.
        IJobMarket.Parameters memory mp = market.parameters(); // the job's policy: unchanged since posting
        uint256 reward = _min((providerSlash * mp.challengerShareBps) / BPS, v.bond);
        uint256 replicaFromBond = verdict == bytes32(0) ? _min(replicaPay, v.bond) : 0;
        assertEq(end.providerCourtClaimable - start.providerCourtClaimable, replicaFromBond, "replica paid by bond");
        uint256 challengerPaid =
            verdict == bytes32(0)
                ? v.bond - replicaFromBond
                : verdict == v.agreed
                    ? 0
                    : v.bond + reward;
        assertEq(end.challenger - start.challenger, challengerPaid, "challenger payout");

        // The court's books (from just after the challenge, the bond already held): it took the verifiers' slashes and
        // the market's credit (the audit fee on the fuel of the verdict, or on maxFuel without a real one, and the
        // undistributed share of the replica's slash); it owes the verifiers' pay and the challenger's and replica's
        // payouts, and the bond is no longer owed as such.
        uint256 compensation = _min((providerSlash * mp.requesterShareBps) / BPS, job.budget); // k = 1
        uint256 auditFee = _auditFee(job, verdict, round, mp.auditFeeBps);
        uint256 marketCredit = auditFee + providerSlash - compensation; // no winner when the replica is slashed
        assertEq(end.holdings, start.holdings + verifierSlashes + marketCredit, "court holdings");
        assertEq(end.reserved, 0, "pay still reserved after the final round");
        assertEq(
            end.pool,
            start.pool + v.bond + verifierSlashes + marketCredit - pays - challengerPaid - replicaFromBond,
            "court pool"
        );
        assertEq(
            end.holdings,
            end.pool + end.reserved + _courtClaimable(),
            "court holdings != pool + reserved + claimable"
        );
        assertEq(token.balanceOf(address(market)), _marketClaimable(), "market balance != claimable");
        uint256 auditFeeRefund = job.auditFee - auditFee;
        assertEq(
            end.requesterClaimable - start.requesterClaimable,
            verdict == v.agreed
                ? job.budget - replicaPay + auditFeeRefund
                : job.budget + job.fee + compensation + auditFeeRefund,
            "requester refund"
        );
    }

    /// @dev A revealing seat's pay: its fuel at the job's price; nothing for "input unavailable", nor, in a round
    /// without a majority (`split`), for a ballot no other seat cast.
    function _seatPay(Played memory r, uint256 i, bool split) internal pure returns (uint256) {
        if (r.revealed[i] == bytes32(0) || r.revealed[i] == Results.INPUT_UNAVAILABLE_RESULT) return 0;
        if (split && !_corroborated(r, i)) return 0;
        uint64 fuel = r.acts[i] == Act.OtherFuel ? FUEL + 1 : FUEL;
        return (uint256(fuel) * PRICE) / MFUEL;
    }

    /// @dev The audit fee the job is charged: on the verdict's fuel at its price, on maxFuel without a real verdict.
    function _auditFee(
        IJobMarket.Job memory job,
        bytes32 verdict,
        Played memory r,
        uint256 auditFeeBps
    ) internal pure returns (uint256) {
        uint256 fuel = job.maxFuel;
        for (uint256 i; i < r.revealed.length && Results.isReal(verdict); ++i) {
            if (r.revealed[i] == verdict) fuel = r.acts[i] == Act.OtherFuel ? FUEL + 1 : FUEL;
        }
        return (((fuel * job.maxPricePerMfuel) / MFUEL) * auditFeeBps) / BPS;
    }

    function _courtClaimable() internal view returns (uint256 sum) {
        sum = court.claimable(CHALLENGER) + court.claimable(PROVIDER); // the replica, paid by an undecided challenge
        for (uint256 i; i < CANDIDATES; ++i) sum += court.claimable(candidates[i]);
    }

    function _marketClaimable() internal view returns (uint256) {
        return
            market.claimable(REQUESTER) +
            market.claimable(PROVIDER) +
            market.claimable(TREASURY) +
            market.claimable(address(court));
    }

    function _min(uint256 a, uint256 b) internal pure returns (uint256) {
        return a < b ? a : b;
    }

    function _max(uint256 a, uint256 b) internal pure returns (uint256) {
        return a > b ? a : b;
    }
}
