import type { Db } from "@/db";
import type { MetricKeySummary } from "../metrics/series";
import { getProjectById } from "../projects/service";
import { getRun, listRuns, requireRunRow, type RunView } from "../runs/service";
import { AppError, BadRequestError } from "../errors";
import { diffRowConfigs, type ConfigDiff } from "./config-diff";
import type { StepValue, ValueMode } from "./pick-value";
import type { CurvePoint } from "./seed-curves";
import { groupConfigurations } from "./seed-groups";
import { readKeySeries, readRunSources, type RunSources } from "./sources";
import { buildCompareTable, type ColumnSeries, type CompareColumn, type CompareTable, type ValueSource } from "./table";

/** Most runs one comparison takes: an ablation set × seeds (e.g. 20 configurations × 10 seeds) fits with room. */
export const MAX_COMPARED_RUNS = 500;

/** What to compare: runs by id, every run of a group, or both. */
export interface CompareTarget {
  runs?: string[];
  group?: string;
  project?: string;
}

/**
 * The runs to compare, in a stable order: the ids as given, then the group's
 * runs in creation order. Unknown ids are reported, not fatal.
 */
export function resolveCompareRuns(db: Db, target: CompareTarget): { runs: RunView[]; missing: string[] } {
  const seen = new Set<string>();
  const runs: RunView[] = [];
  const missing: string[] = [];
  for (const id of target.runs ?? []) {
    if (seen.has(id)) continue;
    seen.add(id);
    try {
      runs.push(getRun(db, id));
    } catch (e) {
      if (e instanceof AppError && e.status === 404) missing.push(id);
      else throw e;
    }
  }
  if (target.group) {
    // One past the limit, so a larger group is refused rather than cut silently.
    for (const run of listRuns(db, { group: target.group, project: target.project, limit: MAX_COMPARED_RUNS + 1 }).reverse()) {
      if (!seen.has(run.id)) {
        seen.add(run.id);
        runs.push(run);
      }
    }
  }
  if (runs.length > MAX_COMPARED_RUNS) throw new BadRequestError(`Compare at most ${MAX_COMPARED_RUNS} runs at once (got ${runs.length}).`);
  return { runs, missing };
}

/** The union of the runs' projects' skills and benchmarks, in project order. */
export function projectColumns(db: Db, runIds: readonly string[], sources?: ReadonlyMap<string, RunSources>): { skills: string[]; benchmarks: string[] } {
  const skills = new Set<string>();
  const benchmarks = new Set<string>();
  const seenProjects = new Set<number>();
  for (const id of runIds) {
    const projectId = sources?.get(id)?.projectId ?? requireRunRow(db, id).projectId;
    if (seenProjects.has(projectId)) continue;
    seenProjects.add(projectId);
    const p = getProjectById(db, projectId);
    p?.skills.forEach((s) => skills.add(s));
    p?.benchmarks.forEach((b) => benchmarks.add(b));
  }
  return { skills: [...skills], benchmarks: [...benchmarks] };
}

const PASS1 = /^skill\/(.+)\/pass@1$/;
/** `eval/<name>/avg@k` (sent directly) and `heldout/<name>/avg@k` (the reference trainer's held-out atomic tasks). */
const AVG_AT_K = /^(?:eval|heldout)\/(.+)\/avg@\d+$/;

/**
 * A skill's or benchmark's value mapped from a framework's key, used only
 * where the run has none of Skillboard's own: a benchmark's (or a skill's
 * eval) mean reported by the trainer reads as Avg@N, a skill's training
 * pass rate as Pass@1.
 */
function mappedSource(src: RunSources, col: CompareColumn): { key: string; source: ValueSource; k?: number } | undefined {
  const m = col.kind === "skill" ? src.signature.pass1[col.id] : src.signature.reported[col.id];
  if (!m || m.native) return undefined;
  if (m.phase === "eval") return { key: m.key, source: "avg@k", ...(m.samples != null ? { k: m.samples } : {}) };
  return { key: m.key, source: "pass@1" };
}

