import assert from "node:assert/strict";
import { request } from "node:http";
import { after, before, describe, it } from "node:test";
import { buildFileDag, CHUNK_SIZE, computeCid } from "../src/cid/index.js";
import { LOCAL_STORE_VERSION, startLocalStoreServer, type LocalStoreServer } from "../src/content/index.js";
import { pseudoRandom, tempDir } from "./helpers/tmp.js";

let server: LocalStoreServer;

before(async () => {
  server = await startLocalStoreServer({ dir: await tempDir(), maxUploadBytes: 2 * 1024 * 1024 });
});
after(() => server.close());

async function add(bytes: Uint8Array, query = "cid-version=1&raw-leaves=true&pin=true", filename = "blob") {
  const form = new FormData();
  form.append("file", new Blob([bytes]), filename);
  return fetch(`${server.url}/api/v0/add?${query}`, { method: "POST", body: form });
}

describe("local store server: Kubo RPC paths", () => {
  it("binds to loopback on a free port", () => {
    assert.equal(server.host, "127.0.0.1");
    assert.ok(server.port > 0);
    assert.equal(server.url, `http://127.0.0.1:${server.port}`);
  });

  it("answers /api/v0/version with Kubo's JSON shape", async () => {
    const res = await fetch(`${server.url}/api/v0/version`, { method: "POST" });
    assert.equal(res.status, 200);
    const body = (await res.json()) as Record<string, unknown>;
    assert.deepEqual(Object.keys(body).sort(), ["Commit", "Golang", "Repo", "System", "Version"]);
    assert.deepEqual(body, { ...LOCAL_STORE_VERSION });
  });

  it("requires POST on the RPC API", async () => {
    const res = await fetch(`${server.url}/api/v0/version`);
    assert.equal(res.status, 405);
    assert.equal(((await res.json()) as { Type: string }).Type, "error");
  });

  it("adds a multipart upload larger than one chunk under the same CID as the cid module", async () => {
    const bytes = pseudoRandom(CHUNK_SIZE * 2 + 1234, 42);
    const res = await add(bytes, "cid-version=1&raw-leaves=true&pin=true", "input.bin");
    assert.equal(res.status, 200);
    const line = JSON.parse((await res.text()).trim()) as { Name: string; Hash: string; Size: string };
    assert.equal(line.Hash, computeCid(bytes));
    assert.match(line.Hash, /^bafybei/);
    assert.equal(line.Name, "input.bin");
    assert.equal(line.Size, String(buildFileDag(bytes).tsize)); // Kubo: cumulative DAG size, as a string
    assert.equal(await server.store.has(line.Hash), true);
  });

  it("returns one line per file and supports only-hash", async () => {
    const form = new FormData();
    form.append("file", new Blob(["a"]), "a");
    form.append("file", new Blob(["b"]), "b");
    const res = await fetch(`${server.url}/api/v0/add?only-hash=true`, { method: "POST", body: form });
    const lines = (await res.text())
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { Hash: string });
    assert.deepEqual(
      lines.map((l) => l.Hash),
      [computeCid(new TextEncoder().encode("a")), computeCid(new TextEncoder().encode("b"))],
    );
    assert.equal(await server.store.has(lines[0]!.Hash), false);
  });

  it("refuses importer settings that would give different CIDs", async () => {
    for (const query of ["cid-version=0", "raw-leaves=false", "chunker=size-1048576", "trickle=true", "hash=blake3"]) {
      const res = await add(new Uint8Array(1), query);
      assert.equal(res.status, 400, query);
      assert.match(((await res.json()) as { Message: string }).Message, /not supported/);
    }
  });

  it("rejects uploads over the size limit with 413", async () => {
    const res = await add(new Uint8Array(3 * 1024 * 1024)).catch((e: unknown) => e);
    // Either the 413 arrives or the server closes the connection mid-upload; both refuse the body.
    if (res instanceof Response) assert.equal(res.status, 413);
    else assert.ok(res instanceof Error);
  });

  it("rejects a chunked upload that grows past the limit", async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${server.url}/api/v0/add`, {
        method: "POST",
        headers: { "content-type": "multipart/form-data; boundary=x", "transfer-encoding": "chunked" },
      });
      req.on("response", (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on("error", reject);
      const chunk = new Uint8Array(256 * 1024);
      let sent = 0;
      const pump = () => {
        while (sent < 4 * 1024 * 1024) {
          sent += chunk.length;
          if (!req.write(chunk)) return void req.once("drain", pump);
        }
        req.end();
      };
      pump();
    });
    assert.equal(status, 413);
  });

  it("rejects a body without a multipart/form-data boundary before reading it", async () => {
    const contentTypes: Record<string, string>[] = [
      {},
      { "content-type": "application/octet-stream" },
      { "content-type": "multipart/form-data" },
      { "content-type": "multipart/form-data; boundary=" },
      { "content-type": "not a mime type" },
    ];
    for (const headers of contentTypes) {
      const res = await fetch(`${server.url}/api/v0/add`, { method: "POST", body: "raw", headers });
      assert.equal(res.status, 400, JSON.stringify(headers));
      const body = (await res.json()) as { Message: string; Code: number; Type: string };
      assert.deepEqual(body, {
        Message: "expected a multipart/form-data body with a boundary",
        Code: 1,
        Type: "error",
      });
    }
  });

  it("rejects malformed multipart bodies with 400", async () => {
    const boundary = "----hashwork-test-boundary";
    const part = (disposition: string, data = "abc") =>
      `--${boundary}\r\nContent-Disposition: ${disposition}\r\n\r\n${data}\r\n`;
    const malformed = {
      "no delimiter": "garbage",
      "no closing delimiter": `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="f"\r\n\r\nabc`,
      "unterminated headers": `--${boundary}\r\nContent-Disposition: form-data; name="file"`,
      "no Content-Disposition": `--${boundary}\r\nContent-Type: text/plain\r\n\r\nabc\r\n--${boundary}--\r\n`,
      "content containing the boundary":
        part('form-data; name="file"; filename="f"', `x${boundary}`) + `--${boundary}--`,
    };
    for (const [what, body] of Object.entries(malformed)) {
      const res = await fetch(`${server.url}/api/v0/add`, {
        method: "POST",
        body,
        headers: { "content-type": `multipart/form-data; boundary=${boundary}` },
      });
      assert.equal(res.status, 400, what);
      assert.match(((await res.json()) as { Message: string }).Message, /^malformed multipart body: /, what);
    }
  });

  it("rejects parts that are not files: form fields and directories", async () => {
    const form = new FormData();
    form.append("file", new Blob(["a"]), "a");
    form.append("note", "a plain field, no filename");
    let res = await fetch(`${server.url}/api/v0/add`, { method: "POST", body: form });
    assert.equal(res.status, 400);
    assert.match(((await res.json()) as { Message: string }).Message, /file parts with a filename/);

    const dir = new FormData();
    dir.append("file", new Blob([], { type: "application/x-directory" }), "d");
    res = await fetch(`${server.url}/api/v0/add`, { method: "POST", body: dir });
    assert.equal(res.status, 400);
    assert.match(((await res.json()) as { Message: string }).Message, /directories are not supported/);

    res = await fetch(`${server.url}/api/v0/add`, { method: "POST", body: new FormData() });
    assert.equal(res.status, 400);
  });

  it("keeps binary content and file names byte for byte", async () => {
    const data = Uint8Array.from({ length: 300 }, (_, i) => i % 256);
    // Bytes that look like a delimiter line but are not one must stay in the data.
    const tricky = new TextEncoder().encode("\r\n--not-a-boundary\r\n");
    const form = new FormData();
    form.append("file", new Blob([data]), "a.bin");
    form.append("file", new Blob([tricky]), 'b "quoted".txt');
    const res = await fetch(`${server.url}/api/v0/add?only-hash=true`, { method: "POST", body: form });
    assert.equal(res.status, 200);
    const lines = (await res.text())
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { Name: string; Hash: string });
    assert.deepEqual(lines, [
      { Name: "a.bin", Hash: computeCid(data), Size: String(buildFileDag(data).tsize) },
      { Name: 'b "quoted".txt', Hash: computeCid(tricky), Size: String(buildFileDag(tricky).tsize) },
    ]);
  });

  it("rejects an oversized upload by its Content-Length before reading the body", async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${server.url}/api/v0/add`, {
        method: "POST",
        headers: { "content-type": "multipart/form-data; boundary=x", "content-length": String(3 * 1024 * 1024) },
      });
      req.on("response", (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on("error", reject);
      // Send only the headers and a few bytes: the answer must not wait for the promised body.
      req.write("--x\r\n");
    });
    assert.equal(status, 413);
  });

  it("serves /api/v0/cat with offset and length", async () => {
    const bytes = new TextEncoder().encode("0123456789");
    const { cid } = await server.store.put(bytes);
    const cat = async (q: string) => {
      const res = await fetch(`${server.url}/api/v0/cat?arg=${q}`, { method: "POST" });
      return { status: res.status, body: await res.text() };
    };
    assert.deepEqual(await cat(cid), { status: 200, body: "0123456789" });
    assert.deepEqual(await cat(`/ipfs/${cid}`), { status: 200, body: "0123456789" });
    assert.deepEqual(await cat(`${cid}&offset=3&length=4`), { status: 200, body: "3456" });
    assert.deepEqual(await cat(`${cid}&offset=20`), { status: 200, body: "" });
  });

  it("answers missing content like an offline Kubo and bad CIDs with 400", async () => {
    const missing = computeCid(new TextEncoder().encode("never stored"));
    let res = await fetch(`${server.url}/api/v0/cat?arg=${missing}`, { method: "POST" });
    assert.equal(res.status, 500);
    assert.match(((await res.json()) as { Message: string }).Message, /not found/);
    res = await fetch(`${server.url}/api/v0/cat?arg=../../etc/passwd`, { method: "POST" });
    assert.equal(res.status, 400);
  });

  it("serves block/get and block/stat for stored roots", async () => {
    const bytes = pseudoRandom(CHUNK_SIZE + 10, 7);
    const { cid } = await server.store.put(bytes);
    const blocks: Uint8Array[] = [];
    buildFileDag(bytes, (b) => blocks.push(b.bytes));
    const res = await fetch(`${server.url}/api/v0/block/get?arg=${cid}`, { method: "POST" });
    assert.deepEqual(new Uint8Array(await res.arrayBuffer()), blocks.at(-1));
    const stat = await fetch(`${server.url}/api/v0/block/stat?arg=${cid}`, { method: "POST" });
    assert.deepEqual(await stat.json(), { Key: cid, Size: blocks.at(-1)!.length });
  });

  it("serves the gateway path GET/HEAD /ipfs/<cid>", async () => {
    const bytes = new TextEncoder().encode("gateway bytes");
    const { cid } = await server.store.put(bytes);
    const res = await fetch(`${server.url}/ipfs/${cid}`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("etag"), `"${cid}"`);
    assert.match(res.headers.get("cache-control") ?? "", /immutable/);
    assert.equal(await res.text(), "gateway bytes");
    const head = await fetch(`${server.url}/ipfs/${cid}`, { method: "HEAD" });
    assert.equal(head.headers.get("content-length"), String(bytes.length));
    assert.equal((await fetch(`${server.url}/ipfs/${computeCid(new Uint8Array(9))}`)).status, 404);
    assert.equal((await fetch(`${server.url}/ipfs/nonsense`)).status, 400);
  });

  it("answers unknown paths with 404", async () => {
    assert.equal((await fetch(`${server.url}/api/v0/pin/ls`, { method: "POST" })).status, 404);
    assert.equal((await fetch(`${server.url}/`)).status, 404);
  });
});

