// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title IRandomnessSource
/// @notice Seeds of the protocol's draws: replica slots, audits, auditors and verifier panels.
/// @dev A draw is triggered by a transaction in some block (a job's posting, its last commitment, a panel's opening);
/// its seed must be unknowable in that block, and the stake that counts for it is fixed strictly before that block
/// (the callers read stake as of `triggerBlock - 1`). A seed, once fixed, never changes: {fixSeed} stores it at the
/// first call and returns the stored value ever after. A seed that could not be fixed in time is expired, and the
/// caller fails closed (the job is refunded, or audited, or the panel is redrawn).
///
/// Implementations state their trust assumption. The default, `BlockhashRandomness`, trusts the proposer of the block
/// after the trigger block (or an L2 sequencer) not to withhold or grind that block's hash; a VRF-backed source can
/// replace it without touching the market or the court.
interface IRandomnessSource {
    enum SeedStatus {
        NotReady, // the block the seed derives from is not mined yet
        Fixable, // knowable now, not stored yet: the next {fixSeed} stores it
        Fixed, // stored: the same value for every later caller
        Expired // never stored and no longer knowable: callers fail closed
    }

    /// @notice The seed of `triggerBlock` does not exist yet.
    error RandomnessSeedNotReady(uint256 triggerBlock, uint256 currentBlock);
    /// @notice The seed of `triggerBlock` was never fixed and can no longer be.
    error RandomnessSeedExpired(uint256 triggerBlock, uint256 currentBlock);

    /// @notice The seed of draws triggered in `triggerBlock` was fixed.
    event SeedFixed(uint256 indexed triggerBlock, bytes32 seed);

    /// @notice Fixes (at the first call) and returns the seed of draws triggered in `triggerBlock`.
    /// @dev Reverts {RandomnessSeedNotReady} before the seed exists and {RandomnessSeedExpired} when it was never
    /// fixed and can no longer be.
    function fixSeed(uint256 triggerBlock) external returns (bytes32 seed);

    /// @notice The seed {fixSeed} returns now, without storing it; reverts like {fixSeed}.
    function seedFor(uint256 triggerBlock) external view returns (bytes32 seed);

    /// @notice Whether the seed of `triggerBlock` is not ready, fixable, fixed or expired.
    function seedStatus(uint256 triggerBlock) external view returns (SeedStatus);

    /// @notice The seed's status and, when it is fixed or fixable, the seed {fixSeed} returns now (zero otherwise):
    /// one call where a caller needs both, without reverting.
    function trySeed(uint256 triggerBlock) external view returns (SeedStatus status, bytes32 seed);

    /// @notice Whether a consumer may read a seed itself while the chain knows the block hash it is (BLOCKHASH's 256
    /// blocks, or EIP-2935's 8,191: see Seeds): every seed is then the hash of the block after its trigger block, fixed
    /// or not, and the source is called only for a seed it fixed earlier. False makes every read go through the source.
    function readableInline() external view returns (bool);
}
