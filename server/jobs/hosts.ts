import type { Db } from "@/db";
import type { GpuInfo } from "@/db/schema";

export interface WorkerView {
  id: string;
  host: string;
  pool: string;
  labels: string[];
  gpus: GpuInfo[];
  maxJobs: number;
  state: "active" | "stopped" | "unresponsive";
  startedAt: number;
  lastSeenAt: number;
  runs: { id: string; name: string; status: string }[];
}

/** Workers with their GPUs and running runs; one that missed its lease period of heartbeats is `unresponsive`. */
export function listWorkers(db: Db, leaseMs: number, now = Date.now()): WorkerView[] {
  const sqlite = db.$client;
  const rows = sqlite
    .prepare("SELECT id, host, pool, labels, gpus, max_jobs, state, started_at, last_seen_at FROM workers ORDER BY pool, host, id")
    .all() as { id: string; host: string; pool: string; labels: string; gpus: string; max_jobs: number; state: "active" | "stopped"; started_at: number; last_seen_at: number }[];
  const runsOf = sqlite.prepare(
    "SELECT r.id, r.name, r.status FROM jobs j JOIN runs r ON r.pk = j.run_pk WHERE j.state = 'leased' AND j.lease_owner = ? ORDER BY r.created_at",
  );
  return rows.map((w) => ({
    id: w.id,
    host: w.host,
    pool: w.pool,
    labels: JSON.parse(w.labels),
    gpus: JSON.parse(w.gpus),
    maxJobs: w.max_jobs,
    state: w.state === "active" && now - w.last_seen_at > leaseMs ? "unresponsive" : w.state,
    startedAt: w.started_at,
    lastSeenAt: w.last_seen_at,
    runs: runsOf.all(w.id) as WorkerView["runs"],
  }));
}
