import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";

/**
 * Safe defaults of `bin/skillboard server`, on servers of this spec's own: without --host it
 * binds 127.0.0.1 and warns of nothing; bound beyond loopback with reads open it prints a
 * warning at start and every page shows it as a banner.
 */

const ROOT = path.resolve(import.meta.dirname, "..");

interface Started {
  process: ChildProcess;
  url: string;
  output: () => string;
}

const started: ChildProcess[] = [];

async function startServer(args: string[]): Promise<Started> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "skillboard-e2e-host-"));
  const env: NodeJS.ProcessEnv = { ...process.env, SKILLBOARD_RECIPES_DIR: path.join(ROOT, "e2e", "recipes"), SKILLBOARD_REQUIRE_SIGN_IN: "" };
  delete env.HOST;
  const child = spawn(path.join(ROOT, "bin/skillboard"), ["server", "--port", "0", "--data-dir", dataDir, ...args], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
  started.push(child);
  let out = "";
  child.stderr!.on("data", (d: Buffer) => (out += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      const m = out.match(/listening on (http:\/\/\S+)/);
      if (m) resolve(m[1]);
    });
    child.once("exit", (code) => reject(new Error(`server exited with ${code}: ${out}`)));
  });
  return { process: child, url, output: () => out };
}

test.afterAll(async () => {
  for (const child of started) {
    if (child.exitCode != null) continue;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    await exited;
  }
});

test("without --host the server binds 127.0.0.1 and shows no warning", async ({ page }) => {
  test.setTimeout(120_000);
  const server = await startServer([]);
  expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  await page.goto(`${server.url}/`);
  await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
  await expect(page.getByTestId("open-reads-banner")).toHaveCount(0);
  expect(server.output()).not.toContain("with reads open");
});

test("bound beyond loopback with reads open: a warning at start and a banner on every page", async ({ page }) => {
  test.setTimeout(120_000);
  const server = await startServer(["--host", "0.0.0.0"]);
  await expect.poll(server.output).toContain("Warning: Listening on 0.0.0.0, beyond this machine, with reads open");
  const port = new URL(server.url).port;
  await page.goto(`http://127.0.0.1:${port}/`);
  const banner = page.getByTestId("open-reads-banner");
  await expect(banner).toContainText("anyone who can reach this server can browse every run");
  await expect(banner).toContainText("--require-sign-in");
  await page.goto(`http://127.0.0.1:${port}/compare`);
  await expect(banner).toBeVisible();
});
