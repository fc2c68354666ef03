import { z } from "zod";
import { errorResponse, json } from "../http/rest";
import { getAppContext } from "../context";
import { parseOrThrow } from "../validation";
import { createSession, deleteSession, readCookie, SESSION_COOKIE, SESSION_TTL_MS } from "./sessions";
import { safeNextPath } from "./safe-next";

const cookie = (token: string, maxAgeS: number) =>
  `${SESSION_COOKIE}=${encodeURIComponent(token)}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${maxAgeS}`;

/** POST /api/session {apiKey}: signs the browser in (sets the session cookie). */
export async function signIn(req: Request): Promise<Response> {
  try {
    const { apiKey } = parseOrThrow(z.object({ apiKey: z.string().min(1, "paste the admin API key") }), await req.json().catch(() => ({})));
    const { token } = createSession(getAppContext().db, apiKey.trim());
    const res = json({ signedIn: true });
    res.headers.set("set-cookie", cookie(token, SESSION_TTL_MS / 1000));
    return res;
  } catch (error) {
    return errorResponse(error);
  }
}

/** DELETE /api/session: signs out. */
export async function signOut(req: Request): Promise<Response> {
  deleteSession(getAppContext().db, readCookie(req.headers.get("cookie"), SESSION_COOKIE));
  const res = json({ signedIn: false });
  res.headers.set("set-cookie", cookie("", 0));
  return res;
}

/** GET /api/session/login?key=…&next=/: the sign-in link the server prints at start (like Jupyter's token URL). */
export async function signInWithLink(req: Request): Promise<Response> {
  const url = new URL(req.url);
  const next = safeNextPath(url.searchParams.get("next"));
  try {
    const { token } = createSession(getAppContext().db, url.searchParams.get("key") ?? "");
    return new Response(null, { status: 303, headers: { location: next, "set-cookie": cookie(token, SESSION_TTL_MS / 1000) } });
  } catch {
    return new Response(null, { status: 303, headers: { location: `/login?error=invalid&next=${encodeURIComponent(next)}` } });
  }
}
