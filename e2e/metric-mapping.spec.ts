import { expect, test, type APIRequestContext, type Page } from "@playwright/test";

/**
 * Metric mapping against the real server (`bin/skillboard up`): a run that
 * logged only verl's and TRL's own metric names over REST fills the OOD table
 * (a reported mean@N, marked as such) out of the box; an alias added on the
 * project settings page makes an unknown data source and reward function feed
 * a benchmark and a skill of that same, already-logged run, and removing the
 * alias takes it back out.
 */

const API_KEY = process.env.SKILLBOARD_E2E_API_KEY!;
const suffix = Math.random().toString(36).slice(2, 8);
const PROJECT = `e2e-mapping-${suffix}`;
const auth = { Authorization: `Bearer ${API_KEY}` };

async function post(request: APIRequestContext, url: string, data: unknown) {
  const res = await request.post(url, { headers: auth, data });
  expect(res.ok(), `${url}: ${res.status()} ${await res.text()}`).toBe(true);
  return res.json();
}

async function logVerlAndTrlRun(request: APIRequestContext): Promise<string> {
  const { id } = (await post(request, "/api/v1/runs", { name: `e2e-verl-${suffix}`, project: PROJECT })) as { id: string };
  await post(request, `/api/v1/runs/${id}/metrics`, {
    batchId: "verl",
    points: [
      { key: "val-core/SWE-bench_Verified/reward/mean@4", step: 10, value: 0.3 },
      { key: "val-core/my_swe_set/reward/mean@4", step: 10, value: 0.4 },
      ...[1, 2, 3, 4, 5].map((step) => ({ key: "rewards/find_files_reward/mean", step, value: step / 10 })),
      { key: "critic/score/mean", step: 10, value: 0.5 },
    ],
  });
  return id;
}

async function openSettings(page: Page) {
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Projects" }).click();
  await page.getByTestId(`project-link-${PROJECT}`).click();
  await expect(page.getByTestId("project-settings-title")).toHaveText(PROJECT);
}

/** Adds an alias with the keyboard only: type, Tab to the select, pick, Enter. */
async function addAlias(page: Page, alias: string, target: string) {
  const input = page.getByTestId("alias-input");
  await input.focus();
  await input.fill(alias);
  await page.keyboard.press("Tab");
  await expect(page.getByTestId("alias-target")).toBeFocused();
  await page.getByTestId("alias-target").selectOption(target);
  await page.getByTestId("alias-input").press("Enter");
}

test("an alias edited on the project settings page changes a run's skills grid and OOD table", async ({ page, request }) => {
  const runId = await logVerlAndTrlRun(request);

  await test.step("out of the box: verl's mean@4 of SWE-bench_Verified shows in the OOD table, marked reported", async () => {
    await page.goto(`/runs/${runId}`);
    const cell = page.getByTestId("ood-cell-10-swe_verified");
    await expect(cell).toContainText("30.0%");
    await expect(cell).toHaveAttribute("data-source", "reported");
    await expect(page.getByTestId("ood-cell-10-swe_verified-reported")).toHaveAttribute("title", /val-core\/SWE-bench_Verified\/reward\/mean@4/);
    await expect(page.getByTestId("ood-cell-10-swe_multilingual")).toHaveText("—");
    await expect(page.getByTestId("skill-chart-localization-pass1")).toContainText("No data yet");
  });

  await test.step("signs in and opens the project's settings from the header", async () => {
    await page.goto(`/login?next=${encodeURIComponent(`/runs/${runId}`)}`);
    await page.getByTestId("api-key-input").fill(API_KEY);
    await page.getByTestId("sign-in-submit").click();
    await expect(page).toHaveURL(new RegExp(`/runs/${runId}$`));
    await openSettings(page);
    await expect(page.getByTestId("aliases-empty")).toBeVisible();
    await expect(page.getByTestId("built-in-rule-verl-val-core")).toContainText("val-core/<data_source>/<acc|reward|score>/mean@<N>");
    await expect(page.getByTestId("preview-mapped")).toContainText("swe_verified · Avg@4 (reported)");
  });

  await test.step("refuses an empty alias and one that is already an id, with the reason", async () => {
    await page.getByTestId("add-alias").click();
    await expect(page.getByTestId("error-alias-name")).toContainText("Write the name your trainer logs");
    await addAlias(page, "SWE-Verified", "swe_verified");
    await expect(page.getByTestId("error-alias-name")).toContainText("already is the benchmark 'swe_verified'");
  });

  await test.step("adds aliases for the data source and the reward function", async () => {
    await addAlias(page, "my_swe_set", "swe_multilingual");
    await expect(page.getByTestId("alias-row-my_swe_set")).toContainText("swe_multilingual");
    await expect(page.getByTestId("alias-input")).toBeFocused();
    await expect(page.getByTestId("alias-input")).toHaveValue("");
    await addAlias(page, "find-files", "localization");
    await expect(page.getByTestId("alias-row-find_files")).toContainText("localization");
    await expect(page.getByTestId("preview-mapped")).toContainText("swe_multilingual · Avg@4 (reported)");
    await expect(page.getByTestId("preview-mapped")).toContainText("localization · Pass@1");

    await page.getByTestId("try-keys").fill("val-core/my_swe_set/acc/mean_at_8");
    await expect(page.getByTestId("tried-key")).toHaveAttribute("data-feeds", "swe_multilingual · Avg@8 (reported)");
  });

  await test.step("the same run now shows them in its OOD table and skills grid", async () => {
    await page.goto(`/runs/${runId}`);
    const cell = page.getByTestId("ood-cell-10-swe_multilingual");
    await expect(cell).toContainText("40.0%");
    await expect(cell).toHaveAttribute("data-source", "reported");
    await expect(page.getByTestId("skill-chart-localization-pass1")).toHaveAttribute("data-has-data", "true");
    await expect(page.getByTestId("skill-localization-pass1-from")).toHaveText("from rewards/find_files_reward/mean");
    await expect(page.getByTestId("skill-chart-localization-pass1").locator("figcaption")).toContainText("50.0%");
  });

  await test.step("removing the alias takes the benchmark back out", async () => {
    await page.getByTestId("ood-mapping-link").click();
    await expect(page.getByTestId("project-settings-title")).toHaveText(PROJECT);
    await page.getByTestId("remove-alias-my_swe_set").click();
    await expect(page.getByTestId("alias-row-my_swe_set")).toHaveCount(0);
    await page.goto(`/runs/${runId}`);
    await expect(page.getByTestId("ood-cell-10-swe_verified")).toContainText("30.0%");
    await expect(page.getByTestId("ood-cell-10-swe_multilingual")).toHaveText("—");
    await expect(page.getByTestId("skill-chart-localization-pass1")).toHaveAttribute("data-has-data", "true");
  });
});
