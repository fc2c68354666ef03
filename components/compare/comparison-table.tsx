"use client";

import Link from "next/link";
import { Fragment, useState } from "react";
import type { BaselineComparison, CellDelta, GainSummary } from "@/server/compare/deltas";
import { AVERAGE_COLUMN } from "@/server/compare/deltas";
import { formatTableDelta, formatTableValue } from "@/server/compare/export";
import type { CompareCell, CompareRow, CompareTable } from "@/server/compare/table";
import { SeedRows } from "./comparison-seed-rows";

interface Props {
  table: CompareTable;
  comparison: BaselineComparison | null;
  best: Record<string, string[]>;
  /** Row key → colour (the same as the row's line in every chart). */
  colors: Record<string, string>;
  baselineName: string | null;
  onBaseline: (runId: string | null) => void;
}

const MINUS = "\u2212";
const th = "whitespace-nowrap bg-slate-50 px-2.5 py-2 text-xs font-semibold text-slate-500";

/** Which number a column shows: Avg@k, Pass@1, or both (cells from Pass@1 carry a dagger). */
function columnSource(table: CompareTable, id: string): "avg@k" | "pass@1" | "mixed" {
  const sources = new Set(table.rows.flatMap((r) => (r.cells[id] ? [r.cells[id]!.source] : [])));
  return sources.size === 1 ? ([...sources][0] as "avg@k" | "pass@1" | "mixed") : "mixed";
}

/** `Avg@3` when every cell of the column agrees on k, else `Avg@k`. */
function avgLabel(table: CompareTable, id: string): string {
  const ks = new Set(table.rows.flatMap((r) => (r.cells[id] && r.cells[id]!.source !== "pass@1" ? [r.cells[id]!.k] : [])));
  const k = ks.size === 1 ? [...ks][0] : undefined;
  return `Avg@${k ?? "k"}`;
}

function sourceLabel(table: CompareTable, id: string, source: "avg@k" | "pass@1" | "mixed"): string {
  if (source === "pass@1") return "Pass@1";
  return source === "mixed" ? `${avgLabel(table, id)} / Pass@1†` : avgLabel(table, id);
}

/**
 * The paper-style table: a row per run or configuration, a column per skill
 * and OOD benchmark, and the average; the best of each column in bold; with a
 * baseline, each cell's delta (relative on hover) and the row's in- vs
 * out-of-domain gain. A configuration's row opens to one sub-row per seed.
 */
