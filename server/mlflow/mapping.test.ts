import { describe, expect, it } from "vitest";
import { MlflowError } from "./errors";
import { configToParams, paramValue, setParams } from "./params";
import { matchesClause, parseFilter } from "./search-filter";
import { applyTags, deleteTag, type TaggedRun } from "./tags";

describe("params ↔ config tree", () => {
  it("unflattens '.' and '/' keys into one tree and flattens it back with '.'", () => {
    const config = setParams({}, [
      { key: "actor.optim.lr", value: "0.001" },
      { key: "actor_rollout_ref/rollout/n", value: "4" },
      { key: "model", value: "qwen" },
    ], "r1");
    expect(config).toEqual({ actor: { optim: { lr: 0.001 } }, actor_rollout_ref: { rollout: { n: 4 } }, model: "qwen" });
    expect(configToParams(config)).toEqual([
      { key: "actor.optim.lr", value: "0.001" },
      { key: "actor_rollout_ref.rollout.n", value: "4" },
      { key: "model", value: "qwen" },
    ]);
  });

  it("keeps a number only when its spelling survives", () => {
    expect([paramValue("1"), paramValue("0.5"), paramValue("1e-06"), paramValue("1.0"), paramValue("True"), paramValue("007")]).toEqual([1, 0.5, "1e-06", "1.0", "True", "007"]);
  });

  it("keeps a param whose path is blocked under its raw key, losing nothing", () => {
    const config = setParams({}, [{ key: "a", value: "1" }, { key: "a.b", value: "2" }], "r1");
    expect(config).toEqual({ a: 1, "mlflow.params": { "a.b": "2" } });
    expect(configToParams(config)).toEqual([{ key: "a", value: "1" }, { key: "a.b", value: "2" }]);
  });

  it("refuses a changed value as MLflow does and accepts the same value again", () => {
    const config = setParams({}, [{ key: "lr", value: "0.1" }], "r1");
    expect(setParams(config, [{ key: "lr", value: "0.1" }], "r1")).toEqual(config);
    expect(() => setParams(config, [{ key: "lr", value: "0.2" }], "r1")).toThrow(MlflowError);
  });
});

describe("MLflow tags on a run", () => {
  const run: TaggedRun = { name: "r", tags: ["baseline"], notes: null, gitCommit: null, config: {} };

  it("maps system tags onto the run and user tags onto key=value tags", () => {
    const out = applyTags(run, [
      { key: "mlflow.runName", value: "joint" },
      { key: "mlflow.source.git.commit", value: "abc123" },
      { key: "mlflow.user", value: "alice" },
      { key: "team", value: "rl" },
      { key: "team", value: "rl2" },
      { key: "long", value: "x".repeat(100) },
    ]);
    expect(out).toMatchObject({ name: "joint", gitCommit: "abc123", tags: ["baseline", "team=rl2"] });
    expect(out.config).toEqual({ "mlflow.tags": { "mlflow.user": "alice", long: "x".repeat(100) } });
  });

  it("deletes a tag wherever it is kept, and says so when there is none", () => {
    const tagged = applyTags(run, [{ key: "team", value: "rl" }, { key: "long", value: "y".repeat(80) }]);
    expect(deleteTag(tagged, "r", "team").tags).toEqual(["baseline"]);
    expect(deleteTag(tagged, "r", "long").config).toEqual({});
    expect(() => deleteTag(tagged, "r", "nope")).toThrow(/No tag with name: nope/);
  });
});

describe("search filters", () => {
  it("parses MLflow's clause forms", () => {
    expect(parseFilter(`attributes.status = 'FINISHED' and metrics.\`val/acc\` >= 0.5 AND tags."my tag" LIKE 'a%' AND params.lr IN ('0.1', '0.2') AND run_name != "x"`)).toEqual([
      { entity: "attribute", key: "status", op: "=", value: "FINISHED" },
      { entity: "metric", key: "val/acc", op: ">=", value: 0.5 },
      { entity: "tag", key: "my tag", op: "LIKE", value: "a%" },
      { entity: "param", key: "lr", op: "IN", value: ["0.1", "0.2"] },
      { entity: "attribute", key: "run_name", op: "!=", value: "x" },
    ]);
    expect(parseFilter("metrics.train.loss < 1")).toEqual([{ entity: "metric", key: "train.loss", op: "<", value: 1 }]);
  });

  it("refuses what it does not understand", () => {
    for (const bad of ["metrics.acc >", "metrics.acc > 1 OR metrics.acc < 0", "tags.x = unquoted", "(a = 1)"]) {
      expect(() => parseFilter(bad), bad).toThrow(MlflowError);
    }
  });

  it("compares numbers as numbers and LIKE as SQL does", () => {
    expect(matchesClause(10, { entity: "metric", key: "a", op: ">", value: 9 })).toBe(true);
    expect(matchesClause("abc", { entity: "tag", key: "a", op: "LIKE", value: "a_c" })).toBe(true);
    expect(matchesClause("ABC", { entity: "tag", key: "a", op: "LIKE", value: "a%" })).toBe(false);
    expect(matchesClause("ABC", { entity: "tag", key: "a", op: "ILIKE", value: "a%" })).toBe(true);
    expect(matchesClause(undefined, { entity: "tag", key: "a", op: "=", value: "x" })).toBe(false);
  });
});
