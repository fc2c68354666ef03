import type { TestServer } from "../../testing/test-server";

/** A new run in the default project (its skills are the five atomic skills). */
export async function newRun(s: TestServer, name = "imports"): Promise<string> {
  const r = await s.api("/api/v1/runs", { body: { name } });
  if (r.status !== 201) throw new Error(`could not create a run: ${JSON.stringify(r.body)}`);
  return r.body.id as string;
}

/** POSTs raw bytes to the import route, as `bin/skillboard import` and `watch` do. */
export async function uploadBytes(s: TestServer, runId: string, body: Uint8Array | string, query: Record<string, string | number> = {}) {
  const qs = new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)])).toString();
  const res = await fetch(`${s.url}/api/v1/runs/${runId}/import${qs ? `?${qs}` : ""}`, {
    method: "POST",
    headers: { authorization: `Bearer ${s.apiKey}`, "content-type": "application/octet-stream" },
    body: body as BodyInit,
  });
  return { status: res.status, body: (await res.json()) as any };
}

/** Every trajectory index row of a run, in id order. */
export async function allTrajectories(s: TestServer, runId: string): Promise<any[]> {
  const out: any[] = [];
  let cursor: string | null = null;
  do {
    const r: { body: any } = await s.api(`/api/v1/runs/${runId}/trajectories?limit=1000${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
    out.push(...r.body.trajectories);
    cursor = r.body.nextCursor;
  } while (cursor);
  return out;
}
