import { defineConfig } from "@playwright/test";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

// The config is loaded by the runner and again by each worker; the env vars set
// here by the runner are inherited by the workers, so all agree on one server.
process.env.SKILLBOARD_E2E_PORT ??= String(20_000 + Math.floor(Math.random() * 20_000));
process.env.SKILLBOARD_E2E_DATA_DIR ??= fs.mkdtempSync(path.join(os.tmpdir(), "skillboard-e2e-"));
process.env.SKILLBOARD_E2E_API_KEY ??= `e2e-${Math.random().toString(36).slice(2)}`;

const port = Number(process.env.SKILLBOARD_E2E_PORT);
const baseURL = `http://127.0.0.1:${port}`;
const root = path.resolve(import.meta.dirname, "..");

export default defineConfig({
  testDir: ".",
  testMatch: "*.spec.ts",
  outputDir: path.join(root, "test-results", "playwright"),
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  reporter: process.env.CI ? [["list"], ["json", { outputFile: path.join(root, "test-results", "e2e.json") }]] : "list",
  use: {
    baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      // Debian's Chromium; Playwright never downloads a browser here.
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  webServer: {
    // The server and an in-process local worker, so specs can launch runs (from e2e/recipes) and watch them run.
    command: `bin/skillboard up --host 127.0.0.1 --port ${port} --data-dir ${process.env.SKILLBOARD_E2E_DATA_DIR} --gpus none --max-jobs 4`,
    cwd: root,
    url: `${baseURL}/`,
    reuseExistingServer: false,
    timeout: 600_000,
    stdout: "pipe",
    stderr: "pipe",
    // Runs with the runner's environment too (SKILLBOARD_NEXT_DIST_DIR picks the build folder).
    env: { SKILLBOARD_API_KEY: process.env.SKILLBOARD_E2E_API_KEY!, SKILLBOARD_RECIPES_DIR: path.join(root, "e2e", "recipes") },
  },
});