describe("local store server: lifecycle", () => {
  it("closes gracefully: refuses new connections, lets an in-flight upload finish", async () => {
    const own = await startLocalStoreServer({ dir: await tempDir(), closeGraceMs: 5000 });
    const boundary = "----hashwork-test-boundary";
    const body = new TextEncoder().encode(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="f"\r\n\r\nabc\r\n--${boundary}--\r\n`,
    );
    const req = request(`${own.url}/api/v0/add`, {
      method: "POST",
      headers: {
        "content-type": `multipart/form-data; boundary=${boundary}`,
        "content-length": String(body.length),
      },
    });
    const response = new Promise<{ status: number; text: string }>((resolve, reject) => {
      req.on("response", (res) => {
        let text = "";
        res.on("data", (c: Buffer) => (text += c.toString()));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, text }));
      });
      req.on("error", reject);
    });
    // Send the headers and half the body, so the request is in flight when close() starts.
    req.write(body.subarray(0, 10));
    await new Promise((r) => setTimeout(r, 50));
    const closing = own.close();
    await new Promise((r) => setTimeout(r, 50));
    await assert.rejects(fetch(`${own.url}/api/v0/version`, { method: "POST" }));
    req.end(body.subarray(10));
    const { status, text } = await response;
    assert.equal(status, 200);
    assert.equal((JSON.parse(text) as { Hash: string }).Hash, computeCid(new TextEncoder().encode("abc")));
    await closing;
  });

  it("cuts connections that outlive the grace period", async () => {
    const own = await startLocalStoreServer({ dir: await tempDir(), closeGraceMs: 50 });
    const req = request(`${own.url}/api/v0/add`, {
      method: "POST",
      headers: { "content-type": "multipart/form-data; boundary=b", "content-length": "1000" },
    });
    const failed = new Promise((resolve) => req.on("error", resolve));
    req.write("--b\r\n");
    await new Promise((r) => setTimeout(r, 50));
    const started = performance.now();
    await own.close();
    assert.ok(performance.now() - started < 2000);
    assert.ok((await failed) instanceof Error);
  });
});