function avgKeyFor(src: RunSources, name: string): MetricKeySummary | undefined {
  for (const [key, summary] of src.keys) if (AVG_AT_K.exec(key)?.[1] === name) return summary;
  return undefined;
}

/**
 * The columns any of the runs can fill: the projects' skills and benchmarks
 * first, in project order, then other names found in the data. A name logged
 * as Pass@1 or that is a project skill is a skill; every other eval name is a
 * benchmark.
 */
function candidateColumns(sources: RunSources[], project: { skills: string[]; benchmarks: string[] }): CompareColumn[] {
  const skills = new Set(project.skills);
  const extraSkills = new Set<string>();
  const extraBenchmarks = new Set<string>();
  for (const src of sources) {
    for (const key of src.keys.keys()) {
      const s = PASS1.exec(key)?.[1];
      if (s && !skills.has(s)) extraSkills.add(s);
    }
  }
  const isSkill = (n: string) => skills.has(n) || extraSkills.has(n);
  for (const src of sources) {
    for (const b of Object.keys(src.evals)) if (!isSkill(b) && !project.benchmarks.includes(b)) extraBenchmarks.add(b);
    for (const key of src.keys.keys()) {
      const m = /^eval\/(.+)\/avg@\d+$/.exec(key)?.[1];
      if (m && !isSkill(m) && !project.benchmarks.includes(m)) extraBenchmarks.add(m);
    }
    for (const b of Object.keys(src.signature.reported)) if (!isSkill(b) && !project.benchmarks.includes(b)) extraBenchmarks.add(b);
  }
  const sorted = (s: Set<string>) => [...s].sort((a, b) => a.localeCompare(b));
  return [
    ...[...project.skills, ...sorted(extraSkills)].map((id) => ({ id, kind: "skill" as const })),
    ...[...project.benchmarks.filter((b) => !isSkill(b)), ...sorted(extraBenchmarks)].map((id) => ({ id, kind: "benchmark" as const })),
  ];
}

/**
 * The few points of a logged metric that decide its value under `mode`,
 * read exactly without loading the whole series: the last point (final);
 * the down-sampled buckets' maxima (best: the maximum is exact, its step is
 * the bucket's last step); the last point at or before N (step N).
 */
function metricCandidates(db: Db, src: RunSources, s: MetricKeySummary, mode: ValueMode): StepValue[] {
  if (mode.kind === "final" || (mode.kind === "step" && mode.step >= s.maxStep)) return [{ step: s.maxStep, value: s.lastValue }];
  if (mode.kind === "best") return readKeySeries(db, src, s.key, { maxPoints: 1000 }).map((p) => ({ step: p.step, value: p.max }));
  if (mode.step < s.minStep) return [];
  const before = readKeySeries(db, src, s.key, { maxPoints: 2, stepMax: mode.step }).at(-1);
  if (!before) return [];
  const exact = readKeySeries(db, src, s.key, { maxPoints: 2, stepMin: before.step, stepMax: before.step })[0];
  return exact ? [{ step: exact.step, value: exact.value }] : [];
}

/** Where one run's value for a column comes from (see ValueSource), with its candidate points. */
function columnSeries(db: Db, src: RunSources, col: CompareColumn, mode: ValueMode): ColumnSeries | undefined {
  const evals = src.evals[col.id];
  if (evals?.length) return { source: "avg@k", points: evals.map((e) => ({ step: e.step, value: e.avg })), k: Math.max(...evals.map((e) => e.attempts)) };
  const avgKey = avgKeyFor(src, col.id);
  if (avgKey) return { source: "avg@k", points: metricCandidates(db, src, avgKey, mode), k: Number(/avg@(\d+)$/.exec(avgKey.key)![1]) };
  if (col.kind === "skill") {
    const pass1 = src.keys.get(`skill/${col.id}/pass@1`);
    if (pass1) return { source: "pass@1", points: metricCandidates(db, src, pass1, mode) };
  }
  const mapped = mappedSource(src, col);
  const summary = mapped && src.keys.get(mapped.key);
  if (mapped && summary) {
    return { source: mapped.source, points: metricCandidates(db, src, summary, mode), ...(mapped.k != null ? { k: mapped.k } : {}), mappedFrom: mapped.key };
  }
  return undefined;
}

