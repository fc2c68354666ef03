import type { Db } from "@/db";
import { summariseAttempts, type AvgAtK } from "../evals/avg-at-k";
import { MetricKeyMapper } from "../metric-mapping/map-key";
import { loadMappingContext } from "../metric-mapping/settings";
import { resolveSignature, type RunSignature } from "../metric-mapping/signature";
import { readSeries, type SeriesPoint } from "../metrics/downsample";
import type { MetricKeySummary } from "../metrics/series";
import { NotFoundError } from "../errors";

/** A logged key of one run: its extent and latest value, and the id its points are stored under. */
export interface KeySummary extends MetricKeySummary {
  keyId: number;
}

/** What a comparison reads of one run before picking values or curves. */
export interface RunSources {
  id: string;
  pk: number;
  projectId: number;
  keys: Map<string, KeySummary>;
  /** Avg@k per benchmark and step, from the stored attempts. */
  evals: Record<string, AvgAtK[]>;
  /** Frameworks' keys read as skills' Pass@1 and benchmarks' Avg@N (server/metric-mapping). */
  signature: RunSignature;
}

const ids = (xs: readonly (string | number)[]) => JSON.stringify(xs);

/**
 * The sources of many runs in a few set queries (runs, key summaries, eval
 * attempts) and one mapping context per project, instead of a handful of
 * queries per run: a comparison of hundreds of runs reads in one pass.
 */
export function readRunSources(db: Db, runIds: readonly string[]): Map<string, RunSources> {
  const sqlite = db.$client;
  const rows = sqlite
    .prepare("SELECT id, pk, project_id FROM runs WHERE id IN (SELECT value FROM json_each(?))")
    .raw()
    .all(ids(runIds)) as [string, number, number][];
  const byPk = new Map<number, RunSources>();
  const byId = new Map<string, RunSources>();
  for (const [id, pk, projectId] of rows) {
    const src: RunSources = { id, pk, projectId, keys: new Map(), evals: {}, signature: undefined! };
    byPk.set(pk, src);
    byId.set(id, src);
  }
  for (const id of runIds) if (!byId.has(id)) throw new NotFoundError("Run", id);
  const pks = ids([...byPk.keys()]);

  const keyRows = sqlite
    .prepare(
      `SELECT s.run_pk, s.key_id, k.key, s.count, s.min_step, s.max_step, s.last_value
       FROM run_metric_summaries s JOIN metric_keys k ON k.id = s.key_id
       WHERE s.run_pk IN (SELECT value FROM json_each(?)) ORDER BY s.run_pk, k.key`,
    )
    .raw()
    .all(pks) as [number, number, string, number, number, number, number][];
  for (const [pk, keyId, key, count, minStep, maxStep, lastValue] of keyRows) byPk.get(pk)!.keys.set(key, { key, keyId, count, minStep, maxStep, lastValue });

  const evalRows = sqlite
    .prepare("SELECT run_pk, benchmark, step, score FROM evals WHERE run_pk IN (SELECT value FROM json_each(?)) ORDER BY run_pk, benchmark, step, attempt")
    .raw()
    .all(pks) as [number, string, number, number][];
  for (let i = 0; i < evalRows.length; ) {
    const [pk, benchmark, step] = evalRows[i];
    const scores: number[] = [];
    while (i < evalRows.length && evalRows[i][0] === pk && evalRows[i][1] === benchmark && evalRows[i][2] === step) scores.push(evalRows[i++][3]);
    (byPk.get(pk)!.evals[benchmark] ??= []).push(summariseAttempts(step, scores));
  }

  const mappers = new Map<number, { ctx: ReturnType<typeof loadMappingContext>; mapper: MetricKeyMapper }>();
  for (const src of byId.values()) {
    let m = mappers.get(src.projectId);
    if (!m) {
      const ctx = loadMappingContext(db, src.projectId);
      mappers.set(src.projectId, (m = { ctx, mapper: new MetricKeyMapper(ctx) }));
    }
    src.signature = resolveSignature(src.keys.keys(), m.ctx, m.mapper);
  }
  return byId;
}

/** One key's down-sampled series of a run whose sources are read (no per-key lookups). */
export function readKeySeries(db: Db, src: RunSources, key: string, q: { maxPoints: number; stepMin?: number; stepMax?: number }): SeriesPoint[] {
  const summary = src.keys.get(key);
  return summary ? readSeries(db.$client, src.pk, summary.keyId, q) : [];
}
