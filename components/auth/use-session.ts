"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback } from "react";
import { useTRPC } from "@/components/providers/trpc";

/**
 * Whether this browser is signed in with an admin key (`signedIn`: launching, canceling and editing need it),
 * or read-only with a viewer key (`readOnly`), and sign-in / sign-out.
 */
export function useSession() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const me = useQuery(trpc.auth.me.queryOptions(undefined, { staleTime: 30_000 }));

  /**
   * Every query may answer differently once signed in or out. Queries still in flight were sent
   * without the new cookie: cancel them first, since invalidating a query that has no data yet
   * would wait for that old answer instead of asking again (a slow first `me` said "signed out").
   */
  const refresh = useCallback(async () => {
    await queryClient.cancelQueries();
    await queryClient.invalidateQueries();
  }, [queryClient]);

  const signIn = useCallback(
    async (credential: { apiKey: string } | { link: string }): Promise<{ ok: true } | { ok: false; message: string }> => {
      const res = await fetch("/api/session", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(credential) });
      if (!res.ok) {
        const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
        return { ok: false, message: body?.error?.message ?? `Sign-in failed (HTTP ${res.status}).` };
      }
      await refresh();
      return { ok: true };
    },
    [refresh],
  );

  const signOut = useCallback(async () => {
    await fetch("/api/session", { method: "DELETE" });
    await refresh();
  }, [refresh]);

  return { signedIn: me.data?.signedIn ?? false, readOnly: me.data?.role === "viewer", known: me.isSuccess, signIn, signOut };
}

/** `/login?next=<here>`, for links that send the reader to sign in and back. */
export const loginHref = (next: string) => `/login?next=${encodeURIComponent(next)}`;

/** A `next` target that stays on this site. */
export { safeNextPath as safeNext } from "@/server/auth/safe-next";
