export { canonicalBundleBytes, canonicalJson } from "./canonical.js";
export { contentRef, createBundle, type CreateBundleParameters } from "./create.js";
export { bundleHash } from "./hash.js";
export * from "./limits.js";
export { parseBundle } from "./parse.js";
export { BUNDLE_SCHEMA } from "./schema.js";
export { BUNDLE_VERSION, type BundleLimits, type ContentRef, type Hex, type JobBundle } from "./types.js";
export { validateBundle } from "./validate.js";
export { cidOfUri, fetchBundle } from "./fetch.js";
