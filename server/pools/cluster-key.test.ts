import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { openDatabase } from "@/db";
import { authenticate, ensureBootstrapKey, listApiKeys, revokeApiKey } from "../auth/api-keys";
import { clusterKeyFile, ensureClusterJobKey } from "./cluster-key";

describe("the cluster jobs key", () => {
  it("is kept across calls, and replaced for the next jobs once an admin revoked it", () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "cluster-key-"));
    const db = openDatabase(path.join(dataDir, "skillboard.db"));
    ensureBootstrapKey(db, dataDir, "admin-key-for-cluster-test");
    const first = ensureClusterJobKey(db, dataDir);
    expect(ensureClusterJobKey(db, dataDir)).toBe(first);
    expect(authenticate(db, `Bearer ${first}`).role).toBe("sdk");

    const listed = listApiKeys(db).find((k) => first.startsWith(k.prefix) && k.name.startsWith("cluster jobs"))!;
    revokeApiKey(db, listed.id);
    const second = ensureClusterJobKey(db, dataDir);
    expect(second).not.toBe(first);
    expect(fs.readFileSync(clusterKeyFile(dataDir), "utf8").trim()).toBe(second);
    expect(authenticate(db, `Bearer ${second}`).role).toBe("sdk");
    expect(() => authenticate(db, `Bearer ${first}`)).toThrow(/revoked/);
    db.$client.close();
  });
});
