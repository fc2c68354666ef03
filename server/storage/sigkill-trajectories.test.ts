import { describe, expect, it } from "vitest";
import { runSigkillTrajectories } from "./testing/sigkill-trajectories";

describe("SIGKILL during trajectory writes", () => {
  it("leaves every indexed trajectory opening (its blob there, its hash matching) across 10 kills; the next start sweeps what the kills left", async () => {
    const report = await runSigkillTrajectories({ kills: 10, writers: 3, log: process.env.SKILLBOARD_FAULTS_VERBOSE ? console.log : undefined });
    const restart = [...report.restartMs].sort((a, b) => a - b);
    console.log(
      `SIGKILL trajectories (seed ${report.seed}): ${report.kills} kills; ${report.rowsCheckedAfterKills} rows checked on disk after the kills, ` +
        `${report.killsMidBlobWrite} kills mid blob write, ${report.killsWithOrphanBlobs} left orphan blobs; ${report.trajectories} trajectories at the end, each opens; ` +
        `restart median ${Math.round(restart[restart.length >> 1])} ms; ${(report.durationMs / 1000).toFixed(1)} s in all`,
    );
    expect(report.problems, `seed ${report.seed}`).toEqual([]);
    expect(report.kills).toBe(10);
    expect(report.trajectories).toBeGreaterThan(0);
  }, 1_800_000); // a hang guard: each restart waits on the server listening, however loaded the machine
});
