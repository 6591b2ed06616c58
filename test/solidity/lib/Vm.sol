// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @notice The cheatcodes these tests use, at the standard address Hardhat's Solidity test runner serves.
// solhint-disable-next-line interface-starts-with-i
interface Vm {
    struct Log {
        bytes32[] topics;
        bytes data;
        address emitter;
    }

    function prank(address sender) external;
    function startPrank(address sender) external;
    function stopPrank() external;
    function warp(uint256 timestamp) external;
    function roll(uint256 blockNumber) external;
    /// @dev The live block values: via-IR may fold repeated reads of `block.timestamp`/`block.number` inside one call,
    /// so code that warps or rolls and reads again asks the runner.
    function getBlockTimestamp() external view returns (uint256);
    function getBlockNumber() external view returns (uint256);
    /// @dev Sets what BLOCKHASH returns for a past block (within the last 256): tests pick the seed a draw sees.
    function setBlockhash(uint256 blockNumber, bytes32 blockHash) external;
    function snapshotState() external returns (uint256 snapshotId);
    function revertToState(uint256 snapshotId) external returns (bool success);
    function expectRevert(bytes calldata revertData) external;
    function expectRevert(bytes4 selector) external;
    function expectRevert() external;
    function expectEmit() external;
    function assume(bool condition) external pure;
    function skip(bool skipTest, string calldata reason) external;
    function label(address account, string calldata name) external;
    /// @dev Records the logs emitted from here on; `getRecordedLogs` returns them and clears the record.
    function recordLogs() external;
    function getRecordedLogs() external returns (Log[] memory logs);
}
