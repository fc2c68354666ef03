"use client";

import Link from "next/link";
import { OutcomeBadge } from "./outcome-badge";
import type { ReactNode } from "react";
import type { TrajectoryHeader as Header } from "@/server/trajectories/turn-pages";
import { formatBytes, formatCount, formatMs, formatReward } from "./format";
import { groupHref, trajectoryHref, trajectoryListHref, type TrajectoryListParams } from "./list-params";

interface Props {
  runName: string;
  header: Header;
  listParams: TrajectoryListParams;
  neighbors: { prev: number | null; next: number | null; position: number; total: number } | undefined;
}

function Stat({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <div className="min-w-0">
      <dt className="text-[11px] font-semibold uppercase tracking-wide text-slate-400">{label}</dt>
      <dd className="mt-0.5 truncate text-sm tabular-nums text-slate-900" data-testid={testId}>
        {children}
      </dd>
    </div>
  );
}

const navButton = "inline-flex h-8 items-center gap-1 rounded-md border border-slate-300 bg-white px-2.5 text-sm text-slate-700 shadow-sm hover:bg-slate-50";

/** The trajectory's identity and outcome, with previous/next in the list it was opened from. */
export function TrajectoryHeader({ runName, header, listParams, neighbors }: Props) {
  const t = header.index;
  const run = encodeURIComponent(t.runId);
  const tokens = t.tokens;
  return (
    <header className="space-y-4 rounded-xl border border-slate-200 bg-white p-5 shadow-sm">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0">
          <nav aria-label="Breadcrumb" className="text-xs text-slate-500">
            <Link href="/" className="hover:text-slate-800">
              Runs
            </Link>
            <span className="mx-1.5 text-slate-300">/</span>
            <Link href={`/runs/${run}`} className="hover:text-slate-800">
              {runName}
            </Link>
            <span className="mx-1.5 text-slate-300">/</span>
            <Link href={trajectoryListHref(t.runId, listParams)} className="hover:text-slate-800" data-testid="back-to-list">
              Trajectories
            </Link>
          </nav>
          <h1 className="mt-1 flex flex-wrap items-center gap-3 text-2xl font-semibold tracking-tight text-slate-900">
            <span>Trajectory #{t.id}</span>
            <OutcomeBadge passed={t.passed} large testId="trajectory-result" />
          </h1>
          <p className="mt-1 truncate font-mono text-sm text-slate-600" data-testid="trajectory-task-id" title={t.taskId}>
            {t.taskId}
          </p>
        </div>
        <div className="flex items-center gap-2">
          {neighbors && (
            <span className="text-xs text-slate-500 tabular-nums" data-testid="list-position">
              {formatCount(neighbors.position)} of {formatCount(neighbors.total)}
            </span>
          )}
          {neighbors?.prev != null ? (
            <Link href={trajectoryHref(t.runId, neighbors.prev, listParams)} className={navButton} data-testid="prev-trajectory" title="Previous trajectory (p)">
              ← <kbd className="font-mono text-xs text-slate-400">p</kbd>
            </Link>
          ) : (
            <span className={`${navButton} opacity-40`} aria-disabled>
              ←
            </span>
          )}
          {neighbors?.next != null ? (
            <Link href={trajectoryHref(t.runId, neighbors.next, listParams)} className={navButton} data-testid="next-trajectory" title="Next trajectory (n)">
              <kbd className="font-mono text-xs text-slate-400">n</kbd> →
            </Link>
          ) : (
            <span className={`${navButton} opacity-40`} aria-disabled>
              →
            </span>
          )}
          <a href={`/api/trajectories/${t.id}/raw`} className={navButton} title="The whole trajectory JSON, as stored">
            Raw JSON
          </a>
        </div>
      </div>
      <dl className="grid grid-cols-3 gap-x-6 gap-y-3 sm:grid-cols-6 xl:grid-cols-11">
        <Stat label="Skill" testId="trajectory-skill">{t.skill}</Stat>
        <Stat label="Step">{t.step}</Stat>
        <Stat label="Reward" testId="trajectory-reward">
          <span className={t.passed ? "font-semibold text-emerald-700" : "font-semibold"}>{formatReward(t.reward)}</span>
        </Stat>
        <Stat label="Advantage">
          <span className={t.advantage == null ? "text-slate-400" : t.advantage > 0 ? "text-emerald-700" : t.advantage < 0 ? "text-rose-700" : ""}>{formatReward(t.advantage, true)}</span>
        </Stat>
        <Stat label="Group">
          <Link href={groupHref(t.runId, t)} className="text-indigo-700 hover:underline" data-testid="group-link" title={t.groupKey ?? `Samples of ${t.taskId} at step ${t.step}`}>
            {t.groupKey ?? "by task"}
            {t.sampleIndex != null && ` · ${t.sampleIndex}`}
          </Link>
        </Stat>
        <Stat label="Env steps">{t.numSteps}</Stat>
        <Stat label="Turns" testId="trajectory-turn-count">{formatCount(header.turnCount)}</Stat>
        <Stat label="Tool calls">{formatCount(header.toolCallCount)}</Stat>
        <Stat label="Tokens">{formatCount(tokens)}</Stat>
        <Stat label="Duration">{formatMs(t.durationMs)}</Stat>
        <Stat label="Size">{formatBytes(t.sizeBytes)}</Stat>
      </dl>
    </header>
  );
}
