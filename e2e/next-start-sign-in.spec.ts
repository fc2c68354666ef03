import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { openDatabase } from "../db";
import { ensureBootstrapKey } from "../server/auth/api-keys";
import { databaseFile } from "../server/config";

/**
 * The "require sign-in" gate under plain `next start` (no custom server): proxy.ts
 * holds it. This spec starts `next start` on the suite's build (SKILLBOARD_NEXT_DIST_DIR
 * picks it) with SKILLBOARD_REQUIRE_SIGN_IN=1 on a port of its own: pages redirect to
 * /login and tRPC reads answer 401 until the browser signs in; REST v1 takes its key.
 */

const ROOT = path.resolve(import.meta.dirname, "..");
const ADMIN_KEY = `e2e-next-start-${Math.random().toString(36).slice(2)}`;
const PORT = 40_000 + Math.floor(Math.random() * 20_000);
const url = `http://127.0.0.1:${PORT}`;

let server: ChildProcess;
let output = "";

test.beforeAll(async () => {
  test.setTimeout(120_000);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "skillboard-e2e-next-start-"));
  // Plain `next start` registers no key of its own: the admin key is made as `bin/skillboard` makes it at its first start.
  const db = openDatabase(databaseFile(dataDir), { migrationsDir: path.join(ROOT, "db", "migrations") });
  ensureBootstrapKey(db, dataDir, ADMIN_KEY);
  db.$client.close();
  server = spawn(path.join(ROOT, "node_modules", ".bin", "next"), ["start", "-p", String(PORT), "-H", "127.0.0.1"], {
    cwd: ROOT,
    env: {
      ...process.env,
      SKILLBOARD_REQUIRE_SIGN_IN: "1",
      SKILLBOARD_DATA_DIR: dataDir,
      SKILLBOARD_API_KEY: ADMIN_KEY,
      SKILLBOARD_RECIPES_DIR: path.join(ROOT, "e2e", "recipes"),
      // Not the custom server: the proxy is the only gate here.
      SKILLBOARD_CUSTOM_SERVER: "",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  server.stdout!.on("data", (d: Buffer) => (output += d.toString()));
  server.stderr!.on("data", (d: Buffer) => (output += d.toString()));
  await expect
    .poll(
      async () => {
        if (server.exitCode != null) throw new Error(`next start exited with ${server.exitCode}: ${output}`);
        return fetch(`${url}/login`).then((r) => r.status, () => 0);
      },
      { timeout: 90_000, intervals: [500] },
    )
    .toBe(200);
});

test.afterAll(async () => {
  if (!server || server.exitCode != null) return;
  const exited = new Promise((resolve) => server.once("exit", resolve));
  server.kill("SIGTERM");
  await exited;
});

test("next start: without a session pages redirect and tRPC reads are refused; REST takes its key; a signed-in browser gets through", async ({ request, page }) => {
  await test.step("a page redirects to /login", async () => {
    const home = await request.get(`${url}/runs?x=1`, { maxRedirects: 0 });
    expect(home.status()).toBe(302);
    const location = new URL(home.headers().location, url);
    expect(`${location.origin}${location.pathname}${location.search}`).toBe(`${url}/login?next=%2Fruns%3Fx%3D1`);
  });

  await test.step("tRPC reads answer 401, a client-side navigation too", async () => {
    for (const call of ["runs.list", "pools.status", "auth.me"]) {
      const res = await request.get(`${url}/api/trpc/${call}`);
      expect(res.status(), call).toBe(401);
      expect(((await res.json()) as { error: { message: string } }).error.message).toContain("Sign in to the dashboard");
    }
    // Not a redirect, which the router would cache as the page: it loads the page itself then (and is redirected).
    expect((await request.get(`${url}/compare?_rsc=1x2y`, { headers: { RSC: "1" }, maxRedirects: 0 })).status()).toBe(401);
  });

  await test.step("REST v1 authenticates by key as before", async () => {
    expect((await request.get(`${url}/api/v1/runs`, { headers: { authorization: `Bearer ${ADMIN_KEY}` } })).status()).toBe(200);
    expect((await request.get(`${url}/api/v1/runs`)).status()).toBe(401);
  });

  await test.step("after signing in, the same page and tRPC read are served", async () => {
    await page.goto(`${url}/`);
    await expect(page).toHaveURL(`${url}/login?next=%2F`);
    await page.getByTestId("api-key-input").fill(ADMIN_KEY);
    await page.getByTestId("sign-in-submit").click();
    await expect(page).toHaveURL(`${url}/`);
    await expect(page.getByTestId("signed-in")).toBeVisible();
    const me = await page.request.get(`${url}/api/trpc/auth.me`);
    expect(me.status()).toBe(200);
  });
});
