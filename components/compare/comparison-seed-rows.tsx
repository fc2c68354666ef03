"use client";

import Link from "next/link";
import { formatTableValue } from "@/server/compare/export";
import type { CompareColumn, CompareRow } from "@/server/compare/table";

interface Props {
  row: CompareRow;
  columns: CompareColumn[];
  /** The first benchmark column (a border goes before it). */
  firstBenchmark: CompareColumn | undefined;
  color: string;
  isRate: boolean;
  /** The table has the baseline's three gain columns. */
  gainColumns: boolean;
}

/** A configuration's row opened up: one sub-row per run (seed) with that run's own values. */
export function SeedRows({ row, columns, firstBenchmark, color, isRate, gainColumns }: Props) {
  const cls = (border: boolean) => `px-2.5 py-1 text-right align-top font-mono text-xs tabular-nums text-slate-600 ${border ? "border-l border-slate-200" : ""}`;
  return (
    <>
      {row.runIds.map((id, i) => (
        <tr key={id} className="border-b border-slate-100 bg-slate-50/70 last:border-0" data-testid={`compare-seed-row-${id}`}>
          <th scope="row" className="py-1 pl-9 pr-3 text-left align-top text-xs font-normal">
            <span className="mr-1.5 inline-block h-1.5 w-1.5 rounded-full align-middle" style={{ background: color }} aria-hidden />
            <Link href={`/runs/${id}`} className="text-slate-700 hover:text-indigo-700 hover:underline">
              {row.runNames[i]}
            </Link>
            {row.seeds[i] !== undefined && <span className="ml-1.5 text-slate-400">seed {String(row.seeds[i])}</span>}
          </th>
          {columns.map((c, j) => {
            const cell = row.cells[c.id];
            const v = cell?.values[i];
            const step = cell?.steps[i];
            return (
              <td key={c.id} className={cls(j === 0 || c === firstBenchmark)} title={step != null ? `at step ${step.toLocaleString("en-US")}` : undefined} data-testid={`compare-seed-value-${id}-${c.id}`}>
                {v == null ? <span className="text-slate-300">—</span> : formatTableValue(v, isRate)}
              </td>
            );
          })}
          <td className={cls(true)} data-testid={`compare-seed-value-${id}-average`}>
            {row.average?.values[i] == null ? <span className="text-slate-300">—</span> : formatTableValue(row.average.values[i]!, isRate)}
          </td>
          {gainColumns && <td colSpan={3} className="border-l border-slate-200" />}
        </tr>
      ))}
    </>
  );
}
