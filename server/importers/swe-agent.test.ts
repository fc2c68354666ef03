import { describe, expect, it } from "vitest";
import { importTrajectories } from "./index";
import { droppedValues, FIXTURES, readFixture } from "./test-fixtures";

const load = (name: string, opts = {}) => importTrajectories(readFixture(name), { fileName: name.split("/").pop(), ...opts });
const calls = (t: any) => t.turns.flatMap((turn: any) => turn.toolCalls ?? []);

describe("SWE-agent .traj, newer layout (replay_config, message_type, execution_time)", () => {
  const file = load(FIXTURES.sweAgentNew);
  const t = file.trajectories[0] as any;

  it("is detected and keeps the 10 history messages as turns, plus the final submit step the history lacks", () => {
    expect(file.format).toBe("swe-agent");
    expect(file.trajectories).toHaveLength(1);
    expect(t.turns.filter((x: any) => !x.fromTrajectoryStep)).toHaveLength(10);
    expect(t.turns).toHaveLength(12);
    expect(t.turns.map((x: any) => x.role).join(",")).toBe("system,user,assistant,tool,assistant,tool,assistant,tool,assistant,tool,assistant,tool");
    expect(t.turns.filter((x: any) => x.role === "assistant")).toHaveLength(5); // = 5 trajectory steps
    expect(t.metadata.historyMessages).toBe(10);
    expect(t.metadata.trajectorySteps).toBe(5);
  });

  it("maps the first action to its function call and the observation with execution time and state", () => {
    expect(calls(t)[0]).toEqual({ name: "find_file", arguments: { file_name: "missing_colon.py" }, id: "call_fJuazlMUN5fQDQ73G6XSpYpx", type: "function" });
    expect(t.turns[2]).toMatchObject({ role: "assistant", action: "find_file missing_colon.py", message_type: "action", agent: "main" });
    expect(t.turns[2].thought).toMatch(/^To start addressing this issue/);
    expect(t.turns[3]).toMatchObject({ role: "tool", message_type: "observation", tool_call_ids: ["call_fJuazlMUN5fQDQ73G6XSpYpx"] });
    expect(t.turns[3].observation).toMatch(/^Found 1 matches for "missing_colon.py"/);
    expect(t.turns[3].durationMs).toBeCloseTo(281.41, 1);
    expect(t.turns[3].execution_time).toBe(0.2814128329991945);
    expect(t.turns[3].state).toEqual({ open_file: "n/a", working_dir: "/SWE-agent__test-repo" });
    expect(calls(t).map((c: any) => c.name)).toEqual(["find_file", "open", "edit", "bash", "submit"]);
    expect(t.turns[10]).toMatchObject({ role: "assistant", action: "submit", fromTrajectoryStep: true });
    expect(t.turns[11].observation).toMatch(/^\r\ndiff --git a\/tests\/missing_colon.py/);
  });

  it("puts exit status, patch and edited files in the verifier, model stats in metadata, task id from the problem statement", () => {
    expect(t.taskId).toBe("SWE-agent__test-repo-i1");
    expect(t.metadata.taskIdSource).toBe("replay_config.problem_statement.id");
    expect(t.verifier).toMatchObject({ exitStatus: "submitted", submitted: true });
    expect(t.verifier.patch).toContain("+def division(a: float, b: float) -> float:");
    expect(t.verifier.edited_files30).toMatch(/^\[File: tests\/missing_colon.py/);
    expect(t.verifier.edited_files70).toBeDefined();
    expect(t.metadata.usage).toEqual({ promptTokens: 7141, completionTokens: 243, costUsd: 0.019520000000000006, apiCalls: 5 });
    expect(t.metadata.info.model_stats.tokens_sent).toBe(7141);
    expect(t.metadata.model).toBe("gpt-4o");
    expect(t.metadata.environment).toBe("main");
    expect(t.metadata.source).toMatchObject({ format: "swe-agent", layout: "swe-agent-1.x", fileName: "6e44b9__sweagenttestrepo-1c2844.traj" });
  });

  it("records an unknown outcome honestly: reward 0, passed false, outcomeKnown false, with a warning", () => {
    expect(t).toMatchObject({ skill: "imported", step: 0, reward: 0, passed: false });
    expect(t.metadata.outcomeKnown).toBe(false);
    expect(file.warnings.join(" ")).toMatch(/no test result/);
  });

  it("drops nothing", () => {
    expect(droppedValues(JSON.parse(readFixture(FIXTURES.sweAgentNew)), t)).toEqual([]);
  });

  it("takes skill and step from the options", () => {
    const other = load(FIXTURES.sweAgentNew, { skill: "editing", step: 7 }).trajectories[0];
    expect(other).toMatchObject({ skill: "editing", step: 7 });
  });
});

describe("SWE-agent .traj, older layout (no replay_config, observations as user messages)", () => {
  it("maps swe-agent__test-repo-i1: 12 messages (+ the submit observation), commands as tool calls, demo kept", () => {
    const t = load(FIXTURES.sweAgentOld).trajectories[0] as any;
    expect(t.turns.filter((x: any) => !x.fromTrajectoryStep)).toHaveLength(12);
    expect(t.turns).toHaveLength(13);
    expect(t.turns.filter((x: any) => x.role === "assistant")).toHaveLength(5);
    expect(t.turns[1]).toMatchObject({ role: "user", is_demo: true, agent: "primary" });
    expect(calls(t)[0]).toEqual({ name: "find_file", arguments: { command: 'find_file "missing_colon.py"' } });
    expect(t.turns[4]).toMatchObject({ role: "tool", sourceRole: "user" });
    expect(t.turns[4].observation).toMatch(/^Found 1 matches for "missing_colon.py"/);
    expect(t.turns[12]).toMatchObject({ role: "tool", fromTrajectoryStep: true });
    expect(t.turns[12].observation).toMatch(/^\ndiff --git/);
    expect(t.taskId).toBe("swe-agent__test-repo-i1");
    expect(t.metadata.taskIdSource).toBe("fileName");
    expect(t.metadata.source.layout).toBe("swe-agent-0.x");
    expect(t.verifier).toMatchObject({ exitStatus: "submitted", submitted: true });
    expect(t.metadata.usage).toEqual({ promptTokens: 52861, completionTokens: 326, costUsd: 0.53839, apiCalls: 5 });
    expect(droppedValues(JSON.parse(readFixture(FIXTURES.sweAgentOld)), t)).toEqual([]);
  });

  it("maps pydicom__pydicom-1458: 26 messages, 12 steps; interface commands by name, other commands as bash", () => {
    const t = load(FIXTURES.sweAgentPydicom).trajectories[0] as any;
    expect(t.turns.filter((x: any) => !x.fromTrajectoryStep)).toHaveLength(26);
    expect(t.turns.filter((x: any) => x.role === "assistant")).toHaveLength(12);
    expect(calls(t).map((c: any) => c.name)).toEqual(["create", "edit", "bash", "find_file", "open", "edit", "edit", "edit", "edit", "bash", "bash", "submit"]);
    expect(calls(t)[2].arguments).toEqual({ command: "python reproduce_bug.py" });
    expect(t.taskId).toBe("pydicom__pydicom-1458");
    expect(t.metadata.info.model_stats).toMatchObject({ tokens_sent: 122612, tokens_received: 1369, api_calls: 12 });
    expect(t.verifier.patch).toContain("pydicom/pixel_data_handlers/numpy_handler.py");
    expect(droppedValues(JSON.parse(readFixture(FIXTURES.sweAgentPydicom)), t)).toEqual([]);
  });
});
