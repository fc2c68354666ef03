"use client";

import { useQuery } from "@tanstack/react-query";
import { passRateLabel } from "./outcome-badge";
import Link from "next/link";
import { Section } from "@/components/run-page/section";
import { useTRPC } from "@/components/providers/trpc";
import { formatCount, formatReward } from "./format";
import { DEFAULT_LIST_PARAMS, trajectoryListHref } from "./list-params";
import { ImportUploadBox } from "./import-upload-box";

/** The run page's "Trajectories" section: counts and pass rates per skill (each opens the filtered list) and the import box. */
export function RunTrajectoriesSection({ runId, live }: { runId: string; live: boolean }) {
  const trpc = useTRPC();
  const summary = useQuery({ ...trpc.trajectories.summary.queryOptions({ runId }), refetchInterval: live ? 5000 : false });
  const s = summary.data;
  return (
    <Section
      id="trajectories"
      title="Trajectories"
      description="Agent episodes logged by the trainer or imported from agent logs; open one to read it turn by turn."
      actions={
        s && s.total > 0 ? (
          <Link href={trajectoryListHref(runId, DEFAULT_LIST_PARAMS)} className="text-sm font-medium text-indigo-700 hover:underline" data-testid="open-trajectories">
            Open all {formatCount(s.total)} →
          </Link>
        ) : undefined
      }
    >
      {s && s.total > 0 && (
        <div className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-6" data-testid="trajectory-skill-counts">
          {s.bySkill.map((b) => (
            <Link
              key={b.skill}
              href={trajectoryListHref(runId, { ...DEFAULT_LIST_PARAMS, skill: b.skill })}
              className="rounded-lg border border-slate-200 bg-white px-3 py-2 shadow-sm hover:border-indigo-300 hover:shadow"
              data-testid={`trajectory-skill-${b.skill}`}
            >
              <p className="truncate text-sm font-medium text-slate-800">{b.skill}</p>
              <p className="text-lg font-semibold tabular-nums text-slate-900">{formatCount(b.count)}</p>
              <p className="text-xs text-slate-500 tabular-nums">
                <span className={b.passed ? "text-emerald-700" : ""}>{passRateLabel(b.passed, b.known)}</span> · mean reward {formatReward(b.meanReward)}
              </p>
            </Link>
          ))}
        </div>
      )}
      {s && s.total === 0 && <p className="text-sm text-slate-500">No trajectories yet.</p>}
      <ImportUploadBox runId={runId} />
    </Section>
  );
}
