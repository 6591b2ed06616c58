import { Ajv, type ErrorObject } from "ajv";
import { parseCid } from "../cid/cid.js";
import { CHUNK_SIZE, DAG_PB_CODE, RAW_CODE } from "../cid/unixfs.js";
import { BaseError, BundleValidationError, type BundleIssue } from "../errors/index.js";
import { ARGS_ENV_BYTES_MAX } from "./limits.js";
import { BUNDLE_SCHEMA } from "./schema.js";
import { BUNDLE_VERSION, type ContentRef, type JobBundle } from "./types.js";

const ajv = new Ajv({ allErrors: true, strict: true, verbose: true });
const schemaCheck = ajv.compile<JobBundle>(BUNDLE_SCHEMA);
const encoder = new TextEncoder();

/**
 * Checks `value` against the bundle schema and the rules a schema cannot express (CIDs that parse and
 * agree with the size, well-formed Unicode, total args/env size). Returns a fresh, typed copy; throws
 * `BundleValidationError` listing every problem with its JSON path.
 */
export function validateBundle(value: unknown): JobBundle {
  // The one format change so far gets a sentence of its own rather than a schema diff.
  if ((value as { version?: unknown } | null)?.version === 1) {
    throw new BundleValidationError([
      {
        path: "$.version",
        message:
          "the bundle format changed: version 1 (limits.timeoutMs, a wall-clock limit) was replaced by " +
          `version ${BUNDLE_VERSION} (limits.fuel, a deterministic work limit); rebuild the bundle`,
      },
    ]);
  }
  if (!schemaCheck(value)) {
    throw new BundleValidationError(issuesFromAjv(schemaCheck.errors ?? []));
  }
  const issues = semanticIssues(value);
  if (issues.length > 0) throw new BundleValidationError(issues);
  return copyBundle(value);
}

function semanticIssues(bundle: JobBundle): BundleIssue[] {
  const issues: BundleIssue[] = [];
  contentIssues("$.module", bundle.module, issues);
  if (bundle.input) contentIssues("$.input", bundle.input, issues);

  let total = 0;
  bundle.args.forEach((arg, i) => {
    if (hasLoneSurrogate(arg)) issues.push({ path: `$.args[${i}]`, message: "expected well-formed Unicode" });
    total += encoder.encode(arg).length + 1;
  });
  for (const [key, val] of Object.entries(bundle.env)) {
    if (hasLoneSurrogate(val)) issues.push({ path: jsonPath(["env", key]), message: "expected well-formed Unicode" });
    total += encoder.encode(`${key}=${val}`).length + 1;
  }
  if (total > ARGS_ENV_BYTES_MAX) {
    issues.push({
      path: "$",
      message: `expected args and env to total at most ${ARGS_ENV_BYTES_MAX} UTF-8 bytes, got ${total}`,
    });
  }
  return issues;
}

// The CID must be one we can verify, written canonically, and of the shape Kubo produces for that size:
// a single raw block up to one chunk, a dag-pb UnixFS root above it.
function contentIssues(path: string, ref: ContentRef, issues: BundleIssue[]): void {
  let code: number;
  try {
    const cid = parseCid(ref.cid);
    if (cid.toString() !== ref.cid) {
      issues.push({ path: `${path}.cid`, message: `expected the canonical base32 form ${cid.toString()}` });
      return;
    }
    code = cid.code;
  } catch (error) {
    const reason = error instanceof BaseError && error.details ? ` (${error.details})` : "";
    issues.push({ path: `${path}.cid`, message: `expected a CIDv1 sha2-256 raw or dag-pb CID${reason}` });
    return;
  }
  const expected = ref.size <= CHUNK_SIZE ? RAW_CODE : DAG_PB_CODE;
  if (code !== expected) {
    const kind = expected === RAW_CODE ? "a raw (bafk...)" : "a dag-pb (bafy...)";
    issues.push({ path: `${path}.cid`, message: `expected ${kind} CID for a size of ${ref.size} bytes` });
  }
}

function hasLoneSurrogate(value: string): boolean {
  return /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(value);
}

