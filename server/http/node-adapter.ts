import type { IncomingMessage, ServerResponse } from "node:http";
import { Readable } from "node:stream";
import { json } from "./rest";
import { matchRestRoute } from "./rest-routes";

/** Serves a REST v1 request from the route table; returns false when the path is not a REST route. */
export async function serveRestRequest(req: IncomingMessage, res: ServerResponse, origin: string): Promise<boolean> {
  const url = new URL(req.url ?? "/", origin);
  const match = matchRestRoute(req.method ?? "GET", url.pathname);
  if (match === null) return false;
  let response: Response;
  if (match === "method-not-allowed") {
    response = json({ error: { code: "method_not_allowed", message: `${req.method} is not allowed on ${url.pathname}.` } }, 405);
  } else {
    const hasBody = req.method !== "GET" && req.method !== "HEAD";
    // Aborts when the client goes away before the answer is written (a long poll must not lease to nobody).
    const disconnected = new AbortController();
    res.on("close", () => {
      if (!res.writableFinished) disconnected.abort();
    });
    const request = new Request(url, {
      signal: disconnected.signal,
      method: req.method,
      headers: req.headers as Record<string, string>,
      body: hasBody ? (Readable.toWeb(req) as ReadableStream) : undefined,
      duplex: "half",
    } as RequestInit);
    response = await match.handler(request, { params: Promise.resolve(match.params) });
  }
  res.statusCode = response.status;
  response.headers.forEach((v, k) => res.setHeader(k, v));
  res.end(Buffer.from(await response.arrayBuffer()));
  return true;
}
