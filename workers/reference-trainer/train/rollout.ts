/** Plays one episode with the policy and records it: the decisions (for the update) and the trajectory turns (for logging). */
import type { Candidate, Episode } from "../env/episode";
import type { Decision } from "../policy/grpo";
import type { Policy } from "../policy/policy";
import type { Rng } from "../rng";

export interface TrajectoryTurn {
  role: string;
  content: string;
  toolCalls?: { name: string; arguments: unknown }[];
  observation?: string;
  durationMs?: number;
  [extra: string]: unknown;
}

export interface PlayedEpisode {
  taskId: string;
  kind: string;
  reward: number;
  passed: boolean;
  /** Environment steps (tool calls) taken. */
  steps: number;
  submitted: boolean;
  decisions: Decision[];
  turns: TrajectoryTurn[];
  verifier: Record<string, unknown>;
  durationMs: number;
}

const MAX_OBSERVATION = 4000;

function describe(c: Candidate): string {
  const a = c.args as Record<string, unknown>;
  switch (c.tool) {
    case "read_file":
      return `Reading ${a.path}.`;
    case "search":
      return `Searching for '${a.query}'.`;
    case "edit":
      return a.rename ? `Renaming in ${a.path}.` : `Editing ${a.path} line ${a.line}.`;
    case "submit":
      return "Submitting.";
    default:
      return `Calling ${c.tool}.`;
  }
}

/** Plays `ep` to a submission or its turn limit; `head` picks the skill-specific weights (null: shared only). */
export async function playEpisode(ep: Episode, policy: Policy, head: string | null, rng: Rng, keepTurns = true): Promise<PlayedEpisode> {
  const started = Date.now();
  const decisions: Decision[] = [];
  const turns: TrajectoryTurn[] = keepTurns ? [{ role: "user", content: ep.prompt }] : [];
  while (ep.turn < ep.maxTurns && !ep.submission) {
    const candidates = ep.candidates();
    const dist = policy.distribution(candidates, head);
    const i = policy.sample(dist, rng);
    const c = candidates[i];
    decisions.push({ candidates: candidates.map((x) => ({ tool: x.tool, features: x.features })), chosen: i, logProbOld: dist.logProbs[i] });
    const t0 = Date.now();
    const observation = await c.run();
    ep.turn++;
    if (keepTurns) {
      turns.push({
        role: "assistant",
        content: describe(c),
        toolCalls: [{ name: c.tool, arguments: c.args }],
        observation: observation.length > MAX_OBSERVATION ? `${observation.slice(0, MAX_OBSERVATION)}\n… (${observation.length - MAX_OBSERVATION} more characters)` : observation,
        durationMs: Date.now() - t0,
        policy: { probability: Number(dist.probs[i].toFixed(4)), candidates: candidates.length, entropy: Number(dist.entropy.toFixed(3)) },
      });
    }
  }
  const submitted = ep.submission !== undefined;
  const v = submitted ? await ep.verify() : { reward: 0, passed: false, details: { reason: `no submission within ${ep.maxTurns} turns` } };
  return {
    taskId: ep.taskId,
    kind: ep.kind,
    reward: v.reward,
    passed: v.passed,
    steps: ep.turn,
    submitted,
    decisions,
    turns,
    verifier: v.details,
    durationMs: Date.now() - started,
  };
}
