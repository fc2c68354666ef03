import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../testing/test-server";
import { TRPC_MAX_BATCH_SIZE } from "../trpc-batch-limit";
import { handleTrpcRequest } from "./trpc-handler";

/** The tRPC endpoint's limits: batch size and the byte limit of a mutation's body (the handler `app/api/trpc` exports). */
let s: TestServer;

beforeAll(async () => {
  // Installs the process-wide app context the handler reads, with a small JSON limit.
  s = await startTestServer({ config: { bodyLimits: { json: 4096 } } });
});
afterAll(() => s?.close());

const batchOf = (n: number) => {
  const paths = Array.from({ length: n }, () => "auth.me").join(",");
  const input = encodeURIComponent(JSON.stringify(Object.fromEntries(Array.from({ length: n }, (_, i) => [i, { json: null }]))));
  return new Request(`http://localhost/api/trpc/${paths}?batch=1&input=${input}`);
};

describe("tRPC limits", () => {
  it(`answers a batch of ${TRPC_MAX_BATCH_SIZE} calls and refuses one more`, async () => {
    const ok = await handleTrpcRequest(batchOf(TRPC_MAX_BATCH_SIZE));
    expect(ok.status).toBe(200);
    expect(await ok.json()).toHaveLength(TRPC_MAX_BATCH_SIZE);

    const refused = await handleTrpcRequest(batchOf(TRPC_MAX_BATCH_SIZE + 1));
    expect(refused.status).toBe(400);
    expect(JSON.stringify(await refused.json())).toContain("Batch call exceeds maximum size");
  });

  it("refuses a mutation body past the JSON byte limit with a 413", async () => {
    const body = JSON.stringify({ json: { id: 1, padding: "x".repeat(8192) } });
    const res = await handleTrpcRequest(
      new Request("http://localhost/api/trpc/auth.revokeKey", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: new Blob([body]).stream(),
        duplex: "half",
      } as RequestInit),
    );
    expect(res.status).toBe(413);
    expect((await res.json()).error.message).toContain("larger than 4 KiB");
  });

  it("passes a mutation body under the limit on to tRPC", async () => {
    const res = await handleTrpcRequest(
      new Request("http://localhost/api/trpc/auth.revokeKey", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ json: { id: 1 } }) }),
    );
    // Not signed in: tRPC itself refuses it (401 or 403), after reading the body.
    expect([401, 403]).toContain(res.status);
  });
});
