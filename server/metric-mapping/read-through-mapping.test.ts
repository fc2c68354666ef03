import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildOodTable, type ReportedSeries } from "@/components/run-page/ood-table-model";
import { createApiKey, type Principal } from "../auth/api-keys";
import { createCaller } from "../root";
import { startTestServer, type TestServer } from "../testing/test-server";

/**
 * Raw verl, TRL and SkyRL keys written through REST v1 into a real server,
 * then read back through the tRPC caller as the run page, the runs table and
 * the compare page read them: the mapping applies when reading, raw keys stay,
 * and an alias added later changes what old runs show.
 */

const PROJECT = "mapping-it";
let server: TestServer;
let admin: Principal;
const ids: Record<string, string> = {};

const api = (principal: Principal | null = null) => createCaller({ app: server.app, principal });

async function createRun(name: string): Promise<string> {
  const res = await server.api("/api/v1/runs", { body: { name, project: PROJECT } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id as string;
}

async function logMetrics(runId: string, points: { key: string; step: number; value: number }[]) {
  const res = await server.api(`/api/v1/runs/${runId}/metrics`, { body: { batchId: `b-${Math.random()}`, points } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
}

/** The OOD table exactly as the run page builds it from the same three queries. */
async function oodTable(runId: string) {
  const caller = api();
  const [{ benchmarks }, evals, signature] = await Promise.all([caller.runs.byId({ id: runId }), caller.evals.byRun({ runId }), caller.metrics.signature({ runId })]);
  const keys = [...Object.values(signature.logged), ...Object.values(signature.reported)].map((m) => m.key);
  const series = keys.length ? await caller.metrics.series({ runId, keys }) : {};
  const direct = Object.fromEntries(Object.entries(signature.logged).map(([b, m]) => [b, series[m.key]]));
  const reported: ReportedSeries = Object.fromEntries(Object.entries(signature.reported).map(([b, m]) => [b, { key: m.key, samples: m.samples, points: series[m.key] }]));
  return buildOodTable(benchmarks, evals, direct, reported);
}

beforeAll(async () => {
  server = await startTestServer();
  admin = { keyId: createApiKey(server.app.db, { name: "browser", role: "admin" }).id, role: "admin" };

  ids.verl = await createRun("verl-grpo");
  await logMetrics(ids.verl, [
    ...[10, 20].flatMap((step) => [
      { key: "val-core/princeton-nlp/SWE-bench_Verified/reward/mean@4", step, value: step / 40 },
      { key: "val-core/SWE-bench_Verified/reward/best@4/mean", step, value: 0.9 },
      { key: "val-aux/my_swe_set/acc/mean_at_2", step, value: 0.125 },
      { key: "val-core/editing/reward/mean@3", step, value: 0.6 },
    ]),
    { key: "critic/score/mean", step: 20, value: 0.4 },
  ]);
  // Attempts for swe_verified at step 20: Avg@3 derived from them; the reported mean@4 rides beside.
  const evals = await server.api(`/api/v1/runs/${ids.verl}/evals`, {
    body: { batchId: "e1", evals: [0, 1, 2].map((attempt) => ({ benchmark: "swe_verified", attempt, step: 20, score: attempt === 0 ? 0 : 1 })) },
  });
  expect(evals.status).toBe(201);

  ids.trl = await createRun("trl-grpo");
  await logMetrics(ids.trl, [
    ...[1, 2, 3].map((step) => ({ key: "rewards/localization_reward/mean", step, value: step / 10 })),
    { key: "rewards/localization_reward/std", step: 3, value: 0.2 },
    { key: "train/rewards/unit_tests/mean", step: 3, value: 0.7 },
    { key: "eval_rewards/security_reward/mean", step: 3, value: 0.33 },
    // Skillboard's own key and TRL's for the same skill: the native one wins.
    { key: "skill/editing/pass@1", step: 3, value: 0.8 },
    { key: "rewards/editing_reward/mean", step: 3, value: 0.1 },
  ]);

  ids.skyrl = await createRun("skyrl-ppo");
  await logMetrics(ids.skyrl, [
    { key: "eval/swe_verified/avg_score", step: 5, value: 0.2 },
    { key: "eval/swe_verified/pass_at_8", step: 5, value: 0.5 },
    { key: "eval/all/avg_score", step: 5, value: 0.2 },
  ]);
}, 60_000);

afterAll(async () => {
  await server?.close();
});

describe("reading raw framework keys through the metric mapping", () => {
  it("keeps every raw key as logged", async () => {
    const keys = (await api().metrics.keys({ runId: ids.verl })).map((k) => k.key);
    expect(keys).toContain("val-core/princeton-nlp/SWE-bench_Verified/reward/mean@4");
    expect(keys).toContain("val-aux/my_swe_set/acc/mean_at_2");
    expect(keys.some((k) => k.startsWith("skill/") || k.startsWith("eval/swe_verified"))).toBe(false);
  });

  it("fills the skills grid from TRL reward functions and verl data sources, native keys first", async () => {
    const trl = await api().metrics.signature({ runId: ids.trl });
    expect(trl.pass1.localization).toMatchObject({ key: "rewards/localization_reward/mean", rule: "trl-train-reward", native: false });
    expect(trl.pass1.unit_test.key).toBe("train/rewards/unit_tests/mean");
    expect(trl.pass1.editing).toMatchObject({ key: "skill/editing/pass@1", native: true });
    const series = await api().metrics.series({ runId: ids.trl, keys: [trl.pass1.localization.key] });
    expect(series[trl.pass1.localization.key].map((p) => p.value)).toEqual([0.1, 0.2, 0.3]);

    const verl = await api().metrics.signature({ runId: ids.verl });
    expect(verl.pass1.editing).toMatchObject({ key: "val-core/editing/reward/mean@3", samples: 3, phase: "eval" });
  });

  it("shows verl's mean@N in the OOD table as reported, beside Avg@k from attempts", async () => {
    const t = await oodTable(ids.verl);
    const at20 = t.rows.find((r) => r.step === 20)!.cells.swe_verified!;
    expect(at20.attempts).toBe(3);
    expect(at20.avg).toBeCloseTo(2 / 3);
    expect(at20.reported).toEqual({ value: 0.5, key: "val-core/princeton-nlp/SWE-bench_Verified/reward/mean@4", samples: 4 });
    const at10 = t.rows.find((r) => r.step === 10)!.cells.swe_verified!;
    expect(at10).toMatchObject({ avg: 0.25, onlyReported: true });
    expect(t.benchmarks).toEqual(["swe_verified", "swe_multilingual", "terminal_bench", "refactoring", "security"]);

    const trl = await oodTable(ids.trl);
    expect(trl.rows[0].cells.security).toMatchObject({ avg: 0.33, onlyReported: true, reported: { key: "eval_rewards/security_reward/mean", samples: null } });
  });

  it("gives the runs table each skill's latest Pass@1 from mapped keys", async () => {
    const list = await api().runs.list({ project: PROJECT });
    expect(list.latestPass1[ids.trl]).toMatchObject({
      "skill/localization/pass@1": 0.3,
      "skill/unit_test/pass@1": 0.7,
      "skill/editing/pass@1": 0.8,
    });
    expect(list.latestPass1[ids.verl]).toEqual({ "skill/editing/pass@1": 0.6 });
    expect(list.latestPass1[ids.skyrl]).toBeUndefined();
  });

  it("fills the compare table and curves, marking values the trainer reported", async () => {
    const runs = [ids.verl, ids.trl, ids.skyrl];
    const r = await api().compare.table({ runs, value: "final", mergeSeeds: false });
    const row = (id: string) => r.table.rows.find((x) => x.runIds[0] === id)!;
    expect(row(ids.skyrl).cells.swe_verified).toMatchObject({ mean: 0.2, source: "avg@k", k: 8, mappedFrom: ["eval/swe_verified/avg_score"] });
    // Attempts win over the reported mean for verl's run.
    expect(row(ids.verl).cells.swe_verified?.mean).toBeCloseTo(2 / 3);
    expect(row(ids.verl).cells.swe_verified?.mappedFrom).toBeUndefined();
    expect(row(ids.trl).cells.localization).toMatchObject({ mean: 0.3, source: "pass@1", mappedFrom: ["rewards/localization_reward/mean"] });
    expect(row(ids.trl).cells.editing).toMatchObject({ mean: 0.8, source: "pass@1" });
    expect(row(ids.trl).cells.security).toMatchObject({ mean: 0.33, source: "avg@k" });

    const curves = await api().compare.curves({ runIds: runs, skills: ["localization"], benchmarks: ["swe_verified", "security"] });
    expect(curves[ids.trl].skills.localization.map((p) => p.value)).toEqual([0.1, 0.2, 0.3]);
    expect(curves[ids.skyrl].benchmarks.swe_verified.map((p) => p.value)).toEqual([0.2]);
    expect(curves[ids.trl].benchmarks.security.map((p) => p.value)).toEqual([0.33]);
  });

  it("applies an alias added later to runs logged before it, and removing it undoes that", async () => {
    expect((await api().metrics.signature({ runId: ids.verl })).reported.swe_multilingual).toBeUndefined();
    await api(admin).projects.setAlias({ project: PROJECT, alias: "My-SWE-Set", target: "swe_multilingual" });
    const after = await api().metrics.signature({ runId: ids.verl });
    expect(after.reported.swe_multilingual).toMatchObject({ key: "val-aux/my_swe_set/acc/mean_at_2", samples: 2, via: "alias" });
    const t = await oodTable(ids.verl);
    expect(t.rows[0].cells.swe_multilingual).toMatchObject({ avg: 0.125, onlyReported: true });

    const preview = await api().projects.mappingPreview({ project: PROJECT, keys: ["val-core/my_swe_set/reward/mean@8", "nothing/here"] });
    expect(preview.runsRead).toBe(3);
    expect(preview.mapped.find((e) => e.key === "val-aux/my_swe_set/acc/mean_at_2")?.feeds).toBe("swe_multilingual · Avg@2 (reported)");
    expect(preview.tried).toEqual([
      { key: "val-core/my_swe_set/reward/mean@8", mapped: expect.objectContaining({ feeds: "swe_multilingual · Avg@8 (reported)" }) },
      { key: "nothing/here", mapped: null },
    ]);
    expect(preview.unmapped).toContain("critic/score/mean");

    await api(admin).projects.removeAlias({ project: PROJECT, alias: "my_swe_set" });
    expect((await api().metrics.signature({ runId: ids.verl })).reported.swe_multilingual).toBeUndefined();
  });

  it("applies a project rule before the built-in ones", async () => {
    const rule = await api(admin).projects.addRule({ project: PROJECT, pattern: "critic/score/mean", target: "review", kind: "pass@1" });
    expect((await api().metrics.signature({ runId: ids.verl })).pass1.review).toMatchObject({ key: "critic/score/mean", rule: `project:${rule.id}` });
    expect((await api().runs.list({ project: PROJECT })).latestPass1[ids.verl]["skill/review/pass@1"]).toBe(0.4);
    const settings = await api().projects.mapping({ project: PROJECT });
    expect(settings.rules).toEqual([expect.objectContaining({ id: rule.id, pattern: "critic/score/mean", target: "review", kind: "pass@1" })]);
    await api(admin).projects.removeRule({ project: PROJECT, id: rule.id });
    expect((await api().metrics.signature({ runId: ids.verl })).pass1.review).toBeUndefined();
  });
});

describe("editing the mapping settings", () => {
  const refusal = (call: Promise<unknown>) => call.then(() => ({ code: "none", message: "" }), (e: { code: string; message: string }) => ({ code: e.code, message: e.message }));

  it("needs a signed-in admin", async () => {
    expect(await refusal(api(null).projects.setAlias({ project: PROJECT, alias: "x", target: "review" }))).toMatchObject({ code: "UNAUTHORIZED" });
    const viewer: Principal = { keyId: createApiKey(server.app.db, { name: "reader", role: "viewer" }).id, role: "viewer" };
    expect(await refusal(api(viewer).projects.addRule({ project: PROJECT, pattern: "x/*", target: "review", kind: "pass@1" }))).toMatchObject({ code: "FORBIDDEN" });
  });

  it("refuses bad input with a message that names what is wrong", async () => {
    const a = api(admin).projects;
    expect(await refusal(a.setAlias({ project: PROJECT, alias: "x", target: "gsm8k" }))).toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("'gsm8k' is not a skill or benchmark of project 'mapping-it'"),
    });
    expect(await refusal(a.setAlias({ project: PROJECT, alias: "Swe-Verified", target: "swe_verified" }))).toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("already is the benchmark 'swe_verified'"),
    });
    expect(await refusal(a.setAlias({ project: PROJECT, alias: "  ", target: "review" }))).toMatchObject({ code: "BAD_REQUEST", message: "alias: the alias is empty" });
    expect(await refusal(a.addRule({ project: PROJECT, pattern: "x/{skill}", target: "review", kind: "pass@1" }))).toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("Unknown placeholder '{skill}'"),
    });
    expect(await refusal(a.addRule({ project: PROJECT, pattern: "x/*", target: "{name}", kind: "pass@1" }))).toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("{name} needs a {name} in the pattern"),
    });
    expect(await refusal(a.addRule({ project: PROJECT, pattern: "x/*", target: "review", kind: "pass@9" as "pass@1" }))).toMatchObject({ code: "BAD_REQUEST" });
    expect(await refusal(a.removeRule({ project: PROJECT, id: 999_999 }))).toMatchObject({ code: "NOT_FOUND" });
    expect(await refusal(api().projects.mapping({ project: "no-such-project" }))).toMatchObject({ code: "NOT_FOUND", message: "Project 'no-such-project' does not exist." });
    expect((await api().projects.mapping({ project: PROJECT })).aliases).toEqual([]);
  });
});
