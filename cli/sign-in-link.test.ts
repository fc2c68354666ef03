import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO_ROOT, startTestServer, type TestServer } from "@/server/testing/test-server";

const BIN = path.join(REPO_ROOT, "bin/skillboard");

function cli(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const { SKILLBOARD_API_KEY: _key, ...inherited } = process.env;
    execFile(BIN, args, { env: { ...inherited, ...env }, timeout: 60_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(() => s.close());

describe("bin/skillboard sign-in-link", () => {
  it("prints a fresh single-use link for the running server's admin key, which signs a browser in", async () => {
    const { code, stdout } = await cli(["sign-in-link", "--data-dir", s.dataDir, "--url", s.url], { SKILLBOARD_API_KEY: s.apiKey });
    expect(code).toBe(0);
    expect(stdout).not.toContain(s.apiKey);
    const url = stdout.match(/(http:\/\/\S+)\s*$/)![1];
    const res = await fetch(url, { redirect: "manual" });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/");
    expect(res.headers.get("set-cookie")).toMatch(/^skillboard_session=/);
    expect((await s.api("/api/v1/audit?action=sign_in_link.create&limit=1")).body.entries[0].actor).toEqual({ keyId: null, name: "skillboard sign-in-link" });
  });

  it("says what is missing when the data dir has no database or no key", async () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), "sign-in-link-"));
    const noDb = await cli(["sign-in-link", "--data-dir", empty], {});
    expect(noDb.code).toBe(1);
    expect(noDb.stderr).toContain(`No Skillboard database at ${path.join(empty, "skillboard.db")}`);
    const noKey = await cli(["sign-in-link", "--data-dir", s.dataDir], {});
    expect(noKey.code).toBe(1);
    expect(noKey.stderr).toMatch(/^No admin key: set SKILLBOARD_API_KEY/);
  });
});
