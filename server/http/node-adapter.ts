import type { IncomingMessage, ServerResponse } from "node:http";
import { requestBodyStream } from "./node-body-stream";
import { rememberPeerAddress } from "./client-address";
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
      body: hasBody ? requestBodyStream(req) : undefined,
      duplex: "half",
    } as RequestInit);
    rememberPeerAddress(request, req.socket.remoteAddress);
    response = await match.handler(request, { params: Promise.resolve(match.params) });
  }
  res.statusCode = response.status;
  response.headers.forEach((v, k) => res.setHeader(k, v));
  // A body the handler did not read to its end (refused, e.g. 413 or 401) is never read:
  // the connection closes once the answer is out.
  if (!req.complete) res.setHeader("connection", "close");
  res.end(Buffer.from(await response.arrayBuffer()));
  return true;
}
