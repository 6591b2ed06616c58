import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { multipartBoundary, parseMultipart } from "../src/content/multipart.js";

describe("multipart", () => {
  it("reads the boundary from the content type", () => {
    assert.equal(multipartBoundary("multipart/form-data; boundary=abc"), "abc");
    assert.equal(multipartBoundary('multipart/form-data; charset=utf-8; boundary="a b"'), "a b");
    assert.equal(multipartBoundary("application/json"), undefined);
    assert.equal(multipartBoundary(undefined), undefined);
  });

  it("parses what fetch's FormData produces, binary-safe", async () => {
    const data = Uint8Array.from({ length: 300 }, (_, i) => i % 256);
    // Bytes that look like a boundary but are not preceded by CRLF must stay in the data.
    const tricky = new TextEncoder().encode("--not-a-boundary\r\n");
    const form = new FormData();
    form.append("file", new Blob([data]), "a.bin");
    form.append("file", new Blob([tricky]), 'b "quoted".txt');
    const request = new Request("http://x/", { method: "POST", body: form });
    const body = new Uint8Array(await request.arrayBuffer());
    const boundary = multipartBoundary(request.headers.get("content-type") ?? undefined);
    assert.ok(boundary);
    const parts = parseMultipart(body, boundary);
    assert.equal(parts.length, 2);
    assert.equal(parts[0]!.name, "file");
    assert.equal(parts[0]!.filename, "a.bin");
    assert.deepEqual(parts[0]!.data, data);
    assert.deepEqual(parts[1]!.data, tricky);
  });

  it("rejects malformed bodies", () => {
    const enc = (s: string) => new TextEncoder().encode(s);
    assert.throws(() => parseMultipart(enc("no boundary here"), "b"), /no boundary/);
    assert.throws(() => parseMultipart(enc("--b\r\nContent-Disposition: form-data\r\n\r\ndata"), "b"), /closing/);
    assert.throws(() => parseMultipart(enc("--b\r\nno header end"), "b"), /unterminated/);
    assert.deepEqual(parseMultipart(enc("--b--\r\n"), "b"), []);
  });
});