/** The runs' configurations (seeds merged), whatever the table's rows are: what the charts summarise many lines into. */
export interface CompareConfiguration {
  key: string;
  label: string;
  runIds: string[];
}

export interface CompareTableResult {
  runs: RunView[];
  missing: string[];
  table: CompareTable;
  configurations: CompareConfiguration[];
  /** The config keys in which the table's rows differ, per row (a merged row lists its seeds). */
  configDiff: ConfigDiff;
  skills: string[];
  benchmarks: string[];
}

/** Everything the compare page's table needs, for the chosen value mode. */
export function loadCompareTable(db: Db, target: CompareTarget, mode: ValueMode, mergeSeeds: boolean): CompareTableResult {
  const { runs, missing } = resolveCompareRuns(db, target);
  const byId = readRunSources(db, runs.map((r) => r.id));
  const project = projectColumns(db, runs.map((r) => r.id), byId);
  const sources = runs.map((r) => byId.get(r.id)!);
  const columns = candidateColumns(sources, project);
  const table = buildCompareTable({
    runs: runs.map((r, i) => ({
      id: r.id,
      name: r.name,
      config: r.config,
      tags: r.tags,
      series: Object.fromEntries(columns.map((c) => [c.id, columnSeries(db, sources[i], c, mode)])),
    })),
    columns,
    projectSkills: project.skills,
    mode,
    mergeSeeds,
  });
  const configs = new Map(runs.map((r) => [r.id, r.config]));
  return {
    runs,
    missing,
    table,
    configurations: groupConfigurations(runs).map((c) => ({ key: c.key, label: c.label, runIds: c.runs.map((r) => r.id) })),
    configDiff: diffRowConfigs(table.rows.map((row) => row.runIds.map((id) => configs.get(id)!))),
    skills: table.columns.filter((c) => c.kind === "skill").map((c) => c.id),
    benchmarks: table.columns.filter((c) => c.kind === "benchmark").map((c) => c.id),
  };
}

export interface RunCurves {
  /** Pass@1 per skill, down-sampled. */
  skills: Record<string, CurvePoint[]>;
  /** Avg@k per benchmark: from eval attempts, else a logged `eval/<b>/avg@k`. */
  benchmarks: Record<string, CurvePoint[]>;
}

/** The series the compare page's charts overlay, per run. */
export function loadCompareCurves(db: Db, runIds: readonly string[], skills: readonly string[], benchmarks: readonly string[], maxPoints = 1000): Record<string, RunCurves> {
  const sources = readRunSources(db, runIds);
  return Object.fromEntries(runIds.map((id) => [id, runCurves(db, sources.get(id)!, skills, benchmarks, maxPoints)]));
}

/** One run's Pass@1 per skill and Avg@k per benchmark, each down-sampled to `maxPoints`. */
export function runCurves(db: Db, src: RunSources, skills: readonly string[], benchmarks: readonly string[], maxPoints: number): RunCurves {
  const curves: RunCurves = { skills: {}, benchmarks: {} };
  const toCurve = (key: string) => readKeySeries(db, src, key, { maxPoints }).map((p) => ({ step: p.step, value: p.value, wallTime: p.wallTime }));
  for (const s of skills) {
    // Skillboard's own Pass@1, else the framework key the mapping reads as it.
    const key = src.signature.pass1[s]?.key;
    const points = key === undefined ? [] : toCurve(key);
    if (points.length) curves.skills[s] = points;
  }
  for (const b of benchmarks) {
    const evals = src.evals[b];
    if (evals?.length) {
      curves.benchmarks[b] = evals.map((e) => ({ step: e.step, value: e.avg, wallTime: null }));
      continue;
    }
    const key = [...src.keys.keys()].find((k) => /^eval\/(.+)\/avg@\d+$/.exec(k)?.[1] === b) ?? src.signature.reported[b]?.key;
    if (key) curves.benchmarks[b] = toCurve(key);
  }
  return curves;
}
