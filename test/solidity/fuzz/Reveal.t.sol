// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IJobMarket} from "../../../contracts/interfaces/IJobMarket.sol";
import {Results} from "../../../contracts/libraries/Results.sol";
import {Fixture} from "../lib/Fixture.sol";

/// @notice A replica can open its commitment only with exactly what it committed (output, fuel, salt), within the
/// job's fuel limit; "input unavailable" is one result whatever fuel comes with it, never paid nor slashed.
contract RevealFuzzTest is Fixture {
    address internal constant REQUESTER = address(0xBEEF);
    uint256 internal constant STAKE = 1_000e18;
    uint64 internal constant MAX_FUEL = 100e6;

    address[2] internal providers = [address(0xA1), address(0xA2)];

    function setUp() public {
        _deploy();
        _fund(REQUESTER, 1_000e18);
        for (uint256 i; i < 2; ++i) _addProvider(providers[i], 1e16, 0, STAKE);
        _roll(1);
    }

    /// @dev A k-replica job with every slot claimed and the given commitments, decided "not audited".
    function _committed(uint256 k, Answer[] memory answers) internal returns (uint256 jobId) {
        jobId = _post(REQUESTER, _request(uint8(k), MAX_FUEL, 2e16));
        for (uint256 i; i < k; ++i) _claim(jobId, providers[i]);
        for (uint256 i; i < k; ++i) _commit(jobId, providers[i], answers[i]);
        _forceAudit(jobId, false);
    }

    function testFuzz_revealResult_RevertWhen_OpeningDiffersFromTheCommitment(
        bytes32 output,
        uint64 fuel,
        uint256 field,
        uint256 delta
    ) public {
        vm.assume(output != bytes32(0));
        fuel = uint64(bound(fuel, 0, MAX_FUEL - 1));
        Answer[] memory answers = new Answer[](1);
        answers[0] = Answer(output, fuel);
        uint256 jobId = _committed(1, answers);
        bytes32 salt = _salt(jobId, providers[0]);
        field = bound(field, 0, 2);
        delta = bound(delta, 1, 1e9);
        unchecked {
            if (field == 0)
                output = bytes32(uint256(output) + delta); // another output
            else if (field == 1)
                fuel = fuel + 1; // another fuel (still within the limit)
            else salt = bytes32(uint256(salt) + delta); // another salt
        }
        vm.assume(output != bytes32(0));
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.JobMarketCommitmentMismatch.selector, jobId, providers[0]));
        vm.prank(providers[0]);
        market.revealResult(jobId, 0, output, fuel, salt, "ipfs://out");
    }

    /// @dev Fuel above the job's limit is refused even when it matches the commitment.
    function testFuzz_revealResult_RevertWhen_FuelOverTheLimit(uint64 fuel) public {
        fuel = uint64(bound(fuel, MAX_FUEL + 1, type(uint64).max));
        Answer[] memory answers = new Answer[](1);
        answers[0] = Answer(keccak256("output"), fuel);
        uint256 jobId = _committed(1, answers);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.JobMarketFuelOverLimit.selector, jobId, fuel, MAX_FUEL));
        _reveal(jobId, providers[0], answers[0]);
    }

    /// @dev Two replicas say "input unavailable" with different fuels: one result, a strict majority, settled at once
    /// with a full refund of the budgets and fee; nobody paid or slashed.
    function testFuzz_revealResult_InputUnavailableIsOneResultWhateverTheFuel(uint64 fuelA, uint64 fuelB) public {
        Answer[] memory answers = new Answer[](2);
        answers[0] = Answer(Results.INPUT_UNAVAILABLE, uint64(bound(fuelA, 0, MAX_FUEL)));
        answers[1] = Answer(Results.INPUT_UNAVAILABLE, uint64(bound(fuelB, 0, MAX_FUEL)));
        uint256 jobId = _committed(2, answers);
        for (uint256 i; i < 2; ++i) _reveal(jobId, providers[i], answers[i]);
        IJobMarket.Assignment[] memory slots = market.getAssignments(jobId);
        for (uint256 i; i < 2; ++i) assertEq(slots[i].result, Results.INPUT_UNAVAILABLE_RESULT, "stored result");
        assertTrue(market.isSettleable(jobId), "an unpayable agreement waits for nothing");
        IJobMarket.Job memory job = market.getJob(jobId);
        market.settle(jobId);
        assertTrue(market.getJob(jobId).status == IJobMarket.JobStatus.Refunded, "not refunded");
        assertEq(market.claimable(REQUESTER), 2 * uint256(job.budget) + job.fee, "refund != budgets + fee");
        for (uint256 i; i < 2; ++i) {
            assertEq(market.claimable(providers[i]), 0, "input unavailable paid");
            assertEq(registry.provider(providers[i]).stake, STAKE, "input unavailable slashed");
            assertEq(registry.provider(providers[i]).locked, 0, "collateral still locked");
        }
    }
}
