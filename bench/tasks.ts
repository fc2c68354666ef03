/**
 * npm run bench:tasks [-- --per-run N --tasks N --queries N --db FILE]
 *
 * Two runs with N trajectories each (default 100,000) over 5,000 tasks: every
 * task seen at several steps, G = 4 samples each, ~3 % unknown outcomes. The
 * index rows go in through the domain service (appendTrajectoryBatch, small
 * bodies sharing few blobs), then the tasks view is timed server side, as the
 * tRPC procedure calls it: the first page sorted by disagreement, and the
 * "solved by A, not by B" quick filter. Target: < 300 ms each.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { openDatabase } from "@/db";
import { createRun } from "@/server/runs/service";
import { readTaskGrid, type TaskGridInput } from "@/server/tasks/task-grid";
import { BlobStore } from "@/server/trajectories/blob-store";
import { appendTrajectoryBatch } from "@/server/trajectories/service";

const { values: args } = parseArgs({
  options: {
    "per-run": { type: "string", default: "100000" },
    tasks: { type: "string", default: "5000" },
    queries: { type: "string", default: "15" },
    /** Keep the filled database here and reuse it on the next run (for profiling). */
    db: { type: "string" },
  },
});
const PER_RUN = Number(args["per-run"]);
const TASKS = Number(args.tasks);
const G = 4;
const SKILLS = ["localization", "editing", "unit_test", "review", "reproduction", "swe_verified"];
const ms = (n: number) => `${n.toFixed(1)} ms`;
const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];

const dir = args.db ? path.dirname(path.resolve(args.db)) : fs.mkdtempSync(path.join(os.tmpdir(), "skillboard-bench-tasks-"));
const dbFile = args.db ? path.resolve(args.db) : path.join(dir, "bench.db");
const reuse = fs.existsSync(dbFile);
const db = openDatabase(dbFile);
const blobs = new BlobStore(path.join(dir, "blobs"));

/** Trajectory i of a run: task by group, step by round over the tasks; the run's skill bias sets its pass rate. */
function trajectory(i: number, bias: number, salt: number) {
  const group = Math.floor(i / G);
  const task = group % TASKS;
  const step = Math.floor(group / TASKS) * 10;
  const h = ((i * 2654435761) >>> 0) % 1000;
  const unknown = h < 30;
  // Per-run task difficulty (salt), so each run solves some tasks the other fails.
  const passed = !unknown && ((task * 7 + ((task * salt) % 11) + i) % 13) / 13 < bias;
  return {
    skill: SKILLS[task % SKILLS.length],
    taskId: `task-${String(task).padStart(5, "0")}`,
    step,
    groupKey: `g${group}`,
    sampleIndex: i % G,
    reward: passed ? 1 : 0,
    passed,
    turns: [{ role: "assistant", content: "ok" }],
    metadata: unknown ? { outcomeKnown: false } : {},
  };
}

async function fill(runId: string, bias: number, salt: number) {
  for (let start = 0; start < PER_RUN; start += 1000) {
    const trajectories = Array.from({ length: Math.min(1000, PER_RUN - start) }, (_, k) => trajectory(start + k, bias, salt));
    await appendTrajectoryBatch(db, blobs, runId, { batchId: `b${start}`, trajectories });
  }
}

function time(label: string, input: TaskGridInput) {
  readTaskGrid(db, input); // warm the page cache
  const samples: number[] = [];
  let last = readTaskGrid(db, input);
  for (let i = 0; i < Number(args.queries); i++) {
    const t0 = performance.now();
    last = readTaskGrid(db, input);
    samples.push(performance.now() - t0);
  }
  const m = median(samples);
  console.log(`${label}: median ${ms(m)}, max ${ms(Math.max(...samples))} — ${last.rows.length} rows of ${last.matching} (${m < 300 ? "OK" : "OVER"} target 300 ms)`);
  return last;
}

const t0 = performance.now();
const a = createRun(db, { id: "bench-tasks-a", name: "joint" }).run.id;
const b = createRun(db, { id: "bench-tasks-b", name: "editing-only" }).run.id;
if (!reuse) {
  await fill(a, 0.6, 3);
  await fill(b, 0.35, 5);
  console.log(`inserted ${(2 * PER_RUN).toLocaleString("en-US")} trajectories over ${TASKS} tasks in ${ms(performance.now() - t0)}`);
}

const first = time("tasks view, first page (latest step, by disagreement)", { runIds: [a, b], limit: 100 });
console.log(`  joint solves ${first.aNotB} tasks editing-only fails; ${first.bNotA} the other way`);
time("solved by A, not by B", { runIds: [a, b], only: "aNotB", limit: 100 });
time("all steps, first page", { runIds: [a, b], stepMode: { kind: "all" }, limit: 100 });
time("held-out split, by task id", { runIds: [a, b], split: "eval", sort: "task", limit: 100 });

db.$client.close();
if (!args.db) fs.rmSync(dir, { recursive: true, force: true });
