import { describe, expect, it } from "vitest";
import { BadRequestError } from "../errors";
import { importTrajectories, UnsupportedTrajectoryFormatError } from "./index";
import { allFixtureFiles, droppedValues, FIXTURES, readFixture } from "./test-fixtures";

const NONE_OF = "none of: SWE-agent .traj, mini-swe-agent .traj.json, OpenHands output.jsonl, chat-message JSONL";

describe("format detection", () => {
  it("imports every fixture in ../shared/fixtures", () => {
    const files = allFixtureFiles();
    expect(files.length).toBeGreaterThanOrEqual(6);
    for (const name of files) {
      const file = importTrajectories(readFixture(name), { fileName: name });
      expect(file.trajectories.length, name).toBeGreaterThan(0);
      expect(file.format, name).toBe(name.split("/")[0] === "openhands" ? "openhands" : name.split("/")[0]);
    }
  });

  it("goes by content, not by file name", () => {
    expect(importTrajectories(readFixture(FIXTURES.sweAgentNew), { fileName: "output.jsonl" }).format).toBe("swe-agent");
    expect(importTrajectories(readFixture(FIXTURES.openHands), { fileName: "x.traj" }).format).toBe("openhands");
    expect(importTrajectories(readFixture(FIXTURES.miniFull), { fileName: "chat.jsonl" }).format).toBe("mini-swe-agent");
  });

  it("says what it saw and what it reads for a file of none of the formats", () => {
    const cases: [string, RegExp][] = [
      ['{"a": 1, "b": 2, "c": 3}', /^The file is a JSON object with keys a, b, c, which is none of/],
      ["[1, 2]", /a JSON list of 2 item\(s\) \(the first is number\)/],
      ["hello\nworld", /line 1 is not JSON/],
      ['{"role": "user", "content": "x"}\n{"foo": 1}', /line 2 is a JSON object with keys foo/],
      ['{"broken": ', /nor one JSON document/],
      ["  \n", /The file is empty/],
    ];
    for (const [text, message] of cases) {
      let caught: unknown;
      try {
        importTrajectories(text);
      } catch (error) {
        caught = error;
      }
      expect(caught, text).toBeInstanceOf(UnsupportedTrajectoryFormatError);
      expect(caught).toBeInstanceOf(BadRequestError);
      expect((caught as Error).message, text).toMatch(message);
      expect((caught as Error).message).toContain(NONE_OF);
    }
  });

  it("ignores a byte-order mark and blank lines", () => {
    const text = "\ufeff" + readFixture(FIXTURES.openHands).split("\n").join("\n\n");
    expect(importTrajectories(text).trajectories).toHaveLength(3);
  });

  it("the nothing-dropped check itself notices a dropped value", () => {
    expect(droppedValues({ a: "kept", b: "lost", n: 3 }, { x: ["kept and more"] })).toEqual(["s:lost", "number:3"]);
  });

  it("skips a JSON Lines line that is not JSON, reporting its line, unless most lines are not JSON", () => {
    const record = (i: number) => JSON.stringify({ task_id: `t${i}`, reward: 1, messages: [{ role: "user", content: "x" }] });
    const file = importTrajectories([record(1), "{\"task_id\": \"t2\", \"rew", record(3)].join("\n"), { fileName: "episodes.jsonl", firstLine: 10 });
    expect(file.format).toBe("chat-jsonl");
    expect(file.trajectories.map((t) => t.taskId)).toEqual(["t1", "t3"]);
    expect(file.skipped).toEqual([{ line: 11, reason: expect.stringMatching(/^not JSON \(/) }]);
    expect(file.warnings[0]).toMatch(/^episodes\.jsonl line 11: skipped: not JSON/);
    expect(() => importTrajectories([record(1), "oops", "oops again"].join("\n"))).toThrow(/line 2 is not JSON/);
  });

  it("reads Python's NaN and Infinity in a JSON Lines file as null", () => {
    const file = importTrajectories('{"input": "q", "output": "a", "score": 1.0, "kl": NaN, "note": "NaN stays text", "hi": -Infinity}\n');
    expect(file.trajectories[0].verifier).toEqual({ score: 1, kl: null, note: "NaN stays text", hi: null });
  });
});
