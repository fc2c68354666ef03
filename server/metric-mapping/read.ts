import type { Db } from "@/db";
import { latestValuesForRuns, listRunMetricKeys } from "../metrics/series";
import { listRuns } from "../runs/service";
import { requireRunRow } from "../runs/service";
import { parseOrThrow } from "../validation";
import { previewInput } from "./inputs";
import { describeMapped, MetricKeyMapper } from "./map-key";
import { loadMappingContext, requireProjectByName } from "./settings";
import { resolveSignature, signatureCandidates, type RunSignature } from "./signature";
import type { MappedMetric, MappingContext } from "./types";
import type { z } from "zod";

/** The signature of one run: which of its raw keys fill the skills grid and the OOD table. */
export function getRunSignature(db: Db, runId: string): RunSignature {
  const run = requireRunRow(db, runId);
  return resolveSignature(
    listRunMetricKeys(db, runId).map((k) => k.key),
    loadMappingContext(db, run.projectId),
  );
}

interface ProjectCandidates {
  stamp: string;
  /** Per skill, the keys that can stand for its Pass@1, best first. */
  pass1: Record<string, string[]>;
}
const candidatesCache = new WeakMap<object, Map<number, ProjectCandidates>>();

/**
 * Per skill of the project, every key of the project that can stand for its
 * Pass@1, best first. Mapping all of a project's keys is the costly part, so
 * it is kept until a new key is interned or the mapping settings change.
 */
function projectPass1Candidates(db: Db, projectId: number, ctx: MappingContext): Record<string, string[]> {
  const sqlite = db.$client;
  const maxKeyId = sqlite.prepare("SELECT max(id) FROM metric_keys WHERE project_id = ?").pluck().get(projectId) as number | null;
  const stamp = `${maxKeyId ?? 0}|${JSON.stringify(ctx)}`;
  let cache = candidatesCache.get(sqlite);
  if (!cache) candidatesCache.set(sqlite, (cache = new Map()));
  const hit = cache.get(projectId);
  if (hit?.stamp === stamp) return hit.pass1;
  const keys = sqlite.prepare("SELECT key FROM metric_keys WHERE project_id = ?").pluck().all(projectId) as string[];
  const candidates = signatureCandidates(new MetricKeyMapper(ctx).mapAll(keys));
  const pass1 = Object.fromEntries(Object.entries(candidates.pass1).map(([skill, list]) => [skill, list.map((m) => m.key)]));
  cache.set(projectId, { stamp, pass1 });
  return pass1;
}

/** Per skill of the project, the metric keys that stand for its Pass@1, best first (what the runs table sorts by). */
export function pass1KeysOfProject(db: Db, projectId: number): Record<string, string[]> {
  return projectPass1Candidates(db, projectId, loadMappingContext(db, projectId));
}

/**
 * The runs table's Pass@1 columns: for each run, the latest value of each
 * skill's Pass@1, under Skillboard's key `skill/<skill>/pass@1` whether the
 * run logged that key or a framework's key that maps onto it.
 */
export function latestPass1ForRuns(db: Db, runs: readonly { id: string; project: string }[], skills: readonly string[]): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = {};
  const byProject = new Map<string, string[]>();
  for (const r of runs) (byProject.get(r.project) ?? byProject.set(r.project, []).get(r.project)!).push(r.id);
  for (const [project, runIds] of byProject) {
    const p = requireProjectByName(db, project);
    const candidates = projectPass1Candidates(db, p.id, loadMappingContext(db, p.id));
    const wanted = skills.map((s) => ({ skill: s, keys: candidates[s] ?? [`skill/${s}/pass@1`] }));
    const latest = latestValuesForRuns(db, runIds, [...new Set(wanted.flatMap((w) => w.keys))]);
    for (const id of runIds) {
      const values = latest[id];
      if (!values) continue;
      for (const w of wanted) {
        const key = w.keys.find((k) => values[k] !== undefined);
        if (key !== undefined) (out[id] ??= {})[`skill/${w.skill}/pass@1`] = values[key];
      }
    }
  }
  return out;
}

export interface PreviewEntry extends MappedMetric {
  /** `swe_verified · Avg@4 (reported)` */
  feeds: string;
}

export interface MappingPreview {
  runsRead: number;
  /** Keys of the project's recent runs that feed a skill or benchmark, Skillboard's own first. */
  mapped: PreviewEntry[];
  /** How many of those runs' keys map to nothing, and a few of them (to write a rule for). */
  unmappedCount: number;
  unmapped: string[];
  /** The keys asked about, each with its mapping or null. */
  tried: { key: string; mapped: PreviewEntry | null }[];
}

const MAX_PREVIEW = 200;
const MAX_UNMAPPED_SHOWN = 30;

/** The settings page's live preview: what the current rules make of the keys of the project's recent runs. */
export function previewMapping(db: Db, input: z.input<typeof previewInput>): MappingPreview {
  const q = parseOrThrow(previewInput, input);
  const p = requireProjectByName(db, q.project);
  const mapper = new MetricKeyMapper(loadMappingContext(db, p.id));
  const runs = listRuns(db, { project: p.name, limit: q.runs });
  const keys = runs.length
    ? (db.$client
        .prepare(
          `SELECT DISTINCT k.key FROM run_metric_summaries s JOIN metric_keys k ON k.id = s.key_id JOIN runs r ON r.pk = s.run_pk
           WHERE r.id IN (SELECT value FROM json_each(?)) ORDER BY k.key`,
        )
        .pluck()
        .all(JSON.stringify(runs.map((r) => r.id))) as string[])
    : [];
  const all = new Set([...keys, ...q.keys]);
  const entry = (key: string): PreviewEntry | null => {
    const m = mapper.map(key, all);
    return m ? { ...m, feeds: describeMapped(m) } : null;
  };
  const mapped: PreviewEntry[] = [];
  const unmapped: string[] = [];
  for (const key of keys) {
    const e = entry(key);
    if (e) mapped.push(e);
    else unmapped.push(key);
  }
  mapped.sort((a, b) => Number(b.native) - Number(a.native) || a.key.localeCompare(b.key, undefined, { numeric: true }));
  return {
    runsRead: runs.length,
    mapped: mapped.slice(0, MAX_PREVIEW),
    unmappedCount: unmapped.length,
    unmapped: unmapped.slice(0, MAX_UNMAPPED_SHOWN),
    tried: q.keys.map((key) => ({ key, mapped: entry(key) })),
  };
}
