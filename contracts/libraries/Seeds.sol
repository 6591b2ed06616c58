// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IRandomnessSource} from "../interfaces/IRandomnessSource.sol";

/// @title Seeds
/// @notice Seeds that are the hash of the block after their trigger: how `BlockhashRandomness` derives them, and how
/// the market reads them without calling the source while BLOCKHASH still can.
/// @dev Reading inline gives the same value the source returns (a fixed seed is that same block hash), and saves the
/// call and the source's cold read of its stored seed: about 5,000 gas on each claim that opens a draw and on each
/// audit decision. Only a seed outside the BLOCKHASH window (fixed, or expired) needs the source.
library Seeds {
    uint256 internal constant BLOCKHASH_WINDOW = 256; // blocks readable by BLOCKHASH

    /// @notice The status of a next-block-hash seed that nobody stored: not mined yet, readable now, or forgotten.
    function liveStatus(uint256 triggerBlock) internal view returns (IRandomnessSource.SeedStatus) {
        uint256 seedBlock = triggerBlock + 1;
        if (block.number <= seedBlock) return IRandomnessSource.SeedStatus.NotReady;
        if (block.number - seedBlock > BLOCKHASH_WINDOW) return IRandomnessSource.SeedStatus.Expired;
        return IRandomnessSource.SeedStatus.Fixable;
    }

    /// @notice The hash of the block after `triggerBlock`, while BLOCKHASH can read it; reverts as the source does.
    function live(uint256 triggerBlock) internal view returns (bytes32 seed) {
        IRandomnessSource.SeedStatus status = liveStatus(triggerBlock);
        require(
            status != IRandomnessSource.SeedStatus.NotReady,
            IRandomnessSource.RandomnessSeedNotReady(triggerBlock, block.number)
        );
        require(
            status != IRandomnessSource.SeedStatus.Expired,
            IRandomnessSource.RandomnessSeedExpired(triggerBlock, block.number)
        );
        seed = blockhash(triggerBlock + 1);
        // A zero hash would read as "not fixed"; it cannot happen for a block in the window, but fail loudly if it
        // does.
        require(seed != bytes32(0), IRandomnessSource.RandomnessSeedExpired(triggerBlock, block.number));
    }

    /// @notice `source.trySeed(triggerBlock)`, read inline while BLOCKHASH can when `readInline` (the source is
    /// `readableInline`). A seed read inline reports Fixable even if the source stored it: fixing it again is a no-op.
    function trySeed(
        IRandomnessSource source,
        bool readInline,
        uint256 triggerBlock
    ) internal view returns (IRandomnessSource.SeedStatus status, bytes32 seed) {
        if (readInline) {
            status = liveStatus(triggerBlock);
            if (status == IRandomnessSource.SeedStatus.Fixable) return (status, blockhash(triggerBlock + 1));
            if (status == IRandomnessSource.SeedStatus.NotReady) return (status, bytes32(0));
        }
        return source.trySeed(triggerBlock); // expired here: the source may have fixed it
    }

    /// @notice `source.seedFor(triggerBlock)` (reverting until the seed exists, or once it expired unfixed), read
    /// inline while BLOCKHASH can when `readInline`.
    function seedFor(IRandomnessSource source, bool readInline, uint256 triggerBlock) internal view returns (bytes32) {
        if (readInline && liveStatus(triggerBlock) != IRandomnessSource.SeedStatus.Expired) return live(triggerBlock);
        return source.seedFor(triggerBlock);
    }
}
