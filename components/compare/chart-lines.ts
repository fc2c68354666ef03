/** Beyond this many lines a chart stops being readable: it shows a mean and band per configuration instead. */
export const MAX_READABLE_LINES = 12;

/** One line the compare charts draw, before its curve is loaded: a row, a configuration or a single run. */
export interface ChartLineSpec {
  key: string;
  label: string;
  color: string;
  /** The runs folded into this line (mean, min–max band); one for a single run. */
  runIds: string[];
}

export interface ChartLinePlan {
  lines: ChartLineSpec[];
  /** What the lines are: the table's rows, configurations summarising more rows, or every run. */
  mode: "rows" | "configurations" | "runs";
  /** Some line folds several runs: "show all runs" would draw more lines. */
  canShowAll: boolean;
}

interface Group {
  key: string;
  label: string;
  runIds: string[];
}

/**
 * Which lines the compare charts draw. By default the table's rows (a run,
 * or a configuration with its seeds folded); when those are more than
 * `MAX_READABLE_LINES` and seeds can be merged, one mean ± band line per
 * configuration. With `allRuns`, every run its own line, in its row's colour.
 */
export function planChartLines(input: {
  rows: readonly Group[];
  configurations: readonly Group[];
  runNames: Readonly<Record<string, string>>;
  /** Row key → colour. */
  colors: Readonly<Record<string, string>>;
  allRuns: boolean;
}): ChartLinePlan {
  const { rows, configurations, runNames, colors } = input;
  const rowColorOfRun = new Map(rows.flatMap((r) => r.runIds.map((id) => [id, colors[r.key]] as const)));
  const runCount = rows.reduce((n, r) => n + r.runIds.length, 0);
  if (input.allRuns) {
    const lines = rows.flatMap((r) => r.runIds.map((id) => ({ key: id, label: runNames[id] ?? id, color: colors[r.key], runIds: [id] })));
    return { lines, mode: "runs", canShowAll: true };
  }
  if (rows.length > MAX_READABLE_LINES && configurations.length < rows.length) {
    const lines = configurations.map((c) => ({ key: c.key, label: c.label, color: rowColorOfRun.get(c.runIds[0])!, runIds: c.runIds }));
    return { lines, mode: "configurations", canShowAll: true };
  }
  return { lines: rows.map((r) => ({ key: r.key, label: r.label, color: colors[r.key], runIds: r.runIds })), mode: "rows", canShowAll: runCount > rows.length };
}
