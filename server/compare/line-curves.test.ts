import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appendEvalBatch } from "../evals/ingest";
import { appendMetricBatch } from "../metrics/ingest";
import { createCaller } from "../root";
import { createRun } from "../runs/service";
import { startTestServer, type TestServer } from "../testing/test-server";
import { decodeLineCurves } from "./line-codec";
import { loadLineCurves, pointsPerLine } from "./line-curves";
import { MAX_COMPARED_RUNS } from "./load";

/**
 * The compare charts' lines folded on the server, against a real SQLite file
 * behind a real server: three configurations × four seeds with known values,
 * so every mean, band and standard deviation can be checked by hand.
 */

let server: TestServer;
const GROUP = "abl-lines";
const SEEDS = [0, 1, 2, 3];
const STEPS = 21;
// Configuration c, seed s, step t: the seeds of one configuration sit 0.01 apart.
const pass1 = (c: number, s: number, t: number) => 0.1 * c + 0.01 * s + 0.001 * t;
const ids: string[][] = [[], [], []];
let longRun: string;
const caller = () => createCaller({ app: server.app, principal: null });
/** The tRPC procedures, with the charts' lines read from their wire form. */
const api = () => ({
  compare: {
    table: caller().compare.table,
    lineCurves: async (input: Parameters<ReturnType<typeof caller>["compare"]["lineCurves"]>[0]) => decodeLineCurves(await caller().compare.lineCurves(input)),
  },
});

beforeAll(async () => {
  server = await startTestServer();
  const db = server.app.db;
  for (const s of SEEDS) {
    for (const c of [0, 1, 2]) {
      const { run } = createRun(db, { name: `cfg${c}-seed${s}`, group: GROUP, config: { recipe: "grpo", skills: `set${c}`, seed: s } });
      ids[c].push(run.id);
      const points = Array.from({ length: STEPS }, (_, t) => ({ key: "skill/editing/pass@1", step: t, value: pass1(c, s, t) }));
      if (c === 0) points.push({ key: "skill/review/pass@1", step: 0, value: 0.5 });
      appendMetricBatch(db, run.id, { batchId: "m", points });
      // Avg@3 at step 20: the mean of the attempts, 0.2 + 0.05 s.
      appendEvalBatch(db, run.id, { batchId: "e", evals: [-0.1, 0, 0.1].map((d, attempt) => ({ benchmark: "swe_verified", attempt, step: 20, score: 0.2 + 0.05 * s + d })) });
    }
  }
  const { run } = createRun(db, { name: "long", config: {} });
  longRun = run.id;
  appendMetricBatch(db, run.id, { batchId: "l", points: Array.from({ length: 5000 }, (_, t) => ({ key: "skill/editing/pass@1", step: t, value: (t % 100) / 100 })) });
});

afterAll(async () => {
  await server?.close();
});

