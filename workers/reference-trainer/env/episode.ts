/**
 * An episode of one task: the prompt, the candidate actions (tool calls) the
 * policy chooses among at each turn, and the verifier that scores the
 * submission. Each candidate carries the features the policy scores it by;
 * features describe only what the agent has observed (the prompt, files read,
 * search hits, tool outputs), never the hidden truth.
 */
import type { Issue, TaskKind } from "../world/types";
import type { Workspace } from "./workspace";

export interface Candidate {
  tool: string;
  args: Record<string, unknown>;
  features: string[];
  /** Performs the action and returns the observation. */
  run(): Promise<string> | string;
  /** Ends the episode (a submission). */
  submits?: boolean;
}

export interface VerifierResult {
  reward: number;
  passed: boolean;
  details: Record<string, unknown>;
}

export abstract class Episode {
  abstract readonly kind: TaskKind;
  abstract readonly prompt: string;
  abstract readonly maxTurns: number;
  turn = 0;
  /** The submission's arguments, once submitted. */
  submission?: Record<string, unknown>;

  constructor(
    readonly taskId: string,
    readonly ws: Workspace,
    /** Identifiers the prompt is about (issue functions, the target function, the name to rename). */
    readonly symbols: string[],
    readonly issue?: Issue,
  ) {}

  get turnsLeft(): number {
    return this.maxTurns - this.turn;
  }

  abstract candidates(): Candidate[];
  /** Scores the submission by executing code. Called once the episode ends with a submission. */
  abstract verify(): Promise<VerifierResult>;

  /** A submission candidate: records the arguments and ends the episode. */
  protected submit(args: Record<string, unknown>, features: string[], observation = "submitted"): Candidate {
    const late = this.turnsLeft <= 2 ? ["submit:late"] : [];
    return {
      tool: "submit",
      args,
      features: ["submit", ...features, ...late],
      submits: true,
      run: () => {
        this.submission = args;
        return observation;
      },
    };
  }
}
