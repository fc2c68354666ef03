/**
 * Compare of 200 runs for `npm run bench:scale`: an ablation set × seeds
 * (20 configurations × 10 seeds, each run the five skills' Pass@1 and five
 * other keys over 25 steps, and an OOD eval) logged through REST v1, then
 *  - the server time of the compare page's queries (tRPC over HTTP, as the
 *    browser sends them): the table, and the charts' lines per configuration
 *    and with every run shown;
 *  - in Chromium (a fresh context each time, no cache), from navigation start
 *    until the page is interactive: the configuration table painted and
 *    hydrated (a row opens to its seeds on click) and the charts' folded
 *    lines loaded; then the time to draw the first chart once scrolled to.
 * Target: interactive < 3 s.
 */
import Database from "better-sqlite3";
import { chromium } from "@playwright/test";
import superjson from "superjson";
import type { Row } from "./row";

const GROUP = "bench-compare-200";
const CONFIGS = 20;
const SEEDS = 10;
const STEPS = 25;
const SKILLS = ["localization", "editing", "unit_test", "review", "reproduction"];
const OTHER_KEYS = ["train/loss", "train/kl", "train/entropy", "perf/tokens_per_s", "perf/step_time"];
const CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];
const TARGET_MS = 3000;

const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];

/** Runs already in the group (a rerun over the same data folder reuses a complete group). */
function groupSize(dbFile: string, group: string): number {
  const db = new Database(dbFile, { readonly: true, fileMustExist: true });
  try {
    return db.prepare("SELECT count(*) FROM runs r JOIN run_groups g ON g.id = r.group_id WHERE g.name = ? AND r.deleted_at IS NULL").pluck().get(group) as number;
  } finally {
    db.close();
  }
}

async function createGroup(url: string, apiKey: string, group: string): Promise<number> {
  const headers = { authorization: `Bearer ${apiKey}`, "content-type": "application/json" };
  const post = async (path: string, body: unknown) => {
    const res = await fetch(`${url}/api/v1${path}`, { method: "POST", headers, body: JSON.stringify(body) });
    if (!res.ok) throw new Error(`POST ${path}: ${res.status} ${await res.text()}`);
    return res.json();
  };
  const t0 = performance.now();
  const jobs = Array.from({ length: CONFIGS * SEEDS }, (_, i) => ({ c: i % CONFIGS, s: Math.floor(i / CONFIGS) }));
  // Created one by one (creation order is the comparison's order), then filled 8 at a time.
  const ids: string[] = [];
  for (const { c, s } of jobs) {
    const run = await post("/runs", { name: `abl${String(c).padStart(2, "0")}-seed${s}`, group, config: { recipe: "grpo", ablation: { skills: `set${c}`, lr: 1e-6 * (1 + (c % 4)) }, seed: s } });
    ids.push(run.id);
  }
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < jobs.length) {
        const i = next++;
        const { c, s } = jobs[i];
        const points = [...SKILLS.map((k) => `skill/${k}/pass@1`), ...OTHER_KEYS].flatMap((key, k) =>
          Array.from({ length: STEPS }, (_, t) => ({ key, step: t, value: Math.min(1, 0.05 + 0.02 * c + 0.03 * k + 0.01 * t + 0.01 * (s - 4.5)) })),
        );
        await post(`/runs/${ids[i]}/metrics`, { batchId: "m", points });
        await post(`/runs/${ids[i]}/evals`, { batchId: "e", evals: [0, 1, 2].map((attempt) => ({ benchmark: "swe_verified", attempt, step: STEPS - 1, score: 0.2 + 0.01 * c + 0.05 * attempt })) });
        await post(`/runs/${ids[i]}/finish`, { status: "succeeded" });
      }
    }),
  );
  return (performance.now() - t0) / 1000;
}

