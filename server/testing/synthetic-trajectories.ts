/**
 * RL-style trajectories in the trajectory JSON of ARCHITECTURE.md, for tests,
 * the benchmark and demo data: one of the five atomic skills, a GRPO group key
 * and sample index, tool calls (bash, file views, edits with old/new text), the
 * verifier details each skill's reward comes from. Deterministic in `seed`.
 */

export const SKILLS = ["localization", "editing", "unit_test", "review", "reproduction"] as const;

export interface SyntheticOptions {
  skill?: string;
  step?: number;
  taskId?: string;
  groupKey?: string | null;
  sampleIndex?: number | null;
  seed?: number;
  /** Assistant/tool round trips (default 3–10, from the seed). */
  rounds?: number;
  /** Characters of each tool observation (default a few hundred). */
  observationChars?: number;
  reward?: number;
  advantage?: number | null;
}

/** A small deterministic PRNG (mulberry32). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FILES = ["src/parser.py", "src/lexer.py", "src/utils/strings.py", "tests/test_parser.py", "src/cli.py", "src/config.py"];

function observation(rand: () => number, chars: number, file: string): string {
  const lines: string[] = [];
  let size = 0;
  for (let n = 1; size < chars; n++) {
    const line = `${n}: ${rand() < 0.2 ? "def " : "    "}${file.replace(/\W/g, "_")}_${Math.floor(rand() * 1e6).toString(36)} = ${n * 7} # ${"x".repeat(Math.floor(rand() * 40))}`;
    lines.push(line);
    size += line.length + 1;
  }
  return lines.join("\n").slice(0, chars);
}

function verifierFor(skill: string, passed: boolean, rand: () => number, file: string): Record<string, unknown> {
  switch (skill) {
    case "localization": {
      const expected = [file, FILES[(FILES.indexOf(file) + 1) % FILES.length]];
      return { expectedFiles: expected, predictedFiles: passed ? [...expected] : [expected[0], FILES[(FILES.indexOf(file) + 3) % FILES.length]] };
    }
    case "editing": {
      const total = 5 + Math.floor(rand() * 20);
      const failed = passed ? 0 : 1 + Math.floor(rand() * 3);
      return { testsPassed: total - failed, testsFailed: failed, exitStatus: "submitted", patch: `diff --git a/${file} b/${file}\n--- a/${file}\n+++ b/${file}\n@@ -10,3 +10,3 @@\n def parse(tokens):\n-    return tokens[0]\n+    return tokens[0] if tokens else None\n     # end\n` };
    }
    case "unit_test": {
      const mutants = 10;
      return { testsPassed: 6, testsFailed: 0, mutantsKilled: passed ? mutants : Math.floor(rand() * mutants), mutantsTotal: mutants };
    }
    case "review":
      return { verdict: passed ? "incorrect" : "correct", expectedVerdict: "incorrect" };
    default:
      return { failsBefore: true, passesAfter: passed, exitStatus: passed ? "reproduced" : "did not reproduce" };
  }
}

/** One synthetic trajectory. */
export function syntheticTrajectory(opts: SyntheticOptions = {}) {
  const seed = opts.seed ?? 1;
  const rand = prng(seed);
  const skill = opts.skill ?? SKILLS[seed % SKILLS.length];
  const step = opts.step ?? 0;
  const taskId = opts.taskId ?? `${skill}-task-${seed % 97}`;
  const rounds = opts.rounds ?? 3 + Math.floor(rand() * 8);
  const obsChars = opts.observationChars ?? 200 + Math.floor(rand() * 600);
  const reward = opts.reward ?? (rand() < 0.45 ? 1 : Math.round(rand() * 50) / 100);
  const passed = reward >= 1;
  const file = FILES[Math.floor(rand() * FILES.length)];
  const turns: Record<string, unknown>[] = [
    { role: "system", content: "You are a coding agent. Use the tools to solve the task, then call submit." },
    {
      role: "user",
      content: `Task (${skill}): the parser crashes on empty input.\n\nIssue #${seed % 1000}: calling parse([]) raises IndexError instead of returning None.\nSteps to reproduce:\n\n    from src.parser import parse\n    parse([])\n`,
    },
  ];
  for (let r = 0; r < rounds; r++) {
    const kind = r === rounds - 1 ? "submit" : r % 3 === 0 ? "bash" : r % 3 === 1 ? "view" : "edit";
    const toolCalls =
      kind === "bash"
        ? [{ name: "bash", arguments: { command: `grep -rn "def parse" src/ && python -m pytest tests/test_parser.py -x -q  # round ${r}` } }]
        : kind === "view"
          ? [{ name: "str_replace_editor", arguments: { command: "view", path: `/repo/${file}` } }]
          : kind === "edit"
            ? [{ name: "str_replace_editor", arguments: { command: "str_replace", path: `/repo/${file}`, old_str: "def parse(tokens):\n    return tokens[0]\n", new_str: "def parse(tokens):\n    if not tokens:\n        return None\n    return tokens[0]\n" } }]
            : [{ name: "submit", arguments: {} }];
    turns.push({
      role: "assistant",
      content: kind === "submit" ? "The fix is in place and the tests pass; submitting." : `Round ${r}: I will ${kind === "bash" ? "search the code and run the tests" : kind === "view" ? `open ${file}` : `edit ${file} to handle empty input`}.`,
      toolCalls,
      tokens: 40 + Math.floor(rand() * 400),
      durationMs: 300 + Math.floor(rand() * 3000),
    });
    turns.push({
      role: "tool",
      observation: kind === "submit" ? "Submitted." : kind === "edit" ? `The file /repo/${file} has been edited.` : observation(rand, obsChars, file),
      durationMs: 20 + Math.floor(rand() * 2000),
    });
  }
  return {
    skill,
    taskId,
    step,
    groupKey: opts.groupKey === undefined ? `${taskId}@${step}` : opts.groupKey,
    sampleIndex: opts.sampleIndex === undefined ? seed % 8 : opts.sampleIndex,
    reward,
    passed,
    advantage: opts.advantage === undefined ? Math.round((reward - 0.5) * 100) / 100 : opts.advantage,
    turns,
    verifier: verifierFor(skill, passed, rand, file),
    metadata: { model: "policy-synthetic", seed, temperature: 1.0 },
  };
}

/** A trajectory of about `bytes` bytes of JSON (many rounds with long observations), e.g. the 20 MB one of the benchmark. */
export function largeSyntheticTrajectory(bytes: number, opts: SyntheticOptions = {}) {
  const observationChars = 50_000;
  // Two rounds in three (bash, view) carry a long observation; edits and the final submit carry short ones.
  const rounds = Math.max(1, Math.ceil(bytes / ((observationChars * 2) / 3 + 500)));
  return syntheticTrajectory({ ...opts, rounds, observationChars });
}
