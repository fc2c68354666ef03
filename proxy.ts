import { NextResponse, type NextRequest } from "next/server";
import { resolveSession, SESSION_COOKIE } from "@/server/auth/sessions";
import { CUSTOM_SERVER_ENV, signInGate, signInGateApplies } from "@/server/auth/sign-in-gate";
import { getAppContext } from "@/server/context";

/**
 * The "require sign-in" gate (SKILLBOARD_REQUIRE_SIGN_IN=1) under plain `next start` / `next dev`.
 * `bin/skillboard server` gates requests itself before Next.js sees them (its own flags,
 * not only the environment, set the mode) and marks the process, so nothing is checked twice.
 * Next.js 16 runs the proxy on the Node.js runtime: it reads the session from SQLite directly.
 */
export function proxy(req: NextRequest) {
  if (process.env[CUSTOM_SERVER_ENV] === "1") return NextResponse.next();
  const { pathname, search } = req.nextUrl;
  if (!signInGateApplies(pathname)) return NextResponse.next();
  const app = getAppContext();
  if (!app.config.requireSignIn) return NextResponse.next();
  const role = resolveSession(app.db, req.cookies.get(SESSION_COOKIE)?.value)?.role;
  // The RSC header reaches the proxy because next.config.ts sets skipProxyUrlNormalize.
  const gate = signInGate(pathname, search, role === "admin" || role === "viewer", { rsc: req.headers.get("rsc") === "1" });
  if (gate.kind === "redirect") {
    // Next.js wants an absolute Location from a proxy (and makes it relative again when it is its own origin):
    // the origin is the one the client asked, not Next's idea of its own host.
    const proto = req.headers.get("x-forwarded-proto")?.includes("https") ? "https:" : "http:";
    const res = NextResponse.redirect(new URL(gate.location, `${proto}//${req.headers.get("host") ?? req.nextUrl.host}`), 302);
    res.headers.set("cache-control", "no-store");
    return res;
  }
  if (gate.kind === "unauthorized") {
    return NextResponse.json({ error: { code: "unauthorized", message: gate.message } }, { status: 401, headers: { "cache-control": "no-store" } });
  }
  return NextResponse.next();
}

export const config = {
  // Pages and tRPC only. REST and the other /api doors authenticate by key, and must not pass through a
  // proxy at all: Next.js buffers the body of a request its proxy sees and cuts it at 10 MB
  // (proxyClientMaxBodySize), which would truncate trajectory batches, imports and artifacts.
  // Build output and images never need a session.
  matcher: ["/((?!_next/static|_next/image|api/(?!trpc)).*)"],
};
