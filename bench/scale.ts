/**
 * npm run bench:scale [-- --runs 100000 --groups 2000 --steps 20 --data-dir DIR --only runs,compare,writers]
 *
 * A lab's history at scale, against a real `bin/skillboard server` (it needs a
 * `next build`; SKILLBOARD_NEXT_DIST_DIR picks the build folder):
 *  1. seeds N runs (each the five skills' Pass@1 over 20 steps, in G groups)
 *     into a real SQLite file (bench/scale/seed.ts);
 *  2. the runs page: server time of every sort, filter, search and page, the
 *     group filter's options, and the first rows painted in Chromium
 *     (bench/scale/runs-page.ts);
 *  3. compare of 200 runs (bench/scale/compare.ts);
 *  4. 64 trainers writing at once while the runs page polls (bench/scale/writers.ts).
 * Prints each figure against its target and ends with one JSON line of all figures.
 * `--data-dir` keeps the seeded folder and reuses it on the next run.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { spawnServer } from "./spawn-server";
import { measureCompare } from "./scale/compare";
import type { Row } from "./scale/row";
import { measureRunsPage } from "./scale/runs-page";
import { scaleGroupName, seedScale } from "./scale/seed";
import { measureWriters } from "./scale/writers";

const PARTS = ["runs", "compare", "writers"] as const;

const { values: args } = parseArgs({
  options: {
    runs: { type: "string", default: "100000" },
    groups: { type: "string", default: "2000" },
    steps: { type: "string", default: "20" },
    "data-dir": { type: "string" },
    only: { type: "string", default: PARTS.join(",") },
  },
});
const parts = new Set(args.only.split(",").map((p) => p.trim()));
for (const p of parts) if (!(PARTS as readonly string[]).includes(p)) throw new Error(`--only: unknown part '${p}' (one of ${PARTS.join(", ")})`);

function print(rows: Row[]) {
  const width = Math.max(...rows.map((r) => r.name.length));
  console.log("");
  for (const r of rows) {
    console.log(`${r.ok ? "ok  " : "MISS"} ${r.name.padEnd(width)}  ${r.value.toLocaleString("en-US").padStart(9)} ${r.unit.padEnd(9)} target ${r.target}`);
  }
}

async function main() {
  const keep = !!args["data-dir"];
  const dataDir = keep ? path.resolve(args["data-dir"]!) : fs.mkdtempSync(path.join(os.tmpdir(), "skillboard-bench-scale-"));
  fs.mkdirSync(dataDir, { recursive: true });
  const dbFile = path.join(dataDir, "skillboard.db");
  const runs = Number(args.runs);
  const seeded = seedScale(dbFile, { runs, groups: Number(args.groups), steps: Number(args.steps) });
  const { project, skills } = seeded;
  seeded.db.$client.close();
  console.log(`seeded ${runs.toLocaleString("en-US")} runs in ${Number(args.groups).toLocaleString("en-US")} groups (${dbFile}) in ${seeded.seconds.toFixed(1)} s`);

  const apiKey = `bench-${Math.random().toString(36).slice(2)}`;
  const server = await spawnServer({ dataDir, apiKey });
  const rows: Row[] = [];
  try {
    if (parts.has("runs")) rows.push(...(await measureRunsPage({ url: server.url, apiKey, project, oldGroup: scaleGroupName(0), skill: skills[1] ?? skills[0] })));
    if (parts.has("compare")) rows.push(...(await measureCompare({ url: server.url, apiKey, dbFile })));
    if (parts.has("writers")) rows.push(...(await measureWriters({ url: server.url, apiKey })));
  } finally {
    await server.stop();
    if (!keep) fs.rmSync(dataDir, { recursive: true, force: true });
  }
  print(rows);
  console.log(JSON.stringify({ bench: "scale", runs, groups: Number(args.groups), cpus: os.cpus().length, load: os.loadavg()[0], figures: rows }));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
