import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../testing/test-server";
import { bodyLimitsFromEnv, parseByteSize } from "./body-limit";

/**
 * Byte limits on request bodies, against a real server with small limits: a body
 * past its route's limit is a 413 that arrives while the client is still sending
 * (chunked, no Content-Length), the server reads no further and closes the
 * connection, nothing is stored, and the server goes on serving.
 */
const KiB = 1024;
const LIMITS = { json: 64 * KiB, trajectories: 256 * KiB, import: 128 * KiB, artifact: 128 * KiB };
/** What the client would send if nobody stopped it: far more than any limit plus the socket buffers. */
const ENDLESS = 256 * 1024 * KiB;

let s: TestServer;

beforeAll(async () => {
  s = await startTestServer({ config: { bodyLimits: LIMITS } });
});
afterAll(() => s?.close());

interface StreamedAnswer {
  status: number;
  body: any;
  /** Bytes the client had written when the answer arrived. */
  sentBeforeAnswer: number;
  /** The client had not finished its body when the answer came. */
  stillSending: boolean;
  /** The server closed the connection after answering. */
  closedByServer: boolean;
}

/**
 * POSTs (or PUTs) a body of 16 KiB chunks with chunked transfer encoding, writing as fast
 * as the socket takes them, until the server answers (or ENDLESS bytes, then it ends the body).
 */
function streamUntilAnswered(pathname: string, opts: { method?: string; headers?: Record<string, string> } = {}): Promise<StreamedAnswer> {
  return new Promise((resolve, reject) => {
    const url = new URL(pathname, s.url);
    const chunk = Buffer.alloc(16 * KiB, "x");
    let sent = 0;
    let answered = false;
    let ended = false;
    const req = http.request(url, {
      method: opts.method ?? "POST",
      headers: { authorization: `Bearer ${s.apiKey}`, "content-type": "application/json", ...opts.headers },
    });
    req.on("error", () => {}); // writing into a connection the server closed: expected once it answered
    req.on("response", (res) => {
      answered = true;
      const sentBeforeAnswer = sent;
      const stillSending = !ended;
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (d: string) => (text += d));
      res.on("end", () => {
        const closed = new Promise<boolean>((done) => {
          if (req.socket?.destroyed) return done(true);
          req.socket?.once("close", () => done(true));
          setTimeout(() => done(false), 10_000).unref();
        });
        void closed.then((closedByServer) =>
          resolve({ status: res.statusCode!, body: text ? JSON.parse(text) : null, sentBeforeAnswer, stillSending, closedByServer }),
        );
      });
      res.on("error", reject);
    });
    const pump = () => {
      while (!answered && sent < ENDLESS) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once("drain", pump);
      }
      if (!answered) {
        ended = true;
        req.end();
      }
    };
    pump();
  });
}

describe("byte sizes from the environment", () => {
  it("reads bytes and binary units, and names the variable of a bad value", () => {
    expect(parseByteSize("X", "1048576")).toBe(1048576);
    expect(parseByteSize("X", "16MiB")).toBe(16 * 1024 * KiB);
    expect(parseByteSize("X", "512k")).toBe(512 * KiB);
    expect(bodyLimitsFromEnv({ SKILLBOARD_MAX_BODY_BYTES: "2m", SKILLBOARD_MAX_ARTIFACT_BYTES: "1G" })).toEqual({ json: 2 * 1024 * KiB, artifact: 1024 * 1024 * KiB });
    expect(() => bodyLimitsFromEnv({ SKILLBOARD_MAX_BODY_BYTES: "lots" })).toThrow(/SKILLBOARD_MAX_BODY_BYTES: expected a size/);
    expect(() => bodyLimitsFromEnv({ SKILLBOARD_MAX_BODY_BYTES: "0" })).toThrow(/SKILLBOARD_MAX_BODY_BYTES/);
    expect(() => bodyLimitsFromEnv({ SKILLBOARD_MAX_IMPORT_BYTES: "1G" })).toThrow(/SKILLBOARD_MAX_IMPORT_BYTES: at most/);
  });
});

