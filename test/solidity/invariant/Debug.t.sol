// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;
import {JobMarketInvariantTest} from "./JobMarket.invariant.t.sol";
import {IJobMarket} from "../../../contracts/interfaces/IJobMarket.sol";

contract DebugInvariantTest is JobMarketInvariantTest {
    function afterInvariant() public view {
        bytes32[7] memory names = [bytes32("postJob"), "claim", "submit", "commit", "reveal", "settle", "withdraw"];
        string memory line;
        for (uint256 i; i < names.length; ++i) line = string.concat(line, " ", string(abi.encodePacked(bytes8(names[i]))), "=", vm_toString(handler.successes(names[i])));
        uint256 completed;
        for (uint256 id = 1; id <= market.jobCount(); ++id) if (market.getJob(id).status == IJobMarket.JobStatus.Completed) ++completed;
        revert(string.concat(vm_toString(handler.dbgCalls()), " claimcalls=", vm_toString(handler.dbgClaimCalls()), " err=", vm_toString(uint256(uint32(bytes4(handler.dbgErr())))), line, " completed=", vm_toString(completed), " slashed=", vm_toString(handler.ghostSlashed()/1e15), " jobs=", vm_toString(market.jobCount()), " block=", vm_toString(block.number), " ts=", vm_toString(block.timestamp), " posted=", vm_toString(market.jobCount() > 0 ? market.getJob(1).postedBlock : 0)));
    }
    function vm_toString(uint256 v) internal pure returns (string memory s) {
        if (v == 0) return "0";
        while (v != 0) { s = string.concat(string(abi.encodePacked(bytes1(uint8(48 + v % 10)))), s); v /= 10; }
    }
}
