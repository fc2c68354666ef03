"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import Link from "next/link";
import { useMemo, useState } from "react";
import { ChartControls } from "@/components/charts/chart-controls";
import { ChartSettingsProvider } from "@/components/charts/chart-settings";
import { runColor } from "@/components/charts/palette";
import { useTRPC } from "@/components/providers/trpc";
import { TaskGridView } from "@/components/tasks/task-grid-view";
import { Section } from "@/components/run-page/section";
import { isLiveStatus } from "@/components/runs/run-status";
import { RunStatusBadge } from "@/components/runs/run-status-badge";
import { bestInColumns, compareWithBaseline, rowOfRun } from "@/server/compare/deltas";
import { exportTable } from "@/server/compare/export";
import { describeValueMode, formatValueMode } from "@/server/compare/pick-value";
import type { AppRouter } from "@/server/root";
import { looksLikeBaseline, NO_BASELINE } from "./compare-params";
import { ComparisonCharts } from "./comparison-charts";
import { ComparisonTable } from "./comparison-table";
import { ConfigDiffTable } from "./config-diff-table";
import { ExportMenu } from "./export-menu";
import { taskViewRuns } from "./task-view-runs";
import { useCompareParams } from "./use-compare-params";
import { ValueModePicker } from "./value-mode-picker";

export type CompareTableData = inferRouterOutputs<AppRouter>["compare"]["table"];

/** Run chips shown before "and N more". */
const RUN_CHIPS_SHOWN = 24;

