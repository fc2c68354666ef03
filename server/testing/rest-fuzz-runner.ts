import fc from "fast-check";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startServer, type RunningServer } from "../http/start-server";
import { diffDataFiles, listDataFiles, watchDataChanges } from "./data-change-log";
import { fuzzBody, pathSegment, queryString, type FuzzBody } from "./fuzz-bodies";
import type { FuzzFixtures, FuzzRoute } from "./rest-fuzz-routes";
import { REPO_ROOT } from "./test-server";

/**
 * Runs the REST fuzz (server/http/rest-fuzz-*.test.ts): a real server over a real SQLite file in
 * this process, REQUESTS random requests per route sent one at a time over a keep-alive connection,
 * each checked as it is answered: no 5xx, a refusal says what was wrong, and a refused request
 * leaves every table and every file of the data folder as it was. One at a time, so that what a
 * request stored is known exactly (data-change-log.ts).
 *
 * FUZZ_REQUESTS sets the count per route; FUZZ_SEED replays a run (the seed is in every failure).
 */
export const REQUESTS = Number(process.env.FUZZ_REQUESTS ?? 2000);
export const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : 20_251_013;
/** A hang guard per request, not a speed check. */
const REQUEST_TIMEOUT_MS = 60_000;

interface FuzzRequest {
  key: "admin" | "sdk" | "none";
  keyHeader: "authorization" | "x-api-key";
  params: Record<string, string>;
  query: string;
  body: FuzzBody;
}

interface Answer {
  status: number;
  text: string;
  location?: string;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

/** One request over the keep-alive agent (node:http costs half the CPU of fetch per request, which adds up over 100,000). */
function send(url: string, method: string, headers: Record<string, string>, body?: string | Uint8Array): Promise<Answer> {
  // A length always: Node sends a DELETE body unframed otherwise, and the server reads it as the next request.
  if (body !== undefined) headers = { ...headers, "content-length": String(Buffer.byteLength(body)) };
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers, agent, timeout: REQUEST_TIMEOUT_MS }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode!, text: Buffer.concat(chunks).toString("utf8"), location: res.headers.location }));
      res.on("error", reject);
    });
    req.on("timeout", () => req.destroy(new Error(`no answer within ${REQUEST_TIMEOUT_MS} ms`)));
    req.on("error", reject);
    req.end(body);
  });
}