export async function measureCompare(opts: { url: string; apiKey: string; dbFile: string }): Promise<Row[]> {
  const { url, apiKey } = opts;
  let group = GROUP;
  const have = groupSize(opts.dbFile, group);
  if (have !== CONFIGS * SEEDS) {
    if (have > 0) group = `${GROUP}-${Date.now().toString(36)}`;
    const seconds = await createGroup(url, apiKey, group);
    console.log(`  compare: logged ${CONFIGS * SEEDS} runs (${CONFIGS} configurations × ${SEEDS} seeds) through REST v1 in ${seconds.toFixed(1)} s`);
  }
  const rows: Row[] = [];

  // --- server time of the page's queries -------------------------------------------------
  const trpc = async (proc: string, input: unknown) => {
    const t = performance.now();
    const res = await fetch(`${url}/api/trpc/${proc}?input=${encodeURIComponent(JSON.stringify(superjson.serialize(input)))}`, { headers: { authorization: `Bearer ${apiKey}` } });
    const text = await res.text();
    const ms = performance.now() - t;
    if (!res.ok) throw new Error(`${proc}: ${res.status} ${text.slice(0, 300)}`);
    const body = JSON.parse(text) as { result: { data: Parameters<typeof superjson.deserialize>[0] } };
    return { ms, data: superjson.deserialize(body.result.data) as any, bytes: text.length };
  };
  const timed = async (label: string, proc: string, input: unknown) => {
    await trpc(proc, input);
    const ms: number[] = [];
    let bytes = 0;
    for (let i = 0; i < 10; i++) {
      const r = await trpc(proc, input);
      ms.push(r.ms);
      bytes = r.bytes;
    }
    const p95 = percentile(ms, 95);
    rows.push({ name: `compare 200 runs: ${label} (server, p95 of 10; ${Math.round(bytes / 1024)} KB)`, value: Math.round(p95), unit: "ms", target: `part of < ${TARGET_MS} ms`, ok: p95 < TARGET_MS });
  };
  const target = { group };
  const table = (await trpc("compare.table", { ...target, value: "final", mergeSeeds: true })).data;
  if (table.runs.length !== CONFIGS * SEEDS || table.table.rows.length !== CONFIGS) {
    throw new Error(`compare of ${group}: expected ${CONFIGS * SEEDS} runs in ${CONFIGS} rows, got ${table.runs.length} in ${table.table.rows.length}`);
  }
  const columns = { skills: table.skills as string[], benchmarks: table.benchmarks as string[] };
  await timed("table, one row per configuration", "compare.table", { ...target, value: "final", mergeSeeds: true });
  await timed("table, one row per run", "compare.table", { ...target, value: "final", mergeSeeds: false });
  await timed("table, best value of each run", "compare.table", { ...target, value: "best", mergeSeeds: true });
  await timed("chart lines, mean ± band per configuration", "compare.lineCurves", { ...target, lines: "configurations", ...columns });
  await timed("chart lines, every run", "compare.lineCurves", { ...target, lines: "runs", ...columns });

  // --- Chromium ------------------------------------------------------------------------
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: CHROMIUM_ARGS });
  try {
    const pageUrl = `${url}/compare?group=${encodeURIComponent(group)}`;
    const open = async () => {
      const context = await browser.newContext({ viewport: { width: 1400, height: 1000 }, extraHTTPHeaders: { authorization: `Bearer ${apiKey}` } });
      const page = await context.newPage();
      const t = performance.now();
      await page.goto(pageUrl, { waitUntil: "commit" });
      await page.locator("[data-testid^=compare-row-label-]").nth(CONFIGS - 1).waitFor({ state: "visible" });
      const tablePainted = performance.now() - t;
      // Hydrated: a click opens a configuration to its seeds.
      const expand = page.locator("[data-testid^=compare-expand-]").first();
      let hydrated = NaN;
      for (let i = 0; i < 200 && Number.isNaN(hydrated); i++) {
        await expand.click();
        if ((await expand.getAttribute("aria-expanded")) === "true") hydrated = performance.now() - t;
        else await page.waitForTimeout(25);
      }
      // The charts' folded lines are loaded (every chart knows its lines, drawn or not).
      const chart = page.getByTestId("compare-chart-skill-editing");
      await page.locator('[data-testid="compare-chart-skill-editing"][data-has-data="true"]').waitFor({ state: "attached" });
      const linesLoaded = performance.now() - t;
      const interactive = Math.max(hydrated, linesLoaded);
      // Then scrolled to the curves: the first chart drawn with its 20 bands.
      const s = performance.now();
      await chart.scrollIntoViewIfNeeded();
      await chart.locator("path.recharts-area-area").nth(CONFIGS - 1).waitFor({ state: "attached" });
      const drawn = performance.now() - s;
      // Show all runs: 200 lines per chart.
      const a = performance.now();
      await page.getByTestId("compare-show-all-runs").check();
      await chart.locator('[data-line-mode="runs"]').waitFor({ state: "attached" });
      await chart.locator("path.recharts-line-curve").nth(CONFIGS * SEEDS - 1).waitFor({ state: "attached" });
      const allRuns = performance.now() - a;
      await context.close();
      return { tablePainted, hydrated, linesLoaded, interactive, drawn, allRuns };
    };
    await open(); // the server's first render of the route and its chunks
    const runs: Awaited<ReturnType<typeof open>>[] = [];
    for (let i = 0; i < 5; i++) runs.push(await open());
    const median = (k: keyof (typeof runs)[number]) => Math.round(percentile(runs.map((r) => r[k]), 50));
    const interactive = median("interactive");
    rows.push({ name: "compare 200 runs: interactive in Chromium (table hydrated + chart lines loaded, median of 5)", value: interactive, unit: "ms", target: `< ${TARGET_MS} ms`, ok: interactive < TARGET_MS });
    rows.push({ name: "compare 200 runs: configuration table painted (median)", value: median("tablePainted"), unit: "ms", target: `< ${TARGET_MS} ms`, ok: median("tablePainted") < TARGET_MS });
    rows.push({ name: "compare 200 runs: first chart drawn after scrolling to it (20 bands)", value: median("drawn"), unit: "ms", target: `< ${TARGET_MS} ms`, ok: median("drawn") < TARGET_MS });
    rows.push({ name: "compare 200 runs: 'show all runs' to 200 lines drawn", value: median("allRuns"), unit: "ms", target: `< ${TARGET_MS} ms`, ok: median("allRuns") < TARGET_MS });
  } finally {
    await browser.close();
  }
  return rows;
}
