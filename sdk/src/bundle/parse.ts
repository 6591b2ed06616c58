import { BundleValidationError } from "../errors/index.js";
import { canonicalJson } from "./canonical.js";
import { BUNDLE_BYTES_MAX } from "./limits.js";
import type { JobBundle } from "./types.js";
import { validateBundle } from "./validate.js";

/**
 * Parses bundle bytes as fetched from the content store. Rejects invalid UTF-8, a BOM, malformed JSON,
 * schema violations, and any serialization other than the canonical one — so the bytes a provider runs
 * are exactly the bytes whose hash is on-chain (duplicate keys or extra whitespace cannot smuggle in a
 * second reading).
 */
export function parseBundle(bytes: Uint8Array): JobBundle {
  if (bytes.length > BUNDLE_BYTES_MAX) {
    throw new BundleValidationError([
      { path: "$", message: `expected at most ${BUNDLE_BYTES_MAX} bytes, got ${bytes.length}` },
    ]);
  }
  let text: string;
  try {
    // ignoreBOM keeps a BOM in the text, where JSON.parse then rejects it.
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch (cause) {
    throw new BundleValidationError([{ path: "$", message: "expected UTF-8 text" }], { cause });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw new BundleValidationError([{ path: "$", message: `expected JSON (${(cause as Error).message})` }], {
      cause,
    });
  }
  const bundle = validateBundle(value);
  if (canonicalJson(bundle) !== text) {
    throw new BundleValidationError([
      { path: "$", message: "expected canonical JSON (RFC 8785: keys sorted, no whitespace, no duplicate keys)" },
    ]);
  }
  return bundle;
}
