import { meanOf } from "./stats";
import type { CompareRow, CompareTable } from "./table";

/** The Average column's id in delta and best-of-column maps. */
export const AVERAGE_COLUMN = "average";

export interface CellDelta {
  /** Row mean − baseline mean, in the column's unit. */
  delta: number;
  /** delta / |baseline mean|; null when the baseline is 0. */
  relative: number | null;
}

/**
 * The generalisation gap of one row against the baseline: the mean delta over
 * the columns it trained on (in-domain) and over every other column
 * (out-of-domain), and in − out.
 */
export interface GainSummary {
  inDomain: number | null;
  outOfDomain: number | null;
  gap: number | null;
  inColumns: string[];
  outColumns: string[];
}

export interface BaselineComparison {
  baselineKey: string;
  /** Row key → column id (or `average`) → delta; the baseline's own row is left out. */
  deltas: Record<string, Record<string, CellDelta | null>>;
  /** Row key → gains; null for rows whose training set is unknown. */
  gains: Record<string, GainSummary | null>;
}

const cellMean = (row: CompareRow, col: string): number | null =>
  col === AVERAGE_COLUMN ? (row.average?.mean ?? null) : (row.cells[col]?.mean ?? null);

/** The row holding a run (a run id stays a valid baseline when seeds are merged or split). */
export function rowOfRun(table: CompareTable, runId: string | null | undefined): CompareRow | undefined {
  return runId ? table.rows.find((r) => r.runIds.includes(runId)) : undefined;
}

export function cellDelta(value: number | null, baseline: number | null): CellDelta | null {
  if (value == null || baseline == null) return null;
  const delta = value - baseline;
  return { delta, relative: baseline === 0 ? null : delta / Math.abs(baseline) };
}

/** Deltas of every row against the baseline row, and each row's in/out-of-domain gains. */
export function compareWithBaseline(table: CompareTable, baselineKey: string): BaselineComparison | null {
  const base = table.rows.find((r) => r.key === baselineKey);
  if (!base) return null;
  const ids = [...table.columns.map((c) => c.id), AVERAGE_COLUMN];
  const deltas: BaselineComparison["deltas"] = {};
  const gains: BaselineComparison["gains"] = {};
  for (const row of table.rows) {
    if (row === base) continue;
    const d = Object.fromEntries(ids.map((id) => [id, cellDelta(cellMean(row, id), cellMean(base, id))]));
    deltas[row.key] = d;
    gains[row.key] = row.trained ? domainGains(table, row.trained.columns, d) : null;
  }
  return { baselineKey, deltas, gains };
}

/** Mean delta over the trained columns vs over the rest of the table's columns (the Average column is neither). */
export function domainGains(table: CompareTable, trained: readonly string[], deltas: Record<string, CellDelta | null>): GainSummary {
  const inColumns = table.columns.filter((c) => trained.includes(c.id)).map((c) => c.id);
  const outColumns = table.columns.filter((c) => !trained.includes(c.id)).map((c) => c.id);
  const meanDelta = (cols: string[]) => meanOf(cols.flatMap((c) => (deltas[c] ? [deltas[c]!.delta] : [])));
  const inDomain = meanDelta(inColumns);
  const outOfDomain = meanDelta(outColumns);
  return { inDomain, outOfDomain, gap: inDomain != null && outOfDomain != null ? inDomain - outOfDomain : null, inColumns, outColumns };
}

/**
 * Per column (and `average`): the keys of the rows with the highest mean
 * (ties all count). Columns where fewer than two rows have a value get none.
 */
export function bestInColumns(table: CompareTable): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const id of [...table.columns.map((c) => c.id), AVERAGE_COLUMN]) {
    const scored = table.rows.flatMap((r) => {
      const m = cellMean(r, id);
      return m == null ? [] : [{ key: r.key, m }];
    });
    if (scored.length < 2) {
      out[id] = [];
      continue;
    }
    const top = Math.max(...scored.map((s) => s.m));
    out[id] = scored.filter((s) => s.m === top).map((s) => s.key);
  }
  return out;
}
