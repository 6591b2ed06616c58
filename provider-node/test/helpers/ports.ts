// Free ports (below the kernel's ephemeral range, so no outgoing connection can take one between the check and
// the bind) and polling: one implementation with the devnet.
export { freePort, waitFor } from "@hashwork/harness/ports";
