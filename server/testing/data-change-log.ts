import type Database from "better-sqlite3";
import fs from "node:fs";
import path from "node:path";

/** Columns a refused request may still write: bookkeeping about the caller, not stored data. */
const BOOKKEEPING_COLUMNS: Record<string, string[]> = { api_keys: ["last_used_at"] };

export interface DataChange {
  table: string;
  op: "insert" | "update" | "delete";
  rows: number;
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * Records every committed insert, delete and real update (a column's value changed, bookkeeping
 * columns aside) on every table of the connection's main database, through TEMP triggers: they
 * live in this connection only, never in the file, and roll back with the statement or transaction
 * that fired them, so `take()` lists what a request left stored. The server must write through
 * this same connection (it has one: db/index.ts), which holds when the test runs it in-process.
 */
export function watchDataChanges(sqlite: Database.Database) {
  sqlite.exec("CREATE TEMP TABLE IF NOT EXISTS data_change_log (tbl TEXT NOT NULL, op TEXT NOT NULL)");
  // Ordinary tables only: a virtual table (full-text search) and its shadow tables take no triggers, and hold an index of the others.
  const tables = sqlite
    .prepare("SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'table' AND name NOT LIKE 'sqlite_%'")
    .pluck()
    .all() as string[];
  for (const table of tables) {
    const columns = (sqlite.prepare("SELECT name FROM pragma_table_info(?)").pluck().all(table) as string[]).filter(
      (c) => !BOOKKEEPING_COLUMNS[table]?.includes(c),
    );
    const log = (op: string) => `BEGIN INSERT INTO data_change_log VALUES ('${table.replace(/'/g, "''")}', '${op}'); END`;
    const changed = columns.map((c) => `OLD.${quote(c)} IS NOT NEW.${quote(c)}`).join(" OR ") || "0";
    sqlite.exec(`
      CREATE TEMP TRIGGER IF NOT EXISTS ${quote(`dcl_ins_${table}`)} AFTER INSERT ON main.${quote(table)} ${log("insert")};
      CREATE TEMP TRIGGER IF NOT EXISTS ${quote(`dcl_del_${table}`)} AFTER DELETE ON main.${quote(table)} ${log("delete")};
      CREATE TEMP TRIGGER IF NOT EXISTS ${quote(`dcl_upd_${table}`)} AFTER UPDATE ON main.${quote(table)} WHEN ${changed} ${log("update")};`);
  }
  const read = sqlite.prepare("SELECT tbl AS 'table', op, count(*) AS rows FROM data_change_log GROUP BY tbl, op ORDER BY tbl, op");
  const clear = sqlite.prepare("DELETE FROM data_change_log");
  return {
    tables,
    /** The changes committed since the last call, and forgets them. */
    take(): DataChange[] {
      const changes = read.all() as DataChange[];
      if (changes.length) clear.run();
      return changes;
    },
  };
}

/**
 * Every file under the data folder, the SQLite files aside (their changes are logged above). Names
 * only: a refusal that leaves a file behind or removes one shows; listing sizes too would cost a
 * stat per file per request (a fifth of the fuzz's time once the folder holds a few thousand blobs).
 */
export function listDataFiles(dataDir: string): Set<string> {
  const root = path.resolve(dataDir);
  const files = new Set<string>();
  // Plain string work per entry: this runs after every request of a route that writes files.
  for (const entry of fs.readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (entry.isDirectory()) continue;
    if (entry.parentPath === root) {
      if (!DATABASE_FILE.test(entry.name)) files.add(entry.name);
    } else files.add(`${entry.parentPath.slice(root.length + 1)}/${entry.name}`);
  }
  return files;
}

const DATABASE_FILE = /^skillboard\.db(-wal|-shm|-journal)?$/;

/** The files added (+) or removed (-) between two listings. */
export function diffDataFiles(before: Set<string>, after: Set<string>): string[] {
  const out: string[] = [];
  for (const file of after) if (!before.has(file)) out.push(`+${file}`);
  for (const file of before) if (!after.has(file)) out.push(`-${file}`);
  return out;
}
