import { isObject } from "./json-values";

/** Verdicts of a SWE-bench evaluation: instance id → resolved, plus what could not be read as one. */
export interface SweBenchVerdicts {
  resolved: Map<string, boolean>;
  /** Instances the harness could not evaluate (`error_ids`): left as they are. */
  errors: string[];
}

const stringList = (v: unknown): string[] | null => (Array.isArray(v) && v.every((x) => typeof x === "string") ? (v as string[]) : null);

/**
 * A SWE-bench evaluation report, if the text is one:
 * - the harness's run summary (`resolved_ids`, `unresolved_ids`, `empty_patch_ids`, `error_ids`, …);
 * - a per-instance report, `{instance_id: {resolved: bool, …}}` (the harness's `report.json`, or many merged).
 * An empty patch counts as not resolved; an evaluation error gives no verdict.
 */
export function readSweBenchReport(text: string): SweBenchVerdicts | null {
  const trimmed = text.trimStart();
  if (!trimmed.startsWith("{")) return null;
  let doc: unknown;
  try {
    doc = JSON.parse(trimmed);
  } catch {
    return null;
  }
  if (!isObject(doc)) return null;
  const resolvedIds = stringList(doc.resolved_ids);
  const unresolvedIds = stringList(doc.unresolved_ids);
  if (resolvedIds && unresolvedIds) {
    const resolved = new Map<string, boolean>();
    for (const id of [...unresolvedIds, ...(stringList(doc.empty_patch_ids) ?? [])]) resolved.set(id, false);
    for (const id of resolvedIds) resolved.set(id, true);
    return { resolved, errors: stringList(doc.error_ids) ?? [] };
  }
  const entries = Object.entries(doc);
  if (!entries.length || !entries.every(([, v]) => isObject(v) && typeof v.resolved === "boolean")) return null;
  return { resolved: new Map(entries.map(([id, v]) => [id, (v as { resolved: boolean }).resolved])), errors: [] };
}
