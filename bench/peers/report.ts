export const TOOLS = ["skillboard", "mlflow", "aim"] as const;
export type Tool = (typeof TOOLS)[number];

/** One row of the table: a figure per tool, or the reason a tool has none. */
export interface Row {
  label: string;
  unit: string;
  /** Which is better: higher (throughput) or lower (time, bytes). */
  better: "higher" | "lower";
  values: Record<Tool, number | string>;
  how: Record<Tool, string>;
}

const fmt = (n: number) => (n >= 100 ? Math.round(n).toLocaleString("en-US") : n.toFixed(n >= 10 ? 1 : 2));

/** The winner of a row, when every tool has a figure. */
function leader(row: Row): Tool | null {
  const nums = TOOLS.map((t) => row.values[t]);
  if (!nums.every((v) => typeof v === "number")) return null;
  const best = row.better === "higher" ? Math.max(...(nums as number[])) : Math.min(...(nums as number[]));
  return TOOLS.find((t) => row.values[t] === best) ?? null;
}

/** A Markdown table (it pastes into the README), then each row's method. */
export function renderTable(rows: Row[]): string {
  const head = ["", "Skillboard", "MLflow", "Aim", "ahead"];
  const lines = [`| ${head.join(" | ")} |`, `| ${head.map(() => "---").join(" | ")} |`];
  for (const row of rows) {
    const cells = TOOLS.map((t) => (typeof row.values[t] === "number" ? fmt(row.values[t] as number) : String(row.values[t])));
    lines.push(`| ${row.label} (${row.unit}) | ${cells.join(" | ")} | ${leader(row) ?? "–"} |`);
  }
  const notes = rows.map((row) => `- ${row.label}: ${TOOLS.map((t) => `${t}: ${row.how[t]}`).join("; ")}`);
  return [...lines, "", ...notes].join("\n");
}
