import type Database from "better-sqlite3";

const cacheByConnection = new WeakMap<Database.Database, Map<string, number>>();

/** Maps metric key names to their interned ids, creating missing ones. Call inside the batch's transaction. */
export function internMetricKeys(sqlite: Database.Database, projectId: number, keys: Iterable<string>): Map<string, number> {
  let cache = cacheByConnection.get(sqlite);
  if (!cache) cacheByConnection.set(sqlite, (cache = new Map()));
  const out = new Map<string, number>();
  let insert: Database.Statement | undefined;
  let select: Database.Statement | undefined;
  for (const key of keys) {
    const cacheKey = `${projectId}\u0000${key}`;
    let id = cache.get(cacheKey);
    if (id === undefined) {
      insert ??= sqlite.prepare("INSERT OR IGNORE INTO metric_keys (project_id, key) VALUES (?, ?)");
      select ??= sqlite.prepare("SELECT id FROM metric_keys WHERE project_id = ? AND key = ?").pluck();
      insert.run(projectId, key);
      id = select.get(projectId, key) as number;
      cache.set(cacheKey, id);
    }
    out.set(key, id);
  }
  return out;
}

/** Forgets cached key ids (after a rolled-back transaction may have dropped fresh inserts). */
export function forgetMetricKeys(sqlite: Database.Database): void {
  cacheByConnection.delete(sqlite);
}
