import type { Db } from "@/db";
import { parseOrThrow } from "../validation";
import { runsChangesInput, type RunsChangesInput } from "./page-input";
import { CHANGES_SLACK_MS } from "./page";
import { countMatching, countRuns, filterWhere, hasNarrowingFilters, scopeWhere, whereSql } from "./scope";
import { getRunViewsByPk, type RunView } from "./service";

/** Past this many changed runs a poll answers `reset` and the table reads its pages again. */
export const MAX_CHANGED_RUNS = 500;

export interface RunChanges {
  /** Runs updated since the cursor that pass the filters (new ones and changed ones). */
  runs: RunView[];
  /** Ids of runs updated since the cursor that no longer pass them (moved to the trash, re-tagged, …). */
  gone: string[];
  /** More changed than a poll sends: read the list again. */
  reset: boolean;
  /** The counts as `listRunsPage` gives them; null when nothing changed (they cannot have either). */
  total: number | null;
  matched: number | null;
  /** Pass as `since` next time. */
  changesCursor: number;
}

/**
 * What changed in a runs list since a cursor, for "Live": only runs whose
 * `updated_at` moved (every write to a run bumps it) are read and sent.
 */
export function listRunChanges(db: Db, raw: RunsChangesInput): RunChanges {
  const q = parseOrThrow(runsChangesInput, raw);
  const started = Date.now();
  const w = filterWhere(db, q);
  const project = w.projectId != null ? "AND r.project_id = @projectId" : "";
  const changed = db.$client
    .prepare(`SELECT r.pk AS pk, r.id AS id, (${whereSql(w)}) AS passes FROM runs r WHERE r.updated_at >= @since ${project} LIMIT ${MAX_CHANGED_RUNS + 1}`)
    .all({ ...w.params, since: q.since }) as { pk: number; id: string; passes: number }[];
  const changesCursor = started - CHANGES_SLACK_MS;
  if (changed.length > MAX_CHANGED_RUNS) return { runs: [], gone: [], reset: true, total: null, matched: null, changesCursor };
  if (!changed.length) return { runs: [], gone: [], reset: false, total: null, matched: null, changesCursor };
  const total = countRuns(db, scopeWhere(db, q));
  return {
    runs: getRunViewsByPk(db, changed.filter((c) => c.passes).map((c) => c.pk), started),
    gone: changed.filter((c) => !c.passes).map((c) => c.id),
    reset: false,
    total,
    matched: hasNarrowingFilters(q) ? countMatching(db, q, w) : total,
    changesCursor,
  };
}
