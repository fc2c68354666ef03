/**
 * The "require sign-in" mode (`--require-sign-in`, SKILLBOARD_REQUIRE_SIGN_IN=1):
 * which requests the custom server hands to Next.js without a session. REST v1
 * and the session routes never get here: the route table answers them first and
 * they authenticate themselves.
 */

/** Paths open without a session: the sign-in page and what it needs to render. */
const OPEN_PATHS = ["/login", "/icon.svg", "/favicon.ico"];
const OPEN_PREFIXES = ["/_next/"];

/**
 * Set by `bin/skillboard server` in its own process: it gates requests before Next.js
 * sees them, so the Next.js proxy (proxy.ts, for plain `next start`) leaves them alone.
 */
export const CUSTOM_SERVER_ENV = "SKILLBOARD_CUSTOM_SERVER";

/**
 * Whether the gate looks at a path at all: REST v1, the session routes and the MLflow
 * and rllm doors authenticate each request themselves (keys); tRPC and pages do not.
 */
export function signInGateApplies(pathname: string): boolean {
  if (pathname === "/api/trpc" || pathname.startsWith("/api/trpc/")) return true;
  return pathname !== "/api" && !pathname.startsWith("/api/");
}

export type SignInGateDecision = { kind: "pass" } | { kind: "redirect"; location: string } | { kind: "unauthorized"; message: string };

export const SIGN_IN_REQUIRED_MESSAGE = "Sign in to the dashboard (this server requires it), or call REST v1 with 'Authorization: Bearer <key>'.";

/**
 * `pathname` and `search` (with its "?", or "") of the request; `signedIn`: a valid admin or viewer session.
 * `rsc`: a Next.js client-side navigation or prefetch (the `RSC: 1` header). It gets a 401, not a redirect:
 * the router then loads the page itself (which redirects), and never caches the login page under another URL.
 */
export function signInGate(pathname: string, search: string, signedIn: boolean, opts: { rsc?: boolean } = {}): SignInGateDecision {
  if (signedIn || OPEN_PATHS.includes(pathname) || OPEN_PREFIXES.some((p) => pathname.startsWith(p))) return { kind: "pass" };
  if (opts.rsc || pathname === "/api" || pathname.startsWith("/api/")) return { kind: "unauthorized", message: SIGN_IN_REQUIRED_MESSAGE };
  return { kind: "redirect", location: `/login?next=${encodeURIComponent(pathname + search)}` };
}
