"use client";

import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { useTRPC } from "@/components/providers/trpc";
import { fileWindow } from "@/components/trajectories/edit-detect";
import { formatReward } from "@/components/trajectories/format";
import { trajectoryHref, DEFAULT_LIST_PARAMS } from "@/components/trajectories/list-params";
import type { ObservationMode } from "@/components/trajectories/observation-view";
import { OutcomeBadge } from "@/components/trajectories/outcome-badge";
import { TurnCard } from "@/components/trajectories/turn-card";
import { VerifierPanel } from "@/components/trajectories/verifier-panel";
import type { RunTaskTrajectories } from "@/server/tasks/task-trajectories";
import type { TrajectoryIndexRow } from "@/server/trajectories/list-query";
import type { TurnView } from "@/server/trajectories/turn-pages";
import { StepStrip } from "./step-strip";

const TURN_PAGE = 40;

const isTyping = (el: Element | null) => !!el && (el.tagName === "INPUT" || el.tagName === "TEXTAREA" || el.tagName === "SELECT" || (el as HTMLElement).isContentEditable);

/** Default pick for a side: the latest step's first sample; for the second side of one run, the step before. */
function defaultPick(list: TrajectoryIndexRow[], previousStep: boolean): number | null {
  if (!list.length) return null;
  if (previousStep) {
    const older = list.find((t) => t.step < list[0].step);
    if (older) return older.id;
  }
  return list[0].id;
}

function useTurns(id: number | null) {
  const trpc = useTRPC();
  const q = useInfiniteQuery({
    ...trpc.trajectories.turns.infiniteQueryOptions({ id: id ?? 0, limit: TURN_PAGE }, { getNextPageParam: (p) => p.nextCursor ?? undefined, initialCursor: 0 }),
    enabled: id != null,
    staleTime: Infinity,
  });
  const turns = useMemo(() => q.data?.pages.flatMap((p) => p.turns) ?? [], [q.data]);
  return { turns, total: q.data?.pages[0]?.total ?? 0, hasNextPage: q.hasNextPage, fetchNextPage: q.fetchNextPage, isFetching: q.isFetchingNextPage };
}

function SideHeader({ side, pick, onPick, label }: { side: RunTaskTrajectories; pick: number | null; onPick: (id: number) => void; label: string }) {
  const trpc = useTRPC();
  const header = useQuery({ ...trpc.trajectories.header.queryOptions({ id: pick ?? 0 }), enabled: pick != null, staleTime: Infinity });
  const row = side.trajectories.find((t) => t.id === pick);
  return (
    <div className="space-y-2 rounded-lg border border-slate-200 bg-white p-3 shadow-sm" data-testid={`side-${label}`}>
      <div className="flex flex-wrap items-center gap-2">
        <span className="rounded bg-slate-100 px-1.5 text-xs font-semibold text-slate-500">{label}</span>
        <Link href={`/runs/${side.runId}`} className="font-medium text-slate-900 hover:underline">
          {side.runName}
        </Link>
        {row && <OutcomeBadge passed={row.passed} testId={`side-${label}-outcome`} />}
        {row && <span className="text-xs text-slate-500">reward {formatReward(row.reward)} · {row.numSteps} steps</span>}
        {row && (
          <Link href={trajectoryHref(side.runId, row.id, DEFAULT_LIST_PARAMS)} className="ml-auto text-xs text-indigo-700 hover:underline">
            open #{row.id}
          </Link>
        )}
      </div>
      {side.trajectories.length === 0 ? (
        <p className="text-sm text-slate-500">This run has no trajectory of this task.</p>
      ) : (
        <>
          <select
            value={pick ?? ""}
            onChange={(e) => onPick(Number(e.target.value))}
            className="h-8 w-full rounded-md border border-slate-300 bg-white px-2 text-sm"
            aria-label={`Trajectory of ${side.runName}`}
            data-testid={`side-${label}-pick`}
          >
            {side.trajectories.map((t) => (
              <option key={t.id} value={t.id}>
                step {t.step} · sample {t.sampleIndex ?? "–"} · {t.passed == null ? "outcome unknown" : t.passed ? "passed" : "failed"} · #{t.id}
              </option>
            ))}
          </select>
          <StepStrip trajectories={side.trajectories} pick={pick} onPick={onPick} />
        </>
      )}
      {header.data && Object.keys(header.data.verifier).length > 0 && <VerifierPanel verifier={header.data.verifier} clips={header.data.verifierClips} />}
    </div>
  );
}

