/**
 * npm run bench:scale:compare [-- --history N]
 * npm run bench:scale:writers [-- --writers 64 --threads 4 --seconds 20 --rate 200000 --api-only --profile-server DIR]
 *
 * One part of `npm run bench:scale` on its own, against a fresh
 * `bin/skillboard server` over a temp data folder (the compare part needs a
 * `next build`; SKILLBOARD_NEXT_DIST_DIR picks its folder). `--history N`
 * first fills the database with N runs of lab history (bench/scale/seed.ts),
 * so the compare runs against a large database. `--profile-server DIR`
 * writes the server's CPU profile there when it stops (node --cpu-prof).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { spawnServer } from "../spawn-server";
import { measureCompare } from "./compare";
import type { Row } from "./row";
import { seedScale } from "./seed";
import { measureWriters } from "./writers";

const { values: args, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    history: { type: "string", default: "0" },
    writers: { type: "string", default: "64" },
    threads: { type: "string", default: "4" },
    seconds: { type: "string", default: "20" },
    rate: { type: "string", default: "200000" },
    "profile-server": { type: "string" },
    "api-only": { type: "boolean", default: false },
  },
});
const part = positionals[0];
if (part !== "compare" && part !== "writers") {
  console.error("usage: tsx bench/scale/run-alone.ts compare|writers [options]");
  process.exit(2);
}

function print(rows: Row[]) {
  const width = Math.max(...rows.map((r) => r.name.length));
  for (const r of rows) {
    console.log(`${r.ok ? "ok  " : "MISS"} ${r.name.padEnd(width)}  ${r.value.toLocaleString("en-US").padStart(9)} ${r.unit.padEnd(9)} target ${r.target}`);
  }
}

async function main() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `skillboard-bench-${part}-`));
  const dbFile = path.join(dataDir, "skillboard.db");
  const history = Number(args.history);
  if (history > 0) {
    const seeded = seedScale(dbFile, { runs: history, groups: Math.max(1, Math.round(history / 50)), steps: 20 });
    seeded.db.$client.close();
    console.log(`seeded ${history.toLocaleString("en-US")} runs of history in ${seeded.seconds.toFixed(1)} s`);
  }
  const apiKey = `bench-${Math.random().toString(36).slice(2)}`;
  const profileDir = args["profile-server"] && path.resolve(args["profile-server"]);
  const apiOnly = part === "writers" && args["api-only"];
  const server = await spawnServer({ dataDir, apiKey, apiOnly, profileDir });
  try {
    const rows =
      part === "compare"
        ? await measureCompare({ url: server.url, apiKey, dbFile })
        : await measureWriters({ url: server.url, apiKey, writers: Number(args.writers), threads: Number(args.threads), seconds: Number(args.seconds), rate: Number(args.rate) });
    print(rows);
  } finally {
    await server.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
    if (profileDir) console.log(`server CPU profile in ${profileDir}`);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
