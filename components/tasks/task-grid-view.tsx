"use client";

import { keepPreviousData, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname, useSearchParams } from "next/navigation";
import { useCallback, useMemo, useState } from "react";
import { downloadBlob, fileSlug } from "@/components/compare/chart-export";
import { useTRPC } from "@/components/providers/trpc";
import type { TaskCell } from "@/server/tasks/task-grid";
import { parseTaskGridParams, rateColor, TASK_PAGE, taskCompareHref, toTaskGridInput, withTaskGridParams, type TaskGridParams } from "./task-grid-params";

interface RunRef {
  id: string;
  name: string;
  color?: string;
}

const select = "h-8 rounded-md border border-slate-300 bg-white pl-2 pr-7 text-sm shadow-sm outline-none focus:border-indigo-500";

function CellBadge({ cell, href }: { cell: TaskCell | null; href: string }) {
  if (!cell) return <span className="text-slate-300">—</span>;
  const label = `${cell.passes}/${cell.attempts}`;
  return (
    <Link
      href={href}
      className="inline-block min-w-14 rounded px-2 py-0.5 text-center font-medium tabular-nums text-slate-800 hover:ring-2 hover:ring-indigo-400"
      style={{ background: rateColor(cell.rate) }}
      title={`${cell.passes} passed of ${cell.attempts} at step ${cell.step}${cell.unknown ? `; ${cell.unknown} with unknown outcome (not counted as failures)` : ""}`}
      data-testid="task-cell"
    >
      {label}
      {cell.unknown > 0 && <span className="ml-1 text-xs font-normal text-slate-500">({cell.unknown}?)</span>}
    </Link>
  );
}

