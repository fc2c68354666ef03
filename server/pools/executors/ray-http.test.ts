import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rayHttpRequest, RayResponseTooLargeError } from "./ray-http";

/**
 * Answers from a Ray dashboard are read within a byte bound: a stand-in HTTP server that
 * answers an endless body (as Ray's Jobs API answers a whole, huge log) is cut off at
 * the bound, and the connection dropped.
 */
let server: http.Server;
let base = "";
let endlessSent = 0;
let endlessClosed: Promise<void>;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    if (req.url === "/small") return void res.end(JSON.stringify({ logs: "hello" }));
    res.writeHead(200, { "content-type": "application/json" });
    const chunk = Buffer.alloc(64 * 1024, "z");
    endlessClosed = new Promise((resolve) => res.once("close", () => resolve()));
    const pump = () => {
      while (!res.destroyed) {
        endlessSent += chunk.length;
        if (!res.write(chunk)) return void res.once("drain", pump);
      }
    };
    pump();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("rayHttpRequest", () => {
  it("reads an answer within the bound", async () => {
    const res = await rayHttpRequest(`${base}/small`, { method: "GET", headers: {}, timeoutMs: 10_000, maxResponseBytes: 1024 });
    expect(JSON.parse(res.text)).toEqual({ logs: "hello" });
  });

  it("stops reading an endless answer at the bound and drops the connection", async () => {
    const limit = 1024 * 1024;
    await expect(rayHttpRequest(`${base}/endless`, { method: "GET", headers: {}, timeoutMs: 30_000, maxResponseBytes: limit })).rejects.toBeInstanceOf(RayResponseTooLargeError);
    await endlessClosed;
    // The server could write what the socket buffers held past the bound, and nothing more.
    expect(endlessSent).toBeLessThan(64 * limit);
  });
});
