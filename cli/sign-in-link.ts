import fs from "node:fs";
import { openDatabase } from "@/db";
import { signInLinkLine } from "@/server/auth/sign-in-links";
import { apiKeyFile, databaseFile } from "@/server/config";

/**
 * `skillboard sign-in-link`: a fresh single-use link for a server's admin key
 * (SKILLBOARD_API_KEY, else the one in the data dir), written straight into its
 * database: whoever can read the data dir holds the admin key anyway.
 */
export function printSignInLink(opts: { dataDir: string; url: string; apiKey?: string }): number {
  const dbFile = databaseFile(opts.dataDir);
  if (!fs.existsSync(dbFile)) {
    console.error(`No Skillboard database at ${dbFile}: pass the server's --data-dir (or set SKILLBOARD_DATA_DIR).`);
    return 1;
  }
  const keyFile = apiKeyFile(opts.dataDir);
  const key = opts.apiKey ?? (fs.existsSync(keyFile) ? fs.readFileSync(keyFile, "utf8").trim() : undefined);
  if (!key) {
    console.error(`No admin key: set SKILLBOARD_API_KEY to the server's key, or pass the data dir that holds ${keyFile}.`);
    return 1;
  }
  const db = openDatabase(dbFile);
  try {
    const line = signInLinkLine(db, key, opts.url, "skillboard sign-in-link");
    console.log(line);
    return line.startsWith("No sign-in link") ? 1 : 0;
  } finally {
    db.$client.close();
  }
}
