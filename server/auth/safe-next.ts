/**
 * Where to go after signing in: a path on this site, else `/`. `//host` and `/\host`
 * are other sites to a browser (an open redirect), so they are refused, as are
 * control characters (browsers drop tabs and newlines from URLs).
 */
export function safeNextPath(next: string | null | undefined): string {
  if (!next || !next.startsWith("/")) return "/";
  if (next.startsWith("//") || next.startsWith("/\\")) return "/";
  if (/[\u0000-\u001f\u007f]/.test(next)) return "/";
  return next;
}
