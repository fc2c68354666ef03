import { expect, test, type APIRequestContext, type Page } from "@playwright/test";

/**
 * Editing and deleting runs against the real server (`bin/skillboard up`): a run
 * created over REST is renamed on its page, tagged and untagged, annotated; the
 * edits survive a reload; it is deleted (a launched run still running cannot be), leaves `/`,
 * shows up in the Trash view and is restored from there. A visitor who is not
 * signed in gets no edit controls.
 */

const API_KEY = process.env.SKILLBOARD_E2E_API_KEY!;
const suffix = Math.random().toString(36).slice(2, 8);
const auth = { Authorization: `Bearer ${API_KEY}` };

async function createRun(request: APIRequestContext, name: string, finish: boolean): Promise<string> {
  const res = await request.post("/api/v1/runs", { headers: auth, data: { name, tags: ["e2e"] } });
  expect(res.status(), await res.text()).toBe(201);
  const id = ((await res.json()) as { id: string }).id;
  if (finish) expect((await request.post(`/api/v1/runs/${id}/finish`, { headers: auth, data: { status: "succeeded" } })).ok()).toBe(true);
  return id;
}

/** A run Skillboard itself runs (launched from the e2e recipe, long enough to stay live through the test). */
async function launchLongRun(request: APIRequestContext, name: string): Promise<string> {
  const res = await request.post("/api/v1/launches", { headers: auth, data: { recipe: "e2e-trainer", name, params: { steps: 2000 } } });
  expect(res.status(), await res.text()).toBe(201);
  return ((await res.json()) as { runs: { id: string }[] }).runs[0].id;
}

async function readRun(request: APIRequestContext, id: string) {
  const res = await request.get(`/api/v1/runs/${id}`, { headers: auth });
  expect(res.ok()).toBe(true);
  return (await res.json()) as { name: string; tags: string[]; notes: string | null; deletedAt: string | null };
}

/** The tags the run page shows, in order. */
const shownTags = (page: Page) => page.getByTestId("run-tag").evaluateAll((els) => els.map((el) => (el as HTMLElement).dataset.tag));