async function makeFixtures(s: RunningServer): Promise<FuzzFixtures> {
  let counter = 0;
  const api = async (pathname: string, body?: unknown, method = body === undefined ? "GET" : "POST") => {
    const data = body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body);
    const r = await send(`${s.url}${pathname}`, method, { authorization: `Bearer ${s.adminKey}`, "content-type": "application/json" }, data);
    return { status: r.status, body: r.text ? JSON.parse(r.text) : null };
  };
  const must = async (pathname: string, body?: unknown, method?: string) => {
    const r = await api(pathname, body, method);
    if (r.status >= 300) throw new Error(`fixture ${method ?? "POST"} ${pathname}: HTTP ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  };
  const sdk = await must("/api/v1/api-keys", { name: "fuzz-sdk", role: "sdk" });
  const admins = (await must("/api/v1/api-keys")).keys.map((k: { id: number }) => String(k.id));
  const workerId = "fuzz-worker";
  await must("/api/v1/workers", { id: workerId, host: "fuzz", pool: "local", maxJobs: 1024 });
  const newRun = async () => (await must("/api/v1/runs", { project: "fuzz", name: `fixture-${++counter}` })).id as string;
  const trajectoryRun = await newRun();
  await must(`/api/v1/runs/${trajectoryRun}/trajectories`, {
    batchId: "fixture",
    trajectories: [{ skill: "editing", taskId: "t", step: 0, reward: 1, passed: true, turns: [{ role: "user", content: "x" }] }],
  });
  const trajectoryId = String((await must(`/api/v1/runs/${trajectoryRun}/trajectories`)).trajectories[0].id);
  const experimentId = (await must("/api/2.0/mlflow/experiments/create", { name: "fuzz-exp" })).experiment_id as string;
  return {
    adminKey: s.adminKey,
    sdkKey: sdk.key,
    keyIdsInUse: [...admins, String(sdk.id)],
    api,
    newRun,
    async leasedRun() {
      await must("/api/v1/launches", { recipe: "reference-joint-grpo", params: {}, pool: "local" });
      const { job } = await must(`/api/v1/workers/${workerId}/lease`, { freeGpus: 0 });
      if (!job) throw new Error("fixture: nothing to lease");
      return { runId: job.runId, leaseToken: job.leaseToken };
    },
    workerId,
    trajectoryId,
    experimentId,
    newMlflowRun: async () => (await must("/api/2.0/mlflow/runs/create", { experiment_id: experimentId, run_name: `fixture-${++counter}` })).run.info.run_id,
    newRllmSession: async () => (await must("/api/sessions", { project: "fuzz-rllm", experiment: `fixture-${++counter}` })).id,
    unique: () => `${++counter}`,
  };
}

/**
 * Whether a refusal says what was wrong: REST v1's `{error: {code, message}}`, MLflow's
 * `{error_code, message}`, or, for a page a browser opens (the sign-in link), any text.
 */
function saysWhy(answer: Answer): boolean {
  try {
    const body = JSON.parse(answer.text);
    return Boolean(body?.error?.message ?? body?.message);
  } catch {
    return answer.text.trim().length > 0;
  }
}

const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n)}… (${s.length} chars)` : s);

function describeBody(b: FuzzBody): string {
  if (b.data === undefined) return `${b.kind}: (no body)`;
  const text = typeof b.data === "string" ? b.data : `bytes ${Buffer.from(b.data).toString("hex")}`;
  return `${b.kind} (${b.contentType}): ${clip(text, 300)}`;
}

/** The random requests of one route: a key (or none), path params, a query string and a body. */
function requestsOf(route: FuzzRoute, setup: Awaited<ReturnType<NonNullable<FuzzRoute["setup"]>>>, fixtures: FuzzFixtures, seed: number): FuzzRequest[] {
  const paramNames = [...route.path.matchAll(/:(\w+)/g)].map((m) => m[1]);
  const avoid = route.avoid?.(fixtures) ?? [];
  const arb: fc.Arbitrary<FuzzRequest> = fc.record({
    key: fc.constantFrom("admin", "sdk", "none"),
    keyHeader: route.xApiKey ? fc.constantFrom("authorization", "x-api-key") : fc.constant("authorization"),
    params: fc.record(Object.fromEntries(paramNames.map((p) => [p, pathSegment(setup.params?.[p] ?? [], avoid)]))) as fc.Arbitrary<Record<string, string>>,
    query: queryString(setup.query?.names ?? [], setup.query?.values ?? []),
    body: route.method === "GET" ? fc.constant<FuzzBody>({ kind: "none" }) : fuzzBody(setup.valid ?? (() => ({}))),
  });
  return fc.sample(arb, { numRuns: REQUESTS, seed });
}

interface Outcome {
  route: string;
  requests: number;
  ms: number;
  /** CPU time of this process (the server and the fuzzer): what the machine's load inflates least. */
  cpuMs: number;
  statuses: Record<number, number>;
}

/** Declares the fuzz tests of `routes` (one per route) in the calling test file, around one server. */
export function declareRestFuzz(title: string, routes: FuzzRoute[]): void {
  let server: RunningServer;
  let changes: ReturnType<typeof watchDataChanges>;
  let fixtures: FuzzFixtures;
  const outcomes: Outcome[] = [];

  beforeAll(async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "skillboard-fuzz-"));
    // A day-long lease: no lease the fuzz takes expires (and changes data) during the run.
    server = await startServer({ config: { port: 0, host: "127.0.0.1", dataDir, leaseMs: 86_400_000 }, rootDir: REPO_ROOT, apiOnly: true, log: () => {} });
    fixtures = await makeFixtures(server);
    changes = watchDataChanges(server.app.db.$client);
  });

  afterAll(async () => {
    await server?.close();
    if (!outcomes.length) return;
    const sum = (f: (o: Outcome) => number) => outcomes.reduce((n, o) => n + f(o), 0);
    const lines = outcomes.map(
      (o) => `${o.route.padEnd(72)} ${String(o.requests).padStart(5)} req ${String(Math.round(o.ms)).padStart(6)} ms (cpu ${String(Math.round(o.cpuMs)).padStart(6)} ms)  ${JSON.stringify(o.statuses)}`,
    );
    const totals = `${outcomes.length} routes, ${sum((o) => o.requests)} requests in ${(sum((o) => o.ms) / 1000).toFixed(1)} s (cpu ${(sum((o) => o.cpuMs) / 1000).toFixed(1)} s)`;
    console.log(`${title} (seed ${SEED}): ${totals}\n${lines.join("\n")}`);
  });

  it.each(routes.map((r) => [`${r.method} ${r.path}`, r] as const))("%s: no 5xx; every refusal says why and changes nothing", async (name, route: FuzzRoute) => {
    const setup = (await route.setup?.(fixtures)) ?? {};
    const requests = requestsOf(route, setup, fixtures, SEED + routes.indexOf(route));
    const dataDir = server.app.config.dataDir;
    const failures: string[] = [];
    const statuses: Record<number, number> = {};
    changes.take();
    let files = listDataFiles(dataDir);
    const started = performance.now();
    const cpu = process.cpuUsage();
    for (const [i, r] of requests.entries()) {
      const pathname = route.path.replace(/:(\w+)/g, (_, p: string) => r.params[p]);
      const headers: Record<string, string> = {};
      if (r.body.contentType) headers["content-type"] = r.body.contentType;
      const key = r.key === "admin" ? fixtures.adminKey : r.key === "sdk" ? fixtures.sdkKey : null;
      if (key) headers[r.keyHeader] = r.keyHeader === "authorization" ? `Bearer ${key}` : key;
      const what = () =>
        `#${i} ${route.method} ${clip(`${pathname}${r.query}`, 300)} [${r.key} key${r.keyHeader === "x-api-key" ? " as X-API-Key" : ""}] body ${describeBody(r.body)}`;
      let answer: Answer;
      try {
        answer = await send(`${server.url}${pathname}${r.query}`, route.method, headers, r.body.data);
      } catch (error) {
        failures.push(`${what()}\n  → no answer: ${error}`);
        continue;
      }
      statuses[answer.status] = (statuses[answer.status] ?? 0) + 1;
      const refused = answer.status >= 400 || (answer.status === 303 && /[?&]error=/.test(answer.location ?? ""));
      const stored = changes.take();
      const filesNow = route.files ? listDataFiles(dataDir) : files;
      const touched = diffDataFiles(files, filesNow);
      files = filesNow;
      if (answer.status >= 500) failures.push(`${what()}\n  → ${answer.status} ${answer.text.slice(0, 300)}`);
      if (refused && (stored.length || touched.length)) {
        failures.push(`${what()}\n  → ${answer.status} ${answer.text.slice(0, 200)}\n  but stored: ${JSON.stringify(stored)} files: ${touched.slice(0, 5).join(", ")}`);
      }
      // 431: Node's HTTP parser refuses a request line past its 16 KB limit before the app sees it, with no body.
      if (answer.status >= 400 && answer.status < 500 && answer.status !== 431 && !saysWhy(answer)) {
        failures.push(`${what()}\n  → ${answer.status} without a message: ${answer.text.slice(0, 200)}`);
      }
    }
    const used = process.cpuUsage(cpu);
    if (!route.files) {
      const touched = diffDataFiles(files, listDataFiles(dataDir));
      if (touched.length) failures.push(`${route.method} ${route.path} changed files of the data folder: ${touched.slice(0, 5).join(", ")}`);
    }
    outcomes.push({ route: name, requests: requests.length, ms: performance.now() - started, cpuMs: (used.user + used.system) / 1000, statuses });
    // The server still answers.
    expect((await fixtures.api("/api/v1/runs?limit=1")).status).toBe(200);
    expect(failures.slice(0, 8).join("\n\n"), `${failures.length} of ${requests.length} requests failed (FUZZ_SEED=${SEED})`).toBe("");
  });
}
