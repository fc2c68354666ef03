import { expect as baseExpect, test, type APIRequestContext } from "@playwright/test";

/**
 * A comparison at the scale of an ablation set × seeds, in Chromium against
 * the real server: 200 runs (20 configurations × 10 seeds, 5 skills × 20
 * steps and an OOD eval each) logged over REST v1. The table has one row per
 * configuration with mean ± std that opens to its seeds; the charts draw one
 * mean ± band line per configuration, summarise 200 unmerged rows the same
 * way, and draw every run on request; the config diff has a column per
 * configuration; the Tasks view takes one seed per configuration.
 */

// 200 rows and 200-line charts take a while to render on a small shared machine; the checks are about what shows, not how fast.
const expect = baseExpect.configure({ timeout: 20_000 });
const auth = { Authorization: `Bearer ${process.env.SKILLBOARD_E2E_API_KEY!}` };
const suffix = Math.random().toString(36).slice(2, 8);
const GROUP = `e2e-scale-${suffix}`;
const CONFIGS = 20;
const SEEDS = 10;
const STEPS = 20;
const SKILLS = ["localization", "editing", "unit_test", "review", "reproduction"];

// Configuration c, seed s, skill k at step t; the seeds spread symmetrically around the configuration's mean.
const pass1 = (c: number, s: number, k: number, t: number) => 0.1 + 0.02 * c + 0.1 * k + 0.001 * t + 0.01 * (s - 4.5);

async function postJson(request: APIRequestContext, url: string, data: unknown) {
  const res = await request.post(url, { headers: auth, data });
  expect(res.ok(), `${url}: ${res.status()} ${await res.text()}`).toBe(true);
  return res.json();
}

/** Row key (the configuration's first run id) per configuration. */
const firstRun: string[] = [];
const runIds: string[][] = Array.from({ length: CONFIGS }, () => []);

