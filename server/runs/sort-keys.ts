/** The runs table's orders; shared by the server's paging and the browser's merge of live changes. */
export const RUN_FIXED_SORTS = ["name", "status", "group", "created", "duration"] as const;

/** A fixed column, or `pass1:<skill>` (the run's latest Pass@1 of that skill). */
export type RunSortKey = (typeof RUN_FIXED_SORTS)[number] | `pass1:${string}`;

export const isRunSortKey = (s: string): s is RunSortKey =>
  (RUN_FIXED_SORTS as readonly string[]).includes(s) || (s.startsWith("pass1:") && s.length > "pass1:".length);

/** The lifecycle order the status column sorts by. */
export const STATUS_ORDER = ["queued", "starting", "running", "succeeded", "failed", "canceled", "lost"] as const;
