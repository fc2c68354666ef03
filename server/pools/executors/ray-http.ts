import http from "node:http";
import https from "node:https";
import { SchedulerUnreachableError } from "./executor";

/** The most of one answer read into memory (`maxResponseBytes` sets another bound per request). */
export const DEFAULT_MAX_RESPONSE_BYTES = 32 * 1024 * 1024;

/** An answer longer than the request's `maxResponseBytes`: reading stopped there. */
export class RayResponseTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`the answer is longer than ${maxBytes} bytes; stopped reading it`);
    this.name = "RayResponseTooLargeError";
  }
}

/**
 * One HTTP request to a Ray dashboard, with node:http rather than fetch: Ray's
 * dashboard refuses POST, PUT and DELETE from anything that looks like a browser
 * (a `Sec-Fetch-*`, `Origin` or `Referer` header, a `Mozilla` user agent:
 * "405: 'POST' method not allowed for browser traffic"), and Node's fetch always sends
 * `Sec-Fetch-Mode: cors`. A request that gets no answer at all (refused, reset,
 * timed out) throws SchedulerUnreachableError.
 */
export function rayHttpRequest(
  url: string,
  opts: { method: string; headers: Record<string, string>; body?: Buffer | string; timeoutMs: number; maxResponseBytes?: number },
): Promise<{ status: number; text: string }> {
  const maxBytes = opts.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const body = opts.body === undefined ? undefined : Buffer.isBuffer(opts.body) ? opts.body : Buffer.from(opts.body, "utf8");
    const req = (u.protocol === "https:" ? https : http).request(
      u,
      {
        method: opts.method,
        headers: { "user-agent": "skillboard", accept: "application/json", ...opts.headers, ...(body ? { "content-length": String(body.length) } : {}) },
        timeout: opts.timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let received = 0;
        res.on("data", (c: Buffer) => {
          received += c.length;
          if (received > maxBytes) {
            // Nothing more is read: the connection is dropped (the promise is settled, later events change nothing).
            reject(new RayResponseTooLargeError(maxBytes));
            req.destroy();
            return;
          }
          chunks.push(c);
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8") }));
        res.on("error", (error) => reject(new SchedulerUnreachableError(`the answer broke off (${error.message})`)));
      },
    );
    req.on("timeout", () => req.destroy(new SchedulerUnreachableError(`no answer within ${opts.timeoutMs / 1000} s`)));
    req.on("error", (error: NodeJS.ErrnoException) => {
      reject(error instanceof SchedulerUnreachableError ? error : new SchedulerUnreachableError(`cannot connect (${error.code ?? error.message})`));
    });
    req.end(body);
  });
}
