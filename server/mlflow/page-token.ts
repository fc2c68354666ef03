import { invalidParameter } from "./errors";

/** Search pages: the token is the offset of the next page, opaque to the client. */
export function readPageToken(token: string | undefined | null): number {
  if (!token) return 0;
  try {
    const { offset } = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as { offset?: unknown };
    if (Number.isSafeInteger(offset) && (offset as number) >= 0) return offset as number;
  } catch {
    // fall through to the error below
  }
  throw invalidParameter(`Invalid page token '${token}'.`);
}

/** One page of `items` from `offset`, with the token of the next page when there is one. */
export function pageOf<T>(items: T[], offset: number, maxResults: number): { page: T[]; nextPageToken?: string } {
  const page = items.slice(offset, offset + maxResults);
  const next = offset + maxResults;
  return next < items.length ? { page, nextPageToken: Buffer.from(JSON.stringify({ offset: next })).toString("base64url") } : { page };
}
