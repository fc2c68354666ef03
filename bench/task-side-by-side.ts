/**
 * npm run bench:tasks (second part) [-- --mb 5 --reads 5]
 *
 * Side by side of two 5 MB trajectories of one task, against a real `bin/skillboard server`
 * (the dashboard built) in Debian's Chromium: from navigation until both sides' first turns
 * are painted and the first divergence (near the end, far past the first page) is shown.
 * Each read opens another pair of trajectories, so every one parses its bodies cold.
 * Target: < 1.5 s. Also the server side alone: the page's tRPC calls, timed over HTTP.
 */
import { chromium } from "@playwright/test";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import superjson from "superjson";
import { spawnServer } from "./spawn-server";

const { values: args } = parseArgs({ options: { mb: { type: "string", default: "5" }, reads: { type: "string", default: "5" } } });
const MB = Number(args.mb);
const READS = Number(args.reads);
const TARGET_MS = 1500;
const API_KEY = "bench-key";
const headers = { authorization: `Bearer ${API_KEY}`, "content-type": "application/json" };
const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];

/** A SWE-agent-like trajectory of about MB megabytes: file views with long observations, an edit at the end. */
function trajectory(taskId: string, sampleIndex: number, lastEdit: string) {
  const observation = (i: number) => `# src/module_${i}.py\n` + `def f_${i}(x):\n    return x + ${i}  # ${"·".repeat(60)}\n`.repeat(120);
  const turnBytes = observation(0).length + 200;
  const n = Math.ceil((MB * 1024 * 1024) / turnBytes);
  const turns: unknown[] = [{ role: "user", content: `Fix the failing test of ${taskId}.` }];
  for (let i = 0; i < n; i++) {
    turns.push({ role: "assistant", content: `Look at module ${i}.`, toolCalls: [{ name: "view", arguments: { path: `src/module_${i}.py` } }] });
    turns.push({ role: "tool", observation: observation(i) });
  }
  turns.push({ role: "assistant", content: "Edit.", toolCalls: [{ name: "str_replace", arguments: { path: lastEdit, old_str: "x + 1", new_str: "x - 1" } }] });
  return { skill: "editing", taskId, step: 1, sampleIndex, reward: lastEdit === "src/fix.py" ? 1 : 0, passed: lastEdit === "src/fix.py", turns };
}

async function post(url: string, body: unknown) {
  const res = await fetch(url, { method: "POST", headers, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`${url}: ${res.status} ${await res.text()}`);
  return res.json();
}

async function trpcGet(base: string, proc: string, input: unknown) {
  const res = await fetch(`${base}/api/trpc/${proc}?input=${encodeURIComponent(JSON.stringify(superjson.serialize(input)))}`, { headers });
  if (!res.ok) throw new Error(`${proc}: ${res.status} ${await res.text()}`);
  return superjson.deserialize((await res.json()).result.data);
}

async function main() {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "skillboard-bench-side-"));
  const server = await spawnServer({ dataDir: path.join(tmp, "server"), apiKey: API_KEY });
  // A fresh profile folder (Playwright passes it as --user-data-dir).
  const browser = await chromium.launchPersistentContext(path.join(tmp, "chromium"), {
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  try {
    const a = (await post(`${server.url}/api/v1/runs`, { name: "joint" })).id as string;
    const b = (await post(`${server.url}/api/v1/runs`, { name: "editing-only" })).id as string;
    let bytes = 0;
    // One task per read (plus a warm-up), so each read meets bodies nobody has parsed yet.
    for (let r = 0; r <= 2 * READS; r++) {
      const ta = trajectory(`task-${r}`, 0, "src/fix.py");
      const tb = trajectory(`task-${r}`, 0, "src/wrong.py");
      bytes = JSON.stringify(ta).length;
      await post(`${server.url}/api/v1/runs/${a}/trajectories`, { batchId: `a${r}`, trajectories: [ta] });
      await post(`${server.url}/api/v1/runs/${b}/trajectories`, { batchId: `b${r}`, trajectories: [tb] });
    }
    const turns = trajectory("x", 0, "src/fix.py").turns.length;

    const page = await browser.newPage();
    await page.goto(`${server.url}/compare/tasks/task-0?runs=${a},${b}`); // warm-up: compiles and caches the page's code
    await page.getByTestId("divergence").getByText("First divergence").waitFor();
    const browserMs: number[] = [];
    for (let r = 1; r <= READS; r++) {
      const t0 = performance.now();
      await page.goto(`${server.url}/compare/tasks/task-${r}?runs=${a},${b}`);
      await page.getByTestId("pair-0").waitFor();
      await page.getByTestId("divergence").getByText(`First divergence at turn ${turns}`).waitFor();
      browserMs.push(performance.now() - t0);
    }

    const serverMs: number[] = [];
    for (let r = READS + 1; r <= 2 * READS; r++) {
      const t0 = performance.now();
      const sides = (await trpcGet(server.url, "tasks.trajectories", { taskId: `task-${r}`, runIds: [a, b] })) as { trajectories: { id: number }[] }[];
      const [ia, ib] = sides.map((s) => s.trajectories[0].id);
      await Promise.all([
        trpcGet(server.url, "trajectories.header", { id: ia }),
        trpcGet(server.url, "trajectories.header", { id: ib }),
        trpcGet(server.url, "trajectories.turns", { id: ia, limit: 40 }),
        trpcGet(server.url, "trajectories.turns", { id: ib, limit: 40 }),
        trpcGet(server.url, "tasks.divergence", { a: ia, b: ib }),
      ]);
      serverMs.push(performance.now() - t0);
    }
    const mb = (bytes / 1024 / 1024).toFixed(1);
    const verdict = (m: number) => (m < TARGET_MS ? "OK" : "OVER");
    console.log(`side by side of two ${mb} MB trajectories (${turns} turns each, divergence at the last turn), median of ${READS}, each pair read cold:`);
    console.log(`  Chromium, navigation → both sides' first turns and the divergence shown: median ${median(browserMs).toFixed(0)} ms, max ${Math.max(...browserMs).toFixed(0)} ms (${verdict(median(browserMs))} target ${TARGET_MS} ms)`);
    console.log(`  server side, the page's tRPC calls (runs' trajectories of the task, 2 headers, 2 first pages, divergence): median ${median(serverMs).toFixed(0)} ms`);
    console.log(JSON.stringify({ sideBySide: { mb: Number(mb), browserMs: Math.round(median(browserMs)), serverMs: Math.round(median(serverMs)) } }));
  } finally {
    await browser.close();
    await server.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
