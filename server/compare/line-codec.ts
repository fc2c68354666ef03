import type { LineCurves } from "./line-curves";
import type { SeedCurvePoint } from "./seed-curves";

/**
 * The wire form of the compare charts' lines: each curve as columns, and a
 * single run's curve without its trivial band (min = max = mean, n = 1), sent
 * as JSON text. Hundreds of lines are tens of thousands of points; as objects
 * through superjson they cost about a second to encode, as columns in one
 * string a few milliseconds.
 */
interface PackedCurve {
  step: number[];
  mean: number[];
  elapsed: (number | null)[];
  /** Absent when every point is a single run's. */
  min?: number[];
  max?: number[];
  std?: (number | null)[];
  n?: number[];
}

type PackedLines = Record<string, { skills: Record<string, PackedCurve>; benchmarks: Record<string, PackedCurve> }>;

function pack(points: readonly SeedCurvePoint[]): PackedCurve {
  const out: PackedCurve = { step: points.map((p) => p.step), mean: points.map((p) => p.mean), elapsed: points.map((p) => p.elapsed) };
  if (points.some((p) => p.n !== 1)) {
    out.min = points.map((p) => p.min);
    out.max = points.map((p) => p.max);
    out.std = points.map((p) => p.std);
    out.n = points.map((p) => p.n);
  }
  return out;
}

function unpack(c: PackedCurve): SeedCurvePoint[] {
  return c.step.map((step, i) => ({
    step,
    mean: c.mean[i],
    min: c.min ? c.min[i] : c.mean[i],
    max: c.max ? c.max[i] : c.mean[i],
    std: c.std ? c.std[i] : null,
    n: c.n ? c.n[i] : 1,
    elapsed: c.elapsed[i],
  }));
}

const mapValues = <A, B>(o: Record<string, A>, f: (a: A) => B): Record<string, B> => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, f(v)]));

export function encodeLineCurves(lines: Record<string, LineCurves>): string {
  const packed: PackedLines = mapValues(lines, (l) => ({ skills: mapValues(l.skills, pack), benchmarks: mapValues(l.benchmarks, pack) }));
  return JSON.stringify(packed);
}

export function decodeLineCurves(text: string): Record<string, LineCurves> {
  const packed = JSON.parse(text) as PackedLines;
  return mapValues(packed, (l) => ({ skills: mapValues(l.skills, unpack), benchmarks: mapValues(l.benchmarks, unpack) }));
}
