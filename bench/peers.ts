/**
 * npm run bench:peers [-- --runs 200 --steps 1000 --series-points 1000000 --list-runs 10000 --reads 10 --tools skillboard,mlflow,aim]
 *
 * Skillboard beside the tools a user would otherwise pick, on this machine and in the same run, fed the
 * same work through each tool's own client: a `bin/skillboard server` (Python SDK), the MLflow tracking
 * server (`mlflow server`, SQLite backend; MlflowClient) and Aim (its SDK writing a local repo, read back
 * with its query API). Measures ingest (values/s until stored and readable), a chart read of a
 * 1,000,000-point series (ms), the runs list with its latest values (ms) and disk bytes per value.
 * Prints a Markdown table and ends with one JSON line. Method: docs/peers-benchmark.md.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { spawnServer, REPO_ROOT } from "./spawn-server";
import { runDriver } from "./peers/driver";
import { renderTable, TOOLS, type Row, type Tool } from "./peers/report";
import { benchPython, folderBytes, startMlflowServer } from "./peers/stores";

const { values: args } = parseArgs({
  options: {
    runs: { type: "string", default: "200" },
    steps: { type: "string", default: "1000" },
    "series-points": { type: "string", default: "1000000" },
    "list-runs": { type: "string", default: "10000" },
    reads: { type: "string", default: "10" },
    tools: { type: "string", default: TOOLS.join(",") },
    keep: { type: "boolean", default: false },
  },
});
const RUNS = Number(args.runs);
const STEPS = Number(args.steps);
const SERIES = Number(args["series-points"]);
const LIST_RUNS = Number(args["list-runs"]);
const READS = Number(args.reads);
const SKILLS = 5;
const tools = args.tools.split(",").map((t) => t.trim()) as Tool[];
for (const t of tools) if (!TOOLS.includes(t)) throw new Error(`--tools: unknown tool '${t}' (one of ${TOOLS.join(", ")})`);

interface Timed {
  seconds: number;
  values: number;
  indexSeconds?: number;
  runId?: string;
}
interface Read {
  ms: number;
  points?: number;
  runs?: number;
  withValues?: number;
}
interface Measured {
  ingest: Timed;
  ingestDict?: Timed;
  series: Timed;
  read: Read;
  extra: { seconds: number };
  list: Read;
  bytes: number;
}

const log = (line: string) => console.error(`[peers ${new Date().toISOString().slice(11, 19)}] ${line}`);

async function measure(tool: Tool, python: string, env: Record<string, string>, storeDir: string): Promise<Measured> {
  const drive = <T>(phase: string, a: Record<string, unknown> = {}) => runDriver<T>(python, tool, phase, a, env);
  if (tool === "aim") await drive("init");
  const empty = folderBytes(storeDir);
  log(`${tool}: ingest ${RUNS} runs × ${SKILLS} skills × ${STEPS} steps`);
  const ingest = await drive<Timed>("ingest", { runs: RUNS, steps: STEPS });
  const bytes = folderBytes(storeDir) - empty;
  // Aim's only batching is one track({...}) per step; measured on a twentieth of the runs.
  const ingestDict = tool === "aim" ? await drive<Timed>("ingest-dict", { runs: Math.max(1, Math.round(RUNS / 20)), steps: STEPS }) : undefined;
  log(`${tool}: one ${SERIES.toLocaleString("en-US")}-point series`);
  const series = await drive<Timed>("series", { points: SERIES });
  log(`${tool}: chart read`);
  const read = await drive<Read>("read", { runId: series.runId, reads: READS });
  const extraCount = Math.max(0, LIST_RUNS - RUNS - 1);
  log(`${tool}: ${extraCount} more runs for the runs list`);
  const extra = await drive<{ seconds: number }>("extra-runs", { count: extraCount });
  log(`${tool}: runs list`);
  const list = await drive<Read>("list", { reads: READS, limit: LIST_RUNS });
  return { ingest, ingestDict, series, read, extra, list, bytes };
}

function pythonVersions(python: string): { mlflow: string; aim: string } {
  const out = execFileSync(python, ["-c", "import json, importlib.metadata as m; print(json.dumps({'mlflow': m.version('mlflow'), 'aim': m.version('aim')}))"], { encoding: "utf8" });
  return JSON.parse(out);
}

async function main() {
  const python = benchPython();
  const versions = pythonVersions(python);
  const skillboardVersion = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")).version as string;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "skillboard-peers-"));
  const loadBefore = os.loadavg();
  log(`work dir ${tmp}; load average ${loadBefore.map((l) => l.toFixed(2)).join(" ")}`);
  const results: Partial<Record<Tool, Measured>> = {};
  const stops: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const stop of stops.splice(0).reverse()) await stop().catch(() => {});
  };
  process.once("SIGINT", () => void stopAll().then(() => process.exit(130)));
  try {
    for (const tool of tools) {
      if (tool === "skillboard") {
        const apiKey = "peers-bench-key";
        const dataDir = path.join(tmp, "skillboard");
        const server = await spawnServer({ dataDir, apiKey, apiOnly: true });
        stops.push(server.stop);
        results.skillboard = await measure(tool, python, { SKILLBOARD_URL: server.url, SKILLBOARD_API_KEY: apiKey, SKILLBOARD_SPOOL_DIR: path.join(tmp, "spool") }, dataDir);
        await stopAll();
      } else if (tool === "mlflow") {
        const dir = path.join(tmp, "mlflow");
        const server = await startMlflowServer(python, dir);
        stops.push(server.stop);
        results.mlflow = await measure(tool, python, { MLFLOW_TRACKING_URI: server.url }, dir);
        await stopAll();
      } else {
        const dir = path.join(tmp, "aim");
        fs.mkdirSync(dir, { recursive: true });
        results.aim = await measure(tool, python, { AIM_REPO: dir }, dir);
      }
    }
  } finally {
    await stopAll();
    if (!args.keep) fs.rmSync(tmp, { recursive: true, force: true });
  }
  const loadAfter = os.loadavg();

  const perTool = (f: (m: Measured, t: Tool) => number | string): Record<Tool, number | string> =>
    Object.fromEntries(TOOLS.map((t) => [t, results[t] ? f(results[t]!, t) : "not run"])) as Record<Tool, number | string>;
  const values = RUNS * STEPS * SKILLS;
  const rows: Row[] = [
    {
      label: `ingest, ${RUNS} runs × ${SKILLS} skills × ${STEPS} steps`,
      unit: "values/s",
      better: "higher",
      values: perTool((m) => m.ingest.values / m.ingest.seconds),
      how: {
        skillboard: "Python SDK init / log({5 skills}, step) / finish per run; finish waits for the upload",
        mlflow: "MlflowClient create_run / log_batch of 1,000 values / set_terminated per run",
        aim: `Run() / track() per value / close() per run, then indexed so its query API sees it${results.aim?.ingestDict ? ` (index: ${results.aim.ingest.indexSeconds!.toFixed(1)} s); track({5 skills}, step), its only batching, reaches ${Math.round(results.aim.ingestDict.values / results.aim.ingestDict.seconds).toLocaleString("en-US")} values/s` : ""}`,
      },
    },
    {
      label: `ingest, one ${SERIES.toLocaleString("en-US")}-step series`,
      unit: "values/s",
      better: "higher",
      values: perTool((m) => m.series.values / m.series.seconds),
      how: { skillboard: "SDK log({key: v}, step) per step", mlflow: "log_batch of 1,000 values", aim: "track() per value, then indexed" },
    },
    {
      label: `chart read of the ${SERIES.toLocaleString("en-US")}-point series`,
      unit: `ms, median of ${READS}`,
      better: "lower",
      values: perTool((m) => m.read.ms),
      how: {
        skillboard: `GET /api/v1/runs/:id/metrics?keys=…&maxPoints=1000 (${results.skillboard?.read.points ?? "–"} points back)`,
        mlflow: `the UI's GET /ajax-api/2.0/mlflow/metrics/get-history-bulk-interval?max_results=1000 (${results.mlflow?.read.points ?? "–"} points back)`,
        aim: `what its metric explorer does: Run.get_metric(…).data.sample(1000).numpy() in-process, no HTTP (${results.aim?.read.points ?? "–"} points back)`,
      },
    },
    {
      label: `runs list, ${LIST_RUNS.toLocaleString("en-US")} runs with latest values`,
      unit: `ms, median of ${READS}`,
      better: "lower",
      values: perTool((m) => m.list.ms),
      how: {
        skillboard: `GET /api/v1/runs?limit=${LIST_RUNS}&include=latestPass1, as the runs table loads (${results.skillboard?.list.runs ?? "–"} runs)`,
        mlflow: `MlflowClient.search_runs(max_results=${LIST_RUNS}), one request (${results.mlflow?.list.runs ?? "–"} runs)`,
        aim: `Repo.query_runs(…).iter_runs() + collect_sequence_info (last values), as its runs explorer streams them, in-process (${results.aim?.list.runs ?? "–"} runs)`,
      },
    },
    {
      label: `disk after the ingest of ${values.toLocaleString("en-US")} values`,
      unit: "bytes/value",
      better: "lower",
      values: perTool((m) => m.bytes / values),
      how: { skillboard: "data folder (SQLite + WAL) growth", mlflow: "mlflow.db + artifacts growth", aim: "repo folder growth (RocksDB per run + index + SQLite)" },
    },
  ];

  console.log(`\n## Skillboard vs MLflow vs Aim (${new Date().toISOString().slice(0, 10)})\n`);
  console.log(renderTable(rows));
  console.log(
    `\nSkillboard ${skillboardVersion} (bin/skillboard server --api-only, Node ${process.version}), MLflow ${versions.mlflow} (mlflow server, SQLite), Aim ${versions.aim} (local repo); ` +
      `${os.cpus().length} × ${os.cpus()[0]?.model ?? "CPU"}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.type()} ${os.release()}; ` +
      `load average before ${loadBefore.map((l) => l.toFixed(2)).join(" ")}, after ${loadAfter.map((l) => l.toFixed(2)).join(" ")}.`,
  );
  const pick = (row: Row) => Object.fromEntries(TOOLS.map((t) => [t, typeof row.values[t] === "number" ? Number((row.values[t] as number).toFixed(2)) : row.values[t]]));
  console.log(JSON.stringify({ ingest: pick(rows[0]), query: pick(rows[2]), runsList: pick(rows[3]), bytesPerValue: pick(rows[4]) }));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
