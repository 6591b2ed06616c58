// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IRandomnessSource} from "../interfaces/IRandomnessSource.sol";

/// @title Seeds
/// @notice Seeds that are the hash of the block after their trigger: how `BlockhashRandomness` derives them, and how
/// the market reads them without calling the source while the chain still knows that hash.
/// @dev Reading inline gives the same value the source returns (a fixed seed is that same block hash), and saves the
/// call and the source's cold read of its stored seed: about 5,000 gas on each claim that opens a draw and on each
/// audit decision. Only a seed the chain forgot (fixed earlier, or expired) needs the source.
///
/// The chain knows a block's hash for 256 blocks by BLOCKHASH and, where it serves EIP-2935's history contract (every
/// chain since Ethereum's Prague upgrade; anvil too, not yet the Hardhat network), for 8,191 by that contract: both
/// answer the same canonical hash, so a seed is the same value whichever of the two reads it, and never moves. Where
/// the contract is missing or does not answer, a seed expires after 256 blocks, as before the history existed.
library Seeds {
    uint256 internal constant BLOCKHASH_WINDOW = 256; // blocks readable by BLOCKHASH
    uint256 internal constant HISTORY_WINDOW = 8191; // blocks EIP-2935's history contract serves
    // EIP-2935's history contract: the same address on every chain (a keyless deployment), written only by the
    // chain's system address at the start of each block.
    address internal constant HISTORY = 0x0000F90827F1C53a10cb7A02335B175320002935;
    // Gas forwarded to it: its read costs about 2,300 (a cold slot); the cap bounds what a chain that put something
    // else there could burn, and the answer it could return.
    uint256 private constant _HISTORY_GAS = 10_000;

    /// @notice The status of a next-block-hash seed that nobody stored, and the seed while the chain knows it: not
    /// mined yet (zero), knowable now (Fixable, the seed), or forgotten (Expired, zero).
    function liveSeed(uint256 triggerBlock) internal view returns (IRandomnessSource.SeedStatus status, bytes32 seed) {
        uint256 seedBlock = triggerBlock + 1;
        if (block.number <= seedBlock) return (IRandomnessSource.SeedStatus.NotReady, bytes32(0));
        uint256 age = block.number - seedBlock;
        // BLOCKHASH answers zero for no block in its window (a zero hash would read as "not fixed" anyway).
        if (age <= BLOCKHASH_WINDOW) seed = blockhash(seedBlock);
        else if (age <= HISTORY_WINDOW) seed = _historicHash(seedBlock);
        status = seed == bytes32(0) ? IRandomnessSource.SeedStatus.Expired : IRandomnessSource.SeedStatus.Fixable;
    }

    /// @notice The status of a next-block-hash seed that nobody stored (see {liveSeed}).
    function liveStatus(uint256 triggerBlock) internal view returns (IRandomnessSource.SeedStatus status) {
        (status, ) = liveSeed(triggerBlock);
    }

    /// @notice The hash of the block after `triggerBlock`, while the chain knows it; reverts as the source does.
    function live(uint256 triggerBlock) internal view returns (bytes32 seed) {
        IRandomnessSource.SeedStatus status;
        (status, seed) = liveSeed(triggerBlock);
        _requireKnown(status, triggerBlock);
    }

    /// @notice `source.trySeed(triggerBlock)`, read inline while the chain knows the hash when `readInline` (the
    /// source is `readableInline`). A seed read inline reports Fixable even if the source stored it: fixing it again
    /// is a no-op.
    function trySeed(
        IRandomnessSource source,
        bool readInline,
        uint256 triggerBlock
    ) internal view returns (IRandomnessSource.SeedStatus status, bytes32 seed) {
        if (readInline) {
            (status, seed) = liveSeed(triggerBlock);
            if (status != IRandomnessSource.SeedStatus.Expired) return (status, seed);
        }
        return source.trySeed(triggerBlock); // forgotten here: the source may have fixed it
    }

    /// @notice `source.seedFor(triggerBlock)` (reverting until the seed exists, or once it expired unfixed), read
    /// inline while the chain knows the hash when `readInline`.
    function seedFor(IRandomnessSource source, bool readInline, uint256 triggerBlock) internal view returns (bytes32) {
        if (readInline) {
            (IRandomnessSource.SeedStatus status, bytes32 seed) = liveSeed(triggerBlock);
            if (status != IRandomnessSource.SeedStatus.Expired) {
                _requireKnown(status, triggerBlock);
                return seed;
            }
        }
        return source.seedFor(triggerBlock);
    }

    function _requireKnown(IRandomnessSource.SeedStatus status, uint256 triggerBlock) private view {
        require(
            status != IRandomnessSource.SeedStatus.NotReady,
            IRandomnessSource.RandomnessSeedNotReady(triggerBlock, block.number)
        );
        require(
            status != IRandomnessSource.SeedStatus.Expired,
            IRandomnessSource.RandomnessSeedExpired(triggerBlock, block.number)
        );
    }

    /// @dev The hash of `blockNumber` from EIP-2935's history contract; zero where the chain does not serve it (no
    /// contract: an empty answer; the Hardhat network's stand-in, or a block out of its range: a revert).
    function _historicHash(uint256 blockNumber) private view returns (bytes32 hash) {
        (bool ok, bytes memory answer) = HISTORY.staticcall{gas: _HISTORY_GAS}(abi.encode(blockNumber));
        if (ok && answer.length == 32) hash = abi.decode(answer, (bytes32));
    }
}
