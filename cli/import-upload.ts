import { SkillboardHttpError, SkillboardNetworkError } from "@/sdk/ts/src/client";

/** What `POST /api/v1/runs/{id}/import` answers. */
export interface ImportAnswer {
  format: string;
  formatName: string;
  imported: number;
  alreadyImported: number;
  metricsImported?: number;
  metricsAlreadyImported?: number;
  skipped?: { line?: number; offset?: number; row?: number; reason: string }[];
  warnings: string[];
  /** A SWE-bench evaluation report: unknown outcomes it settled. */
  verdicts?: { updated: number; matchedTasks: number; unmatchedTasks: number; errors: number };
}

export interface ImportUpload {
  url: string;
  apiKey?: string;
  runId: string;
  body: Uint8Array;
  /** fileName, skill, step, format, offset, line. */
  query: Record<string, string | number | undefined>;
  timeoutMs: number;
}

/**
 * Posts a file's raw bytes (or a watched file's appended bytes) to the import
 * route. Throws `SkillboardHttpError` with the server's message, or
 * `SkillboardNetworkError` when no answer came, so callers can tell a refusal
 * from an outage the way the SDKs do.
 */
export async function postImport(u: ImportUpload): Promise<ImportAnswer> {
  const url = new URL(`${u.url.replace(/\/+$/, "")}/api/v1/runs/${encodeURIComponent(u.runId)}/import`);
  for (const [k, v] of Object.entries(u.query)) if (v !== undefined && v !== "") url.searchParams.set(k, String(v));
  const headers: Record<string, string> = { "content-type": "application/octet-stream" };
  if (u.apiKey) headers.authorization = `Bearer ${u.apiKey}`;
  let res: Response;
  let text: string;
  try {
    // Node accepts any Uint8Array as a body; the DOM typings only name ArrayBuffer-backed ones.
    res = await fetch(url, { method: "POST", headers, body: u.body as Uint8Array<ArrayBuffer>, signal: AbortSignal.timeout(u.timeoutMs) });
    text = await res.text();
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause;
    const why = (error as Error).name === "TimeoutError" ? `no answer within ${u.timeoutMs} ms` : (cause?.code ?? (error as Error).message);
    throw new SkillboardNetworkError(`cannot reach ${u.url} (${why})`, { cause: error });
  }
  let body: any = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    // reported below
  }
  if (!res.ok || body === null) {
    throw new SkillboardHttpError(res.status, body?.error?.code ?? `http_${res.status}`, body?.error?.message ?? `HTTP ${res.status}${text ? `: ${text.slice(0, 200)}` : ""}`);
  }
  return body as ImportAnswer;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** "3 trajectories imported, 2 already imported before; 120 metric points imported". */
export function describeImportAnswer(r: ImportAnswer): string {
  const parts: string[] = [];
  if (r.verdicts) return `${r.formatName}, ${plural(r.verdicts.updated, "trajectory", "trajectories")} of unknown outcome settled (${plural(r.verdicts.matchedTasks, "task", "tasks")})`;
  const metrics = (r.metricsImported ?? 0) + (r.metricsAlreadyImported ?? 0);
  if (r.format !== "tensorboard" || r.imported + r.alreadyImported > 0) {
    parts.push(`${plural(r.imported, "trajectory", "trajectories")} imported${r.alreadyImported ? `, ${r.alreadyImported} already imported before` : ""}`);
  }
  if (r.format === "tensorboard" || metrics > 0) {
    parts.push(`${plural(r.metricsImported ?? 0, "metric point", "metric points")} imported${r.metricsAlreadyImported ? `, ${r.metricsAlreadyImported} already imported before` : ""}`);
  }
  return `${r.formatName}, ${parts.join("; ")}`;
}
