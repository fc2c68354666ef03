import { createHash } from "node:crypto";
import type { Db } from "@/db";
import type { BlobStore } from "../trajectories/blob-store";
import { appendTrajectoryBatch, MAX_TRAJECTORIES_PER_BATCH } from "../trajectories/service";
import type { TrajectoryInput } from "../trajectories/schema";
import { getRun } from "../runs/service";

/** verl's ValidationGenerationsLogger (mlflow backend) logs `val_step{N}.json`: `[{input, output, score}]`. */
export const VALIDATION_ARTIFACT = /(?:^|\/)val_step(\d+)\.json$/;
export const DEFAULT_VALIDATION_SKILL = "validation";

interface ValidationSample {
  input: string;
  output: string;
  score: number;
  data_source?: string;
}

/** The samples of a validation artifact, or null when the file is not of verl's shape (it is then just stored). */
export function parseValidationSamples(text: string): ValidationSample[] | null {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return null;
  }
  if (!Array.isArray(data)) return null;
  const samples: ValidationSample[] = [];
  for (const s of data) {
    if (typeof s !== "object" || s === null) return null;
    const { input, output, score, data_source } = s as Record<string, unknown>;
    if (typeof input !== "string" || typeof output !== "string" || typeof score !== "number") return null;
    samples.push({ input, output, score, ...(typeof data_source === "string" && data_source ? { data_source } : {}) });
  }
  return samples;
}

const sha = (s: string) => createHash("sha256").update(s).digest("hex");

/**
 * One trajectory per sample: the user turn is the prompt, the assistant turn the response,
 * reward = score and passed = score ≥ 1 (verl's rule-based rewards give 1 for a correct
 * answer and 0, or a small format score, otherwise). The skill is the sample's data source,
 * else the run's `config.skill`, else "validation". The task id is a hash of the prompt and
 * the group key the same, so repeated samples of one prompt group together.
 */
export function validationTrajectories(samples: ValidationSample[], step: number, artifactPath: string, runSkill: string | undefined): TrajectoryInput[] {
  return samples.map((s, i) => {
    const taskId = `val-${sha(s.input).slice(0, 16)}`;
    const reward = Number.isFinite(s.score) ? s.score : 0;
    return {
      skill: s.data_source ?? runSkill ?? DEFAULT_VALIDATION_SKILL,
      taskId,
      step,
      groupKey: taskId,
      sampleIndex: i,
      reward,
      passed: reward >= 1,
      turns: [
        { role: "user", content: s.input },
        { role: "assistant", content: s.output },
      ],
      verifier: { score: s.score },
      metadata: { source: "verl-validation", artifact: artifactPath, ...(s.data_source ? { dataSource: s.data_source } : {}) },
    };
  });
}

/**
 * Stores the samples of a `val_step{N}.json` artifact as trajectories of the run, through the
 * trajectory service. Batch ids come from the artifact's path and content: the same artifact
 * uploaded again stores nothing twice. Returns how many trajectories this call stored, or null
 * when the artifact is not a verl validation file.
 */
export async function ingestValidationArtifact(db: Db, blobs: BlobStore, runId: string, artifactPath: string, text: string): Promise<number | null> {
  const match = VALIDATION_ARTIFACT.exec(artifactPath);
  if (!match) return null;
  const samples = parseValidationSamples(text);
  if (!samples) return null;
  const skill = getRun(db, runId).config.skill;
  const trajectories = validationTrajectories(samples, Number(match[1]), artifactPath, typeof skill === "string" && skill ? skill : undefined);
  const contentKey = sha(`${artifactPath}\u0000${text}`).slice(0, 32);
  let stored = 0;
  for (let start = 0, batch = 0; start < trajectories.length; start += MAX_TRAJECTORIES_PER_BATCH, batch++) {
    const result = await appendTrajectoryBatch(db, blobs, runId, {
      batchId: `mlflow-artifact:${contentKey}:${batch}`,
      trajectories: trajectories.slice(start, start + MAX_TRAJECTORIES_PER_BATCH),
    });
    stored += result.accepted;
  }
  return stored;
}
