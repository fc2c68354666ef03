import { z } from "zod";

export const gpuInfoInput = z.object({
  index: z.number().int().min(0),
  name: z.string(),
  memoryTotalMiB: z.number().min(0),
  memoryUsedMiB: z.number().min(0),
  utilization: z.number().min(0).max(100),
});

export const registerWorkerInput = z.object({
  id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/, "letters, digits, '.', '_', ':' or '-'"),
  host: z.string().min(1).max(255),
  pool: z.string().min(1).default("local"),
  labels: z.array(z.string()).default([]),
  gpus: z.array(gpuInfoInput).default([]),
  maxJobs: z.number().int().min(1).max(1024).default(1),
});

export const leaseInput = z.object({
  freeGpus: z.number().int().min(0),
  /** Long poll: wait up to this long for a job before answering `{job: null}`. */
  waitMs: z.number().int().min(0).max(30_000).default(0),
});

export const heartbeatInput = z.object({
  leases: z.array(z.object({ runId: z.string(), leaseToken: z.string() })).default([]),
  gpus: z.array(gpuInfoInput).optional(),
});

export const leaseTokenInput = z.object({ leaseToken: z.string().min(1) });

export const startInput = leaseTokenInput.extend({
  pid: z.number().int().optional(),
  gpus: z.array(z.number().int().min(0)).optional(),
});