// Built with literals and Object.fromEntries (define, not assign), so an env key such as "__proto__"
// stays an ordinary property and the caller's object is never shared.
function copyBundle(b: JobBundle): JobBundle {
  const ref = (r: ContentRef): ContentRef => ({ cid: r.cid, hash: r.hash, size: r.size });
  return {
    version: BUNDLE_VERSION,
    runtime: "wasi-preview1",
    module: ref(b.module),
    input: b.input ? ref(b.input) : null,
    args: [...b.args],
    env: Object.fromEntries(Object.entries(b.env)),
    limits: {
      memoryMiB: b.limits.memoryMiB,
      fuel: b.limits.fuel,
      maxOutputBytes: b.limits.maxOutputBytes,
      ...(b.limits.stackKiB === undefined ? {} : { stackKiB: b.limits.stackKiB }),
    },
  };
}

// ---- Ajv errors → "JSON path: what was expected" --------------------------------------------------------

function issuesFromAjv(errors: ErrorObject[]): BundleIssue[] {
  const issues: BundleIssue[] = [];
  for (const error of errors) {
    const issue = issueFromAjv(error);
    if (issue && !issues.some((i) => i.path === issue.path && i.message === issue.message)) issues.push(issue);
  }
  return issues;
}

function issueFromAjv(error: ErrorObject): BundleIssue | undefined {
  const segments = pointerSegments(error.instancePath);
  const params = error.params as Record<string, unknown>;
  const description = (error.parentSchema as { description?: string } | undefined)?.description;
  switch (error.keyword) {
    case "propertyNames":
      return undefined; // reported by the nested error, which carries the offending name
    case "required":
      return { path: jsonPath([...segments, String(params.missingProperty)]), message: "is required" };
    case "additionalProperties":
      return { path: jsonPath([...segments, String(params.additionalProperty)]), message: "is not allowed" };
  }
  // A failing property name (env key) is reported on the object, with the name in `propertyName`.
  const propertyName = (error as ErrorObject & { propertyName?: string }).propertyName;
  if (propertyName !== undefined) {
    return {
      path: jsonPath([...segments, propertyName]),
      message: `invalid key: ${expectation(error.keyword, params, description)}`,
    };
  }
  return {
    path: jsonPath(segments),
    message: `${expectation(error.keyword, params, description)}, got ${describe(error.data)}`,
  };
}

function expectation(keyword: string, params: Record<string, unknown>, description: string | undefined): string {
  switch (keyword) {
    case "type":
      return `expected ${String(params.type).replace(",", " or ")}`;
    case "const":
      return `expected ${JSON.stringify(params.allowedValue)}`;
    case "minimum":
    case "maximum":
    case "exclusiveMinimum":
    case "exclusiveMaximum":
      return `expected a number ${String(params.comparison)} ${String(params.limit)}`;
    case "maxLength":
      return `expected at most ${String(params.limit)} characters`;
    case "minLength":
      return `expected at least ${String(params.limit)} characters`;
    case "maxItems":
      return `expected at most ${String(params.limit)} items`;
    case "maxProperties":
      return `expected at most ${String(params.limit)} entries`;
    case "pattern":
      return description ? `expected ${description}` : `expected a string matching /${String(params.pattern)}/`;
    default:
      return `failed "${keyword}"`;
  }
}

function describe(data: unknown): string {
  if (data === null) return "null";
  if (Array.isArray(data)) return `an array of ${data.length} items`;
  if (typeof data === "object") return `an object with ${Object.keys(data as object).length} entries`;
  if (typeof data === "string") {
    const shown = data.length > 40 ? `${JSON.stringify(data.slice(0, 40))}...` : JSON.stringify(data);
    return data.length > 40 ? `${shown} (${data.length} characters)` : shown;
  }
  return `${typeof data} ${String(data)}`;
}

function pointerSegments(pointer: string): string[] {
  if (pointer === "") return [];
  return pointer
    .slice(1)
    .split("/")
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
}

/** `["limits","memoryMiB"]` → `$.limits.memoryMiB`; array indices as `[3]`, odd keys as `["a-b"]`. */
export function jsonPath(segments: readonly string[]): string {
  let path = "$";
  for (const segment of segments) {
    if (/^(0|[1-9][0-9]*)$/.test(segment)) path += `[${segment}]`;
    else if (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(segment)) path += `.${segment}`;
    else path += `[${JSON.stringify(segment)}]`;
  }
  return path;
}
