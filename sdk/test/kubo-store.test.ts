import assert from "node:assert/strict";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import { CHUNK_SIZE, computeCid } from "../src/cid/index.js";
import { KuboStore, LOCAL_STORE_VERSION, startLocalStoreServer, type LocalStoreServer } from "../src/content/index.js";
import {
  AbortedError,
  ContentMismatchError,
  ContentNotFoundError,
  ContentTooLargeError,
  InvalidCidError,
  StoreHttpError,
  StoreUnavailableError,
} from "../src/errors/index.js";
import { pseudoRandom, tempDir } from "./helpers/tmp.js";

// The local store server speaks the same Kubo RPC paths, so it is the Kubo endpoint these tests use.
let server: LocalStoreServer;
let kubo: KuboStore;

before(async () => {
  server = await startLocalStoreServer({ dir: await tempDir() });
  kubo = new KuboStore(server.url, { timeoutMs: 5000, retry: false });
});
after(() => server.close());

/** A throwaway HTTP server with a custom handler; counts requests. */
async function fakeKubo(handler: (req: IncomingMessage, res: ServerResponse) => void) {
  let requests = 0;
  const srv = createServer((req, res) => {
    requests++;
    handler(req, res);
  });
  await new Promise<void>((resolve) => srv.listen(0, "127.0.0.1", resolve));
  after(() => {
    srv.closeAllConnections();
    srv.close();
  });
  return { url: `http://127.0.0.1:${(srv.address() as AddressInfo).port}`, requests: () => requests };
}

const fastRetry = { retries: 2, baseDelayMs: 1, maxDelayMs: 2 };

describe("KuboStore against a Kubo RPC endpoint", () => {
  it("reads the version", async () => {
    assert.deepEqual(await kubo.version(), { ...LOCAL_STORE_VERSION });
  });

  it("puts and gets a multi-chunk file under the locally computed CID", async () => {
    const bytes = pseudoRandom(CHUNK_SIZE * 2 + 99, 21);
    const { cid, size } = await kubo.put(bytes);
    assert.equal(cid, computeCid(bytes));
    assert.equal(size, bytes.length);
    assert.equal(await kubo.has(cid), true);
    assert.deepEqual(await kubo.get(cid, { maxBytes: bytes.length }), bytes);
  });

  it("round-trips empty and small files", async () => {
    for (const bytes of [new Uint8Array(0), new TextEncoder().encode("hello world")]) {
      const { cid } = await kubo.put(bytes);
      assert.deepEqual(await kubo.get(cid), bytes);
    }
  });

  it("reports missing content as absent / not found", async () => {
    const cid = computeCid(new TextEncoder().encode("not there"));
    assert.equal(await kubo.has(cid), false);
    await assert.rejects(kubo.get(cid), ContentNotFoundError);
  });

  it("rejects content larger than maxBytes while streaming", async () => {
    const { cid } = await kubo.put(pseudoRandom(5000, 2));
    await assert.rejects(kubo.get(cid, { maxBytes: 4999 }), ContentTooLargeError);
  });

  it("rejects invalid CIDs before any request", async () => {
    await assert.rejects(kubo.get("not-a-cid"), InvalidCidError);
    await assert.rejects(kubo.has("QmZULkCELmmk5XNfCgTnCyFgAVxBRBXyDHGGMVoLFLiXEN"), InvalidCidError);
  });
});

