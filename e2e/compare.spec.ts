import { expect, test, type APIRequestContext } from "@playwright/test";
import fs from "node:fs";

/**
 * The ablation comparison, driven in Chromium against the real server: three
 * runs with known values logged over REST (an SFT baseline, a joint run and an
 * editing-only run) must show the right cells, deltas and gains; the value
 * chooser must switch to best / at step N; the CSV export must hold the table
 * as shown; and the runs table must lead there through its checkboxes.
 */

const API_KEY = process.env.SKILLBOARD_E2E_API_KEY!;
const auth = { Authorization: `Bearer ${API_KEY}` };
const suffix = Math.random().toString(36).slice(2, 8);
const GROUP = `e2e-compare-${suffix}`;
const MINUS = "\u2212";

async function postJson(request: APIRequestContext, url: string, data: unknown) {
  const res = await request.post(url, { headers: auth, data });
  expect(res.ok(), `${url}: ${res.status()} ${await res.text()}`).toBe(true);
  return res.json();
}

interface Spec {
  name: string;
  config: Record<string, unknown>;
  /** skill → [step, pass@1][] */
  pass1: Record<string, [number, number][]>;
  /** swe_verified attempts at one step */
  evals: { step: number; scores: number[] };
}

// Final values: sft editing 40 / review 30 / swe_verified 20; joint 60 / 50 / 40; only-editing 80 / 20 / 20 (in %).
const RUNS: Record<"sft" | "joint" | "editing", Spec> = {
  sft: { name: `sft-${suffix}`, config: { model: "base-sft" }, pass1: { editing: [[0, 0.4]], review: [[0, 0.3]] }, evals: { step: 0, scores: [0.1, 0.2, 0.3] } },
  joint: {
    name: `joint-${suffix}`,
    config: { model: "base-sft", skills: { editing: 1, review: 1 }, seed: 1 },
    pass1: {
      editing: [[1, 0.3], [5, 0.5], [8, 0.65], [10, 0.6]],
      review: [[1, 0.3], [10, 0.5]],
    },
    evals: { step: 10, scores: [0.3, 0.4, 0.5] },
  },
  editing: {
    name: `only-editing-${suffix}`,
    config: { model: "base-sft", skills: { editing: 1 }, seed: 1 },
    pass1: { editing: [[1, 0.5], [10, 0.8]], review: [[1, 0.3], [10, 0.2]] },
    evals: { step: 10, scores: [0.2, 0.2, 0.2] },
  },
};

const ids = {} as Record<keyof typeof RUNS, string>;

