import { spawn } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { spawnProcessGroup, stopProcessGroup } from "./process-group";
import { isAlive, waitFor } from "./testing/harness";

const env = process.env;

/** Starts a shell that backgrounds `sleep 1000`, prints both pids, and then runs `rest`. */
function startTree(rest: string) {
  const group = spawnProcessGroup(["sh", "-c", `sleep 1000 & echo "$$ $!"; ${rest}`], { cwd: "/", env });
  let out = "";
  group.child.stdout!.on("data", (d) => (out += d));
  const pids = waitFor("pids", () => (out.includes("\n") ? out.trim().split(" ").map(Number) : null));
  return { group, pids };
}

describe("process groups", () => {
  it("SIGTERM stops the process and its children", async () => {
    const { group, pids } = startTree("wait");
    const [shell, sleeper] = await pids;
    expect(isAlive(sleeper)).toBe(true);
    const exit = await stopProcessGroup(group, 5_000);
    expect(exit.signal).toBe("SIGTERM");
    await waitFor("the tree to be gone", () => !isAlive(shell) && !isAlive(sleeper), 30_000);
  });

  it("SIGKILL follows after the grace period when SIGTERM is ignored", async () => {
    const { group, pids } = startTree("trap '' TERM; while :; do sleep 0.1; done");
    await pids;
    const t0 = Date.now();
    const exit = await stopProcessGroup(group, 500);
    expect(exit.signal).toBe("SIGKILL");
    expect(Date.now() - t0).toBeGreaterThanOrEqual(450);
  });

  it("kills what is left of the group when the leader exits", async () => {
    const { group, pids } = startTree("exit 3");
    const [, sleeper] = await pids;
    expect((await group.exited).code).toBe(3);
    await waitFor("the background child to be gone", () => !isAlive(sleeper), 30_000);
  });

  it.each([
    ["stops the group when the parent is killed with SIGKILL", "plain"],
    ["then SIGKILLs a group that ignores SIGTERM", "ignore-term"],
  ])("%s", async (_name, mode) => {
    const root = path.resolve(import.meta.dirname, "../..");
    const parent = spawn(process.execPath, ["--import", path.join(root, "node_modules/tsx/dist/loader.mjs"), path.join(import.meta.dirname, "testing/orphaning-parent.ts"), mode], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    parent.stdout!.on("data", (d) => (out += d));
    const [shell, sleeper] = await waitFor("pids", () => (out.includes("\n") ? out.trim().split(" ").map(Number) : null));
    expect(isAlive(shell) && isAlive(sleeper)).toBe(true);
    parent.kill("SIGKILL");
    await waitFor("the orphaned tree to be gone", () => !isAlive(shell) && !isAlive(sleeper), 30_000);
  });

  it("reports a program that cannot be started", async () => {
    const exit = await spawnProcessGroup(["/nonexistent/program"], { cwd: "/", env }).exited;
    expect(exit.spawnError?.message).toMatch(/ENOENT/);
  });
});