describe("REST bodies past their limit", () => {
  let runId: string;
  beforeAll(async () => {
    runId = (await s.api("/api/v1/runs", { body: { name: "limits" } })).body.id;
  });

  it("a chunked metric batch: 413 while the client is still sending, the connection closed, nothing stored", async () => {
    const r = await streamUntilAnswered(`/api/v1/runs/${runId}/metrics`);
    expect(r.status).toBe(413);
    expect(r.body.error).toMatchObject({ code: "payload_too_large", message: expect.stringContaining("larger than 64 KiB") });
    expect(r.body.error.message).toContain("SKILLBOARD_MAX_BODY_BYTES");
    expect(r.stillSending).toBe(true);
    expect(r.sentBeforeAnswer).toBeLessThan(ENDLESS);
    expect(r.closedByServer).toBe(true);
    expect((await s.api(`/api/v1/runs/${runId}/metric-keys`)).body.keys ?? []).toEqual([]);
  });

  it("a Content-Length past the limit is refused before any of the body is read", async () => {
    const answer = await new Promise<{ status: number; body: any }>((resolve, reject) => {
      const req = http.request(new URL(`/api/v1/runs/${runId}/logs`, s.url), {
        method: "POST",
        headers: { authorization: `Bearer ${s.apiKey}`, "content-type": "application/json", "content-length": String(10 * 1024 * KiB) },
      });
      req.on("error", () => {});
      req.on("response", (res) => {
        let text = "";
        res.on("data", (d) => (text += d));
        res.on("end", () => resolve({ status: res.statusCode!, body: JSON.parse(text) }));
        res.on("error", reject);
      });
      req.flushHeaders(); // headers only: not one byte of the body is sent
    });
    expect(answer.status).toBe(413);
    expect(answer.body.error.message).toContain("larger than 64 KiB");
    expect((await s.api(`/api/v1/runs/${runId}/logs`)).body.chunks).toEqual([]);
  });

  it("trajectory batches take their own, larger limit", async () => {
    const big = "y".repeat(100 * KiB);
    const trajectory = { skill: "editing", taskId: "t-1", step: 1, groupKey: "1:t-1", sampleIndex: 0, reward: 1, passed: true, turns: [{ role: "assistant", content: big }] };
    const batch = JSON.stringify({ batchId: "big-1", trajectories: [trajectory] });
    expect(batch.length).toBeGreaterThan(LIMITS.json);
    const stored = await s.api(`/api/v1/runs/${runId}/trajectories`, { body: batch });
    expect(stored.status).toBe(201);
    // The same body on a JSON route is past its limit.
    expect((await s.api(`/api/v1/runs/${runId}/evals`, { body: batch })).status).toBe(413);
    const r = await streamUntilAnswered(`/api/v1/runs/${runId}/trajectories`);
    expect([r.status, r.stillSending, r.closedByServer]).toEqual([413, true, true]);
    expect(r.body.error.message).toContain("larger than 256 KiB");
    expect(r.body.error.message).toContain("SKILLBOARD_MAX_TRAJECTORY_BODY_BYTES");
    expect((await s.api(`/api/v1/runs/${runId}/trajectories`)).body.trajectories).toHaveLength(1);
  });

  it("an import counts the bytes that arrive, not a Content-Length (a chunked upload has none)", async () => {
    const r = await streamUntilAnswered(`/api/v1/runs/${runId}/import?fileName=big.jsonl`, { headers: { "content-type": "application/octet-stream" } });
    expect([r.status, r.stillSending, r.closedByServer]).toEqual([413, true, true]);
    expect(r.body.error.message).toMatch(/larger than 128 KiB, the most an import takes/);
    expect((await s.api(`/api/v1/runs/${runId}/trajectories`)).body.trajectories).toHaveLength(1);
  });

  it("rllm's routes: 413 as well", async () => {
    const r = await streamUntilAnswered("/api/metrics");
    expect([r.status, r.stillSending]).toEqual([413, true]);
    expect(r.body.error.code).toBe("payload_too_large");
  });

  it("MLflow: a log-batch and an artifact upload past their limits are 413 in MLflow's shape, and no file is left", async () => {
    const created = await s.api("/api/2.0/mlflow/runs/create", { body: { experiment_id: "0", run_name: "limits" } });
    const mlflowRun = created.body.run.info;
    const batch = await streamUntilAnswered("/api/2.0/mlflow/runs/log-batch");
    expect([batch.status, batch.stillSending]).toEqual([413, true]);
    expect(batch.body).toMatchObject({ error_code: "INVALID_PARAMETER_VALUE", message: expect.stringContaining("larger than 64 KiB") });

    const root = mlflowRun.artifact_uri.replace("mlflow-artifacts:/", "");
    const upload = await streamUntilAnswered(`/api/2.0/mlflow-artifacts/artifacts/${root}/model.bin`, { method: "PUT", headers: { "content-type": "application/octet-stream" } });
    expect([upload.status, upload.stillSending, upload.closedByServer]).toEqual([413, true, true]);
    expect(upload.body.message).toContain("SKILLBOARD_MAX_ARTIFACT_BYTES");
    const files = fs.readdirSync(s.dataDir, { recursive: true }) as string[];
    expect(files.filter((f) => path.basename(f).startsWith("model.bin"))).toEqual([]);
    // Under the limit, the same upload is stored.
    const small = await fetch(`${s.url}/api/2.0/mlflow-artifacts/artifacts/${root}/model.bin`, { method: "PUT", headers: { authorization: `Bearer ${s.apiKey}` }, body: "weights" });
    expect(small.status).toBe(200);
  });

  it("an unauthenticated body is never read: 401, the connection closed", async () => {
    const r = await streamUntilAnswered(`/api/v1/runs/${runId}/metrics`, { headers: { authorization: "Bearer wrong-key" } });
    expect([r.status, r.stillSending, r.closedByServer]).toEqual([401, true, true]);
  });

  it("the server goes on serving, bodies under the limit as before", async () => {
    const points = Array.from({ length: 100 }, (_, i) => ({ key: "train/loss", step: i, value: i }));
    expect((await s.api(`/api/v1/runs/${runId}/metrics`, { body: { batchId: "m1", points } })).status).toBe(201);
    expect((await s.api(`/api/v1/runs/${runId}`)).status).toBe(200);
  });
});
