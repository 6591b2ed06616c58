import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { keccak256 } from "ethers";
import {
  ARGS_ENV_BYTES_MAX,
  BUNDLE_SCHEMA,
  bundleHash,
  canonicalBundleBytes,
  canonicalJson,
  contentRef,
  createBundle,
  FUEL_MAX,
  MAX_OUTPUT_BYTES_MAX,
  MEMORY_MIB_MAX,
  parseBundle,
  STACK_KIB_MAX,
  STACK_KIB_MIN,
  validateBundle,
  type JobBundle,
} from "../src/bundle/index.js";
import { BundleValidationError } from "../src/errors/index.js";

const encode = (text: string) => new TextEncoder().encode(text);
const limits = { memoryMiB: 16, fuel: 10_000_000, maxOutputBytes: 1024 };

function sample(): JobBundle {
  return createBundle({
    module: encode("\0asm\x01\0\0\0 pretend module"),
    input: encode("hello world"),
    args: ["--mode", "fast"],
    env: { LANG: "C", ALPHA: "1" },
    limits,
  });
}

/** Validates `value` and returns the issue list it was rejected with. */
function issuesOf(value: unknown): { path: string; message: string }[] {
  try {
    validateBundle(value);
  } catch (error) {
    assert.ok(error instanceof BundleValidationError, String(error));
    return [...error.issues];
  }
  assert.fail("expected the bundle to be rejected");
}

function mutate(edit: (b: Record<string, unknown>) => void): unknown {
  const copy = JSON.parse(JSON.stringify(sample())) as Record<string, unknown>;
  edit(copy);
  return copy;
}

describe("createBundle / contentRef", () => {
  it("names content by CID, keccak256 and size", () => {
    const ref = contentRef(encode("hello world"));
    assert.deepEqual(ref, {
      cid: "bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e",
      hash: keccak256(encode("hello world")),
      size: 11,
    });
  });

  it("builds a valid bundle with null input when none is given", () => {
    const bundle = createBundle({ module: new Uint8Array(8), limits });
    assert.equal(bundle.input, null);
    assert.deepEqual(bundle.args, []);
    assert.deepEqual(bundle.env, {});
  });
});

describe("canonical bytes and bundleHash", () => {
  it("sorts keys at every level, without whitespace", () => {
    const text = new TextDecoder().decode(canonicalBundleBytes(sample()));
    assert.ok(text.startsWith('{"args":["--mode","fast"],"env":{"ALPHA":"1","LANG":"C"},"input":{"cid":'));
    assert.ok(text.endsWith(',"runtime":"wasi-preview1","version":2}'));
    assert.doesNotMatch(text, /\s/);
  });

  it("does not depend on key order of the object", () => {
    const a = sample();
    const b: JobBundle = {
      limits: { maxOutputBytes: 1024, fuel: 10_000_000, memoryMiB: 16 },
      env: { ALPHA: "1", LANG: "C" },
      version: 2,
      args: ["--mode", "fast"],
      runtime: "wasi-preview1",
      input: a.input,
      module: a.module,
    };
    assert.deepEqual(canonicalBundleBytes(a), canonicalBundleBytes(b));
    assert.equal(bundleHash(a), bundleHash(b));
  });

  it("hashes the canonical bytes with keccak256", () => {
    const bundle = sample();
    assert.equal(bundleHash(bundle), keccak256(canonicalBundleBytes(bundle)));
    assert.match(bundleHash(bundle), /^0x[0-9a-f]{64}$/);
  });

  it("matches a pinned vector (guards against accidental format changes)", () => {
    const bundle = validateBundle({
      version: 2,
      runtime: "wasi-preview1",
      module: {
        cid: "bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku",
        hash: `0x${"ab".repeat(32)}`,
        size: 8,
      },
      input: null,
      args: ["é", "x"],
      env: { Z: "1", A: "2" },
      limits: { memoryMiB: 1, fuel: 1, maxOutputBytes: 1 },
    });
    const expected =
      '{"args":["é","x"],"env":{"A":"2","Z":"1"},"input":null,"limits":{"fuel":1,"maxOutputBytes":1,"memoryMiB":1},' +
      '"module":{"cid":"bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku","hash":"0x' +
      "ab".repeat(32) +
      '","size":8},"runtime":"wasi-preview1","version":2}';
    assert.equal(new TextDecoder().decode(canonicalBundleBytes(bundle)), expected);
    assert.equal(bundleHash(bundle), keccak256(encode(expected)));
  });

  it("canonicalJson escapes like JSON.stringify and sorts by UTF-16 code units (RFC 8785)", () => {
    assert.equal(
      canonicalJson({ b: 1, a: [true, null, 'q"\n\u0001'], "€": 0, Z: 2 }),
      '{"Z":2,"a":[true,null,"q\\"\\n\\u0001"],"b":1,"€":0}',
    );
    assert.throws(() => canonicalJson({ x: Number.NaN }), TypeError);
    assert.throws(() => canonicalJson({ x: undefined }), TypeError);
  });
});

