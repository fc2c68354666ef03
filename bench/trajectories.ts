/**
 * npm run bench:trajectories [-- --count N --api-only --queries N]
 *
 * 1. Starts a real `bin/skillboard server` process (with the dashboard; `--api-only`
 *    skips the browser part) on a fresh data folder.
 * 2. Inserts N trajectories (default 100,000: five skills, 250 steps, GRPO groups
 *    of 8) into one run through the REST API (`POST /api/v1/runs/{id}/trajectories`,
 *    batches of 1000, 4 concurrent requests).
 * 3. Times filtered list queries as the browser sends them (tRPC over HTTP: the
 *    list page and the counts per skill) and over REST. Target: < 100 ms.
 * 4. Posts one 20 MB trajectory and times its first screen in Chromium (Debian's,
 *    /usr/bin/chromium): from navigation to the first turn drawn. Target: < 1.5 s.
 */
import { chromium } from "@playwright/test";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { largeSyntheticTrajectory, SKILLS, syntheticTrajectory } from "@/server/testing/synthetic-trajectories";
import { spawnServer } from "./spawn-server";

const { values: args } = parseArgs({
  options: {
    count: { type: "string", default: "100000" },
    "api-only": { type: "boolean", default: false },
    queries: { type: "string", default: "30" },
    "big-mb": { type: "string", default: "20" },
  },
});
const N = Number(args.count);
const BATCH = 1000;
const CONCURRENCY = 4;
const G = 8;
const fmt = (n: number) => Math.round(n).toLocaleString("en-US");
const ms = (n: number) => `${n.toFixed(1)} ms`;
const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];

/** Trajectory i: skill by task, step by position, a GRPO group of G per task and step, small bodies (1–3 rounds). */
function trajectory(i: number) {
  const group = Math.floor(i / G);
  const task = group % 50;
  const skill = SKILLS[task % SKILLS.length];
  const step = Math.floor((i / N) * 250);
  const reward = ((i * 7919) % 100) / 100 < 0.4 ? 1 : ((i * 104729) % 100) / 100;
  return syntheticTrajectory({
    seed: i,
    skill,
    step,
    taskId: `${skill}-task-${task}`,
    groupKey: `${skill}-task-${task}@${step}#${group}`,
    sampleIndex: i % G,
    rounds: 1 + (i % 3),
    observationChars: 120,
    reward,
    advantage: Math.round((reward - 0.5) * 1000) / 1000,
  });
}

