import { expect, test, type APIRequestContext } from "@playwright/test";

/**
 * API key management against the real server (`bin/skillboard up`): /settings/keys
 * asks to sign in, then creates an SDK key shown once, the key works against
 * REST, is revoked in the page with an inline confirm, and is refused (401) at once;
 * /settings/audit then lists both, with who did them.
 * The admin key the suite signs in with is the only admin key: it cannot be revoked.
 */

const API_KEY = process.env.SKILLBOARD_E2E_API_KEY!;
const KEY_NAME = `e2e-trainer-${Math.random().toString(36).slice(2, 8)}`;

const listRuns = (request: APIRequestContext, key: string) => request.get("/api/v1/runs", { headers: { Authorization: `Bearer ${key}` } });

test("API keys page: sign in, create an SDK key, use it, revoke it", async ({ page, request }) => {
  let sdkKey = "";
  await test.step("asks to sign in, then lists the keys", async () => {
    await page.goto("/settings/keys");
    const notice = page.getByTestId("sign-in-notice");
    await expect(notice).toContainText("managing API keys");
    await expect(page.getByTestId("create-key-form")).toHaveCount(0);
    await notice.getByRole("link", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/login\?next=%2Fsettings%2Fkeys$/);
    await page.getByTestId("api-key-input").fill(API_KEY);
    await page.getByTestId("sign-in-submit").click();
    await expect(page).toHaveURL(/\/settings\/keys$/);

    const own = page.getByTestId("key-row").filter({ hasText: "this browser" });
    await expect(own).toContainText("admin");
    await expect(own.getByTestId("key-prefix")).toHaveText(`${API_KEY.slice(0, 7)}…`);
    // The only admin key: revoking it would lock everyone out.
    const ownRevoke = own.getByTestId("revoke-key");
    await expect(ownRevoke).toBeDisabled();
    await ownRevoke.focus();
    await expect(own.getByRole("tooltip")).toBeVisible();
    await expect(own.getByRole("tooltip")).toContainText("would lock everyone out");
  });

  await test.step("creates an SDK key, shown once, that works against the REST API", async () => {
    await page.getByTestId("create-key").click();
    await expect(page.getByTestId("error-key-name")).toContainText("Give the key a name");

    await page.getByLabel("Name", { exact: true }).fill(KEY_NAME);
    await page.getByLabel("Role", { exact: true }).selectOption("sdk");
    await expect(page.getByTestId("field-key-role")).toContainText("create runs and log metrics");
    await page.getByTestId("create-key").click();

    const created = page.getByTestId("new-key");
    await expect(created).toContainText(KEY_NAME);
    await expect(page.getByTestId("new-key-warning")).toContainText("Shown once");
    sdkKey = await page.getByTestId("new-key-value").inputValue();
    expect(sdkKey).toMatch(/^sk_[A-Za-z0-9_-]{20,}$/);
    await expect(page.getByTestId("new-key-snippet")).toContainText(`export SKILLBOARD_API_KEY=${sdkKey}`);

    const row = page.getByTestId("key-row").filter({ hasText: KEY_NAME });
    await expect(row.getByTestId("key-prefix")).toHaveText(`${sdkKey.slice(0, 7)}…`);
    await expect(row.getByTestId("key-status")).toHaveText("active");
    await expect(row).toContainText("never");

    expect((await listRuns(request, sdkKey)).status()).toBe(200);

    await page.getByTestId("new-key-done").click();
    await expect(page.getByTestId("new-key")).toHaveCount(0);
  });

  await test.step("revokes the key after an inline confirm; it gets 401 at once", async () => {
    const row = page.getByTestId("key-row").filter({ hasText: KEY_NAME });
    // Backing out with Escape keeps the key.
    await row.getByTestId("revoke-key").click();
    await expect(row.getByTestId("revoke-confirm")).toContainText(`Revoke “${KEY_NAME}”?`);
    await page.keyboard.press("Escape");
    await expect(row.getByTestId("revoke-confirm")).toHaveCount(0);
    await expect(row.getByTestId("revoke-key")).toBeFocused();
    expect((await listRuns(request, sdkKey)).status()).toBe(200);

    await row.getByTestId("revoke-key").click();
    await row.getByTestId("revoke-key-confirm").click();
    await expect(row.getByTestId("key-status")).toContainText("revoked on");
    await expect(row.getByTestId("revoke-key")).toHaveCount(0);
    await expect(page.getByTestId("keys-announcement")).toContainText(`Revoked “${KEY_NAME}”`);

    const refused = await listRuns(request, sdkKey);
    expect(refused.status()).toBe(401);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toMatch(/^This API key was revoked on \d{4}-\d\d-\d\dT/);
    // The admin key the other specs use still works.
    expect((await listRuns(request, API_KEY)).status()).toBe(200);
  });

  await test.step("the audit log lists the creation and the revocation with the admin key that did them", async () => {
    await page.getByTestId("audit-log-link").click();
    await expect(page).toHaveURL(/\/settings\/audit$/);
    const rows = page.getByTestId("audit-row").filter({ hasText: KEY_NAME });
    await expect(rows).toHaveCount(2);
    await expect(rows.nth(0)).toHaveAttribute("data-action", "api_key.revoke");
    await expect(rows.nth(1)).toHaveAttribute("data-action", "api_key.create");
    await expect(rows.nth(0).getByTestId("audit-actor")).toContainText("bootstrap (SKILLBOARD_API_KEY)");

    // Keyboard: j moves down a row, k back up.
    await page.getByTestId("audit-row").first().focus();
    await page.keyboard.press("j");
    await expect(page.getByTestId("audit-row").nth(1)).toBeFocused();
    await page.keyboard.press("k");
    await expect(page.getByTestId("audit-row").first()).toBeFocused();

    await page.getByTestId("audit-action-filter").selectOption("api_key.revoke");
    await expect(page).toHaveURL(/\?action=api_key\.revoke$/);
    await expect(page.getByTestId("audit-row").filter({ hasText: KEY_NAME })).toHaveCount(1);
    await expect.poll(() => page.getByTestId("audit-row").evaluateAll((rows) => [...new Set(rows.map((r) => r.getAttribute("data-action")))])).toEqual(["api_key.revoke"]);
    await page.getByTestId("audit-action-filter").selectOption("metric_mapping.remove_rule");
    await expect(page.getByTestId("audit-empty")).toContainText("No “Removed a metric mapping rule” entries yet.");
  });
});