test.describe.serial("compare", () => {
  test.beforeAll(async ({ request }) => {
    for (const [key, spec] of Object.entries(RUNS) as [keyof typeof RUNS, Spec][]) {
      const run = await postJson(request, "/api/v1/runs", { name: spec.name, group: GROUP, config: spec.config, tags: ["e2e-compare"] });
      ids[key] = run.id;
      const points = Object.entries(spec.pass1).flatMap(([skill, pts]) => pts.map(([step, value]) => ({ key: `skill/${skill}/pass@1`, step, value })));
      await postJson(request, `/api/v1/runs/${run.id}/metrics`, { batchId: "m1", points });
      await postJson(request, `/api/v1/runs/${run.id}/evals`, {
        batchId: "e1",
        evals: spec.evals.scores.map((score, attempt) => ({ benchmark: "swe_verified", attempt, score, step: spec.evals.step })),
      });
      await postJson(request, `/api/v1/runs/${run.id}/finish`, { status: "succeeded" });
    }
  });

  const comparePath = () => `/compare?runs=${ids.sft},${ids.joint},${ids.editing}`;

  test("the empty compare page offers the group with its run count, and opens it", async ({ page }) => {
    await page.goto("/compare");
    const row = page.getByTestId("compare-empty").getByRole("row").filter({ has: page.getByRole("link", { name: GROUP, exact: true }) });
    await expect(row.getByRole("cell").nth(2)).toHaveText("3");
    await row.getByRole("link", { name: GROUP, exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`group=${GROUP}`));
    await expect(page.locator("[data-testid^=compare-row-label-]")).toHaveText([RUNS.sft.name, RUNS.joint.name, RUNS.editing.name]);
  });

  test("the table shows each run's final values, deltas to the baseline and the generalisation gap", async ({ page }) => {
    await page.goto(comparePath());
    const value = (run: string, col: string) => page.getByTestId(`compare-value-${run}-${col}`);
    const delta = (run: string, col: string) => page.getByTestId(`compare-delta-${run}-${col}`);

    await expect(page.getByTestId("compare-table")).toBeVisible();
    await expect(page.locator("[data-testid^=compare-row-label-]")).toHaveText([RUNS.sft.name, RUNS.joint.name, RUNS.editing.name]);
    for (const [col, sft, joint, editing] of [
      ["editing", "40.0", "60.0", "80.0"],
      ["review", "30.0", "50.0", "20.0"],
      ["swe_verified", "20.0", "40.0", "20.0"],
      ["average", "30.0", "50.0", "40.0"],
    ]) {
      await expect(value(ids.sft, col)).toHaveText(sft);
      await expect(value(ids.joint, col)).toHaveText(joint);
      await expect(value(ids.editing, col)).toHaveText(editing);
    }
    // The best of each column is bold.
    await expect(value(ids.editing, "editing")).toHaveAttribute("data-best", "true");
    await expect(value(ids.joint, "review")).toHaveAttribute("data-best", "true");
    await expect(value(ids.joint, "average")).toHaveAttribute("data-best", "true");
    await expect(value(ids.joint, "editing")).not.toHaveAttribute("data-best", "true");

    // The SFT run reads as the baseline by its name; choose it explicitly too.
    await page.getByTestId("baseline-select").selectOption(ids.sft);
    await expect(page).toHaveURL(new RegExp(`baseline=${ids.sft}`));
    await expect(page.getByTestId(`compare-baseline-${ids.sft}`)).toHaveAttribute("aria-pressed", "true");
    await expect(delta(ids.joint, "editing")).toHaveText("+20.0");
    await expect(delta(ids.joint, "editing")).toHaveAttribute("title", `+50.0% relative to ${RUNS.sft.name}`);
    await expect(delta(ids.editing, "editing")).toHaveText("+40.0");
    await expect(delta(ids.editing, "review")).toHaveText(`${MINUS}10.0`);
    await expect(delta(ids.editing, "review")).toHaveClass(/text-rose-600/);
    await expect(delta(ids.editing, "swe_verified")).toHaveText("+0.0");
    await expect(delta(ids.joint, "average")).toHaveText("+20.0");
    await expect(page.getByTestId(`compare-delta-${ids.sft}-editing`)).toHaveCount(0);

    // In-domain (what each run trained) vs out-of-domain gains.
    await expect(page.getByTestId(`compare-gain-${ids.editing}-in`)).toHaveText("+40.0");
    await expect(page.getByTestId(`compare-gain-${ids.editing}-out`)).toHaveText(`${MINUS}5.0`);
    await expect(page.getByTestId(`compare-gain-${ids.editing}-gap`)).toHaveText("+45.0");
    await expect(page.getByTestId(`compare-gain-${ids.joint}-in`)).toHaveText("+20.0");
    await expect(page.getByTestId(`compare-gain-${ids.joint}-gap`)).toHaveText("+0.0");

    // Only the differing config keys.
    await expect(page.locator("[data-testid^=config-diff-]").filter({ hasText: /^skills\./ })).toHaveCount(2);
    await expect(page.getByTestId("config-diff-model")).toHaveCount(0);
    await expect(page.getByTestId("config-diff-skills.review")).toBeVisible();
  });

  test("the value chooser switches to best and to the value at step N", async ({ page }) => {
    await page.goto(comparePath());
    const jointEditing = page.getByTestId(`compare-value-${ids.joint}-editing`);
    await expect(jointEditing).toHaveText("60.0");
    await page.getByTestId("value-mode-best").click();
    await expect(jointEditing).toHaveText("65.0");
    await expect(page).toHaveURL(/value=best/);
    // Step 7: the closest logged step at or before it is 5.
    await page.getByTestId("value-mode-step-input").fill("7");
    await page.getByTestId("value-mode-step-input").press("Enter");
    await expect(jointEditing).toHaveText("50.0");
    await expect(page.getByTestId(`compare-cell-${ids.joint}-editing`)).toHaveAttribute("title", /at step 5$/);
    // Before the first eval at step 10 only the SFT run has swe_verified.
    await expect(page.getByTestId(`compare-cell-${ids.joint}-swe_verified`)).toHaveText("—");
  });

  test("the CSV export holds the table as shown", async ({ page }) => {
    await page.goto(`${comparePath()}&baseline=${ids.sft}`);
    await expect(page.getByTestId(`compare-delta-${ids.joint}-editing`)).toHaveText("+20.0");
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("export-csv").click()]);
    expect(download.suggestedFilename()).toMatch(/\.csv$/);
    const csv = fs.readFileSync((await download.path())!, "utf8");
    expect(csv.trim().split("\n")).toEqual([
      "row,runs,editing,editing delta,review,review delta,swe_verified,swe_verified delta,Average,Average delta,in-domain gain,out-of-domain gain,gap",
      `${RUNS.sft.name} (baseline),1,40.0,,30.0,,20.0,,30.0,,,,`,
      `${RUNS.joint.name},1,60.0,+20.0,50.0,+20.0,40.0,+20.0,50.0,+20.0,+20.0,+20.0,+0.0`,
      `${RUNS.editing.name},1,80.0,+40.0,20.0,-10.0,20.0,+0.0,40.0,+10.0,+40.0,-5.0,+45.0`,
    ]);
  });

  test("every skill and benchmark gets an overlay chart with one line per run", async ({ page }) => {
    await page.goto(comparePath());
    for (const id of ["compare-chart-skill-editing", "compare-chart-skill-review", "compare-chart-bench-swe_verified"]) {
      const chart = page.getByTestId(id);
      await chart.scrollIntoViewIfNeeded();
      await expect(chart).toHaveAttribute("data-has-data", "true");
      await expect(chart.locator("svg path.recharts-curve").first()).toBeAttached();
    }
    const svg = page.getByTestId("compare-chart-skill-editing-export-svg");
    const [download] = await Promise.all([page.waitForEvent("download"), svg.click()]);
    const doc = fs.readFileSync((await download.path())!, "utf8");
    expect(doc).toContain('<svg xmlns="http://www.w3.org/2000/svg"');
    expect(doc).toContain(`>${RUNS.editing.name}</text>`);
  });

  test("runs picked in the runs table with a shift-click range open in the comparison", async ({ page }) => {
    await page.goto(`/?q=${suffix}`);
    await expect(page.locator("[data-testid^=run-row-]")).toHaveCount(3);
    const boxes = page.locator("[data-testid^=run-select-]");
    // Retried: the first click may land before the page has hydrated.
    await expect(async () => {
      await boxes.first().click();
      await expect(boxes.first()).toBeChecked({ timeout: 500 });
    }).toPass();
    await boxes.last().click({ modifiers: ["Shift"] });
    await expect(boxes.nth(1)).toBeChecked();
    await expect(page.getByTestId("runs-selected-count")).toHaveText("3 selected");
    // Keyboard: x on the focused row toggles it.
    await page.getByTestId(`run-row-${ids.joint}`).focus();
    await page.keyboard.press("x");
    await expect(page.getByTestId(`run-select-${ids.joint}`)).not.toBeChecked();
    await page.keyboard.press("x");
    await page.getByTestId("compare-selected").click();
    await expect(page).toHaveURL(/\/compare\?runs=/);
    await expect(page.locator("[data-testid^=compare-row-label-]")).toHaveCount(3);

    // A group filter offers the whole group.
    await page.goto(`/?group=${GROUP}`);
    await page.getByTestId("compare-group").click();
    await expect(page).toHaveURL(new RegExp(`/compare\\?group=${GROUP}`));
    await expect(page.getByTestId("compare-title")).toHaveText(`Group ${GROUP}`);
    await expect(page.locator("[data-testid^=compare-row-label-]")).toHaveText([RUNS.sft.name, RUNS.joint.name, RUNS.editing.name]);
  });
});
