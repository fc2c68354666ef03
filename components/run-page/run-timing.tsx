"use client";

import type { RunView } from "@/server/runs/service";
import { RelativeTime } from "@/components/common/relative-time";
import { RunDuration } from "@/components/runs/run-duration";

/** Created / started / ended times and the duration, which ticks while the run is running. */
export function RunTiming({ run }: { run: RunView }) {
  const items: [string, React.ReactNode][] = [
    ["Created", <RelativeTime key="c" iso={run.createdAt} />],
    ["Started", <RelativeTime key="s" iso={run.startedAt} />],
    ["Ended", run.endedAt ? <RelativeTime key="e" iso={run.endedAt} /> : <span key="e" className="text-slate-400">{run.status === "running" ? "still running" : "—"}</span>],
    [
      "Duration",
      <RunDuration key="d" run={run} className="font-mono tabular-nums" testId="run-duration" />,
    ],
  ];
  return (
    <dl className="grid grid-cols-2 gap-x-8 gap-y-1 text-sm sm:grid-cols-4">
      {items.map(([label, value]) => (
        <div key={label}>
          <dt className="text-xs font-medium uppercase tracking-wide text-slate-400">{label}</dt>
          <dd className="text-slate-800">{value}</dd>
        </div>
      ))}
    </dl>
  );
}
