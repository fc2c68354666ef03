import { execFile } from "node:child_process";
import type { GpuInfo } from "./worker-api";

/** The query the worker runs; its columns are what `parseNvidiaSmiCsv` reads. */
export const NVIDIA_SMI_ARGS = [
  "--query-gpu=index,name,memory.total,memory.used,utilization.gpu",
  "--format=csv,noheader,nounits",
];

const number = (s: string) => {
  const n = Number(s.trim());
  return Number.isFinite(n) ? n : 0; // "[N/A]" (e.g. utilisation on some boards) reads as 0
};

/** Parses `nvidia-smi --query-gpu=index,name,memory.total,memory.used,utilization.gpu --format=csv,noheader,nounits`. */
export function parseNvidiaSmiCsv(text: string): GpuInfo[] {
  const gpus: GpuInfo[] = [];
  for (const line of text.split(/\r?\n/)) {
    if (!line.trim()) continue;
    const cols = line.split(",");
    if (cols.length < 5) throw new Error(`nvidia-smi: unexpected line '${line}' (expected 5 columns)`);
    // The name is the only column that could hold a comma: the first and the last three are numbers.
    const [index, ...rest] = cols;
    const [memoryTotal, memoryUsed, utilization] = rest.splice(-3);
    const idx = Number(index.trim());
    if (!Number.isInteger(idx) || idx < 0) throw new Error(`nvidia-smi: unexpected GPU index in '${line}'`);
    gpus.push({
      index: idx,
      name: rest.join(",").trim(),
      memoryTotalMiB: number(memoryTotal),
      memoryUsedMiB: number(memoryUsed),
      utilization: Math.min(100, Math.max(0, number(utilization))),
    });
  }
  return gpus.sort((a, b) => a.index - b.index);
}

/**
 * Runs nvidia-smi (found on `env.PATH`) and returns the host's GPUs; none when
 * the binary is absent or fails (a host without NVIDIA drivers).
 */
export function detectGpus(env: Record<string, string | undefined> = process.env, timeoutMs = 10_000): Promise<GpuInfo[]> {
  return new Promise((resolve) => {
    execFile("nvidia-smi", NVIDIA_SMI_ARGS, { env: env as NodeJS.ProcessEnv, timeout: timeoutMs, encoding: "utf8" }, (error, stdout) => {
      if (error) return resolve([]);
      try {
        resolve(parseNvidiaSmiCsv(stdout));
      } catch {
        resolve([]);
      }
    });
  });
}

/** `--gpus`: `auto` (every detected GPU), `none`, or a list of indices such as `0,1`. */
export type GpuSpec = "auto" | "none" | number[];

export function parseGpuSpec(text: string): GpuSpec {
  const t = text.trim().toLowerCase();
  if (t === "auto" || t === "") return "auto";
  if (t === "none") return "none";
  const parts = t.split(",").map((s) => s.trim());
  if (!parts.every((p) => /^\d+$/.test(p))) throw new Error(`--gpus: expected 'auto', 'none' or indices like '0,1', got '${text}'`);
  return [...new Set(parts.map(Number))].sort((a, b) => a - b);
}

/** The GPUs the worker may hand to jobs; naming an index the host does not have is an error. */
export function selectGpus(spec: GpuSpec, detected: GpuInfo[]): GpuInfo[] {
  if (spec === "none") return [];
  if (spec === "auto") return detected;
  const byIndex = new Map(detected.map((g) => [g.index, g]));
  const missing = spec.filter((i) => !byIndex.has(i));
  if (missing.length) {
    const have = detected.length ? detected.map((g) => g.index).join(",") : "none";
    throw new Error(`--gpus: this host has no GPU ${missing.join(",")} (nvidia-smi found: ${have})`);
  }
  return spec.map((i) => byIndex.get(i)!);
}
