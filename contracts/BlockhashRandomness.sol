// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IRandomnessSource} from "./interfaces/IRandomnessSource.sol";

/// @title BlockhashRandomness
/// @notice Seeds a draw triggered in block `b` with the hash of block `b + 1`, stored the first time anyone asks.
/// @dev Trust assumption: the proposer of block `b + 1` (or an L2 sequencer) can bias the seed by withholding or
/// reordering; it cannot know it in block `b`. Good enough while a single draw is worth less than a block reward;
/// use a VRF-backed source otherwise.
///
/// `blockhash` reads only the last 256 blocks. A seed nobody fixed in that window is expired: there is no fallback to a
/// later block, because a seed that moves would re-roll eligibility. The protocol treats an expired seed as a failure
/// to close safely (a job nobody could claim is refunded, an audit decision that expired means "audited").
contract BlockhashRandomness is IRandomnessSource {
    uint256 private constant _BLOCKHASH_WINDOW = 256; // blocks readable by BLOCKHASH

    mapping(uint256 triggerBlock => bytes32 seed) private _seeds;

    /// @inheritdoc IRandomnessSource
    function fixSeed(uint256 triggerBlock) external returns (bytes32 seed) {
        seed = _seeds[triggerBlock];
        if (seed != bytes32(0)) return seed;
        seed = _live(triggerBlock);
        _seeds[triggerBlock] = seed;
        emit SeedFixed(triggerBlock, seed);
    }

    /// @inheritdoc IRandomnessSource
    function seedFor(uint256 triggerBlock) external view returns (bytes32 seed) {
        seed = _seeds[triggerBlock];
        if (seed == bytes32(0)) seed = _live(triggerBlock);
    }

    /// @inheritdoc IRandomnessSource
    function seedStatus(uint256 triggerBlock) external view returns (SeedStatus) {
        if (_seeds[triggerBlock] != bytes32(0)) return SeedStatus.Fixed;
        return _liveStatus(triggerBlock);
    }

    /// @dev The status of a seed nobody stored: whether BLOCKHASH reads it now, not yet, or no longer.
    function _liveStatus(uint256 triggerBlock) private view returns (SeedStatus) {
        uint256 seedBlock = triggerBlock + 1;
        if (block.number <= seedBlock) return SeedStatus.NotReady;
        if (block.number - seedBlock > _BLOCKHASH_WINDOW) return SeedStatus.Expired;
        return SeedStatus.Fixable;
    }

    /// @inheritdoc IRandomnessSource
    function trySeed(uint256 triggerBlock) external view returns (SeedStatus status, bytes32 seed) {
        seed = _seeds[triggerBlock];
        if (seed != bytes32(0)) return (SeedStatus.Fixed, seed);
        status = _liveStatus(triggerBlock);
        if (status == SeedStatus.Fixable) seed = _live(triggerBlock);
    }

    /// @dev The hash of the block after `triggerBlock`, while BLOCKHASH can still read it.
    function _live(uint256 triggerBlock) private view returns (bytes32 seed) {
        uint256 seedBlock = triggerBlock + 1;
        require(block.number > seedBlock, RandomnessSeedNotReady(triggerBlock, block.number));
        require(block.number - seedBlock <= _BLOCKHASH_WINDOW, RandomnessSeedExpired(triggerBlock, block.number));
        seed = blockhash(seedBlock);
        // A zero hash would read as "not fixed"; it cannot happen for a block in the window, but fail loudly if it
        // does.
        require(seed != bytes32(0), RandomnessSeedExpired(triggerBlock, block.number));
    }
}
