import fs from "node:fs";
import path from "node:path";

/** The shared fixtures folder: `../shared/fixtures` beside the repository (CI keeps ../shared next to the clone). */
export const REPO_ROOT = path.resolve(import.meta.dirname, "../..");
export const FIXTURES_DIR = path.resolve(REPO_ROOT, "../shared/fixtures");

export const FIXTURES = {
  sweAgentNew: "swe-agent/6e44b9__sweagenttestrepo-1c2844.traj",
  sweAgentOld: "swe-agent/swe-agent__test-repo-i1.traj",
  sweAgentPydicom: "swe-agent/pydicom__pydicom-1458.traj",
  miniMessagesOnly: "mini-swe-agent/local.messages-only.traj.json",
  miniFull: "mini-swe-agent/sqlfluff__sqlfluff-2419.traj.json",
  openHands: "openhands/multi_swe_bench.output.jsonl",
} as const;

export const fixturePath = (name: string) => path.join(FIXTURES_DIR, name);
export const readFixture = (name: string) => fs.readFileSync(fixturePath(name), "utf8");

/** Every data file under the fixtures folder (all but the notes). */
export function allFixtureFiles(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (!entry.name.endsWith(".md")) out.push(path.relative(FIXTURES_DIR, full));
    }
  };
  walk(FIXTURES_DIR);
  return out.sort();
}

/** The scalar values of a JSON value; strings holding a JSON object or list count as their own values. */
function scalars(value: unknown, out: Set<string>, strings: string[]) {
  if (typeof value === "string") {
    const t = value.trim();
    if ((t.startsWith("{") && t.endsWith("}")) || (t.startsWith("[") && t.endsWith("]"))) {
      try {
        scalars(JSON.parse(t), out, strings);
        return;
      } catch {
        // an ordinary string
      }
    }
    out.add(`s:${value}`);
    strings.push(value);
  } else if (Array.isArray(value)) value.forEach((v) => scalars(v, out, strings));
  else if (value && typeof value === "object") Object.values(value).forEach((v) => scalars(v, out, strings));
  else out.add(`${typeof value}:${String(value)}`);
}

/**
 * "Nothing dropped": the scalar values of the source that appear nowhere in
 * the imported trajectories (a string may survive inside a longer one, as a raw
 * SWE-agent observation does inside the formatted one the model saw).
 */
export function droppedValues(source: unknown, imported: unknown): string[] {
  const inSet = new Set<string>();
  scalars(source, inSet, []);
  const outSet = new Set<string>();
  const outStrings: string[] = [];
  scalars(imported, outSet, outStrings);
  return [...inSet].filter((v) => !outSet.has(v) && !(v.startsWith("s:") && outStrings.some((s) => s.includes(v.slice(2)))));
}
