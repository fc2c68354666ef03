import { expect, test, type APIRequestContext, type Page } from "@playwright/test";

/**
 * The runs table over more runs than one page, driven in Chromium against the
 * real server: scrolling reaches the oldest runs, the group filter offers a
 * group only old runs have, the counts say how many runs exist and match, a
 * long group name never runs into the tags column, a run created meanwhile
 * appears live, and the header's project switcher scopes runs, compare and launch.
 */

const API_KEY = process.env.SKILLBOARD_E2E_API_KEY!;
const suffix = Math.random().toString(36).slice(2, 8);
const PROJECT = `e2e-history-${suffix}`;
const OTHER = `e2e-other-${suffix}`;
const OLD_GROUP = `e2e-old-sweep-${suffix}`;
const LONG_GROUP = `e2e-${"a-very-long-ablation-group-name-".repeat(4)}${suffix}`;
const RUNS = 240;
const OLD_RUNS = 3;
const auth = { Authorization: `Bearer ${API_KEY}` };

async function postJson(request: APIRequestContext, url: string, data: unknown) {
  const res = await request.post(url, { headers: auth, data });
  expect(res.ok(), `${url}: ${res.status()} ${await res.text()}`).toBe(true);
  return res.json();
}

const ids: string[] = [];

test.describe.serial("runs table over the whole history", () => {
  test.beforeAll(async ({ request }) => {
    test.setTimeout(180_000);
    for (let i = 0; i < RUNS; i++) {
      const group = i < OLD_RUNS ? OLD_GROUP : i === RUNS - 1 ? LONG_GROUP : `e2e-sweep-${Math.floor(i / 20)}-${suffix}`;
      const run = await postJson(request, "/api/v1/runs", { project: PROJECT, name: `hist-${String(i).padStart(3, "0")}-${suffix}`, group, tags: ["e2e-hist", `seed-${i % 3}`] });
      ids.push(run.id);
    }
    await postJson(request, "/api/v1/runs", { project: OTHER, name: `elsewhere-${suffix}`, group: `e2e-other-group-${suffix}` });
  });

  test("says how many runs exist and how many match", async ({ page }) => {
    await page.goto(`/?project=${PROJECT}`);
    await expect(page.getByTestId("runs-count")).toHaveText(`${RUNS} runs in ${PROJECT}`);
    await page.getByTestId("runs-search").fill(`hist-00`);
    await expect(page.getByTestId("runs-count")).toHaveText(`${RUNS} runs in ${PROJECT} · 10 match`);
    await expect(page.locator("[data-testid^=run-row-]")).toHaveCount(10);
  });

  test("scrolling reads older pages until the oldest run", async ({ page }) => {
    await page.goto(`/?project=${PROJECT}`);
    await expect(page.getByTestId(`run-row-${ids[RUNS - 1]}`)).toBeVisible();
    const oldest = page.getByTestId(`run-row-${ids[0]}`);
    await expect(oldest).toHaveCount(0);
    // Only the rows near the viewport are in the DOM, however many are loaded.
    expect(await page.locator("[data-testid^=run-row-]").count()).toBeLessThan(60);
    await expect(async () => {
      await page.mouse.wheel(0, 4000);
      await expect(oldest).toBeVisible({ timeout: 500 });
    }).toPass({ timeout: 30_000 });
    await expect(oldest).toContainText(`hist-000-${suffix}`);
  });

  test("the group filter offers a group only old runs have, with its count", async ({ page }) => {
    await page.goto(`/?project=${PROJECT}`);
    await expect(page.getByTestId(`run-row-${ids[RUNS - 1]}`)).toBeVisible();
    await expect(page.getByTestId(`run-row-${ids[0]}`)).toHaveCount(0);
    await expect(async () => {
      await page.getByTestId("filter-group").click();
      await expect(page.getByTestId("filter-group-search")).toBeVisible({ timeout: 500 });
    }).toPass();
    await page.getByTestId("filter-group-search").fill("old-sweep");
    const option = page.locator(`[data-testid=filter-group-option][data-value="${OLD_GROUP}"]`);
    await expect(option).toContainText(String(OLD_RUNS));
    await expect(page.locator("[data-testid=filter-group-option]")).toHaveCount(1);
    await option.click();
    await expect(page).toHaveURL(new RegExp(`group=${OLD_GROUP}`));
    await expect(page.locator("[data-testid^=run-row-]")).toHaveCount(OLD_RUNS);
    await expect(page.getByTestId(`run-row-${ids[0]}`)).toBeVisible();
    await expect(page.getByTestId("runs-count")).toHaveText(`${RUNS} runs in ${PROJECT} · ${OLD_RUNS} match`);
    // Another project's groups are not offered.
    await page.getByTestId("filter-group").click();
    await page.getByTestId("filter-group-search").fill("other-group");
    await expect(page.locator("[data-testid=filter-group-option]")).toHaveCount(0);
  });

  test("a long group name is cut short before the tags column", async ({ page }) => {
    await page.goto(`/?project=${PROJECT}`);
    const row = page.getByTestId(`run-row-${ids[RUNS - 1]}`);
    await expect(row).toBeVisible();
    const group = row.getByTestId("run-cell-group").getByRole("button");
    await expect(group).toHaveText(LONG_GROUP);
    await expect(group).toHaveAttribute("title", new RegExp(LONG_GROUP));
    const text = (await group.boundingBox())!;
    const groupCell = (await row.getByTestId("run-cell-group").boundingBox())!;
    const tags = (await row.getByTestId("run-cell-tags").boundingBox())!;
    expect(text.x + text.width).toBeLessThanOrEqual(tags.x + 0.5);
    expect(text.x + text.width).toBeLessThanOrEqual(groupCell.x + groupCell.width + 0.5);
    // The text is cut with an ellipsis, not wrapped onto more lines.
    expect(await group.evaluate((el) => el.scrollWidth > el.clientWidth && getComputedStyle(el).textOverflow === "ellipsis")).toBe(true);
    const nameCell = (await row.getByTestId("run-cell-name").boundingBox())!;
    const status = (await row.locator("td").nth(2).boundingBox())!;
    expect(nameCell.x + nameCell.width).toBeLessThanOrEqual(status.x + 0.5);
  });

  test("a run created meanwhile appears live, and the count moves", async ({ page, request }) => {
    await page.goto(`/?project=${PROJECT}`);
    await expect(page.getByTestId("runs-count")).toHaveText(`${RUNS} runs in ${PROJECT}`);
    const fresh = await postJson(request, "/api/v1/runs", { project: PROJECT, name: `hist-live-${suffix}` });
    await expect(page.getByTestId(`run-row-${fresh.id}`)).toBeVisible({ timeout: 10_000 });
    await expect(page.getByTestId("runs-count")).toHaveText(`${RUNS + 1} runs in ${PROJECT}`);
    await expect(page.locator("tbody tr[data-run-id]").first()).toHaveAttribute("data-run-id", fresh.id);
  });

  test("the header's project switcher scopes runs, compare and launch", async ({ page }) => {
    await page.goto("/");
    await chooseProject(page, OTHER);
    await expect(page.getByTestId("project-switcher")).toHaveAttribute("data-value", OTHER);
    await expect(page.getByTestId("runs-count")).toHaveText(`1 run in ${OTHER}`);
    await expect(page.locator("[data-testid^=run-row-]")).toHaveCount(1);

    await page.goto("/compare");
    await expect(page.getByText(`e2e-other-group-${suffix}`)).toBeVisible();
    await expect(page.getByText(OLD_GROUP)).toHaveCount(0);

    await page.goto("/launch");
    const project = page.locator("#option-project");
    if (await project.count()) await expect(project).toHaveValue(OTHER);

    // A link naming a project still wins; "All projects" forgets the choice.
    await page.goto(`/?project=${PROJECT}`);
    await expect(page.getByTestId("project-switcher")).toHaveAttribute("data-value", PROJECT);
    await chooseProject(page, "");
    await expect(page.getByTestId("project-switcher")).toHaveAttribute("data-value", "");
    await expect(page.getByTestId("runs-count")).not.toContainText(" in ");
  });
});

async function chooseProject(page: Page, name: string) {
  await expect(async () => {
    await page.getByTestId("project-switcher").click();
    await expect(page.getByTestId("project-switcher-search")).toBeVisible({ timeout: 500 });
  }).toPass();
  if (name) await page.getByTestId("project-switcher-search").fill(name);
  await page.locator(`[data-testid=project-option][data-value="${name}"]`).click();
}
