import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { init } from "../sdk/ts/src";

/**
 * The runs table and the run page, driven in Chromium against the real
 * server: a run logged with the TypeScript SDK (five skills over 50 steps,
 * other metrics, three attempts on five OOD benchmarks at two steps) must show
 * up with the right numbers; a second run logged over REST must update live.
 */

const API_KEY = process.env.SKILLBOARD_E2E_API_KEY!;
const SKILLS = ["localization", "editing", "unit_test", "review", "reproduction"];
const BENCHMARKS = ["swe_verified", "swe_multilingual", "terminal_bench", "refactoring", "security"];
const STEPS = 50;
const EVAL_STEPS = [25, 50];
const suffix = Math.random().toString(36).slice(2, 8);

const pass1 = (skill: number, step: number) => 0.1 + 0.1 * skill + 0.005 * step;
const avgSteps = (skill: number, step: number) => 20 - 0.1 * step + skill;
const evalScores = (bench: number, evalStep: number) => [0.2, 0.3, 0.4].map((s) => s + 0.1 * bench + 0.05 * evalStep);
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const pct = (v: number) => `${(v * 100).toFixed(1)}%`;

const auth = { Authorization: `Bearer ${API_KEY}` };

async function postJson(request: APIRequestContext, url: string, data: unknown) {
  const res = await request.post(url, { headers: auth, data });
  expect(res.ok(), `${url}: ${res.status()} ${await res.text()}`).toBe(true);
  return res.json();
}

/** Logs the main run through the TypeScript SDK, as a trainer would. */
async function logRunWithSdk(baseURL: string): Promise<{ id: string; name: string }> {
  const name = `e2e-joint-rl-${suffix}`;
  const run = init({
    url: baseURL,
    apiKey: API_KEY,
    env: {},
    name,
    group: `e2e-group-${suffix}`,
    tags: ["e2e", "joint"],
    config: { model: { base: "tiny", lr: 1e-6 }, grpo: { G: 8 } },
    spoolDir: fs.mkdtempSync(path.join(os.tmpdir(), "skillboard-e2e-spool-")),
    finishOnExit: false,
    managed: false,
  });
  for (let step = 1; step <= STEPS; step++) {
    const metrics: Record<string, number> = { "train/kl": 0.001 * step, "train/entropy": 2 - step / STEPS, "perf/tokens_per_s": 1000 + step };
    SKILLS.forEach((s, i) => {
      metrics[`skill/${s}/pass@1`] = pass1(i, step);
      metrics[`skill/${s}/avg_steps`] = avgSteps(i, step);
    });
    run.log(metrics, step);
  }
  EVAL_STEPS.forEach((step, e) =>
    BENCHMARKS.forEach((b, i) => evalScores(i, e).forEach((score, attempt) => run.logEval(b, attempt, score, step))),
  );
  const result = await run.finish("succeeded");
  expect(result.spooled, "the SDK could not upload everything").toBe(false);
  return { id: result.runId, name };
}

/** Picks a value in a searchable filter (group, tag): the options come from the server. */
async function pickFilter(page: Page, field: "group" | "tag", value: string) {
  await page.getByTestId(`filter-${field}`).click();
  await page.getByTestId(`filter-${field}-search`).fill(value);
  await page.locator(`[data-testid=filter-${field}-option][data-value="${value}"]`).click();
  await expect(page.getByTestId(`filter-${field}`)).toHaveAttribute("data-value", value);
}

async function expectChartWithData(page: Page, testId: string) {
  const chart = page.getByTestId(testId);
  await expect(chart).toHaveAttribute("data-has-data", "true");
  // Charts draw their SVG only near the viewport.
  await chart.scrollIntoViewIfNeeded();
  const curve = chart.locator("svg path.recharts-curve").first();
  await expect(curve).toBeAttached();
  // A drawn line: a move-to followed by at least one line segment.
  expect(await curve.getAttribute("d")).toMatch(/^M[^A-Za-z]+[LC]/);
}

