import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { GpuSlots } from "./gpu-slots";
import { detectGpus, parseGpuSpec, parseNvidiaSmiCsv, selectGpus } from "./gpus";
import { fakeNvidiaSmi, tempDir } from "./testing/harness";

const TWO = "0, NVIDIA H100 80GB HBM3, 81559, 1024, 37\n1, NVIDIA H100 80GB HBM3, 81559, 3, 0\n";
const EIGHT = Array.from({ length: 8 }, (_, i) => `${i}, NVIDIA A100-SXM4-80GB, 81920, ${i * 1000}, ${i * 10}`).join("\n") + "\n";

describe("nvidia-smi parsing", () => {
  it("reads two GPUs", () => {
    expect(parseNvidiaSmiCsv(TWO)).toEqual([
      { index: 0, name: "NVIDIA H100 80GB HBM3", memoryTotalMiB: 81559, memoryUsedMiB: 1024, utilization: 37 },
      { index: 1, name: "NVIDIA H100 80GB HBM3", memoryTotalMiB: 81559, memoryUsedMiB: 3, utilization: 0 },
    ]);
  });

  it("reads eight GPUs, in index order", () => {
    const gpus = parseNvidiaSmiCsv(EIGHT.split("\n").reverse().join("\n"));
    expect(gpus.map((g) => g.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(gpus[7]).toEqual({ index: 7, name: "NVIDIA A100-SXM4-80GB", memoryTotalMiB: 81920, memoryUsedMiB: 7000, utilization: 70 });
  });

  it("keeps a comma in a name, reads [N/A] as 0, and refuses garbage", () => {
    expect(parseNvidiaSmiCsv("3, Tesla, Custom, 16000, [N/A], [N/A]\r\n")).toEqual([
      { index: 3, name: "Tesla, Custom", memoryTotalMiB: 16000, memoryUsedMiB: 0, utilization: 0 },
    ]);
    expect(parseNvidiaSmiCsv("")).toEqual([]);
    expect(() => parseNvidiaSmiCsv("No devices were found")).toThrow(/unexpected line/);
  });
});

describe("GPU detection and selection", () => {
  it("runs nvidia-smi from PATH; none when it is absent or fails", async () => {
    const dir = fakeNvidiaSmi(TWO);
    expect((await detectGpus({ PATH: `${dir}:/usr/bin:/bin` })).map((g) => g.index)).toEqual([0, 1]);
    expect(await detectGpus({ PATH: tempDir("empty") })).toEqual([]);
    const failing = tempDir("nvfail");
    fs.writeFileSync(path.join(failing, "nvidia-smi"), "#!/bin/sh\necho 'NVIDIA-SMI has failed' >&2\nexit 9\n", { mode: 0o755 });
    expect(await detectGpus({ PATH: `${failing}:/usr/bin:/bin` })).toEqual([]);
  });

  it("--gpus auto | none | 0,1", () => {
    const gpus = parseNvidiaSmiCsv(EIGHT);
    expect(selectGpus(parseGpuSpec("auto"), gpus)).toHaveLength(8);
    expect(selectGpus(parseGpuSpec("none"), gpus)).toEqual([]);
    expect(selectGpus(parseGpuSpec("5, 1,1"), gpus).map((g) => g.index)).toEqual([1, 5]);
    expect(() => selectGpus(parseGpuSpec("0,9"), gpus)).toThrow(/no GPU 9/);
    expect(() => parseGpuSpec("first")).toThrow(/--gpus/);
  });

  it("hands out the lowest free GPUs", () => {
    const slots = new GpuSlots([0, 1, 2, 3]);
    expect(slots.take(2)).toEqual([0, 1]);
    expect(slots.take(3)).toBeNull();
    expect(slots.take(0)).toEqual([]);
    slots.give([1]);
    expect(slots.take(2)).toEqual([1, 2]);
    expect(slots.freeCount).toBe(1);
  });
});
