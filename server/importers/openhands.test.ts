import { describe, expect, it } from "vitest";
import { importTrajectories } from "./index";
import { droppedValues, FIXTURES, readFixture } from "./test-fixtures";

describe("OpenHands output.jsonl", () => {
  const text = readFixture(FIXTURES.openHands);
  const file = importTrajectories(text, { fileName: "output.jsonl" });
  const [first, second, third] = file.trajectories as any[];

  it("makes one trajectory per line and one turn per history event", () => {
    expect(file.format).toBe("openhands");
    expect(file.trajectories.map((t) => t.taskId)).toEqual(["ponylang__ponyc-4595", "ponylang__ponyc-4593", "ponylang__ponyc-4588"]);
    expect(file.trajectories.map((t) => t.turns.length)).toEqual([49, 70, 103]);
    expect(first.metadata.source).toMatchObject({ format: "openhands", record: 1, openhandsVersion: "0.35.0", agentClass: "CodeActAgent" });
  });

  it("maps actions to assistant turns with the model's tool call, observations to tool turns, events kept", () => {
    expect(first.turns[0].role).toBe("system");
    expect(first.turns[0].content).toMatch(/^You are OpenHands agent/);
    expect(first.turns[1].role).toBe("user");
    const action = first.turns.find((t: any) => t.toolCalls);
    expect(action.toolCalls[0]).toEqual({ name: "execute_bash", arguments: { command: "ls -l /workspace/ponylang__ponyc__0.1" }, id: "toolu_01" });
    expect(action.content).toMatch(/^The task involves fixing an issue/);
    expect(action.tokens).toBe(128);
    expect(action.durationMs).toBeCloseTo(3056.95, 1);
    expect(action.event).toMatchObject({ id: 5, action: "run", source: "agent" });
    const obs = first.turns[first.turns.indexOf(action) + 1];
    expect(obs.role).toBe("tool");
    expect(obs.observation).toMatch(/^total 300/);
    expect(obs.event).toMatchObject({ id: 6, cause: 5, observation: "run", success: true });
    expect(obs.event.extras.metadata.exit_code).toBe(0);
    expect(obs.durationMs).toBe(620);
    expect(first.turns.at(-1).toolCalls[0].name).toBe("finish");
  });

  it("sums per-response tokens to the run's completion tokens; metrics, patch and error are kept", () => {
    for (const t of file.trajectories as any[]) {
      const tokens = t.turns.reduce((a: number, x: any) => a + (x.tokens ?? 0), 0);
      expect(tokens).toBe(t.metadata.usage.completionTokens);
    }
    expect(first.metadata.usage).toEqual({ promptTokens: 565158, completionTokens: 2558, costUsd: 0, apiCalls: 23 });
    expect(first.metadata.metrics.accumulated_token_usage.prompt_tokens).toBe(565158);
    expect(first.verifier.patch).toMatch(/^diff --git a\/src\/libponyc\/ast\/parser.c/);
    expect(first.verifier.error).toBeNull();
    expect(third.verifier.error).toMatch(/maximum iteration/);
    expect(second.metadata.instance.problem_statement).toBeTypeOf("string");
    expect(first.metadata.instruction).toMatch(/^<uploaded_files>/);
    expect(first.metadata.model).toBe("openai/openrouter-llama-4-maverick");
    expect(first.metadata.runMetadata.llm_config.api_key).toBe("**********");
    expect(first).toMatchObject({ reward: 0, passed: false });
    expect(first.metadata.outcomeKnown).toBe(false);
  });

  it("drops nothing", () => {
    const lines = text.split("\n").filter(Boolean);
    lines.forEach((line, i) => expect(droppedValues(JSON.parse(line), file.trajectories[i])).toEqual([]));
  });

  it("takes a resolved flag from an evaluation report as the outcome", () => {
    const line = JSON.parse(text.split("\n")[0]);
    line.test_result.report = { resolved: true };
    const t = importTrajectories(JSON.stringify(line)).trajectories[0];
    expect(t).toMatchObject({ reward: 1, passed: true });
    expect(t.metadata).toMatchObject({ outcomeKnown: true, outcomeSource: "test_result.report.resolved" });
  });
});