test.describe.serial("run pages", () => {
  let logged: { id: string; name: string };

  test.beforeAll(async ({ baseURL }) => {
    logged = await logRunWithSdk(baseURL!);
  });

  test("the runs table lists the run with its latest Pass@1 per skill", async ({ page }) => {
    await page.goto("/");
    const row = page.getByTestId(`run-row-${logged.id}`);
    await expect(row).toBeVisible();
    await expect(row).toContainText(logged.name);
    await expect(row).toContainText("succeeded");
    await expect(row).toContainText(`e2e-group-${suffix}`);
    for (const [i, skill] of SKILLS.entries()) {
      await expect(page.getByTestId(`run-${logged.id}-pass1-${skill}`)).toHaveText(pct(pass1(i, STEPS)));
    }
  });

  test("search, filters and sorting narrow and order the table", async ({ page }) => {
    await page.goto("/");
    await page.getByTestId("runs-search").fill(suffix);
    await expect(page.getByTestId(`run-row-${logged.id}`)).toBeVisible();
    await expect(page).toHaveURL(new RegExp(`q=${suffix}`));

    await page.getByTestId("runs-search").fill(`${suffix}-matches-nothing`);
    await expect(page.getByTestId("runs-no-match")).toBeVisible();
    await page.getByRole("button", { name: "Clear filters" }).click();
    await expect(page.getByTestId(`run-row-${logged.id}`)).toBeVisible();

    await pickFilter(page, "tag", "joint");
    await page.getByTestId("filter-status").selectOption("succeeded");
    await pickFilter(page, "group", `e2e-group-${suffix}`);
    await expect(page.getByTestId(`run-row-${logged.id}`)).toBeVisible();
    await expect(page.locator("[data-testid^=run-row-]")).toHaveCount(1);

    const nameHeader = page.getByRole("columnheader", { name: /name/i });
    await nameHeader.getByRole("button").click();
    await expect(nameHeader).toHaveAttribute("aria-sort", "ascending");
    await nameHeader.getByRole("button").press("Enter");
    await expect(nameHeader).toHaveAttribute("aria-sort", "descending");
  });

  test("rows open with the keyboard", async ({ page }) => {
    await page.goto(`/?q=${suffix}`);
    const row = page.getByTestId(`run-row-${logged.id}`);
    await expect(row).toBeVisible();
    // Retried: the first key press may land before the page has hydrated.
    await expect(async () => {
      await page.keyboard.press("j");
      await expect(row).toBeFocused({ timeout: 500 });
    }).toPass();
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(new RegExp(`/runs/${logged.id}$`), { timeout: 15_000 });
    await expect(page.getByTestId("run-name")).toHaveText(logged.name);
  });

  test("the run page shows every skill's charts and the OOD table", async ({ page }) => {
    await page.goto("/");
    await page.getByTestId(`run-row-${logged.id}`).getByRole("link", { name: logged.name }).click();
    await expect(page).toHaveURL(new RegExp(`/runs/${logged.id}$`), { timeout: 15_000 });
    await expect(page.getByTestId("run-status")).toHaveText("succeeded");
    await expect(page.getByTestId("run-id")).toHaveText(logged.id);

    for (const skill of SKILLS) {
      await expectChartWithData(page, `skill-chart-${skill}-pass1`);
      await expectChartWithData(page, `skill-chart-${skill}-avg-steps`);
    }
    await expect(page.locator("[data-testid^=skill-card-]")).toHaveCount(SKILLS.length);

    const table = page.getByTestId("ood-table");
    await expect(table).toBeVisible();
    for (const [e, step] of EVAL_STEPS.entries()) {
      const averages = BENCHMARKS.map((_, i) => mean(evalScores(i, e)));
      for (const [i, b] of BENCHMARKS.entries()) {
        const cell = page.getByTestId(`ood-cell-${step}-${b}`);
        await expect(cell).toContainText(pct(averages[i]));
        await expect(cell).toContainText("n=3");
      }
      await expect(page.getByTestId(`ood-average-${step}`)).toHaveText(pct(mean(averages)));
    }
    await expect(page.getByTestId(`ood-row-${EVAL_STEPS[1]}`)).toHaveAttribute("data-latest", "true");
    await expect(page.getByTestId(`ood-row-${EVAL_STEPS[0]}`)).not.toHaveAttribute("data-latest", "true");

    await expectChartWithData(page, "metric-chart-train/kl");
    await expectChartWithData(page, "metric-chart-perf/tokens_per_s");
    await page.getByTestId("metric-search").fill("^perf/");
    await expect(page.getByTestId("metric-chart-train/kl")).toHaveCount(0);
    await expect(page.getByTestId("metric-chart-perf/tokens_per_s")).toBeVisible();
  });

  test("chart controls re-plot every chart", async ({ page }) => {
    await page.goto(`/runs/${logged.id}`);
    await expectChartWithData(page, "skill-chart-editing-pass1");
    await page.getByTestId("log-scale-toggle").check();
    await page.getByRole("radio", { name: "Wall time" }).click();
    await page.getByTestId("smoothing-slider").fill("0.9");
    await expectChartWithData(page, "skill-chart-editing-pass1");
    await expectChartWithData(page, "skill-chart-review-avg-steps");
    await page.getByRole("radio", { name: "Step" }).click();
    await page.getByTestId("log-scale-toggle").uncheck();
  });
});

