import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../testing/test-server";
import { MAX_STORED_CHUNK_CHARS } from "./service";

/** Log reads over REST are capped by bytes of text, with `nextAfter` as the cursor; long chunks are stored in pieces. */
let s: TestServer;
let runId: string;

beforeAll(async () => {
  s = await startTestServer();
  runId = (await s.api("/api/v1/runs", { body: { name: "log-bytes" } })).body.id;
});
afterAll(() => s?.close());

const KiB = 1024;

describe("log reads capped by bytes", () => {
  it("pages a log by maxBytes and reads it all back through the cursor", async () => {
    // 40 chunks of 10 KiB ("é" is two bytes in UTF-8: the cap counts bytes, not characters).
    const chunks = Array.from({ length: 40 }, (_, i) => ({ stream: "stdout", text: `${String(i).padStart(4, "0")}${"é".repeat(5 * KiB - 2)}` }));
    expect((await s.api(`/api/v1/runs/${runId}/logs`, { body: { batchId: "b1", chunks } })).status).toBe(201);

    const first = (await s.api(`/api/v1/runs/${runId}/logs?maxBytes=${64 * KiB}`)).body;
    expect(first.chunks).toHaveLength(6);
    expect(first.chunks.reduce((n: number, c: any) => n + Buffer.byteLength(c.text), 0)).toBeLessThanOrEqual(64 * KiB);
    expect(first).toMatchObject({ nextAfter: 6, more: true });

    const texts: string[] = [];
    let after = 0;
    for (let more = true; more; ) {
      const page = (await s.api(`/api/v1/runs/${runId}/logs?after=${after}&maxBytes=${64 * KiB}`)).body;
      texts.push(...page.chunks.map((c: any) => c.text));
      after = page.nextAfter;
      more = page.more;
    }
    expect(texts).toEqual(chunks.map((c) => c.text));
    // The default cap (1 MiB) holds the whole 400 KiB log.
    expect((await s.api(`/api/v1/runs/${runId}/logs`)).body).toMatchObject({ nextAfter: 40, more: false });
  });

  it("a chunk longer than a stored chunk is kept in pieces that read back as the same text", async () => {
    const long = `${"a".repeat(MAX_STORED_CHUNK_CHARS - 1)}😀${"b".repeat(1000)}\n`;
    expect((await s.api(`/api/v1/runs/${runId}/logs`, { body: { batchId: "b2", chunks: [{ stream: "stderr", text: long }] } })).body.accepted).toBe(1);
    const page = (await s.api(`/api/v1/runs/${runId}/logs?after=40`)).body;
    expect(page.chunks.map((c: any) => c.seq)).toEqual([41, 42]);
    expect(page.chunks.map((c: any) => c.text).join("")).toBe(long);
    // The emoji's surrogate pair is not cut in two.
    expect(page.chunks[0].text.endsWith("a")).toBe(true);
  });

  it("refuses a cap out of range, naming it", async () => {
    const bad = await s.api(`/api/v1/runs/${runId}/logs?maxBytes=0`);
    expect([bad.status, bad.body.error.message]).toEqual([400, expect.stringMatching(/^maxBytes: expected 1 to 8388608/)]);
    expect((await s.api(`/api/v1/runs/${runId}/logs?maxBytes=${64 << 20}`)).status).toBe(400);
    expect((await s.api(`/api/v1/runs/${runId}/logs?limit=-1`)).status).toBe(400);
  });
});
