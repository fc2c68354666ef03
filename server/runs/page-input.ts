import { z } from "zod";
import { RUN_STATUSES } from "@/db/schema";
import { RUNS_DELETED_FILTERS } from "./service";
import { isRunSortKey, type RunSortKey } from "./sort-keys";

/** Which runs a list is over: a project (or all), in or out of the trash. */
export const runsScopeInput = z.object({
  project: z.string().max(200).optional(),
  /** Runs in the trash: `exclude` (default), `only` or `include`. */
  deleted: z.enum(RUNS_DELETED_FILTERS).optional(),
});

/** The narrowing filters of the runs table; they combine with AND. */
export const runsFilterInput = runsScopeInput.extend({
  group: z.string().max(500).optional(),
  status: z.enum(RUN_STATUSES).optional(),
  tag: z.string().max(200).optional(),
  /** Case-insensitive substring of the run's name or id. */
  search: z.string().max(500).optional(),
});
export type RunsFilter = z.output<typeof runsFilterInput>;

export const runSortInput = z
  .string()
  .refine(isRunSortKey, { message: "expected name, status, group, created, duration or pass1:<skill>" })
  .transform((s) => s as RunSortKey);

/** Most runs one page may hold. */
export const MAX_RUNS_PAGE = 10_000;

export const runsPageInput = runsFilterInput.extend({
  sort: runSortInput.default("created"),
  dir: z.enum(["asc", "desc"]).default("desc"),
  limit: z.number().int().min(1).max(MAX_RUNS_PAGE).default(100),
  /** `nextCursor` of the previous page (of the same sort). */
  cursor: z.string().max(2000).nullish(),
});
export type RunsPageInput = z.input<typeof runsPageInput>;

export const runsChangesInput = runsFilterInput.extend({
  /** `changesCursor` of the last page or poll: rows updated since then come back. */
  since: z.number().int().min(0),
});
export type RunsChangesInput = z.input<typeof runsChangesInput>;

export const RUN_FILTER_FIELDS = ["group", "tag", "status"] as const;

export const runFilterOptionsInput = runsScopeInput.extend({
  field: z.enum(RUN_FILTER_FIELDS),
  /** Case-insensitive substring of the option. */
  search: z.string().max(500).optional(),
  limit: z.number().int().min(1).max(1000).default(50),
});
export type RunFilterOptionsInput = z.input<typeof runFilterOptionsInput>;
