import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { openDatabase, type Db } from "@/db";
import { createApiKey, type Principal } from "../auth/api-keys";
import type { AppContext } from "../context";
import { createCaller } from "../root";
import { enqueueJob } from "../jobs/queue";
import { createRun } from "./service";

/** The run page's door: the same domain functions as REST, behind a signed-in admin. */
let db: Db;
let admin: Principal;
beforeEach(() => {
  db = openDatabase(path.join(fs.mkdtempSync(path.join(os.tmpdir(), "runs-router-")), "skillboard.db"));
  admin = { keyId: createApiKey(db, { name: "browser", role: "admin" }).id, role: "admin" };
});
const runsApi = (principal: Principal | null) => createCaller({ app: { db } as AppContext, principal }).runs;
/** The tRPC error code a call is refused with, and its message. */
const refusal = (call: Promise<unknown>) => call.then(() => ({ code: "none", message: "" }), (e: { code: string; message: string }) => ({ code: e.code, message: e.message }));

describe("runs router", () => {
  it("updates, removes and restores for a signed-in admin; list takes the deleted filter and counts the trash", async () => {
    const id = createRun(db, { name: "a", status: "succeeded" }).run.id;
    const other = createRun(db, { name: "b", status: "succeeded" }).run.id;
    const api = runsApi(admin);
    expect(await api.update({ id, name: " renamed ", tags: ["t1", "t1", "t2"], notes: "n" })).toMatchObject({ name: "renamed", tags: ["t1", "t2"], notes: "n" });
    expect((await api.remove({ id })).deletedAt).not.toBeNull();

    const visible = await runsApi(null).list({});
    expect(visible.runs.map((r) => r.id)).toEqual([other]);
    expect(visible.trashed).toBe(1);
    expect((await runsApi(null).list({ deleted: "only" })).runs.map((r) => r.id)).toEqual([id]);
    expect((await runsApi(null).byId({ id })).run).toMatchObject({ id, name: "renamed", deletedAt: expect.any(String) });

    expect((await api.restore({ id })).deletedAt).toBeNull();
    expect((await runsApi(null).list({})).trashed).toBe(0);
  });

  it("maps domain errors: 409 for a running run, 404 for an unknown one, 400 naming the field", async () => {
    const running = createRun(db, { name: "live", recipe: "demo", pool: "local", status: "queued" }).run.id;
    const pk = db.$client.prepare("SELECT pk FROM runs WHERE id = ?").pluck().get(running) as number;
    enqueueJob(db.$client, { runPk: pk, pool: "local", argv: ["true"], env: {}, resources: { gpus: 0 }, maxAttempts: 1 });
    expect(await refusal(runsApi(admin).remove({ id: running }))).toEqual({ code: "CONFLICT", message: expect.stringContaining("cancel it first") });
    expect((await refusal(runsApi(admin).restore({ id: "nosuchrun" }))).code).toBe("NOT_FOUND");
    expect((await refusal(runsApi(admin).update({ id: "nosuchrun", name: "x" }))).code).toBe("NOT_FOUND");
    expect(await refusal(runsApi(admin).update({ id: running, name: "  " }))).toEqual({ code: "BAD_REQUEST", message: expect.stringContaining("must not be empty") });
  });

  it("needs a signed-in admin to change a run", async () => {
    const id = createRun(db, { name: "a", status: "succeeded" }).run.id;
    const sdk = createApiKey(db, { name: "trainer", role: "sdk" });
    expect((await refusal(runsApi(null).update({ id, name: "x" }))).code).toBe("UNAUTHORIZED");
    expect((await refusal(runsApi({ keyId: sdk.id, role: "sdk" }).remove({ id }))).code).toBe("UNAUTHORIZED");
    expect((await refusal(runsApi(null).restore({ id }))).code).toBe("UNAUTHORIZED");
  });
});
