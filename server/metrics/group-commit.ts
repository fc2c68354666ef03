import type { Db } from "@/db";
import { appendMetricBatch, type AppendResult } from "./ingest";
import { forgetMetricKeys } from "./metric-keys";

interface Pending {
  runId: string;
  body: unknown;
  resolve: (result: AppendResult) => void;
  reject: (error: unknown) => void;
}

type Outcome = { ok: true; result: AppendResult } | { ok: false; error: unknown };

const queues = new WeakMap<Db, Pending[]>();

/**
 * `appendMetricBatch` for the HTTP doors: batches that arrive together (64 trainers flushing in the
 * same instant) are stored in one SQLite transaction, committed once, instead of one commit each.
 * Each batch still runs in its own savepoint, so a refused batch rolls back alone and its caller
 * alone gets the error; every caller is answered only after the commit.
 */
export function appendMetricBatchGrouped(db: Db, runId: string, body: unknown): Promise<AppendResult> {
  return new Promise((resolve, reject) => {
    let queue = queues.get(db);
    if (!queue) {
      queues.set(db, (queue = []));
      // After this turn's I/O callbacks: every request whose body has arrived joins the group.
      setImmediate(() => commitGroup(db));
    }
    queue.push({ runId, body, resolve, reject });
  });
}

function commitGroup(db: Db): void {
  const group = queues.get(db) ?? [];
  queues.delete(db);
  const outcomes: Outcome[] = [];
  try {
    db.$client.transaction(() => {
      for (const p of group) {
        try {
          outcomes.push({ ok: true, result: appendMetricBatch(db, p.runId, p.body) });
        } catch (error) {
          outcomes.push({ ok: false, error });
        }
      }
    })();
  } catch (error) {
    // The commit itself failed: nothing of the group was stored, and key ids it interned are gone.
    forgetMetricKeys(db.$client);
    for (const p of group) p.reject(error);
    return;
  }
  group.forEach((p, i) => {
    const o = outcomes[i];
    if (o.ok) p.resolve(o.result);
    else p.reject(o.error);
  });
}
