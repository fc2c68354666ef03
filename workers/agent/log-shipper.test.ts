import path from "node:path";
import { describe, expect, it } from "vitest";
import { SkillboardHttpError, SkillboardNetworkError } from "../../sdk/ts/src/client";
import { LogShipper, type LogBatch } from "./log-shipper";
import { sleep, tempDir } from "./testing/harness";

/** A fake server that stores batches once per id, in the order they arrive. */
function fakeServer() {
  const seen = new Set<string>();
  const stored: LogBatch["chunks"] = [];
  return {
    stored,
    sends: 0,
    store(batch: LogBatch) {
      this.sends++;
      if (seen.has(batch.batchId)) return;
      seen.add(batch.batchId);
      stored.push(...batch.chunks);
    },
  };
}

describe("LogShipper", () => {
  it("ships in order, exactly once, through failures before and after the server stored a batch", async () => {
    const server = fakeServer();
    let n = 0;
    const shipper = new LogShipper({
      file: path.join(tempDir("ship"), "out.jsonl"),
      batchIdPrefix: "t",
      intervalMs: 5,
      maxBatchBytes: 300,
      maxBackoffMs: 10,
      async send(batch) {
        n++;
        if (n % 3 === 1) throw new SkillboardNetworkError("connection refused");
        server.store(batch);
        if (n % 3 === 2) throw new SkillboardNetworkError("the answer was lost"); // stored, but not acknowledged
      },
    }).start();
    const expected: string[] = [];
    for (let i = 0; i < 200; i++) {
      const stream = i % 7 === 0 ? "stderr" : "stdout";
      shipper.write(stream, `line ${i} ✓\n`);
      expected.push(`${stream}:line ${i} ✓\n`);
      if (i % 20 === 0) await sleep(5);
    }
    expect(await shipper.close(10_000)).toBe(true);
    expect(server.stored.flatMap((c) => c.text.split(/(?<=\n)/).map((t) => `${c.stream}:${t}`))).toEqual(expected);
    expect(shipper.backlogBytes).toBe(0);
  });

  it("merges adjacent output of one stream and keeps under the chunk limit", async () => {
    const batches: LogBatch[] = [];
    const shipper = new LogShipper({
      file: path.join(tempDir("ship"), "out.jsonl"),
      batchIdPrefix: "t",
      maxBatchChunks: 3,
      send: async (b) => void batches.push(b),
    });
    for (const [s, t] of [["stdout", "a"], ["stdout", "b"], ["stderr", "c"], ["stdout", "d"], ["stderr", "e"]] as const) shipper.write(s, t);
    await shipper.close();
    expect(batches.map((b) => b.chunks)).toEqual([
      [{ stream: "stdout", text: "ab" }, { stream: "stderr", text: "c" }, { stream: "stdout", text: "d" }],
      [{ stream: "stderr", text: "e" }],
    ]);
    expect(new Set(batches.map((b) => b.batchId)).size).toBe(2);
  });

  it("stops at a stale lease and reports it", async () => {
    let stale = 0;
    const shipper = new LogShipper({
      file: path.join(tempDir("ship"), "out.jsonl"),
      batchIdPrefix: "t",
      send: async () => {
        throw new SkillboardHttpError(409, "stale_lease", "stale");
      },
      onStale: () => stale++,
    });
    shipper.write("stdout", "x\n");
    expect(await shipper.close()).toBe(false);
    expect(stale).toBe(1);
  });
});
