export { assertCid, computeCid, parseCid, verifyCid } from "./cid.js";
export { buildFileDag, CHUNK_SIZE, MAX_LINKS, type Block, type DagLayout } from "./unixfs.js";
