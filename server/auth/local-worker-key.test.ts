import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { openDatabase } from "@/db";
import { authenticate, ensureBootstrapKey, listApiKeys, revokeApiKey } from "./api-keys";
import { ensureLocalWorkerKey, LOCAL_WORKER_KEY_NAME, localWorkerKeyFile } from "./local-worker-key";

describe("the embedded worker's key", () => {
  it("is a worker key kept across starts, and replaced at the next start once an admin revoked it", () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "local-worker-key-"));
    const db = openDatabase(path.join(dataDir, "skillboard.db"));
    const admin = ensureBootstrapKey(db, dataDir).key;
    const first = ensureLocalWorkerKey(db, dataDir);
    expect(first).not.toBe(admin);
    expect(ensureLocalWorkerKey(db, dataDir)).toBe(first);
    expect(authenticate(db, `Bearer ${first}`).role).toBe("worker");
    expect(fs.statSync(localWorkerKeyFile(dataDir)).mode & 0o777).toBe(0o600);

    const listed = listApiKeys(db).find((k) => k.name === LOCAL_WORKER_KEY_NAME)!;
    expect(listed).toMatchObject({ role: "worker", prefix: first.slice(0, 7), project: null });
    revokeApiKey(db, listed.id);
    const second = ensureLocalWorkerKey(db, dataDir);
    expect(second).not.toBe(first);
    expect(fs.readFileSync(localWorkerKeyFile(dataDir), "utf8").trim()).toBe(second);
    expect(authenticate(db, `Bearer ${second}`).role).toBe("worker");
    expect(() => authenticate(db, `Bearer ${first}`)).toThrow(/revoked/);

    // A key file holding the admin key (copied by hand, say) is not used for the worker.
    fs.writeFileSync(localWorkerKeyFile(dataDir), `${admin}\n`);
    const third = ensureLocalWorkerKey(db, dataDir);
    expect(third).not.toBe(admin);
    expect(authenticate(db, `Bearer ${third}`).role).toBe("worker");
    db.$client.close();
  });
});
