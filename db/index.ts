import Database from "better-sqlite3";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import fs from "node:fs";
import path from "node:path";
import * as schema from "./schema";

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

/** The migrations folder, found from the repository root (this file is not bundled when it migrates). */
export function migrationsFolder(root = process.cwd()): string {
  return path.join(root, "db", "migrations");
}

/**
 * Opens (and creates) the SQLite file in WAL mode with foreign keys on and
 * applies pending migrations.
 */
export function openDatabase(file: string, opts: { migrationsDir?: string } = {}): Db {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new Database(file);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = NORMAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  sqlite.pragma("cache_size = -65536");
  const db = drizzle(sqlite, { schema }) as Db;
  migrate(db, { migrationsFolder: opts.migrationsDir ?? migrationsFolder() });
  return db;
}

export { schema };