/** `/compare?runs=…&view=tasks`: one row per task, passes out of attempts per run, sorted by disagreement. */
export function TaskGridView({ runs, skills }: { runs: RunRef[]; skills: string[] }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const pathname = usePathname();
  const search = useSearchParams();
  const [params, setParams] = useState<TaskGridParams>(() => parseTaskGridParams(new URLSearchParams(search.toString())));
  const update = useCallback(
    (patch: Partial<TaskGridParams>) => {
      setParams((prev) => {
        const next = { ...prev, page: 0, ...patch };
        const q = withTaskGridParams(new URLSearchParams(window.location.search), next);
        window.history.replaceState(window.history.state, "", `${pathname}?${q.toString()}`);
        return next;
      });
    },
    [pathname],
  );
  const runIds = useMemo(() => runs.map((r) => r.id), [runs]);
  const input = toTaskGridInput(runIds, params);
  const grid = useQuery(trpc.tasks.grid.queryOptions(input, { placeholderData: keepPreviousData }));
  const pair = runs.length > 1 ? ([runs[input.a ?? 0], runs[input.b ?? 1]] as const) : null;
  const [exporting, setExporting] = useState(false);

  const exportCsv = async () => {
    setExporting(true);
    try {
      const { limit: _l, offset: _o, ...rest } = input;
      const csv = await queryClient.fetchQuery(trpc.tasks.csv.queryOptions(rest));
      downloadBlob(new Blob([csv], { type: "text/csv;charset=utf-8" }), `${fileSlug(`tasks ${runs.map((r) => r.name).slice(0, 3).join(" ")}`)}.csv`);
    } finally {
      setExporting(false);
    }
  };

  const data = grid.data;
  const stepValue = params.stepMode.kind === "step" ? String(params.stepMode.step) : params.stepMode.kind;
  const cellRuns = (i: number) => {
    if (!pair) return [runs[i].id];
    const other = runs[i].id === pair[0].id ? pair[1] : pair[0];
    return [runs[i].id, other.id];
  };

  return (
    <div className="space-y-3" data-testid="task-grid">
      <div className="flex flex-wrap items-center gap-x-5 gap-y-2 rounded-lg border border-slate-200 bg-white px-4 py-2 shadow-sm">
        <label className="flex items-center gap-2 text-sm text-slate-600">
          Step
          <select
            className={select}
            value={stepValue === "latest" || stepValue === "all" ? stepValue : "step"}
            onChange={(e) => update({ stepMode: e.target.value === "all" ? { kind: "all" } : e.target.value === "step" ? { kind: "step", step: 0 } : { kind: "latest" } })}
            data-testid="task-step-mode"
          >
            <option value="latest">Latest with the task</option>
            <option value="all">All steps</option>
            <option value="step">At step…</option>
          </select>
          {params.stepMode.kind === "step" && (
            <input
              type="number"
              min={0}
              value={params.stepMode.step}
              onChange={(e) => /^\d+$/.test(e.target.value) && update({ stepMode: { kind: "step", step: Number(e.target.value) } })}
              className="h-8 w-24 rounded-md border border-slate-300 px-2 text-sm"
              data-testid="task-step"
              aria-label="Step"
            />
          )}
        </label>
        <label className="flex items-center gap-2 text-sm text-slate-600">
          Skill
          <select className={select} value={params.skill} onChange={(e) => update({ skill: e.target.value })} data-testid="task-skill">
            <option value="">All</option>
            {skills.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <label className="flex items-center gap-2 text-sm text-slate-600">
          Split
          <select className={select} value={params.split} onChange={(e) => update({ split: e.target.value as TaskGridParams["split"] })} data-testid="task-split">
            <option value="all">Train and held-out</option>
            <option value="train">Train (skills)</option>
            <option value="eval">Held-out (benchmarks)</option>
          </select>
        </label>
        <label className="flex items-center gap-2 text-sm text-slate-600">
          Sort
          <select className={select} value={params.sort} onChange={(e) => update({ sort: e.target.value as TaskGridParams["sort"] })} data-testid="task-sort">
            <option value="disagreement">Disagreement</option>
            <option value="task">Task id</option>
          </select>
        </label>
        <input
          type="search"
          placeholder="Task id contains…"
          value={params.search}
          onChange={(e) => update({ search: e.target.value })}
          className="h-8 w-48 rounded-md border border-slate-300 px-2 text-sm"
          data-testid="task-search"
        />
        <button type="button" onClick={() => void exportCsv()} disabled={exporting} className="ml-auto rounded-md border border-slate-300 bg-white px-3 py-1 text-sm text-slate-700 shadow-sm hover:bg-slate-50" data-testid="task-csv">
          {exporting ? "Exporting…" : "Export CSV"}
        </button>
      </div>

      {pair && (
        <div className="flex flex-wrap items-center gap-3 text-sm">
          {runs.length > 2 && (
            <span className="flex items-center gap-1 text-slate-600">
              Pair
              <select className={select} value={input.a} onChange={(e) => update({ a: Number(e.target.value) })} aria-label="Run A" data-testid="task-pair-a">
                {runs.map((r, i) => (
                  <option key={r.id} value={i}>
                    {r.name}
                  </option>
                ))}
              </select>
              vs
              <select className={select} value={input.b} onChange={(e) => update({ b: Number(e.target.value) })} aria-label="Run B" data-testid="task-pair-b">
                {runs.map((r, i) => (
                  <option key={r.id} value={i}>
                    {r.name}
                  </option>
                ))}
              </select>
            </span>
          )}
          <p className="text-slate-700" data-testid="task-counts">
            <strong>{pair[0].name}</strong> solves <strong className="tabular-nums">{data?.aNotB ?? "…"}</strong> tasks <strong>{pair[1].name}</strong> fails;{" "}
            <strong className="tabular-nums">{data?.bNotA ?? "…"}</strong> the other way
          </p>
          <div className="flex gap-1" role="group" aria-label="Quick filter">
            {(
              [
                ["all", "All tasks"],
                ["aNotB", `Solved by ${pair[0].name}, not by ${pair[1].name}`],
                ["bNotA", `Solved by ${pair[1].name}, not by ${pair[0].name}`],
              ] as const
            ).map(([key, label]) => (
              <button
                key={key}
                type="button"
                aria-pressed={params.only === key}
                onClick={() => update({ only: key })}
                data-testid={`task-only-${key}`}
                className={`rounded-full border px-3 py-0.5 text-xs ${params.only === key ? "border-indigo-600 bg-indigo-600 text-white" : "border-slate-200 bg-white text-slate-700 hover:bg-slate-50"}`}
              >
                {label}
              </button>
            ))}
          </div>
        </div>
      )}

      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
        <table className="min-w-full text-sm">
          <thead className="bg-slate-50 text-left text-xs uppercase tracking-wide text-slate-500">
            <tr>
              <th className="px-3 py-2">Task</th>
              <th className="px-3 py-2">Skill</th>
              {runs.map((r) => (
                <th key={r.id} className="px-3 py-2 text-center normal-case">
                  <span className="mr-1 inline-block h-2 w-2 rounded-full" style={{ background: r.color }} aria-hidden />
                  {r.name}
                </th>
              ))}
              <th className="px-3 py-2 text-right">Disagreement</th>
              <th className="px-3 py-2" />
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {data?.rows.map((row) => (
              <tr key={row.taskId} data-testid="task-row" data-task={row.taskId}>
                <td className="max-w-80 truncate px-3 py-1.5 font-mono text-xs text-slate-800" title={row.taskId}>
                  {row.taskId}
                </td>
                <td className="px-3 py-1.5 text-xs text-slate-600">{row.skill}</td>
                {row.cells.map((cell, i) => (
                  <td key={runs[i].id} className="px-3 py-1.5 text-center">
                    <CellBadge cell={cell} href={taskCompareHref(row.taskId, cellRuns(i))} />
                  </td>
                ))}
                <td className="px-3 py-1.5 text-right tabular-nums text-slate-600">{(row.disagreement * 100).toFixed(0)}</td>
                <td className="px-3 py-1.5 text-right">
                  <Link href={taskCompareHref(row.taskId, pair ? [pair[0].id, pair[1].id] : runIds)} className="text-xs text-indigo-700 hover:underline" data-testid="task-compare">
                    compare
                  </Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {data && data.rows.length === 0 && <p className="px-4 py-6 text-center text-sm text-slate-500">No task matches these filters.</p>}
        {!data && <p className="px-4 py-6 text-center text-sm text-slate-500">{grid.error ? grid.error.message : "Loading tasks…"}</p>}
      </div>
      {data && (
        <div className="flex items-center justify-between text-sm text-slate-500">
          <span data-testid="task-total">
            {data.matching === 0 ? "0 tasks" : `${params.page * TASK_PAGE + 1}–${params.page * TASK_PAGE + data.rows.length} of ${data.matching.toLocaleString("en-US")} tasks`}
            {data.matching !== data.tasks && ` (${data.tasks.toLocaleString("en-US")} under the filters)`}. Cells: passes/attempts at{" "}
            {params.stepMode.kind === "latest" ? "each run's latest step with the task" : params.stepMode.kind === "all" ? "all steps" : `step ${params.stepMode.step}`}; (n?) = outcome unknown, not counted.
          </span>
          <span className="flex gap-2">
            <button type="button" disabled={params.page === 0} onClick={() => update({ page: params.page - 1 })} className="rounded border border-slate-300 px-2 py-0.5 disabled:opacity-40">
              Previous
            </button>
            <button type="button" disabled={data.nextOffset == null} onClick={() => update({ page: params.page + 1 })} className="rounded border border-slate-300 px-2 py-0.5 disabled:opacity-40" data-testid="task-next-page">
              Next
            </button>
          </span>
        </div>
      )}
    </div>
  );
}
