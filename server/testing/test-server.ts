import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { ServerConfig } from "../config";
import { startServer, type RunningServer } from "../http/start-server";

export const REPO_ROOT = path.resolve(import.meta.dirname, "../..");

export interface TestServer extends RunningServer {
  dataDir: string;
  apiKey: string;
  /** fetch against the server with the API key set. */
  api(pathname: string, init?: { method?: string; body?: unknown; key?: string | null }): Promise<{ status: number; body: any }>;
}

/** A real REST server on a random port over a real SQLite file in a fresh temp folder. */
export async function startTestServer(opts: { dataDir?: string; port?: number; config?: Partial<ServerConfig> } = {}): Promise<TestServer> {
  const dataDir = opts.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), "skillboard-test-"));
  const apiKey = `test-key-${Math.random().toString(36).slice(2)}`;
  const server = await startServer({
    config: { port: opts.port ?? 0, host: "127.0.0.1", dataDir, bootstrapApiKey: apiKey, ...opts.config },
    rootDir: REPO_ROOT,
    apiOnly: true,
    log: () => {},
  });
  return {
    ...server,
    dataDir,
    apiKey,
    async api(pathname, init = {}) {
      const headers: Record<string, string> = { "content-type": "application/json" };
      const key = init.key === undefined ? apiKey : init.key;
      if (key) headers.authorization = `Bearer ${key}`;
      const res = await fetch(`${server.url}${pathname}`, {
        method: init.method ?? (init.body === undefined ? "GET" : "POST"),
        headers,
        body: init.body === undefined ? undefined : typeof init.body === "string" ? init.body : JSON.stringify(init.body),
      });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : null };
    },
  };
}
