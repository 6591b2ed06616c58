// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;
import {Test} from "../lib/Test.sol";
import {JobMarketHandler} from "./JobMarketHandler.sol";
import {JobMarket} from "../../../contracts/JobMarket.sol";
import {IJobMarket} from "../../../contracts/interfaces/IJobMarket.sol";

contract Debug3Test is Test {
    function test_flow() public {
        vm.warp(1_700_000_000);
        vm.roll(100);
        JobMarketHandler h = new JobMarketHandler();
        JobMarket m = h.market();
        h.postJob(0, 1, 2e18, 0);
        h.claim(1, 1);
        for (uint160 i = 0xA1; i < 0xA5; ++i) require(!m.isDrawn(1, address(i)), "drawn but not claimed");
        vm.warp(block.timestamp + 25);
        for (uint160 i = 0xA1; i < 0xA5; ++i) m.isDrawn(1, address(i));
        h.claim(1, 1);
        require(h.successes("claim") == 1, "claim");
        h.submit(1, 0);
        require(h.successes("submit") == 1, "submit");
        h.warp(60);
        h.settle(1);
        require(h.successes("settle") == 1, "settle");
        require(m.getJob(1).status == IJobMarket.JobStatus.Completed, "completed");
    }
}