describe("KuboStore against a hostile or failing endpoint", () => {
  it("rejects bytes that do not match the CID, without retrying", async () => {
    const fake = await fakeKubo((_req, res) => res.end("evil bytes"));
    const store = new KuboStore(fake.url, { retry: fastRetry });
    const cid = computeCid(new TextEncoder().encode("good bytes"));
    await assert.rejects(store.get(cid), (e: unknown) => e instanceof ContentMismatchError && !e.retryable);
    assert.equal(fake.requests(), 1);
  });

  it("never reads more than one raw block for a raw CID", async () => {
    const fake = await fakeKubo((_req, res) => res.end(Buffer.alloc(CHUNK_SIZE + 10)));
    const store = new KuboStore(fake.url, { retry: false });
    await assert.rejects(store.get(computeCid(new Uint8Array(1))), ContentTooLargeError);
  });

  it("rejects an add whose CID differs from ours (node with other importer settings)", async () => {
    const fake = await fakeKubo((req, res) => {
      req.resume();
      req.on("end", () =>
        res.end('{"Name":"data","Hash":"bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku","Size":"0"}\n'),
      );
    });
    const store = new KuboStore(fake.url, { retry: false });
    await assert.rejects(store.put(new TextEncoder().encode("x")), /Import\.\* settings/);
  });

  it("sends the importer parameters that pin the CID", async () => {
    let query = "";
    const fake = await fakeKubo((req, res) => {
      query = new URL(req.url ?? "", "http://x").search;
      req.resume();
      req.on("end", () => res.end(`{"Hash":"${computeCid(new Uint8Array(1))}"}\n`));
    });
    await new KuboStore(fake.url, { retry: false }).put(new Uint8Array(1));
    for (const param of ["cid-version=1", "raw-leaves=true", "chunker=size-262144", "hash=sha2-256", "pin=true"]) {
      assert.ok(query.includes(param), param);
    }
  });

  it("retries 5xx and surfaces Kubo's message when retries run out", async () => {
    const fake = await fakeKubo((_req, res) => {
      res.statusCode = 503;
      res.end(JSON.stringify({ Message: "repo is busy", Code: 0, Type: "error" }));
    });
    const store = new KuboStore(fake.url, { retry: fastRetry });
    await assert.rejects(
      store.version(),
      (e: unknown) => e instanceof StoreHttpError && e.status === 503 && e.retryable && e.details === "repo is busy",
    );
    assert.equal(fake.requests(), 3);
  });

  it("recovers when a retry succeeds", async () => {
    let calls = 0;
    const fake = await fakeKubo((_req, res) => {
      if (++calls === 1) {
        res.statusCode = 500;
        return void res.end("{}");
      }
      res.end(JSON.stringify(LOCAL_STORE_VERSION));
    });
    const store = new KuboStore(fake.url, { retry: fastRetry });
    assert.equal((await store.version()).Version, LOCAL_STORE_VERSION.Version);
    assert.equal(calls, 2);
  });

  it("does not retry 4xx", async () => {
    const fake = await fakeKubo((_req, res) => {
      res.statusCode = 400;
      res.end(JSON.stringify({ Message: "bad arg", Code: 1, Type: "error" }));
    });
    const store = new KuboStore(fake.url, { retry: fastRetry });
    await assert.rejects(store.version(), (e: unknown) => e instanceof StoreHttpError && !e.retryable);
    assert.equal(fake.requests(), 1);
  });

  it("classifies a refused connection as retryable StoreUnavailableError", async () => {
    const gone = await startLocalStoreServer({ dir: await tempDir() });
    await gone.close();
    const store = new KuboStore(gone.url, { retry: false });
    await assert.rejects(store.version(), (e: unknown) => e instanceof StoreUnavailableError && e.retryable);
  });

  it("times out a silent server", async () => {
    const fake = await fakeKubo(() => undefined); // never answers
    const store = new KuboStore(fake.url, { timeoutMs: 100, retry: false });
    await assert.rejects(
      store.version(),
      (e: unknown) => e instanceof StoreUnavailableError && /within 100 ms/.test(e.message),
    );
  });

  it("stops on abort, also between retries", async () => {
    const controller = new AbortController();
    // Abort once the request has arrived (a timer could fire before it does on a busy machine).
    const fake = await fakeKubo(() => void controller.abort());
    const store = new KuboStore(fake.url, { timeoutMs: 60_000, retry: fastRetry });
    await assert.rejects(store.version({ signal: controller.signal }), AbortedError);
    assert.equal(fake.requests(), 1);
  });

  it("sends URL credentials as Basic auth and never echoes them in errors", async () => {
    let authorization: string | undefined;
    const fake = await fakeKubo((req, res) => {
      authorization = req.headers.authorization;
      res.statusCode = 401;
      res.end("no");
    });
    const store = new KuboStore(fake.url.replace("http://", "http://user:secret@"), { retry: false });
    await assert.rejects(store.version(), (e: unknown) => e instanceof StoreHttpError && !e.message.includes("secret"));
    assert.equal(authorization, `Basic ${Buffer.from("user:secret").toString("base64")}`);
    assert.ok(!store.apiUrl.includes("secret"));
  });
});
