// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IRandomnessSource} from "./interfaces/IRandomnessSource.sol";

/// @title BlockhashRandomness
/// @notice Seeds the assignment lottery with the hash of the block after the posting block.
/// @dev Trust assumption: the proposer of block `postedBlock + 1` (or an L2 sequencer) can bias the seed
/// by withholding or reordering; it cannot predict it before the job is posted. Good enough when a single
/// assignment is worth less than a block reward; use a VRF-backed source otherwise.
///
/// Fallback: `blockhash` only reads the last 256 blocks. When the seed block has aged out, the seed becomes
/// the hash of the newest block congruent to it modulo 256. That block is still after the posting block, so
/// the stake checkpointed at posting still cannot react to it, and every caller in a block sees one value.
contract BlockhashRandomness is IRandomnessSource {
    uint256 private constant _BLOCKHASH_WINDOW = 256; // blocks readable by BLOCKHASH

    /// @inheritdoc IRandomnessSource
    function seedFor(uint256 postedBlock) external view returns (bytes32) {
        uint256 seedBlock = postedBlock + 1;
        require(block.number > seedBlock, RandomnessSeedNotReady(seedBlock, block.number));
        uint256 age = block.number - 1 - seedBlock; // blocks since the seed block, >= 0
        // Step forward in whole windows so the chosen block is within the readable range.
        seedBlock += (age / _BLOCKHASH_WINDOW) * _BLOCKHASH_WINDOW;
        return blockhash(seedBlock);
    }
}
