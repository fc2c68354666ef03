import { BadRequestError } from "../errors";
import { issueJobToken } from "../auth/job-tokens";
import { json, restRoute } from "../http/rest";
import { parseOrThrow } from "../validation";
import { heartbeatInput, leaseInput, leaseTokenInput, registerWorkerInput, startInput } from "./inputs";
import { waitForJobs } from "./job-signal";
import { leaseNextJob } from "./queue";
import { listWorkers } from "./hosts";
import { heartbeat, markJobStarted, registerWorker, releaseLease, stopWorker } from "./workers";

const WORKER = { roles: ["worker", "admin"] as ("worker" | "admin")[] };

export const registerWorkerRoute = restRoute(async ({ app, json: body }) => {
  const input = parseOrThrow(registerWorkerInput, await body());
  const pool = app.pools.pools.get(input.pool);
  if (pool && pool.type !== "local") {
    throw new BadRequestError(`pool: '${input.pool}' is a ${pool.type} pool: its runs go to the cluster's scheduler, not to worker agents. Give the worker a local pool.`);
  }
  registerWorker(app.db, input);
  return json({ id: input.id, leaseMs: app.leaseMs }, 201);
}, WORKER);

export const listWorkersRoute = restRoute(({ app }) => json({ workers: listWorkers(app.db, app.leaseMs) }));

export const leaseJobRoute = restRoute(async ({ app, params, req, json: body }) => {
  const input = parseOrThrow(leaseInput, await body());
  const pool = app.db.$client.prepare("SELECT pool FROM workers WHERE id = ?").pluck().get(params.id) as string | undefined;
  const deadline = Date.now() + input.waitMs;
  for (;;) {
    // A worker that hung up (stopped, or was killed) during the long poll gets nothing leased.
    if (req.signal.aborted) return json({ job: null });
    const job = leaseNextJob(app.db, params.id, { pool: pool ?? "local", freeGpus: input.freeGpus }, { leaseMs: app.leaseMs });
    const left = deadline - Date.now();
    // The job's SKILLBOARD_API_KEY: a token for this run and attempt only (the worker's own key never reaches the job).
    if (job) return json({ job: { ...job, jobToken: issueJobToken(app.config.dataDir, job.runId, job.attempt) } });
    if (left <= 0) return json({ job: null });
    await waitForJobs(left, req.signal);
  }
}, WORKER);

export const heartbeatRoute = restRoute(async ({ app, params, json: body }) => {
  const input = parseOrThrow(heartbeatInput, await body());
  return json(heartbeat(app.db, params.id, input, { leaseMs: app.leaseMs }));
}, WORKER);

export const stopWorkerRoute = restRoute(({ app, params }) => {
  stopWorker(app.db, params.id);
  return json({ id: params.id, state: "stopped" });
}, WORKER);

export const startRunRoute = restRoute(async ({ app, params, json: body }) => {
  const input = parseOrThrow(startInput, await body());
  markJobStarted(app.db, params.id, input.leaseToken, input);
  return json({ id: params.id, status: "running" });
}, WORKER);

export const releaseRunRoute = restRoute(async ({ app, params, json: body }) => {
  const input = parseOrThrow(leaseTokenInput, await body());
  releaseLease(app.db, params.id, input.leaseToken);
  return json({ id: params.id, status: "queued" });
}, WORKER);
