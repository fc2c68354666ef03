import { AVERAGE_COLUMN, type BaselineComparison } from "./deltas";
import type { CompareTable } from "./table";

/**
 * The comparison table as shown (rows, columns, value mode, baseline) turned
 * into CSV, Markdown and LaTeX (booktabs). Rates print as percentages with one
 * decimal, deltas in percentage points, exactly as on screen.
 */

export interface ExportCell {
  value: number | null;
  std: number | null;
  delta: number | null;
  best: boolean;
}

export interface ExportColumn {
  id: string;
  label: string;
  kind: "skill" | "benchmark" | "average";
}

export interface ExportRow {
  label: string;
  runs: number;
  baseline: boolean;
  cells: ExportCell[];
  /** Mean delta on trained vs other columns, and their difference (with a baseline, for rows with a known training set). */
  gains: { inDomain: number | null; outOfDomain: number | null; gap: number | null } | null;
}

export interface ExportTable {
  columns: ExportColumn[];
  rows: ExportRow[];
  isRate: boolean;
  /** Whether a baseline is chosen (delta columns and parentheses appear). */
  withDeltas: boolean;
}

/** Assembles what the screen shows into one plain structure the writers share. */
export function exportTable(table: CompareTable, comparison: BaselineComparison | null, best: Record<string, string[]>): ExportTable {
  const columns: ExportColumn[] = [
    ...table.columns.map((c) => ({ id: c.id, label: c.id, kind: c.kind })),
    { id: AVERAGE_COLUMN, label: "Average", kind: "average" as const },
  ];
  return {
    columns,
    isRate: table.isRate,
    withDeltas: comparison != null,
    rows: table.rows.map((r) => ({
      label: r.label,
      runs: r.runIds.length,
      baseline: comparison?.baselineKey === r.key,
      cells: columns.map((c) => {
        const stats = c.id === AVERAGE_COLUMN ? r.average : r.cells[c.id];
        return {
          value: stats?.mean ?? null,
          std: stats?.std ?? null,
          delta: comparison?.deltas[r.key]?.[c.id]?.delta ?? null,
          best: best[c.id]?.includes(r.key) ?? false,
        };
      }),
      gains: comparison?.gains[r.key] ?? null,
    })),
  };
}

/** A value as the table prints it: `45.2` for the rate 0.452, else about four significant digits. */
export function formatTableValue(v: number, isRate: boolean): string {
  if (isRate) return (v * 100).toFixed(1);
  const a = Math.abs(v);
  if (a === 0) return "0";
  if (a >= 1000 || a < 1e-3) return v.toExponential(2).replace(/\.?0+e/, "e");
  return String(Number(v.toPrecision(4)));
}

/** A delta with its sign: `+3.4`, `-1.2`, `+0.0`. `minus` picks the minus sign (ASCII for files, U+2212 on screen). */
export function formatTableDelta(d: number, isRate: boolean, minus = "-"): string {
  const text = formatTableValue(Math.abs(d), isRate);
  const negative = d < 0 && Number(text) !== 0;
  return `${negative ? minus : "+"}${text}`;
}

