import { expect, test, type APIRequestContext } from "@playwright/test";

/**
 * The task-level ablation diff in Chromium against the real server: two runs
 * with trajectories logged over REST; the Tasks tab shows passes out of
 * attempts per task, the counts of tasks one solves and the other fails, the
 * quick filter; a cell opens both runs' trajectories side by side with the
 * first divergent tool call marked, and j/k walk the aligned turns.
 */

const auth = { Authorization: `Bearer ${process.env.SKILLBOARD_E2E_API_KEY!}` };
const suffix = Math.random().toString(36).slice(2, 8);

async function postJson(request: APIRequestContext, url: string, data: unknown) {
  const res = await request.post(url, { headers: auth, data });
  expect(res.ok(), `${url}: ${res.status()} ${await res.text()}`).toBe(true);
  return res.json();
}

const turns = (file: string) => [
  { role: "user", content: "Fix the bug in the parser." },
  { role: "assistant", content: "Look first.", toolCalls: [{ name: "view", arguments: { path: "src/parser.py" } }] },
  { role: "tool", observation: "def parse(): ..." },
  { role: "assistant", content: "Edit it.", toolCalls: [{ name: "str_replace", arguments: { path: file, old_str: "a", new_str: "b" } }] },
  { role: "tool", observation: "edited" },
];

function trajectory(taskId: string, passed: boolean | null, sampleIndex: number, file = "src/parser.py") {
  return { skill: "editing", taskId, step: 3, sampleIndex, reward: passed ? 1 : 0, passed, turns: turns(file) };
}

test("tasks view → side by side", async ({ page, request }) => {
  const joint = (await postJson(request, "/api/v1/runs", { name: `joint-${suffix}` })).id as string;
  const editing = (await postJson(request, "/api/v1/runs", { name: `editing-${suffix}` })).id as string;
  await postJson(request, `/api/v1/runs/${joint}/trajectories`, {
    batchId: "j",
    trajectories: [trajectory("task-solved-by-joint", true, 0), trajectory("task-solved-by-joint", false, 1), trajectory("task-both", true, 0), trajectory("task-unknown", null, 0)],
  });
  await postJson(request, `/api/v1/runs/${editing}/trajectories`, {
    batchId: "e",
    trajectories: [trajectory("task-solved-by-joint", false, 0, "src/lexer.py"), trajectory("task-both", true, 0), trajectory("task-unknown", false, 0)],
  });

  await page.goto(`/compare?runs=${joint},${editing}`);
  await page.getByTestId("compare-tab-tasks").click();
  await expect(page).toHaveURL(/view=tasks/);
  await expect(page.getByTestId("task-counts")).toContainText(`joint-${suffix} solves 1 tasks editing-${suffix} fails; 0 the other way`);
  const rows = page.getByTestId("task-row");
  await expect(rows).toHaveCount(3);
  // Sorted by disagreement: the task joint solves comes first.
  await expect(rows.first()).toHaveAttribute("data-task", "task-solved-by-joint");
  await expect(rows.first().getByTestId("task-cell")).toHaveText(["1/2", "0/1"]);
  // An unknown outcome is not a failure: shown apart, never in the counts.
  await expect(page.locator('[data-task="task-unknown"]').getByTestId("task-cell").first()).toContainText("(1?)");

  await page.getByTestId("task-only-aNotB").click();
  await expect(rows).toHaveCount(1);
  await page.getByTestId("task-only-bNotA").click();
  await expect(page.getByText("No task matches these filters.")).toBeVisible();
  await page.getByTestId("task-only-aNotB").click();
  await expect(rows).toHaveCount(1);

  await rows.first().getByTestId("task-cell").first().click();
  await expect(page).toHaveURL(new RegExp(`/compare/tasks/task-solved-by-joint\\?runs=${joint},${editing}`));
  await expect(page.getByTestId("side-task-id")).toHaveText("task-solved-by-joint");
  await expect(page.getByTestId("side-A-outcome")).toHaveText("passed");
  await expect(page.getByTestId("side-B-outcome")).toHaveText("failed");
  await expect(page.getByTestId("divergence")).toHaveText("First divergence at turn 4");
  await expect(page.getByTestId("pair-3")).toHaveAttribute("data-divergence", "true");

  await page.keyboard.press("j");
  await expect(page.getByTestId("pair-0")).toHaveAttribute("data-focused", "true");
  await page.keyboard.press("d");
  await expect(page.getByTestId("pair-3")).toHaveAttribute("data-focused", "true");
  await page.keyboard.press("k");
  await expect(page.getByTestId("pair-2")).toHaveAttribute("data-focused", "true");
  await expect(page.getByTestId("pair-3").getByText("src/lexer.py").first()).toBeVisible();

  // The trajectory list reads an unknown outcome as such, and filters on it.
  await page.goto(`/runs/${joint}/trajectories?passed=unknown`);
  await expect(page.getByTestId("trajectory-count")).toContainText("1 trajectory");
  await expect(page.locator('[data-outcome="unknown"]')).toHaveText("outcome unknown");
  await expect(page.locator('[data-outcome="failed"]')).toHaveCount(0);
});

test("side by side: a divergence pages past the loaded turns is found and reached", async ({ page, request }) => {
  const long = (last: string) => [
    { role: "user", content: "Fix the bug." },
    ...Array.from({ length: 60 }, (_, i) => [
      { role: "assistant", content: `step ${i}`, toolCalls: [{ name: "view", arguments: { path: `src/m${i}.py` } }] },
      { role: "tool", observation: `contents of m${i}` },
    ]).flat(),
    { role: "assistant", content: "Edit.", toolCalls: [{ name: "str_replace", arguments: { path: last, old_str: "a", new_str: "b" } }] },
  ];
  const a = (await postJson(request, "/api/v1/runs", { name: `long-a-${suffix}` })).id as string;
  const b = (await postJson(request, "/api/v1/runs", { name: `long-b-${suffix}` })).id as string;
  const one = (file: string, passed: boolean) => ({ skill: "editing", taskId: "task-long", step: 1, sampleIndex: 0, reward: passed ? 1 : 0, passed, turns: long(file) });
  await postJson(request, `/api/v1/runs/${a}/trajectories`, { batchId: "a", trajectories: [one("src/fix.py", true)] });
  await postJson(request, `/api/v1/runs/${b}/trajectories`, { batchId: "b", trajectories: [one("src/wrong.py", false)] });

  await page.goto(`/compare/tasks/task-long?runs=${a},${b}`);
  // 122 turns a side, 40 a page: the divergence (turn 122) is known before its page is loaded.
  await expect(page.getByTestId("divergence")).toHaveText("First divergence at turn 122");
  await expect(page.getByTestId("pair-121")).toHaveCount(0);
  await page.keyboard.press("d");
  await expect(page.getByTestId("pair-121")).toHaveAttribute("data-focused", "true");
  await expect(page.getByTestId("pair-121")).toHaveAttribute("data-divergence", "true");
  await expect(page.getByTestId("pair-121").getByText("src/wrong.py").first()).toBeInViewport();
});