/** `/compare` with runs or a group chosen: the table, its exports, the config diff and the overlaid curves. */
export function CompareView({ initial }: { initial: { key: string; data: CompareTableData } }) {
  const trpc = useTRPC();
  const [params, update] = useCompareParams();
  const input = {
    runs: params.runs.length ? params.runs : undefined,
    group: params.group || undefined,
    project: params.project || undefined,
    value: formatValueMode(params.value),
    mergeSeeds: params.mergeSeeds,
  };
  const key = JSON.stringify(input);
  const query = useQuery(
    trpc.compare.table.queryOptions(input, {
      placeholderData: keepPreviousData,
      initialData: key === initial.key ? initial.data : undefined,
      refetchInterval: (q) => (q.state.data?.runs.some((r) => isLiveStatus(r.status)) ? 5000 : false),
    }),
  );
  const data = query.data ?? initial.data;
  const { table, runs } = data;
  const live = runs.some((r) => isLiveStatus(r.status));

  const colors = useMemo(() => Object.fromEntries(table.rows.map((r, i) => [r.key, runColor(i)])), [table]);
  const runColors = useMemo(() => Object.fromEntries(table.rows.flatMap((r) => r.runIds.map((id) => [id, colors[r.key]]))), [table, colors]);
  const runNames = useMemo(() => Object.fromEntries(runs.map((r) => [r.id, r.name])), [runs]);
  const taskView = useMemo(() => taskViewRuns(runs, data.configurations), [runs, data.configurations]);
  const [allChips, setAllChips] = useState(false);

  // The baseline: the row holding the chosen run; by default a row named like a starting point (sft, base…).
  const baselineRow = useMemo(() => {
    if (params.baseline === NO_BASELINE) return undefined;
    if (params.baseline) return rowOfRun(table, params.baseline);
    return table.rows.length > 1 ? table.rows.find((r) => looksLikeBaseline(r.label)) : undefined;
  }, [params.baseline, table]);
  const comparison = useMemo(() => (baselineRow ? compareWithBaseline(table, baselineRow.key) : null), [table, baselineRow]);
  const best = useMemo(() => bestInColumns(table), [table]);
  const shown = useMemo(() => exportTable(table, comparison, best), [table, comparison, best]);
  const canMerge = data.runs.length > 1;
  const maxStep = useMemo(() => {
    const steps = table.rows.flatMap((r) => Object.values(r.cells).flatMap((c) => (c ? c.steps.filter((s): s is number => s != null) : [])));
    return steps.length ? Math.max(...steps) : null;
  }, [table]);

  const title = params.group ? `Group ${params.group}` : `${runs.length} run${runs.length === 1 ? "" : "s"}`;
  const removeRun = (id: string) => update({ runs: runs.map((r) => r.id).filter((x) => x !== id), group: "", baseline: params.baseline === id ? "" : params.baseline });

  return (
    <ChartSettingsProvider>
      <div className="space-y-6">
        <div className="space-y-2">
          <div className="flex flex-wrap items-end justify-between gap-3">
            <div>
              <p className="text-xs font-medium uppercase tracking-wide text-slate-400">Compare</p>
              <h1 className="text-xl font-semibold tracking-tight text-slate-900" data-testid="compare-title">
                {title}
              </h1>
            </div>
            {query.isFetching && <span className="text-xs text-slate-400">updating…</span>}
          </div>
          <ul className="flex flex-wrap gap-1.5" data-testid="compare-runs">
            {(allChips ? runs : runs.slice(0, RUN_CHIPS_SHOWN)).map((r) => (
              <li key={r.id} className="flex items-center gap-1.5 rounded-full border border-slate-200 bg-white py-0.5 pl-2 pr-1 text-xs shadow-sm">
                <span className="h-2 w-2 rounded-full" style={{ background: runColors[r.id] }} aria-hidden />
                <Link href={`/runs/${r.id}`} className="font-medium text-slate-800 hover:text-indigo-700 hover:underline">
                  {r.name}
                </Link>
                <RunStatusBadge status={r.status} />
                {runs.length > 1 && (
                  <button type="button" onClick={() => removeRun(r.id)} className="rounded-full px-1 text-slate-400 hover:bg-slate-100 hover:text-slate-700" aria-label={`Remove ${r.name} from the comparison`}>
                    ×
                  </button>
                )}
              </li>
            ))}
            {runs.length > RUN_CHIPS_SHOWN && (
              <li>
                <button
                  type="button"
                  onClick={() => setAllChips((v) => !v)}
                  className="rounded-full border border-slate-200 bg-white px-2.5 py-0.5 text-xs text-slate-600 shadow-sm hover:bg-slate-50 hover:text-slate-900"
                  data-testid="compare-runs-more"
                >
                  {allChips ? "show fewer" : `and ${runs.length - RUN_CHIPS_SHOWN} more`}
                </button>
              </li>
            )}
          </ul>
          {data.missing.length > 0 && (
            <p className="text-sm text-amber-700" data-testid="compare-missing">
              Not found: {data.missing.join(", ")}
            </p>
          )}
        </div>

        {runs.length > 0 && (
          <nav className="flex gap-1 border-b border-slate-200" aria-label="Compare views">
            {(
              [
                ["", "Results"],
                ["tasks", "Tasks"],
              ] as const
            ).map(([view, label]) => (
              <button
                key={label}
                type="button"
                aria-current={params.view === view ? "page" : undefined}
                onClick={() => update({ view })}
                data-testid={`compare-tab-${label.toLowerCase()}`}
                className={`-mb-px border-b-2 px-3 py-1.5 text-sm font-medium ${params.view === view ? "border-indigo-600 text-indigo-700" : "border-transparent text-slate-500 hover:text-slate-800"}`}
              >
                {label}
              </button>
            ))}
          </nav>
        )}

        {runs.length > 0 && params.view === "tasks" ? (
          <div className="space-y-2">
            {taskView.note && (
              <p className="text-sm text-slate-500" data-testid="compare-tasks-note">
                {taskView.note}
              </p>
            )}
            <TaskGridView runs={taskView.runs.map((r) => ({ id: r.id, name: r.name, color: runColors[r.id] }))} skills={table.columns.map((c) => c.id)} />
          </div>
        ) : runs.length === 0 ? (
          <p className="rounded-lg border border-dashed border-slate-300 bg-white px-4 py-8 text-center text-sm text-slate-500">
            No runs to compare{params.group ? ` in group ${params.group}` : ""}.{" "}
            <Link href="/compare" className="text-indigo-700 hover:underline">
              Pick another group
            </Link>
          </p>
        ) : (
          <>
            <Section
              id="table"
              title="Results"
              description={
                <>
                  {describeValueMode(params.value)} value of each run{table.isRate ? "; values in %" : ""}
                  {comparison ? `, deltas in ${table.isRate ? "points" : "units"} against ${baselineRow!.label} (relative on hover)` : ""}
                  {table.rows.some((r) => r.runIds.length > 1) ? "; seeds as mean ± std" : ""}. Skills show Avg@k from evals where present, else training Pass@1.
                </>
              }
            >
              <div className="flex flex-wrap items-center gap-x-6 gap-y-2 rounded-lg border border-slate-200 bg-white px-4 py-2 shadow-sm">
                <ValueModePicker mode={params.value} onChange={(value) => update({ value })} maxStep={maxStep} />
                <label className={`flex items-center gap-2 text-sm ${canMerge ? "cursor-pointer text-slate-600" : "text-slate-400"}`}>
                  <input
                    type="checkbox"
                    checked={params.mergeSeeds}
                    disabled={!canMerge}
                    onChange={(e) => update({ mergeSeeds: e.target.checked })}
                    className="h-4 w-4 accent-indigo-600"
                    data-testid="merge-seeds"
                  />
                  Merge seeds
                </label>
                <label className="flex items-center gap-2 text-sm text-slate-600">
                  Baseline
                  <select
                    value={baselineRow?.runIds[0] ?? NO_BASELINE}
                    onChange={(e) => update({ baseline: e.target.value })}
                    data-testid="baseline-select"
                    className="h-8 max-w-52 rounded-md border border-slate-300 bg-white pl-2 pr-7 text-sm shadow-sm outline-none focus:border-indigo-500"
                  >
                    <option value={NO_BASELINE}>None</option>
                    {table.rows.map((r) => (
                      <option key={r.key} value={r.runIds[0]}>
                        {r.label}
                      </option>
                    ))}
                  </select>
                </label>
                <div className="ml-auto">
                  <ExportMenu table={shown} name={`compare ${params.group || runs.map((r) => r.name).slice(0, 3).join(" ")} ${formatValueMode(params.value)}`} />
                </div>
              </div>
              {table.columns.length === 0 ? (
                <p className="rounded-lg border border-dashed border-slate-300 bg-white px-4 py-6 text-sm text-slate-500">
                  None of these runs has logged a skill&apos;s Pass@1 or an eval {params.value.kind === "step" ? `at or before step ${params.value.step}` : "yet"}.
                </p>
              ) : (
                <ComparisonTable
                  table={table}
                  comparison={comparison}
                  best={best}
                  colors={colors}
                  baselineName={baselineRow?.label ?? null}
                  onBaseline={(id) => update({ baseline: id ?? NO_BASELINE })}
                />
              )}
              {table.columns.some((c) => table.rows.some((r) => r.cells[c.id]?.source === "pass@1")) &&
                table.columns.some((c) => table.rows.some((r) => r.cells[c.id]?.source === "avg@k")) && (
                  <p className="text-xs text-slate-400">† training Pass@1: this run logged no Avg@k eval for the skill.</p>
                )}
            </Section>

            <Section id="config" title="Config differences" description="Only the keys whose values differ between the table's rows (nested keys as dotted paths; a row of seeds lists them).">
              <ConfigDiffTable diff={data.configDiff} columns={table.rows.map((r) => ({ key: r.key, label: r.label, color: colors[r.key], runs: r.runIds.length }))} />
            </Section>

            <Section id="curves" title="Curves" description="Same colour per row as in the table; hover a chart to see that step in all of them.">
              <div className="sticky top-0 z-20 -mx-2 bg-slate-50/90 px-2 py-2 backdrop-blur">
                <ChartControls />
              </div>
              <ComparisonCharts
                target={{ runs: input.runs, group: input.group, project: input.project }}
                table={table}
                configurations={data.configurations}
                runNames={runNames}
                colors={colors}
                live={live}
                allRuns={params.allRuns}
                onAllRuns={(allRuns) => update({ allRuns })}
              />
            </Section>
          </>
        )}
      </div>
    </ChartSettingsProvider>
  );
}