test("a running run updates live, without a reload, and stops when it ends", async ({ page, request }) => {
  const { id } = await postJson(request, "/api/v1/runs", { name: `e2e-live-${suffix}`, tags: ["e2e"] });
  const points = (from: number, to: number, value: number) =>
    Array.from({ length: to - from + 1 }, (_, i) => ({ key: "skill/editing/pass@1", step: from + i, value }));
  await postJson(request, `/api/v1/runs/${id}/metrics`, { batchId: `${id}-1`, points: points(1, 5, 0.25) });

  await page.goto(`/runs/${id}`);
  await expect(page.getByTestId("run-status")).toHaveText("running");
  await expectChartWithData(page, "skill-chart-editing-pass1");
  await expect(page.getByTestId("skill-chart-localization-pass1")).toContainText("No data yet");
  await expect(page.getByTestId("ood-empty")).toBeVisible();
  await page.evaluate(() => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true));

  await postJson(request, `/api/v1/runs/${id}/metrics`, {
    batchId: `${id}-2`,
    points: [...points(6, 10, 0.75), { key: "skill/localization/pass@1", step: 9, value: 0.5 }, { key: "skill/localization/pass@1", step: 10, value: 0.5 }],
  });
  await postJson(request, `/api/v1/runs/${id}/evals`, {
    batchId: `${id}-3`,
    evals: [0, 1, 2].map((attempt) => ({ benchmark: "swe_verified", attempt, score: 0.4, step: 10 })),
  });
  await expect(page.getByTestId("skill-chart-editing-pass1").locator("figcaption")).toContainText("75.0%", { timeout: 10_000 });
  await expectChartWithData(page, "skill-chart-localization-pass1");
  await expect(page.getByTestId("ood-cell-10-swe_verified")).toContainText("40.0%");

  await postJson(request, `/api/v1/runs/${id}/finish`, { status: "succeeded" });
  await expect(page.getByTestId("run-status")).toHaveText("succeeded", { timeout: 10_000 });
  expect(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
});

test("a project without runs explains how to log one", async ({ page }) => {
  const project = `e2e-empty-${suffix}`;
  await page.goto(`/?project=${project}`);
  const empty = page.getByTestId("runs-empty-state");
  await expect(empty).toBeVisible();
  await expect(empty).toContainText(project);
  await expect(page.getByTestId("snippet-python")).toContainText("import skillboard");
  await expect(page.getByTestId("snippet-typescript")).toContainText("init(");
  await expect(page.getByTestId("snippet-env")).toContainText("SKILLBOARD_URL");
  await expect(page.getByTestId("snippet-env")).toContainText("SKILLBOARD_API_KEY");
  await expect(page.getByTestId("runs-table")).toHaveCount(0);
});

test("a search without results says so and can be cleared", async ({ page, request }) => {
  await postJson(request, "/api/v1/runs", { name: `e2e-search-${suffix}` });
  await page.goto("/?q=no-run-is-called-this");
  await expect(page.getByTestId("runs-no-match")).toBeVisible();
  await page.getByRole("button", { name: "Clear filters" }).click();
  await expect(page.getByTestId("runs-table")).toBeVisible();
});

test("an unknown run id is a 404", async ({ page }) => {
  const response = await page.goto("/runs/no-such-run-id");
  expect(response?.status()).toBe(404);
  await expect(page.getByTestId("run-not-found")).toBeVisible();
});
