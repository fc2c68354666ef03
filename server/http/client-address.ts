import { isIP } from "node:net";

const ADDRESSES_KEY = "__skillboardClientAddresses";
/**
 * The TCP peer of each Request the custom server builds (a Request has no socket).
 * On globalThis because the custom server and Next's bundled route handlers load this module separately.
 */
const peerAddresses: WeakMap<Request, string> = ((globalThis as { [ADDRESSES_KEY]?: WeakMap<Request, string> })[ADDRESSES_KEY] ??= new WeakMap());

export function rememberPeerAddress(req: Request, address: string | undefined): void {
  if (address) peerAddresses.set(req, address);
}

const isLoopback = (address: string) => address === "::1" || address.startsWith("127.") || address.startsWith("::ffff:127.");

/**
 * Who sent a request, for per-client limits: the TCP peer; when that peer is a
 * reverse proxy on this host (loopback) and says who it forwards for, the
 * address it appended last to `X-Forwarded-For` (the one a client cannot forge).
 * Under plain `next start` there is no peer to read, and the forwarded address
 * (or "unknown") is all there is.
 */
export function clientAddress(req: Request): string {
  const peer = peerAddresses.get(req);
  const forwarded = req.headers.get("x-forwarded-for")?.split(",").map((s) => s.trim()).filter((s) => isIP(s)).at(-1);
  if (peer && !isLoopback(peer)) return peer;
  return forwarded ?? peer ?? "unknown";
}
