import { CID } from "multiformats/cid";
import * as Digest from "multiformats/hashes/digest";
import { ProtoWriter } from "./protobuf.js";
import { sha256 } from "./sha256.js";

// Kubo's defaults for `ipfs add --cid-version=1` (which implies --raw-leaves): the size-262144 chunker
// and the balanced layout with at most 174 links per node (boxo `helpers.DefaultLinksPerBlock`).
/** Size of a file's leaf chunks: Kubo's default chunker (`size-262144`). */
export const CHUNK_SIZE = 262_144; // bytes
/** Most links per node of the balanced layout: Kubo's default (boxo `helpers.DefaultLinksPerBlock`). */
export const MAX_LINKS = 174;

export const RAW_CODE = 0x55;
export const DAG_PB_CODE = 0x70;
export const SHA2_256_CODE = 0x12;
const UNIXFS_FILE = 2; // UnixFS Data.DataType.File

/** One block of the DAG: its CID and encoded bytes. */
export interface Block {
  cid: CID;
  bytes: Uint8Array;
}

/**
 * Importer parameters. Only the defaults reproduce Kubo's CIDs; other values exist so tests can build
 * deep trees from a few bytes.
 */
export interface DagLayout {
  chunkSize?: number;
  maxLinks?: number;
}

/** A finished DAG node as its parent needs it. */
interface DagNode {
  cid: CID;
  /** Cumulative encoded size of the node and all its descendants: the dag-pb link `Tsize`. */
  tsize: number;
  /** File bytes under this node: the UnixFS `blocksizes` entry. */
  fileSize: number;
}

export function sha256Cid(code: number, bytes: Uint8Array): CID {
  return CID.createV1(code, Digest.create(SHA2_256_CODE, sha256(bytes)));
}

/**
 * Builds the UnixFS file DAG exactly as Kubo/boxo's balanced importer does and returns its root.
 * `onBlock` receives every block (leaves and inner nodes) in creation order.
 *
 * Port of boxo `importer/balanced.Layout`: the first leaf is the root; whenever the current root is full
 * for its depth, it becomes the first child of a new root one level deeper, which is then filled with
 * subtrees of the depth below. Partially filled subtrees are kept as they are (a node with one child is
 * not collapsed), which is what makes this differ from a naive "group by 174" reduction.
 */
export function buildFileDag(
  bytes: Uint8Array,
  onBlock?: (block: Block) => void,
  layout: DagLayout = {},
): { cid: CID; tsize: number } {
  const maxLinks = layout.maxLinks ?? MAX_LINKS;
  const chunks = new Chunker(bytes, layout.chunkSize ?? CHUNK_SIZE);
  const leaf = (): DagNode => {
    const data = chunks.next();
    const cid = sha256Cid(RAW_CODE, data);
    onBlock?.({ cid, bytes: data });
    return { cid, tsize: data.length, fileSize: data.length };
  };
  const fill = (first: DagNode | undefined, depth: number): DagNode => {
    const children: DagNode[] = first ? [first] : [];
    while (children.length < maxLinks && !chunks.done()) {
      children.push(depth === 1 ? leaf() : fill(undefined, depth - 1));
    }
    return fileNode(children, onBlock);
  };

  // An empty file is one empty raw block (bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku).
  let root = leaf();
  for (let depth = 1; !chunks.done(); depth++) root = fill(root, depth);
  return { cid: root.cid, tsize: root.tsize };
}

/** Encodes an inner file node: dag-pb `PBNode{Links, Data=UnixFS{Type=File, filesize, blocksizes}}`. */
export function encodeFileNode(children: readonly { cid: CID; tsize: number; fileSize: number }[]): Uint8Array {
  const unixfs = new ProtoWriter().uint(1, UNIXFS_FILE);
  unixfs.uint(
    3,
    children.reduce((sum, child) => sum + child.fileSize, 0),
  );
  // proto2 `repeated uint64 blocksizes = 4` is not packed: one tag per entry, as go-unixfs emits it.
  for (const child of children) unixfs.uint(4, child.fileSize);

  const node = new ProtoWriter();
  for (const child of children) {
    // boxo always writes Name, even empty, so `12 00` is part of every link; omitting it changes the CID.
    const link = new ProtoWriter().bytes(1, child.cid.bytes).bytes(2, new Uint8Array(0)).uint(3, child.tsize).finish();
    node.bytes(2, link);
  }
  node.bytes(1, unixfs.finish());
  return node.finish();
}

function fileNode(children: DagNode[], onBlock?: (block: Block) => void): DagNode {
  const bytes = encodeFileNode(children);
  const cid = sha256Cid(DAG_PB_CODE, bytes);
  onBlock?.({ cid, bytes });
  return {
    cid,
    tsize: bytes.length + children.reduce((sum, child) => sum + child.tsize, 0),
    fileSize: children.reduce((sum, child) => sum + child.fileSize, 0),
  };
}

/** Fixed-size splitter over a buffer (boxo `chunker.NewSizeSplitter`); chunks are views, not copies. */
class Chunker {
  private offset = 0;
  constructor(
    private readonly bytes: Uint8Array,
    private readonly chunkSize: number,
  ) {}
  done(): boolean {
    return this.offset >= this.bytes.length;
  }
  next(): Uint8Array {
    const chunk = this.bytes.subarray(this.offset, this.offset + this.chunkSize);
    this.offset += chunk.length;
    return chunk;
  }
}