test("run page: rename, tag, annotate, delete to the trash and restore", async ({ page, request, browser }) => {
  const id = await createRun(request, `e2e-edit-${suffix}`, true);
  const running = await launchLongRun(request, `e2e-live-${suffix}`);
  const newName = `e2e-renamed-${suffix}`;

  await test.step("a visitor who is not signed in sees the run read-only", async () => {
    const visitor = await browser.newContext();
    const p = await visitor.newPage();
    await p.goto(`/runs/${id}`);
    await expect(p.getByTestId("run-name")).toHaveText(`e2e-edit-${suffix}`);
    await expect(p.getByTestId("run-tags")).toContainText("e2e");
    await expect(p.getByTestId("sign-in-link")).toBeVisible();
    await expect(p.getByTestId("rename-run")).toHaveCount(0);
    await expect(p.getByTestId("add-tag-input")).toHaveCount(0);
    await expect(p.getByTestId("edit-notes")).toHaveCount(0);
    await expect(p.getByTestId("delete-run")).toHaveCount(0);
    await visitor.close();
  });

  await test.step("signs in and comes back to the run", async () => {
    await page.goto(`/login?next=${encodeURIComponent(`/runs/${id}`)}`);
    await page.getByTestId("api-key-input").fill(API_KEY);
    await page.getByTestId("sign-in-submit").click();
    await expect(page).toHaveURL(new RegExp(`/runs/${id}$`));
    await expect(page.getByTestId("rename-run")).toBeVisible();
  });

  await test.step("renames in place: Escape cancels, an empty name is refused, Enter saves", async () => {
    await page.getByTestId("rename-run").click();
    const input = page.getByTestId("run-name-input");
    await expect(input).toBeFocused();
    await input.fill("not this one");
    await input.press("Escape");
    await expect(page.getByTestId("run-name")).toHaveText(`e2e-edit-${suffix}`);
    await expect(page.getByTestId("rename-run")).toBeFocused();

    await page.keyboard.press("Enter");
    await input.fill("   ");
    await input.press("Enter");
    await expect(page.getByTestId("run-name-error")).toHaveText("Name must not be empty");
    await input.fill(newName);
    await input.press("Enter");
    await expect(page.getByTestId("run-name")).toHaveText(newName);
    await expect(page.getByTestId("run-name-input")).toHaveCount(0);
  });

  await test.step("adds two tags with Enter and removes one with ×", async () => {
    const add = page.getByTestId("add-tag-input");
    await add.fill("drop-me");
    await add.press("Enter");
    await expect.poll(() => shownTags(page)).toEqual(["e2e", "drop-me"]);
    await add.fill(" keep-me ");
    await add.press("Enter");
    await expect.poll(() => shownTags(page)).toEqual(["e2e", "drop-me", "keep-me"]);
    await add.fill("keep-me");
    await add.press("Enter");
    await expect(page.getByTestId("run-tags-error")).toContainText("Already tagged");
    await add.fill("");
    await page.getByRole("button", { name: "Remove tag drop-me" }).click();
    await expect.poll(() => shownTags(page)).toEqual(["e2e", "keep-me"]);
  });

  await test.step("writes notes: empty state, Edit, Save", async () => {
    await expect(page.getByTestId("run-notes-empty")).toHaveText("No notes");
    await page.getByTestId("edit-notes").click();
    const notes = page.getByTestId("run-notes-input");
    await expect(notes).toBeFocused();
    await notes.fill("Tried lr=1e-6.\nReward plateaus after step 300.");
    await page.getByTestId("save-notes").click();
    await expect(page.getByTestId("run-notes-input")).toHaveCount(0);
    await expect(page.getByTestId("run-notes-text")).toHaveText("Tried lr=1e-6.\nReward plateaus after step 300.");
  });

  await test.step("the edits are stored: a reload shows them", async () => {
    await page.reload();
    await expect(page.getByTestId("run-name")).toHaveText(newName);
    await expect.poll(() => shownTags(page)).toEqual(["e2e", "keep-me"]);
    await expect(page.getByTestId("run-notes-text")).toHaveText("Tried lr=1e-6.\nReward plateaus after step 300.");
    expect(await readRun(request, id)).toMatchObject({ name: newName, tags: ["e2e", "keep-me"], notes: "Tried lr=1e-6.\nReward plateaus after step 300." });
  });

  await test.step("a launched run still running cannot be deleted: the button says why", async () => {
    await page.goto(`/runs/${running}`);
    const del = page.getByTestId("delete-run");
    await expect(del).toHaveAttribute("aria-disabled", "true");
    await del.focus();
    await expect(page.getByRole("tooltip").filter({ hasText: "cancel it first" })).toBeVisible();
  });

  await test.step("deletes after an inline confirm; the page says it is in the trash", async () => {
    await page.goto(`/runs/${id}`);
    await page.getByTestId("delete-run").click();
    await expect(page.getByTestId("delete-confirm")).toBeVisible();
    await page.keyboard.press("Escape");
    await expect(page.getByTestId("delete-confirm")).toHaveCount(0);
    await expect(page.getByTestId("run-trash-banner")).toHaveCount(0);

    await page.getByTestId("delete-run").click();
    await page.getByTestId("confirm-delete").click();
    await expect(page.getByTestId("run-trash-banner")).toContainText("This run is in the trash");
    await expect(page.getByTestId("delete-run")).toHaveCount(0);
    expect((await readRun(request, id)).deletedAt).not.toBeNull();
  });

  await test.step("gone from /, listed in the Trash view, restored from there", async () => {
    await page.goto("/");
    await expect(page.getByTestId(`run-row-${running}`)).toBeVisible();
    await expect(page.getByTestId(`run-row-${id}`)).toHaveCount(0);

    await page.getByTestId("runs-trash-toggle").click();
    await expect(page).toHaveURL(/[?&]trash=1/);
    await expect(page.getByTestId("runs-trash-toggle")).toHaveAttribute("aria-pressed", "true");
    await expect(page.getByTestId(`run-row-${id}`)).toContainText(newName);
    await expect(page.getByTestId(`run-row-${running}`)).toHaveCount(0);

    await page.getByTestId(`run-select-${id}`).click();
    await page.getByTestId("restore-selected").click();
    await expect(page.getByTestId("runs-trash-notice")).toContainText("Restored 1 run.");
    await expect(page.getByTestId(`run-row-${id}`)).toHaveCount(0);

    await page.getByTestId("runs-trash-toggle").click();
    await expect(page.getByTestId(`run-row-${id}`)).toBeVisible();
    expect((await readRun(request, id)).deletedAt).toBeNull();
  });

  await test.step("Delete on the selection skips the running run and says so; Undo brings the other back", async () => {
    await page.getByTestId(`run-select-${id}`).click();
    await page.getByTestId(`run-select-${running}`).click();
    await page.getByTestId("delete-selected").click();
    await expect(page.getByTestId("runs-trash-notice")).toContainText("Moved 1 run to the trash. Skipped 1 run still queued or running");
    await expect(page.getByTestId(`run-row-${id}`)).toHaveCount(0);
    await expect(page.getByTestId(`run-row-${running}`)).toBeVisible();

    await page.getByTestId("undo-delete").click();
    await expect(page.getByTestId("runs-trash-notice")).toContainText("Restored 1 run.");
    await expect(page.getByTestId(`run-row-${id}`)).toBeVisible();
  });

  await test.step("an empty trash says so", async () => {
    // Only when no other spec of this server left a run in the trash.
    const trashed = await request.get("/api/v1/runs?deleted=only&limit=10000", { headers: auth });
    if (((await trashed.json()) as { runs: unknown[] }).runs.length > 0) return;
    await page.getByTestId("runs-trash-toggle").click();
    await expect(page.getByTestId("runs-trash-empty")).toContainText("The trash is empty");
    await page.getByRole("button", { name: "Back to runs" }).click();
    await expect(page.getByTestId(`run-row-${id}`)).toBeVisible();
  });

  expect((await request.post(`/api/v1/runs/${running}/cancel`, { headers: auth })).ok()).toBe(true);
});

