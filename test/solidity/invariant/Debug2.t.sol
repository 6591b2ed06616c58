// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;
import {Test} from "../lib/Test.sol";
import {JobMarketHandler} from "./JobMarketHandler.sol";
import {JobMarket} from "../../../contracts/JobMarket.sol";
import {IJobMarket} from "../../../contracts/interfaces/IJobMarket.sol";

contract Debug2Test is Test {
    uint256[9] totals;
    function test_walk() public {
        uint256 depth = 100;
        for (uint256 run; run < 8; ++run) {
            vm.warp(1_700_000_000);
            vm.roll(100);
            JobMarketHandler h = new JobMarketHandler();
            for (uint256 step; step < depth; ++step) {
                uint256 r = uint256(keccak256(abi.encode(run, step)));
                uint256 a = uint256(keccak256(abi.encode(r, 1)));
                uint256 b = uint256(keccak256(abi.encode(r, 2)));
                uint256 c = uint256(keccak256(abi.encode(r, 3)));
                uint256 sel = r % 13;
                if (sel == 0) h.postJob(a, b, c, a >> 8);
                else if (sel == 1) h.cancel(a, b);
                else if (sel == 2) h.claim(a, b);
                else if (sel == 3) h.submit(a, b);
                else if (sel == 4) h.commit(a, b, c);
                else if (sel == 5) h.reveal(a, b);
                else if (sel == 6) h.stake(a, b);
                else if (sel == 7) h.requestUnstake(a, b);
                else if (sel == 8) h.withdrawStake(a);
                else if (sel == 9) h.settle(a);
                else if (sel == 10) h.withdraw(a);
                else if (sel == 11) h.warp(a);
                else h.roll(a);
            }
            totals[0] += h.successes("postJob");
            totals[1] += h.successes("claim");
            totals[2] += h.successes("submit");
            totals[3] += h.successes("commit");
            totals[4] += h.successes("reveal");
            totals[5] += h.successes("settle");
            totals[6] += h.ghostSlashed() > 0 ? 1 : 0;
            JobMarket m = h.market();
            for (uint256 id = 1; id <= m.jobCount(); ++id) if (m.getJob(id).status == IJobMarket.JobStatus.Completed) ++totals[7];
            totals[8] += h.successes("cancel");
        }
        revert(string.concat("post ", s(totals[0]), " claim ", s(totals[1]), " submit ", s(totals[2]), " commit ", s(totals[3]), " reveal ", s(totals[4]), " settle ", s(totals[5]), " runsWithSlash ", s(totals[6]), " completed ", s(totals[7]), " cancel ", s(totals[8])));
    }
    function s(uint256 v) internal pure returns (string memory r) {
        if (v == 0) return "0";
        while (v != 0) { r = string.concat(string(abi.encodePacked(bytes1(uint8(48 + v % 10)))), r); v /= 10; }
    }
}
