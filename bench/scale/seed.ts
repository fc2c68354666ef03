/**
 * Fills a real SQLite file with a lab's history for `npm run bench:scale`:
 * N runs (default 100,000) in G groups (default 2,000), each with the five
 * skills' Pass@1 over 20 steps. Rows go in with prepared statements in one
 * transaction, metric points already packed into chunks by the server's own
 * codec (server/metrics/chunk-codec.ts); the migrations' triggers fill the
 * tag rows and the search index as they do for any run.
 *
 * Groups follow time: group 0 holds only the oldest runs, the last group the
 * newest, so a filter that offers every group must look past the newest page.
 */
import { openDatabase, type Db } from "@/db";
import { encodeChunk } from "@/server/metrics/chunk-codec";
import { internMetricKeys } from "@/server/metrics/metric-keys";
import { ensureProject } from "@/server/projects/service";

export interface ScaleSeedOptions {
  runs: number;
  groups: number;
  steps: number;
  project?: string;
  /** Created-at of the newest run (ms); runs are spaced a minute apart before it. */
  now?: number;
}

export interface ScaleSeed {
  db: Db;
  project: string;
  skills: string[];
  /** Name of group i (0 = the oldest). */
  groupName: (i: number) => string;
  /** Public id of run i (0 = the oldest). */
  runId: (i: number) => string;
  seconds: number;
}

const ABLATIONS = ["joint", "only-editing", "only-localization", "only-review", "swe-verified-only"];
const STEP_EVERY = 10;

export const scaleGroupName = (i: number) => `ablation-${String(i).padStart(4, "0")}`;
export const scaleRunId = (i: number) => `scale${String(i).padStart(6, "0")}`;

function statusOf(i: number, runs: number): string {
  if (i >= runs - 32) return "running";
  const h = (i * 2654435761) % 100;
  return h < 85 ? "succeeded" : h < 95 ? "failed" : "canceled";
}

/** Seeds `file` (created with its migrations); a file that already holds runs is left as it is. */
export function seedScale(file: string, opts: ScaleSeedOptions): ScaleSeed {
  const t0 = performance.now();
  const db = openDatabase(file);
  const sqlite = db.$client;
  const project = ensureProject(db, opts.project);
  const skills = project.skills;
  const out: ScaleSeed = { db, project: project.name, skills, groupName: scaleGroupName, runId: scaleRunId, seconds: 0 };
  const existing = sqlite.prepare("SELECT count(*) FROM runs WHERE project_id = ?").pluck().get(project.id) as number;
  if (existing >= opts.runs) return { ...out, seconds: (performance.now() - t0) / 1000 };

  const now = opts.now ?? Date.now();
  const perGroup = Math.ceil(opts.runs / opts.groups);
  sqlite.pragma("synchronous = OFF");
  // The runs' indexes, tag rows and search index are written in random order: keep their pages in memory.
  sqlite.pragma("cache_size = -1000000");
  const insertGroup = sqlite.prepare("INSERT INTO run_groups (project_id, name, created_at) VALUES (?, ?, ?)");
  const insertRun = sqlite.prepare(
    `INSERT INTO runs (id, project_id, group_id, name, recipe, config, status, pool, created_at, started_at, ended_at, updated_at, tags)
     VALUES (?, ?, ?, ?, 'reference-trainer', ?, ?, 'local', ?, ?, ?, ?, ?)`,
  );
  const insertChunk = sqlite.prepare(
    `INSERT INTO metric_chunks (run_pk, key_id, chunk, count, sum, min, max, last_step, last_wall_time, offsets, "values", wall_times)
     VALUES (?, ?, 0, ?, ?, ?, ?, ?, NULL, ?, ?, NULL)`,
  );
  const insertSummary = sqlite.prepare(
    "INSERT INTO run_metric_summaries (run_pk, key_id, count, min_step, max_step, last_value, last_wall_time) VALUES (?, ?, ?, 0, ?, ?, NULL)",
  );
  const steps = Array.from({ length: opts.steps }, (_, s) => s * STEP_EVERY);
  const noWall = steps.map(() => NaN);

  sqlite.transaction(() => {
    const keyIds = internMetricKeys(sqlite, project.id, skills.map((s) => `skill/${s}/pass@1`));
    const keys = skills.map((s) => keyIds.get(`skill/${s}/pass@1`)!);
    const groupIds: number[] = [];
    for (let g = 0; g < opts.groups; g++) {
      groupIds.push(Number(insertGroup.run(project.id, scaleGroupName(g), now - (opts.runs - g * perGroup) * 60_000).lastInsertRowid));
    }
    for (let i = 0; i < opts.runs; i++) {
      const g = Math.min(Math.floor(i / perGroup), opts.groups - 1);
      const seed = i % perGroup;
      const ablation = ABLATIONS[seed % ABLATIONS.length];
      const created = now - (opts.runs - 1 - i) * 60_000;
      const status = statusOf(i, opts.runs);
      const ended = status === "running" ? null : created + 600_000 + (i % 97) * 10_000;
      const runPk = Number(
        insertRun.run(
          scaleRunId(i),
          project.id,
          groupIds[g],
          `${ablation}-g${g}-seed${seed}`,
          JSON.stringify({ lr: 1e-6 * (1 + (i % 5)), seed, ablation }),
          status,
          created,
          created + 5_000,
          ended,
          ended ?? now,
          JSON.stringify([ablation, `seed-${seed % 10}`]),
        ).lastInsertRowid,
      );
      for (let k = 0; k < keys.length; k++) {
        const top = 0.2 + 0.6 * (((i * 31 + k * 17) % 100) / 100);
        const values = steps.map((_, s) => (top * (s + 1)) / steps.length);
        const e = encodeChunk(0, { steps, values, wallTimes: noWall });
        insertChunk.run(runPk, keys[k], e.count, e.sum, e.min, e.max, e.lastStep, e.offsets, e.values);
        insertSummary.run(runPk, keys[k], e.count, e.lastStep, values[values.length - 1]);
      }
    }
  })();
  sqlite.pragma("synchronous = NORMAL");
  sqlite.pragma("cache_size = -65536");
  sqlite.exec("ANALYZE");
  return { ...out, seconds: (performance.now() - t0) / 1000 };
}
