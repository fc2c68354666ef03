/**
 * The unit-test reward is the paper's: one trivial test no longer earns it.
 * Every unit-test task (both splits) is played with a single pinned test on
 * each of its inputs in turn, through the real tools and verifier.
 */
import { afterAll, describe, expect, it } from "vitest";
import { Sandbox } from "../../sandbox/sandbox";
import { loadWorld, WorldIndex } from "../../world/load";
import type { UnitTestTask } from "../../world/types";
import { makeEpisode } from "../make-episode";
import type { UnitTestEpisode } from "./unit-test";

const world = new WorldIndex(loadWorld());
const sandbox = new Sandbox();
afterAll(() => sandbox.close());

const tasks = [...world.tasks("unit_test", "train"), ...world.tasks("unit_test", "heldout")] as UnitTestTask[];

async function play(task: UnitTestTask, inputs: string[]) {
  const ep = makeEpisode(task, world, sandbox) as UnitTestEpisode;
  for (const input of inputs) {
    await ep.candidates().find((c) => c.tool === "add_test" && c.args.assert === "pinned" && c.args.call === `${task.fn}(${input})`)!.run();
  }
  await ep.candidates().find((c) => c.tool === "submit")!.run();
  return ep.verify();
}

describe("unit_test reward", () => {
  it("is earned by no single pinned test on at least 90% of the tasks", async () => {
    const perTask = await Promise.all(
      tasks.map(async (t) => {
        const results = await Promise.all(t.inputs.map((input) => play(t, [input])));
        for (const r of results) expect(r.details.passOnCorrectCode, t.id).toBe(true);
        return { id: t.id, singleEarns: results.some((r) => r.reward === 1), bestKillRate: Math.max(...results.map((r) => r.details.killRatio as number)) };
      }),
    );
    const earned = perTask.filter((r) => r.singleEarns);
    console.log(`unit_test: a single pinned test earns the reward on ${earned.length} of ${tasks.length} tasks; mean best single-test kill rate ${(perTask.reduce((a, r) => a + r.bestKillRate, 0) / tasks.length).toFixed(2)}`);
    expect(earned.length / tasks.length).toBeLessThanOrEqual(0.1);
  }, 120_000);

  it("is earned by pinning every input: the inputs expose the reported bug and every other mutant", async () => {
    const results = await Promise.all(tasks.map(async (t) => ({ id: t.id, v: await play(t, t.inputs) })));
    for (const { id, v } of results) {
      expect(v.details, id).toMatchObject({ passOnCorrectCode: true, killsReportedBug: true, killRatio: 1 });
      expect(v.reward, id).toBe(1);
    }
  }, 120_000);
});
