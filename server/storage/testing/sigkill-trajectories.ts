import Database from "better-sqlite3";
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { gunzipSync } from "node:zlib";
import { prng } from "../../testing/synthetic-trajectories";
import { ServerProcess } from "../../testing/server-process";
import { waitUntil } from "./wait";

const TRAJECTORIES_PER_BATCH = 4;

export interface TrajectoryFaultOptions {
  kills: number;
  writers: number;
  seed?: number;
  log?: (line: string) => void;
}

export interface TrajectoryFaultReport {
  seed: number;
  kills: number;
  /** Trajectory rows at the end (every acknowledged one, exactly once). */
  trajectories: number;
  /** Rows whose blob was checked (exists, hash matches) with the server dead after a kill. */
  rowsCheckedAfterKills: number;
  /** Kills that left a blob write half done (a temp file in the blob folder). */
  killsMidBlobWrite: number;
  /** Kills that left blobs no row points at (bodies written, rows not yet committed). */
  killsWithOrphanBlobs: number;
  restartMs: number[];
  durationMs: number;
  problems: string[];
}

/** Trajectory `i` of batch `n` of writer `w`: bodies of 20–400 KB of incompressible text, and one body every batch shares. */
function trajectoryOf(w: number, n: number, i: number) {
  if (i === 0) return { skill: "editing", taskId: "shared", step: 0, reward: 1, passed: true, turns: [{ role: "assistant", content: "the same body in every batch" }] };
  const rand = prng(w * 1_000_003 + n * 101 + i);
  const chars = 20_000 + Math.floor(rand() * 380_000);
  let noise = "";
  while (noise.length < chars) noise += Math.floor(rand() * 2 ** 32).toString(16).padStart(8, "0");
  return {
    skill: "editing",
    taskId: `w${w}-b${n}-${i}`,
    step: n,
    reward: i % 2,
    passed: i % 2 === 1,
    turns: [
      { role: "assistant", content: `call ${i}`, toolCalls: [{ name: "bash", arguments: { cmd: "pytest" } }] },
      { role: "tool", content: "", observation: noise },
    ],
  };
}

const sha256 = (buf: Buffer) => createHash("sha256").update(buf).digest("hex");

/** Files in the blob folder: blobs by hash, and temp files. */
function blobFiles(dataDir: string): { blobs: Set<string>; temps: string[] } {
  const dir = path.join(dataDir, "blobs");
  const blobs = new Set<string>();
  const temps: string[] = [];
  for (const shard of fs.existsSync(dir) ? fs.readdirSync(dir) : []) {
    for (const name of fs.readdirSync(path.join(dir, shard))) {
      if (name.endsWith(".tmp")) temps.push(name);
      else if (/^[0-9a-f]{64}\.gz$/.test(name)) blobs.add(name.slice(0, 64));
    }
  }
  return { blobs, temps };
}

/**
 * SIGKILLs a real server process `kills` times while `writers` clients post batches of
 * large trajectories (retrying a batch until it is acknowledged, as the SDK does). While
 * the server is dead after each kill, every trajectory row in the SQLite file must point
 * at a blob that exists and matches its hash. At the end every acknowledged trajectory
 * is stored once and opens through the API, and the start sweep has removed every
 * temp file and orphan blob the kills left.
 */
