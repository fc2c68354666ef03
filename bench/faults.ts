/**
 * npm run bench:faults [-- --kills N --writers N --trajectory-kills N --seed N]
 *
 * The fault tests' scenarios with their figures (the same code as
 * server/storage/sigkill-*.test.ts, which assert on them):
 * 1. SIGKILL a real `bin/skillboard server` process N times (default 20) at random
 *    points while 4 trainer processes log through the TypeScript SDK; restart it on
 *    the same port and data folder. Counts what is stored after every restart and at
 *    the end, and times kill → listening and kill → ingest resumed.
 * 2. SIGKILL it N times (default 10) while 3 clients post large trajectories; after
 *    each kill every indexed trajectory's blob is checked on disk.
 */
import { parseArgs } from "node:util";
import { runSigkillIngest } from "@/server/storage/testing/sigkill-ingest";
import { runSigkillTrajectories } from "@/server/storage/testing/sigkill-trajectories";
import { percentile } from "@/server/storage/testing/wait";

const { values: args } = parseArgs({
  options: {
    kills: { type: "string", default: "20" },
    writers: { type: "string", default: "4" },
    "trajectory-kills": { type: "string", default: "10" },
    seed: { type: "string" },
  },
});
const seed = args.seed === undefined ? undefined : Number(args.seed);
const fmt = (n: number) => Math.round(n).toLocaleString("en-US");
const spread = (xs: number[]) => `p50 ${fmt(percentile(xs, 50))} ms, p95 ${fmt(percentile(xs, 95))} ms, max ${fmt(Math.max(...xs))} ms`;
const log = (line: string) => console.log(`  ${line}`);

console.log(`SIGKILL during SDK ingest: ${args.kills} kills, ${args.writers} writer processes`);
const ingest = await runSigkillIngest({ kills: Number(args.kills), writers: Number(args.writers), seed, log });
console.log(`  seed ${ingest.seed}; ${(ingest.durationMs / 1000).toFixed(1)} s`);
console.log(`  stored exactly once: ${fmt(ingest.points)} metric points, ${fmt(ingest.logLines)} log lines, ${fmt(ingest.trajectories)} trajectories`);
console.log(`  kill → server listening again: ${spread(ingest.restartMs)}`);
console.log(`  kill → ingest resumed (SDK retries and spools got through): ${spread(ingest.resumeMs)}`);
console.log(ingest.problems.length ? `  PROBLEMS:\n    ${ingest.problems.join("\n    ")}` : "  no point lost, duplicated or changed");

console.log(`\nSIGKILL during trajectory writes: ${args["trajectory-kills"]} kills, 3 writers`);
const traj = await runSigkillTrajectories({ kills: Number(args["trajectory-kills"]), writers: 3, seed, log });
console.log(`  seed ${traj.seed}; ${(traj.durationMs / 1000).toFixed(1)} s`);
console.log(
  `  ${fmt(traj.rowsCheckedAfterKills)} trajectory rows checked on disk with the server dead; ${traj.killsMidBlobWrite} kills landed mid blob write, ` +
    `${traj.killsWithOrphanBlobs} left orphan blobs (swept at the next start)`,
);
console.log(`  ${fmt(traj.trajectories)} trajectories at the end, each acknowledged once and each opening; kill → listening: ${spread(traj.restartMs)}`);
console.log(traj.problems.length ? `  PROBLEMS:\n    ${traj.problems.join("\n    ")}` : "  every indexed trajectory opens");
process.exitCode = ingest.problems.length || traj.problems.length ? 1 : 0;
