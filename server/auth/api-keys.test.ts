import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { openDatabase, type Db } from "@/db";
import { AppError } from "../errors";
import { apiKeyFile } from "../config";
import { authenticate, createApiKey, ensureBootstrapKey, hashApiKey, listApiKeys, revokeApiKey } from "./api-keys";
import { createSession, resolveSession } from "./sessions";

let db: Db;
let dataDir: string;
beforeEach(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "api-keys-"));
  db = openDatabase(path.join(dataDir, "skillboard.db"));
});

const bearer = (key: string) => `Bearer ${key}`;
/** The AppError a call throws (status and message), or null. */
function thrown(fn: () => unknown): AppError | null {
  try {
    fn();
    return null;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
}
const sessionCount = (keyId: number) => db.$client.prepare("SELECT count(*) FROM sessions WHERE api_key_id = ?").pluck().get(keyId);

describe("revokeApiKey", () => {
  it("stops the key at once, even when it was just used (cached), with a 401 that says when", () => {
    const admin = ensureBootstrapKey(db, dataDir, "bootstrap-admin-key");
    const sdk = createApiKey(db, { name: "trainer", role: "sdk" });
    expect(authenticate(db, bearer(sdk.key))).toEqual({ keyId: sdk.id, role: "sdk" });
    expect(authenticate(db, bearer(sdk.key))).toEqual({ keyId: sdk.id, role: "sdk" });

    const revokedAt = Date.UTC(2026, 10, 27, 9, 30);
    const revoked = revokeApiKey(db, sdk.id, revokedAt);
    expect(revoked).toMatchObject({ id: sdk.id, name: "trainer", role: "sdk", prefix: sdk.key.slice(0, 7), revokedAt });
    const error = thrown(() => authenticate(db, bearer(sdk.key)));
    expect(error?.status).toBe(401);
    expect(error?.message).toBe("This API key was revoked on 2026-11-27T09:30:00.000Z.");
    expect(authenticate(db, bearer(admin.key)).role).toBe("admin");
    expect(listApiKeys(db).find((k) => k.id === sdk.id)?.revokedAt).toBe(revokedAt);
  });

  it("signs out the key's browser sessions, and sessions of a revoked key are ignored", () => {
    ensureBootstrapKey(db, dataDir, "bootstrap-admin-key");
    const second = createApiKey(db, { name: "second admin", role: "admin" });
    const { token } = createSession(db, second.key);
    expect(resolveSession(db, token)).toEqual({ keyId: second.id, role: "admin" });
    expect(sessionCount(second.id)).toBe(1);

    revokeApiKey(db, second.id);
    expect(sessionCount(second.id)).toBe(0);
    expect(resolveSession(db, token)).toBeNull();
    // A session row left behind (e.g. written by another process) does not sign anyone in either.
    db.$client
      .prepare("INSERT INTO sessions (token_hash, api_key_id, created_at, expires_at) VALUES (?, ?, 0, ?)")
      .run(hashApiKey("left-behind"), second.id, Date.now() + 60_000);
    expect(resolveSession(db, "left-behind")).toBeNull();

    const signIn = thrown(() => createSession(db, second.key));
    expect(signIn?.status).toBe(401);
    expect(signIn?.message).toMatch(/^This API key was revoked on /);
  });

  it("refuses the last active admin key with 409, and allows it once another admin key exists", () => {
    const admin = ensureBootstrapKey(db, dataDir);
    const adminId = listApiKeys(db)[0].id;
    createApiKey(db, { name: "trainer", role: "sdk" });
    const error = thrown(() => revokeApiKey(db, adminId));
    expect(error?.status).toBe(409);
    expect(error?.message).toContain("would lock everyone out; create another admin key first");
    expect(authenticate(db, bearer(admin.key)).role).toBe("admin");

    const other = createApiKey(db, { name: "ops", role: "admin" });
    expect(revokeApiKey(db, adminId).revokedAt).not.toBeNull();
    expect(thrown(() => revokeApiKey(db, other.id))?.status).toBe(409);
  });

  it("answers 404 for an unknown id", () => {
    const error = thrown(() => revokeApiKey(db, 999));
    expect(error?.status).toBe(404);
    expect(error?.message).toBe("API key '999' does not exist.");
  });

  it("is idempotent: revoking a revoked key keeps its first revokedAt", () => {
    const worker = createApiKey(db, { name: "gpu-box", role: "worker" });
    const first = revokeApiKey(db, worker.id, 1_000);
    const again = revokeApiKey(db, worker.id, 2_000);
    expect(again).toEqual(first);
    expect(again.revokedAt).toBe(1_000);
  });
});

describe("ensureBootstrapKey", () => {
  it("does not reactivate a revoked SKILLBOARD_API_KEY or data-dir key, and reports it", () => {
    expect(ensureBootstrapKey(db, dataDir, "env-admin-key").revokedAt).toBeNull();
    const created = ensureBootstrapKey(db, dataDir);
    expect(created.source).toBe("created");
    expect(fs.readFileSync(apiKeyFile(dataDir), "utf8").trim()).toBe(created.key);
    const [envRow, fileRow] = listApiKeys(db);
    createApiKey(db, { name: "ops", role: "admin" });
    revokeApiKey(db, envRow.id, 5_000);
    revokeApiKey(db, fileRow.id, 6_000);

    expect(ensureBootstrapKey(db, dataDir, "env-admin-key")).toEqual({ key: "env-admin-key", source: "env", revokedAt: 5_000 });
    expect(ensureBootstrapKey(db, dataDir)).toEqual({ key: created.key, source: "file", revokedAt: 6_000 });
    expect(thrown(() => authenticate(db, bearer("env-admin-key")))?.status).toBe(401);
    expect(thrown(() => authenticate(db, bearer(created.key)))?.status).toBe(401);
  });
});