/**
 * `/compare/tasks/<task>?runs=A,B`: two trajectories of one task next to each other, turns aligned by
 * index, the first divergence marked. One run: the same task at two steps of it (across steps).
 * Keys: j/k aligned turn, d jump to the divergence, t tool calls.
 */
export function TaskSideBySide({ taskId, sides }: { taskId: string; sides: RunTaskTrajectories[] }) {
  const left = sides[0];
  const right = sides[1] ?? sides[0];
  const sameRun = sides.length === 1;
  const [picks, setPicks] = useState<[number | null, number | null]>(() => [defaultPick(left.trajectories, false), defaultPick(right.trajectories, sameRun)]);
  const a = useTurns(picks[0]);
  const b = useTurns(picks[1]);
  const [focused, setFocused] = useState<number | null>(null);
  const [showToolCalls, setShowToolCalls] = useState(true);
  const [modes, setModes] = useState<Record<string, ObservationMode>>({});
  const scrollOnFocus = useRef(false);

  const trpc = useTRPC();
  // Over the whole bodies, server side: the first difference may lie pages past what is loaded.
  const divergenceQuery = useQuery({
    ...trpc.tasks.divergence.queryOptions({ a: picks[0] ?? 0, b: picks[1] ?? 0 }),
    enabled: picks[0] != null && picks[1] != null,
    staleTime: Infinity,
  });
  const divergence = divergenceQuery.data?.index ?? null;
  const rows = Math.max(a.turns.length, b.turns.length);

  const loadMore = useCallback(() => {
    if (a.hasNextPage) void a.fetchNextPage();
    if (b.hasNextPage) void b.fetchNextPage();
  }, [a, b]);

  const focusRow = useCallback((i: number) => {
    scrollOnFocus.current = true;
    setFocused(i);
  }, []);

  // A focused turn past the loaded pages (e.g. the divergence) loads pages until it is there, then scrolls to it.
  const fetching = a.isFetching || b.isFetching;
  const morePages = a.hasNextPage || b.hasNextPage;
  useEffect(() => {
    if (focused == null || !scrollOnFocus.current) return;
    if (focused >= rows) {
      if (morePages && !fetching) loadMore();
      return;
    }
    scrollOnFocus.current = false;
    document.getElementById(`pair-${focused}`)?.scrollIntoView({ block: "start" });
  }, [focused, rows, morePages, fetching, loadMore]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.metaKey || e.ctrlKey || e.altKey || isTyping(document.activeElement)) return;
      const actions: Record<string, () => void> = {
        j: () => {
          const next = focused == null ? 0 : focused + 1;
          if (next < rows) focusRow(next);
          else loadMore();
        },
        k: () => focused != null && focused > 0 && focusRow(focused - 1),
        d: () => divergence != null && focusRow(divergence),
        t: () => setShowToolCalls((v) => !v),
      };
      const action = actions[e.key];
      if (action) {
        e.preventDefault();
        action();
      }
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [focused, rows, divergence, focusRow, loadMore]);

  const setMode = useCallback((key: string, mode: ObservationMode) => setModes((m) => ({ ...m, [key]: mode })), []);
  const noWindow = useCallback(() => null as ReturnType<typeof fileWindow>, []);

  const cell = (side: "a" | "b", id: number | null, view: TurnView | undefined, i: number) =>
    view && id != null ? (
      <TurnCard
        trajectoryId={id}
        view={view}
        focused={focused === i}
        showToolCalls={showToolCalls}
        showMetadata={false}
        observationMode={modes[`${side}${i}`] ?? "preview"}
        onObservationMode={(index, mode) => setMode(`${side}${index}`, mode)}
        onFocus={() => setFocused(i)}
        priorWindow={noWindow}
      />
    ) : (
      <div className="h-full rounded-lg border border-dashed border-slate-200 p-3 text-xs text-slate-400">{id == null ? "" : "—"}</div>
    );

  return (
    <div className="space-y-4">
      <div>
        <nav className="text-sm text-slate-500">
          <Link href={`/compare?runs=${sides.map((s) => encodeURIComponent(s.runId)).join(",")}&view=tasks`} className="hover:underline">
            Tasks
          </Link>
        </nav>
        <h1 className="text-xl font-semibold text-slate-900">
          <span className="font-mono" data-testid="side-task-id">
            {taskId}
          </span>
          <span className="ml-2 text-base font-normal text-slate-500">{sameRun ? `across steps of ${left.runName}` : `${left.runName} vs ${right.runName}`}</span>
        </h1>
      </div>
      <div className="grid gap-3 md:grid-cols-2">
        <SideHeader side={left} label="A" pick={picks[0]} onPick={(id) => setPicks(([, y]) => [id, y])} />
        <SideHeader side={right} label="B" pick={picks[1]} onPick={(id) => setPicks(([x]) => [x, id])} />
      </div>
      <div className="sticky top-0 z-20 flex flex-wrap items-center gap-4 bg-slate-50/95 py-2 text-sm backdrop-blur">
        <p data-testid="divergence" className={divergence != null ? "font-medium text-amber-800" : "text-slate-500"}>
          {divergence != null ? (
            <button type="button" onClick={() => focusRow(divergence)} className="hover:underline">
              First divergence at turn {divergence + 1}
            </button>
          ) : divergenceQuery.isSuccess ? (
            "The two trajectories take the same actions"
          ) : divergenceQuery.isError ? (
            `Could not compare the two: ${divergenceQuery.error.message}`
          ) : (
            "Finding where they diverge…"
          )}
        </p>
        <label className="flex items-center gap-1.5 text-slate-700">
          <input type="checkbox" checked={showToolCalls} onChange={(e) => setShowToolCalls(e.target.checked)} className="h-4 w-4 accent-indigo-600" />
          Tool calls
        </label>
        <span className="ml-auto text-xs text-slate-400">
          <kbd>j</kbd>/<kbd>k</kbd> turn · <kbd>d</kbd> divergence · <kbd>t</kbd> tool calls · {focused != null ? `turn ${focused + 1}` : `${a.turns.length} + ${b.turns.length} turns loaded`}
        </span>
      </div>
      <ol className="space-y-2" aria-label="Aligned turns">
        {Array.from({ length: rows }, (_, i) => (
          <li
            key={i}
            id={`pair-${i}`}
            data-testid={`pair-${i}`}
            data-divergence={i === divergence || undefined}
            data-focused={i === focused || undefined}
            className={`scroll-mt-14 rounded-lg ${i === divergence ? "ring-2 ring-amber-400 ring-offset-2" : ""}`}
          >
            {i === divergence && <p className="mb-1 text-xs font-semibold uppercase tracking-wide text-amber-700">Diverges here</p>}
            <div className="grid gap-3 md:grid-cols-2">
              {cell("a", picks[0], a.turns[i], i)}
              {cell("b", picks[1], b.turns[i], i)}
            </div>
          </li>
        ))}
      </ol>
      <div className="py-3 text-center text-sm text-slate-500">
        {a.hasNextPage || b.hasNextPage ? (
          <button type="button" onClick={loadMore} disabled={a.isFetching || b.isFetching} className="text-indigo-700 hover:underline">
            {a.isFetching || b.isFetching ? "Loading more turns…" : "Load more turns"}
          </button>
        ) : (
          "End of both trajectories."
        )}
      </div>
    </div>
  );
}
