"use client";

import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { useRouter, useSearchParams } from "next/navigation";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { useInView } from "@/components/common/use-in-view";
import { useTRPC } from "@/components/providers/trpc";
import type { TrajectoryHeader as Header, TurnPage, TurnView } from "@/server/trajectories/turn-pages";
import { fileWindow } from "./edit-detect";
import { KeyValues } from "./json-view";
import { groupHref, parseListParams, toQueryInput, trajectoryHref, trajectoryListHref } from "./list-params";
import type { ObservationMode } from "./observation-view";
import { TaskPanel } from "./task-panel";
import { TrajectoryHeader } from "./trajectory-header";
import { TurnCard } from "./turn-card";
import { VerifierPanel } from "./verifier-panel";

/** Turns per page after the first screen. */
export const TURN_PAGE = 40;

/** Focus in a field that takes typed keys (a checkbox or button does not). */
const isTyping = (el: Element | null) =>
  !!el &&
  ((el.tagName === "INPUT" && !["checkbox", "radio", "button", "submit"].includes((el as HTMLInputElement).type)) ||
    el.tagName === "TEXTAREA" ||
    el.tagName === "SELECT" ||
    (el as HTMLElement).isContentEditable);

/** A turn that is only a tool's output (hidden with the observations). */
const isObservationTurn = (t: TurnView) => t.turn.role === "tool" && (t.turn.content == null || t.turn.content === "");

function Toggle({ label, checked, onChange, shortcut, testId }: { label: string; checked: boolean; onChange: (v: boolean) => void; shortcut: string; testId: string }) {
  return (
    <label className="inline-flex cursor-pointer items-center gap-1.5 text-sm text-slate-700">
      <input type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} data-testid={testId} className="h-4 w-4 rounded border-slate-300 accent-indigo-600" />
      {label}
      <kbd className="rounded border border-slate-200 bg-slate-50 px-1 font-mono text-[10px] text-slate-400">{shortcut}</kbd>
    </label>
  );
}

/**
 * `/runs/[id]/trajectories/[tid]`: header, task, the turn-by-turn timeline
 * (paged: more turns load on scroll) and the verifier. Keys: j/k turn, n/p
 * trajectory in the list order the page was opened from, o show all of the
 * focused observation, t/v/m toggle tool calls, observations, metadata, g group, u list.
 */
