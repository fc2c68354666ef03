import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAppContext, type AppContext } from "../context";
import { createCaller } from "../root";
import { REPO_ROOT } from "../testing/test-server";
import { parsePoolsConfig } from "./config";
import { POOL_STATUS_TTL_MS, poolStatus } from "./pool-status-cache";

/**
 * Pool status runs `sinfo` (a real process: a stand-in script on the pool's PATH that
 * records each call in a file) at most once per POOL_STATUS_TTL_MS however many ask at
 * once, and never for a reader who is not signed in.
 */
let dir: string;
let calls: string;
let app: AppContext;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "skillboard-pool-status-"));
  const bin = path.join(dir, "bin");
  fs.mkdirSync(bin);
  calls = path.join(dir, "sinfo-calls");
  // Slow enough (0.3 s) that concurrent callers overlap with the one check in flight.
  fs.writeFileSync(
    path.join(bin, "sinfo"),
    `#!/bin/sh
echo "$*" >> "${calls}"
sleep 0.3
case "$*" in *--version*) echo "slurm 23.02.0" ;; *) echo "node1|idle|0/4/0/4|gpu:2|gpu:0" ;; esac
`,
    { mode: 0o755 },
  );
  app = createAppContext({ port: 0, host: "127.0.0.1", dataDir: path.join(dir, "data") }, { rootDir: REPO_ROOT });
  app.pools = parsePoolsConfig(
    `pools:\n  cluster:\n    type: slurm\n    partition: debug\n    commandEnv:\n      PATH: "${bin}:${process.env.PATH}"\n`,
    "pools.yaml",
  );
});
afterAll(() => {
  app?.db.$client.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Node-list checks sinfo ran (each check also asks `sinfo --version`). */
const checksRun = () => (fs.existsSync(calls) ? fs.readFileSync(calls, "utf8").split("\n").filter((l) => l && !l.includes("--version")).length : 0);

const anonymous = () => createCaller({ app, principal: null });
const signedIn = () => createCaller({ app, principal: { keyId: 1, role: "viewer" } });

describe("pools.status", () => {
  it("runs nothing for a reader who is not signed in: 'sign in to refresh' until someone signed in has looked", async () => {
    const pools = await Promise.all(Array.from({ length: 5 }, () => anonymous().pools.status()));
    const cluster = pools[0].find((p) => p.name === "cluster")!;
    expect(cluster).toMatchObject({ signInToRefresh: true, checkedAt: null });
    expect(pools[0].find((p) => p.name === "local")).toMatchObject({ signInToRefresh: false, status: { reachable: true } });
    expect(checksRun()).toBe(0);
  });

  it("20 concurrent signed-in calls run sinfo once; calls within the cache period run it no more", async () => {
    const pools = await Promise.all(Array.from({ length: 20 }, () => signedIn().pools.status()));
    for (const p of pools) expect(p.find((x) => x.name === "cluster")!.status).toMatchObject({ reachable: true, nodes: [{ name: "node1", gpus: "2" }] });
    expect(checksRun()).toBe(1);
    // Asked again at the moment of that check (a clock that does not move: no timing in the test).
    const checkedAt = Date.parse(pools[0].find((x) => x.name === "cluster")!.checkedAt!);
    await Promise.all(Array.from({ length: 20 }, () => poolStatus(app, { mayRefresh: true, now: () => checkedAt + POOL_STATUS_TTL_MS - 1 })));
    expect(checksRun()).toBe(1);
  });

  it("a reader who is not signed in gets that last check, and still starts none", async () => {
    const cluster = (await anonymous().pools.status()).find((p) => p.name === "cluster")!;
    expect(cluster).toMatchObject({ signInToRefresh: false, status: { reachable: true, nodes: [{ name: "node1" }] } });
    expect(cluster.checkedAt).not.toBeNull();
    const later = () => Date.now() + 10 * POOL_STATUS_TTL_MS;
    await Promise.all(Array.from({ length: 10 }, () => poolStatus(app, { mayRefresh: false, now: later })));
    expect(checksRun()).toBe(1);
  });

  it("once the cache period has passed, the next concurrent signed-in calls run one new check", async () => {
    const later = () => Date.now() + POOL_STATUS_TTL_MS + 1;
    await Promise.all(Array.from({ length: 10 }, () => poolStatus(app, { mayRefresh: true, now: later })));
    expect(checksRun()).toBe(2);
  });
});
