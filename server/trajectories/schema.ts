import { z } from "zod";
import { finiteNumber, stepNumber } from "../validation";

/** The trajectory JSON of ARCHITECTURE.md. Unknown fields are kept, not dropped. */
export const toolCallInput = z.looseObject({
  name: z.string(),
  arguments: z.unknown(),
});

export const trajectoryTurnInput = z.looseObject({
  role: z.string().min(1),
  content: z.unknown().optional(),
  toolCalls: z.array(toolCallInput).optional(),
  observation: z.unknown().optional(),
  tokens: z.number().int().min(0).optional(),
  durationMs: finiteNumber.optional(),
});

export const trajectoryInput = z.looseObject({
  skill: z.string().min(1).max(200),
  taskId: z.string().min(1).max(500),
  step: stepNumber,
  groupKey: z.string().max(500).nullish(),
  sampleIndex: z.number().int().min(0).nullish(),
  reward: finiteNumber,
  /** null: the outcome is unknown (e.g. an agent log with no test result); never counted as a failure. */
  passed: z.boolean().nullable(),
  advantage: finiteNumber.nullish(),
  turns: z.array(trajectoryTurnInput),
  verifier: z.record(z.string(), z.unknown()).default({}),
  metadata: z.record(z.string(), z.unknown()).default({}),
});
export type TrajectoryInput = z.output<typeof trajectoryInput>;
