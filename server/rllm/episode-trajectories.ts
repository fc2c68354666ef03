import { turnFromChatMessage } from "../importers/chat-turns";
import { isObject, type JsonObject } from "../importers/json-values";
import type { ImportContext, Turn } from "../importers/trajectory-record";
import type { TrajectoryInput } from "../trajectories/schema";
import type { RllmEpisode, RllmStep, RllmTrajectory } from "./payloads";

/** The skill of episodes whose task names none. */
export const DEFAULT_RLLM_SKILL = "rllm";
/** rllm's name for a trajectory that was not given one. */
const DEFAULT_TRAJ_NAME = "default_traj_name";

const SKILL_KEYS = ["skill", "data_source", "dataset", "source"];
const PROMPT_KEYS = ["question", "prompt", "problem", "instruction"];
/** Step metadata fields the logger promotes from the training Step; mapped onto the turns. */
const PROMOTED = ["thought", "model_response", "observation"];

const chatContext: ImportContext = { opts: {}, contentHash: "", warn: () => {} };

const firstString = (obj: unknown, keys: string[]): string | undefined => {
  if (!isObject(obj)) return undefined;
  for (const k of keys) {
    const v = obj[k];
    if (typeof v === "string" && v.trim()) return v;
  }
  return undefined;
};

const isMessageList = (v: unknown): v is JsonObject[] => Array.isArray(v) && v.length > 0 && v.every((m) => isObject(m) && typeof m.role === "string");

/** Drops undefined/null/empty-object values so bodies carry only what rllm sent. */
function compact(obj: Record<string, unknown>): JsonObject {
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(obj)) {
    if (v === undefined || v === null) continue;
    if (isObject(v) && Object.keys(v).length === 0) continue;
    out[k] = v;
  }
  return out;
}

/** `task_id:rollout_idx`, as rllm builds episode ids (`Episode.task_id` / `.rollout_idx`). */
export function splitEpisodeId(episodeId: string): { taskId: string; rolloutIdx?: string } {
  const [taskId, rolloutIdx] = episodeId.split(":");
  return { taskId: taskId || episodeId, rolloutIdx };
}

/** An rllm Action serialises as `{action: …}`: the value inside. */
const actionValue = (action: unknown): unknown => (isObject(action) && Object.keys(action).length === 1 && "action" in action ? action.action : action);

/** What the assistant said at a step: its output, else the model response, else the action. */
function stepText(step: RllmStep): unknown {
  if (step.output != null && step.output !== "") return step.output;
  const response = step.metadata?.model_response;
  if (typeof response === "string" && response) return response;
  return actionValue(step.action) ?? "";
}

/**
 * The turns of one rllm trajectory: per Step, what it was given (its `input`: a chat
 * history or a value; else the environment observation; else, for the first step, the
 * task's prompt) and one assistant turn with the step's output, reasoning, reward and done.
 */
export function turnsOfSteps(steps: RllmStep[], task: unknown): Turn[] {
  const turns: Turn[] = [];
  let history: JsonObject[] = [];
  steps.forEach((step, i) => {
    const meta = step.metadata ?? {};
    if (isMessageList(step.input)) {
      // Chat histories are cumulative: only the messages past the previous step's are new.
      const prefix = history.length <= step.input.length && history.every((m, j) => JSON.stringify(m) === JSON.stringify((step.input as JsonObject[])[j]));
      const fresh = (prefix ? step.input.slice(history.length) : step.input).map((m, j) => turnFromChatMessage(m, chatContext, `step ${i + 1}, message ${j + 1}`));
      // The history's first new message is often the previous step's own response (with its tool calls): one turn, not two.
      const previous = turns.at(-1);
      if (prefix && previous?.role === "assistant" && fresh[0]?.role === "assistant") {
        const { role: _role, content, ...rest } = fresh.shift()!;
        Object.assign(previous, rest, previous.content == null || previous.content === "" ? { content } : {});
      }
      turns.push(...fresh);
      history = step.input;
    } else if (step.input != null && step.input !== "") {
      turns.push({ role: "user", content: step.input });
    } else if (meta.observation != null && meta.observation !== "") {
      turns.push({ role: "user", content: meta.observation });
    } else if (i === 0) {
      const prompt = firstString(task, PROMPT_KEYS);
      if (prompt) turns.push({ role: "user", content: prompt });
    }
    const rest = Object.fromEntries(Object.entries(meta).filter(([k]) => !PROMOTED.includes(k)));
    const thought = typeof meta.thought === "string" && meta.thought ? meta.thought : undefined;
    const text = stepText(step);
    turns.push({
      role: "assistant",
      ...compact({
        content: text,
        reasoning: thought,
        action: step.action != null && JSON.stringify(actionValue(step.action)) !== JSON.stringify(text) ? step.action : undefined,
        reward: step.reward,
        done: step.done,
        stepId: step.id,
        metadata: rest,
      }),
    });
  });
  return turns;
}

/** The skill an episode trained: named by its task (skill, data_source, dataset, source) or metadata, else `rllm`. */
export function skillOfEpisode(episode: RllmEpisode, trajectory?: RllmTrajectory): string {
  const named = firstString(trajectory?.task, SKILL_KEYS) ?? firstString(episode.task, SKILL_KEYS) ?? firstString(episode.metadata, SKILL_KEYS);
  return (named ?? DEFAULT_RLLM_SKILL).slice(0, 200);
}

/**
 * One rllm Episode as Skillboard trajectories, one per rllm Trajectory (an agent's part of
 * the episode). The group key is rllm's TrajectoryGroup id (`task_id:trajectory name`, as
 * `_build_trajectory_groups` forms it) and the sample index the rollout index, so the G
 * rollouts of one task open side by side in the GRPO group view. Trajectories without steps
 * are left out of their group, as rllm leaves them out of its groups.
 */
export function trajectoriesOfEpisode(episode: RllmEpisode): TrajectoryInput[] {
  const { taskId, rolloutIdx } = splitEpisodeId(episode.episode_id);
  const sampleIndex = rolloutIdx !== undefined && /^\d{1,9}$/.test(rolloutIdx) ? Number(rolloutIdx) : null;
  const rllmTrajectories = episode.trajectories?.length ? episode.trajectories : [null];
  return rllmTrajectories.map((traj) => {
    const steps = traj?.steps ?? [];
    const name = traj?.name || DEFAULT_TRAJ_NAME;
    const lastStepReward = steps.length ? steps[steps.length - 1].reward : undefined;
    const reward = traj?.reward ?? lastStepReward ?? (episode.is_correct ? 1 : 0);
    const passed = typeof episode.is_correct === "boolean" ? episode.is_correct : reward > 0;
    return {
      skill: skillOfEpisode(episode, traj ?? undefined),
      taskId: taskId.slice(0, 500),
      step: episode.step,
      groupKey: steps.length ? `${taskId}:${name}`.slice(0, 500) : null,
      sampleIndex,
      reward,
      passed,
      turns: turnsOfSteps(steps, traj?.task ?? episode.task),
      verifier: compact({
        is_correct: episode.is_correct,
        termination_reason: episode.termination_reason,
        signals: traj?.signals,
      }),
      metadata: compact({
        source: "rllm",
        episodeId: episode.episode_id,
        sessionType: episode.session_type,
        trajectoryName: traj ? name : undefined,
        trajectoryUid: traj?.uid,
        task: traj?.task ?? episode.task,
        input: traj?.input,
        output: traj?.output,
        trajectoryMetadata: traj?.metadata,
        episodeMetrics: episode.metrics,
        episodeMetadata: episode.metadata,
        artifacts: episode.artifacts,
      }),
    };
  });
}
