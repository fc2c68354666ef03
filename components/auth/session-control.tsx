"use client";

import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import { useState } from "react";
import { loginHref, useSession } from "./use-session";

/** The header's sign-in state: "Sign in" (to `/login`, back here after), "Signed in · Sign out", or "Signed in · read-only" for a viewer key. */
export function SessionControl() {
  const { signedIn, readOnly, known, signOut } = useSession();
  const pathname = usePathname();
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  if (!known) return <span className="w-16" aria-hidden />;
  if (!signedIn && !readOnly) {
    return (
      <Link
        href={pathname === "/login" ? "/login" : loginHref(pathname)}
        className="rounded-md border border-slate-300 px-2.5 py-1 text-sm font-medium text-slate-700 shadow-sm hover:bg-slate-50"
        data-testid="sign-in-link"
      >
        Sign in
      </Link>
    );
  }
  return (
    <span className="flex items-center gap-2 text-sm">
      <span className="inline-flex items-center gap-1.5 text-slate-500" data-testid="signed-in">
        <span className={`h-1.5 w-1.5 rounded-full ${readOnly ? "bg-slate-400" : "bg-emerald-500"}`} aria-hidden /> Signed in
        {readOnly && (
          <span title="Signed in with a viewer key: you can read everything but change nothing." data-testid="read-only">
            · read-only
          </span>
        )}
      </span>
      <button
        type="button"
        disabled={busy}
        onClick={async () => {
          setBusy(true);
          await signOut();
          setBusy(false);
          router.refresh();
        }}
        className="rounded-md px-2 py-1 text-slate-600 hover:bg-slate-100 hover:text-slate-900 disabled:opacity-50"
        data-testid="sign-out"
      >
        Sign out
      </button>
    </span>
  );
}
