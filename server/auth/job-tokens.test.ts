import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { configFromEnv } from "../config";
import { createAppContext, type AppContext } from "../context";
import { launch } from "../launches/service";
import { requireRunRow } from "../runs/service";
import { REPO_ROOT } from "../testing/test-server";
import { issueJobToken, JOB_TOKEN_GRACE_MS, jobTokenSecretFile, requireOwnRun, verifyJobToken } from "./job-tokens";

let app: AppContext;
let dataDir: string;

beforeEach(() => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "job-tokens-"));
  fs.mkdirSync(path.join(dir, "recipes"));
  fs.writeFileSync(path.join(dir, "recipes", "t.yaml"), "name: t\nargv: [train]\n");
  process.env.SKILLBOARD_RECIPES_DIR = path.join(dir, "recipes");
  dataDir = path.join(dir, "data");
  app = createAppContext({ ...configFromEnv(), dataDir }, { rootDir: REPO_ROOT });
  delete process.env.SKILLBOARD_RECIPES_DIR;
});
afterEach(() => app.db.$client.close());

const launchOne = () => launch(app.db, app.recipes, { recipe: "t" }, app.pools).runs[0].id;
const setJob = (id: string, sql: string, ...args: unknown[]) =>
  app.db.$client.prepare(`UPDATE jobs SET ${sql} WHERE run_pk = ?`).run(...args, requireRunRow(app.db, id).pk);

describe("job tokens", () => {
  it("stand for an sdk principal of their run and attempt, signed with a secret kept in the data folder", () => {
    const id = launchOne();
    setJob(id, "attempts = 1");
    const token = issueJobToken(dataDir, id, 1);
    expect(token).toMatch(/^sbj_/);
    expect((fs.statSync(jobTokenSecretFile(dataDir)).mode & 0o777).toString(8)).toBe("600");
    expect(verifyJobToken(app.db.$client, dataDir, token)).toEqual({ keyId: 0, role: "sdk", runId: id });
  });

  it("refuse a forged signature, another attempt's token, and a token of a run that ended over an hour ago", () => {
    const id = launchOne();
    setJob(id, "attempts = 2");
    const token = issueJobToken(dataDir, id, 2);
    const forged = token.replace(/.$/, (c) => (c === "A" ? "B" : "A"));
    expect(() => verifyJobToken(app.db.$client, dataDir, forged)).toThrow(/Invalid job token/);
    expect(() => verifyJobToken(app.db.$client, dataDir, issueJobToken(dataDir, id, 1))).toThrow(/attempt 1 of run '\S+', which is at attempt 2/);
    const other = launchOne();
    const swapped = `sbj_${Buffer.from(other).toString("base64url")}.2.${token.split(".")[2]}`; // another run's id under this signature
    expect(() => verifyJobToken(app.db.$client, dataDir, swapped)).toThrow(/Invalid job token/);

    const endedAt = Date.now();
    app.db.$client.prepare("UPDATE runs SET status = 'succeeded', ended_at = ? WHERE id = ?").run(endedAt, id);
    expect(verifyJobToken(app.db.$client, dataDir, token, endedAt + JOB_TOKEN_GRACE_MS - 1000).runId).toBe(id);
    expect(() => verifyJobToken(app.db.$client, dataDir, token, endedAt + JOB_TOKEN_GRACE_MS + 1000)).toThrow(/expired/);
  });

  it("are used only under their own run's REST path", () => {
    const principal = { keyId: 0, role: "sdk" as const, runId: "abc" };
    const req = (p: string) => new Request(`http://x${p}`, { method: "POST" });
    expect(() => requireOwnRun(principal, req("/api/v1/runs/abc/metrics"), { id: "abc" })).not.toThrow();
    expect(() => requireOwnRun(principal, req("/api/v1/runs/abc"), { id: "abc" })).not.toThrow();
    expect(() => requireOwnRun(principal, req("/api/v1/runs/abd/metrics"), { id: "abd" })).toThrow(/writes only to its own run \('abc'\)/);
    expect(() => requireOwnRun(principal, req("/api/v1/api-keys/abc"), { id: "abc" })).toThrow(/own run/);
  });
});
