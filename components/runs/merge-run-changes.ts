import type { RunView } from "@/server/runs/service";
import { runComparator, type SortKey } from "./runs-filters";

type Pass1 = Record<string, Record<string, number>>;

/** What the table keeps of each `runs.page` answer. */
export interface LoadedRunsPage {
  runs: RunView[];
  nextCursor: string | null;
  latestPass1: Pass1;
  total: number | null;
  matched: number | null;
  trashed: number | null;
  changesCursor: number;
}

/** What a `runs.changes` poll brings. */
export interface RunsChangesLike {
  runs: RunView[];
  gone: string[];
  latestPass1: Pass1;
  total: number | null;
  matched: number | null;
  trashed: number | null;
  changesCursor: number;
}

/**
 * Folds a "Live" poll into the loaded pages: changed runs are replaced where
 * they are, runs that left the list are dropped, new ones are placed by the
 * list's order among the loaded rows (or left for a later page when they sort
 * past the last loaded row), and the counts and the cursor move on.
 */
export function mergeRunChanges<P extends LoadedRunsPage>(
  pages: P[],
  changes: RunsChangesLike,
  order: { sort: SortKey; dir: "asc" | "desc" },
  now: number,
): P[] {
  if (!pages.length) return pages;
  const gone = new Set(changes.gone);
  const changed = new Map(changes.runs.map((r) => [r.id, r]));
  const loaded = new Set<string>();
  const out = pages.map((p) => {
    const latestPass1 = { ...p.latestPass1 };
    const runs = p.runs.flatMap((r) => {
      if (gone.has(r.id)) return [];
      loaded.add(r.id);
      const next = changed.get(r.id);
      if (!next) return [r];
      if (changes.latestPass1[r.id]) latestPass1[r.id] = changes.latestPass1[r.id];
      return [next];
    });
    return { ...p, runs, latestPass1 };
  });

  const fresh = changes.runs.filter((r) => !loaded.has(r.id));
  if (fresh.length) {
    const pass1 = Object.assign({}, ...out.map((p) => p.latestPass1), changes.latestPass1) as Pass1;
    const compare = runComparator(order.sort, order.dir, pass1, now);
    const hasMore = out[out.length - 1].nextCursor != null;
    for (const run of fresh) {
      const at = placeOf(out, (row) => compare(run, row) < 0);
      const target = at ?? (hasMore ? null : { page: out.length - 1, index: out[out.length - 1].runs.length });
      if (!target) continue;
      const page = out[target.page];
      page.runs = [...page.runs.slice(0, target.index), run, ...page.runs.slice(target.index)];
      if (changes.latestPass1[run.id]) page.latestPass1[run.id] = changes.latestPass1[run.id];
    }
  }
  out[0] = {
    ...out[0],
    total: changes.total ?? out[0].total,
    matched: changes.matched ?? out[0].matched,
    trashed: changes.trashed ?? out[0].trashed,
    changesCursor: changes.changesCursor,
  };
  return out;
}

/** The first loaded row the run goes before, as (page, index). */
function placeOf(pages: LoadedRunsPage[], before: (row: RunView) => boolean): { page: number; index: number } | null {
  for (let p = 0; p < pages.length; p++) {
    const i = pages[p].runs.findIndex(before);
    if (i >= 0) return { page: p, index: i };
  }
  return null;
}
