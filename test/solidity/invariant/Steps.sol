// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IJobMarket} from "../../../contracts/interfaces/IJobMarket.sol";
import {IRandomnessSource} from "../../../contracts/interfaces/IRandomnessSource.sol";
import {IVerificationCourt} from "../../../contracts/interfaces/IVerificationCourt.sol";
import {Results} from "../../../contracts/libraries/Results.sol";
import {Draws} from "../lib/Draws.sol";
import {Vm} from "../lib/Vm.sol";
import {HandlerBase} from "./HandlerBase.sol";

/// @notice One protocol step on a chosen job, made only when valid, with its postconditions checked: who was credited
/// what, what moved where, which round opened. Each returns whether it did anything (a fuzzed choice may hold an
/// actor back this time).
abstract contract Steps is HandlerBase {
    // The seed a k >= 2 job's first claim kept in the market: every later claim must draw by the same one.
    mapping(uint256 jobId => bytes32 seed) private _keptSeeds;
    // Names of the deep states counted in `reached`.
    bytes32 public constant POSTED = "posted";
    bytes32 public constant POSTED_FROM_BALANCE = "posted from a balance";
    bytes32 public constant DEPOSITS = "deposits";
    bytes32 public constant SETTLED_IN_BATCH = "settled by settleMany";
    bytes32 public constant CANCELLED = "cancelled";
    bytes32 public constant CLAIMS = "claims";
    bytes32 public constant COMMITS = "commits";
    bytes32 public constant CLAIM_COMMITS = "claims that commit";
    bytes32 public constant SEALED_SETTLED = "revealed and settled at once";
    bytes32 public constant DECIDED = "audit decisions";
    bytes32 public constant AUDITED = "audited";
    bytes32 public constant AUDITORS = "auditors drawn";
    bytes32 public constant AUDIT_COMMITS = "auditor commits";
    bytes32 public constant AUDIT_REVEALS = "auditor reveals";
    bytes32 public constant AUDITS_JUDGED = "audits judged";
    bytes32 public constant REVEALS = "reveals";
    bytes32 public constant COMPLETED = "completed";
    bytes32 public constant REFUNDED = "refunded";
    bytes32 public constant SETTLED = "paid out by settle"; // COMPLETED and REFUNDED also count the court's payouts
    bytes32 public constant NO_CLAIMS = "refunded unclaimed";
    bytes32 public constant NO_RESULT = "refunded unrevealed";
    bytes32 public constant TO_PANEL = "sent to a panel";
    bytes32 public constant CHALLENGES = "challenges";
    bytes32 public constant SEATS = "panel seats";
    bytes32 public constant PANEL_COMMITS = "panel commits";
    bytes32 public constant PANEL_REVEALS = "panel reveals";
    bytes32 public constant REDRAWS = "rounds redrawn";
    bytes32 public constant VERDICTS = "panels resolved";
    bytes32 public constant NO_VERDICT = "failed closed";
    bytes32 public constant CHALLENGE_WON = "challenges won";
    bytes32 public constant CHALLENGE_LOST = "challenges lost";
    bytes32 public constant CHALLENGE_UNDECIDED = "challenges undecided";
    bytes32 public constant WITHDRAWALS = "market withdrawals";
    bytes32 public constant COURT_WITHDRAWALS = "court withdrawals";
    bytes32 public constant STAKES = "stakes";
    bytes32 public constant UNSTAKES = "unstakes";
    bytes32 public constant STAKE_WITHDRAWALS = "stake withdrawals";
    bytes32 public constant REFUSALS = "refusals checked";

    // ------------------------------------------------------------------ requesters

    /// @dev k = 1..3, 5 to 200 Mfuel at 0.008 to 0.03 token per Mfuel (most providers' offers fit), a claim window
    /// of 2 to 15 minutes and a commit window of 1 to 15 minutes plus the execution time; one job in sixteen asks for
    /// reputation 1, one in eight is a cartel. At most MAX_OPEN jobs are Open.
    function _postJob(uint256 who, uint256 k, uint256 fuel, uint256 price, uint256 knobs) internal returns (bool) {
        if (_openCount() >= MAX_OPEN) return false;
        _action = Action.Post;
        address requester = _requesters[who % REQUESTERS];
        IJobMarket.JobRequest memory r;
        r.replicas = uint8(bound(k, 1, 3));
        r.maxFuel = uint64(bound(fuel, 5e6, 200e6));
        r.maxPricePerMfuel = uint64(bound(price, 8e15, 3e16));
        r.minReputation = (knobs >> 32) % 16 == 0 ? 1 : 0;
        r.claimDeadline = uint40(_now() + bound(knobs & 0xffff, 120, 900));
        r.commitDeadline = uint40(
            r.claimDeadline + market.executionTime(r.maxFuel) + bound((knobs >> 16) & 0xffff, 60, 900)
        );
        r.bundleHash = keccak256(abi.encode("bundle", market.jobCount()));
        r.bundleURI = "ipfs://bundle";
        // The market refuses a job the court's pool could not verify in full (a pool drained by reservations).
        if ((uint256(r.maxFuel) * r.maxPricePerMfuel) / 1e6 > market.maxVerifiableBudget()) return false;
        (uint256 escrow, ) = market.escrowFor(r);
        _topUp(requester, escrow);
        uint256 before = token.balanceOf(address(market));
        uint256 held = market.claimable(requester);
        vm.prank(requester);
        uint256 jobId = market.postJob(r);
        if (held >= escrow) {
            // The requester's balance (deposits, refunds) covers the escrow: it pays, and no token moves.
            assertEq(token.balanceOf(address(market)), before, "post from balance: tokens moved");
            assertEq(
                held - market.claimable(requester),
                escrow,
                "post from balance: spent != k*budget + fee + auditFee"
            );
            ++reached[POSTED_FROM_BALANCE];
        } else {
            assertEq(
                token.balanceOf(address(market)) - before,
                escrow,
                "post: escrow pulled != k*budget + fee + auditFee"
            );
            assertEq(market.claimable(requester), held, "post: a short balance was touched");
            ghostEscrowed += escrow;
        }
        uint64 trueFuel = uint64(1 + (uint256(keccak256(abi.encode("fuel", jobId))) % r.maxFuel));
        _ghost[jobId] = JobGhost(IJobMarket.JobStatus.Open, 0, (knobs >> 40) % 8 == 0, trueFuel, r.maxFuel);
        _live.push(jobId);
        ++reached[POSTED];
        return true;
    }

    /// @dev The requester cancels a job whose seed does not exist yet: everything comes back.
    function _cancelJob(uint256 jobId) internal returns (bool) {
        _action = Action.Cancel;
        address requester = market.getJob(jobId).requester;
        uint256 before = market.claimable(requester);
        vm.prank(requester);
        market.cancelJob(jobId);
        assertEq(market.claimable(requester) - before, escrowOf(jobId), "cancel: refund != escrow");
        ++reached[CANCELLED];
        return true;
    }

    // ------------------------------------------------------------------ replicas

    /// @dev 1 to (free slots) eligible providers claim, each at the first second the lottery admits it. One claim in
    /// four also commits to the slot's result in the same call (the byte of `count` above the last one read picks).
    function _claimJob(uint256 jobId, uint256 seed, uint256 count) internal returns (bool did) {
        _action = Action.Claim;
        IJobMarket.Job memory job = market.getJob(jobId);
        if (_blockNumber() <= job.postedBlock + 1) vm.roll(job.postedBlock + 2); // the seed is the next block's hash
        uint256 choices = count >> 8;
        count = 1 + (count % (job.replicas - job.claimed));
        for (uint256 n; n < count; ++n) {
            (address p, uint256 at) = _nextReplica(jobId, (seed % PROVIDERS) + n);
            if (p == address(0)) return did;
            _warpTo(at);
            _claim(jobId, p, uint8(choices >> (8 * n)));
            ++reached[CLAIMS];
            did = true;
            if (job.replicas > 1) {
                bytes32 kept = market.drawSeed(jobId);
                if (_keptSeeds[jobId] == bytes32(0)) _keptSeeds[jobId] = kept;
                else assertEq(kept, _keptSeeds[jobId], "claim: the job's seed changed after its first claim");
            }
        }
    }

    /// @dev `p` claims the next slot of `jobId`; when `choice % 4 == 0` it also commits to an answer in the same call,
    /// which sets the slot's commit bit, emits no `ResultCommitted`, puts the commitment in `JobClaimed` and, as the
    /// last commitment of a full job, closes commits.
    function _claim(uint256 jobId, address p, uint256 choice) internal {
        uint8 slot = market.getJob(jobId).claimed;
        bytes32 c;
        if (choice % 4 == 0) {
            Answer memory a = _replicaAnswer(jobId, p, choice >> 2);
            _answers[jobId][p] = a;
            c = Results.commitment(jobId, p, a.output, a.fuel, _salt(jobId, p));
        }
        vm.recordLogs();
        vm.prank(p);
        market.claim(jobId, c);
        Vm.Log[] memory logs = vm.getRecordedLogs();
        bool claimed;
        for (uint256 i; i < logs.length; ++i) {
            if (logs[i].emitter != address(market) || logs[i].topics.length == 0) continue;
            bytes32 topic = logs[i].topics[0];
            assertTrue(topic != IJobMarket.ResultCommitted.selector, "claim: emitted ResultCommitted");
            if (topic == IJobMarket.JobClaimed.selector) {
                (uint8 s, , , , bytes32 carried) = abi.decode(logs[i].data, (uint8, uint64, uint32, uint96, bytes32));
                assertEq(s, slot, "claim: JobClaimed slot");
                assertEq(carried, c, "claim: JobClaimed commitment");
                claimed = true;
            }
        }
        assertTrue(claimed, "claim: no JobClaimed");
        IJobMarket.Job memory job = market.getJob(jobId);
        IJobMarket.Assignment memory assignment = market.getAssignments(jobId)[slot];
        assertEq(assignment.provider, p, "claim: slot not assigned");
        assertEq(job.committedMask & (1 << slot) != 0 ? 1 : 0, c != bytes32(0) ? 1 : 0, "claim: commit bit");
        if (c == bytes32(0)) return; // the result word of a slot without its commit bit is not read (nor reset)
        assertEq(assignment.result, c, "claim: slot's commitment");
        ++reached[CLAIM_COMMITS];
        bool closes = job.claimed == job.replicas && job.committedMask == (1 << job.replicas) - 1;
        assertEq(job.commitsClosedAt, closes ? _now() : 0, "claim: commits closed at");
        assertEq(job.commitsClosedBlock, closes ? _blockNumber() : 0, "claim: commits closed block");
    }

    /// @dev Each uncommitted replica commits (fifteen in sixteen; the others wait, and may end up no-shows).
    function _commitJob(uint256 jobId, uint256 choices) internal returns (bool did) {
        _action = Action.Commit;
        uint256 committed = market.getJob(jobId).committedMask;
        IJobMarket.Assignment[] memory slots = market.getAssignments(jobId);
        for (uint256 i; i < slots.length; ++i) {
            uint256 choice = uint8(choices >> (8 * i));
            if (committed & (1 << i) != 0 || choice % 16 == 0) continue;
            _commitResult(jobId, uint8(i), slots[i].provider, choice >> 4);
            ++reached[COMMITS];
            did = true;
        }
    }

    function _commitResult(uint256 jobId, uint8 slot, address replica, uint256 choice) internal {
        Answer memory a = _replicaAnswer(jobId, replica, choice);
        _answers[jobId][replica] = a;
        vm.prank(replica);
        market.commitResult(jobId, slot, Results.commitment(jobId, replica, a.output, a.fuel, _salt(jobId, replica)));
    }

    /// @dev Takes the audit decision once commits closed; half of the time with the seed block's hash chosen so that
    /// the job is audited. A job whose commits closed at the deadline with slots missing is audited anyway.
    function _decideJob(uint256 jobId, uint256 choice) internal returns (bool) {
        _action = Action.Decide;
        IJobMarket.Job memory job = market.getJob(jobId);
        bool forced;
        if (job.commitsClosedAt != 0) {
            if (_blockNumber() <= job.commitsClosedBlock + 1) vm.roll(job.commitsClosedBlock + 2);
            IRandomnessSource.SeedStatus s = randomness.seedStatus(job.commitsClosedBlock);
            if (choice % 2 == 0 && s == IRandomnessSource.SeedStatus.Fixable) {
                vm.setBlockhash(job.commitsClosedBlock + 1, Draws.auditSeed(jobId, job.auditRateBps, true, 0));
                forced = true;
            }
        }
        market.decideAudit(jobId);
        bool audited = market.getJob(jobId).audit == IJobMarket.AuditState.Audited;
        assertTrue(audited || !forced, "decideAudit: the seed chosen to audit did not");
        ++reached[DECIDED];
        if (audited) ++reached[AUDITED];
        return true;
    }

    /// @dev Each committed replica reveals what it committed (fifteen in sixteen; the others withhold for now).
    function _revealJob(uint256 jobId, uint256 choices) internal returns (bool did) {
        _action = Action.Reveal;
        IJobMarket.Job memory job = market.getJob(jobId);
        uint256 pending = job.committedMask & ~job.revealedMask;
        IJobMarket.Assignment[] memory slots = market.getAssignments(jobId);
        if (job.replicas == 1 && job.audit == IJobMarket.AuditState.Undecided) {
            if (_now() > market.timeline(jobId).challengeEndsAt) return _revealAndSettle(jobId, slots[0].provider);
        }
        for (uint256 i; i < slots.length; ++i) {
            if (pending & (1 << i) == 0 || uint8(choices >> (8 * i)) % 16 == 0) continue;
            _revealResult(jobId, uint8(i), slots[i].provider);
            ++reached[REVEALS];
            did = true;
        }
    }

    /// @dev A k = 1 answer sealed through the challenge window counted from its commitment: one call reveals and
    /// settles it, paying out as settle does (same books), or, audited after all, opens its audit and moves nothing.
    function _revealAndSettle(uint256 jobId, address replica) internal returns (bool) {
        _action = Action.Settle; // it pays out as settle does
        Answer memory a = _answers[jobId][replica];
        if (_sealedByChoice[jobId]) {
            // The finish's sealed job proves the unaudited path: its seed block gets a hash that does not audit it.
            IJobMarket.Job memory job = market.getJob(jobId);
            vm.setBlockhash(job.commitsClosedBlock + 1, Draws.auditSeed(jobId, job.auditRateBps, false, 0));
        }
        uint256 escrow = escrowOf(jobId);
        Books memory before = _books();
        vm.prank(replica);
        market.revealAndSettle(jobId, a.output, a.fuel, _salt(jobId, replica), "ipfs://out");
        if (market.getJob(jobId).status == IJobMarket.JobStatus.Open) return true; // audited: its audit opens now
        _checkPaidOut(jobId, escrow, before, _books());
        ++reached[SEALED_SETTLED];
        return true;
    }

    function _revealResult(uint256 jobId, uint8 slot, address replica) internal {
        Answer memory a = _answers[jobId][replica];
        vm.prank(replica);
        market.revealResult(jobId, slot, a.output, a.fuel, _salt(jobId, replica), "ipfs://out");
    }

    // ------------------------------------------------------------------ the auditor

    /// @dev The eligible provider drawn first takes the audit seat, at the first second the lottery admits it.
    function _claimAuditorJob(uint256 jobId, uint256 seed) internal returns (bool) {
        _action = Action.ClaimAuditor;
        IVerificationCourt.Round memory round = Draws.currentRound(court, jobId);
        if (_blockNumber() <= round.openedBlock + 1) vm.roll(round.openedBlock + 2);
        (address p, uint256 at) = _nextVerifier(jobId, seed);
        if (p == address(0)) return false;
        _warpTo(at);
        uint256 reservedBefore = court.reserved();
        vm.prank(p);
        court.claimVerifier(jobId);
        assertEq(court.reserved() - reservedBefore, market.getJob(jobId).budget, "claimVerifier: pay not reserved");
        ++reached[AUDITORS];
        return true;
    }

    /// @dev The auditor commits (seven in eight; the others stay silent for now).
    function _commitAuditJob(uint256 jobId, uint256 choice) internal returns (bool) {
        if (choice % 8 == 0) return false;
        _action = Action.CommitAudit;
        _commitVerdict(jobId, 0, court.getSeats(jobId, 0)[0].account, choice >> 3);
        ++reached[AUDIT_COMMITS];
        return true;
    }

    /// @dev The auditor reveals (seven in eight; the others withhold for now).
    function _revealAuditJob(uint256 jobId, uint256 choice) internal returns (bool) {
        if (choice % 8 == 0) return false;
        _action = Action.RevealAudit;
        _revealVerdict(jobId, 0, court.getSeats(jobId, 0)[0].account);
        ++reached[AUDIT_REVEALS];
        return true;
    }

    // ------------------------------------------------------------------ anyone

    /// @dev Settles a settleable job and checks the books: paid out, every escrowed and slashed token is credited once
    /// and an auditor judged against the agreed result; sent to a panel, no token moved.
    function _settleJob(uint256 jobId) internal returns (bool) {
        _action = Action.Settle;
        bool auditorSeated = court.getRound(jobId, 0).claimed != 0;
        uint256 escrow = escrowOf(jobId);
        Books memory before = _books();
        // Odd jobs settle by settleMany, named twice: the second entry finds the job settled (or with the court) and
        // must be skipped, paying nothing again (the books below would show it).
        bool batched = jobId % 2 == 1;
        if (batched) {
            uint256[] memory twice = new uint256[](2);
            (twice[0], twice[1]) = (jobId, jobId);
            market.settleMany(twice);
        } else {
            market.settle(jobId);
        }
        Books memory afterwards = _books();
        if (market.getJob(jobId).status == IJobMarket.JobStatus.Verifying) {
            assertEq(
                keccak256(abi.encode(afterwards)),
                keccak256(abi.encode(before)),
                "settle: tokens moved to a panel"
            );
            assertTrue(
                court.getVerification(jobId).status == IVerificationCourt.VerificationStatus.Panel,
                "settle: Verifying without a panel"
            );
            ++reached[TO_PANEL];
            return true;
        }
        _checkPaidOut(jobId, escrow, before, afterwards);
        ++reached[SETTLED];
        if (batched) ++reached[SETTLED_IN_BATCH];
        if (auditorSeated) {
            _checkSeats(jobId, 0, court.getVerification(jobId).verdict, bytes32(0), before, afterwards);
            ++reached[AUDITS_JUDGED];
        }
        return true;
    }

    /// @dev The challenger (or, one time in three, the requester) challenges an agreed real result in its window.
    function _challengeJob(uint256 jobId, uint256 who) internal returns (bool) {
        _action = Action.Challenge;
        IJobMarket.Job memory job = market.getJob(jobId);
        address challenger = who % 3 == 0 ? job.requester : CHALLENGER;
        uint256 bond = court.bondFor(job.budget);
        _topUp(challenger, bond);
        uint256 before = token.balanceOf(address(court));
        vm.prank(challenger);
        court.challenge(jobId);
        assertEq(token.balanceOf(address(court)) - before, bond, "challenge: bond not pulled");
        ghostCourtIn += bond;
        IVerificationCourt.Verification memory v = court.getVerification(jobId);
        assertTrue(v.status == IVerificationCourt.VerificationStatus.Panel && v.round == 1, "challenge: no panel");
        assertEq(v.bond, bond, "challenge: bond recorded");
        ++reached[CHALLENGES];
        return true;
    }

    // ------------------------------------------------------------------ panels

    /// @dev 1 to (free seats) eligible providers take seats of the current panel, each when the lottery admits it.
    function _claimPanelJob(uint256 jobId, uint256 seed, uint256 count) internal returns (bool did) {
        _action = Action.ClaimPanel;
        IVerificationCourt.Round memory round = Draws.currentRound(court, jobId);
        if (_blockNumber() <= round.openedBlock + 1) vm.roll(round.openedBlock + 2);
        count = 1 + (count % (round.seats - round.claimed));
        for (uint256 n; n < count; ++n) {
            if (court.pool() < market.getJob(jobId).budget) return did; // the pool pays every seat; it may run dry
            (address p, uint256 at) = _nextVerifier(jobId, (seed % PROVIDERS) + n);
            if (p == address(0)) return did;
            _warpTo(at);
            vm.prank(p);
            court.claimVerifier(jobId);
            ++reached[SEATS];
            did = true;
        }
    }

    /// @dev Each seated verifier of the current panel that has not committed commits (seven in eight).
    function _commitPanelJob(uint256 jobId, uint256 choices) internal returns (bool did) {
        _action = Action.CommitPanel;
        uint8 r = court.getVerification(jobId).round;
        uint8 committed = court.getRound(jobId, r).committedMask;
        IVerificationCourt.Seat[] memory seats = court.getSeats(jobId, r);
        for (uint256 i; i < seats.length; ++i) {
            uint256 choice = uint8(choices >> (8 * i));
            if (committed & (1 << i) != 0 || choice % 8 == 0) continue;
            _commitVerdict(jobId, r, seats[i].account, choice >> 3);
            ++reached[PANEL_COMMITS];
            did = true;
        }
    }

    /// @dev Each committed verifier of the current panel reveals (seven in eight).
    function _revealPanelJob(uint256 jobId, uint256 choices) internal returns (bool did) {
        _action = Action.RevealPanel;
        uint8 r = court.getVerification(jobId).round;
        IVerificationCourt.Round memory round = court.getRound(jobId, r);
        uint256 pending = round.committedMask & ~uint256(round.revealedMask);
        IVerificationCourt.Seat[] memory seats = court.getSeats(jobId, r);
        for (uint256 i; i < seats.length; ++i) {
            if (pending & (1 << i) == 0 || uint8(choices >> (8 * i)) % 8 == 0) continue;
            _revealVerdict(jobId, r, seats[i].account);
            ++reached[PANEL_REVEALS];
            did = true;
        }
    }

    /// @dev Resolves a resolvable panel and checks it: the verdict is the naive strict majority of the round's seats
    /// on result and proof of execution (without one, the next round opens, until the last fails closed); revealers
    /// paid their fuel at the job's price, the silent and those outside the verdict slashed; the job paid out once; the
    /// challenger's bond handled.
    function _resolveJob(uint256 jobId) internal returns (bool) {
        _action = Action.Resolve;
        IVerificationCourt.Verification memory v = court.getVerification(jobId);
        (bytes32 majority, bytes32 ballot) = _roundMajority(jobId, v.round);
        uint256 escrow = escrowOf(jobId);
        uint256 challengerBefore = court.claimable(v.challenger);
        Books memory before = _books();
        court.resolve(jobId);
        Books memory afterwards = _books();
        IVerificationCourt.Verification memory next = court.getVerification(jobId);
        if (next.status != IVerificationCourt.VerificationStatus.Final) {
            // No majority: the round is judged against "no verdict", a fresh panel is drawn, the market is untouched.
            assertEq(majority, bytes32(0), "resolve: a majority did not decide");
            assertEq(next.round, v.round + 1, "resolve: next round not opened");
            assertLe(next.round, court.parameters().maxRounds, "resolve: more rounds than maxRounds");
            assertEq(afterwards.market, before.market, "resolve: market balance moved on a redraw");
            assertEq(afterwards.marketClaimable, before.marketClaimable, "resolve: market credits on a redraw");
            uint256 slashed = before.registry - afterwards.registry; // the silent verifiers', to the court
            assertEq(afterwards.court - before.court, slashed, "resolve: verifiers' slashes went elsewhere");
            ghostSlashedOut += slashed;
            ghostCourtIn += slashed;
            _checkSeats(jobId, v.round, bytes32(0), bytes32(0), before, afterwards);
            ++reached[REDRAWS];
            return true;
        }
        assertEq(next.verdict, majority, "resolve: verdict != the strict majority of the round's seats");
        _checkSeats(jobId, v.round, majority, ballot, before, afterwards);
        if (court.getRound(jobId, 0).claimed != 0) {
            _checkSeats(jobId, 0, majority, bytes32(0), before, afterwards);
            ++reached[AUDITS_JUDGED];
        }
        uint256 replicaSlashes = _checkPaidOut(jobId, escrow, before, afterwards);
        if (v.challenger != address(0)) _checkChallenge(jobId, v, majority, replicaSlashes, challengerBefore);
        ++reached[VERDICTS];
        if (majority == bytes32(0)) ++reached[NO_VERDICT];
        return true;
    }

    // ------------------------------------------------------------------ verifiers' commit-reveal

    function _commitVerdict(uint256 jobId, uint8 round, address verifier, uint256 choice) internal {
        Answer memory a = _verifierAnswer(jobId, verifier, choice);
        bytes32 proof = _verifierProof(jobId, round, verifier, a, choice);
        _verdicts[jobId][round][verifier] = a;
        _proofs[jobId][round][verifier] = proof;
        bytes32 commitment = Results.verdictCommitment(
            jobId,
            verifier,
            a.output,
            a.fuel,
            proof,
            _salt(jobId, verifier)
        );
        vm.prank(verifier);
        court.commitVerdict(jobId, commitment);
    }

    function _revealVerdict(uint256 jobId, uint8 round, address verifier) internal {
        Answer memory a = _verdicts[jobId][round][verifier];
        bytes32 proof = _proofs[jobId][round][verifier];
        vm.prank(verifier);
        court.revealVerdict(jobId, a.output, a.fuel, proof, _salt(jobId, verifier), "ipfs://verdict");
    }

    // ------------------------------------------------------------------ postconditions

    /// @dev The strict majority of a round's seats, voting on result and proof together (unclaimed seats count as
    /// silent): the winning result and ballot, zero without one.
    function _roundMajority(uint256 jobId, uint8 r) internal view returns (bytes32 result, bytes32 ballot) {
        IVerificationCourt.Round memory round = court.getRound(jobId, r);
        IVerificationCourt.Seat[] memory seats = court.getSeats(jobId, r);
        bytes32[] memory ballots = new bytes32[](seats.length);
        for (uint256 i; i < seats.length; ++i) {
            if (round.revealedMask & (1 << i) != 0) ballots[i] = Results.ballot(seats[i].result, seats[i].proof);
        }
        ballot = _majority(ballots, round.seats);
        for (uint256 i; i < seats.length && ballot != bytes32(0); ++i) {
            if (ballots[i] == ballot) return (seats[i].result, ballot);
        }
    }

    /// @dev A job paid out (by settle or resolve): the market credited exactly the escrow plus the slashed stake it
    /// received, and tokens moved only between the registry, the market and the court. Returns the replicas' slashes.
    function _checkPaidOut(
        uint256 jobId,
        uint256 escrow,
        Books memory before,
        Books memory afterwards
    ) internal returns (uint256 replicaSlashes) {
        replicaSlashes = afterwards.market - before.market; // the registry sends the market its replicas' slashes
        assertEq(
            afterwards.marketClaimable - before.marketClaimable,
            escrow + replicaSlashes,
            "payout: credits != escrow + slashed stake"
        );
        assertEq(
            before.registry - afterwards.registry,
            replicaSlashes + (afterwards.court - before.court),
            "payout: slashed stake went elsewhere"
        );
        ghostSlashedToMarket += replicaSlashes;
        ghostSlashedOut += before.registry - afterwards.registry;
        ghostCourtIn += afterwards.court - before.court; // verifiers' slashes
        IJobMarket.Job memory job = market.getJob(jobId);
        if (job.status == IJobMarket.JobStatus.Completed) {
            ++reached[COMPLETED];
        } else {
            ++reached[REFUNDED];
            if (job.claimed == 0) ++reached[NO_CLAIMS];
            else if (job.revealedMask == 0) ++reached[NO_RESULT];
        }
    }

    /// @dev Every seat of round `r` was judged against `verdict` and, in a panel, its winning `ballot` (zero: no
    /// verdict). A revealer is paid its fuel at the job's price (nothing for "input unavailable", nor for a panel seat
    /// of a round without a majority that no other seat corroborated); it is upheld with a real result equal to the
    /// verdict (in a panel: with the winning ballot, so a right result with a made-up proof is not) and slashed if
    /// it is not upheld while both the verdict and its result are real. A silent seat is slashed and unpaid.
    function _checkSeats(
        uint256 jobId,
        uint8 r,
        bytes32 verdict,
        bytes32 ballot,
        Books memory before,
        Books memory afterwards
    ) internal view {
        IJobMarket.Job memory job = market.getJob(jobId);
        // The rate fixed when the verification started (the handler never changes parameters, so also the current).
        uint256 slash = (uint256(job.collateral) * court.getVerification(jobId).verifierSlashBps) / 10_000;
        uint256 revealedMask = court.getRound(jobId, r).revealedMask;
        IVerificationCourt.Seat[] memory seats = court.getSeats(jobId, r);
        for (uint256 i; i < seats.length; ++i) {
            uint256 index = _indexOf(seats[i].account);
            bool revealed = revealedMask & (1 << i) != 0;
            bool upheld =
                revealed &&
                    Results.isReal(seats[i].result) &&
                    (r == 0 ? seats[i].result == verdict : _ballotOf(seats[i]) == ballot);
            assertEq(
                afterwards.courtPay[index] - before.courtPay[index],
                _verifierPay(job.maxPricePerMfuel, seats, i, revealedMask, r != 0 && ballot == bytes32(0)),
                "judge: a revealer is paid its fuel at the job's price, a silent seat nothing"
            );
            uint256 loss =
                !revealed || (Results.isReal(verdict) && Results.isReal(seats[i].result) && !upheld) ? slash : 0;
            assertEq(before.stakes[index] - afterwards.stakes[index], loss, "judge: verifier slash");
        }
    }

    function _ballotOf(IVerificationCourt.Seat memory seat) internal pure returns (bytes32) {
        return Results.ballot(seat.result, seat.proof);
    }

    /// @dev What seat `i` earns: its revealed fuel at the job's price; nothing if silent, for "input unavailable", or
    /// (`split`: a panel round without a majority) when no other revealed seat cast the same ballot.
    function _verifierPay(
        uint256 pricePerMfuel,
        IVerificationCourt.Seat[] memory seats,
        uint256 i,
        uint256 revealedMask,
        bool split
    ) internal pure returns (uint256) {
        if (revealedMask & (1 << i) == 0 || seats[i].result == Results.INPUT_UNAVAILABLE_RESULT) return 0;
        if (split) {
            bool corroborated;
            for (uint256 j; j < seats.length; ++j) {
                if (j == i || revealedMask & (1 << j) == 0) continue;
                if (_ballotOf(seats[j]) == _ballotOf(seats[i])) corroborated = true;
            }
            if (!corroborated) return 0;
        }
        return (uint256(seats[i].fuelUsed) * pricePerMfuel) / 1e6;
    }

    /// @dev The challenger's bond: back with the reward (the challenger's share of the replicas' slashes, at most the
    /// bond) when the verdict differs from the agreed result, forfeited when it confirms it; without a verdict it first
    /// pays each replica that revealed the agreed result its fuel (at least its minimum) at its own price, and the rest
    /// comes back.
    function _checkChallenge(
        uint256 jobId,
        IVerificationCourt.Verification memory v,
        bytes32 verdict,
        uint256 replicaSlashes,
        uint256 claimableBefore
    ) internal {
        // The job's share, fixed at posting: the handler never changes parameters, so the current one.
        uint256 reward = (replicaSlashes * market.parameters().challengerShareBps) / 10_000;
        if (reward > v.bond) reward = v.bond;
        uint256 due =
            verdict == bytes32(0)
                ? v.bond - _agreedReplicasPay(jobId, v.agreed, v.bond)
                : verdict == v.agreed
                    ? 0
                    : v.bond + reward;
        assertEq(court.claimable(v.challenger) - claimableBefore, due, "challenge: payout");
        if (verdict == bytes32(0)) ++reached[CHALLENGE_UNDECIDED];
        else if (verdict == v.agreed) ++reached[CHALLENGE_LOST];
        else ++reached[CHALLENGE_WON];
    }

    /// @dev What an undecided challenge's bond owes the replicas that revealed `agreed`, in slot order, out of `bond`.
    function _agreedReplicasPay(uint256 jobId, bytes32 agreed, uint256 bond) internal view returns (uint256 total) {
        IJobMarket.Job memory job = market.getJob(jobId);
        IJobMarket.Assignment[] memory slots = market.getAssignments(jobId);
        for (uint256 i; i < slots.length; ++i) {
            if (job.revealedMask & (1 << i) == 0 || slots[i].result != agreed) continue;
            uint256 billed = uint256(slots[i].minMfuel) * 1e6;
            uint256 fuel = _answers[jobId][slots[i].provider].fuel; // the agreed fuel, as the replica revealed it
            if (billed < fuel) billed = fuel;
            uint256 pay = (billed * slots[i].pricePerMfuel) / 1e6;
            if (pay > bond - total) pay = bond - total;
            total += pay;
        }
    }

    /// @dev Picks a job the market no longer settles (Verifying, or closed) and checks the refusals: the market will
    /// not settle it (a Verifying job is settled only by the court, a closed one never again), nobody but the court
    /// can finalize a verification, and a closed job's verification cannot be resolved. False if there is none yet.
    function _checkRefusals(uint256 seed) internal returns (bool) {
        uint256 count = market.jobCount();
        for (uint256 i; i < count; ++i) {
            uint256 jobId = 1 + (((seed % count) + i) % count);
            IJobMarket.JobStatus status = market.getJob(jobId).status;
            if (status == IJobMarket.JobStatus.Open) continue;
            try market.settle(jobId) {
                revert("settle: a job not Open was settled by the market");
            } catch (bytes memory err) {
                bytes memory expected = abi.encodeWithSelector(IJobMarket.JobMarketJobNotOpen.selector, jobId, status);
                assertEq(keccak256(err), keccak256(expected), "settle refusal");
            }
            vm.prank(CHALLENGER);
            try market.finalizeVerification(jobId, bytes32(0), 0) {
                revert("finalizeVerification: called by someone other than the court");
            } catch (bytes memory err) {
                bytes memory expected = abi.encodeWithSelector(IJobMarket.JobMarketNotCourt.selector, CHALLENGER);
                assertEq(keccak256(err), keccak256(expected), "finalizeVerification refusal");
            }
            if (status != IJobMarket.JobStatus.Verifying) {
                try court.resolve(jobId) {
                    revert("resolve: a closed job was resolved again");
                } catch (bytes memory err) {
                    assertEq(bytes4(err), IVerificationCourt.VerificationCourtNotOpen.selector, "resolve refusal");
                }
            }
            ++reached[REFUSALS];
            return true;
        }
        return false;
    }
}
