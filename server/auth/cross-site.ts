/**
 * Whether a browser sent this request from another site (login CSRF, or a
 * cross-site form posting to tRPC with the victim's cookie). Browsers say so in
 * `Sec-Fetch-Site` and `Origin`; a request with neither is not from a browser
 * page (curl, the SDKs), which cannot carry a victim's cookie, and passes.
 * Returns the refusal message, or null when the request is same-origin.
 */
export function crossSiteRefusal(headers: Headers): string | null {
  const site = headers.get("sec-fetch-site");
  const origin = headers.get("origin");
  const hosts = [headers.get("host"), ...(headers.get("x-forwarded-host")?.split(",") ?? [])].map((h) => h?.trim().toLowerCase()).filter(Boolean);
  if (site === "cross-site") return `Refused: this request came from another site${origin ? ` (${origin})` : ""}. Use this server's own pages.`;
  if (origin == null) return null;
  let originHost: string | null = null;
  try {
    originHost = origin === "null" ? null : new URL(origin).host.toLowerCase();
  } catch {
    originHost = null;
  }
  if (originHost && (hosts.length === 0 || hosts.includes(originHost))) return null;
  return `Refused: this request came from ${origin === "null" ? "an opaque origin" : origin}, not from this server (${hosts[0] ?? "unknown host"}). Use this server's own pages.`;
}
