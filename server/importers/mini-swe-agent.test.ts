import { describe, expect, it } from "vitest";
import { importTrajectories } from "./index";
import { droppedValues, FIXTURES, readFixture } from "./test-fixtures";

describe("mini-swe-agent .traj.json, full format", () => {
  const file = importTrajectories(readFixture(FIXTURES.miniFull), { fileName: "sqlfluff__sqlfluff-2419.traj.json" });
  const t = file.trajectories[0] as any;

  it("keeps all 88 messages as turns, tool messages as observations", () => {
    expect(file.format).toBe("mini-swe-agent");
    expect(t.turns).toHaveLength(88);
    const count = (role: string) => t.turns.filter((x: any) => x.role === role).length;
    expect([count("system"), count("user"), count("assistant"), count("tool"), count("exit")]).toEqual([1, 1, 43, 42, 1]);
    expect(t.turns[3].observation).toBe("<returncode>0</returncode>\n<output>\n./src/sqlfluff/rules/L060.py\n</output>");
    expect(t.turns[3].tool_call_id).toBe("call_00_73fLtBn44RC6O7vRvJGnaVhG");
    expect(t.turns[3].extra).toMatchObject({ returncode: 0, raw_output: "./src/sqlfluff/rules/L060.py\n" });
  });

  it("maps tool calls, per-call tokens and timing", () => {
    expect(t.turns[2].toolCalls).toEqual([
      { name: "bash", arguments: { command: 'find . -type f -name "*.py" | grep -i "l060" | head -20' }, index: 0, id: "call_00_73fLtBn44RC6O7vRvJGnaVhG", type: "function" },
    ]);
    expect(t.turns[2].tokens).toBe(85);
    expect(t.turns[3].durationMs).toBeGreaterThan(0);
    const tokens = t.turns.reduce((a: number, x: any) => a + (x.tokens ?? 0), 0);
    expect(tokens).toBe(t.metadata.usage.completionTokens);
    expect(t.turns.at(-1).role).toBe("exit");
  });

  it("puts exit status and submission in the verifier, model stats and version in metadata", () => {
    expect(t.taskId).toBe("sqlfluff__sqlfluff-2419");
    expect(t.metadata.taskIdSource).toBe("instance_id");
    expect(t.verifier).toMatchObject({ exitStatus: "Submitted", submitted: true });
    expect(t.verifier.patch).toMatch(/^diff --git a\/src\/sqlfluff\/rules\/L060.py/);
    expect(t.metadata.source).toMatchObject({ format: "mini-swe-agent", layout: "full", trajectoryFormat: "mini-swe-agent-1.1", miniVersion: "2.2.7" });
    expect(t.metadata.usage).toMatchObject({ costUsd: 0.015627724, apiCalls: 43 });
    expect(t.metadata.info.model_stats).toEqual({ instance_cost: 0.015627724, api_calls: 43 });
    expect(t.metadata.model).toBe("deepseek/deepseek-chat");
    expect(t.metadata.outcomeKnown).toBe(false);
    expect(t).toMatchObject({ reward: 0, passed: false });
  });

  it("drops nothing", () => {
    expect(droppedValues(JSON.parse(readFixture(FIXTURES.miniFull)), t)).toEqual([]);
  });
});

describe("mini-swe-agent, bare list of messages", () => {
  it("reads bash blocks as tool calls and the user replies to them as observations", () => {
    const file = importTrajectories(readFixture(FIXTURES.miniMessagesOnly), { fileName: "local.messages-only.traj.json" });
    expect(file.format).toBe("mini-swe-agent");
    const t = file.trajectories[0] as any;
    expect(t.turns.map((x: any) => x.role)).toEqual(["system", "user", "assistant", "tool", "assistant", "tool"]);
    expect(t.turns[2].toolCalls).toEqual([{ name: "bash", arguments: { command: "echo 'hello world'" } }]);
    expect(t.turns[2].content).toBe("Here be some dummy command:\n\n```mswea_bash_command\necho 'hello world'\n```");
    expect(t.turns[3]).toEqual({ role: "tool", sourceRole: "user", observation: "<returncode>0</returncode>\n<output>\nhello world\n</output>" });
    expect(t.turns[4].toolCalls[0].arguments.command).toBe("echo COMPLETE_TASK_AND_SUBMIT_FINAL_OUTPUT");
    expect(t.taskId).toBe("local.messages-only");
    expect(t.metadata.source.layout).toBe("messages-only");
    expect(droppedValues(JSON.parse(readFixture(FIXTURES.miniMessagesOnly)), t)).toEqual([]);
  });

  it("names the task by content hash when there is no file name", () => {
    const t = importTrajectories(readFixture(FIXTURES.miniMessagesOnly)).trajectories[0];
    expect(t.taskId).toMatch(/^mini-swe-agent-[0-9a-f]{12}$/);
    expect(t.metadata.taskIdSource).toBe("contentHash");
  });
});
