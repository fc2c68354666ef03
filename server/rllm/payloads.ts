import { z } from "zod";
import { stepNumber } from "../validation";

/**
 * The request bodies rllm's UI logger (`rllm/utils/tracking.py`: UILogger, TeeStream)
 * posts, as its source builds them. Unknown fields are kept (rllm adds fields over time);
 * NaN/Infinity arrive as null (see lenient-json.ts), so numbers that may be missing are nullish.
 */

const record = z.record(z.string(), z.unknown());
const sessionId = z.string().min(1).max(64);
const optionalNumber = z.number().nullish();

export const sessionCreateBody = z.object({
  project: z.string().min(1).max(200),
  experiment: z.string().min(1).max(500),
  config: record.nullish(),
  source_metadata: record.nullish(),
  session_type: z.string().max(50).nullish(),
});

export const sessionCompleteBody = z.object({
  status: z.enum(["completed", "failed", "canceled", "cancelled"]).default("completed"),
  exit_code: z.number().int().nullish(),
});

export const metricsBody = z.object({
  session_id: sessionId,
  step: stepNumber,
  data: record,
});

/** A Step as the logger sends it: the base schema only (id, input, output, action, reward, done, metadata). */
export const rllmStep = z.looseObject({
  id: z.string().nullish(),
  input: z.unknown().optional(),
  output: z.unknown().optional(),
  action: z.unknown().optional(),
  reward: optionalNumber,
  done: z.boolean().nullish(),
  metadata: record.nullish(),
});

export const rllmTrajectory = z.looseObject({
  uid: z.string().nullish(),
  name: z.string().nullish(),
  task: z.unknown().optional(),
  steps: z.array(rllmStep).nullish(),
  reward: optionalNumber,
  input: z.unknown().optional(),
  output: z.unknown().optional(),
  signals: record.nullish(),
  metadata: record.nullish(),
});

/** `Episode.model_dump(mode="json")` with `id` renamed `episode_id`, plus session_id, session_type and step. */
export const rllmEpisode = z.looseObject({
  episode_id: z.string().min(1).max(500),
  session_id: sessionId,
  session_type: z.string().nullish(),
  step: stepNumber,
  task: z.unknown().optional(),
  termination_reason: z.unknown().optional(),
  is_correct: z.boolean().nullish(),
  trajectories: z.array(rllmTrajectory).nullish(),
  artifacts: record.nullish(),
  metrics: record.nullish(),
  metadata: record.nullish(),
});
export type RllmEpisode = z.output<typeof rllmEpisode>;
export type RllmTrajectory = z.output<typeof rllmTrajectory>;
export type RllmStep = z.output<typeof rllmStep>;

export const episodesBatchBody = z.object({ session_id: sessionId, episodes: z.array(z.unknown()) });

export const trajectoryGroupBody = z.looseObject({
  session_id: sessionId,
  step: stepNumber,
  group_id: z.string().max(500),
  num_trajectories: z.number().int().min(0).nullish(),
  avg_reward: optionalNumber,
  metadata: z.array(z.looseObject({ episode_id: z.string() })).nullish(),
});
export type RllmTrajectoryGroup = z.output<typeof trajectoryGroupBody>;

export const trajectoryGroupsBatchBody = z.object({ session_id: sessionId, groups: z.array(z.unknown()) });

export const logsBatchBody = z.object({
  session_id: sessionId,
  logs: z.array(
    z.looseObject({
      timestamp: z.string().nullish(),
      stream: z.enum(["stdout", "stderr"]),
      message: z.string(),
    }),
  ),
});

export const evalResultBody = z.looseObject({
  session_id: sessionId,
  dataset_name: z.string().min(1).max(200),
  model: z.string().nullish(),
  agent: z.string().nullish(),
  score: optionalNumber,
  total: z.number().int().nullish(),
  correct: z.number().int().nullish(),
  errors: z.number().int().nullish(),
  signal_averages: z.record(z.string(), z.number().nullable()).nullish(),
  items: z
    .array(
      z.looseObject({
        idx: z.number().int(),
        reward: optionalNumber,
        is_correct: z.boolean(),
        error: z.string().nullish(),
        signals: record.nullish(),
      }),
    )
    .nullish(),
  /** Not sent by rllm today (its eval sessions log at step 0); honoured when present. */
  step: stepNumber.optional(),
});
export type RllmEvalResult = z.output<typeof evalResultBody>;
