import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { TRPCError } from "@trpc/server";
import { beforeEach, describe, expect, it } from "vitest";
import { openDatabase, type Db } from "@/db";
import type { AppContext } from "../context";
import { createCaller } from "../root";
import { createRun } from "../runs/service";
import { createApiKey } from "./api-keys";
import { createSession, resolveSession } from "./sessions";

/** Who may sign a browser in, and what a viewer's session may do through tRPC. */
let db: Db;
beforeEach(() => {
  db = openDatabase(path.join(fs.mkdtempSync(path.join(os.tmpdir(), "sessions-")), "skillboard.db"));
});
const caller = (principal: { keyId: number; role: "admin" | "viewer" } | null) => createCaller({ app: { db } as AppContext, principal });

async function trpcError(promise: Promise<unknown>): Promise<TRPCError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(TRPCError);
  return error as TRPCError;
}

describe("sessions", () => {
  it("signs in admin and viewer keys, each session resolving to its role", () => {
    for (const role of ["admin", "viewer"] as const) {
      const key = createApiKey(db, { name: role, role });
      expect(resolveSession(db, createSession(db, key.key).token)).toEqual({ keyId: key.id, role });
    }
  });

  it("refuses SDK and worker keys with a 403 that says which keys can sign in", () => {
    for (const role of ["sdk", "worker"] as const) {
      const key = createApiKey(db, { name: role, role });
      expect(() => createSession(db, key.key)).toThrow(expect.objectContaining({ status: 403, message: expect.stringMatching(/^Only an admin or viewer key can sign in/) }));
    }
  });

  it("a viewer session reads, and every admin procedure refuses it with FORBIDDEN", async () => {
    const viewer = { keyId: createApiKey(db, { name: "reader", role: "viewer" }).id, role: "viewer" as const };
    const id = createRun(db, { name: "a", status: "succeeded" }).run.id;
    expect(await caller(viewer).auth.me()).toEqual({ signedIn: false, role: "viewer" });
    expect((await caller(viewer).runs.list({})).runs.map((r) => r.id)).toEqual([id]);

    for (const call of [caller(viewer).runs.update({ id, name: "x" }), caller(viewer).runs.remove({ id }), caller(viewer).auth.keys(), caller(viewer).auth.createKey({ name: "x", role: "admin" })]) {
      const error = await trpcError(call);
      expect(error.code).toBe("FORBIDDEN");
      expect(error.message).toMatch(/^Signed in read-only \(viewer key\): sign in with an admin key to /);
    }
    expect((await caller(viewer).runs.byId({ id })).run.name).toBe("a");
  });

  it("auth.me: an admin is signed in, nobody is nothing", async () => {
    const admin = { keyId: createApiKey(db, { name: "admin", role: "admin" }).id, role: "admin" as const };
    expect(await caller(admin).auth.me()).toEqual({ signedIn: true, role: "admin" });
    expect(await caller(null).auth.me()).toEqual({ signedIn: false, role: null });
  });
});
