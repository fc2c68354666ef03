/**
 * The runs page over a lab's history for `npm run bench:scale`, against a real
 * server on the seeded database (bench/scale/seed.ts):
 *  - server side: the runs table's queries as the browser sends them (tRPC
 *    over HTTP): the first page in every order, a page 10,000 runs deep, each
 *    filter and search, the filter options, a "Live" poll; p95 of each;
 *  - in Chromium (a fresh context each time, no cache), from navigation start
 *    until the frame that paints the first rows.
 * Targets: every query p95 < 100 ms; group filter options < 100 ms; first rows < 1 s.
 */
import { chromium } from "@playwright/test";
import superjson from "superjson";
import type { Row } from "./row";

const CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];
const QUERY_TARGET_MS = 100;
const OPTIONS_TARGET_MS = 100;
const PAINT_TARGET_MS = 1000;

const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];

export interface RunsPageBenchOptions {
  url: string;
  apiKey: string;
  project: string;
  /** A group only the oldest runs have, and a skill of the project. */
  oldGroup: string;
  skill: string;
  /** Timed requests per query (after one warm-up). */
  samples?: number;
  /** Page loads in Chromium. */
  loads?: number;
  log?: (line: string) => void;
}

export async function measureRunsPage(opts: RunsPageBenchOptions): Promise<Row[]> {
  const log = opts.log ?? ((line: string) => console.log(line));
  const samples = opts.samples ?? 40;
  const headers = { authorization: `Bearer ${opts.apiKey}` };
  const trpc = async (proc: string, input: unknown) => {
    const t = performance.now();
    const res = await fetch(`${opts.url}/api/trpc/${proc}?input=${encodeURIComponent(JSON.stringify(superjson.serialize(input)))}`, { headers });
    const text = await res.text();
    const ms = performance.now() - t;
    if (!res.ok) throw new Error(`${proc}: ${res.status} ${text.slice(0, 300)}`);
    const body = JSON.parse(text) as { result: { data: Parameters<typeof superjson.deserialize>[0] } };
    return { ms, data: superjson.deserialize(body.result.data) as Record<string, unknown> };
  };
  const timed = async (proc: string, input: unknown) => {
    await trpc(proc, input);
    const ms: number[] = [];
    for (let i = 0; i < samples; i++) ms.push((await trpc(proc, input)).ms);
    return { p50: percentile(ms, 50), p95: percentile(ms, 95) };
  };

  const project = opts.project;
  const page = (extra: Record<string, unknown>) => ({ project, limit: 100, ...extra });
  const deep = await fetch(`${opts.url}/api/v1/runs?project=${encodeURIComponent(project)}&limit=10000`, { headers }).then((r) => r.json() as Promise<{ nextCursor: string }>);
  const first = (await trpc("runs.page", page({}))).data as { changesCursor: number; total: number };
  log(`  runs page: ${first.total.toLocaleString("en-US")} runs in '${project}'`);

  const queries: [string, string, unknown][] = [];
  for (const sort of ["created", "name", "status", "group", "duration", `pass1:${opts.skill}`]) {
    for (const dir of ["desc", "asc"]) queries.push([`sort ${sort} ${dir}`, "runs.page", page({ sort, dir })]);
  }
  queries.push(
    ["page 10,001-10,100 (cursor)", "runs.page", page({ cursor: deep.nextCursor })],
    ["every project, newest", "runs.page", { limit: 100 }],
    ["filter status=failed", "runs.page", page({ status: "failed" })],
    ["filter oldest group", "runs.page", page({ group: opts.oldGroup })],
    ["filter tag (10 % of runs)", "runs.page", page({ tag: "seed-3" })],
    ["filter tag, sort by Pass@1", "runs.page", page({ tag: "only-review", sort: `pass1:${opts.skill}` })],
    ["search, 50 matches", "runs.page", page({ search: "g1234-" })],
    ["search, a fifth of the runs", "runs.page", page({ search: "seed3" })],
    ["search + status, by name", "runs.page", page({ search: "seed3", status: "failed", sort: "name", dir: "asc" })],
    ["search, no match", "runs.page", page({ search: "no-run-is-called-this" })],
    ["live poll (nothing changed)", "runs.changes", { project, since: first.changesCursor }],
    ["tag options", "runs.filterOptions", { project, field: "tag" }],
    ["status options", "runs.filterOptions", { project, field: "status" }],
  );
  const rows: Row[] = [];
  let worst = { name: "", p95: 0 };
  for (const [name, proc, input] of queries) {
    const r = await timed(proc, input);
    log(`    ${name.padEnd(30)} p50 ${r.p50.toFixed(1).padStart(6)} ms   p95 ${r.p95.toFixed(1).padStart(6)} ms`);
    if (r.p95 > worst.p95) worst = { name, p95: r.p95 };
  }
  rows.push({
    name: `runs page: slowest sort/filter/search/page, p95 (${worst.name})`,
    value: Math.round(worst.p95 * 10) / 10,
    unit: "ms",
    target: `< ${QUERY_TARGET_MS} ms`,
    ok: worst.p95 < QUERY_TARGET_MS,
  });

  const groups = await timed("runs.filterOptions", { project, field: "group" });
  const groupsSearch = await timed("runs.filterOptions", { project, field: "group", search: "12" });
  const groupP95 = Math.max(groups.p95, groupsSearch.p95);
  log(`    ${"group options (all 2,000)".padEnd(30)} p50 ${groups.p50.toFixed(1).padStart(6)} ms   p95 ${groups.p95.toFixed(1).padStart(6)} ms`);
  log(`    ${"group options, searched".padEnd(30)} p50 ${groupsSearch.p50.toFixed(1).padStart(6)} ms   p95 ${groupsSearch.p95.toFixed(1).padStart(6)} ms`);
  rows.push({ name: "runs page: group filter options, p95", value: Math.round(groupP95 * 10) / 10, unit: "ms", target: `< ${OPTIONS_TARGET_MS} ms`, ok: groupP95 < OPTIONS_TARGET_MS });

  const paint = await firstRowsPainted(`${opts.url}/?project=${encodeURIComponent(project)}`, opts.loads ?? 5);
  log(`  runs page in Chromium: first rows painted ${paint.map((ms) => `${Math.round(ms)}`).join(", ")} ms`);
  const median = percentile(paint, 50);
  rows.push({ name: "runs page: first rows painted in Chromium (median)", value: Math.round(median), unit: "ms", target: `< ${PAINT_TARGET_MS} ms`, ok: median < PAINT_TARGET_MS });
  return rows;
}

/** From navigation start to the animation frame after the first run row is in the document, per fresh load. */
async function firstRowsPainted(url: string, loads: number): Promise<number[]> {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: CHROMIUM_ARGS });
  try {
    const load = async () => {
      const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
      await context.addInitScript(() => {
        const w = window as unknown as { __firstRowAt?: number };
        const observer = new MutationObserver(() => {
          if (!document.querySelector("tr[data-run-id]")) return;
          observer.disconnect();
          requestAnimationFrame(() => (w.__firstRowAt = performance.now()));
        });
        observer.observe(document, { childList: true, subtree: true });
      });
      const page = await context.newPage();
      await page.goto(url, { waitUntil: "commit" });
      await page.locator("tr[data-run-id]").first().waitFor({ state: "visible" });
      await page.waitForFunction(() => (window as unknown as { __firstRowAt?: number }).__firstRowAt != null);
      const ms = await page.evaluate(() => (window as unknown as { __firstRowAt: number }).__firstRowAt);
      await context.close();
      return ms;
    };
    await load(); // the route's first render and the JS chunks, once
    const out: number[] = [];
    for (let i = 0; i < loads; i++) out.push(await load());
    return out;
  } finally {
    await browser.close();
  }
}
