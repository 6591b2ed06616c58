// Every process a test starts is killed when the test process ends, however it ends (a failed hook, a
// timeout, Ctrl-C), so no hardhat node or provider node outlives its suite. One implementation with the devnet.
export { track } from "@hashwork/harness/processes";
