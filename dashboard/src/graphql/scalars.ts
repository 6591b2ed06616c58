/** GraphQL scalars as graph-node serialises them in JSON. */

/** BigInt: a decimal string (token amounts in wei, timestamps in unix seconds, block numbers). */
export type BigIntString = string;
/** Bytes: 0x-prefixed lowercase hex (addresses, hashes). */
export type Hex = string;
