import { z } from "zod";
import { AppError, BadRequestError, ForbiddenError, PayloadTooLargeError } from "../errors";
import { errorResponse, json } from "../http/rest";
import { readBodyText } from "../http/body-limit";
import { clientAddress } from "../http/client-address";
import { getAppContext } from "../context";
import { recordAudit } from "../audit/record";
import { apiKeyTarget } from "../audit/targets";
import { parseOrThrow } from "../validation";
import { crossSiteRefusal } from "./cross-site";
import { redeemSignInLink, SignInLinkError } from "./sign-in-links";
import { signInFailures } from "./sign-in-limiter";
import { createSession, createSessionForKey, deleteSession, readCookie, SESSION_COOKIE, SESSION_TTL_MS } from "./sessions";
import { safeNextPath } from "./safe-next";

/** A sign-in body is a key or a link token: anything longer is not one, and is not read past this. */
export const SIGN_IN_BODY_LIMIT = 4096;

/**
 * `Secure` when the browser reached the server over HTTPS, itself or through a
 * proxy that says so: the cookie then never travels in clear text.
 */
function sessionCookie(req: Request, token: string, maxAgeS: number): string {
  const https = new URL(req.url).protocol === "https:" || req.headers.get("x-forwarded-proto")?.split(",")[0].trim().toLowerCase() === "https";
  return `${SESSION_COOKIE}=${encodeURIComponent(token)}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${maxAgeS}${https ? "; Secure" : ""}`;
}

const signInBody = z
  .object({
    apiKey: z.string().max(1000).optional(),
    /** The token of a sign-in link (the /login page's "Continue" for a link opened from another site). */
    link: z.string().max(200).optional(),
  })
  .refine((b) => Boolean(b.apiKey?.trim()) !== Boolean(b.link), { message: "send {\"apiKey\": \"…\"} (paste the admin API key) or {\"link\": \"…\"}" });

async function readSignInBody(req: Request): Promise<z.output<typeof signInBody>> {
  let text: string;
  try {
    text = await readBodyText(req, SIGN_IN_BODY_LIMIT, "json");
  } catch (error) {
    if (error instanceof PayloadTooLargeError) throw new PayloadTooLargeError(`sign-in body: larger than ${SIGN_IN_BODY_LIMIT} bytes; send only {"apiKey": "…"}.`);
    throw error;
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new BadRequestError("body: not valid JSON; send {\"apiKey\": \"…\"}.");
  }
  return parseOrThrow(signInBody, body);
}

function tooManyFailures(waitMs: number): { seconds: number; message: string } {
  const seconds = Math.max(1, Math.ceil(waitMs / 1000));
  return {
    seconds,
    message: `Too many failed sign-ins from this address (${signInFailures.limit} within a minute). Try again in ${seconds} s.`,
  };
}

/** Signs in; a refused key or link counts against the client's failures. */
function startSession(client: string, credential: { apiKey?: string; link?: string }) {
  const db = getAppContext().db;
  try {
    if (credential.apiKey) return createSession(db, credential.apiKey.trim());
    const { apiKeyId } = redeemSignInLink(db, credential.link!);
    const session = createSessionForKey(db, apiKeyId);
    recordAudit(db, session.principal, "sign_in_link.use", apiKeyTarget(apiKeyId), { client });
    return session;
  } catch (error) {
    if (error instanceof AppError && (error.status === 401 || error.status === 403)) signInFailures.recordFailure(client);
    throw error;
  }
}

/**
 * POST /api/session {apiKey} or {link}: signs the browser in (sets the session cookie).
 * Refused before the body is read when another site sent it (403) or the client failed too often (429).
 */
export async function signIn(req: Request): Promise<Response> {
  try {
    const crossSite = crossSiteRefusal(req.headers);
    if (crossSite) throw new ForbiddenError(`Sign-in ${crossSite.charAt(0).toLowerCase()}${crossSite.slice(1)}`);
    const client = clientAddress(req);
    const wait = signInFailures.retryAfterMs(client);
    if (wait > 0) {
      const { seconds, message } = tooManyFailures(wait);
      const res = json({ error: { code: "too_many_requests", message } }, 429);
      res.headers.set("retry-after", String(seconds));
      return res;
    }
    const { token } = startSession(client, await readSignInBody(req));
    const res = json({ signedIn: true });
    res.headers.set("set-cookie", sessionCookie(req, token, SESSION_TTL_MS / 1000));
    return res;
  } catch (error) {
    return errorResponse(error);
  }
}

/** DELETE /api/session: signs out. */
export async function signOut(req: Request): Promise<Response> {
  deleteSession(getAppContext().db, readCookie(req.headers.get("cookie"), SESSION_COOKIE));
  const res = json({ signedIn: false });
  res.headers.set("set-cookie", sessionCookie(req, "", 0));
  return res;
}

const seeOther = (location: string, headers: Record<string, string> = {}) =>
  new Response(null, { status: 303, headers: { location, "cache-control": "no-store", "referrer-policy": "no-referrer", ...headers } });

const loginPage = (params: Record<string, string>) => `/login?${new URLSearchParams(params)}`;

/**
 * GET /api/session/login?token=…&next=/: the single-use link `up` prints. Opened
 * from the terminal or the address bar it signs in and goes on to `next`; opened
 * from another site (a page could embed someone else's link: login CSRF) it
 * only leads to /login, which asks before spending it. A used, expired or
 * unknown link goes to /login, which says which. Keys are never taken from a URL.
 */
export async function signInWithLink(req: Request): Promise<Response> {
  const url = new URL(req.url);
  const next = safeNextPath(url.searchParams.get("next"));
  const token = url.searchParams.get("token");
  if (url.searchParams.has("key") || !token) return seeOther(loginPage({ error: url.searchParams.has("key") ? "key_in_url" : "link_invalid", next }));
  if (crossSiteRefusal(req.headers) || req.headers.get("sec-fetch-site") === "same-site") return seeOther(loginPage({ link: token, next }));
  const client = clientAddress(req);
  const wait = signInFailures.retryAfterMs(client);
  if (wait > 0) {
    const { seconds, message } = tooManyFailures(wait);
    return new Response(`<!doctype html><title>Sign-in refused</title><p>${message}</p><p><a href="/login">Sign in</a></p>`, {
      status: 429,
      headers: { "content-type": "text/html; charset=utf-8", "retry-after": String(seconds), "cache-control": "no-store" },
    });
  }
  try {
    const { token: session } = startSession(client, { link: token });
    return seeOther(next, { "set-cookie": sessionCookie(req, session, SESSION_TTL_MS / 1000) });
  } catch (error) {
    const reason = error instanceof SignInLinkError ? error.reason : "key_refused";
    if (!(error instanceof AppError)) console.error(error);
    return seeOther(loginPage({ error: `link_${reason}`, next }));
  }
}
