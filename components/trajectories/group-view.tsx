"use client";

import Link from "next/link";
import { outcomeLabel } from "./outcome-badge";
import { useMemo } from "react";
import type { SampleSummary, TrajectoryGroup } from "@/server/trajectories/group-view";
import type { TrajectoryIndexRow } from "@/server/trajectories/list-query";
import { formatCount, formatMs, formatReward } from "./format";
import { DEFAULT_LIST_PARAMS, trajectoryHref, trajectoryListHref } from "./list-params";
import { readVerifier, verifierHeadline } from "./verifier-model";

interface Props {
  runId: string;
  runName: string;
  step: number;
  groupKey: string | null;
  taskId: string | null;
  /** The group, read on the server; or why it could not be. */
  group: TrajectoryGroup | null;
  error: string | null;
}

/**
 * The GRPO group view: the G samples of one prompt at one step side by side,
 * each with its reward, advantage, what it called and what the verifier found,
 * so one can see why one sample won.
 */
export function GroupView({ runId, runName, step, groupKey, taskId, group: g, error }: Props) {
  const best = useMemo(() => (g ? Math.max(...g.samples.map((s) => s.index.reward)) : null), [g]);
  const maxAdv = useMemo(() => (g ? Math.max(1e-9, ...g.samples.map((s) => Math.abs(s.index.advantage ?? 0))) : 1), [g]);
  const listParams = { ...DEFAULT_LIST_PARAMS, group: groupKey ?? "", task: groupKey ? "" : (taskId ?? ""), stepMin: String(step), stepMax: String(step), sort: "id" as const, dir: "asc" as const };
  return (
    <div className="space-y-4">
      <header className="space-y-2 rounded-xl border border-slate-200 bg-white p-5 shadow-sm">
        <nav aria-label="Breadcrumb" className="text-xs text-slate-500">
          <Link href="/" className="hover:text-slate-800">
            Runs
          </Link>
          <span className="mx-1.5 text-slate-300">/</span>
          <Link href={`/runs/${encodeURIComponent(runId)}`} className="hover:text-slate-800">
            {runName}
          </Link>
          <span className="mx-1.5 text-slate-300">/</span>
          <Link href={trajectoryListHref(runId, DEFAULT_LIST_PARAMS)} className="hover:text-slate-800">
            Trajectories
          </Link>
        </nav>
        <h1 className="text-2xl font-semibold tracking-tight text-slate-900">GRPO group</h1>
        <p className="flex flex-wrap gap-x-5 gap-y-1 text-sm text-slate-600">
          <span>
            step <span className="font-semibold text-slate-900">{step}</span>
          </span>
          {groupKey && (
            <span>
              group <span className="font-mono text-slate-900">{groupKey}</span>
            </span>
          )}
          {g?.taskId && (
            <span>
              task <span className="font-mono text-slate-900">{g.taskId}</span>
            </span>
          )}
          {g && (
            <>
              <span data-testid="group-size">G = {g.samples.length}{g.truncated && " (first 64 shown)"}</span>
              <span>
                mean reward {formatReward(g.meanReward)} ± {formatReward(g.stdReward)}
              </span>
              <Link href={trajectoryListHref(runId, listParams)} className="text-indigo-700 hover:underline">
                as a list
              </Link>
            </>
          )}
        </p>
      </header>
      {error && <p className="rounded-lg border border-rose-200 bg-rose-50 px-4 py-3 text-sm text-rose-800">{error}</p>}
      {g && (
        <div className="grid auto-cols-[minmax(16rem,1fr)] grid-flow-col gap-3 overflow-x-auto pb-3" data-testid="group-samples">
          {g.samples.map((s) => (
            <SampleColumn key={s.index.id} runId={runId} index={s.index} summary={s.summary} best={s.index.reward === best && g.samples.length > 1} maxAdv={maxAdv} />
          ))}
        </div>
      )}
    </div>
  );
}

function SampleColumn({ runId, index, summary, best, maxAdv }: { runId: string; index: TrajectoryIndexRow; summary: SampleSummary; best: boolean; maxAdv: number }) {
  const verifier = useMemo(() => verifierHeadline(readVerifier(summary.verifier)), [summary.verifier]);
  const adv = index.advantage;
  const width = adv == null ? 0 : (Math.abs(adv) / maxAdv) * 50;
  return (
    <article
      className={`flex min-w-0 flex-col gap-3 rounded-lg border bg-white p-3 shadow-sm ${best ? "border-emerald-400 ring-2 ring-emerald-500/20" : "border-slate-200"}`}
      data-testid={`group-sample-${index.id}`}
    >
      <header className="flex items-start justify-between gap-2">
        <div>
          <p className="text-xs text-slate-500">sample {index.sampleIndex ?? "—"}</p>
          <Link href={trajectoryHref(runId, index.id)} className="font-mono text-sm text-indigo-700 hover:underline">
            #{index.id}
          </Link>
        </div>
        <div className="text-right">
          <p className={`text-2xl font-semibold tabular-nums ${index.passed ? "text-emerald-700" : "text-slate-900"}`} data-testid="sample-reward">
            {formatReward(index.reward)}
          </p>
          <p className="text-xs text-slate-500">{best ? "best reward" : outcomeLabel(index.passed)}</p>
        </div>
      </header>
      <div>
        <div className="flex justify-between text-xs text-slate-500">
          <span>advantage</span>
          <span className={`tabular-nums ${adv == null ? "" : adv > 0 ? "text-emerald-700" : adv < 0 ? "text-rose-700" : ""}`}>{formatReward(adv, true)}</span>
        </div>
        <div className="relative mt-1 h-1.5 rounded bg-slate-100" aria-hidden>
          <div className="absolute inset-y-0 left-1/2 w-px bg-slate-300" />
          {adv != null && (
            <div className={`absolute inset-y-0 rounded ${adv >= 0 ? "left-1/2 bg-emerald-500" : "right-1/2 bg-rose-500"}`} style={{ width: `${width}%` }} />
          )}
        </div>
      </div>
      <dl className="grid grid-cols-4 gap-2 text-center text-xs">
        {[
          ["steps", String(index.numSteps)],
          ["tools", String(summary.toolCallTotal)],
          ["tokens", formatCount(index.tokens)],
          ["time", formatMs(index.durationMs)],
        ].map(([k, v]) => (
          <div key={k} className="rounded bg-slate-50 py-1">
            <dt className="text-slate-400">{k}</dt>
            <dd className="font-medium tabular-nums text-slate-800">{v}</dd>
          </div>
        ))}
      </dl>
      {verifier.length > 0 && (
        <ul className="space-y-0.5 text-xs text-slate-700">
          {verifier.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      )}
      <ol className="space-y-0.5 border-t border-slate-100 pt-2 font-mono text-[11.5px] leading-4" aria-label="Tool calls">
        {summary.toolCalls.map((c, i) => (
          <li key={i} className="truncate" title={`${c.name} ${c.preview}`}>
            <span className="text-slate-400">{i + 1}.</span> <span className="font-semibold text-slate-800">{c.name}</span> <span className="text-slate-500">{c.preview}</span>
          </li>
        ))}
        {summary.toolCallTotal > summary.toolCalls.length && <li className="text-slate-400">… {summary.toolCallTotal - summary.toolCalls.length} more</li>}
      </ol>
      {summary.finalText && (
        <p className="line-clamp-6 border-t border-slate-100 pt-2 text-xs leading-5 text-slate-600" title="The sample's last assistant message">
          {summary.finalText}
        </p>
      )}
    </article>
  );
}
