import http from "node:http";
import superjson from "superjson";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as trpcPost } from "@/app/api/trpc/[trpc]/route";
import { startTestServer, type TestServer } from "../testing/test-server";
import { resolveSession } from "./sessions";
import { createSignInLink, signInLinkLine, SIGN_IN_LINK_TTL_MS } from "./sign-in-links";

/**
 * Signing a browser in over real HTTP: single-use links that never carry a key,
 * no key in a URL, cross-site sign-ins and tRPC mutations refused, failures
 * rate-limited per client, the body capped at 4 KB, Secure cookies over HTTPS.
 * Each test that fails sign-ins on purpose speaks for its own client through
 * X-Forwarded-For (honoured from a loopback peer, as from a local proxy).
 */
let s: TestServer;
let adminKeyId: number;
let clientSeq = 0;
const newClient = () => `203.0.113.${++clientSeq}`;

beforeAll(async () => {
  s = await startTestServer();
  adminKeyId = (await s.api("/api/v1/api-keys")).body.keys[0].id;
});
afterAll(() => s.close());

const get = (pathname: string, headers: Record<string, string> = {}) => fetch(`${s.url}${pathname}`, { redirect: "manual", headers });
const post = (body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${s.url}/api/session`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: typeof body === "string" ? body : JSON.stringify(body) });
const linkPath = (url: string) => url.slice(s.url.length);
const cookieOf = (res: Response) => res.headers.get("set-cookie")?.split(";")[0] ?? null;
/** The key a session cookie stands for, as every door resolves it. */
const sessionKey = (cookie: string) => resolveSession(s.app.db, decodeURIComponent(cookie.split("=")[1]))?.keyId;

describe("sign-in links", () => {
  it("the start line holds a link with a token and no key; it signs in once, then says it was used", async () => {
    const line = signInLinkLine(s.app.db, s.apiKey, s.url, "skillboard up");
    expect(line).not.toContain(s.apiKey);
    const url = line.match(/(http:\/\/\S+)$/)![1];
    expect(url).toMatch(/\/api\/session\/login\?token=[A-Za-z0-9_-]{43}$/);

    const first = await get(`${linkPath(url)}&next=%2Fruns%2Fabc`);
    expect(first.status).toBe(303);
    expect(first.headers.get("location")).toBe("/runs/abc");
    const cookie = cookieOf(first)!;
    expect(sessionKey(cookie)).toBe(adminKeyId);
    expect(first.headers.get("set-cookie")).toMatch(/; HttpOnly; SameSite=Lax; Max-Age=\d+$/);
    const audit = (await s.api("/api/v1/audit?limit=2")).body.entries;
    expect(audit.map((e: any) => [e.action, e.actor.name, e.target])).toEqual([
      ["sign_in_link.use", "bootstrap (SKILLBOARD_API_KEY)", `api_key:${adminKeyId}`],
      ["sign_in_link.create", "skillboard up", `api_key:${adminKeyId}`],
    ]);

    const again = await get(linkPath(url));
    expect(again.status).toBe(303);
    expect(again.headers.get("location")).toBe("/login?error=link_used&next=%2F");
    expect(cookieOf(again)).toBeNull();
  });

  it("an expired or unknown link signs nobody in and says why", async () => {
    const expired = createSignInLink(s.app.db, adminKeyId, s.url, Date.now() - SIGN_IN_LINK_TTL_MS - 1000);
    const res = await get(linkPath(expired.url), { "x-forwarded-for": newClient() });
    expect(res.headers.get("location")).toBe("/login?error=link_expired&next=%2F");
    expect(cookieOf(res)).toBeNull();
    const unknown = await get("/api/session/login?token=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", { "x-forwarded-for": newClient() });
    expect(unknown.headers.get("location")).toBe("/login?error=link_invalid&next=%2F");
  });

  it("a key in the URL never signs in", async () => {
    const res = await get(`/api/session/login?key=${encodeURIComponent(s.apiKey)}&next=/launch`);
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/login?error=key_in_url&next=%2Flaunch");
    expect(cookieOf(res)).toBeNull();
  });

  it("opened from another site, a link only leads to /login; the page's confirmation (a same-origin POST) spends it", async () => {
    const { url } = createSignInLink(s.app.db, adminKeyId, s.url);
    const token = new URL(url).searchParams.get("token")!;
    const planted = await get(linkPath(url), { "sec-fetch-site": "cross-site" });
    expect(planted.headers.get("location")).toBe(`/login?link=${token}&next=%2F`);
    expect(cookieOf(planted)).toBeNull();

    const confirmed = await post({ link: token }, { origin: s.url, "sec-fetch-site": "same-origin" });
    expect(confirmed.status).toBe(200);
    expect(sessionKey(cookieOf(confirmed)!)).toBe(adminKeyId);
    const reused = await post({ link: token }, { origin: s.url, "x-forwarded-for": newClient() });
    expect(reused.status).toBe(401);
    expect(((await reused.json()) as any).error.message).toMatch(/^This sign-in link was already used/);
  });

  it("a link whose key was revoked since signs nobody in", async () => {
    const other = (await s.api("/api/v1/api-keys", { body: { name: "second-admin", role: "admin" } })).body;
    const { url } = createSignInLink(s.app.db, other.id, s.url);
    await s.api(`/api/v1/api-keys/${other.id}`, { method: "DELETE" });
    const res = await get(linkPath(url), { "x-forwarded-for": newClient() });
    expect(res.headers.get("location")).toBe("/login?error=link_key_refused&next=%2F");
    expect(cookieOf(res)).toBeNull();
    expect(signInLinkLine(s.app.db, other.key, s.url, "skillboard up")).toMatch(/^No sign-in link: /);
  });
});

describe("POST /api/session", () => {
  it("refuses a sign-in another site sent (Sec-Fetch-Site or a foreign Origin) with 403, and takes this site's own", async () => {
    for (const headers of [{ "sec-fetch-site": "cross-site", origin: "https://evil.example" }, { origin: "https://evil.example" }, { origin: "null" }] as Record<string, string>[]) {
      const res = await post({ apiKey: s.apiKey }, headers);
      expect(res.status).toBe(403);
      expect(((await res.json()) as any).error.message).toMatch(/^Sign-in refused: this request came from /);
      expect(cookieOf(res)).toBeNull();
    }
    const own = await post({ apiKey: s.apiKey }, { origin: s.url, "sec-fetch-site": "same-origin" });
    expect(own.status).toBe(200);
    expect((await post({ apiKey: s.apiKey })).status).toBe(200); // curl and scripts send no Origin
  });

  it("after 10 failures in a minute a client gets 429 with Retry-After, its right key included; other clients sign in", async () => {
    const client = newClient();
    for (let i = 0; i < 10; i++) expect((await post({ apiKey: `wrong-${i}` }, { "x-forwarded-for": client })).status).toBe(401);
    const limited = await post({ apiKey: s.apiKey }, { "x-forwarded-for": client });
    expect(limited.status).toBe(429);
    const retryAfter = Number(limited.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(((await limited.json()) as any).error).toEqual({
      code: "too_many_requests",
      message: `Too many failed sign-ins from this address (10 within a minute). Try again in ${retryAfter} s.`,
    });
    const link = await get(linkPath(createSignInLink(s.app.db, adminKeyId, s.url).url), { "x-forwarded-for": client });
    expect(link.status).toBe(429);
    expect(link.headers.get("retry-after")).toBeTruthy();
    expect((await post({ apiKey: s.apiKey }, { "x-forwarded-for": newClient() })).status).toBe(200);
  });

  it("caps the body at 4 KB: 413 by Content-Length, and for a chunked body before the client finished sending", async () => {
    const big = JSON.stringify({ apiKey: "x".repeat(5000) });
    const declared = await post(big);
    expect(declared.status).toBe(413);
    expect(((await declared.json()) as any).error.message).toBe('sign-in body: larger than 4096 bytes; send only {"apiKey": "…"}.');

    // A chunked upload that never ends: the answer comes after the first 4 KB, the rest is never read.
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = http.request(`${s.url}/api/session`, { method: "POST", headers: { "content-type": "application/json", "transfer-encoding": "chunked" } }, (res) => {
        let body = "";
        res.on("data", (d) => (body += d));
        res.on("end", () => resolve({ status: res.statusCode!, body }));
      });
      req.on("error", reject);
      req.write(`{"apiKey": "${"y".repeat(8192)}`);
      // No req.end(): the client would go on sending.
    });
    expect(answer.status).toBe(413);
  });

  it("answers malformed bodies with 400 saying what to send", async () => {
    const notJson = await post("apiKey=x");
    expect(notJson.status).toBe(400);
    expect(((await notJson.json()) as any).error.message).toBe('body: not valid JSON; send {"apiKey": "…"}.');
    const empty = await post({});
    expect(((await empty.json()) as any).error.message).toMatch(/^body: send \{"apiKey": "…"\}/);
  });

  it("marks the session cookie Secure behind X-Forwarded-Proto: https, and not over plain HTTP", async () => {
    const https = await post({ apiKey: s.apiKey }, { "x-forwarded-proto": "https" });
    expect(https.headers.get("set-cookie")).toMatch(/; Secure$/);
    const plain = await post({ apiKey: s.apiKey });
    expect(plain.headers.get("set-cookie")).not.toMatch(/Secure/);
    const { url } = createSignInLink(s.app.db, adminKeyId, s.url);
    expect((await get(linkPath(url), { "x-forwarded-proto": "https" })).headers.get("set-cookie")).toMatch(/; Secure$/);
    const signOut = await fetch(`${s.url}/api/session`, { method: "DELETE", headers: { "x-forwarded-proto": "https" } });
    expect(signOut.headers.get("set-cookie")).toMatch(/Max-Age=0; Secure$/);
  });
});

