import { expect, test, type APIRequestContext } from "@playwright/test";
import fs from "node:fs";
import path from "node:path";
import { syntheticTrajectory } from "../server/testing/synthetic-trajectories";

/**
 * The trajectory inspector in Chromium against the real server: an imported
 * SWE-agent .traj is read turn by turn with the keyboard (an observation
 * expanded, an edit drawn as a diff); RL trajectories logged over REST are
 * filtered in the list and compared in the GRPO group view; the run page's
 * upload box imports a file with the browser's sign-in session.
 */

const API_KEY = process.env.SKILLBOARD_E2E_API_KEY!;
const auth = { Authorization: `Bearer ${API_KEY}` };
const ROOT = path.resolve(import.meta.dirname, "..");
const SWE_AGENT_TRAJ = path.resolve(ROOT, "../shared/fixtures/swe-agent/6e44b9__sweagenttestrepo-1c2844.traj");
const suffix = Math.random().toString(36).slice(2, 8);

async function createRun(request: APIRequestContext, name: string): Promise<string> {
  const res = await request.post("/api/v1/runs", { headers: auth, data: { name } });
  expect(res.status(), await res.text()).toBe(201);
  return (await res.json()).id;
}

test.describe.serial("trajectory inspector", () => {
  let importRun: string;
  let sweId: number;
  let rlRun: string;

  test.beforeAll(async ({ request }) => {
    importRun = await createRun(request, `e2e-import-${suffix}`);
    const res = await request.post(`/api/v1/runs/${importRun}/import?fileName=${path.basename(SWE_AGENT_TRAJ)}`, {
      headers: { ...auth, "content-type": "application/octet-stream" },
      data: fs.readFileSync(SWE_AGENT_TRAJ),
    });
    expect(res.status(), await res.text()).toBe(201);
    const body = await res.json();
    expect(body).toMatchObject({ format: "swe-agent", imported: 1 });
    sweId = body.trajectoryIds[0];

    // An RL run: 2 steps × 2 tasks × a GRPO group of 4, one known winner in group t0@1.
    rlRun = await createRun(request, `e2e-rl-${suffix}`);
    const trajectories = [];
    for (const step of [0, 1]) {
      for (const [t, skill] of (["editing", "localization"] as const).entries()) {
        for (let s = 0; s < 4; s++) {
          const win = step === 1 && t === 0 && s === 2;
          trajectories.push(
            syntheticTrajectory({ seed: step * 100 + t * 10 + s, skill, step, taskId: `t${t}`, groupKey: `t${t}@${step}`, sampleIndex: s, reward: win ? 1 : 0.25, advantage: win ? 1.5 : -0.5 }),
          );
        }
      }
    }
    const r = await request.post(`/api/v1/runs/${rlRun}/trajectories`, { headers: auth, data: { batchId: "e2e", trajectories } });
    expect(r.status(), await r.text()).toBe(201);
  });

  test("an imported SWE-agent trajectory reads turn by turn with the keyboard", async ({ page }) => {
    await page.goto(`/runs/${importRun}/trajectories/${sweId}`);
    await expect(page.getByTestId("trajectory-task-id")).toHaveText("SWE-agent__test-repo-i1");
    await expect(page.getByTestId("task-text")).toContainText("SyntaxError: invalid syntax");
    await expect(page.getByTestId("trajectory-turn-count")).toHaveText("12");
    await expect(page.getByTestId("verifier-exit")).toContainText("submitted");
    await expect(page.getByTestId("verifier-panel").getByTestId("patch-view")).toContainText("+def division(a: float, b: float) -> float:");

    // j moves from turn to turn (retried: the first key may land before hydration), k goes back.
    await expect(async () => {
      await page.keyboard.press("j");
      await expect(page.getByTestId("turn-0")).toHaveAttribute("data-focused", "true", { timeout: 500 });
    }).toPass();
    for (let i = 1; i <= 6; i++) {
      await page.keyboard.press("j");
      await expect(page.getByTestId(`turn-${i}`)).toHaveAttribute("data-focused", "true");
    }
    await expect(page.getByTestId("turn-position")).toContainText("turn 7 of 12");
    await expect(page.getByTestId("turn-6").getByTestId("edit-diff")).toContainText("def division(a: float, b: float) -> float:");
    await page.keyboard.press("k");
    await expect(page.getByTestId("turn-5")).toHaveAttribute("data-focused", "true");
    await expect(page.getByTestId("turn-6")).not.toHaveAttribute("data-focused", "true");
    await expect(page.getByTestId("turn-5")).toBeInViewport();

    // Turn 5 is the `open` output: 16 lines, the first 12 shown, the rest behind "Show all".
    const text = page.getByTestId("observation-text-5");
    await expect(text).not.toContainText("(Current directory: /SWE-agent__test-repo)");
    await page.keyboard.press("o");
    await expect(text).toContainText("(Current directory: /SWE-agent__test-repo)");
    await page.getByTestId("observation-show-all-5").click();
    await expect(text).not.toContainText("(Current directory: /SWE-agent__test-repo)");
    await page.getByTestId("observation-show-all-5").click();
    await expect(text).toContainText("bash-$");
    // Collapsing hides the output; the toggles hide tool calls and observations.
    await page.getByTestId("observation-toggle-5").click();
    await expect(text).toBeHidden();
    await expect(page.getByTestId("turn-2").getByTestId("tool-call")).toBeVisible();
    await page.getByTestId("toggle-tool-calls").uncheck();
    await expect(page.getByTestId("turn-2").getByTestId("tool-call")).toHaveCount(0);
    await page.keyboard.press("v");
    await expect(page.getByTestId("turn-3")).toHaveCount(0);
    await expect(page.getByTestId("turn-2")).toBeVisible();
  });

  test("the list filters by skill, result and reward, and n/p walk its order", async ({ page }) => {
    await page.goto(`/runs/${rlRun}/trajectories`);
    await expect(page.getByTestId("trajectory-count")).toContainText("16 trajectories");
    await expect(page.getByTestId("skill-chip-editing")).toContainText("8");
    await expect(page.locator("[data-testid^=trajectory-row-]")).toHaveCount(16);

    await page.getByTestId("skill-chip-editing").click();
    await expect(page.locator("[data-testid^=trajectory-row-]")).toHaveCount(8);
    await expect(page).toHaveURL(/skill=editing/);
    await page.getByTestId("filter-passed").selectOption("passed");
    await expect(page.locator("[data-testid^=trajectory-row-]")).toHaveCount(1);
    await expect(page.getByTestId("trajectory-count")).toContainText("1 trajectory ");
    await page.getByTestId("filter-passed").selectOption("");
    await page.getByTestId("filter-reward-max").fill("0.5");
    await expect(page.locator("[data-testid^=trajectory-row-]")).toHaveCount(7);
    await page.getByTestId("filter-task").fill("t1");
    await expect(page.getByTestId("trajectories-empty")).toBeVisible();
    await page.getByTestId("filters-clear").click();
    await expect(page.locator("[data-testid^=trajectory-row-]")).toHaveCount(16);

    // Sort by reward (descending): the winner comes first; keyboard opens it.
    await page.getByTestId("skill-chip-editing").click();
    await page.getByRole("columnheader", { name: /reward/i }).getByRole("button").click();
    await expect(page.getByRole("columnheader", { name: /reward/i })).toHaveAttribute("aria-sort", "descending");
    const first = page.locator("[data-testid^=trajectory-row-]").first();
    await expect(first).toContainText("t0@1");
    await page.getByTestId("trajectory-table").focus();
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/\/trajectories\/\d+\?skill=editing&sort=reward&dir=desc/, { timeout: 15_000 });
    await expect(page.getByTestId("trajectory-reward")).toHaveText("1");
    await expect(page.getByTestId("list-position")).toHaveText("1 of 8");
    const firstUrl = page.url();
    await expect(page.getByTestId("next-trajectory")).toBeVisible();
    await page.keyboard.press("n");
    await expect(page.getByTestId("list-position")).toHaveText("2 of 8", { timeout: 15_000 });
    await expect(page.getByTestId("trajectory-reward")).toHaveText("0.25");
    await expect(page.getByTestId("prev-trajectory")).toBeVisible();
    await page.keyboard.press("p");
    await expect(page.getByTestId("list-position")).toHaveText("1 of 8", { timeout: 15_000 });
    expect(page.url()).toBe(firstUrl);
  });

  test("the GRPO group view shows the G samples with reward and advantage", async ({ page }) => {
    await page.goto(`/runs/${rlRun}/trajectories/group?step=1&groupKey=t0%401`);
    await expect(page.getByTestId("group-size")).toHaveText("G = 4");
    const samples = page.locator("[data-testid^=group-sample-]");
    await expect(samples).toHaveCount(4);
    await expect(samples.nth(2)).toContainText("best reward");
    await expect(samples.nth(2)).toContainText("+1.5");
    await expect(samples.nth(0)).toContainText("-0.5");
  });

  test("the run page counts trajectories per skill and imports a dropped file for a signed-in browser", async ({ page }) => {
    await page.goto(`/runs/${rlRun}#trajectories`);
    await expect(page.getByTestId("trajectory-skill-editing")).toContainText("8");
    await expect(page.getByTestId("import-box")).toContainText("Sign in");

    await page.goto(`/login?next=${encodeURIComponent(`/runs/${importRun}`)}`);
    await page.getByTestId("api-key-input").fill(API_KEY);
    await page.getByTestId("sign-in-submit").click();
    await expect(page).toHaveURL(new RegExp(`/runs/${importRun}`));
    await page.getByTestId("import-file-input").setInputFiles(path.resolve(ROOT, "../shared/fixtures/mini-swe-agent/local.messages-only.traj.json"));
    const result = page.getByTestId("import-result").first();
    await expect(result.getByTestId("import-format")).toHaveText("mini-swe-agent .traj.json");
    await expect(result.getByTestId("import-count")).toHaveText("1 imported");
    await expect(page.getByTestId("open-trajectories")).toContainText("Open all 2");

    await page.getByTestId("import-file-input").setInputFiles({ name: "notes.txt", mimeType: "text/plain", buffer: Buffer.from("just some notes\n") });
    await expect(page.getByTestId("import-error").first()).toBeVisible();
  });
});
