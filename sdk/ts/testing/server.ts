import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { startServer, type RunningServer } from "@/server/http/start-server";
import { SkillboardClient } from "../src/client";

export const REPO_ROOT = path.resolve(import.meta.dirname, "../../..");

export const tempDir = (prefix: string) => fs.mkdtempSync(path.join(os.tmpdir(), `skillboard-sdk-${prefix}-`));

/**
 * A real Skillboard REST server (API only) over a real SQLite file in a temp
 * folder, for the SDK's tests. `stop()` and `start()` take it down and bring
 * it back on the same port and data folder, as a restarted server would.
 * One per test file: the server keeps its app context in a module global.
 */
export class SdkTestServer {
  readonly apiKey = `sdk-test-${Math.random().toString(36).slice(2)}`;
  readonly dataDir = tempDir("data");
  port = 0;
  private running?: RunningServer;

  get url() {
    return `http://127.0.0.1:${this.port}`;
  }

  /** A client with the server's API key. */
  get client() {
    return new SkillboardClient({ url: this.url, apiKey: this.apiKey });
  }

  async start(): Promise<this> {
    if (this.running) return this;
    this.running = await startServer({
      config: { port: this.port, host: "127.0.0.1", dataDir: this.dataDir, bootstrapApiKey: this.apiKey },
      rootDir: REPO_ROOT,
      apiOnly: true,
      log: () => {},
    });
    this.port = this.running.port;
    return this;
  }

  async stop(): Promise<void> {
    const r = this.running;
    this.running = undefined;
    await r?.close();
  }
}
