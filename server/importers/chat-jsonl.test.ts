import { describe, expect, it } from "vitest";
import { importTrajectories } from "./index";
import { droppedValues } from "./test-fixtures";

const jsonl = (rows: unknown[]) => rows.map((r) => JSON.stringify(r)).join("\n") + "\n";

const conversation = [
  { role: "system", content: "You are a coding agent." },
  { role: "user", content: "Fix the off-by-one in range()." },
  {
    role: "assistant",
    content: null,
    tool_calls: [{ id: "call_1", type: "function", function: { name: "read_file", arguments: '{"path":"src/range.js"}' } }],
    usage: { completion_tokens: 12 },
  },
  { role: "tool", tool_call_id: "call_1", content: "export function range(n) { ... }" },
  { role: "assistant", content: "Done.", name: "policy" },
];

describe("chat-message JSONL", () => {
  it("reads one message per line as one trajectory, OpenAI tool calls parsed, tool messages as observations", () => {
    const file = importTrajectories(jsonl(conversation), { fileName: "episode-17.jsonl" });
    expect(file.format).toBe("chat-jsonl");
    expect(file.trajectories).toHaveLength(1);
    const t = file.trajectories[0] as any;
    expect(t.taskId).toBe("episode-17");
    expect(t.turns.map((x: any) => x.role)).toEqual(["system", "user", "assistant", "tool", "assistant"]);
    expect(t.turns[2].toolCalls).toEqual([{ name: "read_file", arguments: { path: "src/range.js" }, id: "call_1", type: "function" }]);
    expect(t.turns[2].content).toBeNull();
    expect(t.turns[2].usage).toEqual({ completion_tokens: 12 });
    expect(t.turns[3]).toEqual({ role: "tool", observation: "export function range(n) { ... }", tool_call_id: "call_1" });
    expect(t.turns[4]).toEqual({ role: "assistant", content: "Done.", name: "policy" });
    expect(t.metadata.outcomeKnown).toBe(false);
    expect(droppedValues(conversation, t)).toEqual([]);
  });

  it("reads one {messages} record per line as one trajectory each, using the fields it gives", () => {
    const rows = [
      { messages: conversation, task_id: "repo-3/bug-1", skill: "editing", step: 40, reward: 1, passed: true, groupKey: "40:repo-3/bug-1", sampleIndex: 0, advantage: 0.5, verifier: { testsPassed: 12 }, model: "policy-v3" },
      { messages: conversation.slice(0, 2), instance_id: "repo-3/bug-2", reward: 0.25 },
      { messages: [], extra: { a: 1 } },
    ];
    const file = importTrajectories(jsonl(rows), { fileName: "rollouts.jsonl" });
    expect(file.trajectories).toHaveLength(3);
    const [a, b, c] = file.trajectories as any[];
    expect(a).toMatchObject({ taskId: "repo-3/bug-1", skill: "editing", step: 40, reward: 1, passed: true, groupKey: "40:repo-3/bug-1", sampleIndex: 0, advantage: 0.5 });
    expect(a.verifier).toEqual({ testsPassed: 12 });
    expect(a.metadata).toMatchObject({ model: "policy-v3", outcomeKnown: true, taskIdSource: "task_id" });
    expect(b).toMatchObject({ taskId: "repo-3/bug-2", skill: "imported", step: 0, reward: 0.25, passed: true });
    expect(b.metadata.outcomeSource).toMatch(/reward > 0/);
    expect(c).toMatchObject({ taskId: "rollouts#3", reward: 0, passed: false, turns: [] });
    expect(c.metadata).toMatchObject({ extra: { a: 1 }, outcomeKnown: false });
    rows.forEach((row, i) => expect(droppedValues(row, file.trajectories[i])).toEqual([]));
  });

  it("lets --skill and --step override the file and keeps what the file said", () => {
    const file = importTrajectories(jsonl([{ messages: conversation, skill: "editing", step: 40, reward: 1 }]), { skill: "review", step: 3 });
    expect(file.trajectories[0]).toMatchObject({ skill: "review", step: 3 });
    expect(file.trajectories[0].metadata).toMatchObject({ skillInFile: "editing", stepInFile: 40 });
  });

  it("keeps tool call arguments that are not JSON as the raw string, with a warning", () => {
    const file = importTrajectories(jsonl([{ role: "assistant", content: "", tool_calls: [{ id: "x", function: { name: "bash", arguments: "ls -la" } }] }]));
    expect(file.trajectories[0].turns[0].toolCalls).toEqual([{ name: "bash", arguments: "ls -la", id: "x" }]);
    expect(file.warnings.join(" ")).toMatch(/not JSON; kept as the raw string/);
  });

  it("reads a JSON list of chat messages that is not mini-swe-agent's as chat", () => {
    expect(importTrajectories(JSON.stringify(conversation)).format).toBe("chat-jsonl");
  });

  it("keeps a field whose name the schema types but whose value does not fit, under sourceFields", () => {
    const t = importTrajectories(jsonl([{ role: "assistant", content: "hi", tokens: "many", durationMs: -1.5 }])).trajectories[0];
    expect(t.turns[0]).toEqual({ role: "assistant", content: "hi", durationMs: -1.5, sourceFields: { tokens: "many" } });
  });
});
