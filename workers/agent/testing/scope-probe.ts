import { writeScript } from "./harness";

/** What the scope probe printed: its environment (SKILLBOARD_API_KEY left out), the kind of its key, and the status of each call. */
export interface ScopeProbeReport {
  env: Record<string, string>;
  keyKind: string;
  statuses: Record<string, number>;
}

/**
 * A job that tries what its SKILLBOARD_API_KEY may and may not do: write to its own run and
 * to another (argv[2]), create a key, list runs, launch, cancel, create runs. It writes its key
 * to `job-token` in its working folder (the run's folder) and prints one `PROBE {json}` line.
 */
export function writeScopeProbe(dir: string): string {
  return writeScript(
    dir,
    "scope-probe.mjs",
    `import fs from "node:fs";
const other = process.argv[2];
const { SKILLBOARD_URL: url, SKILLBOARD_API_KEY: key = "", SKILLBOARD_RUN_ID: run } = process.env;
const call = async (method, path, body) =>
  (await fetch(url + "/api/v1" + path, {
    method,
    headers: { authorization: "Bearer " + key, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  })).status;
fs.writeFileSync("job-token", key);
const point = (batchId) => ({ batchId, points: [{ key: "probe/x", step: 1, value: 1 }] });
const statuses = {
  ownMetrics: await call("POST", "/runs/" + run + "/metrics", point("probe-own")),
  readOwn: await call("GET", "/runs/" + run),
  recreateOwn: await call("POST", "/runs", { id: run }),
  otherMetrics: await call("POST", "/runs/" + other + "/metrics", point("probe-other")),
  otherFinish: await call("POST", "/runs/" + other + "/finish", { status: "failed" }),
  otherRead: await call("GET", "/runs/" + other),
  createRun: await call("POST", "/runs", { name: "made by a job" }),
  listRuns: await call("GET", "/runs"),
  createKey: await call("POST", "/api-keys", { name: "stolen", role: "admin" }),
  launch: await call("POST", "/launches", { recipe: "anything" }),
  cancelOwn: await call("POST", "/runs/" + run + "/cancel", {}),
  deleteOwn: await call("DELETE", "/runs/" + run),
};
const env = { ...process.env };
delete env.SKILLBOARD_API_KEY;
console.log("PROBE " + JSON.stringify({ env, keyKind: key.slice(0, 4), statuses }));
`,
  );
}

/** The report in a run's stdout. */
export function parseProbe(stdout: string): ScopeProbeReport {
  const line = stdout.split("\n").find((l) => l.startsWith("PROBE "));
  if (!line) throw new Error(`no PROBE line in the job's output:\n${stdout}`);
  return JSON.parse(line.slice("PROBE ".length));
}

/** What a job token may do on its own run, and what it may not do anywhere else. */
export const EXPECTED_JOB_TOKEN_STATUSES = {
  ownMetrics: 201,
  readOwn: 200,
  recreateOwn: 200,
  otherMetrics: 403,
  otherFinish: 403,
  otherRead: 403,
  createRun: 403,
  listRuns: 403,
  createKey: 403,
  launch: 403,
  cancelOwn: 403,
  deleteOwn: 403,
};