async function main() {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "skillboard-bench-traj-"));
  const apiKey = "bench-key";
  const apiOnly = args["api-only"];
  const server = await spawnServer({ dataDir: path.join(tmp, "server"), apiKey, apiOnly });
  const headers = { authorization: `Bearer ${apiKey}`, "content-type": "application/json" };
  try {
    const run = await (await fetch(`${server.url}/api/v1/runs`, { method: "POST", headers, body: JSON.stringify({ name: "bench-trajectories" }) })).json();

    // --- insert ---------------------------------------------------------------------------
    let next = 0;
    const batches = Math.ceil(N / BATCH);
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < batches) {
          const b = next++;
          const trajectories = [];
          for (let i = b * BATCH; i < Math.min(N, (b + 1) * BATCH); i++) trajectories.push(trajectory(i));
          const res = await fetch(`${server.url}/api/v1/runs/${run.id}/trajectories`, { method: "POST", headers, body: JSON.stringify({ batchId: `bench-${b}`, trajectories }) });
          if (res.status !== 201) throw new Error(`insert failed: ${res.status} ${await res.text()}`);
          await res.arrayBuffer();
        }
      }),
    );
    const insertS = (performance.now() - t0) / 1000;
    console.log(`Inserted ${fmt(N)} trajectories into one run over REST (batches of ${BATCH}, ${CONCURRENCY} concurrent, ${apiOnly ? "API-only server" : "full server"}):`);
    console.log(`  ${insertS.toFixed(1)} s, ${fmt(N / insertS)} trajectories/s (bodies generated and serialised inside the timing)`);

    // --- list queries ---------------------------------------------------------------------
    const queries: { name: string; input: Record<string, unknown> }[] = [
      { name: "first page, no filter (step desc)", input: { sort: "step", dir: "desc" } },
      { name: "skill + step range + failed, by reward", input: { skill: "editing", stepMin: 100, stepMax: 200, passed: false, sort: "reward", dir: "desc" } },
      { name: "reward range + task contains, by tokens", input: { rewardMin: 0.2, rewardMax: 0.6, taskIdContains: "task-1", sort: "tokens", dir: "desc" } },
      { name: "skill + passed, by duration asc", input: { skill: "review", passed: true, sort: "durationMs", dir: "asc" } },
    ];
    const trpcUrl = (proc: string, input: unknown) => `${server.url}/api/trpc/${proc}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`;
    const time = async (url: string, init?: RequestInit) => {
      const t = performance.now();
      const res = await fetch(url, init);
      if (!res.ok) throw new Error(`${url}: ${res.status} ${(await res.text()).slice(0, 300)}`);
      await res.arrayBuffer();
      return performance.now() - t;
    };
    console.log(`Filtered list queries over the ${fmt(N)}-trajectory run (${args.queries} requests each, 100 rows a page; p50 / p95):`);
    for (const q of queries) {
      const restQuery = new URLSearchParams(Object.entries(q.input).map(([k, v]) => [k, String(v)]));
      restQuery.set("limit", "100");
      const rows: Record<string, number[]> = { rest: [], list: [], summary: [] };
      // First requests load the routes; they are not counted.
      if (!apiOnly) await time(trpcUrl("trajectories.list", { runId: run.id, ...q.input, limit: 100 }));
      await time(`${server.url}/api/v1/runs/${run.id}/trajectories?${restQuery}`, { headers });
      for (let i = 0; i < Number(args.queries); i++) {
        rows.rest.push(await time(`${server.url}/api/v1/runs/${run.id}/trajectories?${restQuery}`, { headers }));
        if (!apiOnly) {
          rows.list.push(await time(trpcUrl("trajectories.list", { runId: run.id, ...q.input, limit: 100 })));
          const { sort: _s, dir: _d, ...filters } = q.input;
          rows.summary.push(await time(trpcUrl("trajectories.summary", { runId: run.id, ...filters })));
        }
      }
      const line = (label: string, xs: number[]) => (xs.length ? `${label} ${ms(percentile(xs, 50))} / ${ms(percentile(xs, 95))}` : "");
      console.log(`  ${q.name}:`);
      console.log(`    ${[line("REST list", rows.rest), line("tRPC list", rows.list), line("tRPC counts per skill", rows.summary)].filter(Boolean).join("   ")}   target < 100 ms`);
    }

    if (apiOnly) return;

    // --- a 20 MB trajectory's first screen ---------------------------------------------------
    const big = largeSyntheticTrajectory(Number(args["big-mb"]) * 1_000_000, { seed: 7, skill: "editing", taskId: "bench-big", step: 250, groupKey: null, sampleIndex: null });
    const bigBody = JSON.stringify({ batchId: "big", trajectories: [big] });
    const posted = await fetch(`${server.url}/api/v1/runs/${run.id}/trajectories`, { method: "POST", headers, body: bigBody });
    if (posted.status !== 201) throw new Error(`big insert failed: ${posted.status} ${await posted.text()}`);
    const list = await (await fetch(`${server.url}/api/v1/runs/${run.id}/trajectories?taskId=bench-big`, { headers })).json();
    const bigId = list.trajectories[0].id as number;
    const pageUrl = `${server.url}/runs/${run.id}/trajectories/${bigId}`;

    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
    try {
      // Warm the page's code (route compilation, JS chunks) on a small trajectory first, so the figure is the trajectory's.
      const warm = await browser.newPage();
      await warm.goto(`${server.url}/runs/${run.id}/trajectories/1`);
      await warm.getByTestId("turn-0").waitFor();
      await warm.close();

      const firstScreen = async () => {
        const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
        // In the page, from navigation start: when the HTML parser inserts the first turn, and the next
        // animation frame after it (the frame that paints it).
        await context.addInitScript(() => {
          const w = window as unknown as { __firstTurnAt?: number };
          const observer = new MutationObserver(() => {
            if (!document.querySelector("article[data-testid=turn-0]")) return;
            observer.disconnect();
            requestAnimationFrame(() => (w.__firstTurnAt = performance.now()));
          });
          observer.observe(document, { childList: true, subtree: true });
        });
        const page = await context.newPage();
        let htmlBytes = 0;
        page.on("response", async (r) => {
          if (r.url() === pageUrl) htmlBytes = (await r.body().catch(() => Buffer.alloc(0))).length;
        });
        const t = performance.now();
        await page.goto(pageUrl, { waitUntil: "commit" });
        await page.locator("article[data-testid=turn-0]").waitFor({ state: "visible" });
        const visibleMs = performance.now() - t;
        await page.waitForFunction(() => (window as unknown as { __firstTurnAt?: number }).__firstTurnAt != null && performance.getEntriesByName("first-contentful-paint").length > 0);
        const inPage = await page.evaluate(() => ({
          firstTurn: (window as unknown as { __firstTurnAt?: number }).__firstTurnAt ?? NaN,
          fcp: performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? NaN,
        }));
        // Interactive: j focuses the first turn once the page has hydrated.
        let interactive = NaN;
        for (let i = 0; i < 100 && Number.isNaN(interactive); i++) {
          await page.keyboard.press("j");
          if ((await page.locator("article[data-testid=turn-0][data-focused=true]").count()) > 0) interactive = performance.now() - t;
          else await page.waitForTimeout(50);
        }
        const turns = await page.locator("article[data-testid^=turn-]").count();
        await context.close();
        // The first turn is on screen at the first paint that follows its insertion (CSS blocks painting until it loads).
        return { visibleMs, firstTurn: Math.max(inPage.firstTurn, inPage.fcp), fcp: inPage.fcp, interactive, htmlBytes, turns };
      };
      const cold = await firstScreen();
      const warmRuns: Awaited<ReturnType<typeof firstScreen>>[] = [];
      for (let i = 0; i < 5; i++) warmRuns.push(await firstScreen());
      const median = (key: "visibleMs" | "firstTurn" | "fcp" | "interactive") => ms(percentile(warmRuns.map((r) => r[key]), 50));
      console.log(`A ${(bigBody.length / 1e6).toFixed(1)} MB trajectory (${fmt(big.turns.length)} turns) in Chromium (a fresh browser context each time, no cache):`);
      console.log(`  first open (the server reads and parses the blob):`);
      console.log(`    first turn painted ${ms(cold.firstTurn)} after navigation start (first contentful paint ${ms(cold.fcp)})   target < 1500 ms`);
      console.log(`    seen by Playwright ${ms(cold.visibleMs)}; interactive (j focuses the first turn) ${ms(cold.interactive)}`);
      console.log(`  reopened (body cached on the server), median of 5:`);
      console.log(`    first turn painted ${median("firstTurn")} (first contentful paint ${median("fcp")}); seen by Playwright ${median("visibleMs")}; interactive ${median("interactive")}`);
      console.log(`  first screen: ${cold.turns} turns rendered on the server, HTML ${fmt(cold.htmlBytes / 1024)} KB (the rest pages in on scroll)`);
    } finally {
      await browser.close();
    }
  } finally {
    await server.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