describe("parseBundle", () => {
  it("round-trips canonical bytes", () => {
    const bundle = sample();
    assert.deepEqual(parseBundle(canonicalBundleBytes(bundle)), bundle);
  });

  it("rejects whitespace, unsorted keys and duplicate keys", () => {
    const bundle = sample();
    const canonical = new TextDecoder().decode(canonicalBundleBytes(bundle));
    const variants = [
      JSON.stringify(bundle, null, 2),
      JSON.stringify(bundle), // insertion order, not sorted
      `${canonical.slice(0, -1)},"version":2}`, // duplicate key, same value
      `${canonical}\n`,
    ];
    for (const text of variants) {
      assert.throws(
        () => parseBundle(encode(text)),
        (e: unknown) => e instanceof BundleValidationError && /canonical JSON/.test(e.shortMessage),
        text.slice(0, 60),
      );
    }
  });

  it("rejects invalid UTF-8, a BOM, non-JSON and oversized input", () => {
    const canonical = canonicalBundleBytes(sample());
    const cases: [Uint8Array, RegExp][] = [
      [Uint8Array.from([0x7b, 0xff, 0x7d]), /UTF-8/],
      [Uint8Array.from([0xef, 0xbb, 0xbf, ...canonical]), /expected JSON/],
      [encode("{not json"), /expected JSON/],
      [new Uint8Array(200 * 1024).fill(0x20), /at most 131072 bytes/],
    ];
    for (const [bytes, pattern] of cases) {
      assert.throws(
        () => parseBundle(bytes),
        (e: unknown) => e instanceof BundleValidationError && pattern.test(e.shortMessage),
      );
    }
  });

  it("rejects canonical JSON that violates the schema", () => {
    const text = canonicalJson({ ...sample(), version: 3 });
    assert.throws(() => parseBundle(encode(text)), /\$\.version: expected 2, got number 3/);
  });

  it("refuses a version 1 bundle, saying the format changed", () => {
    const v1 = { ...sample(), version: 1, limits: { memoryMiB: 16, timeoutMs: 10_000, maxOutputBytes: 1024 } };
    assert.throws(
      () => parseBundle(encode(canonicalJson(v1))),
      (e: unknown) =>
        e instanceof BundleValidationError &&
        e.issues.length === 1 &&
        e.issues[0]!.path === "$.version" &&
        /format changed: version 1 \(limits\.timeoutMs.*version 2 \(limits\.fuel/.test(e.issues[0]!.message),
    );
  });
});

describe("validateBundle", () => {
  it("accepts a valid bundle and returns an independent copy", () => {
    const input = sample();
    const output = validateBundle(input);
    assert.deepEqual(output, input);
    output.args.push("x");
    assert.equal(input.args.length, 2);
  });

  it("accepts the bounds themselves", () => {
    const bundle = mutate((b) => {
      b.limits = { memoryMiB: MEMORY_MIB_MAX, fuel: FUEL_MAX, maxOutputBytes: MAX_OUTPUT_BYTES_MAX };
    });
    assert.doesNotThrow(() => validateBundle(bundle));
  });

  it("reports every problem with its JSON path and expectation", () => {
    const issues = issuesOf(
      mutate((b) => {
        b.limits = { memoryMiB: 4097, fuel: 0, maxOutputBytes: 1.5, extra: true };
        b.runtime = "wasi-preview2";
        delete b.args;
      }),
    );
    assert.deepEqual(issues, [
      { path: "$.args", message: "is required" },
      { path: "$.runtime", message: 'expected "wasi-preview1", got "wasi-preview2"' },
      { path: "$.limits.extra", message: "is not allowed" },
      { path: "$.limits.memoryMiB", message: "expected a number <= 4096, got number 4097" },
      { path: "$.limits.fuel", message: "expected a number >= 1, got number 0" },
      { path: "$.limits.maxOutputBytes", message: "expected integer, got number 1.5" },
    ]);
  });

  it("explains bad hashes, CIDs and sizes", () => {
    const issues = issuesOf(
      mutate((b) => {
        b.module = { cid: "QmZULkCELmmk5XNfCgTnCyFgAVxBRBXyDHGGMVoLFLiXEN", hash: "0xABC", size: -1 };
      }),
    );
    assert.deepEqual(
      issues.map((i) => i.path),
      ["$.module.cid", "$.module.hash", "$.module.size"],
    );
    assert.match(issues[0]!.message, /CIDv1 in base32/);
    assert.match(issues[1]!.message, /0x followed by 64 lowercase hex digits, got "0xABC"/);
    assert.match(issues[2]!.message, /expected a number >= 8, got number -1/);
  });

  it("checks that the CID kind agrees with the size", () => {
    const issues = issuesOf(
      mutate((b) => {
        (b.input as { size: number }).size = 300_000; // still a raw (single-block) CID
      }),
    );
    assert.deepEqual(issues, [
      { path: "$.input.cid", message: "expected a dag-pb (bafy...) CID for a size of 300000 bytes" },
    ]);
  });

  it("rejects CIDs it cannot verify", () => {
    // base32 CIDv1 of an identity multihash: well-formed, but not sha2-256
    const issues = issuesOf(
      mutate((b) => {
        (b.input as { cid: string }).cid = "bafkqaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
      }),
    );
    assert.equal(issues[0]!.path, "$.input.cid");
  });

  it("rejects bad args and env entries", () => {
    const issues = issuesOf(
      mutate((b) => {
        b.args = ["ok", 7, "nul\u0000byte"];
        b.env = { "BAD-KEY": "x", GOOD: 1, ["__proto__"]: "fine" };
      }),
    );
    assert.deepEqual(
      issues.map((i) => i.path),
      ["$.args[1]", "$.args[2]", '$.env["BAD-KEY"]', "$.env.GOOD"],
    );
    assert.match(issues[2]!.message, /invalid key: expected a POSIX environment variable name/);
  });

  it("keeps an env key named __proto__ as data", () => {
    const bundle = validateBundle(JSON.parse(JSON.stringify(sample()).replace('"env":{', '"env":{"__proto__":"x",')));
    assert.equal(Object.getPrototypeOf(bundle.env), Object.prototype);
    assert.deepEqual(Object.keys(bundle.env).sort(), ["ALPHA", "LANG", "__proto__"]);
    assert.equal(parseBundle(canonicalBundleBytes(bundle)).env["__proto__"], "x");
  });

  it("rejects lone surrogates and an oversized args/env total", () => {
    const surrogate = issuesOf(mutate((b) => (b.args = ["\ud800"])));
    assert.deepEqual(surrogate, [{ path: "$.args[0]", message: "expected well-formed Unicode" }]);
    const big = issuesOf(mutate((b) => (b.args = Array.from({ length: 17 }, () => "x".repeat(4000)))));
    assert.equal(big[0]!.path, "$");
    assert.match(big[0]!.message, new RegExp(`at most ${ARGS_ENV_BYTES_MAX} UTF-8 bytes`));
  });

  it("bounds fuel to integers JSON carries exactly (at most 2^53 - 1)", () => {
    const over = issuesOf(mutate((b) => ((b.limits as { fuel: number }).fuel = 2 ** 53)));
    assert.deepEqual(over, [
      { path: "$.limits.fuel", message: `expected a number <= ${FUEL_MAX}, got number ${2 ** 53}` },
    ]);
    const fraction = issuesOf(mutate((b) => ((b.limits as { fuel: number }).fuel = 1.5)));
    assert.deepEqual(fraction, [{ path: "$.limits.fuel", message: "expected integer, got number 1.5" }]);
  });

  it("rejects non-objects", () => {
    for (const value of [null, 42, "bundle", []]) {
      assert.equal(issuesOf(value)[0]!.path, "$");
    }
  });
});

describe("bundle.schema.json", () => {
  it("states the same bounds as limits.ts", () => {
    const props = BUNDLE_SCHEMA.properties as Record<string, { properties?: Record<string, { maximum?: number }> }>;
    const lim = props.limits!.properties!;
    assert.equal(lim.memoryMiB!.maximum, MEMORY_MIB_MAX);
    assert.equal(lim.fuel!.maximum, FUEL_MAX);
    assert.equal(lim.maxOutputBytes!.maximum, MAX_OUTPUT_BYTES_MAX);
    assert.equal(lim.stackKiB!.maximum, STACK_KIB_MAX);
    assert.equal((lim.stackKiB as { minimum?: number }).minimum, STACK_KIB_MIN);
  });
});
