import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runPython } from "../testing/python-venv";
import { startTestServer, type TestServer } from "../testing/test-server";
import { readTensorBoardScalars } from "./tensorboard-events";
import { TENSORBOARD_WRITER } from "./test-support/python-writers";
import { scanTfRecords } from "./tfrecord";
import { newRun, uploadBytes } from "./test-support/upload";

let s: TestServer;
let dir: string;
let eventFile: string;

beforeAll(async () => {
  s = await startTestServer();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "skillboard-tb-"));
  const out = await runPython(
    `${TENSORBOARD_WRITER}
import os
w = SummaryWriter(logdir=os.environ["LOGDIR"])
for step in range(1, 4):
    w.add_scalar("train/loss", 1.0 / step, step, walltime=1760000000 + step)
    w.add_scalar("val-core/localization/acc/mean@4", 0.25 * step, step, walltime=1760000000 + step)
write_tensor_scalar(w, "perf/throughput", 123.5, 3)
write_tensor_scalar(w, "perf/kl", 0.125, 3, double=True)
w.add_scalar("train/nan", float("nan"), 3)
w.add_text("notes", "not a scalar", 1)
w.add_histogram("weights", [1.0, 2.0, 3.0], 1)
w.close()
print(next(e.path for e in os.scandir(os.environ["LOGDIR"])))
`,
    { LOGDIR: path.join(dir, "tb") },
  );
  eventFile = out.trim().split("\n").at(-1)!;
});

afterAll(async () => {
  await s.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function series(run: string, keys: string[]) {
  const r = await s.api(`/api/v1/runs/${run}/metrics?keys=${keys.map(encodeURIComponent).join(",")}`);
  return Object.fromEntries(Object.entries(r.body.series as Record<string, { step: number; value: number }[]>).map(([k, pts]) => [k, pts.map((p) => [p.step, p.value])]));
}

describe("TensorBoard event files", () => {
  it("imports simple_value and tensor scalars written by tensorboardX as metrics under their raw tags", async () => {
    expect(path.basename(eventFile)).toMatch(/^events\.out\.tfevents\./);
    const run = await newRun(s);
    const r = await uploadBytes(s, run, fs.readFileSync(eventFile), { fileName: path.basename(eventFile) });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ format: "tensorboard", formatName: "TensorBoard event file", imported: 0, metricsImported: 8, skipped: [] });
    expect(r.body.warnings).toContain("1 scalar value(s) were NaN or infinite and are left out (metrics hold finite numbers).");
    // tensorboardX spells verl's `mean@4` as `mean_4`: the raw tag is what is kept.
    const got = await series(run, ["train/loss", "val-core/localization/acc/mean_4", "perf/throughput", "perf/kl"]);
    expect(got).toEqual({
      "train/loss": [[1, 1], [2, 0.5], [3, 0.33333334]],
      "val-core/localization/acc/mean_4": [[1, 0.25], [2, 0.5], [3, 0.75]],
      "perf/throughput": [[3, 123.5]],
      "perf/kl": [[3, 0.125]],
    });
    const keys = (await s.api(`/api/v1/runs/${run}/metric-keys`)).body.keys.map((k: { key: string }) => k.key).sort();
    expect(keys).toEqual(["perf/kl", "perf/throughput", "train/loss", "val-core/localization/acc/mean_4"]);

    const again = await uploadBytes(s, run, fs.readFileSync(eventFile), { fileName: path.basename(eventFile) });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ metricsImported: 0, metricsAlreadyImported: 8 });
  });

  it("reports a record whose data CRC fails, and a truncated last record, by byte offset, and imports the rest", async () => {
    const bytes = Buffer.from(fs.readFileSync(eventFile));
    const records = scanTfRecords(bytes, { final: true }).records;
    const corrupt = records[1]; // train/loss at step 1 (record 0 is the file_version event)
    bytes[corrupt.offset + 12 + 3] ^= 0xff;
    const truncated = bytes.subarray(0, records.at(-1)!.offset + 20);
    const run = await newRun(s);
    const r = await uploadBytes(s, run, truncated, { fileName: "events.out.tfevents.1.host" });
    expect(r.status).toBe(201);
    expect(r.body.skipped).toEqual([
      { offset: corrupt.offset, reason: "data CRC mismatch: the record is corrupt" },
      { offset: records.at(-1)!.offset, reason: expect.stringMatching(/^truncated record: it needs \d+ bytes, 20 are left$/) },
    ]);
    expect(r.body.warnings[0]).toBe(`events.out.tfevents.1.host byte ${corrupt.offset}: skipped: data CRC mismatch: the record is corrupt`);
    const got = await series(run, ["train/loss", "val-core/localization/acc/mean_4"]);
    expect(got["train/loss"]).toEqual([[2, 0.5], [3, 0.33333334]]);
    expect(got["val-core/localization/acc/mean_4"]).toEqual([[1, 0.25], [2, 0.5], [3, 0.75]]);
  });

  it("resynchronises after a corrupt record header at the next record whose CRCs check", () => {
    const bytes = Buffer.from(fs.readFileSync(eventFile));
    const records = scanTfRecords(bytes, { final: true }).records;
    bytes[records[1].offset + 2] ^= 0x55; // the length of the first scalar event: its end is unknown
    const read = readTensorBoardScalars(bytes, { offset: 1000 });
    expect(read.skipped).toEqual([
      { offset: 1000 + records[1].offset, reason: `corrupt record header (length CRC mismatch): ${records[2].offset - records[1].offset} bytes skipped` },
    ]);
    expect(read.points.filter((p) => p.key === "train/loss").map((p) => p.step)).toEqual([2, 3]);
  });

  it("reads only whole records of a file still being written, and says where they end", () => {
    const bytes = fs.readFileSync(eventFile);
    const records = scanTfRecords(bytes, { final: true }).records;
    const cut = records[3].offset + 7;
    const partial = scanTfRecords(bytes.subarray(0, cut), { final: false });
    expect(partial.records).toHaveLength(3);
    expect(partial.problems).toEqual([]);
    expect(partial.completeEnd).toBe(records[3].offset);
  });
});
