import { describe, expect, it } from "vitest";
import { trajectoryInput } from "../trajectories/schema";
import { trajectoriesOfEpisode, turnsOfSteps } from "./episode-trajectories";
import { nullNonFiniteTokens } from "./lenient-json";
import { rllmEpisode } from "./payloads";

describe("rllm episode → trajectories", () => {
  it("a multi-turn agent whose steps carry the cumulative chat: each message once, tool results as observations", () => {
    const h1 = [{ role: "system", content: "You fix bugs." }, { role: "user", content: "Fix a.py" }];
    const h2 = [...h1, { role: "assistant", content: "", tool_calls: [{ id: "c1", type: "function", function: { name: "bash", arguments: '{"command":"cat a.py"}' } }] }, { role: "tool", content: "print(1)" }];
    const turns = turnsOfSteps(
      [
        { id: "s1", input: h1, output: "calling bash", reward: 0, done: false },
        { id: "s2", input: h2, output: "done", reward: 1, done: true, metadata: { thought: "edit it", tokens_used: 9 } },
      ],
      undefined,
    );
    // Step 1's response and the assistant message of step 2's history are one turn.
    expect(turns.map((t) => t.role)).toEqual(["system", "user", "assistant", "tool", "assistant"]);
    expect(turns[2]).toMatchObject({ content: "calling bash", stepId: "s1", toolCalls: [expect.objectContaining({ name: "bash", arguments: { command: "cat a.py" } })] });
    expect(turns[3].observation).toBe("print(1)");
    expect(turns[4]).toEqual({ role: "assistant", content: "done", reasoning: "edit it", reward: 1, done: true, stepId: "s2", metadata: { tokens_used: 9 } });
  });

  it("one trajectory per agent of a multi-agent episode, each in its own rllm group; every one valid trajectory JSON", () => {
    const episode = rllmEpisode.parse({
      episode_id: "abc:5",
      session_id: "run1",
      step: 7,
      task: { problem: "2+2", skill: "editing" },
      is_correct: false,
      trajectories: [
        { name: "generator", steps: [{ action: { action: "4" }, reward: 1 }], reward: null },
        { name: "judge", steps: [{ output: "wrong", reward: 0 }], reward: 0 },
      ],
    });
    const [gen, judge] = trajectoriesOfEpisode(episode);
    expect(gen).toMatchObject({ skill: "editing", taskId: "abc", step: 7, groupKey: "abc:generator", sampleIndex: 5, reward: 1, passed: false });
    expect(gen.turns).toEqual([{ role: "user", content: "2+2" }, { role: "assistant", content: "4", reward: 1 }]);
    expect(judge).toMatchObject({ groupKey: "abc:judge", reward: 0 });
    for (const t of [gen, judge]) expect(trajectoryInput.safeParse(t).success).toBe(true);
  });
});

describe("Python JSON", () => {
  it("turns bare NaN/Infinity into null and leaves strings alone", () => {
    expect(JSON.parse(nullNonFiniteTokens('{"a": NaN, "b": [-Infinity, Infinity], "c": "NaN \\" Infinity", "d": -1}'))).toEqual({
      a: null,
      b: [null, null],
      c: 'NaN " Infinity',
      d: -1,
    });
  });
});
