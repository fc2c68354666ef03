import type { CompareColumn, CompareRunInput, ColumnSeries } from "./table";

/** A small ablation: joint × 3 seeds, only-editing × 2 seeds, and an SFT baseline. */
export const SKILLS = ["editing", "review"];
export const COLUMNS: CompareColumn[] = [
  { id: "editing", kind: "skill" },
  { id: "review", kind: "skill" },
  { id: "swe_verified", kind: "benchmark" },
  { id: "security", kind: "benchmark" },
];

const pass1 = (...pts: [number, number][]): ColumnSeries => ({ source: "pass@1", points: pts.map(([step, value]) => ({ step, value })) });
const avg = (...pts: [number, number][]): ColumnSeries => ({ source: "avg@k", points: pts.map(([step, value]) => ({ step, value })) });

function run(id: string, name: string, config: Record<string, unknown>, series: CompareRunInput["series"], tags: string[] = []): CompareRunInput {
  return { id, name, config, tags, series };
}

export const ABLATION: CompareRunInput[] = [
  run("j1", "joint-seed1", { skills: { editing: 1, review: 1 }, seed: 1 }, { editing: pass1([10, 0.4], [20, 0.6]), review: pass1([20, 0.5]), swe_verified: avg([20, 0.3]) }),
  run("j2", "joint-seed2", { skills: { editing: 1, review: 1 }, seed: 2 }, { editing: pass1([10, 0.5], [20, 0.7]), review: pass1([20, 0.6]), swe_verified: avg([20, 0.4]) }),
  run("j3", "joint-seed3", { skills: { editing: 1, review: 1 }, seed: 3 }, { editing: pass1([10, 0.6], [20, 0.8]), review: pass1([20, 0.7]), swe_verified: avg([20, 0.5]) }),
  run("e1", "only-editing-seed1", { skills: { editing: 1 }, seed: 1 }, { editing: pass1([10, 0.7], [20, 0.9]), review: pass1([20, 0.2]), swe_verified: avg([20, 0.2]) }),
  run("e2", "only-editing-seed2", { skills: { editing: 1 }, seed: 2 }, { editing: avg([20, 0.8]), review: pass1([20, 0.3]), swe_verified: avg([20, 0.2]) }),
  run("sft", "sft", {}, { editing: pass1([0, 0.4]), review: pass1([0, 0.4]), swe_verified: avg([0, 0.2]) }),
];
