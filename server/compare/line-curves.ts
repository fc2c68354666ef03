import type { Db } from "@/db";
import { resolveCompareRuns, runCurves, type CompareTarget, type RunCurves } from "./load";
import { aggregateSeedCurves, downsampleSeedCurve, type SeedCurvePoint } from "./seed-curves";
import { groupConfigurations } from "./seed-groups";
import { readRunSources } from "./sources";

/** One line of the compare charts: a configuration (its seeds folded into mean and band) or a single run. */
export interface CompareLineInput {
  key: string;
  runIds: string[];
}

/** A line's folded curves: Pass@1 per skill and Avg@k per benchmark (charts without data left out). */
export interface LineCurves {
  skills: Record<string, SeedCurvePoint[]>;
  benchmarks: Record<string, SeedCurvePoint[]>;
}

/**
 * The lines of a comparison (the runs `resolveCompareRuns` gives for the
 * target): one per configuration, keyed like the table's merged rows (the
 * first run's id), or one per run, keyed by its id.
 */
export function compareLines(db: Db, target: CompareTarget, lines: "configurations" | "runs"): CompareLineInput[] {
  const { runs } = resolveCompareRuns(db, target);
  return groupConfigurations(runs, lines === "configurations").map((c) => ({ key: c.key, runIds: c.runs.map((r) => r.id) }));
}

/** Points one chart draws over all its lines; each line gets its share, within bounds. */
export const CHART_POINT_BUDGET = 20_000;
const MIN_POINTS_PER_LINE = 50;
const MAX_POINTS_PER_LINE = 1000;

/** How many points each of `lines` lines keeps: 1,000 for up to 20 lines, 100 for 200. */
export function pointsPerLine(lines: number): number {
  return Math.max(MIN_POINTS_PER_LINE, Math.min(MAX_POINTS_PER_LINE, Math.floor(CHART_POINT_BUDGET / Math.max(1, lines))));
}

/**
 * The compare charts' lines, folded on the server: each run read down-sampled
 * to the line's share of the chart's points, a line's runs folded into mean,
 * min–max and std per step (`aggregateSeedCurves`), and the folded curve cut
 * to that share again. A comparison of hundreds of runs sends a few lines,
 * not hundreds of curves.
 */
export function loadLineCurves(db: Db, lines: readonly CompareLineInput[], skills: readonly string[], benchmarks: readonly string[]): Record<string, LineCurves> {
  const sources = readRunSources(db, [...new Set(lines.flatMap((l) => l.runIds))]);
  const maxPoints = pointsPerLine(lines.length);
  const perRun = new Map<string, RunCurves>();
  const curvesOf = (id: string) => {
    let c = perRun.get(id);
    if (!c) perRun.set(id, (c = runCurves(db, sources.get(id)!, skills, benchmarks, maxPoints)));
    return c;
  };
  const fold = (runs: RunCurves[], pick: (c: RunCurves) => RunCurves["skills"], name: string) =>
    downsampleSeedCurve(aggregateSeedCurves(runs.map((c) => pick(c)[name] ?? [])), maxPoints);

  const out: Record<string, LineCurves> = {};
  for (const line of lines) {
    const runs = line.runIds.map(curvesOf);
    const curves: LineCurves = { skills: {}, benchmarks: {} };
    for (const s of skills) {
      const points = fold(runs, (c) => c.skills, s);
      if (points.length) curves.skills[s] = points;
    }
    for (const b of benchmarks) {
      const points = fold(runs, (c) => c.benchmarks, b);
      if (points.length) curves.benchmarks[b] = points;
    }
    out[line.key] = curves;
  }
  return out;
}
