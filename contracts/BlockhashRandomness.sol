// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IRandomnessSource} from "./interfaces/IRandomnessSource.sol";
import {Seeds} from "./libraries/Seeds.sol";

/// @title BlockhashRandomness
/// @notice Seeds a draw triggered in block `b` with the hash of block `b + 1`, stored the first time anyone asks.
/// @dev Trust assumption: the proposer of block `b + 1` (or an L2 sequencer) can bias the seed by withholding or
/// reordering; it cannot know it in block `b`. Good enough while a single draw is worth less than a block reward;
/// use a VRF-backed source otherwise.
///
/// The chain knows a block's hash for 256 blocks (BLOCKHASH), or 8,191 where it serves EIP-2935's history (see Seeds).
/// A seed nobody fixed while the chain knew it is expired: there is no fallback to a later block, because a seed that
/// moves would re-roll eligibility. The protocol treats an expired seed as a failure
/// to close safely (a job nobody could claim is refunded, an audit decision that expired means "audited").
contract BlockhashRandomness is IRandomnessSource {
    mapping(uint256 triggerBlock => bytes32 seed) private _seeds;
    // Whether the market reads live seeds itself (see Seeds): true in production, saving a call and a
    // cold read per draw. A stored seed is always that same hash, so reading inline changes nothing but gas. Tests that
    // play a proposer who biased a seed (planting it in `_seeds`) deploy with false, so every read comes here.
    bool private immutable _readableInline;

    constructor(bool readableInline_) {
        _readableInline = readableInline_;
    }

    /// @inheritdoc IRandomnessSource
    function fixSeed(uint256 triggerBlock) external returns (bytes32 seed) {
        seed = _seeds[triggerBlock];
        if (seed != bytes32(0)) return seed;
        seed = Seeds.live(triggerBlock);
        _seeds[triggerBlock] = seed;
        emit SeedFixed(triggerBlock, seed);
    }

    /// @inheritdoc IRandomnessSource
    function seedFor(uint256 triggerBlock) external view returns (bytes32 seed) {
        seed = _seeds[triggerBlock];
        if (seed == bytes32(0)) seed = Seeds.live(triggerBlock);
    }

    /// @inheritdoc IRandomnessSource
    function seedStatus(uint256 triggerBlock) external view returns (SeedStatus) {
        if (_seeds[triggerBlock] != bytes32(0)) return SeedStatus.Fixed;
        return Seeds.liveStatus(triggerBlock);
    }

    /// @inheritdoc IRandomnessSource
    function trySeed(uint256 triggerBlock) external view returns (SeedStatus status, bytes32 seed) {
        seed = _seeds[triggerBlock];
        if (seed != bytes32(0)) return (SeedStatus.Fixed, seed);
        return Seeds.liveSeed(triggerBlock);
    }

    /// @inheritdoc IRandomnessSource
    function readableInline() external view returns (bool) {
        return _readableInline;
    }
}
