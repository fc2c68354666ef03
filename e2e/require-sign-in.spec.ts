import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";

/**
 * The opt-in "require sign-in" mode, on a second real server of its own
 * (`bin/skillboard server --require-sign-in`; the suite's server runs without it):
 * pages redirect to /login and tRPC answers 401 until the browser signs in; a
 * viewer key signs in read-only: it sees runs and their pages, but no edit
 * controls, and /launch asks for an admin key instead of showing the form.
 */

const ROOT = path.resolve(import.meta.dirname, "..");
const ADMIN_KEY = `e2e-admin-${Math.random().toString(36).slice(2)}`;
const suffix = Math.random().toString(36).slice(2, 8);

let server: ChildProcess;
let url = "";
/** What the server printed at start. */
let out = "";

/** REST v1 against this spec's server with the admin key. */
async function api(pathname: string, body: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(`${url}${pathname}`, {
    method: "POST",
    headers: { authorization: `Bearer ${ADMIN_KEY}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  expect(res.status, text).toBe(201);
  return JSON.parse(text) as Record<string, unknown>;
}

test.beforeAll(async () => {
  test.setTimeout(180_000);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "skillboard-e2e-signin-"));
  server = spawn(
    path.join(ROOT, "bin/skillboard"),
    ["server", "--require-sign-in", "--host", "127.0.0.1", "--port", "0", "--data-dir", dataDir],
    {
      cwd: ROOT,
      // The runner's environment carries SKILLBOARD_NEXT_DIST_DIR: the same build as the suite's server.
      env: { ...process.env, SKILLBOARD_API_KEY: ADMIN_KEY, SKILLBOARD_RECIPES_DIR: path.join(ROOT, "e2e", "recipes"), SKILLBOARD_REQUIRE_SIGN_IN: "" },
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  url = await new Promise<string>((resolve, reject) => {
    server.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      const m = out.match(/listening on (http:\/\/\S+)/);
      if (m) resolve(m[1]);
    });
    server.once("exit", (code) => reject(new Error(`server exited with ${code}: ${out}`)));
  });
  await expect.poll(() => out).toContain("Sign-in required");
  await expect.poll(() => out).toMatch(/^Sign in \(this link works once/m);
});

test.afterAll(async () => {
  if (!server || server.exitCode != null) return;
  const exited = new Promise((resolve) => server.once("exit", resolve));
  process.kill(server.pid!, "SIGTERM");
  await exited;
});

test("without a session: pages redirect to /login, tRPC answers 401, the sign-in page loads", async ({ request, page }) => {
  const home = await request.get(`${url}/`, { maxRedirects: 0 });
  expect(home.status()).toBe(302);
  expect(home.headers().location).toBe("/login?next=%2F");
  const launch = await request.get(`${url}/launch?from=abc`, { maxRedirects: 0 });
  expect(launch.headers().location).toBe("/login?next=%2Flaunch%3Ffrom%3Dabc");
  expect((await request.get(`${url}/loginx`, { maxRedirects: 0 })).status()).toBe(302);

  const me = await request.get(`${url}/api/trpc/auth.me`);
  expect(me.status()).toBe(401);
  expect(((await me.json()) as { error: { code: string; message: string } }).error).toMatchObject({ code: "unauthorized", message: expect.stringContaining("Sign in to the dashboard") });

  await page.goto(`${url}/runs`);
  await expect(page).toHaveURL(`${url}/login?next=%2Fruns`);
  await expect(page.getByTestId("api-key-input")).toBeVisible();
});

test("the start prints a single-use sign-in link without the key: it signs in once, a second use says so", async ({ page, browser }) => {
  expect(out).not.toContain(ADMIN_KEY);
  const link = out.match(/^Sign in \(this link works once.*: (http:\/\/\S+)$/m)![1];
  expect(link).toMatch(/\/api\/session\/login\?token=[A-Za-z0-9_-]{43}$/);

  await page.goto(link);
  await expect(page).toHaveURL(`${url}/`);
  await expect(page.getByTestId("signed-in")).toBeVisible();

  const other = await browser.newPage();
  await other.goto(link);
  await expect(other).toHaveURL(`${url}/login?error=link_used&next=%2F`);
  await expect(other.getByTestId("sign-in-error")).toContainText("This sign-in link was already used");
  await expect(other.getByTestId("api-key-input")).toBeVisible();

  await other.goto(`${url}/api/session/login?key=${encodeURIComponent(ADMIN_KEY)}`);
  await expect(other.getByTestId("sign-in-error")).toContainText("Sign-in links no longer carry a key");
  await other.close();
});

test("a viewer key signs in read-only: sees runs, edits nothing, cannot launch", async ({ page }) => {
  const viewer = await api("/api/v1/api-keys", { name: `e2e-viewer-${suffix}`, role: "viewer" });
  expect(viewer.role).toBe("viewer");
  const runName = `e2e-viewed-${suffix}`;
  const run = await api("/api/v1/runs", { name: runName, tags: ["e2e"] });

  await test.step("signs in at /login and lands on the runs table", async () => {
    await page.goto(`${url}/`);
    await expect(page).toHaveURL(`${url}/login?next=%2F`);
    await page.getByTestId("api-key-input").fill(viewer.key as string);
    await page.getByTestId("sign-in-submit").click();
    await expect(page).toHaveURL(`${url}/`);
    await expect(page.getByTestId("signed-in")).toContainText("read-only");
    await expect(page.getByTestId("sign-out")).toBeVisible();
  });

  await test.step("opens the run's page, without rename or delete controls", async () => {
    const row = page.getByTestId(`run-row-${run.id as string}`);
    await row.getByRole("link", { name: runName }).click();
    await expect(page).toHaveURL(`${url}/runs/${run.id as string}`);
    await expect(page.getByTestId("run-name")).toHaveText(runName);
    await expect(page.getByTestId("signed-in")).toContainText("read-only");
    await expect(page.getByTestId("rename-run")).toHaveCount(0);
    await expect(page.getByTestId("delete-run")).toHaveCount(0);
  });

  await test.step("/launch says an admin key is needed instead of showing the form", async () => {
    await page.goto(`${url}/launch`);
    const notice = page.getByTestId("sign-in-notice");
    await expect(notice).toContainText("Signed in read-only (viewer key)");
    await expect(notice).toContainText("needs an admin API key");
    await expect(page.getByTestId("launch-form")).toHaveCount(0);
  });
});
