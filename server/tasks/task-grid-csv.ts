import type { Db } from "@/db";
import { getRun } from "../runs/service";
import { MAX_TASK_GRID_PAGE, readTaskGrid, type TaskGridInput } from "./task-grid";

const quote = (v: string | number | null) => {
  if (v == null) return "";
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** Every row of the tasks view under its filters as CSV: per run passes, attempts, unknown outcomes and the step counted. */
export function taskGridCsv(db: Db, input: Omit<TaskGridInput, "limit" | "offset">): string {
  const names = input.runIds.map((id) => getRun(db, id).name);
  const header = ["task_id", "skill", ...names.flatMap((n) => [`${n} passes`, `${n} attempts`, `${n} unknown`, `${n} step`]), "disagreement"];
  const lines = [header.map(quote).join(",")];
  let offset: number | null = 0;
  while (offset != null) {
    const page = readTaskGrid(db, { ...input, limit: MAX_TASK_GRID_PAGE, offset });
    for (const r of page.rows) {
      const cells = r.cells.flatMap((c) => (c ? [c.passes, c.attempts, c.unknown, c.step] : [null, null, null, null]));
      lines.push([r.taskId, r.skill, ...cells, Number(r.disagreement.toFixed(4))].map(quote).join(","));
    }
    offset = page.nextOffset;
  }
  return `${lines.join("\n")}\n`;
}
