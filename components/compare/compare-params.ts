import { formatValueMode, parseValueMode, type ValueMode } from "@/server/compare/pick-value";

/**
 * What the compare page shows, all in its URL so a comparison can be shared:
 * `/compare?runs=a,b,c` or `?group=…` (and `project=`), then the view:
 * `value=final|best|step:N`, `seeds=0` (one row per run), `baseline=<run id>`
 * (or `none`), `curves=runs` (every run its own line in the charts).
 */
export interface CompareParams {
  runs: string[];
  group: string;
  project: string;
  value: ValueMode;
  mergeSeeds: boolean;
  /** A run id (its row is the baseline), `none`, or "" for the automatic choice. */
  baseline: string;
  /** "" for the results (table, config diff, curves) or `tasks` for the task × run grid. */
  view: "" | "tasks";
  /** The charts draw every run as its own line, instead of a mean and band per configuration when lines are many. */
  allRuns: boolean;
}

export const NO_BASELINE = "none";

export function parseCompareParams(params: URLSearchParams): CompareParams {
  const runs = (params.getAll("runs").join(",") || "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  return {
    runs: [...new Set(runs)],
    group: params.get("group") ?? "",
    project: params.get("project") ?? "",
    value: parseValueMode(params.get("value")),
    mergeSeeds: params.get("seeds") !== "0",
    baseline: params.get("baseline") ?? "",
    view: params.get("view") === "tasks" ? "tasks" : "",
    allRuns: params.get("curves") === "runs",
  };
}

/** The query string, defaults left out; run ids keep their commas readable. */
export function serializeCompareParams(p: CompareParams): string {
  const parts: string[] = [];
  const enc = (s: string) => encodeURIComponent(s);
  if (p.runs.length) parts.push(`runs=${p.runs.map(enc).join(",")}`);
  if (p.group) parts.push(`group=${enc(p.group)}`);
  if (p.project) parts.push(`project=${enc(p.project)}`);
  if (p.value.kind !== "final") parts.push(`value=${enc(formatValueMode(p.value))}`);
  if (!p.mergeSeeds) parts.push("seeds=0");
  if (p.baseline) parts.push(`baseline=${enc(p.baseline)}`);
  if (p.view) parts.push(`view=${p.view}`);
  if (p.allRuns) parts.push("curves=runs");
  return parts.length ? `?${parts.join("&")}` : "";
}

/** The compare page's URL for some runs or a group. */
export function compareHref(target: { runs?: string[]; group?: string; project?: string }): string {
  return `/compare${serializeCompareParams({ runs: target.runs ?? [], group: target.group ?? "", project: target.project ?? "", value: { kind: "final" }, mergeSeeds: true, baseline: "", view: "", allRuns: false })}`;
}

/** A row label that reads like a starting point the others are measured against. */
export const looksLikeBaseline = (label: string) => /^(sft|base|baseline|reference|ref)(?:$|[-_\s.])/i.test(label);