test("a run in the trash is deleted for good, from its page and from the Trash view", async ({ page, request }) => {
  const fromPage = await createRun(request, `e2e-purge-page-${suffix}`, true);
  const fromTrash = await createRun(request, `e2e-purge-trash-${suffix}`, true);
  for (const id of [fromPage, fromTrash]) expect((await request.delete(`/api/v1/runs/${id}`, { headers: auth })).ok()).toBe(true);

  await page.goto(`/login?next=${encodeURIComponent(`/runs/${fromPage}`)}`);
  await page.getByTestId("api-key-input").fill(API_KEY);
  await page.getByTestId("sign-in-submit").click();
  await expect(page.getByTestId("run-trash-banner")).toBeVisible();

  await test.step("from the run page: a confirm, Escape backs out, then it is gone", async () => {
    await page.getByTestId("purge-run").click();
    await expect(page.getByTestId("purge-run-confirm")).toContainText("cannot be undone");
    await page.keyboard.press("Escape");
    await expect(page.getByTestId("purge-run-confirm")).toHaveCount(0);
    await page.getByTestId("purge-run").click();
    await page.getByTestId("purge-run-confirm-button").click();
    await expect(page).toHaveURL(/\/\?trash=1$/);
    expect((await request.get(`/api/v1/runs/${fromPage}`, { headers: auth })).status()).toBe(404);
  });

  await test.step("from the Trash view's selection bar", async () => {
    await expect(page.getByTestId(`run-row-${fromTrash}`)).toBeVisible();
    await page.getByTestId(`run-select-${fromTrash}`).click();
    await page.getByTestId("purge-selected").click();
    await page.getByTestId("purge-confirm-button").click();
    await expect(page.getByTestId("runs-trash-notice")).toContainText("Deleted 1 run for good");
    await expect(page.getByTestId(`run-row-${fromTrash}`)).toHaveCount(0);
    expect((await request.get(`/api/v1/runs/${fromTrash}`, { headers: auth })).status()).toBe(404);
  });
});
