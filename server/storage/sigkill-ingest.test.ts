import { describe, expect, it } from "vitest";
import { runSigkillIngest } from "./testing/sigkill-ingest";

describe("SIGKILL during SDK ingest", () => {
  it("stores every point, log line and trajectory from 4 writer processes exactly once across 20 kills of the server", async () => {
    const report = await runSigkillIngest({ kills: 20, writers: 4, log: process.env.SKILLBOARD_FAULTS_VERBOSE ? console.log : undefined });
    const ms = (xs: number[]) => `median ${Math.round(xs.sort((a, b) => a - b)[xs.length >> 1])} ms, max ${Math.round(Math.max(...xs))} ms`;
    console.log(
      `SIGKILL ingest (seed ${report.seed}): ${report.kills} kills, ${report.writers} writers; stored exactly once: ${report.points} points, ` +
        `${report.logLines} log lines, ${report.trajectories} trajectories; restart ${ms(report.restartMs)}; ingest resumed ${ms(report.resumeMs)} after a kill; ` +
        `${(report.durationMs / 1000).toFixed(1)} s in all`,
    );
    expect(report.problems, `seed ${report.seed}`).toEqual([]);
    expect(report.kills).toBe(20);
    expect(report.points).toBeGreaterThan(0);
  }, 1_800_000); // a hang guard: each kill waits on conditions (the server listening, ingest resuming), however loaded the machine
});