export function TrajectoryPageView({ runName, header, initialTurns }: { runName: string; header: Header; initialTurns: TurnPage }) {
  const trpc = useTRPC();
  const router = useRouter();
  const search = useSearchParams();
  const query = search.toString();
  const listParams = useMemo(() => parseListParams(new URLSearchParams(query)), [query]);
  const id = header.index.id;
  const runId = header.index.runId;

  const turnsQuery = useInfiniteQuery({
    ...trpc.trajectories.turns.infiniteQueryOptions({ id, limit: TURN_PAGE }, { getNextPageParam: (p) => p.nextCursor ?? undefined, initialCursor: 0 }),
    initialData: { pages: [initialTurns], pageParams: [0] },
    staleTime: Infinity,
  });
  const { fetchNextPage, hasNextPage, isFetchingNextPage } = turnsQuery;
  const turns = useMemo(() => turnsQuery.data?.pages.flatMap((p) => p.turns) ?? [], [turnsQuery.data]);
  const neighbors = useQuery(trpc.trajectories.neighbors.queryOptions({ id, ...toQueryInput(listParams) }));

  const [showToolCalls, setShowToolCalls] = useState(true);
  const [showObservations, setShowObservations] = useState(true);
  const [showMetadata, setShowMetadata] = useState(false);
  const [modes, setModes] = useState<Record<number, ObservationMode>>({});
  const [focused, setFocused] = useState<number | null>(null);
  const scrollOnFocus = useRef(false);
  const pendingNext = useRef(false);

  // n/p render the next trajectory in this same component: its turns start unfocused and
  // unexpanded, while the toggles stay as the reader set them.
  const [shownId, setShownId] = useState(id);
  if (shownId !== id) {
    setShownId(id);
    setFocused(null);
    setModes({});
  }

  const visible = useMemo(() => (showObservations ? turns : turns.filter((t) => !isObservationTurn(t))), [turns, showObservations]);

  const [sentinel, nearEnd] = useInView<HTMLDivElement>("1500px");
  useEffect(() => {
    if (nearEnd && hasNextPage && !isFetchingNextPage) void fetchNextPage();
  }, [nearEnd, hasNextPage, isFetchingNextPage, fetchNextPage]);

  const setMode = useCallback((index: number, mode: ObservationMode) => setModes((m) => ({ ...m, [index]: mode })), []);
  const focusTurn = useCallback((index: number) => setFocused(index), []);

  /** The last SWE-agent file window shown before a turn (the old lines of a line-range edit). */
  const turnsRef = useRef(turns);
  turnsRef.current = turns;
  const priorWindow = useCallback((index: number) => {
    const all = turnsRef.current;
    for (let i = all.findIndex((t) => t.index === index) - 1; i >= 0; i--) {
      const obs = all[i].turn.observation ?? (all[i].turn.role !== "assistant" ? all[i].turn.content : undefined);
      if (typeof obs !== "string" || !obs.includes("[File: ") || /^\s*Your proposed edit/.test(obs)) continue;
      const w = fileWindow(obs);
      if (w) return w;
    }
    return null;
  }, []);

  const moveFocus = useCallback(
    (delta: 1 | -1) => {
      const pos = focused == null ? -1 : visible.findIndex((t) => t.index === focused);
      const next = focused == null ? (delta === 1 ? 0 : -1) : pos + delta;
      if (next >= 0 && next < visible.length) {
        scrollOnFocus.current = true;
        setFocused(visible[next].index);
      } else if (delta === 1 && next >= visible.length && hasNextPage) {
        pendingNext.current = true;
        void fetchNextPage();
      }
    },
    [focused, visible, hasNextPage, fetchNextPage],
  );

  // j pressed at the end of the loaded turns moves on once the next page is in.
  useEffect(() => {
    if (pendingNext.current && !isFetchingNextPage) {
      pendingNext.current = false;
      moveFocus(1);
    }
  }, [visible.length, isFetchingNextPage, moveFocus]);

  useEffect(() => {
    if (focused == null || !scrollOnFocus.current) return;
    scrollOnFocus.current = false;
    document.getElementById(`turn-${focused}`)?.scrollIntoView({ block: "start" });
  }, [focused]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.metaKey || e.ctrlKey || e.altKey || isTyping(document.activeElement)) return;
      const n = neighbors.data;
      const go = (target: number | null | undefined) => target != null && router.push(trajectoryHref(runId, target, listParams));
      const actions: Record<string, () => void> = {
        j: () => moveFocus(1),
        k: () => moveFocus(-1),
        n: () => go(n?.next),
        p: () => go(n?.prev),
        o: () => {
          if (focused == null) return;
          setShowObservations(true);
          setMode(focused, (modes[focused] ?? "preview") === "full" ? "preview" : "full");
        },
        t: () => setShowToolCalls((v) => !v),
        v: () => setShowObservations((v) => !v),
        m: () => setShowMetadata((v) => !v),
        g: () => router.push(groupHref(runId, header.index)),
        u: () => router.push(trajectoryListHref(runId, listParams)),
      };
      const action = actions[e.key];
      if (action) {
        e.preventDefault();
        action();
      }
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [moveFocus, neighbors.data, router, runId, listParams, focused, modes, setMode, header.index]);

  const metadataEntries = useMemo(() => [...Object.entries(header.metadata), ...Object.entries(header.extra)], [header.metadata, header.extra]);
  const total = initialTurns.total;

  return (
    <div className="space-y-4">
      <TrajectoryHeader runName={runName} header={header} listParams={listParams} neighbors={neighbors.data} />
      <div className="grid gap-4 lg:grid-cols-[minmax(0,1fr)_26rem]">
        <div className="min-w-0 space-y-3">
          <TaskPanel task={header.task} issueUrl={header.issueUrl} />
          <div className="sticky top-0 z-20 -mx-1 flex flex-wrap items-center gap-x-5 gap-y-2 rounded-b-lg bg-slate-50/95 px-1 py-2 backdrop-blur" data-testid="timeline-toolbar">
            <h2 className="text-sm font-semibold text-slate-900">Timeline</h2>
            <Toggle label="Tool calls" checked={showToolCalls} onChange={setShowToolCalls} shortcut="t" testId="toggle-tool-calls" />
            <Toggle label="Observations" checked={showObservations} onChange={setShowObservations} shortcut="v" testId="toggle-observations" />
            <Toggle label="Metadata" checked={showMetadata} onChange={setShowMetadata} shortcut="m" testId="toggle-metadata" />
            <span className="ml-auto text-xs text-slate-500 tabular-nums" data-testid="turn-position">
              {focused != null ? `turn ${(focused + 1).toLocaleString("en-US")} of ${total.toLocaleString("en-US")}` : `${turns.length.toLocaleString("en-US")} of ${total.toLocaleString("en-US")} turns loaded`}
              <span className="ml-3 hidden text-slate-400 md:inline">
                <kbd className="font-mono">j</kbd>/<kbd className="font-mono">k</kbd> turn · <kbd className="font-mono">n</kbd>/<kbd className="font-mono">p</kbd> trajectory ·{" "}
                <kbd className="font-mono">o</kbd> show all · <kbd className="font-mono">g</kbd> group
              </span>
            </span>
          </div>
          <ol className="space-y-2" aria-label="Turns">
            {visible.map((t) => (
              <li key={t.index}>
                <TurnCard
                  trajectoryId={id}
                  view={t}
                  focused={t.index === focused}
                  showToolCalls={showToolCalls}
                  showMetadata={showMetadata}
                  observationMode={modes[t.index] ?? "preview"}
                  onObservationMode={setMode}
                  onFocus={focusTurn}
                  priorWindow={priorWindow}
                />
              </li>
            ))}
          </ol>
          <div ref={sentinel} className="py-3 text-center text-sm text-slate-500" data-testid="turns-end">
            {hasNextPage ? (
              <button type="button" onClick={() => void fetchNextPage()} disabled={isFetchingNextPage} className="text-indigo-700 hover:underline disabled:text-slate-400">
                {isFetchingNextPage ? "Loading more turns…" : `Load more turns (${(total - turns.length).toLocaleString("en-US")} left)`}
              </button>
            ) : total === 0 ? (
              "This trajectory has no turns."
            ) : (
              "End of the trajectory."
            )}
          </div>
        </div>
        <aside className="space-y-4 lg:sticky lg:top-4 lg:max-h-[calc(100vh-2rem)] lg:self-start lg:overflow-y-auto">
          <VerifierPanel verifier={header.verifier} clips={header.verifierClips} />
          <section className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm" aria-labelledby="metadata-title" data-testid="metadata-panel">
            <div className="flex items-center justify-between">
              <h2 id="metadata-title" className="text-sm font-semibold text-slate-900">
                Metadata <span className="font-normal text-slate-400">({metadataEntries.length} fields)</span>
              </h2>
              <button type="button" onClick={() => setShowMetadata(!showMetadata)} className="text-xs text-indigo-700 hover:underline">
                {showMetadata ? "Hide" : "Show"}
              </button>
            </div>
            {showMetadata && (
              <div className="mt-3">
                {metadataEntries.length ? <KeyValues entries={metadataEntries} /> : <p className="text-sm text-slate-500">None.</p>}
                {header.metadataClips.length > 0 && (
                  <p className="mt-2 text-xs text-amber-700">
                    Cut for display: {header.metadataClips.slice(0, 5).map((c) => c.path).join(", ")}
                    {header.metadataClips.length > 5 && ` and ${header.metadataClips.length - 5} more`} — the raw JSON has them whole.
                  </p>
                )}
              </div>
            )}
          </section>
        </aside>
      </div>
    </div>
  );
}