test.describe.serial("compare at scale", () => {
  test.describe.configure({ timeout: 180_000 });

  test.beforeAll(async ({ request }, testInfo) => {
    testInfo.setTimeout(300_000);
    const jobs = Array.from({ length: CONFIGS * SEEDS }, (_, i) => ({ c: i % CONFIGS, s: Math.floor(i / CONFIGS) }));
    // Creation order = seed-major, so each configuration's first run is its seed 0.
    for (const { c, s } of jobs) {
      const run = await postJson(request, "/api/v1/runs", { name: `abl${c}-${suffix}-seed${s}`, group: GROUP, config: { recipe: "grpo", ablation: { skills: `set${c}` }, seed: s } });
      runIds[c].push(run.id);
      if (s === 0) firstRun[c] = run.id;
    }
    let next = 0;
    await Promise.all(
      Array.from({ length: 6 }, async () => {
        while (next < jobs.length) {
          const { c, s } = jobs[next++];
          const id = runIds[c][s];
          const points = SKILLS.flatMap((skill, k) => Array.from({ length: STEPS }, (_, t) => ({ key: `skill/${skill}/pass@1`, step: t, value: pass1(c, s, k, t) })));
          await postJson(request, `/api/v1/runs/${id}/metrics`, { batchId: "m", points });
          await postJson(request, `/api/v1/runs/${id}/evals`, { batchId: "e", evals: [0, 1, 2].map((attempt) => ({ benchmark: "swe_verified", attempt, step: STEPS - 1, score: 0.3 + 0.01 * c })) });
          await postJson(request, `/api/v1/runs/${id}/finish`, { status: "succeeded" });
        }
      }),
    );
  });

  test("one row per configuration with mean ± std over its seeds, opening to each seed", async ({ page }) => {
    await page.goto(`/compare?group=${GROUP}`);
    await expect(page.getByTestId("compare-title")).toHaveText(`Group ${GROUP}`);
    const labels = page.locator("[data-testid^=compare-row-label-]");
    await expect(labels).toHaveCount(CONFIGS);
    await expect(labels.first()).toHaveText(`abl0-${suffix}`);
    // Configuration 3's editing (k = 1) at the last step: 0.1 + 0.06 + 0.1 + 0.019 = 27.9 %, seeds ± 3.0 (std of 0 … 9 × 0.01).
    const cell = page.getByTestId(`compare-cell-${firstRun[3]}-editing`);
    await expect(page.getByTestId(`compare-value-${firstRun[3]}-editing`)).toHaveText("27.9");
    await expect(cell).toContainText("±3.0");
    await expect(page.getByTestId(`compare-expand-${firstRun[3]}`)).toHaveText(/10 seeds/);
    await expect(page.locator("[data-testid^=compare-seed-row-]")).toHaveCount(0);

    await page.getByTestId(`compare-expand-${firstRun[3]}`).click();
    await expect(page.getByTestId(`compare-expand-${firstRun[3]}`)).toHaveAttribute("aria-expanded", "true");
    await expect(page.locator("[data-testid^=compare-seed-row-]")).toHaveCount(SEEDS);
    // Seed 0 sits 0.045 under the mean; seed 9 0.045 over it.
    await expect(page.getByTestId(`compare-seed-value-${runIds[3][0]}-editing`)).toHaveText("23.4");
    await expect(page.getByTestId(`compare-seed-value-${runIds[3][9]}-editing`)).toHaveText("32.4");
    await page.getByTestId(`compare-expand-${firstRun[3]}`).click();
    await expect(page.locator("[data-testid^=compare-seed-row-]")).toHaveCount(0);

    // The config diff: a column per configuration, the seeds (shared by all) not a difference.
    await expect(page.getByTestId("config-diff").locator("thead th")).toHaveCount(CONFIGS + 1);
    await expect(page.getByTestId("config-diff-ablation.skills")).toBeVisible();
    await expect(page.getByTestId("config-diff-seed")).toHaveCount(0);
    // 200 run chips fold behind "and N more".
    await expect(page.getByTestId("compare-runs").locator("li")).toHaveCount(25);
    await expect(page.getByTestId("compare-runs-more")).toHaveText("and 176 more");
  });

  test("charts: a mean ± band line per configuration; 200 unmerged rows summarised the same way; all runs on request", async ({ page }) => {
    await page.goto(`/compare?group=${GROUP}`);
    const chart = page.getByTestId("compare-chart-skill-editing");
    await chart.scrollIntoViewIfNeeded();
    await expect(chart).toHaveAttribute("data-has-data", "true");
    const plot = chart.locator("[data-line-mode]");
    await expect(plot).toHaveAttribute("data-line-mode", "rows");
    await expect(plot).toHaveAttribute("data-lines", String(CONFIGS));
    await expect(plot).toHaveAttribute("data-bands", String(CONFIGS));
    await expect(chart.locator("path.recharts-area-area")).toHaveCount(CONFIGS);
    await expect(page.getByTestId("compare-legend").locator("li")).toHaveCount(CONFIGS);

    // One row per run: 200 rows are too many lines, so the charts fold them per configuration.
    await page.getByTestId("merge-seeds").uncheck();
    await expect(page.locator("[data-testid^=compare-row-label-]")).toHaveCount(CONFIGS * SEEDS);
    await expect(page.getByTestId("compare-lines-summarised")).toBeVisible();
    await chart.scrollIntoViewIfNeeded();
    await expect(plot).toHaveAttribute("data-line-mode", "configurations");
    await expect(plot).toHaveAttribute("data-lines", String(CONFIGS));
    await expect(chart.locator("path.recharts-area-area")).toHaveCount(CONFIGS);

    // Show all runs: every run its own line, no bands.
    await page.getByTestId("compare-show-all-runs").check();
    await expect(page).toHaveURL(/curves=runs/);
    await expect(page.getByTestId("compare-lines-all-runs")).toBeVisible();
    await chart.scrollIntoViewIfNeeded();
    await expect(plot).toHaveAttribute("data-line-mode", "runs");
    await expect(plot).toHaveAttribute("data-lines", String(CONFIGS * SEEDS));
    await expect(plot).toHaveAttribute("data-bands", "0");
    await expect(chart.locator("path.recharts-line-curve")).toHaveCount(CONFIGS * SEEDS);

    // And back.
    await page.getByTestId("compare-show-all-runs").uncheck();
    await expect(plot).toHaveAttribute("data-line-mode", "configurations");
    await expect(page).not.toHaveURL(/curves=runs/);
  });

  test("the OOD chart and the Tasks view work at this size", async ({ page }) => {
    await page.goto(`/compare?group=${GROUP}`);
    const ood = page.getByTestId("compare-chart-bench-swe_verified");
    await ood.scrollIntoViewIfNeeded();
    await expect(ood).toHaveAttribute("data-has-data", "true");
    await expect(page.getByTestId(`compare-value-${firstRun[7]}-swe_verified`)).toHaveText("37.0");

    await page.getByTestId("compare-tab-tasks").click();
    await expect(page).toHaveURL(/view=tasks/);
    await expect(page.getByTestId("compare-tasks-note")).toContainText(`first seed of each of the ${CONFIGS} configurations`);
    await expect(page.getByText(/Could not load/)).toHaveCount(0);
  });
});