describe("tRPC mutations", () => {
  const mutate = async (headers: Record<string, string>) => {
    const signIn = await post({ apiKey: s.apiKey });
    const run = (await s.api("/api/v1/runs", { body: { name: "trpc-origin" } })).body;
    const url = new URL("/api/trpc/runs.update", s.url);
    const res = await trpcPost(
      new Request(url, {
        method: "POST",
        headers: { "content-type": "application/json", cookie: cookieOf(signIn)!, host: url.host, ...headers },
        body: JSON.stringify(superjson.serialize({ id: run.id, name: "changed" })),
      }),
    );
    return { res, body: (await res.json()) as any, name: (await s.api(`/api/v1/runs/${run.id}`)).body.name };
  };

  it("refuses a cross-site POST with 403 and changes nothing", async () => {
    for (const headers of [{ origin: "https://evil.example" }, { "sec-fetch-site": "cross-site" }] as Record<string, string>[]) {
      const { res, body, name } = await mutate(headers);
      expect(res.status).toBe(403);
      expect(body.error.json.message).toMatch(/^Refused: this request came from /);
      expect(name).toBe("trpc-origin");
    }
  });

  it("takes the dashboard's own same-origin POST", async () => {
    const { res, name } = await mutate({ origin: s.url, "sec-fetch-site": "same-origin" });
    expect(res.status).toBe(200);
    expect(name).toBe("changed");
  });
});
