"use client";

import Link from "next/link";
import type { ReactNode } from "react";
import type { RunView } from "@/server/runs/service";
import { CopyButton } from "@/components/common/copy-button";
import { useSession } from "@/components/auth/use-session";
import { RunStatusBadge } from "@/components/runs/run-status-badge";
import { RunActions } from "./run-actions";
import { RunFailure } from "./run-failure";
import { RunNameEditor } from "./run-name-editor";
import { RunNotes } from "./run-notes";
import { RunStatusTimeline } from "./run-status-timeline";
import { RunTagsEditor } from "./run-tags-editor";
import { RunTiming } from "./run-timing";

/**
 * Name, status, actions (cancel, relaunch, delete), where the run belongs, its
 * tags, when it ran, its queue timeline, how it ended, and its notes. A
 * signed-in admin edits the name, tags and notes in place.
 */
export function RunHeader({ run, live }: { run: RunView; live: ReactNode }) {
  const editable = useSession().signedIn;
  const meta: [string, ReactNode][] = [
    ["Project", <Link key="p" href={`/?project=${encodeURIComponent(run.project)}`} className="hover:text-indigo-700 hover:underline">{run.project}</Link>],
    [
      "Group",
      run.group ? (
        <Link key="g" href={`/?group=${encodeURIComponent(run.group)}`} className="hover:text-indigo-700 hover:underline" data-testid="run-group">
          {run.group}
        </Link>
      ) : null,
    ],
    ["Recipe", run.recipe],
    ["Pool", run.pool],
    ["Worker", run.workerId],
    ["Commit", run.gitCommit ? <span key="c" className="font-mono text-xs">{run.gitCommit.slice(0, 10)}</span> : null],
  ];
  return (
    <header className="space-y-4 rounded-xl border border-slate-200 bg-white p-5 shadow-sm">
      <nav aria-label="Breadcrumb" className="text-xs text-slate-500">
        <Link href="/" className="hover:text-slate-800">
          Runs
        </Link>
        {run.group && (
          <>
            <span className="mx-1.5 text-slate-300">/</span>
            <Link href={`/?group=${encodeURIComponent(run.group)}`} className="hover:text-slate-800">
              {run.group}
            </Link>
          </>
        )}
      </nav>
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0">
          <div className="flex flex-wrap items-center gap-3">
            <RunNameEditor run={run} editable={editable} />
            <RunStatusBadge status={run.status} testId="run-status" />
          </div>
          <div className="mt-1 flex items-center gap-1 text-sm text-slate-500">
            <span className="font-mono" data-testid="run-id">
              {run.id}
            </span>
            <CopyButton text={run.id} label="Copy run id" />
          </div>
        </div>
        <div className="flex flex-col items-end gap-2">
          <RunActions run={run} />
          {live}
        </div>
      </div>

      <div className="flex flex-wrap items-center gap-x-6 gap-y-2 text-sm">
        {meta
          .filter(([, v]) => v != null && v !== "")
          .map(([label, value]) => (
            <span key={label} className="text-slate-800">
              <span className="mr-1.5 text-slate-400">{label}</span>
              {value}
            </span>
          ))}
        <RunTagsEditor run={run} editable={editable} />
      </div>

      <RunTiming run={run} />
      <RunStatusTimeline run={run} />
      <RunFailure run={run} />
      <RunNotes run={run} editable={editable} />
    </header>
  );
}
