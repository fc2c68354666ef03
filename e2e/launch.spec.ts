import { expect, test, type APIRequestContext, type Page } from "@playwright/test";

/**
 * Launching from the browser against the real server and its local worker
 * (`bin/skillboard up`), with the test recipe in e2e/recipes: sign in at
 * /login, launch with a changed param, watch the run start and its stdout and
 * stderr stream in, cancel it, relaunch it with changes, launch an ablation
 * set, refuse an invalid param, and see the worker on /hosts.
 */

const API_KEY = process.env.SKILLBOARD_E2E_API_KEY!;
const RECIPE = "e2e-trainer";
const suffix = Math.random().toString(36).slice(2, 8);

async function countRuns(request: APIRequestContext): Promise<number> {
  const res = await request.get("/api/v1/runs?limit=10000", { headers: { Authorization: `Bearer ${API_KEY}` } });
  expect(res.ok()).toBe(true);
  return ((await res.json()) as { runs: unknown[] }).runs.length;
}

async function openRecipe(page: Page) {
  await page.goto("/launch");
  await page.getByTestId(`recipe-${RECIPE}`).click();
  await expect(page.getByTestId("recipe-name")).toHaveText(RECIPE);
}

test.describe.serial("launching runs", () => {
  let page: Page;
  let runId: string;

  test.beforeAll(async ({ browser }) => {
    page = await browser.newPage();
  });
  test.afterAll(async () => {
    await page.close();
  });

  test("signing in through /login, after a wrong key is refused", async () => {
    await page.goto("/launch");
    const notice = page.getByTestId("sign-in-notice");
    await expect(notice).toBeVisible();
    await expect(page.getByTestId("launch")).toBeDisabled();
    await notice.getByRole("link", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/login\?next=%2Flaunch$/);

    await page.getByTestId("api-key-input").fill("not-a-key");
    await page.getByTestId("sign-in-submit").click();
    await expect(page.getByTestId("sign-in-error")).toContainText("not valid");

    await page.getByTestId("api-key-input").fill(API_KEY);
    await page.getByTestId("sign-in-submit").click();
    await expect(page).toHaveURL(/\/launch$/);
    await expect(page.getByTestId("signed-in")).toBeVisible();
    await expect(page.getByTestId("sign-in-notice")).toHaveCount(0);
  });

  test("an invalid param shows an inline error and launches nothing", async ({ request }) => {
    const before = await countRuns(request);
    await openRecipe(page);
    await page.locator("#param-lr").fill("5");
    await expect(page.getByTestId("error-param-lr")).toHaveText("5 is above the maximum 1");
    await page.locator("#param-note").fill("Not Allowed");
    await expect(page.getByTestId("error-param-note")).toContainText("does not match");
    await page.getByTestId("launch").click();
    await expect(page.getByTestId("launch-error")).toBeVisible();
    await expect(page).toHaveURL(/\/launch$/);
    expect(await countRuns(request)).toBe(before);

    await page.locator("#param-lr").fill("0.5");
    await expect(page.getByTestId("error-param-lr")).toHaveCount(0);
  });

  test("a launched run starts, streams stdout and stderr, and is canceled from the browser", async () => {
    // Waits for the worker to start the run and, after Cancel, for its next heartbeat (≤ 10 s).
    test.setTimeout(180_000);
    await openRecipe(page);
    await page.locator("#param-steps").fill("600");
    await page.locator("#param-lr").fill("0.25");
    await page.locator("#option-name").fill(`e2e-launch-${suffix}`);
    await expect(page.getByTestId("plan-single")).toHaveText(`e2e-launch-${suffix}`);
    await page.getByTestId("launch").click();

    await expect(page).toHaveURL(/\/runs\/[^/]+$/, { timeout: 30_000 });
    runId = page.url().split("/runs/")[1];
    await expect(page.getByTestId("run-name")).toHaveText(`e2e-launch-${suffix}`);
    await expect(page.getByTestId("run-config")).toContainText("0.25");
    await expect(page.getByTestId("run-status")).toHaveAttribute("data-status", "running", { timeout: 30_000 });
    await expect(page.getByTestId("run-timeline")).toContainText("Started");

    const viewer = page.getByTestId("log-viewer");
    await viewer.scrollIntoViewIfNeeded();
    await expect(viewer.locator('[data-stream="stdout"]').filter({ hasText: "stdout line 1 of 600 lr=0.25" })).toBeVisible({ timeout: 20_000 });
    await expect(viewer.locator('[data-stream="stderr"]').filter({ hasText: /stderr warning at step 1$/ })).toBeVisible();
    // Live: more lines arrive without a reload.
    await expect(viewer.locator('[data-stream="stdout"]').filter({ hasText: "stdout line 12 of 600" })).toBeVisible({ timeout: 20_000 });
    await expect(page.getByTestId("log-following")).toBeVisible();

    await page.getByTestId("cancel-run").click();
    await page.getByTestId("confirm-cancel").click();
    await expect(page.getByTestId("cancel-state")).toBeVisible();
    await expect(page.getByTestId("run-status")).toHaveAttribute("data-status", "canceled", { timeout: 45_000 });
    await expect(page.getByTestId("run-timeline").locator('[data-kind="canceled"]')).toBeVisible();
    await expect(page.getByTestId("cancel-run")).toHaveCount(0);
  });

  test("Relaunch with changes opens /launch filled in from the run", async () => {
    await page.goto(`/runs/${runId}`);
    await page.getByTestId("relaunch").click();
    await expect(page).toHaveURL(new RegExp(`/launch\\?from=${runId}$`));
    await expect(page.getByTestId("relaunch-banner")).toBeVisible();
    await expect(page.getByTestId("recipe-name")).toHaveText(RECIPE);
    await expect(page.locator("#param-lr")).toHaveValue("0.25");
    await expect(page.locator("#param-steps")).toHaveValue("600");
    await expect(page.locator("#option-name")).toHaveValue(`e2e-launch-${suffix}`);
  });

  test("an ablation set launches the joint run and one run per skill into one group", async () => {
    test.setTimeout(150_000);
    const group = `e2e-ablation-${suffix}`;
    await openRecipe(page);
    await page.locator("#param-steps").fill("2");
    await page.locator("#option-group").fill(group);
    await expect(page.getByTestId("plan-ablation").locator("li")).toHaveText(["joint", "only-editing", "only-review"]);
    await page.getByTestId("launch-ablation").click();

    await expect(page).toHaveURL(new RegExp(`/\\?group=${group}$`), { timeout: 30_000 });
    const rows = page.locator("[data-testid^=run-row-]");
    await expect(rows).toHaveCount(3);
    for (const name of ["joint", "only-editing", "only-review"]) await expect(rows.filter({ hasText: name })).toHaveCount(1);
    // Short runs: all three finish on the local worker.
    await expect(rows.filter({ hasText: "succeeded" })).toHaveCount(3, { timeout: 60_000 });
  });

  test("/hosts shows the local worker", async () => {
    await page.goto("/hosts");
    const card = page.getByTestId("worker-card").first();
    await expect(card).toBeVisible();
    await expect(card.getByTestId("worker-state")).toHaveAttribute("data-state", "active");
    await expect(card).toContainText("pool local");
    await expect(card).toContainText("last heartbeat");
  });
});