const csvField = (s: string) => (/[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/**
 * CSV, one row per table row: `row`, `runs`, then per column its value, its
 * std (when some row has seeds) and its delta (when a baseline is chosen);
 * with a baseline, the in-domain and out-of-domain gains and their gap last.
 */
export function toCsv(t: ExportTable): string {
  const withStd = t.rows.some((r) => r.cells.some((c) => c.std != null));
  const header = ["row", "runs"];
  for (const c of t.columns) {
    header.push(c.label);
    if (withStd) header.push(`${c.label} std`);
    if (t.withDeltas) header.push(`${c.label} delta`);
  }
  if (t.withDeltas) header.push("in-domain gain", "out-of-domain gain", "gap");
  const num = (v: number | null) => (v == null ? "" : formatTableValue(v, t.isRate));
  const lines = t.rows.map((r) => {
    const fields = [r.label + (r.baseline ? " (baseline)" : ""), String(r.runs)];
    for (const c of r.cells) {
      fields.push(num(c.value));
      if (withStd) fields.push(num(c.std));
      if (t.withDeltas) fields.push(c.delta == null ? "" : formatTableDelta(c.delta, t.isRate));
    }
    if (t.withDeltas) {
      const g = r.gains;
      for (const v of [g?.inDomain, g?.outOfDomain, g?.gap]) fields.push(v == null ? "" : formatTableDelta(v, t.isRate));
    }
    return fields.map(csvField).join(",");
  });
  return [header.map(csvField).join(","), ...lines].join("\n") + "\n";
}

function cellText(c: ExportCell, isRate: boolean, bold: (s: string) => string, std: (s: string) => string, delta: (s: string) => string): string {
  if (c.value == null) return "—";
  let s = formatTableValue(c.value, isRate);
  if (c.best) s = bold(s);
  if (c.std != null) s += std(formatTableValue(c.std, isRate));
  if (c.delta != null) s += delta(formatTableDelta(c.delta, isRate));
  return s;
}

/** A GitHub-flavoured Markdown table: `**best**`, `± std`, `(+delta)`. */
export function toMarkdown(t: ExportTable): string {
  const esc = (s: string) => s.replace(/\|/g, "\\|");
  const header = `| ${[t.rows.some((r) => r.runs > 1) ? "Configuration" : "Run", ...t.columns.map((c) => c.label)].map(esc).join(" | ")} |`;
  const rule = `| --- | ${t.columns.map(() => "---:").join(" | ")} |`;
  const rows = t.rows.map((r) => {
    const label = esc(r.label) + (r.baseline ? " (baseline)" : "");
    const cells = r.cells.map((c) =>
      cellText(
        c,
        t.isRate,
        (s) => `**${s}**`,
        (s) => ` ± ${s}`,
        (s) => ` (${s})`,
      ),
    );
    return `| ${[label, ...cells].join(" | ")} |`;
  });
  return [header, rule, ...rows].join("\n") + "\n";
}

const LATEX_SPECIAL: Record<string, string> = {
  "\\": "\\textbackslash{}",
  "&": "\\&",
  "%": "\\%",
  $: "\\$",
  "#": "\\#",
  _: "\\_",
  "{": "\\{",
  "}": "\\}",
  "~": "\\textasciitilde{}",
  "^": "\\textasciicircum{}",
};

export const escapeLatex = (s: string) => s.replace(/[\\&%$#_{}~^]/g, (c) => LATEX_SPECIAL[c]);

/**
 * A booktabs `tabular`: skills and benchmarks under grouped headers, the best
 * value of each column in bold, the seed std as a subscript and the delta to
 * the baseline in small print. Needs `\usepackage{booktabs}`.
 */
export function toLatex(t: ExportTable): string {
  const n = t.columns.length;
  const lines: string[] = [];
  lines.push(`% Generated by Skillboard. Needs \\usepackage{booktabs}.${t.isRate ? " Values in %." : ""}`);
  if (t.rows.some((r) => r.runs > 1)) lines.push("% Mean over seeds, with the standard deviation as a subscript.");
  if (t.withDeltas) lines.push(`% In parentheses: the difference to the baseline${t.isRate ? ", in points" : ""}.`);
  lines.push(`\\begin{tabular}{l${"c".repeat(n)}}`, "\\toprule");

  const groups: { label: string; from: number; to: number }[] = [];
  t.columns.forEach((c, i) => {
    if (c.kind === "average") return;
    const label = c.kind === "skill" ? "Atomic skills" : "OOD benchmarks";
    const last = groups.at(-1);
    if (last && last.label === label && last.to === i + 1) last.to = i + 2;
    else groups.push({ label, from: i + 2, to: i + 2 });
  });
  if (groups.length) {
    const cells: string[] = [""];
    let col = 2;
    for (const g of groups) {
      while (col < g.from) {
        cells.push("");
        col++;
      }
      cells.push(`\\multicolumn{${g.to - g.from + 1}}{c}{${g.label}}`);
      col = g.to + 1;
    }
    while (col <= n + 1) {
      cells.push("");
      col++;
    }
    lines.push(`${cells.join(" & ")} \\\\`);
    lines.push(groups.map((g) => `\\cmidrule(lr){${g.from}-${g.to}}`).join(" "));
  }
  lines.push(`${[t.rows.some((r) => r.runs > 1) ? "Configuration" : "Run", ...t.columns.map((c) => (c.kind === "average" ? "Avg." : c.label))].map(escapeLatex).join(" & ")} \\\\`);
  lines.push("\\midrule");
  for (const r of t.rows) {
    const label = escapeLatex(r.label) + (r.baseline ? " (baseline)" : "");
    const cells = r.cells.map((c) =>
      cellText(
        c,
        t.isRate,
        (s) => `\\textbf{${s}}`,
        (s) => `$_{\\pm ${s}}$`,
        (s) => ` {\\scriptsize (${s})}`,
      ).replace("—", "--"),
    );
    lines.push(`${[label, ...cells].join(" & ")} \\\\`);
  }
  lines.push("\\bottomrule", "\\end{tabular}");
  return lines.join("\n") + "\n";
}
