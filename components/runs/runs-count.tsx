const fmt = (n: number) => n.toLocaleString("en-US");

/** "12,431 runs · 50 match" under the title: every run of the list, and those passing the filters. */
export function RunsCount({ total, matched, narrowed, project, trash }: { total: number | null; matched: number | null; narrowed: boolean; project: string; trash: boolean }) {
  return (
    <p className="text-sm text-slate-500" data-testid="runs-count">
      {total == null ? (
        "Loading…"
      ) : (
        <>
          {fmt(total)} run{total === 1 ? "" : "s"}
          {project && <> in {project}</>}
          {trash && <> in the trash</>}
          {narrowed && matched != null && <> · {fmt(matched)} match</>}
        </>
      )}
    </p>
  );
}
