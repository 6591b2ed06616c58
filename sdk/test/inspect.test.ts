import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { InvalidModuleError } from "../src/errors/index.js";
import { checkModule, inspectModule } from "../src/executor/index.js";
import { wat } from "./helpers/wat.js";

const WASI = `(import "wasi_snapshot_preview1" "fd_write" (func (param i32 i32 i32 i32) (result i32)))`;
const START = `(func (export "_start"))`;

async function plan(body: string, memoryMiB = 16) {
  return checkModule(inspectModule(await wat(`(module ${body})`)), memoryMiB);
}

async function rejection(body: string, memoryMiB = 16): Promise<string> {
  try {
    await plan(body, memoryMiB);
  } catch (error) {
    assert.ok(error instanceof InvalidModuleError, String(error));
    return error.shortMessage;
  }
  assert.fail("expected the module to be rejected");
}

describe("inspectModule", () => {
  it("reads imports, memories and exports", async () => {
    const info = inspectModule(
      await wat(
        `(module ${WASI} (import "env" "memory" (memory 2 10)) (func (export "_start")) (global (export "g") i32 (i32.const 1)))`,
      ),
    );
    assert.deepEqual(
      info.imports.map((i) => [i.module, i.name, i.kind]),
      [
        ["wasi_snapshot_preview1", "fd_write", "function"],
        ["env", "memory", "memory"],
      ],
    );
    assert.deepEqual(info.imports[1]!.memory, {
      minPages: 2,
      maxPages: 10,
      shared: false,
      memory64: false,
      customPageSize: false,
    });
    assert.deepEqual(info.exports, [
      { name: "_start", kind: "function" },
      { name: "g", kind: "global" },
    ]);
  });

  it("rejects non-WASM bytes, other versions and components", () => {
    assert.throws(() => inspectModule(new TextEncoder().encode("#!/bin/sh\n")), /not a WebAssembly binary/);
    assert.throws(() => inspectModule(Uint8Array.from([0, 0x61, 0x73, 0x6d, 2, 0, 0, 0])), /version 2/);
    assert.throws(() => inspectModule(Uint8Array.from([0, 0x61, 0x73, 0x6d, 0x0d, 0, 1, 0])), /component/);
    assert.throws(() => inspectModule(Uint8Array.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 2, 0x7f])), /truncated/);
  });
});

describe("checkModule (sandbox policy)", () => {
  it("accepts a defined, exported memory with a maximum within the limit", async () => {
    assert.deepEqual(await plan(`${WASI} (memory (export "memory") 1 256) ${START}`, 16), {
      import: null,
      minPages: 1,
      maxPages: 256,
    });
  });

  it("accepts an imported memory with a maximum", async () => {
    assert.deepEqual(await plan(`(import "env" "memory" (memory 1 16)) ${START}`, 1), {
      import: { module: "env", name: "memory" },
      minPages: 1,
      maxPages: 16,
    });
  });

  it("rejects a memory without a maximum, defined or imported", async () => {
    assert.match(await rejection(`(memory (export "memory") 1) ${START}`), /declares no maximum/);
    assert.match(await rejection(`(import "env" "memory" (memory 1)) ${START}`), /declares no maximum/);
  });

  it("rejects a maximum above the job's memory limit", async () => {
    assert.match(
      await rejection(`(memory (export "memory") 1 257) ${START}`, 16),
      /257 pages .* exceeds the job limit of 16 MiB/,
    );
  });

  it("rejects modules without memory, with two memories, or not exporting it", async () => {
    assert.match(await rejection(START), /no linear memory/);
    // Two memories need the multi-memory proposal, which wabt will not validate without; encode only.
    const two = await wat(`(module (import "env" "memory" (memory 1 2)) (memory 1 2) ${START})`, { validate: false });
    assert.throws(() => checkModule(inspectModule(two), 16), /2 memories; exactly one/);
    assert.match(await rejection(`(memory 1 2) ${START}`), /not exported as "memory"/);
  });

  it("rejects shared memory", async () => {
    const bytes = await (async () => {
      const wabtInit = (await import("wabt")).default;
      const m = (await wabtInit()).parseWat("t.wat", `(module (memory (export "memory") 1 2 shared) ${START})`, {
        threads: true,
      });
      try {
        return m.toBinary({}).buffer;
      } finally {
        m.destroy();
      }
    })();
    assert.throws(() => checkModule(inspectModule(bytes), 16), /shared memory/);
  });

  it("rejects imports outside WASI preview 1", async () => {
    assert.match(await rejection(`(import "env" "now" (func)) (memory (export "memory") 1 1) ${START}`), /"env\.now"/);
    assert.match(
      await rejection(`(import "wasi_snapshot_preview1" "sock_open" (func)) (memory (export "memory") 1 1) ${START}`),
      /sock_open/,
    );
    assert.match(
      await rejection(`(import "env" "t" (table 1 funcref)) (memory (export "memory") 1 1) ${START}`),
      /table/,
    );
    assert.match(await rejection(`(import "env" "g" (global i32)) (memory (export "memory") 1 1) ${START}`), /global/);
  });

  it("requires a _start function (a command, not a reactor)", async () => {
    assert.match(await rejection(`(memory (export "memory") 1 1) (func (export "_initialize"))`), /_start/);
  });
});
