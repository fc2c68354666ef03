import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { TRPCError } from "@trpc/server";
import { beforeEach, describe, expect, it } from "vitest";
import { openDatabase, type Db } from "@/db";
import type { AppContext } from "../context";
import { createCaller } from "../root";
import { authenticate, createApiKey, ensureBootstrapKey, type Principal } from "./api-keys";

/** The keys page's door: the same domain functions as REST, behind a signed-in admin. */
let db: Db;
let admin: Principal;
beforeEach(() => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "auth-router-"));
  db = openDatabase(path.join(dir, "skillboard.db"));
  admin = authenticate(db, `Bearer ${ensureBootstrapKey(db, dir, "router-admin-key").key}`);
});
const caller = (principal: Principal | null) => createCaller({ app: { db } as AppContext, principal });

async function trpcError(promise: Promise<unknown>): Promise<TRPCError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(TRPCError);
  return error as TRPCError;
}

describe("auth router", () => {
  it("lists, creates and revokes keys for a signed-in admin", async () => {
    const created = await caller(admin).auth.createKey({ name: "  trainer ", role: "sdk" });
    expect(created).toMatchObject({ name: "trainer", role: "sdk", prefix: created.key.slice(0, 7), revokedAt: null });
    const { keys, currentKeyId } = await caller(admin).auth.keys();
    expect(currentKeyId).toBe(admin.keyId);
    expect(keys.map((k) => k.name)).toEqual(["bootstrap (SKILLBOARD_API_KEY)", "trainer"]);
    expect(keys[1]).not.toHaveProperty("key");

    const revoked = await caller(admin).auth.revokeKey({ id: created.id });
    expect(revoked.revokedAt).toEqual(expect.any(Number));
    expect(() => authenticate(db, `Bearer ${created.key}`)).toThrow(/revoked on/);
  });

  it("maps domain errors: 409 for the last admin key, 404 for an unknown one", async () => {
    const conflict = await trpcError(caller(admin).auth.revokeKey({ id: admin.keyId }));
    expect(conflict.code).toBe("CONFLICT");
    expect(conflict.message).toContain("would lock everyone out");
    expect((await trpcError(caller(admin).auth.revokeKey({ id: 4242 }))).code).toBe("NOT_FOUND");
    expect((await trpcError(caller(admin).auth.revokeKey({ id: 0 }))).code).toBe("BAD_REQUEST");
  });

  it("needs a signed-in admin", async () => {
    const sdk = createApiKey(db, { name: "trainer", role: "sdk" });
    expect((await trpcError(caller(null).auth.keys())).code).toBe("UNAUTHORIZED");
    expect((await trpcError(caller({ keyId: sdk.id, role: "sdk" }).auth.createKey({ name: "x", role: "admin" }))).code).toBe("UNAUTHORIZED");
    expect((await trpcError(caller(null).auth.revokeKey({ id: admin.keyId }))).code).toBe("UNAUTHORIZED");
  });
});