export function ComparisonTable({ table, comparison, best, colors, baselineName, onBaseline }: Props) {
  const skills = table.columns.filter((c) => c.kind === "skill");
  const benchmarks = table.columns.filter((c) => c.kind === "benchmark");
  const sources = Object.fromEntries(table.columns.map((c) => [c.id, columnSource(table, c.id)]));
  const anySeeds = table.rows.some((r) => r.runIds.length > 1);
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  const toggle = (key: string) =>
    setOpen((prev) => {
      const next = new Set(prev);
      if (!next.delete(key)) next.add(key);
      return next;
    });
  return (
    <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white shadow-sm">
      <table className="w-full border-collapse text-sm" data-testid="compare-table">
        <thead className="border-b border-slate-200">
          <tr>
            <th scope="col" rowSpan={2} className={`${th} text-left align-bottom uppercase tracking-wide`}>
              {anySeeds ? "Configuration" : "Run"}
            </th>
            {skills.length > 0 && (
              <th scope="colgroup" colSpan={skills.length} className={`${th} border-l border-slate-200 pb-0.5 text-center text-[11px] uppercase tracking-wide text-slate-400`}>
                Atomic skills
              </th>
            )}
            {benchmarks.length > 0 && (
              <th scope="colgroup" colSpan={benchmarks.length} className={`${th} border-l border-slate-200 pb-0.5 text-center text-[11px] uppercase tracking-wide text-slate-400`}>
                OOD benchmarks
              </th>
            )}
            <th scope="col" rowSpan={2} className={`${th} border-l border-slate-200 text-right align-bottom text-slate-700`} title="Each run's mean over the columns, then the mean over seeds">
              Average
            </th>
            {comparison && (
              <th scope="colgroup" colSpan={3} className={`${th} border-l border-slate-200 pb-0.5 text-center text-[11px] uppercase tracking-wide text-slate-400`}>
                <span title="Mean delta against the baseline on the columns each row trained on (in-domain), on all other columns (out-of-domain), and their difference">
                  Gain vs {baselineName}
                </span>
              </th>
            )}
          </tr>
          <tr>
            {table.columns.map((c, i) => (
              <th
                key={c.id}
                scope="col"
                className={`${th} text-right align-bottom ${i === 0 || c === benchmarks[0] ? "border-l border-slate-200" : ""}`}
                data-testid={`compare-col-${c.id}`}
              >
                <div className="text-slate-700">{c.id}</div>
                <div className="text-[10px] font-normal text-slate-400">{sourceLabel(table, c.id, sources[c.id])}</div>
              </th>
            ))}
            {comparison && (
              <>
                <th scope="col" className={`${th} border-l border-slate-200 text-right`} title="In-domain: mean delta on the columns this row trained on">
                  In
                </th>
                <th scope="col" className={`${th} text-right`} title="Out-of-domain: mean delta on every other column">
                  Out
                </th>
                <th scope="col" className={`${th} text-right`} title="In-domain minus out-of-domain: the generalisation gap">
                  Gap
                </th>
              </>
            )}
          </tr>
        </thead>
        <tbody>
          {table.rows.map((row) => {
            const isBaseline = comparison?.baselineKey === row.key;
            const deltas = comparison?.deltas[row.key];
            return (
              <Fragment key={row.key}>
                <tr data-testid={`compare-row-${row.key}`} className={`group/row border-b border-slate-100 last:border-0 ${isBaseline ? "bg-amber-50/60" : "hover:bg-slate-50/60"}`}>
                  <RowHeader row={row} color={colors[row.key]} isBaseline={isBaseline} onBaseline={onBaseline} skills={skills.map((c) => c.id)} open={open.has(row.key)} onToggle={() => toggle(row.key)} />
                  {table.columns.map((c, i) => (
                    <ValueCell
                      key={c.id}
                      rowKey={row.key}
                      column={c.id}
                      cell={row.cells[c.id]}
                      delta={deltas?.[c.id] ?? null}
                      best={best[c.id]?.includes(row.key) ?? false}
                      isRate={table.isRate}
                      dagger={sources[c.id] === "mixed" && row.cells[c.id]?.source !== "avg@k"}
                      runNames={row.runNames}
                      baselineName={baselineName}
                      border={i === 0 || c === benchmarks[0]}
                    />
                  ))}
                  <ValueCell
                    rowKey={row.key}
                    column={AVERAGE_COLUMN}
                    cell={row.average ? { ...row.average, steps: row.average.values.map(() => null), source: "avg@k" } : null}
                    delta={deltas?.[AVERAGE_COLUMN] ?? null}
                    best={best[AVERAGE_COLUMN]?.includes(row.key) ?? false}
                    isRate={table.isRate}
                    runNames={row.runNames}
                    baselineName={baselineName}
                    border
                    strong
                    note={row.average && row.average.of < table.columns.length ? `over ${row.average.of} of ${table.columns.length}` : undefined}
                  />
                  {comparison &&
                    (isBaseline ? (
                      <td colSpan={3} className="border-l border-slate-200 px-3 py-2 text-center text-xs text-amber-700">
                        baseline
                      </td>
                    ) : (
                      <GainCells rowKey={row.key} gains={comparison.gains[row.key]} isRate={table.isRate} />
                    ))}
                </tr>
                {open.has(row.key) && row.runIds.length > 1 && (
                  <SeedRows row={row} columns={table.columns} firstBenchmark={benchmarks[0]} color={colors[row.key]} isRate={table.isRate} gainColumns={comparison != null} />
                )}
              </Fragment>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function RowHeader({
  row,
  color,
  isBaseline,
  onBaseline,
  skills,
  open,
  onToggle,
}: {
  row: CompareRow;
  color: string;
  isBaseline: boolean;
  onBaseline: (runId: string | null) => void;
  skills: string[];
  open: boolean;
  onToggle: () => void;
}) {
  const seeds = row.runIds.length;
  const trainsAll = row.trained != null && skills.length > 1 && skills.every((s) => row.trained!.columns.includes(s));
  const seedList = row.runNames.map((n, i) => `${n}${row.seeds[i] !== undefined ? ` (seed ${String(row.seeds[i])})` : ""}`).join("\n");
  return (
    <th scope="row" className="min-w-48 px-3 py-2 text-left align-top font-normal">
      <div className="flex items-center gap-2">
        <span className="h-2.5 w-2.5 shrink-0 rounded-full" style={{ background: color }} aria-hidden />
        {seeds === 1 ? (
          <Link href={`/runs/${row.runIds[0]}`} className="whitespace-nowrap font-medium text-slate-900 hover:text-indigo-700 hover:underline" data-testid={`compare-row-label-${row.key}`}>
            {row.label}
          </Link>
        ) : (
          <span className="whitespace-nowrap font-medium text-slate-900" data-testid={`compare-row-label-${row.key}`}>
            {row.label}
          </span>
        )}
        {seeds > 1 && (
          <button
            type="button"
            onClick={onToggle}
            aria-expanded={open}
            className="shrink-0 rounded bg-slate-100 px-1.5 py-0.5 text-[10px] font-medium text-slate-600 hover:bg-slate-200 hover:text-slate-900"
            title={`${open ? "Hide" : "Show"} each seed's values:\n${seedList}`}
            data-testid={`compare-expand-${row.key}`}
          >
            <span aria-hidden className="mr-0.5 inline-block transition-transform" style={{ transform: open ? "rotate(90deg)" : undefined }}>
              ▸
            </span>
            {seeds} seeds
          </button>
        )}
        <button
          type="button"
          aria-pressed={isBaseline}
          onClick={() => onBaseline(isBaseline ? null : row.runIds[0])}
          data-testid={`compare-baseline-${row.key}`}
          className={`ml-auto shrink-0 rounded border px-1.5 py-0.5 text-[10px] font-medium transition ${
            isBaseline
              ? "border-amber-300 bg-amber-100 text-amber-800"
              : "border-slate-200 text-slate-500 opacity-0 hover:border-slate-300 hover:text-slate-800 focus-visible:opacity-100 group-hover/row:opacity-100"
          }`}
          title={isBaseline ? "Stop comparing against this row" : "Compare every row against this one"}
        >
          {isBaseline ? "baseline" : "set baseline"}
        </button>
      </div>
      {row.trained && (
        <div className="mt-0.5 max-w-64 pl-4.5 text-[11px] text-slate-400" title={`Trained ${row.trained.columns.join(", ")} (from the run's ${row.trained.rule})`}>
          {row.trained.compositeOnly ? `composite-only: trains ${row.trained.columns.join(", ")}, no skill` : trainsAll ? "trains all skills (joint)" : `trains ${row.trained.columns.join(", ")}`}
        </div>
      )}
    </th>
  );
}

interface CellProps {
  rowKey: string;
  column: string;
  cell: (Pick<CompareCell, "mean" | "std" | "n" | "values" | "steps" | "source"> & Pick<Partial<CompareCell>, "mappedFrom">) | null;
  delta: CellDelta | null;
  best: boolean;
  isRate: boolean;
  dagger?: boolean;
  runNames: string[];
  baselineName: string | null;
  border?: boolean;
  strong?: boolean;
  note?: string;
}

function ValueCell({ rowKey, column, cell, delta, best, isRate, dagger, runNames, baselineName, border, strong, note }: CellProps) {
  const cls = `px-2.5 py-2 text-right align-top ${border ? "border-l border-slate-200" : ""}`;
  if (!cell) {
    return (
      <td className={cls} data-testid={`compare-cell-${rowKey}-${column}`}>
        <span className="text-slate-300">—</span>
      </td>
    );
  }
  const detail = cell.values
    .map(
      (v, i) =>
        `${runNames[i]}: ${v == null ? "—" : formatTableValue(v, isRate)}${cell.steps[i] != null ? ` at step ${cell.steps[i]!.toLocaleString("en-US")}` : ""}` +
        (cell.mappedFrom?.[i] ? ` (reported by the trainer as ${cell.mappedFrom[i]})` : ""),
    )
    .join("\n");
  const deltaText = delta ? formatTableDelta(delta.delta, isRate, MINUS) : null;
  const sign = deltaText == null || /^\+0(\.0+)?$/.test(deltaText) ? 0 : delta!.delta > 0 ? 1 : -1;
  const relative = delta?.relative != null ? `${delta.relative >= 0 ? "+" : MINUS}${Math.abs(delta.relative * 100).toFixed(1)}% relative to ${baselineName}` : "";
  return (
    <td className={cls} data-testid={`compare-cell-${rowKey}-${column}`} data-value={cell.mean} title={detail}>
      <div className="whitespace-nowrap font-mono tabular-nums">
        <span className={`${best ? "font-bold text-slate-950" : strong ? "font-semibold text-slate-900" : "text-slate-800"}`} data-testid={`compare-value-${rowKey}-${column}`} data-best={best ? "true" : undefined}>
          {formatTableValue(cell.mean, isRate)}
        </span>
        {cell.std != null && <span className="text-[10px] text-slate-400">±{formatTableValue(cell.std, isRate)}</span>}
        {dagger && <span className="text-[11px] text-slate-400">†</span>}
      </div>
      {deltaText && (
        <div
          className={`whitespace-nowrap font-mono text-[11px] tabular-nums ${sign > 0 ? "text-emerald-600" : sign < 0 ? "text-rose-600" : "text-slate-400"}`}
          title={relative}
          data-testid={`compare-delta-${rowKey}-${column}`}
          data-relative={delta?.relative ?? undefined}
        >
          {deltaText}
        </div>
      )}
      {note && <div className="text-[10px] text-slate-400">{note}</div>}
    </td>
  );
}

function GainCells({ rowKey, gains, isRate }: { rowKey: string; gains: GainSummary | null | undefined; isRate: boolean }) {
  if (!gains) {
    return (
      <td colSpan={3} className="border-l border-slate-200 px-3 py-2 text-center text-xs text-slate-400" title="What this row trained is unknown: give it a `skills` config, or an `only-<skill>` / `joint` tag">
        training set unknown
      </td>
    );
  }
  const cell = (key: "in" | "out" | "gap", v: number | null, title: string, border = false) => {
    const text = v == null ? "—" : formatTableDelta(v, isRate, MINUS);
    const sign = v == null || /^\+0(\.0+)?$/.test(text) ? 0 : v > 0 ? 1 : -1;
    return (
      <td
        className={`px-2.5 py-2 text-right align-top font-mono text-sm tabular-nums ${border ? "border-l border-slate-200" : ""} ${
          key === "gap" ? "font-semibold text-slate-800" : sign > 0 ? "text-emerald-600" : sign < 0 ? "text-rose-600" : "text-slate-400"
        }`}
        title={title}
        data-testid={`compare-gain-${rowKey}-${key}`}
      >
        {text}
      </td>
    );
  };
  return (
    <>
      {cell("in", gains.inDomain, `Mean delta over ${gains.inColumns.join(", ") || "no column"}`, true)}
      {cell("out", gains.outOfDomain, `Mean delta over ${gains.outColumns.join(", ") || "no column"}`)}
      {cell("gap", gains.gap, "In-domain gain minus out-of-domain gain")}
    </>
  );
}
