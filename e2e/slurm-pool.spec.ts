import { expect, test } from "@playwright/test";

/**
 * Launching on a Slurm pool from the browser, against the real one-node test
 * cluster (scripts/slurm-cluster.sh): scripts/test.sh gives the e2e server the
 * pools of e2e/slurm-pools.yaml. Pick the pool under the launch form's pool
 * field, launch, and watch the run page show the Slurm job (id, nodes, job
 * script) while the run goes from queued to succeeded with its output.
 */

const API_KEY = process.env.SKILLBOARD_E2E_API_KEY!;
const POOL = "e2e-slurm";

test("a run launched on the Slurm pool runs there and ends succeeded", async ({ page, request }) => {
  test.setTimeout(180_000);
  const pools = await request.get("/api/v1/pools", { headers: { Authorization: `Bearer ${API_KEY}` } });
  const slurm = ((await pools.json()) as { pools: { name: string; type: string }[] }).pools.find((p) => p.name === POOL);
  test.skip(!slurm, `the e2e server has no '${POOL}' pool (scripts/test.sh provides it with the Slurm test cluster)`);

  await page.goto("/login?next=/launch");
  await page.getByTestId("api-key-input").fill(API_KEY);
  await page.getByTestId("sign-in-submit").click();
  await expect(page).toHaveURL(/\/launch$/);
  await page.getByTestId("recipe-e2e-trainer").click();
  await page.locator("#param-steps").fill("12");
  await page.locator("#option-name").fill(`e2e-slurm-${Math.random().toString(36).slice(2, 8)}`);
  await page.getByTestId("pool-choices").locator(`[data-pool="${POOL}"]`).click();
  await expect(page.locator("#option-pool")).toHaveValue(POOL);
  await page.getByTestId("launch").click();

  await expect(page).toHaveURL(/\/runs\/[^/]+$/, { timeout: 30_000 });
  const panel = page.getByTestId("run-job-panel");
  await expect(panel.getByTestId("run-job-pool")).toContainText(POOL);
  await expect(panel.getByTestId("run-job-pool")).toContainText("slurm");
  await expect(panel.getByTestId("run-job-scheduler-id")).toContainText(/^\d+/, { timeout: 30_000 });
  await expect(panel.getByTestId("run-job-nodes")).toHaveText("sbnode1", { timeout: 60_000 });
  await panel.getByText("Job script").click();
  await expect(panel.getByTestId("run-job-script")).toContainText("#SBATCH --partition=debug");
  await expect(panel.getByTestId("run-job-script")).toContainText("<hidden: the job token of this run>");

  const viewer = page.getByTestId("log-viewer");
  await viewer.scrollIntoViewIfNeeded();
  await expect(viewer.locator('[data-stream="stdout"]').filter({ hasText: "e2e trainer: done" })).toBeVisible({ timeout: 90_000 });
  await expect(page.getByTestId("run-status")).toHaveAttribute("data-status", "succeeded", { timeout: 30_000 });
  await expect(panel.getByTestId("run-job-scheduler-id")).toContainText("COMPLETED");
});
