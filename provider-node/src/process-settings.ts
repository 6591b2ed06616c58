/**
 * The V8 flags and glibc environment the node runs with, which must be set before the process starts, for whoever
 * starts it as `node <bin>` rather than through the bin's shebang (which carries the same settings, kept equal by a
 * unit test; see provider-node/bin/hashwork-node.mjs for why each one): the devnet and the tests. About 55 MiB less
 * resident per node. Two more V8 flags, which V8 reads as the program runs, the bin sets itself on every path.
 */
export const NODE_FLAGS = ["--max-semi-space-size=1", "--heap-growing-percent=20"];
export const NODE_ENV = { MALLOC_ARENA_MAX: "2", MALLOC_MMAP_THRESHOLD_: "65536" };
