import { z } from "zod";
import { RUN_STATUSES } from "@/db/schema";
import { RUN_ID_PATTERN } from "./ids";
import { RUNS_DELETED_FILTERS } from "./service";

export const createRunInput = z.object({
  id: z.string().regex(RUN_ID_PATTERN, "4–64 letters, digits, '_' or '-', starting with a letter or digit").optional(),
  project: z.string().min(1).max(200).optional(),
  name: z.string().min(1).max(500).optional(),
  group: z.string().min(1).max(500).optional(),
  config: z.record(z.string(), z.unknown()).optional(),
  tags: z.array(z.string().min(1).max(200)).max(100).optional(),
  notes: z.string().max(100_000).optional(),
  gitCommit: z.string().max(100).optional(),
});

export const finishRunInput = z.object({
  status: z.enum(["succeeded", "failed", "canceled"]),
  exitCode: z.number().int().nullish(),
  error: z.string().max(100_000).nullish(),
  /** Sent by a worker agent for a launched run: the job ends with it; a stale token is refused (409). */
  leaseToken: z.string().optional(),
  signal: z.string().nullish(),
});

export const listRunsInput = z.object({
  project: z.string().optional(),
  group: z.string().optional(),
  status: z.enum(RUN_STATUSES).optional(),
  tag: z.string().optional(),
  search: z.string().optional(),
  limit: z.number().int().min(1).max(10_000).optional(),
  /** Runs in the trash: `exclude` (default), `only` or `include`. */
  deleted: z.enum(RUNS_DELETED_FILTERS).optional(),
});
