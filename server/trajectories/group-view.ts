import { z } from "zod";
import type { Db } from "@/db";
import { BadRequestError } from "../errors";
import { requireRunRow } from "../runs/service";
import { parseOrThrow } from "../validation";
import type { BlobStore } from "./blob-store";
import { loadTrajectory, type TrajectoryBody } from "./body-cache";
import { clipJson } from "./clip-json";
import { INDEX_SELECT, toIndexRow, type TrajectoryIndexRow } from "./list-query";
import { contentText } from "./turn-pages";

/** A GRPO group: the G samples of one prompt at one step, by group key (or by task id when samples carry none). */
export const trajectoryGroupInput = z
  .object({
    runId: z.string(),
    step: z.number().int().min(0),
    groupKey: z.string().optional(),
    taskId: z.string().optional(),
  })
  .refine((v) => v.groupKey || v.taskId, { message: "name the group: groupKey, or taskId for samples without one" });
export type TrajectoryGroupInput = z.input<typeof trajectoryGroupInput>;

export const MAX_GROUP_SAMPLES = 64;

export interface ToolCallPreview {
  name: string;
  preview: string;
}

export interface SampleSummary {
  turnCount: number;
  /** Tool calls in order (the first 40), each with a one-line preview of its arguments. */
  toolCalls: ToolCallPreview[];
  toolCallTotal: number;
  toolCallCounts: Record<string, number>;
  /** The last assistant text, cut to 800 characters. */
  finalText: string | null;
  verifier: Record<string, unknown>;
}

export interface TrajectoryGroup {
  step: number;
  groupKey: string | null;
  taskId: string | null;
  samples: { index: TrajectoryIndexRow; summary: SampleSummary }[];
  /** More samples than shown (at most 64 are). */
  truncated: boolean;
  meanReward: number | null;
  stdReward: number | null;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

function argumentPreview(args: unknown): string {
  if (isRecord(args) && typeof args.command === "string") {
    const path = typeof args.path === "string" ? ` ${args.path}` : "";
    return `${args.command.split("\n")[0]}${path}`.slice(0, 160);
  }
  if (typeof args === "string") return args.split("\n")[0].slice(0, 160);
  const json = JSON.stringify(args) ?? "";
  return json.length > 160 ? `${json.slice(0, 159)}…` : json;
}

/** A compact account of one sample: what it called, what it said last, what the verifier found. */
export function summarizeSample(body: TrajectoryBody): SampleSummary {
  const turns = Array.isArray(body.turns) ? body.turns : [];
  const toolCalls: ToolCallPreview[] = [];
  const toolCallCounts: Record<string, number> = {};
  let toolCallTotal = 0;
  let finalText: string | null = null;
  for (const turn of turns) {
    if (!isRecord(turn)) continue;
    if (turn.role === "assistant") {
      const text = contentText(turn.content);
      if (text?.trim()) finalText = text;
    }
    for (const call of Array.isArray(turn.toolCalls) ? turn.toolCalls : []) {
      const name = isRecord(call) && typeof call.name === "string" ? call.name : "?";
      toolCallTotal++;
      toolCallCounts[name] = (toolCallCounts[name] ?? 0) + 1;
      if (toolCalls.length < 40) toolCalls.push({ name, preview: argumentPreview(isRecord(call) ? call.arguments : undefined) });
    }
  }
  return {
    turnCount: turns.length,
    toolCalls,
    toolCallTotal,
    toolCallCounts,
    finalText: finalText && (finalText.length > 800 ? `${finalText.slice(0, 799)}…` : finalText),
    verifier: clipJson(isRecord(body.verifier) ? body.verifier : {}, { maxString: 4_000, maxArray: 50, maxDepth: 6 }).value as Record<string, unknown>,
  };
}

/** The samples of one GRPO group, by sample index, each with its reward, advantage and a compact summary. */
export function readTrajectoryGroup(db: Db, blobs: BlobStore, raw: TrajectoryGroupInput): TrajectoryGroup {
  const q = parseOrThrow(trajectoryGroupInput, raw);
  const run = requireRunRow(db, q.runId);
  const where = q.groupKey ? "t.group_key = @key" : "t.task_id = @key";
  const rows = (
    db.$client
      .prepare(
        `${INDEX_SELECT} WHERE t.run_pk = @run AND t.step = @step AND ${where}
         ORDER BY t.sample_index IS NULL, t.sample_index, t.id LIMIT ${MAX_GROUP_SAMPLES + 1}`,
      )
      .all({ run: run.pk, step: q.step, key: q.groupKey ?? q.taskId }) as TrajectoryIndexRow[]
  ).map(toIndexRow);
  if (rows.length === 0) {
    throw new BadRequestError(`No trajectories of run '${q.runId}' at step ${q.step} with ${q.groupKey ? `group key '${q.groupKey}'` : `task id '${q.taskId}'`}.`);
  }
  const shown = rows.slice(0, MAX_GROUP_SAMPLES);
  const rewards = shown.map((r) => r.reward);
  const mean = rewards.reduce((a, b) => a + b, 0) / rewards.length;
  const std = Math.sqrt(rewards.reduce((a, b) => a + (b - mean) ** 2, 0) / rewards.length);
  return {
    step: q.step,
    groupKey: q.groupKey ?? null,
    taskId: q.groupKey ? (new Set(shown.map((r) => r.taskId)).size === 1 ? shown[0].taskId : null) : q.taskId!,
    samples: shown.map((index) => ({ index, summary: summarizeSample(loadTrajectory(db, blobs, index.id).body) })),
    truncated: rows.length > MAX_GROUP_SAMPLES,
    meanReward: mean,
    stdReward: std,
  };
}