export async function runSigkillTrajectories(opts: TrajectoryFaultOptions): Promise<TrajectoryFaultReport> {
  const seed = opts.seed ?? Math.floor(Math.random() * 2 ** 31);
  const rand = prng(seed);
  const log = opts.log ?? (() => {});
  const started = performance.now();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "skillboard-sigkill-traj-"));
  const dataDir = path.join(tmp, "data");
  const apiKey = `sigkill-${Math.random().toString(36).slice(2)}`;
  const server = new ServerProcess(dataDir, apiKey);
  const report: TrajectoryFaultReport = { seed, kills: 0, trajectories: 0, rowsCheckedAfterKills: 0, killsMidBlobWrite: 0, killsWithOrphanBlobs: 0, restartMs: [], durationMs: 0, problems: [] };
  const problem = (m: string) => report.problems.length < 20 && report.problems.push(m);
  const api = (pathname: string, init: { method?: string; body?: unknown } = {}) =>
    fetch(`${server.url}${pathname}`, {
      method: init.method ?? (init.body === undefined ? "GET" : "POST"),
      headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });

  let stopping = false;
  let aborted = false;
  const acked = Array.from({ length: opts.writers }, () => 0);
  let ackedSinceRestart = 0;
  const runIds = Array.from({ length: opts.writers }, (_, w) => `sigkill-traj-${seed.toString(36)}-w${w}`);
  /** Posts batches until told to stop; a batch is resent (same batch id) until the server acknowledges it. */
  const writer = async (w: number) => {
    for (let n = 0; !stopping; n++) {
      const body = { batchId: `w${w}-b${n}`, trajectories: Array.from({ length: TRAJECTORIES_PER_BATCH }, (_, i) => trajectoryOf(w, n, i)) };
      for (;;) {
        const res = await api(`/api/v1/runs/${runIds[w]}/trajectories`, { body }).catch(() => null);
        if (res && (res.status === 200 || res.status === 201)) break;
        if (res && res.status < 500) throw new Error(`writer ${w}: batch ${n} refused: ${res.status} ${await res.text()}`);
        if (aborted) return;
        await sleep(50); // the server is down or restarting: back off, as a client would
      }
      acked[w] = n + 1;
      ackedSinceRestart++;
    }
  };

  const verified = new Set<string>();
  /** With the server dead: every row's blob exists and matches its hash. */
  const checkRowsOnDisk = (when: string) => {
    const db = new Database(path.join(dataDir, "skillboard.db"), { readonly: true });
    try {
      const rows = db.prepare("SELECT id, blob FROM trajectories").all() as { id: number; blob: string }[];
      for (const { id, blob } of rows) {
        if (verified.has(blob)) continue;
        const file = path.join(dataDir, "blobs", blob.slice(0, 2), `${blob}.gz`);
        let ok = false;
        try {
          ok = sha256(gunzipSync(fs.readFileSync(file))) === blob;
        } catch {
          ok = false;
        }
        if (ok) verified.add(blob);
        else problem(`${when}: trajectory ${id} points at blob ${blob.slice(0, 12)}…, which is missing or does not match its hash`);
      }
      report.rowsCheckedAfterKills += rows.length;
      const referenced = new Set(rows.map((r) => r.blob));
      const files = blobFiles(dataDir);
      if (files.temps.length) report.killsMidBlobWrite++;
      if ([...files.blobs].some((h) => !referenced.has(h))) report.killsWithOrphanBlobs++;
    } finally {
      db.close();
    }
  };

  const writers: Promise<void>[] = [];
  try {
    await server.start();
    for (const id of runIds) {
      const res = await api("/api/v1/runs", { body: { id, project: "sigkill", name: id } });
      if (res.status !== 201) throw new Error(`could not create run ${id}: ${res.status}`);
    }
    for (let w = 0; w < opts.writers; w++) writers.push(writer(w));

    for (let k = 1; k <= opts.kills; k++) {
      // A random point: after 1–4 more batches were acknowledged by this server process.
      const want = 1 + Math.floor(rand() * 4);
      ackedSinceRestart = 0;
      await waitUntil(() => ackedSinceRestart >= want, `${want} batches acknowledged before kill ${k}`);
      const killedAt = performance.now();
      await server.kill9();
      report.kills = k;
      checkRowsOnDisk(`after kill ${k}`);
      await server.start();
      report.restartMs.push(performance.now() - killedAt);
      log(`kill ${k}/${opts.kills}: restarted in ${Math.round(report.restartMs.at(-1)!)} ms; ${acked.reduce((a, b) => a + b, 0)} batches acknowledged`);
    }
    stopping = true;
    await Promise.all(writers);

    // Every acknowledged trajectory once, and each opens with the body that was sent.
    for (let w = 0; w < opts.writers; w++) {
      const rows: { id: number; taskId: string }[] = [];
      let cursor: string | undefined;
      do {
        const page = await (await api(`/api/v1/runs/${runIds[w]}/trajectories?limit=1000${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`)).json();
        rows.push(...page.trajectories);
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      report.trajectories += rows.length;
      if (rows.length !== acked[w] * TRAJECTORIES_PER_BATCH) problem(`writer ${w}: ${rows.length} trajectories stored, ${acked[w] * TRAJECTORIES_PER_BATCH} acknowledged`);
      const own = rows.filter((r) => r.taskId !== "shared").map((r) => r.taskId);
      if (new Set(own).size !== own.length) problem(`writer ${w}: a trajectory is stored twice`);
      for (const row of rows) {
        const res = await api(`/api/v1/trajectories/${row.id}`);
        if (res.status !== 200) {
          problem(`trajectory ${row.id} (${row.taskId}) does not open: ${res.status}`);
          continue;
        }
        const { trajectory } = (await res.json()) as { trajectory: { taskId: string; step: number; turns: unknown[] } };
        const m = /^w(\d+)-b(\d+)-(\d+)$/.exec(row.taskId);
        const expected = m ? trajectoryOf(Number(m[1]), Number(m[2]), Number(m[3])) : trajectoryOf(w, 0, 0);
        // The stored body is the validated one (defaults filled in): compare what was sent.
        const sent = (t: { taskId: string; step: number; turns: unknown[] }) => JSON.stringify([t.taskId, t.step, t.turns.map((turn) => ({ ...(turn as object) }))]);
        if (sent(trajectory) !== sent(expected)) problem(`trajectory ${row.id} (${row.taskId}) opens with a body that was never sent`);
      }
    }
    // The start sweep (in the background) removes what the last kill left: temp files and blobs without rows.
    const db = new Database(path.join(dataDir, "skillboard.db"), { readonly: true });
    try {
      const referenced = new Set(db.prepare("SELECT DISTINCT blob FROM trajectories").pluck().all() as string[]);
      await waitUntil(() => {
        const files = blobFiles(dataDir);
        return files.temps.length === 0 && [...files.blobs].every((h) => referenced.has(h));
      }, "the start sweep to remove temp files and orphan blobs");
      const files = blobFiles(dataDir);
      for (const h of referenced) if (!files.blobs.has(h)) problem(`blob ${h.slice(0, 12)}… is referenced and gone`);
    } finally {
      db.close();
    }
  } finally {
    stopping = aborted = true;
    await server.stop();
    await Promise.allSettled(writers);
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  report.durationMs = performance.now() - started;
  return report;
}