describe("loadLineCurves", () => {
  it("folds each configuration's seeds into mean, min–max and std per step", async () => {
    const table = await api().compare.table({ group: GROUP, value: "final", mergeSeeds: true });
    expect(table.configurations.map((c) => [c.label, c.runIds])).toEqual([
      ["cfg0", ids[0]],
      ["cfg1", ids[1]],
      ["cfg2", ids[2]],
    ]);
    const curves = await api().compare.lineCurves({ group: GROUP, lines: "configurations", skills: ["editing", "review"], benchmarks: ["swe_verified"] });
    expect(Object.keys(curves)).toEqual(table.configurations.map((c) => c.key));
    const seedStd = 0.01 * Math.sqrt((1.5 ** 2 + 0.5 ** 2 + 0.5 ** 2 + 1.5 ** 2) / 3);
    for (const [c, cfg] of table.configurations.entries()) {
      const editing = curves[cfg.key].skills.editing;
      expect(editing.map((p) => p.step)).toEqual(Array.from({ length: STEPS }, (_, t) => t));
      for (const p of editing) {
        expect(p.n).toBe(4);
        expect(p.mean).toBeCloseTo(pass1(c, 1.5, p.step), 12);
        expect(p.min).toBeCloseTo(pass1(c, 0, p.step), 12);
        expect(p.max).toBeCloseTo(pass1(c, 3, p.step), 12);
        expect(p.std).toBeCloseTo(seedStd, 12);
      }
      const ood = curves[cfg.key].benchmarks.swe_verified;
      expect(ood).toHaveLength(1);
      expect(ood[0]).toMatchObject({ step: 20, n: 4 });
      expect(ood[0].mean).toBeCloseTo(0.2 + 0.05 * 1.5, 12);
      expect(ood[0].min).toBeCloseTo(0.2, 12);
      expect(ood[0].max).toBeCloseTo(0.35, 12);
    }
    // Only the first configuration logged review; the others leave that chart out.
    expect(curves[table.configurations[0].key].skills.review).toMatchObject([{ step: 0, mean: 0.5, n: 4, std: 0 }]);
    expect(curves[table.configurations[1].key].skills.review).toBeUndefined();
  });

  it("gives a single run's line its own values, without a band", async () => {
    const [run] = ids[2];
    const curves = await api().compare.lineCurves({ group: GROUP, lines: "runs", skills: ["editing"], benchmarks: [] });
    expect(Object.keys(curves)).toHaveLength(12);
    const editing = curves[run].skills.editing;
    expect(editing.map((p) => p.mean)).toEqual(Array.from({ length: STEPS }, (_, t) => pass1(2, 0, t)));
    expect(editing.every((p) => p.n === 1 && p.std === null && p.min === p.mean && p.max === p.mean)).toBe(true);
  });

  it("down-samples each line to its share of the chart: fewer points the more lines", () => {
    expect(pointsPerLine(1)).toBe(1000);
    expect(pointsPerLine(20)).toBe(1000);
    expect(pointsPerLine(200)).toBe(100);
    expect(pointsPerLine(10_000)).toBe(50);
    const few = loadLineCurves(server.app.db, [{ key: "long", runIds: [longRun] }], ["editing"], []);
    expect(few.long.skills.editing.length).toBeLessThanOrEqual(1000);
    expect(few.long.skills.editing.length).toBeGreaterThan(500);
    const lines = Array.from({ length: 200 }, (_, i) => ({ key: `l${i}`, runIds: [longRun] }));
    const many = loadLineCurves(server.app.db, lines, ["editing"], []);
    const points = many.l7.skills.editing;
    expect(points.length).toBeLessThanOrEqual(100);
    expect(points.at(-1)!.step).toBe(4999);
    // Each point is its bucket's mean (a sawtooth 0 … 0.99 averages 0.495 over whole periods).
    const avg = points.reduce((a, p) => a + p.mean, 0) / points.length;
    expect(avg).toBeCloseTo(0.495, 2);
  });

  it("takes the same runs as the table: listed runs in order, unknown ids left out", async () => {
    const curves = await api().compare.lineCurves({ runs: [ids[1][1], "no-such-run", ids[1][0], ids[0][0]], lines: "configurations", skills: ["editing"], benchmarks: [] });
    expect(Object.keys(curves)).toEqual([ids[1][1], ids[0][0]]);
    expect(curves[ids[1][1]].skills.editing[0]).toMatchObject({ n: 2 });
  });

  it("refuses more runs than a comparison takes, and lines it does not know", async () => {
    const tooMany = Array.from({ length: MAX_COMPARED_RUNS + 1 }, (_, i) => `r${i}`);
    await expect(api().compare.lineCurves({ runs: tooMany, lines: "runs", skills: ["editing"], benchmarks: [] })).rejects.toThrow(TRPCError);
    // @ts-expect-error: not a kind of line
    await expect(api().compare.lineCurves({ group: GROUP, lines: "everything", skills: [], benchmarks: [] })).rejects.toThrow(/lines/);
  });
});
