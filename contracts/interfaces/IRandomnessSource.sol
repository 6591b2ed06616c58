// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title IRandomnessSource
/// @notice Supplies the per-job seed of the assignment lottery.
/// @dev The seed of a job must be unknowable when the job is posted and when the stake that counts for
/// the job is fixed (the posting block). Implementations state their trust assumption; the default,
/// `BlockhashRandomness`, trusts block proposers (or an L2 sequencer) not to withhold or grind block
/// hashes. A VRF-backed source can replace it without touching the market.
interface IRandomnessSource {
    /// @notice The seed is not yet knowable: the block it derives from has not been mined.
    error RandomnessSeedNotReady(uint256 seedBlock, uint256 currentBlock);

    /// @notice The lottery seed for a job posted in block `postedBlock`.
    /// @dev Must revert with {RandomnessSeedNotReady} until the seed exists, and must return the same
    /// value to every caller in the same block.
    function seedFor(uint256 postedBlock) external view returns (bytes32 seed);
}
